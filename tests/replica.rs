//! Replicas over one journal (issue 15, item 4): they converge on the journal's state, every
//! accepted change is in the journal exactly once and no refused one is; a conflict is
//! decided again and a journal that fails leaves the local state as the journal has it;
//! "at least as fresh as" a token never decides on a state without it (no new enemy), and
//! fails closed past its deadline; the async methods leave the runtime's workers free.

#![cfg(feature = "journal")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod journal_util;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use chatgate::{
    AccountId, Action, Change, ChatId, Denied, Event, FreshError, Journal, JournalError, MemberId,
    MemoryJournal, Permission, Replica, ReplicaError, Role, Target, Workspace, WorkspaceError,
    WorkspaceId, WorkspaceSnapshot,
};
#[cfg(feature = "sqlite")]
use chatgate::{Durability, SqliteJournal};
use journal_util::{acted, OWNER};
use proptest::prelude::*;

const TENANT: WorkspaceId = WorkspaceId::new(1);

/// Every event the journal holds for `TENANT`, from its first snapshot.
fn journal_events(journal: &impl Journal) -> Vec<Event> {
    journal.read_after(TENANT, 0, usize::MAX).unwrap()
}

/// The state a workspace reaches by applying `events` serially from the empty workspace.
fn serial(events: &[Event]) -> WorkspaceSnapshot {
    let mut ws = Workspace::new(OWNER);
    for event in events {
        assert_eq!(ws.apply(event), Ok(true), "{event:?}");
    }
    ws.snapshot()
}

/// Runs each replica's share of `changes` on its own thread, all at once; returns every
/// event a change returned, and how many changes were refused.
fn run_concurrently<J: Journal + 'static>(
    replicas: &[Replica<J>],
    changes: Vec<Vec<(Option<MemberId>, Change)>>,
) -> (Vec<Event>, usize) {
    let returned = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = replicas
        .iter()
        .cloned()
        .zip(changes)
        .map(|(replica, changes)| {
            let returned = Arc::clone(&returned);
            let refused = Arc::clone(&refused);
            thread::spawn(move || {
                for (actor, change) in changes {
                    match replica.change(actor, change) {
                        Ok(Some(event)) => returned.lock().unwrap().push(event),
                        Ok(None) => {}
                        Err(ReplicaError::Refused(_)) => {
                            refused.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(other) => panic!("{change:?}: {other}"),
                    }
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let returned = Arc::try_unwrap(returned).unwrap().into_inner().unwrap();
    (returned, refused.load(Ordering::Relaxed))
}

/// The convergence property over any journal: three replicas, each over the journal `open`
/// gives (a connection of its own, where the journal has them), each changing from its own
/// thread, end equal to one workspace that applied the journal serially; the journal holds
/// exactly the accepted changes, each once.
fn converges<J: Journal + 'static>(
    open: impl Fn() -> J,
    changes: Vec<Vec<(Option<MemberId>, Change)>>,
) -> Result<(), TestCaseError> {
    let first = Replica::create(open(), TENANT, Workspace::new(OWNER)).unwrap();
    let replicas = vec![
        first,
        Replica::open(open(), TENANT).unwrap(),
        Replica::open(open(), TENANT).unwrap(),
    ];
    let (mut returned, _) = run_concurrently(&replicas, changes);
    let recorded = journal_events(&open());
    returned.sort_by_key(|event| event.revision);
    prop_assert_eq!(
        &returned,
        &recorded,
        "the journal holds exactly the accepted changes"
    );
    let expected = serial(&recorded);
    for replica in &replicas {
        replica.catch_up().unwrap();
        prop_assert_eq!(&replica.snapshot().snapshot(), &expected);
    }
    Ok(())
}

fn shares() -> impl Strategy<Value = Vec<Vec<(Option<MemberId>, Change)>>> {
    prop::collection::vec(prop::collection::vec(acted(), 1..25), 3)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn replicas_over_a_memory_journal_converge(changes in shares()) {
        let journal = Arc::new(MemoryJournal::new());
        converges(|| Arc::clone(&journal), changes)?;
    }
}

#[cfg(feature = "sqlite")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Three connections to one SQLite file, appending at once.
    #[test]
    fn replicas_over_a_sqlite_journal_converge(changes in shares()) {
        let file = TempFile::new("converge");
        converges(|| SqliteJournal::open(&file.0, Durability::Normal).unwrap(), changes)?;
    }
}

/// A SQLite file of its own in the temp directory, removed when dropped.
#[cfg(feature = "sqlite")]
struct TempFile(std::path::PathBuf);

#[cfg(feature = "sqlite")]
impl TempFile {
    fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "chatgate-replica-{name}-{}-{n}.sqlite",
            std::process::id()
        ));
        let file = Self(path);
        file.remove();
        file
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(std::path::PathBuf::from(path));
        }
    }
}

