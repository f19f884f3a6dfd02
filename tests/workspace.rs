//! Proves the `Workspace`: every change is seen by the very next decision, every invariant
//! and every unauthorized change is refused with its typed `WorkspaceError` and changes
//! nothing, removing a member loses nothing, an unknown chat is denied exactly like an
//! invisible one, random sequences of changes keep every decision equal to the reference
//! model run on an independent model of the state, and the same changes through a
//! `SharedWorkspace` leave it holding what a plain workspace holds.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod util;

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use chatgate::{
    AccountId, Action, Capabilities, Categories, Change, ChatId, Denied, Event, MemberId,
    Permission, ResourceKind, Role, Scope, Target, TeamId, Workspace, WorkspaceError,
};
use proptest::prelude::*;
use util::{assert_allowed, assert_decision, assert_missing, assert_out_of_scope};

// ---------------------------------------------------------------------------------------
// The cast
// ---------------------------------------------------------------------------------------

const OWNER: MemberId = MemberId::new(1);
const ADMIN: MemberId = MemberId::new(2);
/// A teammate in SALES.
const MATE: MemberId = MemberId::new(3);
/// An agent in SALES.
const AGENT: MemberId = MemberId::new(4);
const COLLAB: MemberId = MemberId::new(5);
/// A teammate in SUPPORT.
const MATE2: MemberId = MemberId::new(6);
/// Not a member of the fixture.
const STRANGER: MemberId = MemberId::new(99);

const SALES: TeamId = TeamId::new(1);
const SUPPORT: TeamId = TeamId::new(2);
const NO_TEAM: TeamId = TeamId::new(77);

const A_OWNER: AccountId = AccountId::new(10);
const A_MATE: AccountId = AccountId::new(11);
const A_AGENT: AccountId = AccountId::new(12);
const A_MATE2: AccountId = AccountId::new(13);
const NO_ACCOUNT: AccountId = AccountId::new(77);

const C_OWNER: ChatId = ChatId::new(100);
const C_MATE: ChatId = ChatId::new(101);
const C_AGENT: ChatId = ChatId::new(102);
const C_MATE2: ChatId = ChatId::new(103);
const NO_CHAT: ChatId = ChatId::new(404);

// ---------------------------------------------------------------------------------------
// Changes, as data (so the fixture, the plain tests and the property test share them)
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
enum Op {
    AddMember(MemberId, MemberId, Role),
    SetRole(MemberId, MemberId, Role),
    SetGrants(MemberId, MemberId, Option<Permission>),
    RemoveMember(MemberId, MemberId),
    CreateTeam(MemberId, TeamId),
    AddToTeam(MemberId, MemberId, TeamId),
    RemoveFromTeam(MemberId, MemberId, TeamId),
    TransferOwnership(MemberId, MemberId),
    ConnectAccount(MemberId, AccountId),
    TransferAccount(MemberId, AccountId, MemberId),
    ReceiveChat(ChatId, AccountId),
    Assign(MemberId, ChatId, MemberId),
    Unassign(MemberId, ChatId, MemberId),
}

impl Op {
    /// Whether `event` is the audit record of this change: same actor, same kind of change,
    /// same ids.
    fn recorded_by(&self, event: &Event) -> bool {
        use Change as C;
        match (*self, event.actor, event.change) {
            (
                Op::AddMember(a, id, r),
                Some(actor),
                C::MemberAdded {
                    member,
                    role,
                    grants,
                    ..
                },
            ) => a == actor && id == member && r == role && grants.is_none(),
            (Op::SetRole(a, m, r), Some(actor), C::RoleChanged { member, after, .. }) => {
                a == actor && m == member && r == after
            }
            (Op::SetGrants(a, m, g), Some(actor), C::GrantsChanged { member, after, .. }) => {
                a == actor && m == member && g == after
            }
            (Op::RemoveMember(a, m), Some(actor), C::MemberRemoved { member }) => {
                a == actor && m == member
            }
            (Op::CreateTeam(a, t), Some(actor), C::TeamCreated { team }) => a == actor && t == team,
            (Op::AddToTeam(a, m, t), Some(actor), C::TeamJoined { member, team })
            | (Op::RemoveFromTeam(a, m, t), Some(actor), C::TeamLeft { member, team }) => {
                a == actor && m == member && t == team
            }
            (Op::TransferOwnership(a, t), Some(actor), C::OwnershipTransferred { from, to }) => {
                a == actor && a == from && t == to
            }
            (
                Op::ConnectAccount(a, acc),
                Some(actor),
                C::AccountConnected { account, connector },
            ) => a == actor && acc == account && connector == actor,
            (
                Op::TransferAccount(a, acc, t),
                Some(actor),
                C::AccountTransferred { account, to, .. },
            ) => a == actor && acc == account && t == to,
            (Op::ReceiveChat(c, acc), None, C::ChatReceived { chat, account }) => {
                c == chat && acc == account
            }
            (Op::Assign(a, c, m), Some(actor), C::ChatAssigned { chat, member })
            | (Op::Unassign(a, c, m), Some(actor), C::ChatUnassigned { chat, member }) => {
                a == actor && c == chat && m == member
            }
            _ => false,
        }
    }

    fn run(&self, ws: &mut Workspace) -> Result<(), WorkspaceError> {
        self.run_for_event(ws).map(|_| ())
    }

    fn run_for_event(&self, ws: &mut Workspace) -> Result<Event, WorkspaceError> {
        match *self {
            Op::AddMember(actor, id, role) => ws.add_member(actor, id, role),
            Op::SetRole(actor, member, role) => ws.set_role(actor, member, role),
            Op::SetGrants(actor, member, grants) => ws.set_grants(actor, member, grants),
            Op::RemoveMember(actor, member) => ws.remove_member(actor, member),
            Op::CreateTeam(actor, team) => ws.create_team(actor, team),
            Op::AddToTeam(actor, member, team) => ws.add_to_team(actor, member, team),
            Op::RemoveFromTeam(actor, member, team) => ws.remove_from_team(actor, member, team),
            Op::TransferOwnership(actor, to) => ws.transfer_ownership(actor, to),
            Op::ConnectAccount(actor, account) => ws.connect_account(actor, account),
            Op::TransferAccount(actor, account, to) => ws.transfer_account(actor, account, to),
            Op::ReceiveChat(chat, account) => ws.receive_chat(chat, account),
            Op::Assign(actor, chat, member) => ws.assign(actor, chat, member),
            Op::Unassign(actor, chat, member) => ws.unassign(actor, chat, member),
        }
    }
}

/// The fixture: an owner and an admin; MATE and AGENT with the owner in SALES, MATE2 in
/// SUPPORT, COLLAB in no team; one account and one chat each for OWNER, MATE, AGENT,
/// MATE2; the owner's chat assigned to COLLAB.
fn setup_ops() -> Vec<Op> {
    use Op::*;
    vec![
        AddMember(OWNER, ADMIN, Role::Admin),
        AddMember(OWNER, MATE, Role::Teammate),
        AddMember(OWNER, AGENT, Role::Agent),
        AddMember(OWNER, COLLAB, Role::Collaborator),
        AddMember(OWNER, MATE2, Role::Teammate),
        CreateTeam(OWNER, SALES),
        CreateTeam(OWNER, SUPPORT),
        AddToTeam(OWNER, OWNER, SALES),
        AddToTeam(OWNER, MATE, SALES),
        AddToTeam(OWNER, AGENT, SALES),
        AddToTeam(OWNER, MATE2, SUPPORT),
        ConnectAccount(OWNER, A_OWNER),
        ConnectAccount(MATE, A_MATE),
        ConnectAccount(AGENT, A_AGENT),
        ConnectAccount(MATE2, A_MATE2),
        ReceiveChat(C_OWNER, A_OWNER),
        ReceiveChat(C_MATE, A_MATE),
        ReceiveChat(C_AGENT, A_AGENT),
        ReceiveChat(C_MATE2, A_MATE2),
        Assign(OWNER, C_OWNER, COLLAB),
    ]
}

