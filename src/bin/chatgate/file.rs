//! The policy file: its JSON format, the names it gives to members, teams, accounts and
//! chats, and every check that a file can be used, each problem naming its entry.

use std::fmt;
use std::path::Path;

use chatgate::{
    AccountId, AccountSnapshot, Action, ChatId, ChatSnapshot, MemberId, MemberSnapshot, Permission,
    Reason, ResourceKind, Role, SnapshotError, Target, TeamId, Workspace, WorkspaceSnapshot,
};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::names::{Names, Table};
use crate::problem::{message_of, raw_id, Entry, Problem};

/// The file as a whole: four arrays, any of them omitted for empty, each entry kept as raw
/// text so that a problem in one entry can name it.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a policy file: an object with the arrays `members`, `accounts`, `chats`, `checks`"
)]
struct RawFile<'a> {
    #[serde(borrow, default)]
    members: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    accounts: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    chats: Vec<&'a RawValue>,
    #[serde(borrow, default)]
    checks: Vec<&'a RawValue>,
}

/// `{"id", "role", "teams"?, "permissions"?, "removed"?}`
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a member: an object with `id` and `role`"
)]
struct MemberEntry {
    id: String,
    role: String,
    #[serde(default)]
    teams: Vec<String>,
    /// Absent: the role's default grant; `[]`: no grant.
    #[serde(default)]
    permissions: Option<Vec<String>>,
    #[serde(default)]
    removed: bool,
}

/// `{"id", "connected_by"}`
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an account: an object with `id` and `connected_by`"
)]
struct AccountEntry {
    id: String,
    connected_by: String,
}

/// `{"id", "account", "assignees"?}`
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a chat: an object with `id` and `account`"
)]
struct ChatEntry {
    id: String,
    account: String,
    #[serde(default)]
    assignees: Vec<String>,
}

/// `{"subject", "action", "chat"?, "account"?, "expect", "reason"?}`
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a check: an object with `subject`, `action` and `expect`"
)]
struct CheckEntry {
    subject: String,
    action: String,
    #[serde(default)]
    chat: Option<String>,
    #[serde(default)]
    account: Option<String>,
    expect: String,
    #[serde(default)]
    reason: Option<String>,
}

/// What a check expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The decision allows.
    Allow,
    /// The decision denies, with this reason when one is given.
    Deny(Option<Reason>),
}

impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Allow => f.write_str("allow"),
            Expect::Deny(None) => f.write_str("deny"),
            Expect::Deny(Some(reason)) => write!(f, "deny ({reason})"),
        }
    }
}

/// One check of a file, resolved to the workspace's ids.
#[derive(Debug)]
pub struct Check {
    /// Its index in `checks`.
    pub index: usize,
    /// The subject's id in the file.
    pub subject_name: String,
    /// The subject.
    pub subject: MemberId,
    /// The action.
    pub action: Action,
    /// What it is asked of.
    pub target: Target,
    /// What the check expects.
    pub expect: Expect,
}

/// A usable policy file.
#[derive(Debug)]
pub struct Policy {
    /// The workspace the file describes.
    pub workspace: Workspace,
    /// The names it gives.
    pub names: Names,
    /// Its checks, in order.
    pub checks: Vec<Check>,
}

/// Reads and checks the policy file at `path`: the policy, or every problem found.
///
/// Nothing is half-checked: a file with any problem gives no policy, so none of its checks
/// run.
pub fn load(path: &Path) -> Result<Policy, Vec<Problem>> {
    let bytes =
        std::fs::read(path).map_err(|error| vec![Problem::new(format!("cannot read: {error}"))])?;
    let text = String::from_utf8(bytes)
        .map_err(|_| vec![Problem::new("cannot read: the file is not UTF-8 text")])?;
    parse(&text)
}

