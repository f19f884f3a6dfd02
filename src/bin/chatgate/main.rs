//! `chatgate`: runs policy files, explains decisions and shows a member's access.
//!
//! ```text
//! chatgate test [--verbose] [--max-bytes N] FILE...
//! chatgate explain [--max-bytes N] FILE SUBJECT ACTION [--chat ID | --account ID]
//! chatgate access [--max-bytes N] FILE MEMBER
//! chatgate log JOURNAL [WORKSPACE] [--after REVISION] [--limit N]
//! ```
//!
//! The binary parses its command line and prints; reading and checking files is
//! [`chatgate::policy_file`]. Every text that comes from a file or the command line is
//! escaped before it is printed (ids as Rust's `{:?}` quotes them, everything else through
//! [`Printable`]), so a file cannot write a line of its own.
//!
//! `test` runs every check of every file, then its steps: a `FAIL` line for each check or
//! step that fails (and with `--verbose` a `PASS` line for each that passes), then exactly
//! `N passed, M failed` (a step counts as one check). It exits 0 when every check passed, 1
//! when a check failed, and 2 when a file cannot be used
//! (each problem is on stderr, naming the file and the entry; such a file runs no check, the
//! other files still run) or the command line is wrong.
//!
//! `explain` prints one decision and why: the member's role, the chat's or account's
//! categories for them, their effective permissions, and the rule that decided. It exits 0
//! whatever the decision, and 2 when the file cannot be used or the command line is wrong.
//!
//! `access` prints a member's access level, as their Settings page shows it
//! ([`chatgate::Workspace::access`], with the file's names): role and teams, the chats they
//! see, their permissions and where each comes from, the accounts they may send from, the
//! chats assigned to them, the workspace actions they may take; for a removed member, that
//! they have none. It exits 0 when it printed, and 2 when the file cannot be used, the member
//! is not in it, or the command line is wrong.
//!
//! `log` prints a SQLite journal's events for one workspace in the change vocabulary, one
//! line each: its revision, its actor (`network` for an arriving chat), the change and what
//! it replaced — the audit trail. Without a workspace it lists the workspaces the journal
//! holds. It exits 0 when it printed, and 2 when the journal cannot be read or the command
//! line is wrong.

mod access;
mod checks;
mod explain;
mod log;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chatgate::policy_file::{PolicyFile, Printable, Wanted, MAX_FILE_BYTES};
use chatgate::{Action, ResourceKind};

/// Every check passed (or the explanation or the access summary was printed).
const PASSED: u8 = 0;
/// A check failed.
const FAILED: u8 = 1;
/// A file cannot be used, or the command line is wrong.
const UNUSABLE: u8 = 2;

const USAGE: &str = "\
usage: chatgate test [--verbose] [--max-bytes N] FILE...
       chatgate explain [--max-bytes N] FILE SUBJECT ACTION [--chat ID | --account ID]
       chatgate access [--max-bytes N] FILE MEMBER
       chatgate log JOURNAL [WORKSPACE] [--after REVISION] [--limit N]

  test         run every check and step of every policy file; the last line is `N passed, M failed`;
               exit 0 when all pass, 1 when a check failed, 2 when a file cannot be used
  explain      print one decision and why: role, categories, effective permissions, the rule
  access       print a member's access level: role, the chats they see, their permissions and
               where each comes from, accounts, assigned chats, workspace actions
  log          print a SQLite journal's events for WORKSPACE, one line each with revision and
               actor (the events after REVISION, at most N); without WORKSPACE, list them
  --max-bytes  read files of up to N bytes (default 67108864, 64 MiB); a larger file, or
               anything but a regular file, cannot be used
";

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let mut out = io::stdout().lock();
    let mut err = io::stderr().lock();
    // A closed stdout or stderr (`chatgate test … | head`) ends the run as unusable.
    let code = run(&args, &mut out, &mut err).unwrap_or(UNUSABLE);
    ExitCode::from(code)
}

/// Runs the command line `args` (without the program name), returning the exit code.
fn run(args: &[OsString], out: &mut impl Write, err: &mut impl Write) -> io::Result<u8> {
    let Some((command, rest)) = args.split_first() else {
        write!(err, "{USAGE}")?;
        return Ok(UNUSABLE);
    };
    match command.to_str() {
        Some("test") => test(rest, out, err),
        Some("explain") => explain(rest, out, err),
        Some("access") => access(rest, out, err),
        Some("log") => log(rest, out, err),
        Some("help" | "--help" | "-h") => {
            write!(out, "{USAGE}")?;
            Ok(PASSED)
        }
        Some("--version" | "-V") => {
            writeln!(out, "chatgate {}", env!("CARGO_PKG_VERSION"))?;
            Ok(PASSED)
        }
        _ => usage(err, &format!("unknown command {:?}", command)),
    }
}

