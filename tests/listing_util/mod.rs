//! Random workspaces for the listing and SQL tests: every role, removed members and
//! connectors, empty teams, chats with and without assignees.

#![allow(dead_code, reason = "each test file uses part of this module")]

use chatgate::{
    Account, AccountId, AccountSnapshot, Chat, ChatId, ChatSnapshot, Connector, MemberId,
    MemberSnapshot, Permission, Role, TeamId, Workspace, WorkspaceSnapshot,
};
use proptest::prelude::*;

/// Teams 1..=3 are used; team 4 exists and is always empty.
pub const TEAMS: [u128; 4] = [1, 2, 3, 4];

fn member(id: u128) -> impl Strategy<Value = MemberSnapshot> {
    let role = if id == 1 {
        Just(Role::Owner).boxed()
    } else {
        prop::sample::select(vec![
            Role::Admin,
            Role::Teammate,
            Role::Agent,
            Role::Collaborator,
        ])
        .boxed()
    };
    (
        role,
        prop::option::of(0_u16..2048),
        prop::sample::subsequence(vec![1_u128, 2, 3], 0..=3),
        // The owner stays active; anyone else is removed one time in four.
        prop::bool::weighted(if id == 1 { 1.0 } else { 0.75 }),
    )
        .prop_map(move |(role, grants, teams, active)| MemberSnapshot {
            id: MemberId::new(id),
            role,
            grants: grants.map(Permission::from_bits_truncate),
            teams: teams.into_iter().map(TeamId::new).collect(),
            active,
        })
}

/// A snapshot of 1..=8 members, 0..=4 accounts and 0..=14 chats.
pub fn snapshot() -> impl Strategy<Value = WorkspaceSnapshot> {
    (1_u128..=8)
        .prop_flat_map(|count| (1..=count).map(member).collect::<Vec<_>>())
        .prop_flat_map(|members| {
            let connectors: Vec<MemberId> = members
                .iter()
                .filter(|m| m.role != Role::Collaborator)
                .map(|m| m.id)
                .collect();
            let ids: Vec<MemberId> = members.iter().map(|m| m.id).collect();
            let accounts = prop::collection::vec(prop::sample::select(connectors), 0..=4);
            (Just(members), accounts, Just(ids))
        })
        .prop_flat_map(|(members, connectors, ids)| {
            let account_count = connectors.len();
            let chats = if account_count == 0 {
                Just(Vec::new()).boxed()
            } else {
                prop::collection::vec(
                    (
                        0..account_count,
                        prop::sample::subsequence(ids.clone(), 0..=ids.len().min(3)),
                    ),
                    0..=14,
                )
                .boxed()
            };
            (Just(members), Just(connectors), chats)
        })
        .prop_map(|(members, connectors, chats)| WorkspaceSnapshot {
            revision: 0,
            members,
            teams: TEAMS.into_iter().map(TeamId::new).collect(),
            accounts: connectors
                .into_iter()
                .zip(10_u128..)
                .map(|(connector, id)| AccountSnapshot {
                    id: AccountId::new(id),
                    connector,
                })
                .collect(),
            chats: chats
                .into_iter()
                .zip(100_u128..)
                .map(|((account, assignees), id)| ChatSnapshot {
                    id: ChatId::new(id),
                    account: AccountId::new(10 + account as u128),
                    assignees,
                })
                .collect(),
        })
}

/// The workspace of a generated snapshot (which is always valid).
pub fn workspace(snapshot: &WorkspaceSnapshot) -> Workspace {
    Workspace::from_snapshot(snapshot.clone()).expect("generated snapshots are valid")
}

/// The member snapshot with `id`.
pub fn member_of(snapshot: &WorkspaceSnapshot, id: MemberId) -> &MemberSnapshot {
    snapshot
        .members
        .iter()
        .find(|m| m.id == id)
        .expect("a member")
}

/// The chats of a snapshot as borrowed views of the ownership model.
pub fn chat_views(snapshot: &WorkspaceSnapshot) -> Vec<Chat<'_>> {
    snapshot
        .chats
        .iter()
        .map(|chat| {
            let account = snapshot
                .accounts
                .iter()
                .find(|a| a.id == chat.account)
                .expect("an account");
            let connector = member_of(snapshot, account.connector);
            let view = Connector::new(connector.id).with_teams(&connector.teams);
            let view = if connector.active {
                view
            } else {
                view.removed()
            };
            Chat::new(chat.id, Account::new(account.id, view)).with_assignees(&chat.assignees)
        })
        .collect()
}

