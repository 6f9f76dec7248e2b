//! "What we hold about you" (開示): everything yorisoi holds about one resident, printed
//! for them by staff. Its own queries read each kind of record by the person's ids; the
//! print is audited.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{Answered, Booking, Disclosure, Request, SentNotice, SupporterPart};
pub use pages::DisclosurePage;
