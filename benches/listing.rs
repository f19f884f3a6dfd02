//! Who sees what, at scale: one teammate's inbox out of 1,000,000 chats (listing vs one
//! `authorize` per chat), `who_can` over 10,000 members, and the SQL filter vs loading every
//! row and filtering in Rust on a 100,000-chat SQLite inbox, and one page of 50 of that
//! inbox for every role, the first and one from the middle of the member's list.

#![allow(
    clippy::unwrap_used,
    reason = "bench setup: a fixture that fails is a bug"
)]

mod common;
#[allow(
    dead_code,
    reason = "the bench uses the example's inbox, not its `main`"
)]
#[path = "../examples/sqlite_inbox.rs"]
mod sqlite_inbox;

use std::hint::black_box;

use chatgate::{
    Action, ChatId, IdType, MemberId, Page, Placeholders, Schema, Target, Workspace, WorkspaceId,
};
use common::{Shape, ADA, BEA, CHAT, CLEO, DAN, OWNER, STANDARD};
use criterion::{criterion_group, criterion_main, Criterion};
use rusqlite::{params_from_iter, Connection};

/// The tenant the benches' databases hold.
const TENANT: WorkspaceId = WorkspaceId::new(1);

/// The chats, accounts, team rows (active members only) and assignees of `ws`, in SQLite as
/// tenant [`TENANT`]: the crate's DDL and row helpers.
fn sqlite_of(ws: &Workspace) -> Connection {
    let db = Connection::open_in_memory().unwrap();
    db.execute_batch(&Schema::default().ddl(IdType::BigInt).unwrap())
        .unwrap();
    let int = |id: u128| i64::try_from(id).unwrap();
    let tenant = int(TENANT.get());
    let tx = db.unchecked_transaction().unwrap();
    for (account, connector) in ws.account_rows() {
        tx.execute(
            "INSERT INTO accounts VALUES (?1, ?2, ?3)",
            (tenant, int(account.get()), int(connector.get())),
        )
        .unwrap();
    }
    for (chat, account) in ws.chat_rows() {
        tx.execute(
            "INSERT INTO chats VALUES (?1, ?2, ?3)",
            (tenant, int(chat.get()), int(account.get())),
        )
        .unwrap();
    }
    for (chat, member) in ws.chat_assignee_rows() {
        tx.execute(
            "INSERT INTO chat_assignees VALUES (?1, ?2, ?3)",
            (tenant, int(chat.get()), int(member.get())),
        )
        .unwrap();
    }
    for (team, member) in ws.team_member_rows() {
        tx.execute(
            "INSERT INTO team_members VALUES (?1, ?2, ?3)",
            (tenant, int(team.get()), int(member.get())),
        )
        .unwrap();
    }
    tx.commit().unwrap();
    db.execute_batch("ANALYZE").unwrap();
    db
}

fn benches(c: &mut Criterion) {
    // Bea's inbox out of 1,000,000 chats: the listing, which works out her scope once.
    let big = common::workspace(Shape {
        chats: 1_000_000,
        ..STANDARD
    });
    c.bench_function("listing/chats_for_teammate_1m", |b| {
        b.iter(|| {
            big.chats_for(black_box(BEA), black_box(Action::View))
                .count()
        });
    });
    // The same inbox by asking `Workspace::authorize` once per chat id.
    let ids: Vec<ChatId> = big.chats().collect();
    c.bench_function("listing/authorize_per_chat_teammate_1m", |b| {
        b.iter(|| {
            ids.iter()
                .filter(|id| big.authorize(BEA, Action::View, Target::Chat(**id)).is_ok())
                .count()
        });
    });
    drop(big);

    // Everyone who may reply to one chat, among 10,000 members.
    let crowd = common::workspace(Shape {
        members: 10_000,
        ..STANDARD
    });
    c.bench_function("listing/who_can_reply_10k_members", |b| {
        b.iter(|| {
            crowd
                .who_can(black_box(Action::Reply), black_box(Target::Chat(CHAT)))
                .count()
        });
    });
    drop(crowd);

    // Bea's inbox in a 100,000-chat SQLite database, where she may view 30,000 chats.
    let inbox = common::workspace(Shape {
        chats: 100_000,
        ..STANDARD
    });
    let db = sqlite_of(&inbox);
    sql_against_load_all(
        c,
        [
            "sql/filter_teammate_100k",
            "sql/load_all_and_filter_teammate_100k",
        ],
        &inbox,
        &db,
        BEA,
    );
    // One page of 50 for every role: the Owner, Ada (an Admin), Bea (a Teammate, 30,000
    // chats), Dan (an Agent, 5,000) and Cleo (a Collaborator assigned one chat).
    for (role, member) in [
        ("owner", OWNER),
        ("admin", ADA),
        ("teammate", BEA),
        ("agent", DAN),
        ("collaborator", CLEO),
    ] {
        pages(c, role, &inbox, &db, member);
    }
    drop((inbox, db));

    // The inbox of `examples/sqlite_inbox.rs`, where teammate 6 may view 10,021 of the
    // 100,000 chats.
    let (example, example_db) = sqlite_inbox::build().unwrap();
    sql_against_load_all(
        c,
        [
            "sql/example_inbox_filter_teammate",
            "sql/example_inbox_load_all_and_filter_teammate",
        ],
        &example,
        &example_db,
        MemberId::new(6),
    );
}