#[cfg(feature = "sqlite")]
impl Drop for TempFile {
    fn drop(&mut self) {
        self.remove();
    }
}

// ---------------------------------------------------------------------------------------
// Journals that misbehave on purpose
// ---------------------------------------------------------------------------------------

/// What a [`Scripted`] journal does on its next appends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    /// Appends as the journal does.
    Pass,
    /// Another instance appends first: the change `cut_in` is made through the journal
    /// before this append goes on.
    CutIn,
    /// Conflicts, always.
    AlwaysConflict,
    /// Fails without writing.
    Fail,
    /// Writes, then reports a failure (the reply was lost).
    WriteThenFail,
    /// Sleeps, then appends.
    Slow(Duration),
}

/// A memory journal with a script for appends.
#[derive(Debug, Default)]
struct Scripted {
    journal: MemoryJournal,
    script: Mutex<Vec<Script>>,
    /// The change another instance makes on `CutIn`.
    cut_in: Mutex<Option<(MemberId, Change)>>,
    appends: AtomicUsize,
    /// Appends the journal refused as conflicts.
    conflicts: AtomicUsize,
}

impl Scripted {
    fn next(&self) -> Script {
        let mut script = self.script.lock().unwrap();
        if script.len() > 1 {
            script.remove(0)
        } else {
            script.first().copied().unwrap_or(Script::Pass)
        }
    }
}

impl Journal for Scripted {
    fn create(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        self.journal.create(workspace, snapshot)
    }

    fn append(&self, workspace: WorkspaceId, event: &Event) -> Result<(), JournalError> {
        self.appends.fetch_add(1, Ordering::Relaxed);
        match self.next() {
            Script::Pass => self.journal.append(workspace, event),
            Script::CutIn => {
                // The other instance decides on the journal's state and appends first.
                let mut other =
                    Workspace::from_snapshot(self.journal.latest_snapshot(workspace)?).unwrap();
                for recorded in self
                    .journal
                    .read_after(workspace, other.revision(), usize::MAX)?
                {
                    other.apply(&recorded).unwrap();
                }
                let (actor, change) = self.cut_in.lock().unwrap().take().unwrap();
                let theirs = other.change(Some(actor), change).unwrap().unwrap();
                self.journal.append(workspace, &theirs)?;
                self.journal.append(workspace, event)
            }
            Script::AlwaysConflict => Err(JournalError::Conflict {
                workspace,
                revision: event.revision,
                last: event.revision,
            }),
            Script::Fail => Err(JournalError::Storage("the disk is full".into())),
            Script::WriteThenFail => {
                self.journal.append(workspace, event)?;
                Err(JournalError::Storage("the connection dropped".into()))
            }
            Script::Slow(pause) => {
                thread::sleep(pause);
                let appended = self.journal.append(workspace, event);
                if let Err(JournalError::Conflict { .. }) = appended {
                    self.conflicts.fetch_add(1, Ordering::Relaxed);
                }
                appended
            }
        }
    }

