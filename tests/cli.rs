//! The `chatgate` binary, run as a user runs it: the seed policies pass, a wrong expectation
//! fails with exit 1 and a `FAIL` line, each kind of unusable file fails with exit 2 and a
//! message naming the file, the entry and the problem, and runs no check.

#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;

/// Runs `chatgate args…` from the crate root.
fn chatgate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_chatgate"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the chatgate binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[track_caller]
fn assert_exit(output: &Output, code: i32) {
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The JSON files in `dir` (relative to the crate root), sorted.
fn json_files(dir: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<String> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .map(|name| format!("{dir}/{name}"))
        .collect();
    files.sort();
    files
}

fn read_json(path: &str) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(root.join(path)).unwrap()).unwrap()
}

fn array<'a>(file: &'a serde_json::Value, key: &str) -> &'a Vec<serde_json::Value> {
    file[key].as_array().unwrap()
}

/// How many lines of `N passed, M failed` a file counts: its checks and its steps.
fn counted(file: &serde_json::Value) -> usize {
    let steps = file
        .get("steps")
        .map_or(0, |steps| steps.as_array().unwrap().len());
    array(file, "checks").len() + steps
}

#[test]
fn the_seed_policies_are_all_there() {
    let files = json_files("examples/policies");
    for seed in [
        "small_team",
        "large_team",
        "solo_with_help",
        "shared_account",
    ] {
        assert!(
            files.contains(&format!("examples/policies/{seed}.json")),
            "{seed} missing from {files:?}"
        );
    }
}

#[test]
fn every_seed_policy_passes_with_its_closing_line() {
    let files = json_files("examples/policies");
    let mut total = 0;
    for file in &files {
        let checks = counted(&read_json(file));
        total += checks;
        let output = chatgate(&["test", file]);
        assert_exit(&output, 0);
        assert_eq!(stdout(&output), format!("{checks} passed, 0 failed\n"));
        assert_eq!(stderr(&output), "");
    }
    // All at once: the closing line totals over the files.
    let mut args = vec!["test"];
    args.extend(files.iter().map(String::as_str));
    let output = chatgate(&args);
    assert_exit(&output, 0);
    assert_eq!(stdout(&output), format!("{total} passed, 0 failed\n"));
}

/// Each seed policy checks every role it contains, allows and denies, names a reason for
/// its denials, and checks its removed members (denied as `inactive`).
#[test]
fn every_seed_policy_covers_its_roles_and_removed_members() {
    for file in json_files("examples/policies") {
        let policy = read_json(&file);
        let members = array(&policy, "members");
        let role_of = |id: &serde_json::Value| {
            members
                .iter()
                .find(|member| &member["id"] == id)
                .map(|member| member["role"].as_str().unwrap().to_owned())
                .unwrap()
        };
        let roles: BTreeSet<String> = members
            .iter()
            .map(|member| member["role"].as_str().unwrap().to_owned())
            .collect();
        let checks = array(&policy, "checks");
        let checked: BTreeSet<String> = checks
            .iter()
            .map(|check| role_of(&check["subject"]))
            .collect();
        assert_eq!(checked, roles, "{file}: roles without a check");

        let expects: BTreeSet<&str> = checks
            .iter()
            .map(|check| check["expect"].as_str().unwrap())
            .collect();
        assert_eq!(expects, BTreeSet::from(["allow", "deny"]), "{file}");

        let removed: Vec<&serde_json::Value> = members
            .iter()
            .filter(|member| member["removed"] == true)
            .map(|member| &member["id"])
            .collect();
        assert!(!removed.is_empty(), "{file}: no removed member");
        for id in removed {
            assert!(
                checks
                    .iter()
                    .any(|check| &check["subject"] == id && check["reason"] == "inactive"),
                "{file}: removed member {id} is never checked as inactive"
            );
        }
    }
}

#[test]
fn verbose_adds_a_line_for_every_check() {
    let file = "examples/policies/small_team.json";
    let checks = array(&read_json(file), "checks").len();
    let counted = counted(&read_json(file));
    let output = chatgate(&["test", "--verbose", file]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), counted + 1);
    assert_eq!(
        lines[0],
        format!("PASS {file} checks[0]: \"olga\" view chat \"c101\": allow")
    );
    assert!(lines[..checks]
        .iter()
        .all(|line| line.starts_with(&format!("PASS {file} checks["))));
    assert!(out.contains(
        "PASS examples/policies/small_team.json checks[16]: \"pablo\" view chat \"c103\": \
         deny (inactive: you are not an active member of this workspace)\n"
    ));
    assert!(lines[checks..counted]
        .iter()
        .all(|line| line.starts_with(&format!("PASS {file} steps["))));
    assert_eq!(lines[counted], format!("{counted} passed, 0 failed"));
}

