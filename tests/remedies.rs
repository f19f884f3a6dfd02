//! Denials that say what would allow them (`Workspace::remedies`): every offered remedy,
//! made by the Owner, is accepted and turns the decision into an allow; a decision that
//! allows has none; and every single change of the family the remedies are drawn from that
//! would allow the decision (brute force over every such change, made by the Owner on a
//! copy) has a remedy of its kind offered, so a denial has none only where none exists.
//! Handing over the workspace (`transfer_ownership`) is never a remedy.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

use chatgate::{
    AccountId, Action, Authority, Change, ChatId, MemberId, Permission, Remedy, ResourceKind, Role,
    Target, TeamId, Workspace,
};
use proptest::prelude::*;

const OWNER: MemberId = MemberId::new(1);

// ---------------------------------------------------------------------------------------
// The stories: expected remedies read off POLICY.md
// ---------------------------------------------------------------------------------------

/// `olga` (owner, team 1, connects account 10 with chat 7), `dan` (agent, no team), `cleo`
/// (collaborator), `marta` (teammate granted view only, team 1), `pablo` (teammate, removed).
fn inbox() -> Workspace {
    let [dan, cleo, marta, pablo] = [2, 3, 4, 5].map(MemberId::new);
    let mut ws = Workspace::new(OWNER);
    ws.add_member(OWNER, dan, Role::Agent).unwrap();
    ws.add_member(OWNER, cleo, Role::Collaborator).unwrap();
    ws.add_member_with_permissions(OWNER, marta, Role::Teammate, Some(Permission::VIEW))
        .unwrap();
    ws.add_member(OWNER, pablo, Role::Teammate).unwrap();
    ws.create_team(OWNER, TeamId::new(1)).unwrap();
    ws.join_team(OWNER, OWNER, TeamId::new(1)).unwrap();
    ws.join_team(OWNER, marta, TeamId::new(1)).unwrap();
    ws.connect_account(OWNER, AccountId::new(10)).unwrap();
    ws.receive_chat(ChatId::new(7), AccountId::new(10)).unwrap();
    ws.remove_member(OWNER, pablo).unwrap();
    ws
}

fn changes(remedies: &[Remedy]) -> Vec<Change> {
    remedies.iter().map(|remedy| remedy.change).collect()
}

#[test]
fn an_agent_who_cannot_see_a_chat_is_assigned_or_given_the_account() {
    let ws = inbox();
    let (dan, chat) = (MemberId::new(2), ChatId::new(7));
    let remedies = ws.remedies(dan, Action::Reply, Target::Chat(chat));
    // Agents see own and assigned chats and hold REPLY by default: assigning them, or
    // making the account theirs, allows; joining team 1 does not (agents do not see
    // same-team chats), nor does making dan a teammate (in no team, dan would see no
    // same-team chat); making them an Admin (who sees every chat, default grant ADMIN) does.
    assert_eq!(
        changes(&remedies),
        [
            Change::Assign { chat, member: dan },
            Change::TransferAccount {
                account: AccountId::new(10),
                member: dan
            },
            Change::SetRole {
                member: dan,
                role: Role::Admin
            },
        ]
    );
    assert_eq!(remedies[0].by, Authority::Repliers { chat });
    assert_eq!(remedies[1].by, Authority::TeamManagers);
    assert_eq!(
        remedies[0].to_string(),
        "assign chat `7` member `2`: a member who may reply to chat `7` and do there all it \
         opens can"
    );
}

#[test]
fn a_viewer_who_may_not_reply_is_granted_reply_or_given_a_role_whose_default_holds_it() {
    let ws = inbox();
    let marta = MemberId::new(4);
    let remedies = ws.remedies(marta, Action::Reply, Target::Chat(ChatId::new(7)));
    // marta sees the chat (same team) and holds VIEW only: only a grant of REPLY allows (a
    // role change keeps her explicit grant of VIEW; an assignment gives no permission).
    assert_eq!(
        changes(&remedies),
        [Change::SetPermissions {
            member: marta,
            permissions: Some(Permission::VIEW | Permission::REPLY)
        }]
    );
}

