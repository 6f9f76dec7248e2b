//! Reading a partner's .ics file (for example Tokyo's published schedule) with the `ical`
//! parser. A file with any problem is refused whole, each problem with its line number.

use crate::domain::JAPAN;
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use ical::parser::ical::component::IcalEvent;

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
}

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

/// A DATE-TIME in UTC (`Z`), in Japan time (`TZID=Asia/Tokyo`) or floating (read as Japan
/// time, where every session is).
fn instant(p: &ical::property::Property) -> Result<i64, &'static str> {
    let value = p.value.as_deref().unwrap_or("").trim();
    if param(p, "VALUE").is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || NaiveDate::parse_from_str(value, "%Y%m%d").is_ok()
    {
        return Err("ics_all_day");
    }
    if let Some(utc) = value.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .map(|t| t.and_utc().timestamp())
            .map_err(|_| "ics_time");
    }
    match param(p, "TZID") {
        None | Some("Asia/Tokyo") | Some("Tokyo Standard Time") => {}
        Some(_) => return Err("ics_timezone"),
    }
    let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| "ics_time")?;
    JAPAN.from_local_datetime(&local).single().map(|t| t.timestamp()).ok_or("ics_time")
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

/// Reads a whole file; either every event, or every problem found.
pub fn parse(content: &str) -> Result<Vec<ImportedEvent>, Vec<Problem>> {
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
    let mut problems = Vec::new();
    let mut events = Vec::new();
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
        let start = match property(event, "DTSTART").map(instant) {
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
            (Some(p), _) => match instant(p) {
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
            }
        }
        let location = text("LOCATION");
        if location.is_empty() {
            problems.push(Problem { line, code: "ics_no_location" });
        }
        if let (Some(starts_at), Some(ends_at)) = (start, end) {
            events.push(ImportedEvent {
                uid,
                title,
                description: text("DESCRIPTION"),
                location,
                starts_at,
                ends_at,
                cancelled: text("STATUS").eq_ignore_ascii_case("CANCELLED"),
                line,
            });
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in &events {
        if !e.uid.is_empty() && !seen.insert(e.uid.clone()) {
            problems.push(Problem { line: e.line, code: "ics_duplicate_uid" });
        }
    }
    if problems.is_empty() {
        Ok(events)
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tokyo//EN\r\n\
BEGIN:VEVENT\r\nUID:tokyo-1@example.jp\r\nDTSTAMP:20250501T000000Z\r\n\
DTSTART;TZID=Asia/Tokyo:20250612T140000\r\nDTEND;TZID=Asia/Tokyo:20250612T160000\r\n\
SUMMARY:スマホ体験会\\, 初級\r\nLOCATION:東大和市役所\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:tokyo-2@example.jp\r\nDTSTAMP:20250501T000000Z\r\n\
DTSTART:20250619T050000Z\r\nDURATION:PT1H30M\r\nSUMMARY:LINE講座\r\n\
LOCATION:中央公民館\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    #[test]
    fn reads_japan_time_utc_and_durations() {
        let events = parse(GOOD).unwrap();
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
        let problems = parse(&bad).unwrap_err();
        assert!(
            problems.contains(&Problem { line: 8, code: "ics_end_before_start" }),
            "{problems:?}"
        );
        assert!(problems.contains(&Problem { line: 12, code: "ics_no_uid" }), "{problems:?}");
        assert!(problems.contains(&Problem { line: 12, code: "ics_no_location" }), "{problems:?}");
        let all_day =
            GOOD.replace("DTSTART;TZID=Asia/Tokyo:20250612T140000", "DTSTART;VALUE=DATE:20250612");
        assert_eq!(parse(&all_day).unwrap_err()[0], Problem { line: 7, code: "ics_all_day" });
        assert_eq!(parse("hello").unwrap_err()[0].code, "ics_syntax");
        assert!(parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nthis is not ical\r\n").is_err());
    }
}
