//! The web layer under the router (server only): the application state, how an
//! [`AppError`](crate::error::AppError) becomes an answer, and who is asking. Feature
//! routes, server functions and the middleware build on it; `security` holds the layers
//! that refuse cross-site posts and add the security headers, `unread` the one that closes
//! the connection after an answer given before the request's body was read; of the
//! features it uses only the permission table and the signed-in user's type
//! (`auth::{Area, CurrentUser}`).

pub mod assets;
pub mod drafts;
pub mod extract;
pub mod limit;
pub mod once;
pub mod reply;
pub mod secret;
pub mod security;
pub mod state;
pub mod unread;

pub use extract::Caller;
pub use state::{app_state, db, AppState, Config, DEFAULT_PUBLISH_THRESHOLD};
