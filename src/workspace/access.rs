//! A member's access level, as the Settings page shows it to them (the second seed: members
//! see their permissions "in the Settings page, their access level"): their role and teams,
//! the chats they see, their permissions and where each comes from, the accounts they may
//! send from, the chats assigned to them and the workspace actions they may take.
//!
//! Nothing here decides: the chats a role sees are [`Role::visible`], the permissions are
//! [`Role::effective`] and each one's source is read off [`Permission::closure`], and every
//! account and workspace action is one call of [`Workspace::authorize`].

use core::fmt;
use std::vec::Vec;

use super::id_text::{Backquoted, IdText};
use super::{Target, Workspace};
use crate::{
    AccountId, Action, Categories, Category, ChatId, MemberId, Permission, ResourceKind, Role,
    TeamId,
};

/// One active member's access: what the Settings page shows them, each part derived from the
/// decision itself ([`Workspace::access`] makes it).
///
/// `Display` writes it in sentences a member can read, one a line, ids in backquotes.
///
/// `#[non_exhaustive]`, deliberately: a later policy may show more on the page, and a field
/// added then must not break code that reads these; read the fields, never build one.
///
/// # Example
///
/// ```
/// use chatgate::{AccountId, Categories, MemberId, Permission, Role, Workspace};
///
/// let (owner, dan) = (MemberId::new(1), MemberId::new(4));
/// let mut ws = Workspace::new(owner);
/// ws.add_member(owner, dan, Role::Agent)?;
/// ws.connect_account(dan, AccountId::new(20))?;
///
/// let access = ws.access(dan).ok_or("dan is active")?;
/// assert_eq!(access.visible, Categories::OWN | Categories::ASSIGNED);
/// assert_eq!(access.effective(), Permission::VIEW | Permission::REPLY);
/// assert_eq!(access.usable_accounts, [AccountId::new(20)]);
/// assert_eq!(
///     access.to_string().lines().next(),
///     Some("`4` is an agent in no team.")
/// );
///
/// // A removed member has no access to show.
/// ws.remove_member(owner, dan)?;
/// assert_eq!(ws.access(dan), None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Access {
    /// The member.
    pub member: MemberId,
    /// Their role.
    pub role: Role,
    /// The teams they are in, by id.
    pub teams: Vec<TeamId>,
    /// The chat categories their role sees (their row of the visibility matrix).
    pub visible: Categories,
    /// Their effective permissions, one flag each, in the flags' order, with where each
    /// comes from.
    pub permissions: Vec<HeldPermission>,
    /// What their grants would bring (the grants and their closure) that their role's
    /// ceiling leaves out, so they do not hold it.
    pub left_out_by_ceiling: Permission,
    /// The accounts they may send from, in the order they were connected: each one where
    /// [`Workspace::authorize`] allows [`Action::SendFrom`].
    pub usable_accounts: Vec<AccountId>,
    /// The chats assigned to them, by id.
    pub assigned_chats: Vec<ChatId>,
    /// Every workspace action (in [`Action::ALL`]'s order) and whether
    /// [`Workspace::authorize`] allows it to them: the workspace's sections.
    pub workspace_actions: Vec<(Action, bool)>,
}

/// One effective permission flag, and where it comes from.
///
/// # Example
///
/// ```
/// use chatgate::{HeldPermission, MemberId, Permission, PermissionSource, Role, Workspace};
///
/// let (owner, bea) = (MemberId::new(1), MemberId::new(2));
/// let mut ws = Workspace::new(owner);
/// ws.add_member_with_permissions(owner, bea, Role::Teammate, Some(Permission::DELETE))?;
/// let access = ws.access(bea).ok_or("bea is active")?;
/// assert_eq!(
///     access.permissions,
///     [
///         HeldPermission {
///             permission: Permission::VIEW,
///             source: PermissionSource::Implied { by: Permission::DELETE },
///         },
///         HeldPermission { permission: Permission::DELETE, source: PermissionSource::Granted },
///     ]
/// );
/// // Not granted, and implied by nothing granted: not held.
/// assert!(!access.effective().contains(Permission::REPLY));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HeldPermission {
    /// The flag (a single one).
    pub permission: Permission,
    /// Where it comes from.
    pub source: PermissionSource,
}

