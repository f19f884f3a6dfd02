//! Listing is exact: `chats_for`, `who_can` and the slice-level `Filter::chats` return
//! exactly what `authorize` allows, for every role, action and random workspace, with no
//! cap and no truncation.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test setup")]

mod listing_util;

use std::collections::BTreeSet;

use chatgate::{authorize, Action, ChatId, Filter, MemberId, Resource, Role, Target, Workspace};
use listing_util::{chat_views, snapshot, workspace};
use proptest::prelude::*;

fn allowed_chats(ws: &Workspace, member: MemberId, action: Action) -> BTreeSet<ChatId> {
    ws.chats()
        .filter(|chat| ws.authorize(member, action, Target::Chat(*chat)).is_ok())
        .collect()
}

fn allowed_members(ws: &Workspace, action: Action, target: Target) -> Vec<MemberId> {
    ws.members()
        .map(|subject| subject.id())
        .filter(|member| ws.authorize(*member, action, target).is_ok())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn chats_for_is_exactly_what_authorize_allows(snapshot in snapshot()) {
        let ws = workspace(&snapshot);
        let unknown = MemberId::new(999);
        for member in snapshot.members.iter().map(|m| m.id).chain([unknown]) {
            for action in Action::ALL {
                let listed: BTreeSet<ChatId> = ws.chats_for(member, action).collect();
                prop_assert_eq!(ws.chats_for(member, action).count(), listed.len(), "no duplicates");
                prop_assert_eq!(&listed, &allowed_chats(&ws, member, action), "{} {}", member, action);
            }
        }
    }

    #[test]
    fn who_can_is_exactly_what_authorize_allows(snapshot in snapshot()) {
        let ws = workspace(&snapshot);
        let targets = [Target::Workspace, Target::Chat(ChatId::new(9999)), Target::Account(chatgate::AccountId::new(9999))]
            .into_iter()
            .chain(snapshot.accounts.iter().map(|a| Target::Account(a.id)))
            .chain(snapshot.chats.iter().map(|c| Target::Chat(c.id)));
        for target in targets {
            for action in Action::ALL {
                let listed: Vec<MemberId> = ws.who_can(action, target).collect();
                prop_assert_eq!(listed, allowed_members(&ws, action, target), "{} {:?}", action, target);
            }
        }
    }

    #[test]
    fn the_slice_filter_is_exactly_what_authorize_allows(snapshot in snapshot()) {
        let views = chat_views(&snapshot);
        for member in &snapshot.members {
            let subject = member.subject();
            for action in Action::ALL {
                let filter = Filter::new(&subject, action);
                let listed: Vec<ChatId> = filter.chats(views.iter().copied()).map(|c| c.id()).collect();
                let expected: Vec<ChatId> = views
                    .iter()
                    .filter(|chat| authorize(&subject, action, Resource::Chat(**chat)).is_ok())
                    .map(|c| c.id())
                    .collect();
                prop_assert_eq!(listed, expected, "{:?} {}", subject, action);
            }
        }
    }
}

/// The filter's categories per role, from POLICY.md's matrix (a role's row, for a member
/// holding the flag): widening or narrowing any role by one category fails here.
#[test]
fn each_roles_filter_is_its_row_of_the_matrix() {
    use chatgate::{Categories as C, Permission, Subject};
    let rows = [
        (
            Role::Owner,
            C::OWN | C::SAME_TEAM | C::OTHER_TEAM | C::ASSIGNED,
        ),
        (
            Role::Admin,
            C::OWN | C::SAME_TEAM | C::OTHER_TEAM | C::ASSIGNED,
        ),
        (Role::Teammate, C::OWN | C::SAME_TEAM | C::ASSIGNED),
        (Role::Agent, C::OWN | C::ASSIGNED),
        (Role::Collaborator, C::ASSIGNED),
    ];
    for (role, row) in rows {
        let subject = Subject::new(MemberId::new(1), role).with_grants(Permission::ADMIN);
        for action in [Action::View, Action::Reply, Action::Delete] {
            assert_eq!(
                Filter::new(&subject, action).allowed(),
                row,
                "{role} {action}"
            );
        }
        assert!(Filter::new(&subject.removed(), Action::View).is_nothing());
        assert!(Filter::new(&subject, Action::SendFrom).is_nothing());
        let without = subject.with_grants(Permission::empty());
        if role != Role::Owner {
            assert!(Filter::new(&without, Action::View).is_nothing(), "{role}");
        }
    }
}

/// Past 64 and 256 accounts (where the listing's per-account bits spill into more words and
/// onto the heap), listing still equals one `authorize` per chat.
#[test]
fn listing_is_exact_with_hundreds_of_accounts() {
    use chatgate::{AccountId, TeamId};
    let owner = MemberId::new(1);
    let mut ws = Workspace::new(owner);
    ws.create_team(owner, TeamId::new(1)).unwrap();
    let members = [
        (MemberId::new(2), Role::Teammate),
        (MemberId::new(3), Role::Agent),
        (MemberId::new(4), Role::Teammate),
        (MemberId::new(5), Role::Collaborator),
    ];
    for (id, role) in members {
        ws.add_member(owner, id, role).unwrap();
    }
    ws.join_team(owner, MemberId::new(2), TeamId::new(1))
        .unwrap();
    ws.join_team(owner, MemberId::new(4), TeamId::new(1))
        .unwrap();
    for n in 0..300_u32 {
        let account = AccountId::from(n);
        ws.connect_account(owner, account).unwrap();
        let connector = MemberId::new(u128::from(1 + n % 4));
        ws.transfer_account(owner, account, connector).unwrap();
        ws.receive_chat(ChatId::from(n), account).unwrap();
        if n % 7 == 0 {
            ws.assign(owner, ChatId::from(n), MemberId::new(u128::from(2 + n % 4)))
                .unwrap();
        }
    }
    for member in (1..=5).map(MemberId::new) {
        for action in Action::ALL {
            let listed: BTreeSet<ChatId> = ws.chats_for(member, action).collect();
            assert_eq!(
                listed,
                allowed_chats(&ws, member, action),
                "{member} {action}"
            );
        }
    }
}
