//! Policy files (feature `policy-file`): a workspace and the decisions expected of it, in
//! one JSON file, read and checked from a service's own `cargo test` or by the `chatgate`
//! binary.
//!
//! # The format
//!
//! One JSON object with the arrays `members`, `teams`, `accounts`, `chats`, `checks`,
//! `steps`; any may be left out (empty). Ids are strings, each kind its own namespace; teams are named by
//! the members' `teams` and need no entry (`teams` lists team ids, for a team no member is
//! in). A [`WorkspaceSnapshot`]'s JSON is a policy file with no checks: the two share one
//! state format.
//!
//! | entry | fields |
//! |---|---|
//! | member | `id`; `role`; `teams`: \[team id\] (default `[]`); `permissions`: \[flag\] or `"default"` (absent or `"default"`: the role's default grant; `[]`: none; `null` is refused); `removed`: bool (default `false`) |
//! | account | `id`; `connected_by`: a member id |
//! | chat | `id`; `account`: an account id; `assignees`: \[member id\] (default `[]`) |
//! | check | `subject`: a member id; `action`; `chat` (for `view`, `reply`, `delete`) or `account` (for `send_from`); `expect`: `allow` or `deny`; `reason` (with `deny` only): `inactive`, `out_of_scope` or `missing_permission` |
//! | change step | `actor`: a member id (left out for `receive_chat` only); `change`: a name of the change vocabulary ([`ChangeKind`](crate::ChangeKind)); its fields ([`ChangeKind::fields`](crate::ChangeKind::fields): `member`, `role`, `permissions` (as a member's), `team`, `account`, `chat`, by id); `expect`: `ok`, `unchanged` or `refused`; with `refused` only, `error` ([`ChangeErrorKind`](crate::ChangeErrorKind): `denied`, `not_found`, `owner_protected`, `invalid`, `escalation`) and `reason` (a denial's) |
//! | check step | `check`: a check, decided on the state the steps before it reached |
//!
//! The steps run in order after the checks (which see the file's workspace) on a copy of
//! the workspace ([`PolicyFile::run_steps`]). A step may name the ids the entries give and
//! those a step introduces: the member of an `add_member`, the team of a `create_team`, the
//! account of a `connect_account`, the chat of a `receive_chat`, whatever that step's
//! outcome. A check step naming one that does not exist at that step (not yet added,
//! refused, removed, deleted) is decided as for an unknown id (`inactive`, `out_of_scope`); a
//! name the file never introduces is a problem of the file. `checks` name the entries' ids
//! only.
//!
//! Every entry is an object (an array of its fields in order is refused), no field is
//! `null`, unknown fields and names are errors, and the workspace must keep every invariant
//! of [`Workspace::from_snapshot`] (exactly one owner, and active; no collaborator
//! connector; no duplicate id).
//!
//! # Reading and running
//!
//! [`PolicyFile::parse`] reads a file's text, [`PolicyFile::load`] a file on disk (a regular
//! file of at most [`MAX_FILE_BYTES`]; [`PolicyFile::load_limited`] sets another limit). A
//! file with any problem gives no policy, only [`Problems`], each with its line, column and
//! entry: nothing is half-checked. Reading is linear in the file's size.
//!
//! ```
//! use chatgate::policy_file::PolicyFile;
//!
//! let file = PolicyFile::parse(r#"{
//!   "members": [
//!     {"id": "olga", "role": "owner", "teams": ["support"]},
//!     {"id": "marta", "role": "teammate", "teams": ["support"], "permissions": ["view"]}
//!   ],
//!   "accounts": [{"id": "inbox", "connected_by": "olga"}],
//!   "chats": [{"id": "c102", "account": "inbox"}],
//!   "checks": [
//!     {"subject": "marta", "action": "view", "chat": "c102", "expect": "allow"},
//!     {"subject": "marta", "action": "reply", "chat": "c102", "expect": "deny", "reason": "missing_permission"}
//!   ]
//! }"#)?;
//! assert!(file.run().all(|outcome| outcome.passed()));
//!
//! // The failing case: a problem names its place and entry.
//! let problems = PolicyFile::parse(r#"{"members": [{"id": "olga", "role": "owner", "permissions": null}]}"#)
//!     .unwrap_err();
//! assert!(problems.to_string().contains(r#"members[0] ("olga"): `permissions` is null"#));
//! # Ok::<(), chatgate::policy_file::Problems>(())
//! ```
//!
//! # `chatgate test FILE...`
//!
//! Runs every check, then every step, of every file: a `FAIL` line for each that fails (with
//! `--verbose`, a `PASS` line for each that passes), then exactly `N passed, M failed`. Exit 0
//! when all pass, 1 when one failed, 2 when a file cannot be used or the command line is wrong.
//! A file that cannot be used runs nothing; each problem goes to stderr as
//! `file:line:column: entry: what is wrong`, every control character escaped:
//!
//! ```text
//! $ chatgate test tests/policies/wrong_step.json
//! …
//! FAIL tests/policies/wrong_step.json steps[3]: "olga" set_role member "olga" role agent: expected refused (escalation), got refused (owner_protected)
//! 3 passed, 3 failed
//! $ chatgate test tests/policies/invalid/unknown_role.json
//! tests/policies/invalid/unknown_role.json:1:47: members[1] ("sam"): unknown role `superadmin`
//! ```
//!
//! # `chatgate explain FILE SUBJECT ACTION [--chat ID | --account ID]`
//!
//! Prints the decision, then why: the member's role, the chat's categories for them and the
//! facts behind them, their effective permissions, the rule that decided, and for a denial the
//! single changes that would allow it and who may make them (`Workspace::remedies`). Exit 0
//! whatever the decision, 2 when the file cannot be used or an id is unknown.
//!
//! ```text
//! $ chatgate explain examples/policies/small_team.json marta reply --chat c102
//! "marta" reply chat "c102": deny (missing_permission: `reply` needs the reply permission; you hold: view)
//!
//! why:
//!   subject     "marta" is a teammate, active, in team "support"
//!   chat        "c102" arrives on account "inbox", connected by "olga" (an owner, in team "support"); assigned to nobody
//!   categories  same_team: "olga" connected the account and shares a team with "marta"; "marta" is not assigned to it
//!   role        teammates see own, same_team, assigned chats
//!   effective   view (granted view)
//!   rule        teammates see same_team chats, and this chat is same_team for "marta": visible; `reply` needs the reply permission, and "marta" holds view (it was not granted): missing permission
//!
//! would allow it:
//!   set_permissions member "marta" permissions [view, reply]: a member who manages the team and may do all it opens can
//! ```

