//! Registrations (申込): a resident's place on a session, or on its waitlist. Capacity is
//! guarded in the database; cancellations move the waitlist up.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{BookingChoices, Readback, RegistrationStatus, RosterEntry};
pub use pages::{BookingSection, HistoryTable, ReadbackPage, SessionRoster, SlipPage};
