//! iCalendar (RFC 5545) output of sessions: a stable UID per session, DTSTAMP, times in UTC,
//! SEQUENCE raised on every change, STATUS:CANCELLED, LOCATION from the venue.

use crate::db::{now, Conditions, Db, Value};
use ical::generator::{Emitter, IcalCalendarBuilder};
use ical::ical_property;
use ical::parser::ical::component::IcalEvent;
use ical::property::Property;

/// One session as a feed shows it; no personal data.
#[derive(sqlx::FromRow)]
pub struct FeedRow {
    pub uid: String,
    pub sequence: i64,
    pub updated_at: i64,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub venue_name: String,
    pub venue_address: String,
    pub description: String,
    pub what_to_bring: String,
    pub volunteer_notes: String,
}

/// Which sessions a feed lists.
pub enum FeedScope {
    /// Every session: the public feed and city users' private feeds.
    All,
    /// Sessions a partner hosts or co-hosts.
    Partner(i64),
    /// One session, attached to a confirmation email.
    Session(i64),
    /// The sessions a volunteer is assigned to.
    Assigned(i64),
}

/// Sessions from a year ago on, cancelled ones included so calendars drop them.
pub async fn rows(db: &Db, scope: FeedScope) -> sqlx::Result<Vec<FeedRow>> {
    let mut c = Conditions::default();
    match scope {
        FeedScope::Session(id) => c.add("s.id = ?", Value::Number(id)),
        FeedScope::Assigned(user) => {
            c.add("s.starts_at >= ?", Value::Number(now() - 366 * 86_400));
            c.add(
                "EXISTS (SELECT 1 FROM session_assignments a WHERE a.session_id = s.id \
                 AND a.user_id = ?)",
                Value::Number(user),
            );
        }
        FeedScope::All | FeedScope::Partner(_) => {
            c.add("s.starts_at >= ?", Value::Number(now() - 366 * 86_400))
        }
    }
    if let FeedScope::Partner(p) = scope {
        c.add(
            "(s.host_partner_id = ? OR EXISTS (SELECT 1 FROM session_cohosts sc \
             WHERE sc.session_id = s.id AND sc.partner_id = ? AND sc.approved_at IS NOT NULL))",
            Value::Number(p),
        );
    }
    let sql = format!(
        "SELECT s.uid, s.sequence, s.updated_at, s.title, s.starts_at, s.ends_at, s.status, \
                v.name AS venue_name, v.address AS venue_address, s.description, s.what_to_bring, \
                s.volunteer_notes \
         FROM sessions s JOIN venues v ON v.id = s.venue_id{} ORDER BY s.starts_at, s.id",
        c.where_clause()
    );
    c.bind(sqlx::query_as(sqlx::AssertSqlSafe(sql))).fetch_all(&db.pool).await
}

/// One session as a calendar file, for a confirmation email.
pub async fn session_calendar(db: &Db, id: i64) -> sqlx::Result<Option<String>> {
    let rows = rows(db, FeedScope::Session(id)).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(calendar(&calendar_name(db).await?, &rows, false)))
}

/// The public calendar's name: the city's, from its settings.
pub async fn calendar_name(db: &Db) -> sqlx::Result<String> {
    let mut conn = db.pool.acquire().await?;
    let city = crate::city::store::read(&mut conn).await?;
    Ok(format!("{} スマートフォン体験会", city.name))
}

/// A TEXT value escaped as RFC 5545 §3.3.11 asks; line breaks (CRLF, CR or LF) become `\n`,
/// a tab a space, and other control characters (which the RFC does not allow) are dropped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn utc(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .unwrap_or_default()
        .format("%Y%m%dT%H%M%SZ")
        .to_string()
}

