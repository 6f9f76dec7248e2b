//! SQL of the disclosure print: each kind of record held about a resident (and the records
//! merged into them), read with the person's ids only.

use super::{Answered, Booking, Request, SentNotice, SupporterPart};
use crate::db::Db;

/// Every booking, waitlist place and attendance of the resident, oldest first.
pub async fn bookings(db: &Db, id: i64) -> sqlx::Result<Vec<Booking>> {
    sqlx::query_as(
        "SELECT s.title, s.starts_at, v.name AS venue, g.status, g.attended, g.walkin, \
                g.cancel_reason, g.created_at, \
                (SELECT MAX(d.label) FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
                 WHERE l.registration_id = g.id) AS loan, \
                (SELECT MAX(l.due_on) FROM loans l WHERE l.registration_id = g.id) AS loan_due, \
                (SELECT MAX(l.condition) FROM loans l WHERE l.registration_id = g.id) \
                  AS loan_condition, \
                (SELECT MAX(l.condition_note) FROM loans l WHERE l.registration_id = g.id) \
                  AS loan_note \
         FROM registrations g JOIN sessions s ON s.id = g.session_id \
              JOIN venues v ON v.id = s.venue_id \
         WHERE g.resident_id = $1 ORDER BY s.starts_at, g.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// Every notice made for the resident or their supporter record, with its text, oldest
/// first, with its id (for its audit entries).
pub async fn notices(
    db: &Db,
    id: i64,
    supporter: Option<i64>,
) -> sqlx::Result<Vec<(i64, SentNotice)>> {
    let rows: Vec<NoticeRow> = sqlx::query_as(
        "SELECT n.id, n.created_at, n.kind, n.channel, n.status, n.outcome, n.outcome_note, \
                COALESCE(s.title, '') AS session_title, n.email_to, n.subject, n.body, n.sent_at \
         FROM notices n LEFT JOIN sessions s ON s.id = n.session_id \
         WHERE n.resident_id = $1 OR n.supporter_id = $2 ORDER BY n.created_at, n.id",
    )
    .bind(id)
    .bind(supporter.unwrap_or(-1))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.notice)).collect())
}

#[derive(sqlx::FromRow)]
struct NoticeRow {
    id: i64,
    #[sqlx(flatten)]
    notice: SentNotice,
}

/// The ids of the resident's paper-support requests.
pub async fn request_ids(db: &Db, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM support_requests WHERE resident_id = $1")
        .bind(id)
        .fetch_all(&db.pool)
        .await
}

/// The resident's requests for paper or in-person help, oldest first.
pub async fn requests(db: &Db, id: i64) -> sqlx::Result<Vec<Request>> {
    sqlx::query_as(
        "SELECT q.requested_on, COALESCE(p.name, q.procedure_other) AS procedure, q.channel, \
                q.status, q.reason_other, q.notes \
         FROM support_requests q LEFT JOIN procedures p ON p.id = q.procedure_id \
         WHERE q.resident_id = $1 ORDER BY q.requested_on, q.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// The questionnaires the resident answered (numbered sheets and phone answers), oldest
/// first.
pub async fn answers(db: &Db, id: i64) -> sqlx::Result<Vec<Answered>> {
    sqlx::query_as(
        "SELECT s.title, s.starts_at, a.via, a.satisfaction, a.next_level, a.wants_to_help, \
                a.contact_ok, a.comment \
         FROM questionnaire_answers a JOIN registrations g ON g.id = a.registration_id \
         JOIN sessions s ON s.id = a.session_id WHERE g.resident_id = $1 ORDER BY s.starts_at, a.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// The levels the resident asked to be invited to, and whether they were.
pub async fn wishes(db: &Db, id: i64) -> sqlx::Result<Vec<(String, bool)>> {
    let rows: Vec<(String, Option<i64>)> = sqlx::query_as(
        "SELECT level, invited_at FROM next_level_wishes WHERE resident_id = $1 ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(level, at)| (level, at.is_some())).collect())
}

/// The supporter record linked to any of the person's resident records, if any.
pub async fn supporter(db: &Db, ids: &[i64]) -> sqlx::Result<Option<SupporterPart>> {
    let list = numbers(ids);
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT id, name, phone, email, stage, certificate_no, certified_on, notes \
         FROM supporters WHERE resident_id IN ({list}) ORDER BY id LIMIT 1"
    )))
    .fetch_optional(&db.pool)
    .await
}

/// Ids as an SQL list (numbers only, so nothing can be injected).
fn numbers(ids: &[i64]) -> String {
    if ids.is_empty() {
        return "-1".to_string();
    }
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ")
}

/// A supporter's credentials: `(name, earned on)`.
pub async fn credentials(db: &Db, supporter: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT name, earned_on FROM supporter_credentials WHERE supporter_id = $1 \
         ORDER BY earned_on, id",
    )
    .bind(supporter)
    .fetch_all(&db.pool)
    .await
}

/// The ids of the resident's registrations (their audit entries belong to the print).
pub async fn registration_ids(db: &Db, id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT id FROM registrations WHERE resident_id = $1")
        .bind(id)
        .fetch_all(&db.pool)
        .await
}