fn fixture() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    for op in setup_ops() {
        op.run(&mut ws)
            .unwrap_or_else(|e| panic!("setup {op:?}: {e}"));
    }
    ws
}

#[track_caller]
fn apply(ws: &mut Workspace, op: Op) {
    op.run(ws).unwrap_or_else(|e| panic!("{op:?}: {e}"));
}

#[track_caller]
fn decide(ws: &Workspace, member: MemberId, action: Action, target: Target) -> Result<(), Denied> {
    ws.authorize(member, action, target)
}

// ---------------------------------------------------------------------------------------
// Observable state, to prove a refused change changed nothing
// ---------------------------------------------------------------------------------------

type MemberRow = (MemberId, Role, Permission, Vec<TeamId>, bool);

/// Every member of `ws` as a row, in the order they joined.
fn member_rows(ws: &Workspace) -> Vec<MemberRow> {
    ws.members()
        .map(|s| {
            (
                s.id(),
                s.role(),
                s.grants(),
                sorted(s.teams().iter().copied()),
                s.is_active(),
            )
        })
        .collect()
}

/// Everything a workspace holds.
#[derive(Debug, PartialEq)]
struct Contents {
    owner: MemberId,
    members: Vec<MemberRow>,
    teams: Vec<TeamId>,
    accounts: Vec<(AccountId, MemberId)>,
    chats: Vec<(ChatId, Option<AccountId>, Vec<MemberId>)>,
}

/// What a workspace holds and every decision it takes on it.
#[derive(Debug, PartialEq)]
struct Snapshot {
    contents: Contents,
    decisions: Vec<Result<(), Denied>>,
}

fn sorted<T: Ord>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.into_iter().collect();
    items.sort();
    items
}

fn contents(ws: &Workspace) -> Contents {
    Contents {
        owner: ws.owner(),
        members: member_rows(ws),
        teams: sorted(ws.teams()),
        accounts: sorted(ws.accounts()),
        chats: sorted(ws.chats())
            .into_iter()
            .map(|chat| (chat, ws.chat_account(chat), sorted(ws.assignees(chat))))
            .collect(),
    }
}

fn snapshot(ws: &Workspace) -> Snapshot {
    let contents = contents(ws);
    let mut targets = vec![
        Target::Workspace,
        Target::Account(NO_ACCOUNT),
        Target::Chat(NO_CHAT),
    ];
    targets.extend(
        contents
            .accounts
            .iter()
            .map(|(account, _)| Target::Account(*account)),
    );
    targets.extend(contents.chats.iter().map(|(chat, ..)| Target::Chat(*chat)));
    let mut decisions = Vec::new();
    for member in contents.members.iter().map(|row| row.0).chain([STRANGER]) {
        for action in util::actions() {
            for target in &targets {
                decisions.push(ws.authorize(member, action, *target));
            }
        }
    }
    Snapshot {
        contents,
        decisions,
    }
}

/// Asserts `op` is refused with exactly `expected` and changes nothing observable.
#[track_caller]
fn assert_refused(ws: &mut Workspace, op: Op, expected: WorkspaceError) {
    let before = snapshot(ws);
    assert_eq!(op.run(ws), Err(expected), "{op:?}");
    assert_eq!(
        snapshot(ws),
        before,
        "{op:?} was refused but changed the workspace"
    );
}

// ---------------------------------------------------------------------------------------
// Each change takes effect at the very next decision
// ---------------------------------------------------------------------------------------

#[test]
fn the_fixture_is_as_described() {
    let ws = fixture();
    let view = |member, chat| decide(&ws, member, Action::View, Target::Chat(chat));
    assert_allowed(view(MATE, C_OWNER), "teammate, same team");
    assert_allowed(view(MATE, C_AGENT), "teammate, same team");
    assert_out_of_scope(view(MATE, C_MATE2), "teammate, other team");
    assert_out_of_scope(view(AGENT, C_MATE), "agent, same team");
    assert_allowed(view(AGENT, C_AGENT), "agent, own");
    assert_allowed(view(COLLAB, C_OWNER), "collaborator, assigned");
    assert_out_of_scope(view(COLLAB, C_MATE), "collaborator, not assigned");
    for chat in [C_OWNER, C_MATE, C_AGENT, C_MATE2] {
        assert_allowed(view(OWNER, chat), "owner");
        assert_allowed(view(ADMIN, chat), "admin");
    }
}

#[test]
fn set_role_takes_effect_at_once() {
    let mut ws = fixture();
    let other_team = Target::Chat(C_MATE2);
    assert_out_of_scope(decide(&ws, MATE, Action::View, other_team), "teammate");
    apply(&mut ws, Op::SetRole(OWNER, MATE, Role::Admin));
    // Granted the role's default, which follows the role: now a full Admin.
    assert_allowed(
        decide(&ws, MATE, Action::View, other_team),
        "promoted to admin",
    );
    assert_allowed(
        decide(&ws, MATE, Action::ManageTeam, Target::Workspace),
        "admin",
    );
    apply(&mut ws, Op::SetRole(OWNER, MATE, Role::Agent));
    assert_out_of_scope(
        decide(&ws, MATE, Action::View, Target::Chat(C_OWNER)),
        "now agent",
    );
    assert_allowed(
        decide(&ws, MATE, Action::Reply, Target::Chat(C_MATE)),
        "agent, own",
    );
    assert_missing(
        decide(&ws, MATE, Action::ManageTeam, Target::Workspace),
        Permission::MANAGE_TEAM,
        "agent",
    );
}

#[test]
fn set_grants_takes_effect_at_once() {
    let mut ws = fixture();
    let own = Target::Chat(C_MATE);
    apply(&mut ws, Op::SetGrants(OWNER, MATE, Some(Permission::VIEW)));
    assert_allowed(decide(&ws, MATE, Action::View, own), "view only");
    assert_decision(
        decide(&ws, MATE, Action::Reply, own),
        Err(Denied::MissingPermission {
            action: Action::Reply,
            required: Permission::REPLY,
            held: Permission::VIEW,
        }),
        "view only",
    );
    apply(
        &mut ws,
        Op::SetGrants(OWNER, MATE, Some(Permission::DELETE)),
    );
    assert_allowed(decide(&ws, MATE, Action::Delete, own), "delete ⇒ view");
    assert_allowed(decide(&ws, MATE, Action::View, own), "delete ⇒ view");
    apply(&mut ws, Op::SetGrants(OWNER, MATE, None));
    assert_allowed(decide(&ws, MATE, Action::Reply, own), "default again");
    // An Admin whose grants are narrowed loses team management at once.
    apply(
        &mut ws,
        Op::SetGrants(OWNER, ADMIN, Some(Permission::REPLY)),
    );
    assert_missing(
        decide(&ws, ADMIN, Action::ManageTeam, Target::Workspace),
        Permission::MANAGE_TEAM,
        "narrowed admin",
    );
}

