//! Proves `authorize` over the ownership model (subjects, connectors, accounts, chats and
//! assignees) equals the reference model on well over 100,000 random decisions, with the
//! categories derived by the reference from POLICY.md's definitions, and that
//! `capabilities` agrees with `authorize`.

mod util;

use std::cell::Cell;

use chatgate::{
    authorize, capabilities, Account, AccountId, Action, Categories, Chat, ChatId, Connector,
    MemberId, Permission, Resource, Role, Scope, Subject, TeamId,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use util::{grant_set, ref_categories};

/// Member ids are drawn from a small pool so that "own", shared teams and assignments are
/// common.
const MEMBERS: u8 = 5;
/// Team ids are drawn from `0..TEAMS` for the same reason.
const TEAMS: u8 = 4;
/// Chats per random case.
const CHATS: usize = 8;
/// Random cases.
const CASES: u32 = 2000;

/// One random subject.
#[derive(Debug, Clone)]
struct SubjectSpec {
    id: u8,
    role: Role,
    grants: Permission,
    teams: Vec<TeamId>,
    active: bool,
}

/// One random chat: its account's connector, and its assignees.
#[derive(Debug, Clone)]
struct ChatSpec {
    account: u32,
    connector: u8,
    connector_teams: Vec<TeamId>,
    connector_active: bool,
    assignees: Vec<MemberId>,
}

fn teams(mask: u8) -> Vec<TeamId> {
    (0..TEAMS)
        .filter(|team| mask & (1 << team) != 0)
        .map(|team| TeamId::new(u128::from(team)))
        .collect()
}

fn subject_spec() -> impl Strategy<Value = SubjectSpec> {
    (
        0..MEMBERS,
        prop::sample::select(util::ROLES.to_vec()),
        0..util::GRANT_SETS,
        0u8..(1 << TEAMS),
        prop::bool::weighted(0.85),
    )
        .prop_map(|(id, role, grants, mask, active)| SubjectSpec {
            id,
            role,
            grants: grant_set(grants),
            teams: teams(mask),
            active,
        })
}

fn chat_spec() -> impl Strategy<Value = ChatSpec> {
    (
        any::<u32>(),
        0..MEMBERS,
        0u8..(1 << TEAMS),
        prop::bool::weighted(0.8),
        prop::collection::vec(0..MEMBERS, 0..3),
    )
        .prop_map(
            |(account, connector, mask, connector_active, assignees)| ChatSpec {
                account,
                connector,
                connector_teams: teams(mask),
                connector_active,
                assignees: assignees
                    .into_iter()
                    .map(|id| MemberId::new(u128::from(id)))
                    .collect(),
            },
        )
}

/// Checks every action against every kind of resource for one subject and one chat;
/// returns how many decisions were compared.
fn check(subject: &SubjectSpec, spec: &ChatSpec) -> Result<u64, TestCaseError> {
    let subject_id = MemberId::new(u128::from(subject.id));
    let connector_id = MemberId::new(u128::from(spec.connector));
    let mut who = Subject::new(subject_id, subject.role)
        .with_grants(subject.grants)
        .with_teams(&subject.teams);
    if !subject.active {
        who = who.removed();
    }
    let mut connector = Connector::new(connector_id).with_teams(&spec.connector_teams);
    if !spec.connector_active {
        connector = connector.removed();
    }
    let account = Account::new(AccountId::new(u128::from(spec.account)), connector);
    let chat = Chat::new(ChatId::new(1), account).with_assignees(&spec.assignees);

    // The reference derives the categories itself.
    let chat_categories = ref_categories(
        subject_id,
        &subject.teams,
        connector_id,
        &spec.connector_teams,
        spec.connector_active,
        &spec.assignees,
    );
    let account_categories = ref_categories(
        subject_id,
        &subject.teams,
        connector_id,
        &spec.connector_teams,
        spec.connector_active,
        &[],
    );
    prop_assert_eq!(chat.categories_for(&who), chat_categories);
    prop_assert_eq!(account.categories_for(&who), account_categories);

    let resources = [
        (Resource::Workspace, Scope::Workspace),
        (
            Resource::Account(account),
            Scope::Account(account_categories),
        ),
        (Resource::Chat(chat), Scope::Chat(chat_categories)),
    ];
    let mut decisions = 0;
    for action in util::actions() {
        for (resource, scope) in resources {
            let expected =
                util::expected(subject.role, subject.grants, subject.active, action, scope);
            prop_assert_eq!(
                authorize(&who, action, resource),
                expected,
                "{:?} {:?} {:?}",
                action,
                resource,
                scope
            );
            decisions += 1;
        }
    }

    let expected_capabilities = util::expected_capabilities(|action| {
        util::expected(
            subject.role,
            subject.grants,
            subject.active,
            action,
            Scope::Chat(chat_categories),
        )
        .is_ok()
    });
    let actual = capabilities(&who, &chat);
    prop_assert_eq!(actual, expected_capabilities);
    for action in util::CHAT_ACTIONS {
        prop_assert_eq!(
            actual.allows(action),
            authorize(&who, action, Resource::Chat(chat)).is_ok()
        );
    }
    Ok(decisions)
}

#[test]
fn authorize_agrees_with_the_reference_on_random_workspaces() {
    let config = Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let decisions = Cell::new(0_u64);
    let strategy = (subject_spec(), prop::collection::vec(chat_spec(), CHATS));
    runner
        .run(&strategy, |(subject, chats)| {
            for chat in &chats {
                decisions.set(decisions.get() + check(&subject, chat)?);
            }
            Ok(())
        })
        .unwrap_or_else(|failure| panic!("{failure}"));
    // 2000 cases × 8 chats × 12 actions × 3 kinds of resource.
    assert!(
        decisions.get() >= 288_000,
        "only {} decisions",
        decisions.get()
    );
}

// Plain cases of POLICY.md's category definitions.

const SALES: [TeamId; 1] = [TeamId::new(1)];
const SUPPORT: [TeamId; 1] = [TeamId::new(2)];
const BOTH: [TeamId; 2] = [TeamId::new(1), TeamId::new(2)];

fn chat_of(connector: Connector<'static>) -> Chat<'static> {
    Chat::new(ChatId::new(1), Account::new(AccountId::new(1), connector))
}

#[test]
fn own_is_the_subjects_own_account_even_when_sharing_a_team() {
    let me = Subject::new(MemberId::new(1), Role::Agent).with_teams(&SALES);
    let chat = chat_of(Connector::new(MemberId::new(1)).with_teams(&SALES));
    assert_eq!(chat.categories_for(&me), Categories::OWN);
}

#[test]
fn one_shared_team_among_several_makes_same_team() {
    let me = Subject::new(MemberId::new(1), Role::Teammate).with_teams(&SUPPORT);
    let chat = chat_of(Connector::new(MemberId::new(2)).with_teams(&BOTH));
    assert_eq!(chat.categories_for(&me), Categories::SAME_TEAM);
    util::assert_allowed(
        authorize(&me, Action::Reply, Resource::Chat(chat)),
        "same team",
    );
}

#[test]
fn no_shared_team_is_other_team() {
    let me = Subject::new(MemberId::new(1), Role::Teammate).with_teams(&SUPPORT);
    let chat = chat_of(Connector::new(MemberId::new(2)).with_teams(&SALES));
    assert_eq!(chat.categories_for(&me), Categories::OTHER_TEAM);
    util::assert_out_of_scope(
        authorize(&me, Action::View, Resource::Chat(chat)),
        "other team",
    );
    // No teams at all on either side is OtherTeam too.
    let loner = Subject::new(MemberId::new(3), Role::Teammate);
    let chat = chat_of(Connector::new(MemberId::new(2)));
    assert_eq!(chat.categories_for(&loner), Categories::OTHER_TEAM);
}

#[test]
fn a_removed_connector_has_no_teams() {
    let me = Subject::new(MemberId::new(1), Role::Teammate).with_teams(&SALES);
    let chat = chat_of(
        Connector::new(MemberId::new(2))
            .with_teams(&SALES)
            .removed(),
    );
    assert_eq!(chat.categories_for(&me), Categories::OTHER_TEAM);
    util::assert_out_of_scope(
        authorize(&me, Action::View, Resource::Chat(chat)),
        "removed",
    );
    // Owner and Admin still see it: nothing is lost.
    for role in [Role::Owner, Role::Admin] {
        let boss = Subject::new(MemberId::new(9), role);
        util::assert_allowed(authorize(&boss, Action::Delete, Resource::Chat(chat)), role);
    }
}

#[test]
fn assignment_adds_assigned_to_the_accounts_category() {
    let assignees = [MemberId::new(3), MemberId::new(4)];
    let chat =
        chat_of(Connector::new(MemberId::new(2)).with_teams(&SALES)).with_assignees(&assignees);
    let cleo = Subject::new(MemberId::new(4), Role::Collaborator).with_teams(&SALES);
    assert_eq!(
        chat.categories_for(&cleo),
        Categories::SAME_TEAM | Categories::ASSIGNED
    );
    util::assert_allowed(
        authorize(&cleo, Action::Reply, Resource::Chat(chat)),
        "assigned",
    );
    // The account itself is not usable by the collaborator.
    util::assert_out_of_scope(
        authorize(&cleo, Action::SendFrom, Resource::Account(chat.account())),
        "collaborator sending",
    );
}

#[test]
fn a_collaborator_claimed_as_connector_does_not_see_through_own() {
    let cleo = Subject::new(MemberId::new(4), Role::Collaborator);
    let chat = chat_of(Connector::new(MemberId::new(4)));
    assert_eq!(chat.categories_for(&cleo), Categories::OWN);
    util::assert_out_of_scope(authorize(&cleo, Action::View, Resource::Chat(chat)), "n/a");
    util::assert_out_of_scope(
        authorize(&cleo, Action::SendFrom, Resource::Account(chat.account())),
        "n/a account",
    );
}
