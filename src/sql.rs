//! Rendering a [`Filter`] as SQL with bind parameters: a `WHERE` fragment
//! ([`Filter::to_sql`]) and a keyset-paged statement ([`Filter::to_select`]), over the
//! tables of a [`Schema`] that holds every tenant's rows.
//!
//! Every term of either compares the tenant on the chats and inside every subquery, so each
//! term is index ranges of one tenant ([`Schema::ddl`]'s keys all start with the tenant
//! column). The statement's shape follows the filter's: one range of the tenant's key for
//! everything (Owner, Admin) and for nothing; otherwise one `SELECT` per term in a `UNION`,
//! and a page bounded so that it reads at most its limit per seen account, wherever the
//! cursor is (see [`Filter::to_select`] for the shapes tried and their costs). The plans are
//! checked: `tests/sql_sqlite.rs` (`EXPLAIN QUERY PLAN`, one index range per term) and
//! `tests/sql_postgres.rs` (`EXPLAIN`, no sequential scan of the chats).

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Categories, ChatId, Filter, MemberId, WorkspaceId};

/// Where the ownership model lives in a database: table and column names, each table with
/// its **tenant column**.
///
/// One database holds every tenant's rows, each row marked with its workspace
/// ([`WorkspaceId`]) in the tenant column (default `workspace_id`). The fragment
/// [`Filter::to_sql`] renders always carries the tenant as a bind parameter — on the chats
/// table and inside every subquery — so a query that forgets its own `workspace_id = ?`
/// still lists one tenant's chats, and ids that two tenants share (a person who is a member
/// of both under one user id, the same account id) never match across them. There is no
/// fragment without a tenant.
///
/// The tables, keys and indexes the fragment relies on, as [`Schema::ddl`] writes them for
/// the default names (`{id}` is the service's id type):
///
/// ```sql
/// CREATE TABLE accounts (workspace_id {id} NOT NULL, id {id} NOT NULL, connected_by {id} NOT NULL,
///     PRIMARY KEY (workspace_id, id));
/// CREATE INDEX cg_accounts_by_connector ON accounts (workspace_id, connected_by, id);
/// CREATE TABLE chats (workspace_id {id} NOT NULL, id {id} NOT NULL, account_id {id} NOT NULL,
///     PRIMARY KEY (workspace_id, id));
/// CREATE INDEX cg_chats_by_account ON chats (workspace_id, account_id, id);
/// CREATE TABLE team_members (workspace_id {id} NOT NULL, team_id {id} NOT NULL, member_id {id} NOT NULL,
///     PRIMARY KEY (workspace_id, member_id, team_id));
/// CREATE INDEX cg_team_members_by_team ON team_members (workspace_id, team_id, member_id);
/// CREATE TABLE chat_assignees (workspace_id {id} NOT NULL, chat_id {id} NOT NULL, member_id {id} NOT NULL,
///     PRIMARY KEY (workspace_id, chat_id, member_id));
/// CREATE INDEX cg_chat_assignees_by_member ON chat_assignees (workspace_id, member_id, chat_id);
/// ```
///
/// The rows to mirror are the workspace's own (`Workspace::account_rows`, `chat_rows`,
/// `team_member_rows`, `chat_assignee_rows`, with the `std` feature): `team_members` must
/// list the teams of *active* members only, since a removed connector counts as having no
/// teams ([the policy](crate::policy#the-categories-of-a-chat)). The bind parameters are
/// [`SqlParam`]s (the tenant's [`WorkspaceId`], the subject's [`MemberId`]) for the service to
/// convert to its key type. The fragment refers to the chats table as
/// [`chats`](Schema::chats), so that is the name or alias the outer query gives it.
///
/// # Example
///
/// ```
/// use chatgate::Schema;
///
/// let schema = Schema { chats: "c", chat_assignees: "assignments", chats_tenant: "tenant_id", ..Schema::default() };
/// assert_eq!(schema.accounts, "accounts");
/// assert_eq!(schema.accounts_tenant, "workspace_id");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Schema<'n> {
    /// The chats table, or the alias the outer query gives it (default `chats`).
    pub chats: &'n str,
    /// The chats table's tenant column (default `workspace_id`).
    pub chats_tenant: &'n str,
    /// The chat id column (default `id`).
    pub chat_id: &'n str,
    /// The chat's account column (default `account_id`).
    pub chat_account: &'n str,
    /// The accounts table (default `accounts`).
    pub accounts: &'n str,
    /// Its tenant column (default `workspace_id`).
    pub accounts_tenant: &'n str,
    /// The account id column (default `id`).
    pub account_id: &'n str,
    /// The account's connector column (default `connected_by`).
    pub account_connector: &'n str,
    /// The team membership table (default `team_members`).
    pub team_members: &'n str,
    /// Its tenant column (default `workspace_id`).
    pub team_members_tenant: &'n str,
    /// Its team column (default `team_id`).
    pub team_members_team: &'n str,
    /// Its member column (default `member_id`).
    pub team_members_member: &'n str,
    /// The chat assignment table (default `chat_assignees`).
    pub chat_assignees: &'n str,
    /// Its tenant column (default `workspace_id`).
    pub chat_assignees_tenant: &'n str,
    /// Its chat column (default `chat_id`).
    pub chat_assignees_chat: &'n str,
    /// Its member column (default `member_id`).
    pub chat_assignees_member: &'n str,
}