#[test]
fn remove_member_takes_effect_at_once() {
    let mut ws = fixture();
    assert_allowed(
        decide(&ws, ADMIN, Action::ManageTeam, Target::Workspace),
        "admin",
    );
    apply(&mut ws, Op::RemoveMember(OWNER, ADMIN));
    for action in util::actions() {
        for target in [
            Target::Workspace,
            Target::Account(A_OWNER),
            Target::Chat(C_OWNER),
        ] {
            if util::kind_of(action) == target.kind() {
                assert_decision(
                    decide(&ws, ADMIN, action, target),
                    Err(Denied::Inactive),
                    action,
                );
            }
        }
    }
    assert_eq!(ws.capabilities(ADMIN, C_OWNER), Capabilities::empty());
    // Removing a removed member does nothing.
    apply(&mut ws, Op::RemoveMember(OWNER, ADMIN));
}

#[test]
fn team_changes_take_effect_at_once() {
    let mut ws = fixture();
    let (sales_chat, support_chat) = (Target::Chat(C_MATE), Target::Chat(C_MATE2));
    let sales_account = Target::Account(A_MATE);
    let apart = |ws: &Workspace, when: &str| {
        assert_out_of_scope(decide(ws, MATE2, Action::View, sales_chat), when);
        assert_out_of_scope(decide(ws, MATE2, Action::SendFrom, sales_account), when);
        assert_out_of_scope(decide(ws, MATE, Action::View, support_chat), when);
    };
    let together = |ws: &Workspace, when: &str| {
        assert_allowed(decide(ws, MATE2, Action::View, sales_chat), when);
        assert_allowed(decide(ws, MATE2, Action::SendFrom, sales_account), when);
        assert_allowed(decide(ws, MATE, Action::View, support_chat), when);
    };
    apart(&ws, "sales and support apart");
    // MATE2 joins SALES: each now shares a team with the other's account's connector.
    apply(&mut ws, Op::AddToTeam(OWNER, MATE2, SALES));
    together(&ws, "support teammate joined sales");
    apply(&mut ws, Op::RemoveFromTeam(OWNER, MATE2, SALES));
    apart(&ws, "support teammate left sales");
    // The same through the other team.
    apply(&mut ws, Op::AddToTeam(OWNER, MATE, SUPPORT));
    together(&ws, "sales teammate joined support");
    apply(&mut ws, Op::RemoveFromTeam(OWNER, MATE, SUPPORT));
    apart(&ws, "sales teammate left support");
}

#[test]
fn assignment_takes_effect_at_once() {
    let mut ws = fixture();
    let chat = Target::Chat(C_MATE);
    assert_out_of_scope(decide(&ws, COLLAB, Action::Reply, chat), "not assigned");
    assert_out_of_scope(
        decide(&ws, AGENT, Action::Reply, chat),
        "agent, not assigned",
    );
    // MATE may reply to their own chat, so they may assign it.
    apply(&mut ws, Op::Assign(MATE, C_MATE, COLLAB));
    apply(&mut ws, Op::Assign(MATE, C_MATE, AGENT));
    assert_allowed(decide(&ws, COLLAB, Action::Reply, chat), "assigned");
    assert_allowed(decide(&ws, AGENT, Action::Reply, chat), "assigned");
    // A collaborator holds their default grant, Reply (and so View), not Delete.
    assert_eq!(
        ws.capabilities(COLLAB, C_MATE),
        Capabilities::VIEW | Capabilities::REPLY
    );
    // Assigned does not make the account usable.
    assert_out_of_scope(
        decide(&ws, AGENT, Action::SendFrom, Target::Account(A_MATE)),
        "acct",
    );
    apply(&mut ws, Op::Unassign(OWNER, C_MATE, COLLAB));
    assert_out_of_scope(decide(&ws, COLLAB, Action::Reply, chat), "unassigned");
    assert_allowed(decide(&ws, AGENT, Action::Reply, chat), "still assigned");
    // Assigning twice is one assignment.
    apply(&mut ws, Op::Assign(OWNER, C_MATE, AGENT));
    assert_eq!(sorted(ws.assignees(C_MATE)), [AGENT]);
}

#[test]
fn transfer_account_takes_effect_at_once() {
    let mut ws = fixture();
    let (chat, account) = (Target::Chat(C_MATE), Target::Account(A_MATE));
    assert_allowed(decide(&ws, MATE, Action::SendFrom, account), "connector");
    apply(&mut ws, Op::TransferAccount(OWNER, A_MATE, MATE2));
    assert_eq!(ws.connector(A_MATE), Some(MATE2));
    assert_allowed(
        decide(&ws, MATE2, Action::SendFrom, account),
        "new connector",
    );
    assert_allowed(decide(&ws, MATE2, Action::Reply, chat), "new connector");
    assert_eq!(ws.scope(MATE2, chat), Some(Scope::Chat(Categories::OWN)));
    // MATE (SALES) shares no team with MATE2 (SUPPORT): the chat is now another team's.
    assert_out_of_scope(decide(&ws, MATE, Action::View, chat), "old connector");
    assert_out_of_scope(
        decide(&ws, MATE, Action::SendFrom, account),
        "old connector",
    );
}

#[test]
fn transfer_ownership_takes_effect_at_once() {
    let mut ws = fixture();
    assert_missing(
        decide(&ws, ADMIN, Action::ManageBilling, Target::Workspace),
        Permission::MANAGE_BILLING,
        "admin",
    );
    apply(&mut ws, Op::TransferOwnership(OWNER, ADMIN));
    assert_eq!(ws.owner(), ADMIN);
    assert_allowed(
        decide(&ws, ADMIN, Action::ManageBilling, Target::Workspace),
        "new owner",
    );
    assert_allowed(
        decide(&ws, ADMIN, Action::ManageWorkspace, Target::Workspace),
        "new owner",
    );
    assert_eq!(ws.subject(OWNER).map(|s| s.role()), Some(Role::Admin));
    assert_eq!(
        ws.subject(OWNER).map(|s| s.grants()),
        Some(Permission::ADMIN)
    );
    assert_missing(
        decide(&ws, OWNER, Action::ManageBilling, Target::Workspace),
        Permission::MANAGE_BILLING,
        "former owner",
    );
    assert_allowed(
        decide(&ws, OWNER, Action::ManageTeam, Target::Workspace),
        "now admin",
    );
    // The former owner can no longer take it back; the new one is protected.
    assert_refused(
        &mut ws,
        Op::TransferOwnership(OWNER, OWNER),
        WorkspaceError::Denied(Denied::MissingPermission {
            action: Action::ManageWorkspace,
            required: Permission::MANAGE_WORKSPACE,
            held: util::ref_effective(Role::Admin, Permission::ADMIN),
        }),
    );
    assert_refused(
        &mut ws,
        Op::RemoveMember(OWNER, ADMIN),
        WorkspaceError::OwnerProtected(ADMIN),
    );
    // Transferring to the owner is a no-op.
    apply(&mut ws, Op::TransferOwnership(ADMIN, ADMIN));
    assert_eq!(ws.owner(), ADMIN);
}

