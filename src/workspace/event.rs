//! The audit trail: what each successful workspace change did, and who did it.

use core::fmt;

use crate::{AccountId, ChatId, MemberId, Permission, Role, TeamId};

/// One successful [`Workspace`](crate::Workspace) change, for a service to log or persist.
///
/// Every mutation that succeeds returns one; a refused mutation returns an error and no
/// event, and changed nothing. A change that found nothing to do (assigning a member who is
/// assigned already) still succeeds and is still recorded, so the log holds every request
/// that was allowed.
///
/// # Example
///
/// ```
/// use chatgate::{Change, Event, MemberId, Permission, Role, Workspace};
///
/// let (owner, bea) = (MemberId::new(1), MemberId::new(2));
/// let mut ws = Workspace::new(owner);
/// ws.add_member(owner, bea, Role::Teammate)?;
/// let event = ws.set_grants(owner, bea, Some(Permission::VIEW))?;
/// assert_eq!(
///     event,
///     Event {
///         actor: Some(owner),
///         change: Change::GrantsChanged {
///             member: bea,
///             before: None,
///             after: Some(Permission::VIEW),
///             effective_before: Permission::VIEW | Permission::REPLY,
///             effective_after: Permission::VIEW,
///         },
///     }
/// );
/// assert_eq!(event.to_string(), "`1` changed the grants of `2`: default -> view (effective view, reply -> view)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Event {
    /// The member who made the change; `None` for a chat arriving from the messaging
    /// network ([`Workspace::receive_chat`](crate::Workspace::receive_chat)).
    pub actor: Option<MemberId>,
    /// What changed.
    pub change: Change,
}

/// What a successful workspace change did, with the state before and after where it
/// matters (roles, grants and the effective permissions they make, connectors).
///
/// `Change` is `#[non_exhaustive]`: a later version may record new kinds of change, and a
/// log reader should keep what it does not know rather than fail.
///
/// # Example
///
/// ```
/// use chatgate::{Change, MemberId};
/// let change = Change::MemberRemoved { member: MemberId::new(4) };
/// assert_eq!(change.to_string(), "removed `4`");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Change {
    /// A member joined.
    MemberAdded {
        /// The new member.
        member: MemberId,
        /// Their role.
        role: Role,
        /// Their grants (`None`: the role's default).
        grants: Option<Permission>,
        /// The permissions they may use.
        effective: Permission,
    },
    /// A member's role changed.
    RoleChanged {
        /// The member.
        member: MemberId,
        /// The role before.
        before: Role,
        /// The role after.
        after: Role,
        /// The permissions they could use before.
        effective_before: Permission,
        /// The permissions they may use now.
        effective_after: Permission,
    },
    /// A member's grants changed.
    GrantsChanged {
        /// The member.
        member: MemberId,
        /// The grants before (`None`: the role's default).
        before: Option<Permission>,
        /// The grants after (`None`: the role's default).
        after: Option<Permission>,
        /// The permissions they could use before.
        effective_before: Permission,
        /// The permissions they may use now.
        effective_after: Permission,
    },
    /// A member was removed.
    MemberRemoved {
        /// The member.
        member: MemberId,
    },
    /// A team was created.
    TeamCreated {
        /// The team.
        team: TeamId,
    },
    /// A member was put in a team.
    TeamJoined {
        /// The member.
        member: MemberId,
        /// The team.
        team: TeamId,
    },
    /// A member was taken out of a team.
    TeamLeft {
        /// The member.
        member: MemberId,
        /// The team.
        team: TeamId,
    },
    /// Ownership moved; the previous Owner is now an Admin.
    OwnershipTransferred {
        /// The previous Owner.
        from: MemberId,
        /// The new Owner.
        to: MemberId,
    },
    /// An account was connected.
    AccountConnected {
        /// The account.
        account: AccountId,
        /// Its connector.
        connector: MemberId,
    },
    /// An account got a new connector.
    AccountTransferred {
        /// The account.
        account: AccountId,
        /// The connector before.
        from: MemberId,
        /// The connector after.
        to: MemberId,
    },
    /// A chat arrived on an account.
    ChatReceived {
        /// The chat.
        chat: ChatId,
        /// The account it arrived on.
        account: AccountId,
    },
    /// A chat was assigned to a member.
    ChatAssigned {
        /// The chat.
        chat: ChatId,
        /// The assignee.
        member: MemberId,
    },
    /// A member was unassigned from a chat.
    ChatUnassigned {
        /// The chat.
        chat: ChatId,
        /// The former assignee.
        member: MemberId,
    },
}

/// `default` for the role's default grant, else the flags.
struct Grants(Option<Permission>);

impl fmt::Display for Grants {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            None => f.write_str("default"),
            Some(grants) => grants.fmt(f),
        }
    }
}

/// A line for a log: `` `1` removed `4` ``, or `` the network: chat `9` arrived on … ``.
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.actor {
            Some(actor) => write!(f, "`{actor}` {}", self.change),
            None => write!(f, "the network: {}", self.change),
        }
    }
}

/// The change in words, as the predicate of a log line.
impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Change::MemberAdded {
                member,
                role,
                grants,
                effective,
            } => write!(
                f,
                "added `{member}` as {role} with grants {} (effective {effective})",
                Grants(grants)
            ),
            Change::RoleChanged {
                member,
                before,
                after,
                effective_before,
                effective_after,
            } => write!(
                f,
                "changed the role of `{member}`: {before} -> {after} \
                 (effective {effective_before} -> {effective_after})"
            ),
            Change::GrantsChanged {
                member,
                before,
                after,
                effective_before,
                effective_after,
            } => write!(
                f,
                "changed the grants of `{member}`: {} -> {} \
                 (effective {effective_before} -> {effective_after})",
                Grants(before),
                Grants(after)
            ),
            Change::MemberRemoved { member } => write!(f, "removed `{member}`"),
            Change::TeamCreated { team } => write!(f, "created team `{team}`"),
            Change::TeamJoined { member, team } => {
                write!(f, "put `{member}` in team `{team}`")
            }
            Change::TeamLeft { member, team } => {
                write!(f, "took `{member}` out of team `{team}`")
            }
            Change::OwnershipTransferred { from, to } => {
                write!(f, "transferred ownership from `{from}` to `{to}`")
            }
            Change::AccountConnected { account, connector } => {
                write!(f, "connected account `{account}` (connector `{connector}`)")
            }
            Change::AccountTransferred { account, from, to } => {
                write!(f, "transferred account `{account}` from `{from}` to `{to}`")
            }
            Change::ChatReceived { chat, account } => {
                write!(f, "chat `{chat}` arrived on account `{account}`")
            }
            Change::ChatAssigned { chat, member } => {
                write!(f, "assigned chat `{chat}` to `{member}`")
            }
            Change::ChatUnassigned { chat, member } => {
                write!(f, "unassigned `{member}` from chat `{chat}`")
            }
        }
    }
}
