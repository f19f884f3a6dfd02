//! Proves the workspace's typed limits (teams per member, assignees per chat) through the
//! API and through `from_snapshot`, and that long team and assignee lists, built in any
//! order, decide exactly: a member shares a team or is assigned exactly when the lists say
//! so (what the sorted lists, the merge and the binary search must get right).

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking"
)]

use chatgate::{
    AccountId, ChatId, MemberId, MemberSnapshot, Role, SnapshotError, Target, TeamId, Workspace,
    WorkspaceError, WorkspaceSnapshot,
};

const OWNER: MemberId = MemberId::new(1);
const CHAT: ChatId = ChatId::new(100);
const ACCOUNT: AccountId = AccountId::new(10);

// The limits as the docs state them, written here independently of the constants.
const TEAMS_PER_MEMBER: usize = 4_096;
const ASSIGNEES_PER_CHAT: usize = 16_384;

#[test]
fn the_limits_are_the_documented_ones() {
    assert_eq!(Workspace::MAX_TEAMS_PER_MEMBER, TEAMS_PER_MEMBER);
    assert_eq!(Workspace::MAX_ASSIGNEES_PER_CHAT, ASSIGNEES_PER_CHAT);
}

#[test]
fn a_member_joins_at_most_the_limit_of_teams() {
    let mut ws = Workspace::new(OWNER);
    // Joined in descending id order: each join inserts at the front of the sorted list.
    for n in (0..TEAMS_PER_MEMBER as u128).rev() {
        ws.create_team(OWNER, TeamId::new(n)).unwrap();
        ws.join_team(OWNER, OWNER, TeamId::new(n)).unwrap();
    }
    ws.create_team(OWNER, TeamId::new(99_999)).unwrap();
    assert_eq!(
        ws.join_team(OWNER, OWNER, TeamId::new(99_999)),
        Err(WorkspaceError::TooManyTeams { member: OWNER })
    );
    // Joining a team one is in already is still accepted, and changes nothing.
    ws.join_team(OWNER, OWNER, TeamId::new(7)).unwrap();
    let teams = ws.subject(OWNER).unwrap().teams().len();
    assert_eq!(teams, TEAMS_PER_MEMBER);
}

#[test]
fn a_snapshot_past_the_team_limit_is_refused() {
    let teams: Vec<TeamId> = (0..=TEAMS_PER_MEMBER as u128).map(TeamId::new).collect();
    let snapshot = WorkspaceSnapshot {
        revision: 0,
        members: vec![MemberSnapshot {
            id: OWNER,
            role: Role::Owner,
            grants: None,
            teams: teams.clone(),
            active: true,
        }],
        teams,
        ..WorkspaceSnapshot::default()
    };
    assert_eq!(
        Workspace::from_snapshot(snapshot).unwrap_err(),
        SnapshotError::TooManyTeams { member: OWNER }
    );
}

/// A workspace with `members` Agents (ids 2, 3, …) besides the Owner, and one chat on the
/// Owner's account.
fn with_agents(members: u128) -> Workspace {
    let mut ws = Workspace::new(OWNER);
    for id in 2..2 + members {
        ws.add_member(OWNER, MemberId::new(id), Role::Agent)
            .unwrap();
    }
    ws.connect_account(OWNER, ACCOUNT).unwrap();
    ws.receive_chat(CHAT, ACCOUNT).unwrap();
    ws
}

#[test]
fn a_chat_takes_at_most_the_limit_of_assignees() {
    let mut ws = with_agents(ASSIGNEES_PER_CHAT as u128 + 1);
    for id in 2..2 + ASSIGNEES_PER_CHAT as u128 {
        ws.assign(OWNER, CHAT, MemberId::new(id)).unwrap();
    }
    let last = MemberId::new(2 + ASSIGNEES_PER_CHAT as u128);
    assert_eq!(
        ws.assign(OWNER, CHAT, last),
        Err(WorkspaceError::TooManyAssignees { chat: CHAT })
    );
    // Assigning someone assigned already is no new assignee, and is accepted.
    ws.assign(OWNER, CHAT, MemberId::new(2)).unwrap();
    assert_eq!(ws.assignees(CHAT).count(), ASSIGNEES_PER_CHAT);

    let mut snapshot = ws.snapshot();
    snapshot.chats[0].assignees.push(last);
    assert_eq!(
        Workspace::from_snapshot(snapshot).unwrap_err(),
        SnapshotError::TooManyAssignees { chat: CHAT }
    );
}

