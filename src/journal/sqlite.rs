//! A journal in one SQLite file (the `sqlite` feature): the instances of a service on one
//! machine each open it, and share every workspace's events through it. The schema, the
//! locking between processes, the fail-closed reading and the durability are documented on
//! [`SqliteJournal`], where docs.rs shows them (this module is private).

use std::boxed::Box;
use std::format;
use std::path::Path;
use std::string::String;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use std::vec::Vec;

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{Journal, JournalError};
use crate::{Event, WorkspaceId, WorkspaceSnapshot};

/// The schema's version, kept in the file's `user_version`.
const VERSION: i64 = 1;

/// How long a write waits for another connection's write lock before it fails.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The schema of version [`VERSION`], created in a new file.
const SCHEMA: &str = "
    CREATE TABLE workspaces (workspace BLOB PRIMARY KEY, through INTEGER NOT NULL);
    CREATE TABLE events (workspace BLOB, revision INTEGER, event TEXT NOT NULL,
                         PRIMARY KEY (workspace, revision)) WITHOUT ROWID;
    CREATE TABLE snapshots (workspace BLOB, revision INTEGER, snapshot TEXT NOT NULL,
                            PRIMARY KEY (workspace, revision)) WITHOUT ROWID;
    PRAGMA user_version = 1;
";

/// How durable an append is once it returned: SQLite's `synchronous` setting.
///
/// [`Full`](Durability::Full) is the default, because a revocation that was acknowledged
/// must never come undone; [`Normal`](Durability::Normal) trades the last appends before a
/// power loss for appends without an `fsync` each (see [`SqliteJournal`], "Durability").
///
/// # Example
///
/// ```
/// use chatgate::{Durability, Journal, JournalError, SqliteJournal, Workspace, WorkspaceId};
///
/// assert_eq!(Durability::default(), Durability::Full);
/// let path = std::env::temp_dir().join(format!("chatgate-doc-durability-{}.db", std::process::id()));
/// # let _ = std::fs::remove_file(&path);
/// let journal = SqliteJournal::open(&path, Durability::Normal)?;
/// let tenant = WorkspaceId::new(1);
/// journal.create(tenant, &Workspace::new(chatgate::MemberId::new(1)).snapshot())?;
/// // Durable or not, the same workspace is created once.
/// let again = journal.create(tenant, &Workspace::new(chatgate::MemberId::new(1)).snapshot());
/// assert!(matches!(again, Err(JournalError::Exists(_))));
/// drop(journal);
/// std::fs::remove_file(&path)?;
/// # for end in ["-wal", "-shm"] { let _ = std::fs::remove_file(format!("{}{end}", path.display())); }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `PRAGMA synchronous = FULL`: an append that returned is on disk, even after a power
    /// loss or a crash of the operating system.
    #[default]
    Full,
    /// `PRAGMA synchronous = NORMAL` (in WAL mode): survives a crash of the process and
    /// never corrupts the file; a power loss or a crash of the operating system may lose the
    /// last appends.
    Normal,
}

impl Durability {
    /// The value of `PRAGMA synchronous`.
    const fn synchronous(self) -> &'static str {
        match self {
            Self::Full => "FULL",
            Self::Normal => "NORMAL",
        }
    }
}

