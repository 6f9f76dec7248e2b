use crate::i18n::Messages;
use serde::{Deserialize, Serialize};

/// Where a supporter stands in the programme. Forward only, except that anyone may stop
/// (inactive) and come back: to active when certified, else to the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    /// Asked about the programme.
    Interested,
    /// Registered for the Tokyo online course; units are recorded in this stage.
    Enrolled,
    /// Finished every unit of the course.
    Completed,
    /// Holds the certificate of completion (修了証).
    Certified,
    /// Helps at sessions.
    Active,
    /// Not helping now.
    Inactive,
}

/// Why a stage change was refused: an error code of the stage field.
pub type Refusal = crate::i18n::ErrorCode;

impl Stage {
    pub const ALL: [Stage; 6] = [
        Stage::Interested,
        Stage::Enrolled,
        Stage::Completed,
        Stage::Certified,
        Stage::Active,
        Stage::Inactive,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Stage::Interested => "interested",
            Stage::Enrolled => "enrolled",
            Stage::Completed => "completed",
            Stage::Certified => "certified",
            Stage::Active => "active",
            Stage::Inactive => "inactive",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        let s = m.supporters;
        match self {
            Stage::Interested => s.stage_interested,
            Stage::Enrolled => s.stage_enrolled,
            Stage::Completed => s.stage_completed,
            Stage::Certified => s.stage_certified,
            Stage::Active => s.stage_active,
            Stage::Inactive => s.stage_inactive,
        }
    }

    /// Whether the supporter holds the Tokyo certificate in this stage.
    pub fn is_certified(self) -> bool {
        matches!(self, Stage::Certified | Stage::Active)
    }

    /// The stages one may move to from `self`; `certified` says whether the supporter has
    /// a certificate on record (it decides where an inactive supporter comes back to).
    pub fn next(self, certified: bool) -> Vec<Stage> {
        use Stage::*;
        match self {
            Interested => vec![Enrolled, Inactive],
            Enrolled => vec![Completed, Inactive],
            Completed => vec![Certified, Inactive],
            Certified => vec![Active, Inactive],
            Active => vec![Inactive],
            Inactive if certified => vec![Active],
            Inactive => vec![Enrolled],
        }
    }

    /// Checks a move from `self` to `to`: the step must be allowed, the course finished
    /// before "completed", and a certificate number and date given for "certified".
    pub fn check(self, to: Stage, ctx: &StageContext) -> Result<(), Refusal> {
        if !self.next(ctx.certified).contains(&to) {
            return Err(crate::i18n::ErrorCode::StageTransition);
        }
        match to {
            Stage::Completed if ctx.units_done < ctx.units_total => {
                Err(crate::i18n::ErrorCode::StageUnitsMissing)
            }
            Stage::Certified if !ctx.certificate_given => {
                Err(crate::i18n::ErrorCode::StageCertificateNeeded)
            }
            _ => Ok(()),
        }
    }
}

/// What a stage change depends on.
#[derive(Debug, Clone, Copy, Default)]
pub struct StageContext {
    pub units_done: usize,
    pub units_total: usize,
    /// A certificate is on record (for coming back from inactive).
    pub certified: bool,
    /// A certificate number and date were given with the change.
    pub certificate_given: bool,
}

/// On what basis they may register: living, working or studying in Tokyo.
pub const BASES: [&str; 3] = ["lives", "works", "studies"];

/// What they can help with; each is a `help_<code>` column.
pub const HELP: [&str; 5] = ["iphone", "android", "line", "mynaportal", "cashless"];

/// Weekdays, Monday first; bit `1 << index` of `supporters.days`.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Times of day; bit `1 << index` of `supporters.times`. Morning ends at noon, afternoon
/// at 17:00.
pub const TIMES: [&str; 3] = ["morning", "afternoon", "evening"];

/// The time of day a session starting at `hour` (Japan time) falls in, as a [`TIMES`] index.
pub fn time_slot(hour: u32) -> usize {
    match hour {
        0..=11 => 0,
        12..=16 => 1,
        _ => 2,
    }
}

pub fn basis_label(m: &Messages, code: &str) -> &'static str {
    let s = m.supporters;
    match code {
        "lives" => s.basis_lives,
        "works" => s.basis_works,
        _ => s.basis_studies,
    }
}

