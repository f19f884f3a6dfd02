//! Every wording a person reads, written out by hand: the audit text of each kind of change,
//! every set of chat capabilities and of categories, and the parsing of flag lists. (Mutation
//! testing found these pinned only by doc examples, or by nothing: `"view, view"` combined
//! with `^` would have parsed to no permission at all.)

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    reason = "test code reports a failure by panicking"
)]

use chatgate::{
    AccountId, Before, Capabilities, Categories, Change, ChatId, Connector, Event, MemberId,
    Permission, Role, TeamId,
};

fn member(id: u128) -> MemberId {
    MemberId::new(id)
}

#[test]
fn each_kind_of_change_reads_in_its_vocabulary() {
    let bo = member(2);
    let (team, account, chat) = (TeamId::new(3), AccountId::new(4), ChatId::new(5));
    let cases: [(Change, &str); 16] = [
        (
            Change::AddMember {
                member: bo,
                role: Role::Agent,
                permissions: None,
            },
            "add_member member `2` role agent permissions default",
        ),
        (
            Change::AddMember {
                member: bo,
                role: Role::Collaborator,
                permissions: Some(Permission::empty()),
            },
            "add_member member `2` role collaborator permissions [none]",
        ),
        (
            Change::SetRole {
                member: bo,
                role: Role::Admin,
            },
            "set_role member `2` role admin",
        ),
        (
            Change::SetPermissions {
                member: bo,
                permissions: Some(Permission::VIEW | Permission::DELETE),
            },
            "set_permissions member `2` permissions [view, delete]",
        ),
        (
            Change::RemoveMember { member: bo },
            "remove_member member `2`",
        ),
        (Change::CreateTeam { team }, "create_team team `3`"),
        (Change::DeleteTeam { team }, "delete_team team `3`"),
        (
            Change::JoinTeam { member: bo, team },
            "join_team member `2` team `3`",
        ),
        (
            Change::LeaveTeam { member: bo, team },
            "leave_team member `2` team `3`",
        ),
        (
            Change::TransferOwnership { member: bo },
            "transfer_ownership member `2`",
        ),
        (
            Change::ConnectAccount { account },
            "connect_account account `4`",
        ),
        (
            Change::TransferAccount {
                account,
                member: bo,
            },
            "transfer_account account `4` member `2`",
        ),
        (
            Change::ReceiveChat { chat, account },
            "receive_chat chat `5` account `4`",
        ),
        (
            Change::Assign { chat, member: bo },
            "assign chat `5` member `2`",
        ),
        (
            Change::Unassign { chat, member: bo },
            "unassign chat `5` member `2`",
        ),
        (Change::DeleteChat { chat }, "delete_chat chat `5`"),
    ];
    for (change, text) in cases {
        assert_eq!(change.to_string(), text);
        let by_ana = Event {
            revision: 1,
            actor: Some(member(1)),
            change,
            before: Before::Nothing,
        };
        assert_eq!(by_ana.to_string(), format!("`1`: {text}"));
        let by_network = Event {
            revision: 1,
            actor: None,
            change,
            before: Before::Nothing,
        };
        assert_eq!(by_network.to_string(), format!("network: {text}"));
    }
}

#[test]
fn what_a_change_replaced_reads_as_written() {
    let (ana, bo) = (member(1), member(2));
    let cases = [
        (
            Before::Removed {
                role: Role::Agent,
                permissions: None,
            },
            "re-added; was removed as agent, permissions default",
        ),
        (
            Before::Member {
                role: Role::Teammate,
                permissions: Some(Permission::VIEW),
            },
            "was role teammate, permissions [view]",
        ),
        (
            Before::Dropped {
                teams: vec![TeamId::new(3), TeamId::new(4)],
                assignments: vec![ChatId::new(5)],
            },
            "dropped teams [`3`, `4`], assignments [`5`]",
        ),
        (
            Before::Dropped {
                teams: vec![],
                assignments: vec![],
            },
            "dropped teams [], assignments []",
        ),
        (
            Before::TeamMembers(vec![ana, bo]),
            "members were [`1`, `2`]",
        ),
        (Before::Owner(ana), "owner was `1`"),
        (Before::Connector(ana), "connector was `1`"),
        (
            Before::Chat {
                account: AccountId::new(4),
                assignees: vec![bo],
            },
            "was on account `4`, assignees [`2`]",
        ),
    ];
    for (before, text) in cases {
        assert_eq!(before.to_string(), text);
        let event = Event {
            revision: 1,
            actor: Some(ana),
            change: Change::RemoveMember { member: bo },
            before,
        };
        assert_eq!(
            event.to_string(),
            format!("`1`: remove_member member `2` ({text})")
        );
    }
}

