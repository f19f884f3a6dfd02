//! The chat ownership model: accounts, their connectors, chats, and the categories a chat
//! falls in for one subject.

use core::fmt;
use core::str::FromStr;

use crate::id::{AccountId, ChatId, MemberId, TeamId};
use crate::names::{self, named, FlagNames, UnknownName};
use crate::subject::Subject;

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
    /// This is the one definition of the categories; [`Chat::categories_for`] and the
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

/// The member who connected an account, as the decision needs them: their id, their teams
/// and whether they are still active (a removed connector counts as having no teams).
///
/// # Example
///
/// ```
/// use chatgate::{Connector, MemberId, TeamId};
///
/// let sales = [TeamId::new(1)];
/// let ana = Connector::new(MemberId::new(1)).with_teams(&sales);
/// assert_eq!(ana.teams(), &sales);
/// assert!(ana.removed().teams().is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connector<'a> {
    id: MemberId,
    teams: &'a [TeamId],
    active: bool,
}

impl<'a> Connector<'a> {
    /// An active connector in no team.
    ///
    /// # Example
    ///
    /// ```
    /// let c = chatgate::Connector::new(chatgate::MemberId::new(4));
    /// assert_eq!(c.id().get(), 4);
    /// ```
    #[must_use]
    pub const fn new(id: MemberId) -> Self {
        Self {
            id,
            teams: &[],
            active: true,
        }
    }

    /// The same connector, in `teams`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Connector, MemberId, TeamId};
    /// let teams = [TeamId::new(1), TeamId::new(2)];
    /// assert_eq!(Connector::new(MemberId::new(1)).with_teams(&teams).teams().len(), 2);
    /// ```
    #[must_use]
    pub const fn with_teams(self, teams: &'a [TeamId]) -> Self {
        Self { teams, ..self }
    }

    /// The same connector, removed from the workspace: they count as having no teams.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Connector, MemberId};
    /// assert!(!Connector::new(MemberId::new(1)).removed().is_active());
    /// ```
    #[must_use]
    pub const fn removed(self) -> Self {
        Self {
            active: false,
            ..self
        }
    }

    /// The connector's member id.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Connector, MemberId};
    /// assert_eq!(Connector::new(MemberId::new(3)).id(), MemberId::new(3));
    /// ```
    #[must_use]
    pub const fn id(&self) -> MemberId {
        self.id
    }

    /// The connector's teams; empty for a removed connector.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Connector, MemberId, TeamId};
    /// let teams = [TeamId::new(1)];
    /// let c = Connector::new(MemberId::new(1)).with_teams(&teams);
    /// assert_eq!(c.teams(), &teams);
    /// assert!(c.removed().teams().is_empty());
    /// ```
    #[must_use]
    pub const fn teams(&self) -> &'a [TeamId] {
        if self.active {
            self.teams
        } else {
            &[]
        }
    }

    /// Whether the connector is still an active member.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Connector, MemberId};
    /// assert!(Connector::new(MemberId::new(1)).is_active());
    /// ```
    #[must_use]
    pub const fn is_active(&self) -> bool {
        self.active
    }
}

/// A connected messaging account, connected by exactly one member.
///
/// # Example
///
/// ```
/// use chatgate::{Account, AccountId, Category, Connector, MemberId, Subject, Role};
///
/// let ana = Subject::new(MemberId::new(1), Role::Agent);
/// let number = Account::new(AccountId::new(10), Connector::new(MemberId::new(1)));
/// assert!(number.categories_for(&ana).contains(Category::Own.as_set()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account<'a> {
    id: AccountId,
    connector: Connector<'a>,
}

impl<'a> Account<'a> {
    /// The account `id`, connected by `connector`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Connector, MemberId};
    /// let a = Account::new(AccountId::new(1), Connector::new(MemberId::new(2)));
    /// assert_eq!(a.connector().id(), MemberId::new(2));
    /// ```
    #[must_use]
    pub const fn new(id: AccountId, connector: Connector<'a>) -> Self {
        Self { id, connector }
    }

    /// The account's id.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Connector, MemberId};
    /// let a = Account::new(AccountId::new(1), Connector::new(MemberId::new(2)));
    /// assert_eq!(a.id(), AccountId::new(1));
    /// ```
    #[must_use]
    pub const fn id(&self) -> AccountId {
        self.id
    }

