//! An inbox of 100,000 chats in SQLite: the chats an agent and a teammate may view, listed
//! page by page inside the database with chatgate's statement (`Filter::to_select`: the
//! tenant's chats the member sees, keyset-paged), in tables that hold every tenant's rows.

use std::time::{Duration, Instant};

use chatgate::{
    AccountId, Action, ChatId, IdType, MemberId, Page, Placeholders, Role, Schema, Target, TeamId,
    Workspace, WorkspaceId,
};
use rusqlite::{params_from_iter, Connection};

const MEMBERS: u32 = 50;
const TEAMS: u32 = 8;
const ACCOUNTS: u32 = 20;
const CHATS: u32 = 100_000;
const PAGE: u32 = 50;
/// The tenant this inbox is stored as (one database holds every tenant's rows).
pub const TENANT: WorkspaceId = WorkspaceId::new(1);

/// Member 1 is the owner; then admins, teammates, agents and collaborators in turn.
fn role_of(member: u32) -> Role {
    match member % 5 {
        _ if member == 1 => Role::Owner,
        0 => Role::Admin,
        1 | 2 => Role::Teammate,
        3 => Role::Agent,
        _ => Role::Collaborator,
    }
}

/// The same workspace in memory (for the subjects) and in SQLite (for the chats). (Public
/// so that `benches/listing.rs` measures this very inbox.)
pub fn build() -> Result<(Workspace, Connection), Box<dyn std::error::Error>> {
    let owner = MemberId::from(1_u32);
    let mut ws = Workspace::new(owner);
    let db = Connection::open_in_memory()?;
    // The tables, keys and indexes the filter relies on, every row marked with its tenant.
    db.execute_batch(&Schema::default().ddl(IdType::BigInt)?)?;
    let tenant = i64::try_from(TENANT.get())?;
    let tx = db.unchecked_transaction()?;
    for team in 1..=TEAMS {
        ws.create_team(owner, TeamId::from(team))?;
    }
    for member in 1..=MEMBERS {
        let id = MemberId::from(member);
        if member > 1 {
            ws.add_member(owner, id, role_of(member))?;
        }
        let team = 1 + member % TEAMS;
        ws.join_team(owner, id, TeamId::from(team))?;
        tx.execute(
            "INSERT INTO team_members VALUES (?1, ?2, ?3)",
            (tenant, team, member),
        )?;
    }
    // Accounts are connected by members who may connect them (not collaborators).
    let connectors: Vec<u32> = (1..=MEMBERS)
        .filter(|m| role_of(*m) != Role::Collaborator)
        .collect();
    for (account, connector) in (1..=ACCOUNTS).zip(connectors.iter().cycle()) {
        let id = AccountId::from(account);
        ws.connect_account(owner, id)?;
        ws.transfer_account(owner, id, MemberId::from(*connector))?;
        tx.execute(
            "INSERT INTO accounts VALUES (?1, ?2, ?3)",
            (tenant, account, connector),
        )?;
    }
    for chat in 1..=CHATS {
        let account = 1 + chat % ACCOUNTS;
        ws.receive_chat(ChatId::from(chat), AccountId::from(account))?;
        tx.execute(
            "INSERT INTO chats VALUES (?1, ?2, ?3)",
            (tenant, chat, account),
        )?;
        // One chat in 100 is assigned to someone.
        if chat % 100 == 0 {
            let member = 2 + chat / 100 % (MEMBERS - 1);
            ws.assign(owner, ChatId::from(chat), MemberId::from(member))?;
            tx.execute(
                "INSERT INTO chat_assignees VALUES (?1, ?2, ?3)",
                (tenant, chat, member),
            )?;
        }
    }
    tx.commit()?;
    // The planner's statistics for the indexes the DDL made.
    db.execute_batch("ANALYZE")?;
    Ok((ws, db))
}

/// `member`'s inbox as chatgate's statement (`page`: after a cursor, up to a limit), with
/// its parameters as SQLite integers.
fn inbox_statement(
    ws: &Workspace,
    member: MemberId,
    page: Page,
) -> Result<(String, Vec<i64>), Box<dyn std::error::Error>> {
    let sql = ws.filter(member, Action::View).to_select(
        TENANT,
        &Schema::default(),
        Placeholders::Question,
        page,
    )?;
    let mut params = Vec::new();
    for param in sql.params() {
        params.push(i64::try_from(param.value())?);
    }
    Ok((sql.text().to_owned(), params))
}

