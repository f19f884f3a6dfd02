//! A replica: one workspace kept in memory in front of a [`Journal`], so that every
//! instance of a service decides in nanoseconds on its own copy and all of them hold the
//! same state (the `journal` feature).
//!
//! **Writes** go through the journal. [`Replica::change`] catches up with the journal,
//! decides the change on that state ([`Workspace::prepare`]), appends its event — which
//! succeeds only if no other instance appended first — and only then makes it locally
//! ([`Workspace::commit`]); on a conflict it catches up and decides again, a bounded number
//! of times. The local state never holds an event the journal does not.
//!
//! **Reads** decide on the local state, with no lock ([`Replica::authorize`], as
//! [`SharedWorkspace`]): as fresh as the last catch-up. The revision of an event is a
//! **consistency token**: [`Replica::authorize_fresh`] takes one and decides only on a state
//! that holds it, catching up until it does, within a deadline; past it, it fails closed. So
//! after instance A returns from revoking, a request on instance B carrying A's token is
//! decided with the revocation, always.
//!
//! **Followers** keep a replica fresh in the background: [`Replica::follow`] catches up every
//! interval, and at once when woken ([`Follower::wake`], e.g. on a database notification).

use core::time::Duration;
use std::string::String;
#[cfg(feature = "tokio")]
use std::string::ToString;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use crate::{
    Action, ApplyError, Change, Denied, Event, Journal, JournalError, MemberId, SharedWorkspace,
    SnapshotError, Target, Workspace, WorkspaceError, WorkspaceId,
};

/// Events read from the journal at a time while catching up.
const BATCH: usize = 1_024;

/// One workspace in memory in front of a [`Journal`]; cheap to clone (the clones share it).
///
/// # Example
///
/// ```
/// use std::sync::Arc;
/// use std::time::Duration;
/// use chatgate::{Action, Change, Denied, FreshError, MemberId, MemoryJournal, Replica, Role, Target, Workspace, WorkspaceId};
///
/// let journal = Arc::new(MemoryJournal::new());
/// let (tenant, owner, bea) = (WorkspaceId::new(7), MemberId::new(1), MemberId::new(2));
/// let a = Replica::create(Arc::clone(&journal), tenant, Workspace::new(owner))?;
/// let b = Replica::open(Arc::clone(&journal), tenant)?; // another instance
///
/// let add = Change::AddMember { member: bea, role: Role::Admin, permissions: None };
/// a.change(Some(owner), add)?;
/// let token = a.change(Some(owner), Change::RemoveMember { member: bea })?.expect("a change").revision;
///
/// // B has not caught up: a plain decision may still allow Bea; one with A's token never does.
/// let fresh = b.authorize_fresh(token, Duration::from_secs(1), bea, Action::ManageTeam, Target::Workspace);
/// assert!(matches!(fresh, Err(FreshError::Denied(Denied::Inactive))));
/// assert!(b.revision() >= token);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Replica<J> {
    inner: Arc<Inner<J>>,
}

impl<J> Clone for Replica<J> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
        }
    }
}

#[derive(Debug)]
struct Inner<J> {
    journal: J,
    workspace: WorkspaceId,
    current: SharedWorkspace,
    /// How many times a change is decided again after a conflict.
    retries: AtomicUsize,
}

/// What one attempt at a change came to.
enum Attempt {
    Made(Event),
    Unchanged,
    Refused(WorkspaceError),
    Behind,
}

impl<J: Journal> Replica<J> {
    /// How many times [`change`](Replica::change) decides again after a conflict, unless
    /// [`with_retries`](Replica::with_retries) says otherwise.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Replica::<chatgate::MemoryJournal>::RETRIES, 8);
    /// ```
    pub const RETRIES: usize = 8;

