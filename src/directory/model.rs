use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartnerKind {
    Tokyo,
    Community,
    City,
}

impl PartnerKind {
    pub fn code(self) -> &'static str {
        match self {
            PartnerKind::Tokyo => "tokyo",
            PartnerKind::Community => "community",
            PartnerKind::City => "city",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [
            PartnerKind::Tokyo,
            PartnerKind::Community,
            PartnerKind::City,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            PartnerKind::Tokyo => m.partner_kind_tokyo,
            PartnerKind::Community => m.partner_kind_community,
            PartnerKind::City => m.partner_kind_city,
        }
    }
}

/// A host of sessions, with the partner's own contact person (not a resident).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: i64,
    pub name: String,
    pub kind: PartnerKind,
    pub contact_name: Option<String>,
    /// Digits only; shown grouped.
    pub contact_phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub id: i64,
    pub name: String,
    pub district: Option<String>,
    pub address: String,
    pub capacity: Option<i64>,
}
