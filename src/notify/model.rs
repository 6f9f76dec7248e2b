use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// Why a resident is told something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeKind {
    /// Booked: an email, or a letter for those who asked for letters.
    Confirmation,
    /// Two days before the session.
    Reminder,
    /// Moved up from the waitlist to a seat.
    Promotion,
    /// The session was cancelled.
    SessionCancelled,
    /// The session's time or venue changed.
    SessionChanged,
    /// A loaner phone lent home is due back tomorrow.
    LoanDue,
    /// A loaner phone lent home is overdue: staff call.
    LoanOverdue,
    /// A session of the level they asked for on their questionnaire ("next level").
    Invitation,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::Confirmation,
        NoticeKind::Reminder,
        NoticeKind::Promotion,
        NoticeKind::SessionCancelled,
        NoticeKind::SessionChanged,
        NoticeKind::LoanDue,
        NoticeKind::LoanOverdue,
        NoticeKind::Invitation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoticeKind::Confirmation => "confirmation",
            NoticeKind::Reminder => "reminder",
            NoticeKind::Promotion => "promotion",
            NoticeKind::SessionCancelled => "session_cancelled",
            NoticeKind::SessionChanged => "session_changed",
            NoticeKind::LoanDue => "loan_due",
            NoticeKind::LoanOverdue => "loan_overdue",
            NoticeKind::Invitation => "invitation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// About a phone lent home rather than a session to come: nothing of the booking
    /// changes with it (no cancelling on the phone).
    pub fn about_loan(self) -> bool {
        matches!(self, NoticeKind::LoanDue | NoticeKind::LoanOverdue)
    }

    /// About a place the person holds (a booking a call may cancel): not a loan, not an
    /// invitation to a session they have not booked.
    pub fn about_booking(self) -> bool {
        !self.about_loan() && self != NoticeKind::Invitation
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            NoticeKind::Confirmation => m.notify.kind_confirmation,
            NoticeKind::Reminder => m.notify.kind_reminder,
            NoticeKind::Promotion => m.notify.kind_promotion,
            NoticeKind::SessionCancelled => m.notify.kind_session_cancelled,
            NoticeKind::SessionChanged => m.notify.kind_session_changed,
            NoticeKind::LoanDue => m.notify.kind_loan_due,
            NoticeKind::LoanOverdue => m.notify.kind_loan_overdue,
            NoticeKind::Invitation => m.notify.kind_invitation,
        }
    }
}

/// When and where a session was before it changed, as the person was last told: a
/// "changed" notice says before and now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Was {
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
}

/// How many people a notice goes to by each channel.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ByChannel {
    pub email: i64,
    pub phone: i64,
    pub letter: i64,
}

/// The result of a call on the call list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallOutcome {
    Reached,
    NoAnswer,
    MessageLeft,
    /// The resident said they will not come: their registration is cancelled.
    ResidentCancelled,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] = [
        CallOutcome::Reached,
        CallOutcome::NoAnswer,
        CallOutcome::MessageLeft,
        CallOutcome::ResidentCancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CallOutcome::Reached => "reached",
            CallOutcome::NoAnswer => "no_answer",
            CallOutcome::MessageLeft => "message_left",
            CallOutcome::ResidentCancelled => "resident_cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            CallOutcome::Reached => m.notify.outcome_reached,
            CallOutcome::NoAnswer => m.notify.outcome_no_answer,
            CallOutcome::MessageLeft => m.notify.outcome_message_left,
            CallOutcome::ResidentCancelled => m.notify.outcome_resident_cancelled,
        }
    }
}

/// One call to make (or made today).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallEntry {
    pub id: i64,
    pub kind: NoticeKind,
    pub due_on: String,
    pub resident_id: i64,
    pub name: String,
    pub kana: String,
    pub phones: Vec<String>,
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
    pub cancel_reason: Option<String>,
    /// For a "changed" call: when and where the session was before.
    pub was: Option<Was>,
    /// Earlier attempts without an answer.
    pub attempts: i64,
    pub outcome: Option<CallOutcome>,
    pub outcome_note: String,
    pub done: bool,
    /// For a loan call: the phone lent home, and the day it was due back.
    pub loan_device: Option<String>,
    pub loan_due: Option<String>,
}

/// A letter to print: the text is the same as an email would have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterEntry {
    pub id: i64,
    pub kind: NoticeKind,
    pub name: String,
    pub postal_code: String,
    pub address: String,
    pub body: String,
    pub created_at: i64,
    pub printed: bool,
}

/// An email in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: NoticeKind,
    pub resident_id: i64,
    pub name: String,
    pub email_to: String,
    pub subject: String,
    pub status: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub created_at: i64,
}

/// The outbox page: whether mail can go out at all, and the latest mails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub smtp_configured: bool,
    pub entries: Vec<OutboxEntry>,
}
