//! SQL for seat requests and the public forms' attempt counts. Stores take a connection
//! (inside the operation's transaction where they write) and never open one.

use super::{Availability, FilledBy, PublicSession, QueueLine, RequestStatus};
use crate::db::Db;
use crate::domain::{Kana, PhoneNumber};
use crate::residents::Needs;
use crate::sessions::Level;
use sqlx::AnyConnection;
use std::collections::HashMap;

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    title: String,
    title_reading: String,
    level: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: String,
    venue_reading: String,
    venue_address: String,
    venue_access: String,
    step_free: i64,
    hearing_loop: i64,
    what_to_bring: String,
    description: String,
    capacity: i64,
    walkin_seats: i64,
    seats_taken: i64,
}

const SESSIONS: &str = "SELECT s.id, s.title, s.title_reading, s.level, s.starts_at, \
        s.ends_at, v.name AS venue_name, v.name_reading AS venue_reading, v.address AS venue_address, v.access_notes AS venue_access, \
        v.step_free, v.hearing_loop, s.what_to_bring, s.description, s.capacity, \
        s.walkin_seats, s.seats_taken \
     FROM sessions s JOIN venues v ON v.id = s.venue_id";

/// The session's counts stay here: only the availability in words leaves the store.
fn public(row: SessionRow, topics: Vec<String>) -> PublicSession {
    let bookable = row.capacity - row.walkin_seats;
    PublicSession {
        id: row.id,
        title: row.title,
        title_reading: row.title_reading,
        level: Level::from_code(&row.level).unwrap_or(Level::First),
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        venue_name: row.venue_name,
        venue_reading: row.venue_reading,
        venue_address: row.venue_address,
        venue_access: row.venue_access,
        step_free: row.step_free != 0,
        hearing_loop: row.hearing_loop != 0,
        what_to_bring: row.what_to_bring,
        description: row.description,
        topics,
        availability: Availability::of(bookable - row.seats_taken, bookable),
    }
}

async fn with_topics(db: &Db, rows: Vec<SessionRow>) -> sqlx::Result<Vec<PublicSession>> {
    let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
    if !rows.is_empty() {
        let ids: Vec<String> = rows.iter().map(|r| r.id.to_string()).collect();
        // Ids from the rows just read: numbers only.
        let sql = format!(
            "SELECT st.session_id, t.name FROM session_topics st \
             JOIN topics t ON t.id = st.topic_id WHERE st.session_id IN ({}) \
             ORDER BY t.sort_order, t.id",
            ids.join(",")
        );
        let named: Vec<(i64, String)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await?;
        for (id, name) in named {
            topics.entry(id).or_default().push(name);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let t = topics.remove(&r.id).unwrap_or_default();
            public(r, t)
        })
        .collect())
}

/// Sessions still to come that take requests (scheduled, not begun), in date order.
pub async fn public_sessions(db: &Db, now: i64) -> sqlx::Result<Vec<PublicSession>> {
    let rows: Vec<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SESSIONS} WHERE s.status = 'scheduled' AND s.starts_at > $1 \
         ORDER BY s.starts_at, s.id LIMIT 300"
    )))
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    with_topics(db, rows).await
}

/// One session as the public pages show it, and whether it takes requests (scheduled and
/// not begun); `None` when there is no such session.
pub async fn public_session(
    db: &Db,
    id: i64,
    now: i64,
) -> sqlx::Result<Option<(PublicSession, bool)>> {
    let row: Option<(i64, String, i64)> =
        sqlx::query_as("SELECT id, status, starts_at FROM sessions WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    let Some((_, status, starts_at)) = row else {
        return Ok(None);
    };
    let rows: Vec<SessionRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{SESSIONS} WHERE s.id = $1")))
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    let open = status == "scheduled" && starts_at > now;
    Ok(with_topics(db, rows).await?.pop().map(|s| (s, open)))
}

/// The place a request holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold {
    Seat,
    /// A waitlist number, not yet counted as waiting.
    Waitlist(i64),
}

