//! Reading a policy file's entries: each entry checked on its own, every problem collected.

use std::string::{String, ToString};
use std::vec::Vec;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::format::{self, AccountEntry, ChatEntry, CheckEntry, MemberEntry};
use super::names::{Names, Table};
use super::problem::{Entry, Found};
use super::{Check, Expect, Wanted};
use crate::{
    AccountId, AccountSnapshot, Action, ChatId, ChatSnapshot, MemberId, MemberSnapshot, Permission,
    Reason, Role, Target, TeamId, UnknownName,
};

/// How an entry gives an id: the id, and the table of its kind.
type Ids<T> = (fn(&T) -> &str, fn(&mut Names) -> &mut Table);

/// Reads the entries of a file, collecting every problem.
pub(super) struct Reader<'t> {
    pub(super) text: &'t str,
    pub(super) names: Names,
    pub(super) found: Vec<Found>,
}

impl Reader<'_> {
    /// Reads entry `index` of `array` as a `T` (which must be written as `expected`); a
    /// problem if it cannot be read (its id, when it has one, is still taken, so that later
    /// references to it are not reported too).
    fn entry<T: for<'de> Deserialize<'de>>(
        &mut self,
        (array, expected): (&str, &str),
        index: usize,
        raw: &RawValue,
        id: Option<Ids<T>>,
    ) -> Option<(Entry, T)> {
        if let Err(message) = format::expect_object(raw.get(), expected) {
            let entry = Entry::new(self.text, array, index, raw, None);
            self.found.push(Found::in_entry(&entry, message));
            return None;
        }
        match serde_json::from_str::<T>(raw.get()) {
            Ok(value) => {
                let name = id.map(|(id, _)| id(&value));
                let entry = Entry::new(self.text, array, index, raw, name);
                if let (Some(name), Some((_, table))) = (name, id) {
                    if let Err(first) = table(&mut self.names).add(name, index) {
                        let what = array.trim_end_matches('s');
                        self.problem(
                            &entry,
                            std::format!("duplicate {what} id: {array}[{first}] has it already"),
                        );
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
                self.found.push(entry.serde_problem(raw.get(), &error));
                None
            }
        }
    }

    fn problem(&mut self, entry: &Entry, message: impl Into<String>) {
        self.found.push(Found::in_entry(entry, message));
    }

    fn member_id(&mut self, entry: &Entry, name: &str, field: &str) -> Option<MemberId> {
        let id = self.names.members.id(name).map(MemberId::new);
        if id.is_none() {
            self.problem(entry, std::format!("unknown member {name:?} in `{field}`"));
        }
        id
    }

    pub(super) fn members(&mut self, raws: &[&RawValue]) -> Vec<(Entry, MemberSnapshot)> {
        let mut members = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, member)) = self.entry::<MemberEntry>(
                ("members", format::MEMBER),
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
                // One flag a name (`"view, reply"` is not a name).
                match Permission::named(name) {
                    Some(flag) => grants |= flag,
                    None => {
                        let unknown = UnknownName::new("permission", name);
                        self.problem(&entry, unknown.to_string());
                    }
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

    pub(super) fn accounts(&mut self, raws: &[&RawValue]) -> Vec<(Entry, AccountSnapshot)> {
        let mut accounts = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, account)) = self.entry::<AccountEntry>(
                ("accounts", format::ACCOUNT),
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

    pub(super) fn chats(&mut self, raws: &[&RawValue]) -> Vec<(Entry, ChatSnapshot)> {
        let mut chats = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, chat)) = self.entry::<ChatEntry>(
                ("chats", format::CHAT),
                index,
                raw,
                Some((|c: &ChatEntry| c.id.as_str(), |names| &mut names.chats)),
            ) else {
                continue;
            };
            let id = ChatId::new(self.names.chats.id(&chat.id).unwrap_or(0));
            let account = self.resolve(&entry, Wanted::Account(&chat.account));
            let assignees: Vec<Option<MemberId>> = chat
                .assignees
                .iter()
                .map(|member| self.member_id(&entry, member, "assignees"))
                .collect();
            if let (Some(Target::Account(account)), Some(assignees)) =
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

    pub(super) fn checks(&mut self, raws: &[&RawValue]) -> Vec<Check> {
        let mut checks = Vec::new();
        for (index, raw) in raws.iter().enumerate() {
            let Some((entry, check)) =
                self.entry::<CheckEntry>(("checks", format::CHECK), index, raw, None)
            else {
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
            Some(action) => {
                match Wanted::of(action, check.chat.as_deref(), check.account.as_deref()) {
                    Ok(wanted) => self.resolve(entry, wanted),
                    Err(mismatch) => {
                        self.problem(entry, mismatch.to_string());
                        None
                    }
                }
            }
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
                        std::format!(
                            "unknown reason `{}`: a reason is `inactive`, `out_of_scope` or \
                             `missing_permission`",
                            name.escape_debug()
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
                    std::format!(
                        "unknown expectation `{}`: `expect` is `allow` or `deny`",
                        other.escape_debug()
                    ),
                );
                None
            }
        }
    }

    /// The target named by the file, with its id looked up; a problem when it is unknown.
    fn resolve(&mut self, entry: &Entry, wanted: Wanted<'_>) -> Option<Target> {
        match self.names.resolve(wanted) {
            Ok(target) => Some(target),
            Err(unknown) => {
                self.problem(entry, std::format!("{unknown} in `{}`", unknown.kind()));
                None
            }
        }
    }
}

/// The `"id"` of a raw entry that could not be read, if it has a string one.
fn raw_id(raw: &RawValue) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(raw.get()).ok()?;
    value.get("id")?.as_str().map(str::to_string)
}
