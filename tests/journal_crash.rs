//! The crash test (issue 15): a process appending to a `SqliteJournal` is killed
//! (`SIGKILL` on Unix, `kill -9`) at a random moment, round after round, and after every
//! kill the journal is whole: every stored event reads, the revisions run from the latest
//! snapshot's without a gap, replaying them onto the snapshot succeeds, nothing recorded
//! before is lost, and the journal grew.
//!
//! The test binary runs itself as the appending process: `crash_test` starts it with
//! `--exact child_appends --include-ignored` and the journal's path in
//! `CHATGATE_CRASH_JOURNAL`; `child_appends` is ignored otherwise, and has nothing to do
//! without that variable.

#![cfg(feature = "sqlite")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use chatgate::{
    AccountId, Change, ChatId, Durability, Journal, MemberId, Role, SqliteJournal, Workspace,
    WorkspaceId,
};

/// The variable that hands the child the journal's path.
const ENV: &str = "CHATGATE_CRASH_JOURNAL";
const TENANT: WorkspaceId = WorkspaceId::new(15);
const OWNER: MemberId = MemberId::new(1);
/// The account connected at setup, which the child's chats arrive on.
const ACCOUNT: AccountId = AccountId::new(10);
const ROUNDS: u32 = 10;
/// How long the parent waits for a child's first append before it kills it anyway.
const FIRST_APPEND: Duration = Duration::from_secs(10);
/// The child stops by itself after this long, should its parent die before killing it.
const CHILD_LIFETIME: Duration = Duration::from_secs(20);

/// The workspace at the journal's last revision: its latest snapshot, then every event
/// after it, each checked to be the next revision and to apply.
fn load(journal: &SqliteJournal) -> Workspace {
    let snapshot = journal.latest_snapshot(TENANT).unwrap();
    let mut ws = Workspace::from_snapshot(snapshot).unwrap();
    loop {
        let batch = journal.read_after(TENANT, ws.revision(), 1024).unwrap();
        if batch.is_empty() {
            break;
        }
        for event in &batch {
            assert_eq!(event.revision, ws.revision() + 1, "a gap in the journal");
            assert_eq!(ws.apply(event), Ok(true), "event {}", event.revision);
        }
    }
    assert_eq!(ws.revision(), journal.last_revision(TENANT).unwrap());
    ws
}

/// The crash test's child: appends changes to the journal at `$CHATGATE_CRASH_JOURNAL`
/// until it is killed (or [`CHILD_LIFETIME`] has passed).
#[test]
#[ignore = "the crash test's child: run by crash_test"]
fn child_appends() {
    let Some(path) = std::env::var_os(ENV) else {
        println!("child_appends: {ENV} is not set, nothing to do (crash_test runs this test)");
        return;
    };
    let journal = SqliteJournal::open(&path, Durability::Full).unwrap();
    let mut ws = load(&journal);
    let started = Instant::now();
    while started.elapsed() < CHILD_LIFETIME {
        // Ids from the revision this cycle starts at: new in every cycle and every child.
        let next = u128::from(ws.revision()) + 1;
        let (chat, member) = (ChatId::new(next), MemberId::new(1_000_000 + next));
        let changes = [
            (
                None,
                Change::ReceiveChat {
                    chat,
                    account: ACCOUNT,
                },
            ),
            (
                Some(OWNER),
                Change::AddMember {
                    member,
                    role: Role::Agent,
                    permissions: None,
                },
            ),
            (Some(OWNER), Change::Assign { chat, member }),
        ];
        for (actor, change) in changes {
            let event = ws.prepare(actor, change).unwrap().unwrap();
            journal.append(TENANT, &event).unwrap();
            ws.commit(&event).unwrap();
        }
    }
}

/// Removes the journal's files (and the children's logs) when the test ends, failing or not.
struct Cleanup(Vec<PathBuf>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A random number of milliseconds in `30..=250`.
fn random_pause(round: u32) -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(round);
    30 + hasher.finish() % 221
}

/// Waits until the journal is past `last`, the child has exited, or [`FIRST_APPEND`] passed.
fn wait_for_an_append(path: &Path, last: u64, child: &mut std::process::Child) {
    let watcher = SqliteJournal::open(path, Durability::Full).unwrap();
    let deadline = Instant::now() + FIRST_APPEND;
    while watcher.last_revision(TENANT).unwrap() == last
        && Instant::now() < deadline
        && child.try_wait().unwrap().is_none()
    {
        sleep(Duration::from_millis(5));
    }
}

#[test]
fn crash_test() {
    let path = std::env::temp_dir().join(format!("chatgate-crash-{}.db", std::process::id()));
    let file = |end: &str| PathBuf::from(format!("{}{end}", path.display()));
    let logs: Vec<PathBuf> = (1..=ROUNDS)
        .map(|round| file(&format!(".child{round}.log")))
        .collect();
    let _cleanup = Cleanup(
        [file(""), file("-wal"), file("-shm")]
            .into_iter()
            .chain(logs.iter().cloned())
            .collect(),
    );
    let _ = std::fs::remove_file(&path);

    // The Owner and one account, connected by them.
    {
        let journal = SqliteJournal::open(&path, Durability::Full).unwrap();
        let mut ws = Workspace::new(OWNER);
        journal.create(TENANT, &ws.snapshot()).unwrap();
        let connected = ws.connect_account(OWNER, ACCOUNT).unwrap().unwrap();
        journal.append(TENANT, &connected).unwrap();
    }
    let exe = std::env::current_exe().expect("the test binary's path, to run it as the child");
    let started = Instant::now();
    let mut last = 1;
    let mut grew = 0;
    for (round, log) in (1..=ROUNDS).zip(&logs) {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_appends",
                "--include-ignored",
                "--nocapture",
            ])
            .env(ENV, &path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap_or_else(|error| {
                panic!(
                    "the crash test cannot run its child, {} (the test binary): {error}",
                    exe.display()
                )
            });
        // The child starts, loads the journal and appends; a random moment after its first
        // append, it is killed.
        wait_for_an_append(&path, last, &mut child);
        let pause = random_pause(round);
        sleep(Duration::from_millis(pause));
        let exited = child.try_wait().unwrap();
        child.kill().unwrap();
        let status = child.wait().unwrap();
        if let Some(exited) = exited {
            panic!(
                "round {round}: the child exited by itself ({exited}) instead of appending until \
                 killed; its output:\n{}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        }

        let journal = SqliteJournal::open(&path, Durability::Full).unwrap();
        let ws = load(&journal);
        let revision = ws.revision();
        eprintln!(
            "crash_test round {round}: killed ({status}) {pause} ms after its first append; \
             revision {last} -> {revision}"
        );
        assert!(
            revision >= last,
            "round {round}: events recorded before were lost"
        );
        if revision > last {
            grew += 1;
        }
        last = revision;
        // Now and then a snapshot of what was read, and a compaction: the next child starts
        // from it.
        if round % 3 == 0 {
            journal.save_snapshot(TENANT, &ws.snapshot()).unwrap();
            journal.compact(TENANT).unwrap();
            assert_eq!(journal.latest_snapshot(TENANT).unwrap().revision, revision);
        }
    }
    eprintln!(
        "crash_test: the journal grew in {grew} of {ROUNDS} rounds, to revision {last}, in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(
        grew * 2 >= ROUNDS,
        "the journal grew in only {grew} of {ROUNDS} rounds: the child did not append"
    );
}