/// The tables, keys and indexes of the documented schema under `schema`'s names, with
/// `BIGINT` ids (the crate's own DDL).
pub fn sql_ddl(schema: &chatgate::Schema<'_>) -> String {
    schema
        .ddl(chatgate::IdType::BigInt)
        .expect("a schema the filter accepts")
}

/// The rows that store `snapshot` as tenant `tenant` under `schema`'s names, each an
/// `INSERT` with `$1`, `$2`, `$3` parameters (which SQLite and PostgreSQL both read): the
/// tenant, then the row's two ids. Worked out from the snapshot itself, not from the
/// crate's row helpers: team rows for active members only, as the documented schema
/// requires.
pub fn sql_rows(
    tenant: i64,
    snapshot: &WorkspaceSnapshot,
    schema: &chatgate::Schema<'_>,
) -> Vec<(String, [i64; 3])> {
    let int = |id: u128| i64::try_from(id).expect("small test ids");
    let s = schema;
    let insert = |table: &str| format!("INSERT INTO {table} VALUES ($1, $2, $3)");
    let mut rows = Vec::new();
    for account in &snapshot.accounts {
        rows.push((
            insert(s.accounts),
            [tenant, int(account.id.get()), int(account.connector.get())],
        ));
    }
    for chat in &snapshot.chats {
        rows.push((
            insert(s.chats),
            [tenant, int(chat.id.get()), int(chat.account.get())],
        ));
        for member in &chat.assignees {
            rows.push((
                insert(s.chat_assignees),
                [tenant, int(chat.id.get()), int(member.get())],
            ));
        }
    }
    for member in snapshot.members.iter().filter(|m| m.active) {
        for team in &member.teams {
            rows.push((
                insert(s.team_members),
                [tenant, int(team.get()), int(member.id.get())],
            ));
        }
    }
    rows
}

/// Every member id of any of `tenants`, once each, in order.
pub fn members_of(tenants: &[WorkspaceSnapshot]) -> Vec<MemberId> {
    let mut members: Vec<MemberId> = tenants
        .iter()
        .flat_map(|snapshot| snapshot.members.iter().map(|m| m.id))
        .collect();
    members.sort_unstable();
    members.dedup();
    members
}

/// The query that lists the chats `filter_text` selects.
pub fn select_chats(schema: &chatgate::Schema<'_>, filter_text: &str) -> String {
    format!(
        "SELECT {}.{} FROM {} WHERE {}",
        schema.chats, schema.chat_id, schema.chats, filter_text
    )
}

/// The chats `member` may take `action` on, by asking `authorize` about each chat.
pub fn allowed_chats(
    ws: &Workspace,
    member: MemberId,
    action: chatgate::Action,
) -> std::collections::BTreeSet<ChatId> {
    ws.chats()
        .filter(|chat| {
            ws.authorize(member, action, chatgate::Target::Chat(*chat))
                .is_ok()
        })
        .collect()
}

/// A 2,000-chat workspace for the query-plan tests: agent 2 connects account 11 (5% of the
/// chats) and is assigned one chat; collaborator 3 is assigned one; teammate 4 shares a team
/// with the Owner, who connects account 10. Returns it with agent, collaborator, teammate.
pub fn plan_workspace() -> (Workspace, [MemberId; 3]) {
    let owner = MemberId::new(1);
    let (dan, cleo, bea) = (MemberId::new(2), MemberId::new(3), MemberId::new(4));
    let mut ws = Workspace::new(owner);
    ws.add_member(owner, dan, Role::Agent).unwrap();
    ws.add_member(owner, cleo, Role::Collaborator).unwrap();
    ws.add_member(owner, bea, Role::Teammate).unwrap();
    ws.create_team(owner, TeamId::new(7)).unwrap();
    ws.join_team(owner, bea, TeamId::new(7)).unwrap();
    ws.join_team(owner, owner, TeamId::new(7)).unwrap();
    for (account, by) in [(10, owner), (11, dan)] {
        ws.connect_account(by, AccountId::new(account)).unwrap();
    }
    for chat in 0..2_000_u128 {
        let account = AccountId::new(if chat % 20 == 0 { 11 } else { 10 });
        ws.receive_chat(ChatId::new(1_000 + chat), account).unwrap();
    }
    ws.assign(owner, ChatId::new(1_001), cleo).unwrap();
    ws.assign(owner, ChatId::new(1_002), dan).unwrap();
    (ws, [dan, cleo, bea])
}
