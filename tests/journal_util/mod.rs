//! Random changes for the replay, journal and replica tests: ids from small pools, so that
//! most changes meet what earlier ones made (and many are refused), and the decisions that
//! compare two workspaces.

#![allow(dead_code, reason = "each test file uses part of this module")]

use chatgate::{
    AccountId, Action, Change, ChatId, Denied, MemberId, Permission, Role, Target, TeamId,
    Workspace,
};
use proptest::prelude::*;

/// The Owner of every workspace these tests start from.
pub const OWNER: MemberId = MemberId::new(1);

/// Members 1..=7 (1 is the Owner).
pub fn member() -> impl Strategy<Value = MemberId> {
    (1_u128..=7).prop_map(MemberId::new)
}

fn team() -> impl Strategy<Value = TeamId> {
    (1_u128..=4).prop_map(TeamId::new)
}

fn account() -> impl Strategy<Value = AccountId> {
    (10_u128..=13).prop_map(AccountId::new)
}

fn chat() -> impl Strategy<Value = ChatId> {
    (100_u128..=115).prop_map(ChatId::new)
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![
        1 => Just(Role::Owner),
        3 => Just(Role::Admin),
        3 => Just(Role::Teammate),
        3 => Just(Role::Agent),
        2 => Just(Role::Collaborator),
    ]
}

fn grants() -> impl Strategy<Value = Option<Permission>> {
    prop_oneof![
        2 => Just(None),
        3 => (0_u8..=u8::MAX).prop_map(|bits| Some(Permission::from_bits_truncate(bits.into()))),
    ]
}

/// A change of any kind, with ids from the pools.
pub fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        3 => (member(), role(), grants()).prop_map(|(member, role, permissions)| {
            Change::AddMember { member, role, permissions }
        }),
        1 => (member(), role()).prop_map(|(member, role)| Change::SetRole { member, role }),
        1 => (member(), grants())
            .prop_map(|(member, permissions)| Change::SetPermissions { member, permissions }),
        1 => member().prop_map(|member| Change::RemoveMember { member }),
        2 => team().prop_map(|team| Change::CreateTeam { team }),
        1 => team().prop_map(|team| Change::DeleteTeam { team }),
        2 => (member(), team()).prop_map(|(member, team)| Change::JoinTeam { member, team }),
        1 => (member(), team()).prop_map(|(member, team)| Change::LeaveTeam { member, team }),
        1 => member().prop_map(|member| Change::TransferOwnership { member }),
        2 => account().prop_map(|account| Change::ConnectAccount { account }),
        1 => (account(), member())
            .prop_map(|(account, member)| Change::TransferAccount { account, member }),
        4 => (chat(), account()).prop_map(|(chat, account)| Change::ReceiveChat { chat, account }),
        3 => (chat(), member()).prop_map(|(chat, member)| Change::Assign { chat, member }),
        1 => (chat(), member()).prop_map(|(chat, member)| Change::Unassign { chat, member }),
        1 => chat().prop_map(|chat| Change::DeleteChat { chat }),
    ]
}

/// A change with its actor: none for an arriving chat, most often the Owner otherwise (so
/// that most changes are authorized), else any member of the pool.
pub fn acted() -> impl Strategy<Value = (Option<MemberId>, Change)> {
    let actor = prop_oneof![2 => Just(OWNER), 3 => member()];
    (actor, change()).prop_map(|(actor, change)| match change {
        Change::ReceiveChat { .. } => (None, change),
        _ => (Some(actor), change),
    })
}

/// Every decision of every member of the pool on every resource of the pools (an unknown
/// one included): what two workspaces holding the same state must answer alike.
pub fn decisions(ws: &Workspace) -> Vec<Result<(), Denied>> {
    let targets: Vec<Target> = std::iter::once(Target::Workspace)
        .chain((10_u128..=13).map(|id| Target::Account(AccountId::new(id))))
        .chain((100_u128..=115).map(|id| Target::Chat(ChatId::new(id))))
        .collect();
    let mut decided = Vec::new();
    for member in (1_u128..=7).map(MemberId::new) {
        for target in &targets {
            for action in Action::ALL {
                decided.push(ws.authorize(member, action, *target));
            }
        }
    }
    decided
}
