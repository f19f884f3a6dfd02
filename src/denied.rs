//! Why a request was denied.

use core::fmt;
use core::str::FromStr;

use crate::{Action, Permission, ResourceKind, Role};

/// A denial, with the one reason that decided it.
///
/// Reasons are checked in POLICY.md's order: [`Inactive`](Denied::Inactive), then
/// [`OutOfScope`](Denied::OutOfScope), then [`MissingPermission`](Denied::MissingPermission).
/// [`WrongResource`](Denied::WrongResource) is not a policy outcome but a malformed
/// request (an action asked of a resource it does not apply to), refused before anything
/// else is read.
///
/// The `Display` text is written to be shown to the member: it names what they lack and
/// what they hold. It never says anything about a chat the member may not see beyond "not
/// yours to see": a chat that does not exist and a chat in another team read the same.
///
/// `Denied` is `#[non_exhaustive]`: a later policy may add a reason, and code matching on
/// reasons must already treat an unknown one as a denial.
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
                "`{action}` applies to {}, not to {resource}",
                action.resource_kind()
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Reason {
    /// Every reason, in the order they are checked.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Reason::ALL.len(), 4);
    /// ```
    pub const ALL: [Reason; 4] = [
        Reason::WrongResource,
        Reason::Inactive,
        Reason::OutOfScope,
        Reason::MissingPermission,
    ];

    /// The snake_case name: `"wrong_resource"`, `"inactive"`, `"out_of_scope"`,
    /// `"missing_permission"`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Reason::Inactive.name(), "inactive");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Reason::WrongResource => "wrong_resource",
            Reason::Inactive => "inactive",
            Reason::OutOfScope => "out_of_scope",
            Reason::MissingPermission => "missing_permission",
        }
    }
}

/// The snake_case name, as [`Reason::name`].
impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses the snake_case name.
///
/// # Errors
///
/// [`UnknownName`](crate::UnknownName) for anything else: `"forbidden"`, `"Inactive"`.
///
/// # Example
///
/// ```
/// use chatgate::Reason;
/// assert_eq!("inactive".parse::<Reason>()?, Reason::Inactive);
/// assert!("forbidden".parse::<Reason>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromStr for Reason {
    type Err = crate::UnknownName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Reason::ALL
            .into_iter()
            .find(|reason| reason.name() == name)
            .ok_or_else(|| crate::UnknownName::new("reason", name))
    }
}
