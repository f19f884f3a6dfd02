//! A workspace as plain data: everything a decision reads, to store, send or compare, and
//! the validated way back.

use smallvec::SmallVec;
use std::sync::Arc;
use std::vec::Vec;

use super::hash::{IdMap, IdSet};
use super::{chats, AccountRecord, ChatTable, MemberRecord, SnapshotError, Workspace};
use crate::{AccountId, ChatId, MemberId, Permission, Role, TeamId};

/// A [`Workspace`] as plain data, lossless: [`Workspace::from_snapshot`] of
/// [`Workspace::snapshot`] decides exactly as the original, and snapshots it again to an equal
/// snapshot.
///
/// The Owner is not a field of its own: it is the one member whose role is
/// [`Role::Owner`], so the two can never disagree. Members and accounts keep their order (the
/// order they joined and were connected in, which [`Workspace::members`] and
/// [`Workspace::accounts`] report); teams and chats, which a workspace holds unordered, are
/// sorted by id, so that equal workspaces give equal snapshots.
///
/// With the `serde` feature it is `Serialize` and `Deserialize`, rejecting unknown fields, and
/// ids are written as strings of decimal digits (see the crate's `serde` support). The field
/// names are the policy files' (`permissions`, `removed`, `connected_by`), so a snapshot's
/// JSON is also a policy file, which `chatgate test` and `explain` read:
///
/// ```json
/// {"members": [{"id": "1", "role": "owner", "permissions": "default", "teams": ["7"], "removed": false}],
///  "teams": ["7"],
///  "accounts": [{"id": "10", "connected_by": "1"}],
///  "chats": [{"id": "100", "account": "10", "assignees": []}]}
/// ```
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, Action, ChatId, MemberId, Role, Target, Workspace};
///
/// let (owner, dan) = (MemberId::new(1), MemberId::new(2));
/// let mut ws = Workspace::new(owner);
/// ws.add_member(owner, dan, Role::Agent)?;
/// ws.connect_account(dan, AccountId::new(10))?;
/// ws.receive_chat(ChatId::new(100), AccountId::new(10))?;
///
/// let snapshot = ws.snapshot();
/// assert_eq!(snapshot.members.len(), 2);
/// assert_eq!(snapshot.accounts[0].connector, dan);
///
/// let copy = Workspace::from_snapshot(snapshot.clone())?;
/// assert_eq!(copy.snapshot(), snapshot);
/// copy.authorize(dan, Action::Reply, Target::Chat(ChatId::new(100)))?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize),
    serde(deny_unknown_fields)
)]
pub struct WorkspaceSnapshot {
    /// The workspace's [revision](crate::Workspace::revision): the events it holds (`0`
    /// for a workspace no change was made to). In JSON a number, and may be left out for
    /// `0`.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "is_zero"))]
    pub revision: u64,
    /// Every member, removed ones included, in the order they joined; exactly one is the
    /// Owner.
    pub members: Vec<MemberSnapshot>,
    /// Every team, by id.
    pub teams: Vec<TeamId>,
    /// Every account with its connector, in the order they were connected.
    pub accounts: Vec<AccountSnapshot>,
    /// Every chat with its account and assignees, by id.
    pub chats: Vec<ChatSnapshot>,
}

/// One member of a [`WorkspaceSnapshot`].
///
/// # Example
///
/// ```
/// use chatgate::{MemberId, MemberSnapshot, Permission, Role};
///
/// let analyst = MemberSnapshot {
///     id: MemberId::new(7),
///     role: Role::Teammate,
///     grants: Some(Permission::VIEW), // `None`: the role's default grant
///     teams: Vec::new(),
///     active: true,
/// };
/// assert_eq!(analyst.subject().effective(), Permission::VIEW);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize),
    serde(deny_unknown_fields)
)]
pub struct MemberSnapshot {
    /// The member's id.
    pub id: MemberId,
    /// The member's role.
    pub role: Role,
    /// The granted permissions: `None` for the role's default grant (which follows the role
    /// when it changes), `Some(set)` for exactly `set`, `Some(Permission::empty())` included.
    /// In JSON: `"default"` or a list of names; `null` and a missing field are refused.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "permissions",
            serialize_with = "super::snapshot_serde::grants::serialize"
        )
    )]
    pub grants: Option<Permission>,
    /// The teams the member is in, each once.
    pub teams: Vec<TeamId>,
    /// `false` for a removed member, who is denied everything. In JSON: `"removed"`, the
    /// other way round, as in policy files.
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "removed",
            serialize_with = "super::snapshot_serde::removed::serialize"
        )
    )]
    pub active: bool,
}

