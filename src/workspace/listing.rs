//! Who sees what: the chats a member may act on, and the members who may act on a target.

use super::sorted_ids::Union;
use super::{Target, Workspace, WorkspaceError};

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

    /// Every chat `member` may take `action` on (`View` for their inbox), in ascending id
    /// order; never truncated. Empty for an unknown or removed member, or an action that is
    /// not a chat action.
    ///
    /// The listing reads only what the member sees: the subject's scope is worked out once
    /// (which accounts' chats they see, and whether being assigned is enough), then the
    /// workspace's index of each such account's chats, and of the chats assigned to them, is
    /// merged in id order. The first chat costs a search in each of those lists, each further
    /// chat a step of the merge (log of their number); a collaborator with one assigned chat
    /// among a million gets it at once. To page, take a page and resume after its last chat
    /// with [`chats_for_after`](Workspace::chats_for_after).
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
    /// ws.receive_chat(ChatId::new(3), AccountId::new(20))?;
    /// ws.receive_chat(ChatId::new(1), AccountId::new(10))?;
    /// ws.receive_chat(ChatId::new(2), AccountId::new(20))?;
    ///
    /// let inbox: Vec<_> = ws.chats_for(dan, Action::View).collect();
    /// assert_eq!(inbox, [ChatId::new(2), ChatId::new(3)]);
    /// assert_eq!(ws.chats_for(owner, Action::View).count(), 3);
    /// // Nothing for an id that is no member.
    /// assert_eq!(ws.chats_for(MemberId::new(9), Action::View).count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chats_for(&self, member: MemberId, action: Action) -> impl Iterator<Item = ChatId> + '_ {
        self.listing(member, action, None)
    }

    /// The chats `member` may take `action` on whose id is above `after`, in ascending id
    /// order: the next page of [`chats_for`](Workspace::chats_for) after a page that ended
    /// with `after`. Its cost follows the page, wherever the cursor is.
    ///
    /// Each page reads the workspace as it is then, so pages taken in turn never repeat a
    /// chat and never miss one that is allowed throughout, while chats arrive, are deleted
    /// or change hands between them. A chat that arrives (or becomes visible) with an id at
    /// or below the cursor is not in the later pages: the cursor has passed it. The cursor
    /// need not be a chat the workspace still holds.
    ///
    /// **Another order.** To list "most recent first" by an order the service keeps (last
    /// activity, say), walk the service's own ordered index and keep the chats
    /// [`authorize`](Workspace::authorize) allows, a page at a time; that costs one decision
    /// (nanoseconds) per chat walked, so it suits members who see a good share of the
    /// chats. For a member who sees few, take their whole list here (check with
    /// `chats_for(..).take(n + 1).count()`, which stops early) and sort it by the service's
    /// key. `tests/listing.rs` pages both ways.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{AccountId, Action, ChatId, MemberId, Workspace};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// ws.connect_account(owner, AccountId::new(10))?;
    /// for id in 1..=5 {
    ///     ws.receive_chat(ChatId::new(id), AccountId::new(10))?;
    /// }
    /// let first: Vec<_> = ws.chats_for(owner, Action::View).take(2).collect();
    /// assert_eq!(first, [ChatId::new(1), ChatId::new(2)]);
    /// // Chat 3 is deleted between the pages: the next page goes on from chat 2.
    /// ws.delete_chat(owner, ChatId::new(3))?;
    /// let next: Vec<_> = ws.chats_for_after(owner, Action::View, ChatId::new(2)).take(2).collect();
    /// assert_eq!(next, [ChatId::new(4), ChatId::new(5)]);
    /// // Past the last chat, the listing is empty.
    /// assert_eq!(ws.chats_for_after(owner, Action::View, ChatId::new(5)).count(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn chats_for_after(
        &self,
        member: MemberId,
        action: Action,
        after: ChatId,
    ) -> impl Iterator<Item = ChatId> + '_ {
        self.listing(member, action, Some(after))
    }

    /// The union, from `after`, of the chat lists of the accounts whose chats `member` may
    /// take `action` on, and of the chats assigned to them when being assigned is enough.
    fn listing(&self, member: MemberId, action: Action, after: Option<ChatId>) -> Union<'_> {
        let filter = self.filter(member, action);
        let Some((index, _)) = self.member(member).filter(|_| !filter.is_nothing()) else {
            return Union::new([]);
        };
        let accounts = (0_u32..).take(self.accounts.len()).filter(|account| {
            self.account_view(*account)
                .is_some_and(|view| filter.allows(view.categories_for(filter.subject())))
        });
        let assigned = filter
            .allowed()
            .contains(Categories::ASSIGNED)
            .then(|| self.chats.assigned_to(index))
            .flatten();
        let lists = accounts
            .filter_map(|account| self.chats.of_account(account))
            .chain(assigned);
        Union::new(lists.map(|list| list.after(after)))
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
        self.who_can_from(action, target, 0)
    }

    /// The members who may take `action` on `target` and joined after `after`, in the order
    /// they joined: the next page of [`who_can`](Workspace::who_can) after a page that ended
    /// with `after`. A member keeps their place in that order for good (a removed member
    /// keeps it too, and is never listed), so pages never repeat or skip a member; one who
    /// joins between pages comes last.
    ///
    /// # Errors
    ///
    /// [`WorkspaceError::UnknownMember`] when `after` was never a member of this workspace,
    /// so it cannot be where a page ended.
    ///
    /// # Example
    ///
    /// ```
    /// use chatgate::{Action, MemberId, Role, Target, Workspace, WorkspaceError};
    /// let owner = MemberId::new(1);
    /// let mut ws = Workspace::new(owner);
    /// for id in 2..=4 {
    ///     ws.add_member(owner, MemberId::new(id), Role::Admin)?;
    /// }
    /// let first: Vec<_> = ws.who_can(Action::ManageTeam, Target::Workspace).take(2).collect();
    /// assert_eq!(first, [owner, MemberId::new(2)]);
    /// let next: Vec<_> = ws.who_can_after(Action::ManageTeam, Target::Workspace, MemberId::new(2))?.collect();
    /// assert_eq!(next, [MemberId::new(3), MemberId::new(4)]);
    ///
    /// let stranger = MemberId::new(9);
    /// assert_eq!(
    ///     ws.who_can_after(Action::ManageTeam, Target::Workspace, stranger).err(),
    ///     Some(WorkspaceError::UnknownMember(stranger))
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn who_can_after(
        &self,
        action: Action,
        target: Target,
        after: MemberId,
    ) -> Result<impl Iterator<Item = MemberId> + '_, WorkspaceError> {
        let (index, _) = self
            .member(after)
            .ok_or(WorkspaceError::UnknownMember(after))?;
        Ok(self.who_can_from(action, target, index.saturating_add(1)))
    }

    /// The members from index `first` on who may take `action` on `target`.
    fn who_can_from(
        &self,
        action: Action,
        target: Target,
        first: u32,
    ) -> impl Iterator<Item = MemberId> + '_ {
        // The target resolved once; then each member's scope of it, decided as
        // `Workspace::authorize` decides it.
        let resolved = self.resolve(target);
        let skip = usize::try_from(first).unwrap_or(usize::MAX);
        self.members
            .iter()
            .zip(0_u32..)
            .skip(skip)
            .filter(move |(record, index)| {
                let subject = record.subject();
                authorize_scope(&subject, action, resolved.scope_for(*index, &subject)).is_ok()
            })
            .map(|(record, _)| record.id)
    }
}
