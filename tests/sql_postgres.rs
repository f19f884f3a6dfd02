//! The SQL filter is exact on a real PostgreSQL with `$n` placeholders: the chats it
//! selects are exactly the chats of its tenant that the tenant's `authorize` allows, for
//! every member and chat action of one to three random workspaces stored in the same tables
//! with overlapping member, account and chat ids; and an agent's and a collaborator's
//! statement and fragment are planned over index ranges, never a sequential scan of the
//! chats. Needs `CHATGATE_PG` (a libpq connection string, as `.ci/postgres`
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

use chatgate::{
    Action, ChatId, MemberId, Page, Placeholders, Schema, Sql, Workspace, WorkspaceId,
    WorkspaceSnapshot,
};
use listing_util::{
    allowed_chats, members_of, plan_workspace, select_chats, snapshot, sql_ddl, sql_rows, workspace,
};
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

/// The rows `query` gives with the parameters of `sql`.
fn rows(db: &mut Client, query: &str, sql: &Sql) -> Vec<postgres::Row> {
    let params: Vec<i64> = sql
        .params()
        .iter()
        .map(|param| i64::try_from(param.value()).unwrap())
        .collect();
    let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = params
        .iter()
        .map(|p| p as &(dyn postgres::types::ToSql + Sync))
        .collect();
    db.query(query, &refs).unwrap()
}

/// The chat ids `query` selects with the parameters of `sql`.
fn chat_ids(db: &mut Client, query: &str, sql: &Sql) -> Vec<ChatId> {
    rows(db, query, sql)
        .iter()
        .map(|row| ChatId::new(u128::try_from(row.get::<_, i64>(0)).unwrap()))
        .collect()
}

/// Stores the tenants in one fresh schema (tenant `i + 1` the `i`th; their ids overlap),
/// checks every tenant's members and chat actions against that tenant's workspace, drops it.
fn check(db: &mut Client, run: u32, tenants: &[WorkspaceSnapshot]) -> Result<(), TestCaseError> {
    let schema_name = format!("cg_{}_{run}", std::process::id());
    db.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema_name} CASCADE; CREATE SCHEMA {schema_name}; \
         SET search_path TO {schema_name}"
    ))
    .unwrap();
    let schema = Schema::default();
    db.batch_execute(&sql_ddl(&schema)).unwrap();
    for (tenant, snapshot) in (1_i64..).zip(tenants) {
        for (insert, [t, a, b]) in sql_rows(tenant, snapshot, &schema) {
            db.execute(insert.as_str(), &[&t, &a, &b]).unwrap();
        }
    }
    let members = members_of(tenants);
    for (tenant, snapshot) in (1_u128..).zip(tenants) {
        let ws = workspace(snapshot);
        let tenant = WorkspaceId::new(tenant);
        for &member in &members {
            for action in [Action::View, Action::Reply, Action::Delete] {
                let sql = ws
                    .filter(member, action)
                    .to_sql(tenant, &schema, Placeholders::Dollar { first: 1 })
                    .unwrap();
                let query = select_chats(&schema, sql.text());
                let selected: BTreeSet<ChatId> = chat_ids(db, &query, &sql).into_iter().collect();
                let allowed = allowed_chats(&ws, member, action);
                // The statement, page by page (three a page), in id order.
                let mut listed: Vec<ChatId> = Vec::new();
                loop {
                    let page = Page {
                        after: listed.last().copied(),
                        limit: Some(3),
                    };
                    let sql = ws
                        .filter(member, action)
                        .to_select(tenant, &schema, Placeholders::Dollar { first: 1 }, page)
                        .unwrap();
                    let ids = chat_ids(db, sql.text(), &sql);
                    let full = ids.len() == 3;
                    listed.extend(ids);
                    if !full {
                        break;
                    }
                }
                prop_assert_eq!(
                    &listed,
                    &allowed.iter().copied().collect::<Vec<_>>(),
                    "tenant {} member {} {} pages",
                    tenant,
                    member,
                    action
                );
                prop_assert_eq!(
                    selected,
                    allowed,
                    "tenant {} member {} {}",
                    tenant,
                    member,
                    action
                );
            }
        }
    }
    db.batch_execute(&format!("DROP SCHEMA {schema_name} CASCADE"))
        .unwrap();
    Ok(())
}

