//! What a member asks to do, and what each action applies to and requires.

use crate::names::named;
use crate::permission::Permission;

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
/// assert_eq!(ResourceKind::Workspace.to_string(), "workspace");
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

named!(
    ResourceKind,
    "resource kind",
    Workspace = "workspace",
    Account = "account",
    Chat = "chat",
);

impl Action {
    /// The actions table of [the policy](crate::policy#actions): what each action applies to and the flag it
    /// requires.
    const fn rule(self) -> (ResourceKind, Option<Permission>) {
        use ResourceKind::{Account, Chat, Workspace};
        match self {
            Action::View => (Chat, Some(Permission::VIEW)),
            Action::Reply => (Chat, Some(Permission::REPLY)),
            Action::Delete => (Chat, Some(Permission::DELETE)),
            Action::ConnectAccount => (Workspace, None),
            Action::SendFrom => (Account, Some(Permission::REPLY)),
            Action::ManageWorkspace => (Workspace, Some(Permission::MANAGE_WORKSPACE)),
            Action::ManageBilling => (Workspace, Some(Permission::MANAGE_BILLING)),
            Action::ManageTeam => (Workspace, Some(Permission::MANAGE_TEAM)),
            Action::ManageIntegrations => (Workspace, Some(Permission::MANAGE_INTEGRATIONS)),
            Action::ManageSettings => (Workspace, Some(Permission::MANAGE_SETTINGS)),
            Action::ViewStats => (Workspace, Some(Permission::VIEW_STATS)),
            Action::ManageForms => (Workspace, Some(Permission::MANAGE_FORMS)),
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
}

named!(
    Action,
    "action",
    View = "view",
    Reply = "reply",
    Delete = "delete",
    ConnectAccount = "connect_account",
    SendFrom = "send_from",
    ManageWorkspace = "manage_workspace",
    ManageBilling = "manage_billing",
    ManageTeam = "manage_team",
    ManageIntegrations = "manage_integrations",
    ManageSettings = "manage_settings",
    ViewStats = "view_stats",
    ManageForms = "manage_forms",
);
