//! No heap allocation on the decision path: a counting global allocator around `authorize`,
//! `authorize_scope`, `capabilities` and the `Workspace`'s decisions by id; and the
//! workspace's memory per chat, measured with the same allocator.
//!
//! Unsafe code is denied crate-wide in Cargo.toml and forbidden in the library itself
//! (`#![forbid(unsafe_code)]` in src/lib.rs); this file alone allows it, because
//! `GlobalAlloc` is an `unsafe trait`. The allocator only counts, then defers to `System`.

#![allow(
    unsafe_code,
    reason = "a counting global allocator: `GlobalAlloc` is an unsafe trait"
)]
#![allow(
    clippy::unwrap_used,
    reason = "test fixtures: a setup step that fails is a bug"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};

use chatgate::{
    authorize, authorize_scope, capabilities, Account, AccountId, Action, Categories, Chat, ChatId,
    Connector, MemberId, Permission, Resource, Role, Scope, Subject, Target, TeamId, Workspace,
};

/// Counts the allocations (and bytes) made by threads that asked to be counted, so tests
/// running in parallel on other threads are not counted.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);
static ALLOCATED: AtomicU64 = AtomicU64::new(0);
static FREED: AtomicU64 = AtomicU64::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn counting() -> bool {
    COUNTING.with(Cell::get)
}

fn record_alloc(size: usize) {
    if counting() {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        ALLOCATED.fetch_add(size as u64, Ordering::Relaxed);
    }
}

fn record_free(size: usize) {
    if counting() {
        FREED.fetch_add(size as u64, Ordering::Relaxed);
    }
}

// SAFETY: every method defers to `System` with the arguments it was given, unchanged; the
// counting touches only atomics and a const-initialised thread-local `Cell` (no allocation).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record_alloc(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, passed on as is.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record_alloc(layout.size());
        // SAFETY: as `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record_alloc(new_size);
        record_free(layout.size());
        // SAFETY: `ptr` was allocated by `System` through this allocator with `layout`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        record_free(layout.size());
        // SAFETY: `ptr` was allocated by `System` through this allocator with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one counted stretch of code allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counted {
    allocations: u64,
    /// Bytes allocated less bytes freed: what the code left on the heap.
    live_bytes: i64,
}

/// Runs `f` on this thread with counting on. The counters are global, so tests that count
/// take a lock: only one of them counts at a time.
fn count<T>(f: impl FnOnce() -> T) -> (T, Counted) {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _only_me = LOCK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let before = (
        ALLOCATIONS.load(Ordering::Relaxed),
        ALLOCATED.load(Ordering::Relaxed),
        FREED.load(Ordering::Relaxed),
    );
    COUNTING.with(|on| on.set(true));
    let value = f();
    COUNTING.with(|on| on.set(false));
    let allocated = ALLOCATED.load(Ordering::Relaxed) - before.1;
    let freed = FREED.load(Ordering::Relaxed) - before.2;
    let counted = Counted {
        allocations: ALLOCATIONS.load(Ordering::Relaxed) - before.0,
        live_bytes: allocated as i64 - freed as i64,
    };
    (value, counted)
}

#[test]
fn the_counter_counts() {
    let (v, counted) = count(|| vec![1_u64; 1000]);
    assert_eq!(counted.allocations, 1);
    assert_eq!(counted.live_bytes, 8000);
    let ((), counted) = count(|| drop(v));
    assert_eq!(counted.live_bytes, -8000);
}

/// Every action on every kind of resource, for every role, active and removed, with grants
/// that allow and grants that do not: every outcome and every kind of denial.
#[test]
fn authorize_never_allocates() {
    let teams = [TeamId::new(1), TeamId::new(2)];
    let other_teams = [TeamId::new(3)];
    let assignees = [MemberId::new(3), MemberId::new(9)];
    let connectors = [
        Connector::new(MemberId::new(1)).with_teams(&teams),
        Connector::new(MemberId::new(2)).with_teams(&teams),
        Connector::new(MemberId::new(4)).with_teams(&other_teams),
        Connector::new(MemberId::new(5))
            .with_teams(&teams)
            .removed(),
    ];
    let mut subjects = Vec::new();
    for role in Role::ALL {
        for grants in [role.default_grant(), Permission::VIEW, Permission::empty()] {
            let subject = Subject::new(MemberId::new(1), role)
                .with_grants(grants)
                .with_teams(&teams);
            subjects.extend([subject, subject.removed()]);
            subjects.push(Subject::new(MemberId::new(3), role).with_grants(grants));
        }
    }
    let mut resources = vec![Resource::Workspace];
    for connector in connectors {
        let account = Account::new(AccountId::new(1), connector);
        let chat = Chat::new(ChatId::new(1), account);
        resources.extend([
            Resource::Account(account),
            Resource::Chat(chat),
            Resource::Chat(chat.with_assignees(&assignees)),
        ]);
    }

    let (outcomes, counted) = count(|| {
        let (mut allowed, mut denied) = (0_u32, 0_u32);
        for subject in &subjects {
            for action in Action::ALL {
                for resource in &resources {
                    match std::hint::black_box(authorize(subject, action, *resource)) {
                        Ok(()) => allowed += 1,
                        Err(_) => denied += 1,
                    }
                    let scope = resource.scope_for(subject);
                    let _ = std::hint::black_box(authorize_scope(subject, action, scope));
                }
            }
            for resource in &resources {
                if let Resource::Chat(chat) = resource {
                    std::hint::black_box(capabilities(subject, chat));
                }
            }
        }
        (allowed, denied)
    });
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
    assert_eq!(counted.allocations, 0, "{counted:?}");
}

