//! No privilege escalation (POLICY.md, "No escalation, in one rule"): no accepted change
//! leaves any member able to do something the acting member could not do on the same chat,
//! account or workspace; a role or grant change leaves the member's effective permissions
//! within the actor's own; the Owner's changes are never refused as escalation; and a refused
//! change, or one that changes nothing, leaves the workspace as it was.
//!
//! The stories of issue 14 are plain tests with outcomes read off POLICY.md's tables; the
//! rule itself is a property test that builds random small workspaces, makes random changes
//! of every kind by random actors, and compares every decision of every member on every
//! resource before and after each change.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod util;

use std::collections::BTreeSet;

use chatgate::{
    AccountId, Action, Change, ChangeErrorKind, ChatId, Event, MemberId, Permission, ResourceKind,
    Role, Target, TeamId, Workspace, WorkspaceError, WorkspaceSnapshot,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// The cast of the plain tests
// ---------------------------------------------------------------------------------------

const OWNER: MemberId = MemberId::new(1);
/// An Admin with the default grant (everything but billing and the workspace).
const ADMIN: MemberId = MemberId::new(2);
/// An Admin narrowed to MANAGE_TEAM + VIEW.
const NARROW: MemberId = MemberId::new(3);
/// A Teammate with the default grant (REPLY).
const MATE: MemberId = MemberId::new(4);

/// An owner, a full Admin, an Admin narrowed to manage_team + view, and a Teammate.
fn workspace() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    ws.add_member(OWNER, ADMIN, Role::Admin).unwrap();
    ws.add_member_with_permissions(
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

/// Asserts `result` is refused as escalation and changed nothing.
#[track_caller]
fn assert_escalation(
    ws: &Workspace,
    before: &WorkspaceSnapshot,
    result: Result<Option<Event>, WorkspaceError>,
) -> WorkspaceError {
    let error = match result {
        Err(error) => error,
        Ok(event) => panic!("expected a refusal as escalation, got Ok({event:?})"),
    };
    assert_eq!(
        error.kind(),
        ChangeErrorKind::Escalation,
        "expected escalation, got {error:?}"
    );
    assert_eq!(&ws.snapshot(), before, "a refused change changed the state");
    error
}

/// Asserts `result` was accepted and recorded an event.
#[track_caller]
fn assert_accepted(result: Result<Option<Event>, WorkspaceError>) {
    assert!(
        matches!(result, Ok(Some(_))),
        "expected an accepted change with an event, got {result:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Stored power: roles and grants
// ---------------------------------------------------------------------------------------

#[test]
fn an_admin_cannot_create_an_owner_nor_hand_out_billing_or_the_workspace() {
    let mut ws = workspace();
    let error = ws
        .add_member(ADMIN, MemberId::new(9), Role::Owner)
        .unwrap_err();
    assert_eq!(error, WorkspaceError::SecondOwner(MemberId::new(9)));
    assert_eq!(error.kind(), ChangeErrorKind::Invalid);
    assert_eq!(
        ws.set_role(ADMIN, MATE, Role::Owner),
        Err(WorkspaceError::SecondOwner(MATE))
    );
    // Granting billing to an Admin is capped away by the Admin ceiling: nothing escalates.
    assert_accepted(ws.set_permissions(
        ADMIN,
        MATE,
        Some(Permission::MANAGE_BILLING | Permission::REPLY),
    ));
    assert_accepted(ws.set_role(ADMIN, MATE, Role::Admin));
    let held = effective(&ws, MATE);
    assert_eq!(held, Permission::REPLY | Permission::VIEW);
    assert!(!held.contains(Permission::MANAGE_BILLING));
    assert!(!held.contains(Permission::MANAGE_WORKSPACE));
    // Transferring ownership needs MANAGE_WORKSPACE, which no Admin holds.
    assert_eq!(
        ws.transfer_ownership(ADMIN, ADMIN).unwrap_err().kind(),
        ChangeErrorKind::Denied
    );
}

#[test]
fn a_narrowed_admin_cannot_give_reply_directly() {
    let mut ws = workspace();
    ws.set_permissions(OWNER, MATE, Some(Permission::VIEW))
        .unwrap();
    let before = ws.snapshot();
    let error = assert_escalation(
        &ws,
        &before,
        ws.clone()
            .set_permissions(NARROW, MATE, Some(Permission::REPLY)),
    );
    assert_eq!(
        error,
        WorkspaceError::Escalation {
            member: MATE,
            beyond: Permission::REPLY
        }
    );
    assert_eq!(
        ws.set_permissions(NARROW, MATE, Some(Permission::REPLY)),
        Err(error)
    );
    assert_eq!(ws.snapshot(), before);
}

#[test]
fn a_narrowed_admin_cannot_give_reply_through_a_default_grant() {
    let mut ws = workspace();
    ws.set_permissions(OWNER, MATE, Some(Permission::VIEW))
        .unwrap();
    let before = ws.snapshot();
    // Back to the Teammate default (reply), or a new member with the default grant.
    let result = ws.set_permissions(NARROW, MATE, None);
    assert_escalation(&ws, &before, result);
    let result = ws.add_member(NARROW, MemberId::new(9), Role::Agent);
    assert_escalation(&ws, &before, result);
    // A collaborator's default grant is REPLY too.
    let result = ws.add_member(NARROW, MemberId::new(9), Role::Collaborator);
    assert_escalation(&ws, &before, result);
    // Making a View-only Agent's grant the default would hand out reply.
    ws.add_member_with_permissions(
        NARROW,
        MemberId::new(9),
        Role::Agent,
        Some(Permission::VIEW),
    )
    .unwrap();
    let before = ws.snapshot();
    let result = ws.set_permissions(NARROW, MemberId::new(9), None);
    assert_escalation(&ws, &before, result);
    // An Admin whose stored grant is the default holds everything an Admin may: giving the
    // default back to a View-only member who becomes an Admin is refused the same way.
    ws.set_role(NARROW, MemberId::new(9), Role::Admin).unwrap();
    assert_eq!(effective(&ws, MemberId::new(9)), Permission::VIEW);
    let before = ws.snapshot();
    let result = ws.set_permissions(NARROW, MemberId::new(9), None);
    assert_escalation(&ws, &before, result);
    // What the narrowed admin holds, they may hand out.
    ws.add_member_with_permissions(
        NARROW,
        MemberId::new(10),
        Role::Teammate,
        Some(Permission::VIEW),
    )
    .unwrap();
    assert_eq!(effective(&ws, MemberId::new(10)), Permission::VIEW);
}

#[test]
fn a_narrowed_admin_cannot_give_reply_by_re_adding_a_member() {
    let mut ws = workspace();
    ws.remove_member(OWNER, MATE).unwrap();
    let before = ws.snapshot();
    // Re-adding with the Teammate default (reply), or with reply listed: refused.
    let result = ws.add_member(NARROW, MATE, Role::Teammate);
    assert_escalation(&ws, &before, result);
    let result = ws.add_member_with_permissions(
        NARROW,
        MATE,
        Role::Teammate,
        Some(Permission::REPLY | Permission::VIEW),
    );
    assert_escalation(&ws, &before, result);
    // Re-adding with what the narrowed admin holds: accepted.
    assert_accepted(ws.add_member_with_permissions(
        NARROW,
        MATE,
        Role::Teammate,
        Some(Permission::VIEW),
    ));
    assert_eq!(effective(&ws, MATE), Permission::VIEW);
}

#[test]
fn a_narrowed_admin_cannot_raise_themself() {
    let mut ws = workspace();
    let before = ws.snapshot();
    let result = ws.set_permissions(NARROW, NARROW, Some(Permission::ADMIN));
    let error = assert_escalation(&ws, &before, result);
    assert!(
        matches!(error, WorkspaceError::Escalation { member: NARROW, .. }),
        "{error:?}"
    );
    assert_eq!(
        effective(&ws, NARROW),
        Permission::MANAGE_TEAM | Permission::VIEW
    );
}

// ---------------------------------------------------------------------------------------
// Scope: assignments, accounts, teams
// ---------------------------------------------------------------------------------------

const AGENT: MemberId = MemberId::new(5);
/// A collaborator granted Reply + Delete.
const COLLAB_RD: MemberId = MemberId::new(6);
/// A collaborator with the default grant (REPLY).
const COLLAB_R: MemberId = MemberId::new(7);
const AGENT_ACCOUNT: AccountId = AccountId::new(20);
const AGENT_CHAT: ChatId = ChatId::new(200);

/// An agent (reply, no delete) with their own account and a chat on it, and two
/// collaborators: one granted Reply + Delete, one with the default.
fn assignment_workspace() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    ws.add_member(OWNER, AGENT, Role::Agent).unwrap();
    ws.add_member_with_permissions(
        OWNER,
        COLLAB_RD,
        Role::Collaborator,
        Some(Permission::REPLY | Permission::DELETE),
    )
    .unwrap();
    ws.add_member(OWNER, COLLAB_R, Role::Collaborator).unwrap();
    ws.connect_account(AGENT, AGENT_ACCOUNT).unwrap();
    ws.receive_chat(AGENT_CHAT, AGENT_ACCOUNT).unwrap();
    ws
}

#[test]
fn an_agent_cannot_delete_by_proxy_through_an_assignment() {
    let mut ws = assignment_workspace();
    let chat = Target::Chat(AGENT_CHAT);
    // The agent may reply on their own chat (so they may assign it), but not delete it.
    ws.authorize(AGENT, Action::Reply, chat).unwrap();
    assert!(ws.authorize(AGENT, Action::Delete, chat).is_err());

    let before = ws.snapshot();
    let result = ws.assign(AGENT, AGENT_CHAT, COLLAB_RD);
    let error = assert_escalation(&ws, &before, result);
    assert!(
        matches!(
            error,
            WorkspaceError::ScopeEscalation {
                member: COLLAB_RD,
                action: Action::Delete,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(ws.authorize(COLLAB_RD, Action::Delete, chat).is_err());
    // The same by the vocabulary.
    let change = Change::Assign {
        chat: AGENT_CHAT,
        member: COLLAB_RD,
    };
    let result = ws.change(Some(AGENT), change);
    assert_escalation(&ws, &before, result);

    // A collaborator who may only reply gains nothing the agent lacks: accepted.
    assert_accepted(ws.assign(AGENT, AGENT_CHAT, COLLAB_R));
    ws.authorize(COLLAB_R, Action::Reply, chat).unwrap();
}

const NARROWEST: MemberId = MemberId::new(8);
const OWNER_ACCOUNT: AccountId = AccountId::new(30);
const OWNER_CHAT: ChatId = ChatId::new(300);

/// The Owner's account with a chat on it, an Admin narrowed to MANAGE_TEAM alone, a full
/// Admin and an agent (reply).
fn account_workspace() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    ws.add_member(OWNER, ADMIN, Role::Admin).unwrap();
    ws.add_member_with_permissions(OWNER, NARROWEST, Role::Admin, Some(Permission::MANAGE_TEAM))
        .unwrap();
    ws.add_member(OWNER, AGENT, Role::Agent).unwrap();
    ws.connect_account(OWNER, OWNER_ACCOUNT).unwrap();
    ws.receive_chat(OWNER_CHAT, OWNER_ACCOUNT).unwrap();
    ws
}

#[test]
fn a_manage_team_only_admin_cannot_hand_the_owners_number_to_an_agent() {
    let mut ws = account_workspace();
    let before = ws.snapshot();
    let result = ws.transfer_account(NARROWEST, OWNER_ACCOUNT, AGENT);
    let error = assert_escalation(&ws, &before, result);
    assert!(
        matches!(error, WorkspaceError::ScopeEscalation { member: AGENT, .. }),
        "{error:?}"
    );
    // The agent still cannot use the number nor see its chat.
    assert!(ws
        .authorize(AGENT, Action::SendFrom, Target::Account(OWNER_ACCOUNT))
        .is_err());
    assert!(ws
        .authorize(AGENT, Action::View, Target::Chat(OWNER_CHAT))
        .is_err());

    // A full Admin holds reply, view and delete on every account and chat: accepted.
    let mut by_admin = ws.clone();
    assert_accepted(by_admin.transfer_account(ADMIN, OWNER_ACCOUNT, AGENT));
    by_admin
        .authorize(AGENT, Action::SendFrom, Target::Account(OWNER_ACCOUNT))
        .unwrap();
}

const TEAM: TeamId = TeamId::new(1);
/// A Teammate (reply) in TEAM who connected TEAM_ACCOUNT.
const TEAM_CONNECTOR: MemberId = MemberId::new(11);
/// A Teammate (reply) in no team.
const REPLIER: MemberId = MemberId::new(12);
/// A Teammate granted VIEW alone, in no team.
const VIEWER: MemberId = MemberId::new(13);
/// An agent granted VIEW alone, in no team, who connected LONE_ACCOUNT.
const LONE_AGENT: MemberId = MemberId::new(14);
const TEAM_ACCOUNT: AccountId = AccountId::new(40);
const TEAM_CHAT: ChatId = ChatId::new(400);
const LONE_ACCOUNT: AccountId = AccountId::new(41);
const LONE_CHAT: ChatId = ChatId::new(410);

/// The fixture of `workspace()` plus a team whose teammate connected an account, and members
/// outside it: a replier, a viewer and an agent with an account of their own.
fn team_workspace() -> Workspace {
    let mut ws = workspace();
    ws.create_team(OWNER, TEAM).unwrap();
    ws.add_member(OWNER, TEAM_CONNECTOR, Role::Teammate)
        .unwrap();
    ws.join_team(OWNER, TEAM_CONNECTOR, TEAM).unwrap();
    ws.connect_account(TEAM_CONNECTOR, TEAM_ACCOUNT).unwrap();
    ws.receive_chat(TEAM_CHAT, TEAM_ACCOUNT).unwrap();
    ws.add_member(OWNER, REPLIER, Role::Teammate).unwrap();
    ws.add_member_with_permissions(OWNER, VIEWER, Role::Teammate, Some(Permission::VIEW))
        .unwrap();
    ws.add_member_with_permissions(OWNER, LONE_AGENT, Role::Agent, Some(Permission::VIEW))
        .unwrap();
    ws.connect_account(LONE_AGENT, LONE_ACCOUNT).unwrap();
    ws.receive_chat(LONE_CHAT, LONE_ACCOUNT).unwrap();
    ws
}

#[test]
fn a_narrowed_admin_cannot_put_a_replier_in_a_team_that_opens_accounts_to_them() {
    let mut ws = team_workspace();
    let before = ws.snapshot();
    // The replier would reply on the team's account (SameTeam) and send from it: the
    // narrowed admin holds neither.
    let result = ws.join_team(NARROW, REPLIER, TEAM);
    let error = assert_escalation(&ws, &before, result);
    assert!(
        matches!(
            error,
            WorkspaceError::ScopeEscalation {
                member: REPLIER,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(ws
        .authorize(REPLIER, Action::Reply, Target::Chat(TEAM_CHAT))
        .is_err());
    // The other way: a View-only agent's account opened to the team's replier.
    let result = ws.join_team(NARROW, LONE_AGENT, TEAM);
    let error = assert_escalation(&ws, &before, result);
    assert!(
        matches!(
            error,
            WorkspaceError::ScopeEscalation {
                member: TEAM_CONNECTOR,
                ..
            }
        ),
        "{error:?}"
    );
    // A viewer gains only view on the team's chats, which the narrowed admin holds.
    assert_accepted(ws.join_team(NARROW, VIEWER, TEAM));
    ws.authorize(VIEWER, Action::View, Target::Chat(TEAM_CHAT))
        .unwrap();
}

#[test]
fn the_owners_changes_are_never_refused_as_escalation() {
    // Every change refused above, by the Owner instead.
    let mut ws = assignment_workspace();
    assert_accepted(ws.assign(OWNER, AGENT_CHAT, COLLAB_RD));
    ws.authorize(COLLAB_RD, Action::Delete, Target::Chat(AGENT_CHAT))
        .unwrap();

    let mut ws = account_workspace();
    assert_accepted(ws.transfer_account(OWNER, OWNER_ACCOUNT, AGENT));
    ws.authorize(AGENT, Action::SendFrom, Target::Account(OWNER_ACCOUNT))
        .unwrap();

    let mut ws = team_workspace();
    assert_accepted(ws.join_team(OWNER, REPLIER, TEAM));
    assert_accepted(ws.join_team(OWNER, LONE_AGENT, TEAM));
    assert_accepted(ws.set_permissions(OWNER, VIEWER, None));
    assert_accepted(ws.set_permissions(OWNER, NARROW, Some(Permission::ADMIN)));
    assert_accepted(ws.add_member(OWNER, MemberId::new(20), Role::Admin));
    assert_accepted(ws.set_role(OWNER, MATE, Role::Admin));
    assert_eq!(
        effective(&ws, MATE),
        util::ref_effective(Role::Admin, util::ref_default_grant(Role::Admin))
    );
    assert_accepted(ws.remove_member(OWNER, MATE));
    assert_accepted(ws.add_member(OWNER, MATE, Role::Admin));
}

// ---------------------------------------------------------------------------------------
// Property: member changes in sequence (the older, narrower property)
// ---------------------------------------------------------------------------------------

/// One attempted member change by a random actor.
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

fn any_grants() -> impl Strategy<Value = Option<Permission>> {
    prop::option::of((0_u16..util::GRANT_SETS).prop_map(util::grant_set))
}

fn attempt() -> impl Strategy<Value = Attempt> {
    prop_oneof![
        (member_id(), member_id(), role(), any_grants())
            .prop_map(|(a, m, r, g)| Attempt::Add(a, m, r, g)),
        (member_id(), member_id(), role()).prop_map(|(a, m, r)| Attempt::SetRole(a, m, r)),
        (member_id(), member_id(), any_grants()).prop_map(|(a, m, g)| Attempt::SetGrants(a, m, g)),
        (member_id(), member_id()).prop_map(|(a, m)| Attempt::Remove(a, m)),
    ]
}

/// A member's effective permissions by the reference tables, from a snapshot's record.
fn ref_held(snapshot: &WorkspaceSnapshot, member: MemberId) -> Option<Permission> {
    snapshot.members.iter().find(|m| m.id == member).map(|m| {
        util::ref_effective(
            m.role,
            m.grants.unwrap_or_else(|| util::ref_default_grant(m.role)),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// After every step, every member's effective permissions are within what the policy and
    /// the acting member allowed: a member touched by an accepted change holds nothing the
    /// actor did not hold (reference tables), nobody else changed, and a refused step
    /// changed nothing.
    #[test]
    fn no_sequence_of_member_changes_escalates(attempts in prop::collection::vec(attempt(), 1..40)) {
        let mut ws = workspace();
        for attempt in attempts {
            let before: WorkspaceSnapshot = ws.snapshot();
            let (actor, touched, result) = match attempt {
                Attempt::Add(a, m, r, g) => (a, m, ws.add_member_with_permissions(a, m, r, g)),
                Attempt::SetRole(a, m, r) => (a, m, ws.set_role(a, m, r)),
                Attempt::SetGrants(a, m, g) => (a, m, ws.set_permissions(a, m, g)),
                Attempt::Remove(a, m) => (a, m, ws.remove_member(a, m)),
            };
            let actor_held = ref_held(&before, actor).unwrap_or(Permission::empty());
            match result {
                Ok(Some(_)) => {
                    let after = ws.snapshot();
                    let member = after.members.iter().find(|m| m.id == touched).unwrap();
                    let holds = ref_held(&after, touched).unwrap();
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
                Ok(None) => prop_assert_eq!(ws.snapshot(), before, "{:?} changed nothing but altered state", attempt),
                Err(_) => prop_assert_eq!(ws.snapshot(), before, "{:?} was refused but changed state", attempt),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Property: no accepted change of any kind escalates (brute force over every decision)
// ---------------------------------------------------------------------------------------

/// Member ids the changes draw from: 1 is the Owner of the setup, 2..=6 the setup's further
/// members (when the plan has that many; 2 is most often an Admin who manages the team), 7
/// never a member unless a change adds them.
fn pool_member() -> impl Strategy<Value = MemberId> {
    (1_u128..=7).prop_map(MemberId::new)
}

/// Team ids: the setup creates 1..=3 (when the plan has that many); 4 is unknown.
fn pool_team() -> impl Strategy<Value = TeamId> {
    (1_u128..=4).prop_map(TeamId::new)
}

/// Account ids: the setup connects 10..=12 (when the plan has that many); 13 is unknown.
fn pool_account() -> impl Strategy<Value = AccountId> {
    (10_u128..=13).prop_map(AccountId::new)
}

/// Chat ids: the setup receives 100..=105 (when the plan has that many); 106 is unknown.
fn pool_chat() -> impl Strategy<Value = ChatId> {
    (100_u128..=106).prop_map(ChatId::new)
}

/// Grants: the role's default, the interesting sets of the stories, or any set.
fn grants() -> impl Strategy<Value = Option<Permission>> {
    let named = vec![
        Permission::empty(),
        Permission::VIEW,
        Permission::REPLY,
        Permission::VIEW | Permission::DELETE,
        Permission::REPLY | Permission::DELETE,
        Permission::MANAGE_TEAM,
        Permission::MANAGE_TEAM | Permission::VIEW,
        Permission::MANAGE_TEAM | Permission::REPLY,
        Permission::MANAGE_TEAM | Permission::REPLY | Permission::DELETE,
        Permission::MANAGE_TEAM | Permission::MANAGE_BILLING,
        Permission::ADMIN,
    ];
    prop_oneof![
        2 => Just(None),
        3 => prop::sample::select(named).prop_map(Some),
        2 => (0_u16..util::GRANT_SETS).prop_map(util::grant_set).prop_map(Some),
    ]
}

/// The roles a setup gives its further members: Admins more often than the others, as they
/// make most of the changes that can escalate.
fn setup_role() -> impl Strategy<Value = Role> {
    prop_oneof![
        3 => Just(Role::Admin),
        2 => Just(Role::Teammate),
        2 => Just(Role::Agent),
        1 => Just(Role::Collaborator),
    ]
}

/// A change of any kind in the vocabulary, with ids from the pools.
fn change() -> impl Strategy<Value = Change> {
    // Assignments weigh more: a gain through one needs a chat, an assignee who may do more
    // than the actor, and an actor who may reply to it, all at once.
    prop_oneof![
        1 => (pool_member(), role(), grants()).prop_map(|(member, role, permissions)| {
            Change::AddMember {
                member,
                role,
                permissions,
            }
        }),
        1 => (pool_member(), role()).prop_map(|(member, role)| Change::SetRole { member, role }),
        1 => (pool_member(), grants()).prop_map(|(member, permissions)| Change::SetPermissions {
            member,
            permissions
        }),
        1 => pool_member().prop_map(|member| Change::RemoveMember { member }),
        1 => pool_team().prop_map(|team| Change::CreateTeam { team }),
        1 => pool_team().prop_map(|team| Change::DeleteTeam { team }),
        1 => (pool_member(), pool_team()).prop_map(|(member, team)| Change::JoinTeam { member, team }),
        1 => (pool_member(), pool_team()).prop_map(|(member, team)| Change::LeaveTeam { member, team }),
        1 => pool_member().prop_map(|member| Change::TransferOwnership { member }),
        1 => pool_account().prop_map(|account| Change::ConnectAccount { account }),
        1 => (pool_account(), pool_member())
            .prop_map(|(account, member)| Change::TransferAccount { account, member }),
        1 => (pool_chat(), pool_account())
            .prop_map(|(chat, account)| Change::ReceiveChat { chat, account }),
        4 => (pool_chat(), pool_member()).prop_map(|(chat, member)| Change::Assign { chat, member }),
        1 => (pool_chat(), pool_member()).prop_map(|(chat, member)| Change::Unassign { chat, member }),
        1 => pool_chat().prop_map(|chat| Change::DeleteChat { chat }),
    ]
}

/// One further member of a setup.
#[derive(Debug, Clone)]
struct MemberPlan {
    role: Role,
    grants: Option<Permission>,
    /// Removed by the Owner once everything else is set up.
    removed: bool,
    /// Bit `t` puts them in team `t + 1`.
    teams: u8,
}

/// A small workspace, built by its Owner (`MemberId 1`, slot 0) through the public API.
#[derive(Debug, Clone)]
struct Plan {
    /// The members of slots 1.., with ids 2..; most often the first is an Admin who
    /// manages the team.
    members: Vec<MemberPlan>,
    /// Bit `t` puts the Owner in team `t + 1`.
    owner_teams: u8,
    /// Teams 1..=`teams`.
    teams: u8,
    /// Accounts 10..: the slot of the would-be connector (a Collaborator falls back to the
    /// Owner), and whether the Owner connects it and transfers it to them.
    accounts: Vec<(usize, bool)>,
    /// Chats 100..: the account (by index) and the assignees (bit per slot).
    chats: Vec<(usize, u8)>,
}

/// Grants of a member who manages the team: the default, or MANAGE_TEAM with little or
/// much besides (the narrowed Admins of the stories among them).
fn manager_grants() -> impl Strategy<Value = Option<Permission>> {
    prop_oneof![
        1 => Just(None),
        3 => prop::sample::select(vec![
            Permission::MANAGE_TEAM,
            Permission::MANAGE_TEAM | Permission::VIEW,
            Permission::MANAGE_TEAM | Permission::REPLY,
            Permission::MANAGE_TEAM | Permission::VIEW | Permission::DELETE,
            Permission::MANAGE_TEAM | Permission::REPLY | Permission::DELETE,
        ])
        .prop_map(Some),
        1 => (0_u16..util::GRANT_SETS)
            .prop_map(|bits| Some(util::grant_set(bits) | Permission::MANAGE_TEAM)),
    ]
}

fn plan() -> impl Strategy<Value = Plan> {
    let manager = (manager_grants(), prop::bool::weighted(0.1), 0_u8..8).prop_map(
        |(grants, removed, teams)| MemberPlan {
            role: Role::Admin,
            grants,
            removed,
            teams,
        },
    );
    let member = (setup_role(), grants(), prop::bool::weighted(0.2), 0_u8..8).prop_map(
        |(role, grants, removed, teams)| MemberPlan {
            role,
            grants,
            removed,
            teams,
        },
    );
    (
        prop::option::weighted(0.9, manager),
        prop::collection::vec(member, 0..=4),
        0_u8..8,
        0_u8..=3,
        prop::collection::vec((0_usize..6, any::<bool>()), 0..=3),
        prop::collection::vec((0_usize..3, 0_u8..64), 0..=6),
    )
        .prop_map(
            |(manager, others, owner_teams, teams, accounts, chats)| Plan {
                members: manager.into_iter().chain(others).collect(),
                owner_teams,
                teams,
                accounts,
                chats,
            },
        )
}

/// A setup step by the Owner: every one is allowed by the tables.
#[track_caller]
fn setup(result: Result<Option<Event>, WorkspaceError>, step: impl core::fmt::Debug) {
    assert!(
        matches!(result, Ok(Some(_))),
        "setup step {step:?} by the Owner: {result:?}"
    );
}

fn id(value: usize) -> u128 {
    u128::try_from(value).unwrap()
}

/// The workspace of `plan`.
fn build(plan: &Plan) -> Workspace {
    let mut ws = Workspace::new(OWNER);
    let ids: Vec<MemberId> = (0..=plan.members.len())
        .map(|slot| MemberId::new(id(slot) + 1))
        .collect();
    let roles: Vec<Role> = core::iter::once(Role::Owner)
        .chain(plan.members.iter().map(|m| m.role))
        .collect();
    for (slot, member) in plan.members.iter().enumerate() {
        let step = (ids[slot + 1], member.role, member.grants);
        setup(
            ws.add_member_with_permissions(OWNER, step.0, step.1, step.2),
            step,
        );
    }
    for team in 1..=plan.teams {
        let team = TeamId::new(team.into());
        setup(ws.create_team(OWNER, team), team);
    }
    for (slot, member) in ids.iter().enumerate() {
        let bits = if slot == 0 {
            plan.owner_teams
        } else {
            plan.members[slot - 1].teams
        };
        for team in 0..plan.teams {
            if bits & (1 << team) != 0 {
                let team = TeamId::new((team + 1).into());
                setup(ws.join_team(OWNER, *member, team), (member, team));
            }
        }
    }
    for (at, (pick, by_owner)) in plan.accounts.iter().enumerate() {
        let account = AccountId::new(10 + id(at));
        let slot = pick % ids.len();
        let slot = if roles[slot] == Role::Collaborator {
            0
        } else {
            slot
        };
        if slot == 0 || *by_owner {
            setup(ws.connect_account(OWNER, account), account);
            if slot != 0 {
                setup(
                    ws.transfer_account(OWNER, account, ids[slot]),
                    (account, ids[slot]),
                );
            }
        } else {
            setup(ws.connect_account(ids[slot], account), (ids[slot], account));
        }
    }
    if !plan.accounts.is_empty() {
        for (at, (pick, assignees)) in plan.chats.iter().enumerate() {
            let chat = ChatId::new(100 + id(at));
            let account = AccountId::new(10 + id(pick % plan.accounts.len()));
            setup(ws.receive_chat(chat, account), (chat, account));
            for (slot, member) in ids.iter().enumerate() {
                if assignees & (1 << slot) != 0 {
                    setup(ws.assign(OWNER, chat, *member), (chat, member));
                }
            }
        }
    }
    for (slot, member) in plan.members.iter().enumerate() {
        if member.removed {
            setup(ws.remove_member(OWNER, ids[slot + 1]), ids[slot + 1]);
        }
    }
    ws
}

/// One step of a case: an actor, whether the actor argument is misused (an actor for a
/// chat's arrival, none for a member's change), and the change.
type Step = (MemberId, bool, Change);

fn step() -> impl Strategy<Value = Step> {
    (actor(), prop::bool::weighted(0.05), change())
}

/// The acting member: most often the setup's manager (2, an Admin, narrowed or not), else
/// the Owner or any id of the pool.
fn actor() -> impl Strategy<Value = MemberId> {
    prop_oneof![
        4 => Just(MemberId::new(2)),
        1 => Just(OWNER),
        2 => pool_member(),
    ]
}

/// The member a role or grant change sets (the stored-power rule), if `change` is one.
fn stored_power_member(change: Change) -> Option<MemberId> {
    match change {
        Change::AddMember { member, .. }
        | Change::SetRole { member, .. }
        | Change::SetPermissions { member, .. } => Some(member),
        _ => None,
    }
}

/// Every (action, target) worth deciding on the ids of `before` and `after` and the pools:
/// the workspace for workspace actions, every account for account actions, every chat for
/// chat actions (kinds by POLICY.md's literal action table).
fn decisions(before: &WorkspaceSnapshot, after: &WorkspaceSnapshot) -> Vec<(Action, Target)> {
    let accounts: BTreeSet<u128> = before
        .accounts
        .iter()
        .chain(&after.accounts)
        .map(|a| a.id.get())
        .chain(10..=13)
        .collect();
    let chats: BTreeSet<u128> = before
        .chats
        .iter()
        .chain(&after.chats)
        .map(|c| c.id.get())
        .chain(100..=106)
        .collect();
    let mut all = Vec::new();
    for action in Action::ALL {
        match util::kind_of(action) {
            ResourceKind::Workspace => all.push((action, Target::Workspace)),
            ResourceKind::Account => all.extend(
                accounts
                    .iter()
                    .map(|a| (action, Target::Account(AccountId::new(*a)))),
            ),
            ResourceKind::Chat => all.extend(
                chats
                    .iter()
                    .map(|c| (action, Target::Chat(ChatId::new(*c)))),
            ),
        }
    }
    all
}

/// The resources an accepted `change` creates, whose capabilities are no gains: a newly
/// connected account and the chats on it.
fn created(change: Change, before: &WorkspaceSnapshot, after: &WorkspaceSnapshot) -> Vec<Target> {
    let Change::ConnectAccount { account } = change else {
        return Vec::new();
    };
    if before.accounts.iter().any(|a| a.id == account) {
        return Vec::new();
    }
    core::iter::once(Target::Account(account))
        .chain(
            after
                .chats
                .iter()
                .filter(|c| c.account == account && !before.chats.iter().any(|b| b.id == c.id))
                .map(|c| Target::Chat(c.id)),
        )
        .collect()
}

/// Makes one step on `ws` and checks the policy's rules for changes on its outcome.
fn check_step(ws: &mut Workspace, (actor, misuse, change): Step) -> Result<(), TestCaseError> {
    let receive = matches!(change, Change::ReceiveChat { .. });
    let actor_arg = if receive == misuse { Some(actor) } else { None };
    let before_ws = ws.clone();
    let before = ws.snapshot();
    let owner_before = before_ws.owner();

    let result = ws.change(actor_arg, change);
    let after = ws.snapshot();
    prop_assert_eq!(
        &before_ws.snapshot(),
        &before,
        "a clone taken before `{}` by {:?} changed with it",
        change,
        actor_arg
    );

    let event = match result {
        Err(error) => {
            prop_assert_eq!(
                &after,
                &before,
                "`{}` by {:?} was refused ({:?}) but changed the state",
                change,
                actor_arg,
                error
            );
            prop_assert!(
                !(actor_arg == Some(owner_before) && error.kind() == ChangeErrorKind::Escalation),
                "`{}` by the Owner {} was refused as escalation: {:?}; before: {:?}",
                change,
                actor,
                error,
                before
            );
            return Ok(());
        }
        Ok(None) => {
            prop_assert!(
                !misuse,
                "`{}` with actor argument {:?} was accepted",
                change,
                actor_arg
            );
            prop_assert_eq!(
                &after,
                &before,
                "`{}` by {:?} changed nothing (Ok(None)) but altered the state",
                change,
                actor_arg
            );
            return Ok(());
        }
        Ok(Some(event)) => event,
    };
    prop_assert!(
        !misuse,
        "`{}` with actor argument {:?} was accepted",
        change,
        actor_arg
    );
    prop_assert_eq!(
        (event.actor, event.change),
        (actor_arg, change),
        "the event of `{}` by {:?} names another change",
        change,
        actor_arg
    );
    prop_assert_ne!(
        &after,
        &before,
        "`{}` by {:?} recorded an event but changed nothing",
        change,
        actor_arg
    );
    prop_assert_eq!(
        after
            .members
            .iter()
            .filter(|m| m.role == Role::Owner)
            .count(),
        1,
        "`{}` by {:?} left other than one Owner",
        change,
        actor_arg
    );
    if receive {
        // A chat's arrival has no actor: the escalation rule does not apply.
        return Ok(());
    }

    // The stored-power rule.
    if let Some(member) = stored_power_member(change) {
        if actor != owner_before {
            let held = before_ws
                .subject(actor)
                .map_or(Permission::empty(), |s| s.effective());
            let holds = ws.subject(member).map(|s| s.effective());
            prop_assert!(
                holds.is_some_and(|holds| held.contains(holds)),
                "`{}` by {} leaves member {} holding {:?} beyond the actor's {}; before: {:?}",
                change,
                actor,
                member,
                holds,
                held,
                before
            );
            let ref_holds = ref_held(&after, member);
            let ref_actor = ref_held(&before, actor).unwrap_or(Permission::empty());
            prop_assert!(
                ref_holds.is_some_and(|holds| ref_actor.contains(holds)),
                "`{}` by {} leaves member {} holding {:?} (reference tables) beyond the actor's {}; before: {:?}",
                change,
                actor,
                member,
                ref_holds,
                ref_actor,
                before
            );
        }
    }

    // The scope rule, by brute force: every member on every resource.
    let members: BTreeSet<u128> = before
        .members
        .iter()
        .chain(&after.members)
        .map(|m| m.id.get())
        .chain(1..=7)
        .collect();
    let created = created(change, &before, &after);
    let decisions = decisions(&before, &after);
    for member in members.iter().map(|m| MemberId::new(*m)) {
        for (action, target) in &decisions {
            if created.contains(target) {
                continue;
            }
            let gained = ws.authorize(member, *action, *target).is_ok()
                && before_ws.authorize(member, *action, *target).is_err();
            if gained {
                prop_assert!(
                    before_ws.authorize(actor, *action, *target).is_ok(),
                    "`{}` by actor {} let member {} take {:?} on {} ({:?} before), which the \
                     actor could not; before: {:?}",
                    change,
                    actor,
                    member,
                    action,
                    target,
                    before_ws.authorize(member, *action, *target),
                    before
                );
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// No accepted change gives anyone a capability the actor lacked: a small random
    /// workspace, then a few random changes of every kind by random actors (existing,
    /// removed and unknown ids), each checked against every decision of every member on
    /// every resource before and after it. (4,096 cases take well under a second; the
    /// brute force is a few thousand decisions per accepted change.)
    #[test]
    fn no_accepted_change_gives_anyone_a_capability_the_actor_lacked(
        plan in plan(),
        steps in prop::collection::vec(step(), 1..=6),
    ) {
        let mut ws = build(&plan);
        for step in steps {
            check_step(&mut ws, step)?;
        }
    }
}
