//! Proves the visibility matrix and the usable-accounts rule of POLICY.md: cell by cell as
//! plain tests, and for every role × category set × grant set × chat action or `send_from`
//! × active/removed as a property test against the reference model.

mod util;

use chatgate::{
    authorize_scope, Action, Categories, Category, Denied, MemberId, Permission, ResourceKind,
    Role, Scope, Subject,
};
use proptest::prelude::*;
use util::{assert_allowed, assert_decision, assert_out_of_scope, category_set, grant_set};

/// The actions decided on a chat or an account scope.
const SCOPED_ACTIONS: [Action; 4] = [
    Action::View,
    Action::Reply,
    Action::Delete,
    Action::SendFrom,
];

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(8192))]

    #[test]
    fn authorize_scope_agrees_with_the_reference(
        role in 0usize..5,
        categories in 0u8..16,
        grants in 0u16..util::GRANT_SETS,
        action in 0usize..4,
        active in any::<bool>(),
    ) {
        let role = util::ROLES[role];
        let categories = category_set(categories);
        let grants = grant_set(grants);
        let action = SCOPED_ACTIONS[action];
        let scope = if action == Action::SendFrom {
            Scope::Account(categories)
        } else {
            Scope::Chat(categories)
        };
        let subject = Subject::new(MemberId::new(1), role).with_grants(grants);
        let subject = if active { subject } else { subject.removed() };
        let context = (role, categories, grants, action, active);
        prop_assert_eq!(
            authorize_scope(&subject, action, scope),
            util::expected(role, grants, active, action, scope),
            "{:?}", context
        );
    }
}

/// A member of `role` holding every conversation flag (so only the matrix decides).
fn member(role: Role) -> Subject<'static> {
    Subject::new(MemberId::new(1), role)
        .with_grants(Permission::VIEW | Permission::REPLY | Permission::DELETE)
}

/// Asserts one cell of the visibility matrix for every chat action, through
/// `authorize_scope`, `Role::sees` and `Role::visible`.
#[track_caller]
fn cell(role: Role, category: Category, visible: bool) {
    let subject = member(role);
    let scope = Scope::Chat(category.as_set());
    for action in [Action::View, Action::Reply, Action::Delete] {
        let decision = authorize_scope(&subject, action, scope);
        if visible {
            assert_allowed(decision, (role, category, action));
        } else {
            assert_eq!(
                decision,
                Err(Denied::OutOfScope {
                    action,
                    role,
                    resource: ResourceKind::Chat
                }),
                "{role:?} × {category:?} × {action:?}"
            );
        }
    }
    assert_eq!(
        role.sees(category),
        visible,
        "Role::sees({role:?}, {category:?})"
    );
    assert_eq!(
        role.visible().contains(category.as_set()),
        visible,
        "Role::visible({role:?}) ∋ {category:?}"
    );
}

/// Asserts one cell of the usable-accounts rule (`send_from`).
#[track_caller]
fn account_cell(role: Role, category: Category, usable: bool) {
    let decision = authorize_scope(
        &member(role),
        Action::SendFrom,
        Scope::Account(category.as_set()),
    );
    if usable {
        assert_allowed(decision, (role, category));
    } else {
        assert_out_of_scope(decision, (role, category));
    }
}

#[test]
fn owner_sees_every_category() {
    cell(Role::Owner, Category::Own, true);
    cell(Role::Owner, Category::SameTeam, true);
    cell(Role::Owner, Category::OtherTeam, true);
    cell(Role::Owner, Category::Assigned, true);
}

#[test]
fn admin_sees_every_category() {
    cell(Role::Admin, Category::Own, true);
    cell(Role::Admin, Category::SameTeam, true);
    cell(Role::Admin, Category::OtherTeam, true);
    cell(Role::Admin, Category::Assigned, true);
}

#[test]
fn teammate_sees_own_same_team_and_assigned_but_not_other_team() {
    cell(Role::Teammate, Category::Own, true);
    cell(Role::Teammate, Category::SameTeam, true);
    cell(Role::Teammate, Category::OtherTeam, false);
    cell(Role::Teammate, Category::Assigned, true);
}

#[test]
fn agent_sees_own_and_assigned_only() {
    cell(Role::Agent, Category::Own, true);
    cell(Role::Agent, Category::SameTeam, false);
    cell(Role::Agent, Category::OtherTeam, false);
    cell(Role::Agent, Category::Assigned, true);
}

#[test]
fn collaborator_sees_assigned_only_and_own_fails_closed() {
    cell(Role::Collaborator, Category::Own, false);
    cell(Role::Collaborator, Category::SameTeam, false);
    cell(Role::Collaborator, Category::OtherTeam, false);
    cell(Role::Collaborator, Category::Assigned, true);
}

#[test]
fn owner_and_admin_send_from_any_account() {
    for role in [Role::Owner, Role::Admin] {
        account_cell(role, Category::Own, true);
        account_cell(role, Category::SameTeam, true);
        account_cell(role, Category::OtherTeam, true);
    }
}

