use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// Where the request was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Counter,
    Phone,
    Session,
    Home,
}

impl Channel {
    pub const ALL: [Channel; 4] =
        [Channel::Counter, Channel::Phone, Channel::Session, Channel::Home];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Counter => "counter",
            Channel::Phone => "phone",
            Channel::Session => "session",
            Channel::Home => "home",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        let s = m.paper_support;
        match self {
            Channel::Counter => s.channel_counter,
            Channel::Phone => s.channel_phone,
            Channel::Session => s.channel_session,
            Channel::Home => s.channel_home,
        }
    }
}

/// Where a request stands: open → in progress → resolved, or referred to a workshop (by
/// booking one). Resolved and referred requests are closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Open,
    InProgress,
    Resolved,
    Referred,
}

impl Status {
    pub const ALL: [Status; 4] =
        [Status::Open, Status::InProgress, Status::Resolved, Status::Referred];

    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in_progress",
            Status::Resolved => "resolved",
            Status::Referred => "referred",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        let s = m.paper_support;
        match self {
            Status::Open => s.status_open,
            Status::InProgress => s.status_in_progress,
            Status::Resolved => s.status_resolved,
            Status::Referred => s.status_referred,
        }
    }

    /// Whether the request still needs someone to act (and a follow-up date).
    pub fn is_open(self) -> bool {
        matches!(self, Status::Open | Status::InProgress)
    }

    /// Whether a request may move from `self` to `next` by editing it. Staying is allowed;
    /// referring happens only by booking a workshop (see [`Status::may_refer`]).
    pub fn may_become(self, next: Status) -> bool {
        use Status::*;
        self == next
            || matches!((self, next), (Open, InProgress | Resolved) | (InProgress, Resolved))
    }

    /// Whether booking a workshop may refer the request.
    pub fn may_refer(self) -> bool {
        self.is_open()
    }
}

/// Why the resident wants paper or in-person help; each is a `reason_<code>` column.
pub const REASONS: [&str; 5] =
    ["no_device", "cannot_operate", "vision_hearing", "anxiety", "no_email"];

/// What was provided; each is a `provided_<code>` column.
pub const PROVIDED: [&str; 5] =
    ["paper_handed", "paper_mailed", "proxy_entry", "accompanied", "workshop"];

pub fn reason_label(m: &Messages, code: &str) -> &'static str {
    let s = m.paper_support;
    match code {
        "no_device" => s.reason_no_device,
        "cannot_operate" => s.reason_cannot_operate,
        "vision_hearing" => s.reason_vision_hearing,
        "anxiety" => s.reason_anxiety,
        "no_email" => s.reason_no_email,
        _ => s.reason_other,
    }
}

pub fn provided_label(m: &Messages, code: &str) -> &'static str {
    let s = m.paper_support;
    match code {
        "paper_handed" => s.provided_paper_handed,
        "paper_mailed" => s.provided_paper_mailed,
        "proxy_entry" => s.provided_proxy_entry,
        "accompanied" => s.provided_accompanied,
        _ => s.provided_workshop,
    }
}

/// One request, as its page shows it (staff and admins only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportRequest {
    pub id: i64,
    /// The resident's number and name; `None` for an anonymous request.
    pub resident: Option<(i64, String)>,
    pub age_band: Option<String>,
    pub district_id: Option<i64>,
    pub district: Option<String>,
    /// `YYYY-MM-DD`, Japan time.
    pub requested_on: String,
    pub channel: Channel,
    pub procedure_id: Option<i64>,
    /// The procedure's name, or the text given for "other".
    pub procedure: String,
    pub procedure_other: String,
    pub reasons: Vec<String>,
    pub reason_other: String,
    pub provided: Vec<String>,
    pub status: Status,
    pub follow_up_on: Option<String>,
    pub staff: String,
    pub minutes: i64,
    pub notes: String,
    pub registration_id: Option<i64>,
}

/// One line of a list of requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportLine {
    pub id: i64,
    pub resident: Option<(i64, String)>,
    pub age_band: Option<String>,
    pub district: Option<String>,
    pub requested_on: String,
    pub procedure: String,
    pub status: Status,
    pub follow_up_on: Option<String>,
    pub staff: String,
}

/// The lists on `/support`: due today or earlier, and the latest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportLists {
    pub today: String,
    pub due: Vec<SupportLine>,
    pub recent: Vec<SupportLine>,
}

/// What the request form offers, and the request when editing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportFormData {
    pub procedures: Vec<(i64, String)>,
    pub districts: Vec<(i64, String)>,
    /// The resident the form is for, when it was opened from their page.
    pub resident: Option<(i64, String)>,
    pub today: String,
    pub request: Option<SupportRequest>,
    /// A fresh key, so a repeated post of the new-request form records one request.
    pub form_key: String,
}

/// One row of the report: a procedure (or "other") with counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcedureFigures {
    /// `None` for the procedures not in the list ("other").
    pub procedure_id: Option<i64>,
    pub procedure: String,
    /// Requests per month of the fiscal year, April first.
    pub per_month: [i64; 12],
    pub requests: i64,
    pub people: i64,
    pub minutes: i64,
}

impl ProcedureFigures {
    pub fn new(procedure_id: Option<i64>, procedure: String) -> Self {
        ProcedureFigures {
            procedure_id,
            procedure,
            per_month: [0; 12],
            requests: 0,
            people: 0,
            minutes: 0,
        }
    }

    /// The name to show: the procedure's, or "other" in the reader's language.
    pub fn name(&self, m: &Messages) -> String {
        match self.procedure_id {
            Some(_) => self.procedure.clone(),
            None => m.paper_support.procedure_other_option.to_string(),
        }
    }
}

/// The report of a fiscal year: aggregates only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportReport {
    pub fiscal_year: i32,
    pub procedures: Vec<ProcedureFigures>,
    pub total: ProcedureFigures,
    /// `(code, requests)`: each reason, then "other".
    pub reasons: Vec<(String, i64)>,
    pub provided: Vec<(String, i64)>,
    pub outcomes: Vec<(Status, i64)>,
}

impl SupportReport {
    /// The procedures by the number of people who needed help, most first.
    pub fn left_behind(&self) -> Vec<&ProcedureFigures> {
        let mut list: Vec<&ProcedureFigures> =
            self.procedures.iter().filter(|p| p.requests > 0).collect();
        list.sort_by(|a, b| b.people.cmp(&a.people).then(b.requests.cmp(&a.requests)));
        list
    }
}

#[cfg(test)]
mod tests {
    use super::Status::*;

    #[test]
    fn requests_move_forward_only() {
        assert!(Open.may_become(InProgress));
        assert!(Open.may_become(Resolved));
        assert!(InProgress.may_become(Resolved));
        assert!(InProgress.may_become(InProgress));
        assert!(!InProgress.may_become(Open));
        assert!(!Resolved.may_become(Open));
        assert!(!Resolved.may_become(InProgress));
        assert!(!Referred.may_become(Resolved));
        assert!(!Open.may_become(Referred), "referring goes through booking");
        assert!(Open.may_refer() && InProgress.may_refer());
        assert!(!Resolved.may_refer() && !Referred.may_refer());
    }
}
