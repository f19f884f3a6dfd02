//! The decision: one function that reads the policy tables, and what a UI asks of it.

use core::fmt;
use core::str::FromStr;

use crate::action::{Action, ResourceKind};
use crate::categories::Categories;
use crate::chat::Chat;
use crate::denied::Denied;
use crate::names::{self, FlagNames, UnknownName};
use crate::resource::{Resource, Scope};
use crate::subject::Subject;

/// Decides whether `subject` may take `action` on `resource`; deny by default.
///
/// The decision is [`authorize_scope`]'s on the resource's [`Scope`] (its categories for
/// the subject, from the ownership model); the categories are worked out only as far as
/// the decision needs them. Nothing is allocated.
///
/// # Errors
///
/// The one [`Denied`] reason, checked in this order:
///
/// - [`Denied::WrongResource`] — the action does not apply to the resource: `View` of
///   [`Resource::Workspace`], `ManageTeam` of a chat.
/// - [`Denied::Inactive`] — the subject was [removed](Subject::removed).
/// - [`Denied::OutOfScope`] — an Agent viewing a chat of an account another member
///   connected and not assigned to them; a Teammate sending from another team's account;
///   a Collaborator connecting an account.
/// - [`Denied::MissingPermission`] — a Teammate granted only `VIEW` replying to their own
///   chat; an Admin managing billing.
///
/// # Example
///
/// ```
/// use chatgate::{authorize, Account, AccountId, Action, Chat, ChatId, Connector, Denied,
///                MemberId, Permission, Resource, Role, Subject, TeamId};
///
/// let support = [TeamId::new(1)];
/// let ana = Connector::new(MemberId::new(1)).with_teams(&support);
/// let chat = Chat::new(ChatId::new(10), Account::new(AccountId::new(1), ana));
///
/// // Bea shares the support team with Ana, who connected the account: she may reply.
/// let bea = Subject::new(MemberId::new(2), Role::Teammate).with_teams(&support);
/// authorize(&bea, Action::Reply, Resource::Chat(chat))?;
///
/// // Dan is an agent: he sees only his own account's chats and those assigned to him.
/// let dan = Subject::new(MemberId::new(3), Role::Agent).with_teams(&support);
/// let denied = authorize(&dan, Action::View, Resource::Chat(chat)).unwrap_err();
/// assert!(matches!(denied, Denied::OutOfScope { .. }));
///
/// // Eve may see the chat but was granted only View.
/// let eve = bea.with_grants(Permission::VIEW);
/// let denied = authorize(&eve, Action::Reply, Resource::Chat(chat)).unwrap_err();
/// assert_eq!(denied.to_string(), "`reply` needs the reply permission; you hold: view");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn authorize(
    subject: &Subject<'_>,
    action: Action,
    resource: Resource<'_>,
) -> Result<(), Denied> {
    // The same decision as `authorize_scope(subject, action, resource.scope_for(subject))`,
    // but the categories are worked out only once the decision needs them, and only as far
    // as the role's row of the matrix needs them (an Owner's needs none).
    decide(subject, action, resource.kind(), |wanted| {
        resource.falls_in_any(subject, wanted)
    })
}

/// Decides whether `subject` may take `action` on a resource whose [`Scope`] is already
/// known; the same decision as [`authorize`], which calls it.
///
/// The subject's teams are not read here: they matter only in deriving the scope.
///
/// # Errors
///
/// As [`authorize`]: [`Denied::WrongResource`] for `Scope::Workspace` with `Action::View`;
/// [`Denied::Inactive`] for a removed subject; [`Denied::OutOfScope`] for an Agent and
/// `Scope::Chat(Categories::SAME_TEAM)`; [`Denied::MissingPermission`] for an Admin and
/// `Action::ManageBilling`.
///
/// # Example
///
/// ```
/// use chatgate::{authorize_scope, Action, Categories, MemberId, Role, Scope, Subject};
///
/// let cleo = Subject::new(MemberId::new(3), Role::Collaborator);
/// let assigned = Scope::Chat(Categories::OTHER_TEAM | Categories::ASSIGNED);
/// authorize_scope(&cleo, Action::Reply, assigned)?;
/// assert!(authorize_scope(&cleo, Action::Reply, Scope::Chat(Categories::OTHER_TEAM)).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn authorize_scope(subject: &Subject<'_>, action: Action, scope: Scope) -> Result<(), Denied> {
    decide(subject, action, scope.kind(), |wanted| {
        wanted.intersects(scope.categories())
    })
}

