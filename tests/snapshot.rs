//! The workspace snapshot: lossless (a workspace rebuilt from its snapshot decides, snapshots
//! and changes exactly as the original), validated on the way back, and with the `serde`
//! feature a JSON roundtrip that rejects unknown fields.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

use chatgate::{
    AccountId, AccountSnapshot, Action, ChatId, ChatSnapshot, MemberId, MemberSnapshot, Permission,
    Role, SnapshotError, Target, TeamId, Workspace, WorkspaceSnapshot,
};
use proptest::prelude::*;

/// Ids past 2⁶⁴, so that the JSON roundtrip must carry all 128 bits.
fn member(n: u8) -> MemberId {
    MemberId::new(u128::from(n) << 100 | u128::from(n))
}
fn team(n: u8) -> TeamId {
    TeamId::new(u128::from(n) << 90 | 7)
}
fn account(n: u8) -> AccountId {
    AccountId::new(u128::from(n) << 80 | 3)
}
fn chat(n: u8) -> ChatId {
    ChatId::new(u128::MAX - u128::from(n))
}

const MEMBERS: u8 = 7;
const TEAMS: u8 = 3;
const ACCOUNTS: u8 = 4;
const CHATS: u8 = 6;

/// One change to a workspace, made by the current Owner (or, connecting, by the member).
#[derive(Debug, Clone)]
enum Op {
    Add(u8, Role),
    SetRole(u8, Role),
    SetGrants(u8, Option<u16>),
    Remove(u8),
    CreateTeam(u8),
    AddToTeam(u8, u8),
    RemoveFromTeam(u8, u8),
    Connect(u8, u8),
    TransferAccount(u8, u8),
    Receive(u8, u8),
    Assign(u8, u8),
    Unassign(u8, u8),
    TransferOwnership(u8),
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    let m = 0..MEMBERS;
    prop_oneof![
        3 => (m.clone(), role()).prop_map(|(m, r)| Op::Add(m, r)),
        1 => (m.clone(), role()).prop_map(|(m, r)| Op::SetRole(m, r)),
        1 => (m.clone(), prop::option::of(0..0x800_u16)).prop_map(|(m, g)| Op::SetGrants(m, g)),
        1 => (m.clone()).prop_map(Op::Remove),
        1 => (0..TEAMS).prop_map(Op::CreateTeam),
        2 => (m.clone(), 0..TEAMS).prop_map(|(m, t)| Op::AddToTeam(m, t)),
        1 => (m.clone(), 0..TEAMS).prop_map(|(m, t)| Op::RemoveFromTeam(m, t)),
        2 => (m.clone(), 0..ACCOUNTS).prop_map(|(m, a)| Op::Connect(m, a)),
        1 => (0..ACCOUNTS, m.clone()).prop_map(|(a, m)| Op::TransferAccount(a, m)),
        3 => (0..CHATS, 0..ACCOUNTS).prop_map(|(c, a)| Op::Receive(c, a)),
        2 => (0..CHATS, m.clone()).prop_map(|(c, m)| Op::Assign(c, m)),
        1 => (0..CHATS, m.clone()).prop_map(|(c, m)| Op::Unassign(c, m)),
        1 => (m).prop_map(Op::TransferOwnership),
    ]
}

/// Applies `op`; a refused change changes nothing, so its error is ignored.
fn apply(ws: &mut Workspace, op: &Op) {
    let owner = ws.owner();
    let _ = match *op {
        Op::Add(m, r) => ws.add_member(owner, member(m), r),
        Op::SetRole(m, r) => ws.set_role(owner, member(m), r),
        Op::SetGrants(m, g) => {
            ws.set_permissions(owner, member(m), g.map(Permission::from_bits_truncate))
        }
        Op::Remove(m) => ws.remove_member(owner, member(m)),
        Op::CreateTeam(t) => ws.create_team(owner, team(t)),
        Op::AddToTeam(m, t) => ws.join_team(owner, member(m), team(t)),
        Op::RemoveFromTeam(m, t) => ws.leave_team(owner, member(m), team(t)),
        Op::Connect(m, a) => ws.connect_account(member(m), account(a)),
        Op::TransferAccount(a, m) => ws.transfer_account(owner, account(a), member(m)),
        Op::Receive(c, a) => ws.receive_chat(chat(c), account(a)),
        Op::Assign(c, m) => ws.assign(owner, chat(c), member(m)),
        Op::Unassign(c, m) => ws.unassign(owner, chat(c), member(m)),
        Op::TransferOwnership(m) => ws.transfer_ownership(owner, member(m)),
    };
}

