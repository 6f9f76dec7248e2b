//! SQL for sessions, topics, series and venue conflicts.

use super::import::ImportedEvent;
use super::input::SessionInput;
use super::{Level, SessionDetail, SessionFilter, SessionSummary, Status, Topic};
use crate::db::{now, Conditions, Db, Value};
use crate::directory::PartnerKind;
use crate::domain::{day_in_japan, FiscalYear};
use sqlx::{Any, AnyConnection, Executor, Transaction};
use std::collections::HashMap;

pub async fn topics(db: &Db) -> sqlx::Result<Vec<Topic>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, name FROM topics WHERE active = 1 ORDER BY sort_order, id")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(id, name)| Topic { id, name }).collect())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    title: String,
    level: String,
    host_id: i64,
    host_name: String,
    host_kind: String,
    venue_id: i64,
    venue_name: String,
    district: Option<String>,
    starts_at: i64,
    ends_at: i64,
    capacity: i64,
    walkin_seats: i64,
    seats_taken: i64,
    waitlist_count: i64,
    loaner_iphone: i64,
    loaner_android: i64,
    status: String,
}

impl Row {
    fn into_summary(self, topics: Vec<String>) -> SessionSummary {
        SessionSummary {
            id: self.id,
            title: self.title,
            level: Level::from_code(&self.level).unwrap_or(Level::First),
            host_id: self.host_id,
            host_name: self.host_name,
            host_kind: PartnerKind::from_code(&self.host_kind).unwrap_or(PartnerKind::Community),
            venue_id: self.venue_id,
            venue_name: self.venue_name,
            district: self.district,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            capacity: self.capacity,
            walkin_seats: self.walkin_seats,
            seats_taken: self.seats_taken,
            waitlist_count: self.waitlist_count,
            loaner_iphone: self.loaner_iphone,
            loaner_android: self.loaner_android,
            status: Status::from_code(&self.status).unwrap_or(Status::Scheduled),
            topics,
        }
    }
}

const SELECT: &str = "SELECT s.id, s.title, s.level, s.host_partner_id AS host_id, \
    p.name AS host_name, p.kind AS host_kind, s.venue_id, v.name AS venue_name, \
    d.name AS district, s.starts_at, s.ends_at, s.capacity, s.walkin_seats, s.seats_taken, \
    s.waitlist_count, s.loaner_iphone, s.loaner_android, s.status";
const FROM: &str = " FROM sessions s JOIN partners p ON p.id = s.host_partner_id \
    JOIN venues v ON v.id = s.venue_id LEFT JOIN districts d ON d.id = v.district_id";

/// Sessions matching the filter in date order: without a fiscal year, those not yet over.
pub async fn list(db: &Db, filter: &SessionFilter) -> sqlx::Result<Vec<SessionSummary>> {
    let mut c = Conditions::default();
    if let Some(p) = filter.partner {
        c.add(
            "(s.host_partner_id = ? OR EXISTS (SELECT 1 FROM session_cohosts sc \
             WHERE sc.session_id = s.id AND sc.partner_id = ? AND sc.approved_at IS NOT NULL))",
            Value::Number(p),
        );
    }
    if let Some(v) = filter.venue {
        c.add("s.venue_id = ?", Value::Number(v));
    }
    if let Some(t) = filter.topic {
        c.add(
            "EXISTS (SELECT 1 FROM session_topics st WHERE st.session_id = s.id AND st.topic_id = ?)",
            Value::Number(t),
        );
    }
    if let Some(d) = filter.district {
        c.add("v.district_id = ?", Value::Number(d));
    }
    match filter.fiscal_year {
        Some(fy) => c.add("s.fiscal_year = ?", Value::Number(i64::from(fy))),
        None => c.add("s.ends_at >= ?", Value::Number(now())),
    }
    list_where(db, &c).await
}

/// Sessions of one series from a start time on, in date order.
pub async fn series_from(db: &Db, series_id: i64, from: i64) -> sqlx::Result<Vec<SessionSummary>> {
    let mut c = Conditions::default();
    c.add("s.series_id = ?", Value::Number(series_id));
    c.add("s.starts_at >= ?", Value::Number(from));
    list_where(db, &c).await
}

