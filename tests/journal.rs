//! The journals (issue 15): one conformance suite, written once over `&dyn Journal`, run for
//! `MemoryJournal` (the model) and `SqliteJournal` alike — create, unknown workspaces,
//! append conflicts that write nothing, reading in order and by limit, workspaces that never
//! interfere, snapshots, compaction; for SQLite alone, the file: its documented schema,
//! reopening it, two handles racing on it, tampered rows read as `Corrupt`, another schema
//! refused, revisions beyond SQLite's integers refused; and a property test: random changes
//! recorded, read back equal, and replayed onto the journal's snapshot to the writer's state.

#![cfg(feature = "sqlite")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod journal_util;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use chatgate::{
    AccountId, Change, ChatId, Durability, Event, Journal, JournalError, MemberId, MemoryJournal,
    Role, SqliteJournal, TeamId, Workspace, WorkspaceId, WorkspaceSnapshot,
};
use journal_util::{acted, OWNER};
use proptest::prelude::*;
use rusqlite::Connection;

const A: WorkspaceId = WorkspaceId::new(1);
const B: WorkspaceId = WorkspaceId::new(2);

/// A journal file of this test process, unique per call, removed with its WAL and shared
/// memory when dropped (a failing test included).
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let file = Self(std::env::temp_dir().join(format!(
            "chatgate-test-journal-{}-{name}-{n}.db",
            std::process::id()
        )));
        file.remove();
        file
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn open(&self) -> SqliteJournal {
        SqliteJournal::open(&self.0, Durability::Full).unwrap()
    }

    /// A connection of its own, beside the journal's, as another program would open it.
    fn raw(&self) -> Connection {
        Connection::open(&self.0).unwrap()
    }

    fn remove(&self) {
        for end in ["", "-wal", "-shm"] {
            let path = format!("{}{end}", self.0.display());
            match std::fs::remove_file(&path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    panic!("removing {path}: {error}")
                }
                _ => {}
            }
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.remove();
    }
}

/// A journal error as plain data, for `assert_eq!` (the error itself holds a boxed
/// storage error, so it has no `PartialEq`).
#[derive(Debug, PartialEq, Eq)]
enum Failed {
    Conflict {
        workspace: WorkspaceId,
        revision: u64,
        last: u64,
    },
    Unknown(WorkspaceId),
    Exists(WorkspaceId),
    Compacted {
        workspace: WorkspaceId,
        after: u64,
        through: u64,
    },
    Ahead {
        workspace: WorkspaceId,
        revision: u64,
        last: u64,
    },
    Corrupt {
        workspace: WorkspaceId,
        revision: u64,
        reason: String,
    },
    Storage(String),
}

/// The error `result` must be.
#[track_caller]
fn failed<T: std::fmt::Debug>(result: Result<T, JournalError>) -> Failed {
    match result.expect_err("an error") {
        JournalError::Conflict {
            workspace,
            revision,
            last,
        } => Failed::Conflict {
            workspace,
            revision,
            last,
        },
        JournalError::UnknownWorkspace(workspace) => Failed::Unknown(workspace),
        JournalError::Exists(workspace) => Failed::Exists(workspace),
        JournalError::Compacted {
            workspace,
            after,
            through,
        } => Failed::Compacted {
            workspace,
            after,
            through,
        },
        JournalError::SnapshotAhead {
            workspace,
            revision,
            last,
        } => Failed::Ahead {
            workspace,
            revision,
            last,
        },
        JournalError::Corrupt {
            workspace,
            revision,
            reason,
        } => Failed::Corrupt {
            workspace,
            revision,
            reason,
        },
        JournalError::Storage(error) => Failed::Storage(error.to_string()),
        other => panic!("an error this test does not know: {other:?}"),
    }
}

