//! Which chats a subject may take an action on, worked out once for the subject and then
//! applied to many chats: in memory, or in SQL.

use crate::action::Action;
use crate::authorize::authorize_scope;
use crate::categories::{Categories, Category};
use crate::chat::Chat;
use crate::resource::Scope;
use crate::subject::Subject;

/// "The chats `subject` may `action`", as a predicate over the chat ownership model.
///
/// A chat is allowed when it falls in any of the [allowed categories](Filter::allowed);
/// those are found by asking [`authorize_scope`] about each category alone, which is exact
/// because a chat is visible when any of its categories is. So a filter never disagrees with
/// [`authorize`](crate::authorize): it is the same decision, taken once for the subject
/// instead of once per chat.
///
/// Render it as SQL with [`Filter::to_sql`] to list chats inside a database.
///
/// # Example
///
/// ```
/// use chatgate::{Account, AccountId, Action, Categories, Chat, ChatId, Connector, Filter,
///                MemberId, Role, Subject};
///
/// let dan = Subject::new(MemberId::new(3), Role::Agent);
/// let filter = Filter::new(&dan, Action::Reply);
/// assert_eq!(filter.allowed(), Categories::OWN | Categories::ASSIGNED);
///
/// let mine = Account::new(AccountId::new(1), Connector::new(MemberId::new(3)));
/// let theirs = Account::new(AccountId::new(2), Connector::new(MemberId::new(1)));
/// let chats = [Chat::new(ChatId::new(10), mine), Chat::new(ChatId::new(11), theirs)];
/// let inbox: Vec<ChatId> = filter.chats(chats).map(|chat| chat.id()).collect();
/// assert_eq!(inbox, [ChatId::new(10)]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Filter<'s> {
    subject: Subject<'s>,
    allowed: Categories,
}

impl<'s> Filter<'s> {
    /// The filter for `subject` taking `action` on chats. It allows nothing when the subject
    /// is removed, lacks the action's flag, or `action` is not a chat action.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Permission, Role, Subject};
    ///
    /// let analyst = Subject::new(MemberId::new(1), Role::Teammate).with_grants(Permission::VIEW);
    /// assert!(!Filter::new(&analyst, Action::View).is_nothing());
    /// assert!(Filter::new(&analyst, Action::Delete).is_nothing());
    /// assert!(Filter::new(&analyst.removed(), Action::View).is_nothing());
    /// ```
    #[must_use]
    pub fn new(subject: &Subject<'s>, action: Action) -> Self {
        let allowed = Category::ALL
            .into_iter()
            .map(Category::as_set)
            .filter(|single| authorize_scope(subject, action, Scope::Chat(*single)).is_ok())
            .fold(Categories::empty(), |set, single| set | single);
        Self {
            subject: *subject,
            allowed,
        }
    }

    /// The subject the filter was made for.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Role, Subject};
    /// let s = Subject::new(MemberId::new(4), Role::Agent);
    /// assert_eq!(Filter::new(&s, Action::View).subject().id(), MemberId::new(4));
    /// ```
    #[must_use]
    pub const fn subject(&self) -> &Subject<'s> {
        &self.subject
    }

    /// The categories in which the action is allowed.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Categories, Filter, MemberId, Role, Subject};
    /// let cleo = Subject::new(MemberId::new(4), Role::Collaborator);
    /// assert_eq!(Filter::new(&cleo, Action::Reply).allowed(), Categories::ASSIGNED);
    /// ```
    #[must_use]
    pub const fn allowed(&self) -> Categories {
        self.allowed
    }

    /// Whether the filter allows no chat at all.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Role, Subject};
    /// let s = Subject::new(MemberId::new(4), Role::Agent);
    /// assert!(Filter::new(&s, Action::ManageTeam).is_nothing()); // not a chat action
    /// ```
    #[must_use]
    pub const fn is_nothing(&self) -> bool {
        self.allowed.is_empty()
    }

    /// Whether the filter allows every chat: every chat's account is Own, SameTeam or
    /// OtherTeam for the subject, and all three are allowed.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Role, Subject};
    /// let admin = Subject::new(MemberId::new(2), Role::Admin);
    /// assert!(Filter::new(&admin, Action::Delete).is_everything());
    /// let mate = Subject::new(MemberId::new(3), Role::Teammate);
    /// assert!(!Filter::new(&mate, Action::View).is_everything());
    /// ```
    #[must_use]
    pub const fn is_everything(&self) -> bool {
        self.allowed.contains(Categories::BY_CONNECTOR)
    }

    /// Whether a chat in `categories` is allowed.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Categories, Filter, MemberId, Role, Subject};
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let filter = Filter::new(&dan, Action::View);
    /// assert!(filter.allows(Categories::SAME_TEAM | Categories::ASSIGNED));
    /// assert!(!filter.allows(Categories::SAME_TEAM));
    /// ```
    #[must_use]
    pub const fn allows(&self, categories: Categories) -> bool {
        self.allowed.intersects(categories)
    }

    /// Whether the filter allows `chat`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Action, Chat, ChatId, Connector, Filter, MemberId,
    ///                Role, Subject};
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let theirs = Account::new(AccountId::new(1), Connector::new(MemberId::new(1)));
    /// let to = [MemberId::new(3)];
    /// let chat = Chat::new(ChatId::new(1), theirs);
    /// assert!(!Filter::new(&dan, Action::View).allows_chat(&chat));
    /// assert!(Filter::new(&dan, Action::View).allows_chat(&chat.with_assignees(&to)));
    /// ```
    #[must_use]
    pub fn allows_chat(&self, chat: &Chat<'_>) -> bool {
        !self.is_nothing() && self.allows(chat.categories_for(&self.subject))
    }

    /// The chats of `chats` the filter allows, lazily and without allocating.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Action, Chat, ChatId, Connector, Filter, MemberId,
    ///                Role, Subject};
    /// let admin = Subject::new(MemberId::new(2), Role::Admin);
    /// let account = Account::new(AccountId::new(1), Connector::new(MemberId::new(1)));
    /// let chats = [Chat::new(ChatId::new(1), account), Chat::new(ChatId::new(2), account)];
    /// assert_eq!(Filter::new(&admin, Action::View).chats(chats).count(), 2);
    /// ```
    pub fn chats<I: IntoIterator>(self, chats: I) -> FilteredChats<'s, I::IntoIter> {
        FilteredChats {
            filter: self,
            chats: chats.into_iter(),
        }
    }
}

/// The chats a [`Filter`] allows, from [`Filter::chats`].
///
/// # Example
///
/// ```
/// use chatgate::{Action, Chat, Filter, MemberId, Role, Subject};
/// let cleo = Subject::new(MemberId::new(2), Role::Collaborator);
/// let none: [Chat<'_>; 0] = [];
/// assert_eq!(Filter::new(&cleo, Action::View).chats(none).count(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct FilteredChats<'s, I> {
    filter: Filter<'s>,
    chats: I,
}

impl<'a, I: Iterator<Item = Chat<'a>>> Iterator for FilteredChats<'_, I> {
    type Item = Chat<'a>;

    fn next(&mut self) -> Option<Chat<'a>> {
        let filter = &self.filter;
        self.chats.find(|chat| filter.allows_chat(chat))
    }
}
