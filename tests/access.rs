//! What the seeds show a member: the access summary of the Settings page
//! (`Workspace::access`) for every role with its default grant and with narrowed and extra
//! grants, each expected value written by hand from POLICY.md's tables; the sentences of its
//! `Display`; no summary for a removed or unknown member; on random workspaces, a summary
//! that agrees with `authorize` and with the reference model of `tests/util`; and the assign
//! capability, which a UI draws from `capabilities`, agreeing with the assign change itself.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

mod listing_util;
mod util;

use chatgate::{
    Access, AccountId, Action, Capabilities, Categories, ChatId, HeldPermission, MemberId,
    Permission, PermissionSource, Role, Target, TeamId, Workspace, WorkspaceError,
};
use proptest::prelude::*;

use PermissionSource::{Granted, RoleDefault, RoleFloor};

const OWNER: MemberId = MemberId::new(1);
const ADMIN: MemberId = MemberId::new(2);
/// A teammate in `SALES`, with the Owner and the agent.
const MATE: MemberId = MemberId::new(3);
/// An agent in `SALES`.
const AGENT: MemberId = MemberId::new(4);
const COLLAB: MemberId = MemberId::new(5);
/// A teammate in `SUPPORT`, alone.
const MATE2: MemberId = MemberId::new(6);
const STRANGER: MemberId = MemberId::new(99);

const SALES: TeamId = TeamId::new(1);
const SUPPORT: TeamId = TeamId::new(2);

// Each member connects one account, in this order (the collaborator connects none).
const A_OWNER: AccountId = AccountId::new(10);
const A_ADMIN: AccountId = AccountId::new(20);
const A_MATE: AccountId = AccountId::new(30);
const A_AGENT: AccountId = AccountId::new(40);
const A_MATE2: AccountId = AccountId::new(60);
const EVERY_ACCOUNT: [AccountId; 5] = [A_OWNER, A_ADMIN, A_MATE, A_AGENT, A_MATE2];

// One chat on each account.
const C_OWNER: ChatId = ChatId::new(100);
const C_ADMIN: ChatId = ChatId::new(200);
const C_MATE: ChatId = ChatId::new(300);
const C_AGENT: ChatId = ChatId::new(400);
const C_MATE2: ChatId = ChatId::new(600);
const EVERY_CHAT: [ChatId; 5] = [C_OWNER, C_ADMIN, C_MATE, C_AGENT, C_MATE2];

/// The workspace actions, in the order of POLICY.md's actions table.
const WORKSPACE_ACTIONS: [Action; 8] = [
    Action::ConnectAccount,
    Action::ManageWorkspace,
    Action::ManageBilling,
    Action::ManageTeam,
    Action::ManageIntegrations,
    Action::ManageSettings,
    Action::ViewStats,
    Action::ManageForms,
];

/// Every member with their role's default grant; the Owner, the teammate and the agent in
/// `SALES`, the second teammate in `SUPPORT`, the admin and the collaborator in no team. The
/// collaborator is assigned to the Owner's and the teammate's chats, the agent to the second
/// teammate's.
fn fixture() -> Workspace {
    let mut ws = Workspace::new(OWNER);
    for (member, role) in [
        (ADMIN, Role::Admin),
        (MATE, Role::Teammate),
        (AGENT, Role::Agent),
        (COLLAB, Role::Collaborator),
        (MATE2, Role::Teammate),
    ] {
        ws.add_member(OWNER, member, role).unwrap();
    }
    ws.create_team(OWNER, SALES).unwrap();
    ws.create_team(OWNER, SUPPORT).unwrap();
    for (member, team) in [
        (OWNER, SALES),
        (MATE, SALES),
        (AGENT, SALES),
        (MATE2, SUPPORT),
    ] {
        ws.join_team(OWNER, member, team).unwrap();
    }
    for ((connector, account), chat) in [OWNER, ADMIN, MATE, AGENT, MATE2]
        .into_iter()
        .zip(EVERY_ACCOUNT)
        .zip(EVERY_CHAT)
    {
        ws.connect_account(connector, account).unwrap();
        ws.receive_chat(chat, account).unwrap();
    }
    for (chat, member) in [(C_OWNER, COLLAB), (C_MATE, COLLAB), (C_MATE2, AGENT)] {
        ws.assign(OWNER, chat, member).unwrap();
    }
    ws
}

