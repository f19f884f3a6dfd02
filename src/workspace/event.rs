//! The vocabulary of changes, and the audit trail: what each accepted change did, and who
//! did it.

use core::fmt;
use std::vec::Vec;

use super::id_text::{Backquoted, IdText};
use crate::names::named;
use crate::{AccountId, ChatId, MemberId, Permission, Role, TeamId};

/// One change to a workspace, in the vocabulary shared by the Rust API, the events, serde,
/// policy files' steps and the audit text: each kind has one snake_case name
/// ([`ChangeKind::name`]) and one set of fields.
///
/// Make one with [`Workspace::change`](crate::Workspace::change) (or the method of the same
/// name: [`Workspace::set_role`](crate::Workspace::set_role), …).
///
/// With the `serde` feature a change is an object: `"change"`, its name, then exactly the
/// fields of its variant by name (ids as strings of decimal digits; `permissions` a list of
/// permission names, or `"default"` for `None`, which `add_member` may also leave out).
/// Unknown fields, another change's fields, missing fields and `null` are refused (its
/// `Serialize` implementation shows it running):
///
/// ```json
/// {"change": "set_role", "member": "4", "role": "agent"}
/// {"change": "receive_chat", "chat": "9", "account": "10"}
/// ```
///
/// # Example
///
/// ```
/// use chatgate::{Change, ChangeKind, MemberId, Role};
/// let change = Change::SetRole { member: MemberId::new(4), role: Role::Agent };
/// assert_eq!(change.kind(), ChangeKind::SetRole);
/// assert_eq!(change.kind().name(), "set_role");
/// assert_eq!(change.to_string(), "set_role member `4` role agent");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Change {
    /// Adds a member, or re-adds a removed one (back active, in no team, assigned to
    /// nothing).
    AddMember {
        /// The member.
        member: MemberId,
        /// Their role (never Owner).
        role: Role,
        /// Their grants; `None` for the role's default.
        permissions: Option<Permission>,
    },
    /// Changes a member's role; their stored grants stay.
    SetRole {
        /// The member.
        member: MemberId,
        /// The new role.
        role: Role,
    },
    /// Changes a member's grants.
    SetPermissions {
        /// The member.
        member: MemberId,
        /// The new grants; `None` for the role's default.
        permissions: Option<Permission>,
    },
    /// Removes a member: their teams and assignments are dropped, their accounts stay.
    RemoveMember {
        /// The member.
        member: MemberId,
    },
    /// Creates an empty team.
    CreateTeam {
        /// The team.
        team: TeamId,
    },
    /// Deletes a team; its members leave it.
    DeleteTeam {
        /// The team.
        team: TeamId,
    },
    /// Puts a member in a team.
    JoinTeam {
        /// The member.
        member: MemberId,
        /// The team.
        team: TeamId,
    },
    /// Takes a member out of a team.
    LeaveTeam {
        /// The member.
        member: MemberId,
        /// The team.
        team: TeamId,
    },
    /// Makes a member the Owner; the previous Owner becomes an Admin with the default grant.
    TransferOwnership {
        /// The new Owner.
        member: MemberId,
    },
    /// Connects an account; the actor becomes its connector.
    ConnectAccount {
        /// The account.
        account: AccountId,
    },
    /// Makes a member the connector of an account.
    TransferAccount {
        /// The account.
        account: AccountId,
        /// The new connector.
        member: MemberId,
    },
    /// A chat arrives on an account (no actor: it comes from the messaging network).
    ReceiveChat {
        /// The chat.
        chat: ChatId,
        /// The account it arrives on.
        account: AccountId,
    },
    /// Assigns a member to a chat.
    Assign {
        /// The chat.
        chat: ChatId,
        /// The member.
        member: MemberId,
    },
    /// Unassigns a member from a chat.
    Unassign {
        /// The chat.
        chat: ChatId,
        /// The member.
        member: MemberId,
    },
    /// Deletes a chat for good, with its assignments; its id is free again.
    DeleteChat {
        /// The chat.
        chat: ChatId,
    },
}

