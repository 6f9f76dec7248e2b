//! Reading a partner's .ics file (for example Tokyo's published schedule) with the `ical`
//! parser. A file with any problem is refused whole, each problem with its line number.
//! Repeating events become one event per occurrence (see `recurrence`).

use super::recurrence::{self, Excluded};
use crate::domain::{day_in_japan, JAPAN};
use chrono::{Duration, NaiveDate, NaiveDateTime, TimeZone};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};

/// One event of the file, ready to become a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    pub uid: String,
    pub title: String,
    pub description: String,
    pub location: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub cancelled: bool,
    /// The line of its `BEGIN:VEVENT`.
    pub line: usize,
    /// For an occurrence of a repeating event: the series' UID (`uid` is then
    /// `<series>#<YYYYMMDD>`, the day the occurrence was planned for).
    pub series: Option<String>,
}

/// A file read: its events (occurrences of series included), and the UIDs of the series
/// whose repeating event (`RRULE`) the file holds: their occurrences are all in `events`,
/// so an occurrence to come that is not there was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub events: Vec<ImportedEvent>,
    pub series: Vec<String>,
}

/// The longest session an event may make (a day).
const MAX_LENGTH: i64 = 86_400;

/// The longest description read, in characters (it is copied to every occurrence).
const MAX_DESCRIPTION: usize = 2_000;

/// The most events (occurrences included) a file may make.
const MAX_EVENTS: usize = 2_000;

/// How many days back a repeating event may start: expanding from long ago is work for
/// nothing.
const MAX_SERIES_AGE: i64 = 3_660;

/// What is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub code: &'static str,
}

/// Undoes RFC 5545 text escaping.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n' | 'N') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn property<'a>(event: &'a IcalEvent, name: &str) -> Option<&'a ical::property::Property> {
    event.properties.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

fn param<'a>(p: &'a ical::property::Property, name: &str) -> Option<&'a str> {
    p.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.first())
        .map(String::as_str)
}

/// The time zone names read as Japan time: the IANA names and Windows' name, and any
/// `VTIMEZONE` of the file that is always nine hours ahead of UTC (no daylight saving).
fn japan_zones(calendar: &IcalCalendar) -> Vec<String> {
    let mut zones: Vec<String> =
        ["Asia/Tokyo", "Japan", "Tokyo Standard Time"].map(String::from).to_vec();
    for zone in &calendar.timezones {
        let offsets: Vec<&str> = zone
            .transitions
            .iter()
            .flat_map(|t| &t.properties)
            .filter(|p| p.name.eq_ignore_ascii_case("TZOFFSETTO"))
            .filter_map(|p| p.value.as_deref())
            .collect();
        let id = zone.properties.iter().find(|p| p.name.eq_ignore_ascii_case("TZID"));
        if let Some(id) = id.and_then(|p| p.value.clone()) {
            if !offsets.is_empty() && offsets.iter().all(|o| o.trim() == "+0900") {
                zones.push(id);
            }
        }
    }
    zones
}

/// One DATE-TIME value in UTC (`Z`), in Japan time (a `TZID` of `zones`) or floating (read
/// as Japan time, where every session is). A DATE is an all-day value.
fn instant_value(value: &str, tzid: Option<&str>, zones: &[String]) -> Result<i64, &'static str> {
    let value = value.trim();
    if NaiveDate::parse_from_str(value, "%Y%m%d").is_ok() {
        return Err("ics_all_day");
    }
    if let Some(utc) = value.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .map(|t| t.and_utc().timestamp())
            .map_err(|_| "ics_time");
    }
    if tzid.is_some_and(|id| !zones.iter().any(|z| z == id)) {
        return Err("ics_timezone");
    }
    let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| "ics_time")?;
    JAPAN.from_local_datetime(&local).single().map(|t| t.timestamp()).ok_or("ics_time")
}