/// A waitlist number on a session open for booking, not yet counted as waiting; `None`
/// when the session is not open.
pub async fn waitlist_number(
    conn: &mut AnyConnection,
    session_id: i64,
    at: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "UPDATE sessions SET waitlist_next = waitlist_next + 1 \
         WHERE id = $1 AND status = 'scheduled' AND starts_at > $2 RETURNING waitlist_next",
    )
    .bind(session_id)
    .bind(at)
    .fetch_optional(conn)
    .await
}

/// Gives back a held seat (a waitlist number needs nothing given back).
pub async fn release_seat(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sessions SET seats_taken = seats_taken - 1 WHERE id = $1 AND seats_taken > 0",
    )
    .bind(session_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A request as typed on the public form, checked.
#[derive(Debug, Clone)]
pub struct NewRequest {
    pub session_id: i64,
    pub name: String,
    pub kana: Kana,
    pub phone: PhoneNumber,
    pub filled_by: FilledBy,
    pub email: String,
    pub needs: Needs,
}

/// Writes a pending request under `reference` with the form's key; `None` when the
/// reference or the key is taken (the caller asks which).
pub async fn insert(
    conn: &mut AnyConnection,
    request: &NewRequest,
    key: &str,
    reference: &str,
    hold: Hold,
    at: i64,
    lapses_at: i64,
) -> sqlx::Result<Option<i64>> {
    let digits = request.phone.digits();
    let last4 = &digits[digits.len().saturating_sub(4)..];
    let (seat, position) = match hold {
        Hold::Seat => (1_i64, None),
        Hold::Waitlist(n) => (0, Some(n)),
    };
    sqlx::query_scalar(
        "INSERT INTO seat_requests (reference, session_id, status, holds_seat, waitlist_position, \
            name, kana, phone, phone_last4, filled_by, email, need_hearing, need_vision, \
            need_mobility, need_companion, consent_at, created_at, lapses_at, form_key) \
         VALUES ($1, $2, 'pending', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, \
            $17) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(reference)
    .bind(request.session_id)
    .bind(seat)
    .bind(position)
    .bind(&request.name)
    .bind(request.kana.as_str())
    .bind(digits)
    .bind(last4)
    .bind(request.filled_by.code())
    .bind(&request.email)
    .bind(i64::from(request.needs.hearing))
    .bind(i64::from(request.needs.vision))
    .bind(i64::from(request.needs.mobility))
    .bind(i64::from(request.needs.companion))
    .bind(at)
    .bind(lapses_at)
    .bind(key)
    .fetch_optional(conn)
    .await
}

/// Pending requests made with this phone number.
pub async fn open_for_phone(conn: &mut AnyConnection, digits: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM seat_requests WHERE phone = $1 AND status = 'pending'")
        .bind(digits)
        .fetch_one(conn)
        .await
}

/// Counts an attempt in `bucket` and answers how many its window holds, this one included:
/// a window lasts `window` seconds from its first attempt. One upsert, so simultaneous
/// attempts are counted one after another on both backends. Windows begun over a day ago
/// are removed first.
pub async fn count_attempt(
    conn: &mut AnyConnection,
    bucket: &str,
    at: i64,
    window: i64,
) -> sqlx::Result<i64> {
    sqlx::query("DELETE FROM public_attempts WHERE since < $1 AND bucket <> $2")
        .bind(at - 24 * 3600)
        .bind(bucket)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar(
        "INSERT INTO public_attempts (bucket, since, count) VALUES ($1, $2, 1) \
         ON CONFLICT (bucket) DO UPDATE SET \
            count = CASE WHEN public_attempts.since <= $3 THEN 1 ELSE public_attempts.count + 1 END, \
            since = CASE WHEN public_attempts.since <= $3 THEN $2 ELSE public_attempts.since END \
         RETURNING count",
    )
    .bind(bucket)
    .bind(at)
    .bind(at - window)
    .fetch_one(conn)
    .await
}

/// The server's own secret `name`, made at random on first use (read first: once made,
/// asking for it writes nothing).
pub async fn secret(conn: &mut AnyConnection, name: &str, fresh: &str) -> sqlx::Result<String> {
    let known: Option<String> =
        sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
            .bind(name)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(value) = known {
        return Ok(value);
    }
    sqlx::query(
        "INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(fresh)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_one(conn)
        .await
}

/// The request a form with this key made, if any: its id and reference.
pub async fn by_form_key(
    conn: &mut AnyConnection,
    key: &str,
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT id, reference FROM seat_requests WHERE form_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

#[derive(sqlx::FromRow)]
struct LineRow {
    id: i64,
    reference: String,
    status: String,
    name: String,
    kana: String,
    phone: String,
    filled_by: String,
    session_id: i64,
    session_title: String,
    starts_at: i64,
    session_status: String,
    holds_seat: i64,
    waitlist_position: Option<i64>,
    created_at: i64,
    lapses_at: i64,
    attempts: i64,
    last_attempt_at: Option<i64>,
    email: String,
    need_hearing: i64,
    need_vision: i64,
    need_mobility: i64,
    need_companion: i64,
    registration_id: Option<i64>,
}

const LINES: &str = "SELECT q.id, q.reference, q.status, q.name, q.kana, q.phone, q.filled_by, \
        q.session_id, s.title AS session_title, s.starts_at, s.status AS session_status, q.holds_seat, q.waitlist_position, \
        q.created_at, q.lapses_at, q.attempts, q.last_attempt_at, q.email, q.need_hearing, \
        q.need_vision, q.need_mobility, q.need_companion, q.registration_id \
     FROM seat_requests q JOIN sessions s ON s.id = q.session_id";

impl LineRow {
    fn line(&self) -> QueueLine {
        QueueLine {
            id: self.id,
            reference: self.reference.clone(),
            status: RequestStatus::from_code(&self.status).unwrap_or(RequestStatus::Pending),
            name: self.name.clone(),
            kana: Kana::parse(&self.kana)
                .map(|k| k.katakana())
                .unwrap_or_else(|_| self.kana.clone()),
            phone: PhoneNumber::parse(&self.phone).map(|p| p.grouped()).unwrap_or_default(),
            filled_by: FilledBy::from_code(&self.filled_by).unwrap_or(FilledBy::Other),
            session_id: self.session_id,
            session_title: self.session_title.clone(),
            starts_at: self.starts_at,
            session_cancelled: self.session_status == "cancelled",
            holds_seat: self.holds_seat != 0,
            waitlist_position: self.waitlist_position,
            created_at: self.created_at,
            lapses_at: self.lapses_at,
            attempts: self.attempts,
            last_attempt_at: self.last_attempt_at,
        }
    }
}

/// The pending requests, oldest first.
pub async fn queue(db: &Db) -> sqlx::Result<Vec<QueueLine>> {
    let rows: Vec<LineRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{LINES} WHERE q.status = 'pending' ORDER BY q.created_at, q.id LIMIT 500"
    )))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.iter().map(LineRow::line).collect())
}

