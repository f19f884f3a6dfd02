//! Who sees what: the chats a member may act on, and the members who may act on a target.

use super::{Target, Workspace};
use smallvec::SmallVec;

use crate::{authorize_scope, Action, Categories, ChatId, Filter, MemberId};

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
        Filter::new(&self.standing(member).1, action)
    }

    /// Every chat `member` may take `action` on (`View` for their inbox), in no particular
    /// order; never truncated. Empty for an unknown or removed member, or an action that is
    /// not a chat action. The subject's scope is worked out once (a bit per account, on the
    /// heap only past 256 accounts); each chat then costs a bit test and, for a role that
    /// sees assigned chats, a look at its assignees.
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
        let filter = self.filter(member, action);
        // The subject's scope, worked out once: which accounts' chats the filter allows by
        // their account alone (a bit per account), and whether being assigned is enough.
        let mut by_account: SmallVec<[u64; 4]> = SmallVec::new();
        let mut assignee = None;
        if let Some((index, _)) = self.member(member).filter(|_| !filter.is_nothing()) {
            by_account.resize(self.accounts.len().div_ceil(64), 0);
            for (slot, account) in (0..self.accounts.len()).zip(0_u32..) {
                let allowed = self
                    .account_view(account)
                    .is_some_and(|view| filter.allows(view.categories_for(filter.subject())));
                if let Some(word) = by_account.get_mut(slot / 64) {
                    *word |= u64::from(allowed) << (slot % 64);
                }
            }
            if filter.allowed().contains(Categories::ASSIGNED) {
                assignee = Some(index);
            }
        }
        self.chats
            .iter()
            .filter(move |chat| {
                let slot = usize::try_from(chat.account).unwrap_or(usize::MAX);
                by_account
                    .get(slot / 64)
                    .is_some_and(|word| word >> (slot % 64) & 1 == 1)
                    || assignee.is_some_and(|index| chat.assignees.binary_search(&index).is_ok())
            })
            .map(|chat| chat.id)
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
        // The target resolved once; then each member's scope of it, decided as
        // `Workspace::authorize` decides it.
        let resolved = self.resolve(target);
        self.members
            .iter()
            .zip(0_u32..)
            .filter(move |(record, index)| {
                let subject = record.subject();
                authorize_scope(&subject, action, resolved.scope_for(*index, &subject)).is_ok()
            })
            .map(|(record, _)| record.id)
    }
}