fn usage(err: &mut impl Write, problem: &str) -> io::Result<u8> {
    writeln!(err, "chatgate: {problem}")?;
    write!(err, "{USAGE}")?;
    Ok(UNUSABLE)
}

/// `chatgate test [--verbose] FILE...`
fn test(args: &[OsString], out: &mut impl Write, err: &mut impl Write) -> io::Result<u8> {
    let mut verbose = false;
    let mut max_bytes = MAX_FILE_BYTES;
    let mut files = Vec::new();
    let mut options_done = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--verbose" | "-v") if !options_done => verbose = true,
            Some("--max-bytes") if !options_done => match limit(args.next()) {
                Ok(limit) => max_bytes = limit,
                Err(problem) => return usage(err, &problem),
            },
            Some("--") if !options_done => options_done = true,
            Some(option) if option.starts_with('-') && !options_done => {
                return usage(err, &format!("unknown option {option:?}"));
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    if files.is_empty() {
        return usage(err, "`test` needs at least one FILE");
    }
    let mut passed = 0;
    let mut failed = 0;
    let mut unusable = 0;
    for path in &files {
        match PolicyFile::load_limited(path, max_bytes) {
            Ok(policy) => {
                let tally = checks::run(out, &shown(path), &policy, verbose)?;
                passed += tally.passed;
                failed += tally.failed;
            }
            Err(problems) => {
                unusable += 1;
                for problem in problems.as_slice() {
                    writeln!(err, "{}", problem.in_file(&shown(path)))?;
                }
            }
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")?;
    if unusable > 0 {
        let files = if unusable == 1 { "file" } else { "files" };
        writeln!(
            err,
            "chatgate: {unusable} {files} could not be used; none of their checks ran"
        )?;
        Ok(UNUSABLE)
    } else if failed > 0 {
        Ok(FAILED)
    } else {
        Ok(PASSED)
    }
}

/// `chatgate explain [--max-bytes N] FILE SUBJECT ACTION [--chat ID | --account ID]`
fn explain(args: &[OsString], out: &mut impl Write, err: &mut impl Write) -> io::Result<u8> {
    let mut positional: Vec<&OsString> = Vec::new();
    let mut chat = None;
    let mut account = None;
    let mut max_bytes = MAX_FILE_BYTES;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match arg.to_str() {
            Some("--chat") => &mut chat,
            Some("--account") => &mut account,
            Some("--max-bytes") => match limit(args.next()) {
                Ok(limit) => {
                    max_bytes = limit;
                    continue;
                }
                Err(problem) => return usage(err, &problem),
            },
            Some(option) if option.starts_with("--") => {
                return usage(err, &format!("unknown option {option:?}"));
            }
            _ => {
                positional.push(arg);
                continue;
            }
        };
        match args.next().and_then(|value| value.to_str()) {
            Some(value) if slot.is_none() => *slot = Some(value.to_owned()),
            Some(_) => return usage(err, &format!("{arg:?} is given twice")),
            None => return usage(err, &format!("{arg:?} needs an id")),
        }
    }
    let (path, subject, action, extra) = match positional.as_slice() {
        [path, subject, action] => (path, subject, action, None),
        [path, subject, action, extra] => (path, subject, action, Some(extra)),
        _ => return usage(err, "`explain` needs FILE SUBJECT ACTION"),
    };
    let (Some(subject), Some(action_name)) = (subject.to_str(), action.to_str()) else {
        return usage(err, "SUBJECT and ACTION must be text");
    };
    let action = match action_name.parse::<Action>() {
        Ok(action) => action,
        Err(error) => return usage(err, &error.to_string()),
    };
    if let Some(extra) = extra {
        // `explain FILE marta reply c102`: say how to name the chat or the account.
        let hint = match action.resource_kind() {
            ResourceKind::Chat => format!(": name the chat with --chat {extra:?}"),
            ResourceKind::Account => format!(": name the account with --account {extra:?}"),
            ResourceKind::Workspace => format!(": `{action}` applies to the workspace"),
        };
        return usage(err, &format!("{extra:?} is one argument too many{hint}"));
    }
    let wanted = match Wanted::of(action, chat.as_deref(), account.as_deref()) {
        Ok(wanted) => wanted,
        Err(mismatch) => {
            let needs = match mismatch.applies_to() {
                ResourceKind::Workspace => "the workspace: give no --chat and no --account",
                ResourceKind::Account => "an account: give --account ID and no --chat",
                ResourceKind::Chat => "a chat: give --chat ID and no --account",
            };
            return usage(err, &format!("`{action}` applies to {needs}"));
        }
    };
    let path = PathBuf::from(path);
    let Some(policy) = load(&path, max_bytes, err)? else {
        return Ok(UNUSABLE);
    };
    match policy.lookup(subject, wanted) {
        Ok((member, target)) => {
            explain::explain(out, &policy, member, action, target)?;
            Ok(PASSED)
        }
        Err(unknown) => {
            writeln!(err, "{}: {unknown}", Printable(&shown(&path)))?;
            Ok(UNUSABLE)
        }
    }
}

/// `chatgate access [--max-bytes N] FILE MEMBER`
fn access(args: &[OsString], out: &mut impl Write, err: &mut impl Write) -> io::Result<u8> {
    let mut positional: Vec<&OsString> = Vec::new();
    let mut max_bytes = MAX_FILE_BYTES;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--max-bytes") => match limit(args.next()) {
                Ok(limit) => max_bytes = limit,
                Err(problem) => return usage(err, &problem),
            },
            Some(option) if option.starts_with("--") => {
                return usage(err, &format!("unknown option {option:?}"));
            }
            _ => positional.push(arg),
        }
    }
    let [path, member] = positional.as_slice() else {
        return usage(err, "`access` needs FILE MEMBER");
    };
    let Some(member) = member.to_str() else {
        return usage(err, "MEMBER must be text");
    };
    let path = PathBuf::from(path);
    let Some(policy) = load(&path, max_bytes, err)? else {
        return Ok(UNUSABLE);
    };
    match policy.lookup(member, Wanted::Workspace) {
        Ok((member, _)) => {
            access::access(out, &policy, member)?;
            Ok(PASSED)
        }
        Err(unknown) => {
            writeln!(err, "{}: {unknown}", Printable(&shown(&path)))?;
            Ok(UNUSABLE)
        }
    }
}

