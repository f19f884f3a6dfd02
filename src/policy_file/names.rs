//! The names a policy file gives to members, teams, accounts and chats, and the numeric ids
//! its workspace knows them by.

use std::collections::HashMap;
use std::fmt;
use std::string::{String, ToString};
use std::vec::Vec;

use crate::workspace::{IdText, Named};
use crate::{Access, AccountId, Change, ChatId, MemberId, Remedy, Target, TeamId};

/// The ids a file gives to one kind of thing, numbered from 1 in the order they appear.
///
/// # Example
///
/// ```
/// use chatgate::policy_file::PolicyFile;
///
/// let file = PolicyFile::parse(r#"{"members": [{"id": "olga", "role": "owner"}]}"#)?;
/// let members = file.names().members();
/// assert_eq!(members.id("olga"), Some(1));
/// assert_eq!(members.name(1), Some("olga"));
/// assert_eq!(members.id("zoe"), None);
/// # Ok::<(), chatgate::policy_file::Problems>(())
/// ```
#[derive(Debug, Default)]
pub struct Table {
    names: Vec<String>,
    /// Each name's id and the index of the entry that gave it.
    ids: HashMap<String, (u128, usize)>,
}

impl Table {
    /// Adds `name`, given by entry `entry`; `Err` with the entry that gave it already.
    pub(super) fn add(&mut self, name: &str, entry: usize) -> Result<u128, usize> {
        if let Some((_, first)) = self.ids.get(name) {
            return Err(*first);
        }
        self.names.push(name.to_string());
        let id = u128::try_from(self.names.len()).unwrap_or(u128::MAX);
        self.ids.insert(name.to_string(), (id, entry));
        Ok(id)
    }

    /// The id of `name`, adding it when it is new (for teams, which no entry declares).
    pub(super) fn get_or_add(&mut self, name: &str) -> u128 {
        match self.id(name) {
            Some(id) => id,
            None => self.add(name, 0).unwrap_or(0),
        }
    }

    /// The id of `name`, if the file gave it.
    #[must_use]
    pub fn id(&self, name: &str) -> Option<u128> {
        self.ids.get(name).map(|(id, _)| *id)
    }

    /// The name the file gave to `id`.
    #[must_use]
    pub fn name(&self, id: u128) -> Option<&str> {
        usize::try_from(id)
            .ok()
            .and_then(|id| id.checked_sub(1))
            .and_then(|index| self.names.get(index))
            .map(String::as_str)
    }

    /// Every id, in order.
    pub(super) fn ids(&self) -> impl Iterator<Item = u128> {
        1..=u128::try_from(self.names.len()).unwrap_or(0)
    }

    /// How `id` reads in a line: its name quoted, or `?` for an id the file did not give.
    fn quoted(&self, id: u128) -> Quoted<'_> {
        Quoted(self.name(id).unwrap_or("?"))
    }
}

/// The names a file gives, and what only the file knows about its members.
#[derive(Debug, Default)]
pub struct Names {
    pub(super) members: Table,
    pub(super) teams: Table,
    pub(super) accounts: Table,
    pub(super) chats: Table,
    /// For each member in order: whether the file lists their permissions.
    pub(super) explicit: Vec<bool>,
}

impl Names {
    /// The members' ids.
    #[must_use]
    pub fn members(&self) -> &Table {
        &self.members
    }

    /// The teams' ids (teams are named by the members' `teams`).
    #[must_use]
    pub fn teams(&self) -> &Table {
        &self.teams
    }

    /// The accounts' ids.
    #[must_use]
    pub fn accounts(&self) -> &Table {
        &self.accounts
    }

    /// The chats' ids.
    #[must_use]
    pub fn chats(&self) -> &Table {
        &self.chats
    }

    /// The file's name of `member`, quoted.
    #[must_use]
    pub fn member(&self, member: MemberId) -> Quoted<'_> {
        self.members.quoted(member.get())
    }

    /// The file's name of `team`, quoted.
    #[must_use]
    pub fn team(&self, team: TeamId) -> Quoted<'_> {
        self.teams.quoted(team.get())
    }

    /// The file's name of `account`, quoted.
    #[must_use]
    pub fn account(&self, account: AccountId) -> Quoted<'_> {
        self.accounts.quoted(account.get())
    }

    /// The file's name of `chat`, quoted.
    #[must_use]
    pub fn chat(&self, chat: ChatId) -> Quoted<'_> {
        self.chats.quoted(chat.get())
    }

    /// Whether the file lists `member`'s permissions (`false`: the role's default).
    #[must_use]
    pub fn explicit_grants(&self, member: MemberId) -> bool {
        usize::try_from(member.get())
            .ok()
            .and_then(|id| id.checked_sub(1))
            .and_then(|index| self.explicit.get(index))
            .copied()
            .unwrap_or(false)
    }

    /// How a target reads in a line: `chat "c1"`, `account "a1"`, `the workspace`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    /// use chatgate::{ChatId, Target};
    ///
    /// let file = PolicyFile::parse(r#"{
    ///     "members": [{"id": "olga", "role": "owner"}],
    ///     "accounts": [{"id": "inbox", "connected_by": "olga"}],
    ///     "chats": [{"id": "c1", "account": "inbox"}]}"#)?;
    /// assert_eq!(file.names().target(Target::Chat(ChatId::new(1))), r#"chat "c1""#);
    /// assert_eq!(file.names().target(Target::Workspace), "the workspace");
    /// # Ok::<(), chatgate::policy_file::Problems>(())
    /// ```
    #[must_use]
    pub fn target(&self, target: Target) -> String {
        match target {
            Target::Workspace => "the workspace".to_string(),
            Target::Account(account) => std::format!("account {}", self.account(account)),
            Target::Chat(chat) => std::format!("chat {}", self.chat(chat)),
        }
    }
}

