//! The escalation rule, in one place: no accepted change leaves any member able to do
//! something its actor could not do on the same chat, account or workspace, and no role or
//! grant change leaves a member holding permissions beyond the actor's own.
//!
//! A change describes the facts it would move ([`Moved`]: member records, a connector, an
//! assignment) before it makes them, and [`Workspace::no_escalation`] compares every
//! capability those facts can open, before and after, against the actor's before. The
//! capabilities a moved fact can open are few, and the rule visits only them:
//!
//! - a moved member's own: the workspace actions, and on every account its `send_from` and
//!   the chat actions on its chats;
//! - on the accounts a moved member connects (their teams or status moved), and on an
//!   account whose connector moves, every member's;
//! - on a chat a member is assigned to, that member's.
//!
//! What a change creates (an account, a chat) opens nothing that existed before, and what a
//! change only takes away (removing, unassigning, deleting) is checked all the same, since
//! its moved facts are. So the rule costs a few decisions per account for a member change,
//! a few per member for a connector change, and one for an assignment: never one per chat.
//!
//! **Chats, per account.** A member's chat capabilities on an account's chats are decided
//! for two chats: one they are assigned to and one they are not; the actor's are the
//! actor's on a chat of that account they are not assigned to (the fewest). This counts the
//! chats an account will receive as well as those it holds (an arriving chat has no actor
//! and is never checked), so it is never weaker than deciding chat by chat, and stricter
//! only where an account holds no chat of the kind decided: an empty account, or one whose
//! every chat the member is assigned to
//! ([the policy's decided point](crate::policy#what-the-code-does-today)).

use smallvec::SmallVec;

use super::{MemberRecord, Target, Workspace, WorkspaceError};
use crate::{authorize_scope, Account, Action, Categories, ChatId, Connector, Permission, Scope};

/// The facts a change would move, as they would be after it.
#[derive(Debug, Default)]
pub(super) struct Moved {
    /// Member records that change, by slot, as they would be.
    pub(super) members: SmallVec<[(u32, MemberRecord); 2]>,
    /// An account whose connector changes: (account slot, new connector's slot).
    pub(super) connector: Option<(u32, u32)>,
    /// A member newly assigned to a chat: (chat, member slot).
    pub(super) assigned: Option<(ChatId, u32)>,
}

/// A set of actions, one bit per [`Action::ALL`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Allowed(u16);

impl Allowed {
    /// Whether `action` is in the set.
    pub(super) fn contains(self, action: Action) -> bool {
        Action::ALL
            .iter()
            .position(|each| *each == action)
            .is_some_and(|at| self.0 & (1 << at) != 0)
    }

    /// The actions of `scope`'s kind that `subject` may take there.
    fn of(subject: &crate::Subject<'_>, scope: Scope) -> Self {
        let kind = scope.kind();
        let bits = Action::ALL
            .iter()
            .enumerate()
            .filter(|(_, action)| {
                action.resource_kind() == kind && authorize_scope(subject, **action, scope).is_ok()
            })
            .fold(0, |bits, (at, _)| bits | 1 << at);
        Self(bits)
    }

    /// The first action in `self` and not in `other`.
    fn first_beyond(self, other: Self) -> Option<Action> {
        let beyond = self.0 & !other.0;
        Action::ALL
            .iter()
            .enumerate()
            .find(|(at, _)| beyond & (1 << at) != 0)
            .map(|(_, action)| *action)
    }
}

/// One resource a moved fact opens, decided for a member before and after.
#[derive(Debug, Clone, Copy)]
pub(super) enum Opened {
    /// The workspace actions.
    Workspace,
    /// An account (by slot): `send_from` on it.
    Account(u32),
    /// A chat on an account (by slot), assigned to the member or not.
    ChatOn(u32, bool),
    /// One chat, with its account's slot and whether the member is assigned before.
    Chat(ChatId, u32, bool),
}

impl Workspace {
    /// The escalation rule: `Ok` when every capability the moved facts give any member was
    /// the actor's before on the same resource, else the first gain found.
    pub(super) fn no_escalation(&self, actor: u32, moved: &Moved) -> Result<(), WorkspaceError> {
        let moved_members = || moved.members.iter().map(|(slot, _)| *slot);
        let accounts = 0..u32::try_from(self.accounts.len()).unwrap_or(u32::MAX);
        for member in moved_members() {
            self.no_gain(actor, member, moved, Opened::Workspace)?;
            for account in accounts.clone() {
                self.no_gain_on_account(actor, member, moved, account)?;
            }
        }
        // Accounts whose connector's record or whose connector moves: every other member.
        for account in accounts {
            let connector = self.account_record(account).map(|record| record.connector);
            let moves = moved.connector.is_some_and(|(moving, _)| moving == account)
                || connector.is_some_and(|connector| moved_members().any(|slot| slot == connector));
            if moves {
                for member in self
                    .slots()
                    .filter(|slot| !moved_members().any(|m| m == *slot))
                {
                    self.no_gain_on_account(actor, member, moved, account)?;
                }
            }
        }
        if let Some((chat, member)) = moved.assigned {
            if let Some(record) = self.chats.get(chat) {
                let assigned = record.assignees.contains(member);
                self.no_gain(
                    actor,
                    member,
                    moved,
                    Opened::Chat(chat, record.account, assigned),
                )?;
            }
        }
        Ok(())
    }

