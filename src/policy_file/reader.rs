//! Reading a policy file's entries: each entry checked on its own, every problem collected.

use std::string::{String, ToString};
use std::vec::Vec;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::format::{self, AccountEntry, ChatEntry, CheckEntry, MemberEntry, StepEntry};
use super::names::{Names, Table};
use super::problem::{message_of, Entry, Found};
use super::step::{ChangeStep, Effect, Step};
use super::{Check, Expect, Wanted};
use crate::workspace::ChangeFields;
use crate::{
    AccountId, AccountSnapshot, Action, Change, ChangeErrorKind, ChangeKind, ChatId, ChatSnapshot,
    MemberId, MemberSnapshot, Permission, Reason, Role, Target, TeamId, UnknownName,
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
            let grants = self.grants(&entry, member.permissions.as_deref().unwrap_or(&[]));
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

    /// The permissions `names` name, one flag a name (`"view, reply"` is not a name); a
    /// problem for each unknown name.
    fn grants(&mut self, entry: &Entry, names: &[String]) -> Permission {
        let mut grants = Permission::empty();
        for name in names {
            match Permission::named(name) {
                Some(flag) => grants |= flag,
                None => {
                    let unknown = UnknownName::new("permission", name);
                    self.problem(entry, unknown.to_string());
                }
            }
        }
        grants
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

    /// Reads every step: first the names the steps introduce (whatever each step's
    /// outcome), then each step with its names resolved. Runs after [`checks`](Self::checks),
    /// whose names are the entries' only.
    pub(super) fn steps(&mut self, raws: &[&RawValue]) -> Vec<Step> {
        let read: Vec<(usize, Entry, StepEntry)> = raws
            .iter()
            .enumerate()
            .filter_map(|(index, raw)| {
                let (entry, step) =
                    self.entry::<StepEntry>(("steps", format::STEP), index, raw, None)?;
                Some((index, entry, step))
            })
            .collect();
        for (_, _, step) in &read {
            self.introduce(step);
        }
        read.into_iter()
            .filter_map(|(index, entry, step)| self.step(&entry, index, step))
            .collect()
    }

    /// Adds the name a step would add (a member, team, account or chat), if it has one.
    fn introduce(&mut self, step: &StepEntry) {
        let kind = step.change.as_deref().and_then(|name| name.parse().ok());
        let (table, name) = match kind {
            Some(ChangeKind::AddMember) => (&mut self.names.members, &step.member),
            Some(ChangeKind::CreateTeam) => (&mut self.names.teams, &step.team),
            Some(ChangeKind::ConnectAccount) => (&mut self.names.accounts, &step.account),
            Some(ChangeKind::ReceiveChat) => (&mut self.names.chats, &step.chat),
            _ => return,
        };
        if let Some(name) = name {
            table.get_or_add(name);
        }
    }

    fn step(&mut self, entry: &Entry, index: usize, step: StepEntry) -> Option<Step> {
        let Some(check) = step.check else {
            return self.change_step(entry, index, step).map(Step::Change);
        };
        let others = [
            ("actor", step.actor.is_some()),
            ("change", step.change.is_some()),
            ("member", step.member.is_some()),
            ("role", step.role.is_some()),
            ("permissions", step.permissions.is_some()),
            ("team", step.team.is_some()),
            ("account", step.account.is_some()),
            ("chat", step.chat.is_some()),
            ("expect", step.expect.is_some()),
            ("error", step.error.is_some()),
            ("reason", step.reason.is_some()),
        ];
        if let Some((field, _)) = others.iter().find(|(_, given)| *given) {
            self.problem(
                entry,
                std::format!("a check step holds `check` alone, not `{field}`"),
            );
            return None;
        }
        if let Err(message) = format::expect_object(check.get(), format::CHECK) {
            self.problem(entry, std::format!("`check`: {message}"));
            return None;
        }
        match serde_json::from_str::<CheckEntry>(check.get()) {
            Ok(check) => self.check(entry, index, check).map(Step::Check),
            Err(error) => {
                self.problem(entry, std::format!("`check`: {}", message_of(&error)));
                None
            }
        }
    }

    fn change_step(&mut self, entry: &Entry, index: usize, step: StepEntry) -> Option<ChangeStep> {
        let Some(name) = step.change.as_deref() else {
            self.problem(entry, "a step has `change` (or is a `check`)");
            return None;
        };
        let kind = match name.parse::<ChangeKind>() {
            Ok(kind) => kind,
            Err(unknown) => {
                self.problem(entry, unknown.to_string());
                return None;
            }
        };
        let given = [
            ("member", step.member.is_some()),
            ("role", step.role.is_some()),
            ("permissions", step.permissions.is_some()),
            ("team", step.team.is_some()),
            ("account", step.account.is_some()),
            ("chat", step.chat.is_some()),
        ];
        let fields = kind.fields();
        let mut fits = true;
        for (field, is_given) in given {
            let of_kind = fields.contains(&field);
            // `add_member` may leave out `permissions` (the role's default grant).
            let optional = kind == ChangeKind::AddMember && field == "permissions";
            if is_given && !of_kind {
                let named: Vec<String> = fields.iter().map(|f| std::format!("`{f}`")).collect();
                self.problem(
                    entry,
                    std::format!(
                        "`{field}` is not a field of {kind} (its fields: {})",
                        named.join(", ")
                    ),
                );
                fits = false;
            } else if !is_given && of_kind && !optional {
                self.problem(entry, std::format!("{kind} needs `{field}`"));
                fits = false;
            }
        }
        let actor = match (kind, &step.actor) {
            (ChangeKind::ReceiveChat, None) => None,
            (ChangeKind::ReceiveChat, Some(_)) => {
                self.problem(
                    entry,
                    "receive_chat has no `actor`: chats come from the messaging network",
                );
                fits = false;
                None
            }
            (_, None) => {
                self.problem(entry, std::format!("{kind} needs `actor`"));
                fits = false;
                None
            }
            (_, Some(actor)) => {
                let id = self.member_id(entry, actor, "actor");
                fits &= id.is_some();
                id
            }
        };
        let expect = self.effect(entry, &step);
        if !fits {
            return None;
        }
        let change = self.change(entry, kind, &step);
        Some(ChangeStep {
            index,
            actor_name: step.actor,
            actor,
            change: change?,
            expect: expect?,
        })
    }

    /// The change a step names, with its ids resolved (its fields fit its kind).
    fn change(&mut self, entry: &Entry, kind: ChangeKind, step: &StepEntry) -> Option<Change> {
        let member = step
            .member
            .as_deref()
            .and_then(|name| self.member_id(entry, name, "member"));
        let team = step.team.as_deref().and_then(|name| {
            let id = self.names.teams.id(name).map(TeamId::new);
            if id.is_none() {
                self.problem(entry, std::format!("unknown team {name:?} in `team`"));
            }
            id
        });
        let account = match step.account.as_deref() {
            Some(name) => match self.resolve(entry, Wanted::Account(name))? {
                Target::Account(account) => Some(account),
                _ => None,
            },
            None => None,
        };
        let chat = match step.chat.as_deref() {
            Some(name) => match self.resolve(entry, Wanted::Chat(name))? {
                Target::Chat(chat) => Some(chat),
                _ => None,
            },
            None => None,
        };
        let role = match step.role.as_deref().map(str::parse::<Role>) {
            Some(Ok(role)) => Some(role),
            Some(Err(unknown)) => {
                self.problem(entry, unknown.to_string());
                return None;
            }
            None => None,
        };
        // `"default"`: the role's default grant.
        let permissions = step
            .permissions
            .as_ref()
            .map(|given| given.as_deref().map(|names| self.grants(entry, names)));
        let fields = ChangeFields {
            member,
            role,
            permissions,
            team,
            account,
            chat,
        };
        // A missing field is an unknown name here, reported as it was resolved.
        fields.into_change(kind).ok()
    }

    /// What a change step expects: `expect`, with `error` and `reason` for `refused` only
    /// (a `reason` is a denial's: it goes with `"error": "denied"` or no `error`).
    fn effect(&mut self, entry: &Entry, step: &StepEntry) -> Option<Effect> {
        let error = match step.error.as_deref().map(str::parse::<ChangeErrorKind>) {
            Some(Ok(error)) => Some(error),
            Some(Err(unknown)) => {
                self.problem(entry, unknown.to_string());
                return None;
            }
            None => None,
        };
        let reason = match step.reason.as_deref() {
            Some(name) => Some(self.reason(entry, name)?),
            None => None,
        };
        match (step.expect.as_deref(), error, reason) {
            (Some("ok"), None, None) => Some(Effect::Ok),
            (Some("unchanged"), None, None) => Some(Effect::Unchanged),
            (Some("ok" | "unchanged"), _, _) => {
                self.problem(
                    entry,
                    "an `error` or a `reason` goes with `\"expect\": \"refused\"` only",
                );
                None
            }
            (Some("refused"), Some(error), Some(_)) if error != ChangeErrorKind::Denied => {
                self.problem(
                    entry,
                    std::format!("a `reason` goes with the error `denied` only, not `{error}`"),
                );
                None
            }
            (Some("refused"), error, reason) => Some(Effect::Refused {
                error: error.or(reason.map(|_| ChangeErrorKind::Denied)),
                reason,
            }),
            (Some(other), _, _) => {
                self.problem(
                    entry,
                    std::format!(
                        "unknown expectation `{}`: a change step's `expect` is `ok`, \
                         `unchanged` or `refused`",
                        other.escape_debug()
                    ),
                );
                None
            }
            (None, _, _) => {
                self.problem(entry, "a change step needs `expect`");
                None
            }
        }
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
            Some(name) => Some(self.reason(entry, name)?),
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

    /// The reason named `name`: one a file can expect (never `wrong_resource`, which a file's
    /// reader rules out itself).
    fn reason(&mut self, entry: &Entry, name: &str) -> Option<Reason> {
        match name.parse::<Reason>() {
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
