//! Denials that say what would allow them: the single changes, in the vocabulary of
//! [`Change`], that turn a denied decision into an allow, and who may make each.
//!
//! Each candidate is decided by the one engine on the state as the change would leave it
//! (the facts it moves, as the escalation rule sees them), so an offered remedy is never a
//! guess. The candidates, in the order offered:
//!
//! - for a chat: assigning the member to it;
//! - for a chat or an account: putting the member in a team of the account's connector, and
//!   transferring the account to the member;
//! - granting the member the permission the action needs (their grants and it);
//! - changing the member's role (their grants kept);
//! - for a removed member, only re-adding them (with their old role and grants, or a role's
//!   default grant, or a role's default grant and the permission needed).
//!
//! Making the member the Owner would allow anything; it hands over the workspace, so it is
//! never offered. There is no remedy for an id the workspace does not know (member, chat or
//! account), for the Owner, for a target of the wrong kind, or where no one change of the
//! list allows.

use core::fmt;
use std::vec::Vec;

use smallvec::SmallVec;

use super::escalation::{Moved, Opened};
use super::id_text::{Backquoted, IdText};
use super::{MemberRecord, Target, Workspace};
use crate::{Action, Change, ChatId, MemberId, Permission, Role};

/// A change that would allow a denied decision, and who may make it.
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, Action, Change, ChatId, MemberId, Role, Target, Workspace};
///
/// let (olga, dan) = (MemberId::new(1), MemberId::new(2));
/// let mut ws = Workspace::new(olga);
/// ws.add_member(olga, dan, Role::Agent)?;
/// ws.connect_account(olga, AccountId::new(10))?;
/// ws.receive_chat(ChatId::new(7), AccountId::new(10))?;
///
/// let remedies = ws.remedies(dan, Action::Reply, Target::Chat(ChatId::new(7)));
/// assert_eq!(remedies[0].change, Change::Assign { chat: ChatId::new(7), member: dan });
/// assert_eq!(
///     remedies[0].to_string(),
///     "assign chat `7` member `2`: a member who may reply to chat `7` and do there all it opens can"
/// );
///
/// // The failing case: nothing allows a chat the workspace does not have.
/// assert!(ws.remedies(dan, Action::Reply, Target::Chat(ChatId::new(8))).is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Remedy {
    /// The change.
    pub change: Change,
    /// Who may make it.
    pub by: Authority,
}

/// Who may make a [`Remedy`]'s change: what the policy's table of changes asks of its
/// actor, and the escalation rule (the actor holds, on the same chat, account or workspace,
/// what the change would give).
///
/// # Example
///
/// ```
/// use chatgate::{Authority, ChatId};
///
/// let by = Authority::Repliers { chat: ChatId::new(7) };
/// assert_eq!(by.to_string(), "a member who may reply to chat `7` and do there all it opens");
/// assert_eq!(
///     Authority::TeamManagers.to_string(),
///     "a member who manages the team and may do all it opens"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Authority {
    /// A member who may reply to the chat (an assignment needs it) and may do on it all
    /// the assignment would let the member do.
    Repliers {
        /// The chat.
        chat: ChatId,
    },
    /// A member who holds `manage_team` and may do all the change would let anyone do,
    /// where it would.
    TeamManagers,
}

impl Remedy {
    /// The remedy in words, its ids written by `ids`.
    pub(crate) fn write_with(&self, f: &mut fmt::Formatter<'_>, ids: &impl IdText) -> fmt::Result {
        self.change.write_with(f, ids)?;
        f.write_str(": ")?;
        self.by.write_with(f, ids)?;
        f.write_str(" can")
    }
}

impl Authority {
    /// Who, in words, their ids written by `ids`.
    pub(crate) fn write_with(&self, f: &mut fmt::Formatter<'_>, ids: &impl IdText) -> fmt::Result {
        match *self {
            Authority::Repliers { chat } => {
                f.write_str("a member who may reply to chat ")?;
                ids.chat(f, chat)?;
                f.write_str(" and do there all it opens")
            }
            Authority::TeamManagers => {
                f.write_str("a member who manages the team and may do all it opens")
            }
        }
    }
}

/// `` assign chat `7` member `2`: a member who may reply to chat `7` and do there all it opens can ``.
impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_with(f, &Backquoted)
    }
}

/// In words: `` a member who may reply to chat `7` and do there all it opens ``.
impl fmt::Display for Authority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_with(f, &Backquoted)
    }
}