/// Pages through `member`'s inbox with keyset pagination; returns (chats, pages).
fn page_through(
    ws: &Workspace,
    db: &Connection,
    member: MemberId,
) -> Result<(usize, usize), Box<dyn std::error::Error>> {
    let (mut after, mut total, mut pages) = (None, 0, 0);
    loop {
        let page = Page {
            after,
            limit: Some(PAGE),
        };
        let (query, params) = inbox_statement(ws, member, page)?;
        let mut statement = db.prepare_cached(&query)?;
        let ids: Vec<i64> = statement
            .query_map(params_from_iter(params), |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let Some(last) = ids.last() else { break };
        after = Some(ChatId::from(u128::try_from(*last)?));
        total += ids.len();
        pages += 1;
    }
    Ok((total, pages))
}

/// A median time, and the number of chats the timed run listed.
type Timed = (Duration, usize);

/// The median of seven timings of `run`.
fn median_of_seven(
    mut run: impl FnMut() -> Result<usize, Box<dyn std::error::Error>>,
) -> Result<Timed, Box<dyn std::error::Error>> {
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..7 {
        let started = Instant::now();
        count = run()?;
        times.push(started.elapsed());
    }
    times.sort_unstable();
    Ok((times.get(3).copied().unwrap_or_default(), count))
}

/// `member`'s whole list in one query: with chatgate's statement inside SQLite, and by loading every
/// chat id and deciding each one in Rust. Returns both medians and the two counts.
fn whole_list(
    ws: &Workspace,
    db: &Connection,
    member: MemberId,
) -> Result<(Timed, Timed), Box<dyn std::error::Error>> {
    let (query, params) = inbox_statement(ws, member, Page::default())?;
    let mut filtered = db.prepare(&query)?;
    let with_filter = median_of_seven(|| {
        let ids = filtered.query_map(params_from_iter(&params), |row| row.get::<_, i64>(0))?;
        Ok(ids.collect::<Result<Vec<_>, _>>()?.len())
    })?;
    let mut every = db.prepare("SELECT id FROM chats WHERE workspace_id = ?1")?;
    let tenant = i64::try_from(TENANT.get())?;
    let load_all = median_of_seven(|| {
        let mut count = 0;
        for id in every.query_map([tenant], |row| row.get::<_, i64>(0))? {
            let chat = Target::Chat(ChatId::from(u128::try_from(id?)?));
            count += usize::from(ws.authorize(member, Action::View, chat).is_ok());
        }
        Ok(count)
    })?;
    Ok((with_filter, load_all))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let (ws, db) = build()?;
    println!(
        "built {CHATS} chats, {ACCOUNTS} accounts, {MEMBERS} members, {TEAMS} teams \
         (in memory and in SQLite, with indexes) in {:.2?}",
        started.elapsed()
    );
    for (name, member) in [
        ("agent", MemberId::from(3_u32)),
        ("teammate", MemberId::from(6_u32)),
    ] {
        let role = ws.subject(member).map(|s| s.role());
        let started = Instant::now();
        let (total, pages) = page_through(&ws, &db, member)?;
        let elapsed = started.elapsed();
        let in_memory = ws.chats_for(member, Action::View).count();
        println!(
            "{name} `{member}` ({}): {total} chats in {pages} pages of {PAGE}, in {elapsed:.2?} \
             ({}, in-memory listing agrees: {})",
            role.map_or("unknown", |r| r.name()),
            if pages == 0 {
                "no page".to_owned()
            } else {
                format!("{:.2?} a page", elapsed / u32::try_from(pages)?)
            },
            if total == in_memory { "yes" } else { "NO" },
        );
        if total != in_memory {
            return Err(format!("SQL listed {total} chats, memory {in_memory}").into());
        }
        let ((filtered, by_sql), (loaded, by_rust)) = whole_list(&ws, &db, member)?;
        println!(
            "  the whole list in one query: {filtered:.2?} with the statement, {loaded:.2?} loading \
             every chat and deciding in Rust ({:.1}×; medians of 7; {by_sql} and {by_rust} chats)",
            loaded.as_secs_f64() / filtered.as_secs_f64().max(1e-9),
        );
        if (by_sql, by_rust) != (total, total) {
            return Err("the whole-list counts disagree".into());
        }
    }
    Ok(())
}
