//! Questionnaires (アンケート, issue 19): a printable sheet per participant, numbered so
//! answers join to the attendance (blank sheets for walk-ins); the returned sheets entered
//! one row each by whoever runs the session report; or an answer from the participant's own
//! phone through the sheet's link, once per attendance. When a session has answers, its
//! report's satisfaction and "could do it by myself" tallies are computed from them. An
//! answer that would like to help (with consent to be contacted) makes an "interested"
//! supporter record; one that would like the next level is kept as a wish for it.

mod model;
mod pages;
mod phone_pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
mod qr;
#[cfg(feature = "ssr")]
pub mod store;

pub use model::{
    Answer, Entry, EntryRow, PhonePage, PhoneState, Printout, Questions, Sheet, TopicLevel,
};
pub use pages::{NextLevelInvites, QuestionnaireEntryPage, QuestionnairePrintPage};
pub use phone_pages::QuestionnairePhonePage;
