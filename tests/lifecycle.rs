//! Proves POLICY.md's "Changes: who may change what (decided)", row by row: the authority
//! each change needs (an actor without it is `Denied`), each "refused also when" case with
//! its kind, the accepted case with its effect seen by the very next decision, the
//! lifecycle of a member (removed, refused as unknown, re-added from nothing), permanent
//! deletion of chats and teams, the no-ops that record nothing, the decided corners, the
//! order of error kinds, non-enumeration, and `Workspace::change` as the same entry point.
//!
//! Every expected value is read off POLICY.md (and the kinds off the API notes); none is
//! computed by the code under test. Every refusal is also checked to leave
//! `Workspace::snapshot` equal to what it was before.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod util;

use chatgate::{
    AccountId, Action, Before, Change, ChangeErrorKind, ChatId, Denied, Event, MemberId,
    MemberSnapshot, Permission, Role, Target, TeamId, Workspace, WorkspaceError,
};
use util::{assert_allowed, assert_missing, assert_out_of_scope, everything, set};

// ---------------------------------------------------------------------------------------
// The cast
// ---------------------------------------------------------------------------------------

const OWNER: MemberId = MemberId::new(1);
/// An Admin with the default grant.
const ADMIN: MemberId = MemberId::new(2);
/// A teammate in SALES, connector of A_MATE.
const MATE: MemberId = MemberId::new(3);
/// An agent in SALES (default grant: view + reply), connector of A_AGENT.
const AGENT: MemberId = MemberId::new(4);
/// A collaborator in no team, assigned to C_OWNER.
const COLLAB: MemberId = MemberId::new(5);
/// A teammate in SUPPORT, connector of A_MATE2.
const MATE2: MemberId = MemberId::new(6);
/// A second teammate in SALES, who connects nothing.
const MATE_B: MemberId = MemberId::new(7);
/// A teammate in SALES granted view + delete (the seed's "View+Delete").
const DEL: MemberId = MemberId::new(8);
/// An Admin narrowed to manage_team + view.
const LEAD: MemberId = MemberId::new(9);
/// Not in the fixture: added and removed in one workspace, never seen in its twin.
const GHOST: MemberId = MemberId::new(20);
/// A fresh id, never used by the fixture.
const NEW: MemberId = MemberId::new(50);

/// Every active member of the fixture.
const ACTIVE: [MemberId; 9] = [OWNER, ADMIN, MATE, AGENT, COLLAB, MATE2, MATE_B, DEL, LEAD];

const SALES: TeamId = TeamId::new(1);
const SUPPORT: TeamId = TeamId::new(2);
const NO_TEAM: TeamId = TeamId::new(77);

const A_OWNER: AccountId = AccountId::new(10);
const A_MATE: AccountId = AccountId::new(11);
const A_AGENT: AccountId = AccountId::new(12);
const A_MATE2: AccountId = AccountId::new(13);
const A_NEW: AccountId = AccountId::new(14);
const NO_ACCOUNT: AccountId = AccountId::new(77);

const C_OWNER: ChatId = ChatId::new(100);
const C_MATE: ChatId = ChatId::new(101);
const C_AGENT: ChatId = ChatId::new(102);
const C_MATE2: ChatId = ChatId::new(103);
const C_NEW: ChatId = ChatId::new(104);
const NO_CHAT: ChatId = ChatId::new(404);

type Outcome = Result<Option<Event>, WorkspaceError>;

/// One change, made on a workspace.
type Step = fn(&mut Workspace) -> Outcome;

/// The fixture: the cast above, SALES = {MATE, AGENT, MATE_B, DEL}, SUPPORT = {MATE2}; one
/// account and one chat each for OWNER, MATE, AGENT and MATE2; C_OWNER assigned to COLLAB.
fn fixture() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    ws.add_member(OWNER, ADMIN, Role::Admin).unwrap();
    ws.add_member(OWNER, MATE, Role::Teammate).unwrap();
    ws.add_member(OWNER, AGENT, Role::Agent).unwrap();
    ws.add_member(OWNER, COLLAB, Role::Collaborator).unwrap();
    ws.add_member(OWNER, MATE2, Role::Teammate).unwrap();
    ws.add_member(OWNER, MATE_B, Role::Teammate).unwrap();
    ws.add_member_with_permissions(
        OWNER,
        DEL,
        Role::Teammate,
        Some(Permission::VIEW | Permission::DELETE),
    )
    .unwrap();
    ws.add_member_with_permissions(
        OWNER,
        LEAD,
        Role::Admin,
        Some(Permission::MANAGE_TEAM | Permission::VIEW),
    )
    .unwrap();
    ws.create_team(OWNER, SALES).unwrap();
    ws.create_team(OWNER, SUPPORT).unwrap();
    for member in [MATE, AGENT, MATE_B, DEL] {
        ws.join_team(OWNER, member, SALES).unwrap();
    }
    ws.join_team(OWNER, MATE2, SUPPORT).unwrap();
    ws.connect_account(OWNER, A_OWNER).unwrap();
    ws.connect_account(MATE, A_MATE).unwrap();
    ws.connect_account(AGENT, A_AGENT).unwrap();
    ws.connect_account(MATE2, A_MATE2).unwrap();
    ws.receive_chat(C_OWNER, A_OWNER).unwrap();
    ws.receive_chat(C_MATE, A_MATE).unwrap();
    ws.receive_chat(C_AGENT, A_AGENT).unwrap();
    ws.receive_chat(C_MATE2, A_MATE2).unwrap();
    ws.assign(OWNER, C_OWNER, COLLAB).unwrap();
    ws
}

/// The fixture twice, the same but for GHOST: in the first GHOST was a teammate in SALES
/// assigned to C_MATE, then removed; the second never heard of GHOST.
fn ghost_twins() -> (Workspace, Workspace) {
    let mut removed = fixture();
    removed.add_member(OWNER, GHOST, Role::Teammate).unwrap();
    removed.join_team(OWNER, GHOST, SALES).unwrap();
    removed.assign(OWNER, C_MATE, GHOST).unwrap();
    removed.remove_member(OWNER, GHOST).unwrap().unwrap();
    (removed, fixture())
}

// ---------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------

/// Runs `change`, which must be refused with an error of `kind` and leave the snapshot as
/// it was; returns the error.
#[track_caller]
fn refused(
    ws: &mut Workspace,
    kind: ChangeErrorKind,
    change: impl FnOnce(&mut Workspace) -> Outcome,
) -> WorkspaceError {
    let before = ws.snapshot();
    let outcome = change(ws);
    let error = match outcome {
        Err(error) => error,
        Ok(accepted) => panic!("expected a refusal of kind {kind:?}, accepted: {accepted:?}"),
    };
    assert_eq!(error.kind(), kind, "refused with the wrong kind: {error:?}");
    assert_eq!(
        ws.snapshot(),
        before,
        "a refused change ({error:?}) changed the workspace"
    );
    error
}

/// Runs `change`, which must be refused as `Denied`; returns the denial.
#[track_caller]
fn denied(ws: &mut Workspace, change: impl FnOnce(&mut Workspace) -> Outcome) -> Denied {
    match refused(ws, ChangeErrorKind::Denied, change) {
        WorkspaceError::Denied(denial) => denial,
        other => panic!("kind Denied but not WorkspaceError::Denied: {other:?}"),
    }
}

/// Runs `change`, which must be accepted as a no-op: `Ok(None)`, snapshot unchanged.
#[track_caller]
fn no_op(ws: &mut Workspace, change: impl FnOnce(&mut Workspace) -> Outcome) {
    let before = ws.snapshot();
    let outcome = change(ws);
    assert_eq!(outcome, Ok(None), "expected an accepted no-op");
    assert_eq!(ws.snapshot(), before, "a no-op changed the workspace");
}

/// Runs `change`, which must be accepted with one event; returns it.
#[track_caller]
fn accepted(ws: &mut Workspace, change: impl FnOnce(&mut Workspace) -> Outcome) -> Event {
    let revision = ws.revision();
    match change(ws) {
        Ok(Some(event)) => {
            assert_eq!(
                (event.revision, ws.revision()),
                (revision + 1, revision + 1),
                "an event makes the next revision"
            );
            event
        }
        other => panic!("expected an accepted change with an event, got {other:?}"),
    }
}

#[track_caller]
fn sees(ws: &Workspace, member: MemberId, chat: ChatId) {
    assert_allowed(
        ws.authorize(member, Action::View, Target::Chat(chat)),
        (member, chat),
    );
}

#[track_caller]
fn blind(ws: &Workspace, member: MemberId, chat: ChatId) {
    assert_out_of_scope(
        ws.authorize(member, Action::View, Target::Chat(chat)),
        (member, chat),
    );
}

#[track_caller]
fn stored(ws: &Workspace, member: MemberId) -> MemberSnapshot {
    ws.snapshot()
        .members
        .into_iter()
        .find(|m| m.id == member)
        .unwrap_or_else(|| panic!("{member:?} is not in the snapshot"))
}

#[track_caller]
fn teams_of(ws: &Workspace, member: MemberId) -> Vec<TeamId> {
    ws.subject(member).unwrap().teams().to_vec()
}

fn assignees(ws: &Workspace, chat: ChatId) -> Vec<MemberId> {
    let mut members: Vec<MemberId> = ws.assignees(chat).collect();
    members.sort_unstable();
    members
}

