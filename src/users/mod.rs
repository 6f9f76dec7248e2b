//! User accounts, managed by admins: add, change role, disable, issue a temporary password.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::UserSummary;
pub use pages::{UserEditPage, UsersPage};