// ---------------------------------------------------------------------------------------
// Invariants: refused with a typed error, nothing changed
// ---------------------------------------------------------------------------------------

#[test]
fn there_is_never_a_second_owner() {
    let mut ws = fixture();
    let new = MemberId::new(50);
    assert_refused(
        &mut ws,
        Op::AddMember(OWNER, new, Role::Owner),
        WorkspaceError::SecondOwner(new),
    );
    assert_refused(
        &mut ws,
        Op::SetRole(OWNER, MATE, Role::Owner),
        WorkspaceError::SecondOwner(MATE),
    );
    assert_refused(
        &mut ws,
        Op::SetRole(ADMIN, MATE, Role::Owner),
        WorkspaceError::SecondOwner(MATE),
    );
    assert_eq!(ws.members().filter(|s| s.role() == Role::Owner).count(), 1);
}

#[test]
fn the_owner_is_protected() {
    let mut ws = fixture();
    for actor in [OWNER, ADMIN] {
        let protected = WorkspaceError::OwnerProtected(OWNER);
        assert_refused(
            &mut ws,
            Op::SetRole(actor, OWNER, Role::Admin),
            protected.clone(),
        );
        assert_refused(
            &mut ws,
            Op::SetGrants(actor, OWNER, Some(Permission::VIEW)),
            protected.clone(),
        );
        assert_refused(
            &mut ws,
            Op::SetGrants(actor, OWNER, None),
            protected.clone(),
        );
        assert_refused(&mut ws, Op::RemoveMember(actor, OWNER), protected);
    }
}

#[test]
fn no_collaborator_connects_an_account() {
    let mut ws = fixture();
    assert_refused(
        &mut ws,
        Op::SetRole(OWNER, AGENT, Role::Collaborator),
        WorkspaceError::CollaboratorConnector {
            member: AGENT,
            account: A_AGENT,
        },
    );
    assert_refused(
        &mut ws,
        Op::TransferAccount(OWNER, A_MATE, COLLAB),
        WorkspaceError::CollaboratorConnector {
            member: COLLAB,
            account: A_MATE,
        },
    );
    assert_refused(
        &mut ws,
        Op::ConnectAccount(COLLAB, AccountId::new(70)),
        WorkspaceError::Denied(Denied::OutOfScope {
            action: Action::ConnectAccount,
            role: Role::Collaborator,
            resource: ResourceKind::Workspace,
        }),
    );
    // A member who connected nothing may become a collaborator.
    apply(&mut ws, Op::SetRole(OWNER, ADMIN, Role::Collaborator));
}

#[test]
fn unknown_ids_are_refused() {
    let mut ws = fixture();
    let unknown = WorkspaceError::UnknownMember(STRANGER);
    assert_refused(
        &mut ws,
        Op::SetRole(OWNER, STRANGER, Role::Agent),
        unknown.clone(),
    );
    assert_refused(
        &mut ws,
        Op::SetGrants(OWNER, STRANGER, None),
        unknown.clone(),
    );
    assert_refused(&mut ws, Op::RemoveMember(OWNER, STRANGER), unknown.clone());
    assert_refused(
        &mut ws,
        Op::AddToTeam(OWNER, STRANGER, SALES),
        unknown.clone(),
    );
    assert_refused(
        &mut ws,
        Op::RemoveFromTeam(OWNER, STRANGER, SALES),
        unknown.clone(),
    );
    assert_refused(
        &mut ws,
        Op::TransferOwnership(OWNER, STRANGER),
        unknown.clone(),
    );
    assert_refused(
        &mut ws,
        Op::TransferAccount(OWNER, A_MATE, STRANGER),
        unknown.clone(),
    );
    assert_refused(
        &mut ws,
        Op::Assign(OWNER, C_OWNER, STRANGER),
        unknown.clone(),
    );
    assert_refused(&mut ws, Op::Unassign(OWNER, C_OWNER, STRANGER), unknown);
    let no_team = WorkspaceError::UnknownTeam(NO_TEAM);
    assert_refused(
        &mut ws,
        Op::AddToTeam(OWNER, MATE, NO_TEAM),
        no_team.clone(),
    );
    assert_refused(&mut ws, Op::RemoveFromTeam(OWNER, MATE, NO_TEAM), no_team);
    let no_account = WorkspaceError::UnknownAccount(NO_ACCOUNT);
    assert_refused(
        &mut ws,
        Op::TransferAccount(OWNER, NO_ACCOUNT, AGENT),
        no_account.clone(),
    );
    assert_refused(
        &mut ws,
        Op::ReceiveChat(ChatId::new(500), NO_ACCOUNT),
        no_account,
    );
    // An unknown chat is denied like an invisible one, even to the Owner.
    assert_refused(
        &mut ws,
        Op::Assign(OWNER, NO_CHAT, MATE),
        WorkspaceError::Denied(Denied::OutOfScope {
            action: Action::Reply,
            role: Role::Owner,
            resource: ResourceKind::Chat,
        }),
    );
    // An unknown actor is not a member: inactive.
    assert_refused(
        &mut ws,
        Op::AddMember(STRANGER, MemberId::new(50), Role::Agent),
        WorkspaceError::Denied(Denied::Inactive),
    );
    assert_refused(
        &mut ws,
        Op::ConnectAccount(STRANGER, AccountId::new(70)),
        WorkspaceError::Denied(Denied::Inactive),
    );
}

#[test]
fn duplicate_ids_are_refused() {
    let mut ws = fixture();
    assert_refused(
        &mut ws,
        Op::AddMember(OWNER, MATE, Role::Agent),
        WorkspaceError::DuplicateMember(MATE),
    );
    assert_refused(
        &mut ws,
        Op::AddMember(OWNER, OWNER, Role::Agent),
        WorkspaceError::DuplicateMember(OWNER),
    );
    assert_refused(
        &mut ws,
        Op::CreateTeam(OWNER, SALES),
        WorkspaceError::DuplicateTeam(SALES),
    );
    assert_refused(
        &mut ws,
        Op::ConnectAccount(AGENT, A_MATE),
        WorkspaceError::DuplicateAccount(A_MATE),
    );
    assert_refused(
        &mut ws,
        Op::ReceiveChat(C_OWNER, A_MATE),
        WorkspaceError::DuplicateChat(C_OWNER),
    );
    // A removed member's id stays taken.
    apply(&mut ws, Op::RemoveMember(OWNER, AGENT));
    assert_refused(
        &mut ws,
        Op::AddMember(OWNER, AGENT, Role::Agent),
        WorkspaceError::DuplicateMember(AGENT),
    );
}

#[test]
fn removed_members_cannot_be_the_target_of_a_change_that_needs_an_active_one() {
    let mut ws = fixture();
    let gone = MemberId::new(7);
    apply(&mut ws, Op::AddMember(OWNER, gone, Role::Agent));
    apply(&mut ws, Op::RemoveMember(OWNER, gone));
    let inactive = WorkspaceError::InactiveMember(gone);
    assert_refused(
        &mut ws,
        Op::TransferAccount(OWNER, A_MATE, gone),
        inactive.clone(),
    );
    assert_refused(&mut ws, Op::Assign(OWNER, C_OWNER, gone), inactive.clone());
    assert_refused(&mut ws, Op::TransferOwnership(OWNER, gone), inactive);
    // And a removed member acts on nothing.
    assert_refused(
        &mut ws,
        Op::ConnectAccount(gone, AccountId::new(70)),
        WorkspaceError::Denied(Denied::Inactive),
    );
}