#[test]
fn a_collaborator_is_assigned_and_never_handed_an_account() {
    let ws = inbox();
    let cleo = MemberId::new(3);
    let remedies = ws.remedies(cleo, Action::Reply, Target::Chat(ChatId::new(7)));
    // Collaborators see assigned chats only and connect no account.
    assert_eq!(
        changes(&remedies)[0],
        Change::Assign {
            chat: ChatId::new(7),
            member: cleo
        }
    );
    assert!(!changes(&remedies)
        .iter()
        .any(|change| matches!(change, Change::TransferAccount { .. })));
    // Connecting an account is out of a collaborator's scope: another role allows it.
    let remedies = ws.remedies(cleo, Action::ConnectAccount, Target::Workspace);
    assert_eq!(
        changes(&remedies),
        [
            Change::SetRole {
                member: cleo,
                role: Role::Admin
            },
            Change::SetRole {
                member: cleo,
                role: Role::Teammate
            },
            Change::SetRole {
                member: cleo,
                role: Role::Agent
            },
        ]
    );
}

#[test]
fn a_removed_member_can_only_be_re_added() {
    let ws = inbox();
    let pablo = MemberId::new(5);
    let remedies = ws.remedies(pablo, Action::ViewStats, Target::Workspace);
    // VIEW_STATS is under the Admin ceiling alone (POLICY.md's ceilings), and in the Admin
    // default grant (ADMIN): re-adding pablo as an Admin is the one change.
    assert_eq!(
        changes(&remedies),
        [Change::AddMember {
            member: pablo,
            role: Role::Admin,
            permissions: None
        }]
    );
}

#[test]
fn no_remedy_for_an_allowed_decision_an_unknown_id_or_the_wrong_resource() {
    let ws = inbox();
    assert!(ws
        .remedies(OWNER, Action::Reply, Target::Chat(ChatId::new(7)))
        .is_empty());
    assert!(ws
        .remedies(
            MemberId::new(9),
            Action::Reply,
            Target::Chat(ChatId::new(7))
        )
        .is_empty());
    assert!(ws
        .remedies(
            MemberId::new(2),
            Action::Reply,
            Target::Chat(ChatId::new(8))
        )
        .is_empty());
    assert!(ws
        .remedies(MemberId::new(2), Action::Reply, Target::Workspace)
        .is_empty());
}

// ---------------------------------------------------------------------------------------
// The property: offered remedies work, and none is missing from the family
// ---------------------------------------------------------------------------------------

fn pool_member() -> impl Strategy<Value = MemberId> {
    (1_u128..=6).prop_map(MemberId::new)
}

fn any_role() -> impl Strategy<Value = Role> {
    prop::sample::select(Role::ALL.to_vec())
}

fn grants() -> impl Strategy<Value = Option<Permission>> {
    prop_oneof![
        2 => Just(None),
        3 => (0_u16..(1 << 11)).prop_map(|bits| Some(Permission::from_bits_truncate(bits))),
    ]
}

/// A change of the kinds that build a workspace, with small ids.
fn setup_change() -> impl Strategy<Value = Change> {
    let team = (1_u128..=3).prop_map(TeamId::new);
    let account = (10_u128..=12).prop_map(AccountId::new);
    let chat = (100_u128..=105).prop_map(ChatId::new);
    prop_oneof![
        1 => (pool_member(), any_role(), grants()).prop_map(|(member, role, permissions)| {
            Change::AddMember { member, role, permissions }
        }),
        1 => team.clone().prop_map(|team| Change::CreateTeam { team }),
        3 => (pool_member(), team).prop_map(|(member, team)| Change::JoinTeam { member, team }),
        2 => account.clone().prop_map(|account| Change::ConnectAccount { account }),
        2 => (account.clone(), pool_member())
            .prop_map(|(account, member)| Change::TransferAccount { account, member }),
        3 => (chat.clone(), account).prop_map(|(chat, account)| Change::ReceiveChat { chat, account }),
        2 => (chat, pool_member()).prop_map(|(chat, member)| Change::Assign { chat, member }),
        1 => pool_member().prop_map(|member| Change::RemoveMember { member }),
    ]
}

/// Further members 2..=5 with `roles` and their grants, teams 1 and 2, accounts 10 and 11
/// connected by the Owner with chats 100..=103 on them, then `changes` made by the Owner
/// (the refused ones skipped).
fn build(members: &[(Role, Option<Permission>)], changes: &[Change]) -> Workspace {
    let mut ws = Workspace::new(OWNER);
    for (at, (role, permissions)) in (2_u128..).zip(members) {
        let _ = ws.add_member_with_permissions(OWNER, MemberId::new(at), *role, *permissions);
    }
    for team in 1..=2 {
        ws.create_team(OWNER, TeamId::new(team)).unwrap();
    }
    for account in 10..=11 {
        ws.connect_account(OWNER, AccountId::new(account)).unwrap();
    }
    for chat in 100..=103 {
        ws.receive_chat(ChatId::new(chat), AccountId::new(10 + chat % 2))
            .unwrap();
    }
    for change in changes {
        let actor = match change {
            Change::ReceiveChat { .. } => None,
            _ => Some(OWNER),
        };
        let _ = ws.change(actor, *change);
    }
    ws
}

