//! SQL for registrations. Seats are guarded by one conditional UPDATE on the session row
//! inside the booking transaction (opened by [`super::ops::book`]), so capacity holds on
//! both backends however many staff book at once; waitlist positions are handed out under
//! the same row lock.

use super::{Readback, RegistrationStatus, RosterEntry};
use crate::db::{now, Db};
use crate::domain::ContactPref;
use sqlx::{Any, AnyConnection, Transaction};

/// What a booking did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Booked {
    Confirmed(i64),
    Waitlisted(i64),
    /// The same form was posted before: this is its registration.
    Replayed(i64),
    /// The resident already holds a place (or a waitlist place) on this session.
    AlreadyRegistered(i64),
    /// The session is not open for booking (cancelled, held or over).
    Closed,
    /// The resident's record is erased: nobody can be booked on it.
    Erased,
    /// No live record of the resident (unknown, or merged into another).
    NoResident,
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// The place a booking takes on its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Seat,
    /// A waitlist place with its position.
    Waitlist(i64),
}

/// The first statement of a booking: a seat on the session if it is open and one is free,
/// else a waitlist place under the same row lock; `None` when the session is not open for
/// booking (cancelled, held or over). It writes first, so the transaction holds the
/// session's row (PostgreSQL) or the write lock (SQLite) before it reads anything.
pub async fn take_place(
    conn: &mut AnyConnection,
    session_id: i64,
    at: i64,
) -> sqlx::Result<Option<Place>> {
    if take_seat(conn, session_id, at).await? {
        return Ok(Some(Place::Seat));
    }
    let position: Option<i64> = sqlx::query_scalar(
        "UPDATE sessions SET waitlist_count = waitlist_count + 1, waitlist_next = waitlist_next + 1 \
         WHERE id = $1 AND status = 'scheduled' AND starts_at > $2 RETURNING waitlist_next",
    )
    .bind(session_id)
    .bind(at)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(position.map(Place::Waitlist))
}

/// Takes a seat on a session open for booking (scheduled, not begun) if one of the seats
/// booked ahead is free: one conditional `UPDATE`, so capacity holds however many take
/// seats at once. Bookings and seat requests (`seat_requests::ops::request`) both take
/// their seats here.
pub async fn take_seat(conn: &mut AnyConnection, session_id: i64, at: i64) -> sqlx::Result<bool> {
    let seat = sqlx::query(
        "UPDATE sessions SET seats_taken = seats_taken + 1 \
         WHERE id = $1 AND status = 'scheduled' AND starts_at > $2 \
           AND seats_taken < capacity - walkin_seats",
    )
    .bind(session_id)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(seat.rows_affected() == 1)
}

