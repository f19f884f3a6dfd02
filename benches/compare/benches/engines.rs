//! chatgate, Cedar and casbin in one criterion run, on the standard world (50 members,
//! 8 teams, 20 accounts, 10,000 chats): single decisions, filtering the 10,000 chats for
//! one teammate, and building each engine over the world.

use std::hint::black_box;
use std::time::Duration;

use chatgate::{Action, MemberId};
use chatgate_compare::world::{Request, Target, World};
use chatgate_compare::{CasbinEngine, CedarEngine, ChatgateEngine};
use criterion::{criterion_group, criterion_main, Criterion};

/// The teammate (member 2, team 1) and the agent (member 3, team 2) of the standard world.
const TEAMMATE: u32 = 2;
const AGENT: u32 = 3;

fn benches(c: &mut Criterion) {
    let world = World::standard();
    let chatgate = ChatgateEngine::build(&world).expect("chatgate builds");
    let cedar = CedarEngine::build(&world).expect("cedar builds");
    let casbin = CasbinEngine::build(&world).expect("casbin builds");

    // Chat 1 arrives on account 1, connected by member 4 (a Teammate in team 1).
    let (chat, admin) = (1, 5);
    let cases = [
        (
            "teammate_same_team_view",
            Request {
                member: TEAMMATE,
                action: Action::View,
                target: Target::Chat(chat),
            },
            true,
        ),
        (
            "agent_other_team_view",
            Request {
                member: AGENT,
                action: Action::View,
                target: Target::Chat(chat),
            },
            false,
        ),
        (
            "admin_manage_billing",
            Request {
                member: admin,
                action: Action::ManageBilling,
                target: Target::Workspace,
            },
            false,
        ),
    ];
    for (name, request, expected) in &cases {
        let decisions = (
            chatgate.decide(request),
            cedar.decide(request),
            casbin.decide(request),
        );
        assert_eq!(decisions, (*expected, *expected, *expected), "{name}");
    }

    // One decision, by each engine, from ids to an answer.
    for (name, request, _) in &cases {
        let mut group = c.benchmark_group(format!("decision/{name}"));
        group.bench_function("chatgate", |b| {
            b.iter(|| chatgate.decide(black_box(request)))
        });
        group.bench_function("cedar", |b| b.iter(|| cedar.decide(black_box(request))));
        group.bench_function("casbin", |b| b.iter(|| casbin.decide(black_box(request))));
        group.finish();
    }

    // The teammate's inbox: one decision per chat, over the 10,000 chats.
    let inbox: Vec<Request> = world
        .chats
        .iter()
        .map(|chat| Request {
            member: TEAMMATE,
            action: Action::View,
            target: Target::Chat(chat.id),
        })
        .collect();
    let count = |decide: &dyn Fn(&Request) -> bool| inbox.iter().filter(|r| decide(r)).count();
    let visible = count(&|r| chatgate.decide(r));
    assert_eq!(count(&|r| cedar.decide(r)), visible);
    assert_eq!(count(&|r| casbin.decide(r)), visible);
    assert_eq!(
        chatgate
            .workspace
            .chats_for(MemberId::from(TEAMMATE), Action::View)
            .count(),
        visible
    );
    let mut group = c.benchmark_group("filter_10k");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("chatgate", |b| {
        b.iter(|| count(&|r| chatgate.decide(black_box(r))))
    });
    // chatgate's own listing: the teammate's scope worked out once, then each chat checked.
    group.bench_function("chatgate_chats_for", |b| {
        b.iter(|| {
            chatgate
                .workspace
                .chats_for(black_box(MemberId::from(TEAMMATE)), Action::View)
                .count()
        })
    });
    group.bench_function("cedar", |b| {
        b.iter(|| count(&|r| cedar.decide(black_box(r))))
    });
    group.bench_function("casbin", |b| {
        b.iter(|| count(&|r| casbin.decide(black_box(r))))
    });
    group.finish();

    // Each engine built over the world, from its facts (Cedar and casbin parse their
    // policies too; Cedar validates them strictly and checks the entities on the schema).
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function("chatgate", |b| {
        b.iter(|| ChatgateEngine::build(black_box(&world)).map(|_| ()))
    });
    group.bench_function("cedar", |b| {
        b.iter(|| CedarEngine::build(black_box(&world)).map(|_| ()))
    });
    group.bench_function("casbin", |b| {
        b.iter(|| CasbinEngine::build(black_box(&world)).map(|_| ()))
    });
    group.finish();
}

criterion_group!(engines, benches);
criterion_main!(engines);
