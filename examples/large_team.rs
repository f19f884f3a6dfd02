//! The support inbox's "Equipo grande" over two regional teams: a leader with Admin, senior
//! agents who reply and delete, junior agents who reply, an analyst and a manager who view.
//!
//! Roles chosen for the seed's people (the seed itself has permissions only):
//!
//! - the workspace needs an Owner (who alone handles billing); the leader ("Líder: Admin") is
//!   a `Role::Admin`: full access to conversations and the team, not to the subscription;
//! - senior agents ("Responder + Eliminar") are `Teammate`s granted Reply + Delete, each in
//!   a regional team, so they see their team's numbers and not the other team's;
//! - junior agents ("Responder, sin eliminar") keep the Reply default: Lucía is a Teammate,
//!   Jon, still on trial, an `Agent` who works only the chats assigned to him;
//! - the analyst ("Ver conversaciones") studies one region: a `Teammate` in the north team,
//!   granted View only;
//! - the manager ("Ver conversaciones") supervises every region, so needs the Other-team
//!   visibility only Owner and Admin have: an `Admin` narrowed to View, who then also loses
//!   team management (effective = granted ∩ ceiling).
//!
//! Run with `cargo run --example large_team`.

mod util;

use chatgate::{AccountId, Action, ChatId, MemberId, Permission, Role, Target, TeamId, Workspace};
use util::{attempt, describe, print_table, Names};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let [owner, leader, sara, sergio, lucia, jon, analyst, manager] =
        [1, 2, 3, 4, 5, 6, 7, 8].map(MemberId::new);
    let (north, south) = (TeamId::new(1), TeamId::new(2));
    let names = Names {
        members: &[
            (owner, "Olga"),
            (leader, "Leo"),
            (sara, "Sara"),
            (sergio, "Sergio"),
            (lucia, "Lucía"),
            (jon, "Jon"),
            (analyst, "Ana"),
            (manager, "Manuel"),
        ],
        teams: &[(north, "north"), (south, "south")],
    };

    // The owner adds the leader; from then on the leader (an Admin) builds the team.
    let mut ws = Workspace::new(owner);
    ws.add_member(owner, leader, Role::Admin)?;
    let senior = Some(Permission::REPLY | Permission::DELETE);
    let staff = [
        (sara, Role::Teammate, senior, north),
        (sergio, Role::Teammate, senior, south),
        (lucia, Role::Teammate, None, north), // None: the role's default grant, Reply
        (jon, Role::Agent, None, south),
        (analyst, Role::Teammate, Some(Permission::VIEW), north),
    ];
    ws.create_team(leader, north)?;
    ws.create_team(leader, south)?;
    for (member, role, grants, team) in staff {
        ws.add_member(leader, member, role)?;
        ws.set_permissions(leader, member, grants)?;
        ws.join_team(leader, member, team)?;
    }
    ws.add_member(leader, manager, Role::Admin)?;
    ws.set_permissions(leader, manager, Some(Permission::VIEW))?;

    // Each senior connects their region's number; two chats arrive on each.
    let (north_number, south_number) = (AccountId::new(10), AccountId::new(20));
    ws.connect_account(sara, north_number)?;
    ws.connect_account(sergio, south_number)?;
    for (chat, account) in [(101, north_number), (102, north_number)] {
        ws.receive_chat(ChatId::new(chat), account)?;
    }
    for (chat, account) in [(201, south_number), (202, south_number)] {
        ws.receive_chat(ChatId::new(chat), account)?;
    }
    // Sergio may reply to 202, so he may hand it to Jon.
    ws.assign(sergio, ChatId::new(202), jon)?;

    println!("Equipo grande: two regional teams, north and south\n");
    describe(&ws, names);
    print_table(&ws, names);

    println!("Attempts (a denial explains itself):");
    attempt(
        &ws,
        names,
        lucia,
        Action::View,
        Target::Chat(ChatId::new(201)),
    );
    attempt(
        &ws,
        names,
        jon,
        Action::SendFrom,
        Target::Account(south_number),
    );
    attempt(&ws, names, leader, Action::ManageBilling, Target::Workspace);
    attempt(&ws, names, manager, Action::ManageTeam, Target::Workspace);

    // Los cambios de permisos se aplican de inmediato: Lucía is promoted to senior.
    println!("\nLeo grants Lucía Reply + Delete; the next decision sees it:");
    let chat = Target::Chat(ChatId::new(101));
    attempt(&ws, names, lucia, Action::Delete, chat);
    ws.set_permissions(leader, lucia, senior)?;
    attempt(&ws, names, lucia, Action::Delete, chat);
    Ok(())
}
