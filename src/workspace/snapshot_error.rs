//! Why a snapshot cannot be loaded.

use crate::{AccountId, ChatId, MemberId, TeamId};

/// A [`WorkspaceSnapshot`](crate::WorkspaceSnapshot) that breaks an invariant of the
/// workspace, and so cannot be loaded by
/// [`Workspace::from_snapshot`](crate::Workspace::from_snapshot).
///
/// Loading is all or nothing: the first broken invariant is the error, and no workspace is
/// made. The changes of a [`Workspace`](crate::Workspace) fail with their own type,
/// [`WorkspaceError`](crate::WorkspaceError): the two kinds of failure come from different
/// places (a file or a database row against a member's request) and are handled apart.
///
/// `#[non_exhaustive]`: a later version may check a further invariant.
///
/// # Example
///
/// ```
/// use chatgate::{MemberId, MemberSnapshot, Role, SnapshotError, Workspace, WorkspaceSnapshot};
///
/// let owner = MemberSnapshot {
///     id: MemberId::new(1),
///     role: Role::Owner,
///     grants: None,
///     teams: Vec::new(),
///     active: true,
/// };
/// let snapshot = WorkspaceSnapshot { members: vec![owner.clone()], ..Default::default() };
/// assert!(Workspace::from_snapshot(snapshot).is_ok());
///
/// let twice = WorkspaceSnapshot { members: vec![owner.clone(), owner], ..Default::default() };
/// let error = Workspace::from_snapshot(twice).unwrap_err();
/// assert_eq!(error, SnapshotError::DuplicateMember(MemberId::new(1)));
/// assert_eq!(error.to_string(), "member `1` is listed twice");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SnapshotError {
    /// Two members have this id.
    #[error("member `{0}` is listed twice")]
    DuplicateMember(MemberId),
    /// The team list holds this team twice.
    #[error("team `{0}` is listed twice")]
    DuplicateTeam(TeamId),
    /// Two accounts have this id.
    #[error("account `{0}` is listed twice")]
    DuplicateAccount(AccountId),
    /// Two chats have this id.
    #[error("chat `{0}` is listed twice")]
    DuplicateChat(ChatId),
    /// No member has the Owner role.
    #[error("a workspace has exactly one owner: no member has the role `owner`")]
    NoOwner,
    /// A second member has the Owner role (removed or not).
    #[error("a workspace has exactly one owner: `{owner}` is the owner, and so is `{second}`")]
    TwoOwners {
        /// The first member with the Owner role.
        owner: MemberId,
        /// The next one.
        second: MemberId,
    },
    /// The Owner is marked removed. Nobody could then manage billing or the workspace, and
    /// no change could give them back: an Owner can never lock themself out.
    #[error("the owner `{0}` is removed: a workspace's owner is always active")]
    InactiveOwner(MemberId),
    /// A member is in a team the team list does not hold.
    #[error("member `{member}` is in team `{team}`, which is not a team of the workspace")]
    UnknownTeam {
        /// The member.
        member: MemberId,
        /// The team.
        team: TeamId,
    },
    /// A member lists one team twice.
    #[error("member `{member}` is in team `{team}` twice")]
    DuplicateMembership {
        /// The member.
        member: MemberId,
        /// The team listed twice.
        team: TeamId,
    },
    /// An account's connector is no member.
    #[error("account `{account}` was connected by `{connector}`, who is not a member")]
    UnknownConnector {
        /// The account.
        account: AccountId,
        /// Its connector.
        connector: MemberId,
    },
    /// An account's connector is a Collaborator, who never connects an account.
    #[error("a collaborator cannot connect an account: `{member}` would be the connector of account `{account}`")]
    CollaboratorConnector {
        /// The Collaborator.
        member: MemberId,
        /// The account.
        account: AccountId,
    },
    /// A chat's account is no account of the workspace.
    #[error("chat `{chat}` is on account `{account}`, which is not an account of the workspace")]
    UnknownAccount {
        /// The chat.
        chat: ChatId,
        /// Its account.
        account: AccountId,
    },
    /// A chat's assignee is no member.
    #[error("chat `{chat}` is assigned to `{member}`, who is not a member")]
    UnknownAssignee {
        /// The chat.
        chat: ChatId,
        /// The assignee.
        member: MemberId,
    },
    /// A chat lists one assignee twice.
    #[error("member `{member}` is assigned to chat `{chat}` twice")]
    DuplicateAssignee {
        /// The chat.
        chat: ChatId,
        /// The member listed twice.
        member: MemberId,
    },
    /// A member in more than
    /// [`Workspace::MAX_TEAMS_PER_MEMBER`](crate::Workspace::MAX_TEAMS_PER_MEMBER) teams.
    #[error("member `{member}` is in more teams than a member may be in")]
    TooManyTeams {
        /// The member.
        member: MemberId,
    },
    /// A chat with more than
    /// [`Workspace::MAX_ASSIGNEES_PER_CHAT`](crate::Workspace::MAX_ASSIGNEES_PER_CHAT)
    /// assignees.
    #[error("chat `{chat}` has more assignees than a chat may have")]
    TooManyAssignees {
        /// The chat.
        chat: ChatId,
    },
    /// More members or accounts than a workspace can index (2³² − 2 members, 2³² accounts).
    #[error("the snapshot holds more members or accounts than a workspace can index")]
    Full,
}
