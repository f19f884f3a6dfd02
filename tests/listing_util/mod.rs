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

/// The SQL that stores `snapshot` in the documented schema under `schema`'s names: the
/// tables (`BIGINT` ids), then each row as an `INSERT` with `$1`, `$2` parameters (which
/// SQLite and PostgreSQL both read). Team rows are written for active members only, as the
/// documented schema requires.
pub fn sql_rows(
    snapshot: &WorkspaceSnapshot,
    schema: &chatgate::Schema<'_>,
) -> (String, Vec<(String, [i64; 2])>) {
    let int = |id: u128| i64::try_from(id).expect("small test ids");
    let s = schema;
    let ddl = format!(
        "CREATE TABLE {} ({} BIGINT PRIMARY KEY, {} BIGINT NOT NULL);
         CREATE TABLE {} ({} BIGINT PRIMARY KEY, {} BIGINT NOT NULL);
         CREATE TABLE {} ({} BIGINT NOT NULL, {} BIGINT NOT NULL);
         CREATE TABLE {} ({} BIGINT NOT NULL, {} BIGINT NOT NULL);",
        s.accounts,
        s.account_id,
        s.account_connector,
        s.chats,
        s.chat_id,
        s.chat_account,
        s.team_members,
        s.team_members_team,
        s.team_members_member,
        s.chat_assignees,
        s.chat_assignees_chat,
        s.chat_assignees_member,
    );
    let insert = |table: &str| format!("INSERT INTO {table} VALUES ($1, $2)");
    let mut rows = Vec::new();
    for account in &snapshot.accounts {
        rows.push((
            insert(s.accounts),
            [int(account.id.get()), int(account.connector.get())],
        ));
    }
    for chat in &snapshot.chats {
        rows.push((
            insert(s.chats),
            [int(chat.id.get()), int(chat.account.get())],
        ));
        for member in &chat.assignees {
            rows.push((
                insert(s.chat_assignees),
                [int(chat.id.get()), int(member.get())],
            ));
        }
    }
    for member in snapshot.members.iter().filter(|m| m.active) {
        for team in &member.teams {
            rows.push((
                insert(s.team_members),
                [int(team.get()), int(member.id.get())],
            ));
        }
    }
    (ddl, rows)
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
