//! chatgate, cedar-policy and casbin deciding POLICY.md side by side: the facts of a
//! workspace (`world`), each engine built over them, and the differential check that the
//! three give the same decisions.

pub mod casbin_engine;
pub mod cedar_engine;
pub mod chatgate_engine;
pub mod differential;
pub mod world;

pub use casbin_engine::CasbinEngine;
pub use cedar_engine::CedarEngine;
pub use chatgate_engine::ChatgateEngine;
