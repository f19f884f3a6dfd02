//! Why a request was denied.

use core::fmt;

use crate::action::{Action, ResourceKind};
use crate::names::named;
use crate::permission::Permission;
use crate::role::Role;

/// A denial, with the one reason that decided it.
///
/// Reasons are checked in [the policy's](crate::policy#why-a-request-is-denied) order: [`Inactive`](Denied::Inactive), then
/// [`OutOfScope`](Denied::OutOfScope), then [`MissingPermission`](Denied::MissingPermission).
/// [`WrongResource`](Denied::WrongResource) is not a policy outcome but a malformed
/// request (an action asked of a resource it does not apply to), refused before anything
/// else is read.
///
/// The `Display` text is written to be shown to the member: it names what they lack and
/// what they hold. It never says anything about a chat the member may not see beyond "not
/// yours to see": a chat that does not exist and a chat in another team read the same.
///
/// `Denied` and [`Reason`] are both `#[non_exhaustive]`, deliberately and for one reason: a
/// later policy may add a reason, and code matching on a denial or its reason must already
/// treat one it does not know as a denial (a `_` arm that denies), never fail to compile
/// into an allow.
///
/// # Example
///
/// ```
/// use chatgate::{authorize, Action, Denied, MemberId, Permission, Resource, Role, Subject};
///
/// let analyst = Subject::new(MemberId::new(5), Role::Admin).with_grants(Permission::VIEW_STATS);
/// let denied = authorize(&analyst, Action::ManageTeam, Resource::Workspace).unwrap_err();
/// assert_eq!(
///     denied,
///     Denied::MissingPermission {
///         action: Action::ManageTeam,
///         required: Permission::MANAGE_TEAM,
///         held: Permission::VIEW_STATS,
///     }
/// );
/// assert_eq!(
///     denied.to_string(),
///     "`manage_team` needs the manage_team permission; you hold: view_stats"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Denied {
    /// The action does not apply to this kind of resource (`view` of the workspace, say).
    WrongResource {
        /// The action asked for.
        action: Action,
        /// The kind of resource it was asked of.
        resource: ResourceKind,
    },
    /// The member is removed from the workspace, or unknown to it.
    Inactive,
    /// The chat is not visible to the member, the account is not usable by them, or their
    /// role may never take the action (a Collaborator connecting an account).
    OutOfScope {
        /// The action asked for.
        action: Action,
        /// The member's role, which decided the scope.
        role: Role,
        /// The kind of resource.
        resource: ResourceKind,
    },
    /// In scope, but the required flag is not among the member's effective permissions.
    MissingPermission {
        /// The action asked for.
        action: Action,
        /// The flag it requires.
        required: Permission,
        /// What the member effectively holds.
        held: Permission,
    },
}

impl Denied {
    /// The reason, without its details.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Denied, Reason};
    /// assert_eq!(Denied::Inactive.reason(), Reason::Inactive);
    /// ```
    #[must_use]
    pub const fn reason(&self) -> Reason {
        match self {
            Denied::WrongResource { .. } => Reason::WrongResource,
            Denied::Inactive => Reason::Inactive,
            Denied::OutOfScope { .. } => Reason::OutOfScope,
            Denied::MissingPermission { .. } => Reason::MissingPermission,
        }
    }
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Denied::WrongResource { action, resource } => write!(
                f,
                "`{action}` applies to {}, not to {}",
                as_object(action.resource_kind()),
                as_object(resource)
            ),
            Denied::Inactive => f.write_str("you are not an active member of this workspace"),
            Denied::OutOfScope {
                action,
                role,
                resource: ResourceKind::Chat,
            } => write!(
                f,
                "`{action}` is out of scope: this chat is not yours to see \
                 (as {role} you see {} chats)",
                role.visible()
            ),
            Denied::OutOfScope {
                action,
                role,
                resource: ResourceKind::Account,
            } if role.usable_accounts().is_empty() => write!(
                f,
                "`{action}` is out of scope: as {role} you may use no account"
            ),
            Denied::OutOfScope {
                action,
                role,
                resource: ResourceKind::Account,
            } => write!(
                f,
                "`{action}` is out of scope: this account is not yours to use \
                 (as {role} you may use {} accounts)",
                role.usable_accounts()
            ),
            Denied::OutOfScope {
                action,
                role,
                resource: ResourceKind::Workspace,
            } => write!(
                f,
                "`{action}` is out of scope: the {role} role may never do this"
            ),
            Denied::MissingPermission {
                action,
                required,
                held,
            } => write!(
                f,
                "`{action}` needs the {required} permission; you hold: {held}"
            ),
        }
    }
}

/// The reason of a denial, without its details: what a policy file or a log names.
///
/// # Example
///
/// ```
/// use chatgate::Reason;
/// assert_eq!("out_of_scope".parse::<Reason>()?, Reason::OutOfScope);
/// assert_eq!(Reason::MissingPermission.to_string(), "missing_permission");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `#[non_exhaustive]` as [`Denied`] is, for the same reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// See [`Denied::WrongResource`].
    WrongResource,
    /// See [`Denied::Inactive`].
    Inactive,
    /// See [`Denied::OutOfScope`].
    OutOfScope,
    /// See [`Denied::MissingPermission`].
    MissingPermission,
}

named!(
    Reason,
    "reason",
    WrongResource = "wrong_resource",
    Inactive = "inactive",
    OutOfScope = "out_of_scope",
    MissingPermission = "missing_permission",
);

/// A resource kind as the object of a sentence: "the workspace", "an account", "a chat".
const fn as_object(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::Workspace => "the workspace",
        ResourceKind::Account => "an account",
        ResourceKind::Chat => "a chat",
    }
}