/// A [`Journal`] in one SQLite file, which several processes may open at once: the
/// instances of a service on one machine.
///
/// One connection, behind a lock: threads of one process take turns on it. A method blocks
/// on the file (and, to write, for up to 5 seconds on another process's write), so an async
/// service calls it off its runtime's workers.
///
/// # Schema
///
/// ```sql
/// PRAGMA user_version = 1;
/// CREATE TABLE workspaces (workspace BLOB PRIMARY KEY, through INTEGER NOT NULL);
/// CREATE TABLE events (workspace BLOB, revision INTEGER, event TEXT NOT NULL,
///                      PRIMARY KEY (workspace, revision)) WITHOUT ROWID;
/// CREATE TABLE snapshots (workspace BLOB, revision INTEGER, snapshot TEXT NOT NULL,
///                         PRIMARY KEY (workspace, revision)) WITHOUT ROWID;
/// ```
///
/// - `workspace` is the [`WorkspaceId`] as its 16 big-endian bytes
///   ([`WorkspaceId::to_bytes`]), so that SQLite's order of blobs is the ids' order.
/// - `through` is the revision the kept events start after: the revision of the snapshot the
///   workspace was created with, then of the latest one compacted into.
/// - `event` and `snapshot` are the record's JSON, as the `serde` feature writes it
///   ([`Event`], [`WorkspaceSnapshot`]); the `revision` column repeats the record's own.
/// - A revision is a `u64` in the API and a signed 64-bit integer in SQLite: a revision
///   above `i64::MAX` is refused ([`JournalError::Storage`]), never wrapped.
///
/// [`SqliteJournal::open`] creates the file and the schema when they are missing, and
/// refuses a file of another `user_version` (a newer chatgate's, or another program's
/// database).
///
/// # Several processes, one file
///
/// The file is in WAL mode, so that readers never wait for a writer and a writer never waits
/// for readers. A write waits up to 5 seconds for another process's write lock (the busy
/// timeout) instead of failing at once; one that waits longer fails with
/// [`JournalError::Storage`] (SQLite's "database is locked") and writes nothing. Every write runs in a `BEGIN IMMEDIATE` transaction:
/// it takes the file's write lock *before* it reads the last revision, so the check "the
/// last revision is `r − 1`" and the insert of revision `r` are one step across processes.
/// Two instances that decided a change on the same revision cannot both record it; the
/// second gets [`JournalError::Conflict`] (optimistic concurrency, as the [`Journal`] trait
/// describes). Every read runs in a transaction of its own too, so that what it reads is one
/// state of the file even while another process writes.
///
/// # Reading fails closed
///
/// A stored event or snapshot whose JSON does not read, whose own revision is not the one
/// of its row, or a revision missing among the events [`read_after`](Journal::read_after)
/// returns, is [`JournalError::Corrupt`]: a reader never builds a state from a journal it
/// cannot read exactly.
///
/// # Durability
///
/// [`Durability::Full`] is the default: an append that returned is on disk, even after a
/// power loss or a crash of the operating system. A journal records revocations, and a
/// revocation that was acknowledged must never come undone. [`Durability::Normal`] is
/// cheaper (no `fsync` per append, only at WAL checkpoints): it survives a crash of the
/// process and never corrupts the file, but may lose the last appends on a power loss or a
/// crash of the operating system. `benches/journal.rs` measures the two.
///
/// # Example
///
/// ```
/// use chatgate::{Change, Durability, Journal, JournalError, MemberId, Role, SqliteJournal,
///                TeamId, Workspace, WorkspaceId};
///
/// let path = std::env::temp_dir().join(format!("chatgate-doc-journal-{}.db", std::process::id()));
/// # let _ = std::fs::remove_file(&path);
/// let (tenant, owner) = (WorkspaceId::new(1), MemberId::new(1));
/// // Two instances of a service, each with its own handle on the file.
/// let first = SqliteJournal::open(&path, Durability::Full)?;
/// let second = SqliteJournal::open(&path, Durability::Full)?;
/// let mut ws = Workspace::new(owner);
/// first.create(tenant, &ws.snapshot())?;
/// let mut other = Workspace::from_snapshot(second.latest_snapshot(tenant)?)?;
///
/// // Both decide a change on revision 0: the first to record it wins.
/// let add = Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None };
/// let team = Change::CreateTeam { team: TeamId::new(7) };
/// let added = ws.prepare(Some(owner), add)?.expect("a new member");
/// let created = other.prepare(Some(owner), team)?.expect("a new team");
/// first.append(tenant, &added)?;
/// ws.commit(&added)?;
/// assert!(matches!(
///     second.append(tenant, &created),
///     Err(JournalError::Conflict { revision: 1, last: 1, .. })
/// ));
/// // The second catches up and decides again, on the newer state.
/// for event in second.read_after(tenant, other.revision(), 100)? {
///     other.apply(&event)?;
/// }
/// let created = other.prepare(Some(owner), team)?.expect("a new team");
/// second.append(tenant, &created)?;
/// other.commit(&created)?;
/// drop((first, second));
///
/// // Opened again, the file holds both.
/// let journal = SqliteJournal::open(&path, Durability::Full)?;
/// assert_eq!(journal.read_after(tenant, 0, 100)?, vec![added, created]);
/// drop(journal);
/// std::fs::remove_file(&path)?;
/// # for end in ["-wal", "-shm"] { let _ = std::fs::remove_file(format!("{}{end}", path.display())); }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteJournal {
    connection: Mutex<Connection>,
}

