//! The five workspace roles and the one table that says what each may see and hold.

use crate::categories::{Categories, Category};
use crate::names::named;
use crate::permission::Permission;

/// A member's role in the workspace: it decides which chat categories they see and caps
/// the permissions they may hold.
///
/// `Role` deliberately has no `Ord`: the roles are not one ladder of privilege (an Admin's
/// ceiling lacks billing, an Owner's does not; a Teammate sees more chats than an Agent but
/// holds the same ceiling), so "greater role" would invite a wrong `>=` check. Compare what
/// a role [`sees`](Role::sees) or its [`ceiling`](Role::ceiling) instead.
///
/// # Example
///
/// ```
/// use chatgate::{Category, Permission, Role};
///
/// assert!(Role::Teammate.sees(Category::SameTeam));
/// assert!(!Role::Teammate.sees(Category::OtherTeam));
/// assert_eq!(Role::Agent.default_grant(), Permission::REPLY);
/// assert_eq!("collaborator".parse::<Role>()?, Role::Collaborator);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The one member who owns the workspace; always holds every permission.
    Owner,
    /// Manages the team and integrations; sees every chat; never billing or the workspace.
    Admin,
    /// Sees their own and their teams' chats, and chats assigned to them.
    Teammate,
    /// Sees the chats of the account they connected, and chats assigned to them.
    Agent,
    /// Connects no account; sees only chats assigned to them.
    Collaborator,
}

/// One row of the role table ([the policy](crate::policy#roles-cap-permissions)).
struct Row {
    /// The chat categories this role sees (the visibility matrix).
    sees: Categories,
    /// What a member of this role holds when nothing else was granted.
    default_grant: Permission,
    /// The most a member of this role may hold, whatever they are granted.
    ceiling: Permission,
    /// What a member of this role holds whatever they are granted (the Owner's exception:
    /// an Owner can never lock themself out).
    floor: Permission,
    /// Whether a member of this role may connect a messaging account.
    connects_accounts: bool,
}

const EVERYTHING: Permission = Permission::all();
const NOTHING: Permission = Permission::empty();
const CONVERSATIONS: Permission = Permission::VIEW
    .union(Permission::REPLY)
    .union(Permission::DELETE);
/// Everything but the Owner-only flags; without `ADMIN` too, since `ADMIN` implies them.
const ADMIN_CEILING: Permission = Permission::all()
    .difference(Permission::ADMIN)
    .difference(Permission::MANAGE_BILLING)
    .difference(Permission::MANAGE_WORKSPACE);

const OWN: Categories = Categories::OWN;
const SAME_TEAM: Categories = Categories::SAME_TEAM;
const OTHER_TEAM: Categories = Categories::OTHER_TEAM;
const ASSIGNED: Categories = Categories::ASSIGNED;

impl Role {
    /// The role table of [the policy](crate::policy#roles-cap-permissions): the visibility matrix, the default grants, the
    /// ceilings and the floors, each written exactly once.
    const fn row(self) -> Row {
        use Role::*;
        #[rustfmt::skip]
        let row = match self {
            //                      Own   SameTeam    OtherTeam     Assigned
            Owner        => Row { sees: OWN.union(SAME_TEAM).union(OTHER_TEAM).union(ASSIGNED),
                                  default_grant: Permission::ADMIN, ceiling: EVERYTHING,
                                  floor: EVERYTHING, connects_accounts: true },
            Admin        => Row { sees: OWN.union(SAME_TEAM).union(OTHER_TEAM).union(ASSIGNED),
                                  default_grant: Permission::ADMIN, ceiling: ADMIN_CEILING,
                                  floor: NOTHING, connects_accounts: true },
            Teammate     => Row { sees: OWN.union(SAME_TEAM)                  .union(ASSIGNED),
                                  default_grant: Permission::REPLY, ceiling: CONVERSATIONS,
                                  floor: NOTHING, connects_accounts: true },
            Agent        => Row { sees: OWN                                   .union(ASSIGNED),
                                  default_grant: Permission::REPLY, ceiling: CONVERSATIONS,
                                  floor: NOTHING, connects_accounts: true },
            // A collaborator never connects an account: Own is "n/a", which fails closed.
            Collaborator => Row { sees:                                              ASSIGNED,
                                  default_grant: Permission::REPLY, ceiling: CONVERSATIONS,
                                  floor: NOTHING, connects_accounts: false },
        };
        row
    }

