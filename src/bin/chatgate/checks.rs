//! `chatgate test`: prints the outcome of a policy file's checks and steps, one line for
//! each that fails (and with `--verbose` for each that passes).

use std::io::{self, Write};

use chatgate::policy_file::{Effect, Outcome, PolicyFile, Printable, Quoted, StepOutcome};
use chatgate::Denied;

/// How many checks passed and failed.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Checks whose decision was the one expected.
    pub passed: usize,
    /// The others.
    pub failed: usize,
}

/// Runs every check of `policy` (read from `file`), then every step, writing a `FAIL` line
/// for each that fails and, when `verbose`, a `PASS` line for each that passes.
pub fn run(
    out: &mut impl Write,
    file: &str,
    policy: &PolicyFile,
    verbose: bool,
) -> io::Result<Tally> {
    let mut tally = Tally::default();
    let file = Printable(file);
    for outcome in policy.run() {
        tally.check(out, verbose, &file, "checks", policy, &outcome)?;
    }
    for outcome in policy.run_steps() {
        match &outcome {
            StepOutcome::Change { step, result } => {
                let actor = match &step.actor_name {
                    Some(actor) => format!("{} ", Quoted(actor)),
                    None => String::new(),
                };
                let what = format!(
                    "{file} steps[{}]: {actor}{}",
                    step.index,
                    policy.names().change(&step.change)
                );
                let got = Effect::of(result);
                tally.count(out, verbose, outcome.passed(), &what, step.expect, got)?;
            }
            StepOutcome::Check(check_outcome) => {
                tally.check(out, verbose, &file, "steps", policy, check_outcome)?;
            }
        }
    }
    Ok(tally)
}

impl Tally {
    /// Counts one check, entry `outcome.check.index` of `array`.
    fn check(
        &mut self,
        out: &mut impl Write,
        verbose: bool,
        file: &Printable<'_>,
        array: &str,
        policy: &PolicyFile,
        outcome: &Outcome<'_>,
    ) -> io::Result<()> {
        let check = outcome.check;
        let what = format!(
            "{file} {array}[{}]: {} {} {}",
            check.index,
            Quoted(&check.subject_name),
            check.action,
            policy.names().target(check.target),
        );
        let got = decision(&outcome.decision);
        self.count(out, verbose, outcome.passed(), &what, check.expect, got)
    }

    /// Counts one check or step, `what`, and prints its line: `FAIL` with what was expected
    /// and what happened, or (when `verbose`) `PASS` with what happened.
    fn count(
        &mut self,
        out: &mut impl Write,
        verbose: bool,
        passed: bool,
        what: &str,
        expected: impl std::fmt::Display,
        got: impl std::fmt::Display,
    ) -> io::Result<()> {
        if passed {
            self.passed += 1;
            if verbose {
                writeln!(out, "PASS {what}: {got}")?;
            }
        } else {
            self.failed += 1;
            writeln!(out, "FAIL {what}: expected {expected}, got {got}")?;
        }
        Ok(())
    }
}

/// A decision in a line: `allow`, or `deny (reason: message)`.
pub fn decision(decision: &Result<(), Denied>) -> String {
    match decision {
        Ok(()) => "allow".to_owned(),
        Err(denied) => format!("deny ({}: {denied})", denied.reason()),
    }
}