pub fn help_label(m: &Messages, code: &str) -> &'static str {
    let s = m.supporters;
    match code {
        "iphone" => s.help_iphone,
        "android" => s.help_android,
        "line" => s.help_line,
        "mynaportal" => s.help_mynaportal,
        _ => s.help_cashless,
    }
}

pub fn day_label(m: &Messages, code: &str) -> &'static str {
    let s = m.supporters;
    match code {
        "mon" => s.day_mon,
        "tue" => s.day_tue,
        "wed" => s.day_wed,
        "thu" => s.day_thu,
        "fri" => s.day_fri,
        "sat" => s.day_sat,
        _ => s.day_sun,
    }
}

pub fn time_label(m: &Messages, code: &str) -> &'static str {
    let s = m.supporters;
    match code {
        "morning" => s.time_morning,
        "afternoon" => s.time_afternoon,
        _ => s.time_evening,
    }
}

/// The codes of `codes` whose bit is set in `mask`.
pub fn codes_of_mask(codes: &[&str], mask: i64) -> Vec<String> {
    codes
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// A credential beside the Tokyo certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialKind {
    /// A training the city or a group ran (養成講座).
    LocalTraining,
    /// The Digital Agency's デジタル推進委員 badge (a one-year term).
    DigitalPromoter,
}

impl CredentialKind {
    pub const ALL: [CredentialKind; 2] =
        [CredentialKind::LocalTraining, CredentialKind::DigitalPromoter];

    pub fn code(self) -> &'static str {
        match self {
            CredentialKind::LocalTraining => "local_training",
            CredentialKind::DigitalPromoter => "digital_promoter",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, m: &Messages) -> &'static str {
        match self {
            CredentialKind::LocalTraining => m.supporters.credential_local,
            CredentialKind::DigitalPromoter => m.supporters.credential_promoter,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credential {
    pub id: i64,
    pub kind: CredentialKind,
    pub name: String,
    /// `YYYY-MM-DD`.
    pub earned_on: String,
    pub expires_on: Option<String>,
    pub note: String,
}

/// A card on the pipeline board (no contact data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupporterLine {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub stage: Stage,
    pub units_done: i64,
    pub last_progress_on: String,
    pub district: Option<String>,
    /// Where their interest was noted: `staff` (typed in by staff), `questionnaire`,
    /// `intake` or `support_request`.
    pub came_from: String,
}

/// The board: every stage with its supporters, and the number of course units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub lines: Vec<SupporterLine>,
    pub units_total: i64,
    pub today: String,
    pub stall_days: i64,
    pub participants_per_supporter: i64,
}

/// A supporter's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Supporter {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub phone: Option<String>,
    pub email: String,
    pub basis: String,
    pub adult_confirmed: bool,
    /// Codes from [`HELP`].
    pub help: Vec<String>,
    pub help_other: String,
    /// Codes from [`DAYS`] and [`TIMES`].
    pub days: Vec<String>,
    pub times: Vec<String>,
    pub district_id: Option<i64>,
    pub district: Option<String>,
    pub partner_id: Option<i64>,
    pub partner: Option<String>,
    pub resident_id: Option<i64>,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub stage: Stage,
    pub last_progress_on: String,
    pub certificate_no: String,
    pub certified_on: Option<String>,
    pub certificate_note: String,
    pub notes: String,
    /// When the personal data was erased at the person's request.
    pub erased_at: Option<i64>,
}

/// A course unit and, when done, the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitProgress {
    pub unit_id: i64,
    pub name: String,
    pub completed_on: Option<String>,
    /// The day the trainee ticked it as done, while staff have not confirmed it.
    pub claimed_on: Option<String>,
}

/// A session the supporter helped at (through their volunteer account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpedSession {
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub minutes: Option<i64>,
}

/// A reminder made for a supporter, by email or as a call for staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderLine {
    pub id: i64,
    pub supporter_id: i64,
    pub name: String,
    /// `supporter_stalled` or `credential_expiring`.
    pub kind: String,
    pub channel: String,
    pub status: String,
    pub due_on: String,
    pub subject: String,
    /// Shown to staff only (the number to call).
    pub phone: Option<String>,
    pub last_error: Option<String>,
}

