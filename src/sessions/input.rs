//! Reading the session form: every field checked, each problem reported beside its field,
//! and what was typed kept for the page (see `ui::form`).

use super::Level;
use crate::db::Db;
use crate::domain::JAPAN;
use crate::i18n::ErrorCode;
use crate::ui::form::{Feedback, Fields};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Weekday};

/// A session as typed, after checking.
#[derive(Debug, Clone)]
pub struct SessionInput {
    pub title: String,
    /// The title's reading (ふりがな) for the public pages; may be empty.
    pub title_reading: String,
    pub level: Level,
    pub host_partner_id: i64,
    pub cohost_ids: Vec<i64>,
    pub venue_id: i64,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub capacity: i64,
    pub walkin_seats: i64,
    pub loaner_iphone: i64,
    pub loaner_android: i64,
    pub what_to_bring: String,
    pub description: String,
    pub volunteer_notes: String,
    pub topic_ids: Vec<i64>,
}

/// How a new session repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeat {
    Once,
    Weekly(u32),
    Monthly(u32),
}

/// Farthest a session may be scheduled from today, either way.
pub const MAX_DAYS_AWAY: i64 = 2 * 366;
const MAX_TEXT: usize = 2000;

fn number(
    fields: &Fields,
    feedback: &mut Feedback,
    name: &str,
    default: i64,
    max: i64,
    code: ErrorCode,
) -> i64 {
    let text = fields.one(name);
    if text.is_empty() {
        return default;
    }
    // Full-width digits are common in Japanese input.
    let folded: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .collect();
    match folded.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => n,
        _ => {
            feedback.error(name, code);
            default
        }
    }
}

fn text(fields: &Fields, feedback: &mut Feedback, name: &str, max: usize) -> String {
    let value = fields.one(name).to_string();
    if value.chars().count() > max {
        feedback.error(name, ErrorCode::TextTooLong);
    }
    value
}

fn id(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|n| *n > 0)
}

/// Checks everything that needs no database; `today` is in Japan time.
pub fn parse(fields: &Fields, feedback: &mut Feedback, today: NaiveDate) -> Option<SessionInput> {
    let title = fields.one("title").to_string();
    if title.is_empty() {
        feedback.error("title", ErrorCode::Required);
    } else if title.chars().count() > 100 {
        feedback.error("title", ErrorCode::TooLong);
    }
    let level = Level::from_code(fields.one("level"));
    if level.is_none() {
        feedback.error("level", ErrorCode::ChoiceRequired);
    }
    let host = id(fields.one("host_partner_id"));
    if host.is_none() {
        feedback.error("host_partner_id", ErrorCode::ChoiceRequired);
    }
    let venue = id(fields.one("venue_id"));
    if venue.is_none() {
        feedback.error("venue_id", ErrorCode::ChoiceRequired);
    }
    let date = NaiveDate::parse_from_str(fields.one("date"), "%Y-%m-%d").ok();
    match date {
        None => feedback.error("date", ErrorCode::DateInvalid),
        Some(d) if (d - today).num_days().abs() > MAX_DAYS_AWAY => {
            feedback.error("date", ErrorCode::DateTooFar)
        }
        Some(_) => {}
    }
    let start = NaiveTime::parse_from_str(fields.one("start_time"), "%H:%M").ok();
    if start.is_none() {
        feedback.error("start_time", ErrorCode::TimeInvalid);
    }
    let end = NaiveTime::parse_from_str(fields.one("end_time"), "%H:%M").ok();
    match (start, end) {
        (_, None) => feedback.error("end_time", ErrorCode::TimeInvalid),
        (Some(s), Some(e)) if e <= s => feedback.error("end_time", ErrorCode::EndBeforeStart),
        _ => {}
    }
    let capacity = number(fields, feedback, "capacity", 0, 500, ErrorCode::CapacityInvalid);
    if fields.one("capacity").is_empty() || capacity == 0 {
        feedback.error("capacity", ErrorCode::CapacityInvalid);
    }
    let walkin_seats = number(fields, feedback, "walkin_seats", 0, 500, ErrorCode::WalkinInvalid);
    if walkin_seats > capacity {
        feedback.error("walkin_seats", ErrorCode::WalkinInvalid);
    }
    let loaner_iphone =
        number(fields, feedback, "loaner_iphone", 0, 100, ErrorCode::LoanersInvalid);
    let loaner_android =
        number(fields, feedback, "loaner_android", 0, 100, ErrorCode::LoanersInvalid);
    let what_to_bring = text(fields, feedback, "what_to_bring", MAX_TEXT);
    let description = text(fields, feedback, "description", MAX_TEXT);
    let volunteer_notes = text(fields, feedback, "volunteer_notes", MAX_TEXT);
    let topic_ids: Vec<i64> = fields.all("topic").into_iter().filter_map(id).collect();
    if topic_ids.is_empty() {
        feedback.error("topic", ErrorCode::TopicsRequired);
    }
    let cohost_ids: Vec<i64> =
        fields.all("cohost").into_iter().filter_map(id).filter(|c| Some(*c) != host).collect();
    if feedback.has_errors() {
        return None;
    }
    let title_reading = text(fields, feedback, "title_reading", 100);
    Some(SessionInput {
        title,
        title_reading,
        level: level?,
        host_partner_id: host?,
        cohost_ids,
        venue_id: venue?,
        date: date?,
        start: start?,
        end: end?,
        capacity,
        walkin_seats,
        loaner_iphone,
        loaner_android,
        what_to_bring,
        description,
        volunteer_notes,
        topic_ids,
    })
}

