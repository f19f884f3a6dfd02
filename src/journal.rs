//! Journals: the append-only log of each workspace's events, shared by every instance of a
//! service, and the snapshots that let an instance start without replaying it all (the
//! `journal` feature).
//!
//! A journal holds many workspaces, each by its [`WorkspaceId`]. A workspace's journal
//! starts with a snapshot ([`Journal::create`]); its events follow, one per revision, with no
//! gap: appending revision `r` succeeds only if the journal's last revision is `r − 1`
//! (**optimistic concurrency**: two instances that decided a change on the same revision
//! cannot both record it; the second gets [`JournalError::Conflict`] and decides again on the
//! newer state). Snapshots saved along the way let a reader start from the latest one and
//! read only the events after it; [`Journal::compact`] drops the events the latest snapshot
//! holds.
//!
//! Two implementations: [`MemoryJournal`] (one process, for tests and examples) and, with
//! the `sqlite` feature, `SqliteJournal` (one file, for the instances of a service on one
//! machine: WAL mode, every write in a `BEGIN IMMEDIATE` transaction so that optimistic
//! concurrency holds across processes, appends durable through a power loss by default,
//! records read back exactly or refused as corrupt). [`Replica`](crate::Replica) keeps one
//! workspace in memory in front of a journal.

use std::boxed::Box;
use std::string::String;
use std::sync::Arc;
use std::vec::Vec;

use crate::{Event, WorkspaceId, WorkspaceSnapshot};

mod memory;
pub use memory::MemoryJournal;
#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(feature = "sqlite")]
pub use sqlite::{Durability, SqliteJournal};

