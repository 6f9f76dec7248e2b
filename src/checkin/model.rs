use crate::residents::{Needs, Smartphone};
use serde::{Deserialize, Serialize};

/// One person at the door, as a volunteer sees them: no phone number, address, email or
/// birth data, here or anywhere in a volunteer's view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinEntry {
    pub registration_id: i64,
    pub name: String,
    /// The reading in katakana, as the row shows it (converted on the server, so the
    /// check-in island needs no kana code); empty for a walk-in who gave only a name.
    pub kana: String,
    pub needs: Needs,
    pub smartphone: Smartphone,
    pub attended: bool,
    pub walkin: bool,
    /// The loaner phone this person holds now, if any.
    pub holding: Option<String>,
    /// When attendance was last changed (Unix seconds, 0 if never): a phone sends it back
    /// with a tap made offline, so the server can tell whether someone else changed this
    /// person meanwhile.
    pub changed_at: i64,
}

/// The check-in page of one session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinSheet {
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub entries: Vec<CheckinEntry>,
    pub districts: Vec<(i64, String)>,
    /// For the walk-in form: a double tap adds one person.
    pub walkin_key: String,
    /// Why attendance cannot be taken now ([`super::ops::attendance_closed`]), if so.
    pub closed: Option<crate::i18n::ErrorCode>,
    /// The session's day (`YYYY-MM-DD`, Japan) when the page may be kept on the phone for
    /// use offline: opened on the day or the day before, attendance not locked.
    pub offline_until: Option<String>,
    /// When the server made this page (Unix seconds): a copy opened offline later knows it
    /// is older, and refreshes once the connection returns.
    pub made_at: i64,
}

/// One tap made on a check-in phone, kept in the phone's storage until the server has it.
/// Its `key` (random, made by the phone) makes a tap sent twice apply once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Tap {
    /// Present or not. `seen` is the person's `changed_at` as the phone last knew it,
    /// `made_at` when the tap was made (the phone's clock, Unix seconds).
    Mark { key: String, registration_id: i64, present: bool, made_at: i64, seen: i64 },
    /// Someone came without booking: as in the walk-in form (age band code, district id).
    Walkin { key: String, name: String, age_band: String, district: String },
    /// A loaner phone lent to someone booked, home until `due_on` (`YYYY-MM-DD`) if given.
    Lend { key: String, registration_id: i64, device_id: i64, due_on: String },
    /// A loan's checklist: `returned` or `wiped`.
    LoanCheck { key: String, loan_id: i64, check: String },
}

impl Tap {
    pub fn key(&self) -> &str {
        match self {
            Tap::Mark { key, .. }
            | Tap::Walkin { key, .. }
            | Tap::Lend { key, .. }
            | Tap::LoanCheck { key, .. } => key,
        }
    }
}

/// What came of one tap on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Applied (or already true, or applied by an earlier sending of the same tap).
    Applied,
    /// Another volunteer changed this person after the phone last saw them, and later
    /// than the tap was made: their change stands (`present` as they left it, at `at`).
    Kept { registration_id: i64, present: bool, at: i64 },
    /// Refused, with the reason; sending it again would not help.
    Refused(crate::i18n::ErrorCode),
}

/// The answer to a phone's queued taps: what came of each (by key, in the order sent)
/// and the session's list and loans as they now stand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Synced {
    pub outcomes: Vec<(String, Outcome)>,
    pub entries: Vec<CheckinEntry>,
    pub closed: Option<crate::i18n::ErrorCode>,
    /// The session's loans and the phones free to lend, as they now stand.
    pub loans: Vec<crate::loaners::LoanLine>,
    pub available: Vec<(i64, String)>,
}

/// The walk-in rows of the paper roster and of its entry form: each row's fields (name or
/// reading, age band, district).
pub const ROSTER_ROWS: [[&str; 3]; 10] = [
    ["row1_name", "row1_age", "row1_district"],
    ["row2_name", "row2_age", "row2_district"],
    ["row3_name", "row3_age", "row3_district"],
    ["row4_name", "row4_age", "row4_district"],
    ["row5_name", "row5_age", "row5_district"],
    ["row6_name", "row6_age", "row6_district"],
    ["row7_name", "row7_age", "row7_district"],
    ["row8_name", "row8_age", "row8_district"],
    ["row9_name", "row9_age", "row9_district"],
    ["row10_name", "row10_age", "row10_district"],
];