/// The one decision, in [the policy's](crate::policy#why-a-request-is-denied) order, for a resource of kind `kind`;
/// `falls_in_any(wanted)` says whether the resource falls in any of the categories
/// `wanted` (the role's row of the matrix), and is asked only for an account or a chat of
/// an active subject, after the cheaper checks.
#[inline(always)]
fn decide(
    subject: &Subject<'_>,
    action: Action,
    kind: ResourceKind,
    falls_in_any: impl FnOnce(Categories) -> bool,
) -> Result<(), Denied> {
    let resource = action.resource_kind();
    if kind != resource {
        return Err(Denied::WrongResource {
            action,
            resource: kind,
        });
    }
    if !subject.is_active() {
        return Err(Denied::Inactive);
    }
    let role = subject.role();
    // One call of `falls_in_any`, so that it is inlined here.
    let in_scope = match kind {
        ResourceKind::Workspace => action != Action::ConnectAccount || role.connects_accounts(),
        ResourceKind::Account | ResourceKind::Chat => falls_in_any(match kind {
            ResourceKind::Account => role.usable_accounts(),
            _ => role.visible(),
        }),
    };
    if !in_scope {
        return Err(Denied::OutOfScope {
            action,
            role,
            resource,
        });
    }
    match action.required() {
        Some(required) if !subject.effective().contains(required) => {
            Err(Denied::MissingPermission {
                action,
                required,
                held: subject.effective(),
            })
        }
        _ => Ok(()),
    }
}

bitflags::bitflags! {
    /// What a subject may do on one chat: the chat actions (view, reply, delete) and
    /// assigning members to it or unassigning them; what a UI draws (the reply box, the
    /// delete button, the assignee picker). Each flag is exactly what [`authorize`] decides.
    ///
    /// `ASSIGN` is not an [`Action`]: it is a change of the workspace, which needs `REPLY`
    /// on the chat ([the policy's changes table](crate::policy#who-may-change-what)),
    /// so it is held exactly when `REPLY` is. It says the chat allows it; assigning a
    /// particular member can still be refused (a removed member, or one who could then do
    /// on the chat what the actor cannot).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Capabilities};
    /// assert!(Capabilities::REPLY.allows(Action::Reply));
    /// assert!(!Capabilities::ASSIGN.allows(Action::Reply)); // assign is no action
    /// assert_eq!((Capabilities::VIEW | Capabilities::DELETE).to_string(), "view, delete");
    /// ```
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct Capabilities: u8 {
        /// May view the chat.
        const VIEW = 1 << 0;
        /// May reply to the chat.
        const REPLY = 1 << 1;
        /// May delete the chat.
        const DELETE = 1 << 2;
        /// May assign members to the chat, and unassign them: needs what replying needs.
        const ASSIGN = 1 << 3;
    }
}

/// The chat actions and their capability flags: the one table of the capabilities that
/// are actions.
const CHAT_ACTIONS: [(Action, Capabilities); 3] = [
    (Action::View, Capabilities::VIEW),
    (Action::Reply, Capabilities::REPLY),
    (Action::Delete, Capabilities::DELETE),
];

/// What assigning a member to a chat, or unassigning one, needs on that chat: to be allowed
/// to reply to it (the policy's changes table: "assign a member to a chat / unassign them —
/// REPLY on that chat"). Said once, here: [`Capabilities::ASSIGN`] and the workspace's
/// `assign` and `unassign` both read it.
pub(crate) const ASSIGN_NEEDS: Action = Action::Reply;

/// Each capability flag is named as its chat action is, and `ASSIGN` as the change is.
impl FlagNames for Capabilities {
    const KIND: &'static str = "chat capability";
    const NAMES: &'static [(Self, &'static str)] = {
        let [(view, view_flag), (reply, reply_flag), (delete, delete_flag)] = CHAT_ACTIONS;
        &[
            (view_flag, view.name()),
            (reply_flag, reply.name()),
            (delete_flag, delete.name()),
            (Capabilities::ASSIGN, "assign"),
        ]
    };
}