/// The fixture with `member` granted `grants` (by the Owner, who holds everything).
fn granted(member: MemberId, grants: Permission) -> Workspace {
    let mut ws = fixture();
    ws.set_permissions(OWNER, member, Some(grants)).unwrap();
    ws
}

#[track_caller]
fn access(ws: &Workspace, member: MemberId) -> Access {
    ws.access(member)
        .unwrap_or_else(|| panic!("{member} has an access summary"))
}

fn implied(by: Permission) -> PermissionSource {
    PermissionSource::Implied { by }
}

/// The held flags, as listed.
fn held(flags: &[(Permission, PermissionSource)]) -> Vec<HeldPermission> {
    flags
        .iter()
        .map(|(permission, source)| HeldPermission {
            permission: *permission,
            source: *source,
        })
        .collect()
}

/// Every workspace action, allowed when it is in `allowed`.
fn sections(allowed: &[Action]) -> Vec<(Action, bool)> {
    WORKSPACE_ACTIONS
        .iter()
        .map(|action| (*action, allowed.contains(action)))
        .collect()
}

/// The parts of a summary, in one value, so that a case reads as one table row.
#[derive(Debug, PartialEq, Eq)]
struct Expected {
    role: Role,
    teams: Vec<TeamId>,
    visible: Categories,
    permissions: Vec<HeldPermission>,
    left_out_by_ceiling: Permission,
    usable_accounts: Vec<AccountId>,
    assigned_chats: Vec<ChatId>,
    workspace_actions: Vec<(Action, bool)>,
}

#[track_caller]
fn assert_access(ws: &Workspace, member: MemberId, expected: Expected) {
    let access = access(ws, member);
    assert_eq!(access.member, member);
    let actual = Expected {
        role: access.role,
        teams: access.teams,
        visible: access.visible,
        permissions: access.permissions,
        left_out_by_ceiling: access.left_out_by_ceiling,
        usable_accounts: access.usable_accounts,
        assigned_chats: access.assigned_chats,
        workspace_actions: access.workspace_actions,
    };
    assert_eq!(actual, expected, "{member}");
}

const ALL_CATEGORIES: Categories = Categories::OWN
    .union(Categories::SAME_TEAM)
    .union(Categories::OTHER_TEAM)
    .union(Categories::ASSIGNED);
const TEAMMATE_SEES: Categories = Categories::OWN
    .union(Categories::SAME_TEAM)
    .union(Categories::ASSIGNED);
const AGENT_SEES: Categories = Categories::OWN.union(Categories::ASSIGNED);

/// The ten flags `admin` implies besides itself, in the permission table's order.
const BELOW_ADMIN: [Permission; 10] = [
    Permission::VIEW,
    Permission::REPLY,
    Permission::DELETE,
    Permission::MANAGE_TEAM,
    Permission::MANAGE_SETTINGS,
    Permission::VIEW_STATS,
    Permission::MANAGE_FORMS,
    Permission::MANAGE_INTEGRATIONS,
    Permission::MANAGE_BILLING,
    Permission::MANAGE_WORKSPACE,
];

// ---------------------------------------------------------------------------------------
// Owner
// ---------------------------------------------------------------------------------------

#[test]
fn the_owner_holds_admin_by_default_and_everything_it_implies() {
    let mut permissions: Vec<_> = BELOW_ADMIN
        .iter()
        .map(|flag| (*flag, implied(Permission::ADMIN)))
        .collect();
    permissions.push((Permission::ADMIN, RoleDefault));
    assert_access(
        &fixture(),
        OWNER,
        Expected {
            role: Role::Owner,
            teams: vec![SALES],
            visible: ALL_CATEGORIES,
            permissions: held(&permissions),
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: EVERY_ACCOUNT.to_vec(),
            assigned_chats: vec![],
            workspace_actions: sections(&WORKSPACE_ACTIONS),
        },
    );
}