#[test]
fn every_set_of_chat_capabilities_reads_in_table_order() {
    let names = ["view", "reply", "delete", "assign"];
    let flags = [
        Capabilities::VIEW,
        Capabilities::REPLY,
        Capabilities::DELETE,
        Capabilities::ASSIGN,
    ];
    let mut seen = std::collections::BTreeSet::new();
    for bits in 0_u8..16 {
        let mut set = Capabilities::empty();
        let mut words = Vec::new();
        for (index, (flag, name)) in flags.iter().zip(names).enumerate() {
            if bits & (1 << index) != 0 {
                set |= *flag;
                words.push(name);
            }
        }
        let text = if words.is_empty() {
            "none".to_owned()
        } else {
            words.join(", ")
        };
        assert_eq!(set.to_string(), text);
        assert_eq!(text.parse::<Capabilities>().unwrap(), set);
        seen.insert(text);
    }
    assert_eq!(seen.len(), 16);
    let unknown = "view, manage_team".parse::<Capabilities>().unwrap_err();
    assert_eq!(unknown.to_string(), "unknown chat capability `manage_team`");
}

#[test]
fn every_set_of_categories_reads_in_table_order() {
    let names = ["own", "same_team", "other_team", "assigned"];
    let flags = [
        Categories::OWN,
        Categories::SAME_TEAM,
        Categories::OTHER_TEAM,
        Categories::ASSIGNED,
    ];
    let mut seen = std::collections::BTreeSet::new();
    for bits in 0_u8..16 {
        let mut set = Categories::empty();
        let mut words = Vec::new();
        for (index, (flag, name)) in flags.iter().zip(names).enumerate() {
            if bits & (1 << index) != 0 {
                set |= *flag;
                words.push(name);
            }
        }
        let text = if words.is_empty() {
            "none".to_owned()
        } else {
            words.join(", ")
        };
        assert_eq!(set.to_string(), text);
        assert_eq!(text.parse::<Categories>().unwrap(), set);
        seen.insert(text);
    }
    assert_eq!(seen.len(), 16);
}

#[test]
fn a_repeated_flag_counts_once_and_never_cancels() {
    assert_eq!(
        "view, view".parse::<Permission>().unwrap(),
        Permission::VIEW
    );
    assert_eq!(
        "reply | reply + view".parse::<Permission>().unwrap(),
        Permission::REPLY | Permission::VIEW
    );
    assert_eq!(
        "view, view".parse::<Capabilities>().unwrap(),
        Capabilities::VIEW
    );
    assert_eq!("own, own".parse::<Categories>().unwrap(), Categories::OWN);
}

#[test]
fn a_connector_is_active_until_removed() {
    let teams = [TeamId::new(1)];
    let connector = Connector::new(member(1)).with_teams(&teams);
    assert!(connector.is_active());
    assert_eq!(connector.teams(), &teams);
    let removed = connector.removed();
    assert!(!removed.is_active());
    assert!(removed.teams().is_empty());
}

#[test]
fn every_flag_has_its_policy_name_both_ways() {
    // POLICY.md's flag table, lowercased, in its order.
    let table = [
        (Permission::VIEW, "view"),
        (Permission::REPLY, "reply"),
        (Permission::DELETE, "delete"),
        (Permission::MANAGE_TEAM, "manage_team"),
        (Permission::MANAGE_SETTINGS, "manage_settings"),
        (Permission::VIEW_STATS, "view_stats"),
        (Permission::MANAGE_FORMS, "manage_forms"),
        (Permission::MANAGE_INTEGRATIONS, "manage_integrations"),
        (Permission::MANAGE_BILLING, "manage_billing"),
        (Permission::MANAGE_WORKSPACE, "manage_workspace"),
        (Permission::ADMIN, "admin"),
    ];
    assert_eq!(table.len(), Permission::all().iter().count());
    for (flag, name) in table {
        assert_eq!(flag.name(), Some(name));
        assert_eq!(Permission::named(name), Some(flag));
        assert_eq!(flag.to_string(), name);
    }
    assert_eq!((Permission::VIEW | Permission::REPLY).name(), None);
    assert_eq!(Permission::empty().name(), None);
    assert_eq!(Permission::named("View"), None);
    assert_eq!(Permission::named(""), None);
}
