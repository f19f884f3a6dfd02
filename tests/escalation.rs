//! No privilege escalation: a member who manages the team can never leave anyone (themself
//! included) holding effective permissions beyond their own, and a refused change changes
//! nothing.

#![allow(clippy::unwrap_used, reason = "test setup")]

mod util;

use chatgate::{MemberId, Permission, Role, Workspace, WorkspaceError, WorkspaceSnapshot};
use proptest::prelude::*;

const OWNER: MemberId = MemberId::new(1);
const ADMIN: MemberId = MemberId::new(2);
const NARROW: MemberId = MemberId::new(3);
const MATE: MemberId = MemberId::new(4);

/// An owner, a full Admin, an Admin narrowed to manage_team + view, and a Teammate.
fn workspace() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    ws.add_member(OWNER, ADMIN, Role::Admin).unwrap();
    ws.add_member_with_grants(
        OWNER,
        NARROW,
        Role::Admin,
        Some(Permission::MANAGE_TEAM | Permission::VIEW),
    )
    .unwrap();
    ws.add_member(OWNER, MATE, Role::Teammate).unwrap();
    ws
}

fn effective(ws: &Workspace, member: MemberId) -> Permission {
    ws.subject(member).unwrap().effective()
}

#[test]
fn an_admin_cannot_create_an_owner_nor_hand_out_billing_or_the_workspace() {
    let mut ws = workspace();
    assert_eq!(
        ws.add_member(ADMIN, MemberId::new(9), Role::Owner),
        Err(WorkspaceError::SecondOwner(MemberId::new(9)))
    );
    assert_eq!(
        ws.set_role(ADMIN, MATE, Role::Owner),
        Err(WorkspaceError::SecondOwner(MATE))
    );
    // Granting billing to an Admin is capped away by the Admin ceiling: nothing escalates.
    ws.set_grants(
        ADMIN,
        MATE,
        Some(Permission::MANAGE_BILLING | Permission::REPLY),
    )
    .unwrap();
    ws.set_role(ADMIN, MATE, Role::Admin).unwrap();
    let held = effective(&ws, MATE);
    assert!(!held.contains(Permission::MANAGE_BILLING));
    assert!(!held.contains(Permission::MANAGE_WORKSPACE));
    assert!(ws.transfer_ownership(ADMIN, ADMIN).is_err());
}

