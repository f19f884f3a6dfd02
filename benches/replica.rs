//! Replicas (issue 15): applying a stream of events to a 1,000,000-chat workspace; starting a
//! 1,000,000-chat tenant from its SQLite snapshot and the events after it; and a change
//! through a replica on SQLite, from the decision to the event being durable, at each
//! durability setting; and a decision "at least as fresh as" a token, held or one event
//! behind.
//!
//! Criterion reports the medians; the change's distribution (median, 99th percentile,
//! maximum) is printed as a `distribution:` line from a bounded run of its own.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]
#![allow(
    clippy::indexing_slicing,
    reason = "percentiles index a sorted, non-empty sample"
)]

mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chatgate::{
    Change, Durability, Event, Journal, Replica, SqliteJournal, Workspace, WorkspaceId,
};
use common::{chat, Shape, ANAS_ACCOUNT, BEA, OWNER, STANDARD};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

/// The first id of the chats the benches receive, past every chat of the fixture.
const ARRIVING: u32 = 2_000_000_000;

/// The events a replica replays: half arriving chats, the rest assignments made and undone
/// on chats spread over the whole table.
const EVENTS: u32 = 10_000;

const TENANT: WorkspaceId = WorkspaceId::new(1);

fn workspace(chats: u32) -> Workspace {
    common::workspace(Shape {
        chats,
        members: 1_000,
        ..STANDARD
    })
}

/// The change number `n` of the stream on a workspace of `chats` chats.
fn change(n: u32, chats: u32) -> (Option<chatgate::MemberId>, Change) {
    let spread = chat(1 + n.wrapping_mul(7_919) % chats);
    match n % 10 {
        0..=4 => (
            None,
            Change::ReceiveChat {
                chat: chat(ARRIVING + n),
                account: ANAS_ACCOUNT,
            },
        ),
        5..=7 => (
            Some(OWNER),
            Change::Assign {
                chat: spread,
                member: BEA,
            },
        ),
        _ => (
            Some(OWNER),
            Change::Unassign {
                chat: chat(1 + (n - 3).wrapping_mul(7_919) % chats),
                member: BEA,
            },
        ),
    }
}

/// The events [`EVENTS`] changes of the stream record on a copy of `base`.
fn recorded(base: &Workspace, chats: u32) -> Vec<Event> {
    let mut ws = base.clone();
    (0..EVENTS)
        .filter_map(|n| {
            let (actor, change) = change(n, chats);
            ws.change(actor, change).unwrap()
        })
        .collect()
}

/// A journal file of its own in the temp directory, removed when dropped.
struct TempJournal(PathBuf);

impl TempJournal {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "chatgate-bench-{name}-{}.sqlite",
            std::process::id()
        ));
        Self::remove(&path);
        Self(path)
    }

    fn open(&self, durability: Durability) -> Arc<SqliteJournal> {
        Arc::new(SqliteJournal::open(&self.0, durability).unwrap())
    }

    fn remove(path: &std::path::Path) {
        for suffix in ["", "-wal", "-shm"] {
            let mut file = path.as_os_str().to_owned();
            file.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(file));
        }
    }
}

impl Drop for TempJournal {
    fn drop(&mut self) {
        Self::remove(&self.0);
    }
}

fn apply(c: &mut Criterion) {
    let chats = 1_000_000;
    let base = workspace(chats);
    let events = recorded(&base, chats);
    let mut group = c.benchmark_group("replica");
    group.sample_size(10);
    group.throughput(Throughput::Elements(events.len() as u64));
    // Each sample applies the whole stream to a copy of the state, which shares every
    // part with it, as a replica's catch-up does while readers hold the state it replaces.
    group.bench_function("apply_1m", |b| {
        b.iter_batched(
            || base.clone(),
            |mut ws| {
                for event in &events {
                    ws.apply(event).unwrap();
                }
                ws
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

fn start(c: &mut Criterion) {
    let chats = 1_000_000;
    let base = workspace(chats);
    let events = recorded(&base, chats);
    let file = TempJournal::new("start");
    let journal = file.open(Durability::Normal);
    journal.create(TENANT, &base.snapshot()).unwrap();
    for event in &events {
        journal.append(TENANT, event).unwrap();
    }
    let mut group = c.benchmark_group("replica");
    group.sample_size(10);
    group.bench_function("start_1m_snapshot_and_10k_events", |b| {
        b.iter(|| {
            let replica = Replica::open(Arc::clone(&journal), TENANT).unwrap();
            assert_eq!(replica.revision(), base.revision() + events.len() as u64);
            replica
        });
    });
    group.finish();
}

/// A change through a replica on a SQLite journal, decision to durable: an arriving chat on
/// a 10,000-chat workspace.
fn change_through_replica(c: &mut Criterion) {
    let chats = 10_000;
    let base = workspace(chats);
    let mut group = c.benchmark_group("replica");
    for (label, durability) in [("full", Durability::Full), ("normal", Durability::Normal)] {
        let file = TempJournal::new(label);
        let replica = Replica::create(file.open(durability), TENANT, base.clone()).unwrap();
        let mut next = ARRIVING;
        let mut arrive = || {
            next += 1;
            let change = Change::ReceiveChat {
                chat: chat(next),
                account: ANAS_ACCOUNT,
            };
            replica.change(None, change).unwrap().unwrap()
        };
        group.bench_function(format!("change_sqlite_{label}"), |b| b.iter(&mut arrive));
        let mut samples: Vec<Duration> = (0..500)
            .map(|_| {
                let started = Instant::now();
                arrive();
                started.elapsed()
            })
            .collect();
        samples.sort_unstable();
        println!(
            "distribution: replica/change_sqlite_{label}: {} samples, median {:?}, p99 {:?}, max {:?}",
            samples.len(),
            samples[samples.len() / 2],
            samples[samples.len() * 99 / 100],
            samples[samples.len() - 1],
        );
    }
    group.finish();
}

/// A decision "at least as fresh as" a token: when the replica holds it (the common case,
/// a local decision), and when it is one event behind (one read of the journal first).
fn authorize_fresh(c: &mut Criterion) {
    let base = workspace(10_000);
    let file = TempJournal::new("fresh");
    let journal = file.open(Durability::Normal);
    let a = Replica::create(Arc::clone(&journal), TENANT, base).unwrap();
    let b = Replica::open(journal, TENANT).unwrap();
    let view = |replica: &Replica<Arc<SqliteJournal>>, token: u64| {
        replica
            .authorize_fresh(
                token,
                Duration::from_secs(1),
                BEA,
                chatgate::Action::View,
                chatgate::Target::Chat(common::CHAT),
            )
            .unwrap();
    };
    let mut group = c.benchmark_group("replica");
    let token = b.revision();
    group.bench_function("authorize_fresh_current", |bench| {
        bench.iter(|| view(&b, token));
    });
    let mut next = ARRIVING;
    group.bench_function("authorize_fresh_one_event_behind", |bench| {
        bench.iter_custom(|iters| {
            let mut spent = Duration::ZERO;
            for _ in 0..iters {
                next += 1;
                let change = Change::ReceiveChat {
                    chat: chat(next),
                    account: ANAS_ACCOUNT,
                };
                let token = a.change(None, change).unwrap().unwrap().revision;
                let started = Instant::now();
                view(&b, token);
                spent += started.elapsed();
            }
            spent
        });
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = replica_benches;
    config = config();
    targets = apply, start, change_through_replica, authorize_fresh
}
criterion_main!(replica_benches);
