//! Repeating events of an imported calendar. A series (`RRULE` with its `EXDATE`s) is
//! expanded by the `rrule` crate, in Japan time, into its occurrences from today to the end
//! of the scheduling window. Each occurrence gets its own stable UID: the series' UID and the
//! day it was planned for (`<UID>#<YYYYMMDD>`), which is also what a `RECURRENCE-ID`
//! override names, so a file imported again updates the same sessions.

use crate::domain::{day_in_japan, JAPAN};
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use rrule::{Frequency, RRule, Unvalidated};

/// An `EXDATE`: an occurrence's exact start, or (written as a date) its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluded {
    At(i64),
    Day(NaiveDate),
}

/// More occurrences than a series can have in the window at one a day: a rule that yields
/// this many is not one we read.
const MAX_OCCURRENCES: u16 = 800;

/// The UID of the occurrence of `series` planned to start at `planned`.
pub fn occurrence_uid(series: &str, planned: i64) -> String {
    format!("{series}#{}", day_in_japan(planned).format("%Y%m%d"))
}

/// RFC 5545 wants `UNTIL` in UTC when the start has a time zone; calendars also write it in
/// local time or as a date. Both are read as Japan time (a date: to the end of that day).
fn until_in_utc(rule: &str) -> Result<String, &'static str> {
    let parts: Result<Vec<String>, &'static str> = rule
        .split(';')
        .map(|part| match part.split_once('=') {
            Some((key, value)) if key.eq_ignore_ascii_case("UNTIL") && !value.ends_with('Z') => {
                let local = match NaiveDate::parse_from_str(value, "%Y%m%d") {
                    Ok(day) => day.and_hms_opt(23, 59, 59),
                    Err(_) => NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok(),
                };
                let utc = local
                    .and_then(|l| JAPAN.from_local_datetime(&l).single())
                    .ok_or("ics_rrule")?
                    .naive_utc();
                Ok(format!("UNTIL={}Z", utc.format("%Y%m%dT%H%M%S")))
            }
            _ => Ok(part.to_string()),
        })
        .collect();
    parts.map(|p| p.join(";"))
}

