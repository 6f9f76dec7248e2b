//! Roles and the areas of the application each may use. This table is the single
//! permission check: the page guard, the request middleware and every server function ask
//! [`Area::allows`].

use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Staff,
    Coordinator,
    Volunteer,
    Reviewer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Staff,
        Role::Coordinator,
        Role::Volunteer,
        Role::Reviewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
            Role::Coordinator => "coordinator",
            Role::Volunteer => "volunteer",
            Role::Reviewer => "reviewer",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            Role::Admin => m.role_admin,
            Role::Staff => m.role_staff,
            Role::Coordinator => m.role_coordinator,
            Role::Volunteer => m.role_volunteer,
            Role::Reviewer => m.role_reviewer,
        }
    }
}

/// A part of the application behind one permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Area {
    /// The home page and one's own account: every signed-in user.
    Home,
    /// Partners and venues with their contact people: those who arrange sessions.
    Directory,
    /// The schedule of sessions (no personal data): every signed-in role.
    Sessions,
    /// Creating, editing and cancelling sessions; coordinators only for their own partner.
    SessionsEdit,
    /// Editing partners, venues and the list of topics.
    Reference,
    /// User accounts and roles.
    AdminUsers,
    /// The audit log of reads and changes of personal records.
    AdminAudit,
    /// Residents' records with their contact data: intake, booking, calls, letters, email.
    Residents,
    /// Check-in at the door (names, readings and needs; no contact data). A volunteer only
    /// at sessions they are assigned to, a coordinator at their partner's.
    Checkin,
    /// A volunteer's own sessions, and offering to help.
    MySessions,
    /// Loaner phone inventories; a coordinator sees and adds their partner's.
    Devices,
    /// Requests for paper or in-person help, each tied to a resident or anonymous.
    Support,
    /// Figures for the city: aggregates only, never a single person.
    Reports,
    /// TOKYO Smartphone Supporters' records, the register and matching them to sessions.
    Supporters,
}

impl Area {
    pub fn allows(self, role: Role) -> bool {
        use Role::*;
        match self {
            Area::Home | Area::Sessions => true,
            Area::SessionsEdit => matches!(role, Admin | Staff | Coordinator),
            Area::Directory => matches!(role, Admin | Staff | Coordinator),
            Area::Residents => matches!(role, Admin | Staff),
            Area::Checkin => matches!(role, Admin | Staff | Coordinator | Volunteer),
            Area::MySessions => role == Volunteer,
            Area::Devices => matches!(role, Admin | Staff | Coordinator),
            Area::Support | Area::Supporters => matches!(role, Admin | Staff),
            Area::Reports => matches!(role, Admin | Staff | Reviewer),
            Area::Reference | Area::AdminUsers | Area::AdminAudit => role == Admin,
        }
    }

    /// The area a page path belongs to; `None` for public pages (sign-in, setup).
    pub fn of_path(path: &str) -> Option<Area> {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        match first {
            "login"
            | "setup"
            | "healthz"
            | "pkg"
            | "calendar"
            | "favicon.svg"
            | "manifest.webmanifest" => None,
            "directory" if path.trim_end_matches('/') == "/directory" => Some(Area::Directory),
            "directory" => Some(Area::Reference),
            "schedule" => Some(Area::Sessions),
            "import" => Some(Area::SessionsEdit),
            "intake" | "residents" | "registrations" | "calls" | "letters" | "outbox"
            | "walkins" => Some(Area::Residents),
            "my-sessions" => Some(Area::MySessions),
            "supporters" => Some(Area::Supporters),
            "devices" => Some(Area::Devices),
            "reports" => Some(Area::Reports),
            "support" if path.starts_with("/support/report") => Some(Area::Reports),
            "support" => Some(Area::Support),
            "sessions" => match path.trim_end_matches('/').rsplit('/').next() {
                Some("new" | "edit") => Some(Area::SessionsEdit),
                Some("checkin" | "report") => Some(Area::Checkin),
                Some("supporters") => Some(Area::Supporters),
                _ => Some(Area::Sessions),
            },
            "admin" => match path.trim_start_matches("/admin/").split('/').next() {
                Some("audit") => Some(Area::AdminAudit),
                Some("topics" | "procedures" | "course-units") => Some(Area::Reference),
                _ => Some(Area::AdminUsers),
            },
            _ => Some(Area::Home),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_areas() {
        assert_eq!(Area::of_path("/login"), None);
        assert_eq!(Area::of_path("/setup/abc"), None);
        assert_eq!(Area::of_path("/"), Some(Area::Home));
        assert_eq!(Area::of_path("/account/password"), Some(Area::Home));
        assert_eq!(Area::of_path("/directory"), Some(Area::Directory));
        assert_eq!(Area::of_path("/admin/users"), Some(Area::AdminUsers));
        assert_eq!(Area::of_path("/admin/audit"), Some(Area::AdminAudit));
        assert_eq!(Area::of_path("/nonexistent"), Some(Area::Home));
        assert_eq!(Area::of_path("/sessions"), Some(Area::Sessions));
        assert_eq!(Area::of_path("/directory/venues/3"), Some(Area::Reference));
        assert_eq!(Area::of_path("/admin/topics"), Some(Area::Reference));
        assert_eq!(Area::of_path("/sessions/12"), Some(Area::Sessions));
        assert_eq!(Area::of_path("/sessions/new"), Some(Area::SessionsEdit));
        assert_eq!(Area::of_path("/sessions/12/edit"), Some(Area::SessionsEdit));
    }

    #[test]
    fn only_admins_administer() {
        for role in Role::ALL {
            assert_eq!(Area::AdminUsers.allows(role), role == Role::Admin);
            assert!(Area::Home.allows(role));
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        assert!(!Area::Directory.allows(Role::Volunteer));
        assert!(!Area::Directory.allows(Role::Reviewer));
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            assert!(
                !Area::Residents.allows(role),
                "{role:?} must not see residents"
            );
        }
        assert_eq!(Area::of_path("/residents/3"), Some(Area::Residents));
        assert_eq!(Area::of_path("/calls"), Some(Area::Residents));
        assert_eq!(Area::of_path("/sessions/4/checkin"), Some(Area::Checkin));
        assert!(!Area::Checkin.allows(Role::Reviewer));
        assert_eq!(Area::of_path("/support/7"), Some(Area::Support));
        assert_eq!(Area::of_path("/support/report"), Some(Area::Reports));
        assert_eq!(Area::of_path("/reports/reach"), Some(Area::Reports));
        assert_eq!(Area::of_path("/admin/procedures"), Some(Area::Reference));
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            assert!(
                !Area::Support.allows(role),
                "{role:?} must not see requests"
            );
        }
        assert!(Area::Reports.allows(Role::Reviewer));
        assert_eq!(Area::of_path("/supporters/3"), Some(Area::Supporters));
        assert_eq!(
            Area::of_path("/sessions/3/supporters"),
            Some(Area::Supporters)
        );
        assert_eq!(Area::of_path("/my-supporter"), Some(Area::Home));
        assert_eq!(Area::of_path("/admin/course-units"), Some(Area::Reference));
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            assert!(
                !Area::Supporters.allows(role),
                "{role:?} must not see supporters"
            );
        }
        assert!(!Area::Reports.allows(Role::Volunteer));
    }
}
