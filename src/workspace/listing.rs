//! Who sees what: the chats a member may act on, and the members who may act on a target.

use super::{Target, Workspace};
use crate::{authorize_scope, Action, ChatId, Filter, MemberId, Role, Scope, Subject};

impl Workspace {
    /// The [`Filter`] of the chats `member` may take `action` on, for rendering as SQL with
    /// [`Filter::to_sql`]; it allows nothing for an unknown member.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, MemberId, Workspace};
    /// let ws = Workspace::new(MemberId::new(1));
    /// assert!(ws.filter(MemberId::new(1), Action::View).is_everything());
    /// assert!(ws.filter(MemberId::new(2), Action::View).is_nothing());
    /// ```
    #[must_use]
    pub fn filter(&self, member: MemberId, action: Action) -> Filter<'_> {
        match self.member(member) {
            Some((_, record)) => Filter::new(&record.subject(), action),
            None => Filter::new(&Subject::new(member, Role::Collaborator).removed(), action),
        }
    }

    /// Every chat `member` may take `action` on (`View` for their inbox), in no particular
    /// order; never truncated. Empty for an unknown or removed member, or an action that is
    /// not a chat action. The subject's scope is worked out once; each chat then costs a few
    /// comparisons, and nothing is allocated.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Action, ChatId, MemberId, Role, Workspace};
    /// let (owner, dan) = (MemberId::new(1), MemberId::new(2));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, dan, Role::Agent)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.connect_account(dan, AccountId::new(20))?;
    /// ws.receive_chat(ChatId::new(1), AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(2), AccountId::new(20))?;
    ///
    /// let inbox: Vec<_> = ws.chats_for(dan, Action::View).collect();
    /// assert_eq!(inbox, [ChatId::new(2)]);
    /// assert_eq!(ws.chats_for(owner, Action::View).count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chats_for(&self, member: MemberId, action: Action) -> impl Iterator<Item = ChatId> + '_ {
        let found = self.member(member);
        let filter = self.filter(member, action);
        let everything = filter.is_everything();
        self.chats
            .iter()
            .filter(move |(_, chat)| {
                !filter.is_nothing()
                    && (everything
                        || found.is_some_and(|(index, _)| {
                            filter.allows(self.chat_categories(chat, index, filter.subject()))
                        }))
            })
            .map(|(id, _)| *id)
    }

    /// Every member who may take `action` on `target`, in the order they joined; never
    /// truncated. Empty for an unknown target, or an action that does not apply to it.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Action, ChatId, MemberId, Role, Target, Workspace};
    /// let (owner, cleo, dan) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
    /// let mut ws = Workspace::new(owner);
    /// ws.add_member(owner, cleo, Role::Collaborator)?;
    /// ws.add_member(owner, dan, Role::Agent)?;
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(1), AccountId::new(10))?;
    /// ws.assign(owner, ChatId::new(1), cleo)?;
    ///
    /// let repliers: Vec<_> = ws.who_can(Action::Reply, Target::Chat(ChatId::new(1))).collect();
    /// assert_eq!(repliers, [owner, cleo]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn who_can(&self, action: Action, target: Target) -> impl Iterator<Item = MemberId> + '_ {
        let chat = match target {
            Target::Chat(id) => self.chats.get(&id),
            _ => None,
        };
        let account = match target {
            Target::Account(id) => self
                .account_index
                .get(&id)
                .and_then(|a| self.account_view(*a)),
            Target::Chat(_) => chat.and_then(|chat| self.account_view(chat.account)),
            Target::Workspace => None,
        };
        self.members
            .iter()
            .zip(0_u32..)
            .filter(move |(record, index)| {
                let subject = record.subject();
                let scope = match (target, account) {
                    (Target::Workspace, _) => Scope::Workspace,
                    (Target::Account(_), Some(account)) => {
                        Scope::Account(account.categories_for(&subject))
                    }
                    (Target::Chat(_), Some(account)) => Scope::Chat(
                        account
                            .categories_for(&subject)
                            .assigned_if(chat.is_some_and(|chat| chat.assignees.contains(index))),
                    ),
                    (_, None) => return false,
                };
                authorize_scope(&subject, action, scope).is_ok()
            })
            .map(|(record, _)| record.id)
    }
}
