//! Changes to a workspace, each authorized for an acting member before anything is read,
//! then checked in [the policy's](crate::policy#changes-who-may-change-what) order: the
//! ids it names, the Owner's protection, the invariants, the escalation rule; only then is
//! a change found to change nothing (`Ok(None)`), or made (`Ok(Some(event))`).

use smallvec::SmallVec;
use std::sync::Arc;
use std::vec::Vec;

use super::escalation::Moved;
use super::WorkspaceError;
use super::{chats, AccountRecord, Before, Change, Event, MemberRecord, Target, Workspace};
use crate::authorize;
use crate::{AccountId, Action, ChatId, Denied, MemberId, Permission, Role, TeamId};

type Result<T = Option<Event>> = core::result::Result<T, WorkspaceError>;

impl Workspace {
    /// Makes `change` as `actor` (`None` only for [`Change::ReceiveChat`], which comes from
    /// the messaging network): the one entry of the change vocabulary, the same as calling
    /// the method of the change's name.
    ///
    /// # Errors
    ///
    /// As the change's method; [`WorkspaceError::Denied`] (`Inactive`) for a member's change
    /// with no actor, and [`WorkspaceError::ActorOnReceive`] for a chat's arrival with one.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Change, ChangeErrorKind, MemberId, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// let add = Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None };
    /// assert!(ws.change(Some(owner), add)?.is_some());
    /// // The same id again, while they are active: a duplicate.
    /// assert_eq!(ws.change(Some(owner), add).unwrap_err().kind(), ChangeErrorKind::Invalid);
    /// assert_eq!(ws.change(None, add).unwrap_err().kind(), ChangeErrorKind::Denied);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn change(&mut self, actor: Option<MemberId>, change: Change) -> Result {
        let actor = match (actor, change) {
            (None, Change::ReceiveChat { chat, account }) => {
                return self.receive_chat(chat, account)
            }
            (Some(_), Change::ReceiveChat { .. }) => return Err(WorkspaceError::ActorOnReceive),
            (None, _) => return Err(WorkspaceError::Denied(Denied::Inactive)),
            (Some(actor), _) => actor,
        };
        match change {
            Change::AddMember {
                member,
                role,
                permissions,
            } => self.add_member_with_permissions(actor, member, role, permissions),
            Change::SetRole { member, role } => self.set_role(actor, member, role),
            Change::SetPermissions {
                member,
                permissions,
            } => self.set_permissions(actor, member, permissions),
            Change::RemoveMember { member } => self.remove_member(actor, member),
            Change::CreateTeam { team } => self.create_team(actor, team),
            Change::DeleteTeam { team } => self.delete_team(actor, team),
            Change::JoinTeam { member, team } => self.join_team(actor, member, team),
            Change::LeaveTeam { member, team } => self.leave_team(actor, member, team),
            Change::TransferOwnership { member } => self.transfer_ownership(actor, member),
            Change::ConnectAccount { account } => self.connect_account(actor, account),
            Change::TransferAccount { account, member } => {
                self.transfer_account(actor, account, member)
            }
            Change::ReceiveChat { chat, account } => self.receive_chat(chat, account),
            Change::Assign { chat, member } => self.assign(actor, chat, member),
            Change::Unassign { chat, member } => self.unassign(actor, chat, member),
            Change::DeleteChat { chat } => self.delete_chat(actor, chat),
        }
    }

    /// Adds an active member `id` of `role` (not Owner) with the role's default grant, in no
    /// team; or re-adds a removed member so. Needs `MANAGE_TEAM`; see
    /// [`add_member_with_permissions`](Workspace::add_member_with_permissions).
    ///
    /// # Errors
    ///
    /// As [`add_member_with_permissions`](Workspace::add_member_with_permissions).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Teammate)?;
    /// assert_eq!(
    ///     ws.add_member(owner, MemberId::new(2), Role::Agent),
    ///     Err(WorkspaceError::DuplicateMember(MemberId::new(2)))
    /// );
    /// // A teammate does not manage the team.
    /// assert!(matches!(
    ///     ws.add_member(MemberId::new(2), MemberId::new(3), Role::Agent),
    ///     Err(WorkspaceError::Denied(_))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_member(&mut self, actor: MemberId, id: MemberId, role: Role) -> Result {
        self.add_member_with_permissions(actor, id, role, None)
    }

    /// Adds an active member `id` of `role` (not Owner), granted `permissions` (`None`: the
    /// role's default), in no team. A removed member is re-added so: back active with the
    /// new role and grants, in no team, assigned to nothing, the connector of the accounts
    /// they connected. Needs `MANAGE_TEAM`, and the member's effective permissions must be
    /// within the actor's.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::SecondOwner`] for `Role::Owner`; [`WorkspaceError::DuplicateMember`]
    /// for the id of an active member (the Owner's included);
    /// [`WorkspaceError::CollaboratorConnector`] when re-adding a connector as a
    /// Collaborator; [`WorkspaceError::Escalation`] when the member would hold more than
    /// `actor` (an Admin narrowed to `MANAGE_TEAM | VIEW` adding a Teammate with the
    /// default grant, `REPLY`), or [`WorkspaceError::ScopeEscalation`] when a re-added
    /// connector would reach chats the actor cannot.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Workspace, WorkspaceError};
    /// let (owner, lead, bo) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
    /// let mut ws = Workspace::new(owner);
    /// let narrowed = Some(Permission::MANAGE_TEAM | Permission::VIEW);
    /// ws.add_member_with_permissions(owner, lead, Role::Admin, narrowed)?;
    ///
    /// // The lead may add a read-only teammate, but not one who replies.
    /// ws.add_member_with_permissions(lead, bo, Role::Teammate, Some(Permission::VIEW))?;
    /// assert_eq!(
    ///     ws.add_member(lead, MemberId::new(4), Role::Teammate),
    ///     Err(WorkspaceError::Escalation { member: MemberId::new(4), beyond: Permission::REPLY })
    /// );
    /// // Removed and added again, as an agent: the seed's way to start over.
    /// ws.remove_member(owner, bo)?;
    /// ws.add_member(owner, bo, Role::Agent)?;
    /// assert_eq!(ws.subject(bo).map(|s| (s.role(), s.is_active())), Some((Role::Agent, true)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_member_with_permissions(
        &mut self,
        actor: MemberId,
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
        self.within_actor(actor, &record)?;
        let moved = self.moved_member(actor, slot, record)?;
        if before == Before::Nothing {
            Arc::make_mut(&mut self.member_index).insert(id, slot);
        }
        self.commit(moved);
        Ok(self.event(
            actor,
            Change::AddMember {
                member: id,
                role,
                permissions,
            },
            before,
        ))
    }

    /// Changes `member`'s role (not to or from Owner); their stored grants stay, and a
    /// default grant follows the role. Needs `MANAGE_TEAM`, and the member's effective
    /// permissions must stay within the actor's.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`] for an unknown or removed member;
    /// [`WorkspaceError::OwnerProtected`] for the Owner; [`WorkspaceError::SecondOwner`] for
    /// `Role::Owner`; [`WorkspaceError::CollaboratorConnector`] when `member` connects an
    /// account and `role` is Collaborator; [`WorkspaceError::Escalation`] or
    /// [`WorkspaceError::ScopeEscalation`] when the member would hold or reach more than the
    /// actor.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Agent)?;
    /// assert!(ws.set_role(owner, MemberId::new(2), Role::Teammate)?.is_some());
    /// assert_eq!(ws.set_role(owner, MemberId::new(2), Role::Teammate)?, None); // no change
    /// assert!(matches!(
    ///     ws.set_role(MemberId::new(2), owner, Role::Admin),
    ///     Err(WorkspaceError::Denied(_))
    /// ));
    /// assert_eq!(ws.set_role(owner, owner, Role::Admin), Err(WorkspaceError::OwnerProtected(owner)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_role(&mut self, actor: MemberId, member: MemberId, role: Role) -> Result {
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
        self.within_actor(actor, &after)?;
        let moved = self.moved_member(actor, slot, after)?;
        if unchanged {
            return Ok(None);
        }
        self.commit(moved);
        Ok(self.event(actor, Change::SetRole { member, role }, before))
    }

    /// Sets `member`'s granted permissions: `Some(set)` exactly that set, `None` the role's
    /// default (which then follows the role). The two are different grants even where they
    /// are equal now. Needs `MANAGE_TEAM`, and the member's effective permissions must stay
    /// within the actor's (grants the role's ceiling caps away are not effective).
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`] for an unknown or removed member;
    /// [`WorkspaceError::OwnerProtected`] for the Owner (who always holds everything);
    /// [`WorkspaceError::Escalation`] or [`WorkspaceError::ScopeEscalation`] when the member
    /// would hold or reach more than the actor.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Teammate)?;
    /// ws.set_permissions(owner, MemberId::new(2), Some(Permission::VIEW))?;
    /// assert_eq!(ws.subject(MemberId::new(2)).map(|s| s.effective()), Some(Permission::VIEW));
    /// assert!(ws.set_permissions(owner, owner, Some(Permission::VIEW)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_permissions(
        &mut self,
        actor: MemberId,
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
        self.within_actor(actor, &after)?;
        let moved = self.moved_member(actor, slot, after)?;
        if unchanged {
            return Ok(None);
        }
        self.commit(moved);
        Ok(self.event(
            actor,
            Change::SetPermissions {
                member,
                permissions,
            },
            before,
        ))
    }

    /// Removes `member`: from the next decision on they are denied everything. Their teams
    /// and assignments are dropped (the event lists them); their accounts and those
    /// accounts' chats stay, for the Owner, Admins and assignees. Removing a removed member
    /// changes nothing. Needs `MANAGE_TEAM`.
    ///
    /// Dropping the assignments reads every chat once.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`]; [`WorkspaceError::OwnerProtected`] for the Owner.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Denied, MemberId, Role, Target, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Admin)?;
    /// assert!(ws.remove_member(owner, MemberId::new(2))?.is_some());
    /// assert_eq!(
    ///     ws.authorize(MemberId::new(2), Action::ManageTeam, Target::Workspace),
    ///     Err(Denied::Inactive)
    /// );
    /// assert_eq!(ws.remove_member(owner, MemberId::new(2))?, None); // removed already
    /// assert!(ws.remove_member(owner, owner).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_member(&mut self, actor: MemberId, member: MemberId) -> Result {
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
        self.commit(moved);
        let mut assignments: Vec<ChatId> = self
            .chats
            .iter()
            .filter(|chat| chat.assignees.binary_search(&slot).is_ok())
            .map(|chat| chat.id)
            .collect();
        assignments.sort_unstable();
        for chat in &assignments {
            self.chats.unassign(*chat, slot);
        }
        Ok(self.event(
            actor,
            Change::RemoveMember { member },
            Before::Dropped { teams, assignments },
        ))
    }

    /// Creates an empty team. Needs `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::DuplicateTeam`] for an id in use.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(1))?;
    /// assert_eq!(ws.create_team(owner, TeamId::new(1)), Err(WorkspaceError::DuplicateTeam(TeamId::new(1))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn create_team(&mut self, actor: MemberId, team: TeamId) -> Result {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        if self.teams.contains(&team) {
            return Err(WorkspaceError::DuplicateTeam(team));
        }
        Arc::make_mut(&mut self.teams).insert(team);
        Ok(self.event(actor, Change::CreateTeam { team }, Before::Nothing))
    }

    /// Deletes `team`: its members leave it (their assignments stay). Needs `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownTeam`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(1))?;
    /// ws.join_team(owner, owner, TeamId::new(1))?;
    /// ws.delete_team(owner, TeamId::new(1))?;
    /// assert!(ws.subject(owner).is_some_and(|s| s.teams().is_empty()));
    /// assert_eq!(ws.delete_team(owner, TeamId::new(1)), Err(WorkspaceError::UnknownTeam(TeamId::new(1))));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delete_team(&mut self, actor: MemberId, team: TeamId) -> Result {
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
        self.no_escalation(actor, &moved)?;
        let members = moved.members.iter().map(|(_, record)| record.id).collect();
        self.commit(moved);
        Arc::make_mut(&mut self.teams).remove(&team);
        Ok(self.event(
            actor,
            Change::DeleteTeam { team },
            Before::TeamMembers(members),
        ))
    }

    /// Puts `member` in `team`: their accounts open to the team's teammates, and the
    /// team's accounts to them. Needs `MANAGE_TEAM`, and no one may reach a chat or account
    /// the actor cannot.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`] for an unknown or removed member;
    /// [`WorkspaceError::UnknownTeam`]; [`WorkspaceError::TooManyTeams`] when the member is
    /// in [`MAX_TEAMS_PER_MEMBER`](Workspace::MAX_TEAMS_PER_MEMBER) teams;
    /// [`WorkspaceError::ScopeEscalation`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(1))?;
    /// assert!(ws.join_team(owner, owner, TeamId::new(1))?.is_some());
    /// assert_eq!(ws.join_team(owner, owner, TeamId::new(1))?, None); // in it already
    /// assert_eq!(
    ///     ws.join_team(owner, owner, TeamId::new(2)),
    ///     Err(WorkspaceError::UnknownTeam(TeamId::new(2)))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn join_team(&mut self, actor: MemberId, member: MemberId, team: TeamId) -> Result {
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
        self.commit(moved);
        Ok(self.event(actor, Change::JoinTeam { member, team }, Before::Nothing))
    }

    /// Takes `member` out of `team` (their assignments stay). Needs `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`] for an unknown or removed member;
    /// [`WorkspaceError::UnknownTeam`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(1))?;
    /// ws.join_team(owner, owner, TeamId::new(1))?;
    /// assert!(ws.leave_team(owner, owner, TeamId::new(1))?.is_some());
    /// assert_eq!(ws.leave_team(owner, owner, TeamId::new(1))?, None); // not in it
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn leave_team(&mut self, actor: MemberId, member: MemberId, team: TeamId) -> Result {
        let (actor, slot, record) = self.team_change(actor, member, team)?;
        if !record.teams.contains(&team) {
            return Ok(None);
        }
        let mut after = record.clone();
        after.teams.retain(|held| *held != team);
        let moved = self.moved_member(actor, slot, after)?;
        self.commit(moved);
        Ok(self.event(actor, Change::LeaveTeam { member, team }, Before::Nothing))
    }

    /// Makes `member` the Owner; the previous Owner becomes an Admin with the Admin's
    /// default grant. Needs `MANAGE_WORKSPACE`, which only the Owner holds.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` is not the Owner;
    /// [`WorkspaceError::UnknownMember`] for an unknown or removed member.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace};
    /// let (ana, bea) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(ana);
    /// ws.add_member(ana, bea, Role::Admin)?;
    /// assert!(ws.transfer_ownership(bea, bea).is_err()); // an Admin cannot take it
    /// assert_eq!(ws.transfer_ownership(ana, ana)?, None); // the Owner already
    /// ws.transfer_ownership(ana, bea)?;
    /// assert_eq!(ws.owner(), bea);
    /// assert_eq!(ws.subject(ana).map(|s| s.role()), Some(Role::Admin));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transfer_ownership(&mut self, actor: MemberId, member: MemberId) -> Result {
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
        self.no_escalation(actor, &moved)?;
        self.commit(moved);
        self.owner = slot;
        Ok(self.event(actor, Change::TransferOwnership { member }, before))
    }

    /// `actor` connects a new account and becomes its connector. Every role but
    /// Collaborator may.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] for a Collaborator (`OutOfScope`) or a removed member;
    /// [`WorkspaceError::DuplicateAccount`] for an id in use.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, MemberId, Role, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Collaborator)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// assert!(matches!(
    ///     ws.connect_account(MemberId::new(2), AccountId::new(11)),
    ///     Err(WorkspaceError::Denied(chatgate::Denied::OutOfScope { .. }))
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn connect_account(&mut self, actor: MemberId, account: AccountId) -> Result {
        let connector = self.actor(actor, Action::ConnectAccount, Target::Workspace)?;
        if self.account_index.contains_key(&account) {
            return Err(WorkspaceError::DuplicateAccount(account));
        }
        let index = u32::try_from(self.accounts.len()).map_err(|_| WorkspaceError::Full)?;
        Arc::make_mut(&mut self.accounts).push(AccountRecord {
            id: account,
            connector,
        });
        Arc::make_mut(&mut self.account_index).insert(account, index);
        Ok(self.event(
            connector,
            Change::ConnectAccount { account },
            Before::Nothing,
        ))
    }

    /// Makes `member` the connector of `account` (after its connector left, say): its chats
    /// open to them and their teams. Needs `MANAGE_TEAM`, and no one may reach a chat or
    /// account the actor cannot.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownAccount`]; [`WorkspaceError::UnknownMember`] for an unknown
    /// or removed member; [`WorkspaceError::CollaboratorConnector`] for a Collaborator;
    /// [`WorkspaceError::ScopeEscalation`] (an Admin narrowed to `MANAGE_TEAM` alone handing
    /// the Owner's number to an agent, who would read its chats).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, MemberId, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Agent)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.transfer_account(owner, AccountId::new(10), MemberId::new(2))?;
    /// assert_eq!(ws.connector(AccountId::new(10)), Some(MemberId::new(2)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transfer_account(
        &mut self,
        actor: MemberId,
        account: AccountId,
        member: MemberId,
    ) -> Result {
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
        self.no_escalation(actor, &moved)?;
        if from == member {
            return Ok(None);
        }
        self.commit(moved);
        Ok(self.event(
            actor,
            Change::TransferAccount { account, member },
            Before::Connector(from),
        ))
    }

    /// Records a chat arriving on `account`, with no assignees. Chats arrive from the
    /// messaging network, not from a member, so no one is authorized here.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::UnknownAccount`]; [`WorkspaceError::DuplicateChat`] for an id in
    /// use.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// assert_eq!(
    ///     ws.receive_chat(ChatId::new(5), AccountId::new(10)),
    ///     Err(WorkspaceError::UnknownAccount(AccountId::new(10)))
    /// );
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn receive_chat(&mut self, chat: ChatId, account: AccountId) -> Result {
        let account_slot = *self
            .account_index
            .get(&account)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        if !self.chats.insert(chat, account_slot) {
            return Err(WorkspaceError::DuplicateChat(chat));
        }
        Ok(Some(Event {
            actor: None,
            change: Change::ReceiveChat { chat, account },
            before: Before::Nothing,
        }))
    }

    /// Assigns `member` to `chat`. `actor` needs the right to reply to the chat, and the
    /// member may not reach anything on it the actor cannot (no delete by proxy).
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` may not reply to `chat` (or `chat` does not
    /// exist: the two are not told apart); [`WorkspaceError::UnknownMember`] for an unknown
    /// or removed member (the two are not told apart);
    /// [`WorkspaceError::TooManyAssignees`] when the chat has
    /// [`MAX_ASSIGNEES_PER_CHAT`](Workspace::MAX_ASSIGNEES_PER_CHAT);
    /// [`WorkspaceError::ScopeEscalation`] when the member could do on it what the actor
    /// cannot.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Action, ChatId, MemberId, Role, Target, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Collaborator)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// assert!(ws.assign(owner, ChatId::new(5), MemberId::new(2))?.is_some());
    /// assert_eq!(ws.assign(owner, ChatId::new(5), MemberId::new(2))?, None); // assigned already
    /// ws.authorize(MemberId::new(2), Action::Reply, Target::Chat(ChatId::new(5)))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assign(&mut self, actor: MemberId, chat: ChatId, member: MemberId) -> Result {
        let actor = self.actor(actor, authorize::ASSIGN_NEEDS, Target::Chat(chat))?;
        let (slot, _) = self.active_member(member)?;
        let assignees = self.chats.get(chat).map_or(&[][..], |held| held.assignees);
        if assignees.binary_search(&slot).is_ok() {
            return Ok(None);
        }
        if assignees.len() >= Workspace::MAX_ASSIGNEES_PER_CHAT {
            return Err(WorkspaceError::TooManyAssignees { chat });
        }
        let moved = Moved {
            assigned: Some((chat, slot)),
            ..Moved::default()
        };
        self.no_escalation(actor, &moved)?;
        self.chats.assign(chat, slot);
        Ok(self.event(actor, Change::Assign { chat, member }, Before::Nothing))
    }

    /// Unassigns `member` from `chat`. `actor` needs the right to reply to the chat.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` may not reply to `chat` (or `chat` does not
    /// exist); [`WorkspaceError::UnknownMember`] for an unknown or removed member.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Action, ChatId, MemberId, Role, Target, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Collaborator)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// ws.assign(owner, ChatId::new(5), MemberId::new(2))?;
    /// assert!(ws.unassign(owner, ChatId::new(5), MemberId::new(2))?.is_some());
    /// assert_eq!(ws.unassign(owner, ChatId::new(5), MemberId::new(2))?, None); // not assigned
    /// assert!(ws.authorize(MemberId::new(2), Action::View, Target::Chat(ChatId::new(5))).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unassign(&mut self, actor: MemberId, chat: ChatId, member: MemberId) -> Result {
        let actor = self.actor(actor, authorize::ASSIGN_NEEDS, Target::Chat(chat))?;
        let (slot, _) = self.active_member(member)?;
        let assigned = self
            .chats
            .get(chat)
            .is_some_and(|held| held.assignees.binary_search(&slot).is_ok());
        if !assigned {
            return Ok(None);
        }
        self.chats.unassign(chat, slot);
        Ok(self.event(actor, Change::Unassign { chat, member }, Before::Nothing))
    }

    /// Deletes `chat` for good (the seed: deleted conversations cannot be recovered): the
    /// chat and its assignments are gone, and its id is free again. `actor` needs the
    /// right to delete it.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` may not delete `chat` (or `chat` does not
    /// exist: an unknown chat is out of scope for everyone).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Role, Workspace, WorkspaceError};
    /// let (owner, dan) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, dan, Role::Agent)?;
    /// ws.connect_account(dan, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// // An agent replies to their own chats but does not delete them by default.
    /// assert!(matches!(ws.delete_chat(dan, ChatId::new(5)), Err(WorkspaceError::Denied(_))));
    /// ws.delete_chat(owner, ChatId::new(5))?;
    /// assert_eq!(ws.chats().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delete_chat(&mut self, actor: MemberId, chat: ChatId) -> Result {
        let actor = self.actor(actor, Action::Delete, Target::Chat(chat))?;
        let account = self.chat_account(chat);
        let assignees: Vec<MemberId> = self.assignees(chat).collect();
        let (Some(account), true) = (account, self.chats.remove(chat)) else {
            return Err(WorkspaceError::Denied(Denied::Inactive));
        };
        Ok(self.event(
            actor,
            Change::DeleteChat { chat },
            Before::Chat { account, assignees },
        ))
    }

    /// Authorizes `actor` for `action` on `target`, and finds their slot.
    fn actor(&self, actor: MemberId, action: Action, target: Target) -> Result<u32> {
        self.authorize(actor, action, target)?;
        self.member(actor)
            .map(|(slot, _)| slot)
            .ok_or(WorkspaceError::Denied(Denied::Inactive))
    }

    /// The active member `member`: a removed one is refused as an unknown one.
    fn active_member(&self, member: MemberId) -> Result<(u32, &MemberRecord)> {
        self.member(member)
            .filter(|(_, record)| record.active)
            .ok_or(WorkspaceError::UnknownMember(member))
    }

    /// An active member whose role or grants may change: anyone but the Owner.
    fn changeable(&self, member: MemberId) -> Result<(u32, &MemberRecord)> {
        let (slot, record) = self.active_member(member)?;
        if slot == self.owner {
            return Err(WorkspaceError::OwnerProtected(member));
        }
        Ok((slot, record))
    }

    /// `Ok` when the member in `slot` connects no account (so may be a Collaborator).
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

    /// Authorizes a team membership change and finds the member, who must be active, and
    /// the team.
    fn team_change(
        &self,
        actor: MemberId,
        member: MemberId,
        team: TeamId,
    ) -> Result<(u32, u32, MemberRecord)> {
        let actor = self.actor(actor, Action::ManageTeam, Target::Workspace)?;
        let (slot, record) = self.active_member(member)?;
        if !self.teams.contains(&team) {
            return Err(WorkspaceError::UnknownTeam(team));
        }
        Ok((actor, slot, record.clone()))
    }

    /// The one member record a change moves, checked by the escalation rule.
    fn moved_member(&self, actor: u32, slot: u32, after: MemberRecord) -> Result<Moved> {
        let mut moved = Moved::default();
        moved.members.push((slot, after));
        self.no_escalation(actor, &moved)?;
        Ok(moved)
    }

    /// Writes the moved member records and connector into the state (a record in the slot
    /// past the last is a new member).
    fn commit(&mut self, moved: Moved) {
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
    }

    /// The event of an accepted change by the member in slot `actor`.
    fn event(&self, actor: u32, change: Change, before: Before) -> Option<Event> {
        Some(Event {
            actor: self.record(actor).map(|record| record.id),
            change,
            before,
        })
    }
}