/// The policy file at `path`, or `None` after writing each of its problems to `err`.
/// `chatgate log JOURNAL [WORKSPACE] [--after REVISION] [--limit N]`
fn log(args: &[OsString], out: &mut impl Write, err: &mut impl Write) -> io::Result<u8> {
    let mut wanted = log::Wanted {
        workspace: None,
        after: 0,
        limit: usize::MAX,
    };
    let mut positional = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let number = |value: Option<&OsString>, what: &str| {
            value
                .and_then(|value| value.to_str())
                .and_then(|value| value.parse::<u64>().ok())
                .ok_or(format!("{what} needs a number"))
        };
        match arg.to_str() {
            Some("--after") => match number(args.next(), "--after") {
                Ok(after) => wanted.after = after,
                Err(problem) => return usage(err, &problem),
            },
            Some("--limit") => match number(args.next(), "--limit") {
                Ok(limit) => wanted.limit = usize::try_from(limit).unwrap_or(usize::MAX),
                Err(problem) => return usage(err, &problem),
            },
            Some(option) if option.starts_with('-') => {
                return usage(err, &format!("unknown option {option:?}"));
            }
            _ => positional.push(arg),
        }
    }
    let (path, workspace) = match positional.as_slice() {
        [path] => (path, None),
        [path, workspace] => match workspace.to_str().and_then(|id| id.parse::<u128>().ok()) {
            Some(id) => (path, Some(chatgate::WorkspaceId::new(id))),
            None => return usage(err, &format!("WORKSPACE {workspace:?} is not a number")),
        },
        _ => return usage(err, "`log` needs JOURNAL and at most one WORKSPACE"),
    };
    wanted.workspace = workspace;
    let path = Path::new(path);
    log::run(out, err, path, &shown(path), &wanted)
}

fn load(path: &Path, max_bytes: u64, err: &mut impl Write) -> io::Result<Option<PolicyFile>> {
    match PolicyFile::load_limited(path, max_bytes) {
        Ok(policy) => Ok(Some(policy)),
        Err(problems) => {
            for problem in problems.as_slice() {
                writeln!(err, "{}", problem.in_file(&shown(path)))?;
            }
            Ok(None)
        }
    }
}

/// The value of `--max-bytes`.
fn limit(value: Option<&OsString>) -> Result<u64, String> {
    value
        .and_then(|value| value.to_str())
        .and_then(|value| value.parse::<u64>().ok())
        .ok_or_else(|| "--max-bytes needs a number of bytes".to_owned())
}

/// A path as it is printed (escaped by whoever prints it).
fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