    fn read_after(
        &self,
        workspace: WorkspaceId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<Event>, JournalError> {
        self.journal.read_after(workspace, after, limit)
    }

    fn last_revision(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        self.journal.last_revision(workspace)
    }

    fn save_snapshot(
        &self,
        workspace: WorkspaceId,
        snapshot: &WorkspaceSnapshot,
    ) -> Result<(), JournalError> {
        self.journal.save_snapshot(workspace, snapshot)
    }

    fn latest_snapshot(&self, workspace: WorkspaceId) -> Result<WorkspaceSnapshot, JournalError> {
        self.journal.latest_snapshot(workspace)
    }

    fn compact(&self, workspace: WorkspaceId) -> Result<u64, JournalError> {
        self.journal.compact(workspace)
    }

    fn workspaces(&self) -> Result<Vec<WorkspaceId>, JournalError> {
        self.journal.workspaces()
    }
}

fn scripted(script: &[Script]) -> (Arc<Scripted>, Replica<Arc<Scripted>>) {
    let journal = Arc::new(Scripted::default());
    let replica = Replica::create(Arc::clone(&journal), TENANT, Workspace::new(OWNER)).unwrap();
    *journal.script.lock().unwrap() = script.to_vec();
    (journal, replica)
}

fn add(id: u128, role: Role) -> Change {
    Change::AddMember {
        member: MemberId::new(id),
        role,
        permissions: None,
    }
}

#[test]
fn a_conflict_is_decided_again_on_the_newer_state() {
    let (journal, replica) = scripted(&[Script::CutIn, Script::Pass]);
    // Another instance adds member 2 first; this one adds member 3, and then member 2,
    // which is now a duplicate: decided on the journal's state, not the stale local one.
    *journal.cut_in.lock().unwrap() = Some((OWNER, add(2, Role::Agent)));
    let event = replica
        .change(Some(OWNER), add(3, Role::Agent))
        .unwrap()
        .unwrap();
    assert_eq!(
        event.revision, 2,
        "decided again after the other instance's revision 1"
    );
    assert_eq!(journal.appends.load(Ordering::Relaxed), 2);
    assert!(matches!(
        replica.change(Some(OWNER), add(2, Role::Agent)),
        Err(ReplicaError::Refused(
            chatgate::WorkspaceError::DuplicateMember(_)
        ))
    ));
    assert_eq!(
        replica.snapshot().snapshot(),
        serial(&journal_events(&*journal))
    );
}

#[test]
fn replicas_racing_each_other_conflict_decide_again_and_converge() {
    // Appends that take a millisecond: the others decide on the older state meanwhile.
    let (journal, first) = scripted(&[Script::Slow(Duration::from_millis(1))]);
    let first = first.with_retries(1_000);
    let replicas = vec![
        first,
        Replica::open(Arc::clone(&journal), TENANT)
            .unwrap()
            .with_retries(1_000),
        Replica::open(Arc::clone(&journal), TENANT)
            .unwrap()
            .with_retries(1_000),
    ];
    replicas[0]
        .change(Some(OWNER), Change::ConnectAccount { account: ACCOUNT })
        .unwrap();
    let changes = (0..3_u128)
        .map(|share| {
            (0..40_u128)
                .map(|n| {
                    let chat = ChatId::new(1_000 + share * 100 + n);
                    (
                        None,
                        Change::ReceiveChat {
                            chat,
                            account: ACCOUNT,
                        },
                    )
                })
                .collect()
        })
        .collect();
    let (returned, refused) = run_concurrently(&replicas, changes);
    assert_eq!((returned.len(), refused), (120, 0));
    let conflicts = journal.conflicts.load(Ordering::Relaxed);
    assert!(
        conflicts > 0,
        "three replicas never raced: the test proves nothing"
    );
    eprintln!("120 changes from three replicas at once: {conflicts} conflicts, each decided again");
    let recorded = journal_events(&*journal);
    assert_eq!(recorded.len(), 121);
    for replica in &replicas {
        replica.catch_up().unwrap();
        assert_eq!(replica.snapshot().snapshot(), serial(&recorded));
    }
}

#[test]
fn endless_conflicts_give_up_after_the_retries() {
    let (journal, replica) = scripted(&[Script::AlwaysConflict]);
    let replica = replica.with_retries(3);
    let error = replica
        .change(Some(OWNER), add(2, Role::Agent))
        .unwrap_err();
    assert!(
        matches!(error, ReplicaError::Contended { attempts: 4 }),
        "{error}"
    );
    // `with_retries` on a shared replica changes nothing: its clone still holds it.
    assert_eq!(journal.appends.load(Ordering::Relaxed), 4);
    assert_eq!(replica.revision(), 0);
    assert!(journal_events(&*journal).is_empty());
}

#[test]
fn a_failing_journal_leaves_the_local_state_as_the_journal_has_it() {
    let (journal, replica) = scripted(&[Script::Fail, Script::WriteThenFail, Script::Pass]);
    let error = replica
        .change(Some(OWNER), add(2, Role::Agent))
        .unwrap_err();
    assert!(
        matches!(error, ReplicaError::Journal(JournalError::Storage(_))),
        "{error}"
    );
    assert_eq!(replica.revision(), 0);
    assert!(journal_events(&*journal).is_empty());
    // Written, but the reply was lost: not applied locally until the journal says so.
    let error = replica
        .change(Some(OWNER), add(3, Role::Agent))
        .unwrap_err();
    assert!(
        matches!(error, ReplicaError::Journal(JournalError::Storage(_))),
        "{error}"
    );
    assert_eq!(replica.revision(), 0);
    assert_eq!(replica.catch_up().unwrap(), 1);
    assert!(replica.snapshot().subject(MemberId::new(3)).is_some());
    assert!(replica.snapshot().subject(MemberId::new(2)).is_none());
}

#[test]
fn a_replica_behind_a_compaction_starts_again_from_the_snapshot() {
    let journal = Arc::new(MemoryJournal::new());
    let a = Replica::create(Arc::clone(&journal), TENANT, Workspace::new(OWNER)).unwrap();
    let b = Replica::open(Arc::clone(&journal), TENANT).unwrap();
    for id in 2..=6 {
        a.change(Some(OWNER), add(id, Role::Teammate)).unwrap();
    }
    assert_eq!(a.save_snapshot().unwrap(), 5);
    assert_eq!(journal.compact(TENANT).unwrap(), 5);
    a.change(Some(OWNER), add(7, Role::Agent)).unwrap();
    assert_eq!(b.revision(), 0);
    assert_eq!(b.catch_up().unwrap(), 6);
    assert_eq!(b.snapshot().snapshot(), a.snapshot().snapshot());
    // A new instance starts from the snapshot and the one event after it.
    let c = Replica::open(Arc::clone(&journal), TENANT).unwrap();
    assert_eq!(c.snapshot().snapshot(), a.snapshot().snapshot());
}

#[test]
fn a_token_no_journal_reached_fails_closed_at_the_deadline() {
    let journal = Arc::new(MemoryJournal::new());
    let replica = Replica::create(Arc::clone(&journal), TENANT, Workspace::new(OWNER)).unwrap();
    let started = Instant::now();
    let decided = replica.authorize_fresh(
        1,
        Duration::from_millis(30),
        OWNER,
        Action::ManageBilling,
        Target::Workspace,
    );
    assert!(
        matches!(
            decided,
            Err(FreshError::Behind {
                token: 1,
                reached: 0
            })
        ),
        "{decided:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(30));
    // The Owner is allowed on the state they are allowed on.
    replica
        .authorize_fresh(
            0,
            Duration::ZERO,
            OWNER,
            Action::ManageBilling,
            Target::Workspace,
        )
        .unwrap();
}

#[test]
fn a_follower_catches_up_on_its_interval_and_at_once_when_woken() {
    let journal = Arc::new(MemoryJournal::new());
    let a = Replica::create(Arc::clone(&journal), TENANT, Workspace::new(OWNER)).unwrap();
    let b = Replica::open(Arc::clone(&journal), TENANT).unwrap();
    let follower = b.follow(Duration::from_millis(5));
    a.change(Some(OWNER), add(2, Role::Agent)).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while b.revision() < 1 {
        assert!(Instant::now() < deadline, "the follower never caught up");
        thread::sleep(Duration::from_millis(1));
    }
    drop(follower);
    // A follower that waits an hour catches up when woken.
    let follower = b.follow(Duration::from_secs(3_600));
    a.change(Some(OWNER), add(3, Role::Agent)).unwrap();
    follower.wake();
    while b.revision() < 2 {
        assert!(
            Instant::now() < deadline,
            "the woken follower never caught up"
        );
        thread::sleep(Duration::from_millis(1));
    }
    assert!(follower.take_error().is_none());
}

// ---------------------------------------------------------------------------------------
// No new enemy
// ---------------------------------------------------------------------------------------

const AGENT: MemberId = MemberId::new(2);
const ACCOUNT: AccountId = AccountId::new(10);
const CHAT: ChatId = ChatId::new(100);

/// What each round revokes from the agent on chat 100, and how it is given back.
#[derive(Debug, Clone, Copy)]
enum Revocation {
    RemoveMember,
    Unassign,
    NarrowGrants,
}

impl Revocation {
    const ALL: [Revocation; 3] = [
        Revocation::RemoveMember,
        Revocation::Unassign,
        Revocation::NarrowGrants,
    ];

    fn revoke(self) -> Change {
        match self {
            Revocation::RemoveMember => Change::RemoveMember { member: AGENT },
            Revocation::Unassign => Change::Unassign {
                chat: CHAT,
                member: AGENT,
            },
            Revocation::NarrowGrants => Change::SetPermissions {
                member: AGENT,
                permissions: Some(Permission::VIEW),
            },
        }
    }
}

/// A tenant where the Owner connects account 10 and chat 100 arrives on it; each round
/// adds and assigns the agent.
fn revocation_tenant<J: Journal>(journal: J) -> Replica<J> {
    let replica = Replica::create(journal, TENANT, Workspace::new(OWNER)).unwrap();
    replica
        .change(Some(OWNER), Change::ConnectAccount { account: ACCOUNT })
        .unwrap();
    replica
        .change(
            None,
            Change::ReceiveChat {
                chat: CHAT,
                account: ACCOUNT,
            },
        )
        .unwrap();
    replica.change(Some(OWNER), add(2, Role::Agent)).unwrap();
    replica
}

/// Bounded stress: for each round, A gives the agent reply on chat 100 back, B sees it, A
/// revokes and returns its token; every "at least as fresh" decision on B with the token —
/// from several reader threads, each trying many times — is a deny, while plain decisions
/// on an instance following every `poll` lag. Returns those lags.
fn no_new_enemy<J: Journal + Clone + 'static>(
    journal: J,
    rounds: usize,
    poll: Duration,
) -> Vec<Duration> {
    let a = revocation_tenant(journal.clone());
    // Two instances on B's side: one decides only with the token and never follows (its
    // plain state is as stale as it gets), one follows and shows how far plain decisions lag.
    let b = Replica::open(journal.clone(), TENANT).unwrap();
    let follows = Replica::open(journal, TENANT).unwrap();
    let _follower = follows.follow(poll);
    let reply = |replica: &Replica<J>| replica.authorize(AGENT, Action::Reply, Target::Chat(CHAT));
    let mut lags = Vec::new();
    for round in 0..rounds {
        let revocation = Revocation::ALL[round % Revocation::ALL.len()];
        // The agent, active, with the default grant (reply), assigned to chat 100.
        match a.change(Some(OWNER), add(2, Role::Agent)) {
            Ok(_) | Err(ReplicaError::Refused(WorkspaceError::DuplicateMember(_))) => {}
            Err(other) => panic!("{other}"),
        }
        let grants = Change::SetPermissions {
            member: AGENT,
            permissions: None,
        };
        a.change(Some(OWNER), grants).unwrap();
        let assign = Change::Assign {
            chat: CHAT,
            member: AGENT,
        };
        a.change(Some(OWNER), assign).unwrap();
        let granted = a.revision();
        b.fresh(granted, Duration::from_secs(10)).unwrap();
        follows.fresh(granted, Duration::from_secs(10)).unwrap();
        reply(&b).unwrap();
        reply(&follows).unwrap();
        let token = a
            .change(Some(OWNER), revocation.revoke())
            .unwrap()
            .unwrap()
            .revision;
        let returned = Instant::now();
        // The enemy exists: B's plain state still allows.
        assert!(reply(&b).is_ok(), "{revocation:?}: B caught up by itself");
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let b = b.clone();
                thread::spawn(move || {
                    for _ in 0..200 {
                        let decided = b.authorize_fresh(
                            token,
                            Duration::from_secs(10),
                            AGENT,
                            Action::Reply,
                            Target::Chat(CHAT),
                        );
                        assert!(
                            matches!(decided, Err(FreshError::Denied(_))),
                            "{revocation:?}: a fresh decision allowed or failed: {decided:?}"
                        );
                    }
                })
            })
            .collect();
        // Meanwhile, how long do the follower's plain decisions still allow?
        while reply(&follows).is_ok() {
            assert!(
                returned.elapsed() < Duration::from_secs(10),
                "the follower never saw the revocation"
            );
        }
        lags.push(returned.elapsed());
        for reader in readers {
            reader.join().unwrap();
        }
    }
    lags
}

