//! Paper-fallback support (紙・窓口での支援): requests from residents for paper or in-person
//! help with a procedure that moved online; followed up, referred to workshops through the
//! normal booking, and counted per procedure for the city.

mod model;
mod pages;
pub mod tables;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{
    provided_label, reason_label, Channel, ProcedureFigures, Status, SupportFormData, SupportLine,
    SupportLists, SupportReport, SupportRequest, PROVIDED, REASONS,
};
pub use pages::{
    SupportHistory, SupportListPage, SupportNewPage, SupportReportPage, SupportRequestPage,
};