    /// Whether a member of this role sees chats of `category` (one cell of the matrix).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Category, Role};
    ///
    /// assert!(Role::Admin.sees(Category::OtherTeam));
    /// assert!(Role::Agent.sees(Category::Own));
    /// assert!(!Role::Agent.sees(Category::SameTeam));
    /// assert!(!Role::Collaborator.sees(Category::Own));
    /// ```
    #[must_use]
    pub const fn sees(self, category: Category) -> bool {
        self.visible().contains(category.as_set())
    }

    /// The categories a member of this role sees (one row of the matrix).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Categories, Role};
    ///
    /// assert_eq!(Role::Agent.visible(), Categories::OWN | Categories::ASSIGNED);
    /// ```
    #[must_use]
    pub const fn visible(self) -> Categories {
        self.row().sees
    }

    /// What a member of this role holds when they were granted nothing explicitly.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Permission, Role};
    ///
    /// assert_eq!(Role::Admin.default_grant(), Permission::ADMIN);
    /// assert_eq!(Role::Collaborator.default_grant(), Permission::REPLY);
    /// ```
    #[must_use]
    pub const fn default_grant(self) -> Permission {
        self.row().default_grant
    }

    /// The most a member of this role may hold, whatever they are granted.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Permission, Role};
    ///
    /// assert!(Role::Admin.ceiling().contains(Permission::MANAGE_TEAM));
    /// assert!(!Role::Admin.ceiling().contains(Permission::MANAGE_BILLING));
    /// assert_eq!(Role::Owner.ceiling(), Permission::all());
    /// ```
    #[must_use]
    pub const fn ceiling(self) -> Permission {
        self.row().ceiling
    }

    /// What a member of this role may actually use when granted `granted`:
    /// `closure(granted) ∩ ceiling`, and always the role's floor (the Owner holds everything,
    /// whatever their grants say: an Owner can never lock themself out).
    ///
    /// The result is closed (its own closure) and within the role's ceiling.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Permission, Role};
    ///
    /// // A teammate granted Admin is still capped at the conversation flags.
    /// assert_eq!(
    ///     Role::Teammate.effective(Permission::ADMIN),
    ///     Permission::VIEW | Permission::REPLY | Permission::DELETE
    /// );
    /// // An Admin never holds billing, whatever they are granted.
    /// assert!(!Role::Admin.effective(Permission::ADMIN).contains(Permission::MANAGE_BILLING));
    /// // The Owner holds everything, whatever their grants say.
    /// assert_eq!(Role::Owner.effective(Permission::empty()), Permission::all());
    /// ```
    #[must_use]
    #[inline]
    pub const fn effective(self, granted: Permission) -> Permission {
        let row = self.row();
        granted.closure().intersection(row.ceiling).union(row.floor)
    }

    /// What a member of this role was granted: `granted` when something was granted
    /// explicitly (`Some`, even `Some(Permission::empty())`, which grants nothing), else the
    /// role's [default grant](Role::default_grant).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Permission, Role};
    ///
    /// assert_eq!(Role::Agent.granted(None), Permission::REPLY);
    /// assert_eq!(Role::Agent.granted(Some(Permission::VIEW)), Permission::VIEW);
    /// assert_eq!(Role::Agent.granted(Some(Permission::empty())), Permission::empty());
    /// ```
    #[must_use]
    #[inline]
    pub const fn granted(self, granted: Option<Permission>) -> Permission {
        match granted {
            Some(granted) => granted,
            None => self.default_grant(),
        }
    }

    /// Whether a member of this role may connect a messaging account (every role but
    /// Collaborator).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Role;
    /// assert!(Role::Agent.connects_accounts());
    /// assert!(!Role::Collaborator.connects_accounts());
    /// ```
    #[must_use]
    pub const fn connects_accounts(self) -> bool {
        self.row().connects_accounts
    }

    /// The categories of *accounts* a member of this role may send from: the matrix's
    /// account columns (Own, SameTeam, OtherTeam) of [`visible`](Role::visible). So an
    /// Owner or Admin may use any account, a Teammate their own and their teams', an Agent
    /// only their own, a Collaborator none.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Categories, Role};
    /// assert_eq!(Role::Teammate.usable_accounts(), Categories::OWN | Categories::SAME_TEAM);
    /// assert_eq!(Role::Collaborator.usable_accounts(), Categories::empty());
    /// ```
    #[must_use]
    pub const fn usable_accounts(self) -> Categories {
        self.visible().difference(Categories::ASSIGNED)
    }
}

named!(
    Role,
    "role",
    Owner = "owner",
    Admin = "admin",
    Teammate = "teammate",
    Agent = "agent",
    Collaborator = "collaborator",
);
