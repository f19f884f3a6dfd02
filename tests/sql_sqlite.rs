//! The SQL filter is exact on a real SQLite: `SELECT id FROM chats WHERE <filter>` returns
//! exactly the chats `authorize` allows, for every member (removed ones included), every
//! chat action and random workspaces with empty teams; custom names work, injected names
//! are refused.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test setup")]

mod listing_util;

use std::collections::BTreeSet;

use chatgate::{Action, ChatId, MemberId, Placeholders, Schema, Workspace, WorkspaceSnapshot};
use listing_util::{allowed_chats, select_chats, snapshot, sql_rows, workspace};
use proptest::prelude::*;
use rusqlite::{params_from_iter, Connection};

fn int(id: u128) -> i64 {
    i64::try_from(id).expect("small test ids")
}

/// Stores `snapshot` in a fresh in-memory database.
fn store(snapshot: &WorkspaceSnapshot, schema: &Schema<'_>) -> Connection {
    let db = Connection::open_in_memory().unwrap();
    let (ddl, rows) = sql_rows(snapshot, schema);
    db.execute_batch(&ddl).unwrap();
    for (insert, values) in rows {
        db.execute(&insert, values).unwrap();
    }
    db
}

fn selected(
    db: &Connection,
    ws: &Workspace,
    schema: &Schema<'_>,
    member: MemberId,
    action: Action,
) -> BTreeSet<ChatId> {
    let sql = ws
        .filter(member, action)
        .to_sql(schema, Placeholders::Question)
        .unwrap();
    let mut statement = db.prepare(&select_chats(schema, sql.text())).unwrap();
    let params = sql.params().iter().map(|id| int(id.get()));
    statement
        .query_map(params_from_iter(params), |row| row.get::<_, i64>(0))
        .unwrap()
        .map(|id| ChatId::new(u128::try_from(id.unwrap()).unwrap()))
        .collect()
}

fn check(snapshot: &WorkspaceSnapshot, schema: &Schema<'_>) -> Result<(), TestCaseError> {
    let ws = workspace(snapshot);
    let db = store(snapshot, schema);
    for member in snapshot.members.iter().map(|m| m.id) {
        for action in [Action::View, Action::Reply, Action::Delete] {
            prop_assert_eq!(
                selected(&db, &ws, schema, member, action),
                allowed_chats(&ws, member, action),
                "{} {}",
                member,
                action
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn the_filter_selects_exactly_the_allowed_chats(snapshot in snapshot()) {
        check(&snapshot, &Schema::default())?;
    }

    #[test]
    fn renamed_tables_and_columns_work(snapshot in snapshot()) {
        let schema = Schema {
            chats: "conversation",
            chat_id: "conversation_id",
            chat_account: "number_id",
            accounts: "number",
            account_id: "number_id",
            account_connector: "owner_id",
            team_members: "membership",
            team_members_team: "group_id",
            team_members_member: "person_id",
            chat_assignees: "assignment",
            chat_assignees_chat: "conversation_id",
            chat_assignees_member: "person_id",
        };
        check(&snapshot, &schema)?;
    }
}

#[test]
fn an_injected_name_is_refused() {
    let ws = Workspace::new(MemberId::new(1));
    for name in [
        "chats; DROP TABLE chats",
        "",
        "my table",
        "1chats",
        "chats--",
    ] {
        let schema = Schema {
            chat_assignees: name,
            ..Schema::default()
        };
        let error = ws
            .filter(MemberId::new(1), Action::View)
            .to_sql(&schema, Placeholders::Question)
            .unwrap_err();
        assert_eq!(error.name(), name);
    }
}

#[test]
fn values_are_never_spliced_into_the_text() {
    let ws = Workspace::new(MemberId::new(1));
    let mut ws = ws;
    let agent = MemberId::new(123_456_789);
    ws.add_member(MemberId::new(1), agent, chatgate::Role::Agent)
        .unwrap();
    let sql = ws
        .filter(agent, Action::View)
        .to_sql(&Schema::default(), Placeholders::Dollar { first: 3 })
        .unwrap();
    assert!(!sql.text().contains("123456789"));
    assert!(sql.text().contains("$3") && sql.text().contains("$4"));
    assert_eq!(sql.params(), [agent, agent]);
}
