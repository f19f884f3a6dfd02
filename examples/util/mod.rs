//! Shared by the examples: a who-can-what table of a workspace, and one attempt explained.
//!
//! Every cell is a decision asked of the workspace through its public API
//! ([`Workspace::capabilities`], [`Workspace::authorize`]), never worked out here.

use std::fmt::Write as _;

use chatgate::{Action, Capabilities, ChatId, MemberId, Permission, Target, TeamId, Workspace};

/// The workspace actions, as (column header, action); [`describe`] prints the legend.
const WORKSPACE_ACTIONS: [(&str, Action); 8] = [
    ("conn", Action::ConnectAccount),
    ("team", Action::ManageTeam),
    ("intg", Action::ManageIntegrations),
    ("sett", Action::ManageSettings),
    ("stat", Action::ViewStats),
    ("form", Action::ManageForms),
    ("bill", Action::ManageBilling),
    ("wksp", Action::ManageWorkspace),
];

/// Display names for the people and teams of an example.
#[derive(Debug, Clone, Copy)]
pub struct Names<'a> {
    /// Each member's name.
    pub members: &'a [(MemberId, &'a str)],
    /// Each team's name.
    pub teams: &'a [(TeamId, &'a str)],
}

impl Names<'_> {
    /// The name of `id`, or its number when the example gave it none.
    pub fn member(&self, id: MemberId) -> String {
        lookup(self.members, &id).map_or_else(|| format!("#{id}"), str::to_owned)
    }

    /// The name of `team`, or its number.
    fn team(&self, team: TeamId) -> String {
        lookup(self.teams, &team).map_or_else(|| format!("team {team}"), str::to_owned)
    }
}

fn lookup<'a, K: PartialEq>(pairs: &[(K, &'a str)], key: &K) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, name)| *name)
}

/// Prints what the table's columns are about: each account's connector, each chat's
/// account and assignees, and the column legend.
pub fn describe(ws: &Workspace, names: Names<'_>) {
    for (account, connector) in ws.accounts() {
        let teams = teams_of(ws, names, connector);
        println!(
            "  account {account}: connected by {}{teams}",
            names.member(connector)
        );
    }
    for chat in sorted_chats(ws) {
        let account = ws
            .chat_account(chat)
            .map_or_else(String::new, |a| a.to_string());
        let assignees: Vec<_> = ws.assignees(chat).map(|m| names.member(m)).collect();
        let assigned = if assignees.is_empty() {
            String::new()
        } else {
            format!(", assigned to {}", assignees.join(", "))
        };
        println!("  chat {chat}: on account {account}{assigned}");
    }
    println!(
        "\n  c<n>: V R D = may view, reply, delete chat n (· = none of them)\n  \
         a<n>: may send_from account n; conn = connect_account, team = manage_team,\n  \
         intg = manage_integrations, sett = manage_settings, stat = view_stats,\n  \
         form = manage_forms, bill = manage_billing, wksp = manage_workspace\n"
    );
}

/// Prints who may do what: a row per member, a column per chat (sorted by id), per account
/// (`send_from`) and per workspace action.
pub fn print_table(ws: &Workspace, names: Names<'_>) {
    let chats = sorted_chats(ws);
    let accounts: Vec<_> = ws.accounts().collect();

    // One label per member: name (role) [teams]; the first column is as wide as the widest.
    let labels: Vec<String> = ws
        .members()
        .map(|s| {
            format!(
                "{} ({}){}",
                names.member(s.id()),
                s.role(),
                teams_of(ws, names, s.id())
            )
        })
        .collect();
    let first = "member (role) [teams]";
    let width = labels
        .iter()
        .map(|l| l.chars().count())
        .fold(first.len(), usize::max);

    // The header: chats show "V R D" (view, reply, delete), accounts send_from ✔/✗.
    let mut header = format!("{first:<width$} |");
    for chat in &chats {
        let _ = write!(header, " {:<6}", format!("c{chat}"));
    }
    header.push_str(" |");
    for (account, _) in &accounts {
        let _ = write!(header, " {:<4}", format!("a{account}"));
    }
    header.push_str(" |");
    for (title, _) in WORKSPACE_ACTIONS {
        let _ = write!(header, " {title}");
    }
    header.push_str(" | effective permissions");
    println!("{header}");
    println!("{}", "-".repeat(header.chars().count()));

    for (subject, label) in ws.members().zip(&labels) {
        let id = subject.id();
        let mut row = format!("{label:<width$} |");
        for chat in &chats {
            let _ = write!(row, " {:<6}", chat_cell(ws.capabilities(id, *chat)));
        }
        row.push_str(" |");
        for (account, _) in &accounts {
            let target = Target::Account(*account);
            let _ = write!(
                row,
                " {:<4}",
                mark(ws.authorize(id, Action::SendFrom, target).is_ok())
            );
        }
        row.push_str(" |");
        for (title, action) in WORKSPACE_ACTIONS {
            let allowed = ws.authorize(id, action, Target::Workspace).is_ok();
            let _ = write!(row, " {:<width$}", mark(allowed), width = title.len());
        }
        let effective = if !subject.is_active() {
            "(removed: denied everything)".to_owned()
        } else if subject.effective() == Permission::all() {
            "everything".to_owned()
        } else {
            subject.effective().to_string()
        };
        let _ = write!(row, " | {effective}");
        println!("{row}");
    }
    println!();
}

/// Prints `member` attempting `action` on `target`, and the workspace's answer: a denial
/// explains itself through its `Display`.
pub fn attempt(ws: &Workspace, names: Names<'_>, member: MemberId, action: Action, target: Target) {
    let on = match target {
        Target::Workspace => String::new(),
        Target::Account(account) => format!(" account {account}"),
        Target::Chat(chat) => format!(" chat {chat}"),
    };
    let who = names.member(member);
    match ws.authorize(member, action, target) {
        Ok(()) => println!("  {who}: {action}{on} -> allowed"),
        Err(denied) => println!(
            "  {who}: {action}{on} -> denied ({}): {denied}",
            denied.reason()
        ),
    }
}

/// The chat ids, sorted (`Workspace::chats` has no order).
fn sorted_chats(ws: &Workspace) -> Vec<ChatId> {
    let mut chats: Vec<ChatId> = ws.chats().collect();
    chats.sort();
    chats
}

/// A chat cell: "V R D" with "-" for what is denied, "·" when all three are (most often:
/// the chat is not visible to the member).
fn chat_cell(caps: Capabilities) -> String {
    if caps.is_empty() {
        return "·".to_owned();
    }
    [
        (Action::View, "V"),
        (Action::Reply, "R"),
        (Action::Delete, "D"),
    ]
    .iter()
    .map(|(action, letter)| if caps.allows(*action) { *letter } else { "-" })
    .collect::<Vec<_>>()
    .join(" ")
}

/// " [team, team]" for a member in teams, or nothing.
fn teams_of(ws: &Workspace, names: Names<'_>, member: MemberId) -> String {
    let teams: Vec<_> = ws
        .subject(member)
        .map(|s| s.teams().iter().map(|t| names.team(*t)).collect())
        .unwrap_or_default();
    if teams.is_empty() {
        String::new()
    } else {
        format!(" [{}]", teams.join(", "))
    }
}

fn mark(allowed: bool) -> &'static str {
    if allowed {
        "✔"
    } else {
        "✗"
    }
}
