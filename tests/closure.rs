//! Proves the permission closure and the effective sets of POLICY.md: the closure's laws
//! and implications, effective ⊆ ceiling, effective closed, the Owner holding everything,
//! all against literal tables and over every one of the 2048 grant sets.

mod util;

use chatgate::{MemberId, Permission, Role, Subject};
use proptest::prelude::*;
use util::{grant_set, ref_closure, ref_effective, set, FLAGS, GRANT_SETS, ROLES};

/// Every grant set.
fn all_grants() -> impl Iterator<Item = Permission> {
    (0..GRANT_SETS).map(grant_set)
}

const V: Permission = Permission::VIEW;
const R: Permission = Permission::REPLY;
const D: Permission = Permission::DELETE;

#[test]
fn every_flag_is_one_distinct_bit_and_all_is_their_union() {
    for (i, flag) in FLAGS.iter().enumerate() {
        assert_eq!(flag.bits().count_ones(), 1, "{flag:?} is not a single bit");
        for other in &FLAGS[i + 1..] {
            assert!(
                !flag.intersects(*other),
                "{flag:?} and {other:?} share a bit"
            );
        }
    }
    assert_eq!(Permission::all(), util::everything());
    assert_eq!(all_grants().count(), 2048);
}

#[test]
fn closure_examples_from_the_policy() {
    let cases = [
        (Permission::empty(), Permission::empty()),
        (V, V),
        (R, R | V),
        (D, D | V),
        (V | D, V | D),                          // see and delete, not reply
        (R | D, V | R | D),                      // see, reply, delete
        (Permission::ADMIN, util::everything()), // everything
        (Permission::MANAGE_FORMS, Permission::MANAGE_FORMS),
        (
            Permission::MANAGE_BILLING | R,
            Permission::MANAGE_BILLING | R | V,
        ),
    ];
    for (grants, closed) in cases {
        assert_eq!(grants.closure(), closed, "closure({grants:?})");
    }
}

#[test]
fn closure_equals_the_literal_rules_for_every_grant_set() {
    for p in all_grants() {
        assert_eq!(p.closure(), ref_closure(p), "closure({p:?})");
    }
}

#[test]
fn closure_is_idempotent_and_extensive() {
    for p in all_grants() {
        let closed = p.closure();
        assert_eq!(closed.closure(), closed, "idempotent at {p:?}");
        assert!(closed.contains(p), "closure({p:?}) drops a flag");
    }
}

#[test]
fn closure_is_monotone() {
    for p in all_grants() {
        for q in all_grants().filter(|q| q.contains(p)) {
            assert!(q.closure().contains(p.closure()), "{p:?} ⊆ {q:?}");
        }
    }
}

#[test]
fn closure_implications() {
    for p in all_grants() {
        let closed = p.closure();
        if p.contains(R) {
            assert!(closed.contains(V), "Reply ⇒ View at {p:?}");
        }
        if p.contains(D) {
            assert!(closed.contains(V), "Delete ⇒ View at {p:?}");
        }
        if p.contains(Permission::ADMIN) {
            assert_eq!(closed, util::everything(), "Admin ⇒ all at {p:?}");
        } else {
            // Without Admin the closure adds View at most.
            assert!(
                V.contains(closed.difference(p)),
                "closure({p:?}) adds more than view"
            );
            assert!(
                !closed.contains(Permission::ADMIN),
                "closure({p:?}) invents admin"
            );
        }
    }
}

#[test]
fn ceilings_and_default_grants_are_the_policy_tables() {
    for role in ROLES {
        assert_eq!(role.ceiling(), util::ref_ceiling(role), "ceiling({role:?})");
        assert_eq!(
            role.default_grant(),
            util::ref_default_grant(role),
            "default({role:?})"
        );
        assert_eq!(
            Subject::new(MemberId::new(1), role).grants(),
            util::ref_default_grant(role),
            "Subject::new({role:?}) grants"
        );
    }
    assert_eq!(Role::Owner.ceiling(), util::everything());
    assert_eq!(
        Role::Admin.ceiling(),
        set(&[
            V,
            R,
            D,
            Permission::MANAGE_TEAM,
            Permission::MANAGE_SETTINGS,
            Permission::VIEW_STATS,
            Permission::MANAGE_FORMS,
            Permission::MANAGE_INTEGRATIONS,
        ])
    );
    for role in [Role::Teammate, Role::Agent, Role::Collaborator] {
        assert_eq!(role.ceiling(), V | R | D, "{role:?}");
    }
}