#[test]
fn a_failing_step_prints_a_fail_line_with_its_index_expectation_and_outcome() {
    let file = "tests/policies/wrong_step.json";
    let output = chatgate(&["test", "--verbose", file]);
    assert_exit(&output, 1);
    assert_eq!(
        stdout(&output),
        format!(
            "PASS {file} checks[0]: \"dan\" view chat \"c1\": deny (out_of_scope: `view` is \
             out of scope: this chat is not yours to see (as agent you see own, assigned chats))\n\
             PASS {file} steps[0]: \"olga\" assign chat \"c1\" member \"dan\": ok\n\
             FAIL {file} steps[1]: \"dan\" view chat \"c1\": expected deny, got allow\n\
             FAIL {file} steps[2]: \"dan\" delete_chat chat \"c1\": expected ok, got refused \
             (denied: missing_permission)\n\
             FAIL {file} steps[3]: \"olga\" set_role member \"olga\" role agent: expected \
             refused (escalation), got refused (owner_protected)\n\
             PASS {file} steps[4]: receive_chat chat \"c2\" account \"inbox\": ok\n\
             3 passed, 3 failed\n"
        )
    );
    assert_eq!(stderr(&output), "");
}

#[test]
fn a_wrong_expectation_fails_with_exit_1_and_a_fail_line() {
    let file = "tests/policies/wrong_expectation.json";
    let output = chatgate(&["test", file]);
    assert_exit(&output, 1);
    assert_eq!(
        stdout(&output),
        format!(
            "FAIL {file} checks[1]: \"dan\" view chat \"c1\": expected allow, got deny \
             (out_of_scope: `view` is out of scope: this chat is not yours to see (as agent you \
             see own, assigned chats))\n\
             FAIL {file} checks[2]: \"dan\" reply chat \"c1\": expected deny \
             (missing_permission), got deny (out_of_scope: `reply` is out of scope: this chat \
             is not yours to see (as agent you see own, assigned chats))\n\
             2 passed, 2 failed\n"
        )
    );
    assert_eq!(stderr(&output), "");

    // With a passing file, the totals cover both; the exit stays 1.
    let output = chatgate(&["test", "examples/policies/small_team.json", file]);
    assert_exit(&output, 1);
    let checks = counted(&read_json("examples/policies/small_team.json"));
    assert!(stdout(&output).ends_with(&format!("\n{} passed, 2 failed\n", checks + 2)));
}

/// Every file in tests/policies/invalid, with what its one error line must say after
/// `path:line:column: `.
const INVALID: [(&str, &str); 18] = [
    ("collaborator_connector", "accounts[1] (\"side\"): connected by \"cleo\", a collaborator: collaborators cannot connect accounts"),
    ("duplicate_chat", "chats[1] (\"c1\"): duplicate chat id: chats[0] has it already"),
    ("duplicate_member", "members[2] (\"bea\"): duplicate member id: members[1] has it already"),
    ("no_owner", "no member has the role `owner`: a workspace has exactly one owner (a removed one included)"),
    ("reason_with_allow", "checks[0]: a `reason` goes with `\"expect\": \"deny\"` only"),
    ("resource_mismatch", "checks[1]: `send_from` applies to an account: it takes an `account` and no `chat`"),
    ("syntax", "invalid JSON: trailing comma"),
    ("two_owners", "members[1] (\"otto\"): a second owner: \"olga\" is the owner already, and a workspace has exactly one (a removed owner included)"),
    ("unknown_account", "chats[1] (\"c2\"): unknown account \"outbox\" in `account`"),
    ("unknown_action", "checks[1]: unknown action `read`"),
    ("unknown_assignee", "chats[0] (\"c1\"): unknown member \"bruno\" in `assignees`"),
    ("unknown_chat_in_check", "checks[1]: unknown chat \"c7\" in `chat`"),
    ("unknown_connector", "accounts[0] (\"inbox\"): unknown member \"ana\" in `connected_by`"),
    ("unknown_field", "members[1] (\"bea\"): unknown field `tems`, expected one of `id`, `role`, `teams`, `permissions`, `removed`"),
    ("unknown_flag", "members[1] (\"bea\"): unknown permission `delte`"),
    ("unknown_role", "members[1] (\"sam\"): unknown role `superadmin`"),
    ("unknown_subject", "checks[1]: unknown member \"olgaa\" in `subject`"),
    ("unknown_top_field", "unknown field `groups`, expected one of `revision`, `members`, `teams`, `accounts`, `chats`, `checks`, `steps`"),
];

