//! Who is signed in and what they may do: roles, the one permission check, sign-in and
//! sign-out, the session cookie, throttling and the first-run setup link.

mod guard;
mod model;
mod pages;
mod roles;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod middleware;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod setup;
#[cfg(feature = "ssr")]
pub mod signin;
#[cfg(feature = "ssr")]
pub mod throttle;

pub use guard::{use_user, Guard, SignedIn};
pub use model::CurrentUser;
pub use pages::{ChangePasswordPage, LoginPage, SetupPage};
pub use roles::{Area, Role};

#[cfg(feature = "ssr")]
pub use middleware::{current_user, require};
