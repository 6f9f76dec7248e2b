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