fn chats(ws: &Workspace) -> Vec<ChatId> {
    let mut chats: Vec<ChatId> = ws.chats().collect();
    chats.sort_unstable();
    chats
}

fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort_unstable();
    items
}

/// Asserts `denial` is `MissingPermission` for `required`.
#[track_caller]
fn missing(denial: Denied, required: Permission) {
    assert_missing(Err(denial), required, "the change's denial");
}

// ---------------------------------------------------------------------------------------
// add a member | MANAGE_TEAM | the role is Owner; the id belongs to an active member
// ---------------------------------------------------------------------------------------

#[test]
fn add_member_needs_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB, DEL] {
        let denial = denied(&mut ws, |ws| ws.add_member(actor, NEW, Role::Agent));
        missing(denial, Permission::MANAGE_TEAM);
    }
    // An Admin whose grants were narrowed to view alone loses manage_team.
    ws.set_permissions(OWNER, LEAD, Some(Permission::VIEW))
        .unwrap();
    let denial = denied(&mut ws, |ws| ws.add_member(LEAD, NEW, Role::Agent));
    missing(denial, Permission::MANAGE_TEAM);
}

#[test]
fn add_member_is_refused_for_the_role_owner() {
    let mut ws = fixture();
    refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(OWNER, NEW, Role::Owner)
    });
    refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member_with_permissions(ADMIN, NEW, Role::Owner, Some(Permission::VIEW))
    });
}

#[test]
fn add_member_is_refused_for_the_id_of_an_active_member_owner_included() {
    let mut ws = fixture();
    for (id, role) in [
        (ADMIN, Role::Admin),
        (MATE, Role::Teammate),
        (COLLAB, Role::Agent),
        (OWNER, Role::Admin),
    ] {
        let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
            ws.add_member(OWNER, id, role)
        });
        assert_eq!(error, WorkspaceError::DuplicateMember(id));
    }
    // The same role and grants as held: still a duplicate, not a no-op.
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member_with_permissions(
            OWNER,
            DEL,
            Role::Teammate,
            Some(Permission::VIEW | Permission::DELETE),
        )
    });
    assert_eq!(error, WorkspaceError::DuplicateMember(DEL));
}

#[test]
fn add_member_accepted_makes_an_active_member_with_the_role_and_grants_in_no_team() {
    let mut ws = fixture();
    let event = accepted(&mut ws, |ws| {
        ws.add_member_with_permissions(
            ADMIN,
            NEW,
            Role::Agent,
            Some(Permission::VIEW | Permission::DELETE),
        )
    });
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(ADMIN),
            change: Change::AddMember {
                member: NEW,
                role: Role::Agent,
                permissions: Some(Permission::VIEW | Permission::DELETE),
            },
            before: Before::Nothing,
        }
    );
    let subject = ws.subject(NEW).unwrap();
    assert_eq!(subject.role(), Role::Agent);
    assert!(subject.is_active());
    assert!(subject.teams().is_empty());
    // closure(view | delete) ∩ ceiling(agent) = view | delete.
    assert_eq!(
        subject.effective(),
        set(&[Permission::VIEW, Permission::DELETE])
    );
    assert_eq!(
        stored(&ws, NEW).grants,
        Some(Permission::VIEW | Permission::DELETE)
    );
    // Seen by the next decision: an agent in no team sees no one's chat but their own.
    for chat in [C_OWNER, C_MATE, C_AGENT, C_MATE2] {
        blind(&ws, NEW, chat);
    }
    assert_allowed(
        ws.authorize(NEW, Action::ConnectAccount, Target::Workspace),
        NEW,
    );

    // The role's default grant: stored as `None`, a teammate's reply (so view).
    accepted(&mut ws, |ws| {
        ws.add_member(OWNER, MemberId::new(51), Role::Teammate)
    });
    assert_eq!(stored(&ws, MemberId::new(51)).grants, None);
    assert_eq!(
        ws.subject(MemberId::new(51)).unwrap().effective(),
        set(&[Permission::VIEW, Permission::REPLY])
    );
}

// ---------------------------------------------------------------------------------------
// re-add a removed member | MANAGE_TEAM | as adding; Collaborator while connecting
// ---------------------------------------------------------------------------------------

#[test]
fn readd_of_a_removed_member_is_back_active_with_new_role_and_grants_from_nothing() {
    let mut ws = fixture();
    ws.assign(OWNER, C_OWNER, MATE).unwrap();
    ws.assign(OWNER, C_MATE2, MATE).unwrap();
    ws.join_team(OWNER, MATE, SUPPORT).unwrap();
    ws.remove_member(OWNER, MATE).unwrap().unwrap();

    let event = accepted(&mut ws, |ws| {
        ws.add_member_with_permissions(OWNER, MATE, Role::Agent, Some(Permission::VIEW))
    });
    assert_eq!(event.actor, Some(OWNER));
    assert_eq!(
        event.change,
        Change::AddMember {
            member: MATE,
            role: Role::Agent,
            permissions: Some(Permission::VIEW),
        }
    );
    assert_eq!(
        event.before,
        Before::Removed {
            role: Role::Teammate,
            permissions: None,
        }
    );

    let subject = ws.subject(MATE).unwrap();
    assert!(subject.is_active());
    assert_eq!(subject.role(), Role::Agent);
    assert_eq!(subject.effective(), Permission::VIEW);
    assert_eq!(stored(&ws, MATE).grants, Some(Permission::VIEW));
    // In no team, assigned to nothing.
    assert!(teams_of(&ws, MATE).is_empty());
    assert!(!ws.assignees(C_OWNER).any(|m| m == MATE));
    assert!(!ws.assignees(C_MATE2).any(|m| m == MATE));
    blind(&ws, MATE, C_OWNER);
    blind(&ws, MATE, C_MATE2);
    // The account they connected is theirs again: its chats are Own (agent ✔).
    assert_eq!(ws.connector(A_MATE), Some(MATE));
    sees(&ws, MATE, C_MATE);
    assert_missing(
        ws.authorize(MATE, Action::Reply, Target::Chat(C_MATE)),
        Permission::REPLY,
        "re-added with view alone",
    );
    // No longer in SALES: SALES teammates no longer see MATE's account (OtherTeam ✗).
    blind(&ws, MATE_B, C_MATE);
    // Owner and Admin still do.
    sees(&ws, OWNER, C_MATE);
    sees(&ws, ADMIN, C_MATE);
}

#[test]
fn readd_is_refused_as_collaborator_while_the_member_connects_an_account() {
    let mut ws = fixture();
    ws.remove_member(OWNER, MATE).unwrap().unwrap();
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(OWNER, MATE, Role::Collaborator)
    });
    assert_eq!(
        error,
        WorkspaceError::CollaboratorConnector {
            member: MATE,
            account: A_MATE,
        }
    );
    assert!(!ws.subject(MATE).unwrap().is_active());

    // Once the account is someone else's, MATE may come back as a collaborator.
    ws.transfer_account(OWNER, A_MATE, MATE_B).unwrap().unwrap();
    accepted(&mut ws, |ws| ws.add_member(OWNER, MATE, Role::Collaborator));
    assert_eq!(ws.subject(MATE).unwrap().role(), Role::Collaborator);
    assert_eq!(ws.connector(A_MATE), Some(MATE_B));
    blind(&ws, MATE, C_MATE);
}

#[test]
fn readd_is_refused_as_adding_is() {
    let mut ws = fixture();
    ws.remove_member(OWNER, AGENT).unwrap().unwrap();
    // Needs manage_team.
    let denial = denied(&mut ws, |ws| ws.add_member(MATE, AGENT, Role::Agent));
    missing(denial, Permission::MANAGE_TEAM);
    // The role is Owner.
    refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(OWNER, AGENT, Role::Owner)
    });
    assert!(!ws.subject(AGENT).unwrap().is_active());
    // Accepted once, then the id belongs to an active member again.
    accepted(&mut ws, |ws| ws.add_member(OWNER, AGENT, Role::Teammate));
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(OWNER, AGENT, Role::Teammate)
    });
    assert_eq!(error, WorkspaceError::DuplicateMember(AGENT));
}

// ---------------------------------------------------------------------------------------
// change a member's role | MANAGE_TEAM | Owner; new role Owner; connector -> Collaborator
// ---------------------------------------------------------------------------------------

#[test]
fn set_role_needs_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB] {
        let denial = denied(&mut ws, |ws| ws.set_role(actor, MATE_B, Role::Agent));
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn set_role_is_refused_for_the_owner() {
    let mut ws = fixture();
    for actor in [OWNER, ADMIN] {
        for role in [Role::Admin, Role::Teammate, Role::Agent] {
            let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
                ws.set_role(actor, OWNER, role)
            });
            assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
        }
    }
}

#[test]
fn set_role_is_refused_to_owner() {
    let mut ws = fixture();
    for member in [ADMIN, MATE_B, COLLAB] {
        refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
            ws.set_role(OWNER, member, Role::Owner)
        });
    }
}

#[test]
fn set_role_is_refused_to_collaborator_for_a_connector() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.set_role(OWNER, MATE, Role::Collaborator)
    });
    assert_eq!(
        error,
        WorkspaceError::CollaboratorConnector {
            member: MATE,
            account: A_MATE,
        }
    );
    // One who connects nothing may become a collaborator.
    accepted(&mut ws, |ws| ws.set_role(OWNER, MATE_B, Role::Collaborator));
}

