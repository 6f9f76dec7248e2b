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
    pub const ALL: [Role; 5] =
        [Role::Admin, Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer];

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
            Role::Admin => m.auth.role_admin,
            Role::Staff => m.auth.role_staff,
            Role::Coordinator => m.auth.role_coordinator,
            Role::Volunteer => m.auth.role_volunteer,
            Role::Reviewer => m.auth.role_reviewer,
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
    DirectoryEdit,
    /// User accounts and roles.
    AdminUsers,
    /// The audit log of reads and changes of personal records.
    AdminAudit,
    /// The life of the data: retention rules and their runs, the file register.
    AdminData,
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
            Area::DirectoryEdit | Area::AdminUsers | Area::AdminAudit | Area::AdminData => {
                role == Admin
            }
        }
    }

    /// The area a page path belongs to, from [`PAGES`]; `None` for public pages (sign-in,
    /// setup) and the site's files. A path that is no page (the "not found" page) needs a
    /// sign-in like the home page.
    pub fn of_path(path: &str) -> Option<Area> {
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        if matches!(
            first,
            "healthz" | "pkg" | "calendar" | "v1" | "favicon.svg" | "manifest.webmanifest"
        ) {
            return None;
        }
        PAGES
            .iter()
            .find(|(pattern, _)| matches_pattern(pattern, path))
            .map_or(Some(Area::Home), |(_, area)| *area)
    }
}

/// Every page of the app (the router's path patterns) and the area it belongs to: the one
/// place a page's permission is written. The request middleware (sign-in first) and the
/// page guard (`auth::Guard`, 403 for other roles) both read it through [`Area::of_path`];
/// a test checks that every route of the router is listed.
pub const PAGES: &[(&str, Option<Area>)] = &[
    ("/", Some(Area::Home)),
    ("/login", None),
    ("/setup/:token", None),
    ("/public", None),
    ("/public/sessions/:id", None),
    ("/public/request", None),
    ("/q/:link", None),
    ("/account/password", Some(Area::Home)),
    ("/account/calendar", Some(Area::Home)),
    ("/directory", Some(Area::Directory)),
    ("/directory/partners/new", Some(Area::DirectoryEdit)),
    ("/directory/partners/:id", Some(Area::DirectoryEdit)),
    ("/directory/venues/new", Some(Area::DirectoryEdit)),
    ("/directory/venues/:id", Some(Area::DirectoryEdit)),
    ("/admin/topics", Some(Area::DirectoryEdit)),
    ("/admin/procedures", Some(Area::DirectoryEdit)),
    ("/admin/course-units", Some(Area::DirectoryEdit)),
    ("/admin/districts", Some(Area::DirectoryEdit)),
    ("/admin/users", Some(Area::AdminUsers)),
    ("/admin/users/:id", Some(Area::AdminUsers)),
    ("/admin/audit", Some(Area::AdminAudit)),
    ("/admin/integrations", Some(Area::AdminUsers)),
    ("/admin/retention", Some(Area::AdminData)),
    ("/admin/city", Some(Area::AdminData)),
    ("/admin/register", Some(Area::AdminData)),
    ("/support", Some(Area::Support)),
    ("/support/new", Some(Area::Support)),
    ("/support/report", Some(Area::Reports)),
    ("/support/:id", Some(Area::Support)),
    ("/reports/reach", Some(Area::Reports)),
    ("/supporters", Some(Area::Supporters)),
    ("/supporters/new", Some(Area::Supporters)),
    ("/supporters/register", Some(Area::Supporters)),
    ("/supporters/reminders", Some(Area::Supporters)),
    ("/supporters/:id", Some(Area::Supporters)),
    ("/my-supporter", Some(Area::Home)),
    ("/sessions", Some(Area::Sessions)),
    ("/sessions/new", Some(Area::SessionsEdit)),
    ("/sessions/cancel", Some(Area::SessionsEdit)),
    ("/sessions/cancelled", Some(Area::SessionsEdit)),
    ("/sessions/:id", Some(Area::Sessions)),
    ("/sessions/:id/edit", Some(Area::SessionsEdit)),
    ("/sessions/:id/supporters", Some(Area::Supporters)),
    ("/sessions/:id/checkin", Some(Area::Checkin)),
    ("/sessions/:id/roster", Some(Area::Checkin)),
    ("/sessions/:id/roster/entry", Some(Area::Checkin)),
    ("/sessions/:id/report", Some(Area::Checkin)),
    ("/sessions/:id/questionnaires", Some(Area::Checkin)),
    ("/sessions/:id/questionnaires/entry", Some(Area::Checkin)),
    ("/schedule", Some(Area::Sessions)),
    ("/schedule/print", Some(Area::Sessions)),
    ("/import", Some(Area::SessionsEdit)),
    ("/import/:token", Some(Area::SessionsEdit)),
    ("/intake", Some(Area::Residents)),
    ("/residents/new", Some(Area::Residents)),
    ("/residents/:id", Some(Area::Residents)),
    ("/residents/:id/edit", Some(Area::Residents)),
    ("/residents/:id/disclosure", Some(Area::Residents)),
    ("/requests", Some(Area::Residents)),
    ("/requests/:id", Some(Area::Residents)),
    ("/registrations/:id", Some(Area::Residents)),
    ("/registrations/:id/slip", Some(Area::Residents)),
    ("/calls", Some(Area::Residents)),
    ("/letters", Some(Area::Residents)),
    ("/letters/print", Some(Area::Residents)),
    ("/outbox", Some(Area::Residents)),
    ("/walkins", Some(Area::Residents)),
    ("/my-sessions", Some(Area::MySessions)),
    ("/devices", Some(Area::Devices)),
];

