//! The signed-in start page, "what needs me today": each role's day gathered from the
//! features that hold the work (calls, follow-ups, letters, email, sessions, walk-ins,
//! supporters' reminders, loans, the reach figures), each item a link to where it is done,
//! and the demand warnings that say before the day that a session will go wrong (too few
//! loaner phones or helpers, a venue that does not suit a booked person's needs).

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod ops;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{
    AdminDay, CallCount, DaySession, Demand, DeskDay, FiguresDay, HelperDay, LoanOut, NextSession,
    PartnerDay, SupporterStep, TodayData, Warning, WarningPhone,
};
pub use pages::{DemandWarnings, TodayPage};
