//! Who helps at a session: volunteers (and supporters) assigned as lead or assistant by
//! staff or the host's coordinator, or offering themselves for their partner's sessions.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{AssignmentRole, Helper, MySessions, SessionHelpers};
pub use pages::{AssignmentSection, MySessionsPage};
