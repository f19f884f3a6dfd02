//! A policy file's steps as a service reads them: what a step may hold (each problem named
//! with its step), which names steps introduce, and what the steps decide on the state they
//! reach. The stories of POLICY.md's table of changes are in `tests/policy_changes.rs`.

#![cfg(feature = "policy-file")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking"
)]

use chatgate::policy_file::{Effect, PolicyFile, Step, StepOutcome};
use chatgate::{ChangeErrorKind, Reason};

/// A file with `olga` (owner), `dan` (agent), account `inbox` and chat `c1`, and `steps`.
fn with_steps(steps: &str) -> String {
    format!(
        r#"{{
  "members": [{{"id": "olga", "role": "owner"}}, {{"id": "dan", "role": "agent"}}],
  "accounts": [{{"id": "inbox", "connected_by": "olga"}}],
  "chats": [{{"id": "c1", "account": "inbox"}}],
  "steps": [{steps}]
}}"#
    )
}

/// The one problem of a file with `steps`, as its line (without its position).
fn problem(steps: &str) -> String {
    let problems = PolicyFile::parse(&with_steps(steps)).expect_err("the file is refused");
    assert_eq!(problems.len(), 1, "{problems}");
    let problem = &problems.as_slice()[0];
    format!("{}: {}", problem.entry().unwrap_or("-"), problem.message())
}

/// What each step of a file with `steps` did, in the words of the `expect` field.
fn effects(steps: &str) -> Vec<String> {
    let file = PolicyFile::parse(&with_steps(steps)).unwrap();
    file.run_steps()
        .iter()
        .map(|outcome| match outcome {
            StepOutcome::Change { result, .. } => Effect::of(result).to_string(),
            StepOutcome::Check(check) => match check.decision {
                Ok(()) => "allow".to_owned(),
                Err(denied) => format!("deny ({})", denied.reason()),
            },
        })
        .collect()
}

