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
    AccountId, Capabilities, Categories, Change, ChatId, Connector, Event, MemberId, Permission,
    Role, TeamId,
};

fn member(id: u128) -> MemberId {
    MemberId::new(id)
}

#[test]
fn each_kind_of_change_reads_as_written() {
    let (ana, bo) = (member(1), member(2));
    let (team, account, chat) = (TeamId::new(3), AccountId::new(4), ChatId::new(5));
    let admin_ceiling =
        Permission::all().difference(Permission::MANAGE_BILLING | Permission::MANAGE_WORKSPACE);
    let cases: [(Change, &str); 13] = [
        (
            Change::MemberAdded {
                member: bo,
                role: Role::Agent,
                grants: None,
                effective: Permission::VIEW | Permission::REPLY,
            },
            "added `2` as agent with grants default (effective view, reply)",
        ),
        (
            Change::MemberAdded {
                member: bo,
                role: Role::Collaborator,
                grants: Some(Permission::empty()),
                effective: Permission::empty(),
            },
            "added `2` as collaborator with grants none (effective none)",
        ),
        (
            Change::RoleChanged {
                member: bo,
                before: Role::Agent,
                after: Role::Admin,
                effective_before: Permission::VIEW | Permission::REPLY,
                effective_after: admin_ceiling,
            },
            "changed the role of `2`: agent -> admin (effective view, reply -> view, reply, \
             delete, manage_team, manage_settings, view_stats, manage_forms, \
             manage_integrations, admin)",
        ),
        (
            Change::GrantsChanged {
                member: bo,
                before: None,
                after: Some(Permission::VIEW),
                effective_before: Permission::VIEW | Permission::REPLY,
                effective_after: Permission::VIEW,
            },
            "changed the grants of `2`: default -> view (effective view, reply -> view)",
        ),
        (Change::MemberRemoved { member: bo }, "removed `2`"),
        (Change::TeamCreated { team }, "created team `3`"),
        (
            Change::TeamJoined { member: bo, team },
            "put `2` in team `3`",
        ),
        (
            Change::TeamLeft { member: bo, team },
            "took `2` out of team `3`",
        ),
        (
            Change::OwnershipTransferred { from: ana, to: bo },
            "transferred ownership from `1` to `2`",
        ),
        (
            Change::AccountConnected {
                account,
                connector: bo,
            },
            "connected account `4` (connector `2`)",
        ),
        (
            Change::AccountTransferred {
                account,
                from: ana,
                to: bo,
            },
            "transferred account `4` from `1` to `2`",
        ),
        (
            Change::ChatReceived { chat, account },
            "chat `5` arrived on account `4`",
        ),
        (
            Change::ChatAssigned { chat, member: bo },
            "assigned chat `5` to `2`",
        ),
    ];
    for (change, text) in cases {
        assert_eq!(change.to_string(), text);
        let by_ana = Event {
            actor: Some(ana),
            change,
        };
        assert_eq!(by_ana.to_string(), format!("`1` {text}"));
        let by_network = Event {
            actor: None,
            change,
        };
        assert_eq!(by_network.to_string(), format!("the network: {text}"));
    }
    assert_eq!(
        Change::ChatUnassigned { chat, member: bo }.to_string(),
        "unassigned `2` from chat `5`"
    );
}

#[test]
fn every_set_of_chat_capabilities_reads_in_table_order() {
    let all: [(u8, &str); 8] = [
        (0b000, "none"),
        (0b001, "view"),
        (0b010, "reply"),
        (0b011, "view, reply"),
        (0b100, "delete"),
        (0b101, "view, delete"),
        (0b110, "reply, delete"),
        (0b111, "view, reply, delete"),
    ];
    for (bits, text) in all {
        let mut set = Capabilities::empty();
        for (bit, flag) in [
            (0b001, Capabilities::VIEW),
            (0b010, Capabilities::REPLY),
            (0b100, Capabilities::DELETE),
        ] {
            if bits & bit != 0 {
                set |= flag;
            }
        }
        assert_eq!(set.to_string(), text);
        assert_eq!(text.parse::<Capabilities>().unwrap(), set);
    }
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
