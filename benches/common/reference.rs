//! The policy of POLICY.md written by hand as a plain `match`, with no tables, no flags
//! library and no shared code with chatgate: the speed to be within 1.2× of.
//!
//! It takes the same facts as `chatgate::authorize` (the member, and the chat or account with
//! its connector and assignees), in the same way (the member by reference, the resource by
//! value), and returns the same reason of a denial, so the two do the same work. The benches check that both agree on every case before timing them.

/// Permission bits, in POLICY.md's order.
pub const VIEW: u16 = 1;
pub const REPLY: u16 = 1 << 1;
pub const DELETE: u16 = 1 << 2;
pub const MANAGE_TEAM: u16 = 1 << 3;
pub const MANAGE_SETTINGS: u16 = 1 << 4;
pub const VIEW_STATS: u16 = 1 << 5;
pub const MANAGE_FORMS: u16 = 1 << 6;
pub const MANAGE_INTEGRATIONS: u16 = 1 << 7;
pub const MANAGE_BILLING: u16 = 1 << 8;
pub const MANAGE_WORKSPACE: u16 = 1 << 9;
pub const ADMIN: u16 = 1 << 10;
pub const ALL: u16 = (1 << 11) - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Owner,
    Admin,
    Teammate,
    Agent,
    Collaborator,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    View,
    Reply,
    Delete,
    ConnectAccount,
    SendFrom,
    ManageWorkspace,
    ManageBilling,
    ManageTeam,
    ManageIntegrations,
    ManageSettings,
    ViewStats,
    ManageForms,
}

#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub id: u128,
    pub role: Role,
    pub grants: u16,
    pub teams: &'a [u128],
    pub active: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Account<'a> {
    pub connector: u128,
    pub connector_teams: &'a [u128],
    pub connector_active: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct Chat<'a> {
    pub account: Account<'a>,
    pub assignees: &'a [u128],
}

#[derive(Debug, Clone, Copy)]
pub enum Resource<'a> {
    Workspace,
    Account(Account<'a>),
    Chat(Chat<'a>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deny {
    WrongResource,
    Inactive,
    OutOfScope {
        action: Act,
        role: Role,
    },
    MissingPermission {
        action: Act,
        required: u16,
        held: u16,
    },
}

/// The decision, straight from POLICY.md's tables.
#[inline(never)]
pub fn authorize(s: &Member<'_>, action: Act, resource: Resource<'_>) -> Result<(), Deny> {
    decide(s, action, resource)
}

/// The body of [`authorize`], for the dense baseline (`dense.rs`) to inline after its reads.
#[inline(always)]
pub fn decide(s: &Member<'_>, action: Act, resource: Resource<'_>) -> Result<(), Deny> {
    use Act::*;
    let required = match (action, resource) {
        (View, Resource::Chat(_)) => VIEW,
        (Reply, Resource::Chat(_)) | (SendFrom, Resource::Account(_)) => REPLY,
        (Delete, Resource::Chat(_)) => DELETE,
        (ConnectAccount, Resource::Workspace) => 0,
        (ManageWorkspace, Resource::Workspace) => MANAGE_WORKSPACE,
        (ManageBilling, Resource::Workspace) => MANAGE_BILLING,
        (ManageTeam, Resource::Workspace) => MANAGE_TEAM,
        (ManageIntegrations, Resource::Workspace) => MANAGE_INTEGRATIONS,
        (ManageSettings, Resource::Workspace) => MANAGE_SETTINGS,
        (ViewStats, Resource::Workspace) => VIEW_STATS,
        (ManageForms, Resource::Workspace) => MANAGE_FORMS,
        _ => return Err(Deny::WrongResource),
    };
    if !s.active {
        return Err(Deny::Inactive);
    }
    let own = |a: &Account<'_>| a.connector == s.id;
    let same_team = |a: &Account<'_>| {
        a.connector != s.id
            && a.connector_active
            && a.connector_teams.iter().any(|t| s.teams.contains(t))
    };
    let in_scope = match (&resource, s.role) {
        (Resource::Workspace, Role::Collaborator) => action != ConnectAccount,
        (Resource::Workspace, _) => true,
        (Resource::Account(_) | Resource::Chat(_), Role::Owner | Role::Admin) => true,
        (Resource::Account(a), Role::Teammate) => own(a) || same_team(a),
        (Resource::Account(a), Role::Agent) => own(a),
        (Resource::Account(_), Role::Collaborator) => false,
        (Resource::Chat(c), Role::Teammate) => {
            own(&c.account) || same_team(&c.account) || c.assignees.contains(&s.id)
        }
        (Resource::Chat(c), Role::Agent) => own(&c.account) || c.assignees.contains(&s.id),
        (Resource::Chat(c), Role::Collaborator) => c.assignees.contains(&s.id),
    };
    if !in_scope {
        return Err(Deny::OutOfScope {
            action,
            role: s.role,
        });
    }
    let closed = if s.grants & ADMIN != 0 {
        ALL
    } else if s.grants & (REPLY | DELETE) != 0 {
        s.grants | VIEW
    } else {
        s.grants
    };
    let held = match s.role {
        Role::Owner => ALL,
        Role::Admin => closed & !(ADMIN | MANAGE_BILLING | MANAGE_WORKSPACE),
        Role::Teammate | Role::Agent | Role::Collaborator => closed & (VIEW | REPLY | DELETE),
    };
    if held & required == required {
        Ok(())
    } else {
        Err(Deny::MissingPermission {
            action,
            required,
            held,
        })
    }
}