#[cfg(feature = "sqlite")]
#[test]
fn no_new_enemy_across_threads_on_a_sqlite_journal() {
    let file = TempFile::new("enemy");
    let journal = Arc::new(SqliteJournal::open(&file.0, Durability::Full).unwrap());
    let mut lags = no_new_enemy(journal, 24, Duration::from_millis(10));
    lags.sort();
    eprintln!(
        "SQLite journal (Durability::Full), follower polling every 10 ms: the follower's plain decisions lagged {:?} (median) to {:?} (max) over {} revocations; every fresh decision denied",
        lags[lags.len() / 2],
        lags[lags.len() - 1],
        lags.len()
    );
}

#[test]
fn no_new_enemy_across_threads_on_a_memory_journal() {
    let mut lags = no_new_enemy(
        Arc::new(MemoryJournal::new()),
        30,
        Duration::from_millis(20),
    );
    lags.sort();
    let max = lags.last().copied().unwrap_or_default();
    eprintln!(
        "memory journal, follower polling every 20 ms: the follower's plain decisions lagged {:?} (median) to {:?} (max) over {} revocations; every fresh decision denied",
        lags[lags.len() / 2],
        max,
        lags.len()
    );
}

// ---------------------------------------------------------------------------------------
// Async
// ---------------------------------------------------------------------------------------

