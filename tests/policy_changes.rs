//! The stories of POLICY.md's table of changes, one policy file per row in
//! `tests/policies/changes/`, and the seed files' steps in `examples/policies/`: every file
//! loads, every check and step passes, every row is both accepted and refused somewhere,
//! and every row that can escalate is refused for it at least once.

#![cfg(feature = "policy-file")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking"
)]

use std::path::{Path, PathBuf};

use chatgate::policy_file::{PolicyFile, StepOutcome};

/// One file per row of the table, in its order.
const ROWS: [&str; 14] = [
    "add_member",
    "re_add_member",
    "set_role",
    "set_permissions",
    "remove_member",
    "create_team",
    "join_leave_team",
    "delete_team",
    "transfer_ownership",
    "connect_account",
    "transfer_account",
    "receive_chat",
    "assign_unassign",
    "delete_chat",
];

/// The rows whose change can leave someone able to do what the actor cannot.
const ESCALATING_ROWS: [&str; 5] = [
    "assign_unassign",
    "join_leave_team",
    "transfer_account",
    "set_permissions",
    "add_member",
];

const SEEDS: [&str; 4] = [
    "small_team",
    "large_team",
    "solo_with_help",
    "shared_account",
];

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn row_path(row: &str) -> PathBuf {
    root(&format!("tests/policies/changes/{row}.json"))
}

fn seed_path(seed: &str) -> PathBuf {
    root(&format!("examples/policies/{seed}.json"))
}

/// The file's `steps`, as JSON.
fn steps_json(path: &Path) -> Vec<serde_json::Value> {
    let text: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    text["steps"]
        .as_array()
        .expect("the file has steps")
        .clone()
}

/// Loads `path` and asserts that every check and every step passes; the number of steps.
fn assert_all_pass(path: &Path) -> usize {
    let name = path.display();
    let file = PolicyFile::load(path)
        .map_err(|problems| format!("{name}: {problems}"))
        .unwrap();
    for outcome in file.run() {
        assert!(
            outcome.passed(),
            "{name} checks[{}]: expected {}, got {:?}",
            outcome.check.index,
            outcome.check.expect,
            outcome.decision
        );
    }
    let outcomes = file.run_steps();
    for outcome in &outcomes {
        assert!(
            outcome.passed(),
            "{name} steps[{}]: {outcome:?}",
            outcome.index()
        );
    }
    assert_eq!(outcomes.len(), steps_json(path).len(), "{name}");
    outcomes.len()
}

/// How many of `steps` are change steps expecting `expect`.
fn expecting(steps: &[serde_json::Value], expect: &str) -> usize {
    steps
        .iter()
        .filter(|step| step.get("change").is_some() && step["expect"] == expect)
        .count()
}

#[test]
fn every_row_file_exists_loads_and_passes() {
    for row in ROWS {
        let path = row_path(row);
        assert!(path.is_file(), "{} is missing", path.display());
        assert!(assert_all_pass(&path) > 0, "{row} has no steps");
    }
}

#[test]
fn the_row_files_are_exactly_the_table_rows() {
    let mut found: Vec<String> = std::fs::read_dir(root("tests/policies/changes"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    found.sort();
    let mut expected: Vec<String> = ROWS.iter().map(|row| format!("{row}.json")).collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn every_row_is_accepted_and_refused_somewhere() {
    for row in ROWS {
        let steps = steps_json(&row_path(row));
        assert!(expecting(&steps, "ok") > 0, "{row}: no step expects ok");
        assert!(
            expecting(&steps, "refused") > 0,
            "{row}: no step expects refused"
        );
    }
}

#[test]
fn every_refusal_of_a_row_file_names_its_error_kind() {
    for row in ROWS {
        for step in steps_json(&row_path(row)) {
            if step["expect"] == "refused" {
                assert!(step.get("error").is_some(), "{row}: {step} names no error");
            }
        }
    }
}

#[test]
fn the_rows_that_can_escalate_refuse_an_escalation() {
    for row in ESCALATING_ROWS {
        let steps = steps_json(&row_path(row));
        assert!(
            steps
                .iter()
                .any(|step| step["expect"] == "refused" && step["error"] == "escalation"),
            "{row}: no step expects an escalation refusal"
        );
    }
}

#[test]
fn the_seed_files_steps_pass() {
    for seed in SEEDS {
        let path = seed_path(seed);
        assert!(assert_all_pass(&path) > 0, "{seed} has no steps");
        let steps = steps_json(&path);
        assert!(expecting(&steps, "ok") > 0, "{seed}: no step expects ok");
    }
}

#[test]
fn the_steps_leave_the_files_workspace_as_it_was() {
    for row in ROWS {
        let file = PolicyFile::load(&row_path(row)).unwrap();
        let before = file.workspace().snapshot();
        let _ = file.run_steps();
        assert_eq!(file.workspace().snapshot(), before, "{row}");
        // Running twice gives the same outcomes: each run starts from the file's workspace.
        let first: Vec<bool> = file.run_steps().iter().map(StepOutcome::passed).collect();
        let second: Vec<bool> = file.run_steps().iter().map(StepOutcome::passed).collect();
        assert_eq!(first, second, "{row}");
    }
}