    /// Starts `workspace` in `journal` with `initial` (its snapshot is the journal's first
    /// record), and a replica of it.
    ///
    /// # Errors
    ///
    /// [`ReplicaError::Journal`] with [`JournalError::Exists`] when the journal holds the
    /// workspace already (open it instead), or when the journal fails.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{JournalError, MemberId, MemoryJournal, Replica, ReplicaError, Workspace, WorkspaceId};
    /// let journal = std::sync::Arc::new(MemoryJournal::new());
    /// let ws = Workspace::new(MemberId::new(1));
    /// Replica::create(journal.clone(), WorkspaceId::new(1), ws.clone())?;
    /// let twice = Replica::create(journal, WorkspaceId::new(1), ws);
    /// assert!(matches!(twice, Err(ReplicaError::Journal(JournalError::Exists(_)))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create(
        journal: J,
        workspace: WorkspaceId,
        initial: Workspace,
    ) -> Result<Self, ReplicaError> {
        journal.create(workspace, &initial.snapshot())?;
        Ok(Self::over(journal, workspace, initial))
    }

    /// A replica of `workspace` as `journal` holds it: its latest snapshot, then every
    /// event after it.
    ///
    /// # Errors
    ///
    /// [`ReplicaError::Journal`] ([`JournalError::UnknownWorkspace`], a failing journal);
    /// [`ReplicaError::Snapshot`] when the stored snapshot does not load;
    /// [`ReplicaError::Diverged`] when an event does not apply to it.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{JournalError, MemoryJournal, Replica, ReplicaError, WorkspaceId};
    /// let missing = Replica::open(MemoryJournal::new(), WorkspaceId::new(3));
    /// assert!(matches!(missing, Err(ReplicaError::Journal(JournalError::UnknownWorkspace(_)))));
    /// ```
    pub fn open(journal: J, workspace: WorkspaceId) -> Result<Self, ReplicaError> {
        let start = Workspace::from_snapshot(journal.latest_snapshot(workspace)?)?;
        let replica = Self::over(journal, workspace, start);
        replica.catch_up()?;
        Ok(replica)
    }

    fn over(journal: J, workspace: WorkspaceId, state: Workspace) -> Self {
        Self {
            inner: Arc::new(Inner {
                journal,
                workspace,
                current: SharedWorkspace::new(state),
                retries: AtomicUsize::new(Self::RETRIES),
            }),
        }
    }

    /// This replica (and every clone of it), deciding again at most `retries` times after a
    /// conflict.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?
    ///     .with_retries(2);
    /// # Ok::<(), chatgate::ReplicaError>(())
    /// ```
    #[must_use]
    pub fn with_retries(self, retries: usize) -> Self {
        self.inner.retries.store(retries, Ordering::Relaxed);
        self
    }

    /// The workspace's id in the journal.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(4), Workspace::new(MemberId::new(1)))?;
    /// assert_eq!(replica.workspace(), WorkspaceId::new(4));
    /// # Ok::<(), chatgate::ReplicaError>(())
    /// ```
    #[must_use]
    pub fn workspace(&self) -> WorkspaceId {
        self.inner.workspace
    }

    /// The journal behind this replica.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Journal, MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(4), Workspace::new(MemberId::new(1)))?;
    /// assert_eq!(replica.journal().last_revision(WorkspaceId::new(4))?, 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn journal(&self) -> &J {
        &self.inner.journal
    }

    /// The local state, to decide on without any lock (as [`SharedWorkspace::snapshot`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// assert_eq!(replica.snapshot().owner(), MemberId::new(1));
    /// # Ok::<(), chatgate::ReplicaError>(())
    /// ```
    #[must_use]
    pub fn snapshot(&self) -> Arc<Workspace> {
        self.inner.current.snapshot()
    }

    /// The local state's revision.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// assert_eq!(replica.revision(), 0);
    /// # Ok::<(), chatgate::ReplicaError>(())
    /// ```
    #[must_use]
    pub fn revision(&self) -> u64 {
        self.snapshot().revision()
    }

    /// Decides on the local state, as fresh as the last catch-up: no lock, no I/O.
    ///
    /// # Errors
    ///
    /// As [`Workspace::authorize`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Denied, MemberId, MemoryJournal, Replica, Target, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// replica.authorize(MemberId::new(1), Action::ManageBilling, Target::Workspace)?;
    /// assert_eq!(replica.authorize(MemberId::new(2), Action::ViewStats, Target::Workspace), Err(Denied::Inactive));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authorize(
        &self,
        member: MemberId,
        action: Action,
        target: Target,
    ) -> Result<(), Denied> {
        self.inner.current.authorize(member, action, target)
    }

    /// A local state that holds revision `token` (an event's revision, from any replica):
    /// the current one if it does, else the one reached by catching up, polling the
    /// journal until it holds the token or `within` has passed. The deadline is checked
    /// between catch-ups; one catch-up waits for the journal (and for a change this replica
    /// is making) however long that takes.
    ///
    /// # Errors
    ///
    /// [`FreshError::Behind`] when `within` passed first (fail closed: decide nothing on
    /// a state that may miss the token's change); [`FreshError::Replica`] when catching up
    /// fails.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use chatgate::{FreshError, MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// assert_eq!(replica.fresh(0, Duration::ZERO)?.revision(), 0);
    /// // A token no journal has reached yet.
    /// let error = replica.fresh(5, Duration::from_millis(5)).unwrap_err();
    /// assert!(matches!(error, FreshError::Behind { token: 5, reached: 0 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fresh(&self, token: u64, within: Duration) -> Result<Arc<Workspace>, FreshError> {
        let started = Instant::now();
        let mut pause = Duration::from_micros(100);
        loop {
            let state = self.snapshot();
            if state.revision() >= token {
                return Ok(state);
            }
            self.catch_up().map_err(FreshError::Replica)?;
            let state = self.snapshot();
            if state.revision() >= token {
                return Ok(state);
            }
            let waited = started.elapsed();
            if waited >= within {
                return Err(FreshError::Behind {
                    token,
                    reached: state.revision(),
                });
            }
            thread::sleep(pause.min(within - waited));
            pause = (pause * 2).min(Duration::from_millis(5));
        }
    }

    /// Decides on a local state at least as fresh as `token` ([`fresh`](Replica::fresh)):
    /// every change up to the one that returned `token` is seen.
    ///
    /// # Errors
    ///
    /// [`FreshError::Denied`] with the decision's reason; otherwise as
    /// [`fresh`](Replica::fresh): no state that fresh was reached, and nothing is allowed.
    ///
    /// # Example
    ///
    /// ```
    /// use std::time::Duration;
    /// use chatgate::{Action, FreshError, MemberId, MemoryJournal, Replica, Target, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// let owner = MemberId::new(1);
    /// replica.authorize_fresh(0, Duration::ZERO, owner, Action::ManageBilling, Target::Workspace)?;
    /// let unknown = replica.authorize_fresh(0, Duration::ZERO, MemberId::new(2), Action::ViewStats, Target::Workspace);
    /// assert!(matches!(unknown, Err(FreshError::Denied(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authorize_fresh(
        &self,
        token: u64,
        within: Duration,
        member: MemberId,
        action: Action,
        target: Target,
    ) -> Result<(), FreshError> {
        self.fresh(token, within)?
            .authorize(member, action, target)
            .map_err(FreshError::Denied)
    }

    /// Brings the local state up to the journal's last revision; returns the revision
    /// reached. Cheap when there is nothing new (one read of the journal's last revision).
    ///
    /// # Errors
    ///
    /// [`ReplicaError::Journal`] when the journal fails; [`ReplicaError::Diverged`] when an
    /// event does not apply (the local state is left as it was).
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::Arc;
    /// use chatgate::{Change, MemberId, MemoryJournal, Replica, Role, Workspace, WorkspaceId};
    /// let journal = Arc::new(MemoryJournal::new());
    /// let owner = MemberId::new(1);
    /// let a = Replica::create(journal.clone(), WorkspaceId::new(1), Workspace::new(owner))?;
    /// let b = Replica::open(journal, WorkspaceId::new(1))?;
    /// a.change(Some(owner), Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None })?;
    /// assert_eq!(b.revision(), 0);
    /// assert_eq!(b.catch_up()?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn catch_up(&self) -> Result<u64, ReplicaError> {
        let inner = &self.inner;
        if inner.journal.last_revision(inner.workspace)? <= self.revision() {
            return Ok(self.revision());
        }
        inner.current.update(|ws| {
            self.pull(ws)?;
            Ok(ws.revision())
        })
    }

    /// Makes `change` as `actor` (`None` only for an arriving chat): caught up with the
    /// journal, decided on that state, appended to the journal, then made locally; on a
    /// conflict with another instance, caught up and decided again. Returns the event, whose
    /// revision is the consistency token; `Ok(None)` when it changes nothing.
    ///
    /// # Errors
    ///
    /// [`ReplicaError::Refused`] with the change's refusal (decided on the journal's latest
    /// state); [`ReplicaError::Contended`] when other instances came first on every try;
    /// [`ReplicaError::Journal`] when the journal fails (the change may then be in the
    /// journal or not: the next catch-up tells); [`ReplicaError::Diverged`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Change, MemberId, MemoryJournal, Replica, ReplicaError, Role, Workspace, WorkspaceError, WorkspaceId};
    /// let owner = MemberId::new(1);
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(owner))?;
    /// let add = Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None };
    /// assert_eq!(replica.change(Some(owner), add)?.map(|event| event.revision), Some(1));
    /// let again = replica.change(Some(owner), add).unwrap_err();
    /// assert!(matches!(again, ReplicaError::Refused(WorkspaceError::DuplicateMember(_))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn change(
        &self,
        actor: Option<MemberId>,
        change: Change,
    ) -> Result<Option<Event>, ReplicaError> {
        let inner = &self.inner;
        let retries = inner.retries.load(Ordering::Relaxed);
        for _ in 0..=retries {
            let attempt = inner.current.update(|ws| {
                self.pull(ws)?;
                let event = match ws.prepare(actor, change) {
                    Ok(Some(event)) => event,
                    Ok(None) => return Ok(Attempt::Unchanged),
                    Err(refused) => return Ok(Attempt::Refused(refused)),
                };
                match inner.journal.append(inner.workspace, &event) {
                    Ok(()) => {}
                    Err(JournalError::Conflict { .. }) => return Ok(Attempt::Behind),
                    Err(error) => return Err(ReplicaError::Journal(error)),
                }
                ws.commit(&event).map_err(ReplicaError::Diverged)?;
                Ok(Attempt::Made(event))
            })?;
            match attempt {
                Attempt::Made(event) => return Ok(Some(event)),
                Attempt::Unchanged => return Ok(None),
                Attempt::Refused(refused) => return Err(ReplicaError::Refused(refused)),
                Attempt::Behind => {}
            }
        }
        Err(ReplicaError::Contended {
            attempts: retries.saturating_add(1),
        })
    }

    /// Saves the local state as the journal's latest snapshot, for replicas to start from;
    /// returns its revision. (Compacting the journal is then
    /// [`Journal::compact`].)
    ///
    /// # Errors
    ///
    /// [`ReplicaError::Journal`] when the journal fails.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Change, Journal, MemberId, MemoryJournal, Replica, Role, Workspace, WorkspaceId};
    /// let owner = MemberId::new(1);
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(owner))?;
    /// replica.change(Some(owner), Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None })?;
    /// assert_eq!(replica.save_snapshot()?, 1);
    /// assert_eq!(replica.journal().compact(WorkspaceId::new(1))?, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn save_snapshot(&self) -> Result<u64, ReplicaError> {
        let state = self.snapshot();
        self.inner
            .journal
            .save_snapshot(self.inner.workspace, &state.snapshot())?;
        Ok(state.revision())
    }

    /// Applies to `ws` every event the journal holds after its revision; from the latest
    /// snapshot when the events it needs were compacted away.
    fn pull(&self, ws: &mut Workspace) -> Result<(), ReplicaError> {
        let inner = &self.inner;
        loop {
            let events = match inner
                .journal
                .read_after(inner.workspace, ws.revision(), BATCH)
            {
                Ok(events) => events,
                Err(JournalError::Compacted { through, .. }) => {
                    let snapshot = inner.journal.latest_snapshot(inner.workspace)?;
                    if snapshot.revision < through {
                        return Err(ReplicaError::Journal(JournalError::Compacted {
                            workspace: inner.workspace,
                            after: ws.revision(),
                            through,
                        }));
                    }
                    *ws = Workspace::from_snapshot(snapshot)?;
                    continue;
                }
                Err(error) => return Err(error.into()),
            };
            for event in &events {
                ws.apply(event).map_err(ReplicaError::Diverged)?;
            }
            if events.len() < BATCH {
                return Ok(());
            }
        }
    }
}