/// A DATE-TIME property (`DTSTART`, `DTEND`, `RECURRENCE-ID`).
fn instant(p: &ical::property::Property, zones: &[String]) -> Result<i64, &'static str> {
    if param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE")) {
        return Err("ics_all_day");
    }
    instant_value(p.value.as_deref().unwrap_or(""), param(p, "TZID"), zones)
}

/// The `EXDATE`s of an event: exact starts, or days when written as dates.
fn excluded(event: &IcalEvent, zones: &[String]) -> Result<Vec<Excluded>, &'static str> {
    let mut list = Vec::new();
    for p in event.properties.iter().filter(|p| p.name.eq_ignore_ascii_case("EXDATE")) {
        for value in p.value.as_deref().unwrap_or("").split(',') {
            list.push(match instant_value(value, param(p, "TZID"), zones) {
                Ok(at) => Excluded::At(at),
                Err("ics_all_day") => Excluded::Day(
                    NaiveDate::parse_from_str(value.trim(), "%Y%m%d").map_err(|_| "ics_time")?,
                ),
                Err(code) => return Err(code),
            });
        }
    }
    Ok(list)
}

/// `PT2H`, `PT1H30M`, `PT90M`: the durations schedules use, up to a day (anything longer,
/// or a number too large to count, is not a session's length).
fn duration_seconds(value: &str) -> Option<i64> {
    let rest = value.trim().strip_prefix("PT")?;
    let (mut total, mut number) = (0i64, String::new());
    for c in rest.chars() {
        match c {
            '0'..='9' => number.push(c),
            'H' | 'M' | 'S' => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit = match c {
                    'H' => 3600,
                    'M' => 60,
                    _ => 1,
                };
                total = total.checked_add(n.checked_mul(unit)?)?;
            }
            _ => return None,
        }
    }
    (number.is_empty() && (1..=86_400).contains(&total)).then_some(total)
}

