//! The in-memory workspace: members, teams, accounts, chats and assignments, with every
//! decision and every change going through the one engine.

use smallvec::SmallVec;
use std::sync::Arc;
use std::vec;
use std::vec::Vec;

use crate::{
    authorize_scope, Account, AccountId, Action, Capabilities, Categories, ChatId, Connector,
    Denied, MemberId, Permission, Role, Scope, Subject, TeamId,
};

mod access;
mod chats;
mod error;
mod escalation;
mod event;
#[cfg(feature = "serde")]
mod event_serde;
mod hash;
mod id_text;
mod listing;
mod mutate;
mod plan;
mod remedy;
mod replay;
mod snapshot;
mod snapshot_error;
#[cfg(feature = "serde")]
mod snapshot_serde;
mod sorted_ids;

#[cfg(feature = "policy-file")]
pub(crate) use access::Named;
pub use access::{Access, HeldPermission, PermissionSource};
use chats::ChatTable;
pub use error::{ChangeErrorKind, WorkspaceError};
#[cfg(feature = "policy-file")]
pub(crate) use event::ChangeFields;
pub use event::{Before, Change, ChangeKind, Event};
use hash::{IdMap, IdSet};
#[cfg(feature = "policy-file")]
pub(crate) use id_text::IdText;
pub use remedy::{Authority, Remedy};
pub use replay::ApplyError;
pub use snapshot::{AccountSnapshot, ChatSnapshot, MemberSnapshot, WorkspaceSnapshot};
pub use snapshot_error::SnapshotError;

/// What a workspace decision is about: the workspace itself, an account or a chat, by id.
///
/// # Example
///
/// ```
/// use chatgate::{ChatId, ResourceKind, Target};
/// assert_eq!(Target::Chat(ChatId::new(1)).kind(), ResourceKind::Chat);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// The workspace as a whole.
    Workspace,
    /// The account with this id.
    Account(AccountId),
    /// The chat with this id.
    Chat(ChatId),
}

impl Target {
    /// The kind of resource the target names.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{ResourceKind, Target};
    /// assert_eq!(Target::Workspace.kind(), ResourceKind::Workspace);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> crate::ResourceKind {
        match self {
            Target::Workspace => crate::ResourceKind::Workspace,
            Target::Account(_) => crate::ResourceKind::Account,
            Target::Chat(_) => crate::ResourceKind::Chat,
        }
    }
}

/// `the workspace`, `` account `10` ``, `` chat `7` ``.
///
/// # Example
///
/// ```
/// use chatgate::{ChatId, Target};
/// assert_eq!(Target::Chat(ChatId::new(7)).to_string(), "chat `7`");
/// assert_eq!(Target::Workspace.to_string(), "the workspace");
/// ```
impl core::fmt::Display for Target {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Target::Workspace => f.write_str("the workspace"),
            Target::Account(account) => write!(f, "account `{account}`"),
            Target::Chat(chat) => write!(f, "chat `{chat}`"),
        }
    }
}

/// A [`Target`] resolved against the state, once for any number of members.
#[derive(Debug, Clone, Copy)]
enum Resolved<'w> {
    /// The workspace.
    Workspace,
    /// An account, or `None` for an unknown id.
    Account(Option<Account<'w>>),
    /// A chat's account and its assignees (member slots, sorted), or `None` for an unknown
    /// id.
    Chat(Option<(Account<'w>, chats::Assignees<'w>)>),
}

impl Resolved<'_> {
    /// The scope of the resolved target for the member in slot `index`: an unknown account
    /// or chat is in no category.
    #[inline]
    fn scope_for(self, index: u32, subject: &Subject<'_>) -> Scope {
        match self {
            Resolved::Workspace => Scope::Workspace,
            Resolved::Account(account) => {
                Scope::Account(account.map_or(Categories::empty(), |account| {
                    account.categories_for(subject)
                }))
            }
            Resolved::Chat(chat) => {
                Scope::Chat(chat.map_or(Categories::empty(), |(account, assignees)| {
                    account
                        .categories_for(subject)
                        .assigned_if(assignees.contains(index))
                }))
            }
        }
    }
}

/// The slot of no member: never an assignee, never a connector.
const NO_MEMBER: u32 = u32::MAX;

#[derive(Debug)]
struct MemberRecord {
    id: MemberId,
    role: Role,
    /// `None`: the role's default grant, which follows the role when it changes.
    grants: Option<Permission>,
    teams: SmallVec<[TeamId; 2]>,
    active: bool,
}