/// A `Corrupt` error of `workspace` at `revision` whose reason contains `because`.
#[track_caller]
fn assert_corrupt<T: std::fmt::Debug>(
    result: Result<T, JournalError>,
    workspace: WorkspaceId,
    revision: u64,
    because: &str,
) {
    match failed(result) {
        Failed::Corrupt {
            workspace: w,
            revision: r,
            reason,
        } if w == workspace && r == revision && reason.contains(because) => {}
        other => panic!("expected Corrupt {{ {workspace}, {revision}, `{because}` }}: {other:?}"),
    }
}

/// A writer's run on a new workspace: `count` members added (2, 3, …), with every event
/// and the snapshot after each (index `k` is the state at revision `k`).
fn members(count: u32) -> (Vec<Event>, Vec<WorkspaceSnapshot>) {
    record(count, |ws, k| {
        ws.add_member(OWNER, MemberId::new(u128::from(k) + 2), Role::Agent)
    })
}

/// As [`members`], with teams created (1, 2, …): another workspace's history.
fn teams(count: u32) -> (Vec<Event>, Vec<WorkspaceSnapshot>) {
    record(count, |ws, k| {
        ws.create_team(OWNER, TeamId::new(u128::from(k) + 1))
    })
}

fn record(
    count: u32,
    change: impl Fn(&mut Workspace, u32) -> Result<Option<Event>, chatgate::WorkspaceError>,
) -> (Vec<Event>, Vec<WorkspaceSnapshot>) {
    let mut ws = Workspace::new(OWNER);
    let mut states = vec![ws.snapshot()];
    let mut events = Vec::new();
    for k in 0..count {
        events.push(change(&mut ws, k).unwrap().unwrap());
        states.push(ws.snapshot());
    }
    (events, states)
}

/// `journal` holding workspace `A` with `events` appended after `states[0]`.
fn filled(journal: &dyn Journal, events: &[Event], states: &[WorkspaceSnapshot]) {
    journal.create(A, &states[0]).unwrap();
    for event in events {
        journal.append(A, event).unwrap();
    }
}

// The conformance suite: each function is run on both journals (see `suite!` below).

fn create_then_exists(journal: &dyn Journal) {
    assert_eq!(journal.workspaces().unwrap(), []);
    let (_, states) = members(3);
    journal.create(A, &states[0]).unwrap();
    assert_eq!(failed(journal.create(A, &states[3])), Failed::Exists(A));
    // The refused create changed nothing.
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[0]);
    assert_eq!(journal.last_revision(A).unwrap(), 0);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), []);

    // A workspace created from a later state continues from its revision.
    journal.create(B, &states[2]).unwrap();
    assert_eq!(journal.last_revision(B).unwrap(), 2);
    assert_eq!(journal.latest_snapshot(B).unwrap(), states[2]);
    assert_eq!(journal.read_after(B, 2, 10).unwrap(), []);
    assert_eq!(
        failed(journal.read_after(B, 1, 10)),
        Failed::Compacted {
            workspace: B,
            after: 1,
            through: 2
        }
    );
    // Ids in order, whatever the order they came in (the blob's bytes are big-endian).
    for id in [u128::MAX, 1 << 64, 300, 256] {
        journal.create(WorkspaceId::new(id), &states[0]).unwrap();
    }
    let ids: Vec<u128> = journal
        .workspaces()
        .unwrap()
        .into_iter()
        .map(WorkspaceId::get)
        .collect();
    assert_eq!(ids, [1, 2, 256, 300, 1 << 64, u128::MAX]);
}

fn every_method_refuses_an_unknown_workspace(journal: &dyn Journal) {
    let (events, states) = members(1);
    journal.create(A, &states[0]).unwrap();
    assert_eq!(failed(journal.append(B, &events[0])), Failed::Unknown(B));
    assert_eq!(failed(journal.read_after(B, 0, 10)), Failed::Unknown(B));
    assert_eq!(failed(journal.last_revision(B)), Failed::Unknown(B));
    assert_eq!(
        failed(journal.save_snapshot(B, &states[0])),
        Failed::Unknown(B)
    );
    assert_eq!(failed(journal.latest_snapshot(B)), Failed::Unknown(B));
    assert_eq!(failed(journal.compact(B)), Failed::Unknown(B));
    assert_eq!(journal.workspaces().unwrap(), [A]);
    assert_eq!(journal.last_revision(A).unwrap(), 0);
}

