use crate::audit::AuditEntry;
use crate::residents::Resident;
use serde::{Deserialize, Serialize};

/// A booking with its attendance, as the print lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Booking {
    pub title: String,
    pub starts_at: i64,
    pub venue: String,
    pub status: String,
    pub attended: i64,
    pub walkin: i64,
    pub cancel_reason: Option<String>,
    pub created_at: i64,
    /// The loaner phone lent at the session, if any; if lent home, the day it was due, and
    /// once back, its condition and the note written then.
    pub loan: Option<String>,
    pub loan_due: Option<String>,
    pub loan_condition: Option<String>,
    pub loan_note: Option<String>,
}

/// A notice with what it said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SentNotice {
    pub created_at: i64,
    pub kind: String,
    pub channel: String,
    pub status: String,
    pub outcome: Option<String>,
    pub outcome_note: String,
    pub session_title: String,
    pub email_to: Option<String>,
    pub subject: Option<String>,
    pub body: Option<String>,
    pub sent_at: Option<i64>,
}

/// A request for paper or in-person help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Request {
    pub requested_on: String,
    pub procedure: String,
    pub channel: String,
    pub status: String,
    pub reason_other: String,
    pub notes: String,
}

/// A questionnaire they answered (numbered sheet or phone), and a wish for a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct Answered {
    pub title: String,
    pub starts_at: i64,
    pub via: String,
    pub satisfaction: Option<i64>,
    pub next_level: Option<i64>,
    pub wants_to_help: Option<i64>,
    pub contact_ok: i64,
    pub comment: String,
}

/// The person's supporter record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SupporterPart {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub stage: String,
    pub certificate_no: Option<String>,
    pub certified_on: Option<String>,
    pub notes: String,
}

/// Everything yorisoi holds about one resident, as printed for them (開示).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disclosure {
    /// Unix seconds.
    pub printed_at: i64,
    pub resident: Resident,
    /// Records merged into this one (duplicates found later), with what they still hold.
    pub merged: Vec<Resident>,
    pub bookings: Vec<Booking>,
    pub notices: Vec<SentNotice>,
    pub requests: Vec<Request>,
    pub answers: Vec<Answered>,
    /// Levels they asked to be invited to: `(level code, invited)`.
    pub wishes: Vec<(String, bool)>,
    pub supporter: Option<SupporterPart>,
    /// Credentials of the supporter record: `name (earned on)`.
    pub credentials: Vec<String>,
    /// Who read or changed these records, and when.
    pub audit: Vec<AuditEntry>,
}
