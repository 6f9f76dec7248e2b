use crate::auth::Role;
use serde::{Deserialize, Serialize};

/// A user account as the admin pages list it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserSummary {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<i64>,
    pub partner_name: Option<String>,
    pub disabled: bool,
    pub must_change_password: bool,
    /// Unix seconds.
    pub created_at: i64,
}