#[test]
fn set_role_is_refused_for_an_unknown_member() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.set_role(OWNER, NEW, Role::Agent)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
}

#[test]
fn set_role_accepted_is_seen_by_the_next_decision() {
    let mut ws = fixture();
    // An agent in SALES does not see a SALES teammate's account (SameTeam ✗)...
    blind(&ws, AGENT, C_MATE);
    let event = accepted(&mut ws, |ws| ws.set_role(ADMIN, AGENT, Role::Teammate));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(ADMIN),
            change: Change::SetRole {
                member: AGENT,
                role: Role::Teammate,
            },
            before: Before::Member {
                role: Role::Agent,
                permissions: None,
            },
        }
    );
    // ...a teammate does (SameTeam ✔), and still not another team's (OtherTeam ✗).
    sees(&ws, AGENT, C_MATE);
    blind(&ws, AGENT, C_MATE2);
    assert_eq!(ws.subject(AGENT).unwrap().role(), Role::Teammate);
}

// ---------------------------------------------------------------------------------------
// change a member's grants | MANAGE_TEAM | the member is the Owner
// ---------------------------------------------------------------------------------------

#[test]
fn set_permissions_needs_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB, DEL] {
        let denial = denied(&mut ws, |ws| {
            ws.set_permissions(actor, MATE_B, Some(Permission::VIEW))
        });
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn set_permissions_is_refused_for_the_owner() {
    let mut ws = fixture();
    for actor in [OWNER, ADMIN] {
        for grants in [Some(Permission::VIEW), Some(Permission::empty())] {
            let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
                ws.set_permissions(actor, OWNER, grants)
            });
            assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
        }
    }
}

#[test]
fn set_permissions_is_refused_for_an_unknown_member() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.set_permissions(OWNER, NEW, Some(Permission::VIEW))
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
}

#[test]
fn set_permissions_accepted_is_seen_by_the_next_decision() {
    let mut ws = fixture();
    assert_allowed(
        ws.authorize(MATE, Action::Reply, Target::Chat(C_MATE)),
        "default grant",
    );
    let event = accepted(&mut ws, |ws| {
        ws.set_permissions(OWNER, MATE, Some(Permission::VIEW))
    });
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(OWNER),
            change: Change::SetPermissions {
                member: MATE,
                permissions: Some(Permission::VIEW),
            },
            before: Before::Member {
                role: Role::Teammate,
                permissions: None,
            },
        }
    );
    sees(&ws, MATE, C_MATE);
    assert_missing(
        ws.authorize(MATE, Action::Reply, Target::Chat(C_MATE)),
        Permission::REPLY,
        "narrowed to view",
    );
    assert_missing(
        ws.authorize(MATE, Action::SendFrom, Target::Account(A_MATE)),
        Permission::REPLY,
        "narrowed to view",
    );
}

// ---------------------------------------------------------------------------------------
// remove a member | MANAGE_TEAM | the member is the Owner
// ---------------------------------------------------------------------------------------

#[test]
fn remove_member_needs_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB, DEL] {
        let denial = denied(&mut ws, |ws| ws.remove_member(actor, MATE_B));
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn remove_member_is_refused_for_the_owner() {
    let mut ws = fixture();
    for actor in [OWNER, ADMIN] {
        let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
            ws.remove_member(actor, OWNER)
        });
        assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
    }
}

#[test]
fn remove_member_is_refused_for_an_unknown_member() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.remove_member(OWNER, NEW)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
}

#[test]
fn remove_member_drops_teams_and_assignments_and_records_them_in_the_event() {
    let mut ws = fixture();
    ws.join_team(OWNER, MATE, SUPPORT).unwrap();
    ws.assign(OWNER, C_OWNER, MATE).unwrap();
    ws.assign(OWNER, C_MATE2, MATE).unwrap();

    let event = accepted(&mut ws, |ws| ws.remove_member(ADMIN, MATE));
    assert_eq!(event.actor, Some(ADMIN));
    assert_eq!(event.change, Change::RemoveMember { member: MATE });
    match event.before {
        Before::Dropped { teams, assignments } => {
            assert_eq!(sorted(teams), [SALES, SUPPORT]);
            assert_eq!(sorted(assignments), [C_OWNER, C_MATE2]);
        }
        other => panic!("the removal's event records {other:?}, not the dropped state"),
    }

    // Denied everything, at once.
    for action in util::actions() {
        for target in [
            Target::Workspace,
            Target::Account(A_MATE),
            Target::Chat(C_MATE),
        ] {
            if util::kind_of(action) == target.kind() {
                assert_eq!(
                    ws.authorize(MATE, action, target),
                    Err(Denied::Inactive),
                    "{action:?} {target:?}"
                );
            }
        }
    }
    let subject = ws.subject(MATE).unwrap();
    assert!(!subject.is_active());
    assert!(subject.teams().is_empty());
    assert_eq!(assignees(&ws, C_OWNER), [COLLAB]);
    assert!(assignees(&ws, C_MATE2).is_empty());
}

#[test]
fn remove_member_keeps_their_accounts_and_chats() {
    let mut ws = fixture();
    ws.assign(OWNER, C_MATE, COLLAB).unwrap();
    accepted(&mut ws, |ws| ws.remove_member(OWNER, MATE));

    assert_eq!(ws.connector(A_MATE), Some(MATE));
    assert!(ws.chats().any(|c| c == C_MATE));
    assert_eq!(ws.chat_account(C_MATE), Some(A_MATE));
    // Owner, Admins and assignees still see them.
    sees(&ws, OWNER, C_MATE);
    sees(&ws, ADMIN, C_MATE);
    sees(&ws, LEAD, C_MATE);
    sees(&ws, COLLAB, C_MATE);
    // A removed connector has no teams: the chat is OtherTeam for SALES teammates.
    blind(&ws, MATE_B, C_MATE);
    blind(&ws, DEL, C_MATE);

    // And the account can be transferred: the new connector's chats are Own.
    accepted(&mut ws, |ws| ws.transfer_account(OWNER, A_MATE, MATE_B));
    assert_eq!(ws.connector(A_MATE), Some(MATE_B));
    sees(&ws, MATE_B, C_MATE);
    sees(&ws, DEL, C_MATE);
}

#[test]
fn transferring_an_account_to_its_removed_connector_is_refused_as_unknown() {
    let mut ws = fixture();
    ws.remove_member(OWNER, MATE).unwrap().unwrap();
    // Not a no-op: the removed connector is named as the member, so refused as unknown.
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_account(OWNER, A_MATE, MATE)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(MATE));
    assert_eq!(ws.connector(A_MATE), Some(MATE));
}

#[test]
fn removed_member_readded_starts_from_nothing() {
    let mut ws = fixture();
    ws.assign(OWNER, C_OWNER, AGENT).unwrap();
    let event = accepted(&mut ws, |ws| ws.remove_member(OWNER, AGENT));
    assert!(matches!(event.before, Before::Dropped { .. }));
    accepted(&mut ws, |ws| ws.add_member(OWNER, AGENT, Role::Agent));
    assert!(teams_of(&ws, AGENT).is_empty());
    for chat in [C_OWNER, C_MATE, C_AGENT, C_MATE2] {
        assert!(!ws.assignees(chat).any(|m| m == AGENT), "{chat:?}");
    }
    blind(&ws, AGENT, C_OWNER);
    sees(&ws, AGENT, C_AGENT);
    assert_eq!(stored(&ws, AGENT).teams, Vec::<TeamId>::new());
}

#[test]
fn removed_members_assignments_are_in_no_view_before_or_after_they_are_readded() {
    let mut ws = fixture();
    ws.assign(OWNER, C_OWNER, COLLAB).unwrap();
    ws.assign(OWNER, C_MATE, COLLAB).unwrap();
    ws.assign(OWNER, C_MATE, AGENT).unwrap();
    let event = accepted(&mut ws, |ws| ws.remove_member(OWNER, COLLAB));
    assert_eq!(
        event.before,
        Before::Dropped {
            teams: vec![],
            assignments: vec![C_OWNER, C_MATE],
        }
    );
    // Removed: no chat lists them, in any view of the state.
    assert!(assignees(&ws, C_OWNER).is_empty());
    assert_eq!(assignees(&ws, C_MATE), [AGENT]);
    assert!(ws.chat_assignee_rows().all(|(_, member)| member != COLLAB));
    assert!(ws
        .snapshot()
        .chats
        .iter()
        .all(|chat| !chat.assignees.contains(&COLLAB)));
    let deleted = accepted(&mut ws, |ws| ws.delete_chat(OWNER, C_MATE));
    assert_eq!(
        deleted.before,
        Before::Chat {
            account: A_MATE,
            assignees: vec![AGENT],
        }
    );
    // Re-added: none of the old assignments, and a new one is theirs alone.
    accepted(&mut ws, |ws| {
        ws.add_member(OWNER, COLLAB, Role::Collaborator)
    });
    blind(&ws, COLLAB, C_OWNER);
    assert!(ws.chats_for(COLLAB, Action::View).next().is_none());
    ws.assign(OWNER, C_AGENT, COLLAB).unwrap();
    sees(&ws, COLLAB, C_AGENT);
    assert_eq!(
        ws.chats_for(COLLAB, Action::View).collect::<Vec<_>>(),
        [C_AGENT]
    );
    assert!(assignees(&ws, C_OWNER).is_empty());
    accepted(&mut ws, |ws| ws.receive_chat(C_MATE, A_MATE));
    assert!(assignees(&ws, C_MATE).is_empty());
}