#[test]
fn a_change_step_holds_exactly_its_changes_fields() {
    assert_eq!(
        problem(
            r#"{"actor": "olga", "change": "set_role", "member": "dan", "role": "agent", "team": "t", "expect": "ok"}"#
        ),
        "steps[0]: `team` is not a field of set_role (its fields: `member`, `role`)"
    );
    assert_eq!(
        problem(r#"{"actor": "olga", "change": "set_role", "member": "dan", "expect": "ok"}"#),
        "steps[0]: set_role needs `role`"
    );
    assert_eq!(
        problem(
            r#"{"actor": "olga", "change": "set_permissions", "member": "dan", "expect": "ok"}"#
        ),
        "steps[0]: set_permissions needs `permissions`"
    );
    assert_eq!(
        problem(r#"{"actor": "olga", "change": "drop_chat", "chat": "c1", "expect": "ok"}"#),
        "steps[0]: unknown change `drop_chat`"
    );
    assert_eq!(
        problem(r#"{"actor": "olga", "change": "assign", "chat": "c1", "member": "dan", "expect": "ok", "color": "red"}"#)
            .split(',')
            .next()
            .unwrap(),
        "steps[0]: unknown field `color`"
    );
    assert_eq!(
        problem(
            r#"{"actor": "olga", "change": "set_role", "member": "dan", "role": "boss", "expect": "ok"}"#
        ),
        "steps[0]: unknown role `boss`"
    );
    assert_eq!(
        problem(
            r#"{"actor": "olga", "change": "set_permissions", "member": "dan", "permissions": ["fly"], "expect": "ok"}"#
        ),
        "steps[0]: unknown permission `fly`"
    );
    assert!(problem(r#"{"actor": "olga", "change": "set_permissions", "member": "dan", "permissions": null, "expect": "ok"}"#)
        .starts_with("steps[0]: `permissions` is null"));
    assert!(problem(
        r#"{"actor": null, "change": "remove_member", "member": "dan", "expect": "ok"}"#
    )
    .starts_with("steps[0]: a field is null"));
    assert_eq!(
        problem(r#"["olga", "remove_member", "dan", "ok"]"#),
        "steps[0]: invalid type: an array, expected a step: an object with `change` and \
         `expect`, or an object with `check`"
    );
}

#[test]
fn only_receive_chat_has_no_actor() {
    assert_eq!(
        problem(r#"{"change": "remove_member", "member": "dan", "expect": "ok"}"#),
        "steps[0]: remove_member needs `actor`"
    );
    assert_eq!(
        problem(
            r#"{"actor": "olga", "change": "receive_chat", "chat": "c2", "account": "inbox", "expect": "ok"}"#
        ),
        "steps[0]: receive_chat has no `actor`: chats come from the messaging network"
    );
}

#[test]
fn expect_error_and_reason_go_together_as_the_format_says() {
    let remove = r#""actor": "olga", "change": "remove_member", "member": "dan""#;
    assert_eq!(
        problem(&format!(
            r#"{{{remove}, "expect": "ok", "error": "denied"}}"#
        )),
        "steps[0]: an `error` or a `reason` goes with `\"expect\": \"refused\"` only"
    );
    assert_eq!(
        problem(&format!(
            r#"{{{remove}, "expect": "refused", "error": "escalation", "reason": "inactive"}}"#
        )),
        "steps[0]: a `reason` goes with the error `denied` only, not `escalation`"
    );
    assert_eq!(
        problem(&format!(
            r#"{{{remove}, "expect": "refused", "error": "forbidden"}}"#
        )),
        "steps[0]: unknown change error kind `forbidden`"
    );
    assert_eq!(
        problem(&format!(r#"{{{remove}, "expect": "allow"}}"#)),
        "steps[0]: unknown expectation `allow`: a change step's `expect` is `ok`, `unchanged` \
         or `refused`"
    );
    assert_eq!(
        problem(&format!(r#"{{{remove}}}"#)),
        "steps[0]: a change step needs `expect`"
    );
    // A reason alone is a denial's.
    let file = PolicyFile::parse(&with_steps(&format!(
        r#"{{{remove}, "expect": "refused", "reason": "inactive"}}"#
    )))
    .unwrap();
    let Step::Change(step) = &file.steps()[0] else {
        panic!("a change step")
    };
    assert_eq!(
        step.expect,
        Effect::Refused {
            error: Some(ChangeErrorKind::Denied),
            reason: Some(Reason::Inactive)
        }
    );
}

#[test]
fn a_check_step_holds_a_check_alone() {
    assert_eq!(
        problem(
            r#"{"check": {"subject": "dan", "action": "view", "chat": "c1", "expect": "allow"}, "expect": "ok"}"#
        ),
        "steps[0]: a check step holds `check` alone, not `expect`"
    );
    assert_eq!(
        problem(r#"{"check": ["dan", "view", "c1", "allow"]}"#),
        "steps[0]: `check`: invalid type: an array, expected a check: an object with \
         `subject`, `action` and `expect`"
    );
    assert_eq!(
        problem(
            r#"{"check": {"subject": "dan", "action": "reply", "account": "inbox", "expect": "allow"}}"#
        ),
        "steps[0]: `reply` applies to a chat: it takes a `chat` and no `account`"
    );
}

#[test]
fn a_name_no_entry_and_no_step_introduces_is_a_problem_of_the_file() {
    assert_eq!(
        problem(r#"{"actor": "zoe", "change": "remove_member", "member": "dan", "expect": "ok"}"#),
        r#"steps[0]: unknown member "zoe" in `actor`"#
    );
    assert_eq!(
        problem(
            r#"{"actor": "olga", "change": "join_team", "member": "dan", "team": "sales", "expect": "ok"}"#
        ),
        r#"steps[0]: unknown team "sales" in `team`"#
    );
    assert_eq!(
        problem(
            r#"{"check": {"subject": "dan", "action": "view", "chat": "c9", "expect": "deny"}}"#
        ),
        r#"steps[0]: unknown chat "c9" in `chat`"#
    );
    // `checks` see the entries only, not the names steps introduce.
    let text = with_steps(
        r#"{"change": "receive_chat", "chat": "c2", "account": "inbox", "expect": "ok"}"#,
    )
    .replace(
        r#""steps""#,
        r#""checks": [{"subject": "olga", "action": "view", "chat": "c2", "expect": "allow"}], "steps""#,
    );
    let problems = PolicyFile::parse(&text).expect_err("the file is refused");
    assert_eq!(
        problems.as_slice()[0].message(),
        r#"unknown chat "c2" in `chat`"#
    );
}

#[test]
fn a_name_a_step_introduces_is_known_before_and_after_whatever_the_steps_outcome() {
    // Before `c2` arrives it is out of scope; after, the owner sees it.
    assert_eq!(
        effects(
            r#"{"check": {"subject": "olga", "action": "view", "chat": "c2", "expect": "deny"}},
               {"change": "receive_chat", "chat": "c2", "account": "inbox", "expect": "ok"},
               {"check": {"subject": "olga", "action": "view", "chat": "c2", "expect": "allow"}}"#
        ),
        ["deny (out_of_scope)", "ok", "allow"]
    );
    // An agent may not add a member: `zoe` is named, never added, and decided as unknown.
    assert_eq!(
        effects(
            r#"{"actor": "dan", "change": "add_member", "member": "zoe", "role": "agent", "expect": "refused"},
               {"check": {"subject": "zoe", "action": "view_stats", "expect": "deny"}},
               {"actor": "zoe", "change": "remove_member", "member": "dan", "expect": "refused"}"#
        ),
        [
            "refused (denied: missing_permission)",
            "deny (inactive)",
            "refused (denied: inactive)"
        ]
    );
    // A team a step creates can be joined; a deleted chat's id can arrive again.
    assert_eq!(
        effects(
            r#"{"actor": "olga", "change": "create_team", "team": "sales", "expect": "ok"},
               {"actor": "olga", "change": "join_team", "member": "dan", "team": "sales", "expect": "ok"},
               {"actor": "olga", "change": "delete_chat", "chat": "c1", "expect": "ok"},
               {"check": {"subject": "olga", "action": "view", "chat": "c1", "expect": "deny"}},
               {"change": "receive_chat", "chat": "c1", "account": "inbox", "expect": "ok"}"#
        ),
        ["ok", "ok", "ok", "deny (out_of_scope)", "ok"]
    );
}

#[test]
fn steps_run_on_a_copy_and_the_checks_see_the_files_workspace() {
    let text = with_steps(
        r#"{"actor": "olga", "change": "remove_member", "member": "dan", "expect": "ok"},
           {"check": {"subject": "dan", "action": "view", "chat": "c1", "expect": "deny", "reason": "inactive"}}"#,
    );
    let file = PolicyFile::parse(&text).unwrap();
    assert!(file.run_steps().iter().all(StepOutcome::passed));
    // The file's workspace still holds `dan`, and running again gives the same outcomes.
    let dan = file.names().members().id("dan").unwrap();
    assert!(file
        .workspace()
        .subject(chatgate::MemberId::new(dan))
        .is_some_and(|subject| subject.is_active()));
    assert!(file.run_steps().iter().all(StepOutcome::passed));
}

#[test]
fn expectations_admit_exactly_what_they_name() {
    let steps = r#"{"actor": "dan", "change": "remove_member", "member": "olga", "expect": "refused", "error": "owner_protected"},
                   {"actor": "olga", "change": "remove_member", "member": "olga", "expect": "refused", "error": "owner_protected"},
                   {"actor": "olga", "change": "unassign", "chat": "c1", "member": "dan", "expect": "ok"},
                   {"actor": "olga", "change": "unassign", "chat": "c1", "member": "dan", "expect": "unchanged"}"#;
    let file = PolicyFile::parse(&with_steps(steps)).unwrap();
    let passed: Vec<bool> = file.run_steps().iter().map(StepOutcome::passed).collect();
    // dan lacks MANAGE_TEAM (denied comes first); unassigning someone not assigned is a no-op.
    assert_eq!(passed, [false, true, false, true]);
}
