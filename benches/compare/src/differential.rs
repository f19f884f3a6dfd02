//! The differential check: random requests over random worlds, decided by the three
//! engines, which must agree on every one.

use crate::world::{Request, Rng, Shape, World};
use crate::{CasbinEngine, CedarEngine, ChatgateEngine};

type Error = Box<dyn std::error::Error + Send + Sync>;

/// What one run of the check saw.
#[derive(Debug, Default)]
pub struct Report {
    pub worlds: usize,
    pub requests: usize,
    pub allowed: usize,
    /// Requests on which the engines disagree: (request, chatgate, cedar, casbin).
    pub disagreements: Vec<(Request, bool, bool, bool)>,
}

/// Decides `requests_per_world` random requests on each of `worlds` random worlds (6 to
/// 20 members, 0 to 4 teams, 1 to 6 accounts, 1 to 30 chats), from `seed`.
pub fn run(worlds: usize, requests_per_world: usize, seed: u64) -> Result<Report, Error> {
    let mut rng = Rng::new(seed);
    let mut report = Report::default();
    for _ in 0..worlds {
        let shape = Shape {
            members: 6 + rng.below(15),
            teams: rng.below(5),
            accounts: 1 + rng.below(6),
            chats: 1 + rng.below(30),
        };
        let world = World::random(&mut rng, shape);
        let chatgate = ChatgateEngine::build(&world)?;
        let cedar = CedarEngine::build(&world)?;
        let casbin = CasbinEngine::build(&world)?;
        report.worlds += 1;
        for _ in 0..requests_per_world {
            let request = world.random_request(&mut rng);
            let decisions = (
                chatgate.decide(&request),
                cedar.decide(&request),
                casbin.decide(&request),
            );
            report.requests += 1;
            if decisions.0 {
                report.allowed += 1;
            }
            if decisions.0 != decisions.1 || decisions.0 != decisions.2 {
                report
                    .disagreements
                    .push((request, decisions.0, decisions.1, decisions.2));
            }
        }
    }
    Ok(report)
}