/// What the profile page shows; contact fields are empty for a volunteer reading their own
/// record through `/my-supporter` only when they have none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupporterPageData {
    pub supporter: Supporter,
    pub units: Vec<UnitProgress>,
    pub credentials: Vec<Credential>,
    pub sessions: Vec<HelpedSession>,
    pub reminders: Vec<ReminderLine>,
    pub form: SupporterFormData,
}

/// What the supporter form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupporterFormData {
    pub districts: Vec<(i64, String)>,
    pub partners: Vec<(i64, String)>,
    /// Volunteer accounts not yet linked to another supporter.
    pub users: Vec<(i64, String)>,
    pub today: String,
}

/// A suggested supporter for a session, best first, with the reasons in codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub supporter_id: i64,
    pub name: String,
    pub score: i64,
    /// Codes: `iphone`, `android` (a phone they can help with that participants own),
    /// `district`, `day`, `time`.
    pub reasons: Vec<String>,
    /// Their volunteer account while it is enabled and still a volunteer's; without one
    /// they cannot be assigned.
    pub user_id: Option<i64>,
    pub assigned: bool,
    pub minutes_this_year: i64,
    /// The title of another session at an overlapping time they already help at.
    pub busy_with: Option<String>,
}

/// The matching page of a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Matching {
    pub session_id: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub participants: i64,
    pub iphone: i64,
    pub android: i64,
    /// Supporters wanted at the programme's ratio, and those assigned now.
    pub wanted: i64,
    pub assigned: i64,
    pub suggestions: Vec<Suggestion>,
}

/// One line of the certification register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterEntry {
    pub id: i64,
    pub name: String,
    pub kana: String,
    pub certificate_no: String,
    pub certified_on: String,
    pub stage: Stage,
    pub district: Option<String>,
    pub credentials: Vec<Credential>,
}

/// Counts of a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SupporterFigures {
    pub fiscal_year: i32,
    pub newly_certified: i64,
    /// Certified supporters who helped at a session in the year.
    pub active: i64,
    pub minutes: i64,
    pub enrolled_now: i64,
}

/// The register page: certified supporters and the counts of a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    pub entries: Vec<RegisterEntry>,
    pub figures: SupporterFigures,
}

#[cfg(test)]
mod tests {
    use super::Stage::*;
    use super::*;

    fn ctx(units_done: usize, certified: bool, certificate_given: bool) -> StageContext {
        StageContext { units_done, units_total: 11, certified, certificate_given }
    }

    #[test]
    fn the_pipeline_moves_forward_with_its_conditions() {
        let none = ctx(0, false, false);
        assert_eq!(Interested.check(Enrolled, &none), Ok(()));
        assert_eq!(
            Interested.check(Completed, &none),
            Err(crate::i18n::ErrorCode::StageTransition)
        );
        assert_eq!(
            Interested.check(Certified, &none),
            Err(crate::i18n::ErrorCode::StageTransition)
        );
        assert_eq!(
            Enrolled.check(Completed, &ctx(10, false, false)),
            Err(crate::i18n::ErrorCode::StageUnitsMissing)
        );
        assert_eq!(Enrolled.check(Completed, &ctx(11, false, false)), Ok(()));
        assert_eq!(
            Completed.check(Certified, &none),
            Err(crate::i18n::ErrorCode::StageCertificateNeeded)
        );
        assert_eq!(Completed.check(Certified, &ctx(11, false, true)), Ok(()));
        assert_eq!(Certified.check(Active, &none), Ok(()));
        assert_eq!(Active.check(Enrolled, &none), Err(crate::i18n::ErrorCode::StageTransition));
        assert_eq!(Active.check(Inactive, &none), Ok(()));
        assert_eq!(Inactive.check(Active, &ctx(11, true, false)), Ok(()));
        assert_eq!(Inactive.check(Active, &none), Err(crate::i18n::ErrorCode::StageTransition));
        assert_eq!(Inactive.check(Enrolled, &none), Ok(()));
        assert_eq!(Certified.check(Completed, &none), Err(crate::i18n::ErrorCode::StageTransition));
    }

    #[test]
    fn sessions_fall_in_a_time_of_day() {
        assert_eq!(TIMES[time_slot(10)], "morning");
        assert_eq!(TIMES[time_slot(13)], "afternoon");
        assert_eq!(TIMES[time_slot(18)], "evening");
        assert_eq!(codes_of_mask(&DAYS, 1 | 16), vec!["mon", "fri"]);
    }
}