/// Scheduled sessions on a Japan-time day (`YYYY-MM-DD`) not yet over, at venues in
/// `districts` and hosted by `partners` (an empty list: any).
pub async fn scheduled_on(
    db: &Db,
    date: &str,
    districts: &[i64],
    partners: &[i64],
) -> sqlx::Result<Vec<SessionSummary>> {
    let mut c = Conditions::default();
    c.add("s.local_date = ?", Value::Text(date.to_string()));
    c.add_fixed("s.status = 'scheduled'");
    c.add("s.ends_at > ?", Value::Number(now()));
    c.add_in("v.district_id", districts);
    c.add_in("s.host_partner_id", partners);
    list_where(db, &c).await
}

/// The sessions `ids` names, in date order.
pub async fn by_ids(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<SessionSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut c = Conditions::default();
    c.add_in("s.id", ids);
    list_where(db, &c).await
}

/// Scheduled sessions starting between two instants, e.g. a calendar month.
pub async fn between(db: &Db, from: i64, to: i64) -> sqlx::Result<Vec<SessionSummary>> {
    let mut c = Conditions::default();
    c.add("s.starts_at >= ?", Value::Number(from));
    c.add("s.starts_at < ?", Value::Number(to));
    list_where(db, &c).await
}

async fn list_where(db: &Db, c: &Conditions) -> sqlx::Result<Vec<SessionSummary>> {
    let sql = format!("{SELECT}{FROM}{} ORDER BY s.starts_at, s.id LIMIT 1000", c.where_clause());
    let rows: Vec<Row> =
        c.bind(sqlx::query_as(sqlx::AssertSqlSafe(sql))).fetch_all(&db.pool).await?;
    let topic_sql = format!(
        "SELECT st.session_id, t.name FROM session_topics st JOIN topics t ON t.id = st.topic_id \
         WHERE st.session_id IN (SELECT s.id{FROM}{}) ORDER BY t.sort_order, t.id",
        c.where_clause()
    );
    let topic_rows: Vec<(i64, String)> =
        c.bind(sqlx::query_as(sqlx::AssertSqlSafe(topic_sql))).fetch_all(&db.pool).await?;
    let mut by_session: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, name) in topic_rows {
        by_session.entry(id).or_default().push(name);
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let topics = by_session.remove(&r.id).unwrap_or_default();
            r.into_summary(topics)
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    title_reading: String,
    venue_address: String,
    venue_access: String,
    what_to_bring: String,
    description: String,
    volunteer_notes: String,
    cancel_reason: Option<String>,
    series_id: Option<i64>,
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<SessionDetail>> {
    let mut c = Conditions::default();
    c.add("s.id = ?", Value::Number(id));
    let Some(summary) = list_where(db, &c).await?.pop() else {
        return Ok(None);
    };
    let d: DetailRow = sqlx::query_as(
        "SELECT s.title_reading, v.address AS venue_address, v.access_notes AS venue_access, s.what_to_bring, \
                s.description, s.volunteer_notes, s.cancel_reason, s.series_id \
         FROM sessions s JOIN venues v ON v.id = s.venue_id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    let named: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.name, c.approved_at FROM session_cohosts c \
         JOIN partners p ON p.id = c.partner_id WHERE c.session_id = $1 ORDER BY p.name",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let (cohosts, pending_cohosts) = named.into_iter().fold(
        (Vec::new(), Vec::new()),
        |(mut approved, mut waiting), (id, name, at)| {
            if at.is_some() {
                approved.push((id, name))
            } else {
                waiting.push((id, name))
            }
            (approved, waiting)
        },
    );
    let topic_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT topic_id FROM session_topics WHERE session_id = $1 ORDER BY topic_id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(SessionDetail {
        summary,
        cohosts,
        pending_cohosts,
        topic_ids,
        title_reading: d.title_reading,
        venue_address: d.venue_address,
        venue_access: d.venue_access,
        what_to_bring: d.what_to_bring,
        description: d.description,
        volunteer_notes: d.volunteer_notes,
        cancel_reason: d.cancel_reason,
        series_id: d.series_id,
        can_edit: false,
    }))
}

/// Whether another scheduled session (not one of `except`) uses the venue at an
/// overlapping time: the form's check, and the import's in its transaction.
pub async fn venue_taken<'e, E>(
    executor: E,
    venue_id: i64,
    starts_at: i64,
    ends_at: i64,
    except: &[i64],
) -> sqlx::Result<bool>
where
    E: Executor<'e, Database = Any>,
{
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions \
         WHERE venue_id = $1 AND status = 'scheduled' AND starts_at < $2 AND ends_at > $3",
    )
    .bind(venue_id)
    .bind(ends_at)
    .bind(starts_at)
    .fetch_all(executor)
    .await?;
    Ok(ids.iter().any(|id| !except.contains(id)))
}

