//! Shared test helpers: `#[track_caller]` assertions and the naive reference model of
//! POLICY.md, written as literal tables so that it can disagree with the crate.
//!
//! Nothing here calls the crate's own tables (`Role::visible`, `Role::ceiling`,
//! `Role::default_grant`, `Permission::closure`, `Role::effective`, `Action::required`,
//! `Action::resource_kind`, `Chat::categories_for`, …). The crate's types are used only as
//! names: a flag constant, an enum variant, a `Denied` value to compare with.

#![allow(
    dead_code,
    reason = "every test file uses its own part of the shared helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code reports a failure by panicking, as the #[test]s themselves may"
)]

use core::fmt::Debug;

use chatgate::{
    Action, Capabilities, Categories, Denied, MemberId, Permission, ResourceKind, Role, Scope,
    TeamId,
};

// ---------------------------------------------------------------------------------------
// Names: the rows and columns of the policy tables
// ---------------------------------------------------------------------------------------

/// The five roles, in POLICY.md's row order.
pub const ROLES: [Role; 5] = [
    Role::Owner,
    Role::Admin,
    Role::Teammate,
    Role::Agent,
    Role::Collaborator,
];

/// The row of `role` in the literal tables below.
pub fn row(role: Role) -> usize {
    match role {
        Role::Owner => 0,
        Role::Admin => 1,
        Role::Teammate => 2,
        Role::Agent => 3,
        Role::Collaborator => 4,
    }
}

/// The four chat categories, in POLICY.md's column order: Own, SameTeam, OtherTeam, Assigned.
pub const COLUMNS: [Categories; 4] = [
    Categories::OWN,
    Categories::SAME_TEAM,
    Categories::OTHER_TEAM,
    Categories::ASSIGNED,
];

/// The category set whose bit `i` (0..4) selects `COLUMNS[i]`: all 16 sets for `0..16`.
pub fn category_set(bits: u8) -> Categories {
    COLUMNS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .fold(Categories::empty(), |set, (_, column)| set | *column)
}

/// The eleven permission flags, in POLICY.md's order.
pub const FLAGS: [Permission; 11] = [
    Permission::VIEW,
    Permission::REPLY,
    Permission::DELETE,
    Permission::MANAGE_TEAM,
    Permission::MANAGE_SETTINGS,
    Permission::VIEW_STATS,
    Permission::MANAGE_FORMS,
    Permission::MANAGE_INTEGRATIONS,
    Permission::MANAGE_BILLING,
    Permission::MANAGE_WORKSPACE,
    Permission::ADMIN,
];

/// The lowercase name of each flag of [`FLAGS`], as the policy table spells the flag.
pub const FLAG_NAMES: [&str; 11] = [
    "view",
    "reply",
    "delete",
    "manage_team",
    "manage_settings",
    "view_stats",
    "manage_forms",
    "manage_integrations",
    "manage_billing",
    "manage_workspace",
    "admin",
];

/// The number of grant sets: every subset of the eleven flags.
pub const GRANT_SETS: u16 = 1 << 11;

/// The grant set whose bit `i` (0..11) selects `FLAGS[i]`: all 2048 sets for `0..2048`.
/// Built from the flag list, so it does not depend on the crate's bit layout.
pub fn grant_set(bits: u16) -> Permission {
    FLAGS
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .fold(Permission::empty(), |set, (_, flag)| set | *flag)
}

/// The union of a literal list of flags.
pub fn set(flags: &[Permission]) -> Permission {
    flags
        .iter()
        .fold(Permission::empty(), |set, flag| set | *flag)
}

/// Every flag: what the Owner always holds.
pub fn everything() -> Permission {
    set(&FLAGS)
}

// ---------------------------------------------------------------------------------------
// The policy tables, literally
// ---------------------------------------------------------------------------------------

/// POLICY.md's visibility matrix. Rows: Owner, Admin, Teammate, Agent, Collaborator.
/// Columns: Own, SameTeam, OtherTeam, Assigned.
#[rustfmt::skip]
pub const VISIBLE: [[bool; 4]; 5] = [
    //  Own    SameTeam OtherTeam Assigned
    [true,  true,  true,  true ], // Owner
    [true,  true,  true,  true ], // Admin
    [true,  true,  false, true ], // Teammate
    [true,  false, false, true ], // Agent
    [false, false, false, true ], // Collaborator: Own is "n/a", which fails closed
];