/// PostgreSQL only: the booking of a free seat as one statement, committed on its own,
/// with the audit entry `audit::store::record` would write (`action`, `detail`, by `staff`
/// named `login`): the seat, the registration and the entry, or nothing. Taken only when
/// nothing more is owed: the resident is a live record not confirmed by notice (`owed`:
/// the condition on `r` under which a seat's confirmation is written, from
/// `notify::store`), the form's key is unused and a seat is free. `None` when any of that
/// does not hold or a unique index refuses the row (the resident holds a live place, or the
/// same form is being posted at this moment): nothing is written, and the caller books the
/// usual way, which finds out why. Seven round trips become one for most bookings. The
/// resident's row is held (`FOR SHARE`) from the check to the commit, so a merge or a
/// change of how they are told waits for the booking, and one under way when the
/// statement begins is seen: it would otherwise be checked before the wait for the
/// session's row, and not again.
#[allow(clippy::too_many_arguments)]
pub async fn seat_at_once(
    db: &Db,
    session_id: i64,
    resident_id: i64,
    key: &str,
    staff: (i64, &str),
    at: i64,
    (action, detail): (&str, &str),
    owed: &str,
) -> sqlx::Result<Option<i64>> {
    let sql = format!(
        "WITH seat AS ( \
            UPDATE sessions SET seats_taken = seats_taken + 1 \
            WHERE id = $1 AND status = 'scheduled' AND starts_at > $2 \
              AND seats_taken < capacity - walkin_seats \
              AND EXISTS (SELECT 1 FROM residents r WHERE r.id = $3 \
                  AND r.merged_into IS NULL AND r.erased_at IS NULL AND NOT ({owed}) \
                  FOR SHARE) \
              AND NOT EXISTS (SELECT 1 FROM registrations WHERE idempotency_key = $4) \
            RETURNING id), \
         booked AS ( \
            INSERT INTO registrations (session_id, resident_id, status, idempotency_key, \
                booked_by, created_at, confirmed_at) \
            SELECT id, $3, 'confirmed', $4, $5, $2, $2 FROM seat RETURNING id), \
         audited AS ( \
            INSERT INTO audit_log (at, user_id, user_login, action, record_type, record_id, \
                detail) \
            SELECT $2, $5, $6, $7, 'registration', CAST(id AS TEXT), $8 FROM booked) \
         SELECT id FROM booked"
    );
    let written: Result<Option<i64>, sqlx::Error> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(session_id)
        .bind(at)
        .bind(resident_id)
        .bind(key)
        .bind(staff.0)
        .bind(staff.1)
        .bind(action)
        .bind(detail)
        .fetch_optional(&db.pool)
        .await;
    match written {
        Ok(id) => Ok(id),
        Err(e) if is_unique_violation(&e) => Ok(None),
        Err(e) => Err(e),
    }
}

/// What writing a booking's registration found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Written: the new registration, and how its resident wants to be told
    /// (`contact_pref`), read in the same statement.
    New(i64, String),
    /// Nothing written: the form's key is taken (the same form was posted before), or the
    /// resident is not a live record (merged, erased or unknown). The caller rolls back and
    /// asks which.
    Skipped,
    /// A unique index refused the row (the resident already holds a live place, or another
    /// post with the same key has not committed yet). On PostgreSQL the transaction can run
    /// nothing more: roll it back before reading on.
    Refused,
}

/// The registration of a booking in the place taken, with the form's key, for a resident
/// who is a live record, checked in the same statement. (On SQLite the writer's lock keeps
/// a merge or erasure out meanwhile; on PostgreSQL the statement sees the resident as it
/// was when it began, so a merge committing at that moment may still be booked on.)
pub async fn insert(
    conn: &mut AnyConnection,
    session_id: i64,
    resident_id: i64,
    key: &str,
    staff: i64,
    at: i64,
    place: Place,
) -> sqlx::Result<Written> {
    let (status, position, confirmed_at) = match place {
        Place::Seat => ("confirmed", None, Some(at)),
        Place::Waitlist(position) => ("waitlisted", Some(position), None),
    };
    let inserted: Result<Option<(i64, String)>, sqlx::Error> = sqlx::query_as(
        "INSERT INTO registrations (session_id, resident_id, status, idempotency_key, booked_by, \
            created_at, confirmed_at, waitlist_position) \
         SELECT $1, r.id, $3, $4, $5, $6, $7, $8 FROM residents r \
         WHERE r.id = $2 AND r.merged_into IS NULL AND r.erased_at IS NULL \
         ON CONFLICT (idempotency_key) DO NOTHING \
         RETURNING id, \
            (SELECT p.contact_pref FROM residents p WHERE p.id = registrations.resident_id)",
    )
    .bind(session_id)
    .bind(resident_id)
    .bind(status)
    .bind(key)
    .bind(staff)
    .bind(at)
    .bind(confirmed_at)
    .bind(position)
    .fetch_optional(&mut *conn)
    .await;
    match inserted {
        Ok(Some((id, contact_pref))) => Ok(Written::New(id, contact_pref)),
        Ok(None) => Ok(Written::Skipped),
        Err(e) if is_unique_violation(&e) => Ok(Written::Refused),
        Err(e) => Err(e),
    }
}

