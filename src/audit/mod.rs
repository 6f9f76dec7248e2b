//! The audit log: who read or changed which personal record, and when. Every feature that
//! shows or changes a resident's or supporter's record calls [`store::record`].

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{AuditEntry, AuditFilter};
pub use pages::{action_label, record_label, AuditPage};
