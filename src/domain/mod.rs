//! Pure types shared by the server and the browser: parse at the boundary, no I/O.
//!
//! Every parser returns a [`ParseError`] whose message is Japanese-first and says what was
//! expected, so a form can show it next to the field.

mod age_band;
mod contact;
mod dates;
mod figures;
mod fiscal_year;
mod kana;
mod phone;
mod wareki;

pub use age_band::AgeBand;
pub use contact::ContactPref;
pub use dates::{
    day_in_japan, format_date_ja, format_datetime_ja, format_span_ja, format_time, month_start,
    to_japan, today_in_japan, JAPAN,
};
pub use figures::{grouped, published_year, Section, Shown, Value};
pub use fiscal_year::FiscalYear;
pub use kana::Kana;
pub use phone::PhoneNumber;
pub use wareki::{era_year, parse_birth_year, Era, Wareki};

use serde::{Deserialize, Serialize};

/// Why a value could not be parsed. `code` is stable (used by tests and the i18n layer);
/// `ja`/`en` say what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{ja}")]
pub struct ParseError {
    pub code: crate::i18n::ErrorCode,
    pub ja: &'static str,
    pub en: &'static str,
}

impl ParseError {
    pub const fn new(code: crate::i18n::ErrorCode, ja: &'static str, en: &'static str) -> Self {
        Self { code, ja, en }
    }
}

impl From<ParseError> for crate::i18n::Localized {
    fn from(e: ParseError) -> Self {
        Self { ja: e.ja.to_string(), en: e.en.to_string() }
    }
}
