use crate::i18n::Messages;
use crate::sessions::SessionSummary;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignmentRole {
    Lead,
    Assistant,
}

impl AssignmentRole {
    pub fn code(self) -> &'static str {
        match self {
            AssignmentRole::Lead => "lead",
            AssignmentRole::Assistant => "assistant",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "lead" => Some(AssignmentRole::Lead),
            "assistant" => Some(AssignmentRole::Assistant),
            _ => None,
        }
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            AssignmentRole::Lead => m.assignments.role_lead,
            AssignmentRole::Assistant => m.assignments.role_assistant,
        }
    }
}

/// A person helping at a session (a user: no contact data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Helper {
    pub user_id: i64,
    pub display_name: String,
    pub role: AssignmentRole,
    pub offered: bool,
}

/// The helpers of a session, and whom the caller may add.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionHelpers {
    pub helpers: Vec<Helper>,
    /// Volunteers the caller may assign, `(user id, name)`; empty when they may not.
    pub candidates: Vec<(i64, String)>,
    /// The caller may offer to help (a volunteer of the host, not yet on the list).
    pub may_offer: bool,
    /// The caller is on the list, or runs it: the check-in page is theirs.
    pub may_check_in: bool,
}

/// A volunteer's own sessions, and the open sessions of their partner they could help at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MySessions {
    pub assigned: Vec<(SessionSummary, AssignmentRole)>,
    pub open: Vec<SessionSummary>,
    /// The time (Unix seconds) the list was made: sessions under way and later ones that
    /// day in Japan are marked.
    pub now: i64,
}