/// A workspace with members of every role, teams, accounts, assigned chats and a removed
/// member.
fn workspace() -> Workspace {
    let owner = MemberId::new(1);
    let mut ws = Workspace::new(owner);
    let roles = [
        Role::Admin,
        Role::Teammate,
        Role::Agent,
        Role::Collaborator,
        Role::Teammate,
    ];
    for (n, role) in (2..).zip(roles) {
        ws.add_member(owner, MemberId::new(n), role).unwrap();
    }
    for team in 1..=2 {
        ws.create_team(owner, TeamId::new(team)).unwrap();
    }
    for (member, team) in [(1, 1), (2, 1), (3, 1), (4, 2), (6, 1), (6, 2)] {
        ws.join_team(owner, MemberId::new(member), TeamId::new(team))
            .unwrap();
    }
    for (account, by) in [(1, 1), (2, 3), (3, 4), (4, 6)] {
        ws.connect_account(MemberId::new(by), AccountId::new(account))
            .unwrap();
    }
    for chat in 1..=8 {
        ws.receive_chat(ChatId::new(chat), AccountId::new(chat % 4 + 1))
            .unwrap();
    }
    for (chat, member) in [(1, 5), (2, 4), (3, 3), (3, 5)] {
        ws.assign(owner, ChatId::new(chat), MemberId::new(member))
            .unwrap();
    }
    ws.remove_member(owner, MemberId::new(6)).unwrap();
    ws
}

#[test]
fn workspace_decisions_never_allocate() {
    let ws = workspace();
    let mut targets = vec![Target::Workspace];
    targets.extend((0..=5).map(|n| Target::Account(AccountId::new(n))));
    targets.extend((0..=9).map(|n| Target::Chat(ChatId::new(n))));

    let (outcomes, counted) = count(|| {
        let (mut allowed, mut denied) = (0_u32, 0_u32);
        for member in (0..=7).map(MemberId::new) {
            for action in Action::ALL {
                for target in &targets {
                    match std::hint::black_box(ws.authorize(member, action, *target)) {
                        Ok(()) => allowed += 1,
                        Err(_) => denied += 1,
                    }
                    std::hint::black_box(ws.scope(member, *target));
                }
            }
            for chat in (0..=9).map(ChatId::new) {
                std::hint::black_box(ws.capabilities(member, chat));
            }
            std::hint::black_box(ws.subject(member));
        }
        (allowed, denied)
    });
    assert!(outcomes.0 > 0 && outcomes.1 > 0, "{outcomes:?}");
    assert_eq!(counted.allocations, 0, "{counted:?}");
}

#[test]
fn a_denial_and_its_reason_never_allocate() {
    let subject = Subject::new(MemberId::new(1), Role::Admin);
    let ((), counted) = count(|| {
        let denied = authorize_scope(&subject, Action::ManageBilling, Scope::Workspace);
        let denied = std::hint::black_box(denied).unwrap_err();
        std::hint::black_box(denied.reason());
        let out_of_scope = authorize_scope(
            &Subject::new(MemberId::new(2), Role::Agent),
            Action::View,
            Scope::Chat(Categories::SAME_TEAM),
        );
        std::hint::black_box(out_of_scope.unwrap_err().reason());
    });
    assert_eq!(counted.allocations, 0, "{counted:?}");
}

/// The heap a workspace keeps per chat: `chats` chats received on one account, each
/// assigned to `assignees` members, measured as live bytes after building, less those of the
/// same workspace before its first chat.
fn bytes_per_chat(chats: u32, assignees: u32) -> f64 {
    bytes_per_chat_with_ids(chats, assignees, |n| ChatId::new(u128::from(n)))
}

