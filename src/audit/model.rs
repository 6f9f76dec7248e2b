use serde::{Deserialize, Serialize};

/// One line of the audit log, as the admin page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    /// Unix seconds.
    pub at: i64,
    pub user_login: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub detail: Option<String>,
}

/// Filters of the admin page; empty strings mean "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub user: String,
    pub record_type: String,
    pub record_id: String,
    /// `YYYY-MM-DD`, Japan time, inclusive.
    pub from: String,
    /// `YYYY-MM-DD`, Japan time, inclusive.
    pub to: String,
}
