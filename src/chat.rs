//! The chat ownership model: accounts, their connectors, chats, and where one stands for a
//! subject (its categories, defined in `categories.rs`).

use crate::categories::Categories;
use crate::id::{AccountId, ChatId, MemberId, TeamId};
use crate::subject::Subject;

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
    #[inline]
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

/// Whether two team lists have a team in common: one merge, in time linear in the two
/// lists, when both are sorted (as a [`Workspace`](crate::Workspace) keeps them); otherwise,
/// and for a list of at most four teams, each team of the shorter list is looked for in the
/// longer one.
#[inline]
pub(crate) fn shares_a_team(left: &[TeamId], right: &[TeamId]) -> bool {
    let (short, long) = if left.len() <= right.len() {
        (left, right)
    } else {
        (right, left)
    };
    if short.len() <= 4 || !is_sorted(short) || !is_sorted(long) {
        return short.iter().any(|team| long.contains(team));
    }
    let (mut short, mut long) = (short.iter(), long.iter());
    let (mut a, mut b) = (short.next(), long.next());
    while let (Some(x), Some(y)) = (a, b) {
        match x.cmp(y) {
            core::cmp::Ordering::Less => a = short.next(),
            core::cmp::Ordering::Greater => b = long.next(),
            core::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Whether `teams` is in ascending order.
fn is_sorted(teams: &[TeamId]) -> bool {
    teams.iter().zip(teams.iter().skip(1)).all(|(a, b)| a <= b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    #[test]
    fn shares_a_team_is_set_intersection_sorted_or_not() {
        let team = |ids: &[u128]| {
            ids.iter()
                .map(|id| TeamId::new(*id))
                .collect::<alloc::vec::Vec<_>>()
        };
        let cases: [(&[u128], &[u128], bool); 8] = [
            (&[], &[], false),
            (&[1], &[1], true),
            (&[1, 2, 3, 4, 5, 6], &[7, 8, 9, 10, 11, 12], false),
            (&[1, 3, 5, 7, 9, 11], &[2, 4, 6, 8, 10, 11], true),
            (&[1, 3, 5, 7, 9, 11], &[0, 2, 4, 6, 8, 10, 12], false),
            (&[11, 9, 7, 5, 3, 1], &[2, 4, 6, 8, 10, 1], true),
            (&[11, 9, 7, 5, 3, 1], &[2, 4, 6, 8, 10, 12], false),
            (&[6, 5, 4, 3, 2, 1], &[1, 2, 3, 4, 5, 6], true),
        ];
        for (left, right, shares) in cases {
            assert_eq!(
                shares_a_team(&team(left), &team(right)),
                shares,
                "{left:?} {right:?}"
            );
            assert_eq!(
                shares_a_team(&team(right), &team(left)),
                shares,
                "{right:?} {left:?}"
            );
        }
    }

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
