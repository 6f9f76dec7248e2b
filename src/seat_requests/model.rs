//! Wire types of seat requests. The public ones carry no count of people and nobody's
//! data but the requester's own request; the staff ones are for `Area::Residents`.

use crate::i18n::Messages;
use crate::residents::ResidentMatch;
use crate::sessions::Level;
use serde::{Deserialize, Serialize};

/// How full a session is, in words: never a count of people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Availability {
    /// 空きあり.
    Open,
    /// 残りわずか: a few seats left.
    Few,
    /// キャンセル待ち: a request takes a waitlist place.
    Waitlist,
}

impl Availability {
    /// From the seats that can still be booked ahead and the seats bookable in all: "few"
    /// at three or fewer, or at a fifth or less of a larger session.
    pub fn of(seats_left: i64, bookable: i64) -> Self {
        if seats_left <= 0 {
            Availability::Waitlist
        } else if seats_left <= 3 || seats_left * 5 <= bookable {
            Availability::Few
        } else {
            Availability::Open
        }
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            Availability::Open => m.seat_requests.availability_open,
            Availability::Few => m.seat_requests.availability_few,
            Availability::Waitlist => m.seat_requests.availability_waitlist,
        }
    }
}

/// A session as the public pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicSession {
    pub id: i64,
    pub title: String,
    /// The title's reading, when staff gave one.
    pub title_reading: String,
    pub level: Level,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub venue_reading: String,
    pub venue_address: String,
    /// How to get there.
    pub venue_access: String,
    pub step_free: bool,
    pub hearing_loop: bool,
    pub what_to_bring: String,
    pub description: String,
    pub topics: Vec<String>,
    pub availability: Availability,
}

/// The state of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RequestStatus {
    /// Holding its place until staff confirm it by phone.
    Pending,
    /// Confirmed by phone: a booking.
    Confirmed,
    /// Declined on the phone: the place was freed.
    Declined,
    /// Not confirmed in time: the place was freed.
    Lapsed,
    /// Cancelled by the requester.
    Cancelled,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Pending,
        RequestStatus::Confirmed,
        RequestStatus::Declined,
        RequestStatus::Lapsed,
        RequestStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RequestStatus::Pending => "pending",
            RequestStatus::Confirmed => "confirmed",
            RequestStatus::Declined => "declined",
            RequestStatus::Lapsed => "lapsed",
            RequestStatus::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// In the requester's words.
    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            RequestStatus::Pending => m.seat_requests.status_pending,
            RequestStatus::Confirmed => m.seat_requests.status_confirmed,
            RequestStatus::Declined => m.seat_requests.status_declined,
            RequestStatus::Lapsed => m.seat_requests.status_lapsed,
            RequestStatus::Cancelled => m.seat_requests.status_cancelled,
        }
    }
}

/// Who filled in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FilledBy {
    /// 本人.
    Themselves,
    /// 家族.
    Family,
    /// その他.
    Other,
}

impl FilledBy {
    pub const ALL: [FilledBy; 3] = [FilledBy::Themselves, FilledBy::Family, FilledBy::Other];

    pub fn code(self) -> &'static str {
        match self {
            FilledBy::Themselves => "self",
            FilledBy::Family => "family",
            FilledBy::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            FilledBy::Themselves => m.seat_requests.filled_by_self,
            FilledBy::Family => m.seat_requests.filled_by_family,
            FilledBy::Other => m.seat_requests.filled_by_other,
        }
    }
}

/// What the requester sees of their own request: no contact data (they typed it; it is
/// not sent back to whoever holds the reference).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnRequest {
    pub reference: String,
    pub status: RequestStatus,
    pub holds_seat: bool,
    pub lapses_at: i64,
    pub session: PublicSession,
    /// The session still takes bookings (not cancelled, not begun).
    pub session_open: bool,
}

/// One request in the staff's queue (`Area::Residents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueLine {
    pub id: i64,
    pub reference: String,
    pub status: RequestStatus,
    pub name: String,
    /// The reading in katakana.
    pub kana: String,
    /// Grouped for reading aloud.
    pub phone: String,
    pub filled_by: FilledBy,
    pub session_id: i64,
    pub session_title: String,
    pub starts_at: i64,
    /// The session was cancelled: the requester is owed a call saying so.
    pub session_cancelled: bool,
    pub holds_seat: bool,
    pub waitlist_position: Option<i64>,
    pub created_at: i64,
    pub lapses_at: i64,
    pub attempts: i64,
    pub last_attempt_at: Option<i64>,
}

/// `/requests`: the open requests, oldest first, and the lapse setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub pending: Vec<QueueLine>,
    pub lapse_days: i64,
    /// The reader may change the lapse setting (admins).
    pub may_set: bool,
}

/// `/requests/:id`: one request with what staff need on the phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub line: QueueLine,
    pub email: String,
    pub needs: crate::residents::Needs,
    /// Residents who may be the same person (same number, or same reading).
    pub matches: Vec<ResidentMatch>,
    /// The booking a confirmed request became.
    pub registration_id: Option<i64>,
    /// A key for the confirm form, so a double post books once.
    pub form_key: String,
}