// ---------------------------------------------------------------------------------------
// create a team | MANAGE_TEAM | the id is in use
// ---------------------------------------------------------------------------------------

#[test]
fn create_team_needs_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB] {
        let denial = denied(&mut ws, |ws| ws.create_team(actor, NO_TEAM));
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn create_team_is_refused_for_an_id_in_use() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.create_team(OWNER, SALES)
    });
    assert_eq!(error, WorkspaceError::DuplicateTeam(SALES));
}

#[test]
fn create_team_accepted_adds_an_empty_team() {
    let mut ws = fixture();
    let event = accepted(&mut ws, |ws| ws.create_team(ADMIN, NO_TEAM));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(ADMIN),
            change: Change::CreateTeam { team: NO_TEAM },
            before: Before::Nothing,
        }
    );
    assert_eq!(sorted(ws.teams().collect()), [SALES, SUPPORT, NO_TEAM]);
    assert!(ws
        .members()
        .all(|member| !member.teams().contains(&NO_TEAM)));
}

// ---------------------------------------------------------------------------------------
// put a member in a team / take them out | MANAGE_TEAM | unknown member or team
// ---------------------------------------------------------------------------------------

#[test]
fn join_and_leave_team_need_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB] {
        let denial = denied(&mut ws, |ws| ws.join_team(actor, MATE2, SALES));
        missing(denial, Permission::MANAGE_TEAM);
        let denial = denied(&mut ws, |ws| ws.leave_team(actor, MATE, SALES));
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn join_and_leave_team_are_refused_for_an_unknown_member_or_team() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.join_team(OWNER, NEW, SALES)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.leave_team(OWNER, NEW, SALES)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.join_team(OWNER, MATE, NO_TEAM)
    });
    assert_eq!(error, WorkspaceError::UnknownTeam(NO_TEAM));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.leave_team(OWNER, MATE, NO_TEAM)
    });
    assert_eq!(error, WorkspaceError::UnknownTeam(NO_TEAM));
}

#[test]
fn join_team_accepted_opens_accounts_both_ways() {
    let mut ws = fixture();
    blind(&ws, MATE2, C_MATE);
    blind(&ws, MATE, C_MATE2);
    let event = accepted(&mut ws, |ws| ws.join_team(ADMIN, MATE2, SALES));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(ADMIN),
            change: Change::JoinTeam {
                member: MATE2,
                team: SALES,
            },
            before: Before::Nothing,
        }
    );
    assert_eq!(sorted(teams_of(&ws, MATE2)), [SALES, SUPPORT]);
    // Teammates now share SALES: SameTeam ✔ both ways.
    sees(&ws, MATE2, C_MATE);
    sees(&ws, MATE, C_MATE2);
    sees(&ws, MATE2, C_AGENT);
    // An agent in SALES still keeps to their own account (SameTeam ✗).
    blind(&ws, AGENT, C_MATE2);
}

#[test]
fn leave_team_accepted_closes_accounts_and_keeps_assignments() {
    let mut ws = fixture();
    ws.assign(OWNER, C_OWNER, MATE).unwrap();
    sees(&ws, MATE_B, C_MATE);
    let event = accepted(&mut ws, |ws| ws.leave_team(OWNER, MATE, SALES));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(OWNER),
            change: Change::LeaveTeam {
                member: MATE,
                team: SALES,
            },
            before: Before::Nothing,
        }
    );
    assert!(teams_of(&ws, MATE).is_empty());
    blind(&ws, MATE_B, C_MATE);
    blind(&ws, MATE, C_AGENT);
    // The assignment is explicit access: it stays.
    assert_eq!(assignees(&ws, C_OWNER), [MATE, COLLAB]);
    sees(&ws, MATE, C_OWNER);
}

// ---------------------------------------------------------------------------------------
// delete a team | MANAGE_TEAM | unknown team; its members leave it
// ---------------------------------------------------------------------------------------

#[test]
fn delete_team_needs_manage_team() {
    let mut ws = fixture();
    for actor in [MATE, AGENT, COLLAB] {
        let denial = denied(&mut ws, |ws| ws.delete_team(actor, SALES));
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn delete_team_is_refused_for_an_unknown_team() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.delete_team(OWNER, NO_TEAM)
    });
    assert_eq!(error, WorkspaceError::UnknownTeam(NO_TEAM));
}

#[test]
fn delete_team_makes_its_members_leave_it_and_keeps_assignments() {
    let mut ws = fixture();
    ws.assign(OWNER, C_AGENT, MATE_B).unwrap();
    sees(&ws, MATE_B, C_MATE);
    sees(&ws, MATE, C_AGENT);

    let event = accepted(&mut ws, |ws| ws.delete_team(ADMIN, SALES));
    assert_eq!(event.actor, Some(ADMIN));
    assert_eq!(event.change, Change::DeleteTeam { team: SALES });
    match event.before {
        Before::TeamMembers(members) => {
            assert_eq!(sorted(members), [MATE, AGENT, MATE_B, DEL]);
        }
        other => panic!("the deletion's event records {other:?}, not the team's members"),
    }

    assert_eq!(sorted(ws.teams().collect()), [SUPPORT]);
    for member in [MATE, AGENT, MATE_B, DEL] {
        assert!(teams_of(&ws, member).is_empty(), "{member:?}");
    }
    assert_eq!(teams_of(&ws, MATE2), [SUPPORT]);
    // Teammates stop seeing each other's account chats.
    blind(&ws, MATE_B, C_MATE);
    blind(&ws, MATE, C_AGENT);
    blind(&ws, DEL, C_MATE);
    // Their own stay Own, and the assignment stays.
    sees(&ws, MATE, C_MATE);
    assert_eq!(assignees(&ws, C_AGENT), [MATE_B]);
    sees(&ws, MATE_B, C_AGENT);
    // Gone: joining it is refused as unknown.
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.join_team(OWNER, MATE, SALES)
    });
    assert_eq!(error, WorkspaceError::UnknownTeam(SALES));
}

// ---------------------------------------------------------------------------------------
// transfer ownership | MANAGE_WORKSPACE (the Owner) | new Owner unknown or removed
// ---------------------------------------------------------------------------------------

#[test]
fn transfer_ownership_needs_manage_workspace() {
    let mut ws = fixture();
    // An Admin's ceiling excludes manage_workspace, whatever they are granted.
    for actor in [ADMIN, LEAD, MATE, AGENT, COLLAB] {
        let denial = denied(&mut ws, |ws| ws.transfer_ownership(actor, actor));
        missing(denial, Permission::MANAGE_WORKSPACE);
        let denial = denied(&mut ws, |ws| ws.transfer_ownership(actor, MATE_B));
        missing(denial, Permission::MANAGE_WORKSPACE);
    }
    assert_eq!(ws.owner(), OWNER);
}

#[test]
fn transfer_ownership_is_refused_for_an_unknown_or_removed_member() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_ownership(OWNER, NEW)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    ws.remove_member(OWNER, ADMIN).unwrap().unwrap();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_ownership(OWNER, ADMIN)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(ADMIN));
    assert_eq!(ws.owner(), OWNER);
}

#[test]
fn transfer_ownership_makes_the_previous_owner_an_admin_with_the_default_grant() {
    let mut ws = fixture();
    let event = accepted(&mut ws, |ws| ws.transfer_ownership(OWNER, LEAD));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(OWNER),
            change: Change::TransferOwnership { member: LEAD },
            before: Before::Owner(OWNER),
        }
    );
    assert_eq!(ws.owner(), LEAD);
    // The new Owner holds everything, whatever their stored grants.
    assert_eq!(ws.subject(LEAD).unwrap().role(), Role::Owner);
    assert_eq!(ws.subject(LEAD).unwrap().effective(), everything());
    assert_allowed(
        ws.authorize(LEAD, Action::ManageBilling, Target::Workspace),
        LEAD,
    );
    assert_allowed(
        ws.authorize(LEAD, Action::ManageWorkspace, Target::Workspace),
        LEAD,
    );
    // The previous Owner: an Admin with the default grant (ADMIN, capped by the ceiling).
    let previous = stored(&ws, OWNER);
    assert_eq!(previous.role, Role::Admin);
    assert_eq!(previous.grants, None);
    assert!(previous.active);
    assert_allowed(
        ws.authorize(OWNER, Action::ManageTeam, Target::Workspace),
        OWNER,
    );
    for (action, flag) in [
        (Action::ManageBilling, Permission::MANAGE_BILLING),
        (Action::ManageWorkspace, Permission::MANAGE_WORKSPACE),
    ] {
        assert_missing(
            ws.authorize(OWNER, action, Target::Workspace),
            flag,
            "previous owner",
        );
    }
    // The new Owner is protected; the previous one no longer is.
    refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
        ws.set_role(OWNER, LEAD, Role::Admin)
    });
    accepted(&mut ws, |ws| ws.set_role(LEAD, OWNER, Role::Teammate));
}

