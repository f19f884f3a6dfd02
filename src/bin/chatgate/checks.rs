//! `chatgate test`: runs the checks of a policy file, one line for each that fails.

use std::io::{self, Write};
use std::path::Path;

use chatgate::Denied;

use crate::file::{Expect, Policy};
use crate::names::Quoted;

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
pub fn run(out: &mut impl Write, file: &Path, policy: &Policy, verbose: bool) -> io::Result<Tally> {
    let mut tally = Tally::default();
    for check in &policy.checks {
        let decision = policy
            .workspace
            .authorize(check.subject, check.action, check.target);
        let passed = matches(check.expect, &decision);
        let what = format!(
            "{} checks[{}]: {} {} {}",
            file.display(),
            check.index,
            Quoted(&check.subject_name),
            check.action,
            policy.names.target(check.target),
        );
        if passed {
            tally.passed += 1;
            if verbose {
                writeln!(out, "PASS {what}: {}", outcome(&decision))?;
            }
        } else {
            tally.failed += 1;
            writeln!(
                out,
                "FAIL {what}: expected {}, got {}",
                check.expect,
                outcome(&decision)
            )?;
        }
    }
    Ok(tally)
}

/// Whether `decision` is what `expect` says.
fn matches(expect: Expect, decision: &Result<(), Denied>) -> bool {
    match (expect, decision) {
        (Expect::Allow, Ok(())) => true,
        (Expect::Deny(None), Err(_)) => true,
        (Expect::Deny(Some(reason)), Err(denied)) => denied.reason() == reason,
        _ => false,
    }
}

/// A decision in a line: `allow`, or `deny (reason: message)`.
pub fn outcome(decision: &Result<(), Denied>) -> String {
    match decision {
        Ok(()) => "allow".to_owned(),
        Err(denied) => format!("deny ({}: {denied})", denied.reason()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatgate::{Action, Permission, Reason};

    #[test]
    fn a_reason_must_match_when_given() {
        let missing = Err(Denied::MissingPermission {
            action: Action::Reply,
            required: Permission::REPLY,
            held: Permission::VIEW,
        });
        assert!(matches(Expect::Deny(None), &missing));
        assert!(matches(
            Expect::Deny(Some(Reason::MissingPermission)),
            &missing
        ));
        assert!(!matches(Expect::Deny(Some(Reason::OutOfScope)), &missing));
        assert!(!matches(Expect::Allow, &missing));
        assert!(matches(Expect::Allow, &Ok(())));
        assert!(!matches(Expect::Deny(None), &Ok(())));
    }
}
