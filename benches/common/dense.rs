//! Issue 13's baseline for the decision itself: a decision by index over dense vectors,
//! written by hand. The member, the chat, the chat's account and that account's connector
//! are each one read of a vector (no hashing, no id maps), and the policy is then
//! `reference.rs`'s, inlined. Chatgate's pure `authorize`, which is handed the same facts
//! already gathered, is held to within 1.2× of it.

use super::reference::{self, Act, Deny, Role};

/// A member: what the policy reads of them.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: u128,
    pub role: Role,
    pub grants: u16,
    /// Sorted.
    pub teams: Vec<u128>,
    pub active: bool,
}

/// A chat: its account's index and its assignees (sorted).
#[derive(Debug, Clone)]
pub struct Chat {
    pub account: usize,
    pub assignees: Vec<u128>,
}

/// A workspace as dense vectors: members, each account's connector (a member index), chats.
#[derive(Debug, Clone, Default)]
pub struct Dense {
    pub members: Vec<Member>,
    pub connectors: Vec<usize>,
    pub chats: Vec<Chat>,
}

/// What a request is about, by index.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    Workspace,
    Account(usize),
    Chat(usize),
}

/// The decision for the member at index `member`: reads, then the reference's policy. An
/// index out of range is a wrong resource (the benches never ask one).
#[inline(never)]
pub fn authorize(dense: &Dense, member: usize, action: Act, target: Target) -> Result<(), Deny> {
    let Some(m) = dense.members.get(member) else {
        return Err(Deny::Inactive);
    };
    let subject = reference::Member {
        id: m.id,
        role: m.role,
        grants: m.grants,
        teams: &m.teams,
        active: m.active,
    };
    let account = |index: usize| {
        let connector = dense.members.get(*dense.connectors.get(index)?)?;
        Some(reference::Account {
            connector: connector.id,
            connector_teams: &connector.teams,
            connector_active: connector.active,
        })
    };
    let resource = match target {
        Target::Workspace => reference::Resource::Workspace,
        Target::Account(index) => match account(index) {
            Some(account) => reference::Resource::Account(account),
            None => return Err(Deny::WrongResource),
        },
        Target::Chat(index) => {
            let found = dense
                .chats
                .get(index)
                .and_then(|chat| Some((account(chat.account)?, chat)));
            match found {
                Some((account, chat)) => reference::Resource::Chat(reference::Chat {
                    account,
                    assignees: &chat.assignees,
                }),
                None => return Err(Deny::WrongResource),
            }
        }
    };
    reference::decide(&subject, action, resource)
}