/// The kind of a [`Change`], by its name.
///
/// # Example
///
/// ```
/// use chatgate::ChangeKind;
/// assert_eq!("delete_chat".parse::<ChangeKind>()?, ChangeKind::DeleteChat);
/// assert!("drop_chat".parse::<ChangeKind>().is_err());
/// # Ok::<(), chatgate::UnknownName>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChangeKind {
    /// [`Change::AddMember`].
    AddMember,
    /// [`Change::SetRole`].
    SetRole,
    /// [`Change::SetPermissions`].
    SetPermissions,
    /// [`Change::RemoveMember`].
    RemoveMember,
    /// [`Change::CreateTeam`].
    CreateTeam,
    /// [`Change::DeleteTeam`].
    DeleteTeam,
    /// [`Change::JoinTeam`].
    JoinTeam,
    /// [`Change::LeaveTeam`].
    LeaveTeam,
    /// [`Change::TransferOwnership`].
    TransferOwnership,
    /// [`Change::ConnectAccount`].
    ConnectAccount,
    /// [`Change::TransferAccount`].
    TransferAccount,
    /// [`Change::ReceiveChat`].
    ReceiveChat,
    /// [`Change::Assign`].
    Assign,
    /// [`Change::Unassign`].
    Unassign,
    /// [`Change::DeleteChat`].
    DeleteChat,
}

named!(
    ChangeKind,
    "change",
    AddMember = "add_member",
    SetRole = "set_role",
    SetPermissions = "set_permissions",
    RemoveMember = "remove_member",
    CreateTeam = "create_team",
    DeleteTeam = "delete_team",
    JoinTeam = "join_team",
    LeaveTeam = "leave_team",
    TransferOwnership = "transfer_ownership",
    ConnectAccount = "connect_account",
    TransferAccount = "transfer_account",
    ReceiveChat = "receive_chat",
    Assign = "assign",
    Unassign = "unassign",
    DeleteChat = "delete_chat",
);

impl ChangeKind {
    /// The names of this kind's fields, in the order the audit text writes them: the one
    /// statement of which fields each change has.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::ChangeKind;
    /// assert_eq!(ChangeKind::Assign.fields(), ["chat", "member"]);
    /// assert!(!ChangeKind::SetRole.fields().contains(&"team"));
    /// ```
    #[must_use]
    pub const fn fields(self) -> &'static [&'static str] {
        match self {
            ChangeKind::AddMember => &["member", "role", "permissions"],
            ChangeKind::SetRole => &["member", "role"],
            ChangeKind::SetPermissions => &["member", "permissions"],
            ChangeKind::RemoveMember | ChangeKind::TransferOwnership => &["member"],
            ChangeKind::CreateTeam | ChangeKind::DeleteTeam => &["team"],
            ChangeKind::JoinTeam | ChangeKind::LeaveTeam => &["member", "team"],
            ChangeKind::ConnectAccount => &["account"],
            ChangeKind::TransferAccount => &["account", "member"],
            ChangeKind::ReceiveChat => &["chat", "account"],
            ChangeKind::Assign | ChangeKind::Unassign => &["chat", "member"],
            ChangeKind::DeleteChat => &["chat"],
        }
    }
}

/// A change's fields, each given or not, as a reader collects them before it knows they fit
/// a kind: the one place a kind and its fields become a [`Change`] (policy files' steps and
/// serde read through it).
#[cfg(feature = "serde")]
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ChangeFields {
    pub(crate) member: Option<MemberId>,
    pub(crate) role: Option<Role>,
    /// `Some(None)`: the role's default grant.
    pub(crate) permissions: Option<Option<Permission>>,
    pub(crate) team: Option<TeamId>,
    pub(crate) account: Option<AccountId>,
    pub(crate) chat: Option<ChatId>,
}

#[cfg(feature = "serde")]
impl ChangeFields {
    /// The fields `change` has.
    pub(crate) fn of(change: &Change) -> Self {
        let none = Self::default();
        match *change {
            Change::AddMember {
                member,
                role,
                permissions,
            } => Self {
                member: Some(member),
                role: Some(role),
                permissions: Some(permissions),
                ..none
            },
            Change::SetRole { member, role } => Self {
                member: Some(member),
                role: Some(role),
                ..none
            },
            Change::SetPermissions {
                member,
                permissions,
            } => Self {
                member: Some(member),
                permissions: Some(permissions),
                ..none
            },
            Change::RemoveMember { member } | Change::TransferOwnership { member } => Self {
                member: Some(member),
                ..none
            },
            Change::CreateTeam { team } | Change::DeleteTeam { team } => Self {
                team: Some(team),
                ..none
            },
            Change::JoinTeam { member, team } | Change::LeaveTeam { member, team } => Self {
                member: Some(member),
                team: Some(team),
                ..none
            },
            Change::ConnectAccount { account } => Self {
                account: Some(account),
                ..none
            },
            Change::TransferAccount { account, member } => Self {
                account: Some(account),
                member: Some(member),
                ..none
            },
            Change::ReceiveChat { chat, account } => Self {
                chat: Some(chat),
                account: Some(account),
                ..none
            },
            Change::Assign { chat, member } | Change::Unassign { chat, member } => Self {
                chat: Some(chat),
                member: Some(member),
                ..none
            },
            Change::DeleteChat { chat } => Self {
                chat: Some(chat),
                ..none
            },
        }
    }

