//! `chatgate explain`: one decision, and why, in words a support lead understands.

use std::io::{self, Write};

use chatgate::policy_file::{Names, PolicyFile, Quoted};
use chatgate::{
    Action, Categories, Denied, MemberId, Permission, ResourceKind, Role, Subject, Target, TeamId,
};

use crate::checks::decision as outcome;

/// Writes the decision of `member` taking `action` on `target`, then why: the member's role,
/// the target's categories for them, their effective permissions, and the rule that decided;
/// for a denial, then the single changes that would allow it and who may make them.
pub fn explain(
    out: &mut impl Write,
    policy: &PolicyFile,
    member: MemberId,
    action: Action,
    target: Target,
) -> io::Result<()> {
    let ws = policy.workspace();
    let names = policy.names();
    let who = names.member(member);
    let decision = ws.authorize(member, action, target);
    writeln!(
        out,
        "{who} {action} {}: {}",
        names.target(target),
        outcome(&decision)
    )?;
    let Some(subject) = ws.subject(member) else {
        return writeln!(out, "{who} is not a member of this workspace");
    };
    let categories = ws
        .scope(member, target)
        .map_or(Categories::empty(), |scope| scope.categories());
    let facts = Facts {
        policy,
        subject: &subject,
        who,
        action,
        target,
        categories,
    };
    writeln!(out)?;
    writeln!(out, "why:")?;
    line(out, "subject", &facts.subject())?;
    match target {
        Target::Workspace => {}
        Target::Account(_) => {
            line(out, "account", &facts.resource())?;
            line(out, "category", &facts.categories())?;
        }
        Target::Chat(_) => {
            line(out, "chat", &facts.resource())?;
            line(out, "categories", &facts.categories())?;
        }
    }
    line(out, "role", &facts.role())?;
    line(out, "effective", &facts.effective(names))?;
    line(out, "rule", &facts.rule(&decision))?;
    if decision.is_ok() {
        return Ok(());
    }
    let remedies = ws.remedies(member, action, target);
    writeln!(out)?;
    if remedies.is_empty() {
        return writeln!(out, "no single change would allow it");
    }
    writeln!(out, "would allow it:")?;
    for remedy in &remedies {
        writeln!(out, "  {}", names.remedy(remedy))?;
    }
    Ok(())
}

fn line(out: &mut impl Write, label: &str, text: &str) -> io::Result<()> {
    writeln!(out, "  {label:<11} {text}")
}

/// What the explanation reads from the workspace.
struct Facts<'a> {
    policy: &'a PolicyFile,
    subject: &'a Subject<'a>,
    who: Quoted<'a>,
    action: Action,
    target: Target,
    categories: Categories,
}

/// `an agent`, `a teammate`.
fn a_role(role: Role) -> String {
    match role {
        Role::Owner | Role::Admin | Role::Agent => format!("an {role}"),
        Role::Teammate | Role::Collaborator => format!("a {role}"),
    }
}

/// `in no team`, `in team "sales"`, `in teams "north", "south"`.
fn in_teams(names: &Names, teams: &[TeamId]) -> String {
    let listed: Vec<String> = teams.iter().map(|t| names.team(*t).to_string()).collect();
    match listed.as_slice() {
        [] => "in no team".to_owned(),
        [one] => format!("in team {one}"),
        many => format!("in teams {}", many.join(", ")),
    }
}

