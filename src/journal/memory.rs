//! A journal in memory: for tests, examples and a single process.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::vec::Vec;

use super::{Journal, JournalError};
use crate::{Event, WorkspaceId, WorkspaceSnapshot};

/// A [`Journal`] in memory, behind one lock: what a test or a single process needs, and the
/// model the other journals are tested against. Nothing survives the process.
///
/// # Example
///
/// ```
/// use chatgate::{Journal, MemoryJournal, MemberId, Role, Workspace, WorkspaceId};
///
/// let journal = MemoryJournal::new();
/// let (tenant, owner) = (WorkspaceId::new(1), MemberId::new(1));
/// let mut ws = Workspace::new(owner);
/// journal.create(tenant, &ws.snapshot())?;
/// for id in 2..=4 {
///     let event = ws.add_member(owner, MemberId::new(id), Role::Agent)?.expect("new");
///     journal.append(tenant, &event)?;
/// }
/// journal.save_snapshot(tenant, &ws.snapshot())?;
/// assert_eq!(journal.compact(tenant)?, 3); // the snapshot holds them
/// assert_eq!(journal.latest_snapshot(tenant)?.revision, 3);
/// assert!(journal.read_after(tenant, 0, 10).is_err()); // compacted: start from the snapshot
/// assert!(journal.read_after(tenant, 3, 10)?.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct MemoryJournal {
    workspaces: Mutex<BTreeMap<WorkspaceId, Log>>,
}

/// One workspace's journal: its latest snapshot and the events after the compacted ones.
#[derive(Debug)]
struct Log {
    snapshot: WorkspaceSnapshot,
    /// The revision the kept events start after.
    through: u64,
    events: Vec<Event>,
}

impl Log {
    fn last(&self) -> u64 {
        self.events
            .last()
            .map_or(self.snapshot.revision.max(self.through), |event| {
                event.revision
            })
    }
}

impl MemoryJournal {
    /// An empty journal.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Journal, MemoryJournal};
    /// assert!(MemoryJournal::new().workspaces()?.is_empty());
    /// # Ok::<(), chatgate::JournalError>(())
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The lock guards whole operations only: a poisoned one still holds whole logs.
    fn lock(&self) -> MutexGuard<'_, BTreeMap<WorkspaceId, Log>> {
        self.workspaces
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// `workspace`'s log, or `UnknownWorkspace`.
fn log(
    logs: &mut BTreeMap<WorkspaceId, Log>,
    workspace: WorkspaceId,
) -> Result<&mut Log, JournalError> {
    logs.get_mut(&workspace)
        .ok_or(JournalError::UnknownWorkspace(workspace))
}

impl Journal for MemoryJournal {
    fn create(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        let mut logs = self.lock();
        if logs.contains_key(&workspace) {
            return Err(JournalError::Exists(workspace));
        }
        let log = Log {
            snapshot: snapshot.clone(),
            through: snapshot.revision,
            events: Vec::new(),
        };
        logs.insert(workspace, log);
        Ok(())
    }

    fn append(&self, workspace: WorkspaceId, event: &Event) -> Result<(), JournalError> {
        let mut logs = self.lock();
        let log = log(&mut logs, workspace)?;
        let last = log.last();
        if event.revision.checked_sub(1) != Some(last) {
            return Err(JournalError::Conflict {
                workspace,
                revision: event.revision,
                last,
            });
        }
        log.events.push(event.clone());
        Ok(())
    }

    fn read_after(
        &self,
        workspace: WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Event>, JournalError> {
        let mut logs = self.lock();
        let log = log(&mut logs, workspace)?;
        if after < log.through {
            return Err(JournalError::Compacted {
                workspace,
                after,
                through: log.through,
            });
        }
        // Events are kept in revision order from `through + 1`, one per revision.
        let skip = usize::try_from(after - log.through).unwrap_or(usize::MAX);
        Ok(log.events.iter().skip(skip).take(limit).cloned().collect())
    }

    fn last_revision(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        let mut logs = self.lock();
        log(&mut logs, workspace).map(|log| log.last())
    }

    fn save_snapshot(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        let mut logs = self.lock();
        let log = log(&mut logs, workspace)?;
        let last = log.last();
        if snapshot.revision > last {
            return Err(JournalError::SnapshotAhead {
                workspace,
                revision: snapshot.revision,
                last,
            });
        }
        // Only the latest is read; an older one saved late is kept out.
        if snapshot.revision >= log.snapshot.revision {
            log.snapshot = snapshot.clone();
        }
        Ok(())
    }

    fn latest_snapshot(&self, workspace: WorkspaceId) -> Result<WorkspaceSnapshot, JournalError> {
        let mut logs = self.lock();
        log(&mut logs, workspace).map(|log| log.snapshot.clone())
    }

    fn compact(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        let mut logs = self.lock();
        let log = log(&mut logs, workspace)?;
        let keep_after = log.snapshot.revision;
        let dropped = usize::try_from(keep_after.saturating_sub(log.through))
            .unwrap_or(usize::MAX)
            .min(log.events.len());
        log.events.drain(..dropped);
        log.through = log.through.max(keep_after);
        Ok(u64::try_from(dropped).unwrap_or(u64::MAX))
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceId>, JournalError> {
        Ok(self.lock().keys().copied().collect())
    }
}
