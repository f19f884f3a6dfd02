//! Stackable permission flags and their closure.

use core::fmt;
use core::str::FromStr;

use crate::names::{self, FlagNames, UnknownName};

bitflags::bitflags! {
    /// A set of stackable permission flags, as a member is granted them.
    ///
    /// Every constant is one bit; a set is any combination. What a grant *means* is its
    /// [`closure`](Permission::closure): Reply and Delete each bring View, Admin brings
    /// everything. What a member may actually use is [`Role::effective`](crate::Role::effective):
    /// the closure capped by the ceiling of their role.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Permission;
    ///
    /// let senior_agent = Permission::REPLY | Permission::DELETE;
    /// assert_eq!(
    ///     senior_agent.closure(),
    ///     Permission::VIEW | Permission::REPLY | Permission::DELETE
    /// );
    /// assert_eq!(senior_agent.to_string(), "reply, delete");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub struct Permission: u16 {
        /// See conversations, their message history and metadata.
        const VIEW = 1 << 0;
        /// Reply, send messages to customers, use saved replies. Implies `VIEW`.
        const REPLY = 1 << 1;
        /// Delete conversations permanently. Implies `VIEW`.
        const DELETE = 1 << 2;
        /// Invite and remove members, change their roles, permissions and teams.
        const MANAGE_TEAM = 1 << 3;
        /// Change workspace settings.
        const MANAGE_SETTINGS = 1 << 4;
        /// See statistics.
        const VIEW_STATS = 1 << 5;
        /// Manage forms.
        const MANAGE_FORMS = 1 << 6;
        /// Manage integrations and automations.
        const MANAGE_INTEGRATIONS = 1 << 7;
        /// Manage the subscription: plans and payment method.
        const MANAGE_BILLING = 1 << 8;
        /// Manage the workspace itself: rename, delete, transfer ownership.
        const MANAGE_WORKSPACE = 1 << 9;
        /// Full access. Implies every other flag.
        const ADMIN = 1 << 10;
    }
}

/// The flags with their names, in declaration order: the one place a flag is named.
impl FlagNames for Permission {
    const KIND: &'static str = "permission";
    const NAMES: &'static [(Self, &'static str)] = &[
        (Permission::VIEW, "view"),
        (Permission::REPLY, "reply"),
        (Permission::DELETE, "delete"),
        (Permission::MANAGE_TEAM, "manage_team"),
        (Permission::MANAGE_SETTINGS, "manage_settings"),
        (Permission::VIEW_STATS, "view_stats"),
        (Permission::MANAGE_FORMS, "manage_forms"),
        (Permission::MANAGE_INTEGRATIONS, "manage_integrations"),
        (Permission::MANAGE_BILLING, "manage_billing"),
        (Permission::MANAGE_WORKSPACE, "manage_workspace"),
        (Permission::ADMIN, "admin"),
    ];
}

impl Permission {
    /// Adds what each flag implies: `REPLY ⇒ VIEW`, `DELETE ⇒ VIEW`, `ADMIN ⇒` every flag.
    ///
    /// The closure is idempotent (`p.closure().closure() == p.closure()`), monotone
    /// (`p ⊆ q ⇒ p.closure() ⊆ q.closure()`) and never drops a flag (`p ⊆ p.closure()`).
    /// The implications are one level deep, so a single pass reaches the fixed point.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Permission;
    ///
    /// assert_eq!(Permission::REPLY.closure(), Permission::REPLY | Permission::VIEW);
    /// assert_eq!(Permission::DELETE.closure(), Permission::DELETE | Permission::VIEW);
    /// assert_eq!(Permission::ADMIN.closure(), Permission::all());
    /// assert_eq!(Permission::MANAGE_FORMS.closure(), Permission::MANAGE_FORMS);
    /// ```
    #[must_use]
    pub const fn closure(self) -> Self {
        if self.contains(Self::ADMIN) {
            return Self::all();
        }
        if self.intersects(Self::REPLY.union(Self::DELETE)) {
            return self.union(Self::VIEW);
        }
        self
    }

    /// The lowercase name of a single flag (`"view"`, `"manage_team"`), or `None` for a set
    /// of several flags or none.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Permission;
    ///
    /// assert_eq!(Permission::VIEW_STATS.name(), Some("view_stats"));
    /// assert_eq!((Permission::VIEW | Permission::REPLY).name(), None);
    /// ```
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        names::name_of(self)
    }

    /// The single flag called `name` (as [`name`](Permission::name) spells it), if any.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Permission;
    ///
    /// assert_eq!(Permission::named("delete"), Some(Permission::DELETE));
    /// assert_eq!(Permission::named("DELETE"), None);
    /// assert_eq!(Permission::named("superuser"), None);
    /// ```
    #[must_use]
    pub fn named(name: &str) -> Option<Self> {
        names::flag_named(name)
    }
}

/// Lists the flags by name, separated by `", "`, or `none` for the empty set.
impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        names::write_set(f, *self)
    }
}

/// Parses one flag name, or a list of them separated by commas, `|` or `+` (spaces allowed);
/// `none` and the empty string are the empty set; a name given twice counts once.
///
/// # Errors
///
/// [`UnknownName`](crate::UnknownName) for any name that is not a flag: `"superuser"`,
/// `"View"` (names are lowercase), `"view,,reply"` (an empty name between separators).
///
/// # Example
///
/// ```
/// use chatgate::Permission;
///
/// let p: Permission = "reply, delete".parse()?;
/// assert_eq!(p, Permission::REPLY | Permission::DELETE);
/// assert_eq!("none".parse::<Permission>()?, Permission::empty());
/// assert_eq!("view, view".parse::<Permission>()?, Permission::VIEW);
/// assert!("reply, sudo".parse::<Permission>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromStr for Permission {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        names::parse_set(text)
    }
}