/// The accounts each role may `send_from`. Columns: Own, SameTeam, OtherTeam (an account
/// has no assignees; `ASSIGNED` in an account scope is ignored). POLICY.md: Owner/Admin any
/// account; Teammate own accounts or accounts whose connector shares a team; Agent own
/// accounts only; Collaborator none.
#[rustfmt::skip]
pub const USABLE_ACCOUNTS: [[bool; 3]; 5] = [
    //  Own    SameTeam OtherTeam
    [true,  true,  true ], // Owner
    [true,  true,  true ], // Admin
    [true,  true,  false], // Teammate
    [true,  false, false], // Agent
    [false, false, false], // Collaborator
];

/// Whether the role may `connect_account` ("role is not Collaborator").
pub const CONNECTS_ACCOUNTS: [bool; 5] = [true, true, true, true, false];

/// POLICY.md's default grants, by row.
pub const DEFAULT_GRANT: [&[Permission]; 5] = [
    &[Permission::ADMIN], // Owner
    &[Permission::ADMIN], // Admin
    &[Permission::REPLY], // Teammate
    &[Permission::REPLY], // Agent
    &[Permission::REPLY], // Collaborator
];

/// The conversation flags: the ceiling of Teammate, Agent and Collaborator.
const CONVERSATIONS: &[Permission] = &[Permission::VIEW, Permission::REPLY, Permission::DELETE];

/// POLICY.md's ceilings, by row.
///
/// The Admin's ceiling is "everything except MANAGE_BILLING and MANAGE_WORKSPACE". The
/// crate reads that as every single flag except MANAGE_BILLING, MANAGE_WORKSPACE *and the
/// ADMIN bit itself*: ADMIN implies billing, so a set without billing cannot hold ADMIN and
/// still be closed. The reference encodes that reading; every effective set stays closed.
pub const CEILING: [&[Permission]; 5] = [
    // Owner: everything.
    &FLAGS,
    // Admin: everything but MANAGE_BILLING, MANAGE_WORKSPACE and (see above) ADMIN.
    &[
        Permission::VIEW,
        Permission::REPLY,
        Permission::DELETE,
        Permission::MANAGE_TEAM,
        Permission::MANAGE_SETTINGS,
        Permission::VIEW_STATS,
        Permission::MANAGE_FORMS,
        Permission::MANAGE_INTEGRATIONS,
    ],
    CONVERSATIONS, // Teammate
    CONVERSATIONS, // Agent
    CONVERSATIONS, // Collaborator
];

/// The "implies" column of POLICY.md's permission table, as rules `flag ⇒ flags`.
pub const IMPLIES: [(Permission, &[Permission]); 3] = [
    (Permission::REPLY, &[Permission::VIEW]),
    (Permission::DELETE, &[Permission::VIEW]),
    (
        Permission::ADMIN,
        &[
            Permission::VIEW,
            Permission::REPLY,
            Permission::DELETE,
            Permission::MANAGE_TEAM,
            Permission::MANAGE_SETTINGS,
            Permission::VIEW_STATS,
            Permission::MANAGE_FORMS,
            Permission::MANAGE_INTEGRATIONS,
            Permission::MANAGE_BILLING,
            Permission::MANAGE_WORKSPACE,
        ],
    ),
];

/// POLICY.md's action table: the action, the kind of resource it applies to, the flag it
/// requires (none for `connect_account`, which depends on the role alone), and its name.
pub const ACTIONS: [(Action, ResourceKind, Option<Permission>, &str); 12] = [
    (
        Action::View,
        ResourceKind::Chat,
        Some(Permission::VIEW),
        "view",
    ),
    (
        Action::Reply,
        ResourceKind::Chat,
        Some(Permission::REPLY),
        "reply",
    ),
    (
        Action::Delete,
        ResourceKind::Chat,
        Some(Permission::DELETE),
        "delete",
    ),
    (
        Action::ConnectAccount,
        ResourceKind::Workspace,
        None,
        "connect_account",
    ),
    (
        Action::SendFrom,
        ResourceKind::Account,
        Some(Permission::REPLY),
        "send_from",
    ),
    (
        Action::ManageWorkspace,
        ResourceKind::Workspace,
        Some(Permission::MANAGE_WORKSPACE),
        "manage_workspace",
    ),
    (
        Action::ManageBilling,
        ResourceKind::Workspace,
        Some(Permission::MANAGE_BILLING),
        "manage_billing",
    ),
    (
        Action::ManageTeam,
        ResourceKind::Workspace,
        Some(Permission::MANAGE_TEAM),
        "manage_team",
    ),
    (
        Action::ManageIntegrations,
        ResourceKind::Workspace,
        Some(Permission::MANAGE_INTEGRATIONS),
        "manage_integrations",
    ),
    (
        Action::ManageSettings,
        ResourceKind::Workspace,
        Some(Permission::MANAGE_SETTINGS),
        "manage_settings",
    ),
    (
        Action::ViewStats,
        ResourceKind::Workspace,
        Some(Permission::VIEW_STATS),
        "view_stats",
    ),
    (
        Action::ManageForms,
        ResourceKind::Workspace,
        Some(Permission::MANAGE_FORMS),
        "manage_forms",
    ),
];

