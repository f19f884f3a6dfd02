//! The names a policy file gives to members, teams, accounts and chats, and the numeric ids
//! the workspace knows them by.

use std::collections::HashMap;
use std::fmt;

use chatgate::{AccountId, ChatId, MemberId, Target, TeamId};

/// The ids a file gives to one kind of thing, numbered from 1 in the order they appear,
/// each with the index of the entry that gave it.
#[derive(Debug, Default)]
pub struct Table {
    names: Vec<String>,
    ids: HashMap<String, (u128, usize)>,
}

impl Table {
    /// Adds `name`, given by entry `entry`; `Err` with the entry that gave it already.
    pub fn add(&mut self, name: &str, entry: usize) -> Result<u128, usize> {
        if let Some((_, first)) = self.ids.get(name) {
            return Err(*first);
        }
        self.names.push(name.to_owned());
        let id = u128::try_from(self.names.len()).unwrap_or(u128::MAX);
        self.ids.insert(name.to_owned(), (id, entry));
        Ok(id)
    }

    /// The id of `name`, adding it when it is new (for teams, which no entry declares).
    pub fn get_or_add(&mut self, name: &str) -> u128 {
        match self.id(name) {
            Some(id) => id,
            None => self.add(name, 0).unwrap_or(0),
        }
    }

    /// The id of `name`, if the file gave it.
    pub fn id(&self, name: &str) -> Option<u128> {
        self.ids.get(name).map(|(id, _)| *id)
    }

    /// The name the file gave to `id`.
    pub fn name(&self, id: u128) -> &str {
        usize::try_from(id)
            .ok()
            .and_then(|id| id.checked_sub(1))
            .and_then(|index| self.names.get(index))
            .map_or("?", String::as_str)
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl Iterator<Item = u128> {
        1..=u128::try_from(self.names.len()).unwrap_or(0)
    }
}

/// The names a file gives, and what only the file knows about its members.
#[derive(Debug, Default)]
pub struct Names {
    /// Members.
    pub members: Table,
    /// Teams.
    pub teams: Table,
    /// Accounts.
    pub accounts: Table,
    /// Chats.
    pub chats: Table,
    /// For each member in order: whether the file lists their permissions.
    explicit: Vec<bool>,
}

impl Names {
    /// The file's name of `member`, quoted.
    pub fn member(&self, member: MemberId) -> Quoted<'_> {
        Quoted(self.members.name(member.get()))
    }

    /// The file's name of `team`, quoted.
    pub fn team(&self, team: TeamId) -> Quoted<'_> {
        Quoted(self.teams.name(team.get()))
    }

    /// The file's name of `account`, quoted.
    pub fn account(&self, account: AccountId) -> Quoted<'_> {
        Quoted(self.accounts.name(account.get()))
    }

    /// The file's name of `chat`, quoted.
    pub fn chat(&self, chat: ChatId) -> Quoted<'_> {
        Quoted(self.chats.name(chat.get()))
    }

    /// Records, for each member in the order of their ids, whether the file lists their
    /// permissions.
    pub fn set_explicit(&mut self, explicit: Vec<bool>) {
        self.explicit = explicit;
    }

    /// Whether the file lists `member`'s permissions (or leaves them to the role's default).
    pub fn explicit_grants(&self, member: MemberId) -> bool {
        usize::try_from(member.get())
            .ok()
            .and_then(|id| id.checked_sub(1))
            .and_then(|index| self.explicit.get(index))
            .copied()
            .unwrap_or(false)
    }

    /// How a target reads in a line: `chat "c1"`, `account "a1"`, `the workspace`.
    pub fn target(&self, target: Target) -> String {
        match target {
            Target::Workspace => "the workspace".to_owned(),
            Target::Account(account) => format!("account {}", self.account(account)),
            Target::Chat(chat) => format!("chat {}", self.chat(chat)),
        }
    }
}

/// An id as the file wrote it, quoted and escaped as JSON would (`"bea"`).
#[derive(Debug, Clone, Copy)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}