/// Checks the policy file `text`.
pub fn parse(text: &str) -> Result<Policy, Vec<Problem>> {
    let raw: RawFile<'_> = serde_json::from_str(text).map_err(|error| {
        let message = match error.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("invalid JSON: {}", message_of(&error))
            }
            _ => message_of(&error),
        };
        vec![Problem::at(error.line(), error.column(), message)]
    })?;
    let mut reader = Reader {
        text,
        names: Names::default(),
        problems: Vec::new(),
    };
    let members = reader.members(&raw.members);
    let accounts = reader.accounts(&raw.accounts);
    let chats = reader.chats(&raw.chats);
    let checks = reader.checks(&raw.checks);
    let Reader {
        mut names,
        problems,
        ..
    } = reader;
    if !problems.is_empty() {
        return Err(problems);
    }
    // With no problem, every member was read, in the order of their ids.
    names.set_explicit(members.iter().map(|(_, m)| m.grants.is_some()).collect());
    let snapshot = WorkspaceSnapshot {
        members: members.iter().map(|(_, member)| member.clone()).collect(),
        teams: names.teams.ids().map(TeamId::new).collect(),
        accounts: accounts.iter().map(|(_, account)| *account).collect(),
        chats: chats.iter().map(|(_, chat)| chat.clone()).collect(),
    };
    let workspace = Workspace::from_snapshot(snapshot).map_err(|error| {
        let entries = Entries {
            members: &members,
            accounts: &accounts,
            chats: &chats,
        };
        vec![invariant_problem(&error, &names, &entries)]
    })?;
    Ok(Policy {
        workspace,
        names,
        checks,
    })
}

/// The entries read, with their labels, for placing an invariant's problem.
struct Entries<'a> {
    members: &'a [(Entry, MemberSnapshot)],
    accounts: &'a [(Entry, AccountSnapshot)],
    chats: &'a [(Entry, ChatSnapshot)],
}

/// A workspace invariant the file breaks, placed at the entry that breaks it.
fn invariant_problem(error: &SnapshotError, names: &Names, entries: &Entries<'_>) -> Problem {
    let member = |id: MemberId| entries.members.iter().find(|(_, m)| m.id == id);
    match *error {
        SnapshotError::NoOwner => Problem::new(
            "no member has the role `owner`: a workspace has exactly one owner (a removed one \
             included)",
        ),
        SnapshotError::InactiveOwner(owner) => match member(owner) {
            Some((entry, _)) => Problem::in_entry(
                entry,
                "the owner is removed: a workspace's owner is always active (transfer \
                 ownership first)",
            ),
            None => Problem::new(error.to_string()),
        },
        SnapshotError::TwoOwners { owner, second } => match member(second) {
            Some((entry, _)) => Problem::in_entry(
                entry,
                format!(
                    "a second owner: {} is the owner already, and a workspace has exactly one \
                     (a removed owner included)",
                    names.member(owner)
                ),
            ),
            None => Problem::new(error.to_string()),
        },
        SnapshotError::DuplicateMembership { member: id, team } => match member(id) {
            Some((entry, _)) => {
                Problem::in_entry(entry, format!("team {} is listed twice", names.team(team)))
            }
            None => Problem::new(error.to_string()),
        },
        SnapshotError::CollaboratorConnector {
            member: id,
            account,
        } => match entries.accounts.iter().find(|(_, a)| a.id == account) {
            Some((entry, _)) => Problem::in_entry(
                entry,
                format!(
                    "connected by {}, a collaborator: collaborators cannot connect accounts",
                    names.member(id)
                ),
            ),
            None => Problem::new(error.to_string()),
        },
        SnapshotError::DuplicateAssignee { chat, member: id } => {
            match entries.chats.iter().find(|(_, c)| c.id == chat) {
                Some((entry, _)) => Problem::in_entry(
                    entry,
                    format!("assignee {} is listed twice", names.member(id)),
                ),
                None => Problem::new(error.to_string()),
            }
        }
        _ => Problem::new(error.to_string()),
    }
}

