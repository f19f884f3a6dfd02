//! Events and changes in JSON (the `serde` feature): the exact text of every kind of change,
//! written out by hand; a roundtrip of random events of every kind; the events a workspace
//! records read back as they were; and every way a record can be wrong refused, naming what
//! is wrong.

#![cfg(all(feature = "std", feature = "serde"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

use chatgate::{
    AccountId, Before, Change, ChangeKind, ChatId, Event, MemberId, Permission, Role, TeamId,
    Workspace,
};
use proptest::prelude::*;

fn member(id: u128) -> MemberId {
    MemberId::new(id)
}
fn team(id: u128) -> TeamId {
    TeamId::new(id)
}
fn account(id: u128) -> AccountId {
    AccountId::new(id)
}
fn chat(id: u128) -> ChatId {
    ChatId::new(id)
}

/// An event by member `1`.
fn by_one(change: Change, before: Before) -> Event {
    Event {
        revision: 1,
        actor: Some(member(1)),
        change,
        before,
    }
}

/// One event of each kind of change (and add_member both new and re-added), with its JSON
/// written out by hand.
fn every_kind() -> Vec<(Event, &'static str)> {
    vec![
        (
            by_one(
                Change::AddMember {
                    member: member(2),
                    role: Role::Teammate,
                    permissions: None,
                },
                Before::Nothing,
            ),
            r#"{"revision":1,"actor":"1","change":"add_member","member":"2","role":"teammate","permissions":"default"}"#,
        ),
        (
            by_one(
                Change::AddMember {
                    member: member(2),
                    role: Role::Agent,
                    permissions: Some(Permission::VIEW | Permission::REPLY),
                },
                Before::Removed {
                    role: Role::Teammate,
                    permissions: Some(Permission::empty()),
                },
            ),
            r#"{"revision":1,"actor":"1","change":"add_member","member":"2","role":"agent","permissions":["view","reply"],"before":{"removed":{"role":"teammate","permissions":[]}}}"#,
        ),
        (
            by_one(
                Change::SetRole {
                    member: member(4),
                    role: Role::Agent,
                },
                Before::Member {
                    role: Role::Teammate,
                    permissions: None,
                },
            ),
            r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent","before":{"member":{"role":"teammate","permissions":"default"}}}"#,
        ),
        (
            by_one(
                Change::SetPermissions {
                    member: member(4),
                    permissions: Some(Permission::VIEW),
                },
                Before::Member {
                    role: Role::Teammate,
                    permissions: None,
                },
            ),
            r#"{"revision":1,"actor":"1","change":"set_permissions","member":"4","permissions":["view"],"before":{"member":{"role":"teammate","permissions":"default"}}}"#,
        ),
        (
            by_one(
                Change::RemoveMember { member: member(3) },
                Before::Dropped {
                    teams: vec![team(7)],
                    assignments: vec![],
                },
            ),
            r#"{"revision":1,"actor":"1","change":"remove_member","member":"3","before":{"dropped":{"teams":["7"],"assignments":[]}}}"#,
        ),
        (
            by_one(Change::CreateTeam { team: team(7) }, Before::Nothing),
            r#"{"revision":1,"actor":"1","change":"create_team","team":"7"}"#,
        ),
        (
            by_one(
                Change::DeleteTeam { team: team(7) },
                Before::TeamMembers(vec![member(2), member(3)]),
            ),
            r#"{"revision":1,"actor":"1","change":"delete_team","team":"7","before":{"team_members":["2","3"]}}"#,
        ),
        (
            by_one(
                Change::JoinTeam {
                    member: member(2),
                    team: team(7),
                },
                Before::Nothing,
            ),
            r#"{"revision":1,"actor":"1","change":"join_team","member":"2","team":"7"}"#,
        ),
        (
            by_one(
                Change::LeaveTeam {
                    member: member(2),
                    team: team(7),
                },
                Before::Nothing,
            ),
            r#"{"revision":1,"actor":"1","change":"leave_team","member":"2","team":"7"}"#,
        ),
        (
            by_one(
                Change::TransferOwnership { member: member(2) },
                Before::Owner(member(1)),
            ),
            r#"{"revision":1,"actor":"1","change":"transfer_ownership","member":"2","before":{"owner":"1"}}"#,
        ),
        (
            Event {
                revision: 1,
                actor: Some(member(2)),
                change: Change::ConnectAccount {
                    account: account(10),
                },
                before: Before::Nothing,
            },
            r#"{"revision":1,"actor":"2","change":"connect_account","account":"10"}"#,
        ),
        (
            by_one(
                Change::TransferAccount {
                    account: account(10),
                    member: member(3),
                },
                Before::Connector(member(2)),
            ),
            r#"{"revision":1,"actor":"1","change":"transfer_account","account":"10","member":"3","before":{"connector":"2"}}"#,
        ),
        (
            Event {
                revision: 1,
                actor: None,
                change: Change::ReceiveChat {
                    chat: chat(9),
                    account: account(10),
                },
                before: Before::Nothing,
            },
            r#"{"revision":1,"change":"receive_chat","chat":"9","account":"10"}"#,
        ),
        (
            by_one(
                Change::Assign {
                    chat: chat(9),
                    member: member(3),
                },
                Before::Nothing,
            ),
            r#"{"revision":1,"actor":"1","change":"assign","chat":"9","member":"3"}"#,
        ),
        (
            by_one(
                Change::Unassign {
                    chat: chat(9),
                    member: member(3),
                },
                Before::Nothing,
            ),
            r#"{"revision":1,"actor":"1","change":"unassign","chat":"9","member":"3"}"#,
        ),
        (
            by_one(
                Change::DeleteChat { chat: chat(9) },
                Before::Chat {
                    account: account(10),
                    assignees: vec![member(3)],
                },
            ),
            r#"{"revision":1,"actor":"1","change":"delete_chat","chat":"9","before":{"chat":{"account":"10","assignees":["3"]}}}"#,
        ),
    ]
}

