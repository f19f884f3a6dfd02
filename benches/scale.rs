//! The cost of one decision as the workspace grows: chats, members and teams in the
//! workspace (it must not grow with any of them), then what it does grow with, the teams
//! the member and the connector belong to (one merge of two sorted lists) and the chat's
//! assignees (one binary search; `who_can` once per member).

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

mod common;

use std::hint::black_box;

use chatgate::{Action, MemberId, Target, TeamId, Workspace};
use common::{Shape, ANA, BEA, CHAT, CLEO, OWNER, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};

/// Times `member` taking `action` on chat 1 by id, after checking it is allowed.
fn bench_decision(c: &mut Criterion, name: &str, ws: &Workspace, member: MemberId, action: Action) {
    assert!(ws.authorize(member, action, Target::Chat(CHAT)).is_ok());
    c.bench_function(name, |b| {
        b.iter(|| {
            ws.authorize(
                black_box(member),
                black_box(action),
                black_box(Target::Chat(CHAT)),
            )
        });
    });
}

/// Bea (a Teammate) views a chat of Ana's account, in their shared team.
fn bench_teammate_view(c: &mut Criterion, name: &str, ws: &Workspace) {
    bench_decision(c, name, ws, BEA, Action::View);
}

fn benches(c: &mut Criterion) {
    // The same decision on workspaces of 1,000 / 100,000 / 1,000,000 chats.
    for (label, chats) in [("1k", 1_000), ("100k", 100_000), ("1m", 1_000_000)] {
        let ws = common::workspace(Shape { chats, ..STANDARD });
        bench_teammate_view(c, &format!("scale/chats_{label}"), &ws);
    }
    // The same decision with 10 / 1,000 / 10,000 members.
    for (label, members) in [("10", 10), ("1k", 1_000), ("10k", 10_000)] {
        let ws = common::workspace(Shape {
            members,
            ..STANDARD
        });
        bench_teammate_view(c, &format!("scale/members_{label}"), &ws);
    }
    // The same decision with 1 / 50 / 1,000 teams in the workspace.
    for (label, teams) in [("1", 1), ("50", 50), ("1k", 1_000)] {
        let ws = common::workspace(Shape { teams, ..STANDARD });
        bench_teammate_view(c, &format!("scale/teams_{label}"), &ws);
    }
    // What one decision does grow with: Bea and Ana each in 1 / 10 / 100 / 1,000 teams, none
    // shared but the one with the highest id, joined last: the worst case both of a pairwise
    // check and of the merge of two sorted lists, which walks both to their end.
    let shared = TeamId::new(u128::MAX);
    for extra in [0_u32, 9, 99, 999] {
        let mut ws = common::workspace(STANDARD);
        ws.create_team(OWNER, shared).unwrap();
        for member in [BEA, ANA] {
            ws.leave_team(OWNER, member, TeamId::new(1)).unwrap();
        }
        for n in 0..extra {
            let (bea_team, ana_team) = (
                TeamId::new(u128::from(1_000_000 + 2 * n)),
                TeamId::new(u128::from(1_000_001 + 2 * n)),
            );
            ws.create_team(OWNER, bea_team).unwrap();
            ws.create_team(OWNER, ana_team).unwrap();
            ws.join_team(OWNER, BEA, bea_team).unwrap();
            ws.join_team(OWNER, ANA, ana_team).unwrap();
        }
        for member in [BEA, ANA] {
            ws.join_team(OWNER, member, shared).unwrap();
        }
        bench_teammate_view(c, &format!("scale/teams_per_member_{}", extra + 1), &ws);
    }
    // ... and with the chat's assignees: Cleo (a Collaborator) replies to chat 1, assigned to
    // 1 / 100 / 10,000 members, she the last of them; then who may reply to it.
    for assignees in [1_u32, 100, 10_000] {
        let shape = Shape {
            members: 7 + assignees,
            ..STANDARD
        };
        let mut ws = common::workspace(shape);
        ws.unassign(OWNER, CHAT, CLEO).unwrap();
        for n in 8..7 + assignees {
            ws.assign(OWNER, CHAT, common::member(n)).unwrap();
        }
        ws.assign(OWNER, CHAT, CLEO).unwrap();
        assert_eq!(ws.assignees(CHAT).count(), assignees as usize);
        bench_decision(
            c,
            &format!("scale/assignees_{assignees}"),
            &ws,
            CLEO,
            Action::Reply,
        );
        c.bench_function(&format!("scale/who_can_assignees_{assignees}"), |b| {
            b.iter(|| {
                ws.who_can(black_box(Action::Reply), black_box(Target::Chat(CHAT)))
                    .count()
            });
        });
    }
}

criterion_group!(scale_benches, benches);
criterion_main!(scale_benches);
