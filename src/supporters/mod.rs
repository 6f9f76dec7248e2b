//! TOKYO Smartphone Supporters (TOKYOスマホサポーター): people trained and certified to help
//! neighbours with smartphones. Their records, the pipeline from interest to certificate,
//! course units, other credentials, reminders, matching to sessions and the register.
//! Staff and admins only (`Area::Supporters`); a volunteer sees their own record.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod texts;

pub use model::{
    basis_label, codes_of_mask, day_label, help_label, time_label, time_slot, Board, Credential,
    CredentialKind, HelpedSession, Matching, Register, RegisterEntry, ReminderLine, Stage,
    StageContext, Suggestion, Supporter, SupporterFigures, SupporterFormData, SupporterLine,
    SupporterPageData, UnitProgress, BASES, DAYS, HELP, TIMES,
};
pub use pages::{
    InterestedForm, MySupporterPage, SessionSupportersPage, SupporterNewPage, SupporterPage,
    SupporterRegisterPage, SupporterRemindersPage, SupportersBoardPage,
};

use crate::i18n::Messages;

/// `2025-06-12` as `令和7年6月12日`; anything else as it is.
pub fn wareki_date(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .ok()
        .and_then(crate::domain::Wareki::from_date)
        .map(|w| w.format())
        .unwrap_or_else(|| day.to_string())
}

/// A credential in one line: kind, name, date earned and expiry.
pub fn credential_summary(m: &Messages, c: &Credential) -> String {
    let s = m.supporters;
    let mut text = format!("{}「{}」{}", c.kind.label(m), c.name, c.earned_on);
    if let Some(x) = &c.expires_on {
        text.push_str(&crate::i18n::fill(s.expires_until, &[("date", x)]));
    }
    text
}