#[test]
fn every_kind_of_event_is_written_as_its_vocabulary() {
    let cases = every_kind();
    let mut kinds: Vec<ChangeKind> = cases.iter().map(|(event, _)| event.change.kind()).collect();
    kinds.dedup();
    assert_eq!(kinds, ChangeKind::ALL, "one case of every kind, in order");
    for (event, json) in cases {
        assert_eq!(serde_json::to_string(&event).unwrap(), json);
        assert_eq!(
            serde_json::from_str::<Event>(json).unwrap(),
            event,
            "{json}"
        );
    }
}

#[test]
fn a_change_is_its_events_object_without_actor_and_before() {
    for (event, _) in every_kind() {
        let json = serde_json::to_value(event.change).unwrap();
        let mut expected = serde_json::to_value(&event).unwrap();
        let object = expected.as_object_mut().unwrap();
        object.remove("revision");
        object.remove("actor");
        object.remove("before");
        assert_eq!(json, expected);
        assert_eq!(
            serde_json::from_value::<Change>(json).unwrap(),
            event.change
        );
    }
    assert_eq!(
        serde_json::to_string(&ChangeKind::TransferAccount).unwrap(),
        r#""transfer_account""#
    );
}

#[test]
fn add_member_may_leave_out_its_permissions_and_an_empty_list_grants_nothing() {
    let read = |permissions: &str| {
        let json = format!(r#"{{"change":"add_member","member":"2","role":"agent"{permissions}}}"#);
        match serde_json::from_str::<Change>(&json).unwrap() {
            Change::AddMember { permissions, .. } => permissions,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(read(""), None);
    assert_eq!(read(r#","permissions":"default""#), None);
    assert_eq!(read(r#","permissions":[]"#), Some(Permission::empty()));
    assert_eq!(
        read(r#","permissions":["delete","view"]"#),
        Some(Permission::VIEW | Permission::DELETE)
    );
    // set_permissions has no such default: the field is what it changes.
    let error =
        serde_json::from_str::<Change>(r#"{"change":"set_permissions","member":"2"}"#).unwrap_err();
    assert!(
        error.to_string().contains("missing field `permissions`"),
        "{error}"
    );
}

#[test]
fn what_a_workspace_records_reads_back_as_it_was() {
    let (owner, bea, cleo) = (member(1), member(2), member(3));
    let (sales, inbox, lead) = (team(7), account(10), chat(100));
    let mut ws = Workspace::new(owner);
    let mut events = Vec::new();
    let changes = [
        (
            Some(owner),
            Change::AddMember {
                member: bea,
                role: Role::Teammate,
                permissions: None,
            },
        ),
        (
            Some(owner),
            Change::AddMember {
                member: cleo,
                role: Role::Agent,
                permissions: None,
            },
        ),
        (Some(owner), Change::CreateTeam { team: sales }),
        (
            Some(owner),
            Change::JoinTeam {
                member: cleo,
                team: sales,
            },
        ),
        (
            Some(owner),
            Change::SetRole {
                member: bea,
                role: Role::Agent,
            },
        ),
        (
            Some(owner),
            Change::SetPermissions {
                member: bea,
                permissions: Some(Permission::VIEW),
            },
        ),
        (Some(bea), Change::ConnectAccount { account: inbox }),
        (
            None,
            Change::ReceiveChat {
                chat: lead,
                account: inbox,
            },
        ),
        (
            Some(owner),
            Change::Assign {
                chat: lead,
                member: cleo,
            },
        ),
        (
            Some(owner),
            Change::TransferAccount {
                account: inbox,
                member: cleo,
            },
        ),
        (Some(owner), Change::RemoveMember { member: cleo }),
        (
            Some(owner),
            Change::AddMember {
                member: cleo,
                role: Role::Agent,
                permissions: None,
            },
        ),
        (
            Some(owner),
            Change::JoinTeam {
                member: cleo,
                team: sales,
            },
        ),
        (
            Some(owner),
            Change::LeaveTeam {
                member: cleo,
                team: sales,
            },
        ),
        (
            Some(owner),
            Change::JoinTeam {
                member: bea,
                team: sales,
            },
        ),
        (Some(owner), Change::DeleteTeam { team: sales }),
        (
            Some(owner),
            Change::Assign {
                chat: lead,
                member: bea,
            },
        ),
        (
            Some(owner),
            Change::Unassign {
                chat: lead,
                member: bea,
            },
        ),
        (
            Some(owner),
            Change::Assign {
                chat: lead,
                member: bea,
            },
        ),
        (Some(owner), Change::DeleteChat { chat: lead }),
        (Some(owner), Change::TransferOwnership { member: bea }),
    ];
    for (actor, change) in changes {
        let event = ws
            .change(actor, change)
            .unwrap()
            .expect("a change that changes something");
        events.push(event);
    }
    let mut kinds: Vec<ChangeKind> = events.iter().map(|event| event.change.kind()).collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(kinds, ChangeKind::ALL, "the workspace recorded every kind");
    for event in events {
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(
            serde_json::from_str::<Event>(&json).unwrap(),
            event,
            "{json}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The roundtrip of random events
// ---------------------------------------------------------------------------------------

/// Everything an event of any kind may hold, drawn at once; [`event`] takes what its kind has.
#[derive(Debug, Clone)]
struct Parts {
    actor: MemberId,
    member: MemberId,
    other: MemberId,
    team: TeamId,
    account: AccountId,
    chat: ChatId,
    role: Role,
    old_role: Role,
    permissions: Option<Permission>,
    old_permissions: Option<Permission>,
    teams: Vec<TeamId>,
    chats: Vec<ChatId>,
    members: Vec<MemberId>,
    re_added: bool,
}

fn parts() -> impl Strategy<Value = Parts> {
    let id = || any::<u128>();
    let ids = || prop::collection::vec(any::<u128>(), 0..4);
    let role = || prop::sample::select(Role::ALL.to_vec());
    let grants = || prop::option::of(any::<u16>().prop_map(Permission::from_bits_truncate));
    (
        (id(), id(), id(), id(), id(), id()),
        (role(), role(), grants(), grants()),
        (ids(), ids(), ids(), any::<bool>()),
    )
        .prop_map(
            |(
                (actor, member, other, team, account, chat),
                (role, old_role, permissions, old_permissions),
                (teams, chats, members, re_added),
            )| Parts {
                actor: MemberId::new(actor),
                member: MemberId::new(member),
                other: MemberId::new(other),
                team: TeamId::new(team),
                account: AccountId::new(account),
                chat: ChatId::new(chat),
                role,
                old_role,
                permissions,
                old_permissions,
                teams: teams.into_iter().map(TeamId::new).collect(),
                chats: chats.into_iter().map(ChatId::new).collect(),
                members: members.into_iter().map(MemberId::new).collect(),
                re_added,
            },
        )
}

/// The event of `kind` made of `parts`, with the `before` that kind records.
fn event(kind: ChangeKind, parts: Parts) -> Event {
    let Parts {
        actor,
        member,
        other,
        team,
        account,
        chat,
        role,
        old_role,
        permissions,
        old_permissions,
        teams,
        chats,
        members,
        re_added,
    } = parts;
    let was = Before::Member {
        role: old_role,
        permissions: old_permissions,
    };
    let (change, before) = match kind {
        ChangeKind::AddMember => (
            Change::AddMember {
                member,
                role,
                permissions,
            },
            if re_added {
                Before::Removed {
                    role: old_role,
                    permissions: old_permissions,
                }
            } else {
                Before::Nothing
            },
        ),
        ChangeKind::SetRole => (Change::SetRole { member, role }, was),
        ChangeKind::SetPermissions => (
            Change::SetPermissions {
                member,
                permissions,
            },
            was,
        ),
        ChangeKind::RemoveMember => (
            Change::RemoveMember { member },
            Before::Dropped {
                teams,
                assignments: chats,
            },
        ),
        ChangeKind::CreateTeam => (Change::CreateTeam { team }, Before::Nothing),
        ChangeKind::DeleteTeam => (Change::DeleteTeam { team }, Before::TeamMembers(members)),
        ChangeKind::JoinTeam => (Change::JoinTeam { member, team }, Before::Nothing),
        ChangeKind::LeaveTeam => (Change::LeaveTeam { member, team }, Before::Nothing),
        ChangeKind::TransferOwnership => {
            (Change::TransferOwnership { member }, Before::Owner(other))
        }
        ChangeKind::ConnectAccount => (Change::ConnectAccount { account }, Before::Nothing),
        ChangeKind::TransferAccount => (
            Change::TransferAccount { account, member },
            Before::Connector(other),
        ),
        ChangeKind::ReceiveChat => {
            return Event {
                revision: 1,
                actor: None,
                change: Change::ReceiveChat { chat, account },
                before: Before::Nothing,
            }
        }
        ChangeKind::Assign => (Change::Assign { chat, member }, Before::Nothing),
        ChangeKind::Unassign => (Change::Unassign { chat, member }, Before::Nothing),
        ChangeKind::DeleteChat => (
            Change::DeleteChat { chat },
            Before::Chat {
                account,
                assignees: members,
            },
        ),
        other => panic!("a kind of change this test does not know: {other:?}"),
    };
    Event {
        revision: 1,
        actor: Some(actor),
        change,
        before,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// event → JSON → event is the identity, for every kind with any ids (all 128 bits),
    /// roles, grants and lists; and so is change → JSON → change.
    #[test]
    fn json_roundtrip_is_lossless(
        kind in prop::sample::select(ChangeKind::ALL.to_vec()),
        parts in parts(),
    ) {
        let event = event(kind, parts);
        let json = serde_json::to_string(&event).unwrap();
        prop_assert_eq!(&serde_json::from_str::<Event>(&json).unwrap(), &event);
        let json = serde_json::to_string(&event.change).unwrap();
        prop_assert_eq!(serde_json::from_str::<Change>(&json).unwrap(), event.change);
    }
}

// ---------------------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------------------

/// Reading `json` as an event fails with a message containing `wanted`.
#[track_caller]
fn refused(json: &str, wanted: &str) {
    match serde_json::from_str::<Event>(json) {
        Ok(event) => panic!("read {json} as {event:?}"),
        Err(error) => assert!(
            error.to_string().contains(wanted),
            "{json}: `{error}` does not say `{wanted}`"
        ),
    }
}

/// Reading `json` as a change fails with a message containing `wanted`.
#[track_caller]
fn change_refused(json: &str, wanted: &str) {
    match serde_json::from_str::<Change>(json) {
        Ok(change) => panic!("read {json} as {change:?}"),
        Err(error) => assert!(
            error.to_string().contains(wanted),
            "{json}: `{error}` does not say `{wanted}`"
        ),
    }
}

#[test]
fn unknown_fields_are_refused() {
    refused(
        r#"{"revision":1,"actor":"1","change":"create_team","team":"7","colour":"red"}"#,
        "unknown field `colour`",
    );
    change_refused(
        r#"{"change":"create_team","team":"7","colour":"red"}"#,
        "unknown field `colour`",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent","before":{"member":{"role":"agent","permissions":"default","teams":[]}}}"#,
        "unknown field `teams`",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"transfer_ownership","member":"2","before":{"previous":"1"}}"#,
        "unknown variant `previous`",
    );
}

#[test]
fn a_field_of_another_change_is_refused() {
    refused(
        r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent","team":"1","before":{"member":{"role":"teammate","permissions":"default"}}}"#,
        "change `set_role` has no field `team`",
    );
    change_refused(
        r#"{"change":"set_role","member":"4","role":"agent","team":"1"}"#,
        "change `set_role` has no field `team`",
    );
    change_refused(
        r#"{"change":"receive_chat","chat":"9","account":"10","member":"3"}"#,
        "change `receive_chat` has no field `member`",
    );
    // A change is not an event: it has no actor and no `before`.
    change_refused(
        r#"{"actor":"1","change":"create_team","team":"7"}"#,
        "change `create_team` has no field `actor`",
    );
    change_refused(
        r#"{"change":"transfer_ownership","member":"2","before":{"owner":"1"}}"#,
        "change `transfer_ownership` has no field `before`",
    );
}

#[test]
fn a_missing_field_is_named() {
    refused(
        r#"{"revision":1,"actor":"1","change":"join_team","member":"2"}"#,
        "missing field `team`",
    );
    change_refused(
        r#"{"change":"assign","member":"2"}"#,
        "missing field `chat`",
    );
    change_refused(r#"{"member":"2","team":"7"}"#, "missing field `change`");
    refused(
        r#"{"revision":1,"actor":"1","change":"delete_chat","chat":"9","before":{"chat":{"assignees":[]}}}"#,
        "missing field `account`",
    );
}

#[test]
fn an_unknown_change_is_named() {
    refused(
        r#"{"revision":1,"actor":"1","change":"drop_chat","chat":"9"}"#,
        "unknown change `drop_chat`",
    );
    change_refused(r#"{"change":"SetRole"}"#, "unknown change `SetRole`");
}

#[test]
fn null_is_refused_everywhere() {
    for json in [
        r#"{"revision":1,"actor":null,"change":"create_team","team":"7"}"#,
        r#"{"revision":1,"actor":"1","change":null,"team":"7"}"#,
        r#"{"revision":1,"actor":"1","change":"create_team","team":null}"#,
        r#"{"revision":1,"actor":"1","change":"create_team","team":"7","before":null}"#,
        r#"{"revision":1,"actor":"1","change":"create_team","team":"7","chat":null}"#,
        r#"{"revision":1,"actor":"1","change":"add_member","member":"2","role":"agent","permissions":null}"#,
        r#"{"revision":1,"actor":"1","change":"delete_team","team":"7","before":{"team_members":null}}"#,
        r#"{"revision":1,"actor":"1","change":"delete_team","team":"7","before":{"team_members":[null]}}"#,
        r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent","before":{"member":null}}"#,
        r#"null"#,
    ] {
        refused(json, "null");
    }
    change_refused(r#"{"change":"create_team","team":null}"#, "null");
}

#[test]
fn an_array_in_place_of_an_object_is_refused() {
    for json in [
        r#"["1","create_team","7"]"#,
        r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent","before":{"member":["teammate","default"]}}"#,
        r#"{"revision":1,"actor":"1","change":"remove_member","member":"3","before":{"dropped":[[],[]]}}"#,
        r#"{"revision":1,"actor":"1","change":"delete_chat","chat":"9","before":{"chat":["10",[]]}}"#,
        r#"{"revision":1,"actor":"1","change":"transfer_ownership","member":"2","before":[{"owner":"1"}]}"#,
    ] {
        refused(json, "expected an object");
    }
    change_refused(r#"["create_team","7"]"#, "expected an object");
}

#[test]
fn a_members_change_needs_its_actor() {
    refused(
        r#"{"revision":1,"change":"create_team","team":"7"}"#,
        "missing field `actor` of change `create_team`",
    );
    refused(
        r#"{"revision":1,"change":"transfer_ownership","member":"2","before":{"owner":"1"}}"#,
        "missing field `actor`",
    );
}

#[test]
fn a_chat_arrives_without_an_actor() {
    refused(
        r#"{"revision":1,"actor":"1","change":"receive_chat","chat":"9","account":"10"}"#,
        "a `receive_chat` event has no `actor`",
    );
}

#[test]
fn a_before_that_does_not_fit_the_change_is_refused() {
    refused(
        r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent","before":{"owner":"1"}}"#,
        "`before` does not fit change `set_role`: owner was `1`",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"set_role","member":"4","role":"agent"}"#,
        "`before` does not fit change `set_role`: nothing before",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"create_team","team":"7","before":{"team_members":[]}}"#,
        "`before` does not fit change `create_team`",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"add_member","member":"2","role":"agent","before":{"member":{"role":"agent","permissions":"default"}}}"#,
        "`before` does not fit change `add_member`",
    );
    refused(
        r#"{"revision":1,"change":"receive_chat","chat":"9","account":"10","before":{"chat":{"account":"10","assignees":[]}}}"#,
        "`before` does not fit change `receive_chat`",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"transfer_ownership","member":"2","before":{"owner":"1","connector":"2"}}"#,
        "`connector` is one key too many",
    );
    refused(
        r#"{"revision":1,"actor":"1","change":"transfer_ownership","member":"2","before":{}}"#,
        "expected enum",
    );
}

#[test]
fn permissions_are_a_list_of_names_or_default() {
    for bad in [r#""all""#, r#""Default""#, "7", "true", r#"{"view":true}"#] {
        refused(
            &format!(
                r#"{{"actor":"1","change":"set_permissions","member":"2","permissions":{bad},"before":{{"member":{{"role":"agent","permissions":"default"}}}}}}"#
            ),
            r#"a list of permission names, or "default""#,
        );
        refused(
            &format!(
                r#"{{"actor":"1","change":"set_role","member":"2","role":"agent","before":{{"member":{{"role":"agent","permissions":{bad}}}}}}}"#
            ),
            r#"a list of permission names, or "default""#,
        );
    }
    change_refused(
        r#"{"change":"add_member","member":"2","role":"agent","permissions":["view","sudo"]}"#,
        "unknown permission `sudo`",
    );
}

#[test]
fn a_field_given_twice_is_refused() {
    change_refused(
        r#"{"change":"remove_member","member":"2","member":"3"}"#,
        "duplicate field `member`",
    );
}

#[test]
fn an_event_that_could_not_be_read_back_is_not_written() {
    let unfitting = [
        (
            Event {
                revision: 1,
                actor: None,
                change: Change::CreateTeam { team: team(7) },
                before: Before::Nothing,
            },
            "missing field `actor`",
        ),
        (
            Event {
                revision: 1,
                actor: Some(member(1)),
                change: Change::ReceiveChat {
                    chat: chat(9),
                    account: account(10),
                },
                before: Before::Nothing,
            },
            "a `receive_chat` event has no `actor`",
        ),
        (
            by_one(
                Change::DeleteChat { chat: chat(9) },
                Before::Owner(member(1)),
            ),
            "`before` does not fit change `delete_chat`: owner was `1`",
        ),
    ];
    for (event, wanted) in unfitting {
        let error = serde_json::to_string(&event).unwrap_err();
        assert!(error.to_string().contains(wanted), "{event:?}: {error}");
    }
}

/// The JSON of each kind holds exactly the fields `ChangeKind::fields` names (one statement
/// of each change's fields, read by policy files' steps too).
#[test]
fn each_kinds_json_holds_exactly_the_fields_its_kind_names() {
    let mut kinds = std::collections::BTreeSet::new();
    for (event, _) in every_kind() {
        let json = serde_json::to_value(event.change).unwrap();
        let mut keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .filter(|key| *key != "change")
            .collect();
        keys.sort_unstable();
        let mut fields = event.change.kind().fields().to_vec();
        fields.sort_unstable();
        assert_eq!(keys, fields, "{}", event.change);
        kinds.insert(event.change.kind());
    }
    assert_eq!(kinds.len(), ChangeKind::ALL.len(), "every kind is written");
}

#[test]
fn an_event_carries_its_revision_and_a_change_has_none() {
    refused(
        r#"{"actor":"1","change":"create_team","team":"7"}"#,
        "missing field `revision`",
    );
    refused(
        r#"{"revision":0,"actor":"1","change":"create_team","team":"7"}"#,
        "an event's `revision` is at least 1",
    );
    refused(
        r#"{"revision":"3","actor":"1","change":"create_team","team":"7"}"#,
        "invalid type: string \"3\", expected u64",
    );
    refused(
        r#"{"revision":-3,"actor":"1","change":"create_team","team":"7"}"#,
        "invalid value: integer `-3`, expected u64",
    );
    change_refused(
        r#"{"revision":3,"change":"create_team","team":"7"}"#,
        "change `create_team` has no field `revision`",
    );
    let event = Event {
        revision: u64::MAX,
        ..by_one(Change::CreateTeam { team: team(7) }, Before::Nothing)
    };
    let json = serde_json::to_string(&event).unwrap();
    assert_eq!(
        json,
        r#"{"revision":18446744073709551615,"actor":"1","change":"create_team","team":"7"}"#
    );
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
}