/// How an entry gives an id: the id, and the table of its kind.
type Ids<T> = (fn(&T) -> &str, fn(&mut Names) -> &mut Table);

/// Reads the entries of a file, collecting every problem.
struct Reader<'t> {
    text: &'t str,
    names: Names,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    /// Reads entry `index` of `array` as a `T`; a problem if it cannot be read (its id, when
    /// it has one, is still taken, so that later references to it are not reported too).
    fn entry<T: for<'de> Deserialize<'de>>(
        &mut self,
        array: &str,
        index: usize,
        raw: &RawValue,
        id: Option<Ids<T>>,
    ) -> Option<(Entry, T)> {
        match serde_json::from_str::<T>(raw.get()) {
            Ok(value) => {
                let name = id.map(|(id, _)| id(&value));
                let entry = Entry::new(self.text, array, index, raw, name);
                if let (Some(name), Some((_, table))) = (name, id) {
                    if let Err(first) = table(&mut self.names).add(name, index) {
                        let what = array.trim_end_matches('s');
                        self.problems.push(Problem::in_entry(
                            &entry,
                            format!("duplicate {what} id: {array}[{first}] has it already"),
                        ));
                        return None;
                    }
                }
                Some((entry, value))
            }
            Err(error) => {
                let name = id.and_then(|_| raw_id(raw));
                let entry = Entry::new(self.text, array, index, raw, name.as_deref());
                if let (Some(name), Some((_, table))) = (name, id) {
                    // Taken so that references to it are not reported as unknown too.
                    let _ = table(&mut self.names).add(&name, index);
                }
                self.problems.push(entry.serde_problem(&error));
                None
            }
        }
    }

    fn problem(&mut self, entry: &Entry, message: impl Into<String>) {
        self.problems.push(Problem::in_entry(entry, message));
    }

    fn member_id(&mut self, entry: &Entry, name: &str, field: &str) -> Option<MemberId> {
        let id = self.names.members.id(name).map(MemberId::new);
        if id.is_none() {
            self.problem(entry, format!("unknown member {:?} in `{field}`", name));
        }
        id
    }

    fn members(&mut self, raws: &[&RawValue]) -> Vec<(Entry, MemberSnapshot)> {
        let mut members = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, member)) = self.entry::<MemberEntry>(
                "members",
                index,
                raw,
                Some((|m: &MemberEntry| m.id.as_str(), |names| &mut names.members)),
            ) else {
                continue;
            };
            let id = MemberId::new(self.names.members.id(&member.id).unwrap_or(0));
            let role = match member.role.parse::<Role>() {
                Ok(role) => role,
                Err(error) => {
                    self.problem(&entry, error.to_string());
                    continue;
                }
            };
            let mut grants = Permission::empty();
            for name in member.permissions.iter().flatten() {
                match Permission::named(name) {
                    Some(flag) => grants |= flag,
                    None => self.problem(&entry, format!("unknown permission `{name}`")),
                }
            }
            let teams = member
                .teams
                .iter()
                .map(|team| TeamId::new(self.names.teams.get_or_add(team)))
                .collect();
            members.push((
                entry,
                MemberSnapshot {
                    id,
                    role,
                    grants: member.permissions.as_ref().map(|_| grants),
                    teams,
                    active: !member.removed,
                },
            ));
        }
        members
    }

    fn accounts(&mut self, raws: &[&RawValue]) -> Vec<(Entry, AccountSnapshot)> {
        let mut accounts = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, account)) = self.entry::<AccountEntry>(
                "accounts",
                index,
                raw,
                Some((
                    |a: &AccountEntry| a.id.as_str(),
                    |names| &mut names.accounts,
                )),
            ) else {
                continue;
            };
            let id = AccountId::new(self.names.accounts.id(&account.id).unwrap_or(0));
            if let Some(connector) = self.member_id(&entry, &account.connected_by, "connected_by") {
                accounts.push((entry, AccountSnapshot { id, connector }));
            }
        }
        accounts
    }

    fn chats(&mut self, raws: &[&RawValue]) -> Vec<(Entry, ChatSnapshot)> {
        let mut chats = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, chat)) = self.entry::<ChatEntry>(
                "chats",
                index,
                raw,
                Some((|c: &ChatEntry| c.id.as_str(), |names| &mut names.chats)),
            ) else {
                continue;
            };
            let id = ChatId::new(self.names.chats.id(&chat.id).unwrap_or(0));
            let account = self.names.accounts.id(&chat.account).map(AccountId::new);
            if account.is_none() {
                self.problem(
                    &entry,
                    format!("unknown account {:?} in `account`", chat.account),
                );
            }
            let assignees: Vec<Option<MemberId>> = chat
                .assignees
                .iter()
                .map(|member| self.member_id(&entry, member, "assignees"))
                .collect();
            if let (Some(account), Some(assignees)) =
                (account, assignees.into_iter().collect::<Option<Vec<_>>>())
            {
                chats.push((
                    entry,
                    ChatSnapshot {
                        id,
                        account,
                        assignees,
                    },
                ));
            }
        }
        chats
    }

    fn checks(&mut self, raws: &[&RawValue]) -> Vec<Check> {
        let mut checks = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, check)) = self.entry::<CheckEntry>("checks", index, raw, None) else {
                continue;
            };
            if let Some(check) = self.check(&entry, index, check) {
                checks.push(check);
            }
        }
        checks
    }

    fn check(&mut self, entry: &Entry, index: usize, check: CheckEntry) -> Option<Check> {
        let subject = self.member_id(entry, &check.subject, "subject");
        let action = check
            .action
            .parse::<Action>()
            .map_err(|error| self.problem(entry, error.to_string()))
            .ok();
        let expect = self.expect(entry, &check.expect, check.reason.as_deref());
        let target = match action {
            Some(action) => match target(action, check.chat.as_deref(), check.account.as_deref()) {
                Ok(wanted) => self.resolve(entry, wanted),
                Err(message) => {
                    self.problem(entry, message);
                    None
                }
            },
            None => None,
        };
        Some(Check {
            index,
            subject_name: check.subject,
            subject: subject?,
            action: action?,
            target: target?,
            expect: expect?,
        })
    }

    fn expect(&mut self, entry: &Entry, expect: &str, reason: Option<&str>) -> Option<Expect> {
        let reason = match reason {
            None => None,
            Some(name) => match name.parse::<Reason>() {
                Ok(reason) if reason != Reason::WrongResource => Some(reason),
                _ => {
                    self.problem(
                        entry,
                        format!(
                            "unknown reason `{name}`: a reason is `inactive`, `out_of_scope` \
                             or `missing_permission`"
                        ),
                    );
                    return None;
                }
            },
        };
        match (expect, reason) {
            ("allow", None) => Some(Expect::Allow),
            ("allow", Some(_)) => {
                self.problem(entry, "a `reason` goes with `\"expect\": \"deny\"` only");
                None
            }
            ("deny", reason) => Some(Expect::Deny(reason)),
            (other, _) => {
                self.problem(
                    entry,
                    format!("unknown expectation `{other}`: `expect` is `allow` or `deny`"),
                );
                None
            }
        }
    }

    /// The target named by the file, with its id looked up.
    fn resolve(&mut self, entry: &Entry, wanted: Wanted<'_>) -> Option<Target> {
        match wanted {
            Wanted::Workspace => Some(Target::Workspace),
            Wanted::Account(name) => {
                let id = self.names.accounts.id(name);
                if id.is_none() {
                    self.problem(entry, format!("unknown account {name:?} in `account`"));
                }
                id.map(|id| Target::Account(AccountId::new(id)))
            }
            Wanted::Chat(name) => {
                let id = self.names.chats.id(name);
                if id.is_none() {
                    self.problem(entry, format!("unknown chat {name:?} in `chat`"));
                }
                id.map(|id| Target::Chat(ChatId::new(id)))
            }
        }
    }
}