/// Benches `member`'s whole inbox read from `db` four ways, under the two `names`: with the
/// statement inside SQLite (`Filter::to_select`, the whole list in id order), and by loading
/// every chat id of the tenant and deciding each one in Rust; and, as `<name>_unordered_fragment`,
/// by `Filter::to_sql`'s `WHERE` fragment alone; and, as `<name>_floor`, as many chat ids of
/// the tenant read from one index range, unordered and unfiltered (what returning that many
/// rows costs at least). All count the same chats (the in-memory listing's count), checked
/// before any is timed.
fn sql_against_load_all(
    c: &mut Criterion,
    names: [&str; 2],
    ws: &Workspace,
    db: &Connection,
    member: MemberId,
) {
    let (query, params) = statement(ws, member, Page::default());
    let rows = |statement: &mut rusqlite::Statement<'_>, params: &[i64]| {
        statement
            .query_map(params_from_iter(params.iter()), |row| row.get::<_, i64>(0))
            .unwrap()
            .count()
    };
    let by_rust = |statement: &mut rusqlite::Statement<'_>| {
        statement
            .query_map([TENANT.get() as i64], |row| row.get::<_, i64>(0))
            .unwrap()
            .filter(|id| {
                let id = ChatId::new(u128::try_from(*id.as_ref().unwrap()).unwrap());
                ws.authorize(member, Action::View, Target::Chat(id)).is_ok()
            })
            .count()
    };
    let load_all = "SELECT id FROM chats WHERE workspace_id = ?1";
    let listed = ws.chats_for(member, Action::View).count();
    assert_eq!(rows(&mut db.prepare(&query).unwrap(), &params), listed);
    assert_eq!(by_rust(&mut db.prepare(load_all).unwrap()), listed);
    c.bench_function(names[0], |b| {
        let mut statement = db.prepare(&query).unwrap();
        b.iter(|| rows(&mut statement, &params));
    });
    let fragment = ws
        .filter(member, Action::View)
        .to_sql(TENANT, &Schema::default(), Placeholders::Question)
        .unwrap();
    let fragment_query = format!("SELECT chats.id FROM chats WHERE {}", fragment.text());
    let fragment_params = int_params(&fragment);
    assert_eq!(
        rows(&mut db.prepare(&fragment_query).unwrap(), &fragment_params),
        listed
    );
    c.bench_function(&format!("{}_unordered_fragment", names[0]), |b| {
        let mut statement = db.prepare(&fragment_query).unwrap();
        b.iter(|| rows(&mut statement, &fragment_params));
    });
    // The floor of any statement: as many rows of the tenant, one index range, no order.
    let floor = format!("SELECT id FROM chats WHERE workspace_id = ?1 LIMIT {listed}");
    let tenant = [TENANT.get() as i64];
    assert_eq!(rows(&mut db.prepare(&floor).unwrap(), &tenant), listed);
    c.bench_function(&format!("{}_floor", names[0]), |b| {
        let mut statement = db.prepare(&floor).unwrap();
        b.iter(|| rows(&mut statement, &tenant));
    });
    c.bench_function(names[1], |b| {
        let mut statement = db.prepare(load_all).unwrap();
        b.iter(|| by_rust(&mut statement));
    });
}

/// `member`'s whole list by the statement, in id order.
fn whole_list(ws: &Workspace, db: &Connection, member: MemberId) -> Vec<ChatId> {
    let (query, params) = statement(ws, member, Page::default());
    let mut statement = db.prepare(&query).unwrap();
    statement
        .query_map(params_from_iter(params.iter()), |row| row.get::<_, i64>(0))
        .unwrap()
        .map(|id| ChatId::new(u128::try_from(id.unwrap()).unwrap()))
        .collect()
}

/// `member`'s statement for `page`, with its parameters as SQLite integers.
fn statement(ws: &Workspace, member: MemberId, page: Page) -> (String, Vec<i64>) {
    let sql = ws
        .filter(member, Action::View)
        .to_select(TENANT, &Schema::default(), Placeholders::Question, page)
        .unwrap();
    (sql.text().to_owned(), int_params(&sql))
}

/// `sql`'s parameters as SQLite integers.
fn int_params(sql: &chatgate::Sql) -> Vec<i64> {
    sql.params()
        .iter()
        .map(|param| i64::try_from(param.value()).unwrap())
        .collect()
}

/// Benches `sql/first_page_<role>_100k` (the first 50 of `member`'s chats) and
/// `sql/middle_page_<role>_100k` (the 50 after the middle chat of their list), each checked
/// against the in-memory listing before it is timed.
fn pages(c: &mut Criterion, role: &str, ws: &Workspace, db: &Connection, member: MemberId) {
    let mut expected: Vec<ChatId> = ws.chats_for(member, Action::View).collect();
    expected.sort_unstable();
    assert_eq!(whole_list(ws, db, member), expected, "{role}'s whole list");
    let middle = expected.get(expected.len() / 2).copied();
    for (name, after) in [("first", None), ("middle", middle)] {
        let page = Page {
            after,
            limit: Some(50),
        };
        let (query, params) = statement(ws, member, page);
        let from = after.map_or(0, |after| expected.partition_point(|id| *id <= after));
        let wanted: Vec<i64> = expected
            .iter()
            .skip(from)
            .take(50)
            .map(|id| i64::try_from(id.get()).unwrap())
            .collect();
        let mut statement = db.prepare(&query).unwrap();
        let listed: Vec<i64> = statement
            .query_map(params_from_iter(params.iter()), |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(listed, wanted, "{role}'s {name} page");
        c.bench_function(&format!("sql/{name}_page_{role}_100k"), |b| {
            b.iter(|| {
                statement
                    .query_map(params_from_iter(black_box(&params).iter()), |row| {
                        row.get::<_, i64>(0)
                    })
                    .unwrap()
                    .count()
            });
        });
    }
}

criterion_group!(listing, benches);
criterion_main!(listing);
