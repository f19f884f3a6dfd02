//! The WhatsApp seed's shared account: the Owner connects a number and shares it with the
//! Admins and Teammates of her team, who see its chats and send from it; an Agent keeps to
//! the number they connected, a Collaborator to the chats assigned to them.
//!
//! - Olivia (Owner) connects the shared sales number and is in the sales team;
//! - Adrián (Admin) sees every chat and may send from every number;
//! - Tomás (Teammate, sales) sees the shared number's chats and sends from it;
//! - Teo (Teammate, support) connected the support number: the two teams do not see each
//!   other's chats (the seed's table denies Teammates other teams' chats);
//! - Ágata (Agent, sales) connected her own number: she sees its chats and the ones assigned
//!   to her, and may not send from the shared number, though she is in the sales team;
//! - Carlos (Collaborator) sees only his assigned chat and replies to it through the chat's
//!   own number, but connects no number and sends from none.
//!
//! Run with `cargo run --example shared_account`.

mod util;

use chatgate::{AccountId, Action, ChatId, MemberId, Role, Target, TeamId, Workspace};
use util::{attempt, describe, print_table, Names};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let [olivia, adrian, tomas, teo, agata, carlos] = [1, 2, 3, 4, 5, 6].map(MemberId::new);
    let (sales, support) = (TeamId::new(1), TeamId::new(2));
    let names = Names {
        members: &[
            (olivia, "Olivia"),
            (adrian, "Adrián"),
            (tomas, "Tomás"),
            (teo, "Teo"),
            (agata, "Ágata"),
            (carlos, "Carlos"),
        ],
        teams: &[(sales, "sales"), (support, "support")],
    };

    // Step 1 of the seed: the owner connects the number she wants to share.
    let mut ws = Workspace::new(olivia);
    let shared = AccountId::new(10);
    ws.connect_account(olivia, shared)?;

    // Step 2: invite the team, as Admins or Teammates (plus an Agent and a Collaborator).
    ws.create_team(olivia, sales)?;
    ws.create_team(olivia, support)?;
    let people = [
        (adrian, Role::Admin, None),
        (tomas, Role::Teammate, Some(sales)),
        (teo, Role::Teammate, Some(support)),
        (agata, Role::Agent, Some(sales)),
        (carlos, Role::Collaborator, None),
    ];
    for (member, role, team) in people {
        ws.add_member(olivia, member, role)?;
        if let Some(team) = team {
            ws.join_team(olivia, member, team)?;
        }
    }
    ws.join_team(olivia, olivia, sales)?;

    // Teo and Ágata connect their own numbers; chats arrive on all three.
    let (support_number, agata_number) = (AccountId::new(20), AccountId::new(30));
    ws.connect_account(teo, support_number)?;
    ws.connect_account(agata, agata_number)?;
    let chats = [
        (101, shared),
        (102, shared),
        (103, shared),
        (201, support_number),
    ];
    for (chat, account) in chats.into_iter().chain([(301, agata_number)]) {
        ws.receive_chat(ChatId::new(chat), account)?;
    }
    // Tomás may reply to the shared number's chats, so he may hand them out.
    ws.assign(tomas, ChatId::new(102), agata)?;
    ws.assign(tomas, ChatId::new(103), carlos)?;

    println!("A shared WhatsApp number (account 10), five roles\n");
    describe(&ws, names);
    print_table(&ws, names);

    println!("Attempts (a denial explains itself):");
    attempt(&ws, names, agata, Action::SendFrom, Target::Account(shared));
    attempt(
        &ws,
        names,
        agata,
        Action::View,
        Target::Chat(ChatId::new(101)),
    );
    attempt(
        &ws,
        names,
        carlos,
        Action::Reply,
        Target::Chat(ChatId::new(103)),
    );
    attempt(
        &ws,
        names,
        carlos,
        Action::SendFrom,
        Target::Account(shared),
    );
    attempt(
        &ws,
        names,
        carlos,
        Action::ConnectAccount,
        Target::Workspace,
    );
    attempt(
        &ws,
        names,
        tomas,
        Action::View,
        Target::Chat(ChatId::new(201)),
    );

    // The seed's advice: share the number with Teammates. Olivia makes Ágata one, and the
    // very next decision lets her use the shared number.
    println!("\nOlivia makes Ágata a Teammate:\n");
    ws.set_role(olivia, agata, Role::Teammate)?;
    print_table(&ws, names);
    attempt(&ws, names, agata, Action::SendFrom, Target::Account(shared));
    Ok(())
}