#[test]
fn effective_equals_the_reference_for_every_role_and_grant_set() {
    for role in ROLES {
        for p in all_grants() {
            let expected = ref_effective(role, p);
            assert_eq!(role.effective(p), expected, "effective({role:?}, {p:?})");
            let subject = Subject::new(MemberId::new(1), role).with_grants(p);
            assert_eq!(
                subject.effective(),
                expected,
                "Subject::effective({role:?}, {p:?})"
            );
        }
    }
}

#[test]
fn effective_is_within_the_ceiling_and_closed() {
    for role in ROLES {
        let ceiling = util::ref_ceiling(role);
        for p in all_grants() {
            let effective = role.effective(p);
            assert!(
                ceiling.contains(effective),
                "effective({role:?}, {p:?}) above the ceiling"
            );
            assert_eq!(
                ref_closure(effective),
                effective,
                "effective({role:?}, {p:?}) not closed"
            );
            assert_eq!(
                effective.closure(),
                effective,
                "effective({role:?}, {p:?}) not closed"
            );
        }
    }
}

#[test]
fn the_owner_always_holds_everything() {
    for p in all_grants() {
        assert_eq!(Role::Owner.effective(p), util::everything(), "{p:?}");
    }
}

#[test]
fn billing_and_the_workspace_are_the_owners_alone() {
    let owner_only = Permission::MANAGE_BILLING | Permission::MANAGE_WORKSPACE;
    for role in [Role::Admin, Role::Teammate, Role::Agent, Role::Collaborator] {
        for p in all_grants() {
            let effective = role.effective(p);
            assert!(!effective.intersects(owner_only), "{role:?} with {p:?}");
            assert!(
                !effective.contains(Permission::ADMIN),
                "{role:?} with {p:?} holds admin"
            );
        }
    }
}

#[test]
fn effective_examples_from_the_policy() {
    let admin_default = set(&[
        V,
        R,
        D,
        Permission::MANAGE_TEAM,
        Permission::MANAGE_SETTINGS,
        Permission::VIEW_STATS,
        Permission::MANAGE_FORMS,
        Permission::MANAGE_INTEGRATIONS,
    ]);
    let cases = [
        (Role::Admin, Permission::ADMIN, admin_default),
        // An Admin whose grants were narrowed loses team and integration management.
        (Role::Admin, R, V | R),
        (Role::Admin, Permission::MANAGE_BILLING, Permission::empty()),
        // A teammate granted Admin still holds only the conversation flags.
        (Role::Teammate, Permission::ADMIN, V | R | D),
        (Role::Agent, Permission::MANAGE_TEAM | D, V | D),
        (Role::Collaborator, R, V | R),
        (Role::Owner, Permission::empty(), util::everything()),
    ];
    for (role, grants, effective) in cases {
        assert_eq!(role.effective(grants), effective, "{role:?}, {grants:?}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn closure_preserves_unions(p in 0u16..GRANT_SETS, q in 0u16..GRANT_SETS) {
        let (p, q) = (grant_set(p), grant_set(q));
        prop_assert_eq!((p | q).closure(), p.closure() | q.closure());
        prop_assert_eq!((p | q).closure(), ref_closure(p | q));
    }

    #[test]
    fn effective_is_monotone_in_the_grants(role in 0usize..5, p in 0u16..GRANT_SETS, q in 0u16..GRANT_SETS) {
        let role = ROLES[role];
        let (p, q) = (grant_set(p), grant_set(q));
        prop_assert!(role.effective(p | q).contains(role.effective(p)));
        prop_assert_eq!(role.effective(p | q), ref_effective(role, p | q));
    }
}