#[test]
fn unauthorized_changes_are_refused_and_change_nothing() {
    let mut ws = fixture();
    let teammate_holds = Permission::VIEW | Permission::REPLY;
    let no_team_management = |held| {
        WorkspaceError::Denied(Denied::MissingPermission {
            action: Action::ManageTeam,
            required: Permission::MANAGE_TEAM,
            held,
        })
    };
    let new = MemberId::new(50);
    for (actor, held) in [
        (MATE, teammate_holds),
        (AGENT, teammate_holds),
        (COLLAB, teammate_holds),
    ] {
        let refused = no_team_management(held);
        assert_refused(
            &mut ws,
            Op::AddMember(actor, new, Role::Agent),
            refused.clone(),
        );
        assert_refused(
            &mut ws,
            Op::SetRole(actor, actor, Role::Admin),
            refused.clone(),
        );
        assert_refused(
            &mut ws,
            Op::SetGrants(actor, actor, Some(Permission::ADMIN)),
            refused.clone(),
        );
        assert_refused(&mut ws, Op::RemoveMember(actor, MATE2), refused.clone());
        assert_refused(&mut ws, Op::CreateTeam(actor, NO_TEAM), refused.clone());
        assert_refused(
            &mut ws,
            Op::AddToTeam(actor, actor, SUPPORT),
            refused.clone(),
        );
        assert_refused(
            &mut ws,
            Op::RemoveFromTeam(actor, MATE, SALES),
            refused.clone(),
        );
        assert_refused(
            &mut ws,
            Op::TransferAccount(actor, A_OWNER, actor),
            refused.clone(),
        );
        // Authorization comes first: unknown ids are not revealed to an unauthorized actor.
        assert_refused(
            &mut ws,
            Op::AddToTeam(actor, STRANGER, NO_TEAM),
            refused.clone(),
        );
        assert_refused(
            &mut ws,
            Op::TransferAccount(actor, NO_ACCOUNT, STRANGER),
            refused,
        );
    }
    // Only the Owner transfers ownership.
    let admin_holds = util::ref_effective(Role::Admin, Permission::ADMIN);
    assert_refused(
        &mut ws,
        Op::TransferOwnership(ADMIN, ADMIN),
        WorkspaceError::Denied(Denied::MissingPermission {
            action: Action::ManageWorkspace,
            required: Permission::MANAGE_WORKSPACE,
            held: admin_holds,
        }),
    );
    // Assigning needs the right to reply to the chat.
    assert_refused(
        &mut ws,
        Op::Assign(AGENT, C_MATE, AGENT),
        WorkspaceError::Denied(Denied::OutOfScope {
            action: Action::Reply,
            role: Role::Agent,
            resource: ResourceKind::Chat,
        }),
    );
    assert_refused(
        &mut ws,
        Op::Unassign(MATE, C_MATE2, MATE2),
        WorkspaceError::Denied(Denied::OutOfScope {
            action: Action::Reply,
            role: Role::Teammate,
            resource: ResourceKind::Chat,
        }),
    );
    let mate_holds_view = Permission::VIEW;
    apply(&mut ws, Op::SetGrants(OWNER, MATE, Some(mate_holds_view)));
    assert_refused(
        &mut ws,
        Op::Assign(MATE, C_MATE, COLLAB),
        WorkspaceError::Denied(Denied::MissingPermission {
            action: Action::Reply,
            required: Permission::REPLY,
            held: mate_holds_view,
        }),
    );
    // A removed admin manages nothing.
    apply(&mut ws, Op::RemoveMember(OWNER, ADMIN));
    assert_refused(
        &mut ws,
        Op::AddMember(ADMIN, new, Role::Agent),
        WorkspaceError::Denied(Denied::Inactive),
    );
}

#[test]
fn the_admin_manages_the_team_but_not_billing_or_the_workspace() {
    let mut ws = fixture();
    let new = MemberId::new(50);
    apply(&mut ws, Op::AddMember(ADMIN, new, Role::Teammate));
    apply(&mut ws, Op::SetRole(ADMIN, new, Role::Agent));
    apply(&mut ws, Op::AddToTeam(ADMIN, new, SALES));
    apply(&mut ws, Op::TransferAccount(ADMIN, A_MATE, new));
    apply(&mut ws, Op::RemoveMember(ADMIN, new));
    for (action, required) in [
        (Action::ManageBilling, Permission::MANAGE_BILLING),
        (Action::ManageWorkspace, Permission::MANAGE_WORKSPACE),
    ] {
        assert_missing(
            decide(&ws, ADMIN, action, Target::Workspace),
            required,
            action,
        );
    }
    // Granting an Admin everything does not lift the ceiling.
    apply(
        &mut ws,
        Op::SetGrants(OWNER, ADMIN, Some(Permission::all())),
    );
    assert_missing(
        decide(&ws, ADMIN, Action::ManageBilling, Target::Workspace),
        Permission::MANAGE_BILLING,
        "admin granted all",
    );
}

// ---------------------------------------------------------------------------------------
// Removing a member loses nothing
// ---------------------------------------------------------------------------------------

#[test]
fn removing_a_member_loses_nothing() {
    let mut ws = fixture();
    let sales_mate = MemberId::new(8);
    apply(&mut ws, Op::AddMember(OWNER, sales_mate, Role::Teammate));
    apply(&mut ws, Op::AddToTeam(OWNER, sales_mate, SALES));
    apply(&mut ws, Op::Assign(MATE, C_MATE, COLLAB));
    let chat = Target::Chat(C_MATE);
    assert_allowed(
        decide(&ws, sales_mate, Action::View, chat),
        "same team before",
    );

    apply(&mut ws, Op::RemoveMember(OWNER, MATE));
    // Nothing is gone.
    assert_eq!(ws.connector(A_MATE), Some(MATE));
    assert_eq!(ws.chat_account(C_MATE), Some(A_MATE));
    assert!(ws.chats().any(|c| c == C_MATE));
    assert_eq!(sorted(ws.assignees(C_MATE)), [COLLAB]);
    assert!(ws.subject(MATE).is_some_and(|s| !s.is_active()));
    // Still visible to the Owner, the Admin and the assignee.
    for member in [OWNER, ADMIN] {
        for action in util::CHAT_ACTIONS {
            assert_allowed(decide(&ws, member, action, chat), (member, action));
        }
        assert_allowed(
            decide(&ws, member, Action::SendFrom, Target::Account(A_MATE)),
            member,
        );
    }
    assert_allowed(decide(&ws, COLLAB, Action::Reply, chat), "assignee");
    // A removed connector has no teams: the chat is another team's for their teammates.
    assert_out_of_scope(
        decide(&ws, sales_mate, Action::View, chat),
        "removed connector",
    );
    assert_eq!(
        ws.scope(sales_mate, chat),
        Some(Scope::Chat(Categories::OTHER_TEAM))
    );
    // The removed member themself is denied.
    assert_decision(
        decide(&ws, MATE, Action::View, chat),
        Err(Denied::Inactive),
        "removed",
    );

    // The account can be transferred to another member, who then owns its chats.
    apply(&mut ws, Op::TransferAccount(OWNER, A_MATE, sales_mate));
    assert_eq!(ws.connector(A_MATE), Some(sales_mate));
    assert_allowed(
        decide(&ws, sales_mate, Action::Reply, chat),
        "new connector",
    );
    assert_allowed(
        decide(&ws, sales_mate, Action::SendFrom, Target::Account(A_MATE)),
        "new",
    );
    // ... and an Admin may do the transfer too.
    apply(&mut ws, Op::TransferAccount(ADMIN, A_MATE, AGENT));
    assert_allowed(decide(&ws, AGENT, Action::Reply, chat), "agent, own now");
}

