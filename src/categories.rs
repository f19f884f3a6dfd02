//! The chat categories: how a chat or an account relates to one subject (the columns of the
//! visibility matrix), and their one definition from the facts.

use core::fmt;
use core::str::FromStr;

use crate::names::{self, named, FlagNames, UnknownName};

/// One way a chat can relate to a subject (a column of the visibility matrix).
///
/// # Example
///
/// ```
/// use chatgate::{Categories, Category};
///
/// assert_eq!(Category::SameTeam.as_set(), Categories::SAME_TEAM);
/// assert_eq!(Category::OtherTeam.name(), "other_team");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// The chat's account was connected by the subject.
    Own,
    /// The chat's account was connected by another active member sharing a team with the
    /// subject.
    SameTeam,
    /// The chat's account was connected by someone neither the subject nor sharing a team
    /// with them (a removed connector counts as having no teams).
    OtherTeam,
    /// The subject is among the chat's assignees.
    Assigned,
}

impl Category {
    /// The set holding just this category.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Categories, Category};
    /// assert!(Categories::all().contains(Category::Own.as_set()));
    /// ```
    #[must_use]
    pub const fn as_set(self) -> Categories {
        match self {
            Category::Own => Categories::OWN,
            Category::SameTeam => Categories::SAME_TEAM,
            Category::OtherTeam => Categories::OTHER_TEAM,
            Category::Assigned => Categories::ASSIGNED,
        }
    }
}

named!(
    Category,
    "category",
    Own = "own",
    SameTeam = "same_team",
    OtherTeam = "other_team",
    Assigned = "assigned",
);

bitflags::bitflags! {
    /// The set of categories a chat (or an account) falls in for one subject.
    ///
    /// A chat from real data is in exactly one of `OWN`, `SAME_TEAM`, `OTHER_TEAM` (by who
    /// connected its account), and in `ASSIGNED` too when the subject is an assignee. The
    /// decision itself accepts any set: a chat is visible when any of its categories is.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Categories;
    ///
    /// let set = Categories::SAME_TEAM | Categories::ASSIGNED;
    /// assert_eq!(set.to_string(), "same_team, assigned");
    /// assert_eq!(Categories::empty().to_string(), "none");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Categories: u8 {
        /// See [`Category::Own`].
        const OWN = 1 << 0;
        /// See [`Category::SameTeam`].
        const SAME_TEAM = 1 << 1;
        /// See [`Category::OtherTeam`].
        const OTHER_TEAM = 1 << 2;
        /// See [`Category::Assigned`].
        const ASSIGNED = 1 << 3;
    }
}

/// The categories named as the categories are: the one table is [`Category`]'s.
impl FlagNames for Categories {
    const KIND: &'static str = "category";
    const NAMES: &'static [(Self, &'static str)] = &[
        (Categories::OWN, Category::Own.name()),
        (Categories::SAME_TEAM, Category::SameTeam.name()),
        (Categories::OTHER_TEAM, Category::OtherTeam.name()),
        (Categories::ASSIGNED, Category::Assigned.name()),
    ];
}

impl Categories {
    /// The three categories that say who connected the account (Own, SameTeam,
    /// OtherTeam): every account, and so every chat, is in exactly one of them.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Categories;
    ///
    /// assert_eq!(Categories::BY_CONNECTOR, Categories::all() - Categories::ASSIGNED);
    /// assert!(!Categories::BY_CONNECTOR.contains(Categories::ASSIGNED));
    /// ```
    pub const BY_CONNECTOR: Self = Self::OWN.union(Self::SAME_TEAM).union(Self::OTHER_TEAM);

    /// The categories of a chat, from the three facts that define them: whether the
    /// subject connected the chat's account, whether its connector is active and shares a
    /// team with the subject, and whether the subject is assigned to the chat.
    ///
    /// This is the one definition of the categories; [`Chat::categories_for`](crate::Chat::categories_for) and the
    /// [`Workspace`](crate::Workspace) both derive the facts and call it.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::Categories;
    ///
    /// assert_eq!(Categories::from_facts(true, false, false), Categories::OWN);
    /// assert_eq!(
    ///     Categories::from_facts(false, true, true),
    ///     Categories::SAME_TEAM | Categories::ASSIGNED
    /// );
    /// assert_eq!(Categories::from_facts(false, false, false), Categories::OTHER_TEAM);
    /// ```
    #[must_use]
    pub const fn from_facts(connected_by_subject: bool, shares_team: bool, assigned: bool) -> Self {
        let by_connector = if connected_by_subject {
            Self::OWN
        } else if shares_team {
            Self::SAME_TEAM
        } else {
            Self::OTHER_TEAM
        };
        by_connector.assigned_if(assigned)
    }

    /// These categories, plus `ASSIGNED` when `assigned`.
    pub(crate) const fn assigned_if(self, assigned: bool) -> Self {
        if assigned {
            self.union(Self::ASSIGNED)
        } else {
            self
        }
    }
}

/// Names the categories, separated by `", "`, or `none`.
impl fmt::Display for Categories {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        names::write_set(f, *self)
    }
}

/// Parses category names separated by `,`, `|` or `+`; `none` or nothing is the empty set.
///
/// # Errors
///
/// [`UnknownName`] for a name that is not a category: `"mine"`, `"Own"`.
///
/// # Example
///
/// ```
/// use chatgate::Categories;
///
/// assert_eq!("own, assigned".parse::<Categories>()?, Categories::OWN | Categories::ASSIGNED);
/// assert!("mine".parse::<Categories>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromStr for Categories {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        names::parse_set(text)
    }
}
