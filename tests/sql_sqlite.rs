//! The SQL filter is exact on a real SQLite: `SELECT id FROM chats WHERE <filter>` returns
//! exactly the chats `authorize` allows, for every member (removed ones included), every
//! chat action and random workspaces with empty teams; custom names work, and no schema
//! changes what the fragment means (random schemas whose names coincide with each other and
//! with the fragment's aliases are refused or exact); injected names and unnumberable
//! placeholders are refused; the team rows to mirror are those of active members.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test setup"
)]

mod listing_util;

use std::collections::BTreeSet;

use chatgate::{
    Action, ChatId, MemberId, Placeholders, Schema, SqlError, Workspace, WorkspaceSnapshot,
};
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
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_filter_selects_exactly_the_allowed_chats(snapshot in snapshot()) {
        check(&snapshot, &Schema::default())?;
    }

    /// No schema changes what the fragment means: one that names the fragment's own
    /// aliases is refused, and any other, with names that coincide with other tables' names
    /// or columns, selects exactly the allowed chats.
    #[test]
    fn every_schema_is_refused_or_selects_exactly_the_allowed_chats(
        snapshot in snapshot(),
        schema in schema(),
    ) {
        let probe = Workspace::new(MemberId::new(1));
        match probe.filter(MemberId::new(1), Action::View).to_sql(&schema, Placeholders::Question) {
            Err(SqlError::Reserved { .. }) => {}
            Err(other) => prop_assert!(false, "{other}"),
            Ok(_) => check(&snapshot, &schema)?,
        }
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
        assert_eq!(
            error,
            SqlError::NotAnIdentifier {
                name: name.to_owned()
            }
        );
    }
}

#[test]
fn the_fragments_aliases_are_reserved() {
    // The capture found in review: with an accounts table named like the inner alias, the
    // outer `cg_tc.member_id` bound to the alias, and "shares a team" became "is in any
    // team" (a teammate saw three chats where the workspace allows one).
    let ws = Workspace::new(MemberId::new(1));
    let filter = ws.filter(MemberId::new(1), Action::View);
    for schema in [
        Schema {
            accounts: "cg_tc",
            account_connector: "member_id",
            ..Schema::default()
        },
        Schema {
            team_members: "CG_TS",
            ..Schema::default()
        },
        Schema {
            chats: "inbox.cg_chats",
            ..Schema::default()
        },
        Schema {
            chat_id: "cg_id",
            ..Schema::default()
        },
    ] {
        let error = filter.to_sql(&schema, Placeholders::Question).unwrap_err();
        assert!(matches!(error, SqlError::Reserved { .. }), "{error}");
    }
    let qualified = Schema {
        account_connector: "cg.member_id",
        ..Schema::default()
    };
    assert!(filter.to_sql(&qualified, Placeholders::Question).is_err());
    let qualified = Schema {
        account_connector: "team_members.member_id",
        ..Schema::default()
    };
    assert_eq!(
        filter
            .to_sql(&qualified, Placeholders::Question)
            .unwrap_err(),
        SqlError::QualifiedColumn {
            name: "team_members.member_id".to_owned()
        }
    );
    // A schema-qualified table is a plain name.
    let in_schema = Schema {
        chats: "main.chats",
        ..Schema::default()
    };
    assert!(filter.to_sql(&in_schema, Placeholders::Question).is_ok());
}

