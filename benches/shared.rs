//! The write path of a `SharedWorkspace`: one change while a reader holds a snapshot, at
//! 10,000 / 100,000 / 1,000,000 chats; taking a snapshot while a writer runs flat out; and a
//! revocation while two threads flood arriving chats.
//!
//! Criterion reports the medians. The distributions the targets speak of (the 99th and
//! 99.9th percentile and the maximum of `snapshot()` under a writer, of a revocation under
//! a flood) and the peak memory under the flood are printed as `distribution:` and
//! `memory:` lines, each from a bounded run of its own.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]
#![allow(
    clippy::indexing_slicing,
    reason = "percentiles index a sorted, non-empty sample"
)]

mod common;

use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chatgate::{Event, SharedWorkspace, Workspace, WorkspaceError};
use common::{chat, member, Shape, ANAS_ACCOUNT, BEA, CLEO, OWNER, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};

/// Members of every workspace here: a change to a member copies the member list.
const MEMBERS: u32 = 1_000;

/// The first id of the chats the benches receive, past every chat of the fixture.
const ARRIVING: u32 = 2_000_000_000;

/// The three sizes, with their labels.
const SIZES: [(&str, u32); 3] = [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)];

/// A workspace of `chats` chats and [`MEMBERS`] members.
fn workspace(chats: u32) -> Workspace {
    common::workspace(Shape {
        chats,
        members: MEMBERS,
        ..STANDARD
    })
}

/// Times `change` number 0, 1, 2, … applied through `update`, each while a reader holds
/// the snapshot taken just before it (so the change can never be made in place). A fresh
/// `SharedWorkspace` over a clone of `base` (a clone shares every part) starts each sample,
/// and again whenever `fresh_every` changes have been made, so the workspace keeps its size.
fn bench_change(
    c: &mut Criterion,
    name: &str,
    base: &Workspace,
    fresh_every: u32,
    change: impl Fn(&mut Workspace, u32) -> Result<Option<Event>, WorkspaceError>,
) {
    c.bench_function(name, |b| {
        b.iter_custom(|iterations| {
            let mut shared = SharedWorkspace::new(base.clone());
            let mut elapsed = Duration::ZERO;
            for i in 0..iterations {
                let n = (i % u64::from(fresh_every)) as u32;
                if n == 0 && i > 0 {
                    shared = SharedWorkspace::new(base.clone());
                }
                let held = shared.snapshot();
                let started = Instant::now();
                shared.update(|ws| change(ws, n)).unwrap();
                elapsed += started.elapsed();
                drop(black_box(held));
            }
            elapsed
        });
    });
}

fn changes(c: &mut Criterion) {
    for (label, chats) in SIZES {
        let base = workspace(chats);
        // A chat arrives on Ana's account.
        bench_change(
            c,
            &format!("shared/receive_chat_{label}"),
            &base,
            chats,
            |ws, n| ws.receive_chat(chat(ARRIVING + n), ANAS_ACCOUNT),
        );
        // The Owner assigns Bea to chat n + 1 (she is assigned to none of them before).
        bench_change(
            c,
            &format!("shared/assign_{label}"),
            &base,
            chats,
            |ws, n| ws.assign(OWNER, chat(n + 1), BEA),
        );
        // The Owner removes generated member n + 8.
        bench_change(
            c,
            &format!("shared/remove_member_{label}"),
            &base,
            MEMBERS - 8,
            |ws, n| ws.remove_member(OWNER, member(n + 8)),
        );
    }
}

/// `count` samples of `sample` taken one after another, as a sorted list of durations.
fn sampled(count: usize, mut sample: impl FnMut() -> Duration) -> Vec<Duration> {
    let mut samples: Vec<Duration> = (0..count).map(|_| sample()).collect();
    samples.sort_unstable();
    samples
}

/// Prints the median, the 99th and 99.9th percentiles and the maximum of sorted `samples`.
fn print_distribution(name: &str, samples: &[Duration]) {
    let at = |fraction: f64| samples[((samples.len() - 1) as f64 * fraction) as usize];
    println!(
        "distribution: {name}: {} samples, median {:?}, p99 {:?}, p99.9 {:?}, max {:?}",
        samples.len(),
        at(0.5),
        at(0.99),
        at(0.999),
        samples[samples.len() - 1],
    );
}