mod format;
mod invariant;
mod names;
mod printable;
mod problem;
mod reader;
mod step;

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::string::String;
use std::vec::Vec;

pub use names::{Names, Quoted, Table};
pub use printable::Printable;
pub use problem::{Position, Problem, Problems};
pub use step::{ChangeStep, Effect, Step, StepOutcome};

use crate::{
    AccountId, Action, ChatId, Denied, MemberId, Reason, ResourceKind, Target, TeamId, Workspace,
    WorkspaceSnapshot,
};
use invariant::Entries;
use problem::{message_of, Found};
use reader::Reader;

/// The largest file [`PolicyFile::load`] reads: 64 MiB (about a million chats).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A usable policy file: its workspace, the names it gives, and its checks.
#[derive(Debug)]
pub struct PolicyFile {
    workspace: Workspace,
    names: Names,
    checks: Vec<Check>,
    steps: Vec<Step>,
}

impl PolicyFile {
    /// Reads and checks the policy file `text`: the policy, or every problem found.
    ///
    /// # Errors
    ///
    /// [`Problems`]: invalid JSON, a value that is not the format's, an unknown name or id,
    /// a duplicate id, a broken workspace invariant, a check that does not fit its action.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    ///
    /// let file = PolicyFile::parse(r#"{"members": [{"id": "olga", "role": "owner"}]}"#)?;
    /// assert_eq!(file.workspace().members().count(), 1);
    ///
    /// // An array in place of an entry is refused, as is an array in place of the file.
    /// let problems = PolicyFile::parse(r#"{"members": [["olga", "owner"]]}"#).unwrap_err();
    /// assert_eq!(
    ///     problems.to_string(),
    ///     "1:14: members[0]: invalid type: an array, expected a member: an object with `id` and `role`"
    /// );
    /// assert!(PolicyFile::parse(r#"[[{"id": "olga", "role": "owner"}]]"#).is_err());
    /// # Ok::<(), chatgate::policy_file::Problems>(())
    /// ```
    pub fn parse(text: &str) -> Result<Self, Problems> {
        // serde would read an array as the four arrays in order: refuse one here.
        let start = text.trim_start_matches([' ', '\t', '\n', '\r']);
        if start.starts_with('[') {
            let message = std::format!("invalid type: an array, expected {}", format::FILE);
            let offset = text.len() - start.len();
            return Err(problem::locate(
                text,
                std::vec![Found::at_offset(offset, message)],
            ));
        }
        let raw: format::RawFile<'_> = serde_json::from_str(text).map_err(|error| {
            let message = match error.classify() {
                serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                    std::format!("invalid JSON: {}", message_of(&error))
                }
                _ => message_of(&error),
            };
            problem::locate(
                text,
                std::vec![Found::at(error.line(), error.column(), message)],
            )
        })?;
        let mut reader = Reader {
            text,
            names: Names::default(),
            found: Vec::new(),
        };
        for team in &raw.teams {
            reader.names.teams.get_or_add(team);
        }
        let members = reader.members(&raw.members);
        let accounts = reader.accounts(&raw.accounts);
        let chats = reader.chats(&raw.chats);
        let checks = reader.checks(&raw.checks);
        // The teams the entries name; the ones steps introduce are yet to be created.
        let teams: Vec<TeamId> = reader.names.teams.ids().map(TeamId::new).collect();
        let steps = reader.steps(&raw.steps);
        let Reader {
            mut names, found, ..
        } = reader;
        if !found.is_empty() {
            return Err(problem::locate(text, found));
        }
        // With no problem, every member was read, in the order of their ids.
        names.explicit = members.iter().map(|(_, m)| m.grants.is_some()).collect();
        let snapshot = WorkspaceSnapshot {
            revision: raw.revision,
            members: members.iter().map(|(_, member)| member.clone()).collect(),
            teams,
            accounts: accounts.iter().map(|(_, account)| *account).collect(),
            chats: chats.iter().map(|(_, chat)| chat.clone()).collect(),
        };
        let workspace = Workspace::from_snapshot(snapshot).map_err(|error| {
            let entries = Entries {
                members: &members,
                accounts: &accounts,
                chats: &chats,
            };
            problem::locate(
                text,
                std::vec![invariant::problem(&error, &names, &entries)],
            )
        })?;
        Ok(Self {
            workspace,
            names,
            checks,
            steps,
        })
    }

    /// Reads and checks the policy file at `path`, a regular file (a symbolic link to one
    /// is followed) of at most [`MAX_FILE_BYTES`].
    ///
    /// # Errors
    ///
    /// [`Problems`]: the file cannot be read, is not a regular file (a directory, a device
    /// such as `/dev/zero`, a pipe), is larger than the limit, is not UTF-8, or has the
    /// problems of [`parse`](PolicyFile::parse).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    ///
    /// let file = PolicyFile::load("examples/policies/small_team.json".as_ref())?;
    /// assert!(file.run().all(|outcome| outcome.passed()));
    ///
    /// let problems = PolicyFile::load("examples/policies".as_ref()).unwrap_err();
    /// assert_eq!(problems.to_string(), "cannot read: not a regular file");
    /// # Ok::<(), chatgate::policy_file::Problems>(())
    /// ```
    pub fn load(path: &Path) -> Result<Self, Problems> {
        Self::load_limited(path, MAX_FILE_BYTES)
    }

    /// [`load`](PolicyFile::load) with a limit of `max_bytes` instead of [`MAX_FILE_BYTES`].
    ///
    /// # Errors
    ///
    /// As [`load`](PolicyFile::load).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    ///
    /// let problems = PolicyFile::load_limited("examples/policies/small_team.json".as_ref(), 100)
    ///     .unwrap_err();
    /// assert!(problems.to_string().contains("over the limit of 100 bytes"));
    /// ```
    pub fn load_limited(path: &Path, max_bytes: u64) -> Result<Self, Problems> {
        let cannot_read =
            |error: std::io::Error| Problems::one(std::format!("cannot read: {error}"));
        let metadata = std::fs::metadata(path).map_err(cannot_read)?;
        if !metadata.is_file() {
            return Err(Problems::one("cannot read: not a regular file"));
        }
        let too_large = |size: u64| {
            Problems::one(std::format!(
                "cannot read: the file has {size} bytes, over the limit of {max_bytes} bytes"
            ))
        };
        if metadata.len() > max_bytes {
            return Err(too_large(metadata.len()));
        }
        // The file may grow between the two calls: read one byte past the limit at most.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| {
                file.take(max_bytes.saturating_add(1))
                    .read_to_end(&mut bytes)
            })
            .map_err(cannot_read)?;
        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if read > max_bytes {
            return Err(too_large(read));
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| Problems::one("cannot read: the file is not UTF-8 text"))?;
        Self::parse(&text)
    }

    /// The workspace the file describes.
    #[must_use]
    pub fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    /// The names the file gives, and the ids the workspace knows them by.
    #[must_use]
    pub fn names(&self) -> &Names {
        &self.names
    }

    /// The file's checks, in order.
    #[must_use]
    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// The file's steps, in order.
    #[must_use]
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Decides every check on the file's workspace, in order. (The steps run in
    /// [`run_steps`](PolicyFile::run_steps).)
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::PolicyFile;
    ///
    /// // Two of this file's four checks expect the wrong decision.
    /// let file = PolicyFile::load("tests/policies/wrong_expectation.json".as_ref())?;
    /// let failed: Vec<_> = file.run().filter(|outcome| !outcome.passed()).collect();
    /// assert_eq!(failed.len(), 2);
    /// # Ok::<(), chatgate::policy_file::Problems>(())
    /// ```
    pub fn run(&self) -> impl Iterator<Item = Outcome<'_>> + '_ {
        self.checks.iter().map(|check| Outcome {
            check,
            decision: self
                .workspace
                .authorize(check.subject, check.action, check.target),
        })
    }

    /// Runs every step in order on a copy of the file's workspace: each change made by its
    /// actor through [`Workspace::change`], each check decided on the state reached so far.
    /// The file's workspace itself stays as the file describes it.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::{Effect, PolicyFile, StepOutcome};
    ///
    /// let file = PolicyFile::parse(r#"{
    ///   "members": [{"id": "olga", "role": "owner"}, {"id": "dan", "role": "agent"}],
    ///   "steps": [
    ///     {"actor": "olga", "change": "remove_member", "member": "dan", "expect": "ok"},
    ///     {"check": {"subject": "dan", "action": "view_stats", "expect": "deny", "reason": "inactive"}},
    ///     {"actor": "olga", "change": "remove_member", "member": "dan", "expect": "unchanged"},
    ///     {"actor": "dan", "change": "add_member", "member": "zoe", "role": "agent", "expect": "ok"}
    ///   ]
    /// }"#)?;
    /// let outcomes = file.run_steps();
    /// assert!(outcomes[..3].iter().all(StepOutcome::passed));
    ///
    /// // The failing case: a removed member adds no one.
    /// let StepOutcome::Change { result, .. } = &outcomes[3] else { unreachable!() };
    /// assert!(!outcomes[3].passed());
    /// assert_eq!(Effect::of(result).to_string(), "refused (denied: inactive)");
    /// # Ok::<(), chatgate::policy_file::Problems>(())
    /// ```
    #[must_use]
    pub fn run_steps(&self) -> Vec<StepOutcome<'_>> {
        let mut workspace = self.workspace.clone();
        self.steps
            .iter()
            .map(|step| match step {
                Step::Change(step) => StepOutcome::Change {
                    step,
                    result: workspace.change(step.actor, step.change),
                },
                Step::Check(check) => StepOutcome::Check(Outcome {
                    check,
                    decision: workspace.authorize(check.subject, check.action, check.target),
                }),
            })
            .collect()
    }

    /// The member called `subject` and the target `wanted`, by the file's names.
    ///
    /// # Errors
    ///
    /// [`UnknownId`] when the file gives no member, account or chat of that name.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::{PolicyFile, Wanted};
    /// use chatgate::{Action, Target};
    ///
    /// let file = PolicyFile::load("examples/policies/small_team.json".as_ref())?;
    /// let (marta, target) = file.lookup("marta", Wanted::Chat("c102"))?;
    /// assert!(file.workspace().authorize(marta, Action::Reply, target).is_err());
    ///
    /// let unknown = file.lookup("zoe", Wanted::Workspace).unwrap_err();
    /// assert_eq!(unknown.to_string(), r#"unknown member "zoe""#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lookup(
        &self,
        subject: &str,
        wanted: Wanted<'_>,
    ) -> Result<(MemberId, Target), UnknownId> {
        let member = self
            .names
            .members
            .id(subject)
            .map(MemberId::new)
            .ok_or_else(|| UnknownId::new("member", subject))?;
        Ok((member, self.names.resolve(wanted)?))
    }
}

