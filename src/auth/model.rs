use super::Role;
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The signed-in user, as every page and server function sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub id: i64,
    pub login: String,
    pub display_name: String,
    pub role: Role,
    pub partner_id: Option<i64>,
    pub partner_name: Option<String>,
    pub must_change_password: bool,
    pub locale: Option<Locale>,
}