fn a_conflicting_append_writes_nothing(journal: &dyn Journal) {
    let (events, states) = members(4);
    journal.create(A, &states[0]).unwrap();
    // Revision 2 first: revision 1 is missing.
    let conflict = |revision, last| Failed::Conflict {
        workspace: A,
        revision,
        last,
    };
    assert_eq!(failed(journal.append(A, &events[1])), conflict(2, 0));
    journal.append(A, &events[0]).unwrap();
    journal.append(A, &events[1]).unwrap();
    // The same revision twice, an older one, one skipped, and the extremes.
    assert_eq!(failed(journal.append(A, &events[1])), conflict(2, 2));
    assert_eq!(failed(journal.append(A, &events[0])), conflict(1, 2));
    assert_eq!(failed(journal.append(A, &events[3])), conflict(4, 2));
    let zero = Event {
        revision: 0,
        ..events[2].clone()
    };
    assert_eq!(failed(journal.append(A, &zero)), conflict(0, 2));
    let far = Event {
        revision: u64::MAX,
        ..events[2].clone()
    };
    assert_eq!(failed(journal.append(A, &far)), conflict(u64::MAX, 2));
    // Nothing of them was written.
    assert_eq!(journal.last_revision(A).unwrap(), 2);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), events[..2]);
    journal.append(A, &events[2]).unwrap();
    journal.append(A, &events[3]).unwrap();
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), events);
}

fn read_after_is_in_order_and_limited(journal: &dyn Journal) {
    let (events, states) = members(10);
    filled(journal, &events, &states);
    assert_eq!(journal.last_revision(A).unwrap(), 10);
    assert_eq!(journal.read_after(A, 0, 100).unwrap(), events);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), events);
    assert_eq!(journal.read_after(A, 0, 3).unwrap(), events[..3]);
    assert_eq!(journal.read_after(A, 3, 4).unwrap(), events[3..7]);
    assert_eq!(journal.read_after(A, 9, 5).unwrap(), events[9..]);
    assert_eq!(journal.read_after(A, 0, 0).unwrap(), []);
    assert_eq!(journal.read_after(A, 10, 5).unwrap(), []);
    assert_eq!(journal.read_after(A, 50, 5).unwrap(), []);
    assert_eq!(journal.read_after(A, u64::MAX, usize::MAX).unwrap(), []);
    assert_eq!(journal.read_after(A, 4, usize::MAX).unwrap(), events[4..]);
    // Read in batches, the whole journal in order.
    let mut read = Vec::new();
    loop {
        let batch = journal.read_after(A, read.len() as u64, 3).unwrap();
        if batch.is_empty() {
            break;
        }
        assert_eq!(batch.len(), 3.min(events.len() - read.len()));
        read.extend(batch);
    }
    assert_eq!(read, events);
}

fn workspaces_never_interfere(journal: &dyn Journal) {
    let (a_events, a_states) = members(4);
    let (b_events, b_states) = teams(4);
    journal.create(A, &a_states[0]).unwrap();
    journal.create(B, &b_states[0]).unwrap();
    // The same revisions, interleaved.
    for (a, b) in a_events.iter().zip(&b_events).take(3) {
        journal.append(A, a).unwrap();
        journal.append(B, b).unwrap();
    }
    // A conflict on one is not the other's.
    assert_eq!(
        failed(journal.append(A, &b_events[1])),
        Failed::Conflict {
            workspace: A,
            revision: 2,
            last: 3
        }
    );
    journal.append(A, &a_events[3]).unwrap();
    assert_eq!(journal.last_revision(A).unwrap(), 4);
    assert_eq!(journal.last_revision(B).unwrap(), 3);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), a_events);
    assert_eq!(journal.read_after(B, 0, 10).unwrap(), b_events[..3]);
    // A snapshot and a compaction of one leave the other whole.
    journal.save_snapshot(A, &a_states[4]).unwrap();
    assert_eq!(journal.compact(A).unwrap(), 4);
    assert_eq!(journal.latest_snapshot(B).unwrap(), b_states[0]);
    assert_eq!(journal.read_after(B, 0, 10).unwrap(), b_events[..3]);
    assert_eq!(journal.compact(B).unwrap(), 0);
    assert_eq!(journal.latest_snapshot(A).unwrap(), a_states[4]);
    assert_eq!(journal.read_after(A, 4, 10).unwrap(), []);
}