#[test]
fn the_team_rows_to_mirror_are_those_of_active_members() {
    // A removed member stays in the snapshot with their teams; mirroring those rows would
    // make the chats of an account they connected same-team chats for their old team.
    let (owner, ana, bea) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
    let mut ws = Workspace::new(owner);
    ws.create_team(owner, chatgate::TeamId::new(7)).unwrap();
    for member in [ana, bea] {
        ws.add_member(owner, member, chatgate::Role::Teammate)
            .unwrap();
        ws.join_team(owner, member, chatgate::TeamId::new(7))
            .unwrap();
    }
    ws.connect_account(ana, chatgate::AccountId::new(10))
        .unwrap();
    ws.receive_chat(ChatId::new(100), chatgate::AccountId::new(10))
        .unwrap();
    // A removed member in a stored snapshot may still list teams: a file, an old dump.
    let mut snapshot = ws.snapshot();
    for member in &mut snapshot.members {
        if member.id == ana {
            member.active = false;
        }
    }
    let stored = Workspace::from_snapshot(snapshot).unwrap();
    assert!(stored.team_member_rows().all(|(_, member)| member != ana));
    ws.remove_member(owner, ana).unwrap();
    let rows: Vec<_> = ws.team_member_rows().collect();
    assert_eq!(rows, [(chatgate::TeamId::new(7), bea)]);
    // Stored so, the filter denies Bea the removed connector's chat, as the workspace does.
    let db = Connection::open_in_memory().unwrap();
    let (ddl, _) = sql_rows(&WorkspaceSnapshot::default(), &Schema::default());
    db.execute_batch(&ddl).unwrap();
    db.execute("INSERT INTO accounts VALUES (10, 2)", [])
        .unwrap();
    db.execute("INSERT INTO chats VALUES (100, 10)", [])
        .unwrap();
    for (team, member) in &rows {
        db.execute(
            "INSERT INTO team_members VALUES (?1, ?2)",
            [int(team.get()), int(member.get())],
        )
        .unwrap();
    }
    assert!(selected(&db, &ws, &Schema::default(), bea, Action::View).is_empty());
    assert_eq!(allowed_chats(&ws, bea, Action::View), BTreeSet::new());
}

#[test]
fn placeholders_number_from_one_to_65535() {
    let ws = Workspace::new(MemberId::new(1));
    let mut ws = ws;
    ws.add_member(MemberId::new(1), MemberId::new(2), chatgate::Role::Teammate)
        .unwrap();
    let filter = ws.filter(MemberId::new(2), Action::View);
    for first in [0, 65_533, usize::MAX] {
        assert_eq!(
            filter
                .to_sql(&Schema::default(), Placeholders::Dollar { first })
                .unwrap_err(),
            SqlError::Placeholder { first },
            "{first}"
        );
    }
    // A teammate's fragment holds four parameters: $65532 … $65535 is the highest start.
    let sql = filter
        .to_sql(&Schema::default(), Placeholders::Dollar { first: 65_532 })
        .unwrap();
    assert_eq!(sql.params().len(), 4);
    assert!(sql.text().contains("$65535") && !sql.text().contains("$65536"));
}

/// Table names: the documented ones, two spelled like the fragment's aliases, and one spelled
/// like a column.
const TABLES: [&str; 7] = [
    "chats",
    "accounts",
    "team_members",
    "chat_assignees",
    "cg_tc",
    "cg_ts",
    "member_id",
];
/// Column names, some spelled like tables or like the other tables' columns.
const COLUMNS: [&str; 5] = ["id", "member_id", "team_id", "cg_tc", "accounts"];

/// A random schema: four distinct tables, each with two distinct columns (the chats
/// table's account column and the assignees' chat column may match any other name).
fn schema() -> impl Strategy<Value = Schema<'static>> {
    let tables = prop::sample::subsequence(TABLES.to_vec(), 4).prop_shuffle();
    let pair = || prop::sample::subsequence(COLUMNS.to_vec(), 2).prop_shuffle();
    (tables, pair(), pair(), pair(), pair()).prop_map(|(t, c, a, m, x)| Schema {
        chats: t[0],
        chat_id: c[0],
        chat_account: c[1],
        accounts: t[1],
        account_id: a[0],
        account_connector: a[1],
        team_members: t[2],
        team_members_team: m[0],
        team_members_member: m[1],
        chat_assignees: t[3],
        chat_assignees_chat: x[0],
        chat_assignees_member: x[1],
    })
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