#[test]
fn a_narrowed_admin_cannot_give_reply_directly() {
    let mut ws = workspace();
    ws.set_grants(OWNER, MATE, Some(Permission::VIEW)).unwrap();
    let before = ws.snapshot();
    assert_eq!(
        ws.set_grants(NARROW, MATE, Some(Permission::REPLY)),
        Err(WorkspaceError::Escalation {
            member: MATE,
            beyond: Permission::REPLY
        })
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_narrowed_admin_cannot_give_reply_through_a_default_grant() {
    let mut ws = workspace();
    ws.set_grants(OWNER, MATE, Some(Permission::VIEW)).unwrap();
    // Back to the Teammate default (reply), or a new member with the default grant.
    assert!(matches!(
        ws.set_grants(NARROW, MATE, None),
        Err(WorkspaceError::Escalation { .. })
    ));
    assert!(matches!(
        ws.add_member(NARROW, MemberId::new(9), Role::Agent),
        Err(WorkspaceError::Escalation { .. })
    ));
    // Making a View-only Agent an Admin with the Admin default would hand out everything.
    ws.add_member_with_grants(
        NARROW,
        MemberId::new(9),
        Role::Agent,
        Some(Permission::VIEW),
    )
    .unwrap();
    assert!(matches!(
        ws.set_grants(NARROW, MemberId::new(9), None),
        Err(WorkspaceError::Escalation { .. })
    ));
    // What the narrowed admin holds, they may hand out.
    ws.add_member_with_grants(
        NARROW,
        MemberId::new(10),
        Role::Teammate,
        Some(Permission::VIEW),
    )
    .unwrap();
    assert_eq!(effective(&ws, MemberId::new(10)), Permission::VIEW);
}

#[test]
fn a_narrowed_admin_cannot_raise_themself() {
    let mut ws = workspace();
    assert!(matches!(
        ws.set_grants(NARROW, NARROW, Some(Permission::ADMIN)),
        Err(WorkspaceError::Escalation { member: NARROW, .. })
    ));
    assert_eq!(
        effective(&ws, NARROW),
        Permission::MANAGE_TEAM | Permission::VIEW
    );
}

/// One attempted change by a random actor.
#[derive(Debug, Clone)]
enum Attempt {
    Add(MemberId, MemberId, Role, Option<Permission>),
    SetRole(MemberId, MemberId, Role),
    SetGrants(MemberId, MemberId, Option<Permission>),
    Remove(MemberId, MemberId),
}

fn member_id() -> impl Strategy<Value = MemberId> {
    (1_u128..=8).prop_map(MemberId::new)
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn grants() -> impl Strategy<Value = Option<Permission>> {
    prop::option::of((0_u16..2048).prop_map(util::grant_set))
}

fn attempt() -> impl Strategy<Value = Attempt> {
    prop_oneof![
        (member_id(), member_id(), role(), grants())
            .prop_map(|(a, m, r, g)| Attempt::Add(a, m, r, g)),
        (member_id(), member_id(), role()).prop_map(|(a, m, r)| Attempt::SetRole(a, m, r)),
        (member_id(), member_id(), grants()).prop_map(|(a, m, g)| Attempt::SetGrants(a, m, g)),
        (member_id(), member_id()).prop_map(|(a, m)| Attempt::Remove(a, m)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// After every step, every member's effective permissions are within what the policy and
    /// the acting member allowed: a member touched by a successful change holds nothing the
    /// actor did not hold (reference tables), and a refused step changed nothing.
    #[test]
    fn no_sequence_of_changes_escalates(attempts in prop::collection::vec(attempt(), 1..40)) {
        let mut ws = workspace();
        for attempt in attempts {
            let before: WorkspaceSnapshot = ws.snapshot();
            let (actor, touched, result) = match attempt {
                Attempt::Add(a, m, r, g) => (a, m, ws.add_member_with_grants(a, m, r, g)),
                Attempt::SetRole(a, m, r) => (a, m, ws.set_role(a, m, r)),
                Attempt::SetGrants(a, m, g) => (a, m, ws.set_grants(a, m, g)),
                Attempt::Remove(a, m) => (a, m, ws.remove_member(a, m)),
            };
            let actor_held = before
                .members
                .iter()
                .find(|m| m.id == actor)
                .map_or(Permission::empty(), |m| {
                    util::ref_effective(m.role, m.grants.unwrap_or_else(|| util::ref_default_grant(m.role)))
                });
            match result {
                Ok(_) => {
                    let after = ws.snapshot();
                    let member = after.members.iter().find(|m| m.id == touched).unwrap();
                    let holds = util::ref_effective(
                        member.role,
                        member.grants.unwrap_or_else(|| util::ref_default_grant(member.role)),
                    );
                    if member.active {
                        prop_assert!(
                            actor_held.contains(holds),
                            "{:?}: `{}` holds {} beyond the actor's {}", attempt, touched, holds, actor_held
                        );
                    }
                    // Nobody else changed.
                    for (old, new) in before.members.iter().zip(after.members.iter()) {
                        if old.id != touched {
                            prop_assert_eq!(old, new);
                        }
                    }
                    // Exactly one Owner, always.
                    prop_assert_eq!(after.members.iter().filter(|m| m.role == Role::Owner).count(), 1);
                }
                Err(_) => prop_assert_eq!(ws.snapshot(), before, "{:?} was refused but changed state", attempt),
            }
        }
    }
}
