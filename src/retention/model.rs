use serde::{Deserialize, Serialize};

/// A kind of record a retention rule looks after.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// Residents with no booking, attendance, request or contact since the end of a fiscal
    /// year N years back: erased as at their request.
    Residents,
    /// Walk-ins' records made at the door, never completed and not seen since: erased.
    Walkins,
    /// Call notes, delivery errors and cancellation reasons: cleared.
    CallNotes,
    /// The free text of paper-support requests closed N days ago: cleared.
    SupportText,
    /// TOKYO Smartphone Supporters without progress, certificate, credential or session
    /// helped at: erased.
    Supporters,
    /// Sessions' volunteer notes and their reports' notes and incidents: cleared.
    SessionNotes,
    /// Entries of the audit log: removed.
    AuditLog,
    /// Failed sign-ins and sign-in sessions: removed.
    SignIns,
}

/// How a rule's period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Whole fiscal years (April–March) after the end of the one of the last activity.
    FiscalYears,
    Years,
    Days,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Residents,
        Kind::Walkins,
        Kind::CallNotes,
        Kind::SupportText,
        Kind::Supporters,
        Kind::SessionNotes,
        Kind::AuditLog,
        Kind::SignIns,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Residents => "residents",
            Kind::Walkins => "walkins",
            Kind::CallNotes => "call_notes",
            Kind::SupportText => "support_text",
            Kind::Supporters => "supporters",
            Kind::SessionNotes => "session_notes",
            Kind::AuditLog => "audit_log",
            Kind::SignIns => "sign_ins",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn unit(self) -> Unit {
        match self {
            Kind::Residents => Unit::FiscalYears,
            Kind::Supporters | Kind::SessionNotes | Kind::AuditLog => Unit::Years,
            Kind::Walkins | Kind::CallNotes | Kind::SupportText | Kind::SignIns => Unit::Days,
        }
    }

    /// The period kept when admins have not set one (docs/OPERATIONS.md says why).
    pub fn default_keep(self) -> i64 {
        match self {
            Kind::Residents => 3,
            Kind::Walkins => 90,
            Kind::CallNotes => 365,
            Kind::SupportText => 365,
            Kind::Supporters => 3,
            Kind::SessionNotes => 3,
            Kind::AuditLog => 5,
            Kind::SignIns => 90,
        }
    }

    /// The longest period an admin may set, in the rule's unit.
    pub fn max_keep(self) -> i64 {
        match self.unit() {
            Unit::FiscalYears | Unit::Years => 30,
            Unit::Days => 3650,
        }
    }

    /// The least: the audit log is kept at least a year, sign-in records a week, the rest
    /// at least one unit.
    pub fn min_keep(self) -> i64 {
        match self {
            Kind::SignIns => 7,
            _ => 1,
        }
    }

    /// Whether the rule erases people (as at their request) rather than clearing or
    /// removing rows in place.
    pub fn erases_people(self) -> bool {
        matches!(self, Kind::Residents | Kind::Walkins | Kind::Supporters)
    }

    /// The form field holding the rule's period.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Residents => "keep_residents",
            Kind::Walkins => "keep_walkins",
            Kind::CallNotes => "keep_call_notes",
            Kind::SupportText => "keep_support_text",
            Kind::Supporters => "keep_supporters",
            Kind::SessionNotes => "keep_session_notes",
            Kind::AuditLog => "keep_audit_log",
            Kind::SignIns => "keep_sign_ins",
        }
    }

    /// The programme setting holding the rule's period.
    pub fn setting(self) -> String {
        format!("retention_{}", self.code())
    }
}

/// One rule as set now, with what it would anonymise or remove today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleLine {
    pub kind: Kind,
    pub keep: i64,
    /// Records due today.
    pub due: i64,
    /// The first day kept (`YYYY-MM-DD`): what dates from before it is due.
    pub kept_from: String,
}

/// One application of the rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunLine {
    pub at: i64,
    /// Who applied it; none for the nightly job.
    pub user_login: Option<String>,
    pub nightly: bool,
    pub counts: Vec<(Kind, i64)>,
}

/// The retention page: the rules with their due counts, the nightly switch and past runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub rules: Vec<RuleLine>,
    pub nightly: bool,
    pub runs: Vec<RunLine>,
}

/// One entry of the file register, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterFile {
    pub name: String,
    pub purpose: String,
    /// The fields' names, of the columns the database has.
    pub fields: Vec<String>,
    /// The roles that see it.
    pub who: String,
    /// Its retention: the rules as set, and what else ends its life.
    pub retention: String,
    /// The tables it is kept in.
    pub tables: Vec<String>,
}

/// `residents=3 walkins=0 …`: how counts are stored with a run and written in its audit
/// entry.
pub fn counts_text(counts: &[(Kind, i64)]) -> String {
    counts.iter().map(|(k, n)| format!("{}={n}", k.code())).collect::<Vec<_>>().join(" ")
}

/// Reads [`counts_text`] back; unknown parts are skipped.
pub fn parse_counts(text: &str) -> Vec<(Kind, i64)> {
    text.split_whitespace()
        .filter_map(|part| {
            let (code, n) = part.split_once('=')?;
            Some((Kind::from_code(code)?, n.parse().ok()?))
        })
        .collect()
}

impl Kind {
    /// The first day a rule keeping `keep` units keeps on `today`: records whose last
    /// activity is before it are due. For fiscal years, the first day of the fiscal year
    /// `keep` years before this one: a resident last seen in FY2022 (to March 2023), kept 3
    /// fiscal years, is due from 1 April 2026.
    pub fn kept_from(self, keep: i64, today: chrono::NaiveDate) -> chrono::NaiveDate {
        use chrono::{Datelike, Months, NaiveDate};
        // A period out of range keeps everything (nothing is due), never the reverse.
        let keep = keep.clamp(0, 3650);
        let kept = match self.unit() {
            Unit::FiscalYears => {
                let start = if today.month() >= 4 { today.year() } else { today.year() - 1 };
                NaiveDate::from_ymd_opt(start - keep as i32, 4, 1)
            }
            Unit::Years => today.checked_sub_months(Months::new(12 * keep as u32)),
            Unit::Days => today.checked_sub_signed(chrono::Duration::days(keep)),
        };
        kept.unwrap_or(NaiveDate::MIN)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn fiscal_years_end_in_march() {
        // Last seen in FY2022 (April 2022 – March 2023): kept through FY2025.
        assert_eq!(Kind::Residents.kept_from(3, day(2026, 3, 31)), day(2022, 4, 1));
        assert_eq!(Kind::Residents.kept_from(3, day(2026, 4, 1)), day(2023, 4, 1));
        assert_eq!(Kind::Supporters.kept_from(3, day(2026, 2, 28)), day(2023, 2, 28));
        assert_eq!(Kind::Walkins.kept_from(90, day(2026, 4, 1)), day(2026, 1, 1));
    }

    #[test]
    fn counts_read_back() {
        let counts = vec![(Kind::Residents, 3), (Kind::SignIns, 0)];
        assert_eq!(parse_counts(&counts_text(&counts)), counts);
        assert_eq!(counts_text(&counts), "residents=3 sign_ins=0");
    }
}
