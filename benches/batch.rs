//! Filtering the 10,000 chats of the standard workspace for one teammate (Bea): the ids of
//! the chats she may view, by `Workspace::chats_for`, by one `Workspace::authorize` per chat
//! id, by chatgate's pure decision per chat, and by the hand-written reference per chat.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]
#![allow(
    clippy::expect_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

mod common;

use std::hint::black_box;

use chatgate::{authorize, Account, Action, Chat, ChatId, Connector, MemberId, Resource, Target};
use common::reference::{self as plain, Act};
use common::{BEA, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn benches(c: &mut Criterion) {
    let ws = common::workspace(STANDARD);
    let ids: Vec<ChatId> = (1..=STANDARD.chats).map(common::chat).collect();

    // Every chat as the pure decision takes it: account, connector with teams, assignees.
    let assignees: Vec<Vec<MemberId>> = ids.iter().map(|id| ws.assignees(*id).collect()).collect();
    let chats: Vec<Chat<'_>> = ids
        .iter()
        .zip(&assignees)
        .map(|(id, assigned)| {
            let account = ws.chat_account(*id).unwrap();
            let by = ws.subject(ws.connector(account).unwrap()).unwrap();
            let connector = Connector::new(by.id()).with_teams(by.teams());
            let connector = if by.is_active() {
                connector
            } else {
                connector.removed()
            };
            Chat::new(*id, Account::new(account, connector)).with_assignees(assigned)
        })
        .collect();

    // The same chats for the reference, in plain integers.
    let teams: Vec<Vec<u128>> = chats
        .iter()
        .map(|chat| {
            chat.account()
                .connector()
                .teams()
                .iter()
                .map(|t| t.get())
                .collect()
        })
        .collect();
    let plain_assignees: Vec<Vec<u128>> = assignees
        .iter()
        .map(|a| a.iter().map(|m| m.get()).collect())
        .collect();
    let plain_chats: Vec<(ChatId, plain::Resource<'_>)> = chats
        .iter()
        .zip(teams.iter().zip(&plain_assignees))
        .map(|(chat, (teams, assigned))| {
            let connector = chat.account().connector();
            let account = plain::Account {
                connector: connector.id().get(),
                connector_teams: teams,
                connector_active: connector.is_active(),
            };
            let chat_facts = plain::Chat {
                account,
                assignees: assigned,
            };
            (chat.id(), plain::Resource::Chat(chat_facts))
        })
        .collect();

    let bea = ws.subject(BEA).unwrap();
    let bea_teams: Vec<u128> = bea.teams().iter().map(|t| t.get()).collect();
    let plain_bea = plain::Member {
        id: BEA.get(),
        role: plain::Role::Teammate,
        grants: plain::REPLY,
        teams: &bea_teams,
        active: true,
    };

    let by_id = |member: MemberId| -> Vec<ChatId> {
        ids.iter()
            .copied()
            .filter(|id| {
                ws.authorize(member, Action::View, Target::Chat(*id))
                    .is_ok()
            })
            .collect()
    };
    let pure = |subject: &chatgate::Subject<'_>| -> Vec<ChatId> {
        chats
            .iter()
            .filter(|chat| authorize(subject, Action::View, Resource::Chat(**chat)).is_ok())
            .map(Chat::id)
            .collect()
    };
    let by_hand = |member: &plain::Member<'_>| -> Vec<ChatId> {
        plain_chats
            .iter()
            .filter(|(_, chat)| plain::authorize(member, Act::View, *chat).is_ok())
            .map(|(id, _)| *id)
            .collect()
    };

    // All three list the same chats, and a fair share of them (not none, not all).
    let visible = by_id(BEA);
    assert_eq!(pure(&bea), visible);
    assert_eq!(by_hand(&plain_bea), visible);
    assert!(!visible.is_empty() && visible.len() < ids.len());
    let mut listed: Vec<ChatId> = ws.chats_for(BEA, Action::View).collect();
    listed.sort();
    assert_eq!(listed, visible);

    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(u64::from(STANDARD.chats)));
    // chatgate's listing: `Workspace::chats_for`, the subject's scope worked out once.
    group.bench_function("filter_10k_chats_for", |b| {
        b.iter(|| {
            ws.chats_for(black_box(BEA), black_box(Action::View))
                .collect::<Vec<ChatId>>()
        });
    });
    // chatgate by id: every chat id resolved in the workspace and decided.
    group.bench_function("filter_10k_by_id", |b| b.iter(|| by_id(black_box(BEA))));
    // chatgate's pure decision over the chats' facts.
    group.bench_function("filter_10k", |b| b.iter(|| pure(black_box(&bea))));
    // The hand-written reference over the same facts.
    group.bench_function("filter_10k_reference", |b| {
        b.iter(|| by_hand(black_box(&plain_bea)));
    });
    group.finish();
}

criterion_group!(batch_benches, benches);
criterion_main!(batch_benches);