fn build(ops: &[Op]) -> Workspace {
    let mut ws = Workspace::new(member(0));
    for op in ops {
        apply(&mut ws, op);
    }
    ws
}

/// Every target, known ids and one unknown of each kind.
fn targets() -> Vec<Target> {
    let mut targets = vec![Target::Workspace];
    targets.extend((0..=ACCOUNTS).map(|a| Target::Account(account(a))));
    targets.extend((0..=CHATS).map(|c| Target::Chat(chat(c))));
    targets
}

/// Every decision (members known and unknown × actions × targets) is the same in both.
fn same_decisions(left: &Workspace, right: &Workspace) -> Result<(), TestCaseError> {
    for m in 0..=MEMBERS {
        for action in Action::ALL {
            for target in targets() {
                prop_assert_eq!(
                    left.authorize(member(m), action, target),
                    right.authorize(member(m), action, target),
                    "{:?} {:?} {:?}",
                    m,
                    action,
                    target
                );
            }
        }
        for c in 0..=CHATS {
            prop_assert_eq!(
                left.capabilities(member(m), chat(c)),
                right.capabilities(member(m), chat(c))
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `from_snapshot(snapshot())` is the same workspace: equal snapshots, the same
    /// decisions, and the same state after the same further changes (so nothing hidden,
    /// such as a grant that follows the role, was lost).
    #[test]
    fn snapshot_is_lossless(
        before in prop::collection::vec(op(), 0..40),
        after in prop::collection::vec(op(), 0..20),
    ) {
        let mut ws = build(&before);
        let snapshot = ws.snapshot();
        let mut copy = Workspace::from_snapshot(snapshot.clone()).unwrap();
        prop_assert_eq!(copy.snapshot(), snapshot);
        same_decisions(&ws, &copy)?;

        for op in &after {
            apply(&mut ws, op);
            apply(&mut copy, op);
        }
        prop_assert_eq!(copy.snapshot(), ws.snapshot());
        same_decisions(&ws, &copy)?;
    }
}

fn person(n: u8, role: Role) -> MemberSnapshot {
    MemberSnapshot {
        id: member(n),
        role,
        grants: None,
        teams: Vec::new(),
        active: true,
    }
}

/// An Owner, an Agent in team 0 who connected account 0, chat 0 on it assigned to the Agent.
fn valid() -> WorkspaceSnapshot {
    WorkspaceSnapshot {
        revision: 0,
        members: vec![
            person(0, Role::Owner),
            MemberSnapshot {
                teams: vec![team(0)],
                ..person(1, Role::Agent)
            },
        ],
        teams: vec![team(0)],
        accounts: vec![AccountSnapshot {
            id: account(0),
            connector: member(1),
        }],
        chats: vec![ChatSnapshot {
            id: chat(0),
            account: account(0),
            assignees: vec![member(1)],
        }],
    }
}

#[test]
fn a_valid_snapshot_builds_and_decides() {
    let ws = Workspace::from_snapshot(valid()).unwrap();
    assert_eq!(ws.owner(), member(0));
    assert_eq!(ws.snapshot(), valid());
    ws.authorize(member(1), Action::Reply, Target::Chat(chat(0)))
        .unwrap();
}

#[test]
fn every_broken_invariant_is_refused_with_its_error() {
    type Breaks = fn(&mut WorkspaceSnapshot);
    let cases: Vec<(Breaks, SnapshotError)> = vec![
        (|s| s.members.clear(), SnapshotError::NoOwner),
        (
            |s| s.members.push(person(2, Role::Owner)),
            SnapshotError::TwoOwners {
                owner: member(0),
                second: member(2),
            },
        ),
        (
            // A removed Owner still counts as an Owner.
            |s| {
                s.members.push(MemberSnapshot {
                    active: false,
                    ..person(2, Role::Owner)
                })
            },
            SnapshotError::TwoOwners {
                owner: member(0),
                second: member(2),
            },
        ),
        (
            |s| s.members.push(person(1, Role::Teammate)),
            SnapshotError::DuplicateMember(member(1)),
        ),
        (
            |s| s.teams.push(team(0)),
            SnapshotError::DuplicateTeam(team(0)),
        ),
        (
            |s| s.members[1].teams.push(team(2)),
            SnapshotError::UnknownTeam {
                member: member(1),
                team: team(2),
            },
        ),
        (
            |s| s.members[1].teams.push(team(0)),
            SnapshotError::DuplicateMembership {
                member: member(1),
                team: team(0),
            },
        ),
        (
            |s| s.accounts.push(s.accounts[0]),
            SnapshotError::DuplicateAccount(account(0)),
        ),
        (
            |s| s.accounts[0].connector = member(5),
            SnapshotError::UnknownConnector {
                account: account(0),
                connector: member(5),
            },
        ),
        (
            |s| s.members[1].role = Role::Collaborator,
            SnapshotError::CollaboratorConnector {
                member: member(1),
                account: account(0),
            },
        ),
        (
            |s| s.chats.push(s.chats[0].clone()),
            SnapshotError::DuplicateChat(chat(0)),
        ),
        (
            |s| s.chats[0].account = account(3),
            SnapshotError::UnknownAccount {
                chat: chat(0),
                account: account(3),
            },
        ),
        (
            |s| s.chats[0].assignees.push(member(6)),
            SnapshotError::UnknownAssignee {
                chat: chat(0),
                member: member(6),
            },
        ),
        (
            |s| s.chats[0].assignees.push(member(1)),
            SnapshotError::DuplicateAssignee {
                chat: chat(0),
                member: member(1),
            },
        ),
        (
            // The Owner marked removed: nobody could manage billing or the workspace again.
            |s| s.members[0].active = false,
            SnapshotError::InactiveOwner(member(0)),
        ),
    ];
    for (index, (breaks, expected)) in cases.into_iter().enumerate() {
        let mut snapshot = valid();
        breaks(&mut snapshot);
        assert_eq!(
            Workspace::from_snapshot(snapshot).unwrap_err(),
            expected,
            "case {index}"
        );
    }
}

#[test]
fn a_removed_owner_is_refused_not_loaded() {
    // Before issue 12 such a snapshot loaded, and nobody could ever manage billing again.
    let mut snapshot = valid();
    snapshot.members[0].active = false;
    let error = Workspace::from_snapshot(snapshot).unwrap_err();
    assert_eq!(error, SnapshotError::InactiveOwner(member(0)));
    assert!(error.to_string().contains("removed"), "{error}");
}

#[test]
fn a_removed_member_keeps_their_accounts_but_their_teams_and_assignments_are_dropped() {
    // POLICY.md: a removed member's teams and assignments found in stored state carry no
    // access and are dropped when it is loaded; their accounts stay theirs.
    let mut snapshot = valid();
    snapshot.members[1].active = false;
    let ws = Workspace::from_snapshot(snapshot.clone()).unwrap();
    let loaded = ws.snapshot();
    assert_eq!(loaded.members[1].teams, Vec::<TeamId>::new());
    assert_eq!(loaded.chats[0].assignees, Vec::<MemberId>::new());
    assert_eq!(loaded.accounts, snapshot.accounts);
    assert_eq!(loaded.teams, snapshot.teams, "the team still exists");
    // Still checked before they are dropped: an unknown team is refused.
    snapshot.members[1].teams = vec![team(9)];
    assert!(Workspace::from_snapshot(snapshot).is_err());
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// snapshot → JSON → snapshot is the identity, and the workspace rebuilt from the
        /// JSON decides exactly as the original.
        #[test]
        fn json_roundtrip_is_lossless(ops in prop::collection::vec(op(), 0..40)) {
            let ws = build(&ops);
            let snapshot = ws.snapshot();
            let json = serde_json::to_string(&snapshot).unwrap();
            let back: WorkspaceSnapshot = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, &snapshot);
            let copy = Workspace::from_snapshot(back).unwrap();
            prop_assert_eq!(copy.snapshot(), snapshot);
            same_decisions(&ws, &copy)?;
        }
    }

    fn valid_json() -> serde_json::Value {
        serde_json::to_value(valid()).unwrap()
    }

    #[test]
    fn the_json_reads_like_the_policy() {
        let mut snapshot = valid();
        snapshot.members[1].grants = Some(Permission::REPLY | Permission::DELETE);
        let json = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(json["members"][0]["role"], "owner");
        assert_eq!(json["members"][0]["permissions"], "default");
        assert_eq!(
            json["members"][1]["permissions"],
            serde_json::json!(["reply", "delete"])
        );
        assert_eq!(json["members"][1]["id"], member(1).get().to_string());
        // The policy file's names: one JSON state format for both.
        assert_eq!(json["members"][1]["removed"], false);
        assert_eq!(
            json["accounts"][0]["connected_by"],
            member(1).get().to_string()
        );
    }

    #[test]
    fn unknown_fields_are_rejected_everywhere() {
        let places: [fn(&mut serde_json::Value) -> &mut serde_json::Value; 4] = [
            |v| v,
            |v| &mut v["members"][1],
            |v| &mut v["accounts"][0],
            |v| &mut v["chats"][0],
        ];
        for place in places {
            let mut json = valid_json();
            place(&mut json)["admin"] = serde_json::Value::Bool(true);
            let error = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap_err();
            assert!(
                error.to_string().starts_with("unknown field `admin`"),
                "{error}"
            );
        }
    }

    #[test]
    fn unknown_names_are_rejected() {
        let mut json = valid_json();
        json["members"][1]["role"] = "superadmin".into();
        let error = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap_err();
        assert!(error.to_string().starts_with("unknown role `superadmin`"));

        let mut json = valid_json();
        json["members"][1]["permissions"] = serde_json::json!(["view", "sudo"]);
        let error = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap_err();
        assert!(error.to_string().starts_with("unknown permission `sudo`"));
    }

    #[test]
    fn a_missing_field_is_an_error_grants_included() {
        let mut json = valid_json();
        json["members"][1]
            .as_object_mut()
            .unwrap()
            .remove("removed");
        assert!(serde_json::from_value::<WorkspaceSnapshot>(json).is_err());

        // Before issue 12, a missing or `null` `grants` silently meant the role's default
        // (for an Admin: every permission under the Admin ceiling).
        let mut json = valid_json();
        json["members"][1]
            .as_object_mut()
            .unwrap()
            .remove("permissions");
        let error = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap_err();
        assert!(
            error.to_string().contains("missing field `permissions`"),
            "{error}"
        );

        let mut json = valid_json();
        json["members"][1]["permissions"] = serde_json::Value::Null;
        let error = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap_err();
        assert!(error.to_string().contains("\"default\""), "{error}");
    }

    #[test]
    fn only_objects_are_read_never_arrays_in_their_place() {
        // Before issue 12, serde's derive read each struct from an array of its fields in
        // order, bypassing field names and `deny_unknown_fields`.
        let positional = r#"[[["1","owner","default",[],true],["2","agent",[],[],true]],[],[],[]]"#;
        let error = serde_json::from_str::<WorkspaceSnapshot>(positional).unwrap_err();
        assert!(error.to_string().contains("an object"), "{error}");
        let places: [fn(&mut serde_json::Value) -> &mut serde_json::Value; 3] = [
            |v| &mut v["members"][1],
            |v| &mut v["accounts"][0],
            |v| &mut v["chats"][0],
        ];
        for place in places {
            let mut json = valid_json();
            let fields: Vec<serde_json::Value> = place(&mut json)
                .as_object()
                .unwrap()
                .values()
                .cloned()
                .collect();
            *place(&mut json) = serde_json::Value::Array(fields);
            let error = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap_err();
            assert!(error.to_string().contains("an object"), "{error}");
        }
        // The object form still reads.
        assert_eq!(
            serde_json::from_value::<WorkspaceSnapshot>(valid_json()).unwrap(),
            valid()
        );
    }

    #[test]
    fn the_default_grant_is_written_as_the_word_default() {
        let mut snapshot = valid();
        snapshot.members[1].grants = None;
        let json = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(json["members"][1]["permissions"], "default");
        let back = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap();
        assert_eq!(back.members[1].grants, None);

        let mut json = valid_json();
        json["members"][1]["permissions"] = "defaults".into();
        assert!(serde_json::from_value::<WorkspaceSnapshot>(json).is_err());
        let mut json = valid_json();
        json["members"][1]["permissions"] = serde_json::json!([]);
        let back = serde_json::from_value::<WorkspaceSnapshot>(json).unwrap();
        assert_eq!(back.members[1].grants, Some(Permission::empty()));
    }
}
