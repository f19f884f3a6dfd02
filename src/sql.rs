//! Rendering a [`Filter`] as a SQL `WHERE` fragment, with bind parameters.

use alloc::string::String;
use alloc::vec::Vec;

use crate::{Categories, Filter, MemberId};

/// Where the ownership model lives in a database: table and column names.
///
/// The fragment [`Filter::to_sql`] renders expects this schema (the default names shown):
///
/// ```sql
/// CREATE TABLE accounts       (id, connected_by NOT NULL);   -- the account's connector
/// CREATE TABLE chats          (id, account_id NOT NULL);     -- the account it arrives on
/// CREATE TABLE team_members   (team_id, member_id);          -- active members only
/// CREATE TABLE chat_assignees (chat_id, member_id);
/// ```
///
/// Column types are the service's own (integers, UUIDs, text): the bind parameters are
/// [`MemberId`]s for the service to convert. `team_members` must list the teams of
/// *active* members only: a removed connector counts as having no teams ([the policy](crate::policy#the-categories-of-a-chat)), so
/// delete a member's rows when removing them. The fragment refers to the chats table as
/// [`chats`](Schema::chats), so that is the name or alias the outer query gives it.
///
/// # Example
///
/// ```
/// use chatgate::Schema;
///
/// let schema = Schema { chats: "c", chat_assignees: "assignments", ..Schema::default() };
/// assert_eq!(schema.accounts, "accounts");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Schema<'n> {
    /// The chats table, or the alias the outer query gives it (default `chats`).
    pub chats: &'n str,
    /// The chat id column (default `id`).
    pub chat_id: &'n str,
    /// The chat's account column (default `account_id`).
    pub chat_account: &'n str,
    /// The accounts table (default `accounts`).
    pub accounts: &'n str,
    /// The account id column (default `id`).
    pub account_id: &'n str,
    /// The account's connector column (default `connected_by`).
    pub account_connector: &'n str,
    /// The team membership table (default `team_members`).
    pub team_members: &'n str,
    /// Its team column (default `team_id`).
    pub team_members_team: &'n str,
    /// Its member column (default `member_id`).
    pub team_members_member: &'n str,
    /// The chat assignment table (default `chat_assignees`).
    pub chat_assignees: &'n str,
    /// Its chat column (default `chat_id`).
    pub chat_assignees_chat: &'n str,
    /// Its member column (default `member_id`).
    pub chat_assignees_member: &'n str,
}

impl Default for Schema<'static> {
    fn default() -> Self {
        Self {
            chats: "chats",
            chat_id: "id",
            chat_account: "account_id",
            accounts: "accounts",
            account_id: "id",
            account_connector: "connected_by",
            team_members: "team_members",
            team_members_team: "team_id",
            team_members_member: "member_id",
            chat_assignees: "chat_assignees",
            chat_assignees_chat: "chat_id",
            chat_assignees_member: "member_id",
        }
    }
}

impl Schema<'_> {
    /// Every name, for validation.
    fn names(&self) -> [&str; 12] {
        [
            self.chats,
            self.chat_id,
            self.chat_account,
            self.accounts,
            self.account_id,
            self.account_connector,
            self.team_members,
            self.team_members_team,
            self.team_members_member,
            self.chat_assignees,
            self.chat_assignees_chat,
            self.chat_assignees_member,
        ]
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

/// A rendered SQL fragment and the values of its parameters, in order.
///
/// # Example
///
/// ```
/// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, Subject};
///
/// let cleo = Subject::new(MemberId::new(7), Role::Collaborator);
/// let sql = Filter::new(&cleo, Action::Reply).to_sql(&Schema::default(), Placeholders::Question)?;
/// assert_eq!(
///     sql.text(),
///     "(chats.id IN (SELECT chat_assignees.chat_id FROM chat_assignees \
///      WHERE chat_assignees.member_id = ?))"
/// );
/// assert_eq!(sql.params(), [MemberId::new(7)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Sql {
    text: String,
    params: Vec<MemberId>,
}

impl Sql {
    /// The fragment, for a `WHERE` clause.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, Subject};
    /// let owner = Subject::new(MemberId::new(1), Role::Owner);
    /// let sql = Filter::new(&owner, Action::View).to_sql(&Schema::default(), Placeholders::Question)?;
    /// assert_eq!(sql.text(), "(1 = 1)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The parameter values, in placeholder order (each is the subject's id).
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, Subject};
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let sql = Filter::new(&dan, Action::View).to_sql(&Schema::default(), Placeholders::Question)?;
    /// assert_eq!(sql.params().len(), 2); // own accounts, assigned chats
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn params(&self) -> &[MemberId] {
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
/// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, SqlError, Subject};
/// let mate = Subject::new(MemberId::new(1), Role::Teammate);
/// let filter = Filter::new(&mate, Action::View);
/// assert!(filter.to_sql(&Schema::default(), Placeholders::Question).is_ok());
///
/// let schema = Schema { chats: "chats; DROP TABLE chats", ..Schema::default() };
/// let error = filter.to_sql(&schema, Placeholders::Question).unwrap_err();
/// assert_eq!(error.to_string(), "`chats; DROP TABLE chats` is not a plain SQL identifier");
///
/// // `cg_` names the fragment's own aliases: a table called so could capture them.
/// let schema = Schema { accounts: "cg_tc", ..Schema::default() };
/// let error = filter.to_sql(&schema, Placeholders::Question).unwrap_err();
/// assert!(matches!(error, SqlError::Reserved { .. }));
///
/// let error = filter.to_sql(&Schema::default(), Placeholders::Dollar { first: 0 }).unwrap_err();
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
    /// `Placeholders::Dollar { first }` with `first` 0, or so large that the fragment's last
    /// parameter would pass `$65535`, PostgreSQL's highest.
    #[error("placeholders cannot start at `${first}`: the first is `$1` or more, the last at most `$65535`")]
    Placeholder {
        /// The number asked for.
        first: usize,
    },
}