impl Default for Schema<'static> {
    fn default() -> Self {
        Self {
            chats: "chats",
            chats_tenant: "workspace_id",
            chat_id: "id",
            chat_account: "account_id",
            accounts: "accounts",
            accounts_tenant: "workspace_id",
            account_id: "id",
            account_connector: "connected_by",
            team_members: "team_members",
            team_members_tenant: "workspace_id",
            team_members_team: "team_id",
            team_members_member: "member_id",
            chat_assignees: "chat_assignees",
            chat_assignees_tenant: "workspace_id",
            chat_assignees_chat: "chat_id",
            chat_assignees_member: "member_id",
        }
    }
}

impl Schema<'_> {
    /// Every name, for validation.
    fn names(&self) -> [&str; 16] {
        [
            self.chats,
            self.chats_tenant,
            self.chat_id,
            self.chat_account,
            self.accounts,
            self.accounts_tenant,
            self.account_id,
            self.account_connector,
            self.team_members,
            self.team_members_tenant,
            self.team_members_team,
            self.team_members_member,
            self.chat_assignees,
            self.chat_assignees_tenant,
            self.chat_assignees_chat,
            self.chat_assignees_member,
        ]
    }
}

/// The SQL type of the id columns [`Schema::ddl`] writes.
///
/// # Example
///
/// ```
/// use chatgate::{IdType, Schema};
/// let ddl = Schema::default().ddl(IdType::Uuid)?;
/// assert!(ddl.contains("workspace_id UUID NOT NULL"));
/// # Ok::<(), chatgate::SqlError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdType {
    /// `BIGINT`: integer keys (SQLite stores them as `INTEGER`).
    BigInt,
    /// `UUID` (PostgreSQL; SQLite accepts the name and stores what it is given).
    Uuid,
    /// `TEXT`.
    Text,
}

impl IdType {
    fn name(self) -> &'static str {
        match self {
            IdType::BigInt => "BIGINT",
            IdType::Uuid => "UUID",
            IdType::Text => "TEXT",
        }
    }
}

impl Schema<'_> {
    /// The tables, keys and indexes the fragment relies on, under this schema's names (the
    /// statements shown in [`Schema`]'s docs for the default names), separated by `;`, for
    /// SQLite and PostgreSQL alike. Every key starts with the tenant column, so each term of
    /// the fragment is one index range of one tenant; the indexes are named `cg_` and the
    /// table, the prefix no schema may use.
    ///
    /// # Errors
    ///
    /// As [`Filter::to_sql`] for the names; [`SqlError::QualifiedTable`] for a table named
    /// with its schema (`inbox.chats`), whose index the two databases name differently:
    /// create the tables in their schema (`SET search_path`, `ATTACH`) instead.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{IdType, Schema, SqlError};
    /// let ddl = Schema::default().ddl(IdType::BigInt)?;
    /// assert!(ddl.starts_with("CREATE TABLE accounts (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL,"));
    /// assert!(ddl.contains("CREATE INDEX cg_chats_by_account ON chats (workspace_id, account_id, id)"));
    ///
    /// let qualified = Schema { chats: "inbox.chats", ..Schema::default() };
    /// assert!(matches!(qualified.ddl(IdType::BigInt), Err(SqlError::QualifiedTable { .. })));
    /// # Ok::<(), SqlError>(())
    /// ```
    pub fn ddl(&self, ids: IdType) -> Result<String, SqlError> {
        self.check()?;
        let tables = [
            self.chats,
            self.accounts,
            self.team_members,
            self.chat_assignees,
        ];
        if let Some(name) = tables.iter().find(|name| name.contains('.')) {
            return Err(SqlError::QualifiedTable {
                name: String::from(*name),
            });
        }
        let t = ids.name();
        let table = |name: &str, tenant: &str, columns: [&str; 2], key: &[&str]| {
            let mut key_columns = String::from(tenant);
            for column in key {
                key_columns.push_str(", ");
                key_columns.push_str(column);
            }
            alloc::format!(
                "CREATE TABLE {name} ({tenant} {t} NOT NULL, {a} {t} NOT NULL, {b} {t} NOT NULL, \
                 PRIMARY KEY ({key_columns}));\n",
                a = columns[0],
                b = columns[1],
            )
        };
        let index = |name: &str, what: &str, tenant: &str, columns: [&str; 2]| {
            alloc::format!(
                "CREATE INDEX cg_{name}_by_{what} ON {name} ({tenant}, {a}, {b});\n",
                a = columns[0],
                b = columns[1],
            )
        };
        let (a, c, m, x) = (
            self.accounts,
            self.chats,
            self.team_members,
            self.chat_assignees,
        );
        let mut ddl = String::new();
        let account_columns = [self.account_id, self.account_connector];
        ddl += &table(a, self.accounts_tenant, account_columns, &[self.account_id]);
        ddl += &index(
            a,
            "connector",
            self.accounts_tenant,
            [self.account_connector, self.account_id],
        );
        let chat_columns = [self.chat_id, self.chat_account];
        ddl += &table(c, self.chats_tenant, chat_columns, &[self.chat_id]);
        ddl += &index(
            c,
            "account",
            self.chats_tenant,
            [self.chat_account, self.chat_id],
        );
        let member_columns = [self.team_members_team, self.team_members_member];
        ddl += &table(
            m,
            self.team_members_tenant,
            member_columns,
            &[self.team_members_member, self.team_members_team],
        );
        ddl += &index(m, "team", self.team_members_tenant, member_columns);
        let assignee_columns = [self.chat_assignees_chat, self.chat_assignees_member];
        ddl += &table(
            x,
            self.chat_assignees_tenant,
            assignee_columns,
            &assignee_columns,
        );
        ddl += &index(
            x,
            "member",
            self.chat_assignees_tenant,
            [self.chat_assignees_member, self.chat_assignees_chat],
        );
        Ok(ddl)
    }
}

