//! The SQLite journal: one arriving chat from the decision to its event durable in the file,
//! at each durability (`sqlite_append/full`, `sqlite_append/normal`), and an instance
//! catching up on 100,000 stored events (`catch_up_100k`): read in batches of 1,024, parsed
//! and applied onto the workspace loaded from the snapshot before them.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use chatgate::{
    AccountId, Change, ChatId, Durability, Journal, MemberId, SqliteJournal, Workspace, WorkspaceId,
};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

const TENANT: WorkspaceId = WorkspaceId::new(1);
const OWNER: MemberId = MemberId::new(1);
/// The account the chats arrive on, connected by the Owner.
const ACCOUNT: AccountId = AccountId::new(10);
/// The events `catch_up_100k` reads.
const CATCH_UP: u32 = 100_000;

/// A journal file in the temporary directory, removed with its WAL and shared memory when
/// dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        let file = Self(std::env::temp_dir().join(format!(
            "chatgate-bench-journal-{}-{name}.db",
            std::process::id()
        )));
        file.remove();
        file
    }

    fn remove(&self) {
        for end in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{end}", self.0.display()));
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A journal in a new file holding the Owner's workspace with one account connected (and
/// a snapshot of it, at revision 1), and that workspace.
fn journal(name: &str, durability: Durability) -> (TempFile, SqliteJournal, Workspace) {
    let file = TempFile::new(name);
    let journal = SqliteJournal::open(&file.0, durability).unwrap();
    let mut ws = Workspace::new(OWNER);
    journal.create(TENANT, &ws.snapshot()).unwrap();
    let connected = ws.connect_account(OWNER, ACCOUNT).unwrap().unwrap();
    journal.append(TENANT, &connected).unwrap();
    journal.save_snapshot(TENANT, &ws.snapshot()).unwrap();
    (file, journal, ws)
}

/// Chat `n` arrives: decided, appended to the journal, then made in the workspace.
fn receive(ws: &mut Workspace, journal: &SqliteJournal, n: u32) {
    let change = Change::ReceiveChat {
        chat: ChatId::new(n.into()),
        account: ACCOUNT,
    };
    let event = ws.prepare(None, black_box(change)).unwrap().unwrap();
    journal.append(TENANT, black_box(&event)).unwrap();
    ws.commit(&event).unwrap();
}

fn append(c: &mut Criterion) {
    let mut group = c.benchmark_group("sqlite_append");
    for (name, durability) in [("full", Durability::Full), ("normal", Durability::Normal)] {
        let (_file, journal, mut ws) = journal(&format!("append-{name}"), durability);
        let mut next = 0;
        // One arriving chat, from the decision to durable: each iteration the next revision.
        group.bench_function(name, |b| {
            b.iter(|| {
                next += 1;
                receive(&mut ws, &journal, next);
            });
        });
    }
    group.finish();
}

fn catch_up(c: &mut Criterion) {
    let (_file, journal, mut ws) = journal("catch-up", Durability::Normal);
    for n in 1..=CATCH_UP {
        receive(&mut ws, &journal, n);
    }
    let start = Workspace::from_snapshot(journal.latest_snapshot(TENANT).unwrap()).unwrap();
    let end = ws.revision();
    // 100,000 events after the snapshot, read 1,024 at a time, parsed and applied.
    c.bench_function("catch_up_100k", |b| {
        b.iter_batched(
            || start.clone(),
            |mut ws| {
                loop {
                    let batch = journal.read_after(TENANT, ws.revision(), 1_024).unwrap();
                    if batch.is_empty() {
                        break;
                    }
                    for event in &batch {
                        ws.apply(event).unwrap();
                    }
                }
                assert_eq!(ws.revision(), end);
                ws
            },
            BatchSize::LargeInput,
        );
    });
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! {
    name = appends;
    config = config();
    targets = append
}
criterion_group! {
    name = catching_up;
    config = config().sample_size(10);
    targets = catch_up
}
criterion_main!(appends, catching_up);
