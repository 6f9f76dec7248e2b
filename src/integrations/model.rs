//! Wire types of integrations: tokens as admins see them (never the token itself, except
//! once, right after it is made).

use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// Read the public schedule.
    Sessions,
    /// Make seat requests, and read and cancel them with their reference and digits.
    Requests,
}

impl Scope {
    pub const ALL: [Scope; 2] = [Scope::Sessions, Scope::Requests];

    pub fn code(self) -> &'static str {
        match self {
            Scope::Sessions => "sessions",
            Scope::Requests => "requests",
        }
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            Scope::Sessions => m.integrations.scope_sessions,
            Scope::Requests => m.integrations.scope_requests,
        }
    }
}

/// One token on the admins' page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenLine {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub created_at: i64,
    pub created_by: Option<String>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    pub uses: i64,
}

/// `/admin/integrations`: the tokens, and a token just made (shown this once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationsData {
    pub tokens: Vec<TokenLine>,
    pub new_token: Option<String>,
}