/// Whether the venue's capacity holds the seats taken on session `id` (a venue with no
/// capacity recorded holds any).
pub async fn venue_holds_seats(
    tx: &mut Transaction<'_, Any>,
    venue_id: i64,
    id: i64,
) -> sqlx::Result<bool> {
    let row: Option<(Option<i64>, i64)> = sqlx::query_as(
        "SELECT v.capacity, s.seats_taken FROM venues v, sessions s WHERE v.id = $1 AND s.id = $2",
    )
    .bind(venue_id)
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.is_some_and(|(capacity, taken)| capacity.is_none_or(|c| c >= taken)))
}

/// Local date and fiscal year stored with a session, from its start.
fn calendar_columns(starts_at: i64) -> (String, i64) {
    let local = day_in_japan(starts_at);
    (local.format("%Y-%m-%d").to_string(), i64::from(FiscalYear::of(local).start_year()))
}

pub async fn create_series(tx: &mut Transaction<'_, Any>, frequency: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO session_series (frequency, created_at) VALUES ($1, $2) RETURNING id",
    )
    .bind(frequency)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

/// Inserts a session at the given times; returns its id.
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    input: &SessionInput,
    starts_at: i64,
    ends_at: i64,
    series_id: Option<i64>,
    uid: &str,
) -> sqlx::Result<i64> {
    let (local_date, fiscal_year) = calendar_columns(starts_at);
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, ends_at, \
            local_date, fiscal_year, capacity, walkin_seats, loaner_iphone, loaner_android, \
            what_to_bring, description, volunteer_notes, series_id, created_at, updated_at, \
            title_reading) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, \
            $19) RETURNING id",
    )
    .bind(uid)
    .bind(&input.title)
    .bind(input.level.code())
    .bind(input.host_partner_id)
    .bind(input.venue_id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(local_date)
    .bind(fiscal_year)
    .bind(input.capacity)
    .bind(input.walkin_seats)
    .bind(input.loaner_iphone)
    .bind(input.loaner_android)
    .bind(&input.what_to_bring)
    .bind(&input.description)
    .bind(&input.volunteer_notes)
    .bind(series_id)
    .bind(at)
    .bind(&input.title_reading)
    .fetch_one(&mut **tx)
    .await?;
    replace_links(tx, id, input).await?;
    Ok(id)
}

