//! One engine's peak memory, for `/usr/bin/time -v`: `peak ENGINE` builds the standard
//! world (50 members, 8 teams, 20 accounts, 10,000 chats), builds ENGINE over it
//! (`chatgate`, `cedar`, `casbin`, or `none` for the world alone), and filters the
//! 10,000 chats for one teammate once.

use chatgate::Action;
use chatgate_compare::world::{Request, Target, World};
use chatgate_compare::{CasbinEngine, CedarEngine, ChatgateEngine};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let engine = std::env::args().nth(1).unwrap_or_default();
    let world = World::standard();
    let requests: Vec<Request> = world
        .chats
        .iter()
        .map(|chat| Request {
            member: 2,
            action: Action::View,
            target: Target::Chat(chat.id),
        })
        .collect();
    let visible = match engine.as_str() {
        "none" => 0,
        "chatgate" => {
            let e = ChatgateEngine::build(&world)?;
            requests.iter().filter(|r| e.decide(r)).count()
        }
        "cedar" => {
            let e = CedarEngine::build(&world)?;
            requests.iter().filter(|r| e.decide(r)).count()
        }
        "casbin" => {
            let e = CasbinEngine::build(&world)?;
            requests.iter().filter(|r| e.decide(r)).count()
        }
        other => {
            return Err(format!("unknown engine `{other}`: chatgate, cedar, casbin or none").into())
        }
    };
    println!("{engine}: {visible} of {} chats visible", requests.len());
    Ok(())
}