/// Reads a whole file; either every event, or every problem found. A repeating event is
/// expanded into its occurrences on the days from `today` to the end of the scheduling
/// window. An override (`RECURRENCE-ID`) replaces the occurrence it names; it is read while
/// that occurrence is to come, as planned or as moved.
pub fn parse(content: &str, today: NaiveDate) -> Result<Parsed, Vec<Problem>> {
    let lines: Vec<&str> = content.lines().collect();
    let starts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.trim().eq_ignore_ascii_case("BEGIN:VEVENT"))
        .map(|(i, _)| i + 1)
        .collect();
    // The line of a property inside the n-th event, for messages.
    let line_of = |n: usize, name: &str| -> usize {
        let start = starts.get(n).copied().unwrap_or(1);
        let end = starts.get(n + 1).copied().unwrap_or(lines.len() + 1);
        (start..end)
            .find(|i| lines.get(i - 1).is_some_and(|l| l.to_ascii_uppercase().starts_with(name)))
            .unwrap_or(start)
    };
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(content.as_bytes()));
    let calendar = match calendars.next() {
        Some(Ok(c)) => c,
        Some(Err(e)) => {
            let text = e.to_string();
            let line = text
                .split(|c: char| !c.is_ascii_digit())
                .find(|s| !s.is_empty())
                .and_then(|n| n.parse().ok())
                .unwrap_or(1);
            return Err(vec![Problem { line, code: "ics_syntax" }]);
        }
        None => return Err(vec![Problem { line: 1, code: "ics_empty" }]),
    };
    if calendar.events.is_empty() {
        return Err(vec![Problem { line: 1, code: "ics_empty" }]);
    }
    let zones = japan_zones(&calendar);
    let last_day = today + Duration::days(super::input::MAX_DAYS_AWAY);
    let mut problems = Vec::new();
    // Single events and overrides; the occurrences of series; what each VEVENT names (its
    // UID, or for an override the occurrence's), which must be unique.
    let (mut events, mut occurrences, mut names) = (Vec::new(), Vec::new(), Vec::new());
    let mut series = Vec::new();
    for (n, event) in calendar.events.iter().enumerate() {
        let line = starts.get(n).copied().unwrap_or(1);
        let text = |name: &str| {
            property(event, name)
                .and_then(|p| p.value.as_deref())
                .map(unescape)
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let uid = text("UID");
        if uid.is_empty() {
            problems.push(Problem { line, code: "ics_no_uid" });
        }
        let title = text("SUMMARY");
        if title.is_empty() {
            problems.push(Problem { line, code: "ics_no_summary" });
        } else if title.chars().count() > 100 {
            problems.push(Problem { line: line_of(n, "SUMMARY"), code: "ics_summary_long" });
        }
        let start = match property(event, "DTSTART").map(|p| instant(p, &zones)) {
            Some(Ok(t)) => Some(t),
            Some(Err(code)) => {
                problems.push(Problem { line: line_of(n, "DTSTART"), code });
                None
            }
            None => {
                problems.push(Problem { line, code: "ics_no_start" });
                None
            }
        };
        let end = match (property(event, "DTEND"), property(event, "DURATION")) {
            (Some(p), _) => match instant(p, &zones) {
                Ok(t) => Some(t),
                Err(code) => {
                    problems.push(Problem { line: line_of(n, "DTEND"), code });
                    None
                }
            },
            (None, Some(d)) => match (start, d.value.as_deref().and_then(duration_seconds)) {
                (Some(s), Some(seconds)) => s.checked_add(seconds),
                (_, None) => {
                    problems.push(Problem { line: line_of(n, "DURATION"), code: "ics_time" });
                    None
                }
                (None, Some(_)) => None,
            },
            (None, None) => {
                problems.push(Problem { line, code: "ics_no_end" });
                None
            }
        };
        if let (Some(s), Some(e)) = (start, end) {
            if e <= s {
                problems.push(Problem { line: line_of(n, "DTEND"), code: "ics_end_before_start" });
            } else if e - s > MAX_LENGTH {
                problems.push(Problem { line: line_of(n, "DTEND"), code: "ics_too_long" });
            }
        }
        let location = text("LOCATION");
        if location.is_empty() {
            problems.push(Problem { line, code: "ics_no_location" });
        }
        // Recurrence: one RRULE at most, no RDATE or EXRULE, no "this and future" override.
        let rules: Vec<&str> = event
            .properties
            .iter()
            .filter(|p| p.name.eq_ignore_ascii_case("RRULE"))
            .map(|p| p.value.as_deref().unwrap_or(""))
            .collect();
        let overrides = property(event, "RECURRENCE-ID");
        for name in ["RRULE", "RDATE", "EXRULE", "RECURRENCE-ID"] {
            let unsupported = match name {
                "RRULE" => rules.len() > 1 || (!rules.is_empty() && overrides.is_some()),
                "RECURRENCE-ID" => overrides.and_then(|p| param(p, "RANGE")).is_some(),
                _ => property(event, name).is_some(),
            };
            if unsupported {
                problems.push(Problem { line: line_of(n, name), code: "ics_rrule_unsupported" });
            }
        }
        let planned = match overrides.map(|p| instant(p, &zones)) {
            Some(Ok(t)) => Some(t),
            Some(Err(code)) => {
                problems.push(Problem { line: line_of(n, "RECURRENCE-ID"), code });
                None
            }
            None => None,
        };
        // An override's occurrence UID: what it names, and the UID of what it makes.
        let occurrence = planned.map(|t| recurrence::occurrence_uid(&uid, t));
        names.push((occurrence.clone().unwrap_or_else(|| uid.clone()), line));
        let description = text("DESCRIPTION");
        if description.chars().count() > MAX_DESCRIPTION {
            problems
                .push(Problem { line: line_of(n, "DESCRIPTION"), code: "ics_description_long" });
        }
        let (Some(starts_at), Some(ends_at)) = (start, end) else { continue };
        let read = ImportedEvent {
            uid,
            title,
            description,
            location,
            starts_at,
            ends_at,
            cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
            line,
            series: None,
        };
        match (rules.first(), planned) {
            (Some(_), None) if day_in_japan(starts_at) < today - Duration::days(MAX_SERIES_AGE) => {
                problems.push(Problem { line: line_of(n, "DTSTART"), code: "ics_series_old" });
            }
            (Some(rule), None) => {
                series.push(read.uid.clone());
                let starts = excluded(event, &zones)
                    .map_err(|code| Problem { line: line_of(n, "EXDATE"), code })
                    .and_then(|x| {
                        recurrence::expand(rule, starts_at, &x, today, last_day)
                            .map_err(|code| Problem { line: line_of(n, "RRULE"), code })
                    });
                match starts {
                    Ok(starts) => occurrences.extend(starts.into_iter().map(|t| ImportedEvent {
                        uid: recurrence::occurrence_uid(&read.uid, t),
                        starts_at: t,
                        ends_at: t + (ends_at - starts_at),
                        series: Some(read.uid.clone()),
                        ..read.clone()
                    })),
                    Err(problem) => problems.push(problem),
                }
            }
            // An override is read while its occurrence is to come, as planned or as moved.
            (_, Some(planned)) if day_in_japan(planned.max(ends_at)) >= today => {
                events.push(ImportedEvent {
                    uid: occurrence.unwrap_or_default(),
                    series: Some(read.uid.clone()),
                    ..read
                })
            }
            (_, Some(_)) => {}
            (None, None) => events.push(read),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (name, line) in names {
        if !name.is_empty() && !seen.insert(name) {
            problems.push(Problem { line, code: "ics_duplicate_uid" });
        }
    }
    // An occurrence with an override is replaced by it.
    let replaced: std::collections::HashSet<String> =
        events.iter().filter(|e| e.series.is_some()).map(|e| e.uid.clone()).collect();
    events.extend(occurrences.into_iter().filter(|o| !replaced.contains(&o.uid)));
    if events.len() > MAX_EVENTS {
        problems.push(Problem { line: 1, code: "ics_too_many" });
    }
    if problems.is_empty() {
        events.sort_by_key(|e| e.starts_at);
        Ok(Parsed { events, series })
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The day the files below are read on.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 5, 1).unwrap()
    }

    const GOOD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tokyo//EN\r\n\
BEGIN:VEVENT\r\nUID:tokyo-1@example.jp\r\nDTSTAMP:20250501T000000Z\r\n\
DTSTART;TZID=Asia/Tokyo:20250612T140000\r\nDTEND;TZID=Asia/Tokyo:20250612T160000\r\n\
SUMMARY:スマホ体験会\\, 初級\r\nLOCATION:東大和市役所\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:tokyo-2@example.jp\r\nDTSTAMP:20250501T000000Z\r\n\
DTSTART:20250619T050000Z\r\nDURATION:PT1H30M\r\nSUMMARY:LINE講座\r\n\
LOCATION:中央公民館\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn reads_japan_time_utc_and_durations() {
        let events = parse(GOOD, today()).unwrap().events;
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].title, "スマホ体験会, 初級");
        assert_eq!(events[0].starts_at, 1_749_704_400);
        assert_eq!(events[0].ends_at - events[0].starts_at, 7200);
        assert_eq!(events[1].starts_at, 1_750_309_200);
        assert_eq!(events[1].ends_at - events[1].starts_at, 5400);
        assert!(events[1].cancelled && !events[0].cancelled);
        assert_eq!(events[1].line, 12);
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let bad = GOOD
            .replace("UID:tokyo-2@example.jp\r\n", "")
            .replace(
                "DTEND;TZID=Asia/Tokyo:20250612T160000",
                "DTEND;TZID=Asia/Tokyo:20250612T130000",
            )
            .replace("LOCATION:中央公民館\r\n", "");
        let problems = parse(&bad, today()).unwrap_err();
        assert!(
            problems.contains(&Problem { line: 8, code: "ics_end_before_start" }),
            "{problems:?}"
        );
        assert!(problems.contains(&Problem { line: 12, code: "ics_no_uid" }), "{problems:?}");
        assert!(problems.contains(&Problem { line: 12, code: "ics_no_location" }), "{problems:?}");
        let all_day =
            GOOD.replace("DTSTART;TZID=Asia/Tokyo:20250612T140000", "DTSTART;VALUE=DATE:20250612");
        assert_eq!(
            parse(&all_day, today()).unwrap_err()[0],
            Problem { line: 7, code: "ics_all_day" }
        );
        assert_eq!(parse("hello", today()).unwrap_err()[0].code, "ics_syntax");
        assert!(parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis is not ical\r\n", today()).is_err());
    }

    /// A file in a Windows-style named time zone (declared by its VTIMEZONE as +09:00) with
    /// a weekly series (one EXDATE), an override moving one occurrence, and a single event.
    const SERIES: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//JA\r\n\
BEGIN:VTIMEZONE\r\nTZID:東京\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n\
TZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:weekly@partner.jp\r\nDTSTAMP:20250401T000000Z\r\n\
DTSTART;TZID=東京:20250508T140000\r\nDTEND;TZID=東京:20250508T153000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=TH;COUNT=5\r\nEXDATE;TZID=東京:20250515T140000\r\n\
SUMMARY:スマホ相談会\r\nLOCATION:中央公民館\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly@partner.jp\r\nDTSTAMP:20250401T000000Z\r\n\
RECURRENCE-ID;TZID=東京:20250522T140000\r\n\
DTSTART;TZID=東京:20250523T100000\r\nDTEND;TZID=東京:20250523T113000\r\n\
SUMMARY:スマホ相談会（振替）\r\nLOCATION:中央公民館\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:once@partner.jp\r\nDTSTAMP:20250401T000000Z\r\n\
DTSTART:20250510T010000Z\r\nDURATION:PT1H\r\nSUMMARY:LINE講座\r\n\
LOCATION:市役所\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    fn japan(e: &ImportedEvent) -> String {
        chrono::DateTime::from_timestamp(e.starts_at, 0)
            .unwrap()
            .with_timezone(&JAPAN)
            .format("%m-%d %H:%M")
            .to_string()
    }

    #[test]
    fn a_series_becomes_one_event_per_occurrence_with_overrides_and_exdates() {
        let parsed = parse(SERIES, today()).unwrap();
        assert_eq!(parsed.series, ["weekly@partner.jp"]);
        let events = parsed.events;
        let seen: Vec<(String, String, Option<&str>)> =
            events.iter().map(|e| (japan(e), e.uid.clone(), e.series.as_deref())).collect();
        let series = Some("weekly@partner.jp");
        assert_eq!(
            seen,
            [
                ("05-08 14:00".into(), "weekly@partner.jp#20250508".into(), series),
                ("05-10 10:00".into(), "once@partner.jp".into(), None),
                ("05-23 10:00".into(), "weekly@partner.jp#20250522".into(), series),
                ("05-29 14:00".into(), "weekly@partner.jp#20250529".into(), series),
                ("06-05 14:00".into(), "weekly@partner.jp#20250605".into(), series),
            ]
        );
        assert_eq!(events[2].title, "スマホ相談会（振替）");
        assert!(events.iter().all(|e| e.ends_at - e.starts_at == 5400 || e.series.is_none()));
        // Read again the next week: past occurrences are not expanded, the identities stay
        // (a single event is read as it is, past or not).
        // The day after it was planned, the occurrence moved to 05-23 is still read.
        let moved = parse(SERIES, NaiveDate::from_ymd_opt(2025, 5, 23).unwrap()).unwrap();
        assert!(moved.events.iter().any(|e| e.uid == "weekly@partner.jp#20250522"));
        let later = parse(SERIES, NaiveDate::from_ymd_opt(2025, 5, 24).unwrap()).unwrap().events;
        let uids: Vec<&str> = later.iter().map(|e| e.uid.as_str()).collect();
        assert_eq!(
            uids,
            ["once@partner.jp", "weekly@partner.jp#20250529", "weekly@partner.jp#20250605"]
        );
    }

    #[test]
    fn refuses_recurrences_it_does_not_read_with_their_lines() {
        let rdate =
            SERIES.replace("EXDATE;TZID=東京:20250515T140000", "RDATE;TZID=東京:20250516T140000");
        assert_eq!(
            parse(&rdate, today()).unwrap_err(),
            [Problem { line: 19, code: "ics_rrule_unsupported" }]
        );
        let hourly = SERIES.replace("FREQ=WEEKLY;BYDAY=TH;COUNT=5", "FREQ=HOURLY;COUNT=5");
        assert_eq!(
            parse(&hourly, today()).unwrap_err(),
            [Problem { line: 18, code: "ics_rrule_unsupported" }]
        );
        let nonsense = SERIES.replace("FREQ=WEEKLY;BYDAY=TH;COUNT=5", "FREQ=WEEKLY;BYDAY=XX");
        assert_eq!(parse(&nonsense, today()).unwrap_err()[0].code, "ics_rrule");
        // Another zone than Japan's, named by its own VTIMEZONE, is refused.
        let paris = SERIES.replace("TZOFFSETTO:+0900", "TZOFFSETTO:+0100");
        assert_eq!(parse(&paris, today()).unwrap_err()[0].code, "ics_timezone");
        // The same occurrence overridden twice.
        let twice = SERIES.replace(
            "BEGIN:VEVENT\r\nUID:once@partner.jp",
            "BEGIN:VEVENT\r\nUID:weekly@partner.jp\r\nRECURRENCE-ID;TZID=東京:20250522T140000\r\n\
DTSTART;TZID=東京:20250524T100000\r\nDTEND;TZID=東京:20250524T110000\r\nSUMMARY:x\r\n\
LOCATION:y\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:once@partner.jp",
        );
        assert!(
            parse(&twice, today()).unwrap_err().iter().any(|p| p.code == "ics_duplicate_uid"),
            "{:?}",
            parse(&twice, today())
        );
        // A series from long ago, a description too long to copy to every occurrence, a
        // session longer than a day.
        let old = SERIES
            .replace("DTSTART;TZID=東京:20250508T140000", "DTSTART;TZID=東京:00010508T140000");
        assert!(parse(&old, today()).unwrap_err().iter().any(|p| p.code == "ics_series_old"));
        let long = SERIES.replace(
            "SUMMARY:LINE講座",
            &format!("SUMMARY:LINE講座\r\nDESCRIPTION:{}", "あ".repeat(2001)),
        );
        assert!(parse(&long, today())
            .unwrap_err()
            .iter()
            .any(|p| p.code == "ics_description_long"));
        let days =
            SERIES.replace("DTEND;TZID=東京:20250508T153000", "DTEND;TZID=東京:20250509T153000");
        assert_eq!(parse(&days, today()).unwrap_err()[0].code, "ics_too_long");
        // A file holding only an override names no series to complete.
        let start = SERIES.find("BEGIN:VEVENT").unwrap();
        let end = start + SERIES[start..].find("END:VEVENT\r\n").unwrap() + 12;
        let alone = parse(&format!("{}{}", &SERIES[..start], &SERIES[end..]), today()).unwrap();
        assert!(alone.series.is_empty());
        assert!(alone.events.iter().any(|e| e.uid == "weekly@partner.jp#20250522"));
        // A repeating all-day event stays refused.
        let all_day = SERIES
            .replace("DTSTART;TZID=東京:20250508T140000", "DTSTART;VALUE=DATE:20250508")
            .replace("DTEND;TZID=東京:20250508T153000", "DTEND;VALUE=DATE:20250509");
        assert_eq!(parse(&all_day, today()).unwrap_err()[0].code, "ics_all_day");
    }
}
