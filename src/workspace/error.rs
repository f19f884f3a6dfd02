//! Why a workspace change was refused (loading a snapshot fails with its own error, in
//! `snapshot_error.rs`).

use crate::{AccountId, ChatId, Denied, MemberId, TeamId};

/// A refused [`Workspace`](crate::Workspace) change. A refused change changes nothing.
///
/// Each error is of one [`ChangeErrorKind`], and when several apply the first kind in
/// [`ChangeErrorKind::ALL`]'s order is reported: the acting member's authorization is
/// checked before anything else, so a member who may not make a change learns only
/// [`WorkspaceError::Denied`], never whether an id exists.
///
/// # Example
///
/// ```
/// use chatgate::{MemberId, Role, Workspace, WorkspaceError};
///
/// let owner = MemberId::new(1);
/// let mut ws = Workspace::new(owner);
/// let error = ws.add_member(owner, MemberId::new(2), Role::Owner).unwrap_err();
/// assert_eq!(error, WorkspaceError::SecondOwner(MemberId::new(2)));
/// assert_eq!(
///     error.to_string(),
///     "a workspace has exactly one owner: make `2` the owner with transfer_ownership"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WorkspaceError {
    /// The acting member may not make this change.
    #[error("not allowed: {0}")]
    Denied(#[from] Denied),
    /// No active member has this id: an unknown id and a removed member are refused alike,
    /// so a refusal does not tell them apart.
    #[error("unknown member `{0}`")]
    UnknownMember(MemberId),
    /// No team has this id.
    #[error("unknown team `{0}`")]
    UnknownTeam(TeamId),
    /// No account has this id.
    #[error("unknown account `{0}`")]
    UnknownAccount(AccountId),
    /// No chat has this id: only from [replaying](crate::Workspace::apply) an event. A
    /// member deciding a change on an unknown chat is [`WorkspaceError::Denied`] instead, so
    /// that no refusal tells whether a chat exists.
    #[error("unknown chat `{0}`")]
    UnknownChat(ChatId),
    /// An active member has this id already (a removed member may be re-added).
    #[error("member `{0}` exists already")]
    DuplicateMember(MemberId),
    /// A team with this id exists already.
    #[error("team `{0}` exists already")]
    DuplicateTeam(TeamId),
    /// An account with this id exists already.
    #[error("account `{0}` exists already")]
    DuplicateAccount(AccountId),
    /// A chat with this id exists already.
    #[error("chat `{0}` exists already")]
    DuplicateChat(ChatId),
    /// The change would remove, demote or regrant the Owner.
    #[error(
        "member `{0}` is the owner, who cannot be removed, demoted or regranted: \
         transfer ownership first"
    )]
    OwnerProtected(MemberId),
    /// The change would make a second Owner.
    #[error("a workspace has exactly one owner: make `{0}` the owner with transfer_ownership")]
    SecondOwner(MemberId),
    /// The change would make a Collaborator the connector of an account.
    #[error("a collaborator cannot connect an account: `{member}` would be the connector of account `{account}`")]
    CollaboratorConnector {
        /// The collaborator (or member about to become one).
        member: MemberId,
        /// The account they would be the connector of.
        account: AccountId,
    },
    /// The change would leave `member` holding permissions the acting member does not hold
    /// themself (privilege escalation); nothing changed.
    #[error("`{member}` would hold {beyond}, which the acting member does not hold")]
    Escalation {
        /// The member who would have held more.
        member: MemberId,
        /// What they would have held beyond the actor's own effective permissions.
        beyond: crate::Permission,
    },
    /// The change would let `member` take `action` on `target`, which they could not
    /// before and the acting member cannot (privilege escalation through scope: an
    /// assignment, a team, an account); nothing changed. For a chat action decided for
    /// every chat of an account, `target` is that account.
    #[error("`{member}` would be allowed {action} on {target}, which the acting member is not")]
    ScopeEscalation {
        /// The member who would have gained it.
        member: MemberId,
        /// What they would have been allowed.
        action: crate::Action,
        /// Where: the workspace, an account (or its chats), or a chat.
        target: crate::Target,
    },
    /// A chat's arrival was given an actor: chats come from the messaging network. (A
    /// member's change with no actor is [`WorkspaceError::Denied`], as for an unknown actor.)
    #[error("receive_chat has no actor; every other change has one")]
    ActorOnReceive,
    /// The workspace holds as many members or accounts as it can index (2³² each).
    #[error("the workspace is full")]
    Full,
    /// The member is in [`Workspace::MAX_TEAMS_PER_MEMBER`](crate::Workspace::MAX_TEAMS_PER_MEMBER)
    /// teams already.
    #[error("member `{member}` is in as many teams as a member may be in")]
    TooManyTeams {
        /// The member.
        member: MemberId,
    },
    /// The chat has [`Workspace::MAX_ASSIGNEES_PER_CHAT`](crate::Workspace::MAX_ASSIGNEES_PER_CHAT)
    /// assignees already.
    #[error("chat `{chat}` has as many assignees as a chat may have")]
    TooManyAssignees {
        /// The chat.
        chat: ChatId,
    },
}

