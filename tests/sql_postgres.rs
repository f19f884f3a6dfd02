//! The SQL filter is exact on a real PostgreSQL with `$n` placeholders: the chats it
//! selects are exactly the chats `authorize` allows, for every member and chat action of
//! random workspaces. Needs `CHATGATE_PG` (a libpq connection string, as `.ci/postgres`
//! prints), so it is `#[ignore]`d: the runner lists it as ignored with that reason, and
//! `.ci/run` runs it with `--include-ignored`. Run so, it fails when `CHATGATE_PG` is unset
//! or names a server that does not answer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test setup"
)]

mod listing_util;

use std::collections::BTreeSet;

use chatgate::{Action, ChatId, Placeholders, Schema, WorkspaceSnapshot};
use listing_util::{allowed_chats, select_chats, snapshot, sql_rows, workspace};
use postgres::{Client, NoTls};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn connect() -> Client {
    let Ok(config) = std::env::var("CHATGATE_PG") else {
        panic!("CHATGATE_PG is not set: run `export CHATGATE_PG=\"$(bash .ci/postgres)\"` first");
    };
    match Client::connect(&config, NoTls) {
        Ok(client) => client,
        Err(error) => panic!("CHATGATE_PG is set ({config}) but no server answers: {error}"),
    }
}

/// Stores `snapshot` in a fresh schema, checks every member and chat action, drops it.
fn check(db: &mut Client, run: u32, snapshot: &WorkspaceSnapshot) -> Result<(), TestCaseError> {
    let schema_name = format!("cg_{}_{run}", std::process::id());
    db.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema_name} CASCADE; CREATE SCHEMA {schema_name}; \
         SET search_path TO {schema_name}"
    ))
    .unwrap();
    let schema = Schema::default();
    let (ddl, rows) = sql_rows(snapshot, &schema);
    db.batch_execute(&ddl).unwrap();
    for (insert, [a, b]) in rows {
        db.execute(insert.as_str(), &[&a, &b]).unwrap();
    }
    let ws = workspace(snapshot);
    for member in snapshot.members.iter().map(|m| m.id) {
        for action in [Action::View, Action::Reply, Action::Delete] {
            let sql = ws
                .filter(member, action)
                .to_sql(&schema, Placeholders::Dollar { first: 1 })
                .unwrap();
            let params: Vec<i64> = sql
                .params()
                .iter()
                .map(|id| i64::try_from(id.get()).unwrap())
                .collect();
            let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
                .iter()
                .map(|p| p as &(dyn postgres::types::ToSql + Sync))
                .collect();
            let selected: BTreeSet<ChatId> = db
                .query(select_chats(&schema, sql.text()).as_str(), &refs)
                .unwrap()
                .iter()
                .map(|row| ChatId::new(u128::try_from(row.get::<_, i64>(0)).unwrap()))
                .collect();
            prop_assert_eq!(
                selected,
                allowed_chats(&ws, member, action),
                "{} {}",
                member,
                action
            );
        }
    }
    db.batch_execute(&format!("DROP SCHEMA {schema_name} CASCADE"))
        .unwrap();
    Ok(())
}

#[test]
#[ignore = "needs CHATGATE_PG (a PostgreSQL connection string); .ci/run starts a server"]
fn the_filter_selects_exactly_the_allowed_chats_in_postgres() {
    let db = connect();
    let db = std::cell::RefCell::new(db);
    let run = std::cell::Cell::new(0);
    let mut runner = TestRunner::new(Config::with_cases(48));
    runner
        .run(&snapshot(), |snapshot| {
            run.set(run.get() + 1);
            check(&mut db.borrow_mut(), run.get(), &snapshot)
        })
        .unwrap();
}