/// Whether `path` fits a route pattern (`:name` stands for one segment; a trailing slash
/// does not count).
fn matches_pattern(pattern: &str, path: &str) -> bool {
    let path = match path.trim_end_matches('/') {
        "" => "/",
        p => p,
    };
    let mut want = pattern.split('/');
    let mut got = path.split('/');
    loop {
        match (want.next(), got.next()) {
            (None, None) => return true,
            (Some(w), Some(g)) if w == g || (w.starts_with(':') && !g.is_empty()) => {}
            _ => return false,
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
        assert_eq!(Area::of_path("/public"), None);
        assert_eq!(Area::of_path("/public/sessions/4"), None);
        assert_eq!(Area::of_path("/requests/4"), Some(Area::Residents));
        assert_eq!(Area::of_path("/"), Some(Area::Home));
        assert_eq!(Area::of_path("/account/password"), Some(Area::Home));
        assert_eq!(Area::of_path("/directory"), Some(Area::Directory));
        assert_eq!(Area::of_path("/admin/users"), Some(Area::AdminUsers));
        assert_eq!(Area::of_path("/admin/audit"), Some(Area::AdminAudit));
        assert_eq!(Area::of_path("/nonexistent"), Some(Area::Home));
        assert_eq!(Area::of_path("/sessions"), Some(Area::Sessions));
        assert_eq!(Area::of_path("/directory/venues/3"), Some(Area::DirectoryEdit));
        assert_eq!(Area::of_path("/admin/topics"), Some(Area::DirectoryEdit));
        assert_eq!(Area::of_path("/sessions/12"), Some(Area::Sessions));
        assert_eq!(Area::of_path("/sessions/new"), Some(Area::SessionsEdit));
        assert_eq!(Area::of_path("/sessions/12/edit"), Some(Area::SessionsEdit));
    }

    #[test]
    fn every_route_has_its_area_written_once() {
        let router = include_str!("../app.rs");
        let routes: Vec<&str> =
            router.split("path!(\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        assert!(routes.len() > 40, "routes read from app.rs: {routes:?}");
        for route in &routes {
            let listed = PAGES.iter().filter(|(p, _)| p == route).count();
            assert_eq!(listed, 1, "{route} must be listed once in PAGES");
        }
        for (pattern, _) in PAGES {
            assert!(routes.contains(pattern), "{pattern} is not a route");
        }
    }

    #[test]
    fn patterns_match_whole_segments() {
        assert!(matches_pattern("/sessions/:id", "/sessions/12"));
        assert!(matches_pattern("/sessions/:id", "/sessions/12/"));
        assert!(!matches_pattern("/sessions/:id", "/sessions/12/edit"));
        assert!(!matches_pattern("/sessions/:id", "/sessions/"));
        assert!(matches_pattern("/", "/"));
        assert!(!matches_pattern("/support", "/supporters"));
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
            assert!(!Area::Residents.allows(role), "{role:?} must not see residents");
        }
        assert_eq!(Area::of_path("/residents/3"), Some(Area::Residents));
        assert_eq!(Area::of_path("/calls"), Some(Area::Residents));
        assert_eq!(Area::of_path("/sessions/4/checkin"), Some(Area::Checkin));
        assert!(!Area::Checkin.allows(Role::Reviewer));
        assert_eq!(Area::of_path("/support/7"), Some(Area::Support));
        assert_eq!(Area::of_path("/support/report"), Some(Area::Reports));
        assert_eq!(Area::of_path("/reports/reach"), Some(Area::Reports));
        assert_eq!(Area::of_path("/admin/procedures"), Some(Area::DirectoryEdit));
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            assert!(!Area::Support.allows(role), "{role:?} must not see requests");
        }
        assert!(Area::Reports.allows(Role::Reviewer));
        assert_eq!(Area::of_path("/supporters/3"), Some(Area::Supporters));
        assert_eq!(Area::of_path("/sessions/3/supporters"), Some(Area::Supporters));
        assert_eq!(Area::of_path("/my-supporter"), Some(Area::Home));
        assert_eq!(Area::of_path("/admin/course-units"), Some(Area::DirectoryEdit));
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            assert!(!Area::Supporters.allows(role), "{role:?} must not see supporters");
        }
        assert!(!Area::Reports.allows(Role::Volunteer));
    }
}