/// The starts of the occurrences of the series beginning at `start` with `rule`, on the days
/// `from..=until` (Japan time), less the excluded ones. Sub-daily rules (`FREQ=HOURLY` and
/// finer, `BYHOUR`, `BYMINUTE`, `BYSECOND`) are refused as unsupported: a session happens at
/// most once a day. A rule the crate cannot read or validate is refused as `ics_rrule`.
pub fn expand(
    rule: &str,
    start: i64,
    excluded: &[Excluded],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<i64>, &'static str> {
    let parsed: RRule<Unvalidated> = until_in_utc(rule)?.parse().map_err(|_| "ics_rrule")?;
    if matches!(parsed.get_freq(), Frequency::Hourly | Frequency::Minutely | Frequency::Secondly)
        || !parsed.get_by_hour().is_empty()
        || !parsed.get_by_minute().is_empty()
        || !parsed.get_by_second().is_empty()
    {
        return Err("ics_rrule_unsupported");
    }
    let tokyo = rrule::Tz::Tz(JAPAN);
    let at_midnight = |day: NaiveDate| {
        day.and_hms_opt(0, 0, 0).and_then(|t| tokyo.from_local_datetime(&t).single())
    };
    let (Some(dt_start), Some(after), Some(before)) = (
        tokyo.timestamp_opt(start, 0).single(),
        at_midnight(from),
        until.checked_add_signed(Duration::days(1)).and_then(at_midnight),
    ) else {
        return Err("ics_time");
    };
    let set = parsed.build(dt_start).map_err(|_| "ics_rrule")?;
    let found = set.after(after).before(before).all(MAX_OCCURRENCES);
    if found.limited {
        return Err("ics_rrule_unsupported");
    }
    Ok(found
        .dates
        .iter()
        .map(|d| d.timestamp())
        .filter(|t| (after.timestamp()..before.timestamp()).contains(t))
        .filter(|t| {
            !excluded.iter().any(|x| match x {
                Excluded::At(at) => at == t,
                Excluded::Day(day) => day_in_japan(*t) == *day,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        JAPAN.with_ymd_and_hms(y, m, d, h, min, 0).unwrap().timestamp()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// The occurrences in 2027 of `rule` from `start`, without `excluded`, as Japan-time
    /// "YYYY-MM-DD HH:MM".
    fn in_2027(rule: &str, start: i64, excluded: &[Excluded]) -> Vec<String> {
        shown(&expand(rule, start, excluded, day(2027, 1, 1), day(2027, 12, 31)).unwrap())
    }

    /// The occurrences as Japan-time "YYYY-MM-DD HH:MM".
    fn shown(starts: &[i64]) -> Vec<String> {
        starts
            .iter()
            .map(|t| {
                chrono::DateTime::from_timestamp(*t, 0)
                    .unwrap()
                    .with_timezone(&JAPAN)
                    .format("%Y-%m-%d %H:%M")
                    .to_string()
            })
            .collect()
    }

    #[test]
    fn weekly_across_the_end_of_the_fiscal_year_in_japan_time() {
        // Thursdays 14:00 from 2027-03-11, four times: two in FY2026, two in FY2027.
        assert_eq!(
            in_2027("FREQ=WEEKLY;COUNT=4", at(2027, 3, 11, 14, 0), &[]),
            ["2027-03-11 14:00", "2027-03-18 14:00", "2027-03-25 14:00", "2027-04-01 14:00"]
        );
    }

    #[test]
    fn second_thursday_of_each_month_until_a_utc_date() {
        // UNTIL 2027-06-10 05:00 UTC is 14:00 in Japan: the June occurrence is included.
        assert_eq!(
            in_2027("FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270610T050000Z", at(2027, 2, 11, 10, 0), &[]),
            [
                "2027-02-11 10:00",
                "2027-03-11 10:00",
                "2027-04-08 10:00",
                "2027-05-13 10:00",
                "2027-06-10 10:00"
            ]
        );
    }

    #[test]
    fn interval_byday_bymonthday_and_exdates() {
        // Every other week on Monday and Wednesday, without the exact 2027-04-07 start and
        // without the day 2027-04-19.
        assert_eq!(
            in_2027(
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=6",
                at(2027, 4, 5, 9, 30),
                &[Excluded::At(at(2027, 4, 7, 9, 30)), Excluded::Day(day(2027, 4, 19))]
            ),
            ["2027-04-05 09:30", "2027-04-21 09:30", "2027-05-03 09:30", "2027-05-05 09:30"]
        );
        // The 15th of each month, with a local-time UNTIL (read as Japan time).
        assert_eq!(
            in_2027("FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20270715", at(2027, 5, 15, 13, 0), &[]),
            ["2027-05-15 13:00", "2027-06-15 13:00", "2027-07-15 13:00"]
        );
        // Daily, three days.
        assert_eq!(
            in_2027("FREQ=DAILY;COUNT=3", at(2027, 3, 30, 10, 0), &[]),
            ["2027-03-30 10:00", "2027-03-31 10:00", "2027-04-01 10:00"]
        );
    }

    #[test]
    fn only_the_window_is_expanded() {
        // A weekly series without end, started long ago: from `from` to `until` only.
        let starts =
            expand("FREQ=WEEKLY", at(2020, 1, 2, 14, 0), &[], day(2027, 4, 1), day(2027, 4, 30))
                .unwrap();
        assert_eq!(
            shown(&starts),
            [
                "2027-04-01 14:00",
                "2027-04-08 14:00",
                "2027-04-15 14:00",
                "2027-04-22 14:00",
                "2027-04-29 14:00"
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_a_daily_or_longer_rule() {
        let start = at(2027, 4, 1, 10, 0);
        let (from, until) = (day(2027, 1, 1), day(2028, 1, 1));
        for rule in ["FREQ=HOURLY;COUNT=3", "FREQ=DAILY;BYHOUR=10,14", "FREQ=MINUTELY"] {
            assert_eq!(
                expand(rule, start, &[], from, until),
                Err("ics_rrule_unsupported"),
                "{rule}"
            );
        }
        for rule in ["FREQ=SOMETIMES", "", "FREQ=WEEKLY;COUNT=x", "FREQ=DAILY;UNTIL=tomorrow"] {
            assert_eq!(expand(rule, start, &[], from, until), Err("ics_rrule"), "{rule}");
        }
        assert_eq!(occurrence_uid("abc@example.jp", start), "abc@example.jp#20270401");
    }
}
