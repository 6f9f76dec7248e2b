//! Fiscal years (年度): April 1 to March 31, named by the year they start in.

use super::wareki::fiscal_era_year;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct FiscalYear(i32);

impl FiscalYear {
    pub const fn starting_in(year: i32) -> Self {
        Self(year)
    }

    pub fn of(date: NaiveDate) -> Self {
        if date.month() >= 4 {
            Self(date.year())
        } else {
            Self(date.year() - 1)
        }
    }

    /// The fiscal year asked for (kept within 2000–2100), else the current one in Japan.
    pub fn chosen(year: Option<i32>) -> Self {
        match year {
            Some(y) => Self(y.clamp(2000, 2100)),
            None => Self::of(super::today_in_japan()),
        }
    }

    /// The calendar year the fiscal year starts in (2025 for 令和7年度).
    pub fn start_year(self) -> i32 {
        self.0
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 4, 1).expect("April 1 exists")
    }

    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 1, 3, 31).expect("March 31 exists")
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Self::of(date) == self
    }

    /// `令和7年度`.
    pub fn label_ja(self) -> String {
        match fiscal_era_year(self.0) {
            Some(era_year) => format!("{era_year}度"),
            None => format!("{}年度", self.0),
        }
    }

    /// `FY2025`.
    pub fn label_en(self) -> String {
        format!("FY{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn april_to_march() {
        assert_eq!(FiscalYear::of(d(2025, 4, 1)), FiscalYear::starting_in(2025));
        assert_eq!(FiscalYear::of(d(2026, 3, 31)), FiscalYear::starting_in(2025));
        assert_eq!(FiscalYear::of(d(2025, 3, 31)), FiscalYear::starting_in(2024));
        assert_eq!(FiscalYear::starting_in(2025).label_ja(), "令和7年度");
        assert_eq!(FiscalYear::starting_in(2023).label_ja(), "令和5年度");
        assert_eq!(FiscalYear::starting_in(2019).label_ja(), "令和元年度");
        assert_eq!(FiscalYear::starting_in(2018).label_ja(), "平成30年度");
        assert_eq!(FiscalYear::starting_in(2025).label_en(), "FY2025");
        assert_eq!(FiscalYear::starting_in(2025).last_day(), d(2026, 3, 31));
    }

    proptest! {
        #[test]
        fn every_day_lies_in_its_fiscal_year(days in 0i64..50_000) {
            let date = d(1950, 1, 1) + chrono::Duration::days(days);
            let fy = FiscalYear::of(date);
            prop_assert!(fy.first_day() <= date && date <= fy.last_day());
            prop_assert!(fy.contains(date));
        }
    }
}
