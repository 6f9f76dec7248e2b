//! Workshop scheduling (体験会): sessions with their host, co-hosts, venue, topics, seats
//! and loaner phones; weekly and monthly series; cancellation with a reason.

mod cancel_pages;
mod import_pages;
mod model;
mod month;
pub mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ical;
#[cfg(feature = "ssr")]
pub mod import;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod recurrence;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod subscriptions;
#[cfg(feature = "ssr")]
pub mod upload;

pub use cancel_pages::{CancelManyPage, CancelledPage};
pub use import_pages::{ImportMapPage, ImportPage};
pub use model::{
    CancelPreview, CancelSelection, CancelTarget, CancelledSession, Level, SessionDetail,
    SessionFilter, SessionSummary, Status, Topic,
};
pub use month::{MonthPage, MonthPrintPage};
pub use pages::{CalendarPage, SessionEditPage, SessionNewPage, SessionPage, SessionsPage};