    /// The member who connected the account.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Connector, MemberId};
    /// let a = Account::new(AccountId::new(1), Connector::new(MemberId::new(2)));
    /// assert!(a.connector().is_active());
    /// ```
    #[must_use]
    pub const fn connector(&self) -> Connector<'a> {
        self.connector
    }

    /// The account's category for `subject`: exactly one of Own, SameTeam, OtherTeam.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Categories, Connector, MemberId, Role, Subject, TeamId};
    ///
    /// let support = [TeamId::new(7)];
    /// let bea = Subject::new(MemberId::new(2), Role::Teammate).with_teams(&support);
    /// let ana = Connector::new(MemberId::new(1)).with_teams(&support);
    /// let account = Account::new(AccountId::new(1), ana);
    /// assert_eq!(account.categories_for(&bea), Categories::SAME_TEAM);
    /// assert_eq!(
    ///     Account::new(AccountId::new(1), ana.removed()).categories_for(&bea),
    ///     Categories::OTHER_TEAM
    /// );
    /// ```
    #[must_use]
    pub fn categories_for(&self, subject: &Subject<'_>) -> Categories {
        self.categories(subject, true)
    }

    /// Whether the account falls in any of the categories `wanted` for `subject`: exactly
    /// `self.categories_for(subject).intersects(wanted)`. The team overlap is the one
    /// costly fact, and it only tells SameTeam from OtherTeam: it can change the answer
    /// only when `wanted` holds one of the two but not both, and is worked out only then.
    #[inline]
    pub(crate) fn falls_in_any(&self, subject: &Subject<'_>, wanted: Categories) -> bool {
        let tell_teams =
            wanted.intersects(Categories::SAME_TEAM) != wanted.intersects(Categories::OTHER_TEAM);
        self.categories(subject, tell_teams).intersects(wanted)
    }

    /// The account's categories for `subject`, by [`Categories::from_facts`]; without
    /// `tell_teams` the team overlap is not worked out, and a connector other than the
    /// subject counts as sharing no team.
    #[inline]
    fn categories(&self, subject: &Subject<'_>, tell_teams: bool) -> Categories {
        let own = self.connector.id == subject.id();
        let shares_team =
            tell_teams && !own && shares_a_team(self.connector.teams(), subject.teams());
        Categories::from_facts(own, shares_team, false)
    }
}

/// A chat: a conversation that arrives on exactly one account, with zero or more assignees.
///
/// # Example
///
/// ```
/// use chatgate::{Account, AccountId, Categories, Chat, ChatId, Connector, MemberId, Role, Subject};
///
/// let owner = Connector::new(MemberId::new(1));
/// let assignees = [MemberId::new(3)];
/// let chat = Chat::new(ChatId::new(100), Account::new(AccountId::new(1), owner))
///     .with_assignees(&assignees);
///
/// let cleo = Subject::new(MemberId::new(3), Role::Collaborator);
/// assert_eq!(chat.categories_for(&cleo), Categories::OTHER_TEAM | Categories::ASSIGNED);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chat<'a> {
    id: ChatId,
    account: Account<'a>,
    assignees: &'a [MemberId],
}

impl<'a> Chat<'a> {
    /// The chat `id`, arriving on `account`, with no assignees.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Chat, ChatId, Connector, MemberId};
    /// let chat = Chat::new(ChatId::new(1), Account::new(AccountId::new(1), Connector::new(MemberId::new(1))));
    /// assert!(chat.assignees().is_empty());
    /// ```
    #[must_use]
    pub const fn new(id: ChatId, account: Account<'a>) -> Self {
        Self {
            id,
            account,
            assignees: &[],
        }
    }

    /// The same chat, assigned to `assignees`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Chat, ChatId, Connector, MemberId};
    /// let to = [MemberId::new(2)];
    /// let chat = Chat::new(ChatId::new(1), Account::new(AccountId::new(1), Connector::new(MemberId::new(1))))
    ///     .with_assignees(&to);
    /// assert_eq!(chat.assignees(), &to);
    /// ```
    #[must_use]
    pub const fn with_assignees(self, assignees: &'a [MemberId]) -> Self {
        Self { assignees, ..self }
    }