/// Copies the teams as one block (`SmallVec`'s own `clone` takes them one by one): a member
/// change through a `SharedWorkspace` copies every record.
impl Clone for MemberRecord {
    fn clone(&self) -> Self {
        Self {
            id: self.id,
            role: self.role,
            grants: self.grants,
            teams: SmallVec::from_slice(&self.teams),
            active: self.active,
        }
    }
}

impl MemberRecord {
    #[inline]
    fn subject(&self) -> Subject<'_> {
        Subject::of_record(self.id, self.role, self.grants, &self.teams, self.active)
    }
}

/// One account, as stored: its connector by member index.
#[derive(Debug, Clone)]
struct AccountRecord {
    id: AccountId,
    connector: u32,
}

/// A workspace held in memory: the state a service keeps to answer decisions by id.
///
/// Every decision reads the current state, so a change is seen by the very next decision.
/// Every change is made by an acting member and authorized through the same engine as any
/// decision ([`Workspace::authorize`]): member and team changes need `MANAGE_TEAM`,
/// transferring ownership needs `MANAGE_WORKSPACE` (the Owner alone), assigning a chat needs
/// the right to reply to it. Invariants hold at all times and a refused change changes
/// nothing: exactly one Owner, who cannot be removed or demoted; no Collaborator connects an
/// account; ids are unique. Members are never deleted, only removed, so nothing they
/// connected or were assigned is lost.
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, Action, ChatId, MemberId, Role, Target, TeamId, Workspace};
///
/// let (owner, bea, dan) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
/// let mut ws = Workspace::new(owner);
/// ws.add_member(owner, bea, Role::Teammate)?;
/// ws.add_member(owner, dan, Role::Agent)?;
/// ws.create_team(owner, TeamId::new(1))?;
/// ws.join_team(owner, owner, TeamId::new(1))?;
/// ws.join_team(owner, bea, TeamId::new(1))?;
///
/// ws.connect_account(owner, AccountId::new(10))?;
/// ws.receive_chat(ChatId::new(100), AccountId::new(10))?;
/// let chat = Target::Chat(ChatId::new(100));
///
/// ws.authorize(bea, Action::Reply, chat)?; // same team as the owner's account
/// assert!(ws.authorize(dan, Action::View, chat).is_err()); // agents keep to their own
///
/// ws.assign(bea, ChatId::new(100), dan)?; // Bea may reply, so she may assign
/// ws.authorize(dan, Action::Reply, chat)?;
///
/// ws.remove_member(owner, dan)?;
/// assert!(ws.authorize(dan, Action::View, chat).is_err()); // at once
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Workspace {
    // The number of events recorded or applied since the empty workspace (see
    // `revision`).
    revision: u64,
    owner: u32,
    // Each part behind its own `Arc`, and the chats in `Arc`'d shards: a clone shares them
    // all, and a change copies only the part (or the one shard) it touches.
    members: Arc<Vec<MemberRecord>>,
    // The id maps hash with `hash::IdHasher`, not SipHash: see its HashDoS trade-off.
    member_index: Arc<IdMap<MemberId, u32>>,
    teams: Arc<IdSet<TeamId>>,
    accounts: Arc<Vec<AccountRecord>>,
    account_index: Arc<IdMap<AccountId, u32>>,
    chats: ChatTable,
}

impl Workspace {
    /// The most teams one member may be in (a limit, so that the team overlap a decision
    /// works out stays bounded; it is one merge of two sorted lists).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Workspace::MAX_TEAMS_PER_MEMBER, 4_096);
    /// ```
    pub const MAX_TEAMS_PER_MEMBER: usize = 4_096;

    /// The most members one chat may be assigned to (a limit, so that assigning one more
    /// stays cheap; finding one is a binary search).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(chatgate::Workspace::MAX_ASSIGNEES_PER_CHAT, 16_384);
    /// ```
    pub const MAX_ASSIGNEES_PER_CHAT: usize = 16_384;

    /// A workspace whose one member is its Owner, `owner`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace};
    /// let ws = Workspace::new(MemberId::new(1));
    /// assert_eq!(ws.owner(), MemberId::new(1));
    /// assert_eq!(ws.subject(MemberId::new(1)).map(|s| s.role()), Some(Role::Owner));
    /// ```
    #[must_use]
    pub fn new(owner: MemberId) -> Self {
        Self {
            revision: 0,
            owner: 0,
            members: Arc::new(vec![MemberRecord {
                id: owner,
                role: Role::Owner,
                grants: None,
                teams: SmallVec::new(),
                active: true,
            }]),
            member_index: Arc::new(IdMap::from_iter([(owner, 0)])),
            teams: Arc::default(),
            accounts: Arc::default(),
            account_index: Arc::default(),
            chats: ChatTable::default(),
        }
    }