/// The registration made by the form with this key, if there is one.
pub async fn with_key(db: &Db, key: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM registrations WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await
}

/// The resident's live registration on a session, if any.
pub async fn live_place(db: &Db, session_id: i64, resident_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM registrations WHERE session_id = $1 AND resident_id = $2 \
         AND status <> 'cancelled'",
    )
    .bind(session_id)
    .bind(resident_id)
    .fetch_optional(&db.pool)
    .await
}

/// Cancels a live registration and gives back its seat or waitlist place. No refill: the
/// caller decides (see [`fill_from_waitlist`]).
pub async fn withdraw(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    status: &str,
    staff: i64,
    reason: &str,
    at: i64,
) -> sqlx::Result<()> {
    let session_id: Option<i64> = sqlx::query_scalar(
        "UPDATE registrations SET status = 'cancelled', cancelled_at = $1, cancelled_by = $2, \
            cancel_reason = $3, waitlist_position = NULL \
         WHERE id = $4 AND status = $5 RETURNING session_id",
    )
    .bind(at)
    .bind(staff)
    .bind(reason)
    .bind(id)
    .bind(status)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(session_id) = session_id else {
        return Ok(());
    };
    let sql = if status == "confirmed" {
        "UPDATE sessions SET seats_taken = seats_taken - 1 WHERE id = $1"
    } else {
        "UPDATE sessions SET waitlist_count = waitlist_count - 1 WHERE id = $1"
    };
    sqlx::query(sql).bind(session_id).execute(&mut **tx).await?;
    Ok(())
}

