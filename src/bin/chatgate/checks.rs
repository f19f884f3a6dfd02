//! `chatgate test`: prints the outcome of a policy file's checks, one line for each that
//! fails (and with `--verbose` for each that passes).

use std::io::{self, Write};

use chatgate::policy_file::{PolicyFile, Printable, Quoted};
use chatgate::Denied;

/// How many checks passed and failed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Checks whose decision was the one expected.
    pub passed: usize,
    /// The others.
    pub failed: usize,
}

/// Runs every check of `policy` (read from `file`), writing a `FAIL` line for each that
/// fails and, when `verbose`, a `PASS` line for each that passes.
pub fn run(
    out: &mut impl Write,
    file: &str,
    policy: &PolicyFile,
    verbose: bool,
) -> io::Result<Tally> {
    let mut tally = Tally::default();
    for outcome in policy.run() {
        let check = outcome.check;
        let what = format!(
            "{} checks[{}]: {} {} {}",
            Printable(file),
            check.index,
            Quoted(&check.subject_name),
            check.action,
            policy.names().target(check.target),
        );
        if outcome.passed() {
            tally.passed += 1;
            if verbose {
                writeln!(out, "PASS {what}: {}", decision(&outcome.decision))?;
            }
        } else {
            tally.failed += 1;
            writeln!(
                out,
                "FAIL {what}: expected {}, got {}",
                check.expect,
                decision(&outcome.decision)
            )?;
        }
    }
    Ok(tally)
}

/// A decision in a line: `allow`, or `deny (reason: message)`.
pub fn decision(decision: &Result<(), Denied>) -> String {
    match decision {
        Ok(()) => "allow".to_owned(),
        Err(denied) => format!("deny ({}: {denied})", denied.reason()),
    }
}
