//! What a change would write, worked out without writing it: the one path every change
//! takes, whether a member decides it now or an event recorded elsewhere is replayed.
//!
//! A change is planned in [the policy's](crate::policy#changes-who-may-change-what) order —
//! the actor's authorization, the ids it names, the Owner's protection, the invariants, the
//! escalation rule, and only then whether it changes anything — into a [`Plan`]: the facts
//! it moves and what it replaced. Deciding ([`Acting::Decide`]) runs every step; replaying
//! ([`Acting::Replay`]) skips the two that judge the actor, authorization and the escalation
//! rule, since the event was authorized where it was recorded, and keeps every other. Then
//! [`Workspace::write`] makes the plan, which cannot fail, and records its event.

use smallvec::SmallVec;
use std::sync::Arc;
use std::vec::Vec;

use super::escalation::Moved;
use super::WorkspaceError;
use super::{chats, AccountRecord, Before, Change, Event, MemberRecord, Target, Workspace};
use crate::authorize;
use crate::{AccountId, Action, ChatId, Denied, MemberId, Permission, Role, TeamId};

type Result<T = Option<Plan>> = core::result::Result<T, WorkspaceError>;

/// How a change is planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Acting {
    /// A member's change decided now: authorized, and held to the escalation rule.
    Decide,
    /// An event recorded elsewhere, replayed: it was authorized there.
    Replay,
}

/// A change worked out on the current state: what it moves and what it replaced.
#[derive(Debug)]
pub(super) struct Plan {
    /// The member records, connector and assignment it moves (what the escalation rule
    /// judges).
    moved: Moved,
    /// What else it writes, which opens nothing.
    also: Also,
    /// The change.
    pub(super) change: Change,
    /// What it replaced or dropped.
    pub(super) before: Before,
}

/// What a change writes besides its [`Moved`] facts: creations and removals, which give no
/// member anything they could not do before.
#[derive(Debug)]
enum Also {
    /// Nothing more.
    Nothing,
    /// A new member's id, at its slot.
    Indexed(MemberId, u32),
    /// The Owner moves to this slot.
    Owner(u32),
    /// A team created.
    TeamCreated(TeamId),
    /// A team deleted.
    TeamDeleted(TeamId),
    /// An account connected (it takes the next slot).
    Account(AccountRecord),
    /// A chat arrived on the account at this slot.
    ChatReceived(ChatId, u32),
    /// The member at this slot unassigned from this chat.
    Unassigned(ChatId, u32),
    /// The member at this slot removed: unassigned from every chat at once (their index
    /// left in the chats' entries, unseen; see `ChatTable::retire`).
    Retired(u32),
    /// A removed member at this slot added again, with none of their old assignments.
    Reinstated(u32),
    /// A chat deleted.
    ChatDeleted(ChatId),
}

impl Plan {
    fn new(change: Change, before: Before, moved: Moved, also: Also) -> Result {
        Ok(Some(Plan {
            moved,
            also,
            change,
            before,
        }))
    }
}

impl Workspace {
    /// Plans `change` by `actor` (`None` only for [`Change::ReceiveChat`]); `Ok(None)` when
    /// it would change nothing.
    pub(super) fn plan(&self, acting: Acting, actor: Option<MemberId>, change: Change) -> Result {
        let actor = match (actor, change) {
            (None, Change::ReceiveChat { chat, account }) => {
                return self.plan_receive_chat(chat, account)
            }
            (Some(_), Change::ReceiveChat { .. }) => return Err(WorkspaceError::ActorOnReceive),
            (None, _) => return Err(WorkspaceError::Denied(Denied::Inactive)),
            (Some(actor), _) => Actor { acting, id: actor },
        };
        match change {
            Change::AddMember {
                member,
                role,
                permissions,
            } => self.plan_add_member(actor, member, role, permissions),
            Change::SetRole { member, role } => self.plan_set_role(actor, member, role),
            Change::SetPermissions {
                member,
                permissions,
            } => self.plan_set_permissions(actor, member, permissions),
            Change::RemoveMember { member } => self.plan_remove_member(actor, member),
            Change::CreateTeam { team } => self.plan_create_team(actor, team),
            Change::DeleteTeam { team } => self.plan_delete_team(actor, team),
            Change::JoinTeam { member, team } => self.plan_join_team(actor, member, team),
            Change::LeaveTeam { member, team } => self.plan_leave_team(actor, member, team),
            Change::TransferOwnership { member } => self.plan_transfer_ownership(actor, member),
            Change::ConnectAccount { account } => self.plan_connect_account(actor, account),
            Change::TransferAccount { account, member } => {
                self.plan_transfer_account(actor, account, member)
            }
            Change::ReceiveChat { chat, account } => self.plan_receive_chat(chat, account),
            Change::Assign { chat, member } => self.plan_assign(actor, chat, member),
            Change::Unassign { chat, member } => self.plan_unassign(actor, chat, member),
            Change::DeleteChat { chat } => self.plan_delete_chat(actor, chat),
        }
    }

