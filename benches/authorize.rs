//! One decision, six cases, four ways: chatgate's pure `authorize`, `Workspace::authorize`
//! (ids resolved against a 10,000-chat workspace), a plain `match` written by hand for the
//! policy (`common/reference.rs`), and that match after reading the facts from dense vectors
//! by index (`common/dense.rs`); then `capabilities` for one chat; then `remedies` for one
//! denial and `access` for one member.
//!
//! Group `authorize/<case>` is the pure decision, `reference/<case>` the hand-written match
//! on the same facts, `dense/<case>` the hand-written decision by index (issue 13's
//! baseline: chatgate's pure decision within 1.2× of it), `authorize_by_id/<case>` the
//! workspace's decision by id.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]
#![allow(
    clippy::expect_used,
    reason = "bench setup: a fixture that fails is a bug"
)]
#![allow(
    clippy::panic,
    reason = "bench setup: a disagreement with the reference is a bug"
)]

mod common;

use std::hint::black_box;

use chatgate::{
    authorize, capabilities, Account, Action, Chat, Connector, Denied, Reason, Resource, Subject,
    Target, TeamId,
};
use common::dense;
use common::reference::{self as plain, Act};
use common::{ADA, ANA, ANAS_ACCOUNT, BEA, CHAT, CLEO, DAN, REX, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};

/// One request, as each of the three engines takes it.
struct Case<'a> {
    name: &'static str,
    subject: Subject<'a>,
    action: Action,
    resource: Resource<'a>,
    target: Target,
    member: plain::Member<'a>,
    act: Act,
    plain_resource: plain::Resource<'a>,
    expected: Result<(), Reason>,
}

/// The reason of a reference denial, to check it agrees with chatgate's.
fn plain_reason(outcome: Result<(), plain::Deny>) -> Result<(), Reason> {
    outcome.map_err(|deny| match deny {
        plain::Deny::WrongResource => Reason::WrongResource,
        plain::Deny::Inactive => Reason::Inactive,
        plain::Deny::OutOfScope { .. } => Reason::OutOfScope,
        plain::Deny::MissingPermission { .. } => Reason::MissingPermission,
    })
}

fn reason(outcome: Result<(), Denied>) -> Result<(), Reason> {
    outcome.map_err(|denied| denied.reason())
}