impl MemberSnapshot {
    /// The member as a decision sees them.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, MemberSnapshot, Permission, Role};
    ///
    /// let former = MemberSnapshot {
    ///     id: MemberId::new(3),
    ///     role: Role::Admin,
    ///     grants: None,
    ///     teams: Vec::new(),
    ///     active: false,
    /// };
    /// assert_eq!(former.subject().grants(), Permission::ADMIN);
    /// assert!(!former.subject().is_active());
    /// ```
    #[must_use]
    pub fn subject(&self) -> crate::Subject<'_> {
        crate::Subject::of_record(self.id, self.role, self.grants, &self.teams, self.active)
    }
}

/// One account of a [`WorkspaceSnapshot`]: its id and the member who connected it.
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, AccountSnapshot, MemberId};
///
/// let number = AccountSnapshot { id: AccountId::new(10), connector: MemberId::new(1) };
/// assert_eq!(number.connector.get(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize),
    serde(deny_unknown_fields)
)]
pub struct AccountSnapshot {
    /// The account's id.
    pub id: AccountId,
    /// The member who connected it (never a Collaborator). In JSON: `"connected_by"`, as
    /// in policy files.
    #[cfg_attr(feature = "serde", serde(rename = "connected_by"))]
    pub connector: MemberId,
}

/// One chat of a [`WorkspaceSnapshot`]: its id, its account and its assignees.
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, ChatId, ChatSnapshot, MemberId};
///
/// let chat = ChatSnapshot {
///     id: ChatId::new(100),
///     account: AccountId::new(10),
///     assignees: vec![MemberId::new(3)],
/// };
/// assert_eq!(chat.assignees.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    feature = "serde",
    derive(::serde::Serialize),
    serde(deny_unknown_fields)
)]
pub struct ChatSnapshot {
    /// The chat's id.
    pub id: ChatId,
    /// The account it arrives on.
    pub account: AccountId,
    /// The members assigned to it, each once, in the order they were assigned.
    pub assignees: Vec<MemberId>,
}