/// Every action, in the order of [`ACTIONS`].
pub fn actions() -> impl Iterator<Item = Action> {
    ACTIONS.iter().map(|(action, ..)| *action)
}

/// The chat actions of the policy table.
pub const CHAT_ACTIONS: [Action; 3] = [Action::View, Action::Reply, Action::Delete];

/// Each chat capability and the action whose decision on the chat it is: the three chat
/// actions, and assigning (or unassigning) a member, which POLICY.md's changes table says
/// needs `reply` on that chat.
pub const CAPABILITIES: [(Capabilities, Action); 4] = [
    (Capabilities::VIEW, Action::View),
    (Capabilities::REPLY, Action::Reply),
    (Capabilities::DELETE, Action::Delete),
    (Capabilities::ASSIGN, Action::Reply),
];

/// The capabilities whose action `allowed` allows on the chat, by [`CAPABILITIES`].
pub fn expected_capabilities(allowed: impl Fn(Action) -> bool) -> Capabilities {
    CAPABILITIES
        .iter()
        .filter(|(_, action)| allowed(*action))
        .fold(Capabilities::empty(), |set, (flag, _)| set | *flag)
}

/// The kind of resource `action` applies to, by the literal table.
pub fn kind_of(action: Action) -> ResourceKind {
    rule(action).1
}

/// The flag `action` requires, by the literal table.
pub fn required_by(action: Action) -> Option<Permission> {
    rule(action).2
}

/// The name of `action`, by the literal table.
pub fn action_name(action: Action) -> &'static str {
    rule(action).3
}

fn rule(action: Action) -> (Action, ResourceKind, Option<Permission>, &'static str) {
    *ACTIONS
        .iter()
        .find(|(listed, ..)| *listed == action)
        .unwrap_or_else(|| panic!("{action:?} is missing from the literal action table"))
}

/// The lowercase name of `role`, as POLICY.md's rows name it.
pub fn role_name(role: Role) -> &'static str {
    ["owner", "admin", "teammate", "agent", "collaborator"][row(role)]
}

// ---------------------------------------------------------------------------------------
// The reference model
// ---------------------------------------------------------------------------------------

/// The closure: apply the literal `IMPLIES` rules until nothing changes.
pub fn ref_closure(grants: Permission) -> Permission {
    let mut closed = grants;
    loop {
        let next = IMPLIES
            .iter()
            .filter(|(flag, _)| closed.contains(*flag))
            .fold(closed, |set, (_, implied)| set | self::set(implied));
        if next == closed {
            return closed;
        }
        closed = next;
    }
}

/// The role's ceiling as a set.
pub fn ref_ceiling(role: Role) -> Permission {
    set(CEILING[row(role)])
}

/// The role's default grant as a set.
pub fn ref_default_grant(role: Role) -> Permission {
    set(DEFAULT_GRANT[row(role)])
}

/// `closure(granted) ∩ ceiling(role)`, except the Owner, who always holds everything.
pub fn ref_effective(role: Role, grants: Permission) -> Permission {
    if role == Role::Owner {
        everything()
    } else {
        ref_closure(grants) & ref_ceiling(role)
    }
}

/// The kind of a scope, read off the variant.
pub fn scope_kind(scope: Scope) -> ResourceKind {
    match scope {
        Scope::Workspace => ResourceKind::Workspace,
        Scope::Account(_) => ResourceKind::Account,
        Scope::Chat(_) => ResourceKind::Chat,
    }
}

/// Whether a chat in `categories` is visible to `role`: any of its categories is.
pub fn ref_visible(role: Role, categories: Categories) -> bool {
    (0..4).any(|column| VISIBLE[row(role)][column] && categories.contains(COLUMNS[column]))
}

