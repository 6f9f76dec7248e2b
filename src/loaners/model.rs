use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeviceOs {
    Iphone,
    Android,
}

impl DeviceOs {
    pub fn code(self) -> &'static str {
        match self {
            DeviceOs::Iphone => "iphone",
            DeviceOs::Android => "android",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "iphone" => Some(DeviceOs::Iphone),
            "android" => Some(DeviceOs::Android),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DeviceOs::Iphone => "iPhone",
            DeviceOs::Android => "Android",
        }
    }
}

/// One device of a partner's inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub id: i64,
    pub partner_name: String,
    pub label: String,
    pub os: DeviceOs,
    pub model: String,
    /// Lent and not yet returned.
    pub out: bool,
}

/// One loan of a session, for the checklist: who holds which device (names only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoanLine {
    pub id: i64,
    pub device_label: String,
    pub os: DeviceOs,
    pub holder: String,
    pub returned: bool,
    pub wiped: bool,
    /// Lent home until this day (`YYYY-MM-DD`): it comes back through the devices page.
    pub due_on: Option<String>,
}

/// A phone lent home and not back yet, as the inventory page lists it (names only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct HomeLoan {
    pub id: i64,
    pub device_label: String,
    pub holder: String,
    pub session_title: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
}

/// How a phone came back.
pub const CONDITIONS: [&str; 3] = ["good", "damaged", "lost"];

/// The longest a phone is lent home, in days.
pub const HOME_LOAN_MAX_DAYS: i64 = 60;

/// Whether `due` may be a home loan's due date when lent on `today`: from tomorrow, within
/// [`HOME_LOAN_MAX_DAYS`].
pub fn home_due_ok(due: chrono::NaiveDate, today: chrono::NaiveDate) -> bool {
    due > today && (due - today).num_days() <= HOME_LOAN_MAX_DAYS
}
