//! Loaner phones (貸出端末): each partner's inventory, lending during a session from the
//! check-in page, and the checklist after it (returned, reset); phones lent home with a due
//! date, reminded the day before and called about once overdue, returned with their
//! condition.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{home_due_ok, Device, DeviceOs, HomeLoan, LoanLine, CONDITIONS};
pub use pages::DevicesPage;
