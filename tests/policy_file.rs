//! `chatgate::policy_file` as a service calls it from its own tests: the seed files read
//! and pass; what the format refuses (`null`, arrays in place of objects, files that are not
//! regular or too large) is refused with a problem naming its place; problems print on one
//! line whatever the file holds.

#![cfg(feature = "policy-file")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking"
)]

use std::path::{Path, PathBuf};

use chatgate::policy_file::{Expect, PolicyFile, Position, Problems, Wanted};
use chatgate::{Action, Denied, Reason, Target};

fn root(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn problems(text: &str) -> Problems {
    PolicyFile::parse(text).expect_err("the file is refused")
}

/// The one problem of `text`, as its line.
fn only_problem(text: &str) -> String {
    let problems = problems(text);
    assert_eq!(problems.len(), 1, "{problems}");
    problems.as_slice()[0].to_string()
}

#[test]
fn every_seed_file_reads_and_its_checks_pass() {
    for seed in [
        "small_team",
        "large_team",
        "solo_with_help",
        "shared_account",
    ] {
        let path = root(&format!("examples/policies/{seed}.json"));
        let file = PolicyFile::load(&path).unwrap();
        let text: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let checks = text["checks"].as_array().unwrap().len();
        assert_eq!(file.checks().len(), checks, "{seed}");
        assert_eq!(file.run().filter(|o| o.passed()).count(), checks, "{seed}");
    }
}

#[test]
fn a_check_resolves_to_the_workspace_ids_and_its_expectation() {
    let file = PolicyFile::load(&root("examples/policies/small_team.json")).unwrap();
    let (marta, c102) = file.lookup("marta", Wanted::Chat("c102")).unwrap();
    let check = file
        .checks()
        .iter()
        .find(|c| c.subject == marta && c.action == Action::Reply && c.target == c102)
        .expect("small_team checks marta replying to c102");
    assert_eq!(check.subject_name, "marta");
    assert_eq!(check.expect, Expect::Deny(Some(Reason::MissingPermission)));
    // marta is granted view only: reply is missing (POLICY.md, permissions).
    assert!(matches!(
        file.workspace().authorize(marta, Action::Reply, c102),
        Err(Denied::MissingPermission { .. })
    ));
    assert_eq!(
        file.lookup("olga", Wanted::Account("nowhere"))
            .unwrap_err()
            .to_string(),
        "unknown account \"nowhere\""
    );
    assert_eq!(file.names().target(Target::Workspace), "the workspace");
}

#[test]
fn null_is_refused_wherever_a_value_is_expected_naming_the_entry() {
    let owner = r#"{"id": "olga", "role": "owner"}"#;
    // `"permissions": null` read as the role's default: an admin held all the admin ceiling.
    let text = format!(
        r#"{{"members": [{owner}, {{"id": "dan", "role": "admin", "permissions": null}}]}}"#
    );
    // Placed just past the `null`, where serde_json stops reading it (columns from 1).
    let column = text.find("null").unwrap() + "null".len() + 1;
    assert_eq!(
        only_problem(&text),
        format!(
            "1:{column}: members[1] (\"dan\"): `permissions` is null: leave it out (or write \
             \"default\") for the role's default grant, or list the permissions (`[]` for none)"
        )
    );
    for field in ["chat", "account", "reason"] {
        let text = format!(
            r#"{{"members": [{owner}], "checks": [{{"subject": "olga", "action": "manage_team", "expect": "deny", "{field}": null}}]}}"#
        );
        let line = only_problem(&text);
        assert!(
            line.contains("checks[0]: a field is null"),
            "{field}: {line}"
        );
    }
    for (field, value) in [("teams", "null"), ("removed", "null")] {
        let text = format!(
            r#"{{"members": [{owner}, {{"id": "dan", "role": "agent", "{field}": {value}}}]}}"#
        );
        assert!(only_problem(&text).contains("members[1] (\"dan\"): invalid type: null"));
    }
    // Absent still means the role's default, and `[]` no grant.
    let file = PolicyFile::parse(&format!(
        r#"{{"members": [{owner}, {{"id": "dan", "role": "admin"}}, {{"id": "eve", "role": "admin", "permissions": []}}]}}"#
    ))
    .unwrap();
    assert!(file
        .names()
        .explicit_grants(file.lookup("eve", Wanted::Workspace).unwrap().0));
    assert!(!file
        .names()
        .explicit_grants(file.lookup("dan", Wanted::Workspace).unwrap().0));
}

#[test]
fn only_objects_are_read_never_arrays_in_their_place() {
    // serde's derive reads an array of a struct's fields in order: this was a valid file.
    let positional = r#"[[["olga","owner"],["dan","agent",[],["admin"]]]]"#;
    assert_eq!(
        only_problem(positional),
        "1:1: invalid type: an array, expected a policy file: an object with the arrays \
         `members`, `teams`, `accounts`, `chats`, `checks`, `steps`"
    );
    assert!(only_problem(&format!("  \n {positional}")).starts_with("2:2: invalid type: an array"));
    let owner = r#"{"id": "olga", "role": "owner"}"#;
    let cases = [
        (
            r#"{"members": [["olga", "owner"]]}"#.to_owned(),
            "1:14: members[0]: invalid type: an array, expected a member",
        ),
        (
            format!(r#"{{"members": [{owner}], "accounts": [["a", "olga"]]}}"#),
            "accounts[0]: invalid type: an array, expected an account",
        ),
        (
            format!(
                r#"{{"members": [{owner}], "accounts": [{{"id": "a", "connected_by": "olga"}}], "chats": [["c", "a"]]}}"#
            ),
            "chats[0]: invalid type: an array, expected a chat",
        ),
        (
            format!(
                r#"{{"members": [{owner}], "checks": [["olga", "manage_team", null, null, "allow"]]}}"#
            ),
            "checks[0]: invalid type: an array, expected a check",
        ),
        (
            format!(r#"{{"members": [{owner}, "dan"]}}"#),
            "members[1]: invalid type: a string, expected a member",
        ),
    ];
    for (text, expected) in cases {
        let line = only_problem(&text);
        assert!(line.contains(expected), "{text}\n{line}");
    }
}

#[test]
fn problems_are_placed_by_line_and_column_in_the_whole_file() {
    let text = "{\"members\": [\n  {\"id\": \"o\", \"role\": \"owner\"},\n  {\"id\": \"b\", \"rol\": \"agent\"},\n  {\"id\": \"c\", \"role\": \"boss\"}\n]}";
    let problems = problems(text);
    let positions: Vec<Option<Position>> =
        problems.as_slice().iter().map(|p| p.position()).collect();
    assert_eq!(
        positions,
        [
            Some(Position {
                line: 3,
                column: 19
            }),
            Some(Position { line: 4, column: 3 }),
        ]
    );
    assert_eq!(problems.as_slice()[1].entry(), Some("members[2] (\"c\")"));
    assert_eq!(problems.as_slice()[1].message(), "unknown role `boss`");
}

#[test]
fn a_problem_prints_on_one_line_whatever_the_file_holds() {
    // An id, a field name and a role that would end the line, write `0 passed, 0 failed`
    // and set a terminal's title.
    let spoof = "x\\n0 passed, 0 failed\\n\\u001b]0;pwned\\u0007";
    let text = format!(
        r#"{{"members": [{{"id": "olga", "role": "owner"}}, {{"id": "{spoof}", "role": "{spoof}"}}, {{"id": "b", "{spoof}": 1, "role": "agent"}}]}}"#
    );
    let problems = problems(&text);
    assert_eq!(problems.len(), 2, "{problems}");
    for problem in problems.as_slice() {
        let line = problem.in_file("f\u{1b}.json").to_string();
        assert!(!line.chars().any(char::is_control), "{line:?}");
        assert!(line.starts_with("f\\u{1b}.json:1:"), "{line}");
    }
    assert!(problems.to_string().contains("0 passed, 0 failed\\n"));
}

#[test]
fn only_regular_files_up_to_the_limit_are_read() {
    let small_team = root("examples/policies/small_team.json");
    let size = std::fs::metadata(&small_team).unwrap().len();
    assert!(PolicyFile::load_limited(&small_team, size).is_ok());
    let too_large = PolicyFile::load_limited(&small_team, size - 1).unwrap_err();
    assert_eq!(
        too_large.to_string(),
        format!(
            "cannot read: the file has {size} bytes, over the limit of {} bytes",
            size - 1
        )
    );
    let directory = PolicyFile::load(&root("examples/policies")).unwrap_err();
    assert_eq!(directory.to_string(), "cannot read: not a regular file");
    if Path::new("/dev/zero").exists() {
        // A device reads for ever: refused before a byte is read.
        let device = PolicyFile::load(Path::new("/dev/zero")).unwrap_err();
        assert_eq!(device.to_string(), "cannot read: not a regular file");
    } else {
        println!("no /dev/zero here: the device case is not tried");
    }
    let missing = PolicyFile::load(&root("no_such_file.json")).unwrap_err();
    assert!(
        missing.to_string().starts_with("cannot read: "),
        "{missing}"
    );
}

#[test]
fn a_snapshot_dump_is_a_policy_file_that_decides_as_its_workspace() {
    use chatgate::{AccountId, ChatId, MemberId, Permission, Role, TeamId, Workspace};
    let (olga, marta, dan, gone) = (
        MemberId::new(1),
        MemberId::new(2),
        MemberId::new(3),
        MemberId::new(4),
    );
    let mut ws = Workspace::new(olga);
    ws.create_team(olga, TeamId::new(7)).unwrap();
    ws.create_team(olga, TeamId::new(8)).unwrap(); // a team no one is in
    ws.add_member_with_permissions(olga, marta, Role::Teammate, Some(Permission::VIEW))
        .unwrap();
    ws.add_member(olga, dan, Role::Agent).unwrap();
    ws.add_member(olga, gone, Role::Admin).unwrap();
    ws.remove_member(olga, gone).unwrap();
    ws.join_team(olga, olga, TeamId::new(7)).unwrap();
    ws.join_team(olga, marta, TeamId::new(7)).unwrap();
    ws.connect_account(olga, AccountId::new(10)).unwrap();
    ws.connect_account(dan, AccountId::new(11)).unwrap();
    ws.receive_chat(ChatId::new(100), AccountId::new(10))
        .unwrap();
    ws.receive_chat(ChatId::new(101), AccountId::new(11))
        .unwrap();
    ws.assign(olga, ChatId::new(100), dan).unwrap();

    let dump = serde_json::to_string_pretty(&ws.snapshot()).unwrap();
    let file = PolicyFile::parse(&dump).unwrap_or_else(|problems| panic!("{problems}\n{dump}"));
    assert_eq!(
        file.workspace().teams().count(),
        2,
        "the empty team is kept"
    );
    for member in ["1", "2", "3", "4"] {
        for action in Action::ALL {
            let targets: Vec<Wanted<'_>> = match action.resource_kind() {
                chatgate::ResourceKind::Workspace => vec![Wanted::Workspace],
                chatgate::ResourceKind::Account => {
                    vec![Wanted::Account("10"), Wanted::Account("11")]
                }
                chatgate::ResourceKind::Chat => vec![Wanted::Chat("100"), Wanted::Chat("101")],
            };
            for wanted in targets {
                let (id, target) = file.lookup(member, wanted).unwrap();
                let original = match target {
                    Target::Workspace => Target::Workspace,
                    Target::Account(_) | Target::Chat(_) => match wanted {
                        Wanted::Account(name) => {
                            Target::Account(AccountId::new(name.parse().unwrap()))
                        }
                        Wanted::Chat(name) => Target::Chat(ChatId::new(name.parse().unwrap())),
                        Wanted::Workspace => Target::Workspace,
                    },
                };
                assert_eq!(
                    file.workspace().authorize(id, action, target),
                    ws.authorize(MemberId::new(member.parse().unwrap()), action, original),
                    "{member} {action} {wanted:?}"
                );
            }
        }
    }
}
