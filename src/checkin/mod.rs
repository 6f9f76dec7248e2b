//! Check-in on the day, on a phone: the list of who booked (names, readings, needs and the
//! phone they own; never contact data), marking who came, and adding walk-ins.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{CheckinEntry, CheckinSheet};
pub use pages::CheckinPage;