impl SqliteJournal {
    /// Opens the journal in the file at `path`, creating the file and its schema when they
    /// are missing, with appends as durable as `durability` says.
    ///
    /// # Errors
    ///
    /// [`JournalError::Storage`] when the file cannot be opened or created (its directory
    /// does not exist, it is not an SQLite database, it is read-only), when SQLite cannot
    /// keep it in WAL mode (`":memory:"`, some network file systems), and when it holds
    /// another schema: a `user_version` other than 1, or tables of another program.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Durability, Journal, SqliteJournal, WorkspaceId};
    ///
    /// let dir = std::env::temp_dir();
    /// let path = dir.join(format!("chatgate-doc-open-{}.db", std::process::id()));
    /// # let _ = std::fs::remove_file(&path);
    /// let journal = SqliteJournal::open(&path, Durability::default())?;
    /// assert!(journal.workspaces()?.is_empty());
    /// drop(journal);
    /// std::fs::remove_file(&path)?;
    /// # for end in ["-wal", "-shm"] { let _ = std::fs::remove_file(format!("{}{end}", path.display())); }
    ///
    /// // A directory that does not exist.
    /// let nowhere = dir.join("chatgate-no-such-directory").join("journal.db");
    /// let error = SqliteJournal::open(&nowhere, Durability::Full).unwrap_err();
    /// assert!(error.to_string().starts_with("the journal's storage failed: "), "{error}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open(path: impl AsRef<Path>, durability: Durability) -> Result<Self, JournalError> {
        let mut connection = Connection::open(path).map_err(storage)?;
        // First, so that creating the schema and switching to WAL wait for another process
        // doing the same.
        connection.busy_timeout(BUSY_TIMEOUT).map_err(storage)?;
        // Before WAL, which stays with the file: another program's file is left as it was.
        schema(&mut connection)?;
        let mode: String = connection
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .map_err(storage)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(message(format!(
                "SQLite keeps the file in journal mode `{mode}`, not WAL: the instances of a \
                 service could not share it"
            )));
        }
        connection
            .pragma_update(None, "synchronous", durability.synchronous())
            .map_err(storage)?;
        Ok(Self {
            connection: Mutex::new(connection),
        })
    }

    /// Runs `operation` as one transaction, committed when it returns `Ok` and rolled back
    /// otherwise: `Immediate` for a write (the file's write lock taken first), `Deferred`
    /// for a read (one state of the file throughout).
    fn run<T>(
        &self,
        behavior: TransactionBehavior,
        operation: impl FnOnce(&Transaction<'_>) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        // A panic while the lock was held poisons it, but leaves no transaction behind:
        // rusqlite's `Transaction` rolls back when dropped, as it is while unwinding, and
        // SQLite rolls back whatever its connection did not commit. Should that rollback
        // itself have failed, the transaction still open is rolled back here.
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        roll_back_leftover(&mut connection)?;
        let transaction = connection
            .transaction_with_behavior(behavior)
            .map_err(storage)?;
        let value = operation(&transaction)?;
        transaction.commit().map_err(storage)?;
        Ok(value)
    }
}

/// Rolls back a transaction left open on `connection` (see [`SqliteJournal::run`]).
fn roll_back_leftover(connection: &mut MutexGuard<'_, Connection>) -> Result<(), JournalError> {
    if connection.is_autocommit() {
        return Ok(());
    }
    connection.execute_batch("ROLLBACK").map_err(storage)
}

