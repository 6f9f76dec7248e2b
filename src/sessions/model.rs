use crate::directory::PartnerKind;
use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Level {
    First,
    Beginner,
    Intermediate,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::First, Level::Beginner, Level::Intermediate];

    pub fn code(self) -> &'static str {
        match self {
            Level::First => "first",
            Level::Beginner => "beginner",
            Level::Intermediate => "intermediate",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The level a participant goes on to ("would like the next level"); the highest
    /// level's next is itself.
    pub fn next(self) -> Level {
        match self {
            Level::First => Level::Beginner,
            Level::Beginner | Level::Intermediate => Level::Intermediate,
        }
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            Level::First => m.sessions.level_first,
            Level::Beginner => m.sessions.level_beginner,
            Level::Intermediate => m.sessions.level_intermediate,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Scheduled,
    Cancelled,
    Held,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Cancelled => "cancelled",
            Status::Held => "held",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Status::Scheduled, Status::Cancelled, Status::Held].into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            Status::Scheduled => m.sessions.status_scheduled,
            Status::Cancelled => m.common.status_cancelled,
            Status::Held => m.sessions.status_held,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub id: i64,
    pub name: String,
}

/// A session as lists show it: no personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionSummary {
    pub id: i64,
    pub title: String,
    pub level: Level,
    pub host_id: i64,
    pub host_name: String,
    pub host_kind: PartnerKind,
    pub venue_id: i64,
    pub venue_name: String,
    pub district: Option<String>,
    /// Unix seconds.
    pub starts_at: i64,
    pub ends_at: i64,
    pub capacity: i64,
    pub walkin_seats: i64,
    pub seats_taken: i64,
    pub waitlist_count: i64,
    pub loaner_iphone: i64,
    pub loaner_android: i64,
    pub status: Status,
    pub topics: Vec<String>,
}

impl SessionSummary {
    /// Seats that can still be booked ahead (walk-in seats are held back).
    pub fn seats_left(&self) -> i64 {
        (self.capacity - self.walkin_seats - self.seats_taken).max(0)
    }
}

/// Everything about one session that its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub summary: SessionSummary,
    /// Co-hosts approved by staff (a co-host's people see the attendees).
    pub cohosts: Vec<(i64, String)>,
    /// Co-hosts a coordinator named, waiting for staff approval: no access until then.
    pub pending_cohosts: Vec<(i64, String)>,
    pub topic_ids: Vec<i64>,
    /// The title's reading (ふりがな), for the public pages.
    pub title_reading: String,
    pub venue_address: String,
    pub venue_access: String,
    pub what_to_bring: String,
    pub description: String,
    pub volunteer_notes: String,
    pub cancel_reason: Option<String>,
    pub series_id: Option<i64>,
    /// Whether the person asking may edit or cancel this session.
    pub can_edit: bool,
}

/// Filters of the session list; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SessionFilter {
    pub partner: Option<i64>,
    pub venue: Option<i64>,
    pub topic: Option<i64>,
    pub district: Option<i64>,
    /// A fiscal year (start year); when set, the whole year is listed, past included.
    pub fiscal_year: Option<i32>,
}

/// Which sessions to cancel in one step: every scheduled one on a Japan-time day
/// (`YYYY-MM-DD`), optionally only at venues in some districts or hosted by some partners;
/// or, with `series_from`, one occurrence of a series and every later one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CancelSelection {
    pub date: String,
    pub districts: Vec<i64>,
    pub partners: Vec<i64>,
    pub series_from: Option<i64>,
}

/// A session a cancellation reaches, with the people told (to be told, before).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelTarget {
    pub session: SessionSummary,
    pub told: crate::notify::ByChannel,
}

/// The confirmation page of a cancellation of many: the sessions it would cancel, and what
/// the selection form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelPreview {
    pub targets: Vec<CancelTarget>,
    /// Set when the selection's date could not be read (an error code).
    pub date_error: Option<String>,
    pub districts: Vec<(i64, String)>,
    /// The partners the caller may cancel for (a coordinator: their own).
    pub partners: Vec<(i64, String)>,
}

/// The result page of a cancellation of many: each session cancelled with the people told
/// and, for staff and admins, the calls to make (grouped by session).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledSession {
    pub target: CancelTarget,
    pub calls: Vec<crate::notify::CallEntry>,
}
