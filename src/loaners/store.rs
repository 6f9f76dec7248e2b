//! SQL for loaner devices and loans.

use super::{Device, DeviceOs, HomeLoan, LoanLine};
use crate::db::{now, Db};
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct DeviceRow {
    id: i64,
    partner_name: String,
    label: String,
    os: String,
    model: String,
    out: i64,
}

/// Active devices, of one partner or of all.
pub async fn devices(db: &Db, partner: Option<i64>) -> sqlx::Result<Vec<Device>> {
    let rows: Vec<DeviceRow> = sqlx::query_as(
        "SELECT d.id, p.name AS partner_name, d.label, d.os, d.model, \
                (SELECT COUNT(*) FROM loans l WHERE l.device_id = d.id AND l.returned_at IS NULL) AS out \
         FROM loaner_devices d JOIN partners p ON p.id = d.partner_id \
         WHERE d.active = 1 AND ($1 = 0 OR d.partner_id = $1) ORDER BY p.name, d.label",
    )
    .bind(partner.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Device {
            id: r.id,
            partner_name: r.partner_name,
            label: r.label,
            os: DeviceOs::from_code(&r.os).unwrap_or(DeviceOs::Android),
            model: r.model,
            out: r.out > 0,
        })
        .collect())
}

/// Adds a device; `None` when the partner already has one with that label.
pub async fn add_device(
    conn: &mut AnyConnection,
    partner: i64,
    label: &str,
    os: DeviceOs,
    model: &str,
) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "INSERT INTO loaner_devices (partner_id, label, os, model, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (partner_id, label) DO NOTHING RETURNING id",
    )
    .bind(partner)
    .bind(label)
    .bind(os.code())
    .bind(model)
    .bind(now())
    .fetch_optional(conn)
    .await
}

/// Devices of the session's host and approved co-hosts that are in the cupboard now,
/// `(id, label)`.
pub async fn available(db: &Db, session_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT d.id, d.label FROM loaner_devices d \
         WHERE d.active = 1 AND (d.partner_id = (SELECT host_partner_id FROM sessions WHERE id = $1) \
               OR d.partner_id IN (SELECT partner_id FROM session_cohosts \
                                  WHERE session_id = $1 AND approved_at IS NOT NULL)) \
           AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.device_id = d.id AND l.returned_at IS NULL) \
         ORDER BY d.label",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await
}

/// Whether a device may be lent to a registration at this session: the device is one of
/// the session's own and in the cupboard, and the place is confirmed. Read before the loan's
/// transaction, which then writes first.
pub async fn may_lend(
    db: &Db,
    session_id: i64,
    registration_id: i64,
    device_id: i64,
) -> sqlx::Result<bool> {
    let ok = available(db, session_id).await?.iter().any(|(id, _)| *id == device_id);
    let booked: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM registrations WHERE id = $1 AND session_id = $2 AND status = 'confirmed'",
    )
    .bind(registration_id)
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(ok && booked.is_some())
}