/// Creates the schema in a new file, or checks the version of an existing one.
fn schema(connection: &mut Connection) -> Result<(), JournalError> {
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(storage)?;
    let version: i64 = transaction
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(storage)?;
    match version {
        VERSION => {}
        0 => {
            let entries: i64 = transaction
                .query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get(0))
                .map_err(storage)?;
            if entries != 0 {
                return Err(message(format!(
                    "the file holds another program's database ({entries} tables or indexes, \
                     user_version 0), not a chatgate journal"
                )));
            }
            transaction.execute_batch(SCHEMA).map_err(storage)?;
        }
        other => {
            return Err(message(format!(
                "the file is of schema version {other} (its `user_version`), not a journal \
                 this chatgate reads (version {VERSION})"
            )))
        }
    }
    transaction.commit().map_err(storage)
}

/// A failure of SQLite.
fn storage(error: rusqlite::Error) -> JournalError {
    JournalError::Storage(Box::new(error))
}

/// A failure of the storage that SQLite did not report: the sentence says what.
fn message(text: String) -> JournalError {
    JournalError::Storage(text.into())
}

/// `revision` as SQLite stores it, or refused.
fn stored(workspace: WorkspaceId, revision: u64) -> Result<i64, JournalError> {
    i64::try_from(revision).map_err(|_| {
        message(format!(
            "workspace `{workspace}`: revision {revision} is beyond what SQLite stores ({})",
            i64::MAX
        ))
    })
}

/// A revision as SQLite stored it, back as the API's.
fn revision(workspace: WorkspaceId, stored: i64) -> Result<u64, JournalError> {
    u64::try_from(stored).map_err(|_| {
        message(format!(
            "workspace `{workspace}`: the file holds a negative revision, {stored}"
        ))
    })
}

/// The text of a record's row, or `Corrupt` when SQLite holds something else there.
fn text(workspace: WorkspaceId, revision: u64, value: Value) -> Result<String, JournalError> {
    match value {
        Value::Text(text) => Ok(text),
        other => Err(JournalError::Corrupt {
            workspace,
            revision,
            reason: format!("stored as {}, not as JSON text", other.data_type()),
        }),
    }
}

/// `workspace`'s `through`, or `UnknownWorkspace`.
fn through(connection: &Connection, workspace: WorkspaceId) -> Result<u64, JournalError> {
    let through: Option<i64> = connection
        .prepare_cached("SELECT through FROM workspaces WHERE workspace = ?1")
        .map_err(storage)?
        .query_row([workspace.to_bytes()], |row| row.get(0))
        .optional()
        .map_err(storage)?;
    revision(
        workspace,
        through.ok_or(JournalError::UnknownWorkspace(workspace))?,
    )
}

