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
    /// Grouped for reading aloud (042-563-1234); stored as digits.
    pub contact_phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    pub id: i64,
    pub name: String,
    pub district: Option<String>,
    pub address: String,
    pub capacity: Option<i64>,
    pub elevator: bool,
    pub step_free: bool,
    pub hearing_loop: bool,
    pub parking: bool,
}

impl Venue {
    /// The venue's accessibility features, as labels.
    pub fn features(&self, m: &Messages) -> Vec<&'static str> {
        [
            (self.elevator, m.venue_elevator),
            (self.step_free, m.venue_step_free),
            (self.hearing_loop, m.venue_hearing_loop),
            (self.parking, m.venue_parking),
        ]
        .into_iter()
        .filter_map(|(on, label)| on.then_some(label))
        .collect()
    }
}

/// A venue as its edit form shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VenueDetail {
    pub id: i64,
    pub name: String,
    pub district_id: Option<i64>,
    pub address: String,
    pub capacity: Option<i64>,
    pub elevator: bool,
    pub step_free: bool,
    pub hearing_loop: bool,
    pub parking: bool,
    pub access_notes: String,
}

/// A partner as its edit form shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerDetail {
    pub partner: Partner,
    pub notes: String,
}

/// A topic with its place in the list and whether it is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicEntry {
    pub id: i64,
    pub name: String,
    pub sort_order: i64,
    pub active: bool,
}
