//! Loading a workspace from its snapshot's JSON (`serde_json` then
//! `Workspace::from_snapshot`), at 10k, 100k and 1M chats: the time must grow linearly with
//! the snapshot (every check is a hash lookup or a pass over one entry's lists).

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

mod common;

use std::hint::black_box;

use chatgate::{Workspace, WorkspaceSnapshot};
use common::{Shape, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("snapshot");
    group.sample_size(10);
    for (label, chats) in [("10k", 10_000), ("100k", 100_000), ("1m", 1_000_000)] {
        let ws = common::workspace(Shape { chats, ..STANDARD });
        let json = serde_json::to_string(&ws.snapshot()).unwrap();
        group.bench_function(format!("load_json_{label}"), |b| {
            b.iter(|| {
                let snapshot: WorkspaceSnapshot = serde_json::from_str(black_box(&json)).unwrap();
                Workspace::from_snapshot(snapshot).unwrap()
            });
        });
    }
    group.finish();
}

criterion_group!(snapshot_benches, benches);
criterion_main!(snapshot_benches);
