//! Pages of an inbox out of 1,000,000 chats, for every role (issue 16's targets: the first
//! page of 50 within 50 µs, any later page within 100 µs), and pages of `who_can` over
//! 10,000 members.
//!
//! The workspace is the benches' fixture (`benches/common`): 50 members, 8 teams, 20
//! accounts. The Owner and Ada (Admin) see every chat, Bea (Teammate) 30% of them, Dan (Agent)
//! the 5% of his account, Cleo (Collaborator) the one chat assigned to her.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

mod common;

use std::hint::black_box;

use chatgate::{Action, ChatId, MemberId, Target};
use common::{Shape, ADA, BEA, CLEO, DAN, OWNER, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};

/// A page.
const PAGE: usize = 50;

fn benches(c: &mut Criterion) {
    let ws = common::workspace(Shape {
        chats: 1_000_000,
        ..STANDARD
    });
    let roles: [(&str, MemberId); 5] = [
        ("owner", OWNER),
        ("admin", ADA),
        ("teammate", BEA),
        ("agent", DAN),
        ("collaborator", CLEO),
    ];
    for (role, member) in roles {
        let first: Vec<ChatId> = ws.chats_for(member, Action::View).take(PAGE).collect();
        assert!(!first.is_empty(), "{role} sees chats");
        c.bench_function(&format!("paging/first_page_{role}_1m"), |b| {
            b.iter(|| {
                ws.chats_for(black_box(member), black_box(Action::View))
                    .take(PAGE)
                    .count()
            });
        });
        // A later page: the page after the member's chat nearest to the middle of the ids
        // (the collaborator's is after her only chat, so it is empty).
        let cursor = ws
            .chats_for_after(member, Action::View, ChatId::new(500_000))
            .next()
            .unwrap_or(ChatId::new(1));
        c.bench_function(&format!("paging/middle_page_{role}_1m"), |b| {
            b.iter(|| {
                ws.chats_for_after(
                    black_box(member),
                    black_box(Action::View),
                    black_box(cursor),
                )
                .take(PAGE)
                .count()
            });
        });
    }
    // The last page of the teammate's 300,000 chats.
    let last = ws.chats_for(BEA, Action::View).last().unwrap();
    let before_last = ChatId::new(last.get() - 200);
    c.bench_function("paging/last_page_teammate_1m", |b| {
        b.iter(|| {
            ws.chats_for_after(black_box(BEA), Action::View, black_box(before_last))
                .take(PAGE)
                .count()
        });
    });
    drop(ws);

    // Who may reply to a chat, among 10,000 members: the page after the middle member.
    let crowd = common::workspace(Shape {
        members: 10_000,
        ..STANDARD
    });
    let middle = common::member(5_000);
    c.bench_function("paging/who_can_page_10k_members", |b| {
        b.iter(|| {
            crowd
                .who_can_after(black_box(Action::Reply), Target::Chat(common::CHAT), middle)
                .unwrap()
                .take(PAGE)
                .count()
        });
    });
}

criterion_group!(benches_group, benches);
criterion_main!(benches_group);
