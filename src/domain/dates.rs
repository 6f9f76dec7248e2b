//! Dates and times as people in Japan read them, always in Japan time.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

pub const JAPAN: Tz = chrono_tz::Asia::Tokyo;

const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

pub fn to_japan(instant: DateTime<Utc>) -> DateTime<Tz> {
    instant.with_timezone(&JAPAN)
}

/// Today's date in Japan.
pub fn today_in_japan() -> NaiveDate {
    to_japan(Utc::now()).date_naive()
}

/// The date in Japan of an instant given in Unix seconds.
pub fn day_in_japan(seconds: i64) -> NaiveDate {
    DateTime::from_timestamp(seconds, 0).map(|t| to_japan(t).date_naive()).unwrap_or_default()
}

/// `2025年6月12日(木)`.
pub fn format_date_ja(date: NaiveDate) -> String {
    format!(
        "{}年{}月{}日({})",
        date.year(),
        date.month(),
        date.day(),
        WEEKDAYS_JA[date.weekday().num_days_from_monday() as usize]
    )
}

/// `14:00`, in Japan time.
pub fn format_time(instant: DateTime<Utc>) -> String {
    let t = to_japan(instant);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `2025年6月12日(木) 14:00`, in Japan time.
pub fn format_datetime_ja(instant: DateTime<Utc>) -> String {
    format!("{} {}", format_date_ja(to_japan(instant).date_naive()), format_time(instant))
}

/// `2025年6月12日(木) 14:00～16:00`: a session's time from two instants (Unix seconds).
pub fn format_span_ja(starts_at: i64, ends_at: i64) -> String {
    let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap_or_default();
    format!(
        "{} {}～{}",
        format_date_ja(to_japan(at(starts_at)).date_naive()),
        format_time(at(starts_at)),
        format_time(at(ends_at))
    )
}

/// The first day of the month named by `YYYY-MM`, or of the current month in Japan.
pub fn month_start(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d").unwrap_or_else(|_| {
        let today = chrono::Utc::now().with_timezone(&JAPAN).date_naive();
        today.with_day(1).unwrap_or(today)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formats_in_japan_time() {
        let date = NaiveDate::from_ymd_opt(2025, 6, 12).unwrap();
        assert_eq!(format_date_ja(date), "2025年6月12日(木)");
        // 05:00 UTC is 14:00 in Tokyo; 16:00 UTC on the 11th is already the 12th in Tokyo.
        let at = Utc.with_ymd_and_hms(2025, 6, 12, 5, 0, 0).unwrap();
        assert_eq!(format_time(at), "14:00");
        let late = Utc.with_ymd_and_hms(2025, 6, 11, 16, 30, 0).unwrap();
        assert_eq!(format_datetime_ja(late), "2025年6月12日(木) 01:30");
        assert_eq!(day_in_japan(late.timestamp()), date, "past midnight in Tokyo");
        assert_eq!(day_in_japan(late.timestamp() - 7200), date.pred_opt().unwrap());
    }
}