/// Updates a session's fields and times, raising its iCalendar SEQUENCE. False (nothing
/// written) when the seats that can be booked (capacity less walk-in seats) would be fewer
/// than those taken: checked in the statement, so a booking made meanwhile is counted.
pub async fn update(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    input: &SessionInput,
    starts_at: i64,
    ends_at: i64,
) -> sqlx::Result<bool> {
    let (local_date, fiscal_year) = calendar_columns(starts_at);
    let done = sqlx::query(
        "UPDATE sessions SET title = $1, level = $2, host_partner_id = $3, venue_id = $4, \
            starts_at = $5, ends_at = $6, local_date = $7, fiscal_year = $8, capacity = $9, \
            walkin_seats = $10, loaner_iphone = $11, loaner_android = $12, what_to_bring = $13, \
            description = $14, volunteer_notes = $15, sequence = sequence + 1, updated_at = $16, \
            title_reading = $18 WHERE id = $17 AND seats_taken <= $9 - $10",
    )
    .bind(&input.title)
    .bind(input.level.code())
    .bind(input.host_partner_id)
    .bind(input.venue_id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(local_date)
    .bind(fiscal_year)
    .bind(input.capacity)
    .bind(input.walkin_seats)
    .bind(input.loaner_iphone)
    .bind(input.loaner_android)
    .bind(&input.what_to_bring)
    .bind(&input.description)
    .bind(&input.volunteer_notes)
    .bind(now())
    .bind(id)
    .bind(&input.title_reading)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    replace_links(tx, id, input).await?;
    Ok(true)
}

/// When and where a session is, before a change.
#[derive(sqlx::FromRow)]
pub struct WhenAndWhere {
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_id: i64,
    pub venue_name: String,
    pub status: String,
}

impl WhenAndWhere {
    /// As a "changed" notice tells it.
    pub fn told(self) -> crate::notify::Was {
        crate::notify::Was {
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            venue_name: self.venue_name,
        }
    }
}

pub async fn when_and_where(
    tx: &mut Transaction<'_, Any>,
    id: i64,
) -> sqlx::Result<Option<WhenAndWhere>> {
    sqlx::query_as(
        "SELECT s.starts_at, s.ends_at, s.venue_id, v.name AS venue_name, \
            s.status \
         FROM sessions s JOIN venues v ON v.id = s.venue_id WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
}

/// The partners a session names as co-hosts, approved or waiting.
pub async fn cohost_ids(tx: &mut Transaction<'_, Any>, session_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT partner_id FROM session_cohosts WHERE session_id = $1")
        .bind(session_id)
        .fetch_all(&mut **tx)
        .await
}

/// Approves a co-host that waits for it. False when there is no such co-host waiting.
pub async fn approve_cohost(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    partner_id: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE session_cohosts SET approved_at = $1 \
         WHERE session_id = $2 AND partner_id = $3 AND approved_at IS NULL",
    )
    .bind(now())
    .bind(session_id)
    .bind(partner_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

async fn replace_links(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    input: &SessionInput,
) -> sqlx::Result<()> {
    // Co-hosts still named keep their approval; new ones wait for it (approved_at NULL).
    let approved: Vec<(i64, Option<i64>)> =
        sqlx::query_as("SELECT partner_id, approved_at FROM session_cohosts WHERE session_id = $1")
            .bind(id)
            .fetch_all(&mut **tx)
            .await?;
    sqlx::query("DELETE FROM session_cohosts WHERE session_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for partner in &input.cohost_ids {
        let at = approved.iter().find(|(p, _)| p == partner).and_then(|(_, at)| *at);
        sqlx::query(
            "INSERT INTO session_cohosts (session_id, partner_id, approved_at) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(partner)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM session_topics WHERE session_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for topic in &input.topic_ids {
        sqlx::query("INSERT INTO session_topics (session_id, topic_id) VALUES ($1, $2)")
            .bind(id)
            .bind(topic)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Cancels a scheduled session with a reason; false if it was not scheduled.
pub async fn cancel<'e, E>(executor: E, id: i64, reason: &str) -> sqlx::Result<bool>
where
    E: Executor<'e, Database = Any>,
{
    let at = now();
    let done = sqlx::query(
        "UPDATE sessions SET status = 'cancelled', cancel_reason = $1, cancelled_at = $2, \
            sequence = sequence + 1, updated_at = $2 \
         WHERE id = $3 AND status = 'scheduled'",
    )
    .bind(reason)
    .bind(at)
    .bind(id)
    .execute(executor)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The host partner and seats taken of a session, for permission and capacity checks.
pub async fn host_and_seats(db: &Db, id: i64) -> sqlx::Result<Option<(i64, i64, String)>> {
    sqlx::query_as("SELECT host_partner_id, seats_taken, status FROM sessions WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// When a session starts (Unix seconds).
pub async fn starts_at(db: &Db, id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// Holds the session's row until the transaction ends, so that changes made at the same
/// moment (two taps of one walk-in) happen one after the other. (SQLite has one writer at a
/// time anyway; on PostgreSQL this is a row lock.)
pub async fn lock(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET updated_at = updated_at WHERE id = $1")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives a user a new private feed token (its hash); the old one stops working.
pub async fn replace_calendar_token(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, \
         created_at = excluded.created_at",
    )
    .bind(user_id)
    .bind(token_hash)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// The enabled user whose private feed token has this hash: id, role code, partner.
pub async fn calendar_owner(
    db: &Db,
    token_hash: &str,
) -> sqlx::Result<Option<(i64, String, Option<i64>)>> {
    sqlx::query_as(
        "SELECT u.id, u.role, u.partner_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id \
         WHERE t.token_hash = $1 AND u.disabled = 0",
    )
    .bind(token_hash)
    .fetch_optional(&db.pool)
    .await
}

/// Whether the user has made a private feed address.
pub async fn has_calendar_token(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM calendar_tokens WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// Forgets uploaded .ics files made before `before` (never mapped).
pub async fn forget_uploads_before(conn: &mut AnyConnection, before: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM ics_uploads WHERE created_at < $1").bind(before).execute(conn).await?;
    Ok(())
}

/// Keeps an uploaded .ics file until its locations are mapped.
pub async fn insert_upload(
    conn: &mut AnyConnection,
    token: &str,
    user_id: i64,
    partner_id: i64,
    file_name: &str,
    content: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO ics_uploads (token, user_id, partner_id, file_name, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(token)
    .bind(user_id)
    .bind(partner_id)
    .bind(file_name)
    .bind(content)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets an uploaded .ics file once imported.
pub async fn delete_upload(conn: &mut AnyConnection, token: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM ics_uploads WHERE token = $1").bind(token).execute(conn).await?;
    Ok(())
}

/// The id and host partner of the session with an iCalendar UID, if any.
pub async fn by_uid(conn: &mut AnyConnection, uid: &str) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as("SELECT id, host_partner_id FROM sessions WHERE uid = $1")
        .bind(uid)
        .fetch_optional(conn)
        .await
}

/// A scheduled session of a partner's repeating event.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SeriesSession {
    pub id: i64,
    pub uid: String,
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue_name: String,
}

/// The scheduled sessions of a partner's repeating event (UIDs `<series>#YYYYMMDD`)
/// planned for `first_day` (YYYYMMDD) or later and not over at `now`.
pub async fn live_in_series(
    conn: &mut AnyConnection,
    partner_id: i64,
    series: &str,
    first_day: &str,
    now: i64,
) -> sqlx::Result<Vec<SeriesSession>> {
    // A prefix compared with substr, not LIKE: a UID may hold % or _.
    sqlx::query_as(
        "SELECT s.id, s.uid, s.title, s.starts_at, s.ends_at, v.name AS venue_name \
         FROM sessions s JOIN venues v ON v.id = s.venue_id \
         WHERE s.host_partner_id = $1 AND s.status = 'scheduled' AND s.ends_at > $2 \
         AND substr(s.uid, 1, length($3) + 1) = $3 || '#' \
         AND length(s.uid) = length($3) + 9 AND substr(s.uid, length($3) + 2) >= $4 \
         ORDER BY s.starts_at",
    )
    .bind(partner_id)
    .bind(now)
    .bind(series)
    .bind(first_day)
    .fetch_all(conn)
    .await
}

fn imported_status(e: &ImportedEvent) -> &'static str {
    if e.cancelled {
        "cancelled"
    } else {
        "scheduled"
    }
}

/// Updates a session from an imported event (same UID), raising its SEQUENCE, when
/// anything the event says differs; whether it did.
pub async fn update_imported(
    conn: &mut AnyConnection,
    id: i64,
    e: &ImportedEvent,
    venue_id: i64,
) -> sqlx::Result<bool> {
    let (local_date, fiscal_year) = calendar_columns(e.starts_at);
    let done = sqlx::query(
        "UPDATE sessions SET title = $1, description = $2, venue_id = $3, starts_at = $4, \
            ends_at = $5, local_date = $6, fiscal_year = $7, status = $8, \
            sequence = sequence + 1, updated_at = $9 WHERE id = $10 \
            AND NOT (title = $1 AND COALESCE(description, '') = $2 AND venue_id = $3 \
                AND starts_at = $4 AND ends_at = $5 AND status = $8)",
    )
    .bind(&e.title)
    .bind(&e.description)
    .bind(venue_id)
    .bind(e.starts_at)
    .bind(e.ends_at)
    .bind(local_date)
    .bind(fiscal_year)
    .bind(imported_status(e))
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Inserts a session from an imported event, with its one topic; returns its id.
pub async fn insert_imported(
    conn: &mut AnyConnection,
    e: &ImportedEvent,
    partner_id: i64,
    venue_id: i64,
    capacity: i64,
    topic_id: i64,
) -> sqlx::Result<i64> {
    let (local_date, fiscal_year) = calendar_columns(e.starts_at);
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, \
            ends_at, local_date, fiscal_year, capacity, description, status, created_at, updated_at) \
         VALUES ($1, $2, 'first', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(&e.uid)
    .bind(&e.title)
    .bind(partner_id)
    .bind(venue_id)
    .bind(e.starts_at)
    .bind(e.ends_at)
    .bind(local_date)
    .bind(fiscal_year)
    .bind(capacity)
    .bind(&e.description)
    .bind(imported_status(e))
    .bind(now())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO session_topics (session_id, topic_id) VALUES ($1, $2)")
        .bind(id)
        .bind(topic_id)
        .execute(conn)
        .await?;
    Ok(id)
}
