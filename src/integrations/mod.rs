//! Integrations (issue 17): programs such as the city's LINE official account reach the
//! open API (`/v1`, `seat_requests::open_api`) with a token an admin made for them here
//! (`/admin/integrations`): named, scoped, revocable, kept only as its SHA-256, its use
//! counted and shown. Creating and revoking are audited.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod extract;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{IntegrationsData, Scope, TokenLine};
pub use pages::IntegrationsPage;