/// The log of every workspace's events, and their snapshots.
///
/// Every method is a whole operation: it happens entirely or not at all, and a method that
/// returns `Ok` has made its write durable as the implementation documents. Implementations
/// are shared between threads (`Send + Sync`); a method may block on I/O, so an async
/// service calls them off its runtime's workers.
///
/// # Example
///
/// ```
/// use chatgate::{Journal, JournalError, MemoryJournal, MemberId, Role, Workspace, WorkspaceId};
///
/// let journal = MemoryJournal::new();
/// let (tenant, owner) = (WorkspaceId::new(1), MemberId::new(1));
/// let mut ws = Workspace::new(owner);
/// journal.create(tenant, &ws.snapshot())?;
///
/// let event = ws.add_member(owner, MemberId::new(2), Role::Agent)?.expect("new");
/// journal.append(tenant, &event)?;
/// // The same revision again: another instance recorded it first.
/// assert!(matches!(
///     journal.append(tenant, &event),
///     Err(JournalError::Conflict { revision: 1, last: 1, .. })
/// ));
/// assert_eq!(journal.read_after(tenant, 0, 100)?, vec![event]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Journal: Send + Sync {
    /// Starts `workspace`'s journal with `snapshot` (usually a new workspace, revision 0);
    /// its events continue from the snapshot's revision.
    ///
    /// # Errors
    ///
    /// [`JournalError::Exists`] when the journal holds the workspace already;
    /// [`JournalError::Storage`] when the storage fails.
    fn create(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError>;

    /// Appends `event` as `workspace`'s next revision: only if the last revision is
    /// `event.revision − 1`.
    ///
    /// # Errors
    ///
    /// [`JournalError::Conflict`] with the journal's last revision otherwise (nothing is
    /// written); [`JournalError::UnknownWorkspace`]; [`JournalError::Storage`].
    fn append(&self, workspace: WorkspaceId, event: &Event) -> Result<(), JournalError>;

    /// `workspace`'s events after revision `after`, in order, at most `limit` of them (fewer
    /// only when the journal has no more).
    ///
    /// # Errors
    ///
    /// [`JournalError::Compacted`] when events after `after` were dropped by compaction
    /// (start from [`latest_snapshot`](Journal::latest_snapshot) instead);
    /// [`JournalError::UnknownWorkspace`]; [`JournalError::Corrupt`] for a stored event that
    /// does not read; [`JournalError::Storage`].
    fn read_after(
        &self,
        workspace: WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Event>, JournalError>;

    /// `workspace`'s last revision: its last event's, or its latest snapshot's when no
    /// event follows it.
    ///
    /// # Errors
    ///
    /// [`JournalError::UnknownWorkspace`]; [`JournalError::Storage`].
    fn last_revision(&self, workspace: WorkspaceId) -> Result<u64, JournalError>;

    /// Saves `snapshot`, the workspace's state at its revision, for readers to start from.
    /// The caller vouches that it is the state the journal's events make.
    ///
    /// # Errors
    ///
    /// [`JournalError::SnapshotAhead`] for a revision the journal has not reached;
    /// [`JournalError::UnknownWorkspace`]; [`JournalError::Storage`].
    fn save_snapshot(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError>;

    /// `workspace`'s snapshot of the highest revision.
    ///
    /// # Errors
    ///
    /// [`JournalError::UnknownWorkspace`]; [`JournalError::Corrupt`] for a stored snapshot
    /// that does not read; [`JournalError::Storage`].
    fn latest_snapshot(&self, workspace: WorkspaceId) -> Result<WorkspaceSnapshot, JournalError>;

    /// Drops `workspace`'s events up to its latest snapshot's revision, and its older
    /// snapshots; returns how many events were dropped.
    ///
    /// # Errors
    ///
    /// [`JournalError::UnknownWorkspace`]; [`JournalError::Storage`].
    fn compact(&self, workspace: WorkspaceId) -> Result<u64, JournalError>;

    /// Every workspace the journal holds, by id.
    ///
    /// # Errors
    ///
    /// [`JournalError::Storage`].
    fn workspaces(&self) -> Result<Vec<WorkspaceId>, JournalError>;
}

/// A journal shared by reference counting is the journal.
impl<J: Journal + ?Sized> Journal for Arc<J> {
    fn create(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        (**self).create(workspace, snapshot)
    }

    fn append(&self, workspace: WorkspaceId, event: &Event) -> Result<(), JournalError> {
        (**self).append(workspace, event)
    }

    fn read_after(
        &self,
        workspace: WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Event>, JournalError> {
        (**self).read_after(workspace, after, limit)
    }

    fn last_revision(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        (**self).last_revision(workspace)
    }

    fn save_snapshot(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        (**self).save_snapshot(workspace, snapshot)
    }

    fn latest_snapshot(&self, workspace: WorkspaceId) -> Result<WorkspaceSnapshot, JournalError> {
        (**self).latest_snapshot(workspace)
    }

    fn compact(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        (**self).compact(workspace)
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceId>, JournalError> {
        (**self).workspaces()
    }
}

/// Why a journal operation failed. Nothing was written.
///
/// # Example
///
/// ```
/// use chatgate::{JournalError, WorkspaceId};
/// let error = JournalError::Conflict { workspace: WorkspaceId::new(1), revision: 8, last: 9 };
/// assert_eq!(
///     error.to_string(),
///     "workspace `1`: revision 8 does not follow the journal's last, 9: another change came first"
/// );
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The event appended does not follow the journal's last revision.
    #[error(
        "workspace `{workspace}`: revision {revision} does not follow the journal's last, {last}: another change came first"
    )]
    Conflict {
        /// The workspace.
        workspace: WorkspaceId,
        /// The event's revision.
        revision: u64,
        /// The journal's last revision.
        last: u64,
    },
    /// The journal holds no such workspace.
    #[error("the journal holds no workspace `{0}`")]
    UnknownWorkspace(WorkspaceId),
    /// [`Journal::create`] of a workspace the journal holds.
    #[error("the journal holds workspace `{0}` already")]
    Exists(WorkspaceId),
    /// The events asked for were dropped by compaction.
    #[error(
        "workspace `{workspace}`: the events after revision {after} were compacted into the snapshot at {through}: start from it"
    )]
    Compacted {
        /// The workspace.
        workspace: WorkspaceId,
        /// The revision asked to read after.
        after: u64,
        /// The revision the journal's events now start after.
        through: u64,
    },
    /// A snapshot of a revision the journal has not reached.
    #[error(
        "workspace `{workspace}`: a snapshot at revision {revision} is ahead of the journal's last, {last}"
    )]
    SnapshotAhead {
        /// The workspace.
        workspace: WorkspaceId,
        /// The snapshot's revision.
        revision: u64,
        /// The journal's last revision.
        last: u64,
    },
    /// A stored event or snapshot does not read, or is not the record it is stored as.
    #[error("workspace `{workspace}`: the record at revision {revision} does not read: {reason}")]
    Corrupt {
        /// The workspace.
        workspace: WorkspaceId,
        /// The record's revision.
        revision: u64,
        /// Why.
        reason: String,
    },
    /// The storage failed (I/O, the database, a lock).
    #[error("the journal's storage failed: {0}")]
    Storage(Box<dyn std::error::Error + Send + Sync>),
}
