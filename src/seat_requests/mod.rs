//! Seat requests (issue 17): residents and their families ask for a place on a workshop
//! from the public pages, without a sign-in; the request holds a place until staff confirm
//! it by phone from their queue (`/requests`), when it becomes a normal booking. The
//! public schedule (`/`, `/public`) and a session's page show availability in words only.

mod model;
mod pages;
mod queue_pages;
pub mod ruby;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod open_api;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{
    Availability, FilledBy, OwnRequest, PublicSession, Queue, QueueLine, RequestDetail,
    RequestStatus,
};
pub use pages::{PublicRequestPage, PublicSchedulePage, PublicSessionPage};
pub use queue_pages::{RequestPage, RequestQueuePage};
