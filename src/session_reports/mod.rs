//! The session report (実施報告), filled after the session by whoever ran it: topics covered
//! and the "could do it by myself" self-check per topic, satisfaction from the
//! questionnaires, helpers' time, notes and incidents. Finalising locks the attendance;
//! an admin may reopen it (audited).

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{ReportTopic, SessionReport, Tallies};
pub use pages::ReportPage;
