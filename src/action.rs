//! What a member asks to do, and what each action applies to and requires.

use core::fmt;
use core::str::FromStr;

use crate::Permission;

/// Something a member asks to do.
///
/// Each action applies to one kind of resource and requires at most one permission flag;
/// [`Action::resource_kind`] and [`Action::required`] read both from one table.
///
/// # Example
///
/// ```
/// use chatgate::{Action, Permission, ResourceKind};
///
/// assert_eq!(Action::Reply.required(), Some(Permission::REPLY));
/// assert_eq!(Action::SendFrom.resource_kind(), ResourceKind::Account);
/// assert_eq!("manage_billing".parse::<Action>()?, Action::ManageBilling);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See a chat: its messages, history and metadata.
    View,
    /// Reply to a chat, through the chat's own account.
    Reply,
    /// Delete a chat permanently.
    Delete,
    /// Connect a new messaging account to the workspace.
    ConnectAccount,
    /// Send messages from an account (start conversations on it, use it in CRM panels).
    SendFrom,
    /// Rename, delete or transfer the workspace.
    ManageWorkspace,
    /// Manage the subscription: plans and payment method.
    ManageBilling,
    /// Invite and remove members, change roles, permissions and teams.
    ManageTeam,
    /// Manage integrations and automations.
    ManageIntegrations,
    /// Change workspace settings.
    ManageSettings,
    /// See statistics.
    ViewStats,
    /// Manage forms.
    ManageForms,
}

/// The kind of resource an action applies to.
///
/// # Example
///
/// ```
/// use chatgate::{Action, ResourceKind};
/// assert_eq!(Action::View.resource_kind(), ResourceKind::Chat);
/// assert_eq!(ResourceKind::Workspace.to_string(), "the workspace");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// The workspace as a whole.
    Workspace,
    /// One connected account.
    Account,
    /// One chat.
    Chat,
}

/// Reads as the object of a sentence: "the workspace", "an account", "a chat".
impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ResourceKind::Workspace => "the workspace",
            ResourceKind::Account => "an account",
            ResourceKind::Chat => "a chat",
        })
    }
}

impl Action {
    /// Every action, chat actions first.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Action::ALL.len(), 12);
    /// ```
    pub const ALL: [Action; 12] = [
        Action::View,
        Action::Reply,
        Action::Delete,
        Action::ConnectAccount,
        Action::SendFrom,
        Action::ManageWorkspace,
        Action::ManageBilling,
        Action::ManageTeam,
        Action::ManageIntegrations,
        Action::ManageSettings,
        Action::ViewStats,
        Action::ManageForms,
    ];

    /// The actions table of POLICY.md: what each action applies to, the flag it requires,
    /// and its name.
    const fn rule(self) -> (ResourceKind, Option<Permission>, &'static str) {
        use ResourceKind::{Account, Chat, Workspace};
        match self {
            Action::View => (Chat, Some(Permission::VIEW), "view"),
            Action::Reply => (Chat, Some(Permission::REPLY), "reply"),
            Action::Delete => (Chat, Some(Permission::DELETE), "delete"),
            Action::ConnectAccount => (Workspace, None, "connect_account"),
            Action::SendFrom => (Account, Some(Permission::REPLY), "send_from"),
            Action::ManageWorkspace => (
                Workspace,
                Some(Permission::MANAGE_WORKSPACE),
                "manage_workspace",
            ),
            Action::ManageBilling => (
                Workspace,
                Some(Permission::MANAGE_BILLING),
                "manage_billing",
            ),
            Action::ManageTeam => (Workspace, Some(Permission::MANAGE_TEAM), "manage_team"),
            Action::ManageIntegrations => (
                Workspace,
                Some(Permission::MANAGE_INTEGRATIONS),
                "manage_integrations",
            ),
            Action::ManageSettings => (
                Workspace,
                Some(Permission::MANAGE_SETTINGS),
                "manage_settings",
            ),
            Action::ViewStats => (Workspace, Some(Permission::VIEW_STATS), "view_stats"),
            Action::ManageForms => (Workspace, Some(Permission::MANAGE_FORMS), "manage_forms"),
        }
    }

    /// The kind of resource this action applies to.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, ResourceKind};
    /// assert_eq!(Action::ConnectAccount.resource_kind(), ResourceKind::Workspace);
    /// ```
    #[must_use]
    pub const fn resource_kind(self) -> ResourceKind {
        self.rule().0
    }

    /// The permission flag this action requires, if any (only `ConnectAccount`, which
    /// depends on the role alone, requires none).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Permission};
    /// assert_eq!(Action::SendFrom.required(), Some(Permission::REPLY));
    /// assert_eq!(Action::ConnectAccount.required(), None);
    /// ```
    #[must_use]
    pub const fn required(self) -> Option<Permission> {
        self.rule().1
    }

    /// The snake_case name: `"view"`, `"connect_account"`, `"manage_billing"`, ….
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Action::SendFrom.name(), "send_from");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        self.rule().2
    }
}

/// The snake_case name, as [`Action::name`].
impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses the snake_case name.
///
/// # Errors
///
/// [`UnknownName`](crate::UnknownName) for anything else: `"View"`, `"send-from"`, `"read"`.
///
/// # Example
///
/// ```
/// use chatgate::Action;
/// assert_eq!("send_from".parse::<Action>()?, Action::SendFrom);
/// assert!("send-from".parse::<Action>().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl FromStr for Action {
    type Err = crate::UnknownName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .into_iter()
            .find(|action| action.name() == name)
            .ok_or_else(|| crate::UnknownName::new("action", name))
    }
}