/// How bind parameters are written in the SQL text.
///
/// # Example
///
/// ```
/// use chatgate::Placeholders;
/// let sqlite = Placeholders::Question;
/// let postgres = Placeholders::Dollar { first: 1 };
/// assert_ne!(sqlite, postgres);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholders {
    /// `?` for every parameter (SQLite, MySQL).
    Question,
    /// `$first`, `$first+1`, … (PostgreSQL); `first` is 1 unless the fragment follows other
    /// parameters of the same statement.
    Dollar {
        /// The number of the first parameter.
        first: usize,
    },
}

/// A bind parameter's value: the tenant, or the subject.
///
/// # Example
///
/// ```
/// use chatgate::{MemberId, SqlParam, WorkspaceId};
/// assert_eq!(SqlParam::Tenant(WorkspaceId::new(7)).value(), 7);
/// assert_ne!(SqlParam::Tenant(WorkspaceId::new(7)), SqlParam::Member(MemberId::new(7)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SqlParam {
    /// The tenant: the value of every tenant column the fragment compares.
    Tenant(WorkspaceId),
    /// The subject: the member the filter is for.
    Member(MemberId),
    /// The cursor of a page ([`Filter::to_select`]): the chats after this one.
    After(ChatId),
}

impl SqlParam {
    /// The id's value, for a service whose keys are integers.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{MemberId, SqlParam};
    /// assert_eq!(SqlParam::Member(MemberId::new(3)).value(), 3);
    /// ```
    #[must_use]
    pub const fn value(self) -> u128 {
        match self {
            SqlParam::Tenant(tenant) => tenant.get(),
            SqlParam::Member(member) => member.get(),
            SqlParam::After(chat) => chat.get(),
        }
    }
}

/// A rendered SQL fragment and the values of its parameters, in order.
///
/// # Example
///
/// ```
/// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, SqlParam, Subject, WorkspaceId};
///
/// let cleo = Subject::new(MemberId::new(7), Role::Collaborator);
/// let tenant = WorkspaceId::new(40);
/// let sql = Filter::new(&cleo, Action::Reply).to_sql(tenant, &Schema::default(), Placeholders::Question)?;
/// assert_eq!(
///     sql.text(),
///     "((chats.workspace_id = ? AND chats.id IN (SELECT chat_assignees.chat_id FROM chat_assignees \
///      WHERE chat_assignees.workspace_id = ? AND chat_assignees.member_id = ?)))"
/// );
/// assert_eq!(
///     sql.params(),
///     [SqlParam::Tenant(tenant), SqlParam::Tenant(tenant), SqlParam::Member(MemberId::new(7))]
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sql {
    text: String,
    params: Vec<SqlParam>,
}

impl Sql {
    /// The fragment, for a `WHERE` clause.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, Subject, WorkspaceId};
    /// let owner = Subject::new(MemberId::new(1), Role::Owner);
    /// let sql = Filter::new(&owner, Action::View)
    ///     .to_sql(WorkspaceId::new(40), &Schema::default(), Placeholders::Question)?;
    /// // Every chat of the tenant: never every chat of the table.
    /// assert_eq!(sql.text(), "(chats.workspace_id = ?)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The parameter values, in placeholder order.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, Subject, WorkspaceId};
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let sql = Filter::new(&dan, Action::View)
    ///     .to_sql(WorkspaceId::new(40), &Schema::default(), Placeholders::Question)?;
    /// // The tenant on chats (in each term), accounts and assignees; Dan for his accounts
    /// // and assignments.
    /// assert_eq!(sql.params().len(), 6);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn params(&self) -> &[SqlParam] {
        &self.params
    }
}