/// `workspace`'s last revision (its last event's, else `through`), or `UnknownWorkspace`.
fn last(connection: &Connection, workspace: WorkspaceId) -> Result<u64, JournalError> {
    let row: Option<(i64, Option<i64>)> = connection
        .prepare_cached(
            "SELECT through, (SELECT MAX(revision) FROM events WHERE workspace = ?1)
             FROM workspaces WHERE workspace = ?1",
        )
        .map_err(storage)?
        .query_row([workspace.to_bytes()], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
        .map_err(storage)?;
    let (through, last_event) = row.ok_or(JournalError::UnknownWorkspace(workspace))?;
    let through = revision(workspace, through)?;
    match last_event {
        Some(last_event) => Ok(revision(workspace, last_event)?.max(through)),
        None => Ok(through),
    }
}

/// The revision of `workspace`'s latest snapshot, if one is stored.
fn latest_revision(
    connection: &Connection,
    workspace: WorkspaceId,
) -> Result<Option<u64>, JournalError> {
    let latest: Option<i64> = connection
        .prepare_cached("SELECT MAX(revision) FROM snapshots WHERE workspace = ?1")
        .map_err(storage)?
        .query_row([workspace.to_bytes()], |row| row.get(0))
        .map_err(storage)?;
    latest.map(|latest| revision(workspace, latest)).transpose()
}

/// The `Corrupt` error of a workspace that has no snapshot (every workspace is created
/// with one, and compaction keeps the latest).
fn no_snapshot(workspace: WorkspaceId, through: u64) -> JournalError {
    JournalError::Corrupt {
        workspace,
        revision: through,
        reason: String::from("no snapshot is stored"),
    }
}

/// An event read from its row at `expected`, or `Corrupt`.
fn event(workspace: WorkspaceId, expected: u64, row: (i64, Value)) -> Result<Event, JournalError> {
    let (stored_revision, json) = row;
    let stored_revision = revision(workspace, stored_revision)?;
    if stored_revision != expected {
        return Err(JournalError::Corrupt {
            workspace,
            revision: expected,
            reason: format!("the event is missing (the next one stored is {stored_revision})"),
        });
    }
    let json = text(workspace, expected, json)?;
    let event: Event = serde_json::from_str(&json).map_err(|error| JournalError::Corrupt {
        workspace,
        revision: expected,
        reason: format!("the event's JSON does not read: {error}"),
    })?;
    if event.revision != expected {
        return Err(JournalError::Corrupt {
            workspace,
            revision: expected,
            reason: format!("the event stored there is revision {}", event.revision),
        });
    }
    Ok(event)
}

impl Journal for SqliteJournal {
    fn create(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        self.run(TransactionBehavior::Immediate, |transaction| {
            match through(transaction, workspace) {
                Ok(_) => return Err(JournalError::Exists(workspace)),
                Err(JournalError::UnknownWorkspace(_)) => {}
                Err(error) => return Err(error),
            }
            let revision = stored(workspace, snapshot.revision)?;
            let json = serde_json::to_string(snapshot)
                .map_err(|error| JournalError::Storage(Box::new(error)))?;
            let key = workspace.to_bytes();
            transaction
                .prepare_cached("INSERT INTO workspaces (workspace, through) VALUES (?1, ?2)")
                .map_err(storage)?
                .execute(rusqlite::params![key, revision])
                .map_err(storage)?;
            transaction
                .prepare_cached(
                    "INSERT INTO snapshots (workspace, revision, snapshot) VALUES (?1, ?2, ?3)",
                )
                .map_err(storage)?
                .execute(rusqlite::params![key, revision, json])
                .map_err(storage)?;
            Ok(())
        })
    }

    fn append(&self, workspace: WorkspaceId, event: &Event) -> Result<(), JournalError> {
        self.run(TransactionBehavior::Immediate, |transaction| {
            let last = last(transaction, workspace)?;
            if event.revision.checked_sub(1) != Some(last) {
                return Err(JournalError::Conflict {
                    workspace,
                    revision: event.revision,
                    last,
                });
            }
            let revision = stored(workspace, event.revision)?;
            let json = serde_json::to_string(event)
                .map_err(|error| JournalError::Storage(Box::new(error)))?;
            transaction
                .prepare_cached(
                    "INSERT INTO events (workspace, revision, event) VALUES (?1, ?2, ?3)",
                )
                .map_err(storage)?
                .execute(rusqlite::params![workspace.to_bytes(), revision, json])
                .map_err(storage)?;
            Ok(())
        })
    }

    fn read_after(
        &self,
        workspace: WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Event>, JournalError> {
        self.run(TransactionBehavior::Deferred, |transaction| {
            let through = through(transaction, workspace)?;
            if after < through {
                return Err(JournalError::Compacted {
                    workspace,
                    after,
                    through,
                });
            }
            // No event is stored beyond SQLite's integers, nor is any asked for past them.
            let (Ok(stored_after), Some(first)) = (i64::try_from(after), after.checked_add(1))
            else {
                return Ok(Vec::new());
            };
            let limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let mut statement = transaction
                .prepare_cached(
                    "SELECT revision, event FROM events
                     WHERE workspace = ?1 AND revision > ?2 ORDER BY revision LIMIT ?3",
                )
                .map_err(storage)?;
            let rows = statement
                .query_map(
                    rusqlite::params![workspace.to_bytes(), stored_after, limit],
                    |row| Ok((row.get::<_, i64>(0)?, row.get::<_, Value>(1)?)),
                )
                .map_err(storage)?;
            let mut events = Vec::new();
            let mut expected = first;
            for row in rows {
                events.push(event(workspace, expected, row.map_err(storage)?)?);
                expected = expected.saturating_add(1);
            }
            Ok(events)
        })
    }

    fn last_revision(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        self.run(TransactionBehavior::Deferred, |transaction| {
            last(transaction, workspace)
        })
    }

    fn save_snapshot(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        self.run(TransactionBehavior::Immediate, |transaction| {
            let last = last(transaction, workspace)?;
            if snapshot.revision > last {
                return Err(JournalError::SnapshotAhead {
                    workspace,
                    revision: snapshot.revision,
                    last,
                });
            }
            // Only the latest is read; an older one saved late is kept out, as in
            // `MemoryJournal`. One of the same revision replaces it.
            let latest = latest_revision(transaction, workspace)?;
            if latest.is_some_and(|latest| snapshot.revision < latest) {
                return Ok(());
            }
            let revision = stored(workspace, snapshot.revision)?;
            let json = serde_json::to_string(snapshot)
                .map_err(|error| JournalError::Storage(Box::new(error)))?;
            transaction
                .prepare_cached(
                    "INSERT OR REPLACE INTO snapshots (workspace, revision, snapshot)
                     VALUES (?1, ?2, ?3)",
                )
                .map_err(storage)?
                .execute(rusqlite::params![workspace.to_bytes(), revision, json])
                .map_err(storage)?;
            Ok(())
        })
    }

    fn latest_snapshot(&self, workspace: WorkspaceId) -> Result<WorkspaceSnapshot, JournalError> {
        self.run(TransactionBehavior::Deferred, |transaction| {
            let through = through(transaction, workspace)?;
            let row: Option<(i64, Value)> = transaction
                .prepare_cached(
                    "SELECT revision, snapshot FROM snapshots WHERE workspace = ?1
                     ORDER BY revision DESC LIMIT 1",
                )
                .map_err(storage)?
                .query_row([workspace.to_bytes()], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()
                .map_err(storage)?;
            let (stored_revision, json) = row.ok_or_else(|| no_snapshot(workspace, through))?;
            let at = revision(workspace, stored_revision)?;
            let json = text(workspace, at, json)?;
            let snapshot: WorkspaceSnapshot =
                serde_json::from_str(&json).map_err(|error| JournalError::Corrupt {
                    workspace,
                    revision: at,
                    reason: format!("the snapshot's JSON does not read: {error}"),
                })?;
            if snapshot.revision != at {
                return Err(JournalError::Corrupt {
                    workspace,
                    revision: at,
                    reason: format!(
                        "the snapshot stored there is of revision {}",
                        snapshot.revision
                    ),
                });
            }
            Ok(snapshot)
        })
    }

    fn compact(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        self.run(TransactionBehavior::Immediate, |transaction| {
            let through = through(transaction, workspace)?;
            let latest = latest_revision(transaction, workspace)?
                .ok_or_else(|| no_snapshot(workspace, through))?;
            let key = workspace.to_bytes();
            let at = stored(workspace, latest)?;
            let dropped = transaction
                .prepare_cached("DELETE FROM events WHERE workspace = ?1 AND revision <= ?2")
                .map_err(storage)?
                .execute(rusqlite::params![key, at])
                .map_err(storage)?;
            transaction
                .prepare_cached("DELETE FROM snapshots WHERE workspace = ?1 AND revision < ?2")
                .map_err(storage)?
                .execute(rusqlite::params![key, at])
                .map_err(storage)?;
            if latest > through {
                transaction
                    .prepare_cached("UPDATE workspaces SET through = ?2 WHERE workspace = ?1")
                    .map_err(storage)?
                    .execute(rusqlite::params![key, at])
                    .map_err(storage)?;
            }
            Ok(u64::try_from(dropped).unwrap_or(u64::MAX))
        })
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceId>, JournalError> {
        self.run(TransactionBehavior::Deferred, |transaction| {
            let mut statement = transaction
                .prepare_cached("SELECT workspace FROM workspaces ORDER BY workspace")
                .map_err(storage)?;
            let rows = statement
                .query_map([], |row| row.get::<_, [u8; 16]>(0))
                .map_err(storage)?;
            rows.map(|row| row.map(WorkspaceId::from_bytes).map_err(storage))
                .collect()
        })
    }
}