#[test]
fn each_kind_of_unusable_file_fails_with_exit_2_naming_the_problem() {
    let files = json_files("tests/policies/invalid");
    let known: Vec<String> = INVALID
        .iter()
        .map(|(name, _)| format!("tests/policies/invalid/{name}.json"))
        .collect();
    assert_eq!(
        files, known,
        "every invalid fixture has its expected message"
    );

    for (name, message) in INVALID {
        let file = format!("tests/policies/invalid/{name}.json");
        let output = chatgate(&["test", &file]);
        assert_exit(&output, 2);
        // No check ran, though each file has one that would pass.
        assert_eq!(stdout(&output), "0 passed, 0 failed\n", "{file}");
        let err = stderr(&output);
        let mut lines = err.lines();
        let first = lines.next().unwrap();
        assert!(first.starts_with(&file), "{first}");
        assert!(first.ends_with(&format!(": {message}")), "{file}:\n{first}");
        assert_eq!(
            lines.next(),
            Some("chatgate: 1 file could not be used; none of their checks ran")
        );
        assert_eq!(lines.next(), None);
    }
}

#[test]
fn json_syntax_errors_give_line_and_column() {
    let output = chatgate(&["test", "tests/policies/invalid/syntax.json"]);
    assert_exit(&output, 2);
    assert!(stderr(&output)
        .starts_with("tests/policies/invalid/syntax.json:4:3: invalid JSON: trailing comma\n"));
}

#[test]
fn entry_problems_give_the_line_and_column_of_the_entry() {
    let output = chatgate(&["test", "tests/policies/invalid/unknown_role.json"]);
    assert!(stderr(&output).starts_with(
        "tests/policies/invalid/unknown_role.json:1:47: members[1] (\"sam\"): unknown role"
    ));
}

#[test]
fn every_problem_of_a_file_is_reported() {
    let file = temp_file(
        "many_problems.json",
        r#"{"members": [{"id": "o", "role": "owner"}, {"id": "b", "role": "boss"}],
            "accounts": [{"id": "a", "connected_by": "x"}],
            "checks": [{"subject": "o", "action": "view", "expect": "allow"}]}"#,
    );
    let output = chatgate(&["test", file.to_str().unwrap()]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.contains("members[1] (\"b\"): unknown role `boss`"),
        "{err}"
    );
    assert!(err.contains("accounts[0] (\"a\"): unknown member \"x\" in `connected_by`"));
    assert!(err.contains("checks[0]: `view` applies to a chat: it takes a `chat` and no `account`"));
}

#[test]
fn an_unusable_file_runs_none_of_its_checks_but_the_others_run() {
    let good = "examples/policies/solo_with_help.json";
    let checks = counted(&read_json(good));
    let output = chatgate(&[
        "test",
        "tests/policies/invalid/two_owners.json",
        good,
        "tests/policies/wrong_expectation.json",
    ]);
    // A file that cannot be used wins over a failing check.
    assert_exit(&output, 2);
    assert!(stdout(&output).ends_with(&format!("\n{} passed, 2 failed\n", checks + 2)));
    assert!(stderr(&output).starts_with("tests/policies/invalid/two_owners.json:"));
}