/// Why [`Filter::to_sql`] cannot render a fragment: a [`Schema`] name it refuses, or
/// placeholders it cannot number.
///
/// Names are written into the SQL text, so every one is checked before anything is
/// rendered; no schema can change what the fragment means.
///
/// `#[non_exhaustive]`: a later version may refuse more.
///
/// # Example
///
/// ```
/// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, SqlError, Subject, WorkspaceId};
/// let mate = Subject::new(MemberId::new(1), Role::Teammate);
/// let filter = Filter::new(&mate, Action::View);
/// let tenant = WorkspaceId::new(40);
/// assert!(filter.to_sql(tenant, &Schema::default(), Placeholders::Question).is_ok());
///
/// let schema = Schema { chats: "chats; DROP TABLE chats", ..Schema::default() };
/// let error = filter.to_sql(tenant, &schema, Placeholders::Question).unwrap_err();
/// assert_eq!(error.to_string(), "`chats; DROP TABLE chats` is not a plain SQL identifier");
///
/// // `cg_` names the fragment's own aliases: a table called so could capture them.
/// let schema = Schema { accounts: "cg_tc", ..Schema::default() };
/// let error = filter.to_sql(tenant, &schema, Placeholders::Question).unwrap_err();
/// assert!(matches!(error, SqlError::Reserved { .. }));
///
/// let error = filter.to_sql(tenant, &Schema::default(), Placeholders::Dollar { first: 0 }).unwrap_err();
/// assert_eq!(error, SqlError::Placeholder { first: 0 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SqlError {
    /// A name that is not a plain identifier (`""`, `"my table"`, `"chats; DROP TABLE chats"`).
    #[error("`{}` is not a plain SQL identifier", name.escape_debug())]
    NotAnIdentifier {
        /// The name.
        name: String,
    },
    /// A name (or a part of a qualified table name) beginning with `cg_`, in any case: the
    /// fragment's own aliases begin so, and a table or column of that name could capture
    /// them.
    #[error("`{name}` begins with `cg_`, which the fragment reserves for its own aliases")]
    Reserved {
        /// The name.
        name: String,
    },
    /// A column name with a dot: a column is one identifier (only a table may be qualified
    /// by its schema, `inbox.chats`).
    #[error("`{name}` is a qualified name where a column is one identifier")]
    QualifiedColumn {
        /// The name.
        name: String,
    },
    /// [`Schema::ddl`] of a table named with its schema (`inbox.chats`).
    #[error("`{name}` is a qualified table name: create the tables in their schema instead")]
    QualifiedTable {
        /// The name.
        name: String,
    },
    /// `Placeholders::Dollar { first }` with `first` 0, or so large that the fragment's last
    /// parameter would pass `$65535`, PostgreSQL's highest.
    #[error("placeholders cannot start at `${first}`: the first is `$1` or more, the last at most `$65535`")]
    Placeholder {
        /// The number asked for.
        first: usize,
    },
}

/// PostgreSQL's highest parameter number.
const HIGHEST_PLACEHOLDER: usize = 65_535;
/// The prefix of the fragment's own aliases.
const RESERVED_PREFIX: &str = "cg_";

impl Schema<'_> {
    /// Checks every name: tables may be qualified (`schema.table`), columns may not; no
    /// part begins with [`RESERVED_PREFIX`].
    fn check(&self) -> Result<(), SqlError> {
        let tables = [
            self.chats,
            self.accounts,
            self.team_members,
            self.chat_assignees,
        ];
        for (name, is_table) in self
            .names()
            .into_iter()
            .map(|name| (name, tables.contains(&name)))
        {
            let owned = || String::from(name);
            if !is_identifier(name) {
                return Err(SqlError::NotAnIdentifier { name: owned() });
            }
            if !is_table && name.contains('.') {
                return Err(SqlError::QualifiedColumn { name: owned() });
            }
            let reserved = name.split('.').any(|part| {
                part.get(..RESERVED_PREFIX.len())
                    .is_some_and(|prefix| prefix.eq_ignore_ascii_case(RESERVED_PREFIX))
            });
            if reserved {
                return Err(SqlError::Reserved { name: owned() });
            }
        }
        Ok(())
    }
}

