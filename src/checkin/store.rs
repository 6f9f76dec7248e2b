//! SQL for check-in and walk-ins.

use super::CheckinEntry;
use crate::db::{flag, now, Db};
use crate::residents::{Needs, Smartphone};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct Row {
    registration_id: i64,
    name: String,
    kana: String,
    need_hearing: i64,
    need_vision: i64,
    need_mobility: i64,
    need_companion: i64,
    smartphone: String,
    attended: i64,
    walkin: i64,
    holding: Option<String>,
    changed_at: i64,
}

/// Confirmed places and walk-ins of a session, in 五十音 order (walk-ins without a reading
/// last).
pub async fn entries(db: &Db, session_id: i64) -> sqlx::Result<Vec<CheckinEntry>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT g.id AS registration_id, r.name, r.kana, r.need_hearing, r.need_vision, \
                r.need_mobility, r.need_companion, r.smartphone, g.attended, g.walkin, \
                (SELECT MIN(d.label) FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
                 WHERE l.registration_id = g.id AND l.returned_at IS NULL) AS holding, \
                COALESCE(g.checked_in_at, 0) AS changed_at \
         FROM registrations g JOIN residents r ON r.id = g.resident_id \
         WHERE g.session_id = $1 AND g.status = 'confirmed' \
         ORDER BY CASE WHEN r.kana = '' THEN 1 ELSE 0 END, r.kana_sort, g.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CheckinEntry {
            registration_id: r.registration_id,
            name: r.name,
            kana: crate::domain::Kana::parse(&r.kana).map(|k| k.katakana()).unwrap_or(r.kana),
            needs: Needs {
                hearing: r.need_hearing != 0,
                vision: r.need_vision != 0,
                mobility: r.need_mobility != 0,
                companion: r.need_companion != 0,
            },
            smartphone: Smartphone::from_code(&r.smartphone).unwrap_or(Smartphone::None),
            attended: r.attended != 0,
            walkin: r.walkin != 0,
            holding: r.holding,
            changed_at: r.changed_at,
        })
        .collect())
}

/// The session a registration belongs to.
pub async fn session_of(db: &Db, registration_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT session_id FROM registrations WHERE id = $1")
        .bind(registration_id)
        .fetch_optional(&db.pool)
        .await
}

/// Marks a confirmed place present or not, as changed `at` (Unix seconds). Setting a state
/// (not toggling) makes a retried request harmless. False if there is no such confirmed
/// place.
pub async fn set_attended(
    conn: &mut AnyConnection,
    registration_id: i64,
    present: bool,
    by: i64,
    at: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE registrations SET attended = $1, checked_in_at = $2, checked_in_by = $3 \
         WHERE id = $4 AND status = 'confirmed'",
    )
    .bind(flag(present))
    .bind(at)
    .bind(by)
    .bind(registration_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A walk-in as given at the door.
pub struct Walkin {
    pub name: String,
    pub kana: String,
    pub age_band: Option<String>,
    pub district_id: Option<i64>,
}

/// The registration a form key already made, if any.
pub async fn registration_with_key(
    conn: &mut AnyConnection,
    key: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM registrations WHERE idempotency_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// Adds a walk-in: a minimal resident record and a place marked present, under the form's
/// key. Returns the registration id.
pub async fn add_walkin(
    conn: &mut AnyConnection,
    session_id: i64,
    w: &Walkin,
    key: &str,
    by: i64,
) -> sqlx::Result<i64> {
    let at = now();
    let sort = crate::domain::Kana::parse(&w.kana).map(|k| k.sort_key()).unwrap_or_default();
    let resident: i64 = sqlx::query_scalar(
        "INSERT INTO residents (name, kana, kana_compact, kana_sort, district_id, age_band, walkin, \
            created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 1, $7, $7) RETURNING id",
    )
    .bind(&w.name)
    .bind(&w.kana)
    .bind(w.kana.replace(' ', ""))
    .bind(sort)
    .bind(w.district_id)
    .bind(&w.age_band)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query_scalar(
        "INSERT INTO registrations (session_id, resident_id, status, idempotency_key, booked_by, \
            created_at, confirmed_at, attended, checked_in_at, checked_in_by, walkin) \
         VALUES ($1, $2, 'confirmed', $3, $4, $5, $5, 1, $5, $4, 1) RETURNING id",
    )
    .bind(session_id)
    .bind(resident)
    .bind(key)
    .bind(by)
    .bind(at)
    .fetch_one(conn)
    .await
}

/// The confirmed places of a session with whether each is marked present, inside the
/// caller's transaction.
pub async fn attendance_in(
    conn: &mut AnyConnection,
    session_id: i64,
) -> sqlx::Result<Vec<(i64, bool)>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, attended FROM registrations WHERE session_id = $1 AND status = 'confirmed' \
         ORDER BY id",
    )
    .bind(session_id)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(id, attended)| (id, attended != 0)).collect())
}

/// A confirmed place's attendance as it stands, inside the caller's transaction: the
/// session, present or not, when it last changed (0 if never) and by whom.
pub struct Attendance {
    pub session_id: i64,
    pub present: bool,
    pub changed_at: i64,
    pub changed_by: Option<i64>,
}

pub async fn attendance_of(
    conn: &mut AnyConnection,
    registration_id: i64,
) -> sqlx::Result<Option<Attendance>> {
    let row: Option<(i64, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT session_id, attended, COALESCE(checked_in_at, 0), checked_in_by \
         FROM registrations WHERE id = $1 AND status = 'confirmed'",
    )
    .bind(registration_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(session_id, present, changed_at, changed_by)| Attendance {
        session_id,
        present: present != 0,
        changed_at,
        changed_by,
    }))
}

/// What an earlier sending of a tap came to (`applied` or `kept`), if it arrived before.
pub async fn tap_outcome(conn: &mut AnyConnection, key: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT outcome FROM checkin_taps WHERE tap_key = $1")
        .bind(key)
        .fetch_optional(conn)
        .await
}

/// Records that a tap arrived and what came of it, so a repeat changes nothing.
pub async fn record_tap(
    conn: &mut AnyConnection,
    key: &str,
    session_id: i64,
    by: i64,
    outcome: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO checkin_taps (tap_key, session_id, user_id, outcome, applied_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(key)
    .bind(session_id)
    .bind(by)
    .bind(outcome)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}