#[test]
fn a_missing_or_unreadable_file_fails_with_exit_2() {
    let output = chatgate(&["test", "tests/policies/no_such_file.json"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with("tests/policies/no_such_file.json: cannot read: "));

    let binary = temp_file("binary.json", "\u{0}");
    std::fs::write(&binary, [0xff, 0xfe, 0x00]).unwrap();
    let output = chatgate(&["test", binary.to_str().unwrap()]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("not UTF-8"));

    let empty = temp_file("empty.json", "");
    let output = chatgate(&["test", empty.to_str().unwrap()]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains(":1:0: invalid JSON: EOF while parsing a value"));
}

#[test]
fn the_command_line_is_checked() {
    for args in [
        &[][..],
        &["test"],
        &["test", "--fast", "examples/policies/small_team.json"],
        &["frobnicate"],
        &["explain", "examples/policies/small_team.json", "olga"],
        &[
            "explain",
            "examples/policies/small_team.json",
            "olga",
            "view",
        ],
        &[
            "explain",
            "examples/policies/small_team.json",
            "olga",
            "manage_team",
            "--chat",
            "c101",
        ],
        &[
            "explain",
            "examples/policies/small_team.json",
            "olga",
            "peek",
            "--chat",
            "c101",
        ],
        &[
            "explain",
            "examples/policies/small_team.json",
            "olga",
            "view",
            "--chat",
        ],
        &["access", "examples/policies/small_team.json"],
        &[
            "access",
            "examples/policies/small_team.json",
            "olga",
            "bruno",
        ],
        &[
            "access",
            "--verbose",
            "examples/policies/small_team.json",
            "olga",
        ],
        &[
            "access",
            "--max-bytes",
            "examples/policies/small_team.json",
            "olga",
        ],
    ] {
        let output = chatgate(args);
        assert_exit(&output, 2);
        assert!(stderr(&output).contains("usage: chatgate test"), "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
    let output = chatgate(&["--help"]);
    assert_exit(&output, 0);
    assert!(stdout(&output).starts_with("usage: chatgate test [--verbose] [--max-bytes N] FILE..."));
}

#[test]
fn explain_says_why_a_decision_was_taken() {
    let output = chatgate(&[
        "explain",
        "examples/policies/large_team.json",
        "jon",
        "send_from",
        "--account",
        "south",
    ]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "\"jon\" send_from account \"south\": deny (out_of_scope: `send_from` is out of scope: \
         this account is not yours to use (as agent you may use own accounts))\n\
         \n\
         why:\n\
         \x20 subject     \"jon\" is an agent, active, in team \"south\"\n\
         \x20 account     \"south\", connected by \"sergio\" (a teammate, in team \"south\")\n\
         \x20 category    same_team: \"sergio\" connected the account and shares a team with \
         \"jon\"\n\
         \x20 role        agents may send from own accounts\n\
         \x20 effective   view, reply (granted the agent default, reply, which also brings view)\n\
         \x20 rule        agents send only from own accounts, and this account is same_team for \
         \"jon\": they may not use it, so out of scope\n\
         \n\
         would allow it:\n\
         \x20 transfer_account account \"south\" member \"jon\": a member who manages the team \
         and may do all it opens can\n\
         \x20 set_role member \"jon\" role admin: a member who manages the team and may do all \
         it opens can\n\
         \x20 set_role member \"jon\" role teammate: a member who manages the team and may do \
         all it opens can\n"
    );
}

#[test]
fn explain_says_what_would_allow_a_denial_or_that_no_single_change_would() {
    // pablo (removed) can only be re-added: as an admin, teammate or agent (each with its
    // default grant, which holds connect_account's scope: every role but collaborator).
    let output = chatgate(&[
        "explain",
        "examples/policies/small_team.json",
        "pablo",
        "connect_account",
    ]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).ends_with(
            "\n\nwould allow it:\n\
             \x20 add_member member \"pablo\" role admin permissions default: a member who manages \
             the team and may do all it opens can\n\
             \x20 add_member member \"pablo\" role teammate permissions default: a member who \
             manages the team and may do all it opens can\n\
             \x20 add_member member \"pablo\" role agent permissions default: a member who manages \
             the team and may do all it opens can\n"
        ),
        "{}",
        stdout(&output)
    );
    // dan, an agent granted reply alone, may not delete c1: an assignment makes it visible
    // but grants no delete; a grant of delete does not make it visible; a role change keeps
    // the grant of reply.
    let output = chatgate(&[
        "explain",
        "tests/policies/no_remedy.json",
        "dan",
        "delete",
        "--chat",
        "c1",
    ]);
    assert_exit(&output, 0);
    assert!(
        stdout(&output).ends_with("\n\nno single change would allow it\n"),
        "{}",
        stdout(&output)
    );
    // An allowed decision has neither.
    let output = chatgate(&[
        "explain",
        "tests/policies/no_remedy.json",
        "olga",
        "delete",
        "--chat",
        "c1",
    ]);
    assert!(!stdout(&output).contains("would allow it"));
}

#[test]
fn explain_covers_every_rule() {
    let cases: [(&[&str], &str, &[&str]); 5] = [
        (
            &["shared_account", "tomas", "reply", "--chat", "c101"],
            "\"tomas\" reply chat \"c101\": allow",
            &[
                "categories  same_team: \"olivia\" connected the account and shares a team with \"tomas\"; \"tomas\" is not assigned to it",
                "rule        teammates see same_team chats, and this chat is same_team for \"tomas\": visible; `reply` needs the reply permission, which \"tomas\" holds: allowed",
            ],
        ),
        (
            &["solo_with_help", "alba", "view", "--chat", "c9"],
            "\"alba\" view chat \"c9\": deny (out_of_scope: ",
            &["other_team: \"rita\" connected the account and was removed, so shares no team with \"alba\""],
        ),
        (
            &["large_team", "leo", "manage_billing"],
            "\"leo\" manage_billing the workspace: deny (missing_permission: ",
            &[
                "the admin ceiling leaves out manage_billing, manage_workspace, admin",
                "(it was granted, but the admin ceiling leaves it out, and no grant can add it): missing permission",
            ],
        ),
        (
            &["small_team", "pablo", "view", "--chat", "c103"],
            "\"pablo\" view chat \"c103\": deny (inactive: ",
            &["a removed member is denied everything"],
        ),
        (
            &["shared_account", "carlos", "connect_account"],
            "\"carlos\" connect_account the workspace: deny (out_of_scope: ",
            &["role        collaborators never connect accounts"],
        ),
    ];
    for (args, first, contains) in cases {
        let file = format!("examples/policies/{}.json", args[0]);
        let mut full = vec!["explain", file.as_str()];
        full.extend(&args[1..]);
        let output = chatgate(&full);
        assert_exit(&output, 0);
        let out = stdout(&output);
        assert!(out.starts_with(first), "{out}");
        for text in contains {
            assert!(out.contains(text), "{args:?}: {text}\n{out}");
        }
    }
}

#[test]
fn explain_refuses_unknown_ids_and_unusable_files() {
    let output = chatgate(&[
        "explain",
        "examples/policies/small_team.json",
        "zoe",
        "view_stats",
    ]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output),
        "examples/policies/small_team.json: unknown member \"zoe\"\n"
    );
    let output = chatgate(&[
        "explain",
        "examples/policies/small_team.json",
        "olga",
        "view",
        "--chat",
        "c999",
    ]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("unknown chat \"c999\""));
    let output = chatgate(&[
        "explain",
        "tests/policies/invalid/no_owner.json",
        "ana",
        "manage_team",
    ]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("no member has the role `owner`"));
}

#[test]
fn access_prints_a_members_access_level_by_the_files_names() {
    // Jon is an agent in the south team, with the default grant: he connected no account,
    // and the south chat c202 is assigned to him.
    let output = chatgate(&["access", "examples/policies/large_team.json", "jon"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "\"jon\" is an agent in team \"south\".\n\
         They see chats of the accounts they connected and chats assigned to them.\n\
         They hold reply (their role's default grant); view (implied by reply).\n\
         They may send from no account.\n\
         They are assigned to chat \"c202\".\n\
         In the workspace they may `connect_account`; they may not `manage_workspace`, \
         `manage_billing`, `manage_team`, `manage_integrations`, `manage_settings`, \
         `view_stats`, `manage_forms`.\n"
    );
    assert_eq!(stderr(&output), "");
    // Leo is an admin with the default grant, Admin, capped by the Admin ceiling.
    let output = chatgate(&["access", "examples/policies/large_team.json", "leo"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "\"leo\" is an admin in no team.\n\
         They see every chat.\n\
         They hold view, reply, delete, manage_team, manage_settings, view_stats, \
         manage_forms, manage_integrations (implied by admin).\n\
         The admin ceiling leaves out manage_billing, manage_workspace, admin, which their \
         grants would bring.\n\
         They may send from accounts \"north\", \"south\".\n\
         They are assigned to no chat.\n\
         In the workspace they may `connect_account`, `manage_team`, `manage_integrations`, \
         `manage_settings`, `view_stats`, `manage_forms`; they may not `manage_workspace`, \
         `manage_billing`.\n"
    );
    // Sara is a teammate of the north team granted Reply + Delete, who connected "north".
    let output = chatgate(&["access", "examples/policies/large_team.json", "sara"]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    assert!(
        out.contains("\nThey hold reply, delete (granted); view (implied by reply, delete).\n"),
        "{out}"
    );
    assert!(
        out.contains("\nThey may send from account \"north\".\n"),
        "{out}"
    );
}

#[test]
fn access_of_a_removed_member_says_they_have_none() {
    let output = chatgate(&["access", "examples/policies/large_team.json", "nico"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "\"nico\" was removed from the workspace: they have no access, and every request of \
         theirs is denied (inactive).\n"
    );
}

#[test]
fn access_refuses_unknown_members_and_unusable_files() {
    let output = chatgate(&["access", "examples/policies/large_team.json", "zoe"]);
    assert_exit(&output, 2);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        "examples/policies/large_team.json: unknown member \"zoe\"\n"
    );
    let output = chatgate(&["access", "tests/policies/invalid/no_owner.json", "ana"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("no member has the role `owner`"));
    let output = chatgate(&[
        "access",
        "--max-bytes",
        "100",
        "examples/policies/large_team.json",
        "jon",
    ]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("over the limit of 100 bytes"));
}

#[test]
fn access_escapes_every_name_of_the_file() {
    let spoof = "x\n0 passed, 0 failed\n\u{1b}]0;pwned\u{7}";
    let file = temp_file(
        "spoof_access.json",
        r#"{"members": [{"id": "olga", "role": "owner", "teams": ["t\n1"]},
                        {"id": "x\n0 passed, 0 failed\n\u001b]0;pwned\u0007", "role": "agent", "teams": ["t\n1"]}],
            "accounts": [{"id": "a\u001b[2J", "connected_by": "x\n0 passed, 0 failed\n\u001b]0;pwned\u0007"}]}"#,
    );
    let output = chatgate(&["access", file.to_str().unwrap(), spoof]);
    assert_exit(&output, 0);
    let out = stdout(&output);
    for line in out.lines() {
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    assert_eq!(out.lines().count(), 6, "{out}");
    assert!(out.starts_with(
        "\"x\\n0 passed, 0 failed\\n\\u{1b}]0;pwned\\u{7}\" is an agent in team \"t\\n1\".\n"
    ));
    assert!(
        out.contains("\nThey may send from account \"a\\u{1b}[2J\".\n"),
        "{out}"
    );
}

#[test]
fn explain_with_the_chat_given_bare_says_to_name_it_with_chat() {
    let output = chatgate(&[
        "explain",
        "examples/policies/small_team.json",
        "marta",
        "reply",
        "c102",
    ]);
    assert_exit(&output, 2);
    let err = stderr(&output);
    assert!(
        err.starts_with(
            "chatgate: \"c102\" is one argument too many: name the chat with --chat \"c102\"\n"
        ),
        "{err}"
    );
    let output = chatgate(&[
        "explain",
        "examples/policies/small_team.json",
        "olga",
        "reply",
        "--account",
        "inbox",
    ]);
    assert_exit(&output, 2);
    assert!(stderr(&output)
        .starts_with("chatgate: `reply` applies to a chat: give --chat ID and no --account\n"));
}

#[test]
fn no_file_writes_a_line_of_its_own_or_a_control_character() {
    // Ids, names and field names that would print `0 passed, 0 failed` on a line of their
    // own, and set a terminal's title.
    let spoof = "x\\n0 passed, 0 failed\\n\\u001b]0;pwned\\u0007";
    let failing = temp_file(
        "spoof_checks.json",
        &format!(
            r#"{{"members": [{{"id": "olga", "role": "owner"}}, {{"id": "{spoof}", "role": "agent"}}],
                "checks": [{{"subject": "{spoof}", "action": "manage_team", "expect": "allow"}}]}}"#
        ),
    );
    let unusable = temp_file(
        "spoof_problems.json",
        &format!(
            r#"{{"members": [{{"id": "olga", "role": "owner"}}, {{"id": "{spoof}", "role": "{spoof}"}}, {{"id": "b", "{spoof}": 1, "role": "agent"}}],
                "checks": [{{"subject": "olga", "action": "{spoof}", "expect": "{spoof}", "reason": "{spoof}"}}]}}"#
        ),
    );
    let output = chatgate(&[
        "test",
        "--verbose",
        failing.to_str().unwrap(),
        unusable.to_str().unwrap(),
    ]);
    assert_exit(&output, 2);
    for text in [stdout(&output), stderr(&output)] {
        for line in text.lines() {
            assert!(!line.chars().any(char::is_control), "{line:?}");
        }
    }
    let out = stdout(&output);
    assert_eq!(
        out.lines().filter(|l| *l == "0 passed, 1 failed").count(),
        1,
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    // Every problem of the unusable file, each on its line (the role, the field, the action,
    // the reason), and the closing line.
    assert_eq!(stderr(&output).lines().count(), 5, "{}", stderr(&output));
}

#[test]
fn only_regular_files_up_to_the_limit_are_read() {
    let small = "examples/policies/small_team.json";
    let size = std::fs::metadata(Path::new(env!("CARGO_MANIFEST_DIR")).join(small))
        .unwrap()
        .len();
    let output = chatgate(&["test", "--max-bytes", "100", small]);
    assert_exit(&output, 2);
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        format!("{small}: cannot read: the file has {size} bytes, over the limit of 100 bytes")
    );
    let output = chatgate(&["test", "--max-bytes", &size.to_string(), small]);
    assert_exit(&output, 0);
    let output = chatgate(&[
        "explain",
        "--max-bytes",
        "100",
        small,
        "olga",
        "manage_team",
    ]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("over the limit of 100 bytes"));
    let output = chatgate(&["test", "--max-bytes", "lots", small]);
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with("chatgate: --max-bytes needs a number of bytes\n"));

    let output = chatgate(&["test", "examples/policies"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).starts_with("examples/policies: cannot read: not a regular file\n"));
    if Path::new("/dev/zero").exists() {
        let output = chatgate(&["test", "/dev/zero"]);
        assert_exit(&output, 2);
        assert!(stderr(&output).starts_with("/dev/zero: cannot read: not a regular file\n"));
    } else {
        println!("no /dev/zero here: the device case is not tried");
    }
}