/// Cancels registration `id` if it is live; returns its session, or `None` if it was not.
pub async fn cancel(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    staff: i64,
    reason: &str,
) -> sqlx::Result<Option<i64>> {
    // The first statement writes (SQLite takes the write lock before reading).
    let at = now();
    sqlx::query("UPDATE registrations SET cancelled_at = cancelled_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let current: Option<(i64, String)> =
        sqlx::query_as("SELECT session_id, status FROM registrations WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
    match current {
        Some((session_id, status)) if status == "confirmed" || status == "waitlisted" => {
            withdraw(tx, id, &status, staff, reason, at).await?;
            Ok(Some(session_id))
        }
        _ => Ok(None),
    }
}

/// Moves people up from the waitlist, in order, while seats are free. Returns the
/// registrations promoted, so the caller can tell them.
pub async fn fill_from_waitlist(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
) -> sqlx::Result<Vec<i64>> {
    let at = now();
    let mut promoted = Vec::new();
    loop {
        let seat = sqlx::query(
            "UPDATE sessions SET seats_taken = seats_taken + 1, waitlist_count = waitlist_count - 1 \
             WHERE id = $1 AND status = 'scheduled' AND starts_at > $2 AND waitlist_count > 0 \
               AND seats_taken < capacity - walkin_seats",
        )
        .bind(session_id)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        if seat.rows_affected() == 0 {
            break;
        }
        let next: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM registrations WHERE session_id = $1 AND status = 'waitlisted' \
             ORDER BY waitlist_position, id LIMIT 1",
        )
        .bind(session_id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(next) = next else {
            // The count said someone waits but nobody does: give the seat back and stop.
            sqlx::query(
                "UPDATE sessions SET seats_taken = seats_taken - 1, waitlist_count = 0 WHERE id = $1",
            )
            .bind(session_id)
            .execute(&mut **tx)
            .await?;
            break;
        };
        sqlx::query(
            "UPDATE registrations SET status = 'confirmed', confirmed_at = $1, \
                waitlist_position = NULL WHERE id = $2",
        )
        .bind(at)
        .bind(next)
        .execute(&mut **tx)
        .await?;
        promoted.push(next);
    }
    Ok(promoted)
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    registration_id: i64,
    resident_id: i64,
    name: String,
    kana: String,
    phone: Option<String>,
    phone_alt: Option<String>,
    contact_pref: String,
    status: String,
    waitlist_position: Option<i64>,
}

/// The live registrations of a session: confirmed in 五十音 order, then the waitlist in order.
pub async fn roster(db: &Db, session_id: i64) -> sqlx::Result<Vec<RosterEntry>> {
    let rows: Vec<RosterRow> = sqlx::query_as(
        "SELECT g.id AS registration_id, r.id AS resident_id, r.name, r.kana, r.phone, \
                r.phone_alt, r.contact_pref, g.status, g.waitlist_position \
         FROM registrations g JOIN residents r ON r.id = g.resident_id \
         WHERE g.session_id = $1 AND g.status IN ('confirmed', 'waitlisted') \
         ORDER BY CASE g.status WHEN 'confirmed' THEN 0 ELSE 1 END, g.waitlist_position, \
                  r.kana_sort, g.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RosterEntry {
            registration_id: r.registration_id,
            resident_id: r.resident_id,
            name: r.name,
            kana: r.kana,
            phones: [r.phone, r.phone_alt]
                .into_iter()
                .flatten()
                .map(|p| crate::domain::PhoneNumber::display(&p))
                .collect(),
            contact_pref: ContactPref::from_code(&r.contact_pref).unwrap_or(ContactPref::Phone),
            status: RegistrationStatus::from_code(&r.status)
                .unwrap_or(RegistrationStatus::Cancelled),
            waitlist_position: r.waitlist_position,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ReadbackRow {
    registration_id: i64,
    resident_id: i64,
    resident_name: String,
    status: String,
    waitlist_position: Option<i64>,
    session_id: i64,
    title: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: String,
    venue_address: String,
    venue_access: String,
    what_to_bring: String,
    contact_pref: String,
    session_status: String,
}

pub async fn readback(db: &Db, id: i64) -> sqlx::Result<Option<Readback>> {
    let row: Option<ReadbackRow> = sqlx::query_as(
        "SELECT g.id AS registration_id, r.id AS resident_id, r.name AS resident_name, g.status, \
                g.waitlist_position, s.id AS session_id, s.title, s.starts_at, s.ends_at, \
                v.name AS venue_name, v.address AS venue_address, v.access_notes AS venue_access, \
                s.what_to_bring, r.contact_pref, s.status AS session_status \
         FROM registrations g JOIN residents r ON r.id = g.resident_id \
              JOIN sessions s ON s.id = g.session_id JOIN venues v ON v.id = s.venue_id \
         WHERE g.id = $1 AND g.status <> 'pending'",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| Readback {
        registration_id: r.registration_id,
        resident_id: r.resident_id,
        resident_name: r.resident_name,
        status: RegistrationStatus::from_code(&r.status).unwrap_or(RegistrationStatus::Cancelled),
        waitlist_position: r.waitlist_position,
        session_id: r.session_id,
        title: r.title,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        venue_name: r.venue_name,
        venue_address: r.venue_address,
        venue_access: r.venue_access,
        what_to_bring: r.what_to_bring,
        contact_pref: ContactPref::from_code(&r.contact_pref).unwrap_or(ContactPref::Phone),
        session_cancelled: r.session_status == "cancelled",
    }))
}

/// Sessions the resident holds a live place on.
pub async fn registered_sessions(db: &Db, resident_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT session_id FROM registrations WHERE resident_id = $1 \
         AND status IN ('confirmed', 'waitlisted')",
    )
    .bind(resident_id)
    .fetch_all(&db.pool)
    .await
}

/// The live registrations of a session with their residents, for notices on cancellation.
pub async fn live_of_session(
    conn: &mut AnyConnection,
    session_id: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT id, resident_id FROM registrations WHERE session_id = $1 \
         AND status IN ('confirmed', 'waitlisted') ORDER BY id",
    )
    .bind(session_id)
    .fetch_all(conn)
    .await
}