/// The most parameters one fragment holds (own accounts, a team's two, assigned chats).
const MOST_PARAMS: usize = 4;
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
    /// Checks that every parameter of a fragment can be numbered.
    fn check(self) -> Result<(), SqlError> {
        match self {
            Placeholders::Question => Ok(()),
            Placeholders::Dollar { first } => {
                let last = first.checked_add(MOST_PARAMS - 1);
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
    subject: MemberId,
}

impl Writer {
    fn text(&mut self, text: &str) {
        self.sql.text.push_str(text);
    }

    fn param(&mut self) {
        match self.placeholders {
            Placeholders::Question => self.sql.text.push('?'),
            Placeholders::Dollar { first } => {
                // `Placeholders::check` keeps this within `$65535`.
                let number = first.saturating_add(self.sql.params.len());
                self.sql.text.push_str(&alloc::format!("${number}"));
            }
        }
        self.sql.params.push(self.subject);
    }
}

impl Filter<'_> {
    /// Renders the filter as a SQL `WHERE` fragment over `schema`, with the subject's id as
    /// bind parameters (never spliced into the text). `SELECT id FROM chats WHERE <text>`
    /// returns exactly the chats the filter allows.
    ///
    /// # Errors
    ///
    /// [`SqlError`] when a name in `schema` is not a plain identifier (`""`,
    /// `"chats; DROP TABLE chats"`, `"my table"`), begins with the reserved `cg_`, or is a
    /// qualified column; or when `Placeholders::Dollar { first: 0 }` (or a `first` past
    /// `$65532`) cannot number the parameters. Everything is checked before rendering.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, Filter, MemberId, Placeholders, Role, Schema, Subject};
    ///
    /// let dan = Subject::new(MemberId::new(3), Role::Agent);
    /// let sql = Filter::new(&dan, Action::View)
    ///     .to_sql(&Schema::default(), Placeholders::Dollar { first: 1 })?;
    /// assert_eq!(
    ///     sql.text(),
    ///     "(chats.account_id IN (SELECT accounts.id FROM accounts \
    ///      WHERE accounts.connected_by = $1) \
    ///      OR chats.id IN (SELECT chat_assignees.chat_id FROM chat_assignees \
    ///      WHERE chat_assignees.member_id = $2))"
    /// );
    /// assert_eq!(sql.params(), [MemberId::new(3), MemberId::new(3)]);
    ///
    /// let removed = dan.removed();
    /// let sql = Filter::new(&removed, Action::View).to_sql(&Schema::default(), Placeholders::Question)?;
    /// assert_eq!(sql.text(), "(1 = 0)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_sql(&self, schema: &Schema<'_>, placeholders: Placeholders) -> Result<Sql, SqlError> {
        schema.check()?;
        placeholders.check()?;
        let mut writer = Writer {
            sql: Sql {
                text: String::new(),
                params: Vec::new(),
            },
            placeholders,
            subject: self.subject().id(),
        };
        render(self.allowed(), self.is_everything(), schema, &mut writer);
        Ok(writer.sql)
    }
}

fn render(allowed: Categories, everything: bool, s: &Schema<'_>, w: &mut Writer) {
    if allowed.is_empty() {
        w.text("(1 = 0)");
        return;
    }
    if everything {
        w.text("(1 = 1)");
        return;
    }
    // The account categories as one condition on the accounts table, so that the database
    // finds the chats through one index on their account: the connector is the subject, or
    // is not and shares a team. (No role sees OtherTeam without seeing every account, which
    // is `everything`; the test `other_team_comes_only_with_everything` holds that.)
    let own = allowed.contains(Categories::OWN);
    let same_team = allowed.contains(Categories::SAME_TEAM);
    let connector = alloc::format!("{}.{}", s.accounts, s.account_connector);
    w.text("(");
    if own || same_team {
        w.text(&alloc::format!(
            "{c}.{c_acc} IN (SELECT {a}.{a_id} FROM {a} WHERE ",
            c = s.chats,
            c_acc = s.chat_account,
            a = s.accounts,
            a_id = s.account_id,
        ));
        if own {
            w.text(&alloc::format!("{connector} = "));
            w.param();
        }
        if own && same_team {
            w.text(" OR ");
        }
        if same_team {
            // "Shares a team": a team of the account's connector is a team of the subject.
            w.text(&alloc::format!("({connector} <> "));
            w.param();
            w.text(&alloc::format!(
                " AND EXISTS (SELECT 1 FROM {tm} cg_tc JOIN {tm} cg_ts ON cg_ts.{team} = cg_tc.{team} \
                 WHERE cg_tc.{member} = {connector} AND cg_ts.{member} = ",
                tm = s.team_members,
                team = s.team_members_team,
                member = s.team_members_member,
            ));
            w.param();
            w.text("))");
        }
        w.text(")");
    }
    if allowed.contains(Categories::ASSIGNED) {
        if own || same_team {
            w.text(" OR ");
        }
        w.text(&alloc::format!(
            "{c}.{c_id} IN (SELECT {x}.{x_chat} FROM {x} WHERE {x}.{x_member} = ",
            c = s.chats,
            c_id = s.chat_id,
            x = s.chat_assignees,
            x_chat = s.chat_assignees_chat,
            x_member = s.chat_assignees_member,
        ));
        w.param();
        w.text(")");
    }
    w.text(")");
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
