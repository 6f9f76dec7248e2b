//! Check-in on the day, on a phone: the list of who booked (names, readings, needs and the
//! phone they own; never contact data), marking who came, and adding walk-ins; the paper
//! roster to print and to enter afterwards in one pass.

mod desk;
mod island;
mod loan_desk;
mod model;
mod offline;
mod pages;
mod roster_pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{CheckinEntry, CheckinSheet, Outcome, Synced, Tap, ROSTER_ROWS};
pub use pages::CheckinPage;
pub use roster_pages::{RosterEntryPage, RosterPage};
