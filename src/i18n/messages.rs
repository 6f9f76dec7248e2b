//! The texts of one locale: one struct of texts per feature folder, each in its own file
//! (`i18n/<feature>.rs`), reached as `m.<feature>.<text>`. Error and notice codes are enums
//! (`codes.rs`).

use super::app::AppTexts;
use super::assignments::AssignmentsTexts;
use super::audit::AuditTexts;
use super::auth::AuthTexts;
use super::checkin::CheckinTexts;
use super::city::CityTexts;
use super::codes::{ErrorCode, NoticeCode};
use super::common::CommonTexts;
use super::directory::DirectoryTexts;
use super::disclosure::DisclosureTexts;
use super::integrations::IntegrationsTexts;
use super::loaners::LoanersTexts;
use super::notify::NotifyTexts;
use super::paper_support::PaperSupportTexts;
use super::questionnaires::QuestionnairesTexts;
use super::reach::ReachTexts;
use super::registrations::RegistrationsTexts;
use super::residents::ResidentsTexts;
use super::retention::RetentionTexts;
use super::seat_requests::SeatRequestsTexts;
use super::session_reports::SessionReportsTexts;
use super::sessions::SessionsTexts;
use super::supporters::SupportersTexts;
use super::today::TodayTexts;
use super::users::UsersTexts;
use super::Locale;

pub struct Messages {
    pub locale: Locale,
    pub app: &'static AppTexts,
    pub common: &'static CommonTexts,
    pub auth: &'static AuthTexts,
    pub users: &'static UsersTexts,
    pub audit: &'static AuditTexts,
    pub directory: &'static DirectoryTexts,
    pub disclosure: &'static DisclosureTexts,
    pub sessions: &'static SessionsTexts,
    pub residents: &'static ResidentsTexts,
    pub retention: &'static RetentionTexts,
    pub registrations: &'static RegistrationsTexts,
    pub notify: &'static NotifyTexts,
    pub assignments: &'static AssignmentsTexts,
    pub checkin: &'static CheckinTexts,
    pub loaners: &'static LoanersTexts,
    pub session_reports: &'static SessionReportsTexts,
    pub paper_support: &'static PaperSupportTexts,
    pub questionnaires: &'static QuestionnairesTexts,
    pub seat_requests: &'static SeatRequestsTexts,
    pub integrations: &'static IntegrationsTexts,
    pub city: &'static CityTexts,
    pub supporters: &'static SupportersTexts,
    pub reach: &'static ReachTexts,
    pub today: &'static TodayTexts,
}

pub const JA: Messages = Messages {
    locale: Locale::Ja,
    app: &AppTexts::JA,
    common: &CommonTexts::JA,
    auth: &AuthTexts::JA,
    users: &UsersTexts::JA,
    audit: &AuditTexts::JA,
    directory: &DirectoryTexts::JA,
    disclosure: &DisclosureTexts::JA,
    sessions: &SessionsTexts::JA,
    residents: &ResidentsTexts::JA,
    retention: &RetentionTexts::JA,
    registrations: &RegistrationsTexts::JA,
    notify: &NotifyTexts::JA,
    assignments: &AssignmentsTexts::JA,
    checkin: &CheckinTexts::JA,
    loaners: &LoanersTexts::JA,
    session_reports: &SessionReportsTexts::JA,
    paper_support: &PaperSupportTexts::JA,
    questionnaires: &QuestionnairesTexts::JA,
    seat_requests: &SeatRequestsTexts::JA,
    integrations: &IntegrationsTexts::JA,
    city: &CityTexts::JA,
    supporters: &SupportersTexts::JA,
    reach: &ReachTexts::JA,
    today: &TodayTexts::JA,
};

pub const EN: Messages = Messages {
    locale: Locale::En,
    app: &AppTexts::EN,
    common: &CommonTexts::EN,
    auth: &AuthTexts::EN,
    users: &UsersTexts::EN,
    audit: &AuditTexts::EN,
    directory: &DirectoryTexts::EN,
    disclosure: &DisclosureTexts::EN,
    sessions: &SessionsTexts::EN,
    residents: &ResidentsTexts::EN,
    retention: &RetentionTexts::EN,
    registrations: &RegistrationsTexts::EN,
    notify: &NotifyTexts::EN,
    assignments: &AssignmentsTexts::EN,
    checkin: &CheckinTexts::EN,
    loaners: &LoanersTexts::EN,
    session_reports: &SessionReportsTexts::EN,
    paper_support: &PaperSupportTexts::EN,
    questionnaires: &QuestionnairesTexts::EN,
    seat_requests: &SeatRequestsTexts::EN,
    integrations: &IntegrationsTexts::EN,
    city: &CityTexts::EN,
    supporters: &SupportersTexts::EN,
    reach: &ReachTexts::EN,
    today: &TodayTexts::EN,
};

impl Messages {
    /// The message for a form error code carried back to a page in the address (see
    /// `ui::form`). Codes come from our own routes; a code the app does not know can only
    /// come from an edited address and reads as "invalid".
    pub fn error_text(&self, code: &str) -> &'static str {
        ErrorCode::from_code(code).unwrap_or(ErrorCode::Invalid).text(self.locale)
    }

    /// The message for a notice code shown after a successful form post; none for a code
    /// the app does not know.
    pub fn notice_text(&self, code: &str) -> Option<&'static str> {
        NoticeCode::from_code(code).map(|c| c.text(self.locale))
    }
}