// ---------------------------------------------------------------------------------------
// No existence leak
// ---------------------------------------------------------------------------------------

#[test]
fn an_unknown_chat_is_denied_like_an_invisible_one() {
    let ws = fixture();
    let invisible = [
        (MATE, C_MATE2),
        (MATE2, C_MATE),
        (AGENT, C_MATE),
        (COLLAB, C_AGENT),
    ];
    for (member, chat) in invisible {
        for action in util::CHAT_ACTIONS {
            let hidden = decide(&ws, member, action, Target::Chat(chat));
            let unknown = decide(&ws, member, action, Target::Chat(NO_CHAT));
            assert_out_of_scope(hidden, (member, chat, action));
            assert_eq!(hidden, unknown, "{member:?} {action:?}");
            assert_eq!(
                hidden.unwrap_err().to_string(),
                unknown.unwrap_err().to_string()
            );
        }
        assert_eq!(
            ws.capabilities(member, chat),
            ws.capabilities(member, NO_CHAT)
        );
        let mut attempt = ws.clone();
        let hidden = Op::Assign(member, chat, member).run(&mut attempt);
        let unknown = Op::Assign(member, NO_CHAT, member).run(&mut attempt);
        assert_eq!(hidden, unknown, "assign by {member:?}");
    }
    // The same for accounts: an unusable account and an unknown one.
    for (member, account) in [(MATE, A_MATE2), (AGENT, A_MATE), (COLLAB, A_OWNER)] {
        assert_eq!(
            decide(&ws, member, Action::SendFrom, Target::Account(account)),
            decide(&ws, member, Action::SendFrom, Target::Account(NO_ACCOUNT)),
            "{member:?}"
        );
    }
}

#[test]
fn a_removed_or_unknown_member_is_inactive_for_every_action() {
    let mut ws = fixture();
    apply(&mut ws, Op::RemoveMember(OWNER, AGENT));
    for member in [AGENT, STRANGER] {
        for action in util::actions() {
            let target = match util::kind_of(action) {
                ResourceKind::Workspace => Target::Workspace,
                ResourceKind::Account => Target::Account(A_AGENT),
                ResourceKind::Chat => Target::Chat(C_AGENT),
            };
            assert_decision(
                decide(&ws, member, action, target),
                Err(Denied::Inactive),
                action,
            );
        }
        // A request of the wrong kind of resource is refused before anything else.
        assert_decision(
            decide(&ws, member, Action::View, Target::Workspace),
            Err(Denied::WrongResource {
                action: Action::View,
                resource: ResourceKind::Workspace,
            }),
            member,
        );
        assert_eq!(
            ws.scope(member, Target::Workspace).is_some(),
            member == AGENT
        );
    }
}

// ---------------------------------------------------------------------------------------
// Random sequences of changes against an independent model of the state
// ---------------------------------------------------------------------------------------

/// One member, as the model keeps them.
#[derive(Debug, Clone)]
struct ModelMember {
    id: MemberId,
    role: Role,
    grants: Option<Permission>,
    teams: BTreeSet<TeamId>,
    active: bool,
}

/// The workspace state as the tests understand it: what each change should do, written
/// from the policy and the documented behaviour of each change, never from the code.
#[derive(Debug, Clone)]
struct Model {
    owner: MemberId,
    members: Vec<ModelMember>,
    teams: BTreeSet<TeamId>,
    accounts: BTreeMap<AccountId, MemberId>,
    chats: BTreeMap<ChatId, (AccountId, Vec<MemberId>)>,
}

/// The ids the property test draws from: known ones and a few that are not (yet) used.
const MEMBER_POOL: [u128; 8] = [1, 2, 3, 4, 5, 6, 7, 8];
const TEAM_POOL: [u128; 3] = [1, 2, 3];
const ACCOUNT_POOL: [u128; 5] = [10, 11, 12, 13, 14];
const CHAT_POOL: [u128; 6] = [100, 101, 102, 103, 104, 105];

impl Model {
    fn new(owner: MemberId) -> Self {
        Self {
            owner,
            members: vec![ModelMember {
                id: owner,
                role: Role::Owner,
                grants: None,
                teams: BTreeSet::new(),
                active: true,
            }],
            teams: BTreeSet::new(),
            accounts: BTreeMap::new(),
            chats: BTreeMap::new(),
        }
    }

    fn member(&self, id: MemberId) -> Option<&ModelMember> {
        self.members.iter().find(|m| m.id == id)
    }

    fn member_mut(&mut self, id: MemberId) -> &mut ModelMember {
        self.members
            .iter_mut()
            .find(|m| m.id == id)
            .expect("a known member")
    }

    /// What the actor holds, if `role` with `grants` would give `member` more: the
    /// escalation guard, from the reference tables.
    fn escalation(
        &self,
        actor: MemberId,
        member: MemberId,
        role: Role,
        grants: Option<Permission>,
        errors: &mut Vec<WorkspaceError>,
    ) {
        let held = self.member(actor).map_or(Permission::empty(), |actor| {
            util::ref_effective(actor.role, Self::grants(actor))
        });
        let after = util::ref_effective(
            role,
            grants.unwrap_or_else(|| util::ref_default_grant(role)),
        );
        let beyond = after.difference(held);
        if errors.is_empty() && !beyond.is_empty() {
            errors.push(WorkspaceError::Escalation { member, beyond });
        }
    }

    fn grants(member: &ModelMember) -> Permission {
        member
            .grants
            .unwrap_or_else(|| util::ref_default_grant(member.role))
    }

    /// The categories of `account` for `subject`; none for an unknown account.
    fn account_categories(
        &self,
        subject: &ModelMember,
        account: AccountId,
        assignees: &[MemberId],
    ) -> Categories {
        let Some(connector) = self.accounts.get(&account).and_then(|id| self.member(*id)) else {
            return Categories::empty();
        };
        let subject_teams: Vec<TeamId> = subject.teams.iter().copied().collect();
        let connector_teams: Vec<TeamId> = connector.teams.iter().copied().collect();
        util::ref_categories(
            subject.id,
            &subject_teams,
            connector.id,
            &connector_teams,
            connector.active,
            assignees,
        )
    }

    fn scope(&self, subject: &ModelMember, target: Target) -> Scope {
        match target {
            Target::Workspace => Scope::Workspace,
            Target::Account(account) => {
                Scope::Account(self.account_categories(subject, account, &[]))
            }
            Target::Chat(chat) => Scope::Chat(match self.chats.get(&chat) {
                Some((account, assignees)) => self.account_categories(subject, *account, assignees),
                None => Categories::empty(),
            }),
        }
    }