#[test]
fn an_owner_granted_less_still_holds_everything_by_their_role() {
    // The Owner's grants cannot be changed; a teammate granted Reply keeps that grant when
    // ownership is transferred to them, and holds everything all the same.
    let mut ws = fixture();
    ws.set_permissions(OWNER, MATE, Some(Permission::REPLY))
        .unwrap();
    ws.transfer_ownership(OWNER, MATE).unwrap();
    let mut permissions = vec![
        (Permission::VIEW, implied(Permission::REPLY)),
        (Permission::REPLY, Granted),
    ];
    for flag in &BELOW_ADMIN[2..] {
        permissions.push((*flag, RoleFloor));
    }
    permissions.push((Permission::ADMIN, RoleFloor));
    assert_access(
        &ws,
        MATE,
        Expected {
            role: Role::Owner,
            teams: vec![SALES],
            visible: ALL_CATEGORIES,
            permissions: held(&permissions),
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: EVERY_ACCOUNT.to_vec(),
            assigned_chats: vec![],
            workspace_actions: sections(&WORKSPACE_ACTIONS),
        },
    );
    // The previous Owner is an Admin with the default grant now.
    assert_eq!(access(&ws, OWNER).role, Role::Admin);
}

// ---------------------------------------------------------------------------------------
// Admin
// ---------------------------------------------------------------------------------------

/// What an Admin may do in the workspace under the default grant: all but billing and the
/// workspace itself.
const ADMIN_SECTIONS: [Action; 6] = [
    Action::ConnectAccount,
    Action::ManageTeam,
    Action::ManageIntegrations,
    Action::ManageSettings,
    Action::ViewStats,
    Action::ManageForms,
];

#[test]
fn an_admin_holds_what_admin_implies_under_the_admin_ceiling() {
    let permissions: Vec<_> = BELOW_ADMIN[..8]
        .iter()
        .map(|flag| (*flag, implied(Permission::ADMIN)))
        .collect();
    assert_access(
        &fixture(),
        ADMIN,
        Expected {
            role: Role::Admin,
            teams: vec![],
            visible: ALL_CATEGORIES,
            permissions: held(&permissions),
            left_out_by_ceiling: Permission::MANAGE_BILLING
                | Permission::MANAGE_WORKSPACE
                | Permission::ADMIN,
            usable_accounts: EVERY_ACCOUNT.to_vec(),
            assigned_chats: vec![],
            workspace_actions: sections(&ADMIN_SECTIONS),
        },
    );
}

#[test]
fn an_admin_narrowed_to_the_team_and_viewing_sends_from_no_account() {
    let ws = granted(ADMIN, Permission::MANAGE_TEAM | Permission::VIEW);
    assert_access(
        &ws,
        ADMIN,
        Expected {
            role: Role::Admin,
            teams: vec![],
            visible: ALL_CATEGORIES,
            permissions: held(&[
                (Permission::VIEW, Granted),
                (Permission::MANAGE_TEAM, Granted),
            ]),
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: vec![],
            assigned_chats: vec![],
            workspace_actions: sections(&[Action::ConnectAccount, Action::ManageTeam]),
        },
    );
}

#[test]
fn an_admin_granted_billing_too_does_not_hold_it() {
    let ws = granted(ADMIN, Permission::ADMIN | Permission::MANAGE_BILLING);
    let access = access(&ws, ADMIN);
    let permissions: Vec<_> = BELOW_ADMIN[..8]
        .iter()
        .map(|flag| (*flag, implied(Permission::ADMIN)))
        .collect();
    assert_eq!(access.permissions, held(&permissions));
    assert_eq!(
        access.left_out_by_ceiling,
        Permission::MANAGE_BILLING | Permission::MANAGE_WORKSPACE | Permission::ADMIN
    );
    assert_eq!(access.workspace_actions, sections(&ADMIN_SECTIONS));
}

// ---------------------------------------------------------------------------------------
// Teammate
// ---------------------------------------------------------------------------------------

/// What a Teammate, an Agent or a Collaborator may do in the workspace: connect an account,
/// except a Collaborator; no flag of the workspace is under their ceiling.
const CONNECT_ONLY: [Action; 1] = [Action::ConnectAccount];