    /// The change of `kind` these fields make (`add_member` may leave out `permissions`,
    /// the role's default); `Err` with the first of the kind's fields that is missing.
    /// Fields of other kinds are not looked at: see [`extra`](ChangeFields::extra).
    pub(crate) fn into_change(self, kind: ChangeKind) -> Result<Change, &'static str> {
        let member = self.member.ok_or("member");
        let role = self.role.ok_or("role");
        let team = self.team.ok_or("team");
        let account = self.account.ok_or("account");
        let chat = self.chat.ok_or("chat");
        Ok(match kind {
            ChangeKind::AddMember => Change::AddMember {
                member: member?,
                role: role?,
                permissions: self.permissions.flatten(),
            },
            ChangeKind::SetRole => Change::SetRole {
                member: member?,
                role: role?,
            },
            ChangeKind::SetPermissions => Change::SetPermissions {
                member: member?,
                permissions: self.permissions.ok_or("permissions")?,
            },
            ChangeKind::RemoveMember => Change::RemoveMember { member: member? },
            ChangeKind::CreateTeam => Change::CreateTeam { team: team? },
            ChangeKind::DeleteTeam => Change::DeleteTeam { team: team? },
            ChangeKind::JoinTeam => Change::JoinTeam {
                member: member?,
                team: team?,
            },
            ChangeKind::LeaveTeam => Change::LeaveTeam {
                member: member?,
                team: team?,
            },
            ChangeKind::TransferOwnership => Change::TransferOwnership { member: member? },
            ChangeKind::ConnectAccount => Change::ConnectAccount { account: account? },
            ChangeKind::TransferAccount => Change::TransferAccount {
                account: account?,
                member: member?,
            },
            ChangeKind::ReceiveChat => Change::ReceiveChat {
                chat: chat?,
                account: account?,
            },
            ChangeKind::Assign => Change::Assign {
                chat: chat?,
                member: member?,
            },
            ChangeKind::Unassign => Change::Unassign {
                chat: chat?,
                member: member?,
            },
            ChangeKind::DeleteChat => Change::DeleteChat { chat: chat? },
        })
    }

    /// The first field given that `kind` does not have ([`ChangeKind::fields`]).
    pub(crate) fn extra(&self, kind: ChangeKind) -> Option<&'static str> {
        [
            ("chat", self.chat.is_some()),
            ("account", self.account.is_some()),
            ("member", self.member.is_some()),
            ("role", self.role.is_some()),
            ("permissions", self.permissions.is_some()),
            ("team", self.team.is_some()),
        ]
        .into_iter()
        .find_map(|(name, given)| (given && !kind.fields().contains(&name)).then_some(name))
    }
}

impl Change {
    /// The kind of change.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Change, ChangeKind, ChatId};
    /// assert_eq!(Change::DeleteChat { chat: ChatId::new(1) }.kind(), ChangeKind::DeleteChat);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> ChangeKind {
        match self {
            Change::AddMember { .. } => ChangeKind::AddMember,
            Change::SetRole { .. } => ChangeKind::SetRole,
            Change::SetPermissions { .. } => ChangeKind::SetPermissions,
            Change::RemoveMember { .. } => ChangeKind::RemoveMember,
            Change::CreateTeam { .. } => ChangeKind::CreateTeam,
            Change::DeleteTeam { .. } => ChangeKind::DeleteTeam,
            Change::JoinTeam { .. } => ChangeKind::JoinTeam,
            Change::LeaveTeam { .. } => ChangeKind::LeaveTeam,
            Change::TransferOwnership { .. } => ChangeKind::TransferOwnership,
            Change::ConnectAccount { .. } => ChangeKind::ConnectAccount,
            Change::TransferAccount { .. } => ChangeKind::TransferAccount,
            Change::ReceiveChat { .. } => ChangeKind::ReceiveChat,
            Change::Assign { .. } => ChangeKind::Assign,
            Change::Unassign { .. } => ChangeKind::Unassign,
            Change::DeleteChat { .. } => ChangeKind::DeleteChat,
        }
    }
}

