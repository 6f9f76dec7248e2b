//! Notices owed to residents: email through an outbox and a background worker, a daily
//! call list for those without email, and letters to print for those who want paper.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;
pub mod templates;
#[cfg(feature = "ssr")]
pub mod worker;

pub use model::{
    ByChannel, CallEntry, CallOutcome, LetterEntry, NoticeKind, Outbox, OutboxEntry, Was,
};
pub use pages::{status_label, CallListPage, CallSheet, LetterPrintPage, LettersPage, OutboxPage};
