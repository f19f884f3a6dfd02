//! Runs the differential check: `differential [WORLDS] [REQUESTS_PER_WORLD] [SEED]`
//! (default 200 worlds × 125 requests = 25,000 requests, seed 1); exits non-zero on any
//! disagreement, printing the first ones.

use chatgate_compare::differential;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let arg = |n: usize, default: u64| -> Result<u64, std::num::ParseIntError> {
        std::env::args().nth(n).map_or(Ok(default), |a| a.parse())
    };
    let (worlds, per_world, seed) = (arg(1, 200)?, arg(2, 125)?, arg(3, 1)?);
    let report = differential::run(worlds as usize, per_world as usize, seed)?;
    println!(
        "differential: {} requests over {} random worlds (seed {seed}): {} allowed, {} denied, \
         {} disagreements",
        report.requests,
        report.worlds,
        report.allowed,
        report.requests - report.allowed,
        report.disagreements.len()
    );
    for (request, chatgate, cedar, casbin) in report.disagreements.iter().take(10) {
        println!("  {request:?}: chatgate {chatgate}, cedar {cedar}, casbin {casbin}");
    }
    if report.disagreements.is_empty() {
        Ok(())
    } else {
        Err("the engines disagree".into())
    }
}