fn the_latest_snapshot_wins(journal: &dyn Journal) {
    let (events, states) = members(4);
    filled(journal, &events[..3], &states);
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[0]);
    // Ahead of the journal: refused, nothing saved.
    assert_eq!(
        failed(journal.save_snapshot(A, &states[4])),
        Failed::Ahead {
            workspace: A,
            revision: 4,
            last: 3
        }
    );
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[0]);
    journal.save_snapshot(A, &states[2]).unwrap();
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[2]);
    // An older one saved late does not replace it.
    journal.save_snapshot(A, &states[1]).unwrap();
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[2]);
    journal.save_snapshot(A, &states[3]).unwrap();
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[3]);
    // Saving changes no event.
    assert_eq!(journal.last_revision(A).unwrap(), 3);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), events[..3]);
    // Compaction keeps to the latest, an older one saved after it included.
    journal.save_snapshot(A, &states[1]).unwrap();
    assert_eq!(journal.compact(A).unwrap(), 3);
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[3]);
    journal.append(A, &events[3]).unwrap();
    journal.save_snapshot(A, &states[4]).unwrap();
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[4]);
}

fn compaction_drops_what_the_snapshot_holds(journal: &dyn Journal) {
    let (events, states) = members(6);
    journal.create(A, &states[0]).unwrap();
    // Nothing to drop yet.
    assert_eq!(journal.compact(A).unwrap(), 0);
    for event in &events[..5] {
        journal.append(A, event).unwrap();
    }
    // No snapshot but the first: nothing to drop.
    assert_eq!(journal.compact(A).unwrap(), 0);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), events[..5]);

    journal.save_snapshot(A, &states[3]).unwrap();
    assert_eq!(journal.compact(A).unwrap(), 3);
    for after in [0, 2] {
        assert_eq!(
            failed(journal.read_after(A, after, 10)),
            Failed::Compacted {
                workspace: A,
                after,
                through: 3
            }
        );
    }
    assert_eq!(journal.read_after(A, 3, 10).unwrap(), events[3..5]);
    assert_eq!(journal.read_after(A, 4, 10).unwrap(), events[4..5]);
    assert_eq!(journal.last_revision(A).unwrap(), 5);
    assert_eq!(journal.latest_snapshot(A).unwrap(), states[3]);
    // Twice: nothing more.
    assert_eq!(journal.compact(A).unwrap(), 0);
    assert_eq!(journal.read_after(A, 3, 10).unwrap(), events[3..5]);

    // The journal goes on from there, and compacts again.
    assert_eq!(
        failed(journal.append(A, &events[4])),
        Failed::Conflict {
            workspace: A,
            revision: 5,
            last: 5
        }
    );
    journal.append(A, &events[5]).unwrap();
    journal.save_snapshot(A, &states[6]).unwrap();
    assert_eq!(journal.compact(A).unwrap(), 3);
    assert_eq!(journal.last_revision(A).unwrap(), 6);
    assert_eq!(
        failed(journal.read_after(A, 5, 10)),
        Failed::Compacted {
            workspace: A,
            after: 5,
            through: 6
        }
    );
    assert_eq!(journal.read_after(A, 6, 10).unwrap(), []);
    // Replaying the snapshot with what follows is the writer's state.
    let ws = Workspace::from_snapshot(journal.latest_snapshot(A).unwrap()).unwrap();
    assert_eq!(ws.snapshot(), states[6]);
}

