//! Loaner phones (貸出端末): each partner's inventory, lending during a session from the
//! check-in page, and the checklist after it (returned, reset).

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{Device, DeviceOs, LoanLine};
pub use pages::{DevicesPage, LoanSection};