fn event(row: &FeedRow, with_volunteer_notes: bool, stamp: i64) -> IcalEvent {
    let mut description = row.description.clone();
    if !row.what_to_bring.is_empty() {
        description.push_str(&format!("\n持ち物：{}", row.what_to_bring));
    }
    if with_volunteer_notes && !row.volunteer_notes.is_empty() {
        description.push_str(&format!("\nボランティアへの連絡：{}", row.volunteer_notes));
    }
    let status = if row.status == "cancelled" { "CANCELLED" } else { "CONFIRMED" };
    let properties: Vec<Property> = vec![
        ical_property!("UID", text(&row.uid)),
        ical_property!("DTSTAMP", utc(stamp)),
        ical_property!("DTSTART", utc(row.starts_at)),
        ical_property!("DTEND", utc(row.ends_at)),
        ical_property!("SUMMARY", text(&row.title)),
        ical_property!("LOCATION", text(&format!("{} {}", row.venue_name, row.venue_address))),
        ical_property!("DESCRIPTION", text(description.trim())),
        ical_property!("STATUS", status),
        ical_property!("SEQUENCE", row.sequence.to_string()),
        ical_property!("LAST-MODIFIED", utc(row.updated_at)),
    ];
    let mut event = IcalEvent::new();
    event.properties = properties;
    event
}

/// A whole calendar, folded at 75 octets with CRLF line ends.
pub fn calendar(name: &str, rows: &[FeedRow], with_volunteer_notes: bool) -> String {
    let stamp = now();
    let mut builder = IcalCalendarBuilder::version("2.0")
        .gregorian()
        .prodid("-//Higashiyamato City//yorisoi//JA")
        .set(ical_property!("METHOD", "PUBLISH"))
        .set(ical_property!("X-WR-CALNAME", text(name)))
        .set(ical_property!("X-WR-TIMEZONE", "Asia/Tokyo"));
    for row in rows {
        builder = builder.add_event(event(row, with_volunteer_notes, stamp));
    }
    refold(&builder.build().generate())
}

/// The generator folds by characters; RFC 5545 §3.1 counts octets, and Japanese text is
/// three octets a character. Unfold, then fold again at 75 octets on character boundaries.
fn refold(generated: &str) -> String {
    let unfolded = generated.replace("\r\n ", "");
    let mut out = String::with_capacity(unfolded.len() + unfolded.len() / 70 * 3);
    for line in unfolded.split("\r\n").filter(|l| !l.is_empty()) {
        let mut width = 0;
        for c in line.chars() {
            let len = c.len_utf8();
            if width + len > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += len;
        }
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &str) -> FeedRow {
        FeedRow {
            uid: "abc@yorisoi.higashiyamato".into(),
            sequence: 2,
            updated_at: 1_749_700_000,
            title: "スマホ教室, LINE; 入門".into(),
            starts_at: 1_749_704_400,
            ends_at: 1_749_711_600,
            status: status.into(),
            venue_name: "中央公民館".into(),
            venue_address: "東京都東大和市中央3-915".into(),
            description: "ゆっくり丁寧に。\n質問も歓迎です。".repeat(5),
            what_to_bring: "スマートフォン".into(),
            volunteer_notes: "受付は15分前".into(),
        }
    }

    #[test]
    fn events_are_escaped_folded_and_parse_back() {
        let body = calendar("東大和市 体験会", &[row("scheduled"), row("cancelled")], false);
        assert!(body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(body.ends_with("END:VCALENDAR\r\n"));
        for line in body.split("\r\n") {
            assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        }
        assert!(body.contains("SUMMARY:スマホ教室\\, LINE\\; 入門"));
        assert!(body.contains("DTSTART:20250612T050000Z"));
        assert!(body.contains("STATUS:CANCELLED") && body.contains("STATUS:CONFIRMED"));
        assert!(!body.contains("受付は15分前"), "volunteer notes only in private feeds");

        let parsed = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()))
            .next()
            .expect("one calendar")
            .expect("parses");
        assert_eq!(parsed.events.len(), 2);
        let summary = parsed.events[0]
            .properties
            .iter()
            .find(|p| p.name == "SUMMARY")
            .and_then(|p| p.value.clone())
            .unwrap();
        assert_eq!(summary, "スマホ教室\\, LINE\\; 入門");
        let with_notes = calendar("x", &[row("scheduled")], true);
        assert!(with_notes.replace("\r\n ", "").contains("受付は15分前"));
    }
}
