//! The SQL filter is exact on a real SQLite: `SELECT id FROM chats WHERE <filter>` returns
//! exactly the chats of its tenant that the tenant's `authorize` allows, for every member
//! (removed ones included, and ids of other tenants), every chat action and random
//! workspaces with empty teams, one to three tenants in the same tables sharing member,
//! account and chat ids; the owner's fragment lists one tenant, never the table; an agent's
//! and a collaborator's query search the tenant's index ranges, never scan the table; custom names work, and no schema
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
    Action, ChatId, MemberId, Page, Placeholders, Schema, SqlError, SqlParam, Workspace,
    WorkspaceId, WorkspaceSnapshot,
};
use listing_util::{
    allowed_chats, members_of, plan_workspace, select_chats, snapshot, sql_ddl, sql_rows, workspace,
};

/// The tenant of the tests that render one fragment.
const TENANT: WorkspaceId = WorkspaceId::new(40);
use proptest::prelude::*;
use rusqlite::{params_from_iter, Connection};

fn int(id: u128) -> i64 {
    i64::try_from(id).expect("small test ids")
}

/// Stores every snapshot of `tenants` in one fresh in-memory database, tenant `i + 1` the
/// `i`th: their member, account and chat ids overlap.
fn store(tenants: &[WorkspaceSnapshot], schema: &Schema<'_>) -> Connection {
    let db = Connection::open_in_memory().unwrap();
    db.execute_batch(&sql_ddl(schema)).unwrap();
    for (tenant, snapshot) in (1_i64..).zip(tenants) {
        for (insert, values) in sql_rows(tenant, snapshot, schema) {
            db.execute(&insert, values).unwrap();
        }
    }
    db
}

fn selected(
    db: &Connection,
    ws: &Workspace,
    tenant: WorkspaceId,
    schema: &Schema<'_>,
    member: MemberId,
    action: Action,
) -> BTreeSet<ChatId> {
    let sql = ws
        .filter(member, action)
        .to_sql(tenant, schema, Placeholders::Question)
        .unwrap();
    chat_ids(db, &select_chats(schema, sql.text()), &sql)
        .into_iter()
        .collect()
}

/// The chat ids `query` selects with `sql`'s parameters, in the order it gives them.
fn chat_ids(db: &Connection, query: &str, sql: &chatgate::Sql) -> Vec<ChatId> {
    let mut statement = db.prepare(query).unwrap();
    let params = sql.params().iter().map(|param| int(param.value()));
    statement
        .query_map(params_from_iter(params), |row| row.get::<_, i64>(0))
        .unwrap()
        .map(|id| ChatId::new(u128::try_from(id.unwrap()).unwrap()))
        .collect()
}

/// `member`'s chats listed by the statement, page by page (`size` a page; `None`: one
/// statement for the whole list), in the order the pages give them.
fn paged(
    db: &Connection,
    ws: &Workspace,
    tenant: WorkspaceId,
    schema: &Schema<'_>,
    member: MemberId,
    action: Action,
    size: Option<u32>,
) -> Vec<ChatId> {
    let mut listed = Vec::new();
    let mut after = None;
    loop {
        let page = Page { after, limit: size };
        let sql = ws
            .filter(member, action)
            .to_select(tenant, schema, Placeholders::Question, page)
            .unwrap();
        let ids = chat_ids(db, sql.text(), &sql);
        let full = size.is_some_and(|size| ids.len() == size as usize);
        after = ids.last().copied();
        listed.extend(ids);
        if !full {
            return listed;
        }
    }
}

/// For every tenant, every member (of that tenant, and ids of the other tenants) and chat
/// action: the fragment over the shared tables selects exactly what that tenant's workspace
/// allows, and the statement lists it in id order, whole and page by page (`size`).
fn check_paged(
    tenants: &[WorkspaceSnapshot],
    schema: &Schema<'_>,
    size: u32,
) -> Result<(), TestCaseError> {
    let db = store(tenants, schema);
    let members = members_of(tenants);
    for (tenant, snapshot) in (1_u128..).zip(tenants) {
        let ws = workspace(snapshot);
        let tenant = WorkspaceId::new(tenant);
        for &member in &members {
            for action in [Action::View, Action::Reply, Action::Delete] {
                let allowed = allowed_chats(&ws, member, action);
                prop_assert_eq!(
                    &selected(&db, &ws, tenant, schema, member, action),
                    &allowed,
                    "tenant {} member {} {}",
                    tenant,
                    member,
                    action
                );
                let in_order: Vec<ChatId> = allowed.iter().copied().collect();
                for size in [None, Some(size)] {
                    prop_assert_eq!(
                        &paged(&db, &ws, tenant, schema, member, action, size),
                        &in_order,
                        "tenant {} member {} {} pages of {:?}",
                        tenant,
                        member,
                        action,
                        size
                    );
                }
            }
        }
    }
    Ok(())
}