impl<J: Journal + 'static> Replica<J> {
    /// Keeps this replica caught up in the background: a thread that catches up every
    /// `every`, and at once when [woken](Follower::wake). It stops when the `Follower` is
    /// dropped.
    ///
    /// # Example
    ///
    /// ```
    /// use std::sync::Arc;
    /// use std::time::Duration;
    /// use chatgate::{Change, MemberId, MemoryJournal, Replica, Role, Workspace, WorkspaceId};
    /// let journal = Arc::new(MemoryJournal::new());
    /// let owner = MemberId::new(1);
    /// let a = Replica::create(journal.clone(), WorkspaceId::new(1), Workspace::new(owner))?;
    /// let b = Replica::open(journal, WorkspaceId::new(1))?;
    /// let follower = b.follow(Duration::from_secs(60));
    /// a.change(Some(owner), Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None })?;
    /// follower.wake(); // a notification arrived: catch up now, not in a minute
    /// while b.revision() < 1 {
    ///     std::thread::sleep(Duration::from_millis(1));
    /// }
    /// assert!(follower.take_error().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use = "the follower stops when dropped"]
    pub fn follow(&self, every: Duration) -> Follower {
        let signal = Arc::new(Signal::default());
        let replica = self.clone();
        let theirs = Arc::clone(&signal);
        let thread = thread::spawn(move || {
            while theirs.wait(every) {
                if let Err(error) = replica.catch_up() {
                    *lock(&theirs.error) = Some(error);
                }
            }
        });
        Follower {
            signal,
            thread: Some(thread),
        }
    }
}