impl Names {
    /// The target `wanted` names, by id.
    fn resolve(&self, wanted: Wanted<'_>) -> Result<Target, UnknownId> {
        match wanted {
            Wanted::Workspace => Ok(Target::Workspace),
            Wanted::Account(name) => self
                .accounts
                .id(name)
                .map(|id| Target::Account(AccountId::new(id)))
                .ok_or_else(|| UnknownId::new("account", name)),
            Wanted::Chat(name) => self
                .chats
                .id(name)
                .map(|id| Target::Chat(ChatId::new(id)))
                .ok_or_else(|| UnknownId::new("chat", name)),
        }
    }
}

/// One check of a file, resolved to the workspace's ids.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

/// What a check expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// The decision allows.
    Allow,
    /// The decision denies, with this reason when one is given.
    Deny(Option<Reason>),
}

impl Expect {
    /// Whether `decision` is what this expects.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::Expect;
    /// use chatgate::{Denied, Reason};
    ///
    /// assert!(Expect::Allow.matches(&Ok(())));
    /// assert!(Expect::Deny(None).matches(&Err(Denied::Inactive)));
    /// assert!(!Expect::Deny(Some(Reason::OutOfScope)).matches(&Err(Denied::Inactive)));
    /// assert!(!Expect::Allow.matches(&Err(Denied::Inactive)));
    /// ```
    #[must_use]
    pub fn matches(self, decision: &Result<(), Denied>) -> bool {
        match (self, decision) {
            (Expect::Allow, Ok(())) | (Expect::Deny(None), Err(_)) => true,
            (Expect::Deny(Some(reason)), Err(denied)) => denied.reason() == reason,
            _ => false,
        }
    }
}

