//! The acting member, as a decision sees them.

use crate::id::{MemberId, TeamId};
use crate::permission::Permission;
use crate::role::Role;

/// The member asking to act: their id, role, granted permissions, teams, and whether they
/// are still active.
///
/// A `Subject` borrows its team list, so building one allocates nothing; it is `Copy`.
///
/// # Example
///
/// ```
/// use chatgate::{MemberId, Permission, Role, Subject, TeamId};
///
/// let sales = [TeamId::new(1)];
/// let bea = Subject::new(MemberId::new(2), Role::Teammate)
///     .with_grants(Permission::VIEW)
///     .with_teams(&sales);
/// assert_eq!(bea.effective(), Permission::VIEW);
/// assert!(bea.is_active());
/// assert!(!bea.removed().is_active());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject<'a> {
    id: MemberId,
    role: Role,
    grants: Permission,
    teams: &'a [TeamId],
    active: bool,
}

impl<'a> Subject<'a> {
    /// An active member of `role` holding the role's default grant, in no team.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Subject};
    /// let s = Subject::new(MemberId::new(1), Role::Agent);
    /// assert_eq!(s.grants(), Permission::REPLY);
    /// ```
    #[must_use]
    pub const fn new(id: MemberId, role: Role) -> Self {
        Self {
            id,
            role,
            grants: role.default_grant(),
            teams: &[],
            active: true,
        }
    }

    /// A member as a workspace records them: `granted` explicitly or (`None`) the role's
    /// default, and removed unless `active`. The one place a record becomes a subject (the
    /// workspace's and the snapshot's records, both `std`).
    #[cfg(feature = "std")]
    #[inline]
    pub(crate) const fn of_record(
        id: MemberId,
        role: Role,
        granted: Option<Permission>,
        teams: &'a [TeamId],
        active: bool,
    ) -> Self {
        Self {
            id,
            role,
            grants: role.granted(granted),
            teams,
            active,
        }
    }

    /// The same subject, granted exactly `grants` instead of the role's default.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Subject};
    /// let analyst = Subject::new(MemberId::new(1), Role::Teammate).with_grants(Permission::VIEW);
    /// assert!(!analyst.effective().contains(Permission::REPLY));
    /// ```
    #[must_use]
    pub const fn with_grants(self, grants: Permission) -> Self {
        Self { grants, ..self }
    }

    /// The same subject, in `teams`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Subject, TeamId};
    /// let teams = [TeamId::new(1)];
    /// assert_eq!(Subject::new(MemberId::new(1), Role::Agent).with_teams(&teams).teams(), &teams);
    /// ```
    #[must_use]
    pub const fn with_teams(self, teams: &'a [TeamId]) -> Self {
        Self { teams, ..self }
    }

    /// The same subject, removed from the workspace: denied everything.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Subject};
    /// assert!(!Subject::new(MemberId::new(1), Role::Admin).removed().is_active());
    /// ```
    #[must_use]
    pub const fn removed(self) -> Self {
        Self {
            active: false,
            ..self
        }
    }

    /// The member's id.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Subject};
    /// assert_eq!(Subject::new(MemberId::new(9), Role::Agent).id(), MemberId::new(9));
    /// ```
    #[must_use]
    pub const fn id(&self) -> MemberId {
        self.id
    }

    /// The member's role.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Subject};
    /// assert_eq!(Subject::new(MemberId::new(9), Role::Agent).role(), Role::Agent);
    /// ```
    #[must_use]
    pub const fn role(&self) -> Role {
        self.role
    }

    /// The permissions granted to the member, before closure and the role's ceiling.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Subject};
    /// assert_eq!(Subject::new(MemberId::new(9), Role::Admin).grants(), Permission::ADMIN);
    /// ```
    #[must_use]
    pub const fn grants(&self) -> Permission {
        self.grants
    }

    /// The teams the member belongs to.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Subject};
    /// assert!(Subject::new(MemberId::new(9), Role::Agent).teams().is_empty());
    /// ```
    #[must_use]
    pub const fn teams(&self) -> &'a [TeamId] {
        self.teams
    }

    /// Whether the member is active; a removed member is denied everything.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Subject};
    /// assert!(Subject::new(MemberId::new(9), Role::Agent).is_active());
    /// ```
    #[must_use]
    pub const fn is_active(&self) -> bool {
        self.active
    }

    /// The permissions the member may use: [`Role::effective`] of their grants. (A removed member may use none, but that is decided before permissions are
    /// read, with the reason [`Denied::Inactive`](crate::Denied::Inactive).)
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Subject};
    /// let s = Subject::new(MemberId::new(9), Role::Agent).with_grants(Permission::DELETE);
    /// assert_eq!(s.effective(), Permission::DELETE | Permission::VIEW);
    /// ```
    #[must_use]
    #[inline]
    pub const fn effective(&self) -> Permission {
        self.role.effective(self.grants)
    }
}
