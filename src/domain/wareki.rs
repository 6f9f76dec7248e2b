//! Japanese era dates (和暦), from 明治 to 令和, with 元年 and the exact first day of
//! each era: 1989-01-07 is 昭和64年, 1989-01-08 is 平成元年.

use super::ParseError;
use crate::i18n::ErrorCode;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    pub fn name(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The first day of the era in the Gregorian calendar.
    pub fn first_day(self) -> NaiveDate {
        let (y, m, d) = match self {
            Era::Meiji => (1868, 10, 23),
            Era::Taisho => (1912, 7, 30),
            Era::Showa => (1926, 12, 25),
            Era::Heisei => (1989, 1, 8),
            Era::Reiwa => (2019, 5, 1),
        };
        NaiveDate::from_ymd_opt(y, m, d).expect("era start dates are valid")
    }

    fn next(self) -> Option<Era> {
        Era::ALL.iter().position(|e| *e == self).and_then(|i| Era::ALL.get(i + 1).copied())
    }

    /// The last year number of the era (昭和 ends in 64), or None for the current era.
    fn last_year(self) -> Option<i32> {
        self.next().map(|n| n.first_day().year() - self.first_day().year() + 1)
    }

    /// The era in force on a day, if the day is on or after 明治元年.
    pub fn of_date(date: NaiveDate) -> Option<Era> {
        Era::ALL.iter().rev().find(|e| e.first_day() <= date).copied()
    }

    /// The newest era that had begun by the end of a Gregorian year.
    fn latest_in_year(year: i32) -> Option<Era> {
        Era::ALL.iter().rev().find(|e| e.first_day().year() <= year).copied()
    }
}

/// A date written in the Japanese era calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Wareki {
    pub era: Era,
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Wareki {
    pub fn from_date(date: NaiveDate) -> Option<Self> {
        let era = Era::of_date(date)?;
        Some(Self {
            era,
            year: date.year() - era.first_day().year() + 1,
            month: date.month(),
            day: date.day(),
        })
    }

    /// `令和7年6月12日`, with 元年 for the first year.
    pub fn format(&self) -> String {
        format!("{}{}月{}日", era_year(self.era, self.year), self.month, self.day)
    }
}

/// `令和7年`, or `令和元年` for year 1.
pub fn era_year(era: Era, year: i32) -> String {
    if year == 1 {
        format!("{}元年", era.name())
    } else {
        format!("{}{}年", era.name(), year)
    }
}

/// The era label of a fiscal year starting in April of `year`: the newest era that had begun
/// within that calendar year, so FY2019 is 令和元年度 and FY1988 is 昭和63年度.
pub(crate) fn fiscal_era_year(year: i32) -> Option<String> {
    let era = Era::latest_in_year(year)?;
    Some(era_year(era, year - era.first_day().year() + 1))
}

const BIRTH_YEAR_INVALID: ParseError = ParseError::new(
    ErrorCode::BirthYearInvalid,
    "生まれ年は西暦（1945）か和暦（昭和20年、S20）で入力してください。",
    "Enter the birth year as a Western year (1945) or an era year (昭和20年, S20).",
);
const BIRTH_YEAR_OUT_OF_ERA: ParseError = ParseError::new(
    ErrorCode::BirthYearOutOfEra,
    "その元号にその年はありません（例：昭和は64年まで、平成は31年まで）。",
    "That era has no such year (昭和 ends in 64, 平成 in 31).",
);
const BIRTH_YEAR_RANGE: ParseError = ParseError::new(
    ErrorCode::BirthYearRange,
    "生まれ年は1900年から今年までの年で入力してください。",
    "The birth year must be between 1900 and this year.",
);

/// Parses a birth year typed as `1945`, `昭和20年`, `昭和20`, `S20`, `s.20`, `昭20`,
/// `昭和元年`, with full-width digits. `current_year` bounds the answer.
pub fn parse_birth_year(input: &str, current_year: i32) -> Result<i32, ParseError> {
    let folded: String = input.nfkc().filter(|c| !c.is_whitespace()).collect();
    let s = folded.trim_end_matches('年').trim_end_matches("生まれ");
    let s = s.trim_end_matches('年');
    if s.is_empty() {
        return Err(BIRTH_YEAR_INVALID);
    }
    let year = if s.chars().all(|c| c.is_ascii_digit()) {
        s.parse::<i32>().map_err(|_| BIRTH_YEAR_INVALID)?
    } else {
        let (era, rest) = split_era(s).ok_or(BIRTH_YEAR_INVALID)?;
        let rest = rest.trim_start_matches('.');
        let n = if rest == "元" {
            1
        } else if !rest.is_empty() && rest.len() <= 3 && rest.chars().all(|c| c.is_ascii_digit()) {
            rest.parse::<i32>().map_err(|_| BIRTH_YEAR_INVALID)?
        } else {
            return Err(BIRTH_YEAR_INVALID);
        };
        if n < 1 || era.last_year().is_some_and(|last| n > last) {
            return Err(BIRTH_YEAR_OUT_OF_ERA);
        }
        era.first_day().year() + n - 1
    };
    if !(1900..=current_year).contains(&year) {
        return Err(BIRTH_YEAR_RANGE);
    }
    Ok(year)
}

