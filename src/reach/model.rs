use crate::paper_support::{ProcedureFigures, Status};
use serde::{Deserialize, Serialize};

/// The period a dashboard covers: a fiscal year, optionally only some of its months
/// (1 = April … 12 = March).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub fiscal_year: i32,
    pub from_month: u32,
    pub to_month: u32,
}

impl Period {
    /// A whole fiscal year, or the months asked for (kept within 1–12, in order).
    pub fn new(fiscal_year: i32, from: Option<u32>, to: Option<u32>) -> Self {
        let from_month = from.unwrap_or(1).clamp(1, 12);
        let to_month = to.unwrap_or(12).clamp(from_month, 12);
        Period { fiscal_year, from_month, to_month }
    }

    /// The same months of the year before.
    pub fn previous(self) -> Self {
        Period { fiscal_year: self.fiscal_year - 1, ..self }
    }

    pub fn is_whole_year(self) -> bool {
        self.from_month == 1 && self.to_month == 12
    }

    /// The bits of the months covered: bit 0 is April, bit 11 is March.
    pub fn month_mask(self) -> i64 {
        (self.from_month - 1..self.to_month).fold(0, |mask, m| mask | (1 << m))
    }

    /// The fiscal month number of a calendar month (April → 1, March → 12).
    pub fn fiscal_month(calendar_month: u32) -> u32 {
        (calendar_month + 8) % 12 + 1
    }

    /// The calendar month of a fiscal month number (1 = April → 4, 12 = March → 3).
    pub fn calendar_month(fiscal_month: u32) -> u32 {
        (fiscal_month + 2) % 12 + 1
    }

    /// The first and last day, `YYYY-MM-DD`.
    pub fn dates(self) -> (String, String) {
        let year = |m: u32| {
            if m <= 9 {
                self.fiscal_year
            } else {
                self.fiscal_year + 1
            }
        };
        let (from, to) = (self.from_month, self.to_month);
        let first = chrono::NaiveDate::from_ymd_opt(year(from), Self::calendar_month(from), 1)
            .unwrap_or_default();
        let next = if to == 12 {
            chrono::NaiveDate::from_ymd_opt(self.fiscal_year + 1, 4, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(year(to + 1), Self::calendar_month(to + 1), 1)
        }
        .unwrap_or_default();
        let last = next.pred_opt().unwrap_or(next);
        (first.format("%Y-%m-%d").to_string(), last.format("%Y-%m-%d").to_string())
    }
}

/// A count by a label (a host kind, a topic, an age band code, a district).
pub type Counts = Vec<(String, i64)>;

/// Every figure of the dashboard for one period. Aggregates only: nothing here names or
/// identifies a person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachFigures {
    pub period: Period,
    /// People reached: attended a session or were helped through paper support, each once.
    pub people: i64,
    /// Of the identified residents among them, reached for the first time ever within the
    /// period.
    pub first_time: i64,
    /// Of them, reached before the period too.
    pub repeat: i64,
    /// Of them, anonymous paper-support requests (each counted as one person).
    pub anonymous: i64,
    pub attendances: i64,
    pub sessions_held: i64,
    pub sessions_cancelled: i64,
    /// Seats offered at held sessions, places booked there, and booked people who came.
    pub seats: i64,
    pub booked: i64,
    pub booked_present: i64,
    pub walkins: i64,
    /// `(host kind code, sessions held, attendances)`.
    pub by_host: Vec<(String, i64, i64)>,
    /// `(topic, sessions held, attendances)`.
    pub by_topic: Vec<(String, i64, i64)>,
    /// People by age band code ("" when not known).
    pub by_age_band: Counts,
    /// People by district ("" when not known).
    pub by_district: Counts,
    /// Attendances per fiscal month (April first).
    pub attendances_by_month: [i64; 12],
    pub volunteer_minutes: i64,
    pub volunteers: i64,
    /// TOKYO Smartphone Supporters certified within the period.
    pub supporters_certified: i64,
    /// Certified supporters who reported time at a session of the period.
    pub supporters_active: i64,
    pub devices_lent: i64,
    pub support_requests: i64,
    pub support_by_procedure: Vec<ProcedureFigures>,
    pub support_by_outcome: Vec<(Status, i64)>,
    /// Questionnaire answers per satisfaction level 1–5.
    pub satisfaction: [i64; 5],
    /// "Could do it by myself" answers, and the participants of the covered topics asked.
    pub could_do: i64,
    pub could_do_asked: i64,
    /// Questionnaires entered one by one, broken down by who answered.
    pub answers: AnswerBreakdown,
}