#[test]
fn a_teammate_sends_from_their_own_and_their_teams_accounts() {
    assert_access(
        &fixture(),
        MATE,
        Expected {
            role: Role::Teammate,
            teams: vec![SALES],
            visible: TEAMMATE_SEES,
            permissions: held(&[
                (Permission::VIEW, implied(Permission::REPLY)),
                (Permission::REPLY, RoleDefault),
            ]),
            left_out_by_ceiling: Permission::empty(),
            // Their own, and those of the Owner and the agent, who share SALES; not the
            // admin's (in no team) nor SUPPORT's.
            usable_accounts: vec![A_OWNER, A_MATE, A_AGENT],
            assigned_chats: vec![],
            workspace_actions: sections(&CONNECT_ONLY),
        },
    );
    // The second teammate shares no team with anyone: their own account only.
    assert_eq!(access(&fixture(), MATE2).usable_accounts, [A_MATE2]);
}

#[test]
fn a_teammate_granted_the_default_explicitly_holds_it_as_granted() {
    // "The role's default" and an explicit list equal to it are different grants.
    let ws = granted(MATE, Permission::REPLY);
    assert_eq!(
        access(&ws, MATE).permissions,
        held(&[
            (Permission::VIEW, implied(Permission::REPLY)),
            (Permission::REPLY, Granted),
        ])
    );
}

#[test]
fn a_teammate_narrowed_to_view_reads_and_sends_from_nothing() {
    let ws = granted(MATE, Permission::VIEW);
    assert_access(
        &ws,
        MATE,
        Expected {
            role: Role::Teammate,
            teams: vec![SALES],
            visible: TEAMMATE_SEES,
            permissions: held(&[(Permission::VIEW, Granted)]),
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: vec![],
            assigned_chats: vec![],
            workspace_actions: sections(&CONNECT_ONLY),
        },
    );
}

#[test]
fn a_teammate_granted_team_management_does_not_hold_it() {
    let ws = granted(
        MATE,
        Permission::REPLY | Permission::DELETE | Permission::MANAGE_TEAM,
    );
    assert_access(
        &ws,
        MATE,
        Expected {
            role: Role::Teammate,
            teams: vec![SALES],
            visible: TEAMMATE_SEES,
            permissions: held(&[
                (
                    Permission::VIEW,
                    implied(Permission::REPLY | Permission::DELETE),
                ),
                (Permission::REPLY, Granted),
                (Permission::DELETE, Granted),
            ]),
            left_out_by_ceiling: Permission::MANAGE_TEAM,
            usable_accounts: vec![A_OWNER, A_MATE, A_AGENT],
            assigned_chats: vec![],
            workspace_actions: sections(&CONNECT_ONLY),
        },
    );
}

// ---------------------------------------------------------------------------------------
// Agent
// ---------------------------------------------------------------------------------------

#[test]
fn an_agent_sends_from_their_own_account_only_and_sees_their_assignments() {
    assert_access(
        &fixture(),
        AGENT,
        Expected {
            role: Role::Agent,
            teams: vec![SALES],
            visible: AGENT_SEES,
            permissions: held(&[
                (Permission::VIEW, implied(Permission::REPLY)),
                (Permission::REPLY, RoleDefault),
            ]),
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: vec![A_AGENT],
            assigned_chats: vec![C_MATE2],
            workspace_actions: sections(&CONNECT_ONLY),
        },
    );
}

#[test]
fn an_agent_granted_nothing_holds_nothing_but_still_connects_accounts() {
    let ws = granted(AGENT, Permission::empty());
    assert_access(
        &ws,
        AGENT,
        Expected {
            role: Role::Agent,
            teams: vec![SALES],
            visible: AGENT_SEES,
            permissions: vec![],
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: vec![],
            assigned_chats: vec![C_MATE2],
            workspace_actions: sections(&CONNECT_ONLY),
        },
    );
}

#[test]
fn an_agent_granted_delete_views_and_deletes_but_sends_from_nothing() {
    let ws = granted(AGENT, Permission::DELETE);
    let access = access(&ws, AGENT);
    assert_eq!(
        access.permissions,
        held(&[
            (Permission::VIEW, implied(Permission::DELETE)),
            (Permission::DELETE, Granted),
        ])
    );
    assert_eq!(access.usable_accounts, []);
}

// ---------------------------------------------------------------------------------------
// Collaborator
// ---------------------------------------------------------------------------------------

