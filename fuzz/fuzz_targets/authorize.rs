//! Structured random requests into the decision: `authorize` never panics, and
//! `capabilities` and `Filter` always agree with it.

#![no_main]

use chatgate::{
    authorize, capabilities, Account, AccountId, Action, Capabilities, Chat, ChatId, Connector,
    Filter, MemberId, Permission, Resource, Role, Subject, TeamId,
};
use libfuzzer_sys::fuzz_target;

/// Reads bytes one at a time, as zeros once they run out.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        let (first, rest) = self.0.split_first().map_or((0, &[][..]), |(f, r)| (*f, r));
        self.0 = rest;
        first
    }
    fn small(&mut self, below: u8) -> u8 {
        self.byte() % below
    }
    fn teams(&mut self) -> Vec<TeamId> {
        let count = self.small(4);
        (0..count)
            .map(|_| TeamId::new(u128::from(self.small(5))))
            .collect()
    }
}

fuzz_target!(|data: &[u8]| {
    let mut input = Bytes(data);
    let role = Role::ALL[usize::from(input.small(5))];
    let grants = Permission::from_bits_truncate(u16::from_le_bytes([input.byte(), input.byte()]));
    let subject_teams = input.teams();
    let connector_teams = input.teams();
    let assignees: Vec<MemberId> = (0..input.small(4))
        .map(|_| MemberId::new(u128::from(input.small(4))))
        .collect();
    let mut subject = Subject::new(MemberId::new(u128::from(input.small(4))), role)
        .with_grants(grants)
        .with_teams(&subject_teams);
    if input.small(4) == 0 {
        subject = subject.removed();
    }
    let mut connector =
        Connector::new(MemberId::new(u128::from(input.small(4)))).with_teams(&connector_teams);
    if input.small(4) == 0 {
        connector = connector.removed();
    }
    let account = Account::new(AccountId::new(1), connector);
    let chat = Chat::new(ChatId::new(1), account).with_assignees(&assignees);
    let action = Action::ALL[usize::from(input.small(12))];
    let resource = match input.small(3) {
        0 => Resource::Workspace,
        1 => Resource::Account(account),
        _ => Resource::Chat(chat),
    };
    let decision = authorize(&subject, action, resource);

    // The same question about the chat, three ways.
    let on_chat = authorize(&subject, action, Resource::Chat(chat)).is_ok();
    assert_eq!(Filter::new(&subject, action).allows_chat(&chat), on_chat);
    let flag = match action {
        Action::View => Some(Capabilities::VIEW),
        Action::Reply => Some(Capabilities::REPLY),
        Action::Delete => Some(Capabilities::DELETE),
        _ => None,
    };
    if let Some(flag) = flag {
        assert_eq!(capabilities(&subject, &chat).contains(flag), on_chat);
    }
    // A denial always renders as a message.
    if let Err(denied) = decision {
        assert!(!denied.to_string().is_empty());
    }
});
