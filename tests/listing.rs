//! Listing is exact: `chats_for`, `who_can` and the slice-level `Filter::chats` return
//! exactly what `authorize` allows, for every role, action and random workspace, with no
//! cap and no truncation; pages taken with `chats_for_after` and `who_can_after` are exact
//! while chats arrive, leave and change hands between them.

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

/// A change made between two pages: the owner (member 1) receives a chat (with an id from
/// 0 to 199, so before or after the cursor), deletes, assigns or unassigns one, picked by
/// the numbers.
#[derive(Debug, Clone, Copy)]
enum Between {
    Arrive(u128, usize),
    Delete(usize),
    Assign(usize, usize),
    Unassign(usize, usize),
}

fn between() -> impl Strategy<Value = Between> {
    prop_oneof![
        (0_u128..200, 0_usize..8).prop_map(|(id, account)| Between::Arrive(id, account)),
        (0_usize..32).prop_map(Between::Delete),
        (0_usize..32, 0_usize..8).prop_map(|(chat, member)| Between::Assign(chat, member)),
        (0_usize..32, 0_usize..8).prop_map(|(chat, member)| Between::Unassign(chat, member)),
    ]
}

/// Makes `change` as the owner; a change the workspace refuses (an unknown account, a
/// removed member, a chat that exists) is skipped, as it changes nothing.
fn make(ws: &mut Workspace, change: Between) {
    let owner = MemberId::new(1);
    let chats: Vec<ChatId> = ws.chats().collect::<BTreeSet<_>>().into_iter().collect();
    let members: Vec<MemberId> = ws.members().map(|m| m.id()).collect();
    let accounts: Vec<chatgate::AccountId> = ws.account_rows().map(|(a, _)| a).collect();
    let pick = |list: &[ChatId], n: usize| list.get(n % list.len().max(1)).copied();
    let member = |n: usize| members.get(n % members.len().max(1)).copied();
    let _ = match change {
        Between::Arrive(id, account) => match accounts.get(account % accounts.len().max(1)) {
            Some(account) => ws.receive_chat(ChatId::new(1_000 + id), *account),
            None => return,
        },
        Between::Delete(chat) => match pick(&chats, chat) {
            Some(chat) => ws.delete_chat(owner, chat),
            None => return,
        },
        Between::Assign(chat, to) => match (pick(&chats, chat), member(to)) {
            (Some(chat), Some(to)) => ws.assign(owner, chat, to),
            _ => return,
        },
        Between::Unassign(chat, from) => match (pick(&chats, chat), member(from)) {
            (Some(chat), Some(from)) => ws.unassign(owner, chat, from),
            _ => return,
        },
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Every page equals the first `size` chats above the cursor that `authorize` allows on
    /// the workspace as it is when the page is taken, for every member and chat action; so
    /// pages never repeat a chat, and miss only those that arrive behind the cursor.
    #[test]
    fn pages_are_exact_while_chats_arrive_and_leave(
        snapshot in snapshot(),
        size in 1_usize..=5,
        changes in prop::collection::vec(prop::collection::vec(between(), 0..=3), 0..=12),
    ) {
        let unknown = MemberId::new(999);
        for member in snapshot.members.iter().map(|m| m.id).chain([unknown]) {
            for action in [Action::View, Action::Reply, Action::Delete] {
                let mut ws = workspace(&snapshot);
                let mut cursor: Option<ChatId> = None;
                let mut listed: Vec<ChatId> = Vec::new();
                for turn in 0.. {
                    let page: Vec<ChatId> = match cursor {
                        None => ws.chats_for(member, action).take(size).collect(),
                        Some(after) => ws.chats_for_after(member, action, after).take(size).collect(),
                    };
                    let expected: Vec<ChatId> = allowed_chats(&ws, member, action)
                        .into_iter()
                        .filter(|chat| cursor.is_none_or(|after| *chat > after))
                        .take(size)
                        .collect();
                    prop_assert_eq!(&page, &expected, "{} {} page {} after {:?}", member, action, turn, cursor);
                    listed.extend(&page);
                    if page.len() < size {
                        break;
                    }
                    cursor = page.last().copied();
                    for change in changes.get(turn).into_iter().flatten() {
                        make(&mut ws, *change);
                    }
                }
                prop_assert!(listed.windows(2).all(|pair| pair[0] < pair[1]), "ascending, once each: {:?}", listed);
            }
        }
    }

    /// `who_can_after` pages concatenate to `who_can`, and a cursor that was never a member
    /// is refused.
    #[test]
    fn who_can_pages_concatenate_to_the_whole_list(snapshot in snapshot(), size in 1_usize..=3) {
        let ws = workspace(&snapshot);
        let targets = [Target::Workspace]
            .into_iter()
            .chain(snapshot.accounts.iter().map(|a| Target::Account(a.id)))
            .chain(snapshot.chats.iter().map(|c| Target::Chat(c.id)));
        for target in targets {
            for action in Action::ALL {
                let mut listed: Vec<MemberId> = ws.who_can(action, target).take(size).collect();
                while let Some(after) = listed.last().copied().filter(|_| listed.len() % size == 0) {
                    let page: Vec<MemberId> = ws.who_can_after(action, target, after).unwrap().take(size).collect();
                    if page.is_empty() {
                        break;
                    }
                    listed.extend(page);
                }
                prop_assert_eq!(listed, allowed_members(&ws, action, target), "{} {:?}", action, target);
                prop_assert!(ws.who_can_after(action, target, MemberId::new(999)).is_err());
            }
        }
    }

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

/// With 300 accounts (300 lists for the listing to merge, past its inline room for four),
/// listing still equals one `authorize` per chat.
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

/// "Most recent first" by a key the service keeps (last activity), both ways the docs of
/// `chats_for_after` give: walking the service's own ordered index and keeping what
/// `authorize` allows, and, for a member who sees few chats, their whole list sorted by the
/// key. Both pages equal the allowed chats in the service's order.
#[test]
fn most_recent_first_pages_by_the_services_key() {
    use chatgate::AccountId;
    use std::cmp::Reverse;
    let (owner, dan, cleo) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
    let mut ws = Workspace::new(owner);
    ws.add_member(owner, dan, Role::Agent).unwrap();
    ws.add_member(owner, cleo, Role::Collaborator).unwrap();
    ws.connect_account(owner, AccountId::new(10)).unwrap();
    ws.connect_account(dan, AccountId::new(20)).unwrap();
    // The service's index: (last activity, newest first; chat). Activity is not id order.
    let mut recent: BTreeSet<(Reverse<u64>, ChatId)> = BTreeSet::new();
    for n in 1..=300_u32 {
        let chat = ChatId::from(n);
        let account = if n % 3 == 0 { 20 } else { 10 };
        ws.receive_chat(chat, AccountId::new(account)).unwrap();
        recent.insert((Reverse(u64::from(n * 7919 % 1000)), chat));
        if n % 50 == 0 {
            ws.assign(owner, chat, cleo).unwrap();
        }
    }
    let activity = |chat: ChatId| {
        recent
            .iter()
            .find(|(_, held)| *held == chat)
            .map(|(at, _)| *at)
    };
    for member in [owner, dan, cleo] {
        let mut expected: Vec<ChatId> = allowed_chats(&ws, member, Action::View)
            .into_iter()
            .collect();
        expected.sort_by_key(|chat| (activity(*chat), *chat));
        // Walking the service's index a page of 20 at a time, resuming after the last key.
        let mut walked = Vec::new();
        let mut from: Option<(Reverse<u64>, ChatId)> = None;
        loop {
            let page: Vec<(Reverse<u64>, ChatId)> = recent
                .iter()
                .filter(|key| from.is_none_or(|from| **key > from))
                .filter(|(_, chat)| {
                    ws.authorize(member, Action::View, Target::Chat(*chat))
                        .is_ok()
                })
                .take(20)
                .copied()
                .collect();
            walked.extend(page.iter().map(|(_, chat)| *chat));
            match page.last() {
                Some(last) if page.len() == 20 => from = Some(*last),
                _ => break,
            }
        }
        assert_eq!(walked, expected, "{member}, walking the service's index");
        // A member who sees few chats: their whole list, sorted by the key.
        if ws.chats_for(member, Action::View).take(21).count() <= 20 {
            let mut few: Vec<ChatId> = ws.chats_for(member, Action::View).collect();
            few.sort_by_key(|chat| (activity(*chat), *chat));
            assert_eq!(few, expected, "{member}, sorting a short list");
            assert_eq!(member, cleo, "only Cleo sees few chats");
        }
    }
}