/// A random-looking 128-bit id for `n` (as UUIDs are): splitmix64 of `n` in both halves.
fn random_id(n: u32) -> ChatId {
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let high = mix(u64::from(n));
    ChatId::new(u128::from(high) << 64 | u128::from(mix(high)))
}

/// [`bytes_per_chat`] with the chat ids `id` gives (for the `n`th chat, from 1).
fn bytes_per_chat_with_ids(chats: u32, assignees: u32, id: fn(u32) -> ChatId) -> f64 {
    let owner = MemberId::new(1);
    let mut ws = Workspace::new(owner);
    for n in 0..assignees {
        ws.add_member(owner, MemberId::new(u128::from(2 + n)), Role::Agent)
            .unwrap();
    }
    ws.connect_account(owner, AccountId::new(1)).unwrap();
    let (ws, counted) = count(move || {
        for chat in 1..=chats {
            let id = id(chat);
            ws.receive_chat(id, AccountId::new(1)).unwrap();
            for n in 0..assignees {
                ws.assign(owner, id, MemberId::new(u128::from(2 + n)))
                    .unwrap();
            }
        }
        ws
    });
    drop(ws);
    counted.live_bytes as f64 / f64::from(chats)
}

/// Reports the memory per chat (run with `--nocapture` to see it); the target is at most
/// 80 bytes per chat with the listing's index (issue 16). One assignee is kept in the chat's
/// own entry; a chat with several lists them in a second map.
#[test]
fn memory_per_chat() {
    for chats in [10_000, 100_000, 1_000_000] {
        for assignees in [0, 1, 3] {
            let bytes = bytes_per_chat(chats, assignees);
            println!(
                "memory per chat: {chats} chats, {assignees} assignees each: {bytes:.1} bytes"
            );
        }
    }
    // Random 128-bit ids (UUIDs): the listing's index keeps them whole, 16 bytes each.
    for chats in [100_000, 1_000_000] {
        for assignees in [0, 1] {
            let bytes = bytes_per_chat_with_ids(chats, assignees, random_id);
            println!(
                "memory per chat: {chats} chats with random 128-bit ids, {assignees} assignees \
                 each: {bytes:.1} bytes"
            );
        }
    }
}

/// The memory of many tenants, a `Workspace` each (run with `--nocapture` to see it): 10,000
/// tenants of 20 members (the Owner, then Admin, Teammate, Agent, Collaborator in turn), 2
/// teams, 4 accounts and 500 chats, every fourth chat assigned. Counted as live bytes after
/// building, all in; the earlier figure was 29.6 KiB per tenant, 60.7 bytes per chat.
#[test]
fn memory_of_ten_thousand_tenants() {
    const TENANTS: u32 = 10_000;
    const MEMBERS: u32 = 20;
    const CHATS: u32 = 500;
    let roles = [Role::Admin, Role::Teammate, Role::Agent, Role::Collaborator];
    let tenant = |_: u32| {
        let owner = MemberId::new(1);
        let mut ws = Workspace::new(owner);
        for n in 2..=MEMBERS {
            let role = roles[(n as usize - 2) % roles.len()];
            ws.add_member(owner, MemberId::new(u128::from(n)), role)
                .unwrap();
        }
        for team in 1..=2 {
            ws.create_team(owner, TeamId::new(team)).unwrap();
        }
        for n in 1..=MEMBERS {
            ws.join_team(
                owner,
                MemberId::new(u128::from(n)),
                TeamId::new(u128::from(n % 2 + 1)),
            )
            .unwrap();
        }
        for account in 1..=4 {
            ws.connect_account(owner, AccountId::new(account)).unwrap();
        }
        for chat in 1..=CHATS {
            let id = ChatId::new(u128::from(chat));
            ws.receive_chat(id, AccountId::new(u128::from(chat % 4 + 1)))
                .unwrap();
            if chat % 4 == 0 {
                ws.assign(owner, id, MemberId::new(u128::from(chat % MEMBERS + 1)))
                    .unwrap();
            }
        }
        ws
    };
    let (tenants, counted) = count(|| (0..TENANTS).map(tenant).collect::<Vec<_>>());
    let per_tenant = counted.live_bytes as f64 / f64::from(TENANTS);
    println!(
        "memory of {TENANTS} tenants of {MEMBERS} members and {CHATS} chats: {:.1} MiB, \
         {:.1} KiB per tenant, {:.1} bytes per chat all in",
        counted.live_bytes as f64 / 1_048_576.0,
        per_tenant / 1024.0,
        per_tenant / f64::from(CHATS)
    );
    assert_eq!(tenants.len(), TENANTS as usize);
    // Not vacuous: at least the 24 bytes of each chat's entry are counted.
    assert!(per_tenant > f64::from(24 * CHATS), "{per_tenant}");
}