/// A target as the file names it.
#[derive(Debug, Clone, Copy)]
pub enum Wanted<'a> {
    /// The workspace.
    Workspace,
    /// An account, by the file's id.
    Account(&'a str),
    /// A chat, by the file's id.
    Chat(&'a str),
}

/// The target of `action`, given the `chat` and `account` a check (or the command line)
/// names; an error saying what fits when they do not fit the action.
pub fn target<'a>(
    action: Action,
    chat: Option<&'a str>,
    account: Option<&'a str>,
) -> Result<Wanted<'a>, String> {
    match (action.resource_kind(), chat, account) {
        (ResourceKind::Workspace, None, None) => Ok(Wanted::Workspace),
        (ResourceKind::Account, None, Some(account)) => Ok(Wanted::Account(account)),
        (ResourceKind::Chat, Some(chat), None) => Ok(Wanted::Chat(chat)),
        (ResourceKind::Workspace, _, _) => Err(format!(
            "`{action}` applies to the workspace: it takes no `chat` and no `account`"
        )),
        (ResourceKind::Account, _, _) => Err(format!(
            "`{action}` applies to an account: it takes an `account` and no `chat`"
        )),
        (ResourceKind::Chat, _, _) => Err(format!(
            "`{action}` applies to a chat: it takes a `chat` and no `account`"
        )),
    }
}

