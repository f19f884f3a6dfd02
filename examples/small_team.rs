//! The support inbox's "Equipo pequeño": an owner with Admin, a support agent who replies,
//! and a manager who only views (supervision), printed as a who-can-what table.
//!
//! The support-inbox seed has permissions, not roles, so each person gets a role too:
//!
//! - the owner ("Propietario: Admin") is `Role::Owner`, whose default grant is Admin;
//! - the support agent ("Responder a conversaciones") is a `Role::Teammate` in the owner's
//!   team: in a support inbox everyone sees the whole inbox, and a Teammate sees the chats of
//!   accounts connected in their team (an `Agent` would see only their own and assigned chats);
//! - the manager ("Ver conversaciones, supervisión") is also a `Teammate` in that team, with
//!   the grant narrowed to View: the smallest role that sees the inbox, and its ceiling
//!   (view, reply, delete) keeps the manager out of team and settings management for good.
//!
//! Run with `cargo run --example small_team`.

mod util;

use chatgate::{AccountId, Action, ChatId, MemberId, Permission, Role, Target, TeamId, Workspace};
use util::{attempt, describe, print_table, Names};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (owner, agent, manager) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
    let support = TeamId::new(1);
    let names = Names {
        members: &[(owner, "Olga"), (agent, "Bruno"), (manager, "Marta")],
        teams: &[(support, "support")],
    };

    // The owner builds the workspace; every change below is authorized as Olga's.
    let mut ws = Workspace::new(owner);
    ws.add_member(owner, agent, Role::Teammate)?; // default grant: Reply (which implies View)
    ws.add_member(owner, manager, Role::Teammate)?;
    ws.set_permissions(owner, manager, Some(Permission::VIEW))?;
    ws.create_team(owner, support)?;
    for member in [owner, agent, manager] {
        ws.join_team(owner, member, support)?;
    }

    // The support inbox: one account, connected by the owner, with three conversations.
    let inbox = AccountId::new(10);
    ws.connect_account(owner, inbox)?;
    for chat in [101, 102, 103] {
        ws.receive_chat(ChatId::new(chat), inbox)?;
    }

    println!("Equipo pequeño: owner (Admin), support agent (Reply), manager (View)\n");
    describe(&ws, names);
    print_table(&ws, names);

    println!("Attempts (a denial explains itself):");
    let chat = Target::Chat(ChatId::new(101));
    attempt(&ws, names, manager, Action::Reply, chat);
    attempt(&ws, names, agent, Action::ManageTeam, Target::Workspace);
    attempt(&ws, names, agent, Action::Delete, chat);

    // Los miembros eliminados pierden el acceso de inmediato: the very next decision sees it.
    println!("\nOlga removes Bruno; his row is denied everything at once:\n");
    ws.remove_member(owner, agent)?;
    print_table(&ws, names);
    attempt(&ws, names, agent, Action::View, chat);
    Ok(())
}