fn split_era(s: &str) -> Option<(Era, &str)> {
    for era in Era::ALL {
        let name = era.name();
        let short: String = name.chars().take(1).collect();
        let letter = era.letter();
        if let Some(rest) = s.strip_prefix(name) {
            return Some((era, rest));
        }
        if let Some(rest) = s.strip_prefix(short.as_str()) {
            return Some((era, rest));
        }
        if let Some(rest) =
            s.strip_prefix(letter).or_else(|| s.strip_prefix(letter.to_ascii_lowercase()))
        {
            return Some((era, rest));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn era_boundaries_are_exact() {
        let cases = [
            (d(1989, 1, 7), "昭和64年1月7日"),
            (d(1989, 1, 8), "平成元年1月8日"),
            (d(2019, 4, 30), "平成31年4月30日"),
            (d(2019, 5, 1), "令和元年5月1日"),
            (d(2025, 6, 12), "令和7年6月12日"),
            (d(1926, 12, 24), "大正15年12月24日"),
            (d(1926, 12, 25), "昭和元年12月25日"),
            (d(1912, 7, 29), "明治45年7月29日"),
            (d(1912, 7, 30), "大正元年7月30日"),
            (d(1868, 10, 23), "明治元年10月23日"),
        ];
        for (date, expected) in cases {
            assert_eq!(Wareki::from_date(date).unwrap().format(), expected);
        }
        assert_eq!(Wareki::from_date(d(1868, 10, 22)), None);
    }

    #[test]
    fn parses_birth_years_in_every_form() {
        for input in [
            "昭和20年",
            "昭和20",
            "S20",
            "s20",
            "S.20",
            "昭20",
            "1945",
            "１９４５",
            "昭和２０年",
            "1945年",
        ] {
            assert_eq!(parse_birth_year(input, 2026), Ok(1945), "{input}");
        }
        assert_eq!(parse_birth_year("昭和元年", 2026), Ok(1926));
        assert_eq!(parse_birth_year("平成元年", 2026), Ok(1989));
        assert_eq!(parse_birth_year("H1", 2026), Ok(1989));
        assert_eq!(parse_birth_year("昭和64年", 2026), Ok(1989));
        assert_eq!(parse_birth_year("T15", 2026), Ok(1926));
        assert_eq!(parse_birth_year("R7", 2026), Ok(2025));
    }

    #[test]
    fn refuses_impossible_years() {
        assert_eq!(
            parse_birth_year("昭和65年", 2026).unwrap_err().code,
            crate::i18n::ErrorCode::BirthYearOutOfEra
        );
        assert_eq!(
            parse_birth_year("平成32年", 2026).unwrap_err().code,
            crate::i18n::ErrorCode::BirthYearOutOfEra
        );
        assert_eq!(
            parse_birth_year("S0", 2026).unwrap_err().code,
            crate::i18n::ErrorCode::BirthYearOutOfEra
        );
        assert_eq!(
            parse_birth_year("2030", 2026).unwrap_err().code,
            crate::i18n::ErrorCode::BirthYearRange
        );
        assert_eq!(
            parse_birth_year("R9", 2026).unwrap_err().code,
            crate::i18n::ErrorCode::BirthYearRange
        );
        assert_eq!(
            parse_birth_year("1850", 2026).unwrap_err().code,
            crate::i18n::ErrorCode::BirthYearRange
        );
        for bad in ["", "昭和", "X20", "昭和二十年", "abc", "S20a"] {
            assert_eq!(
                parse_birth_year(bad, 2026).unwrap_err().code,
                crate::i18n::ErrorCode::BirthYearInvalid,
                "{bad}"
            );
        }
    }

    #[test]
    fn fiscal_year_era_labels() {
        assert_eq!(fiscal_era_year(2025).unwrap(), "令和7年");
        assert_eq!(fiscal_era_year(2019).unwrap(), "令和元年");
        assert_eq!(fiscal_era_year(2018).unwrap(), "平成30年");
        assert_eq!(fiscal_era_year(1988).unwrap(), "昭和63年");
        assert_eq!(fiscal_era_year(1989).unwrap(), "平成元年");
    }

    proptest! {
        #[test]
        fn era_year_round_trips(days in 0i64..46_000) {
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            let w = Wareki::from_date(date).unwrap();
            let typed = format!("{}{}", w.era.letter(), w.year);
            prop_assert_eq!(parse_birth_year(&typed, 2100), Ok(date.year()));
            prop_assert!(w.year >= 1);
        }

        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = parse_birth_year(&s, 2026);
        }
    }
}
