//! Proves `authorize_scope` equals the reference model by exhaustion: every role × every
//! category set × every grant set × every action × active/removed, plus every request of
//! the wrong kind of resource.

mod util;

use chatgate::{authorize_scope, Action, Denied, MemberId, ResourceKind, Role, Scope, Subject};
use util::{category_set, grant_set, kind_of, ROLES};

/// The scope of kind `kind` holding `categories` (ignored for the workspace).
fn scope_of(kind: ResourceKind, categories: u8) -> Scope {
    match kind {
        ResourceKind::Workspace => Scope::Workspace,
        ResourceKind::Account => Scope::Account(category_set(categories)),
        ResourceKind::Chat => Scope::Chat(category_set(categories)),
    }
}

const KINDS: [ResourceKind; 3] = [
    ResourceKind::Workspace,
    ResourceKind::Account,
    ResourceKind::Chat,
];

#[test]
fn every_decision_equals_the_reference() {
    let grants: Vec<_> = (0..util::GRANT_SETS).map(grant_set).collect();
    let mut cases = 0_u64;
    let mut allowed = 0_u64;
    for role in ROLES {
        for g in 0..util::GRANT_SETS {
            let granted = grants[usize::from(g)];
            let base = Subject::new(MemberId::new(1), role).with_grants(granted);
            for active in [true, false] {
                let subject = if active { base } else { base.removed() };
                for action in util::actions() {
                    let kind = kind_of(action);
                    for categories in 0..16 {
                        let scope = scope_of(kind, categories);
                        let expected = util::expected(role, granted, active, action, scope);
                        let actual = authorize_scope(&subject, action, scope);
                        if actual != expected {
                            util::assert_decision(
                                actual,
                                expected,
                                (role, granted, active, action, scope),
                            );
                        }
                        allowed += u64::from(expected.is_ok());
                        cases += 1;
                    }
                }
            }
        }
    }
    assert_eq!(cases, 5 * 2048 * 2 * 12 * 16);
    assert_eq!(cases, 3_932_160);
    // The loop decided both ways many times over (not vacuous).
    assert!(
        allowed > 500_000 && allowed < cases / 2,
        "allowed {allowed} of {cases}"
    );
}

#[test]
fn every_request_of_the_wrong_kind_of_resource_is_refused_first() {
    let mut cases = 0_u64;
    for role in ROLES {
        for g in (0..util::GRANT_SETS).step_by(7) {
            let granted = grant_set(g);
            for active in [true, false] {
                let base = Subject::new(MemberId::new(1), role).with_grants(granted);
                let subject = if active { base } else { base.removed() };
                for action in util::actions() {
                    for kind in KINDS.into_iter().filter(|kind| *kind != kind_of(action)) {
                        for categories in 0..16 {
                            let scope = scope_of(kind, categories);
                            let expected = Err(Denied::WrongResource {
                                action,
                                resource: kind,
                            });
                            assert_eq!(
                                util::expected(role, granted, active, action, scope),
                                expected
                            );
                            util::assert_decision(
                                authorize_scope(&subject, action, scope),
                                expected,
                                (role, granted, active, action, scope),
                            );
                            cases += 1;
                        }
                    }
                }
            }
        }
    }
    // 293 grant sets (every 7th), 2 wrong kinds per action.
    assert_eq!(cases, 5 * 293 * 2 * 12 * 2 * 16);
}

#[test]
fn the_decision_counts_per_role_match_the_policy() {
    // A census computed from the literal tables by hand, as a second check that the
    // exhaustive loop above compares with the right thing: for each role, how many of the
    // 16 chat category sets are visible.
    let visible_sets = |role: Role| {
        (0..16)
            .filter(|bits| {
                let s = Subject::new(MemberId::new(1), role);
                authorize_scope(&s, Action::View, Scope::Chat(category_set(*bits))).is_ok()
            })
            .count()
    };
    assert_eq!(visible_sets(Role::Owner), 15); // all but the empty set
    assert_eq!(visible_sets(Role::Admin), 15);
    assert_eq!(visible_sets(Role::Teammate), 14); // not {} and not {OtherTeam}
    assert_eq!(visible_sets(Role::Agent), 12); // not the 4 subsets of {SameTeam, OtherTeam}
    assert_eq!(visible_sets(Role::Collaborator), 8); // the 8 sets holding Assigned
}
