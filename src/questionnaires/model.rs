use serde::{Deserialize, Serialize};

/// How far a participant got with a topic, as they ticked it on the sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicLevel {
    /// 自分でできた: could do it by myself.
    ByMyself,
    /// 手伝ってもらえばできた: could do it with help.
    WithHelp,
    /// まだできない: not yet.
    NotYet,
}

impl TopicLevel {
    pub const ALL: [TopicLevel; 3] =
        [TopicLevel::ByMyself, TopicLevel::WithHelp, TopicLevel::NotYet];

    pub fn code(self) -> &'static str {
        match self {
            TopicLevel::ByMyself => "self",
            TopicLevel::WithHelp => "helped",
            TopicLevel::NotYet => "not_yet",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.code() == code)
    }

    /// The box's number on the paper (1, 2, 3), which is what staff type.
    pub fn digit(self) -> u8 {
        match self {
            TopicLevel::ByMyself => 1,
            TopicLevel::WithHelp => 2,
            TopicLevel::NotYet => 3,
        }
    }

    pub fn from_digit(digit: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.digit().to_string() == digit)
    }
}

/// One participant's answers. Every question may be left blank.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// 1 (not satisfied) … 5 (very satisfied).
    pub satisfaction: Option<i64>,
    /// The topics answered, by topic id.
    pub topics: Vec<(i64, TopicLevel)>,
    pub next_level: Option<bool>,
    /// Would like to help others as a TOKYO Smartphone Supporter.
    pub wants_to_help: Option<bool>,
    /// Agreed to be contacted about helping.
    pub contact_ok: bool,
    pub comment: String,
}

impl Answer {
    /// Nothing answered at all: an untouched row of the entry form.
    pub fn is_blank(&self) -> bool {
        self.satisfaction.is_none()
            && self.topics.is_empty()
            && self.next_level.is_none()
            && self.wants_to_help.is_none()
            && !self.contact_ok
            && self.comment.is_empty()
    }
}

/// A session's questions: what every sheet of it asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questions {
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    /// The session's topics, `(id, name)`, in the list's order.
    pub topics: Vec<(i64, String)>,
}

/// One sheet to print: numbered for a participant (with their name on the strip that is
/// cut off before the sheet is handed back, and the link for answering by phone), or blank
/// for a walk-in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sheet {
    pub number: Option<i64>,
    pub name: String,
    pub link: String,
    /// The link as a QR code (SVG), drawn on the server.
    pub qr_svg: String,
}

/// The printable questionnaire of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Printout {
    pub questions: Questions,
    pub sheets: Vec<Sheet>,
}

/// One row of the entry form: a participant who was there (by their sheet's number) or an
/// anonymous sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    pub registration_id: Option<i64>,
    pub name: String,
    pub answer: Answer,
    /// Answered on their own phone: shown, not entered again.
    pub by_phone: bool,
}

/// The entry form of a session's returned sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub questions: Questions,
    pub rows: Vec<EntryRow>,
    /// The session report is finalised: the sheets are shown, not changed.
    pub locked: bool,
}

/// Where a phone answer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhoneState {
    Open,
    /// Answered already (once per attendance).
    Answered,
    /// Not yet begun, or too long after.
    Closed,
}

/// The page a participant opens from the sheet's link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhonePage {
    pub questions: Questions,
    pub state: PhoneState,
}