/// Each check, as a `#[test]` on a new `MemoryJournal` (module `memory`) and on a new
/// `SqliteJournal` in a file of its own (module `sqlite`).
macro_rules! suite {
    ($($check:ident),* $(,)?) => {
        mod memory {
            $(#[test]
            fn $check() {
                super::$check(&chatgate::MemoryJournal::new());
            })*
        }
        mod sqlite {
            $(#[test]
            fn $check() {
                let file = super::TempFile::new(stringify!($check));
                super::$check(&file.open());
            })*
        }
    };
}

suite!(
    create_then_exists,
    every_method_refuses_an_unknown_workspace,
    a_conflicting_append_writes_nothing,
    read_after_is_in_order_and_limited,
    workspaces_never_interfere,
    the_latest_snapshot_wins,
    compaction_drops_what_the_snapshot_holds,
);

// SQLite alone: the file.

#[test]
fn a_sqlite_journal_is_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<SqliteJournal>();
    send_sync::<Durability>();
    assert_eq!(Durability::default(), Durability::Full);
}

#[test]
fn a_new_file_has_the_documented_schema() {
    let file = TempFile::new("schema");
    let journal = file.open();
    let (events, states) = members(1);
    let tenant = WorkspaceId::new(0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10);
    journal.create(tenant, &states[0]).unwrap();
    journal.append(tenant, &events[0]).unwrap();

    let raw = file.raw();
    let version: i64 = raw
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let tables: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(tables, ["events", "snapshots", "workspaces"]);
    let key: Vec<u8> = (1..=16).collect();
    let (workspace, through): (Vec<u8>, i64) = raw
        .query_row("SELECT workspace, through FROM workspaces", [], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .unwrap();
    assert_eq!((workspace, through), (key.clone(), 0));
    let (revision, json): (i64, String) = raw
        .query_row(
            "SELECT revision, event FROM events WHERE workspace = ?1",
            [&key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!(revision, 1);
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), events[0]);
    let json: String = raw
        .query_row(
            "SELECT snapshot FROM snapshots WHERE workspace = ?1 AND revision = 0",
            [&key],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        serde_json::from_str::<WorkspaceSnapshot>(&json).unwrap(),
        states[0]
    );
}

#[test]
fn reopening_the_file_gives_the_same_journal() {
    let file = TempFile::new("reopen");
    let (a_events, a_states) = members(5);
    let (b_events, b_states) = teams(2);
    {
        let journal = file.open();
        filled(&journal, &a_events, &a_states);
        journal.save_snapshot(A, &a_states[3]).unwrap();
        assert_eq!(journal.compact(A).unwrap(), 3);
        journal.create(B, &b_states[0]).unwrap();
        journal.append(B, &b_events[0]).unwrap();
    }
    // Opened again, with the other durability: the same journal.
    let journal = SqliteJournal::open(file.path(), Durability::Normal).unwrap();
    assert_eq!(journal.workspaces().unwrap(), [A, B]);
    assert_eq!(journal.last_revision(A).unwrap(), 5);
    assert_eq!(journal.latest_snapshot(A).unwrap(), a_states[3]);
    assert_eq!(journal.read_after(A, 3, 10).unwrap(), a_events[3..]);
    assert_eq!(
        failed(journal.read_after(A, 2, 10)),
        Failed::Compacted {
            workspace: A,
            after: 2,
            through: 3
        }
    );
    assert_eq!(journal.latest_snapshot(B).unwrap(), b_states[0]);
    assert_eq!(journal.read_after(B, 0, 10).unwrap(), b_events[..1]);
    journal.append(B, &b_events[1]).unwrap();
    drop(journal);
    assert_eq!(file.open().read_after(B, 0, 10).unwrap(), b_events);
}

#[test]
fn two_handles_racing_on_one_file_never_both_record_a_revision() {
    const PER_WRITER: u128 = 15;
    let file = TempFile::new("race");
    let account = AccountId::new(10);
    let mut ws = Workspace::new(OWNER);
    let connected = ws.connect_account(OWNER, account).unwrap().unwrap();
    let setup = file.open();
    setup.create(A, &Workspace::new(OWNER).snapshot()).unwrap();
    setup.append(A, &connected).unwrap();

    // Each writer, with its own handle (as another process would have), receives its own
    // chats; on a conflict it catches up and decides again.
    let writers: Vec<_> = [1_000_u128, 2_000]
        .into_iter()
        .map(|first| {
            let journal = file.open();
            std::thread::spawn(move || {
                let mut replica =
                    Workspace::from_snapshot(journal.latest_snapshot(A).unwrap()).unwrap();
                let mut conflicts = 0_u32;
                for chat in (first..first + PER_WRITER).map(ChatId::new) {
                    loop {
                        for event in journal.read_after(A, replica.revision(), 1024).unwrap() {
                            assert_eq!(replica.apply(&event), Ok(true));
                        }
                        let change = Change::ReceiveChat { chat, account };
                        let event = replica.prepare(None, change).unwrap().unwrap();
                        match journal.append(A, &event) {
                            Ok(()) => {
                                replica.commit(&event).unwrap();
                                break;
                            }
                            Err(JournalError::Conflict { .. }) => conflicts += 1,
                            Err(error) => panic!("append: {error}"),
                        }
                    }
                }
                conflicts
            })
        })
        .collect();
    let conflicts: u32 = writers.into_iter().map(|w| w.join().unwrap()).sum();
    eprintln!(
        "two writers, {} chats each: {conflicts} conflicts",
        PER_WRITER
    );

    let events = setup.read_after(A, 0, 1024).unwrap();
    let revisions: Vec<u64> = events.iter().map(|event| event.revision).collect();
    assert_eq!(
        revisions,
        (1..=1 + 2 * PER_WRITER as u64).collect::<Vec<_>>()
    );
    let mut replayed = Workspace::new(OWNER);
    for event in &events {
        assert_eq!(replayed.apply(event), Ok(true));
    }
    let chats: BTreeSet<u128> = replayed
        .snapshot()
        .chats
        .iter()
        .map(|chat| chat.id.get())
        .collect();
    let expected: BTreeSet<u128> = (1_000..1_000 + PER_WRITER)
        .chain(2_000..2_000 + PER_WRITER)
        .collect();
    assert_eq!(chats, expected);
}

/// Runs `sql` on `file` through a connection of its own: a row changed behind the journal.
fn tamper(file: &TempFile, sql: &str, params: impl rusqlite::Params) {
    let changed = file.raw().execute(sql, params).unwrap();
    assert_eq!(changed, 1, "{sql}");
}

#[test]
fn a_tampered_event_reads_as_corrupt() {
    let file = TempFile::new("tampered-event");
    let journal = file.open();
    let (events, states) = members(5);
    filled(&journal, &events, &states);
    let key = A.to_bytes();
    let update = "UPDATE events SET event = ?3 WHERE workspace = ?1 AND revision = ?2";

    // JSON that does not read.
    tamper(
        &file,
        update,
        rusqlite::params![key, 2, "{\"revision\": 2,"],
    );
    assert_corrupt(journal.read_after(A, 0, 10), A, 2, "JSON does not read");
    assert_corrupt(journal.read_after(A, 1, 1), A, 2, "JSON does not read");
    // What is read before or after it still reads.
    assert_eq!(journal.read_after(A, 0, 1).unwrap(), events[..1]);
    assert_eq!(journal.read_after(A, 2, 10).unwrap(), events[2..]);

    // Another revision's event, whole and valid, in its row.
    let third = serde_json::to_string(&events[2]).unwrap();
    tamper(&file, update, rusqlite::params![key, 2, third]);
    assert_corrupt(journal.read_after(A, 0, 10), A, 2, "is revision 3");

    // Not text at all.
    tamper(&file, update, rusqlite::params![key, 2, vec![0_u8, 1]]);
    assert_corrupt(journal.read_after(A, 1, 10), A, 2, "not as JSON text");

    // A revision missing in the middle.
    let second = serde_json::to_string(&events[1]).unwrap();
    tamper(&file, update, rusqlite::params![key, 2, second]);
    assert_eq!(journal.read_after(A, 0, 10).unwrap(), events);
    tamper(
        &file,
        "DELETE FROM events WHERE workspace = ?1 AND revision = 4",
        [key],
    );
    assert_corrupt(journal.read_after(A, 0, 10), A, 4, "missing");
    assert_corrupt(journal.read_after(A, 3, 10), A, 4, "missing");
    assert_eq!(journal.read_after(A, 0, 3).unwrap(), events[..3]);
}

#[test]
fn a_tampered_snapshot_reads_as_corrupt() {
    let file = TempFile::new("tampered-snapshot");
    let journal = file.open();
    let (events, states) = members(3);
    filled(&journal, &events, &states);
    journal.save_snapshot(A, &states[3]).unwrap();
    let key = A.to_bytes();
    let update = "UPDATE snapshots SET snapshot = ?3 WHERE workspace = ?1 AND revision = ?2";

    tamper(&file, update, rusqlite::params![key, 3, "{"]);
    assert_corrupt(journal.latest_snapshot(A), A, 3, "JSON does not read");
    // A valid snapshot of another revision.
    let second = serde_json::to_string(&states[2]).unwrap();
    tamper(&file, update, rusqlite::params![key, 3, second]);
    assert_corrupt(journal.latest_snapshot(A), A, 3, "of revision 2");
    // Every snapshot gone: corrupt too.
    tamper(
        &file,
        "DELETE FROM snapshots WHERE workspace = ?1 AND revision = 3",
        [key],
    );
    tamper(
        &file,
        "DELETE FROM snapshots WHERE workspace = ?1 AND revision = 0",
        [key],
    );
    assert_corrupt(journal.latest_snapshot(A), A, 0, "no snapshot");
    assert_corrupt(journal.compact(A), A, 0, "no snapshot");
}

#[test]
fn a_file_of_another_schema_is_refused() {
    // Another version of the journal's schema.
    let file = TempFile::new("version");
    file.open()
        .create(A, &Workspace::new(OWNER).snapshot())
        .unwrap();
    file.raw().pragma_update(None, "user_version", 2).unwrap();
    let Failed::Storage(message) = failed(SqliteJournal::open(file.path(), Durability::Full))
    else {
        panic!("not a storage error")
    };
    assert!(
        message.contains("schema version 2") && message.contains("(version 1)"),
        "{message}"
    );

    // Another program's database.
    let file = TempFile::new("foreign");
    file.raw()
        .execute_batch("CREATE TABLE chats (id INTEGER PRIMARY KEY)")
        .unwrap();
    let Failed::Storage(message) = failed(SqliteJournal::open(file.path(), Durability::Full))
    else {
        panic!("not a storage error")
    };
    assert!(message.contains("another program's database"), "{message}");
    // Left as it was: not switched to WAL, no table added.
    let raw = file.raw();
    let mode: String = raw
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "delete");
    let tables: i64 = raw
        .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
        .unwrap();
    assert_eq!(tables, 1);

    // Not a database.
    let file = TempFile::new("garbage");
    std::fs::write(file.path(), [0x5a_u8; 4096]).unwrap();
    assert!(matches!(
        failed(SqliteJournal::open(file.path(), Durability::Full)),
        Failed::Storage(_)
    ));

    // SQLite cannot keep an in-memory database in WAL mode.
    let Failed::Storage(message) = failed(SqliteJournal::open(":memory:", Durability::Full)) else {
        panic!("not a storage error")
    };
    assert!(message.contains("not WAL"), "{message}");
}

