//! Changes to a workspace, each authorized for an acting member before anything is read.

use smallvec::SmallVec;
use std::sync::Arc;

use super::{chats, AccountRecord, Change, Event, MemberRecord, Target, Workspace, WorkspaceError};
use crate::{AccountId, Action, ChatId, MemberId, Permission, Role, TeamId};

type Result<T = Event> = core::result::Result<T, WorkspaceError>;

impl Workspace {
    /// Adds an active member `id` of `role` (not Owner), with the role's default grant and
    /// no teams. Needs `MANAGE_TEAM`, and the new member may not hold anything the actor
    /// does not hold ([`add_member_with_grants`](Workspace::add_member_with_grants) sets
    /// narrower grants at once).
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM` (a Teammate, a removed
    /// Admin); [`WorkspaceError::SecondOwner`] for `Role::Owner`;
    /// [`WorkspaceError::DuplicateMember`] for an id already in use, removed members included;
    /// [`WorkspaceError::Escalation`] when the role's default grant gives more than `actor`
    /// holds (an Admin adding an Admin is fine; an Admin narrowed to `MANAGE_TEAM` adding
    /// anyone who replies is not).
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
        self.add_member_with_grants(actor, id, role, None)
    }

    /// Adds an active member `id` of `role` (not Owner), granted `grants` (`None`: the
    /// role's default), in no team. Needs `MANAGE_TEAM`, and the new member may not hold
    /// anything the actor does not hold.
    ///
    /// # Errors
    ///
    /// As [`add_member`](Workspace::add_member), and [`WorkspaceError::Escalation`] when
    /// the new member's effective permissions exceed `actor`'s: an Admin narrowed to
    /// `MANAGE_TEAM | VIEW` adding a Teammate with the default grant (`REPLY`).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Workspace, WorkspaceError};
    /// let (owner, lead) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member_with_grants(owner, lead, Role::Admin, Some(Permission::MANAGE_TEAM | Permission::VIEW))?;
    ///
    /// // The lead may add a read-only teammate, but not one who replies.
    /// ws.add_member_with_grants(lead, MemberId::new(3), Role::Teammate, Some(Permission::VIEW))?;
    /// assert_eq!(
    ///     ws.add_member(lead, MemberId::new(4), Role::Teammate),
    ///     Err(WorkspaceError::Escalation { member: MemberId::new(4), beyond: Permission::REPLY })
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_member_with_grants(
        &mut self,
        actor: MemberId,
        id: MemberId,
        role: Role,
        grants: Option<Permission>,
    ) -> Result {
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        if role == Role::Owner {
            return Err(WorkspaceError::SecondOwner(id));
        }
        if self.member_index.contains_key(&id) {
            return Err(WorkspaceError::DuplicateMember(id));
        }
        let effective = self.within_actor(actor, id, role, grants)?;
        let index = chats::member_index(self.members.len()).ok_or(WorkspaceError::Full)?;
        Arc::make_mut(&mut self.members).push(MemberRecord {
            id,
            role,
            grants,
            teams: SmallVec::new(),
            active: true,
        });
        Arc::make_mut(&mut self.member_index).insert(id, index);
        Ok(event(
            actor,
            Change::MemberAdded {
                member: id,
                role,
                grants,
                effective,
            },
        ))
    }

    /// Changes `member`'s role (not to or from Owner). A member holding the role's default
    /// grant gets the new role's default. Needs `MANAGE_TEAM`, and the member may not end
    /// up holding anything the actor does not hold. A removed member's role may change too;
    /// they stay removed.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`]; [`WorkspaceError::OwnerProtected`] when `member`
    /// is the Owner; [`WorkspaceError::SecondOwner`] for `Role::Owner`;
    /// [`WorkspaceError::CollaboratorConnector`] when `member` connected an account and
    /// `role` is Collaborator; [`WorkspaceError::Escalation`] when the member would hold
    /// more than `actor` (an Admin narrowed to `MANAGE_TEAM` making an Agent an Admin).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Agent)?;
    /// ws.set_role(owner, MemberId::new(2), Role::Teammate)?;
    /// assert_eq!(
    ///     ws.set_role(MemberId::new(2), owner, Role::Admin),
    ///     Err(WorkspaceError::Denied(chatgate::Denied::MissingPermission {
    ///         action: chatgate::Action::ManageTeam,
    ///         required: chatgate::Permission::MANAGE_TEAM,
    ///         held: chatgate::Permission::VIEW | chatgate::Permission::REPLY,
    ///     }))
    /// );
    /// assert_eq!(
    ///     ws.set_role(owner, owner, Role::Admin),
    ///     Err(WorkspaceError::OwnerProtected(owner))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_role(&mut self, actor: MemberId, member: MemberId, role: Role) -> Result {
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        let index = self.changeable_member(member)?;
        if role == Role::Owner {
            return Err(WorkspaceError::SecondOwner(member));
        }
        if !role.connects_accounts() {
            if let Some(account) = self.accounts.iter().find(|a| a.connector == index) {
                return Err(WorkspaceError::CollaboratorConnector {
                    member,
                    account: account.id,
                });
            }
        }
        let (_, record) = self
            .member(member)
            .ok_or(WorkspaceError::UnknownMember(member))?;
        let (before, grants) = (record.role, record.grants);
        let effective_before = record.subject().effective();
        let effective_after = self.within_actor(actor, member, role, grants)?;
        self.record_mut(member)?.role = role;
        Ok(event(
            actor,
            Change::RoleChanged {
                member,
                before,
                after: role,
                effective_before,
                effective_after,
            },
        ))
    }

    /// Sets `member`'s granted permissions: `Some(set)` exactly that set, `None` the role's
    /// default (which then follows the role). Needs `MANAGE_TEAM`, and the member may not
    /// end up holding anything the actor does not hold.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`]; [`WorkspaceError::OwnerProtected`] when `member`
    /// is the Owner (who always holds everything); [`WorkspaceError::Escalation`] when the
    /// member would hold more than `actor` (an Admin granting `MANAGE_BILLING` is fine —
    /// the Admin ceiling caps it away — but an Admin narrowed to `MANAGE_TEAM` granting
    /// `REPLY` to a Teammate is not).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Teammate)?;
    /// ws.set_grants(owner, MemberId::new(2), Some(Permission::VIEW))?;
    /// assert_eq!(ws.subject(MemberId::new(2)).map(|s| s.effective()), Some(Permission::VIEW));
    /// assert!(ws.set_grants(owner, owner, Some(Permission::VIEW)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_grants(
        &mut self,
        actor: MemberId,
        member: MemberId,
        grants: Option<Permission>,
    ) -> Result {
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        self.changeable_member(member)?;
        let (_, record) = self
            .member(member)
            .ok_or(WorkspaceError::UnknownMember(member))?;
        let (before, role) = (record.grants, record.role);
        let effective_before = record.subject().effective();
        let effective_after = self.within_actor(actor, member, role, grants)?;
        self.record_mut(member)?.grants = grants;
        Ok(event(
            actor,
            Change::GrantsChanged {
                member,
                before,
                after: grants,
                effective_before,
                effective_after,
            },
        ))
    }

    /// Removes `member` from the workspace: from the next decision on they are denied
    /// everything. Their accounts, chats and assignments stay; removing a removed member
    /// does nothing. Needs `MANAGE_TEAM`.
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
    /// ws.remove_member(owner, MemberId::new(2))?;
    /// assert_eq!(
    ///     ws.authorize(MemberId::new(2), Action::ManageTeam, Target::Workspace),
    ///     Err(Denied::Inactive)
    /// );
    /// assert!(ws.remove_member(owner, owner).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_member(&mut self, actor: MemberId, member: MemberId) -> Result {
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        self.changeable_member(member)?;
        self.record_mut(member)?.active = false;
        Ok(event(actor, Change::MemberRemoved { member }))
    }

    /// Creates an empty team. Needs `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::DuplicateTeam`] for an id already in use.
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
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        if self.teams.contains(&team) {
            return Err(WorkspaceError::DuplicateTeam(team));
        }
        Arc::make_mut(&mut self.teams).insert(team);
        Ok(event(actor, Change::TeamCreated { team }))
    }

    /// Puts `member` in `team` (nothing happens if they are in it). Needs `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`]; [`WorkspaceError::UnknownTeam`];
    /// [`WorkspaceError::TooManyTeams`] when the member is in
    /// [`MAX_TEAMS_PER_MEMBER`](Workspace::MAX_TEAMS_PER_MEMBER) teams already.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(1))?;
    /// ws.add_to_team(owner, owner, TeamId::new(1))?;
    /// assert_eq!(
    ///     ws.add_to_team(owner, owner, TeamId::new(2)),
    ///     Err(WorkspaceError::UnknownTeam(TeamId::new(2)))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_to_team(&mut self, actor: MemberId, member: MemberId, team: TeamId) -> Result {
        self.team_change(actor, member, team)?;
        let teams = &mut self.record_mut(member)?.teams;
        if let Err(at) = teams.binary_search(&team) {
            if teams.len() >= Workspace::MAX_TEAMS_PER_MEMBER {
                return Err(WorkspaceError::TooManyTeams { member });
            }
            teams.insert(at, team);
        }
        Ok(event(actor, Change::TeamJoined { member, team }))
    }

    /// Takes `member` out of `team` (nothing happens if they are not in it). Needs
    /// `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownMember`]; [`WorkspaceError::UnknownTeam`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(1))?;
    /// ws.add_to_team(owner, owner, TeamId::new(1))?;
    /// ws.remove_from_team(owner, owner, TeamId::new(1))?;
    /// assert!(ws.subject(owner).is_some_and(|s| s.teams().is_empty()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn remove_from_team(&mut self, actor: MemberId, member: MemberId, team: TeamId) -> Result {
        self.team_change(actor, member, team)?;
        self.record_mut(member)?.teams.retain(|held| *held != team);
        Ok(event(actor, Change::TeamLeft { member, team }))
    }

    /// Makes `new_owner` the Owner; the previous Owner becomes an Admin with the Admin's
    /// default grant. Needs `MANAGE_WORKSPACE`, which only the Owner holds.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` is not the Owner;
    /// [`WorkspaceError::UnknownMember`]; [`WorkspaceError::InactiveMember`] when
    /// `new_owner` is removed.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace};
    /// let (ana, bea) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(ana);
    /// ws.add_member(ana, bea, Role::Admin)?;
    /// assert!(ws.transfer_ownership(bea, bea).is_err()); // an Admin cannot take it
    /// ws.transfer_ownership(ana, bea)?;
    /// assert_eq!(ws.owner(), bea);
    /// assert_eq!(ws.subject(ana).map(|s| s.role()), Some(Role::Admin));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transfer_ownership(&mut self, actor: MemberId, new_owner: MemberId) -> Result {
        self.authorize(actor, Action::ManageWorkspace, Target::Workspace)?;
        let (index, record) = self
            .member(new_owner)
            .ok_or(WorkspaceError::UnknownMember(new_owner))?;
        if !record.active {
            return Err(WorkspaceError::InactiveMember(new_owner));
        }
        let previous = self.owner();
        let transferred = event(
            actor,
            Change::OwnershipTransferred {
                from: previous,
                to: new_owner,
            },
        );
        if index == self.owner {
            return Ok(transferred);
        }
        let old = self.record_mut(previous)?;
        old.role = Role::Admin;
        old.grants = None;
        self.record_mut(new_owner)?.role = Role::Owner;
        self.owner = index;
        Ok(transferred)
    }

    /// `actor` connects a new account; they become its connector. Every role but
    /// Collaborator may.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] for a Collaborator (`OutOfScope`) or a removed member;
    /// [`WorkspaceError::DuplicateAccount`] for an id already in use.
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
        self.authorize(actor, Action::ConnectAccount, Target::Workspace)?;
        let (connector, _) = self
            .member(actor)
            .ok_or(WorkspaceError::UnknownMember(actor))?;
        if self.account_index.contains_key(&account) {
            return Err(WorkspaceError::DuplicateAccount(account));
        }
        let index = u32::try_from(self.accounts.len()).map_err(|_| WorkspaceError::Full)?;
        Arc::make_mut(&mut self.accounts).push(AccountRecord {
            id: account,
            connector,
        });
        Arc::make_mut(&mut self.account_index).insert(account, index);
        Ok(event(
            actor,
            Change::AccountConnected {
                account,
                connector: actor,
            },
        ))
    }

    /// Makes `to` the connector of `account` (after its connector left, say). Needs
    /// `MANAGE_TEAM`.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` lacks `MANAGE_TEAM`;
    /// [`WorkspaceError::UnknownAccount`]; [`WorkspaceError::UnknownMember`];
    /// [`WorkspaceError::InactiveMember`] when `to` is removed;
    /// [`WorkspaceError::CollaboratorConnector`] when `to` is a Collaborator.
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
        to: MemberId,
    ) -> Result {
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        let account_index = *self
            .account_index
            .get(&account)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        let (index, record) = self.member(to).ok_or(WorkspaceError::UnknownMember(to))?;
        if !record.active {
            return Err(WorkspaceError::InactiveMember(to));
        }
        if !record.role.connects_accounts() {
            return Err(WorkspaceError::CollaboratorConnector {
                member: to,
                account,
            });
        }
        let from = self
            .connector(account)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        let record = usize::try_from(account_index)
            .ok()
            .and_then(|slot| Arc::make_mut(&mut self.accounts).get_mut(slot))
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        record.connector = index;
        Ok(event(
            actor,
            Change::AccountTransferred { account, from, to },
        ))
    }

    /// Records a chat arriving on `account`, with no assignees. Chats arrive from the
    /// messaging network, not from a member, so no one is authorized here.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::UnknownAccount`]; [`WorkspaceError::DuplicateChat`] for an id
    /// already in use.
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
        let account_index = *self
            .account_index
            .get(&account)
            .ok_or(WorkspaceError::UnknownAccount(account))?;
        if !self.chats.insert(chat, account_index) {
            return Err(WorkspaceError::DuplicateChat(chat));
        }
        Ok(Event {
            actor: None,
            change: Change::ChatReceived { chat, account },
        })
    }

    /// Assigns `chat` to `member` (nothing happens if they are assigned already). `actor`
    /// needs the right to reply to the chat.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` may not reply to `chat` (or `chat` does not
    /// exist: the two are not told apart); [`WorkspaceError::UnknownMember`];
    /// [`WorkspaceError::InactiveMember`] when `member` is removed;
    /// [`WorkspaceError::TooManyAssignees`] when the chat has
    /// [`MAX_ASSIGNEES_PER_CHAT`](Workspace::MAX_ASSIGNEES_PER_CHAT) assignees already.
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
    /// ws.authorize(MemberId::new(2), Action::Reply, Target::Chat(ChatId::new(5)))?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assign(&mut self, actor: MemberId, chat: ChatId, member: MemberId) -> Result {
        let (index, record) = self.assignment(actor, chat, member)?;
        if !record.active {
            return Err(WorkspaceError::InactiveMember(member));
        }
        let full = self.chats.get(chat).is_some_and(|held| {
            held.assignees.len() >= Workspace::MAX_ASSIGNEES_PER_CHAT
                && held.assignees.binary_search(&index).is_err()
        });
        if full {
            return Err(WorkspaceError::TooManyAssignees { chat });
        }
        if !self.chats.assign(chat, index) {
            return Err(WorkspaceError::UnknownChat(chat));
        }
        Ok(event(actor, Change::ChatAssigned { chat, member }))
    }

    /// Unassigns `member` from `chat` (nothing happens if they were not assigned). `actor`
    /// needs the right to reply to the chat.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::Denied`] when `actor` may not reply to `chat` (or `chat` does not
    /// exist); [`WorkspaceError::UnknownMember`].
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
    /// ws.unassign(owner, ChatId::new(5), MemberId::new(2))?;
    /// assert!(ws.authorize(MemberId::new(2), Action::View, Target::Chat(ChatId::new(5))).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unassign(&mut self, actor: MemberId, chat: ChatId, member: MemberId) -> Result {
        let (index, _) = self.assignment(actor, chat, member)?;
        if !self.chats.unassign(chat, index) {
            return Err(WorkspaceError::UnknownChat(chat));
        }
        Ok(event(actor, Change::ChatUnassigned { chat, member }))
    }

    /// Authorizes an (un)assignment and finds the member.
    fn assignment(
        &self,
        actor: MemberId,
        chat: ChatId,
        member: MemberId,
    ) -> Result<(u32, &MemberRecord)> {
        self.authorize(actor, Action::Reply, Target::Chat(chat))?;
        self.member(member)
            .ok_or(WorkspaceError::UnknownMember(member))
    }

    /// Authorizes a team membership change and checks both ids.
    fn team_change(&self, actor: MemberId, member: MemberId, team: TeamId) -> Result<()> {
        self.authorize(actor, Action::ManageTeam, Target::Workspace)?;
        self.member(member)
            .ok_or(WorkspaceError::UnknownMember(member))?;
        if !self.teams.contains(&team) {
            return Err(WorkspaceError::UnknownTeam(team));
        }
        Ok(())
    }

    /// The effective permissions `member` would have with `role` and `grants`, if they are
    /// within `actor`'s own: no change may leave anyone holding more than the actor.
    fn within_actor(
        &self,
        actor: MemberId,
        member: MemberId,
        role: Role,
        grants: Option<Permission>,
    ) -> Result<Permission> {
        let held = self
            .subject(actor)
            .map_or(Permission::empty(), |subject| subject.effective());
        let after = role.effective(role.granted(grants));
        let beyond = after.difference(held);
        if beyond.is_empty() {
            Ok(after)
        } else {
            Err(WorkspaceError::Escalation { member, beyond })
        }
    }

    /// Finds a member whose role, grants or status may change: anyone but the Owner.
    fn changeable_member(&self, member: MemberId) -> Result<u32> {
        let (index, _) = self
            .member(member)
            .ok_or(WorkspaceError::UnknownMember(member))?;
        if index == self.owner {
            return Err(WorkspaceError::OwnerProtected(member));
        }
        Ok(index)
    }

    fn record_mut(&mut self, id: MemberId) -> Result<&mut MemberRecord> {
        let index = *self
            .member_index
            .get(&id)
            .ok_or(WorkspaceError::UnknownMember(id))?;
        usize::try_from(index)
            .ok()
            .and_then(|slot| Arc::make_mut(&mut self.members).get_mut(slot))
            .ok_or(WorkspaceError::UnknownMember(id))
    }
}

/// The event of a change `actor` made.
fn event(actor: MemberId, change: Change) -> Event {
    Event {
        actor: Some(actor),
        change,
    }
}