impl Facts<'_> {
    fn names(&self) -> &Names {
        self.policy.names()
    }

    fn role_name(&self) -> Role {
        self.subject.role()
    }

    /// `"jon" is an agent, active, in team "south"`
    fn subject(&self) -> String {
        let status = if self.subject.is_active() {
            "active"
        } else {
            "removed from the workspace"
        };
        format!(
            "{} is {}, {status}, {}",
            self.who,
            a_role(self.role_name()),
            in_teams(self.names(), self.subject.teams())
        )
    }

    /// A member as a connector: `"olivia" (an owner, in team "sales")`.
    fn connector(&self, connector: MemberId) -> String {
        let ws = self.policy.workspace();
        let name = self.names().member(connector);
        match ws.subject(connector) {
            Some(c) if c.is_active() => format!(
                "{name} ({}, {})",
                a_role(c.role()),
                in_teams(self.names(), c.teams())
            ),
            Some(c) => format!("{name} ({}, removed)", a_role(c.role())),
            None => name.to_string(),
        }
    }

    /// The account of the target, and its connector.
    fn account(&self) -> Option<(chatgate::AccountId, MemberId)> {
        let ws = self.policy.workspace();
        let account = match self.target {
            Target::Workspace => return None,
            Target::Account(account) => account,
            Target::Chat(chat) => ws.chat_account(chat)?,
        };
        Some((account, ws.connector(account)?))
    }

    /// The chat or account: where it arrives, who connected it, who is assigned.
    fn resource(&self) -> String {
        let names = self.names();
        let Some((account, connector)) = self.account() else {
            return "unknown".to_owned();
        };
        let connected = format!(
            "{}, connected by {}",
            names.account(account),
            self.connector(connector)
        );
        match self.target {
            Target::Chat(chat) => {
                let assignees: Vec<String> = self
                    .policy
                    .workspace()
                    .assignees(chat)
                    .map(|m| names.member(m).to_string())
                    .collect();
                let assigned = if assignees.is_empty() {
                    "assigned to nobody".to_owned()
                } else {
                    format!("assigned to {}", assignees.join(", "))
                };
                format!(
                    "{} arrives on account {connected}; {assigned}",
                    names.chat(chat)
                )
            }
            _ => connected,
        }
    }

    /// The categories, and the facts that put the target in them.
    fn categories(&self) -> String {
        let Some((_, connector)) = self.account() else {
            return self.categories.to_string();
        };
        let ws = self.policy.workspace();
        let who = self.who;
        let by = self.names().member(connector);
        let connector_fact = if connector == self.subject.id() {
            format!("{who} connected the account")
        } else {
            match ws.subject(connector) {
                Some(c) if !c.is_active() => format!(
                    "{by} connected the account and was removed, so shares no team with {who}"
                ),
                // Whether they share a team is the category's to say, not worked out here.
                Some(_) if self.categories.contains(Categories::SAME_TEAM) => {
                    format!("{by} connected the account and shares a team with {who}")
                }
                Some(_) => format!("{by} connected the account and shares no team with {who}"),
                None => format!("{by} connected the account"),
            }
        };
        let assigned_fact = match self.target {
            Target::Chat(_) if self.categories.contains(Categories::ASSIGNED) => {
                format!("; {who} is assigned to it")
            }
            Target::Chat(_) => format!("; {who} is not assigned to it"),
            _ => String::new(),
        };
        format!("{}: {connector_fact}{assigned_fact}", self.categories)
    }

    /// What the role sees, or may use, or may hold, for this kind of target.
    fn role(&self) -> String {
        let role = self.role_name();
        match self.action.resource_kind() {
            ResourceKind::Chat => format!("{role}s see {} chats", role.visible()),
            ResourceKind::Account if role.usable_accounts().is_empty() => {
                format!("{role}s may send from no account")
            }
            ResourceKind::Account => {
                format!("{role}s may send from {} accounts", role.usable_accounts())
            }
            ResourceKind::Workspace if self.action == Action::ConnectAccount => {
                if role.connects_accounts() {
                    format!("{role}s may connect accounts (every role but collaborator may)")
                } else {
                    format!("{role}s never connect accounts")
                }
            }
            ResourceKind::Workspace if role == Role::Owner => {
                "the owner always holds every permission".to_owned()
            }
            ResourceKind::Workspace => {
                format!("{role}s may hold at most: {}", role.ceiling())
            }
        }
    }

    /// The effective permissions, and how the grant, its closure and the ceiling made them.
    fn effective(&self, names: &Names) -> String {
        let role = self.role_name();
        let removed = if self.subject.is_active() {
            String::new()
        } else {
            format!(" (unused: {} is removed)", self.who)
        };
        if role == Role::Owner {
            return format!(
                "everything: the owner always holds every permission, whatever was \
                 granted{removed}"
            );
        }
        let grants = self.subject.grants();
        let granted = if names.explicit_grants(self.subject.id()) {
            format!("granted {grants}")
        } else {
            format!("granted the {role} default, {grants}")
        };
        let closure = grants.closure();
        let added = closure.difference(grants);
        let implied = if added.is_empty() {
            String::new()
        } else if closure == Permission::all() {
            ", which implies every permission".to_owned()
        } else {
            format!(", which also brings {added}")
        };
        let dropped = closure.difference(role.ceiling());
        let capped = if dropped.is_empty() {
            String::new()
        } else {
            format!("; the {role} ceiling leaves out {dropped}")
        };
        format!(
            "{} ({granted}{implied}{capped}){removed}",
            self.subject.effective()
        )
    }

    /// The rule that decided, in a sentence.
    fn rule(&self, decision: &Result<(), Denied>) -> String {
        let who = self.who;
        let action = self.action;
        let role = self.role_name();
        match decision {
            Err(Denied::Inactive) => format!(
                "{who} was removed from the workspace, and a removed member is denied \
                 everything, whatever their role and permissions: inactive"
            ),
            Err(Denied::OutOfScope { .. }) => match self.target {
                Target::Chat(_) => format!(
                    "{role}s see only {} chats, and this chat is {} for {who}: it is not \
                     visible to them, so out of scope",
                    role.visible(),
                    self.categories
                ),
                Target::Account(_) if role.usable_accounts().is_empty() => {
                    format!("{role}s send from no account: out of scope")
                }
                Target::Account(_) => format!(
                    "{role}s send only from {} accounts, and this account is {} for {who}: \
                     they may not use it, so out of scope",
                    role.usable_accounts(),
                    self.categories
                ),
                Target::Workspace => {
                    format!("{role}s may never `{action}`, whatever they hold: out of scope")
                }
            },
            Err(Denied::MissingPermission { required, held, .. }) => {
                let cause = if self.subject.grants().closure().contains(*required) {
                    format!(
                        "it was granted, but the {role} ceiling leaves it out, and no grant \
                         can add it"
                    )
                } else {
                    "it was not granted".to_owned()
                };
                format!(
                    "{}`{action}` needs the {required} permission, and {who} holds {held} \
                     ({cause}): missing permission",
                    self.in_scope()
                )
            }
            Ok(()) => {
                let permission = match action.required() {
                    Some(flag) => {
                        format!("`{action}` needs the {flag} permission, which {who} holds")
                    }
                    None => format!("`{action}` needs no permission"),
                };
                format!("{}{permission}: allowed", self.in_scope())
            }
            Err(other) => other.to_string(),
        }
    }

    /// Why the target is in scope (for a decision past the scope check), ending in `; `;
    /// empty for a workspace action that only needs its permission.
    fn in_scope(&self) -> String {
        let role = self.role_name();
        let seen = role.visible().intersection(self.categories);
        match self.target {
            Target::Chat(_) => format!(
                "{role}s see {seen} chats, and this chat is {} for {}: visible; ",
                self.categories, self.who
            ),
            Target::Account(_) => format!(
                "{role}s send from {} accounts, and this account is {} for {}: usable; ",
                role.usable_accounts(),
                self.categories,
                self.who
            ),
            Target::Workspace if self.action == Action::ConnectAccount => {
                "every role but collaborator may connect an account; ".to_owned()
            }
            Target::Workspace => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_read_with_their_article() {
        assert_eq!(a_role(Role::Agent), "an agent");
        assert_eq!(a_role(Role::Teammate), "a teammate");
    }
}