    fn plan_add_member(
        &self,
        actor: Actor,
        id: MemberId,
        role: Role,
        permissions: Option<Permission>,
    ) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        if role == Role::Owner {
            return Err(WorkspaceError::SecondOwner(id));
        }
        let (slot, before) = match self.member(id) {
            Some((_, record)) if record.active => return Err(WorkspaceError::DuplicateMember(id)),
            Some((slot, record)) => {
                if !role.connects_accounts() {
                    self.connects_none(slot, id)?;
                }
                let before = Before::Removed {
                    role: record.role,
                    permissions: record.grants,
                };
                (slot, before)
            }
            None => {
                let slot = chats::member_index(self.members.len()).ok_or(WorkspaceError::Full)?;
                (slot, Before::Nothing)
            }
        };
        let record = MemberRecord {
            id,
            role,
            grants: permissions,
            teams: SmallVec::new(),
            active: true,
        };
        self.within(actor, &record)?;
        let moved = self.moved_member(actor, slot, record)?;
        let also = if before == Before::Nothing {
            Also::Indexed(id, slot)
        } else {
            Also::Reinstated(slot)
        };
        let change = Change::AddMember {
            member: id,
            role,
            permissions,
        };
        Plan::new(change, before, moved, also)
    }

    fn plan_set_role(&self, actor: Actor, member: MemberId, role: Role) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        let (slot, record) = self.changeable(member)?;
        if role == Role::Owner {
            return Err(WorkspaceError::SecondOwner(member));
        }
        if !role.connects_accounts() {
            self.connects_none(slot, member)?;
        }
        let before = Before::Member {
            role: record.role,
            permissions: record.grants,
        };
        let unchanged = record.role == role;
        let after = MemberRecord {
            role,
            ..record.clone()
        };
        self.within(actor, &after)?;
        let moved = self.moved_member(actor, slot, after)?;
        if unchanged {
            return Ok(None);
        }
        Plan::new(
            Change::SetRole { member, role },
            before,
            moved,
            Also::Nothing,
        )
    }

    fn plan_set_permissions(
        &self,
        actor: Actor,
        member: MemberId,
        permissions: Option<Permission>,
    ) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        let (slot, record) = self.changeable(member)?;
        let before = Before::Member {
            role: record.role,
            permissions: record.grants,
        };
        let unchanged = record.grants == permissions;
        let after = MemberRecord {
            grants: permissions,
            ..record.clone()
        };
        self.within(actor, &after)?;
        let moved = self.moved_member(actor, slot, after)?;
        if unchanged {
            return Ok(None);
        }
        let change = Change::SetPermissions {
            member,
            permissions,
        };
        Plan::new(change, before, moved, Also::Nothing)
    }

    fn plan_remove_member(&self, actor: Actor, member: MemberId) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        let (slot, record) = self
            .member(member)
            .ok_or(WorkspaceError::UnknownMember(member))?;
        if slot == self.owner {
            return Err(WorkspaceError::OwnerProtected(member));
        }
        if !record.active {
            return Ok(None);
        }
        let teams = record.teams.to_vec();
        let after = MemberRecord {
            teams: SmallVec::new(),
            active: false,
            ..record.clone()
        };
        let moved = self.moved_member(actor, slot, after)?;
        let assignments: Vec<ChatId> = self.chats.assigned_chats(slot).collect();
        let before = Before::Dropped { teams, assignments };
        let change = Change::RemoveMember { member };
        Plan::new(change, before, moved, Also::Retired(slot))
    }

    fn plan_create_team(&self, actor: Actor, team: TeamId) -> Result {
        self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        if self.teams.contains(&team) {
            return Err(WorkspaceError::DuplicateTeam(team));
        }
        let also = Also::TeamCreated(team);
        Plan::new(
            Change::CreateTeam { team },
            Before::Nothing,
            Moved::default(),
            also,
        )
    }

    fn plan_delete_team(&self, actor: Actor, team: TeamId) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        if !self.teams.contains(&team) {
            return Err(WorkspaceError::UnknownTeam(team));
        }
        let mut moved = Moved::default();
        for (slot, record) in (0u32..).zip(self.members.iter()) {
            if record.teams.contains(&team) {
                let mut after = record.clone();
                after.teams.retain(|held| *held != team);
                moved.members.push((slot, after));
            }
        }
        self.held_to_rule(actor, &moved)?;
        let members = moved.members.iter().map(|(_, record)| record.id).collect();
        let before = Before::TeamMembers(members);
        Plan::new(
            Change::DeleteTeam { team },
            before,
            moved,
            Also::TeamDeleted(team),
        )
    }

    fn plan_join_team(&self, actor: Actor, member: MemberId, team: TeamId) -> Result {
        let (actor, slot, record) = self.team_change(actor, member, team)?;
        let Err(at) = record.teams.binary_search(&team) else {
            return Ok(None);
        };
        if record.teams.len() >= Workspace::MAX_TEAMS_PER_MEMBER {
            return Err(WorkspaceError::TooManyTeams { member });
        }
        let mut after = record.clone();
        after.teams.insert(at, team);
        let moved = self.moved_member(actor, slot, after)?;
        let change = Change::JoinTeam { member, team };
        Plan::new(change, Before::Nothing, moved, Also::Nothing)
    }

    fn plan_leave_team(&self, actor: Actor, member: MemberId, team: TeamId) -> Result {
        let (actor, slot, record) = self.team_change(actor, member, team)?;
        if !record.teams.contains(&team) {
            return Ok(None);
        }
        let mut after = record.clone();
        after.teams.retain(|held| *held != team);
        let moved = self.moved_member(actor, slot, after)?;
        let change = Change::LeaveTeam { member, team };
        Plan::new(change, Before::Nothing, moved, Also::Nothing)
    }

    fn plan_transfer_ownership(&self, actor: Actor, member: MemberId) -> Result {
        let actor = self.actor(actor, Action::ManageWorkspace, Target::Workspace)?;
        let (slot, record) = self.active_member(member)?;
        let previous_slot = self.owner;
        let previous = self
            .record(previous_slot)
            .ok_or(WorkspaceError::UnknownMember(member))?;
        let mut moved = Moved::default();
        moved.members.push((
            slot,
            MemberRecord {
                role: Role::Owner,
                ..record.clone()
            },
        ));
        moved.members.push((
            previous_slot,
            MemberRecord {
                role: Role::Admin,
                grants: None,
                ..previous.clone()
            },
        ));
        let before = Before::Owner(previous.id);
        if slot == previous_slot {
            return Ok(None);
        }
        self.held_to_rule(actor, &moved)?;
        let change = Change::TransferOwnership { member };
        Plan::new(change, before, moved, Also::Owner(slot))
    }

    fn plan_connect_account(&self, actor: Actor, account: AccountId) -> Result {
        let deciding = self.actor(actor, Action::ConnectAccount, Target::Workspace)?;
        // Deciding, the authorization found the connector active and allowed to connect;
        // replaying, the connector must still be so: a Collaborator never connects.
        let (connector, record) = match deciding.and_then(|slot| Some((slot, self.record(slot)?))) {
            Some(found) => found,
            None => self.active_member(actor.id)?,
        };
        if !record.role.connects_accounts() {
            return Err(WorkspaceError::CollaboratorConnector {
                member: actor.id,
                account,
            });
        }
        if self.account_index.contains_key(&account) {
            return Err(WorkspaceError::DuplicateAccount(account));
        }
        u32::try_from(self.accounts.len()).map_err(|_| WorkspaceError::Full)?;
        let also = Also::Account(AccountRecord {
            id: account,
            connector,
        });
        let change = Change::ConnectAccount { account };
        Plan::new(change, Before::Nothing, Moved::default(), also)
    }

    fn plan_transfer_account(&self, actor: Actor, account: AccountId, member: MemberId) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        let account_slot = *self
            .account_index
            .get(&account)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        let (slot, record) = self.active_member(member)?;
        if !record.role.connects_accounts() {
            return Err(WorkspaceError::CollaboratorConnector { member, account });
        }
        let from = self
            .account_record(account_slot)
            .and_then(|held| self.record(held.connector))
            .map(|connector| connector.id)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        let moved = Moved {
            connector: Some((account_slot, slot)),
            ..Moved::default()
        };
        self.held_to_rule(actor, &moved)?;
        if from == member {
            return Ok(None);
        }
        let change = Change::TransferAccount { account, member };
        Plan::new(change, Before::Connector(from), moved, Also::Nothing)
    }

    fn plan_receive_chat(&self, chat: ChatId, account: AccountId) -> Result {
        let account_slot = *self
            .account_index
            .get(&account)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        if self.chats.contains(chat) {
            return Err(WorkspaceError::DuplicateChat(chat));
        }
        let change = Change::ReceiveChat { chat, account };
        let also = Also::ChatReceived(chat, account_slot);
        Plan::new(change, Before::Nothing, Moved::default(), also)
    }

    fn plan_assign(&self, actor: Actor, chat: ChatId, member: MemberId) -> Result {
        let actor = self.actor(actor, authorize::ASSIGN_NEEDS, Target::Chat(chat))?;
        let (slot, _) = self.active_member(member)?;
        let assignees = self.known_chat(chat)?.assignees;
        if assignees.contains(slot) {
            return Ok(None);
        }
        if assignees.len() >= Workspace::MAX_ASSIGNEES_PER_CHAT {
            return Err(WorkspaceError::TooManyAssignees { chat });
        }
        let moved = Moved {
            assigned: Some((chat, slot)),
            ..Moved::default()
        };
        self.held_to_rule(actor, &moved)?;
        let change = Change::Assign { chat, member };
        Plan::new(change, Before::Nothing, moved, Also::Nothing)
    }

    fn plan_unassign(&self, actor: Actor, chat: ChatId, member: MemberId) -> Result {
        self.actor(actor, authorize::ASSIGN_NEEDS, Target::Chat(chat))?;
        let (slot, _) = self.active_member(member)?;
        if !self.known_chat(chat)?.assignees.contains(slot) {
            return Ok(None);
        }
        let change = Change::Unassign { chat, member };
        let also = Also::Unassigned(chat, slot);
        Plan::new(change, Before::Nothing, Moved::default(), also)
    }

    fn plan_delete_chat(&self, actor: Actor, chat: ChatId) -> Result {
        self.actor(actor, Action::Delete, Target::Chat(chat))?;
        let account = self
            .chat_account(chat)
            .ok_or(WorkspaceError::UnknownChat(chat))?;
        let assignees = self.assignees(chat).collect();
        let before = Before::Chat { account, assignees };
        let also = Also::ChatDeleted(chat);
        Plan::new(Change::DeleteChat { chat }, before, Moved::default(), also)
    }

    /// Makes `plan`, decided or checked on this very state, and records its event as the
    /// next revision.
    pub(super) fn write(&mut self, actor: Option<MemberId>, plan: Plan) -> Event {
        let Plan {
            moved,
            also,
            change,
            before,
        } = plan;
        if !moved.members.is_empty() {
            let members = Arc::make_mut(&mut self.members);
            for (slot, record) in moved.members {
                match usize::try_from(slot)
                    .ok()
                    .and_then(|at| members.get_mut(at))
                {
                    Some(held) => *held = record,
                    None => members.push(record),
                }
            }
        }
        if let Some((account, connector)) = moved.connector {
            if let Some(record) = usize::try_from(account)
                .ok()
                .and_then(|at| Arc::make_mut(&mut self.accounts).get_mut(at))
            {
                record.connector = connector;
            }
        }
        if let Some((chat, slot)) = moved.assigned {
            self.chats.assign(chat, slot);
        }
        match also {
            Also::Nothing => {}
            Also::Indexed(id, slot) => {
                Arc::make_mut(&mut self.member_index).insert(id, slot);
            }
            Also::Owner(slot) => self.owner = slot,
            Also::TeamCreated(team) => {
                Arc::make_mut(&mut self.teams).insert(team);
            }
            Also::TeamDeleted(team) => {
                Arc::make_mut(&mut self.teams).remove(&team);
            }
            Also::Account(record) => {
                // The slot was checked to fit a `u32` when planned.
                let slot = u32::try_from(self.accounts.len()).unwrap_or(u32::MAX);
                Arc::make_mut(&mut self.account_index).insert(record.id, slot);
                Arc::make_mut(&mut self.accounts).push(record);
            }
            Also::ChatReceived(chat, account) => {
                self.chats.insert(chat, account);
            }
            Also::Unassigned(chat, slot) => {
                self.chats.unassign(chat, slot);
            }
            Also::Retired(slot) => self.chats.retire(slot),
            Also::Reinstated(slot) => self.chats.reinstate(slot),
            Also::ChatDeleted(chat) => {
                self.chats.remove(chat);
            }
        }
        self.revision += 1;
        Event {
            revision: self.revision,
            actor,
            change,
            before,
        }
    }

    /// The actor's authorization, when deciding: `Some(slot)` of the member the escalation
    /// rule holds the change to. Replaying, `None`, once the actor is found active: an
    /// accepted change's actor was, on the state it was recorded on.
    fn actor(&self, actor: Actor, action: Action, target: Target) -> Result<Option<u32>> {
        if actor.acting == Acting::Replay {
            return self.active_member(actor.id).map(|_| None);
        }
        self.authorize(actor.id, action, target)?;
        self.member(actor.id)
            .map(|(slot, _)| Some(slot))
            .ok_or(WorkspaceError::Denied(Denied::Inactive))
    }

    /// The escalation rule for the deciding actor; nothing when replaying.
    fn held_to_rule(&self, actor: Option<u32>, moved: &Moved) -> Result<()> {
        actor.map_or(Ok(()), |actor| self.no_escalation(actor, moved))
    }

    /// The stored-power rule for the deciding actor; nothing when replaying.
    fn within(&self, actor: Option<u32>, record: &MemberRecord) -> Result<()> {
        actor.map_or(Ok(()), |actor| self.within_actor(actor, record).map(drop))
    }

    fn active_member(&self, member: MemberId) -> Result<(u32, &MemberRecord)> {
        self.member(member)
            .filter(|(_, record)| record.active)
            .ok_or(WorkspaceError::UnknownMember(member))
    }

    /// A chat that exists. Deciding, the actor's authorization on the chat found it
    /// already (an unknown chat is denied, never named); replaying, an unknown one is
    /// [`WorkspaceError::UnknownChat`].
    fn known_chat(&self, chat: ChatId) -> Result<chats::ChatRef<'_>> {
        self.chats
            .get(chat)
            .ok_or(WorkspaceError::UnknownChat(chat))
    }

    fn changeable(&self, member: MemberId) -> Result<(u32, &MemberRecord)> {
        let (slot, record) = self.active_member(member)?;
        if slot == self.owner {
            return Err(WorkspaceError::OwnerProtected(member));
        }
        Ok((slot, record))
    }

    /// `Ok` when the member at `slot` connects no account (a Collaborator connects none).
    pub(super) fn connects_none(&self, slot: u32, member: MemberId) -> Result<()> {
        match self
            .accounts
            .iter()
            .find(|account| account.connector == slot)
        {
            None => Ok(()),
            Some(account) => Err(WorkspaceError::CollaboratorConnector {
                member,
                account: account.id,
            }),
        }
    }

    /// The checks `join_team` and `leave_team` share: the actor manages the team, the
    /// member is active, the team exists.
    fn team_change(
        &self,
        actor: Actor,
        member: MemberId,
        team: TeamId,
    ) -> Result<(Option<u32>, u32, MemberRecord)> {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        let (slot, record) = self.active_member(member)?;
        if !self.teams.contains(&team) {
            return Err(WorkspaceError::UnknownTeam(team));
        }
        Ok((actor, slot, record.clone()))
    }

    /// One member record moved, held to the escalation rule.
    fn moved_member(&self, actor: Option<u32>, slot: u32, after: MemberRecord) -> Result<Moved> {
        let mut moved = Moved::default();
        moved.members.push((slot, after));
        self.held_to_rule(actor, &moved)?;
        Ok(moved)
    }
}

/// The member a change is planned for, and how.
#[derive(Debug, Clone, Copy)]
struct Actor {
    acting: Acting,
    id: MemberId,
}
