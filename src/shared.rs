//! Sharing one workspace between threads: readers decide on immutable snapshots, writers
//! swap in changed copies, one at a time, in the order they arrived.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, RwLock};

use crate::{Action, Denied, MemberId, Target, Workspace};

/// A [`Workspace`] shared between threads, so that readers never wait on a lock while they
/// decide.
///
/// The current state is an immutable `Arc<Workspace>`. A reader takes it with
/// [`snapshot`](SharedWorkspace::snapshot) — a lock held only for the instant of cloning the
/// `Arc` — and decides on it with no lock at all, for as long as it likes. A writer
/// ([`update`](SharedWorkspace::update)) waits its turn behind the writers that came before
/// it — first come, first served, so a revocation is never starved by a flood of arriving
/// chats — applies its change to a copy of the current state and, only if the change
/// succeeded, swaps the copy in.
///
/// **Guarantee:** every decision taken on a snapshot taken after `update` returned sees the
/// change (a revocation is never missed by a later decision); a decision already running
/// finishes on the snapshot it started with. A refused change swaps nothing.
///
/// **Cost:** a change copies only what it touches. The `Workspace` keeps its parts behind
/// `Arc`s — the members, the teams, the accounts, and the chat table in shards of at most
/// 1,792 chats — so the copy of the current state costs a handful of reference counts, and
/// the change then copies the one part it writes: for a chat (`receive_chat`, `assign`,
/// `unassign`) the directory of shards (8 bytes an entry, about one entry per shard) and the
/// one shard, never the other chats — an arriving chat that fills its shard splits it in
/// two, and now and then doubles the directory; for a member, team or account change that
/// part's list (O(members), O(teams) or O(accounts)). A change therefore adds at most two
/// shards, the directory and those lists to the memory held, while a reader still holds the
/// state it replaced. A shard no state holds any more keeps its memory for the next copy (a
/// few spares, at most one per sixteen shards), so a flood of changes reuses memory instead
/// of growing the process. The state a change replaces is freed after every lock is
/// released, so neither readers nor the next writer wait for it. No dependency beyond `std`
/// (and the crate's own `hashbrown`).
///
/// Measured on 2 shared cores (`cargo bench --bench shared`, 2026-12-07), at 1,000,000
/// chats and 1,000 members, a reader holding a snapshot: one `receive_chat` 8.9 µs, `assign`
/// 9.1 µs, `remove_member` 7.6 µs (medians); `snapshot()` 150 ns at the 99.9th percentile
/// while a writer runs flat out; a revocation 136 µs at the 99th percentile while two
/// threads flood arriving chats. Deciding on a snapshot costs what deciding on a plain
/// `Workspace` does: it is one.
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, Action, ChatId, MemberId, Role, SharedWorkspace, Target, Workspace};
///
/// let (owner, dan) = (MemberId::new(1), MemberId::new(2));
/// let mut ws = Workspace::new(owner);
/// ws.add_member(owner, dan, Role::Agent)?;
/// ws.connect_account(dan, AccountId::new(10))?;
/// ws.receive_chat(ChatId::new(7), AccountId::new(10))?;
/// let shared = SharedWorkspace::new(ws);
///
/// let before = shared.snapshot(); // a reader's view, decided on without any lock
/// before.authorize(dan, Action::Reply, Target::Chat(ChatId::new(7)))?;
///
/// shared.update(|ws| ws.remove_member(owner, dan))?;
/// assert!(shared.authorize(dan, Action::Reply, Target::Chat(ChatId::new(7))).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SharedWorkspace {
    current: RwLock<Arc<Workspace>>,
    writers: Turnstile,
}

impl SharedWorkspace {
    /// Shares `workspace`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, SharedWorkspace, Workspace};
    /// let shared = SharedWorkspace::new(Workspace::new(MemberId::new(1)));
    /// assert_eq!(shared.snapshot().owner(), MemberId::new(1));
    /// ```
    #[must_use]
    pub fn new(workspace: Workspace) -> Self {
        Self {
            current: RwLock::new(Arc::new(workspace)),
            writers: Turnstile::default(),
        }
    }

