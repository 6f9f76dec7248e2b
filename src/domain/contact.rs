//! How a resident wants to be told things: shared by residents, bookings and notices.

use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// How a resident wants to be told things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContactPref {
    Phone,
    Letter,
    Email,
}

impl ContactPref {
    pub const ALL: [ContactPref; 3] = [ContactPref::Phone, ContactPref::Letter, ContactPref::Email];

    pub fn code(self) -> &'static str {
        match self {
            ContactPref::Phone => "phone",
            ContactPref::Letter => "letter",
            ContactPref::Email => "email",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            ContactPref::Phone => m.common.contact_phone,
            ContactPref::Letter => m.common.contact_letter,
            ContactPref::Email => m.common.contact_email,
        }
    }
}