    /// The reference decision on the model's state.
    fn decide(&self, member: MemberId, action: Action, target: Target) -> Result<(), Denied> {
        if util::kind_of(action) != target.kind() {
            return Err(Denied::WrongResource {
                action,
                resource: target.kind(),
            });
        }
        let Some(subject) = self.member(member) else {
            return Err(Denied::Inactive);
        };
        util::expected(
            subject.role,
            Self::grants(subject),
            subject.active,
            action,
            self.scope(subject, target),
        )
    }

    /// Applies `op` if it should succeed; otherwise returns every error that would be a
    /// correct refusal (when the actor is not authorized, only that denial is).
    fn apply(&mut self, op: &Op) -> Result<(), Vec<WorkspaceError>> {
        use WorkspaceError as E;
        let authorized = |model: &Self, actor, action, target| {
            model
                .decide(actor, action, target)
                .map_err(|denied| vec![E::Denied(denied)])
        };
        let mut errors = Vec::new();
        match *op {
            Op::AddMember(actor, id, role) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                if role == Role::Owner {
                    errors.push(E::SecondOwner(id));
                }
                if self.member(id).is_some() {
                    errors.push(E::DuplicateMember(id));
                }
                self.escalation(actor, id, role, None, &mut errors);
                if errors.is_empty() {
                    self.members.push(ModelMember {
                        id,
                        role,
                        grants: None,
                        teams: BTreeSet::new(),
                        active: true,
                    });
                }
            }
            Op::SetRole(actor, member, role) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                self.changeable(member, &mut errors);
                if role == Role::Owner {
                    errors.push(E::SecondOwner(member));
                }
                if role == Role::Collaborator {
                    for (account, connector) in &self.accounts {
                        if *connector == member {
                            errors.push(E::CollaboratorConnector {
                                member,
                                account: *account,
                            });
                        }
                    }
                }
                if let Some(grants) = self.member(member).map(|m| m.grants) {
                    self.escalation(actor, member, role, grants, &mut errors);
                }
                if errors.is_empty() {
                    self.member_mut(member).role = role;
                }
            }
            Op::SetGrants(actor, member, grants) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                self.changeable(member, &mut errors);
                if let Some(role) = self.member(member).map(|m| m.role) {
                    self.escalation(actor, member, role, grants, &mut errors);
                }
                if errors.is_empty() {
                    self.member_mut(member).grants = grants;
                }
            }
            Op::RemoveMember(actor, member) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                self.changeable(member, &mut errors);
                if errors.is_empty() {
                    self.member_mut(member).active = false;
                }
            }
            Op::CreateTeam(actor, team) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                if !self.teams.insert(team) {
                    errors.push(E::DuplicateTeam(team));
                }
            }
            Op::AddToTeam(actor, member, team) | Op::RemoveFromTeam(actor, member, team) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                if self.member(member).is_none() {
                    errors.push(E::UnknownMember(member));
                }
                if !self.teams.contains(&team) {
                    errors.push(E::UnknownTeam(team));
                }
                if errors.is_empty() {
                    let teams = &mut self.member_mut(member).teams;
                    if matches!(op, Op::AddToTeam(..)) {
                        teams.insert(team);
                    } else {
                        teams.remove(&team);
                    }
                }
            }
            Op::TransferOwnership(actor, to) => {
                authorized(self, actor, Action::ManageWorkspace, Target::Workspace)?;
                match self.member(to) {
                    None => errors.push(E::UnknownMember(to)),
                    Some(member) if !member.active => errors.push(E::InactiveMember(to)),
                    Some(_) => {}
                }
                if errors.is_empty() && to != self.owner {
                    let previous = self.owner;
                    let old = self.member_mut(previous);
                    old.role = Role::Admin;
                    old.grants = None;
                    self.member_mut(to).role = Role::Owner;
                    self.owner = to;
                }
            }
            Op::ConnectAccount(actor, account) => {
                authorized(self, actor, Action::ConnectAccount, Target::Workspace)?;
                match self.accounts.entry(account) {
                    Entry::Occupied(_) => errors.push(E::DuplicateAccount(account)),
                    Entry::Vacant(slot) => {
                        slot.insert(actor);
                    }
                }
            }
            Op::TransferAccount(actor, account, to) => {
                authorized(self, actor, Action::ManageTeam, Target::Workspace)?;
                if !self.accounts.contains_key(&account) {
                    errors.push(E::UnknownAccount(account));
                }
                match self.member(to) {
                    None => errors.push(E::UnknownMember(to)),
                    Some(member) => {
                        if !member.active {
                            errors.push(E::InactiveMember(to));
                        }
                        if member.role == Role::Collaborator {
                            errors.push(E::CollaboratorConnector {
                                member: to,
                                account,
                            });
                        }
                    }
                }
                if errors.is_empty() {
                    self.accounts.insert(account, to);
                }
            }
            Op::ReceiveChat(chat, account) => {
                if !self.accounts.contains_key(&account) {
                    errors.push(E::UnknownAccount(account));
                }
                if self.chats.contains_key(&chat) {
                    errors.push(E::DuplicateChat(chat));
                }
                if errors.is_empty() {
                    self.chats.insert(chat, (account, Vec::new()));
                }
            }
            Op::Assign(actor, chat, member) | Op::Unassign(actor, chat, member) => {
                authorized(self, actor, Action::Reply, Target::Chat(chat))?;
                let assign = matches!(op, Op::Assign(..));
                match self.member(member) {
                    None => errors.push(E::UnknownMember(member)),
                    Some(m) if assign && !m.active => errors.push(E::InactiveMember(member)),
                    Some(_) => {}
                }
                if errors.is_empty() {
                    let (_, assignees) = self.chats.get_mut(&chat).expect("authorized ⇒ known");
                    assignees.retain(|a| *a != member);
                    if assign {
                        assignees.push(member);
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// The checks on a member whose role, grants or status is to change.
    fn changeable(&self, member: MemberId, errors: &mut Vec<WorkspaceError>) {
        if self.member(member).is_none() {
            errors.push(WorkspaceError::UnknownMember(member));
        }
        if member == self.owner {
            errors.push(WorkspaceError::OwnerProtected(member));
        }
    }
}

fn targets() -> Vec<Target> {
    let mut targets = vec![Target::Workspace];
    targets.extend(
        ACCOUNT_POOL
            .iter()
            .map(|id| Target::Account(AccountId::new(*id))),
    );
    targets.extend(CHAT_POOL.iter().map(|id| Target::Chat(ChatId::new(*id))));
    targets
}

/// Compares every observable fact and every decision of `ws` with the model.
fn check_all(ws: &Workspace, model: &Model, targets: &[Target]) -> Result<u64, TestCaseError> {
    prop_assert_eq!(ws.owner(), model.owner);
    let members = member_rows(ws);
    let expected_members: Vec<MemberRow> = model
        .members
        .iter()
        .map(|m| {
            (
                m.id,
                m.role,
                Model::grants(m),
                m.teams.iter().copied().collect(),
                m.active,
            )
        })
        .collect();
    prop_assert_eq!(members, expected_members);
    prop_assert_eq!(
        sorted(ws.teams()),
        model.teams.iter().copied().collect::<Vec<_>>()
    );
    prop_assert_eq!(
        sorted(ws.accounts()),
        model
            .accounts
            .iter()
            .map(|(a, m)| (*a, *m))
            .collect::<Vec<_>>()
    );
    prop_assert_eq!(
        sorted(ws.chats()),
        model.chats.keys().copied().collect::<Vec<_>>()
    );
    for (chat, (account, assignees)) in &model.chats {
        prop_assert_eq!(ws.chat_account(*chat), Some(*account));
        prop_assert_eq!(
            sorted(ws.assignees(*chat)),
            sorted(assignees.iter().copied())
        );
    }
    let mut decisions = 0;
    for member in MEMBER_POOL.iter().map(|id| MemberId::new(*id)) {
        for action in util::actions() {
            for target in targets {
                let expected = model.decide(member, action, *target);
                let actual = ws.authorize(member, action, *target);
                prop_assert_eq!(actual, expected, "{:?} {:?} {:?}", member, action, target);
                decisions += 1;
            }
        }
        for chat in CHAT_POOL.iter().map(|id| ChatId::new(*id)) {
            let expected = [
                (Action::View, Capabilities::VIEW),
                (Action::Reply, Capabilities::REPLY),
                (Action::Delete, Capabilities::DELETE),
            ]
            .into_iter()
            .filter(|(action, _)| model.decide(member, *action, Target::Chat(chat)).is_ok())
            .fold(Capabilities::empty(), |set, (_, flag)| set | flag);
            prop_assert_eq!(
                ws.capabilities(member, chat),
                expected,
                "{:?} {:?}",
                member,
                chat
            );
        }
        if let Some(subject) = model.member(member) {
            for target in targets {
                prop_assert_eq!(
                    ws.scope(member, *target),
                    Some(model.scope(subject, *target))
                );
            }
        } else {
            prop_assert_eq!(ws.scope(member, Target::Workspace), None);
        }
    }
    Ok(decisions)
}

/// Runs `op` on both and compares the outcome.
fn step(ws: &mut Workspace, model: &mut Model, op: &Op) -> Result<(), TestCaseError> {
    let actual = op.run_for_event(ws);
    match (model.apply(op), actual) {
        (Ok(()), Ok(event)) => {
            prop_assert!(op.recorded_by(&event), "{:?} recorded as {:?}", op, event);
            Ok(())
        }
        (Err(allowed), Err(error)) => {
            prop_assert!(
                allowed.contains(&error),
                "{:?}: got {:?}, expected one of {:?}",
                op,
                error,
                allowed
            );
            Ok(())
        }
        (expected, actual) => Err(TestCaseError::fail(format!(
            "{op:?}: expected {expected:?}, got {actual:?}"
        ))),
    }
}

fn member_id() -> impl Strategy<Value = MemberId> {
    prop::sample::select(MEMBER_POOL.to_vec()).prop_map(MemberId::new)
}

fn actor() -> impl Strategy<Value = MemberId> {
    prop_oneof![3 => Just(OWNER), 2 => Just(ADMIN), 6 => member_id()]
}

fn role() -> impl Strategy<Value = Role> {
    prop::sample::select(util::ROLES.to_vec())
}

fn op() -> impl Strategy<Value = Op> {
    let team = prop::sample::select(TEAM_POOL.to_vec()).prop_map(TeamId::new);
    let account = prop::sample::select(ACCOUNT_POOL.to_vec()).prop_map(AccountId::new);
    let chat = prop::sample::select(CHAT_POOL.to_vec()).prop_map(ChatId::new);
    let grants = prop::option::weighted(0.8, (0..util::GRANT_SETS).prop_map(util::grant_set));
    prop_oneof![
        1 => (actor(), member_id(), role()).prop_map(|(a, m, r)| Op::AddMember(a, m, r)),
        2 => (actor(), member_id(), role()).prop_map(|(a, m, r)| Op::SetRole(a, m, r)),
        2 => (actor(), member_id(), grants).prop_map(|(a, m, g)| Op::SetGrants(a, m, g)),
        1 => (actor(), member_id()).prop_map(|(a, m)| Op::RemoveMember(a, m)),
        1 => (actor(), team.clone()).prop_map(|(a, t)| Op::CreateTeam(a, t)),
        2 => (actor(), member_id(), team.clone()).prop_map(|(a, m, t)| Op::AddToTeam(a, m, t)),
        2 => (actor(), member_id(), team).prop_map(|(a, m, t)| Op::RemoveFromTeam(a, m, t)),
        1 => (actor(), member_id()).prop_map(|(a, m)| Op::TransferOwnership(a, m)),
        1 => (actor(), account.clone()).prop_map(|(a, x)| Op::ConnectAccount(a, x)),
        2 => (actor(), account.clone(), member_id()).prop_map(|(a, x, m)| Op::TransferAccount(a, x, m)),
        1 => (chat.clone(), account).prop_map(|(c, x)| Op::ReceiveChat(c, x)),
        3 => (actor(), chat.clone(), member_id()).prop_map(|(a, c, m)| Op::Assign(a, c, m)),
        2 => (actor(), chat, member_id()).prop_map(|(a, c, m)| Op::Unassign(a, c, m)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_changes_keep_every_decision_equal_to_the_model(ops in prop::collection::vec(op(), 1..40)) {
        let targets = targets();
        let mut ws = Workspace::new(OWNER);
        let mut model = Model::new(OWNER);
        for op in setup_ops() {
            step(&mut ws, &mut model, &op)?;
        }
        check_all(&ws, &model, &targets)?;
        for op in &ops {
            step(&mut ws, &mut model, op)?;
            check_all(&ws, &model, &targets)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// A shared workspace holds what a plain one holds
// ---------------------------------------------------------------------------------------

/// Chats received before the changes start: enough for the chat table to have split into
/// several shards, so that changes reach shards that readers' snapshots still share.
const PRELOADED: u128 = 3_000;
/// The first id of the chats received in bursts between the changes.
const BURST_CHATS: u128 = 1_000_000;

/// The fixture with [`PRELOADED`] more chats on the Owner's account.
fn preloaded() -> Workspace {
    let mut ws = fixture();
    for n in 0..PRELOADED {
        apply(&mut ws, Op::ReceiveChat(ChatId::new(10_000 + n), A_OWNER));
    }
    ws
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Each step is a random change and a burst of arriving chats, through a
    /// `SharedWorkspace` and on a plain `Workspace` built the same way: every change has the
    /// same outcome, the two hold the same after every step, and every snapshot a reader
    /// held still holds what it held when it was taken.
    #[test]
    fn changes_through_a_shared_workspace_equal_the_same_changes_in_place(
        steps in prop::collection::vec((op(), 0..300_u128, any::<bool>()), 1..24)
    ) {
        let mut plain = preloaded();
        let shared = chatgate::SharedWorkspace::new(preloaded());
        let mut held = Vec::new();
        let mut received = 0;
        for (op, burst, hold) in &steps {
            if *hold {
                held.push((shared.snapshot(), contents(&plain)));
            }
            let in_place = op.run(&mut plain);
            prop_assert_eq!(shared.update(|ws| op.run(ws)), in_place, "{:?}", op);
            for _ in 0..*burst {
                let chat = ChatId::new(BURST_CHATS + received);
                received += 1;
                apply(&mut plain, Op::ReceiveChat(chat, A_OWNER));
                shared.update(|ws| ws.receive_chat(chat, A_OWNER).map(drop)).unwrap();
            }
            prop_assert_eq!(contents(&shared.snapshot()), contents(&plain));
        }
        for (snapshot, then) in held {
            prop_assert_eq!(contents(&snapshot), then);
        }
    }
}
