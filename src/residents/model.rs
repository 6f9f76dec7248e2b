//! Residents as they cross the wire. Only staff and admins ever receive these types: they
//! carry contact data.

use crate::domain::ContactPref;
use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// The phone a resident has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Smartphone {
    None,
    Feature,
    Iphone,
    Android,
    Tablet,
}

impl Smartphone {
    pub const ALL: [Smartphone; 5] = [
        Smartphone::None,
        Smartphone::Feature,
        Smartphone::Iphone,
        Smartphone::Android,
        Smartphone::Tablet,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Smartphone::None => "none",
            Smartphone::Feature => "feature",
            Smartphone::Iphone => "iphone",
            Smartphone::Android => "android",
            Smartphone::Tablet => "tablet",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            Smartphone::None => m.residents.phone_none,
            Smartphone::Feature => m.residents.phone_feature,
            Smartphone::Iphone => m.residents.phone_iphone,
            Smartphone::Android => m.residents.phone_android,
            Smartphone::Tablet => m.residents.phone_tablet,
        }
    }
}

/// The loaner phone a resident without a smartphone would like to try, for planning a
/// session's loaner phones; `Unknown` when they have not said.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhoneWish {
    #[default]
    Unknown,
    Iphone,
    Android,
}

impl PhoneWish {
    pub const ALL: [PhoneWish; 3] = [PhoneWish::Unknown, PhoneWish::Iphone, PhoneWish::Android];

    pub fn code(self) -> &'static str {
        match self {
            PhoneWish::Unknown => "",
            PhoneWish::Iphone => "iphone",
            PhoneWish::Android => "android",
        }
    }

    /// Any other code (an old or damaged value) is "not known".
    pub fn from_code(code: &str) -> Self {
        Self::ALL.into_iter().find(|w| w.code() == code).unwrap_or_default()
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            PhoneWish::Unknown => m.residents.wish_unknown,
            PhoneWish::Iphone => m.residents.phone_iphone,
            PhoneWish::Android => m.residents.phone_android,
        }
    }
}

/// What a resident needs at a session.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Needs {
    pub hearing: bool,
    pub vision: bool,
    pub mobility: bool,
    pub companion: bool,
}

impl Needs {
    /// `(form value, label, set)` for each need.
    pub fn each(self, m: &Messages) -> [(&'static str, &'static str, bool); 4] {
        [
            ("hearing", m.common.need_hearing, self.hearing),
            ("vision", m.common.need_vision, self.vision),
            ("mobility", m.common.need_mobility, self.mobility),
            ("companion", m.common.need_companion, self.companion),
        ]
    }
}

/// One line of the intake search: enough to tell people apart on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentMatch {
    pub id: i64,
    pub name: String,
    /// The reading in katakana, as lists show it (converted on the server, so the intake
    /// island needs no kana code).
    pub kana: String,
    pub birth_year: Option<i32>,
    pub district: Option<String>,
    /// Grouped for reading aloud (090-1234-5678).
    pub phones: Vec<String>,
}

/// A resident's whole record, for staff and admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resident {
    pub id: i64,
    pub name: String,
    pub kana: String,
    /// Digits only.
    pub phone: Option<String>,
    pub phone_alt: Option<String>,
    pub birth_year: Option<i32>,
    pub district_id: Option<i64>,
    pub district: Option<String>,
    pub postal_code: String,
    pub address: String,
    pub email: String,
    pub email_family: bool,
    pub contact_pref: ContactPref,
    pub smartphone: Smartphone,
    pub phone_wish: PhoneWish,
    pub needs: Needs,
    /// When consent was recorded, and by whom.
    pub consent_at: Option<i64>,
    pub consent_by: Option<String>,
    pub notes: String,
    pub sensitive_notes: String,
    /// Set when this record was merged into another.
    pub merged_into: Option<i64>,
    /// Added at the door as a walk-in and not yet completed by staff.
    pub walkin: bool,
    /// When the resident's personal data was erased at their request.
    pub erased_at: Option<i64>,
}

/// A walk-in waiting for staff: merge with an existing record, or complete it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct WalkinLine {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub age_band: Option<String>,
    pub district: Option<String>,
    pub session_title: String,
    pub starts_at: i64,
}

/// A registration in a resident's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub registration_id: i64,
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub session_status: crate::sessions::Status,
    pub status: crate::registrations::RegistrationStatus,
    pub waitlist_position: Option<i64>,
    pub cancel_reason: Option<String>,
}

/// A notice owed or sent to the resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NoticeEntry {
    pub id: i64,
    pub kind: String,
    pub channel: String,
    pub status: String,
    pub session_title: String,
    pub created_at: i64,
    pub outcome: Option<String>,
}

/// The resident page: the record, its history and what the page may offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentPageData {
    pub resident: Resident,
    pub history: Vec<HistoryEntry>,
    pub notices: Vec<NoticeEntry>,
    /// Requests for paper or in-person help.
    pub support: Vec<crate::paper_support::SupportLine>,
    /// The same person's supporter record, if they have one (named where they are erased).
    pub supporter: Option<i64>,
}

/// `1945年（昭和20年）`: a birth year with its era year, as staff read it back.
pub fn birth_year_label(year: i32) -> String {
    // Mid-year, so a year two eras share (1989) shows the era most of it belonged to.
    match chrono::NaiveDate::from_ymd_opt(year, 7, 1).and_then(crate::domain::Wareki::from_date) {
        Some(w) => format!("{year}年（{}）", crate::domain::era_year(w.era, w.year)),
        None => format!("{year}年"),
    }
}