/// A file in a fresh temporary directory of this test run.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("chatgate-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Whatever a file holds (a seed policy with bytes changed, cut or inserted), the binary
    /// answers with 0, 1 or 2 and never panics.
    #[test]
    fn no_file_makes_the_binary_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3_u8), 1..6),
        cut in any::<prop::sample::Index>(),
        case in any::<u32>(),
    ) {
        let seed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies/shared_account.json"),
        ).unwrap();
        let mut bytes = seed;
        for (at, byte, how) in edits {
            let index = at.index(bytes.len());
            match how {
                0 => bytes[index] = byte,
                1 => bytes.insert(index, byte),
                _ => { bytes.remove(index); }
            }
        }
        if case % 4 == 0 {
            bytes.truncate(cut.index(bytes.len()));
        }
        let path = temp_file(&format!("fuzz-{case}.json"), "");
        std::fs::write(&path, &bytes).unwrap();
        let output = chatgate(&["test", path.to_str().unwrap()]);
        let code = output.status.code();
        prop_assert!(matches!(code, Some(0..=2)), "{:?}\n{}", code, stderr(&output));
        prop_assert!(!stderr(&output).contains("panicked"));
        prop_assert!(stdout(&output).ends_with(" failed\n"));
        std::fs::remove_file(&path).unwrap();
    }
}