impl Capabilities {
    /// Whether `action` is among these capabilities (never for an action that is not a
    /// chat action; `ASSIGN` is no action).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Capabilities};
    /// assert!(Capabilities::all().allows(Action::Delete));
    /// assert!(!Capabilities::all().allows(Action::ManageTeam));
    /// ```
    #[must_use]
    pub fn allows(self, action: Action) -> bool {
        CHAT_ACTIONS
            .iter()
            .any(|(chat_action, flag)| *chat_action == action && self.contains(*flag))
    }

    /// The capabilities of `subject` on a chat in `scope`, each decided by
    /// [`authorize_scope`] (`ASSIGN` as [`Action::Reply`] is); empty for a scope that is not
    /// a chat.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Capabilities, Categories, MemberId, Permission, Role, Scope, Subject};
    ///
    /// let reviewer = Subject::new(MemberId::new(1), Role::Teammate)
    ///     .with_grants(Permission::VIEW | Permission::DELETE);
    /// assert_eq!(
    ///     Capabilities::in_scope(&reviewer, Scope::Chat(Categories::OWN)),
    ///     Capabilities::VIEW | Capabilities::DELETE
    /// );
    /// // A replier may also assign; out of scope, nothing.
    /// let agent = Subject::new(MemberId::new(2), Role::Agent);
    /// assert_eq!(
    ///     Capabilities::in_scope(&agent, Scope::Chat(Categories::OWN)),
    ///     Capabilities::VIEW | Capabilities::REPLY | Capabilities::ASSIGN
    /// );
    /// assert!(Capabilities::in_scope(&agent, Scope::Chat(Categories::SAME_TEAM)).is_empty());
    /// ```
    #[must_use]
    pub fn in_scope(subject: &Subject<'_>, scope: Scope) -> Self {
        let actions = CHAT_ACTIONS
            .iter()
            .filter(|(action, _)| authorize_scope(subject, *action, scope).is_ok())
            .fold(Self::empty(), |set, (_, flag)| set | *flag);
        // `ASSIGN_NEEDS` is a chat action, decided just now: read its decision.
        if actions.allows(ASSIGN_NEEDS) {
            actions | Self::ASSIGN
        } else {
            actions
        }
    }
}

/// Names the capabilities, separated by `", "`, or `none`.
impl fmt::Display for Capabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        names::write_set(f, *self)
    }
}

/// Parses capability names (`view`, `reply`, `delete`, `assign`) separated by `,`, `|` or
/// `+`; `none` or nothing is the empty set.
///
/// # Errors
///
/// [`UnknownName`] for a name that is not a capability: `"manage_team"`, `"View"`.
///
/// # Example
///
/// ```
/// use chatgate::Capabilities;
///
/// assert_eq!("view, delete".parse::<Capabilities>()?, Capabilities::VIEW | Capabilities::DELETE);
/// assert_eq!("reply + assign".parse::<Capabilities>()?, Capabilities::REPLY | Capabilities::ASSIGN);
/// assert!("manage_team".parse::<Capabilities>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromStr for Capabilities {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        names::parse_set(text)
    }
}

/// What `subject` may do on `chat` (view, reply, delete, assign): for a UI deciding which
/// controls to show. Consistent with [`authorize`] by construction: each capability is one
/// call of it (`ASSIGN` is the call for `Reply`).
///
/// # Example
///
/// ```
/// use chatgate::{capabilities, Account, AccountId, Capabilities, Chat, ChatId, Connector,
///                MemberId, Permission, Role, Subject};
///
/// let chat = Chat::new(ChatId::new(1), Account::new(AccountId::new(1), Connector::new(MemberId::new(1))));
/// let owner = Subject::new(MemberId::new(1), Role::Owner);
/// assert_eq!(capabilities(&owner, &chat), Capabilities::all());
///
/// let reader = Subject::new(MemberId::new(1), Role::Agent).with_grants(Permission::VIEW);
/// assert_eq!(capabilities(&reader, &chat), Capabilities::VIEW); // no reply, no assign
///
/// let stranger = Subject::new(MemberId::new(2), Role::Agent);
/// assert_eq!(capabilities(&stranger, &chat), Capabilities::empty());
/// ```
#[must_use]
pub fn capabilities(subject: &Subject<'_>, chat: &Chat<'_>) -> Capabilities {
    Capabilities::in_scope(subject, Scope::Chat(chat.categories_for(subject)))
}
