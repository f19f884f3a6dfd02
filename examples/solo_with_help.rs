//! The support inbox's "Solo con ayuda": an owner with Admin, an assistant who replies and
//! cleans up (Reply + Delete), and a consultant who views the chats handed over for review.
//!
//! Roles chosen for the seed's people (the seed itself has permissions only):
//!
//! - the owner ("Propietario: Admin") is `Role::Owner`;
//! - the assistant ("Responder + Eliminar") works the whole inbox: a `Teammate` in the
//!   owner's team, granted Reply + Delete;
//! - the consultant ("Ver conversaciones, revisión puntual") reviews now and then, only what
//!   the owner hands over: a `Collaborator` (who sees assigned chats only and never connects
//!   an account), granted View only.
//!
//! Run with `cargo run --example solo_with_help`.

mod util;

use chatgate::{AccountId, Action, ChatId, MemberId, Permission, Role, Target, TeamId, Workspace};
use util::{attempt, describe, print_table, Names};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (owner, assistant, consultant) = (MemberId::new(1), MemberId::new(2), MemberId::new(3));
    let shop = TeamId::new(1);
    let names = Names {
        members: &[(owner, "Olga"), (assistant, "Alba"), (consultant, "Carlos")],
        teams: &[(shop, "shop")],
    };

    let mut ws = Workspace::new(owner);
    ws.add_member(owner, assistant, Role::Teammate)?;
    ws.set_permissions(
        owner,
        assistant,
        Some(Permission::REPLY | Permission::DELETE),
    )?;
    ws.add_member(owner, consultant, Role::Collaborator)?;
    ws.set_permissions(owner, consultant, Some(Permission::VIEW))?;
    ws.create_team(owner, shop)?;
    ws.join_team(owner, owner, shop)?;
    ws.join_team(owner, assistant, shop)?;

    // The shop's number, connected by the owner, with three conversations; the owner hands
    // one of them to the consultant for review.
    let number = AccountId::new(10);
    ws.connect_account(owner, number)?;
    for chat in [1, 2, 3] {
        ws.receive_chat(ChatId::new(chat), number)?;
    }
    let reviewed = ChatId::new(2);
    ws.assign(owner, reviewed, consultant)?;

    println!("Solo con ayuda: owner (Admin), assistant (Reply + Delete), consultant (View)\n");
    describe(&ws, names);
    print_table(&ws, names);

    println!("Attempts (a denial explains itself):");
    attempt(
        &ws,
        names,
        consultant,
        Action::View,
        Target::Chat(ChatId::new(1)),
    );
    attempt(
        &ws,
        names,
        consultant,
        Action::Reply,
        Target::Chat(reviewed),
    );
    attempt(
        &ws,
        names,
        consultant,
        Action::ConnectAccount,
        Target::Workspace,
    );
    attempt(
        &ws,
        names,
        assistant,
        Action::ManageSettings,
        Target::Workspace,
    );

    // The review is over: unassigning takes effect at the very next decision.
    println!("\nThe review is done; Olga unassigns chat 2 from Carlos:\n");
    ws.unassign(owner, reviewed, consultant)?;
    print_table(&ws, names);
    attempt(&ws, names, consultant, Action::View, Target::Chat(reviewed));
    Ok(())
}