/// Where an effective permission comes from; the first that applies, in this order.
///
/// # Example
///
/// ```
/// use chatgate::{Permission, PermissionSource};
///
/// let source = PermissionSource::Implied { by: Permission::REPLY };
/// assert_eq!(source.to_string(), "implied by reply");
/// assert_eq!(PermissionSource::RoleDefault.to_string(), "their role's default grant");
/// assert_ne!(PermissionSource::Granted, PermissionSource::RoleDefault);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PermissionSource {
    /// Granted to the member explicitly.
    Granted,
    /// Their role's default grant (the member was granted nothing explicitly).
    RoleDefault,
    /// Not granted, but implied by these granted flags through the closure (Reply ⇒ View,
    /// Delete ⇒ View, Admin ⇒ every flag).
    Implied {
        /// The granted flags that imply it.
        by: Permission,
    },
    /// Held by every member of their role whatever was granted: the Owner always holds
    /// every permission, and can never lock themself out.
    RoleFloor,
}

/// The words in parentheses after a flag: `granted`, `implied by reply`.
impl fmt::Display for PermissionSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PermissionSource::Granted => f.write_str("granted"),
            PermissionSource::RoleDefault => f.write_str("their role's default grant"),
            PermissionSource::Implied { by } => write!(f, "implied by {by}"),
            PermissionSource::RoleFloor => f.write_str("held by their role whatever was granted"),
        }
    }
}

impl Access {
    /// The effective permissions, as one set: the flags of
    /// [`permissions`](Access::permissions).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, Permission, Role, Workspace};
    ///
    /// let (owner, cleo) = (MemberId::new(1), MemberId::new(3));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member_with_permissions(owner, cleo, Role::Collaborator, Some(Permission::ADMIN))?;
    /// let access = ws.access(cleo).ok_or("cleo is active")?;
    /// // A collaborator granted Admin holds the conversation flags only.
    /// assert_eq!(access.effective(), Permission::VIEW | Permission::REPLY | Permission::DELETE);
    /// assert!(access.left_out_by_ceiling.contains(Permission::MANAGE_TEAM));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn effective(&self) -> Permission {
        self.permissions
            .iter()
            .fold(Permission::empty(), |set, held| set | held.permission)
    }
}

impl Workspace {
    /// The access level of `member`, as the Settings page shows it to them: role, teams,
    /// the chats they see, their effective permissions with where each comes from, the
    /// accounts they may send from, the chats assigned to them, and the workspace actions
    /// they may take.
    ///
    /// `None` for an id that is no member and for a removed member: a removed member is
    /// denied everything ([`Denied::Inactive`](crate::Denied::Inactive)), so there is no
    /// access to show, and a summary of their role would suggest some.
    /// [`subject`](Workspace::subject) tells the two apart.
    ///
    /// The accounts and workspace actions are decided one by one by
    /// [`authorize`](Workspace::authorize); the assigned chats come from the workspace's index
    /// of them, in id order.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Action, ChatId, MemberId, Permission, Role, TeamId, Workspace};
    ///
    /// let (owner, bea, ghost) = (MemberId::new(1), MemberId::new(2), MemberId::new(9));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member_with_permissions(owner, bea, Role::Teammate, Some(Permission::VIEW))?;
    /// ws.create_team(owner, TeamId::new(7))?;
    /// ws.join_team(owner, owner, TeamId::new(7))?;
    /// ws.join_team(owner, bea, TeamId::new(7))?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(100), AccountId::new(10))?;
    /// ws.assign(owner, ChatId::new(100), bea)?;
    ///
    /// let access = ws.access(bea).ok_or("bea is active")?;
    /// assert_eq!(access.teams, [TeamId::new(7)]);
    /// assert_eq!(access.assigned_chats, [ChatId::new(100)]);
    /// // Sending needs Reply: a reader may use no account, even her team's.
    /// assert!(access.usable_accounts.is_empty());
    /// assert!(access.workspace_actions.contains(&(Action::ConnectAccount, true)));
    /// assert!(access.workspace_actions.contains(&(Action::ManageTeam, false)));
    /// assert_eq!(
    ///     access.to_string(),
    ///     "`2` is a teammate in team `7`.\n\
    ///      They see chats of the accounts they connected, chats of accounts connected by \
    ///      members who share a team with them, and chats assigned to them.\n\
    ///      They hold view (granted).\n\
    ///      They may send from no account.\n\
    ///      They are assigned to chat `100`.\n\
    ///      In the workspace they may `connect_account`; they may not `manage_workspace`, \
    ///      `manage_billing`, `manage_team`, `manage_integrations`, `manage_settings`, \
    ///      `view_stats`, `manage_forms`."
    /// );
    ///
    /// // No access to show for an unknown id, or a removed member.
    /// assert_eq!(ws.access(ghost), None);
    /// ws.remove_member(owner, bea)?;
    /// assert_eq!(ws.access(bea), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn access(&self, member: MemberId) -> Option<Access> {
        let (index, record) = self.member(member).filter(|(_, record)| record.active)?;
        let subject = record.subject();
        let usable_accounts = self
            .accounts()
            .map(|(account, _)| account)
            .filter(|account| {
                self.authorize(member, Action::SendFrom, Target::Account(*account))
                    .is_ok()
            })
            .collect();
        let assigned_chats: Vec<ChatId> = self.chats.assigned_chats(index).collect();
        let workspace_actions = Action::ALL
            .into_iter()
            .filter(|action| action.resource_kind() == ResourceKind::Workspace)
            .map(|action| {
                let allowed = self.authorize(member, action, Target::Workspace).is_ok();
                (action, allowed)
            })
            .collect();
        let (permissions, left_out_by_ceiling) =
            held_permissions(record.role, record.grants.is_some(), subject.grants());
        Some(Access {
            member,
            role: record.role,
            teams: subject.teams().to_vec(),
            visible: record.role.visible(),
            permissions,
            left_out_by_ceiling,
            usable_accounts,
            assigned_chats,
            workspace_actions,
        })
    }
}