/// Questionnaires entered one by one (paper or phone) in one group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answered {
    pub sheets: i64,
    /// Sheets with a satisfaction answer, and those at 4 or 5.
    pub rated: i64,
    pub satisfied: i64,
    /// Topic answers, and those "could do it by myself".
    pub asked: i64,
    pub could: i64,
}

impl Answered {
    pub fn add(&mut self, other: Answered) {
        self.sheets += other.sheets;
        self.rated += other.rated;
        self.satisfied += other.satisfied;
        self.asked += other.asked;
        self.could += other.could;
    }
}

/// Questionnaires by age band code, district name, `first` / `repeat` time this fiscal
/// year, and topic; `""` when not known (an unnumbered sheet). Each list has every group,
/// answered or not, so two years list the same rows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerBreakdown {
    pub by_band: Vec<(String, Answered)>,
    pub by_district: Vec<(String, Answered)>,
    pub by_first: Vec<(String, Answered)>,
    pub by_topic: Vec<(String, Answered)>,
}

impl ReachFigures {
    pub fn fill_rate(&self) -> Option<f64> {
        ratio(self.booked, self.seats)
    }

    pub fn no_show_rate(&self) -> Option<f64> {
        ratio(self.booked - self.booked_present, self.booked)
    }

    /// The share of answers at level 4 or 5.
    pub fn satisfied_share(&self) -> Option<f64> {
        ratio(self.satisfaction[3] + self.satisfaction[4], self.satisfaction.iter().sum())
    }

    pub fn could_do_share(&self) -> Option<f64> {
        ratio(self.could_do, self.could_do_asked)
    }
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A period's headline figures (`store::headline`): the same counts as [`ReachFigures`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub people: i64,
    pub attendances: i64,
    pub sessions_held: i64,
    /// Questionnaire answers per satisfaction level 1–5.
    pub satisfaction: [i64; 5],
}

impl Headline {
    /// The share of answers at level 4 or 5.
    pub fn satisfied_share(&self) -> Option<f64> {
        ratio(self.satisfaction[3] + self.satisfaction[4], self.satisfaction.iter().sum())
    }
}

/// The dashboard: the period, the same months a year before, and the KPI baseline year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachReport {
    pub current: ReachFigures,
    pub previous: ReachFigures,
    /// FY2023's satisfied share, the plan's baseline (×1.5 by FY2026), when recorded.
    pub baseline_satisfied: Option<f64>,
    /// How many answered the questionnaire in the baseline year.
    pub baseline_answers: i64,
    /// The baseline year's answers per level 1–5.
    pub baseline_levels: [i64; 5],
    /// Counts below this are hidden (`x`) in publication mode.
    pub publish_threshold: i64,
}

#[cfg(test)]
mod tests {
    use super::Period;

    #[test]
    fn periods_cover_fiscal_months() {
        let whole = Period::new(2025, None, None);
        assert_eq!(whole.dates(), ("2025-04-01".into(), "2026-03-31".into()));
        assert_eq!(whole.month_mask(), 0xFFF);
        assert!(whole.is_whole_year());
        let winter = Period::new(2025, Some(9), Some(11));
        assert_eq!(winter.dates(), ("2025-12-01".into(), "2026-02-28".into()));
        assert_eq!(winter.month_mask(), 0b0111_0000_0000);
        assert_eq!(
            Period::new(2023, Some(11), Some(11)).dates(),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(Period::new(2025, Some(12), Some(3)), Period::new(2025, Some(12), Some(12)));
        assert_eq!(winter.previous().dates(), ("2024-12-01".into(), "2025-02-28".into()));
        assert_eq!(Period::calendar_month(1), 4);
        assert_eq!(Period::calendar_month(9), 12);
        assert_eq!(Period::calendar_month(12), 3);
        for month in 1..=12 {
            assert_eq!(Period::calendar_month(Period::fiscal_month(month)), month);
        }
        assert_eq!(Period::fiscal_month(4), 1);
        assert_eq!(Period::fiscal_month(12), 9);
        assert_eq!(Period::fiscal_month(1), 10);
        assert_eq!(Period::fiscal_month(3), 12);
    }
}