/// Checks the references against the database: partners, venue, topics exist, and loaner
/// phones only where Tokyo hosts or co-hosts.
pub async fn check_references(
    db: &Db,
    input: &SessionInput,
    feedback: &mut Feedback,
) -> sqlx::Result<()> {
    let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM partners WHERE id = $1")
        .bind(input.host_partner_id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(kind) = kind else {
        feedback.error("host_partner_id", ErrorCode::PartnerInvalid);
        return Ok(());
    };
    let mut tokyo = kind == "tokyo";
    for cohost in &input.cohost_ids {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM partners WHERE id = $1")
            .bind(cohost)
            .fetch_optional(&db.pool)
            .await?;
        match kind {
            None => feedback.error("cohost", ErrorCode::PartnerInvalid),
            Some(k) => tokyo |= k == "tokyo",
        }
    }
    let venue: Option<i64> = sqlx::query_scalar("SELECT id FROM venues WHERE id = $1")
        .bind(input.venue_id)
        .fetch_optional(&db.pool)
        .await?;
    if venue.is_none() {
        feedback.error("venue_id", ErrorCode::VenueInvalid);
    }
    for topic in &input.topic_ids {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM topics WHERE id = $1")
            .bind(topic)
            .fetch_optional(&db.pool)
            .await?;
        if found.is_none() {
            feedback.error("topic", ErrorCode::TopicsRequired);
            break;
        }
    }
    if !tokyo && input.loaner_iphone + input.loaner_android > 0 {
        feedback.error("loaner_iphone", ErrorCode::LoanersNotTokyo);
    }
    Ok(())
}

pub fn parse_repeat(fields: &Fields, feedback: &mut Feedback) -> Repeat {
    let count = || -> Option<u32> {
        fields.one("repeat_count").parse::<u32>().ok().filter(|n| (2..=52).contains(n))
    };
    match fields.one("repeat") {
        "" | "once" => Repeat::Once,
        "weekly" | "monthly" => match count() {
            Some(n) if fields.one("repeat") == "weekly" => Repeat::Weekly(n),
            Some(n) => Repeat::Monthly(n),
            None => {
                feedback.error("repeat_count", ErrorCode::RepeatCountInvalid);
                Repeat::Once
            }
        },
        _ => {
            feedback.error("repeat", ErrorCode::ChoiceRequired);
            Repeat::Once
        }
    }
}

/// The dates of a series: weekly adds seven days; monthly keeps the weekday and its place in
/// the month (the 2nd Thursday), using the last such weekday when a month has no 5th.
pub fn occurrences(first: NaiveDate, repeat: Repeat) -> Vec<NaiveDate> {
    match repeat {
        Repeat::Once => vec![first],
        Repeat::Weekly(n) => (0..n).map(|i| first + Duration::weeks(i64::from(i))).collect(),
        Repeat::Monthly(n) => {
            let nth = (first.day() - 1) / 7 + 1;
            let weekday = first.weekday();
            (0..n)
                .filter_map(|i| {
                    let months = first.month0() + i;
                    let year = first.year() + (months / 12) as i32;
                    let month = months % 12 + 1;
                    nth_weekday(year, month, weekday, nth)
                })
                .collect()
        }
    }
}

fn nth_weekday(year: i32, month: u32, weekday: Weekday, nth: u32) -> Option<NaiveDate> {
    NaiveDate::from_weekday_of_month_opt(year, month, weekday, nth as u8)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, weekday, 4))
}

/// Unix seconds of a Japan-time date and time.
pub fn instant(date: NaiveDate, time: NaiveTime) -> Option<i64> {
    JAPAN.from_local_datetime(&date.and_time(time)).single().map(|t| t.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn series_dates() {
        assert_eq!(
            occurrences(d(2025, 6, 12), Repeat::Weekly(3)),
            vec![d(2025, 6, 12), d(2025, 6, 19), d(2025, 6, 26)]
        );
        // 2025-06-12 is the 2nd Thursday; so are 7/10, 8/14, and, across the year end, 2026-01-08.
        let monthly = occurrences(d(2025, 6, 12), Repeat::Monthly(8));
        assert_eq!(monthly[1], d(2025, 7, 10));
        assert_eq!(monthly[2], d(2025, 8, 14));
        assert_eq!(monthly[7], d(2026, 1, 8));
        // A 5th Friday falls back to the last Friday where a month has only four.
        let fifth = occurrences(d(2025, 5, 30), Repeat::Monthly(2));
        assert_eq!(fifth[1], d(2025, 6, 27));
    }

    #[test]
    fn japan_time_instants() {
        let t = instant(d(2025, 6, 12), NaiveTime::from_hms_opt(14, 0, 0).unwrap()).unwrap();
        assert_eq!(t, 1_749_704_400); // 2025-06-12T05:00:00Z
    }

    #[test]
    fn form_errors_are_reported_per_field() {
        let fields = Fields(
            [
                ("title", ""),
                ("level", "expert"),
                ("date", "2031-01-01"),
                ("start_time", "15:00"),
                ("end_time", "14:00"),
                ("capacity", "２０"),
                ("walkin_seats", "30"),
            ]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        );
        let mut feedback = Feedback::new();
        assert!(parse(&fields, &mut feedback, d(2026, 11, 24)).is_none());
        let codes = feedback.errors();
        for expected in [
            ("title", "required"),
            ("level", "choice_required"),
            ("host_partner_id", "choice_required"),
            ("date", "date_too_far"),
            ("end_time", "end_before_start"),
            ("walkin_seats", "walkin_invalid"),
            ("topic", "topics_required"),
        ] {
            assert!(
                codes.contains(&(expected.0.to_string(), expected.1.to_string())),
                "{expected:?} in {codes:?}"
            );
        }
        assert!(!codes.iter().any(|(f, _)| f == "capacity"), "full-width ２０ is a number");
    }
}
