//! Reference data for sessions: hosts (主催), venues (会場) with their accessibility, and the
//! list of topics. Staff, coordinators and admins read it; admins edit it.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{
    CalendarSettings, LastPull, ListEntry, Partner, PartnerCalendar, PartnerDetail, PartnerKind,
    RefList, Venue, VenueDetail,
};
pub use pages::{
    CourseUnitsPage, DirectoryPage, DistrictsPage, PartnerEditPage, ProceduresPage, TopicsPage,
    VenueEditPage,
};