/// One accepted [`Workspace`](crate::Workspace) change, for a service to log or persist:
/// who made it, the change, and what it replaced or dropped.
///
/// A change returns `Ok(Some(event))` when it changed the state, `Ok(None)` when it was
/// accepted and found nothing to change (assigning a member who is assigned already), and
/// an error when it was refused; the last two record nothing, so retrying a change is
/// always safe.
///
/// Each event carries the workspace [revision](crate::Workspace::revision) it made, so a
/// journal of events replays in order ([`Workspace::apply`](crate::Workspace::apply)) and
/// the revision serves as a consistency token.
///
/// With the `serde` feature an event is its change's object (see [`Change`]) with
/// `"revision"`, a number, `"actor"`, left out for `None`, and `"before"`, left out for [`Before::Nothing`]: an
/// object with one key, the variant's snake_case name (`removed`, `member`, `dropped`,
/// `team_members`, `owner`, `connector`, `chat`). Reading and writing refuse an event that
/// does not fit its change: `actor` is absent exactly for `receive_chat`, and `before` is the
/// one that kind of change records (its `Serialize` implementation shows it running):
///
/// ```json
/// {"revision": 17, "actor": "1", "change": "remove_member", "member": "3", "before": {"dropped": {"teams": ["7"], "assignments": []}}}
/// ```
///
/// # Example
///
/// ```
/// use chatgate::{Before, Change, Event, MemberId, Permission, Role, Workspace};
///
/// let (owner, bea) = (MemberId::new(1), MemberId::new(2));
/// let mut ws = Workspace::new(owner);
/// ws.add_member(owner, bea, Role::Teammate)?;
/// let event = ws.set_permissions(owner, bea, Some(Permission::VIEW))?;
/// assert_eq!(
///     event,
///     Some(Event {
///         revision: 2, // the second event: `add_member` was the first
///         actor: Some(owner),
///         change: Change::SetPermissions { member: bea, permissions: Some(Permission::VIEW) },
///         before: Before::Member { role: Role::Teammate, permissions: None },
///     })
/// );
/// // The same grants again: accepted, nothing to record.
/// assert_eq!(ws.set_permissions(owner, bea, Some(Permission::VIEW))?, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Event {
    /// The workspace's [revision](crate::Workspace::revision) this event made: one more
    /// than the one it was decided on, so the first event of a workspace is `1`.
    pub revision: u64,
    /// The member who made the change; `None` for a chat arriving from the messaging
    /// network.
    pub actor: Option<MemberId>,
    /// The change.
    pub change: Change,
    /// What the change replaced or dropped.
    pub before: Before,
}

/// What an accepted change replaced or dropped, so that an event says what changed before
/// and after (the change itself holds the after).
///
/// # Example
///
/// ```
/// use chatgate::{Before, MemberId};
/// let before = Before::Owner(MemberId::new(1));
/// assert_eq!(before.to_string(), "owner was `1`");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Before {
    /// Nothing was replaced: a new member, team, account or chat; a team joined or left; an
    /// assignment made or undone.
    Nothing,
    /// `add_member` of a removed member: the role and grants they had when removed.
    Removed {
        /// Their role then.
        role: Role,
        /// Their grants then (`None`: the role's default).
        permissions: Option<Permission>,
    },
    /// `set_role` and `set_permissions`: the member's role and grants before.
    Member {
        /// The role before.
        role: Role,
        /// The grants before (`None`: the role's default).
        permissions: Option<Permission>,
    },
    /// `remove_member`: the teams and assignments the removal dropped.
    Dropped {
        /// The teams they were in.
        teams: Vec<TeamId>,
        /// The chats they were assigned to.
        assignments: Vec<ChatId>,
    },
    /// `delete_team`: the members who were in it.
    TeamMembers(Vec<MemberId>),
    /// `transfer_ownership`: the previous Owner (now an Admin with the default grant).
    Owner(MemberId),
    /// `transfer_account`: the previous connector.
    Connector(MemberId),
    /// `delete_chat`: the chat's account and assignees.
    Chat {
        /// The account it had arrived on.
        account: AccountId,
        /// Its assignees.
        assignees: Vec<MemberId>,
    },
}

/// `default` for the role's default grant, else the flags.
struct Grants(Option<Permission>);

