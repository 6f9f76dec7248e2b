use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
}

impl RegistrationStatus {
    pub fn code(self) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => "confirmed",
            RegistrationStatus::Waitlisted => "waitlisted",
            RegistrationStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            RegistrationStatus::Confirmed,
            RegistrationStatus::Waitlisted,
            RegistrationStatus::Cancelled,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            RegistrationStatus::Confirmed => m.registrations.reg_confirmed,
            RegistrationStatus::Waitlisted => m.registrations.reg_waitlisted,
            RegistrationStatus::Cancelled => m.registrations.reg_cancelled,
        }
    }
}

/// One person on a session's list, for staff and admins (it has their phone number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterEntry {
    pub registration_id: i64,
    pub resident_id: i64,
    pub name: String,
    pub kana: String,
    /// Grouped phone numbers.
    pub phones: Vec<String>,
    pub contact_pref: crate::domain::ContactPref,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i64>,
}

/// What staff read aloud after booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readback {
    pub registration_id: i64,
    pub resident_id: i64,
    pub resident_name: String,
    pub status: RegistrationStatus,
    pub waitlist_position: Option<i64>,
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub venue_address: String,
    pub venue_access: String,
    pub what_to_bring: String,
    pub contact_pref: crate::domain::ContactPref,
    /// The session itself was cancelled (the booking still stands, to be told).
    pub session_cancelled: bool,
}

/// An upcoming session as the booking step lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChoices {
    pub sessions: Vec<crate::sessions::SessionSummary>,
    /// Sessions this resident is already on (confirmed or waitlisted).
    pub registered: Vec<i64>,
    /// Sent with the booking form so a double click or a retried post books once.
    pub idempotency_key: String,
    pub topics: Vec<crate::sessions::Topic>,
    pub districts: Vec<(i64, String)>,
}