/// The kind of a refused change, in the order they are decided when several apply (the
/// policy's "Changes" section, and policy files' `error` field by these names).
///
/// # Example
///
/// ```
/// use chatgate::{ChangeErrorKind, MemberId, WorkspaceError};
/// assert_eq!(WorkspaceError::OwnerProtected(MemberId::new(1)).kind(), ChangeErrorKind::OwnerProtected);
/// assert_eq!(ChangeErrorKind::NotFound.name(), "not_found");
/// assert!(ChangeErrorKind::Denied < ChangeErrorKind::Escalation);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChangeErrorKind {
    /// The actor may not make this change (unknown or removed, or missing what it needs).
    Denied,
    /// The member, team, account or chat named does not exist, or is a removed member
    /// where an active one is needed.
    NotFound,
    /// The change's member is the Owner.
    OwnerProtected,
    /// The change breaks an invariant (a duplicate id, a second Owner, a Collaborator
    /// connector, a limit).
    Invalid,
    /// The escalation rule.
    Escalation,
}

crate::names::named!(
    ChangeErrorKind,
    "change error kind",
    Denied = "denied",
    NotFound = "not_found",
    OwnerProtected = "owner_protected",
    Invalid = "invalid",
    Escalation = "escalation",
);

impl WorkspaceError {
    /// The kind of this refusal.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{ChangeErrorKind, TeamId, WorkspaceError};
    /// assert_eq!(WorkspaceError::UnknownTeam(TeamId::new(1)).kind(), ChangeErrorKind::NotFound);
    /// assert_eq!(WorkspaceError::DuplicateTeam(TeamId::new(1)).kind(), ChangeErrorKind::Invalid);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> ChangeErrorKind {
        match self {
            WorkspaceError::Denied(_) => ChangeErrorKind::Denied,
            WorkspaceError::UnknownMember(_)
            | WorkspaceError::UnknownTeam(_)
            | WorkspaceError::UnknownAccount(_)
            | WorkspaceError::UnknownChat(_) => ChangeErrorKind::NotFound,
            WorkspaceError::OwnerProtected(_) => ChangeErrorKind::OwnerProtected,
            WorkspaceError::DuplicateMember(_)
            | WorkspaceError::DuplicateTeam(_)
            | WorkspaceError::DuplicateAccount(_)
            | WorkspaceError::DuplicateChat(_)
            | WorkspaceError::SecondOwner(_)
            | WorkspaceError::CollaboratorConnector { .. }
            | WorkspaceError::ActorOnReceive
            | WorkspaceError::Full
            | WorkspaceError::TooManyTeams { .. }
            | WorkspaceError::TooManyAssignees { .. } => ChangeErrorKind::Invalid,
            WorkspaceError::Escalation { .. } | WorkspaceError::ScopeEscalation { .. } => {
                ChangeErrorKind::Escalation
            }
        }
    }
}