/// One request for staff: its line, email, needs and the booking it became.
pub async fn get(
    conn: &mut AnyConnection,
    id: i64,
) -> sqlx::Result<Option<(QueueLine, String, Needs, Option<i64>)>> {
    let row: Option<LineRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{LINES} WHERE q.id = $1")))
            .bind(id)
            .fetch_optional(conn)
            .await?;
    Ok(row.map(|r| {
        let needs = Needs {
            hearing: r.need_hearing != 0,
            vision: r.need_vision != 0,
            mobility: r.need_mobility != 0,
            companion: r.need_companion != 0,
        };
        (r.line(), r.email.clone(), needs, r.registration_id)
    }))
}

/// Holds a pending request's row for a change (a row lock on PostgreSQL; SQLite's writer
/// holds the database); false when it is not pending.
pub async fn hold_pending(conn: &mut AnyConnection, id: i64) -> sqlx::Result<bool> {
    let held = sqlx::query(
        "UPDATE seat_requests SET attempts = attempts WHERE id = $1 AND status = 'pending'",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(held.rows_affected() == 1)
}

/// The raw phone digits and reading of a pending request (for the resident record it
/// becomes).
pub async fn contact(conn: &mut AnyConnection, id: i64) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT phone, kana FROM seat_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// What a closed request held.
#[derive(Debug, Clone, Copy)]
pub struct Closed {
    pub session_id: i64,
    pub holds_seat: bool,
}

/// Closes a pending request with `status` and clears its contact details (a confirmed
/// request's person lives on as the resident's record); `None` when it was not pending.
pub async fn close(
    conn: &mut AnyConnection,
    id: i64,
    status: RequestStatus,
    by: Option<i64>,
    at: i64,
    booking: Option<(i64, i64)>,
) -> sqlx::Result<Option<Closed>> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "UPDATE seat_requests SET status = $1, closed_at = $2, closed_by = $3, resident_id = $4, \
            registration_id = $5, name = '', kana = '', phone = '', email = '', \
            need_hearing = 0, need_vision = 0, need_mobility = 0, need_companion = 0 \
         WHERE id = $6 AND status = 'pending' RETURNING session_id, holds_seat",
    )
    .bind(status.code())
    .bind(at)
    .bind(by)
    .bind(booking.map(|(resident, _)| resident))
    .bind(booking.map(|(_, registration)| registration))
    .bind(id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(session_id, seat)| Closed { session_id, holds_seat: seat != 0 }))
}

