//! What an action is taken on: the resource, and where it stands for one subject.

use crate::action::ResourceKind;
use crate::categories::Categories;
use crate::chat::{Account, Chat};
use crate::subject::Subject;

/// The thing an action is taken on: the workspace, an account, or a chat.
///
/// # Example
///
/// ```
/// use chatgate::{Account, AccountId, Connector, MemberId, Resource, ResourceKind};
///
/// let account = Account::new(AccountId::new(1), Connector::new(MemberId::new(1)));
/// assert_eq!(Resource::Account(account).kind(), ResourceKind::Account);
/// assert_eq!(Resource::Workspace.kind(), ResourceKind::Workspace);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource<'a> {
    /// The workspace as a whole (for connecting accounts and the manage actions).
    Workspace,
    /// One connected account (for sending from it).
    Account(Account<'a>),
    /// One chat (for viewing, replying, deleting).
    Chat(Chat<'a>),
}

impl Resource<'_> {
    /// The kind of resource.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Resource, ResourceKind};
    /// assert_eq!(Resource::Workspace.kind(), ResourceKind::Workspace);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> ResourceKind {
        match self {
            Resource::Workspace => ResourceKind::Workspace,
            Resource::Account(_) => ResourceKind::Account,
            Resource::Chat(_) => ResourceKind::Chat,
        }
    }

    /// Where the resource stands for `subject`: its kind and its categories.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Account, AccountId, Categories, Connector, MemberId, Resource, Role, Scope, Subject};
    ///
    /// let ana = Subject::new(MemberId::new(1), Role::Agent);
    /// let account = Account::new(AccountId::new(1), Connector::new(MemberId::new(2)));
    /// assert_eq!(
    ///     Resource::Account(account).scope_for(&ana),
    ///     Scope::Account(Categories::OTHER_TEAM)
    /// );
    /// ```
    #[must_use]
    pub fn scope_for(&self, subject: &Subject<'_>) -> Scope {
        match self {
            Resource::Workspace => Scope::Workspace,
            Resource::Account(account) => Scope::Account(account.categories_for(subject)),
            Resource::Chat(chat) => Scope::Chat(chat.categories_for(subject)),
        }
    }

    /// Whether the resource falls in any of the categories `wanted` for `subject`: exactly
    /// `self.scope_for(subject).categories().intersects(wanted)`, computing only the facts
    /// `wanted` needs. Never for the workspace, which is in no category.
    #[inline]
    pub(crate) fn falls_in_any(&self, subject: &Subject<'_>, wanted: Categories) -> bool {
        match self {
            Resource::Workspace => false,
            Resource::Account(account) => account.falls_in_any(subject, wanted),
            Resource::Chat(chat) => chat.falls_in_any(subject, wanted),
        }
    }
}

/// A resource as the decision sees it for one subject: its kind, and for an account or a
/// chat the [`Categories`] it falls in.
///
/// [`authorize`](crate::authorize) derives the scope from the ownership model; a service
/// that already knows a chat's categories (from its own database, say) can decide on them
/// directly with [`authorize_scope`](crate::authorize_scope).
///
/// For an account only Own, SameTeam and OtherTeam mean anything: an account has no
/// assignees, so `ASSIGNED` in `Scope::Account` is ignored.
///
/// # Example
///
/// ```
/// use chatgate::{Categories, ResourceKind, Scope};
///
/// let scope = Scope::Chat(Categories::OTHER_TEAM | Categories::ASSIGNED);
/// assert_eq!(scope.kind(), ResourceKind::Chat);
/// assert_eq!(scope.categories(), Categories::OTHER_TEAM | Categories::ASSIGNED);
/// assert_eq!(Scope::Workspace.categories(), Categories::empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The workspace as a whole.
    Workspace,
    /// An account in these categories.
    Account(Categories),
    /// A chat in these categories.
    Chat(Categories),
}

impl Scope {
    /// The kind of resource.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Categories, ResourceKind, Scope};
    /// assert_eq!(Scope::Account(Categories::OWN).kind(), ResourceKind::Account);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> ResourceKind {
        match self {
            Scope::Workspace => ResourceKind::Workspace,
            Scope::Account(_) => ResourceKind::Account,
            Scope::Chat(_) => ResourceKind::Chat,
        }
    }

    /// The categories; empty for the workspace.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Categories, Scope};
    /// assert_eq!(Scope::Chat(Categories::OWN).categories(), Categories::OWN);
    /// ```
    #[must_use]
    pub const fn categories(&self) -> Categories {
        match self {
            Scope::Workspace => Categories::empty(),
            Scope::Account(categories) | Scope::Chat(categories) => *categories,
        }
    }
}
