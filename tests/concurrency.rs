//! No stale allow under concurrency: while a writer removes members and unassigns chats
//! through `SharedWorkspace` and two more threads flood arriving chats, every decision that
//! starts after a revocation returned is a deny, on every reader thread, and no revocation
//! is starved by the flood (the time each took is printed; run with `--nocapture`). Bounded
//! in iterations and time; it stops by itself.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test setup"
)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use chatgate::{
    AccountId, Action, ChatId, MemberId, Role, SharedWorkspace, Target, TeamId, Workspace,
};

const OWNER: MemberId = MemberId::new(1);
const READERS: usize = 4;
const MAX_ITERATIONS: usize = 2_000_000;
const TIME_LIMIT: Duration = Duration::from_secs(3);
/// Threads receiving chats as fast as they can while the revocations are made.
const FLOODERS: usize = 2;
/// The most chats each flooding thread receives.
const MAX_FLOOD: u128 = 200_000;
/// A generous bound on one revocation: writers are served in the order they arrive, so a
/// revocation waits for at most the two changes the flooders have queued, microseconds;
/// before they were, two flooders held one off for seconds.
const REVOCATION_LIMIT: Duration = Duration::from_secs(2);

/// One revocation: after it, `member` may no longer view `chat`.
#[derive(Debug, Clone, Copy)]
enum Revocation {
    Remove(MemberId, ChatId),
    Unassign(MemberId, ChatId),
}

impl Revocation {
    fn denied(self) -> (MemberId, ChatId) {
        match self {
            Revocation::Remove(member, chat) | Revocation::Unassign(member, chat) => (member, chat),
        }
    }
}

/// Teammates 2..=21 in the owner's team see the owner's chats; collaborators 30..=49 each
/// see the one chat assigned to them.
fn setup() -> (Workspace, Vec<Revocation>) {
    let mut ws = Workspace::new(OWNER);
    ws.create_team(OWNER, TeamId::new(1)).unwrap();
    ws.join_team(OWNER, OWNER, TeamId::new(1)).unwrap();
    ws.connect_account(OWNER, AccountId::new(10)).unwrap();
    let mut revocations = Vec::new();
    for n in 0..20_u128 {
        let chat = ChatId::new(100 + n);
        ws.receive_chat(chat, AccountId::new(10)).unwrap();
        let mate = MemberId::new(2 + n);
        ws.add_member(OWNER, mate, Role::Teammate).unwrap();
        ws.join_team(OWNER, mate, TeamId::new(1)).unwrap();
        let collaborator = MemberId::new(30 + n);
        ws.add_member(OWNER, collaborator, Role::Collaborator)
            .unwrap();
        ws.assign(OWNER, chat, collaborator).unwrap();
        revocations.push(Revocation::Remove(mate, chat));
        revocations.push(Revocation::Unassign(collaborator, chat));
    }
    (ws, revocations)
}

#[test]
fn no_decision_after_a_revocation_returned_is_an_allow() {
    let (ws, revocations) = setup();
    for revocation in &revocations {
        let (member, chat) = revocation.denied();
        assert!(ws
            .authorize(member, Action::View, Target::Chat(chat))
            .is_ok());
    }
    let shared = Arc::new(SharedWorkspace::new(ws));
    let revocations = Arc::new(revocations);
    let published = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let started = Instant::now();

    let readers: Vec<_> = (0..READERS)
        .map(|reader| {
            let (shared, revocations, published, done) = (
                Arc::clone(&shared),
                Arc::clone(&revocations),
                Arc::clone(&published),
                Arc::clone(&done),
            );
            thread::spawn(move || {
                let (mut checked_denies, mut allows) = (0_usize, 0_usize);
                for iteration in 0..MAX_ITERATIONS {
                    if done.load(Ordering::SeqCst) || started.elapsed() > TIME_LIMIT {
                        break;
                    }
                    // What has been revoked, read before the decision starts.
                    let revoked = published.load(Ordering::SeqCst);
                    let pick = (iteration * 7 + reader) % revocations.len();
                    let (member, chat) = revocations[pick].denied();
                    let decision =
                        shared
                            .snapshot()
                            .authorize(member, Action::View, Target::Chat(chat));
                    if pick < revoked {
                        assert!(
                            decision.is_err(),
                            "stale allow: {:?} was revoked before the decision started",
                            revocations[pick]
                        );
                        checked_denies += 1;
                    } else if decision.is_ok() {
                        allows += 1;
                    }
                }
                (checked_denies, allows)
            })
        })
        .collect();

    let flooders: Vec<_> = (0..FLOODERS)
        .map(|flooder| {
            let (shared, done) = (Arc::clone(&shared), Arc::clone(&done));
            thread::spawn(move || {
                let first = 1_000_000 * (flooder as u128 + 1);
                let mut received = 0;
                while received < MAX_FLOOD
                    && !done.load(Ordering::SeqCst)
                    && started.elapsed() < TIME_LIMIT
                {
                    let chat = ChatId::new(first + received);
                    shared
                        .update(|ws| ws.receive_chat(chat, AccountId::new(10)))
                        .unwrap();
                    received += 1;
                }
                received
            })
        })
        .collect();

    let mut took = Vec::new();
    for revocation in revocations.iter() {
        let revoking = Instant::now();
        match *revocation {
            Revocation::Remove(member, _) => shared.update(|ws| ws.remove_member(OWNER, member)),
            Revocation::Unassign(member, chat) => {
                shared.update(|ws| ws.unassign(OWNER, chat, member))
            }
        }
        .unwrap();
        took.push(revoking.elapsed());
        published.fetch_add(1, Ordering::SeqCst);
        // Let the readers decide between revocations.
        for _ in 0..200 {
            thread::yield_now();
        }
    }
    // A little more reading after the last revocation, then stop.
    let last = Instant::now();
    while last.elapsed() < Duration::from_millis(100) && started.elapsed() < TIME_LIMIT {
        thread::yield_now();
    }
    done.store(true, Ordering::SeqCst);

    let (mut denies, mut allows) = (0, 0);
    for reader in readers {
        let (d, a) = reader.join().unwrap();
        denies += d;
        allows += a;
    }
    let flooded: u128 = flooders.into_iter().map(|f| f.join().unwrap()).sum();
    took.sort_unstable();
    println!(
        "{} revocations while {FLOODERS} threads received {flooded} chats: median {:?}, \
         max {:?}",
        took.len(),
        took[took.len() / 2],
        took[took.len() - 1]
    );
    assert!(flooded > 0, "the flooders received no chat");
    assert!(
        took[took.len() - 1] < REVOCATION_LIMIT,
        "a revocation took {:?} under the flood",
        took[took.len() - 1]
    );
    assert_eq!(published.load(Ordering::SeqCst), revocations.len());
    // Not vacuous: readers saw allows before revocations and checked denies after them.
    assert!(allows > 0, "no allow observed");
    assert!(denies > 0, "no revoked decision checked");
    for revocation in revocations.iter() {
        let (member, chat) = revocation.denied();
        assert!(shared
            .authorize(member, Action::View, Target::Chat(chat))
            .is_err());
    }
}