    /// The current state, to decide on without holding any lock.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, MemberId, SharedWorkspace, Target, Workspace};
    /// let shared = SharedWorkspace::new(Workspace::new(MemberId::new(1)));
    /// let ws = shared.snapshot();
    /// assert!(ws.authorize(MemberId::new(1), Action::ManageBilling, Target::Workspace).is_ok());
    /// ```
    #[must_use]
    pub fn snapshot(&self) -> Arc<Workspace> {
        // The lock guards only an `Arc` swap, which cannot leave it half-written: a
        // poisoned lock still holds a whole, consistent state.
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Decides on the current state: [`Workspace::authorize`] on a fresh
    /// [`snapshot`](SharedWorkspace::snapshot).
    ///
    /// # Errors
    ///
    /// As [`Workspace::authorize`]: [`Denied::Inactive`] for a removed or unknown member,
    /// and so on.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Denied, MemberId, SharedWorkspace, Target, Workspace};
    /// let shared = SharedWorkspace::new(Workspace::new(MemberId::new(1)));
    /// assert_eq!(
    ///     shared.authorize(MemberId::new(9), Action::ViewStats, Target::Workspace),
    ///     Err(Denied::Inactive)
    /// );
    /// ```
    pub fn authorize(
        &self,
        member: MemberId,
        action: Action,
        target: Target,
    ) -> Result<(), Denied> {
        self.snapshot().authorize(member, action, target)
    }

    /// Applies `change` to a copy of the current state and, if it succeeds, makes the copy
    /// the current state; returns what `change` returned. Writers run one at a time; readers
    /// are never blocked by the copy, the change or the freeing of the replaced state, only
    /// by the instant of the swap. Writers are served in the order they call `update`.
    ///
    /// Several changes may go in one closure: they take effect together, and if one fails
    /// none does (the copy is dropped). That saves a copy per change, but one change costs
    /// microseconds already (see the type's docs), so it is an option, not a need.
    ///
    /// # Errors
    ///
    /// Whatever `change` returns: a [`WorkspaceError`](crate::WorkspaceError) such as
    /// [`WorkspaceError::Denied`](crate::WorkspaceError::Denied) for an actor who may not make the change, or an error of
    /// the caller's own (a journal's, say). Nothing is swapped in then.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, SharedWorkspace, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let shared = SharedWorkspace::new(Workspace::new(owner));
    /// let event = shared.update(|ws| ws.add_member(owner, MemberId::new(2), Role::Agent))?;
    /// assert!(event.is_some()); // for the audit log
    /// // A refused change leaves the state as it was.
    /// let refused = shared.update(|ws| ws.add_member(MemberId::new(2), MemberId::new(3), Role::Agent));
    /// assert!(matches!(refused, Err(WorkspaceError::Denied(_))));
    /// assert!(shared.snapshot().subject(MemberId::new(3)).is_none());
    ///
    /// // Two changes as one: the second is refused (a duplicate), so neither is made.
    /// let both = shared.update(|ws| {
    ///     ws.add_member(owner, MemberId::new(4), Role::Agent)?;
    ///     ws.add_member(owner, MemberId::new(2), Role::Agent)
    /// });
    /// assert!(both.is_err());
    /// assert!(shared.snapshot().subject(MemberId::new(4)).is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update<T, E>(
        &self,
        change: impl FnOnce(&mut Workspace) -> Result<T, E>,
    ) -> Result<T, E> {
        let turn = self.writers.wait_turn();
        let mut next = self.snapshot();
        let outcome = change(Arc::make_mut(&mut next))?;
        let replaced = {
            let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
            core::mem::replace(&mut *current, next)
        };
        drop(turn);
        // The last reference, unless a reader still holds it: freed here, outside both locks.
        drop(replaced);
        Ok(outcome)
    }
}

/// Lets writers through one at a time, in the order they arrived: each takes a ticket and
/// waits until it is served. A plain mutex lets the thread that just released it take it
/// again before a waiting one wakes, so two threads flooding changes could hold off a third
/// indefinitely.
#[derive(Debug, Default)]
struct Turnstile {
    tickets: Mutex<Tickets>,
    served: Condvar,
}

/// The next ticket to hand out and the ticket now being served.
#[derive(Debug, Default)]
struct Tickets {
    next: u64,
    serving: u64,
}

/// A writer's turn; the next ticket is served when it is dropped, even by a panic.
struct Turn<'t>(&'t Turnstile);

impl Turnstile {
    /// Waits until every writer that arrived earlier is done.
    fn wait_turn(&self) -> Turn<'_> {
        let mut tickets = self.lock();
        let ticket = tickets.next;
        tickets.next = tickets.next.wrapping_add(1);
        while tickets.serving != ticket {
            tickets = self
                .served
                .wait(tickets)
                .unwrap_or_else(PoisonError::into_inner);
        }
        Turn(self)
    }

    /// The counters change only by whole increments under the lock, so a poisoned lock
    /// still holds consistent ones.
    fn lock(&self) -> MutexGuard<'_, Tickets> {
        self.tickets.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        let mut tickets = self.0.lock();
        tickets.serving = tickets.serving.wrapping_add(1);
        let waiting = tickets.serving != tickets.next;
        drop(tickets);
        if waiting {
            self.0.served.notify_all();
        }
    }
}