#[test]
fn a_collaborator_sees_their_assignments_and_nothing_of_the_workspace() {
    assert_access(
        &fixture(),
        COLLAB,
        Expected {
            role: Role::Collaborator,
            teams: vec![],
            visible: Categories::ASSIGNED,
            permissions: held(&[
                (Permission::VIEW, implied(Permission::REPLY)),
                (Permission::REPLY, RoleDefault),
            ]),
            left_out_by_ceiling: Permission::empty(),
            usable_accounts: vec![],
            assigned_chats: vec![C_OWNER, C_MATE],
            workspace_actions: sections(&[]),
        },
    );
}

#[test]
fn a_collaborator_granted_admin_holds_the_conversation_flags_only() {
    let ws = granted(COLLAB, Permission::ADMIN);
    assert_access(
        &ws,
        COLLAB,
        Expected {
            role: Role::Collaborator,
            teams: vec![],
            visible: Categories::ASSIGNED,
            permissions: held(&[
                (Permission::VIEW, implied(Permission::ADMIN)),
                (Permission::REPLY, implied(Permission::ADMIN)),
                (Permission::DELETE, implied(Permission::ADMIN)),
            ]),
            left_out_by_ceiling: Permission::MANAGE_TEAM
                | Permission::MANAGE_SETTINGS
                | Permission::VIEW_STATS
                | Permission::MANAGE_FORMS
                | Permission::MANAGE_INTEGRATIONS
                | Permission::MANAGE_BILLING
                | Permission::MANAGE_WORKSPACE
                | Permission::ADMIN,
            usable_accounts: vec![],
            assigned_chats: vec![C_OWNER, C_MATE],
            workspace_actions: sections(&[]),
        },
    );
}

#[test]
fn a_collaborator_narrowed_to_view_holds_view() {
    let ws = granted(COLLAB, Permission::VIEW);
    assert_eq!(
        access(&ws, COLLAB).permissions,
        held(&[(Permission::VIEW, Granted)])
    );
}

// ---------------------------------------------------------------------------------------
// No summary without access
// ---------------------------------------------------------------------------------------

#[test]
fn a_removed_or_unknown_member_has_no_summary() {
    let mut ws = fixture();
    assert_eq!(ws.access(STRANGER), None);
    ws.remove_member(OWNER, AGENT).unwrap();
    assert_eq!(ws.access(AGENT), None);
    // Still a member of the workspace's records, removed: `subject` tells the two apart.
    assert!(ws.subject(AGENT).is_some_and(|s| !s.is_active()));
    assert!(ws.subject(STRANGER).is_none());
    // Re-added, they start from nothing: in no team, assigned to nothing, their account
    // theirs again.
    ws.add_member(OWNER, AGENT, Role::Agent).unwrap();
    let back = access(&ws, AGENT);
    assert_eq!(back.teams, []);
    assert_eq!(back.assigned_chats, []);
    assert_eq!(back.usable_accounts, [A_AGENT]);
}

#[test]
fn changes_show_in_the_very_next_summary() {
    let mut ws = fixture();
    ws.leave_team(OWNER, MATE, SALES).unwrap();
    assert_eq!(access(&ws, MATE).teams, []);
    assert_eq!(access(&ws, MATE).usable_accounts, [A_MATE]);
    ws.assign(OWNER, C_ADMIN, MATE).unwrap();
    assert_eq!(access(&ws, MATE).assigned_chats, [C_ADMIN]);
    ws.delete_chat(OWNER, C_ADMIN).unwrap();
    assert_eq!(access(&ws, MATE).assigned_chats, []);
    ws.set_role(OWNER, MATE, Role::Agent).unwrap();
    assert_eq!(access(&ws, MATE).visible, AGENT_SEES);
}

// ---------------------------------------------------------------------------------------
// The sentences
// ---------------------------------------------------------------------------------------

#[test]
fn an_agent_reads_their_access_in_sentences() {
    assert_eq!(
        access(&fixture(), AGENT).to_string(),
        "`4` is an agent in team `1`.\n\
         They see chats of the accounts they connected and chats assigned to them.\n\
         They hold reply (their role's default grant); view (implied by reply).\n\
         They may send from account `40`.\n\
         They are assigned to chat `600`.\n\
         In the workspace they may `connect_account`; they may not `manage_workspace`, \
         `manage_billing`, `manage_team`, `manage_integrations`, `manage_settings`, \
         `view_stats`, `manage_forms`."
    );
}

