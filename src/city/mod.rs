//! The city running yorisoi, as configuration (issue 17): its name (with reading and
//! English name), the office and phone number residents are given with its hours, and the
//! mail sender. Admins edit them on `/admin/city`; unset, they are Higashiyamato's. Pages
//! read them from the context `App` provides (`use_city`), kept fresh in each instance by
//! `web::state::CityCache`.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{use_city, City, FIELDS};
pub use pages::CityPage;