// ---------------------------------------------------------------------------------------
// connect an account | the role connects accounts | the id is in use
// ---------------------------------------------------------------------------------------

#[test]
fn connect_account_is_denied_to_a_collaborator() {
    let mut ws = fixture();
    let denial = denied(&mut ws, |ws| ws.connect_account(COLLAB, A_NEW));
    assert!(
        matches!(denial, Denied::OutOfScope { .. }),
        "a collaborator connecting is out of scope, got {denial:?}"
    );
    assert_eq!(ws.connector(A_NEW), None);
}

#[test]
fn connect_account_is_refused_for_an_id_in_use() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.connect_account(MATE_B, A_MATE)
    });
    assert_eq!(error, WorkspaceError::DuplicateAccount(A_MATE));
    assert_eq!(ws.connector(A_MATE), Some(MATE));
}

#[test]
fn connect_account_accepted_makes_the_actor_its_connector() {
    let mut ws = fixture();
    // The role decides, not the grants: an agent granted nothing still connects.
    ws.set_permissions(OWNER, AGENT, Some(Permission::empty()))
        .unwrap();
    let event = accepted(&mut ws, |ws| ws.connect_account(AGENT, A_NEW));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(AGENT),
            change: Change::ConnectAccount { account: A_NEW },
            before: Before::Nothing,
        }
    );
    assert_eq!(ws.connector(A_NEW), Some(AGENT));
    ws.receive_chat(C_NEW, A_NEW).unwrap().unwrap();
    // Own, but granted nothing: in scope, missing view.
    assert_missing(
        ws.authorize(AGENT, Action::View, Target::Chat(C_NEW)),
        Permission::VIEW,
        "agent granted nothing",
    );
    // SALES teammates see it (SameTeam ✔), SUPPORT ones do not.
    sees(&ws, MATE, C_NEW);
    blind(&ws, MATE2, C_NEW);
}

// ---------------------------------------------------------------------------------------
// transfer an account to a member | MANAGE_TEAM | the member is removed or a Collaborator
// ---------------------------------------------------------------------------------------

#[test]
fn transfer_account_needs_manage_team() {
    let mut ws = fixture();
    // Not even the connector may hand their own account on.
    for actor in [MATE, AGENT, COLLAB] {
        let denial = denied(&mut ws, |ws| ws.transfer_account(actor, A_MATE, MATE_B));
        missing(denial, Permission::MANAGE_TEAM);
    }
}

#[test]
fn transfer_account_is_refused_to_a_removed_member_or_a_collaborator() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.transfer_account(OWNER, A_MATE, COLLAB)
    });
    assert_eq!(
        error,
        WorkspaceError::CollaboratorConnector {
            member: COLLAB,
            account: A_MATE,
        }
    );
    ws.remove_member(OWNER, MATE_B).unwrap().unwrap();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_account(OWNER, A_MATE, MATE_B)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(MATE_B));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_account(OWNER, A_MATE, NEW)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_account(OWNER, NO_ACCOUNT, MATE)
    });
    assert_eq!(error, WorkspaceError::UnknownAccount(NO_ACCOUNT));
    assert_eq!(ws.connector(A_MATE), Some(MATE));
}

#[test]
fn transfer_account_accepted_opens_its_chats_to_the_new_connector_and_their_teams() {
    let mut ws = fixture();
    let event = accepted(&mut ws, |ws| ws.transfer_account(ADMIN, A_MATE2, AGENT));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(ADMIN),
            change: Change::TransferAccount {
                account: A_MATE2,
                member: AGENT,
            },
            before: Before::Connector(MATE2),
        }
    );
    assert_eq!(ws.connector(A_MATE2), Some(AGENT));
    // Own for the agent, SameTeam for SALES teammates, OtherTeam for its old connector.
    sees(&ws, AGENT, C_MATE2);
    assert_allowed(
        ws.authorize(AGENT, Action::SendFrom, Target::Account(A_MATE2)),
        AGENT,
    );
    sees(&ws, MATE, C_MATE2);
    blind(&ws, MATE2, C_MATE2);
    assert_out_of_scope(
        ws.authorize(MATE2, Action::SendFrom, Target::Account(A_MATE2)),
        MATE2,
    );
}

// ---------------------------------------------------------------------------------------
// a chat arrives on an account | — | unknown account; the id is in use
// ---------------------------------------------------------------------------------------

#[test]
fn receive_chat_is_refused_for_an_unknown_account_or_an_id_in_use() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.receive_chat(C_NEW, NO_ACCOUNT)
    });
    assert_eq!(error, WorkspaceError::UnknownAccount(NO_ACCOUNT));
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.receive_chat(C_MATE, A_OWNER)
    });
    assert_eq!(error, WorkspaceError::DuplicateChat(C_MATE));
    assert_eq!(ws.chat_account(C_MATE), Some(A_MATE));
}

#[test]
fn receive_chat_accepted_has_no_actor_and_no_assignees() {
    let mut ws = fixture();
    let event = accepted(&mut ws, |ws| ws.receive_chat(C_NEW, A_MATE));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: None,
            change: Change::ReceiveChat {
                chat: C_NEW,
                account: A_MATE,
            },
            before: Before::Nothing,
        }
    );
    assert!(ws.chats().any(|c| c == C_NEW));
    assert_eq!(ws.chat_account(C_NEW), Some(A_MATE));
    assert!(assignees(&ws, C_NEW).is_empty());
    sees(&ws, MATE, C_NEW);
    sees(&ws, MATE_B, C_NEW);
    blind(&ws, AGENT, C_NEW);
    blind(&ws, COLLAB, C_NEW);
}

// ---------------------------------------------------------------------------------------
// assign a member to a chat / unassign | REPLY on that chat | member unknown or removed
// ---------------------------------------------------------------------------------------

#[test]
fn assign_and_unassign_need_reply_on_the_chat() {
    let mut ws = fixture();
    // Not visible: an agent and another team's chat, a collaborator and an unassigned chat.
    for (actor, chat) in [(AGENT, C_MATE), (MATE2, C_MATE), (COLLAB, C_MATE)] {
        let denial = denied(&mut ws, |ws| ws.assign(actor, chat, MATE_B));
        assert!(
            matches!(denial, Denied::OutOfScope { .. }),
            "{actor:?} {chat:?}: {denial:?}"
        );
        let denial = denied(&mut ws, |ws| ws.unassign(actor, chat, COLLAB));
        assert!(matches!(denial, Denied::OutOfScope { .. }), "{denial:?}");
    }
    // Visible, without reply: view + delete.
    let denial = denied(&mut ws, |ws| ws.assign(DEL, C_MATE, MATE_B));
    missing(denial, Permission::REPLY);
    // An Admin narrowed to manage_team + view: managing the team is not replying.
    let denial = denied(&mut ws, |ws| ws.assign(LEAD, C_OWNER, MATE_B));
    missing(denial, Permission::REPLY);
    let denial = denied(&mut ws, |ws| ws.unassign(LEAD, C_OWNER, COLLAB));
    missing(denial, Permission::REPLY);
}

#[test]
fn assign_and_unassign_are_refused_for_an_unknown_or_removed_member() {
    let mut ws = fixture();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.assign(OWNER, C_OWNER, NEW)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.unassign(OWNER, C_OWNER, NEW)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    ws.remove_member(OWNER, MATE_B).unwrap().unwrap();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.assign(OWNER, C_OWNER, MATE_B)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(MATE_B));
}

#[test]
fn assign_accepted_is_seen_by_the_next_decision_and_unassign_undoes_it() {
    let mut ws = fixture();
    blind(&ws, COLLAB, C_MATE);
    // A teammate who may reply to a SALES chat assigns it; no manage_team needed.
    let event = accepted(&mut ws, |ws| ws.assign(MATE_B, C_MATE, COLLAB));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(MATE_B),
            change: Change::Assign {
                chat: C_MATE,
                member: COLLAB,
            },
            before: Before::Nothing,
        }
    );
    assert_eq!(assignees(&ws, C_MATE), [COLLAB]);
    sees(&ws, COLLAB, C_MATE);
    assert_allowed(
        ws.authorize(COLLAB, Action::Reply, Target::Chat(C_MATE)),
        COLLAB,
    );
    // An assigned collaborator may reply, so may assign in turn.
    accepted(&mut ws, |ws| ws.assign(COLLAB, C_MATE, AGENT));
    sees(&ws, AGENT, C_MATE);

    let event = accepted(&mut ws, |ws| ws.unassign(MATE, C_MATE, COLLAB));
    assert_eq!(
        event,
        Event {
            revision: ws.revision(),
            actor: Some(MATE),
            change: Change::Unassign {
                chat: C_MATE,
                member: COLLAB,
            },
            before: Before::Nothing,
        }
    );
    assert_eq!(assignees(&ws, C_MATE), [AGENT]);
    blind(&ws, COLLAB, C_MATE);
}

// ---------------------------------------------------------------------------------------
// delete a chat | DELETE on that chat | unknown chat; gone for good, id free again
// ---------------------------------------------------------------------------------------

