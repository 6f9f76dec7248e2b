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
