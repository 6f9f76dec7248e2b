//! The today page as it crosses the wire. Counts, sessions and helpers' names only: no
//! resident is named here, so no role receives a resident's contact data from this page.
//! The demand warnings count booked people by their phone and needs: that read of personal
//! data is audited by session (`api`).

use crate::notify::NoticeKind;
use serde::{Deserialize, Serialize};

/// One role's day. Exactly the parts of the caller's role are filled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TodayData {
    /// The day in Japan, `YYYY-MM-DD`.
    pub today: String,
    /// Unix seconds when the page was gathered.
    pub now: i64,
    /// Staff and admins.
    pub desk: Option<DeskDay>,
    /// Admins only.
    pub admin: Option<AdminDay>,
    /// Coordinators.
    pub partner: Option<PartnerDay>,
    /// Volunteers.
    pub helper: Option<HelperDay>,
    /// Reviewers.
    pub figures: Option<FiguresDay>,
}

/// Calls of one kind on the call list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallCount {
    pub kind: NoticeKind,
    pub due_today: i64,
    pub overdue: i64,
}

/// The desk's work: staff and admins.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DeskDay {
    pub calls: Vec<CallCount>,
    pub follow_ups_today: i64,
    pub follow_ups_overdue: i64,
    pub letters: i64,
    /// Emails not yet sent, and of them those whose last try failed.
    pub email_waiting: i64,
    pub email_failed: i64,
    pub smtp_configured: bool,
    /// Today's and tomorrow's sessions, cancelled ones left out.
    pub sessions: Vec<DaySession>,
    pub walkins: i64,
    pub supporter_reminders: i64,
}

impl DeskDay {
    /// Nothing to do at the desk (sessions aside).
    pub fn is_quiet(&self) -> bool {
        self.calls.is_empty()
            && self.follow_ups_today + self.follow_ups_overdue == 0
            && self.letters + self.email_waiting + self.walkins + self.supporter_reminders == 0
    }
}

/// What only admins see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminDay {
    /// Sign-in names locked now after repeated failures.
    pub locked_logins: i64,
    /// Active users who must change a temporary password.
    pub must_change: i64,
    /// When the last backup was written and verified (none recorded on PostgreSQL).
    pub last_backup: Option<i64>,
}

/// A session in a day's list, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaySession {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub local_date: String,
    pub venue_name: String,
    /// Seats that can be booked ahead (capacity less walk-in seats), and taken.
    pub seats: i64,
    pub seats_taken: i64,
    pub waitlist: i64,
    /// Who is helping, by display name.
    pub helpers: Vec<String>,
    /// Helpers wanted for the booked participants (the participants-per-supporter setting).
    pub helpers_wanted: i64,
    pub warnings: Vec<Warning>,
}

/// A coordinator's partner: the next four weeks of sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerDay {
    pub partner_name: String,
    pub sessions: Vec<DaySession>,
}

/// Which loaner phones a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WarningPhone {
    /// Any phone: everyone booked without a smartphone.
    Any,
    Iphone,
    Android,
}

/// A warning that a session will go wrong unless someone acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// More booked people need a loaner phone (of this kind) than are planned.
    LoanersShort { phone: WarningPhone, needed: i64, planned: i64 },
    /// Fewer helpers assigned than the booked participants want.
    HelpersShort { assigned: i64, wanted: i64 },
    /// The venue has no step-free access and this many booked people have a mobility need.
    StepFree { people: i64 },
    /// The venue has no hearing loop and this many booked people have a hearing need.
    HearingLoop { people: i64 },
}

impl Warning {
    /// Whether the warning counts people by their phone or needs (personal data), as
    /// opposed to helpers assigned.
    pub fn from_personal_data(&self) -> bool {
        !matches!(self, Warning::HelpersShort { .. })
    }
}

/// What the booked participants of a session need, and what is planned for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Demand {
    /// Confirmed participants.
    pub booked: i64,
    /// Of them, without a smartphone (none, or a feature phone).
    pub without_smartphone: i64,
    /// Of those, who would like to try an iPhone, and an Android phone.
    pub wish_iphone: i64,
    pub wish_android: i64,
    /// Booked people with a mobility need, and with a hearing need.
    pub mobility: i64,
    pub hearing: i64,
    /// Loaner phones planned for the session.
    pub loaner_iphone: i64,
    pub loaner_android: i64,
    /// Helpers assigned.
    pub helpers: i64,
    /// The venue's step-free access and hearing loop.
    pub step_free: bool,
    pub hearing_loop: bool,
}

/// A volunteer's next session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct NextSession {
    pub id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub venue_address: String,
    pub access_notes: String,
    pub what_to_bring: String,
}

/// A loaner phone a volunteer lent that is not back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct LoanOut {
    pub device_label: String,
    pub session_id: i64,
    pub session_title: String,
    pub lent_at: i64,
}

/// A volunteer's own supporter record: where they are and what comes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupporterStep {
    pub stage: crate::supporters::Stage,
    pub units_done: i64,
    pub units_total: i64,
    /// The next credential to expire within the reminder window: name and date.
    pub expiring: Option<(String, String)>,
}

/// A volunteer's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperDay {
    pub next: Option<NextSession>,
    pub loans_out: Vec<LoanOut>,
    pub supporter: Option<SupporterStep>,
}

/// This fiscal year so far against the same months a year before: aggregates only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FiguresDay {
    pub fiscal_year: i32,
    /// The months covered, 1 = April.
    pub to_month: u32,
    /// `[this year, last year]` for each figure.
    pub people: [i64; 2],
    pub attendances: [i64; 2],
    pub sessions_held: [i64; 2],
    pub satisfied_share: [Option<f64>; 2],
    /// The plan's target share (1.5 times the FY2023 baseline), when the baseline is known.
    pub target_share: Option<f64>,
}