/// A background catch-up of a [`Replica`] ([`Replica::follow`]); stops when dropped.
#[derive(Debug)]
pub struct Follower {
    signal: Arc<Signal>,
    thread: Option<JoinHandle<()>>,
}

impl Follower {
    /// Catches up now rather than at the next interval.
    ///
    /// # Example
    ///
    /// See [`Replica::follow`].
    pub fn wake(&self) {
        let mut state = lock(&self.signal.state);
        state.woken = true;
        drop(state);
        self.signal.changed.notify_all();
    }

    /// The last catch-up error since the last call, if any (the follower keeps trying).
    ///
    /// # Example
    ///
    /// See [`Replica::follow`].
    #[must_use]
    pub fn take_error(&self) -> Option<ReplicaError> {
        lock(&self.signal.error).take()
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        lock(&self.signal.state).stopped = true;
        self.signal.changed.notify_all();
        if let Some(thread) = self.thread.take() {
            // A catch-up that panicked has nothing left to clean up.
            let _ = thread.join();
        }
    }
}

/// What a follower's thread waits on.
#[derive(Debug, Default)]
struct Signal {
    state: Mutex<SignalState>,
    changed: Condvar,
    error: Mutex<Option<ReplicaError>>,
}

#[derive(Debug, Default)]
struct SignalState {
    woken: bool,
    stopped: bool,
}