#[test]
fn an_admin_reads_what_the_ceiling_leaves_out() {
    assert_eq!(
        access(&fixture(), ADMIN).to_string(),
        "`2` is an admin in no team.\n\
         They see every chat.\n\
         They hold view, reply, delete, manage_team, manage_settings, view_stats, \
         manage_forms, manage_integrations (implied by admin).\n\
         The admin ceiling leaves out manage_billing, manage_workspace, admin, which their \
         grants would bring.\n\
         They may send from accounts `10`, `20`, `30`, `40`, `60`.\n\
         They are assigned to no chat.\n\
         In the workspace they may `connect_account`, `manage_team`, `manage_integrations`, \
         `manage_settings`, `view_stats`, `manage_forms`; they may not `manage_workspace`, \
         `manage_billing`."
    );
}

#[test]
fn a_collaborator_and_an_owner_read_theirs() {
    assert_eq!(
        access(&granted(COLLAB, Permission::empty()), COLLAB).to_string(),
        "`5` is a collaborator in no team.\n\
         They see chats assigned to them.\n\
         They hold no permission.\n\
         They may send from no account.\n\
         They are assigned to chats `100`, `300`.\n\
         In the workspace they may not `connect_account`, `manage_workspace`, \
         `manage_billing`, `manage_team`, `manage_integrations`, `manage_settings`, \
         `view_stats`, `manage_forms`."
    );
    let mut ws = fixture();
    ws.set_permissions(OWNER, MATE, Some(Permission::REPLY))
        .unwrap();
    ws.transfer_ownership(OWNER, MATE).unwrap();
    let text = access(&ws, MATE).to_string();
    assert!(
        text.starts_with(
            "`3` is the owner in team `1`.\n\
             They see every chat.\n\
             They hold reply (granted); view (implied by reply); delete, manage_team, \
             manage_settings, view_stats, manage_forms, manage_integrations, manage_billing, \
             manage_workspace, admin (held by their role whatever was granted).\n\
             They may send from accounts `10`, `20`, `30`, `40`, `60`.\n"
        ),
        "{text}"
    );
    assert!(text.ends_with(
        "In the workspace they may `connect_account`, `manage_workspace`, `manage_billing`, \
         `manage_team`, `manage_integrations`, `manage_settings`, `view_stats`, `manage_forms`."
    ));
}