impl Names {
    /// How `change` reads in a line, by the file's names: `assign chat "c1" member "dan"`.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    /// use chatgate::{Change, MemberId, Role};
    ///
    /// let file = PolicyFile::parse(r#"{"members": [{"id": "olga", "role": "owner"}]}"#)?;
    /// let change = Change::SetRole { member: MemberId::new(1), role: Role::Admin };
    /// assert_eq!(file.names().change(&change).to_string(), r#"set_role member "olga" role admin"#);
    /// // An id the file does not give reads as `?`.
    /// let change = Change::SetRole { member: MemberId::new(9), role: Role::Admin };
    /// assert_eq!(file.names().change(&change).to_string(), r#"set_role member "?" role admin"#);
    /// # Ok::<(), chatgate::policy_file::Problems>(())
    /// ```
    #[must_use]
    pub fn change<'a>(&'a self, change: &'a Change) -> impl fmt::Display + 'a {
        NamedChange {
            names: self,
            change,
        }
    }

    /// How `remedy` reads in a line, by the file's names.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::{PolicyFile, Wanted};
    /// use chatgate::Action;
    ///
    /// let file = PolicyFile::load("examples/policies/small_team.json".as_ref())?;
    /// let (marta, c102) = file.lookup("marta", Wanted::Chat("c102"))?;
    /// let remedies = file.workspace().remedies(marta, Action::Reply, c102);
    /// assert_eq!(
    ///     file.names().remedy(&remedies[0]).to_string(),
    ///     "set_permissions member \"marta\" permissions [view, reply]: a member who manages \
    ///      the team and may do all it opens can"
    /// );
    /// // The failing case: an allowed decision has no remedy.
    /// let (olga, _) = file.lookup("olga", Wanted::Chat("c102"))?;
    /// assert!(file.workspace().remedies(olga, Action::Reply, c102).is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn remedy<'a>(&'a self, remedy: &'a Remedy) -> impl fmt::Display + 'a {
        NamedRemedy {
            names: self,
            remedy,
        }
    }

    /// `access` in the sentences of its `Display`, each id by the file's name, quoted and
    /// escaped as [`Quoted`] writes it (`?` for an id the file does not name).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    ///
    /// let file = PolicyFile::load("examples/policies/small_team.json".as_ref())?;
    /// let marta = file.workspace().access(chatgate::MemberId::new(3)).ok_or("marta is active")?;
    /// let text = file.names().access(&marta);
    /// assert!(text.starts_with("\"marta\" is a teammate in team \"support\".\n"));
    /// assert!(text.contains("\nThey hold view (granted).\n"));
    ///
    /// // "pablo" is removed: no access to show.
    /// assert_eq!(file.workspace().access(chatgate::MemberId::new(4)), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn access(&self, access: &Access) -> String {
        Named(access, self).to_string()
    }
}

/// A change written with a file's names.
struct NamedChange<'a> {
    names: &'a Names,
    change: &'a Change,
}

impl fmt::Display for NamedChange<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.change.write_with(f, self.names)
    }
}

/// A remedy written with a file's names.
struct NamedRemedy<'a> {
    names: &'a Names,
    remedy: &'a Remedy,
}

impl fmt::Display for NamedRemedy<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.remedy.write_with(f, self.names)
    }
}

/// The file's names, for [`Names::change`] and [`Names::access`].
impl IdText for Names {
    fn member(&self, f: &mut fmt::Formatter<'_>, member: MemberId) -> fmt::Result {
        write!(f, "{}", Names::member(self, member))
    }
    fn team(&self, f: &mut fmt::Formatter<'_>, team: TeamId) -> fmt::Result {
        write!(f, "{}", Names::team(self, team))
    }
    fn account(&self, f: &mut fmt::Formatter<'_>, account: AccountId) -> fmt::Result {
        write!(f, "{}", Names::account(self, account))
    }
    fn chat(&self, f: &mut fmt::Formatter<'_>, chat: ChatId) -> fmt::Result {
        write!(f, "{}", Names::chat(self, chat))
    }
}

/// An id as the file wrote it, quoted and escaped as Rust's `{:?}` does (`"bea"`,
/// `"a\nb"`): a name can never break a line.
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