/// Every change the remedies are drawn from, for `member`: every role and grant change
/// (grants: the default, everything, the ones held and each single flag), a re-add with
/// every role and those grants (of a member the workspace knows), every team joined, every account transferred to every
/// member, and the assignment to every chat.
fn family(ws: &Workspace, member: MemberId) -> Vec<Change> {
    let mut grant_sets = vec![None, Some(Permission::all())];
    let held = ws
        .subject(member)
        .map_or(Permission::empty(), |s| s.grants());
    for (_, flag) in Permission::all().iter_names() {
        grant_sets.push(Some(held | flag));
    }
    let mut family = Vec::new();
    for role in Role::ALL {
        family.push(Change::SetRole { member, role });
        // Re-adding: an id the workspace does not know has no remedy.
        if ws.subject(member).is_some() {
            for permissions in &grant_sets {
                family.push(Change::AddMember {
                    member,
                    role,
                    permissions: *permissions,
                });
            }
        }
    }
    for permissions in &grant_sets {
        family.push(Change::SetPermissions {
            member,
            permissions: *permissions,
        });
    }
    for team in ws.teams() {
        family.push(Change::JoinTeam { member, team });
    }
    let members: Vec<MemberId> = ws.members().map(|subject| subject.id()).collect();
    for (account, _) in ws.accounts() {
        for to in &members {
            family.push(Change::TransferAccount {
                account,
                member: *to,
            });
        }
    }
    for chat in ws.chats() {
        family.push(Change::Assign { chat, member });
    }
    family
}

/// Whether the offered `remedy` stands for the allowing `change` of the family.
fn same_kind(remedy: Change, change: Change) -> bool {
    match (remedy, change) {
        (Change::SetRole { role: a, .. }, Change::SetRole { role: b, .. })
        | (Change::AddMember { role: a, .. }, Change::AddMember { role: b, .. }) => a == b,
        (Change::SetPermissions { .. }, Change::SetPermissions { .. }) => true,
        (Change::JoinTeam { team: a, .. }, Change::JoinTeam { team: b, .. }) => a == b,
        (
            Change::TransferAccount { account: a, .. },
            Change::TransferAccount { account: b, .. },
        ) => a == b,
        (Change::Assign { chat: a, .. }, Change::Assign { chat: b, .. }) => a == b,
        _ => false,
    }
}

fn target_of(action: Action, account: u128, chat: u128) -> Target {
    match action.resource_kind() {
        ResourceKind::Workspace => Target::Workspace,
        ResourceKind::Account => Target::Account(AccountId::new(account)),
        ResourceKind::Chat => Target::Chat(ChatId::new(chat)),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn every_remedy_allows_and_a_denial_lacks_one_only_where_none_exists(
        members in prop::collection::vec((any_role(), grants()), 4),
        changes in prop::collection::vec(setup_change(), 0..16),
        member in pool_member(),
        action in prop::sample::select(Action::ALL.to_vec()),
        account in 10_u128..=12,
        chat in 100_u128..=104,
    ) {
        let ws = build(&members, &changes);
        let target = target_of(action, account, chat);
        let remedies = ws.remedies(member, action, target);
        if ws.authorize(member, action, target).is_ok() {
            prop_assert!(remedies.is_empty(), "an allowed decision with remedies {remedies:?}");
            return Ok(());
        }
        for remedy in &remedies {
            let mut after = ws.clone();
            let made = after.change(Some(OWNER), remedy.change);
            prop_assert!(matches!(made, Ok(Some(_))), "{remedy}: the Owner's change gave {made:?}");
            prop_assert!(
                after.authorize(member, action, target).is_ok(),
                "{remedy} made, and {member} {action} {target} is still {:?}",
                after.authorize(member, action, target)
            );
        }
        // Every change of the family that allows has a remedy of its kind among those
        // offered: the same change for an assignment or a team, the same role for a role
        // change or a re-add, a grant of the same member, a transfer of the account.
        for change in family(&ws, member) {
            let mut after = ws.clone();
            if matches!(after.change(Some(OWNER), change), Ok(Some(_)))
                && after.authorize(member, action, target).is_ok()
            {
                prop_assert!(
                    remedies.iter().any(|remedy| same_kind(remedy.change, change)),
                    "{change} allows {member} {action} {target}, but the remedies are {remedies:?}"
                );
            }
        }
    }
}