#[test]
fn every_sentence_is_a_line_in_the_crates_style() {
    for member in [OWNER, ADMIN, MATE, AGENT, COLLAB, MATE2] {
        let text = access(&fixture(), member).to_string();
        assert!(!text.ends_with('\n'), "{text}");
        for line in text.lines() {
            assert!(line.ends_with('.'), "{line}");
            assert!(line.starts_with(['`', 'T', 'I']), "{line}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// The assign capability
// ---------------------------------------------------------------------------------------

#[test]
fn the_assign_capability_is_exactly_what_the_assign_change_needs() {
    // For every member granted each of a few sets and every chat: `ASSIGN` is held exactly
    // when replying is allowed (POLICY.md: "assign a member to a chat / unassign them —
    // REPLY on that chat"), and exactly when `unassign` is not refused for the actor
    // (unassigning the Owner, who is assigned to nothing, changes nothing when allowed).
    for grants in [
        None,
        Some(Permission::VIEW),
        Some(Permission::VIEW | Permission::DELETE),
        Some(Permission::REPLY),
    ] {
        for member in [ADMIN, MATE, AGENT, COLLAB, MATE2] {
            let mut ws = fixture();
            ws.set_permissions(OWNER, member, grants).unwrap();
            for chat in EVERY_CHAT {
                let held = ws.capabilities(member, chat).contains(Capabilities::ASSIGN);
                let replies = ws
                    .authorize(member, Action::Reply, Target::Chat(chat))
                    .is_ok();
                assert_eq!(held, replies, "{member} {grants:?} {chat}");
                let unassign = ws.clone().unassign(member, chat, OWNER);
                match unassign {
                    Ok(None) => assert!(held, "{member} {grants:?} {chat}"),
                    Err(WorkspaceError::Denied(_)) => assert!(!held, "{member} {chat}"),
                    other => panic!("{member} {chat}: {other:?}"),
                }
            }
        }
    }
    // A reader of the Owner's chat (a teammate of SALES granted View) is refused the
    // assignment, and holds no `ASSIGN` on it.
    let mut ws = granted(MATE, Permission::VIEW);
    assert_eq!(ws.capabilities(MATE, C_OWNER), Capabilities::VIEW);
    assert!(matches!(
        ws.assign(MATE, C_OWNER, AGENT),
        Err(WorkspaceError::Denied(_))
    ));
}

// ---------------------------------------------------------------------------------------
// On random workspaces
// ---------------------------------------------------------------------------------------

/// The reference provenance of a member of `role` granted `grants` (`None`: the role's
/// default), from `tests/util`'s literal tables: each effective flag in the table's order
/// with its source, and what the closure brings beyond the effective set.
fn reference(role: Role, grants: Option<Permission>) -> (Vec<HeldPermission>, Permission) {
    let granted = grants.unwrap_or_else(|| util::ref_default_grant(role));
    let effective = util::ref_effective(role, granted);
    let brought = util::ref_closure(granted);
    let held = util::FLAGS
        .iter()
        .filter(|flag| effective.contains(**flag))
        .map(|flag| {
            let source = if granted.contains(*flag) && grants.is_some() {
                Granted
            } else if granted.contains(*flag) {
                RoleDefault
            } else if brought.contains(*flag) {
                implied(
                    util::FLAGS
                        .iter()
                        .filter(|by| {
                            granted.contains(**by) && util::ref_closure(**by).contains(*flag)
                        })
                        .fold(Permission::empty(), |set, by| set | *by),
                )
            } else {
                RoleFloor
            };
            HeldPermission {
                permission: *flag,
                source,
            }
        })
        .collect();
    (held, brought - effective)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every part of every member's summary agrees with `authorize` (accounts, workspace
    /// actions), with the stored state (teams, assignments) and with the reference model
    /// (the categories seen, each flag's source); removed and unknown members have none.
    #[test]
    fn a_summary_agrees_with_authorize_and_the_reference(snapshot in listing_util::snapshot()) {
        let ws = listing_util::workspace(&snapshot);
        prop_assert_eq!(ws.access(STRANGER), None);
        for member in &snapshot.members {
            let Some(access) = ws.access(member.id) else {
                prop_assert!(!member.active, "{} is active", member.id);
                continue;
            };
            prop_assert!(member.active);
            prop_assert_eq!(access.member, member.id);
            prop_assert_eq!(access.role, member.role);
            prop_assert_eq!(&access.teams, &member.teams);
            let visible = util::COLUMNS
                .iter()
                .enumerate()
                .filter(|(column, _)| util::VISIBLE[util::row(member.role)][*column])
                .fold(Categories::empty(), |set, (_, category)| set | *category);
            prop_assert_eq!(access.visible, visible);
            let (permissions, left_out) = reference(member.role, member.grants);
            prop_assert_eq!(&access.permissions, &permissions);
            prop_assert_eq!(access.left_out_by_ceiling, left_out);
            let usable: Vec<AccountId> = snapshot
                .accounts
                .iter()
                .map(|account| account.id)
                .filter(|account| {
                    ws.authorize(member.id, Action::SendFrom, Target::Account(*account)).is_ok()
                })
                .collect();
            prop_assert_eq!(&access.usable_accounts, &usable);
            let mut assigned: Vec<ChatId> = snapshot
                .chats
                .iter()
                .filter(|chat| chat.assignees.contains(&member.id))
                .map(|chat| chat.id)
                .collect();
            assigned.sort();
            prop_assert_eq!(&access.assigned_chats, &assigned);
            let decided: Vec<(Action, bool)> = WORKSPACE_ACTIONS
                .iter()
                .map(|action| {
                    (*action, ws.authorize(member.id, *action, Target::Workspace).is_ok())
                })
                .collect();
            prop_assert_eq!(&access.workspace_actions, &decided);
        }
    }
}
