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
        [PartnerKind::Tokyo, PartnerKind::Community, PartnerKind::City]
            .into_iter()
            .find(|k| k.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            PartnerKind::Tokyo => m.directory.partner_kind_tokyo,
            PartnerKind::Community => m.directory.partner_kind_community,
            PartnerKind::City => m.directory.partner_kind_city,
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
            (self.elevator, m.directory.venue_elevator),
            (self.step_free, m.directory.venue_step_free),
            (self.hearing_loop, m.directory.venue_hearing_loop),
            (self.parking, m.directory.venue_parking),
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
    /// The name's reading (ふりがな) for the public pages; may be empty.
    pub name_reading: String,
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

/// A partner's subscribed calendar: where it is pulled from, the topic and seats of the
/// sessions it adds, and what its last pull did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerCalendar {
    pub url: String,
    pub topic_id: i64,
    pub capacity: i64,
    pub last: Option<LastPull>,
}

/// The outcome of a calendar's last pull: the feed could not be read (`error_code`), or
/// what it added, changed and cancelled, and the lines refused (line, error code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPull {
    pub at: i64,
    pub error_code: Option<String>,
    pub added: i64,
    pub updated: i64,
    pub cancelled: i64,
    pub refused: Vec<(usize, String)>,
}

/// The calendar section of a partner's page: its subscription, and the topics to choose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSettings {
    pub calendar: Option<PartnerCalendar>,
    pub topics: Vec<(i64, String)>,
}

/// The short lists admins keep the same way: the topics sessions teach, and the online
/// procedures residents ask for paper help with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RefList {
    Topics,
    Procedures,
    CourseUnits,
    /// The city's districts (町名): configuration, not code.
    Districts,
}

impl RefList {
    /// The table holding the list (id, name, sort_order, active).
    pub fn table(self) -> &'static str {
        match self {
            RefList::Topics => "topics",
            RefList::Procedures => "procedures",
            RefList::CourseUnits => "course_units",
            RefList::Districts => "districts",
        }
    }

    /// The admin page and the audit record type.
    pub fn page(self) -> &'static str {
        match self {
            RefList::Topics => "/admin/topics",
            RefList::Procedures => "/admin/procedures",
            RefList::CourseUnits => "/admin/course-units",
            RefList::Districts => "/admin/districts",
        }
    }

    pub fn form(self) -> &'static str {
        match self {
            RefList::Topics => "/forms/topics",
            RefList::Procedures => "/forms/procedures",
            RefList::CourseUnits => "/forms/course-units",
            RefList::Districts => "/forms/districts",
        }
    }

    pub fn record_type(self) -> &'static str {
        match self {
            RefList::Topics => "topic",
            RefList::Procedures => "procedure",
            RefList::CourseUnits => "course_unit",
            RefList::Districts => "district",
        }
    }

    pub fn title(self, m: &Messages) -> &'static str {
        match self {
            RefList::Topics => m.directory.nav_topics,
            RefList::Procedures => m.paper_support.nav_procedures,
            RefList::CourseUnits => m.supporters.nav_course_units,
            RefList::Districts => m.city.districts,
        }
    }
}

/// An entry of a [`RefList`] with its place in the list and whether it is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListEntry {
    pub id: i64,
    pub name: String,
    pub sort_order: i64,
    pub active: bool,
}