/// The effective permissions of a member of `role` granted `granted` (`explicit`: granted
/// explicitly, else the role's default), each with its source, and what the ceiling leaves
/// out. Read off [`Role::effective`] and [`Permission::closure`], never worked out again:
/// a flag is effective or not as `effective` says; an effective flag not granted is implied
/// when the closure of a granted flag holds it, and held by the role's floor otherwise;
/// what the closure brings and `effective` lacks is what the ceiling left out.
fn held_permissions(
    role: Role,
    explicit: bool,
    granted: Permission,
) -> (Vec<HeldPermission>, Permission) {
    let effective = role.effective(granted);
    let brought = granted.closure();
    let held = effective
        .iter()
        .map(|permission| {
            let source = if granted.contains(permission) {
                if explicit {
                    PermissionSource::Granted
                } else {
                    PermissionSource::RoleDefault
                }
            } else if brought.contains(permission) {
                let by = granted
                    .iter()
                    .filter(|flag| flag.closure().contains(permission))
                    .fold(Permission::empty(), |set, flag| set | flag);
                PermissionSource::Implied { by }
            } else {
                PermissionSource::RoleFloor
            };
            HeldPermission { permission, source }
        })
        .collect();
    (held, brought.difference(effective))
}

/// An access summary with its ids written by `naming`.
pub(crate) struct Named<'a, N>(pub(crate) &'a Access, pub(crate) &'a N);

/// One sentence a line, as [`Workspace::access`] shows; no final newline.
impl fmt::Display for Access {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Named(self, &Backquoted).fmt(f)
    }
}

impl<N: IdText> fmt::Display for Named<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Named(access, naming) = *self;
        naming.member(f, access.member)?;
        write!(f, " is {} ", a_role(access.role))?;
        list(
            f,
            "in no team",
            "in team ",
            "in teams ",
            &access.teams,
            |f, team| naming.team(f, *team),
        )?;
        f.write_str(".\nThey see ")?;
        seen(f, access.visible)?;
        f.write_str(".\nThey hold ")?;
        held(f, &access.permissions)?;
        f.write_str(".")?;
        if !access.left_out_by_ceiling.is_empty() {
            write!(
                f,
                "\nThe {} ceiling leaves out {}, which their grants would bring.",
                access.role, access.left_out_by_ceiling
            )?;
        }
        f.write_str("\nThey may send from ")?;
        list(
            f,
            "no account",
            "account ",
            "accounts ",
            &access.usable_accounts,
            |f, account| naming.account(f, *account),
        )?;
        f.write_str(".\nThey are assigned to ")?;
        list(
            f,
            "no chat",
            "chat ",
            "chats ",
            &access.assigned_chats,
            |f, chat| naming.chat(f, *chat),
        )?;
        f.write_str(".\nIn the workspace they ")?;
        workspace(f, &access.workspace_actions)?;
        f.write_str(".")
    }
}