impl Policy {
    /// Looks up what the command line names: a member, and a target.
    pub fn lookup(&self, subject: &str, wanted: Wanted<'_>) -> Result<(MemberId, Target), String> {
        let member = self
            .names
            .members
            .id(subject)
            .map(MemberId::new)
            .ok_or_else(|| format!("unknown member {subject:?}"))?;
        let target = match wanted {
            Wanted::Workspace => Target::Workspace,
            Wanted::Account(name) => self
                .names
                .accounts
                .id(name)
                .map(|id| Target::Account(AccountId::new(id)))
                .ok_or_else(|| format!("unknown account {name:?}"))?,
            Wanted::Chat(name) => self
                .names
                .chats
                .id(name)
                .map(|id| Target::Chat(ChatId::new(id)))
                .ok_or_else(|| format!("unknown chat {name:?}"))?,
        };
        Ok((member, target))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_names_the_entry_that_has_the_id_first() {
        let text = r#"{"members": [{"role": "owner"}, {"id": "a", "role": "owner"}, {"id": "a", "role": "agent"}]}"#;
        assert_eq!(
            problems(text),
            [
                "f.json:1:30: members[0]: missing field `id`",
                "f.json:1:63: members[2] (\"a\"): duplicate member id: members[1] has it already",
            ]
        );
    }

    #[test]
    fn a_check_is_never_taken_for_an_id() {
        let text = r#"{"members": [{"id": "o", "role": "owner"}],
            "checks": [{"id": "c1", "subject": "o", "action": "view", "chat": "c1", "expect": "allow"}]}"#;
        let found = problems(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("checks[0]: unknown field `id`"),
            "{found:?}"
        );
    }

    fn problems(text: &str) -> Vec<String> {
        match parse(text) {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .iter()
                .map(|p| p.line(Path::new("f.json")))
                .collect(),
        }
    }

    #[test]
    fn entry_problems_are_placed_in_the_file() {
        let text = "{\"members\": [\n  {\"id\": \"o\", \"role\": \"owner\"},\n  {\"id\": \"b\", \"rol\": \"agent\"}\n]}";
        assert_eq!(
            problems(text),
            [
                "f.json:3:19: members[1] (\"b\"): unknown field `rol`, expected one of `id`, \
                 `role`, `teams`, `permissions`, `removed`"
            ]
        );
    }
}
