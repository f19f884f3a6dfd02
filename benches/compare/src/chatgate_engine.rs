//! chatgate: a `Workspace` built through its public API, deciding by id.

use chatgate::{AccountId, ChatId, MemberId, TeamId, Workspace, WorkspaceError};

use crate::world::{Request, Target, World};

/// chatgate over one world.
#[derive(Debug)]
pub struct ChatgateEngine {
    pub workspace: Workspace,
}

impl ChatgateEngine {
    /// Builds the workspace as a service would: members, grants, teams, accounts, chats,
    /// assignments, then removals, each change authorized for the Owner.
    pub fn build(world: &World) -> Result<Self, WorkspaceError> {
        let owner = MemberId::from(1_u32);
        let mut ws = Workspace::new(owner);
        for member in world.members.iter().skip(1) {
            ws.add_member(owner, MemberId::from(member.id), member.role)?;
            if member.grants.is_some() {
                ws.set_permissions(owner, MemberId::from(member.id), member.grants)?;
            }
        }
        for team in 1..=world.teams {
            ws.create_team(owner, TeamId::from(team))?;
        }
        for member in &world.members {
            for team in &member.teams {
                ws.join_team(owner, MemberId::from(member.id), TeamId::from(*team))?;
            }
        }
        for account in &world.accounts {
            ws.connect_account(
                MemberId::from(account.connector),
                AccountId::from(account.id),
            )?;
        }
        for chat in &world.chats {
            ws.receive_chat(ChatId::from(chat.id), AccountId::from(chat.account))?;
            for assignee in &chat.assignees {
                ws.assign(owner, ChatId::from(chat.id), MemberId::from(*assignee))?;
            }
        }
        for member in world.members.iter().filter(|m| !m.active) {
            ws.remove_member(owner, MemberId::from(member.id))?;
        }
        Ok(Self { workspace: ws })
    }

    /// The decision: allowed or not.
    pub fn decide(&self, request: &Request) -> bool {
        let target = match request.target {
            Target::Workspace => chatgate::Target::Workspace,
            Target::Account(id) => chatgate::Target::Account(AccountId::from(id)),
            Target::Chat(id) => chatgate::Target::Chat(ChatId::from(id)),
        };
        self.workspace
            .authorize(MemberId::from(request.member), request.action, target)
            .is_ok()
    }
}