#[test]
fn delete_chat_needs_delete_on_the_chat() {
    let mut ws = fixture();
    // View + reply on their own chat: in scope, missing delete.
    let denial = denied(&mut ws, |ws| ws.delete_chat(AGENT, C_AGENT));
    missing(denial, Permission::DELETE);
    let denial = denied(&mut ws, |ws| ws.delete_chat(COLLAB, C_OWNER));
    missing(denial, Permission::DELETE);
    // View + delete, but not visible (SUPPORT's chat): out of scope.
    let denial = denied(&mut ws, |ws| ws.delete_chat(DEL, C_MATE2));
    assert!(matches!(denial, Denied::OutOfScope { .. }), "{denial:?}");
    assert_eq!(chats(&ws), [C_OWNER, C_MATE, C_AGENT, C_MATE2]);
}

#[test]
fn delete_chat_accepted_is_gone_for_good_and_its_id_is_free_again() {
    let mut ws = fixture();
    ws.assign(OWNER, C_MATE, COLLAB).unwrap();
    // View + delete on a SALES chat (SameTeam ✔).
    let event = accepted(&mut ws, |ws| ws.delete_chat(DEL, C_MATE));
    assert_eq!(event.actor, Some(DEL));
    assert_eq!(event.change, Change::DeleteChat { chat: C_MATE });
    assert_eq!(
        event.before,
        Before::Chat {
            account: A_MATE,
            assignees: vec![COLLAB],
        }
    );
    assert_eq!(chats(&ws), [C_OWNER, C_AGENT, C_MATE2]);
    assert_eq!(ws.chat_account(C_MATE), None);
    assert!(assignees(&ws, C_MATE).is_empty());
    for member in ACTIVE {
        blind(&ws, member, C_MATE);
    }
    // The account stays; the id is free again, and comes back with no assignees.
    assert_eq!(ws.connector(A_MATE), Some(MATE));
    accepted(&mut ws, |ws| ws.receive_chat(C_MATE, A_AGENT));
    assert_eq!(ws.chat_account(C_MATE), Some(A_AGENT));
    assert!(assignees(&ws, C_MATE).is_empty());
    blind(&ws, COLLAB, C_MATE);
    sees(&ws, AGENT, C_MATE);
}

#[test]
fn an_unknown_chat_is_out_of_scope_for_every_actor() {
    let mut ws = fixture();
    for actor in ACTIVE {
        for denial in [
            denied(&mut ws, |ws| ws.delete_chat(actor, NO_CHAT)),
            denied(&mut ws, |ws| ws.assign(actor, NO_CHAT, COLLAB)),
            denied(&mut ws, |ws| ws.unassign(actor, NO_CHAT, COLLAB)),
        ] {
            assert!(
                matches!(denial, Denied::OutOfScope { .. }),
                "{actor:?}: {denial:?}"
            );
        }
    }
    // A deleted chat is unknown like any other.
    ws.delete_chat(OWNER, C_AGENT).unwrap().unwrap();
    let denial = denied(&mut ws, |ws| ws.delete_chat(OWNER, C_AGENT));
    assert!(matches!(denial, Denied::OutOfScope { .. }), "{denial:?}");
}

// ---------------------------------------------------------------------------------------
// Every change names its actor: a removed or unknown actor is denied everything
// ---------------------------------------------------------------------------------------

#[test]
fn a_removed_or_unknown_actor_is_denied_every_change() {
    let mut ws = fixture();
    ws.remove_member(OWNER, ADMIN).unwrap().unwrap();
    for actor in [ADMIN, NEW] {
        let cases: [fn(&mut Workspace, MemberId) -> Outcome; 14] = [
            |ws, a| ws.add_member(a, MemberId::new(60), Role::Agent),
            |ws, a| ws.set_role(a, MATE_B, Role::Agent),
            |ws, a| ws.set_permissions(a, MATE_B, Some(Permission::VIEW)),
            |ws, a| ws.remove_member(a, MATE_B),
            |ws, a| ws.create_team(a, NO_TEAM),
            |ws, a| ws.delete_team(a, SALES),
            |ws, a| ws.join_team(a, MATE2, SALES),
            |ws, a| ws.leave_team(a, MATE, SALES),
            |ws, a| ws.transfer_ownership(a, MATE_B),
            |ws, a| ws.connect_account(a, A_NEW),
            |ws, a| ws.transfer_account(a, A_MATE, MATE_B),
            |ws, a| ws.assign(a, C_OWNER, MATE_B),
            |ws, a| ws.unassign(a, C_OWNER, COLLAB),
            |ws, a| ws.delete_chat(a, C_OWNER),
        ];
        for case in cases {
            assert_eq!(denied(&mut ws, |ws| case(ws, actor)), Denied::Inactive);
        }
    }
}

// ---------------------------------------------------------------------------------------
// A removed member can only be re-added
// ---------------------------------------------------------------------------------------

#[test]
fn a_removed_member_is_refused_as_an_unknown_one_with_the_same_error() {
    let cases: [(&str, Step); 9] = [
        ("set_role", |ws| ws.set_role(OWNER, GHOST, Role::Agent)),
        ("set_permissions", |ws| {
            ws.set_permissions(OWNER, GHOST, Some(Permission::VIEW))
        }),
        ("join_team", |ws| ws.join_team(OWNER, GHOST, SALES)),
        ("leave_team", |ws| ws.leave_team(OWNER, GHOST, SALES)),
        ("assign", |ws| ws.assign(OWNER, C_MATE, GHOST)),
        ("unassign", |ws| ws.unassign(OWNER, C_MATE, GHOST)),
        ("transfer_account", |ws| {
            ws.transfer_account(OWNER, A_MATE, GHOST)
        }),
        ("transfer_ownership", |ws| {
            ws.transfer_ownership(OWNER, GHOST)
        }),
        ("set_role by an admin", |ws| {
            ws.set_role(ADMIN, GHOST, Role::Teammate)
        }),
    ];
    let (mut removed, mut unknown) = ghost_twins();
    for (name, case) in cases {
        let for_removed = refused(&mut removed, ChangeErrorKind::NotFound, case);
        let for_unknown = refused(&mut unknown, ChangeErrorKind::NotFound, case);
        assert_eq!(
            for_removed, for_unknown,
            "{name}: a removed member is told apart from an unknown id"
        );
    }
    assert!(!removed.subject(GHOST).unwrap().is_active());
}

#[test]
fn removing_a_removed_member_again_changes_nothing() {
    let (mut removed, _) = ghost_twins();
    no_op(&mut removed, |ws| ws.remove_member(OWNER, GHOST));
    no_op(&mut removed, |ws| ws.remove_member(ADMIN, GHOST));
    // The first removal dropped GHOST's team and assignment.
    assert!(removed.subject(GHOST).unwrap().teams().is_empty());
    assert!(!removed.assignees(C_MATE).any(|m| m == GHOST));
}

#[test]
fn assigning_an_unknown_id_or_a_removed_member_is_refused_alike_for_a_replier_without_manage_team()
{
    let (mut removed, mut unknown) = ghost_twins();
    // MATE may reply to C_MATE (Own) and C_AGENT (SameTeam), and does not manage the team.
    assert_missing(
        removed.authorize(MATE, Action::ManageTeam, Target::Workspace),
        Permission::MANAGE_TEAM,
        MATE,
    );
    let cases: [Step; 4] = [
        |ws| ws.assign(MATE, C_MATE, GHOST),
        |ws| ws.assign(MATE, C_AGENT, GHOST),
        |ws| ws.unassign(MATE, C_MATE, GHOST),
        |ws| ws.unassign(MATE, C_AGENT, GHOST),
    ];
    for case in cases {
        let for_removed = refused(&mut removed, ChangeErrorKind::NotFound, case);
        let for_unknown = refused(&mut unknown, ChangeErrorKind::NotFound, case);
        assert_eq!(for_removed, for_unknown);
    }
    // In one workspace: an unknown id and a removed member, each named by itself.
    let error = refused(&mut removed, ChangeErrorKind::NotFound, |ws| {
        ws.assign(MATE, C_MATE, NEW)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut removed, ChangeErrorKind::NotFound, |ws| {
        ws.assign(MATE, C_MATE, GHOST)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(GHOST));
}

// ---------------------------------------------------------------------------------------
// No-ops: accepted, nothing changed, nothing recorded
// ---------------------------------------------------------------------------------------

#[test]
fn no_op_changes_return_none_and_leave_the_snapshot_equal() {
    let mut ws = fixture();
    ws.remove_member(OWNER, MATE_B).unwrap().unwrap();
    ws.set_permissions(OWNER, AGENT, Some(Permission::VIEW))
        .unwrap();
    // Removing a removed member.
    no_op(&mut ws, |ws| ws.remove_member(OWNER, MATE_B));
    // Unassigning someone not assigned; assigning someone assigned.
    no_op(&mut ws, |ws| ws.unassign(OWNER, C_MATE, COLLAB));
    no_op(&mut ws, |ws| ws.unassign(MATE, C_MATE, AGENT));
    no_op(&mut ws, |ws| ws.assign(OWNER, C_OWNER, COLLAB));
    no_op(&mut ws, |ws| ws.assign(ADMIN, C_OWNER, COLLAB));
    // The grants already granted: the default, and an explicit list.
    no_op(&mut ws, |ws| ws.set_permissions(OWNER, MATE, None));
    no_op(&mut ws, |ws| {
        ws.set_permissions(OWNER, AGENT, Some(Permission::VIEW))
    });
    no_op(&mut ws, |ws| {
        ws.set_permissions(ADMIN, DEL, Some(Permission::VIEW | Permission::DELETE))
    });
    // The role already held.
    no_op(&mut ws, |ws| ws.set_role(OWNER, MATE, Role::Teammate));
    no_op(&mut ws, |ws| ws.set_role(ADMIN, COLLAB, Role::Collaborator));
    // Joining a team one is in; leaving one not in.
    no_op(&mut ws, |ws| ws.join_team(OWNER, MATE, SALES));
    no_op(&mut ws, |ws| ws.leave_team(OWNER, MATE, SUPPORT));
    no_op(&mut ws, |ws| ws.leave_team(OWNER, COLLAB, SALES));
    // Transferring ownership to oneself; an account to its connector.
    no_op(&mut ws, |ws| ws.transfer_ownership(OWNER, OWNER));
    no_op(&mut ws, |ws| ws.transfer_account(OWNER, A_MATE, MATE));
    no_op(&mut ws, |ws| ws.transfer_account(ADMIN, A_OWNER, OWNER));
}

// ---------------------------------------------------------------------------------------
// Decided corners
// ---------------------------------------------------------------------------------------

#[test]
fn a_role_or_grant_change_naming_the_owner_is_owner_protected_even_when_it_changes_nothing() {
    let mut ws = fixture();
    for actor in [OWNER, ADMIN] {
        // The role already held, and the grants already stored (the default).
        let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
            ws.set_role(actor, OWNER, Role::Owner)
        });
        assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
        let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
            ws.set_permissions(actor, OWNER, None)
        });
        assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
    }
}

