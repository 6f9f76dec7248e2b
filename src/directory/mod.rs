//! Hosts (主催) and venues (会場): who runs sessions and where. The scheduling feature
//! adds editing; this folder lists them for staff, coordinators and admins.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{Partner, PartnerKind, Venue};
pub use pages::DirectoryPage;
