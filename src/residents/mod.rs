//! Residents (市民): who calls in, how to reach them, what they need. Staff and admins
//! only; the intake screen finds people by reading, name or phone number.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod input;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{
    birth_year_label, HistoryEntry, Needs, NoticeEntry, PhoneWish, Resident, ResidentMatch,
    ResidentPageData, Smartphone, WalkinLine,
};
pub use pages::{
    IntakePage, ResidentEditPage, ResidentFacts, ResidentNewPage, ResidentPage, WalkinsPage,
};