#[test]
fn an_actor_without_the_authority_is_denied_even_for_a_no_op() {
    let mut ws = fixture();
    ws.remove_member(OWNER, MATE_B).unwrap().unwrap();
    let cases: [(&str, Step); 10] = [
        ("remove a removed member", |ws| {
            ws.remove_member(MATE, MATE_B)
        }),
        ("the role held", |ws| ws.set_role(MATE, AGENT, Role::Agent)),
        ("the grants held", |ws| ws.set_permissions(MATE, MATE, None)),
        ("join a team one is in", |ws| {
            ws.join_team(MATE, MATE, SALES)
        }),
        ("leave a team one is not in", |ws| {
            ws.leave_team(AGENT, AGENT, SUPPORT)
        }),
        ("transfer an account to its connector", |ws| {
            ws.transfer_account(MATE, A_MATE, MATE)
        }),
        ("transfer ownership to the owner", |ws| {
            ws.transfer_ownership(ADMIN, OWNER)
        }),
        ("transfer ownership to oneself", |ws| {
            ws.transfer_ownership(ADMIN, ADMIN)
        }),
        ("unassign someone not assigned", |ws| {
            ws.unassign(AGENT, C_MATE, MATE)
        }),
        ("assign someone assigned", |ws| {
            ws.assign(LEAD, C_OWNER, COLLAB)
        }),
    ];
    for (name, case) in cases {
        let error = refused(&mut ws, ChangeErrorKind::Denied, case);
        assert!(
            matches!(error, WorkspaceError::Denied(_)),
            "{name}: {error:?}"
        );
    }
}

#[test]
fn the_default_grant_and_an_equal_explicit_list_are_different_grants() {
    let mut ws = fixture();
    // MATE holds the teammate default (reply); the same list, explicit, is a change.
    let event = accepted(&mut ws, |ws| {
        ws.set_permissions(OWNER, MATE, Some(Permission::REPLY))
    });
    assert_eq!(
        event.before,
        Before::Member {
            role: Role::Teammate,
            permissions: None,
        }
    );
    assert_eq!(stored(&ws, MATE).grants, Some(Permission::REPLY));
    assert_eq!(
        ws.subject(MATE).unwrap().effective(),
        set(&[Permission::VIEW, Permission::REPLY])
    );
    // And back to the default is a change too.
    let event = accepted(&mut ws, |ws| ws.set_permissions(OWNER, MATE, None));
    assert_eq!(
        event.before,
        Before::Member {
            role: Role::Teammate,
            permissions: Some(Permission::REPLY),
        }
    );
    assert_eq!(stored(&ws, MATE).grants, None);

    // They differ after a role change: the default follows the role, the list stays.
    ws.set_permissions(OWNER, MATE, Some(Permission::REPLY))
        .unwrap()
        .unwrap();
    ws.set_role(OWNER, MATE, Role::Admin).unwrap().unwrap();
    ws.set_role(OWNER, MATE_B, Role::Admin).unwrap().unwrap();
    assert_eq!(
        ws.subject(MATE).unwrap().effective(),
        set(&[Permission::VIEW, Permission::REPLY])
    );
    assert_missing(
        ws.authorize(MATE, Action::ManageTeam, Target::Workspace),
        Permission::MANAGE_TEAM,
        "explicit reply kept",
    );
    assert_allowed(
        ws.authorize(MATE_B, Action::ManageTeam, Target::Workspace),
        "the admin default",
    );
}

#[test]
fn changing_a_role_keeps_the_stored_grants() {
    let mut ws = fixture();
    let event = accepted(&mut ws, |ws| ws.set_role(OWNER, DEL, Role::Agent));
    assert_eq!(
        event.before,
        Before::Member {
            role: Role::Teammate,
            permissions: Some(Permission::VIEW | Permission::DELETE),
        }
    );
    assert_eq!(
        stored(&ws, DEL).grants,
        Some(Permission::VIEW | Permission::DELETE)
    );
    assert_eq!(
        ws.subject(DEL).unwrap().effective(),
        set(&[Permission::VIEW, Permission::DELETE])
    );
    // The default stays the default, and follows the role: a collaborator's reply.
    accepted(&mut ws, |ws| ws.set_role(OWNER, MATE_B, Role::Collaborator));
    assert_eq!(stored(&ws, MATE_B).grants, None);
    accepted(&mut ws, |ws| ws.set_role(OWNER, MATE_B, Role::Admin));
    assert_eq!(stored(&ws, MATE_B).grants, None);
    assert_allowed(
        ws.authorize(MATE_B, Action::ManageIntegrations, Target::Workspace),
        "the admin default",
    );
}

// ---------------------------------------------------------------------------------------
// The order of kinds: Denied, NotFound, OwnerProtected, Invalid, Escalation
// ---------------------------------------------------------------------------------------

#[test]
fn denied_comes_before_every_other_kind() {
    let mut ws = fixture();
    let cases: [(&str, Step); 10] = [
        // Denied and NotFound.
        ("unknown member", |ws| ws.set_role(MATE, NEW, Role::Agent)),
        ("unknown team", |ws| ws.join_team(MATE, MATE, NO_TEAM)),
        ("unknown account", |ws| {
            ws.transfer_account(MATE, NO_ACCOUNT, MATE)
        }),
        ("unknown new owner", |ws| ws.transfer_ownership(ADMIN, NEW)),
        ("assign unknown, invisible chat", |ws| {
            ws.assign(AGENT, C_MATE, NEW)
        }),
        // Denied and OwnerProtected.
        ("remove the owner", |ws| ws.remove_member(MATE, OWNER)),
        ("regrant the owner", |ws| {
            ws.set_permissions(AGENT, OWNER, None)
        }),
        // Denied and Invalid.
        ("duplicate member", |ws| {
            ws.add_member(MATE, ADMIN, Role::Admin)
        }),
        ("duplicate account", |ws| ws.connect_account(COLLAB, A_MATE)),
        // Denied and Escalation: a teammate making an Admin.
        ("escalation", |ws| ws.add_member(MATE, NEW, Role::Admin)),
    ];
    for (name, case) in cases {
        let error = refused(&mut ws, ChangeErrorKind::Denied, case);
        assert!(
            matches!(error, WorkspaceError::Denied(_)),
            "{name}: {error:?}"
        );
    }
}

#[test]
fn not_found_comes_before_invalid_and_escalation() {
    let mut ws = fixture();
    ws.remove_member(OWNER, COLLAB).unwrap().unwrap();
    // NotFound and Invalid.
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.set_role(OWNER, NEW, Role::Owner)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    // An unknown account, to a collaborator.
    ws.add_member(OWNER, MemberId::new(61), Role::Collaborator)
        .unwrap();
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_account(OWNER, NO_ACCOUNT, MemberId::new(61))
    });
    assert_eq!(error, WorkspaceError::UnknownAccount(NO_ACCOUNT));
    // A removed collaborator.
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.transfer_account(OWNER, A_MATE, COLLAB)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(COLLAB));
    // A chat id in use, on an unknown account.
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.receive_chat(C_MATE, NO_ACCOUNT)
    });
    assert_eq!(error, WorkspaceError::UnknownAccount(NO_ACCOUNT));
    // An unknown id is reported before the escalation rule is weighed: each of these, made
    // by the narrowed Admin (manage_team + view) of a known member, would give reply.
    // (NotFound and OwnerProtected never meet: the Owner is always a known member.)
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.set_role(LEAD, NEW, Role::Teammate)
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.set_permissions(LEAD, NEW, Some(Permission::REPLY))
    });
    assert_eq!(error, WorkspaceError::UnknownMember(NEW));
    let error = refused(&mut ws, ChangeErrorKind::NotFound, |ws| {
        ws.join_team(LEAD, MATE2, NO_TEAM)
    });
    assert_eq!(error, WorkspaceError::UnknownTeam(NO_TEAM));
}