#[test]
fn teammate_sends_from_own_and_same_team_accounts() {
    account_cell(Role::Teammate, Category::Own, true);
    account_cell(Role::Teammate, Category::SameTeam, true);
    account_cell(Role::Teammate, Category::OtherTeam, false);
}

#[test]
fn agent_sends_from_own_accounts_only() {
    account_cell(Role::Agent, Category::Own, true);
    account_cell(Role::Agent, Category::SameTeam, false);
    account_cell(Role::Agent, Category::OtherTeam, false);
}

#[test]
fn collaborator_sends_from_no_account() {
    account_cell(Role::Collaborator, Category::Own, false);
    account_cell(Role::Collaborator, Category::SameTeam, false);
    account_cell(Role::Collaborator, Category::OtherTeam, false);
}

#[test]
fn assigned_is_ignored_in_an_account_scope() {
    for role in util::ROLES {
        account_cell(role, Category::Assigned, false);
    }
    // An agent assigned to a chat on a teammate's account replies through the chat, but may
    // not start conversations from that account.
    let agent = member(Role::Agent);
    let chat = Scope::Chat(Categories::SAME_TEAM | Categories::ASSIGNED);
    let account = Scope::Account(Categories::SAME_TEAM | Categories::ASSIGNED);
    assert_allowed(
        authorize_scope(&agent, Action::Reply, chat),
        "reply to the assigned chat",
    );
    assert_out_of_scope(
        authorize_scope(&agent, Action::SendFrom, account),
        "send from the account",
    );
}

#[test]
fn a_chat_is_visible_when_any_of_its_categories_is() {
    let visible = [
        (Role::Agent, Categories::OTHER_TEAM | Categories::ASSIGNED),
        (Role::Agent, Categories::SAME_TEAM | Categories::OWN),
        (
            Role::Teammate,
            Categories::OTHER_TEAM | Categories::SAME_TEAM,
        ),
        (Role::Collaborator, Categories::OWN | Categories::ASSIGNED),
        (Role::Collaborator, Categories::all()),
    ];
    for (role, categories) in visible {
        assert_allowed(
            authorize_scope(&member(role), Action::View, Scope::Chat(categories)),
            (role, categories),
        );
    }
    let hidden = [
        (Role::Agent, Categories::OTHER_TEAM | Categories::SAME_TEAM),
        (Role::Teammate, Categories::OTHER_TEAM),
        (
            Role::Collaborator,
            Categories::OWN | Categories::SAME_TEAM | Categories::OTHER_TEAM,
        ),
    ];
    for (role, categories) in hidden {
        assert_out_of_scope(
            authorize_scope(&member(role), Action::View, Scope::Chat(categories)),
            (role, categories),
        );
    }
}

#[test]
fn a_chat_in_no_category_is_visible_to_no_one() {
    for role in util::ROLES {
        assert_out_of_scope(
            authorize_scope(
                &member(role),
                Action::View,
                Scope::Chat(Categories::empty()),
            ),
            role,
        );
    }
}

#[test]
fn the_matrix_decides_before_the_permissions() {
    // Out of scope wins over a missing flag: an agent granted nothing, on a same-team chat.
    let agent = Subject::new(MemberId::new(1), Role::Agent).with_grants(Permission::empty());
    assert_out_of_scope(
        authorize_scope(&agent, Action::Reply, Scope::Chat(Categories::SAME_TEAM)),
        "agent, same team, no grants",
    );
    // In scope, the flag decides: the same agent on their own chat.
    assert_decision(
        authorize_scope(&agent, Action::Reply, Scope::Chat(Categories::OWN)),
        Err(Denied::MissingPermission {
            action: Action::Reply,
            required: Permission::REPLY,
            held: Permission::empty(),
        }),
        "agent, own, no grants",
    );
}

#[test]
fn a_removed_member_is_denied_every_cell() {
    for role in util::ROLES {
        for bits in 0..16 {
            let scope = Scope::Chat(category_set(bits));
            for action in [Action::View, Action::Reply, Action::Delete] {
                assert_decision(
                    authorize_scope(&member(role).removed(), action, scope),
                    Err(Denied::Inactive),
                    (role, scope, action),
                );
            }
        }
    }
}

#[test]
fn the_reference_matrix_is_the_policy_table() {
    // The reference's own table, read back against POLICY.md's ✔/✗ text.
    let policy = [
        "Owner        | ✔ | ✔ | ✔ | ✔",
        "Admin        | ✔ | ✔ | ✔ | ✔",
        "Teammate     | ✔ | ✔ | ✗ | ✔",
        "Agent        | ✔ | ✗ | ✗ | ✔",
        "Collaborator | ✗ | ✗ | ✗ | ✔",
    ];
    for (row, line) in policy.iter().enumerate() {
        let cells: Vec<bool> = line
            .split('|')
            .skip(1)
            .map(|cell| cell.trim() == "✔")
            .collect();
        assert_eq!(cells, util::VISIBLE[row], "{line}");
    }
}
