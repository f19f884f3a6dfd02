//! Building the standard workspace (50 members, 8 teams, 20 accounts, 10,000 chats, a
//! quarter of them assigned) through the public API, and applying one change to it.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

mod common;

use std::hint::black_box;

use chatgate::{Action, Target};
use common::{chat, BEA, CLEO, OWNER, REX, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    // Every member, team, account, chat and assignment added one call at a time.
    group.bench_function("workspace_10k_chats", |b| {
        b.iter(|| common::workspace(black_box(STANDARD)));
    });

    let mut ws = common::workspace(STANDARD);
    // Removing a member: the change is authorized, then the member is marked removed.
    // Removing Rex again does exactly the work of the first removal, so it can be repeated.
    group.bench_function("remove_member", |b| {
        b.iter(|| ws.remove_member(black_box(OWNER), black_box(REX)));
    });
    assert!(ws
        .authorize(REX, Action::View, Target::Chat(chat(1)))
        .is_err());

    // Bea assigning Cleo to a chat of her team and unassigning her again (a pair, so the
    // workspace stays the same); chat 21 arrives on Ana's account and has no assignee.
    let target = chat(21);
    group.bench_function("assign_and_unassign_chat", |b| {
        b.iter(|| {
            ws.assign(black_box(BEA), black_box(target), black_box(CLEO))
                .unwrap();
            ws.unassign(black_box(BEA), black_box(target), black_box(CLEO))
        });
    });
    assert!(ws
        .authorize(CLEO, Action::View, Target::Chat(target))
        .is_err());
    group.finish();
}

criterion_group!(build_benches, benches);
criterion_main!(build_benches);