#[test]
fn revisions_beyond_sqlite_integers_are_refused() {
    let file = TempFile::new("beyond");
    let journal = file.open();
    let (events, states) = members(1);
    let top = u64::try_from(i64::MAX).unwrap();
    let beyond = WorkspaceSnapshot {
        revision: top + 1,
        ..states[0].clone()
    };
    let Failed::Storage(message) = failed(journal.create(A, &beyond)) else {
        panic!("not a storage error")
    };
    assert!(message.contains("beyond what SQLite stores"), "{message}");
    assert_eq!(journal.workspaces().unwrap(), []);

    // At SQLite's last integer: nothing may follow.
    let at_top = WorkspaceSnapshot {
        revision: top,
        ..states[0].clone()
    };
    journal.create(A, &at_top).unwrap();
    assert_eq!(journal.last_revision(A).unwrap(), top);
    let next = Event {
        revision: top + 1,
        ..events[0].clone()
    };
    assert!(matches!(
        failed(journal.append(A, &next)),
        Failed::Storage(_)
    ));
    assert_eq!(journal.last_revision(A).unwrap(), top);
    assert_eq!(journal.read_after(A, top, 10).unwrap(), []);
    assert_eq!(journal.read_after(A, u64::MAX, 10).unwrap(), []);
    assert_eq!(journal.latest_snapshot(A).unwrap(), at_top);
}

