//! The reach report for the city (実施状況の報告): how many people were reached, by whom,
//! where, and what changed, per fiscal year beside the year before. Aggregates only;
//! publication mode hides counts under a threshold. Exports as CSV and XLSX.

mod model;
mod pages;
pub mod sections;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{AnswerBreakdown, Answered, Counts, Headline, Period, ReachFigures, ReachReport};
pub use pages::ReachPage;
pub use sections::{as_of, heading};
