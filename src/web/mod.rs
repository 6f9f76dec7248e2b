//! The web layer under the router (server only): the application state, how an
//! [`AppError`](crate::error::AppError) becomes an answer, and who is asking. Feature
//! routes, server functions and the middleware build on it; it imports no feature.

pub mod extract;
pub mod reply;
pub mod state;

pub use extract::RequestSession;
pub use reply::error_page;
pub use state::{db, AppState, Config, DEFAULT_PUBLISH_THRESHOLD};