// The property: whatever the changes, the journal gives back what was recorded.

/// Records `changes` on a new workspace through `journal` (a snapshot saved after `cut`
/// of the events), reads them back, replays them onto the journal's snapshot, compacts.
fn recorded_and_replayed(
    journal: &dyn Journal,
    changes: &[(Option<MemberId>, Change)],
    cut: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let mut writer = Workspace::new(OWNER);
    journal.create(A, &writer.snapshot()).unwrap();
    let mut recorded = Vec::new();
    let mut states = vec![writer.snapshot()];
    for (actor, change) in changes {
        if let Ok(Some(event)) = writer.prepare(*actor, *change) {
            journal.append(A, &event).unwrap();
            writer.commit(&event).unwrap();
            recorded.push(event);
            states.push(writer.snapshot());
        }
    }
    prop_assert_eq!(journal.last_revision(A).unwrap(), recorded.len() as u64);
    let cut = cut.index(states.len());
    journal.save_snapshot(A, &states[cut]).unwrap();

    let mut read = Vec::new();
    loop {
        let batch = journal.read_after(A, read.len() as u64, 7).unwrap();
        if batch.is_empty() {
            break;
        }
        read.extend(batch);
    }
    prop_assert_eq!(&read, &recorded);

    let snapshot = journal.latest_snapshot(A).unwrap();
    prop_assert_eq!(&snapshot, &states[cut]);
    let mut reader = Workspace::from_snapshot(snapshot).unwrap();
    for event in journal.read_after(A, cut as u64, usize::MAX).unwrap() {
        prop_assert_eq!(reader.apply(&event), Ok(true));
    }
    prop_assert_eq!(reader.snapshot(), writer.snapshot());

    prop_assert_eq!(journal.compact(A).unwrap(), cut as u64);
    prop_assert_eq!(
        journal.read_after(A, cut as u64, usize::MAX).unwrap(),
        &recorded[cut..]
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_memory_journal_gives_back_what_was_recorded(
        changes in prop::collection::vec(acted(), 1..80),
        cut in any::<prop::sample::Index>(),
    ) {
        recorded_and_replayed(&MemoryJournal::new(), &changes, cut)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn a_sqlite_journal_gives_back_what_was_recorded(
        changes in prop::collection::vec(acted(), 1..80),
        cut in any::<prop::sample::Index>(),
    ) {
        let file = TempFile::new("property");
        recorded_and_replayed(&file.open(), &changes, cut)?;
    }
}