impl Signal {
    /// Waits for a wake-up or `every`; `false` once stopped.
    fn wait(&self, every: Duration) -> bool {
        let state = lock(&self.state);
        let (mut state, _) = self
            .changed
            .wait_timeout_while(state, every, |state| !state.woken && !state.stopped)
            .unwrap_or_else(PoisonError::into_inner);
        state.woken = false;
        !state.stopped
    }
}

/// The follower's locks hold plain flags and an error: a poisoned one is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Why a replica's change, start or catch-up failed.
///
/// # Example
///
/// ```
/// use chatgate::{ReplicaError, WorkspaceError, MemberId};
/// let error = ReplicaError::Refused(WorkspaceError::UnknownMember(MemberId::new(4)));
/// assert_eq!(error.to_string(), "refused: unknown member `4`");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReplicaError {
    /// The change was refused, decided on the journal's latest state.
    #[error("refused: {0}")]
    Refused(WorkspaceError),
    /// Other instances appended first on every try.
    #[error("gave up after {attempts} tries: other instances kept changing the workspace first")]
    Contended {
        /// How many times the change was decided.
        attempts: usize,
    },
    /// The journal failed.
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// An event from the journal does not apply to the local state: the journal and this
    /// replica disagree (nothing was changed).
    #[error("the journal and this replica disagree: {0}")]
    Diverged(ApplyError),
    /// The journal's snapshot does not load.
    #[error("the journal's snapshot does not load: {0}")]
    Snapshot(#[from] SnapshotError),
    /// The task that ran the operation off the async runtime ended without a result.
    #[error("the operation's task ended without a result: {0}")]
    Interrupted(String),
}