    /// The chat's id.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Chat, ChatId, Connector, MemberId};
    /// let chat = Chat::new(ChatId::new(8), Account::new(AccountId::new(1), Connector::new(MemberId::new(1))));
    /// assert_eq!(chat.id(), ChatId::new(8));
    /// ```
    #[must_use]
    pub const fn id(&self) -> ChatId {
        self.id
    }

    /// The account the chat arrives on.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Chat, ChatId, Connector, MemberId};
    /// let chat = Chat::new(ChatId::new(8), Account::new(AccountId::new(5), Connector::new(MemberId::new(1))));
    /// assert_eq!(chat.account().id(), AccountId::new(5));
    /// ```
    #[must_use]
    pub const fn account(&self) -> Account<'a> {
        self.account
    }

    /// The members assigned to the chat.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Chat, ChatId, Connector, MemberId};
    /// let chat = Chat::new(ChatId::new(8), Account::new(AccountId::new(5), Connector::new(MemberId::new(1))));
    /// assert!(chat.assignees().is_empty());
    /// ```
    #[must_use]
    pub const fn assignees(&self) -> &'a [MemberId] {
        self.assignees
    }

    /// The chat's categories for `subject`: its account's category, plus Assigned when the
    /// subject is an assignee.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Categories, Chat, ChatId, Connector, MemberId, Role, Subject};
    ///
    /// let ana = Subject::new(MemberId::new(1), Role::Agent);
    /// let chat = Chat::new(ChatId::new(1), Account::new(AccountId::new(1), Connector::new(MemberId::new(1))));
    /// assert_eq!(chat.categories_for(&ana), Categories::OWN);
    /// ```
    #[must_use]
    pub fn categories_for(&self, subject: &Subject<'_>) -> Categories {
        self.account
            .categories_for(subject)
            .assigned_if(self.assignees.contains(&subject.id()))
    }

    /// Whether the chat falls in any of the categories `wanted` for `subject`: exactly
    /// `self.categories_for(subject).intersects(wanted)`, the account's categories and
    /// Assigned taken in turn (the assignees are read only when `wanted` holds Assigned and
    /// the account did not already decide).
    #[inline]
    pub(crate) fn falls_in_any(&self, subject: &Subject<'_>, wanted: Categories) -> bool {
        self.account.falls_in_any(subject, wanted)
            || (wanted.contains(Categories::ASSIGNED) && self.assignees.contains(&subject.id()))
    }
}

/// Whether two team lists have a team in common.
#[inline]
pub(crate) fn shares_a_team(left: &[TeamId], right: &[TeamId]) -> bool {
    left.iter().any(|team| right.contains(team))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    /// `falls_in_any` computes lazily what `categories_for` computes in full: the two agree
    /// on every set of wanted categories, for every combination of the facts.
    #[test]
    fn falls_in_any_is_categories_for_intersected() {
        let (me, other) = (MemberId::new(1), MemberId::new(2));
        let (shared, unshared) = ([TeamId::new(1)], [TeamId::new(2)]);
        let subject = Subject::new(me, Role::Teammate).with_teams(&shared);
        let teams: [&[TeamId]; 3] = [&shared, &unshared, &[]];
        let assignees: [&[MemberId]; 3] = [&[], &[me], &[other]];
        for connector_id in [me, other] {
            for teams in teams {
                for active in [true, false] {
                    let connector = Connector::new(connector_id).with_teams(teams);
                    let connector = if active {
                        connector
                    } else {
                        connector.removed()
                    };
                    let account = Account::new(AccountId::new(1), connector);
                    for assignees in assignees {
                        let chat = Chat::new(ChatId::new(1), account).with_assignees(assignees);
                        for bits in 0..16 {
                            let wanted = Categories::from_bits_truncate(bits);
                            assert_eq!(
                                chat.falls_in_any(&subject, wanted),
                                chat.categories_for(&subject).intersects(wanted),
                                "{chat:?} {wanted:?}"
                            );
                            assert_eq!(
                                account.falls_in_any(&subject, wanted),
                                account.categories_for(&subject).intersects(wanted),
                                "{account:?} {wanted:?}"
                            );
                        }
                    }
                }
            }
        }
    }
}