/// `allow`, `deny`, `deny (out_of_scope)`.
impl fmt::Display for Expect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expect::Allow => f.write_str("allow"),
            Expect::Deny(None) => f.write_str("deny"),
            Expect::Deny(Some(reason)) => write!(f, "deny ({reason})"),
        }
    }
}

/// A check and the decision the workspace took on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome<'a> {
    /// The check.
    pub check: &'a Check,
    /// The decision.
    pub decision: Result<(), Denied>,
}

impl Outcome<'_> {
    /// Whether the decision is the one the check expects.
    #[must_use]
    pub fn passed(&self) -> bool {
        self.check.expect.matches(&self.decision)
    }
}

/// A target as a file (or a command line) names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted<'a> {
    /// The workspace.
    Workspace,
    /// An account, by the file's id.
    Account(&'a str),
    /// A chat, by the file's id.
    Chat(&'a str),
}

impl<'a> Wanted<'a> {
    /// The target of `action`, given the `chat` and `account` named with it.
    ///
    /// # Errors
    ///
    /// [`Mismatch`] when they do not fit the action: a chat action needs a chat and no
    /// account, `send_from` an account and no chat, a workspace action neither.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::policy_file::Wanted;
    /// use chatgate::{Action, ResourceKind};
    ///
    /// assert_eq!(Wanted::of(Action::Reply, Some("c1"), None)?, Wanted::Chat("c1"));
    /// let mismatch = Wanted::of(Action::Reply, None, Some("inbox")).unwrap_err();
    /// assert_eq!(mismatch.applies_to(), ResourceKind::Chat);
    /// assert_eq!(
    ///     mismatch.to_string(),
    ///     "`reply` applies to a chat: it takes a `chat` and no `account`"
    /// );
    /// # Ok::<(), chatgate::policy_file::Mismatch>(())
    /// ```
    pub fn of(
        action: Action,
        chat: Option<&'a str>,
        account: Option<&'a str>,
    ) -> Result<Self, Mismatch> {
        match (action.resource_kind(), chat, account) {
            (ResourceKind::Workspace, None, None) => Ok(Wanted::Workspace),
            (ResourceKind::Account, None, Some(account)) => Ok(Wanted::Account(account)),
            (ResourceKind::Chat, Some(chat), None) => Ok(Wanted::Chat(chat)),
            _ => Err(Mismatch { action }),
        }
    }
}

/// A check (or a command line) names a chat or an account its action does not apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub struct Mismatch {
    action: Action,
}

impl Mismatch {
    /// The action named.
    #[must_use]
    pub fn action(&self) -> Action {
        self.action
    }

    /// What it applies to.
    #[must_use]
    pub fn applies_to(&self) -> ResourceKind {
        self.action.resource_kind()
    }
}

/// In the file's field names: `` `reply` applies to a chat: it takes a `chat` and no `account` ``.
impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let action = self.action;
        match self.applies_to() {
            ResourceKind::Workspace => write!(
                f,
                "`{action}` applies to the workspace: it takes no `chat` and no `account`"
            ),
            ResourceKind::Account => write!(
                f,
                "`{action}` applies to an account: it takes an `account` and no `chat`"
            ),
            ResourceKind::Chat => write!(
                f,
                "`{action}` applies to a chat: it takes a `chat` and no `account`"
            ),
        }
    }
}

/// A member, account or chat the file does not name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {kind} {name:?}")]
pub struct UnknownId {
    kind: &'static str,
    name: String,
}

impl UnknownId {
    fn new(kind: &'static str, name: &str) -> Self {
        Self {
            kind,
            name: name.into(),
        }
    }

    /// `"member"`, `"account"` or `"chat"`.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The name given.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}