fn benches(c: &mut Criterion) {
    let ws = common::workspace(STANDARD);
    let subject = |id| ws.subject(id).expect("a fixture member");

    // The facts of the fixture, as the pure decision and the reference take them.
    let team_1 = [TeamId::new(1)];
    let cleo_only = [CLEO];
    let anas_account = Account::new(ANAS_ACCOUNT, Connector::new(ANA).with_teams(&team_1));
    let chat = Chat::new(CHAT, anas_account).with_assignees(&cleo_only);

    let plain_team_1 = [1_u128];
    let plain_dans_teams = [u128::from(STANDARD.teams)];
    let plain_cleo_only = [CLEO.get()];
    let plain_account = plain::Account {
        connector: ANA.get(),
        connector_teams: &plain_team_1,
        connector_active: true,
    };
    let plain_chat = plain::Resource::Chat(plain::Chat {
        account: plain_account,
        assignees: &plain_cleo_only,
    });
    let member = |id: chatgate::MemberId, role, grants, teams, active| plain::Member {
        id: id.get(),
        role,
        grants,
        teams,
        active,
    };
    use plain::Role as R;

    let cases = [
        Case {
            name: "teammate_same_team_view",
            subject: subject(BEA),
            action: Action::View,
            resource: Resource::Chat(chat),
            target: Target::Chat(CHAT),
            member: member(BEA, R::Teammate, plain::REPLY, &plain_team_1, true),
            act: Act::View,
            plain_resource: plain_chat,
            expected: Ok(()),
        },
        Case {
            name: "agent_other_team_view",
            subject: subject(DAN),
            action: Action::View,
            resource: Resource::Chat(chat),
            target: Target::Chat(CHAT),
            member: member(DAN, R::Agent, plain::REPLY, &plain_dans_teams, true),
            act: Act::View,
            plain_resource: plain_chat,
            expected: Err(Reason::OutOfScope),
        },
        Case {
            name: "collaborator_assigned_reply",
            subject: subject(CLEO),
            action: Action::Reply,
            resource: Resource::Chat(chat),
            target: Target::Chat(CHAT),
            member: member(CLEO, R::Collaborator, plain::REPLY, &[], true),
            act: Act::Reply,
            plain_resource: plain_chat,
            expected: Ok(()),
        },
        Case {
            name: "admin_manage_billing",
            subject: subject(ADA),
            action: Action::ManageBilling,
            resource: Resource::Workspace,
            target: Target::Workspace,
            member: member(ADA, R::Admin, plain::ADMIN, &plain_team_1, true),
            act: Act::ManageBilling,
            plain_resource: plain::Resource::Workspace,
            expected: Err(Reason::MissingPermission),
        },
        Case {
            name: "agent_send_from_other_account",
            subject: subject(DAN),
            action: Action::SendFrom,
            resource: Resource::Account(anas_account),
            target: Target::Account(ANAS_ACCOUNT),
            member: member(DAN, R::Agent, plain::REPLY, &plain_dans_teams, true),
            act: Act::SendFrom,
            plain_resource: plain::Resource::Account(plain_account),
            expected: Err(Reason::OutOfScope),
        },
        Case {
            name: "removed_member",
            subject: subject(REX),
            action: Action::View,
            resource: Resource::Chat(chat),
            target: Target::Chat(CHAT),
            member: member(REX, R::Teammate, plain::REPLY, &plain_team_1, false),
            act: Act::View,
            plain_resource: plain_chat,
            expected: Err(Reason::Inactive),
        },
    ];

    // The dense baseline: every case's member, then Ana, who connected account 0, whose one
    // chat 0 is assigned to Cleo (the facts of `plain_chat`).
    let dense_member = |m: &plain::Member<'_>| dense::Member {
        id: m.id,
        role: m.role,
        grants: m.grants,
        teams: m.teams.to_vec(),
        active: m.active,
    };
    let mut world = dense::Dense::default();
    world
        .members
        .extend(cases.iter().map(|case| dense_member(&case.member)));
    world.members.push(dense_member(&member(
        ANA,
        R::Teammate,
        plain::REPLY,
        &plain_team_1,
        true,
    )));
    world.connectors.push(world.members.len() - 1);
    world.chats.push(dense::Chat {
        account: 0,
        assignees: plain_cleo_only.to_vec(),
    });
    let dense_target = |resource: &plain::Resource<'_>| match resource {
        plain::Resource::Workspace => dense::Target::Workspace,
        plain::Resource::Account(_) => dense::Target::Account(0),
        plain::Resource::Chat(_) => dense::Target::Chat(0),
    };

    // The four engines must agree with the policy tables before any of them is timed.
    for (index, case) in cases.iter().enumerate() {
        let by_index = plain_reason(dense::authorize(
            &world,
            index,
            case.act,
            dense_target(&case.plain_resource),
        ));
        assert_eq!(by_index, case.expected, "{}: the dense baseline", case.name);
        let pure = reason(authorize(&case.subject, case.action, case.resource));
        let by_id = reason(ws.authorize(case.subject.id(), case.action, case.target));
        let by_hand = plain_reason(plain::authorize(
            &case.member,
            case.act,
            case.plain_resource,
        ));
        assert_eq!(
            (pure, by_id, by_hand),
            (case.expected, case.expected, case.expected),
            "{}: chatgate, workspace and reference disagree",
            case.name
        );
    }

    // Case by case, one after the other, so that the machine's noise falls alike on the
    // three: chatgate's pure decision (facts in, decision out), the hand-written `match` on
    // the same facts, and the workspace's decision by id (member and chat or account looked
    // up, then decided).
    for (index, case) in cases.iter().enumerate() {
        c.bench_function(&format!("authorize/{}", case.name), |b| {
            b.iter(|| {
                authorize(
                    black_box(&case.subject),
                    black_box(case.action),
                    black_box(case.resource),
                )
            });
        });
        c.bench_function(&format!("reference/{}", case.name), |b| {
            b.iter(|| {
                plain::authorize(
                    black_box(&case.member),
                    black_box(case.act),
                    black_box(case.plain_resource),
                )
            });
        });
        let target = dense_target(&case.plain_resource);
        c.bench_function(&format!("dense/{}", case.name), |b| {
            b.iter(|| {
                dense::authorize(
                    black_box(&world),
                    black_box(index),
                    black_box(case.act),
                    black_box(target),
                )
            });
        });
        c.bench_function(&format!("authorize_by_id/{}", case.name), |b| {
            b.iter(|| {
                ws.authorize(
                    black_box(case.subject.id()),
                    black_box(case.action),
                    black_box(case.target),
                )
            });
        });
    }

    // What a UI asks for one chat: which of view, reply, delete the member may do.
    let mut group = c.benchmark_group("capabilities");
    let bea = subject(BEA);
    group.bench_function("teammate_same_team_chat", |b| {
        b.iter(|| capabilities(black_box(&bea), black_box(&chat)));
    });
    group.bench_function("teammate_same_team_chat_by_id", |b| {
        b.iter(|| ws.capabilities(black_box(BEA), black_box(CHAT)));
    });
    group.finish();

    // What an explanation and a settings page ask: the changes that would allow a denial,
    // and a member's access summary (in the 10,000-chat workspace).
    let mut group = c.benchmark_group("explain");
    assert!(!ws
        .remedies(DAN, Action::View, Target::Chat(CHAT))
        .is_empty());
    group.bench_function("remedies_agent_other_team_view", |b| {
        b.iter(|| {
            ws.remedies(
                black_box(DAN),
                black_box(Action::View),
                black_box(Target::Chat(CHAT)),
            )
        });
    });
    group.bench_function("access_teammate", |b| {
        b.iter(|| ws.access(black_box(BEA)));
    });
    group.finish();
}

criterion_group!(authorize_benches, benches);
criterion_main!(authorize_benches);
