//! Why a workspace change was refused (loading a snapshot fails with its own error, in
//! `snapshot_error.rs`).

use crate::{AccountId, ChatId, Denied, MemberId, TeamId};

/// A refused [`Workspace`](crate::Workspace) change. A refused change changes nothing.
///
/// The acting member's authorization is checked before anything else, so a member who may
/// not make a change learns only [`WorkspaceError::Denied`], never whether an id exists.
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
    /// No member has this id.
    #[error("unknown member `{0}`")]
    UnknownMember(MemberId),
    /// No team has this id.
    #[error("unknown team `{0}`")]
    UnknownTeam(TeamId),
    /// No account has this id.
    #[error("unknown account `{0}`")]
    UnknownAccount(AccountId),
    /// No chat has this id.
    #[error("unknown chat `{0}`")]
    UnknownChat(ChatId),
    /// A member with this id exists already (removed members included).
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
    /// The member is removed, and the change needs an active member.
    #[error("member `{0}` is removed")]
    InactiveMember(MemberId),
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
