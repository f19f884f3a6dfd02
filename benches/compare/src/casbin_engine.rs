//! casbin: POLICY.md as a casbin model (policy/casbin_model.conf) and policy lines
//! (policy/casbin_policy.csv, the policy's tables), plus the lines that describe the world:
//! roles, grants, status, teams, accounts, chats and assignments.

use std::fmt::Write as _;

use casbin::{CoreApi, DefaultModel, Enforcer, StringAdapter};

use crate::world::{Request, Target, World};

/// The model: request, policy and grouping definitions, and the matcher.
pub const MODEL: &str = include_str!("../policy/casbin_model.conf");
/// The policy lines from POLICY.md's tables.
pub const POLICY: &str = include_str!("../policy/casbin_policy.csv");

type Error = Box<dyn std::error::Error + Send + Sync>;

/// casbin over one world.
pub struct CasbinEngine {
    enforcer: Enforcer,
}

/// The policy lines of `world`: the tables, teammates' SameTeam lines for its teams, and
/// its facts.
pub fn policy_lines(world: &World) -> String {
    let mut text = String::from(POLICY);
    let mut line = |args: std::fmt::Arguments<'_>| {
        let _ = text.write_fmt(args);
        text.push('\n');
    };
    for team in 1..=world.teams {
        for action in ["view", "reply", "delete"] {
            line(format_args!(
                "p, role:teammate, t{team}, {action}, flag:{action}"
            ));
        }
        line(format_args!(
            "p, role:teammate, t{team}, send_from, flag:reply"
        ));
    }
    for member in &world.members {
        let id = member.id;
        line(format_args!("g, m{id}, role:{}", member.role.name()));
        if member.active {
            line(format_args!("g, m{id}, active"));
            for team in &member.teams {
                line(format_args!("g, m{id}, t{team}"));
            }
        }
        match member.grants {
            None => line(format_args!("g, m{id}, default:{}", member.role.name())),
            Some(grants) => {
                for flag in crate::world::permission_names(grants) {
                    line(format_args!("g, m{id}, flag:{flag}"));
                }
            }
        }
    }
    for account in &world.accounts {
        line(format_args!("g, a{}, m{}", account.id, account.connector));
        line(format_args!("g, a{}, exists", account.id));
    }
    for chat in &world.chats {
        line(format_args!("g, c{}, a{}", chat.id, chat.account));
        line(format_args!("g, c{}, exists", chat.id));
        for assignee in &chat.assignees {
            line(format_args!("g, c{}, asg:m{assignee}", chat.id));
        }
    }
    text
}

impl CasbinEngine {
    /// Loads the model and the policy lines of `world` into an enforcer.
    pub fn build(world: &World) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        let enforcer = runtime.block_on(async {
            let model = DefaultModel::from_str(MODEL).await?;
            Enforcer::new(model, StringAdapter::new(policy_lines(world))).await
        })?;
        Ok(Self { enforcer })
    }

    /// The decision: allowed or not (casbin gives no reason for a denial).
    pub fn decide(&self, request: &Request) -> bool {
        let object = match request.target {
            Target::Workspace => "w".to_owned(),
            Target::Account(id) => format!("a{id}"),
            Target::Chat(id) => format!("c{id}"),
        };
        let subject = format!("m{}", request.member);
        self.enforcer
            .enforce((subject, object, request.action.name()))
            .unwrap_or(false)
    }
}