#[test]
#[ignore = "needs CHATGATE_PG (a PostgreSQL connection string); .ci/run starts a server"]
fn the_filter_selects_exactly_the_allowed_chats_of_its_tenant_in_postgres() {
    let db = connect();
    let db = std::cell::RefCell::new(db);
    let run = std::cell::Cell::new(0);
    let mut runner = TestRunner::new(Config::with_cases(48));
    runner
        .run(&prop::collection::vec(snapshot(), 1..=3), |tenants| {
            run.set(run.get() + 1);
            check(&mut db.borrow_mut(), run.get(), &tenants)
        })
        .unwrap();
}

/// `EXPLAIN` of `member`'s statement for `page` (`None`: their fragment in
/// `SELECT … WHERE`), one line a plan node.
fn plan(db: &mut Client, ws: &Workspace, member: MemberId, page: Option<Page>) -> String {
    let (schema, tenant) = (Schema::default(), WorkspaceId::new(40));
    let filter = ws.filter(member, Action::View);
    let (sql, query) = match page {
        None => {
            let sql = filter
                .to_sql(tenant, &schema, Placeholders::Dollar { first: 1 })
                .unwrap();
            let query = select_chats(&schema, sql.text());
            (sql, query)
        }
        Some(page) => {
            let sql = filter
                .to_select(tenant, &schema, Placeholders::Dollar { first: 1 }, page)
                .unwrap();
            let query = sql.text().to_owned();
            (sql, query)
        }
    };
    rows(db, &format!("EXPLAIN {query}"), &sql)
        .iter()
        .map(|row| row.get::<_, String>(0))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
#[ignore = "needs CHATGATE_PG (a PostgreSQL connection string); .ci/run starts a server"]
fn an_agents_and_a_collaborators_queries_search_the_indexes_never_scan_the_chats_in_postgres() {
    let mut db = connect();
    let schema_name = format!("cg_plan_{}", std::process::id());
    db.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema_name} CASCADE; CREATE SCHEMA {schema_name}; \
         SET search_path TO {schema_name}"
    ))
    .unwrap();
    db.batch_execute(&sql_ddl(&Schema::default())).unwrap();
    // The 2,000-chat workspace as tenant 40, beside the same rows as tenant 41.
    let (ws, [dan, cleo, _]) = plan_workspace();
    let snapshot = ws.snapshot();
    for tenant in [40, 41] {
        for (insert, [t, a, b]) in sql_rows(tenant, &snapshot, &Schema::default()) {
            db.execute(insert.as_str(), &[&t, &a, &b]).unwrap();
        }
    }
    // At 4,000 rows a planner rightly reads the whole table; with sequential scans priced
    // out, the plan shows whether the indexes of `Schema::ddl` reach every term by ranges.
    db.batch_execute("ANALYZE; SET enable_seqscan = off")
        .unwrap();
    let page = Page {
        after: Some(ChatId::new(1_100)),
        limit: Some(50),
    };
    for (member, page, indexes) in [
        (
            dan,
            Some(page),
            &["cg_chats_by_account", "cg_chat_assignees_by_member"][..],
        ),
        (
            dan,
            Some(Page::default()),
            &["cg_chats_by_account", "cg_chat_assignees_by_member"][..],
        ),
        (cleo, Some(page), &["cg_chat_assignees_by_member"][..]),
        (cleo, None, &["cg_chat_assignees_by_member"][..]),
        // The agent's fragment: an `OR` of two subqueries, read from the tenant's range of
        // the chats' key.
        (dan, None, &["chats_pkey"][..]),
    ] {
        let plan = plan(&mut db, &ws, member, page);
        assert!(
            !plan.contains("Seq Scan on chats") && !plan.contains("Seq Scan on chat_assignees"),
            "{member} {page:?}: a sequential scan in\n{plan}"
        );
        for index in indexes {
            // `Index Scan using …`, `Index Only Scan using …`, `Bitmap Index Scan on …`.
            let searched = plan.lines().any(|line| {
                line.contains("Index")
                    && (line.contains(&format!(" using {index} "))
                        || line.contains(&format!(" on {index} ")))
            });
            assert!(searched, "{member} {page:?}: `{index}` unused in\n{plan}");
        }
    }
    db.batch_execute(&format!("DROP SCHEMA {schema_name} CASCADE"))
        .unwrap();
}