/// Whether an account in `categories` is usable by `role` (`ASSIGNED` ignored).
pub fn ref_usable(role: Role, categories: Categories) -> bool {
    (0..3).any(|column| USABLE_ACCOUNTS[row(role)][column] && categories.contains(COLUMNS[column]))
}

/// The expected decision, reason included, for a member of `role` granted `grants`
/// (`active` or removed) asking `action` of a resource in `scope`. The order of checks is
/// POLICY.md's: a request of the wrong kind of resource first, then inactive, out of
/// scope, missing permission.
pub fn expected(
    role: Role,
    grants: Permission,
    active: bool,
    action: Action,
    scope: Scope,
) -> Result<(), Denied> {
    let (_, kind, required, _) = rule(action);
    let asked_of = scope_kind(scope);
    if asked_of != kind {
        return Err(Denied::WrongResource {
            action,
            resource: asked_of,
        });
    }
    if !active {
        return Err(Denied::Inactive);
    }
    let in_scope = match scope {
        Scope::Workspace => action != Action::ConnectAccount || CONNECTS_ACCOUNTS[row(role)],
        Scope::Account(categories) => ref_usable(role, categories),
        Scope::Chat(categories) => ref_visible(role, categories),
    };
    if !in_scope {
        return Err(Denied::OutOfScope {
            action,
            role,
            resource: kind,
        });
    }
    let held = ref_effective(role, grants);
    match required {
        Some(required) if !held.contains(required) => Err(Denied::MissingPermission {
            action,
            required,
            held,
        }),
        _ => Ok(()),
    }
}

/// The categories of a chat for subject `subject` (in `subject_teams`), from POLICY.md's
/// definitions: Own when the subject connected the chat's account; SameTeam when another
/// member connected it who is active and shares at least one team with the subject;
/// OtherTeam otherwise (a removed connector has no teams); plus Assigned when the subject
/// is among the assignees.
pub fn ref_categories(
    subject: MemberId,
    subject_teams: &[TeamId],
    connector: MemberId,
    connector_teams: &[TeamId],
    connector_active: bool,
    assignees: &[MemberId],
) -> Categories {
    let own = connector == subject;
    let shares = connector_active && connector_teams.iter().any(|t| subject_teams.contains(t));
    let by_account = if own {
        Categories::OWN
    } else if shares {
        Categories::SAME_TEAM
    } else {
        Categories::OTHER_TEAM
    };
    if assignees.contains(&subject) {
        by_account | Categories::ASSIGNED
    } else {
        by_account
    }
}

// ---------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------

/// Asserts a decision equals the expected one, reason and details included.
#[track_caller]
pub fn assert_decision(
    actual: Result<(), Denied>,
    expected: Result<(), Denied>,
    context: impl Debug,
) {
    assert_eq!(
        actual, expected,
        "decision differs from POLICY.md for {context:?}"
    );
}

/// Asserts the decision is allowed.
#[track_caller]
pub fn assert_allowed(actual: Result<(), Denied>, context: impl Debug) {
    assert_eq!(actual, Ok(()), "expected allowed: {context:?}");
}

/// Asserts the decision is an `OutOfScope` denial.
#[track_caller]
pub fn assert_out_of_scope(actual: Result<(), Denied>, context: impl Debug) {
    assert!(
        matches!(actual, Err(Denied::OutOfScope { .. })),
        "expected out_of_scope, got {actual:?}: {context:?}"
    );
}

/// Asserts the decision is a `MissingPermission` denial for `required`.
#[track_caller]
pub fn assert_missing(actual: Result<(), Denied>, required: Permission, context: impl Debug) {
    assert!(
        matches!(actual, Err(Denied::MissingPermission { required: r, .. }) if r == required),
        "expected missing_permission {required:?}, got {actual:?}: {context:?}"
    );
}

/// Asserts `text` follows STYLE.md's message rules: not empty, lowercase outside of
/// backticks (user input is quoted in backticks and kept as given), no final period.
#[track_caller]
pub fn assert_message_style(text: &str) {
    assert!(!text.is_empty(), "empty message");
    assert_eq!(
        text.trim(),
        text,
        "message has surrounding whitespace: {text:?}"
    );
    assert!(!text.ends_with('.'), "message ends with a period: {text:?}");
    let unquoted: String = text
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 0)
        .map(|(_, part)| part)
        .collect();
    assert!(
        !unquoted.chars().any(char::is_uppercase),
        "message is not lowercase outside backticks: {text:?}"
    );
    assert_eq!(
        text.matches('`').count() % 2,
        0,
        "unbalanced backticks: {text:?}"
    );
}
