//! Changes to a workspace, each authorized for an acting member before anything is read,
//! then checked in [the policy's](crate::policy#changes-who-may-change-what) order: the
//! ids it names, the Owner's protection, the invariants, the escalation rule; only then is
//! a change found to change nothing (`Ok(None)`), or made (`Ok(Some(event))`). Each is
//! planned by plan.rs, the one path of every change, and then written.

use super::plan::Acting;
use super::WorkspaceError;
use super::{Change, Event, Workspace};
use crate::{AccountId, ChatId, MemberId, Permission, Role, TeamId};

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
        self.make(actor, change)
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
        let change = Change::AddMember {
            member: id,
            role,
            permissions,
        };
        self.make(Some(actor), change)
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
        self.make(Some(actor), Change::SetRole { member, role })
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
        let change = Change::SetPermissions {
            member,
            permissions,
        };
        self.make(Some(actor), change)
    }

    /// Removes `member`: from the next decision on they are denied everything. Their teams
    /// and assignments are dropped (the event lists them); their accounts and those
    /// accounts' chats stay, for the Owner, Admins and assignees. Removing a removed member
    /// changes nothing. Needs `MANAGE_TEAM`.
    ///
    /// The assignments are dropped all at once, whatever their number: the chats stop
    /// listing the member without being rewritten, so a removal costs a copy of the
    /// members' list and never a copy of chats. Adding the member again drops their old
    /// assignments from the chats for good (that change's cost follows their number).
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
        self.make(Some(actor), Change::RemoveMember { member })
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
        self.make(Some(actor), Change::CreateTeam { team })
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
        self.make(Some(actor), Change::DeleteTeam { team })
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
        self.make(Some(actor), Change::JoinTeam { member, team })
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
        self.make(Some(actor), Change::LeaveTeam { member, team })
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
        self.make(Some(actor), Change::TransferOwnership { member })
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
        self.make(Some(actor), Change::ConnectAccount { account })
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
        self.make(Some(actor), Change::TransferAccount { account, member })
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
        self.make(None, Change::ReceiveChat { chat, account })
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
        self.make(Some(actor), Change::Assign { chat, member })
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
        self.make(Some(actor), Change::Unassign { chat, member })
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
        self.make(Some(actor), Change::DeleteChat { chat })
    }

    /// Decides `change` as `actor` on the current state and returns the event it would
    /// record, changing nothing: the first half of [`change`](Workspace::change), for a
    /// caller that persists the event (a journal) before it takes effect, and then makes
    /// it with [`commit`](Workspace::commit). `Ok(None)`: accepted, nothing to change. No
    /// copy of the workspace is made.
    ///
    /// # Errors
    ///
    /// As [`change`](Workspace::change): the same refusals, in the same order.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{ApplyError, Change, MemberId, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// let add = Change::AddMember { member: MemberId::new(2), role: Role::Agent, permissions: None };
    /// let event = ws.prepare(Some(owner), add)?.expect("a new member changes the workspace");
    /// assert_eq!((event.revision, ws.revision()), (1, 0)); // decided, not made
    /// // ... the event is persisted here ...
    /// ws.commit(&event)?;
    /// assert_eq!(ws.revision(), 1);
    /// // Committed once only: the workspace has moved past the revision it was decided on.
    /// assert_eq!(ws.commit(&event), Err(ApplyError::Stale { revision: 1, current: 1 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prepare(&self, actor: Option<MemberId>, change: Change) -> Result {
        let Some(plan) = self.plan(Acting::Decide, actor, change)? else {
            return Ok(None);
        };
        Ok(Some(Event {
            revision: self.next_revision()?,
            actor,
            change: plan.change,
            before: plan.before,
        }))
    }

    /// Decides and makes `change` in one step.
    fn make(&mut self, actor: Option<MemberId>, change: Change) -> Result {
        let Some(plan) = self.plan(Acting::Decide, actor, change)? else {
            return Ok(None);
        };
        self.next_revision()?;
        Ok(Some(self.write(actor, plan)))
    }

    /// The revision the next event makes; [`WorkspaceError::Full`] when the counter
    /// (`u64`) has none left.
    fn next_revision(&self) -> Result<u64> {
        self.revision.checked_add(1).ok_or(WorkspaceError::Full)
    }
}