impl fmt::Display for Grants {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("default"),
            Some(grants) => write!(f, "[{grants}]"),
        }
    }
}

/// A list of ids in backquotes, `[`1`, `2`]`.
struct Ids<'a, T>(&'a [T]);

impl<T: fmt::Display> fmt::Display for Ids<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (at, id) in self.0.iter().enumerate() {
            if at > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{id}`")?;
        }
        f.write_str("]")
    }
}

/// A line for a log: `` `1`: remove_member member `4` (teams [`7`], assignments []) ``, or
/// `` network: receive_chat chat `9` account `10` ``.
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.actor {
            Some(actor) => write!(f, "`{actor}`: {}", self.change)?,
            None => write!(f, "network: {}", self.change)?,
        }
        match self.before {
            Before::Nothing => Ok(()),
            ref before => write!(f, " ({before})"),
        }
    }
}

impl Change {
    /// The change in its vocabulary, its ids written by `ids`: its name, then each field by
    /// name, in the order of [`ChangeKind::fields`].
    pub(crate) fn write_with(&self, f: &mut fmt::Formatter<'_>, ids: &impl IdText) -> fmt::Result {
        f.write_str(self.kind().name())?;
        let member = |f: &mut fmt::Formatter<'_>, member| {
            f.write_str(" member ")?;
            ids.member(f, member)
        };
        let team = |f: &mut fmt::Formatter<'_>, team| {
            f.write_str(" team ")?;
            ids.team(f, team)
        };
        let account = |f: &mut fmt::Formatter<'_>, account| {
            f.write_str(" account ")?;
            ids.account(f, account)
        };
        let chat = |f: &mut fmt::Formatter<'_>, chat| {
            f.write_str(" chat ")?;
            ids.chat(f, chat)
        };
        match *self {
            Change::AddMember {
                member: id,
                role,
                permissions,
            } => {
                member(f, id)?;
                write!(f, " role {role} permissions {}", Grants(permissions))
            }
            Change::SetRole { member: id, role } => {
                member(f, id)?;
                write!(f, " role {role}")
            }
            Change::SetPermissions {
                member: id,
                permissions,
            } => {
                member(f, id)?;
                write!(f, " permissions {}", Grants(permissions))
            }
            Change::RemoveMember { member: id } | Change::TransferOwnership { member: id } => {
                member(f, id)
            }
            Change::CreateTeam { team: id } | Change::DeleteTeam { team: id } => team(f, id),
            Change::JoinTeam {
                member: member_id,
                team: team_id,
            }
            | Change::LeaveTeam {
                member: member_id,
                team: team_id,
            } => {
                member(f, member_id)?;
                team(f, team_id)
            }
            Change::ConnectAccount { account: id } => account(f, id),
            Change::TransferAccount {
                account: account_id,
                member: member_id,
            } => {
                account(f, account_id)?;
                member(f, member_id)
            }
            Change::ReceiveChat {
                chat: chat_id,
                account: account_id,
            } => {
                chat(f, chat_id)?;
                account(f, account_id)
            }
            Change::Assign {
                chat: chat_id,
                member: member_id,
            }
            | Change::Unassign {
                chat: chat_id,
                member: member_id,
            } => {
                chat(f, chat_id)?;
                member(f, member_id)
            }
            Change::DeleteChat { chat: id } => chat(f, id),
        }
    }
}

/// The change in its vocabulary: its name, then each field by name.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_with(f, &Backquoted)
    }
}

/// What was replaced, in words: `role teammate, permissions default`.
impl fmt::Display for Before {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Before::Nothing => f.write_str("nothing before"),
            Before::Removed { role, permissions } => write!(
                f,
                "re-added; was removed as {role}, permissions {}",
                Grants(*permissions)
            ),
            Before::Member { role, permissions } => {
                write!(f, "was role {role}, permissions {}", Grants(*permissions))
            }
            Before::Dropped { teams, assignments } => write!(
                f,
                "dropped teams {}, assignments {}",
                Ids(teams),
                Ids(assignments)
            ),
            Before::TeamMembers(members) => write!(f, "members were {}", Ids(members)),
            Before::Owner(owner) => write!(f, "owner was `{owner}`"),
            Before::Connector(connector) => write!(f, "connector was `{connector}`"),
            Before::Chat { account, assignees } => write!(
                f,
                "was on account `{account}`, assignees {}",
                Ids(assignees)
            ),
        }
    }
}