impl Workspace {
    /// The workspace as plain data: see [`WorkspaceSnapshot`].
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, TeamId, Workspace};
    ///
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.create_team(owner, TeamId::new(2))?;
    /// ws.create_team(owner, TeamId::new(1))?;
    /// let snapshot = ws.snapshot();
    /// assert_eq!(snapshot.members[0].role, Role::Owner);
    /// assert_eq!(snapshot.teams, [TeamId::new(1), TeamId::new(2)]); // sorted
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn snapshot(&self) -> WorkspaceSnapshot {
        let member_id = |index: &u32| self.record(*index).map(|member| member.id);
        let members = self
            .members
            .iter()
            .map(|member| MemberSnapshot {
                id: member.id,
                role: member.role,
                grants: member.grants,
                teams: member.teams.to_vec(),
                active: member.active,
            })
            .collect();
        let mut teams: Vec<TeamId> = self.teams.iter().copied().collect();
        teams.sort_unstable();
        let accounts = self
            .accounts
            .iter()
            .filter_map(|account| {
                Some(AccountSnapshot {
                    id: account.id,
                    connector: member_id(&account.connector)?,
                })
            })
            .collect();
        let mut chats: Vec<ChatSnapshot> = self
            .chats
            .iter()
            .filter_map(|chat| {
                Some(ChatSnapshot {
                    id: chat.id,
                    account: self.account_record(chat.account)?.id,
                    assignees: chat
                        .assignees
                        .iter()
                        .filter_map(|at| member_id(&at))
                        .collect(),
                })
            })
            .collect();
        chats.sort_unstable_by_key(|chat| chat.id);
        WorkspaceSnapshot {
            revision: self.revision,
            members,
            teams,
            accounts,
            chats,
        }
    }

    /// The workspace a [`WorkspaceSnapshot`] describes, after checking every invariant a
    /// workspace keeps. Nothing is authorized: a snapshot is state, not a change.
    ///
    /// The Owner must be active (an Owner can never lock themself out). Removed members may
    /// be connectors and assignees, as they stay in a live workspace. Loading takes time
    /// linear in the snapshot's size.
    ///
    /// # Errors
    ///
    /// The first [`SnapshotError`] found, checking teams, then members in order, then
    /// accounts, then chats:
    ///
    /// - [`SnapshotError::DuplicateTeam`], [`DuplicateMember`](SnapshotError::DuplicateMember),
    ///   [`DuplicateAccount`](SnapshotError::DuplicateAccount),
    ///   [`DuplicateChat`](SnapshotError::DuplicateChat) — an id listed twice;
    /// - [`SnapshotError::TwoOwners`] — a second member with `Role::Owner`, removed or not;
    ///   [`SnapshotError::NoOwner`] — none (an empty snapshot, say);
    ///   [`SnapshotError::InactiveOwner`] — the Owner marked removed;
    /// - [`SnapshotError::UnknownTeam`] — a member in a team `teams` does not list;
    ///   [`SnapshotError::DuplicateMembership`] — in the same team twice;
    /// - [`SnapshotError::UnknownConnector`] — an account's connector that is no member;
    ///   [`SnapshotError::CollaboratorConnector`] — an account connected by a Collaborator;
    /// - [`SnapshotError::UnknownAccount`] — a chat's account that is none;
    ///   [`SnapshotError::UnknownAssignee`] — a chat's assignee that is no member;
    ///   [`SnapshotError::DuplicateAssignee`] — a member assigned to one chat twice;
    /// - [`SnapshotError::Full`] — more members or accounts than a workspace indexes.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, AccountSnapshot, MemberId, MemberSnapshot, Role, SnapshotError,
    ///                Workspace, WorkspaceSnapshot};
    ///
    /// let member = |id, role| MemberSnapshot {
    ///     id: MemberId::new(id), role, grants: None, teams: Vec::new(), active: true,
    /// };
    /// let mut snapshot = WorkspaceSnapshot {
    ///     members: vec![member(1, Role::Owner), member(2, Role::Collaborator)],
    ///     ..WorkspaceSnapshot::default()
    /// };
    /// let ws = Workspace::from_snapshot(snapshot.clone())?;
    /// assert_eq!(ws.owner(), MemberId::new(1));
    ///
    /// snapshot.accounts.push(AccountSnapshot { id: AccountId::new(10), connector: MemberId::new(2) });
    /// assert_eq!(
    ///     Workspace::from_snapshot(snapshot).unwrap_err(),
    ///     SnapshotError::CollaboratorConnector { member: MemberId::new(2), account: AccountId::new(10) }
    /// );
    /// assert_eq!(
    ///     Workspace::from_snapshot(WorkspaceSnapshot::default()).unwrap_err(),
    ///     SnapshotError::NoOwner
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_snapshot(snapshot: WorkspaceSnapshot) -> Result<Self, SnapshotError> {
        let WorkspaceSnapshot {
            revision,
            members: member_list,
            teams: team_list,
            accounts: account_list,
            chats: chat_list,
        } = snapshot;

        let mut teams = IdSet::default();
        for team in team_list {
            if !teams.insert(team) {
                return Err(SnapshotError::DuplicateTeam(team));
            }
        }

        let mut members = Vec::with_capacity(member_list.len());
        let mut member_index = IdMap::default();
        let mut owner: Option<(u32, MemberId)> = None;
        for member in member_list {
            let index = chats::member_index(members.len()).ok_or(SnapshotError::Full)?;
            if member_index.insert(member.id, index).is_some() {
                return Err(SnapshotError::DuplicateMember(member.id));
            }
            if member.role == Role::Owner {
                if let Some((_, first)) = owner {
                    return Err(SnapshotError::TwoOwners {
                        owner: first,
                        second: member.id,
                    });
                }
                if !member.active {
                    return Err(SnapshotError::InactiveOwner(member.id));
                }
                owner = Some((index, member.id));
            }
            // A removed member's teams carry no access: checked, then dropped.
            let member_teams = member_teams(member.id, member.teams, &teams)?;
            members.push(MemberRecord {
                id: member.id,
                role: member.role,
                grants: member.grants,
                teams: if member.active {
                    member_teams
                } else {
                    SmallVec::new()
                },
                active: member.active,
            });
        }
        let (owner, _) = owner.ok_or(SnapshotError::NoOwner)?;

        let mut accounts = Vec::with_capacity(account_list.len());
        let mut account_index = IdMap::default();
        for account in account_list {
            let index = u32::try_from(accounts.len()).map_err(|_| SnapshotError::Full)?;
            if account_index.insert(account.id, index).is_some() {
                return Err(SnapshotError::DuplicateAccount(account.id));
            }
            let connector =
                *member_index
                    .get(&account.connector)
                    .ok_or(SnapshotError::UnknownConnector {
                        account: account.id,
                        connector: account.connector,
                    })?;
            let connects = usize::try_from(connector)
                .ok()
                .and_then(|slot| members.get(slot))
                .is_some_and(|record: &MemberRecord| record.role.connects_accounts());
            if !connects {
                return Err(SnapshotError::CollaboratorConnector {
                    member: account.connector,
                    account: account.id,
                });
            }
            accounts.push(AccountRecord {
                id: account.id,
                connector,
            });
        }

        let mut chats = ChatTable::default();
        let mut assigned = IdSet::default();
        for chat in chat_list {
            if chats.contains(chat.id) {
                return Err(SnapshotError::DuplicateChat(chat.id));
            }
            let account =
                *account_index
                    .get(&chat.account)
                    .ok_or(SnapshotError::UnknownAccount {
                        chat: chat.id,
                        account: chat.account,
                    })?;
            chats.insert(chat.id, account);
            if chat.assignees.len() > Workspace::MAX_ASSIGNEES_PER_CHAT {
                return Err(SnapshotError::TooManyAssignees { chat: chat.id });
            }
            assigned.clear();
            for member in chat.assignees {
                let index = *member_index
                    .get(&member)
                    .ok_or(SnapshotError::UnknownAssignee {
                        chat: chat.id,
                        member,
                    })?;
                if !assigned.insert(member) {
                    return Err(SnapshotError::DuplicateAssignee {
                        chat: chat.id,
                        member,
                    });
                }
                // A removed member's assignments carry no access: checked, then dropped.
                let active = usize::try_from(index)
                    .ok()
                    .and_then(|slot| members.get(slot))
                    .is_some_and(|record: &MemberRecord| record.active);
                if active {
                    chats.assign(chat.id, index);
                }
            }
        }

        Ok(Self {
            revision,
            owner,
            members: Arc::new(members),
            member_index: Arc::new(member_index),
            teams: Arc::new(teams),
            accounts: Arc::new(accounts),
            account_index: Arc::new(account_index),
            chats,
        })
    }
}

/// A member's team list, checked against the workspace's teams, each team once, and sorted
/// (so that the team overlap of a decision is one merge).
fn member_teams(
    member: MemberId,
    listed: Vec<TeamId>,
    known: &IdSet<TeamId>,
) -> Result<SmallVec<[TeamId; 2]>, SnapshotError> {
    if listed.len() > Workspace::MAX_TEAMS_PER_MEMBER {
        return Err(SnapshotError::TooManyTeams { member });
    }
    let mut seen = IdSet::default();
    let mut teams = SmallVec::with_capacity(listed.len());
    for team in listed {
        if !known.contains(&team) {
            return Err(SnapshotError::UnknownTeam { member, team });
        }
        if !seen.insert(team) {
            return Err(SnapshotError::DuplicateMembership { member, team });
        }
        teams.push(team);
    }
    teams.sort_unstable();
    Ok(teams)
}

/// Whether a snapshot's revision is `0`, which its JSON leaves out.
#[cfg(feature = "serde")]
#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_zero(revision: &u64) -> bool {
    *revision == 0
}
