//! `chatgate`: runs policy files and explains decisions.
//!
//! ```text
//! chatgate test [--verbose] FILE...
//! chatgate explain FILE SUBJECT ACTION [--chat ID | --account ID]
//! ```
//!
//! `test` runs every check of every file: a `FAIL` line for each check that fails (and with
//! `--verbose` a `PASS` line for each that passes), then exactly `N passed, M failed`. It
//! exits 0 when every check passed, 1 when a check failed, and 2 when a file cannot be used
//! (each problem is on stderr, naming the file and the entry; such a file runs no check, the
//! other files still run) or the command line is wrong.
//!
//! `explain` prints one decision and why: the member's role, the chat's or account's
//! categories for them, their effective permissions, and the rule that decided. It exits 0
//! whatever the decision, and 2 when the file cannot be used or the command line is wrong.

mod checks;
mod explain;
mod file;
mod names;
mod problem;

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use chatgate::Action;

/// Every check passed (or the explanation was printed).
const PASSED: u8 = 0;
/// A check failed.
const FAILED: u8 = 1;
/// A file cannot be used, or the command line is wrong.
const UNUSABLE: u8 = 2;

const USAGE: &str = "\
usage: chatgate test [--verbose] FILE...
       chatgate explain FILE SUBJECT ACTION [--chat ID | --account ID]

  test      run every check of every policy file; the last line is `N passed, M failed`;
            exit 0 when all pass, 1 when a check failed, 2 when a file cannot be used
  explain   print one decision and why: role, categories, effective permissions, the rule
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
    let mut files = Vec::new();
    let mut options_done = false;
    for arg in args {
        match arg.to_str() {
            Some("--verbose" | "-v") if !options_done => verbose = true,
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
        match file::load(path) {
            Ok(policy) => {
                let tally = checks::run(out, path, &policy, verbose)?;
                passed += tally.passed;
                failed += tally.failed;
            }
            Err(problems) => {
                unusable += 1;
                for problem in problems {
                    writeln!(err, "{}", problem.line(path))?;
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

/// `chatgate explain FILE SUBJECT ACTION [--chat ID | --account ID]`
fn explain(args: &[OsString], out: &mut impl Write, err: &mut impl Write) -> io::Result<u8> {
    let mut positional: Vec<&OsString> = Vec::new();
    let mut chat = None;
    let mut account = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let slot = match arg.to_str() {
            Some("--chat") => &mut chat,
            Some("--account") => &mut account,
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
    let [path, subject, action] = positional.as_slice() else {
        return usage(err, "`explain` needs FILE SUBJECT ACTION");
    };
    let (Some(subject), Some(action_name)) = (subject.to_str(), action.to_str()) else {
        return usage(err, "SUBJECT and ACTION must be text");
    };
    let action = match action_name.parse::<Action>() {
        Ok(action) => action,
        Err(error) => return usage(err, &error.to_string()),
    };
    let wanted = match file::target(action, chat.as_deref(), account.as_deref()) {
        Ok(wanted) => wanted,
        Err(problem) => {
            let problem = problem
                .replace("a `chat`", "--chat ID")
                .replace("an `account`", "--account ID")
                .replace("no `chat`", "no --chat")
                .replace("no `account`", "no --account");
            return usage(err, &problem);
        }
    };
    let path = PathBuf::from(path);
    let policy = match file::load(&path) {
        Ok(policy) => policy,
        Err(problems) => {
            for problem in problems {
                writeln!(err, "{}", problem.line(&path))?;
            }
            return Ok(UNUSABLE);
        }
    };
    match policy.lookup(subject, wanted) {
        Ok((member, target)) => {
            explain::explain(out, &policy, member, action, target)?;
            Ok(PASSED)
        }
        Err(problem) => {
            writeln!(err, "{}: {problem}", path.display())?;
            Ok(UNUSABLE)
        }
    }
}