impl Workspace {
    /// The single changes that would turn `member`'s denied `action` on `target` into an
    /// allow, each with who may make it (see [`Remedy`]): empty when the decision allows, or
    /// when no one change does (an unknown member, chat or account; the Owner; a target of
    /// the wrong kind). Each is decided by the one engine on the state as the change would
    /// leave it; the cost is a few decisions per candidate, never one per chat.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Change, MemberId, Permission, Role, Target, Workspace};
    ///
    /// // An Admin narrowed to view: statistics are under the Admin ceiling, not granted.
    /// let (olga, marta) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(olga);
    /// ws.add_member_with_permissions(olga, marta, Role::Admin, Some(Permission::VIEW))?;
    /// let remedies = ws.remedies(marta, Action::ViewStats, Target::Workspace);
    /// assert_eq!(
    ///     remedies[0].change,
    ///     Change::SetPermissions {
    ///         member: marta,
    ///         permissions: Some(Permission::VIEW | Permission::VIEW_STATS),
    ///     }
    /// );
    ///
    /// // The failing case: no change allows an unknown member anything; nor may anyone but
    /// // the Owner manage billing (the Admin ceiling leaves it out, whatever is granted).
    /// assert!(ws.remedies(MemberId::new(9), Action::ViewStats, Target::Workspace).is_empty());
    /// assert!(ws.remedies(marta, Action::ManageBilling, Target::Workspace).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn remedies(&self, member: MemberId, action: Action, target: Target) -> Vec<Remedy> {
        let mut remedies = Vec::new();
        if action.resource_kind() != target.kind() || self.authorize(member, action, target).is_ok()
        {
            return remedies;
        }
        let Some((slot, record)) = self.member(member) else {
            return remedies;
        };
        let Some(opened) = self.opened(target, slot) else {
            return remedies;
        };
        if slot == self.owner {
            return remedies;
        }
        let allows = |moved: &Moved| self.allowed(slot, opened, Some(moved)).contains(action);
        let with = |after: MemberRecord| {
            let mut moved = Moved::default();
            moved.members.push((slot, after));
            moved
        };
        let needed = action.required().unwrap_or(Permission::empty());
        // A removed member can only be re-added.
        if !record.active {
            for role in Role::ALL.into_iter().filter(|role| *role != Role::Owner) {
                if !role.connects_accounts() && self.connects_none(slot, member).is_err() {
                    continue;
                }
                let old = (role == record.role).then_some(record.grants);
                let tries = [old, Some(None), Some(Some(role.default_grant() | needed))];
                let fits = tries.into_iter().flatten().find(|&permissions| {
                    allows(&with(MemberRecord {
                        id: member,
                        role,
                        grants: permissions,
                        teams: SmallVec::new(),
                        active: true,
                    }))
                });
                if let Some(permissions) = fits {
                    remedies.push(Remedy {
                        change: Change::AddMember {
                            member,
                            role,
                            permissions,
                        },
                        by: Authority::TeamManagers,
                    });
                }
            }
            return remedies;
        }
        let managers = Authority::TeamManagers;
        let mut offer = |change: Change, by: Authority, moved: Moved| {
            if allows(&moved) {
                remedies.push(Remedy { change, by });
            }
        };
        if let Opened::Chat(chat, _, false) = opened {
            let moved = Moved {
                assigned: Some((chat, slot)),
                ..Moved::default()
            };
            offer(
                Change::Assign { chat, member },
                Authority::Repliers { chat },
                moved,
            );
        }
        if let Some((account_slot, account)) = self.account_of(opened) {
            let connector = self.record(account.connector);
            for &team in connector.map_or(&[][..], |connector| &connector.teams[..]) {
                if let Err(at) = record.teams.binary_search(&team) {
                    if record.teams.len() < Workspace::MAX_TEAMS_PER_MEMBER {
                        let mut after = record.clone();
                        after.teams.insert(at, team);
                        offer(Change::JoinTeam { member, team }, managers, with(after));
                    }
                }
            }
            if record.role.connects_accounts() && account.connector != slot {
                let moved = Moved {
                    connector: Some((account_slot, slot)),
                    ..Moved::default()
                };
                let change = Change::TransferAccount {
                    account: account.id,
                    member,
                };
                offer(change, managers, moved);
            }
        }
        let granted = record.role.granted(record.grants);
        if !granted.closure().contains(needed) {
            let permissions = Some(granted | needed);
            let mut after = record.clone();
            after.grants = permissions;
            let change = Change::SetPermissions {
                member,
                permissions,
            };
            offer(change, managers, with(after));
        }
        for role in Role::ALL {
            if role == Role::Owner
                || role == record.role
                || (!role.connects_accounts() && self.connects_none(slot, member).is_err())
            {
                continue;
            }
            let mut after = record.clone();
            after.role = role;
            offer(Change::SetRole { member, role }, managers, with(after));
        }
        remedies
    }

    /// `target` as the escalation rule decides it for the member in `slot`: `None` for a
    /// chat or an account the workspace does not have.
    fn opened(&self, target: Target, slot: u32) -> Option<Opened> {
        match target {
            Target::Workspace => Some(Opened::Workspace),
            Target::Account(id) => self.account_index.get(&id).map(|&at| Opened::Account(at)),
            Target::Chat(id) => {
                let chat = self.chats.get(id)?;
                let assigned = chat.assignees.contains(slot);
                Some(Opened::Chat(id, chat.account, assigned))
            }
        }
    }

    /// The account (slot and record) `opened` is on, if any.
    fn account_of(&self, opened: Opened) -> Option<(u32, &super::AccountRecord)> {
        let slot = match opened {
            Opened::Workspace => return None,
            Opened::Account(slot) | Opened::ChatOn(slot, _) | Opened::Chat(_, slot, _) => slot,
        };
        self.account_record(slot).map(|record| (slot, record))
    }
}