    /// The stored-power rule: a role or grant change leaves `member`'s effective
    /// permissions within the actor's own (the Owner's hold everything). Returns them.
    pub(super) fn within_actor(
        &self,
        actor: u32,
        record: &MemberRecord,
    ) -> Result<Permission, WorkspaceError> {
        let held = self
            .record(actor)
            .map_or(Permission::empty(), |actor| actor.subject().effective());
        let after = record.subject().effective();
        let beyond = after.difference(held);
        if beyond.is_empty() {
            Ok(after)
        } else {
            Err(WorkspaceError::Escalation {
                member: record.id,
                beyond,
            })
        }
    }

    /// [`no_gain`](Workspace::no_gain) on `account` and on its chats, assigned or not.
    fn no_gain_on_account(
        &self,
        actor: u32,
        member: u32,
        moved: &Moved,
        account: u32,
    ) -> Result<(), WorkspaceError> {
        self.no_gain(actor, member, moved, Opened::Account(account))?;
        self.no_gain(actor, member, moved, Opened::ChatOn(account, false))?;
        self.no_gain(actor, member, moved, Opened::ChatOn(account, true))
    }

    /// `Ok` when what `member` may do on `opened` after the moves, beyond what they could
    /// before, is what `actor` could before.
    fn no_gain(
        &self,
        actor: u32,
        member: u32,
        moved: &Moved,
        opened: Opened,
    ) -> Result<(), WorkspaceError> {
        let before = self.allowed(member, opened, None);
        let after = self.allowed(member, opened, Some(moved));
        if after.0 & !before.0 == 0 {
            return Ok(());
        }
        let actor_opened = match opened {
            // The actor's fewest on the account's chats: one they are not assigned to.
            Opened::ChatOn(account, _) => Opened::ChatOn(account, false),
            Opened::Chat(chat, account, _) => {
                let assigned = self
                    .chats
                    .get(chat)
                    .is_some_and(|record| record.assignees.contains(actor));
                Opened::Chat(chat, account, assigned)
            }
            other => other,
        };
        let held = self.allowed(actor, actor_opened, None);
        let gained = Allowed(after.0 & !before.0);
        match gained.first_beyond(held) {
            None => Ok(()),
            Some(action) => Err(WorkspaceError::ScopeEscalation {
                member: self
                    .record_as(member, Some(moved))
                    .map_or(crate::MemberId::new(0), |record| record.id),
                action,
                target: self.target_of(opened),
            }),
        }
    }

    /// What the member in slot `member` may do on `opened`, in the state as it is (`None`)
    /// or as it would be after `moved`.
    pub(super) fn allowed(&self, member: u32, opened: Opened, moved: Option<&Moved>) -> Allowed {
        let Some(record) = self.record_as(member, moved) else {
            return Allowed(0);
        };
        let subject = record.subject();
        let categories_on = |account: u32| {
            self.account_as(account, moved)
                .map_or(Categories::empty(), |view| view.categories_for(&subject))
        };
        let scope = match opened {
            Opened::Workspace => Scope::Workspace,
            Opened::Account(account) => Scope::Account(categories_on(account)),
            Opened::ChatOn(account, assigned) => {
                Scope::Chat(categories_on(account).assigned_if(assigned))
            }
            Opened::Chat(chat, account, assigned_before) => {
                let newly = moved
                    .and_then(|moved| moved.assigned)
                    .is_some_and(|(moving, slot)| moving == chat && slot == member);
                Scope::Chat(categories_on(account).assigned_if(assigned_before || newly))
            }
        };
        Allowed::of(&subject, scope)
    }

    /// The record in `slot`, as it is or as `moved` would make it.
    fn record_as<'w>(&'w self, slot: u32, moved: Option<&'w Moved>) -> Option<&'w MemberRecord> {
        moved
            .and_then(|moved| moved.members.iter().find(|(at, _)| *at == slot))
            .map(|(_, record)| record)
            .or_else(|| self.record(slot))
    }

    /// The account in `slot` as the ownership model sees it, as it is or after `moved`.
    fn account_as<'w>(&'w self, slot: u32, moved: Option<&'w Moved>) -> Option<Account<'w>> {
        let account = self.account_record(slot)?;
        let connector_slot = moved
            .and_then(|moved| moved.connector)
            .filter(|(moving, _)| *moving == slot)
            .map_or(account.connector, |(_, to)| to);
        let connector = self.record_as(connector_slot, moved)?;
        let view = Connector::new(connector.id).with_teams(&connector.teams);
        let view = if connector.active {
            view
        } else {
            view.removed()
        };
        Some(Account::new(account.id, view))
    }

    /// The target an error names for `opened`: a chat action decided for an account's
    /// chats names the account.
    fn target_of(&self, opened: Opened) -> Target {
        let account_id = |slot: u32| {
            self.account_record(slot)
                .map_or(Target::Workspace, |record| Target::Account(record.id))
        };
        match opened {
            Opened::Workspace => Target::Workspace,
            Opened::Account(slot) | Opened::ChatOn(slot, _) => account_id(slot),
            Opened::Chat(chat, _, _) => Target::Chat(chat),
        }
    }

    /// Every member slot.
    fn slots(&self) -> impl Iterator<Item = u32> {
        0..u32::try_from(self.members.len()).unwrap_or(u32::MAX)
    }
}