/// Why a decision "at least as fresh as" a token was not made, or was a denial.
///
/// # Example
///
/// ```
/// use chatgate::FreshError;
/// let error = FreshError::Behind { token: 9, reached: 7 };
/// assert_eq!(error.to_string(), "not fresh enough: revision 9 asked, 7 reached before the deadline; nothing is allowed");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FreshError {
    /// Decided on a state that holds the token: denied.
    #[error("not allowed: {0}")]
    Denied(Denied),
    /// The deadline passed before the local state held the token.
    #[error(
        "not fresh enough: revision {token} asked, {reached} reached before the deadline; nothing is allowed"
    )]
    Behind {
        /// The token asked for.
        token: u64,
        /// The revision the local state reached.
        reached: u64,
    },
    /// Catching up failed.
    #[error("could not catch up: {0}")]
    Replica(ReplicaError),
}

#[cfg(feature = "tokio")]
impl<J: Journal + 'static> Replica<J> {
    /// [`change`](Replica::change) on the runtime's blocking pool, so a journal's I/O never
    /// holds up a worker thread.
    ///
    /// # Errors
    ///
    /// As [`change`](Replica::change); [`ReplicaError::Interrupted`] if the task ended
    /// without a result.
    ///
    /// # Example
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chatgate::{Change, MemberId, MemoryJournal, Replica, Role, Workspace, WorkspaceId};
    /// let owner = MemberId::new(1);
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(owner))?;
    /// let add = Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None };
    /// assert!(replica.change_async(Some(owner), add).await?.is_some());
    /// assert!(replica.change_async(Some(MemberId::new(2)), add).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn change_async(
        &self,
        actor: Option<MemberId>,
        change: Change,
    ) -> Result<Option<Event>, ReplicaError> {
        let replica = self.clone();
        tokio::task::spawn_blocking(move || replica.change(actor, change))
            .await
            .map_err(|error| ReplicaError::Interrupted(error.to_string()))?
    }

    /// [`catch_up`](Replica::catch_up) on the runtime's blocking pool.
    ///
    /// # Errors
    ///
    /// As [`catch_up`](Replica::catch_up); [`ReplicaError::Interrupted`].
    ///
    /// # Example
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use chatgate::{MemberId, MemoryJournal, Replica, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// assert_eq!(replica.catch_up_async().await?, 0);
    /// # Ok(())
    /// # }
    /// ```
    pub async fn catch_up_async(&self) -> Result<u64, ReplicaError> {
        let replica = self.clone();
        tokio::task::spawn_blocking(move || replica.catch_up())
            .await
            .map_err(|error| ReplicaError::Interrupted(error.to_string()))?
    }

    /// [`authorize_fresh`](Replica::authorize_fresh) without blocking a worker: decided at
    /// once when the local state holds `token`, else caught up on the blocking pool.
    ///
    /// # Errors
    ///
    /// As [`authorize_fresh`](Replica::authorize_fresh); a task that ended without a result
    /// is [`FreshError::Replica`] with [`ReplicaError::Interrupted`].
    ///
    /// # Example
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use chatgate::{Action, FreshError, MemberId, MemoryJournal, Replica, Target, Workspace, WorkspaceId};
    /// let replica = Replica::create(MemoryJournal::new(), WorkspaceId::new(1), Workspace::new(MemberId::new(1)))?;
    /// let owner = MemberId::new(1);
    /// replica.authorize_fresh_async(0, Duration::ZERO, owner, Action::ViewStats, Target::Workspace).await?;
    /// let ahead = replica.authorize_fresh_async(3, Duration::from_millis(2), owner, Action::ViewStats, Target::Workspace).await;
    /// assert!(matches!(ahead, Err(FreshError::Behind { token: 3, .. })));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn authorize_fresh_async(
        &self,
        token: u64,
        within: Duration,
        member: MemberId,
        action: Action,
        target: Target,
    ) -> Result<(), FreshError> {
        let state = self.snapshot();
        if state.revision() >= token {
            return state
                .authorize(member, action, target)
                .map_err(FreshError::Denied);
        }
        let replica = self.clone();
        tokio::task::spawn_blocking(move || {
            replica.authorize_fresh(token, within, member, action, target)
        })
        .await
        .map_err(|error| FreshError::Replica(ReplicaError::Interrupted(error.to_string())))?
    }
}