#[test]
fn owner_protected_comes_before_invalid_and_escalation() {
    let mut ws = fixture();
    // OwnerProtected and Invalid: to Owner (a second Owner), to Collaborator (a connector).
    for role in [Role::Owner, Role::Collaborator] {
        let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
            ws.set_role(OWNER, OWNER, role)
        });
        assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
    }
    // OwnerProtected and Escalation: the narrowed Admin and the Owner, who holds everything.
    let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
        ws.set_permissions(LEAD, OWNER, Some(Permission::ADMIN))
    });
    assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
    let error = refused(&mut ws, ChangeErrorKind::OwnerProtected, |ws| {
        ws.set_role(LEAD, OWNER, Role::Teammate)
    });
    assert_eq!(error, WorkspaceError::OwnerProtected(OWNER));
}

#[test]
fn invalid_comes_before_escalation() {
    let mut ws = fixture();
    // The narrowed Admin (manage_team + view) cannot give reply; each case would.
    refused(&mut ws, ChangeErrorKind::Escalation, |ws| {
        ws.add_member(LEAD, NEW, Role::Teammate)
    });
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(LEAD, MATE_B, Role::Teammate)
    });
    assert_eq!(error, WorkspaceError::DuplicateMember(MATE_B));
    refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(LEAD, NEW, Role::Owner)
    });
    refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.set_role(LEAD, MATE_B, Role::Owner)
    });
    // MATE holds reply (view + reply), which the narrowed Admin does not: as a
    // collaborator still beyond them, and a connector besides.
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.set_role(LEAD, MATE, Role::Collaborator)
    });
    assert_eq!(
        error,
        WorkspaceError::CollaboratorConnector {
            member: MATE,
            account: A_MATE,
        }
    );
    // A removed connector re-added as a collaborator with reply.
    ws.remove_member(OWNER, MATE).unwrap().unwrap();
    let error = refused(&mut ws, ChangeErrorKind::Invalid, |ws| {
        ws.add_member(LEAD, MATE, Role::Collaborator)
    });
    assert_eq!(
        error,
        WorkspaceError::CollaboratorConnector {
            member: MATE,
            account: A_MATE,
        }
    );
}

// ---------------------------------------------------------------------------------------
// Every refused change leaves the snapshot equal (each `refused` above checks it; here
// every kind of change, refused, through the one vocabulary)
// ---------------------------------------------------------------------------------------

#[test]
fn every_refused_change_leaves_the_snapshot_equal() {
    let mut ws = fixture();
    ws.remove_member(OWNER, MATE_B).unwrap().unwrap();
    let cases: [(Option<MemberId>, Change); 17] = [
        (
            Some(MATE),
            Change::AddMember {
                member: NEW,
                role: Role::Agent,
                permissions: None,
            },
        ),
        (
            Some(OWNER),
            Change::AddMember {
                member: MATE_B,
                role: Role::Owner,
                permissions: None,
            },
        ),
        (
            Some(OWNER),
            Change::SetRole {
                member: MATE,
                role: Role::Collaborator,
            },
        ),
        (
            Some(LEAD),
            Change::SetPermissions {
                member: AGENT,
                permissions: Some(Permission::DELETE),
            },
        ),
        (Some(ADMIN), Change::RemoveMember { member: OWNER }),
        (Some(OWNER), Change::CreateTeam { team: SALES }),
        (Some(OWNER), Change::DeleteTeam { team: NO_TEAM }),
        (
            Some(OWNER),
            Change::JoinTeam {
                member: MATE_B,
                team: SALES,
            },
        ),
        (
            Some(OWNER),
            Change::LeaveTeam {
                member: MATE,
                team: NO_TEAM,
            },
        ),
        (Some(ADMIN), Change::TransferOwnership { member: ADMIN }),
        (Some(COLLAB), Change::ConnectAccount { account: A_NEW }),
        (
            Some(OWNER),
            Change::TransferAccount {
                account: A_MATE,
                member: COLLAB,
            },
        ),
        (
            None,
            Change::ReceiveChat {
                chat: C_OWNER,
                account: A_MATE,
            },
        ),
        (
            Some(AGENT),
            Change::Assign {
                chat: C_MATE,
                member: COLLAB,
            },
        ),
        (
            Some(DEL),
            Change::Unassign {
                chat: C_OWNER,
                member: COLLAB,
            },
        ),
        (Some(AGENT), Change::DeleteChat { chat: C_AGENT }),
        (Some(OWNER), Change::DeleteChat { chat: NO_CHAT }),
    ];
    let start = ws.snapshot();
    for (actor, change) in cases {
        let before = ws.snapshot();
        let outcome = ws.change(actor, change);
        assert!(outcome.is_err(), "{change:?} by {actor:?}: {outcome:?}");
        assert_eq!(ws.snapshot(), before, "{change:?} by {actor:?}");
    }
    assert_eq!(ws.snapshot(), start);
}

// ---------------------------------------------------------------------------------------
// `Workspace::change`: the same entry, by the vocabulary
// ---------------------------------------------------------------------------------------

#[test]
fn change_gives_the_same_result_as_the_named_method() {
    let cases: [(MemberId, Change, Step); 9] = [
        (
            OWNER,
            Change::AddMember {
                member: NEW,
                role: Role::Agent,
                permissions: Some(Permission::VIEW),
            },
            |ws| ws.add_member_with_permissions(OWNER, NEW, Role::Agent, Some(Permission::VIEW)),
        ),
        (
            MATE,
            Change::AddMember {
                member: NEW,
                role: Role::Agent,
                permissions: None,
            },
            |ws| ws.add_member(MATE, NEW, Role::Agent),
        ),
        (
            ADMIN,
            Change::SetRole {
                member: AGENT,
                role: Role::Teammate,
            },
            |ws| ws.set_role(ADMIN, AGENT, Role::Teammate),
        ),
        (OWNER, Change::RemoveMember { member: MATE }, |ws| {
            ws.remove_member(OWNER, MATE)
        }),
        (OWNER, Change::DeleteTeam { team: SALES }, |ws| {
            ws.delete_team(OWNER, SALES)
        }),
        (
            OWNER,
            Change::TransferAccount {
                account: A_MATE,
                member: MATE,
            },
            |ws| ws.transfer_account(OWNER, A_MATE, MATE),
        ),
        (
            MATE_B,
            Change::Assign {
                chat: C_MATE,
                member: COLLAB,
            },
            |ws| ws.assign(MATE_B, C_MATE, COLLAB),
        ),
        (DEL, Change::DeleteChat { chat: C_MATE }, |ws| {
            ws.delete_chat(DEL, C_MATE)
        }),
        (OWNER, Change::TransferOwnership { member: NEW }, |ws| {
            ws.transfer_ownership(OWNER, NEW)
        }),
    ];
    for (actor, change, method) in cases {
        let mut by_change = fixture();
        let mut by_method = fixture();
        let through_change = by_change.change(Some(actor), change);
        let through_method = method(&mut by_method);
        assert_eq!(through_change, through_method, "{change:?}");
        assert_eq!(by_change.snapshot(), by_method.snapshot(), "{change:?}");
    }
}

#[test]
fn receive_chat_goes_through_change_with_no_actor() {
    let mut by_change = fixture();
    let mut by_method = fixture();
    let chat = Change::ReceiveChat {
        chat: C_NEW,
        account: A_MATE2,
    };
    let event = accepted(&mut by_change, |ws| ws.change(None, chat));
    assert_eq!(
        event,
        Event {
            revision: by_change.revision(),
            actor: None,
            change: chat,
            before: Before::Nothing,
        }
    );
    assert_eq!(Ok(Some(event)), by_method.receive_chat(C_NEW, A_MATE2));
    assert_eq!(by_change.snapshot(), by_method.snapshot());
    sees(&by_change, MATE2, C_NEW);
    // Refused alike through both: an id in use.
    assert_eq!(
        by_change.change(None, chat),
        by_method.receive_chat(C_NEW, A_MATE2)
    );
    // A chat's arrival given an actor is refused.
    let arrival = Change::ReceiveChat {
        chat: ChatId::new(105),
        account: A_MATE2,
    };
    refused(&mut by_change, ChangeErrorKind::Invalid, |ws| {
        ws.change(Some(OWNER), arrival)
    });
    assert_eq!(by_change.chat_account(ChatId::new(105)), None);
}

#[test]
fn a_member_change_with_no_actor_is_refused() {
    let mut ws = fixture();
    let cases = [
        Change::AddMember {
            member: NEW,
            role: Role::Agent,
            permissions: None,
        },
        Change::SetRole {
            member: AGENT,
            role: Role::Teammate,
        },
        Change::RemoveMember { member: MATE },
        Change::CreateTeam { team: NO_TEAM },
        Change::ConnectAccount { account: A_NEW },
        Change::Assign {
            chat: C_OWNER,
            member: MATE,
        },
        Change::DeleteChat { chat: C_OWNER },
    ];
    for change in cases {
        let before = ws.snapshot();
        let outcome = ws.change(None, change);
        assert!(outcome.is_err(), "{change:?} with no actor: {outcome:?}");
        assert_eq!(ws.snapshot(), before, "{change:?}");
    }
}