#[test]
fn long_assignee_lists_decide_exactly_whoever_was_assigned_in_any_order() {
    const AGENTS: u128 = 3_000;
    let mut ws = with_agents(AGENTS);
    // Every third agent, assigned from the last to the first, then some unassigned again.
    let assigned: Vec<u128> = (2..2 + AGENTS).filter(|id| id % 3 == 0).collect();
    for id in assigned.iter().rev() {
        ws.assign(OWNER, CHAT, MemberId::new(*id)).unwrap();
    }
    let unassigned: Vec<u128> = assigned.iter().copied().filter(|id| id % 7 == 0).collect();
    for id in &unassigned {
        ws.unassign(OWNER, CHAT, MemberId::new(*id)).unwrap();
    }
    let expected: Vec<u128> = assigned.iter().copied().filter(|id| id % 7 != 0).collect();
    for id in 2..2 + AGENTS {
        // An Agent sees a chat of another's account only when assigned to it.
        let allowed = ws
            .authorize(
                MemberId::new(id),
                chatgate::Action::Reply,
                Target::Chat(CHAT),
            )
            .is_ok();
        assert_eq!(allowed, expected.contains(&id), "agent {id}");
    }
    let mut who: Vec<u128> = ws
        .who_can(chatgate::Action::Reply, Target::Chat(CHAT))
        .map(MemberId::get)
        .collect();
    who.sort_unstable();
    let mut want = expected.clone();
    want.insert(0, OWNER.get());
    assert_eq!(who, want);
    // The snapshot lists each assignee once, and loads back to the same decisions.
    let snapshot = ws.snapshot();
    assert_eq!(snapshot.chats[0].assignees.len(), expected.len());
    let copy = Workspace::from_snapshot(snapshot.clone()).unwrap();
    assert_eq!(copy.snapshot(), snapshot);
}

#[test]
fn long_team_lists_share_a_team_exactly_when_one_is_common() {
    // Bea (a Teammate) and Ana (an Agent who connected the account), each in 200 teams of
    // their own, joined in an order that is not sorted; then one team in common, or none.
    let (bea, ana) = (MemberId::new(2), MemberId::new(3));
    for common in [None, Some(0_u128), Some(150), Some(399)] {
        let mut ws = Workspace::new(OWNER);
        ws.add_member(OWNER, bea, Role::Teammate).unwrap();
        ws.add_member(OWNER, ana, Role::Agent).unwrap();
        for n in 0..400_u128 {
            let team = TeamId::new((n * 7_919) % 400);
            ws.create_team(OWNER, team).unwrap();
        }
        for n in 0..400_u128 {
            let team = (n * 7_919) % 400;
            let member = if team % 2 == 0 { bea } else { ana };
            ws.join_team(OWNER, member, TeamId::new(team)).unwrap();
        }
        if let Some(team) = common {
            let other = if team % 2 == 0 { ana } else { bea };
            ws.join_team(OWNER, other, TeamId::new(team)).unwrap();
        }
        ws.connect_account(ana, ACCOUNT).unwrap();
        ws.receive_chat(CHAT, ACCOUNT).unwrap();
        let allowed = ws
            .authorize(bea, chatgate::Action::View, Target::Chat(CHAT))
            .is_ok();
        assert_eq!(allowed, common.is_some(), "common team {common:?}");
        let snapshot = ws.snapshot();
        let copy = Workspace::from_snapshot(snapshot).unwrap();
        assert_eq!(
            copy.authorize(bea, chatgate::Action::View, Target::Chat(CHAT))
                .is_ok(),
            common.is_some()
        );
    }
}