/// Every string in `value`, as a mutable reference.
fn strings(value: &mut serde_json::Value) -> Vec<&mut String> {
    match value {
        serde_json::Value::String(text) => vec![text],
        serde_json::Value::Array(items) => items.iter_mut().flat_map(strings).collect(),
        serde_json::Value::Object(fields) => fields.values_mut().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}

/// Words a changed string may become: ids of the file, names of roles, flags and actions.
const WORDS: [&str; 14] = [
    "owner",
    "collaborator",
    "agent",
    "olivia",
    "carlos",
    "shared",
    "c101",
    "view",
    "send_from",
    "manage_team",
    "deny",
    "allow",
    "out_of_scope",
    "sales",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A seed policy with names and ids swapped, entries dropped or repeated, and fields
    /// flipped: the binary answers 0, 1 or 2, never panics, and an unusable file runs no
    /// check.
    #[test]
    fn no_policy_makes_the_binary_panic(
        swaps in prop::collection::vec((any::<prop::sample::Index>(), 0..WORDS.len()), 0..4),
        array in 0..4_usize,
        entry in any::<prop::sample::Index>(),
        how in 0..4_u8,
        case in any::<u32>(),
    ) {
        let mut policy = read_json("examples/policies/shared_account.json");
        for (at, word) in swaps {
            let mut all = strings(&mut policy);
            let len = all.len();
            *all[at.index(len)] = WORDS[word].to_owned();
        }
        let key = ["members", "accounts", "chats", "checks"][array];
        let items = policy[key].as_array_mut().unwrap();
        let index = entry.index(items.len());
        match how {
            0 => { items.remove(index); }
            1 => { let copy = items[index].clone(); items.push(copy); }
            2 => { items[index]["removed"] = serde_json::Value::Bool(true); }
            _ => {}
        }
        let path = temp_file(&format!("mutant-{case}.json"), &policy.to_string());
        let output = chatgate(&["test", path.to_str().unwrap()]);
        let code = output.status.code();
        prop_assert!(matches!(code, Some(0..=2)), "{:?}\n{}", code, stderr(&output));
        prop_assert!(!stderr(&output).contains("panicked"));
        if code == Some(2) {
            prop_assert_eq!(stdout(&output), "0 passed, 0 failed\n");
        }
        std::fs::remove_file(&path).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// chatgate log
// ---------------------------------------------------------------------------------------

/// A journal file with tenant 7's story (and tenant 8 started), removed when dropped.
struct Journal(PathBuf);

impl Journal {
    fn story(name: &str) -> Self {
        use chatgate::{
            AccountId, ChatId, Durability, Journal as _, MemberId, Role, SqliteJournal, Workspace,
            WorkspaceId,
        };
        let path = std::env::temp_dir().join(format!(
            "chatgate-cli-log-{name}-{}.sqlite",
            std::process::id()
        ));
        let file = Journal(path);
        file.remove();
        let journal = SqliteJournal::open(&file.0, Durability::Normal).unwrap();
        let (tenant, owner, dan) = (WorkspaceId::new(7), MemberId::new(1), MemberId::new(3));
        let mut ws = Workspace::new(owner);
        journal.create(tenant, &ws.snapshot()).unwrap();
        journal
            .create(WorkspaceId::new(8), &Workspace::new(owner).snapshot())
            .unwrap();
        let events = [
            ws.add_member(owner, dan, Role::Agent).unwrap(),
            ws.connect_account(dan, AccountId::new(10)).unwrap(),
            ws.receive_chat(ChatId::new(100), AccountId::new(10))
                .unwrap(),
            ws.assign(owner, ChatId::new(100), dan).unwrap(),
            ws.remove_member(owner, dan).unwrap(),
        ];
        for event in events {
            journal.append(tenant, &event.unwrap()).unwrap();
        }
        file
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.as_os_str().to_owned();
            path.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(path));
        }
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        self.remove();
    }
}

#[test]
fn log_prints_a_workspaces_events_one_line_each_with_revision_and_actor() {
    let journal = Journal::story("events");
    let output = chatgate(&["log", journal.path(), "7"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "       1  `1`: add_member member `3` role agent permissions default\n\
         \x20      2  `3`: connect_account account `10`\n\
         \x20      3  network: receive_chat chat `100` account `10`\n\
         \x20      4  `1`: assign chat `100` member `3`\n\
         \x20      5  `1`: remove_member member `3` (dropped teams [], assignments [`100`])\n"
    );
    let output = chatgate(&["log", journal.path(), "7", "--after", "3", "--limit", "1"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "       4  `1`: assign chat `100` member `3`\n"
    );
}

#[test]
fn log_without_a_workspace_lists_the_workspaces() {
    let journal = Journal::story("list");
    let output = chatgate(&["log", journal.path()]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "workspace `7`: revision 5, latest snapshot at 0\n\
         workspace `8`: revision 0, latest snapshot at 0\n"
    );
}

#[test]
fn log_says_where_events_were_compacted() {
    use chatgate::{Durability, Journal as _, SqliteJournal, Workspace, WorkspaceId};
    let journal = Journal::story("compacted");
    let sqlite = SqliteJournal::open(&journal.0, Durability::Normal).unwrap();
    let tenant = WorkspaceId::new(7);
    let mut ws = Workspace::from_snapshot(sqlite.latest_snapshot(tenant).unwrap()).unwrap();
    for event in sqlite.read_after(tenant, 0, 3).unwrap() {
        ws.apply(&event).unwrap();
    }
    sqlite.save_snapshot(tenant, &ws.snapshot()).unwrap();
    assert_eq!(sqlite.compact(tenant).unwrap(), 3);
    let output = chatgate(&["log", journal.path(), "7"]);
    assert_exit(&output, 0);
    assert_eq!(
        stdout(&output),
        "(revisions up to 3 are compacted into the latest snapshot)\n\
         \x20      4  `1`: assign chat `100` member `3`\n\
         \x20      5  `1`: remove_member member `3` (dropped teams [], assignments [`100`])\n"
    );
}

#[test]
fn log_refuses_what_it_cannot_read() {
    let journal = Journal::story("refused");
    let missing = std::env::temp_dir().join("chatgate-cli-log-no-such-file.sqlite");
    let output = chatgate(&["log", missing.to_str().unwrap(), "7"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("no such journal file"),
        "{}",
        stderr(&output)
    );
    assert!(!missing.exists(), "reading a log created the file");
    let output = chatgate(&["log", journal.path(), "9"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("the journal holds no workspace `9`"),
        "{}",
        stderr(&output)
    );
    let output = chatgate(&["log", journal.path(), "seven"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("is not a number"),
        "{}",
        stderr(&output)
    );
    let output = chatgate(&["log", journal.path(), "7", "--after"]);
    assert_exit(&output, 2);
    assert!(
        stderr(&output).contains("--after needs a number"),
        "{}",
        stderr(&output)
    );
    let output = chatgate(&["log", "tests/policies/changes/add_member.json", "7"]);
    assert_exit(&output, 2);
    assert!(stderr(&output).contains("journal"), "{}", stderr(&output));
}