impl Placeholders {
    /// Checks that the `count` parameters of a rendered text were numbered within
    /// PostgreSQL's range.
    fn check(self, count: usize) -> Result<(), SqlError> {
        match self {
            Placeholders::Question => Ok(()),
            Placeholders::Dollar { first } => {
                let last = first.checked_add(count.saturating_sub(1));
                if first == 0 || !matches!(last, Some(last) if last <= HIGHEST_PLACEHOLDER) {
                    Err(SqlError::Placeholder { first })
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// `name`, or `schema.name`: ASCII letters, digits and `_`, not starting with a digit.
fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|part| {
            part.chars()
                .next()
                .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
                && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// Builds the text and parameter list together, numbering placeholders.
struct Writer {
    sql: Sql,
    placeholders: Placeholders,
    tenant: WorkspaceId,
    subject: MemberId,
}

impl Writer {
    fn text(&mut self, text: &str) {
        self.sql.text.push_str(text);
    }

    /// A placeholder for `value`.
    fn param(&mut self, value: SqlParam) {
        match self.placeholders {
            Placeholders::Question => self.sql.text.push('?'),
            Placeholders::Dollar { first } => {
                // Past `$65535`, `Placeholders::check` refuses the text once written.
                let number = first.saturating_add(self.sql.params.len());
                self.sql.text.push_str(&alloc::format!("${number}"));
            }
        }
        self.sql.params.push(value);
    }

    /// A placeholder for the subject.
    fn subject(&mut self) {
        self.param(SqlParam::Member(self.subject));
    }

    /// `table.column = ` the tenant.
    fn tenant(&mut self, table: &str, column: &str) {
        self.text(&alloc::format!("{table}.{column} = "));
        self.param(SqlParam::Tenant(self.tenant));
    }
}

impl Filter<'_> {
    /// Renders the filter as a SQL `WHERE` fragment over `schema` for the tenant `tenant`,
    /// with the tenant and the subject's id as bind parameters (never spliced into the
    /// text). `SELECT id FROM chats WHERE <text>` returns exactly the chats of `tenant` the
    /// filter allows, whatever other tenants the tables hold: the tenant is compared on the
    /// chats table and inside every subquery.
    ///
    /// # Errors
    ///
    /// [`SqlError`] when a name in `schema` is not a plain identifier (`""`,
    /// `"chats; DROP TABLE chats"`, `"my table"`), begins with the reserved `cg_`, or is a
    /// qualified column (checked before anything is rendered); or when
    /// `Placeholders::Dollar { first: 0 }`, or a `first` so high that the last parameter
    /// would pass `$65535`, cannot number the parameters (a teammate's fragment has nine).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, SqlParam, Subject, WorkspaceId};
    ///
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let tenant = WorkspaceId::new(40);
    /// let sql = Filter::new(&dan, Action::View)
    ///     .to_sql(tenant, &Schema::default(), Placeholders::Dollar { first: 1 })?;
    /// assert_eq!(
    ///     sql.text(),
    ///     "((chats.workspace_id = $1 AND chats.account_id IN (SELECT accounts.id FROM accounts \
    ///      WHERE accounts.workspace_id = $2 AND (accounts.connected_by = $3))) \
    ///      OR (chats.workspace_id = $4 AND chats.id IN (SELECT chat_assignees.chat_id FROM chat_assignees \
    ///      WHERE chat_assignees.workspace_id = $5 AND chat_assignees.member_id = $6)))"
    /// );
    /// let (t, dan) = (SqlParam::Tenant(tenant), SqlParam::Member(MemberId::new(3)));
    /// assert_eq!(sql.params(), [t, t, dan, t, t, dan]);
    ///
    /// let removed = Subject::new(MemberId::new(3), Role::Agent).removed();
    /// let sql = Filter::new(&removed, Action::View).to_sql(tenant, &Schema::default(), Placeholders::Question)?;
    /// assert_eq!(sql.text(), "(chats.workspace_id = ? AND 1 = 0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_sql(
        &self,
        tenant: WorkspaceId,
        schema: &Schema<'_>,
        placeholders: Placeholders,
    ) -> Result<Sql, SqlError> {
        self.rendered(tenant, schema, placeholders, |w| {
            render(self.allowed(), self.is_everything(), schema, w);
        })
    }

    /// Renders the filter as a whole statement for the tenant `tenant`: the ids of the
    /// chats the filter allows, in id order, one column; with `page`, those after its
    /// cursor, up to its limit (keyset paging: the next page starts after the last id of
    /// this one). Here [`Schema::chats`] is the table's name.
    ///
    /// The database reads what the member sees, never the tenant's whole table (with the
    /// indexes of [`Schema::ddl`]). An Owner's or Admin's statement is one range of the
    /// tenant's key. Any other is one `SELECT` per term — the chats of each account the
    /// member sees (one range of `(tenant, account, id)` per account), and the member's
    /// assignments joined to the chats — in a `UNION` in id order. A page reads no more
    /// than it can hold, wherever its cursor is: the accounts' chats stop at the page's
    /// *bound*, the lowest of each seen account's `limit`th chat after the cursor (a
    /// correlated subquery, one short index range per account), so that term reads at most
    /// `limit` chats per seen account, and the assignments are read in key order, `limit`
    /// of them. (Tried and set aside: a single scan of the tenant in id order with the
    /// filter as `WHERE`, over an index `(tenant, id, account)`, costs the limit divided by
    /// the member's share of the chats — 0.02–0.05 ms for a teammate who sees 10–30% of
    /// 100,000 chats, 7 ms for a collaborator assigned one.) The whole list has no
    /// bound: it reads every chat the member sees and sorts them, about twice the cost of
    /// reading them unsorted.
    ///
    /// Measured on SQLite, 100,000 chats (`cargo bench --all-features --bench listing --
    /// sql/`, 2026-12-07, 2 shared cores): a page of 50 takes 3.3 µs for the Owner and an
    /// Admin, 48–52 µs for a teammate who sees 30,000 chats, 12–13 µs for an agent (5,000),
    /// 0.3–0.6 µs for a collaborator assigned one, the first page as one from the middle.
    ///
    /// # Errors
    ///
    /// As [`to_sql`](Filter::to_sql).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, ChatId, Filter, MemberId, Page, Placeholders, Role, Schema, SqlError, SqlParam, Subject, WorkspaceId};
    ///
    /// let cleo = Subject::new(MemberId::new(7), Role::Collaborator);
    /// let tenant = WorkspaceId::new(40);
    /// let page = Page { after: Some(ChatId::new(500)), limit: Some(50) };
    /// let filter = Filter::new(&cleo, Action::View);
    /// let sql = filter.to_select(tenant, &Schema::default(), Placeholders::Question, page)?;
    /// assert_eq!(
    ///     sql.text(),
    ///     "SELECT chat_assignees.chat_id AS cg_id FROM chat_assignees \
    ///      JOIN chats ON chats.workspace_id = chat_assignees.workspace_id AND chats.id = chat_assignees.chat_id \
    ///      WHERE chat_assignees.workspace_id = ? AND chat_assignees.member_id = ? \
    ///      AND chat_assignees.chat_id > ? ORDER BY cg_id LIMIT 50"
    /// );
    /// assert_eq!(sql.params()[2], SqlParam::After(ChatId::new(500)));
    ///
    /// // An agent's page: the chats of their accounts up to the page's bound, and their
    /// // assignments, 50 of each at most.
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let sql = Filter::new(&dan, Action::View).to_select(tenant, &Schema::default(), Placeholders::Question, page)?;
    /// assert!(sql.text().contains("AND chats.id <= (SELECT MIN(cg_nth) FROM (SELECT (SELECT cg_c.id FROM chats cg_c"));
    /// assert!(sql.text().ends_with(") cg_assigned ORDER BY cg_id LIMIT 50"));
    ///
    /// // The Owner's: the tenant's chats, by key.
    /// let owner = Subject::new(MemberId::new(1), Role::Owner);
    /// let sql = Filter::new(&owner, Action::View).to_select(tenant, &Schema::default(), Placeholders::Question, Page::default())?;
    /// assert_eq!(sql.text(), "SELECT chats.id FROM chats WHERE chats.workspace_id = ? ORDER BY chats.id");
    ///
    /// // A name that is not an identifier is refused, as by `to_sql`.
    /// let schema = Schema { chats: "my chats", ..Schema::default() };
    /// let error = filter.to_select(tenant, &schema, Placeholders::Question, page).unwrap_err();
    /// assert!(matches!(error, SqlError::NotAnIdentifier { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_select(
        &self,
        tenant: WorkspaceId,
        schema: &Schema<'_>,
        placeholders: Placeholders,
        page: Page,
    ) -> Result<Sql, SqlError> {
        self.rendered(tenant, schema, placeholders, |w| {
            render_select(self.allowed(), self.is_everything(), page, schema, w);
        })
    }

    /// What `render` writes, after checking the schema's names and before numbering the
    /// placeholders it wrote.
    fn rendered(
        &self,
        tenant: WorkspaceId,
        schema: &Schema<'_>,
        placeholders: Placeholders,
        render: impl FnOnce(&mut Writer),
    ) -> Result<Sql, SqlError> {
        schema.check()?;
        let mut writer = Writer {
            sql: Sql {
                text: String::new(),
                params: Vec::new(),
            },
            placeholders,
            tenant,
            subject: self.subject().id(),
        };
        render(&mut writer);
        placeholders.check(writer.sql.params.len())?;
        Ok(writer.sql)
    }
}

/// Which part of the list [`Filter::to_select`] asks for: the chats after a cursor (by id),
/// at most a limit of them. The default is the whole list.
///
/// # Example
///
/// ```
/// use chatgate::{ChatId, Page};
/// let first = Page { after: None, limit: Some(50) };
/// let next = Page { after: Some(ChatId::new(1_250)), ..first };
/// assert_eq!(Page::default(), Page { after: None, limit: None });
/// assert_ne!(first, next);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Page {
    /// Only the chats whose id is greater than this one (`None`: from the first).
    pub after: Option<ChatId>,
    /// At most this many (`None`: all).
    pub limit: Option<u32>,
}

/// The fragment: each term compares the tenant on the chats table itself, so that the
/// database can find each term's chats through one index range of the tenant (SQLite's OR
/// by union needs every term of the OR indexable on its own), and again inside its
/// subquery.
fn render(allowed: Categories, everything: bool, s: &Schema<'_>, w: &mut Writer) {
    if allowed.is_empty() || everything {
        w.text("(");
        w.tenant(s.chats, s.chats_tenant);
        w.text(if everything { ")" } else { " AND 1 = 0)" });
        return;
    }
    let by_account = by_account(allowed);
    let assigned = allowed.contains(Categories::ASSIGNED);
    w.text("(");
    if by_account {
        w.text("(");
        w.tenant(s.chats, s.chats_tenant);
        w.text(" AND ");
        accounts_in(allowed, s, w);
        w.text(")");
    }
    if assigned {
        if by_account {
            w.text(" OR ");
        }
        w.text("(");
        w.tenant(s.chats, s.chats_tenant);
        w.text(&alloc::format!(
            " AND {c}.{c_id} IN (SELECT {x}.{x_chat} FROM {x} WHERE ",
            c = s.chats,
            c_id = s.chat_id,
            x = s.chat_assignees,
            x_chat = s.chat_assignees_chat,
        ));
        assigned_to_subject(s, w);
        w.text("))");
    }
    w.text(")");
}

/// The statement. Nothing and everything are one range of the tenant's key. Otherwise one
/// `SELECT` per term, each index ranges of the tenant, and their `UNION` in id order: the
/// chats of each account the member sees (`accounts CROSS JOIN chats`, which SQLite keeps in
/// that order: one range of `(tenant, account, id)` per account), and the member's
/// assignments joined to the chats. With a limit `n`, neither term reads past what the page
/// can hold: the accounts' chats stop at the page's **bound**, the lowest of each seen
/// account's `n`th chat after the cursor (or the tenant's highest chat when no account has
/// `n`), so that term reads at most `n` chats per seen account; the assignments are read in
/// key order, `n` of them. The page is the first `n` of the union: the first `n` chats
/// after the cursor of either term are among those.
fn render_select(
    allowed: Categories,
    everything: bool,
    page: Page,
    s: &Schema<'_>,
    w: &mut Writer,
) {
    let after = |w: &mut Writer, table: &str, column: &str| {
        if let Some(chat) = page.after {
            w.text(&alloc::format!(" AND {table}.{column} > "));
            w.param(SqlParam::After(chat));
        }
    };
    let limit = |w: &mut Writer| {
        if let Some(limit) = page.limit {
            w.text(&alloc::format!(" LIMIT {limit}"));
        }
    };
    let (c, c_id, c_t, c_acc) = (s.chats, s.chat_id, s.chats_tenant, s.chat_account);
    let (a, a_id, a_t) = (s.accounts, s.account_id, s.accounts_tenant);
    if allowed.is_empty() || everything {
        w.text(&alloc::format!("SELECT {c}.{c_id} FROM {c} WHERE "));
        w.tenant(c, c_t);
        if everything {
            after(w, c, c_id);
        } else {
            w.text(" AND 1 = 0");
        }
        w.text(&alloc::format!(" ORDER BY {c}.{c_id}"));
        limit(w);
        return;
    }
    let by_account = by_account(allowed);
    if by_account {
        w.text(&alloc::format!(
            "SELECT {c}.{c_id} AS cg_id FROM {a} CROSS JOIN {c} WHERE "
        ));
        w.tenant(a, a_t);
        w.text(" AND ");
        connector_is_seen(allowed, a, s, w);
        w.text(" AND ");
        w.tenant(c, c_t);
        w.text(&alloc::format!(" AND {c}.{c_acc} = {a}.{a_id}"));
        after(w, c, c_id);
        if let Some(n) = page.limit {
            // The page's bound: the lowest of each seen account's `n`th chat after the
            // cursor, or the tenant's highest chat.
            w.text(&alloc::format!(
                " AND {c}.{c_id} <= (SELECT MIN(cg_nth) FROM (SELECT (SELECT cg_c.{c_id} \
                 FROM {c} cg_c WHERE "
            ));
            w.tenant("cg_c", c_t);
            w.text(&alloc::format!(" AND cg_c.{c_acc} = cg_a.{a_id}"));
            after(w, "cg_c", c_id);
            w.text(&alloc::format!(
                " ORDER BY cg_c.{c_id} LIMIT 1 OFFSET {offset}) AS cg_nth FROM {a} cg_a WHERE ",
                offset = n.saturating_sub(1),
            ));
            w.tenant("cg_a", a_t);
            w.text(" AND ");
            connector_is_seen(allowed, "cg_a", s, w);
            w.text(&alloc::format!(
                " UNION ALL SELECT MAX(cg_m.{c_id}) FROM {c} cg_m WHERE "
            ));
            w.tenant("cg_m", c_t);
            w.text(") cg_bounds)");
        }
    }
    if allowed.contains(Categories::ASSIGNED) {
        if by_account {
            w.text(" UNION ");
        }
        let (x, x_chat, x_t) = (
            s.chat_assignees,
            s.chat_assignees_chat,
            s.chat_assignees_tenant,
        );
        let paged = by_account && page.limit.is_some();
        if paged {
            // A term of a compound takes no `LIMIT` of its own: a subquery does.
            w.text("SELECT cg_id FROM (");
        }
        // Joined to the chats, so that only chats that exist are listed.
        w.text(&alloc::format!(
            "SELECT {x}.{x_chat} AS cg_id FROM {x} JOIN {c} ON {c}.{c_t} = {x}.{x_t} \
             AND {c}.{c_id} = {x}.{x_chat} WHERE "
        ));
        assigned_to_subject(s, w);
        after(w, x, x_chat);
        if paged {
            w.text(&alloc::format!(" ORDER BY {x}.{x_chat}"));
            limit(w);
            w.text(") cg_assigned");
        }
    }
    w.text(" ORDER BY cg_id");
    limit(w);
}

/// Whether the allowed categories include one decided by the chat's account (Own,
/// SameTeam). (No role sees OtherTeam without seeing every account, which is `everything`;
/// the test `other_team_comes_only_with_everything` holds that.)
fn by_account(allowed: Categories) -> bool {
    allowed.intersects(Categories::OWN | Categories::SAME_TEAM)
}

/// `chats.account_id IN (…)`: the tenant's accounts whose connector is the subject (Own),
/// or is not and shares a team with them (SameTeam).
fn accounts_in(allowed: Categories, s: &Schema<'_>, w: &mut Writer) {
    w.text(&alloc::format!(
        "{c}.{c_acc} IN (SELECT {a}.{a_id} FROM {a} WHERE ",
        c = s.chats,
        c_acc = s.chat_account,
        a = s.accounts,
        a_id = s.account_id,
    ));
    w.tenant(s.accounts, s.accounts_tenant);
    w.text(" AND ");
    connector_is_seen(allowed, s.accounts, s, w);
    w.text(")");
}

/// `(accounts.connected_by = ? OR (… <> ? AND EXISTS …))`: the connector of the account
/// `accounts` (the table, or an alias of it) is the subject (Own), or is not and shares a
/// team with them (SameTeam), both team rows the tenant's.
fn connector_is_seen(allowed: Categories, accounts: &str, s: &Schema<'_>, w: &mut Writer) {
    let own = allowed.contains(Categories::OWN);
    let same_team = allowed.contains(Categories::SAME_TEAM);
    let connector = alloc::format!("{accounts}.{}", s.account_connector);
    w.text("(");
    if own {
        w.text(&alloc::format!("{connector} = "));
        w.subject();
    }
    if own && same_team {
        w.text(" OR ");
    }
    if same_team {
        w.text(&alloc::format!("({connector} <> "));
        w.subject();
        w.text(&alloc::format!(
            " AND EXISTS (SELECT 1 FROM {tm} cg_tc JOIN {tm} cg_ts ON cg_ts.{tt} = cg_tc.{tt} \
             AND cg_ts.{team} = cg_tc.{team} WHERE ",
            tm = s.team_members,
            tt = s.team_members_tenant,
            team = s.team_members_team,
        ));
        w.tenant("cg_tc", s.team_members_tenant);
        w.text(&alloc::format!(
            " AND cg_tc.{member} = {connector} AND cg_ts.{member} = ",
            member = s.team_members_member,
        ));
        w.subject();
        w.text("))");
    }
    w.text(")");
}

/// `chat_assignees.workspace_id = ? AND chat_assignees.member_id = ?`.
fn assigned_to_subject(s: &Schema<'_>, w: &mut Writer) {
    w.tenant(s.chat_assignees, s.chat_assignees_tenant);
    w.text(&alloc::format!(
        " AND {x}.{x_member} = ",
        x = s.chat_assignees,
        x_member = s.chat_assignees_member,
    ));
    w.subject();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Action, Permission, Role, Subject};

    /// `render` writes no OtherTeam term: a filter holding OtherTeam must be `everything`.
    #[test]
    fn other_team_comes_only_with_everything() {
        for role in Role::ALL {
            for action in Action::ALL {
                let subject = Subject::new(MemberId::new(1), role).with_grants(Permission::all());
                let filter = Filter::new(&subject, action);
                assert!(
                    !filter.allowed().contains(Categories::OTHER_TEAM) || filter.is_everything(),
                    "{role} {action}"
                );
            }
        }
    }
}