/// Counts a call that did not reach the requester; false when the request is not pending.
pub async fn count_call(conn: &mut AnyConnection, id: i64, at: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE seat_requests SET attempts = attempts + 1, last_attempt_at = $1 \
         WHERE id = $2 AND status = 'pending'",
    )
    .bind(at)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Pending requests due to lapse at `now`: not confirmed in time, or their session has
/// begun. (A cancelled session's requests stay in the queue, marked, so staff phone to say
/// so, until their lapse date.)
pub async fn due_to_lapse(conn: &mut AnyConnection, now: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT q.id FROM seat_requests q JOIN sessions s ON s.id = q.session_id \
         WHERE q.status = 'pending' AND (q.lapses_at <= $1 OR s.starts_at <= $1) \
         ORDER BY q.id LIMIT 500",
    )
    .bind(now)
    .fetch_all(conn)
    .await
}

/// A request by its reference: its id and the last four digits of its phone.
pub async fn by_reference(
    conn: &mut AnyConnection,
    reference: &str,
) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as("SELECT id, phone_last4 FROM seat_requests WHERE reference = $1")
        .bind(reference)
        .fetch_optional(conn)
        .await
}

/// Lets the holder of a token see the request until `until` (one token at a time).
pub async fn grant_access(
    conn: &mut AnyConnection,
    id: i64,
    token_hash: &str,
    until: i64,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE seat_requests SET access_hash = $1, access_until = $2 WHERE id = $3")
        .bind(token_hash)
        .bind(until)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The request a token still gives access to.
pub async fn by_access(db: &Db, token_hash: &str, now: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM seat_requests WHERE access_hash = $1 AND access_until > $2")
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&db.pool)
        .await
}

/// What the requester sees: reference, status, whether a seat is theirs (a confirmed
/// request: its booking has a seat, not a waitlist place), lapse time and the session.
pub async fn own(
    db: &Db,
    id: i64,
) -> sqlx::Result<Option<(String, RequestStatus, bool, i64, i64)>> {
    let row: Option<(String, String, i64, i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT q.reference, q.status, q.holds_seat, q.lapses_at, q.session_id, g.status \
         FROM seat_requests q LEFT JOIN registrations g ON g.id = q.registration_id WHERE q.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(reference, status, seat, lapses_at, session_id, booking)| {
        let status = RequestStatus::from_code(&status).unwrap_or(RequestStatus::Pending);
        let seat = match booking.as_deref() {
            Some(booked) => booked == "confirmed",
            None => seat != 0,
        };
        (reference, status, seat, lapses_at, session_id)
    }))
}

/// Whether a session still takes bookings (scheduled, not begun).
pub async fn session_open(
    conn: &mut AnyConnection,
    session_id: i64,
    at: i64,
) -> sqlx::Result<bool> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE id = $1 AND status = 'scheduled' AND starts_at > $2",
    )
    .bind(session_id)
    .bind(at)
    .fetch_optional(conn)
    .await?;
    Ok(open.is_some())
}
/// A confirmed request's waitlist number now counts as someone waiting.
pub async fn count_waiting(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sessions SET waitlist_count = waitlist_count + 1 WHERE id = $1")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}