    /// The Owner's id.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Workspace};
    /// assert_eq!(Workspace::new(MemberId::new(7)).owner(), MemberId::new(7));
    /// ```
    #[must_use]
    pub fn owner(&self) -> MemberId {
        self.record(self.owner)
            .map_or(MemberId::new(0), |owner| owner.id)
    }

    /// The member `id` as a decision sees them, or `None` for an unknown id. A removed
    /// member is still found (and is inactive).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Workspace};
    /// let ws = Workspace::new(MemberId::new(1));
    /// assert_eq!(ws.subject(MemberId::new(1)).map(|s| s.effective()), Some(Permission::all()));
    /// assert!(ws.subject(MemberId::new(2)).is_none());
    /// ```
    #[must_use]
    pub fn subject(&self, id: MemberId) -> Option<Subject<'_>> {
        self.member(id).map(|(_, record)| record.subject())
    }

    /// Every member (removed ones included), in the order they joined.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, Workspace};
    /// let mut ws = Workspace::new(MemberId::new(1));
    /// ws.add_member(MemberId::new(1), MemberId::new(2), Role::Agent)?;
    /// let ids: Vec<_> = ws.members().map(|s| s.id().get()).collect();
    /// assert_eq!(ids, [1, 2]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn members(&self) -> impl Iterator<Item = Subject<'_>> + '_ {
        self.members.iter().map(MemberRecord::subject)
    }

    /// The rows of the `team_members` table that [`Filter::to_sql`](crate::Filter::to_sql)
    /// expects, as `(team, member)`: the teams of *active* members only (every row with the
    /// tenant's id in its tenant column; see [`Schema`](crate::Schema)). A removed member
    /// keeps their teams in a snapshot, but a removed connector counts as in no team, so a
    /// table mirrored from the snapshot's members would widen access; mirror these rows.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Role, TeamId, Workspace};
    /// let (owner, ana) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, ana, Role::Teammate)?;
    /// ws.create_team(owner, TeamId::new(7))?;
    /// ws.join_team(owner, ana, TeamId::new(7))?;
    /// assert_eq!(ws.team_member_rows().collect::<Vec<_>>(), [(TeamId::new(7), ana)]);
    ///
    /// ws.remove_member(owner, ana)?;
    /// assert_eq!(ws.team_member_rows().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn team_member_rows(&self) -> impl Iterator<Item = (TeamId, MemberId)> + '_ {
        self.members
            .iter()
            .filter(|member| member.active)
            .flat_map(|member| member.teams.iter().map(move |team| (*team, member.id)))
    }

    /// The rows of the `accounts` table that [`Filter::to_sql`](crate::Filter::to_sql)
    /// expects, as `(account, connector)`, in the order they were connected (every row
    /// with the tenant's id in its tenant column; see [`Schema`](crate::Schema)).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, MemberId, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// assert_eq!(ws.account_rows().collect::<Vec<_>>(), [(AccountId::new(10), owner)]);
    /// assert_eq!(Workspace::new(owner).account_rows().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn account_rows(&self) -> impl Iterator<Item = (AccountId, MemberId)> + '_ {
        self.accounts.iter().filter_map(|account| {
            self.record(account.connector)
                .map(|connector| (account.id, connector.id))
        })
    }

    /// The rows of the `chats` table, as `(chat, account)`, in no particular order.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(100), AccountId::new(10))?;
    /// assert_eq!(ws.chat_rows().collect::<Vec<_>>(), [(ChatId::new(100), AccountId::new(10))]);
    /// assert_eq!(Workspace::new(owner).chat_rows().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chat_rows(&self) -> impl Iterator<Item = (ChatId, AccountId)> + '_ {
        self.chats.iter().filter_map(|chat| {
            self.account_record(chat.account)
                .map(|account| (chat.id, account.id))
        })
    }

    /// The rows of the `chat_assignees` table, as `(chat, member)`, in no particular order:
    /// only active members are assigned (removing a member drops their assignments).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Role, Workspace};
    /// let (owner, dan) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, dan, Role::Agent)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(100), AccountId::new(10))?;
    /// ws.assign(owner, ChatId::new(100), dan)?;
    /// assert_eq!(ws.chat_assignee_rows().collect::<Vec<_>>(), [(ChatId::new(100), dan)]);
    /// ws.remove_member(owner, dan)?;
    /// assert_eq!(ws.chat_assignee_rows().count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chat_assignee_rows(&self) -> impl Iterator<Item = (ChatId, MemberId)> + '_ {
        self.chats.iter().flat_map(move |chat| {
            chat.assignees
                .iter()
                .filter_map(move |slot| self.record(slot).map(|member| (chat.id, member.id)))
        })
    }

    /// Every team.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, TeamId, Workspace};
    /// let mut ws = Workspace::new(MemberId::new(1));
    /// ws.create_team(MemberId::new(1), TeamId::new(4))?;
    /// assert_eq!(ws.teams().collect::<Vec<_>>(), [TeamId::new(4)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn teams(&self) -> impl Iterator<Item = TeamId> + '_ {
        self.teams.iter().copied()
    }

    /// Every account with its connector, in the order they were connected.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, MemberId, Workspace};
    /// let mut ws = Workspace::new(MemberId::new(1));
    /// ws.connect_account(MemberId::new(1), AccountId::new(10))?;
    /// let accounts: Vec<_> = ws.accounts().collect();
    /// assert_eq!(accounts, [(AccountId::new(10), MemberId::new(1))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn accounts(&self) -> impl Iterator<Item = (AccountId, MemberId)> + '_ {
        self.accounts.iter().filter_map(|account| {
            self.record(account.connector)
                .map(|connector| (account.id, connector.id))
        })
    }

    /// Every chat id, in no particular order.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Workspace};
    /// let mut ws = Workspace::new(MemberId::new(1));
    /// ws.connect_account(MemberId::new(1), AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// assert_eq!(ws.chats().collect::<Vec<_>>(), [ChatId::new(5)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chats(&self) -> impl Iterator<Item = ChatId> + '_ {
        self.chats.iter().map(|chat| chat.id)
    }

    /// The account `chat` arrives on, or `None` for an unknown chat.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Workspace};
    /// let mut ws = Workspace::new(MemberId::new(1));
    /// ws.connect_account(MemberId::new(1), AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// assert_eq!(ws.chat_account(ChatId::new(5)), Some(AccountId::new(10)));
    /// assert_eq!(ws.chat_account(ChatId::new(6)), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn chat_account(&self, chat: ChatId) -> Option<AccountId> {
        let record = self.chats.get(chat)?;
        self.account_record(record.account)
            .map(|account| account.id)
    }

    /// The members assigned to `chat` (empty for an unknown chat).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, ChatId, MemberId, Role, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, MemberId::new(2), Role::Collaborator)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// ws.assign(owner, ChatId::new(5), MemberId::new(2))?;
    /// assert_eq!(ws.assignees(ChatId::new(5)).collect::<Vec<_>>(), [MemberId::new(2)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assignees(&self, chat: ChatId) -> impl Iterator<Item = MemberId> + '_ {
        self.chats
            .get(chat)
            .into_iter()
            .flat_map(|record| record.assignees.iter())
            .filter_map(|index| self.record(index).map(|member| member.id))
    }

    /// The connector of `account`, or `None` for an unknown account.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, MemberId, Workspace};
    /// let mut ws = Workspace::new(MemberId::new(1));
    /// ws.connect_account(MemberId::new(1), AccountId::new(10))?;
    /// assert_eq!(ws.connector(AccountId::new(10)), Some(MemberId::new(1)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn connector(&self, account: AccountId) -> Option<MemberId> {
        let index = *self.account_index.get(&account)?;
        let record = self.account_record(index)?;
        self.record(record.connector).map(|member| member.id)
    }

    /// Where `target` stands for `member`: for a chat or an account, the categories it
    /// falls in. An unknown account or chat is in no category; `None` for an unknown member.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Categories, ChatId, MemberId, Role, Scope, Target, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(5), AccountId::new(10))?;
    /// assert_eq!(
    ///     ws.scope(owner, Target::Chat(ChatId::new(5))),
    ///     Some(Scope::Chat(Categories::OWN))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn scope(&self, member: MemberId, target: Target) -> Option<Scope> {
        let (index, record) = self.member(member)?;
        Some(self.scope_of(index, &record.subject(), target))
    }

    /// Decides whether `member` may take `action` on `target`, resolving ids against the
    /// current state; the decision is [`authorize_scope`]'s.
    ///
    /// # Errors
    ///
    /// - [`Denied::WrongResource`] — `action` does not apply to `target`'s kind
    ///   (`Action::View` of `Target::Workspace`).
    /// - [`Denied::Inactive`] — `member` is removed, or not a member at all.
    /// - [`Denied::OutOfScope`] — the chat is not visible to `member` or the account not
    ///   usable by them; an account or chat id the workspace does not know is denied the
    ///   same way. So a member who holds the action's flag cannot tell an unknown chat from
    ///   one they may not see. (One who lacks the flag is told `MissingPermission` for a chat
    ///   in their scope, as [the policy](crate::policy#why-a-request-is-denied) orders the reasons, and so learns that it is in scope.)
    /// - [`Denied::MissingPermission`] — in scope, without the flag.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, ChatId, Denied, MemberId, Target, Workspace};
    /// let ws = Workspace::new(MemberId::new(1));
    /// ws.authorize(MemberId::new(1), Action::ManageBilling, Target::Workspace)?;
    /// assert_eq!(
    ///     ws.authorize(MemberId::new(2), Action::ViewStats, Target::Workspace),
    ///     Err(Denied::Inactive)
    /// );
    /// assert!(matches!(
    ///     ws.authorize(MemberId::new(1), Action::View, Target::Chat(ChatId::new(404))),
    ///     Err(Denied::OutOfScope { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn authorize(
        &self,
        member: MemberId,
        action: Action,
        target: Target,
    ) -> Result<(), Denied> {
        let (index, subject) = self.standing(member);
        authorize_scope(&subject, action, self.scope_of(index, &subject, target))
    }

    /// The chat actions `member` may take on `chat`: each one decided by
    /// [`authorize`](Workspace::authorize) (through [`Capabilities::in_scope`]).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Capabilities, ChatId, MemberId, Workspace};
    /// let ws = Workspace::new(MemberId::new(1));
    /// assert_eq!(ws.capabilities(MemberId::new(1), ChatId::new(9)), Capabilities::empty());
    /// ```
    #[must_use]
    pub fn capabilities(&self, member: MemberId, chat: ChatId) -> Capabilities {
        let (index, subject) = self.standing(member);
        Capabilities::in_scope(&subject, self.scope_of(index, &subject, Target::Chat(chat)))
    }

    /// The first step of every decision by id: `member`'s index and the subject they are.
    /// An id that is no member stands as a removed member in no slot, so every decision
    /// about them is the decision about a removed member (after the wrong-resource check,
    /// which the one decision makes first).
    #[inline]
    fn standing(&self, member: MemberId) -> (u32, Subject<'_>) {
        match self.member(member) {
            Some((index, record)) => (index, record.subject()),
            None => (
                NO_MEMBER,
                Subject::new(member, Role::Collaborator).removed(),
            ),
        }
    }

    /// Where `target` stands for the member in slot `index`: its scope, from the ids
    /// resolved against the state ([`resolve`](Workspace::resolve)) and the member's
    /// categories of it ([`Account::categories_for`] and the assignment).
    #[inline]
    fn scope_of(&self, index: u32, subject: &Subject<'_>, target: Target) -> Scope {
        self.resolve(target).scope_for(index, subject)
    }

    /// `target` as the state holds it: the account (with its connector) or the chat (with
    /// its account and assignees), or nothing for an id the workspace does not know.
    #[inline]
    fn resolve(&self, target: Target) -> Resolved<'_> {
        match target {
            Target::Workspace => Resolved::Workspace,
            Target::Account(id) => Resolved::Account(
                self.account_index
                    .get(&id)
                    .and_then(|account| self.account_view(*account)),
            ),
            Target::Chat(id) => Resolved::Chat(
                self.chats
                    .get(id)
                    .and_then(|chat| Some((self.account_view(chat.account)?, chat.assignees))),
            ),
        }
    }

    /// The account at `index` as the ownership model sees it: its id and connector.
    #[inline]
    fn account_view(&self, index: u32) -> Option<Account<'_>> {
        let account = self.account_record(index)?;
        let connector = self.record(account.connector)?;
        let view = Connector::new(connector.id).with_teams(&connector.teams);
        let view = if connector.active {
            view
        } else {
            view.removed()
        };
        Some(Account::new(account.id, view))
    }

    fn member(&self, id: MemberId) -> Option<(u32, &MemberRecord)> {
        let index = *self.member_index.get(&id)?;
        Some((index, self.record(index)?))
    }

    fn record(&self, index: u32) -> Option<&MemberRecord> {
        self.members.get(usize::try_from(index).ok()?)
    }

    fn account_record(&self, index: u32) -> Option<&AccountRecord> {
        self.accounts.get(usize::try_from(index).ok()?)
    }
}