/// `threads` writers receiving chats on Ana's account as fast as they can, until `stop`.
fn flood(
    shared: &Arc<SharedWorkspace>,
    threads: u32,
    stop: &Arc<AtomicBool>,
    received: &Arc<AtomicU32>,
) -> Vec<thread::JoinHandle<()>> {
    (0..threads)
        .map(|_| {
            let (shared, stop, received) =
                (Arc::clone(shared), Arc::clone(stop), Arc::clone(received));
            thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let n = received.fetch_add(1, Ordering::Relaxed);
                    shared
                        .update(|ws| ws.receive_chat(chat(ARRIVING + n), ANAS_ACCOUNT))
                        .unwrap();
                }
            })
        })
        .collect()
}

/// Stops the flooding threads and waits for them.
fn stop_flood(stop: &AtomicBool, writers: Vec<thread::JoinHandle<()>>) {
    stop.store(true, Ordering::Relaxed);
    for writer in writers {
        writer.join().unwrap();
    }
}

/// One `snapshot()`, timed.
fn time_snapshot(shared: &SharedWorkspace) -> Duration {
    let started = Instant::now();
    let snapshot = shared.snapshot();
    let took = started.elapsed();
    drop(black_box(snapshot));
    took
}

/// `snapshot()` while one writer receives chats flat out on a 1M-chat workspace; first with
/// no writer, so that what the machine itself adds to the tail (a thread preempted between
/// its two clock readings) is seen apart from what writing adds.
fn snapshot_while_writing(c: &mut Criterion) {
    let shared = Arc::new(SharedWorkspace::new(workspace(1_000_000)));
    let idle = sampled(1_000_000, || time_snapshot(&shared));
    print_distribution("shared/snapshot_idle_1m (no writer)", &idle);
    let (stop, received) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU32::new(0)),
    );
    let writers = flood(&shared, 1, &stop, &received);
    let samples = sampled(1_000_000, || time_snapshot(&shared));
    print_distribution("shared/snapshot_while_writing_1m", &samples);
    c.bench_function("shared/snapshot_while_writing_1m", |b| {
        b.iter(|| shared.snapshot());
    });
    stop_flood(&stop, writers);
}

/// The resident set of this process now and at its peak since the last reset, in KiB,
/// where Linux reports them.
fn resident_kib() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// A revocation (Cleo unassigned from chat 1, then assigned again; a member removed) while
/// two threads flood arriving chats on a 1M-chat workspace.
fn revocation_under_flood(c: &mut Criterion) {
    let shared = Arc::new(SharedWorkspace::new(workspace(1_000_000)));
    // The peak resident set from here on: Linux resets it when "5" is written here.
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = resident_kib();
    let (stop, received) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU32::new(0)),
    );
    let writers = flood(&shared, 2, &stop, &received);
    let started = Instant::now();
    let mut removed = 8;
    let samples = sampled(2_000, || {
        let started = Instant::now();
        if removed < MEMBERS && removed % 2 == 0 {
            shared
                .update(|ws| ws.remove_member(OWNER, member(removed)))
                .unwrap();
        } else {
            shared
                .update(|ws| ws.unassign(OWNER, chat(1), CLEO))
                .unwrap();
        }
        let took = started.elapsed();
        shared.update(|ws| ws.assign(OWNER, chat(1), CLEO)).unwrap();
        removed += 1;
        took
    });
    let flooded = received.load(Ordering::Relaxed);
    let seconds = started.elapsed().as_secs_f64();
    print_distribution("shared/revocation_under_flood_1m", &samples);
    println!(
        "distribution: shared/revocation_under_flood_1m: the two flooding threads received \
         {flooded} chats in {seconds:.2} s ({:.0} changes/s)",
        f64::from(flooded) / seconds
    );
    match (reset, before, resident_kib()) {
        (true, Some((rss, _)), Some((_, peak))) => println!(
            "memory: shared/revocation_under_flood_1m: resident {rss} KiB before the flood, \
             peak {peak} KiB during it ({:.2}x)",
            peak as f64 / rss as f64
        ),
        _ => println!(
            "memory: shared/revocation_under_flood_1m: peak resident set not available here"
        ),
    }
    // The unassignment alone is timed; assigning Cleo again makes the next one a change.
    c.bench_function("shared/revocation_under_flood_1m", |b| {
        b.iter_custom(|iterations| {
            let mut elapsed = Duration::ZERO;
            for _ in 0..iterations {
                let started = Instant::now();
                shared
                    .update(|ws| ws.unassign(OWNER, chat(1), CLEO))
                    .unwrap();
                elapsed += started.elapsed();
                shared.update(|ws| ws.assign(OWNER, chat(1), CLEO)).unwrap();
            }
            elapsed
        });
    });
    stop_flood(&stop, writers);
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = benches;
    config = config();
    targets = changes, snapshot_while_writing, revocation_under_flood
}
criterion_main!(benches);
