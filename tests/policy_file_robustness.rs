//! The policy-file parser never accepts what it must refuse: every seed policy, given an
//! unknown role, flag, action or reason name, an unknown field, a dangling reference or a
//! duplicate id, is rejected whole (exit 2, no check run) and never panics.
//! (`tests/cli.rs` feeds it mangled bytes and shuffled entries for the no-panic side.)

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test setup"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;
use serde_json::{json, Value};

const SEEDS: [&str; 4] = [
    "small_team",
    "large_team",
    "solo_with_help",
    "shared_account",
];

/// Names a file may use; an "unknown" name is anything else.
const KNOWN: [&str; 29] = [
    "owner",
    "admin",
    "teammate",
    "agent",
    "collaborator",
    "view",
    "reply",
    "delete",
    "manage_team",
    "manage_settings",
    "view_stats",
    "manage_forms",
    "manage_integrations",
    "manage_billing",
    "manage_workspace",
    "connect_account",
    "send_from",
    "inactive",
    "out_of_scope",
    "missing_permission",
    "allow",
    "deny",
    "id",
    "role",
    "teams",
    "permissions",
    "removed",
    "none",
    "all",
];

/// One way to make a valid file invalid.
#[derive(Debug, Clone)]
enum Break {
    UnknownRole(String),
    UnknownFlag(String),
    UnknownAction(String),
    UnknownReason(String),
    UnknownField(usize, String),
    DanglingConnector,
    DanglingChatAccount,
    DanglingAssignee,
    DanglingSubject,
    DanglingCheckChat,
    DuplicateId(usize),
}

fn unknown_name() -> impl Strategy<Value = String> {
    "[a-z_]{1,14}".prop_filter("a known name", |name| !KNOWN.contains(&name.as_str()))
}

fn a_break() -> impl Strategy<Value = Break> {
    prop_oneof![
        unknown_name().prop_map(Break::UnknownRole),
        unknown_name().prop_map(Break::UnknownFlag),
        unknown_name().prop_map(Break::UnknownAction),
        unknown_name().prop_map(Break::UnknownReason),
        (0..5_usize, unknown_name()).prop_map(|(at, name)| Break::UnknownField(at, name)),
        Just(Break::DanglingConnector),
        Just(Break::DanglingChatAccount),
        Just(Break::DanglingAssignee),
        Just(Break::DanglingSubject),
        Just(Break::DanglingCheckChat),
        (0..3_usize).prop_map(Break::DuplicateId),
    ]
}

/// The entries of `key`, which every seed file has.
fn entries<'a>(file: &'a mut Value, key: &str) -> &'a mut Vec<Value> {
    file[key].as_array_mut().unwrap()
}

/// Applies `how` to the entry chosen by `at`.
fn apply(file: &mut Value, how: &Break, at: prop::sample::Index) {
    const GHOST: &str = "no-such-id-anywhere";
    match how {
        Break::UnknownRole(name) => {
            let members = entries(file, "members");
            let i = at.index(members.len());
            members[i]["role"] = json!(name);
        }
        Break::UnknownFlag(name) => {
            let members = entries(file, "members");
            let i = at.index(members.len());
            members[i]["permissions"] = json!(["view", name]);
        }
        Break::UnknownAction(name) => {
            let checks = entries(file, "checks");
            let i = at.index(checks.len());
            checks[i]["action"] = json!(name);
        }
        Break::UnknownReason(name) => {
            let checks = entries(file, "checks");
            let i = at.index(checks.len());
            checks[i]["expect"] = json!("deny");
            checks[i]["reason"] = json!(name);
        }
        Break::UnknownField(array, name) => {
            if *array == 4 {
                file[name.as_str()] = json!([]);
            } else {
                let key = ["members", "accounts", "chats", "checks"][*array];
                let items = entries(file, key);
                let i = at.index(items.len());
                items[i][name.as_str()] = json!(1);
            }
        }
        Break::DanglingConnector => {
            let accounts = entries(file, "accounts");
            let i = at.index(accounts.len());
            accounts[i]["connected_by"] = json!(GHOST);
        }
        Break::DanglingChatAccount => {
            let chats = entries(file, "chats");
            let i = at.index(chats.len());
            chats[i]["account"] = json!(GHOST);
        }
        Break::DanglingAssignee => {
            let chats = entries(file, "chats");
            let i = at.index(chats.len());
            chats[i]["assignees"] = json!([GHOST]);
        }
        Break::DanglingSubject => {
            let checks = entries(file, "checks");
            let i = at.index(checks.len());
            checks[i]["subject"] = json!(GHOST);
        }
        Break::DanglingCheckChat => {
            let checks = entries(file, "checks");
            let i = at.index(checks.len());
            checks[i] = json!({"subject": checks[i]["subject"], "action": "view",
                               "chat": GHOST, "expect": "deny"});
        }
        Break::DuplicateId(array) => {
            let key = ["members", "accounts", "chats"][*array];
            let items = entries(file, key);
            let i = at.index(items.len());
            let copy = items[i].clone();
            items.push(copy);
        }
    }
}

fn run(file: &Value, case: u64) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("chatgate-robust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path: PathBuf = dir.join(format!("case-{case}.json"));
    std::fs::write(&path, file.to_string()).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_chatgate"))
        .args(["test", path.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    output
}

fn seed(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("examples/policies/{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn every_seed_file_is_accepted_as_it_is() {
    for (case, name) in SEEDS.iter().enumerate() {
        let output = run(&seed(name), case as u64);
        assert_eq!(output.status.code(), Some(0), "{name}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_broken_file_is_refused_whole(
        file in 0..SEEDS.len(),
        how in a_break(),
        at in any::<prop::sample::Index>(),
        case in any::<u64>(),
    ) {
        let mut policy = seed(SEEDS[file]);
        apply(&mut policy, &how, at);
        let output = run(&policy, case);
        let stderr = String::from_utf8_lossy(&output.stderr);
        prop_assert_eq!(output.status.code(), Some(2), "{:?} on {} was accepted\n{}", how, SEEDS[file], stderr);
        prop_assert_eq!(String::from_utf8_lossy(&output.stdout), "0 passed, 0 failed\n");
        prop_assert!(!stderr.contains("panicked"));
    }
}
