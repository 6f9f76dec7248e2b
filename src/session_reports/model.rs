use serde::{Deserialize, Serialize};

/// A topic of the list, whether it was covered and how many could do it by themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportTopic {
    pub id: i64,
    pub name: String,
    pub covered: bool,
    pub could_do: i64,
}

/// The report of one session, with the attendance it is based on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionReport {
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub booked: i64,
    pub present: i64,
    pub walkins: i64,
    /// Booked but did not come.
    pub no_shows: i64,
    pub devices_lent: i64,
    pub topics: Vec<ReportTopic>,
    /// Answers 1 … 5.
    pub satisfaction: [i64; 5],
    /// How many questionnaires were entered one by one (paper or phone); when any were,
    /// the satisfaction and "could do it" tallies are computed from them.
    pub from_sheets: i64,
    /// `(user id, name, minutes)`; minutes default to the session's length.
    pub helpers: Vec<(i64, String, i64)>,
    pub notes: String,
    pub incidents: String,
    /// When it was finalised and by whom.
    pub finalised: Option<(i64, String)>,
    pub may_reopen: bool,
}

impl SessionReport {
    /// Everyone who took part: booked and present, and walk-ins.
    pub fn attendees(&self) -> i64 {
        self.present + self.walkins
    }
}

/// The tallies computed from a session's questionnaires entered one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tallies {
    /// Answers 1 … 5.
    pub satisfaction: [i64; 5],
    /// `(topic id, how many could do it by themselves)`, for each topic answered.
    pub could_do: Vec<(i64, i64)>,
}