/// `the owner` (a workspace has exactly one), `an agent`, `a teammate`.
const fn a_role(role: Role) -> &'static str {
    match role {
        Role::Owner => "the owner",
        Role::Admin => "an admin",
        Role::Teammate => "a teammate",
        Role::Agent => "an agent",
        Role::Collaborator => "a collaborator",
    }
}

/// The chats of a category, in words ([the policy's](crate::policy#the-categories-of-a-chat)
/// definitions).
const fn chats_of(category: Category) -> &'static str {
    match category {
        Category::Own => "chats of the accounts they connected",
        Category::SameTeam => "chats of accounts connected by members who share a team with them",
        Category::OtherTeam => "chats of every other account",
        Category::Assigned => "chats assigned to them",
    }
}

/// `every chat` when the categories hold every account's (every chat is in one of those), else
/// each category's chats: `A`, `A and B`, `A, B, and C`.
fn seen(f: &mut fmt::Formatter<'_>, visible: Categories) -> fmt::Result {
    if visible.contains(Categories::BY_CONNECTOR) {
        return f.write_str("every chat");
    }
    let phrases: Vec<&str> = Category::ALL
        .into_iter()
        .filter(|category| visible.contains(category.as_set()))
        .map(chats_of)
        .collect();
    match phrases.as_slice() {
        [] => f.write_str("no chat"),
        [one] => f.write_str(one),
        [first, second] => write!(f, "{first} and {second}"),
        [first @ .., last] => {
            for phrase in first {
                write!(f, "{phrase}, ")?;
            }
            write!(f, "and {last}")
        }
    }
}

/// The effective flags grouped by source, the grant first: `admin (their role's default
/// grant); view, reply (implied by admin)`; `no permission` for none.
fn held(f: &mut fmt::Formatter<'_>, permissions: &[HeldPermission]) -> fmt::Result {
    // Each source once: the grant's first, then the implied ones, then the floor (each
    // rank in the order its first flag appears).
    let rank = |source: &PermissionSource| match source {
        PermissionSource::Granted | PermissionSource::RoleDefault => 0,
        PermissionSource::Implied { .. } => 1,
        PermissionSource::RoleFloor => 2,
    };
    let mut sources: Vec<PermissionSource> = Vec::new();
    for held in permissions {
        if !sources.contains(&held.source) {
            sources.push(held.source);
        }
    }
    sources.sort_by_key(rank);
    if sources.is_empty() {
        return f.write_str("no permission");
    }
    for (at, source) in sources.iter().enumerate() {
        let flags = permissions
            .iter()
            .filter(|held| held.source == *source)
            .fold(Permission::empty(), |set, held| set | held.permission);
        if at > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{flags} ({source})")?;
    }
    Ok(())
}

/// `may `a`, `b`; may not `c``.
fn workspace(f: &mut fmt::Formatter<'_>, actions: &[(Action, bool)]) -> fmt::Result {
    let mut wrote = false;
    for (allowed, words) in [(true, "may "), (false, "may not ")] {
        let mut named = actions.iter().filter(|(_, is)| *is == allowed).peekable();
        if named.peek().is_none() {
            continue;
        }
        if wrote {
            f.write_str("; they ")?;
        }
        f.write_str(words)?;
        for (at, (action, _)) in named.enumerate() {
            if at > 0 {
                f.write_str(", ")?;
            }
            write!(f, "`{action}`")?;
        }
        wrote = true;
    }
    if wrote {
        Ok(())
    } else {
        f.write_str("may take no workspace action")
    }
}

/// `none` for no item, else `one` or `many` and the items separated by `, `.
fn list<T>(
    f: &mut fmt::Formatter<'_>,
    none: &str,
    one: &str,
    many: &str,
    items: &[T],
    write: impl Fn(&mut fmt::Formatter<'_>, &T) -> fmt::Result,
) -> fmt::Result {
    match items {
        [] => return f.write_str(none),
        [_] => f.write_str(one)?,
        _ => f.write_str(many)?,
    }
    for (at, item) in items.iter().enumerate() {
        if at > 0 {
            f.write_str(", ")?;
        }
        write(f, item)?;
    }
    Ok(())
}