#[test]
fn the_async_methods_leave_the_runtimes_worker_free() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (journal, replica) = scripted(&[Script::Slow(Duration::from_millis(200))]);
    let ticks = Arc::new(AtomicUsize::new(0));
    runtime.block_on(async {
        let counter = Arc::clone(&ticks);
        // On the one worker thread: it runs only while the change does not hold it.
        let ticker = tokio::spawn(async move {
            loop {
                counter.fetch_add(1, Ordering::Relaxed);
                tokio::task::yield_now().await;
            }
        });
        let event = replica
            .change_async(Some(OWNER), add(2, Role::Agent))
            .await
            .unwrap();
        assert_eq!(event.map(|event| event.revision), Some(1));
        ticker.abort();
        let denied = replica
            .authorize_fresh_async(
                1,
                Duration::ZERO,
                MemberId::new(9),
                Action::ViewStats,
                Target::Workspace,
            )
            .await;
        assert!(
            matches!(denied, Err(FreshError::Denied(Denied::Inactive))),
            "{denied:?}"
        );
    });
    assert_eq!(journal.appends.load(Ordering::Relaxed), 1);
    // A change that blocked the worker for its 200 ms would leave the ticker at 0 or 1.
    let ticked = ticks.load(Ordering::Relaxed);
    assert!(
        ticked > 100,
        "the worker was blocked: the ticker ran {ticked} times"
    );
}
