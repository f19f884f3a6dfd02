//! Fixtures shared by the benches: workspaces of any shape, with the same named members,
//! accounts and chats in each, so every bench asks the same questions of them.
//!
//! The layout (ids are small integers):
//!
//! - member 1 is the Owner; 2 Bea, a Teammate; 3 Dan, an Agent; 4 Cleo, a Collaborator;
//!   5 Ada, an Admin; 6 Rex, a Teammate who is removed once the workspace is built; 7 Ana, a
//!   Teammate; then generated members, their roles in turn Teammate, Agent, Admin,
//!   Collaborator, Teammate.
//! - Bea, Ana, Ada and Rex are in team 1; Dan is in the last team (another team as soon as
//!   there are two); generated member `n` is in team `n mod teams + 1`.
//! - account 1 is Ana's (so its chats are same-team chats for Bea, other-team ones for Dan);
//!   account 2 is Dan's; the others are connected in turn by every member who may connect.
//! - chat `n` arrives on account `(n - 1) mod accounts + 1`; Cleo is assigned to chat 1, and
//!   every fourth chat is assigned to a generated member (or to Bea when there is none).

#![allow(
    dead_code,
    reason = "each bench uses part of the fixtures, and each compiles this module alone"
)]
#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]
#![allow(
    clippy::indexing_slicing,
    reason = "bench setup: indices are in range by construction"
)]

pub mod dense;
pub mod reference;

use chatgate::{AccountId, ChatId, MemberId, Role, TeamId, Workspace};

/// The workspace's size.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Members, the Owner and the seven named members included (at least 7).
    pub members: u32,
    /// Teams (at least 1).
    pub teams: u32,
    /// Connected accounts (at least 2).
    pub accounts: u32,
    /// Chats (at least 1).
    pub chats: u32,
}

/// The workspace of the comparison: 50 members, 8 teams, 20 accounts, 10,000 chats.
pub const STANDARD: Shape = Shape {
    members: 50,
    teams: 8,
    accounts: 20,
    chats: 10_000,
};

pub const OWNER: MemberId = MemberId::new(1);
pub const BEA: MemberId = MemberId::new(2);
pub const DAN: MemberId = MemberId::new(3);
pub const CLEO: MemberId = MemberId::new(4);
pub const ADA: MemberId = MemberId::new(5);
pub const REX: MemberId = MemberId::new(6);
pub const ANA: MemberId = MemberId::new(7);

/// Ana's account: same team for Bea, another team for Dan.
pub const ANAS_ACCOUNT: AccountId = AccountId::new(1);
/// A chat on Ana's account, assigned to Cleo.
pub const CHAT: ChatId = ChatId::new(1);

/// The role of generated member `n` (n ≥ 8).
fn generated_role(n: u32) -> Role {
    match n % 5 {
        0 => Role::Teammate,
        1 => Role::Agent,
        2 => Role::Admin,
        3 => Role::Collaborator,
        _ => Role::Teammate,
    }
}

/// The teams member `n` belongs to.
pub fn teams_of(n: u32, teams: u32) -> Vec<TeamId> {
    let team = |t: u32| TeamId::new(u128::from(t));
    match n {
        1 | 2 | 5 | 6 | 7 => vec![team(1)],
        3 => vec![team(teams)],
        4 => Vec::new(),
        _ => vec![team(n % teams + 1)],
    }
}

/// A workspace of `shape`, built through the public API as a service would.
pub fn workspace(shape: Shape) -> Workspace {
    assert!(shape.members >= 7 && shape.teams >= 1 && shape.accounts >= 2 && shape.chats >= 1);
    let mut ws = Workspace::new(OWNER);
    let named = [
        (BEA, Role::Teammate),
        (DAN, Role::Agent),
        (CLEO, Role::Collaborator),
        (ADA, Role::Admin),
        (REX, Role::Teammate),
        (ANA, Role::Teammate),
    ];
    for (id, role) in named {
        ws.add_member(OWNER, id, role).unwrap();
    }
    for n in 8..=shape.members {
        ws.add_member(OWNER, member(n), generated_role(n)).unwrap();
    }
    for t in 1..=shape.teams {
        ws.create_team(OWNER, TeamId::new(u128::from(t))).unwrap();
    }
    for n in 1..=shape.members {
        for team in teams_of(n, shape.teams) {
            ws.join_team(OWNER, member(n), team).unwrap();
        }
    }
    // Every member who may connect an account, Ana and Dan first.
    let connectors: Vec<MemberId> = [ANA, DAN, OWNER, BEA, ADA]
        .into_iter()
        .chain((8..=shape.members).map(member))
        .filter(|id| {
            ws.subject(*id)
                .is_some_and(|s| s.role().connects_accounts())
        })
        .collect();
    for a in 1..=shape.accounts {
        let by = connectors[(a as usize - 1) % connectors.len()];
        ws.connect_account(by, account(a)).unwrap();
    }
    let generated = shape.members - 7;
    for c in 1..=shape.chats {
        ws.receive_chat(chat(c), account((c - 1) % shape.accounts + 1))
            .unwrap();
        if c % 4 == 0 {
            let to = if generated == 0 {
                BEA
            } else {
                member(8 + c % generated)
            };
            ws.assign(OWNER, chat(c), to).unwrap();
        }
    }
    ws.assign(OWNER, CHAT, CLEO).unwrap();
    ws.remove_member(OWNER, REX).unwrap();
    ws
}

pub fn member(n: u32) -> MemberId {
    MemberId::new(u128::from(n))
}

pub fn account(n: u32) -> AccountId {
    AccountId::new(u128::from(n))
}

pub fn chat(n: u32) -> ChatId {
    ChatId::new(u128::from(n))
}