/// Writes the loan of a device (checked with [`may_lend`]), home until `due_on` if given. False when the device is out
/// already (one loan at a time, enforced by an index); the failed insert then leaves the
/// transaction unusable on PostgreSQL, so the caller must not go on with it.
pub async fn lend(
    conn: &mut AnyConnection,
    session_id: i64,
    registration_id: i64,
    device_id: i64,
    due_on: Option<&str>,
    by: i64,
) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO loans (device_id, session_id, registration_id, lent_at, lent_by, due_on) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(device_id)
    .bind(session_id)
    .bind(registration_id)
    .bind(now())
    .bind(by)
    .bind(due_on)
    .execute(conn)
    .await;
    match inserted {
        Ok(_) => Ok(true),
        Err(e) if e.as_database_error().is_some_and(|d| d.is_unique_violation()) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The session of a loan.
pub async fn session_of(db: &Db, loan_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT session_id FROM loans WHERE id = $1")
        .bind(loan_id)
        .fetch_optional(&db.pool)
        .await
}

/// Ticks a check of the list: `returned` or `wiped` (a device is reset only once back).
pub async fn tick(
    conn: &mut AnyConnection,
    loan_id: i64,
    check: &str,
    by: i64,
) -> sqlx::Result<bool> {
    let sql = match check {
        // A phone lent home comes back through the devices page (condition, notices).
        "returned" => "UPDATE loans SET returned_at = $1, returned_by = $2 WHERE id = $3 AND returned_at IS NULL AND due_on IS NULL",
        "wiped" => "UPDATE loans SET wiped_at = $1, wiped_by = $2 WHERE id = $3 AND wiped_at IS NULL AND returned_at IS NOT NULL",
        _ => return Ok(false),
    };
    let done = sqlx::query(sql).bind(now()).bind(by).bind(loan_id).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct LoanRow {
    id: i64,
    device_label: String,
    os: String,
    holder: String,
    returned: i64,
    wiped: i64,
    due_on: Option<String>,
}

/// The loans of a session, in the order they were made.
pub async fn session_loans(db: &Db, session_id: i64) -> sqlx::Result<Vec<LoanLine>> {
    let rows: Vec<LoanRow> = sqlx::query_as(
        "SELECT l.id, d.label AS device_label, d.os, r.name AS holder, \
                CASE WHEN l.returned_at IS NULL THEN 0 ELSE 1 END AS returned, \
                CASE WHEN l.wiped_at IS NULL THEN 0 ELSE 1 END AS wiped, l.due_on \
         FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
              JOIN registrations g ON g.id = l.registration_id JOIN residents r ON r.id = g.resident_id \
         WHERE l.session_id = $1 ORDER BY l.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| LoanLine {
            id: r.id,
            device_label: r.device_label,
            os: DeviceOs::from_code(&r.os).unwrap_or(DeviceOs::Android),
            holder: r.holder,
            returned: r.returned != 0,
            wiped: r.wiped != 0,
            due_on: r.due_on,
        })
        .collect())
}

/// Phones lent home and not back, of one partner's devices or of all, soonest due first.
pub async fn home_loans(db: &Db, partner: Option<i64>) -> sqlx::Result<Vec<HomeLoan>> {
    sqlx::query_as(
        "SELECT l.id, d.label AS device_label, r.name AS holder, s.title AS session_title, \
                l.due_on \
         FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
              JOIN registrations g ON g.id = l.registration_id \
              JOIN residents r ON r.id = g.resident_id JOIN sessions s ON s.id = l.session_id \
         WHERE l.due_on IS NOT NULL AND l.returned_at IS NULL \
           AND ($1 = 0 OR d.partner_id = $1) \
         ORDER BY l.due_on, l.id",
    )
    .bind(partner.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

/// The holder of a loan, still a person we may contact (not erased).
const HOLDER: &str = "JOIN registrations g ON g.id = l.registration_id \
    JOIN residents r ON r.id = g.resident_id AND r.erased_at IS NULL";

/// Home loans not back whose notice falls due on `today` (`YYYY-MM-DD`): those due back
/// `tomorrow` (a reminder), and those due before `today` (a call), as `(loan, registration)`.
pub async fn loans_to_tell(
    db: &Db,
    today: &str,
    tomorrow: &str,
) -> sqlx::Result<(Vec<(i64, i64)>, Vec<(i64, i64)>)> {
    let due: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT l.id, l.registration_id FROM loans l {HOLDER} \
         WHERE l.due_on = $1 AND l.returned_at IS NULL ORDER BY l.id"
    )))
    .bind(tomorrow)
    .fetch_all(&db.pool)
    .await?;
    let overdue: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT l.id, l.registration_id FROM loans l {HOLDER} \
         WHERE l.due_on < $1 AND l.returned_at IS NULL ORDER BY l.id"
    )))
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    Ok((due, overdue))
}

/// The partner whose device a loan is of.
pub async fn partner_of_loan(db: &Db, loan_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT d.partner_id FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
         WHERE l.id = $1 AND l.due_on IS NOT NULL",
    )
    .bind(loan_id)
    .fetch_optional(&db.pool)
    .await
}

/// Takes a device lost with a loan out of the inventory (it is no longer in the cupboard).
pub async fn retire_device_of(conn: &mut AnyConnection, loan_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE loaner_devices SET active = 0 \
         WHERE id = (SELECT device_id FROM loans WHERE id = $1)",
    )
    .bind(loan_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a home loan back: its condition, a note, and the reset when done at once.
/// False when it is not a home loan still out.
pub async fn return_home(
    conn: &mut AnyConnection,
    loan_id: i64,
    condition: &str,
    note: &str,
    wiped: bool,
    by: i64,
) -> sqlx::Result<bool> {
    let at = now();
    let done = sqlx::query(
        "UPDATE loans SET returned_at = $1, returned_by = $2, condition = $3, \
            condition_note = $4, wiped_at = CASE WHEN $5 = 1 THEN $1 ELSE NULL END, \
            wiped_by = CASE WHEN $5 = 1 THEN $2 ELSE NULL END \
         WHERE id = $6 AND due_on IS NOT NULL AND returned_at IS NULL",
    )
    .bind(at)
    .bind(by)
    .bind(condition)
    .bind(note)
    .bind(i64::from(wiped))
    .bind(loan_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