fn check(tenants: &[WorkspaceSnapshot], schema: &Schema<'_>) -> Result<(), TestCaseError> {
    check_paged(tenants, schema, 2)
}

/// One to three tenants.
fn tenants() -> impl Strategy<Value = Vec<WorkspaceSnapshot>> {
    prop::collection::vec(snapshot(), 1..=3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_filter_selects_exactly_the_allowed_chats_of_its_tenant(
        tenants in tenants(),
        size in 1_u32..=7,
    ) {
        check_paged(&tenants, &Schema::default(), size)?;
    }

    /// No schema changes what the fragment means: one that names the fragment's own
    /// aliases is refused, and any other, with names that coincide with other tables' names
    /// or columns, selects exactly the allowed chats.
    #[test]
    fn every_schema_is_refused_or_selects_exactly_the_allowed_chats(
        tenants in tenants(),
        schema in schema(),
    ) {
        let probe = Workspace::new(MemberId::new(1));
        match probe.filter(MemberId::new(1), Action::View).to_sql(TENANT, &schema, Placeholders::Question) {
            Err(SqlError::Reserved { .. }) => {}
            Err(other) => prop_assert!(false, "{other}"),
            Ok(_) => check(&tenants, &schema)?,
        }
    }

    #[test]
    fn renamed_tables_and_columns_work(tenants in tenants()) {
        let schema = Schema {
            chats: "conversation",
            chats_tenant: "org",
            accounts_tenant: "org_id",
            team_members_tenant: "tenant",
            chat_assignees_tenant: "company",
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
        check(&tenants, &schema)?;
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
            .to_sql(TENANT, &schema, Placeholders::Question)
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
        let error = filter
            .to_sql(TENANT, &schema, Placeholders::Question)
            .unwrap_err();
        assert!(matches!(error, SqlError::Reserved { .. }), "{error}");
    }
    let qualified = Schema {
        account_connector: "cg.member_id",
        ..Schema::default()
    };
    assert!(filter
        .to_sql(TENANT, &qualified, Placeholders::Question)
        .is_err());
    let qualified = Schema {
        account_connector: "team_members.member_id",
        ..Schema::default()
    };
    assert_eq!(
        filter
            .to_sql(TENANT, &qualified, Placeholders::Question)
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
    assert!(filter
        .to_sql(TENANT, &in_schema, Placeholders::Question)
        .is_ok());
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
    db.execute_batch(&sql_ddl(&Schema::default())).unwrap();
    db.execute("INSERT INTO accounts VALUES (40, 10, 2)", [])
        .unwrap();
    db.execute("INSERT INTO chats VALUES (40, 100, 10)", [])
        .unwrap();
    for (team, member) in &rows {
        db.execute(
            "INSERT INTO team_members VALUES (40, ?1, ?2)",
            [int(team.get()), int(member.get())],
        )
        .unwrap();
    }
    assert!(selected(&db, &ws, TENANT, &Schema::default(), bea, Action::View).is_empty());
    assert_eq!(allowed_chats(&ws, bea, Action::View), BTreeSet::new());
}

#[test]
fn placeholders_number_from_one_to_65535() {
    let ws = Workspace::new(MemberId::new(1));
    let mut ws = ws;
    ws.add_member(MemberId::new(1), MemberId::new(2), chatgate::Role::Teammate)
        .unwrap();
    let filter = ws.filter(MemberId::new(2), Action::View);
    for first in [0, 65_528, usize::MAX] {
        assert_eq!(
            filter
                .to_sql(TENANT, &Schema::default(), Placeholders::Dollar { first })
                .unwrap_err(),
            SqlError::Placeholder { first },
            "{first}"
        );
    }
    // A teammate's fragment holds nine parameters: $65527 … $65535 is the highest start.
    let sql = filter
        .to_sql(
            TENANT,
            &Schema::default(),
            Placeholders::Dollar { first: 65_527 },
        )
        .unwrap();
    assert_eq!(sql.params().len(), 9);
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
const COLUMNS: [&str; 6] = [
    "id",
    "member_id",
    "team_id",
    "cg_tc",
    "accounts",
    "workspace_id",
];

/// A random schema: four distinct tables, each with three distinct columns, one its tenant
/// column (names may match other tables' names and columns).
fn schema() -> impl Strategy<Value = Schema<'static>> {
    let tables = prop::sample::subsequence(TABLES.to_vec(), 4).prop_shuffle();
    let pair = || prop::sample::subsequence(COLUMNS.to_vec(), 3).prop_shuffle();
    (tables, pair(), pair(), pair(), pair()).prop_map(|(t, c, a, m, x)| Schema {
        chats: t[0],
        chats_tenant: c[2],
        chat_id: c[0],
        chat_account: c[1],
        accounts: t[1],
        accounts_tenant: a[2],
        account_id: a[0],
        account_connector: a[1],
        team_members: t[2],
        team_members_tenant: m[2],
        team_members_team: m[0],
        team_members_member: m[1],
        chat_assignees: t[3],
        chat_assignees_tenant: x[2],
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
        .to_sql(
            TENANT,
            &Schema::default(),
            Placeholders::Dollar { first: 3 },
        )
        .unwrap();
    assert!(!sql.text().contains("123456789") && !sql.text().contains("40"));
    assert!(sql.text().contains("$3") && sql.text().contains("$8") && !sql.text().contains("$9"));
    let (t, a) = (SqlParam::Tenant(TENANT), SqlParam::Member(agent));
    assert_eq!(sql.params(), [t, t, a, t, t, a]);
}

#[test]
fn an_owners_fragment_lists_the_tenants_chats_never_the_tables() {
    // Two tenants with the same ids: the Owner of tenant 40 sees its one chat, not both.
    let owner = MemberId::new(1);
    let mut ws = Workspace::new(owner);
    ws.connect_account(owner, chatgate::AccountId::new(10))
        .unwrap();
    ws.receive_chat(ChatId::new(100), chatgate::AccountId::new(10))
        .unwrap();
    let db = Connection::open_in_memory().unwrap();
    db.execute_batch(&sql_ddl(&Schema::default())).unwrap();
    for tenant in [40, 41] {
        db.execute("INSERT INTO accounts VALUES (?1, 10, 1)", [tenant])
            .unwrap();
        db.execute(
            "INSERT INTO chats VALUES (?1, ?2, 10)",
            [tenant, 100 + tenant],
        )
        .unwrap();
    }
    let seen = selected(&db, &ws, TENANT, &Schema::default(), owner, Action::View);
    assert_eq!(seen, BTreeSet::from([ChatId::new(140)]));
    let sql = ws
        .filter(owner, Action::View)
        .to_sql(TENANT, &Schema::default(), Placeholders::Question)
        .unwrap();
    assert_eq!(sql.text(), "(chats.workspace_id = ?)");
}

/// The plan SQLite chooses for `member`'s inbox — the fragment in `SELECT … WHERE`, or with
/// `page` the statement — on a 2,000-chat tenant beside another.
fn query_plan(ws: &Workspace, member: MemberId) -> String {
    plan_of(ws, member, None)
}

fn plan_of(ws: &Workspace, member: MemberId, page: Option<Page>) -> String {
    let db = Connection::open_in_memory().unwrap();
    let schema = Schema::default();
    db.execute_batch(&sql_ddl(&schema)).unwrap();
    let snapshot = ws.snapshot();
    for tenant in [40, 41] {
        for (insert, values) in sql_rows(tenant, &snapshot, &schema) {
            db.execute(&insert, values).unwrap();
        }
    }
    db.execute_batch("ANALYZE").unwrap();
    let filter = ws.filter(member, Action::View);
    let (sql, query) = match page {
        None => {
            let sql = filter
                .to_sql(TENANT, &schema, Placeholders::Question)
                .unwrap();
            let query = select_chats(&schema, sql.text());
            (sql, query)
        }
        Some(page) => {
            let sql = filter
                .to_select(TENANT, &schema, Placeholders::Question, page)
                .unwrap();
            let query = sql.text().to_owned();
            (sql, query)
        }
    };
    let query = format!("EXPLAIN QUERY PLAN {query}");
    let mut statement = db.prepare(&query).unwrap();
    let params = sql.params().iter().map(|param| int(param.value()));
    let lines: Vec<String> = statement
        .query_map(params_from_iter(params), |row| row.get::<_, String>(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    lines.join("\n")
}

#[test]
fn an_agents_and_a_collaborators_query_search_the_indexes_never_scan_the_table() {
    let (ws, [dan, cleo, _]) = plan_workspace();
    let searches = |plan: &str| -> Vec<String> {
        plan.lines()
            .filter(|line| line.contains(" chats "))
            .map(str::to_owned)
            .collect()
    };
    // The collaborator's chats are found by key: one index lookup per assigned chat.
    let plan = query_plan(&ws, cleo);
    assert_eq!(
        searches(&plan),
        ["SEARCH chats USING COVERING INDEX sqlite_autoindex_chats_1 (workspace_id=? AND id=?)"],
        "{plan}"
    );
    // The agent's: within the tenant, never a scan of the table. (Within the tenant, the
    // WHERE fragment's `OR` of two terms is read from one index range of the tenant; the
    // keyset-paged statement of issue 16, one select per term, is what narrows it to the
    // agent's accounts.)
    let plan = query_plan(&ws, dan);
    eprintln!("{plan}");
    let chats = searches(&plan);
    assert!(
        !chats.is_empty()
            && chats
                .iter()
                .all(|line| line.starts_with("SEARCH chats USING")
                    && line.contains("(workspace_id=?")),
        "{plan}"
    );
}

#[test]
fn the_statements_terms_each_search_an_index_range_of_what_the_member_sees() {
    let (ws, [dan, cleo, bea]) = plan_workspace();
    // The chats, the assignees and the aliases the statement gives them.
    let on_chats = |plan: &str| -> Vec<String> {
        plan.lines()
            .filter(|line| {
                [" chats ", " chat_assignees ", " cg_c ", " cg_m "]
                    .iter()
                    .any(|table| line.contains(table))
            })
            .map(str::to_owned)
            .collect()
    };
    let by_assignment = "SEARCH chat_assignees USING COVERING INDEX cg_chat_assignees_by_member (workspace_id=? AND member_id=? AND chat_id>?)";
    let chat_by_key =
        "SEARCH chats USING COVERING INDEX sqlite_autoindex_chats_1 (workspace_id=? AND id=?)";
    // A page: each seen account's chats between the cursor and the page's bound (SQLite
    // writes `<=` as `<`), the bound from each seen account's 50th chat after the cursor.
    let page = Page {
        after: Some(ChatId::new(1_100)),
        limit: Some(50),
    };
    let by_account_to_bound = "SEARCH chats USING COVERING INDEX cg_chats_by_account (workspace_id=? AND account_id=? AND id>? AND id<?)";
    let bound = "SEARCH cg_c USING COVERING INDEX cg_chats_by_account (workspace_id=? AND account_id=? AND id>?)";
    // The whole list: each seen account's chats, all of them.
    let by_account =
        "SEARCH chats USING COVERING INDEX cg_chats_by_account (workspace_id=? AND account_id=?)";
    for (member, page, wanted) in [
        (
            dan,
            page,
            vec![by_account_to_bound, bound, by_assignment, chat_by_key],
        ),
        (cleo, page, vec![by_assignment, chat_by_key]),
        (
            bea,
            page,
            vec![by_account_to_bound, bound, by_assignment, chat_by_key],
        ),
        (dan, Page::default(), vec![by_account, chat_by_key]),
        (bea, Page::default(), vec![by_account, chat_by_key]),
    ] {
        let plan = plan_of(&ws, member, Some(page));
        let searches = on_chats(&plan);
        for line in &wanted {
            assert!(
                searches.iter().any(|search| search == line),
                "{member} {page:?}: no `{line}` in\n{plan}"
            );
        }
        assert!(
            searches.iter().all(|search| search.starts_with("SEARCH")),
            "{member} {page:?}: a scan in\n{plan}"
        );
    }
}
