//! SQL for supporters: records, course progress, credentials, reminders, matching to
//! sessions and the certification register.

use super::{
    codes_of_mask, time_slot, Credential, CredentialKind, HelpedSession, Matching, Register,
    RegisterEntry, ReminderLine, Stage, Suggestion, Supporter, SupporterFigures, SupporterLine,
    UnitProgress, DAYS, HELP, TIMES,
};
use crate::db::{flag, now, Db};
use crate::domain::{FiscalYear, Kana, PhoneNumber};
use chrono::{Datelike, NaiveDate, Timelike};
use sqlx::{Any, AnyConnection, Transaction};

/// A supporter as the form gives it, checked.
#[derive(Debug, Clone)]
pub struct SupporterInput {
    pub name: String,
    pub kana: Kana,
    pub phone: Option<PhoneNumber>,
    pub email: String,
    pub basis: String,
    pub adult_confirmed: bool,
    /// Codes from [`HELP`].
    pub help: Vec<String>,
    pub help_other: String,
    pub days: i64,
    pub times: i64,
    pub district_id: Option<i64>,
    pub partner_id: Option<i64>,
    pub resident_id: Option<i64>,
    pub user_id: Option<i64>,
    pub notes: String,
}

/// An instant (seconds) in Japan time.
fn japan(at: i64) -> chrono::DateTime<chrono_tz::Tz> {
    crate::domain::to_japan(chrono::DateTime::from_timestamp(at, 0).unwrap_or_default())
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn help_columns() -> String {
    HELP.iter().map(|h| format!("help_{h}")).collect::<Vec<_>>().join(", ")
}

fn help_flags(input: &SupporterInput) -> Vec<i64> {
    HELP.iter().map(|h| flag(input.help.iter().any(|x| x == h))).collect()
}

/// Records a new supporter (interested); progress counts from `today`.
pub async fn insert(
    tx: &mut Transaction<'_, Any>,
    input: &SupporterInput,
    today: NaiveDate,
) -> sqlx::Result<i64> {
    let at = now();
    let sql = format!(
        "INSERT INTO supporters (name, kana, kana_compact, kana_sort, phone, email, basis, \
            adult_confirmed, help_other, days, times, district_id, partner_id, resident_id, \
            user_id, notes, last_progress_on, created_at, updated_at, {}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
            $18, $19, $20, $21, $22, $23) RETURNING id",
        help_columns()
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(&input.name)
        .bind(input.kana.as_str())
        .bind(input.kana.as_str().replace(' ', ""))
        .bind(input.kana.sort_key())
        .bind(input.phone.as_ref().map(|p| p.digits().to_string()))
        .bind(&input.email)
        .bind(&input.basis)
        .bind(flag(input.adult_confirmed))
        .bind(&input.help_other)
        .bind(input.days)
        .bind(input.times)
        .bind(input.district_id)
        .bind(input.partner_id)
        .bind(input.resident_id)
        .bind(input.user_id)
        .bind(&input.notes)
        .bind(ymd(today))
        .bind(at);
    for value in help_flags(input) {
        query = query.bind(value);
    }
    query.fetch_one(&mut **tx).await
}

/// Saves a supporter's details (not their stage or progress).
pub async fn update(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    input: &SupporterInput,
) -> sqlx::Result<()> {
    let sets: Vec<String> =
        HELP.iter().enumerate().map(|(i, h)| format!("help_{h} = ${}", 18 + i)).collect();
    let sql = format!(
        "UPDATE supporters SET name = $1, kana = $2, kana_compact = $3, kana_sort = $4, phone = $5, \
            email = $6, basis = $7, adult_confirmed = $8, help_other = $9, days = $10, times = $11, \
            district_id = $12, partner_id = $13, resident_id = $14, user_id = $15, notes = $16, \
            updated_at = $17, {} WHERE id = ${} AND erased_at IS NULL",
        sets.join(", "),
        18 + HELP.len()
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&input.name)
        .bind(input.kana.as_str())
        .bind(input.kana.as_str().replace(' ', ""))
        .bind(input.kana.sort_key())
        .bind(input.phone.as_ref().map(|p| p.digits().to_string()))
        .bind(&input.email)
        .bind(&input.basis)
        .bind(flag(input.adult_confirmed))
        .bind(&input.help_other)
        .bind(input.days)
        .bind(input.times)
        .bind(input.district_id)
        .bind(input.partner_id)
        .bind(input.resident_id)
        .bind(input.user_id)
        .bind(&input.notes)
        .bind(now());
    for value in help_flags(input) {
        query = query.bind(value);
    }
    query.bind(id).execute(&mut **tx).await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    name: String,
    kana: String,
    phone: Option<String>,
    email: String,
    basis: String,
    adult_confirmed: i64,
    help_other: String,
    days: i64,
    times: i64,
    district_id: Option<i64>,
    district: Option<String>,
    partner_id: Option<i64>,
    partner: Option<String>,
    resident_id: Option<i64>,
    user_id: Option<i64>,
    user_name: Option<String>,
    stage: String,
    last_progress_on: String,
    certificate_no: String,
    certified_on: Option<String>,
    certificate_note: String,
    notes: String,
    erased_at: Option<i64>,
}

fn stage(code: &str) -> Stage {
    Stage::from_code(code).unwrap_or(Stage::Interested)
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<Supporter>> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT s.id, s.name, s.kana, s.phone, s.email, s.basis, s.adult_confirmed, s.help_other, \
            s.days, s.times, s.district_id, d.name AS district, s.partner_id, p.name AS partner, \
            s.resident_id, s.user_id, u.display_name AS user_name, s.stage, s.last_progress_on, \
            s.certificate_no, s.certified_on, s.certificate_note, s.notes, s.erased_at \
         FROM supporters s LEFT JOIN districts d ON d.id = s.district_id \
         LEFT JOIN partners p ON p.id = s.partner_id LEFT JOIN users u ON u.id = s.user_id \
         WHERE s.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let help_sql = format!("SELECT {} FROM supporters WHERE id = $1", help_columns());
    let raw = sqlx::query(sqlx::AssertSqlSafe(help_sql)).bind(id).fetch_one(&db.pool).await?;
    let help = {
        use sqlx::Row as _;
        let mut help = Vec::new();
        for (i, code) in HELP.iter().enumerate() {
            if raw.try_get::<i64, _>(i)? != 0 {
                help.push(code.to_string());
            }
        }
        help
    };
    Ok(Some(Supporter {
        id: r.id,
        name: r.name,
        kana: r.kana,
        phone: r.phone.map(|d| PhoneNumber::display(&d)),
        email: r.email,
        basis: r.basis,
        adult_confirmed: r.adult_confirmed != 0,
        help,
        help_other: r.help_other,
        days: codes_of_mask(&DAYS, r.days),
        times: codes_of_mask(&TIMES, r.times),
        district_id: r.district_id,
        district: r.district,
        partner_id: r.partner_id,
        partner: r.partner,
        resident_id: r.resident_id,
        user_id: r.user_id,
        user_name: r.user_name,
        stage: stage(&r.stage),
        last_progress_on: r.last_progress_on,
        certificate_no: r.certificate_no,
        certified_on: r.certified_on,
        certificate_note: r.certificate_note,
        notes: r.notes,
        erased_at: r.erased_at,
    }))
}

/// Erases a supporter at their request: every personal field is wiped (name, reading,
/// contact, availability, district, the link to a resident record, certificate number and
/// notes) and their credentials' notes; their reminders are the operation's
/// ([`crate::notify::store::wipe_for`]). Their stage, certificate date, units and the hours they helped (kept with the session
/// reports) stay, so no count changes. False when already erased.
pub async fn erase(tx: &mut Transaction<'_, Any>, id: i64) -> sqlx::Result<bool> {
    let at = now();
    let help = HELP.iter().map(|h| format!("help_{h} = 0")).collect::<Vec<_>>().join(", ");
    let done = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE supporters SET name = '', kana = '', kana_compact = '', kana_sort = '', \
            phone = NULL, email = '', {help}, help_other = '', days = 0, times = 0, \
            district_id = NULL, resident_id = NULL, certificate_no = '', certificate_note = '', \
            notes = '', erased_at = $1, updated_at = $1 \
         WHERE id = $2 AND erased_at IS NULL"
    )))
    .bind(at)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("UPDATE supporter_credentials SET note = '' WHERE supporter_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(true)
}

/// The supporter record (not erased) that is the same person as a resident.
pub async fn of_resident(db: &Db, resident_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar(
        "SELECT id FROM supporters WHERE resident_id = $1 AND erased_at IS NULL ORDER BY id",
    )
    .bind(resident_id)
    .fetch_optional(&db.pool)
    .await
}

/// Makes an "interested" supporter record from a resident's record (name, reading,
/// phone, their own email, district), with where the interest came from and when they
/// agreed to be contacted. `None` when the resident has a supporter record already or was
/// erased: one record per person. The resident's row is locked first, so two answers at
/// once make one record.
pub async fn add_interested(
    conn: &mut AnyConnection,
    resident_id: i64,
    came_from: &str,
    consent_at: i64,
) -> sqlx::Result<Option<i64>> {
    sqlx::query("UPDATE residents SET updated_at = updated_at WHERE id = $1")
        .bind(resident_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar(
        "INSERT INTO supporters (name, kana, kana_compact, kana_sort, phone, email, basis, \
            district_id, resident_id, stage, came_from, contact_consent_at, last_progress_on, \
            created_at, updated_at) \
         SELECT r.name, r.kana, r.kana_compact, r.kana_sort, r.phone, \
            CASE WHEN r.email_owner = 'self' THEN r.email ELSE '' END, 'lives', r.district_id, \
            r.id, 'interested', $2, $3, $4, $3, $3 \
         FROM residents r WHERE r.id = $1 AND r.erased_at IS NULL AND r.kana <> '' \
            AND NOT EXISTS (SELECT 1 FROM supporters s WHERE s.resident_id = $1 \
                AND s.erased_at IS NULL) \
         RETURNING id",
    )
    .bind(resident_id)
    .bind(came_from)
    .bind(consent_at)
    .bind(ymd(crate::domain::today_in_japan()))
    .fetch_optional(conn)
    .await
}

/// The supporter record linked to a user account.
pub async fn of_user(db: &Db, user_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT id FROM supporters WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

/// Whether another supporter already has this account.
pub async fn user_taken(db: &Db, user_id: i64, except: Option<i64>) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM supporters WHERE user_id = $1 AND id <> $2")
            .bind(user_id)
            .bind(except.unwrap_or(0))
            .fetch_optional(&db.pool)
            .await?;
    Ok(found.is_some())
}

/// Every supporter for the board, in 五十音 order, with the units they have done.
pub async fn board(db: &Db) -> sqlx::Result<Vec<SupporterLine>> {
    #[derive(sqlx::FromRow)]
    struct BoardRow {
        id: i64,
        name: String,
        kana: String,
        stage: String,
        units_done: i64,
        last_progress_on: String,
        district: Option<String>,
        came_from: String,
    }
    let rows: Vec<BoardRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.kana, s.stage, s.came_from, \
            (SELECT COUNT(*) FROM supporter_units su JOIN course_units c ON c.id = su.unit_id \
              WHERE su.supporter_id = s.id AND c.active = 1) AS units_done, \
            s.last_progress_on, d.name AS district \
         FROM supporters s LEFT JOIN districts d ON d.id = s.district_id \
         ORDER BY s.kana_sort, s.id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| SupporterLine {
            id: r.id,
            stage: stage(&r.stage),
            name: r.name,
            kana: r.kana,
            units_done: r.units_done,
            last_progress_on: r.last_progress_on,
            district: r.district,
            came_from: r.came_from,
        })
        .collect())
}

/// The course units in use, in order.
pub async fn course_units(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM course_units WHERE active = 1 ORDER BY sort_order, id")
        .fetch_all(&db.pool)
        .await
}

/// The course units in use with the supporter's completions.
pub async fn units(db: &Db, supporter_id: i64) -> sqlx::Result<Vec<UnitProgress>> {
    let rows: Vec<(i64, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT c.id, c.name, su.completed_on, uc.claimed_on FROM course_units c \
         LEFT JOIN supporter_units su ON su.unit_id = c.id AND su.supporter_id = $1 \
         LEFT JOIN supporter_unit_claims uc ON uc.unit_id = c.id AND uc.supporter_id = $1 \
         WHERE c.active = 1 ORDER BY c.sort_order, c.id",
    )
    .bind(supporter_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(unit_id, name, completed_on, claimed_on)| UnitProgress {
            unit_id,
            name,
            claimed_on: claimed_on.filter(|_| completed_on.is_none()),
            completed_on,
        })
        .collect())
}

/// Makes the completed units exactly `done` (units in use only): new ones are dated `on`,
/// unticked ones are removed. Returns how many were added; progress moves to `on` then.
pub async fn set_units(
    tx: &mut Transaction<'_, Any>,
    supporter_id: i64,
    done: &[i64],
    on: NaiveDate,
    by: i64,
) -> sqlx::Result<u64> {
    let existing: Vec<i64> = sqlx::query_scalar(
        "SELECT su.unit_id FROM supporter_units su JOIN course_units c ON c.id = su.unit_id \
         WHERE su.supporter_id = $1 AND c.active = 1",
    )
    .bind(supporter_id)
    .fetch_all(&mut **tx)
    .await?;
    for unit in existing.iter().filter(|u| !done.contains(u)) {
        sqlx::query("DELETE FROM supporter_units WHERE supporter_id = $1 AND unit_id = $2")
            .bind(supporter_id)
            .bind(unit)
            .execute(&mut **tx)
            .await?;
    }
    let mut added = 0;
    for unit in done.iter().filter(|u| !existing.contains(u)) {
        // Unknown or retired units insert nothing and count for nothing.
        added += sqlx::query(
            "INSERT INTO supporter_units (supporter_id, unit_id, completed_on, recorded_by) \
             SELECT $1, id, $2, $3 FROM course_units WHERE id = $4 AND active = 1",
        )
        .bind(supporter_id)
        .bind(ymd(on))
        .bind(by)
        .bind(unit)
        .execute(&mut **tx)
        .await?
        .rows_affected();
    }
    if added > 0 {
        progress(tx, supporter_id, on).await?;
    }
    // A trainee's tick is answered once staff have recorded the unit.
    sqlx::query(
        "DELETE FROM supporter_unit_claims WHERE supporter_id = $1 AND unit_id IN \
         (SELECT unit_id FROM supporter_units WHERE supporter_id = $1)",
    )
    .bind(supporter_id)
    .execute(&mut **tx)
    .await?;
    Ok(added)
}

/// A trainee ticks an active unit as done on their own record, for staff to confirm.
/// False when it is done already, ticked already, or no unit in use.
pub async fn claim_unit(
    conn: &mut AnyConnection,
    supporter_id: i64,
    unit_id: i64,
    on: NaiveDate,
) -> sqlx::Result<bool> {
    let made = sqlx::query(
        "INSERT INTO supporter_unit_claims (supporter_id, unit_id, claimed_on) \
         SELECT $1, c.id, $2 FROM course_units c WHERE c.id = $3 AND c.active = 1 \
           AND NOT EXISTS (SELECT 1 FROM supporter_units su WHERE su.supporter_id = $1 \
               AND su.unit_id = c.id) \
         ON CONFLICT (supporter_id, unit_id) DO NOTHING",
    )
    .bind(supporter_id)
    .bind(ymd(on))
    .bind(unit_id)
    .execute(conn)
    .await?;
    Ok(made.rows_affected() == 1)
}

async fn progress(tx: &mut Transaction<'_, Any>, id: i64, on: NaiveDate) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE supporters SET last_progress_on = CASE WHEN last_progress_on < $1 THEN $1 \
            ELSE last_progress_on END, updated_at = $2 WHERE id = $3",
    )
    .bind(ymd(on))
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The certificate given with a move to "certified".
#[derive(Debug, Clone)]
pub struct Certificate {
    pub number: String,
    pub date: NaiveDate,
    pub note: String,
}

/// Moves a supporter to `to` (already checked), recording the certificate if given. With
/// `from`, only while they are still at that stage (two people moving the same record at
/// once cannot chain steps that were each checked alone); false when they were not.
pub async fn set_stage(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    from: Option<Stage>,
    to: Stage,
    certificate: Option<&Certificate>,
    today: NaiveDate,
) -> sqlx::Result<bool> {
    let moved = sqlx::query(
        "UPDATE supporters SET stage = $1, updated_at = $2 WHERE id = $3 AND ($4 = '' OR stage = $4)",
    )
    .bind(to.code())
    .bind(now())
    .bind(id)
    .bind(from.map(Stage::code).unwrap_or_default())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    if let Some(c) = certificate {
        sqlx::query(
            "UPDATE supporters SET certificate_no = $1, certified_on = $2, certificate_note = $3 \
             WHERE id = $4",
        )
        .bind(&c.number)
        .bind(ymd(c.date))
        .bind(&c.note)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    progress(tx, id, today).await?;
    Ok(true)
}

pub async fn credentials(db: &Db, supporter_id: i64) -> sqlx::Result<Vec<Credential>> {
    let rows: Vec<(i64, String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, kind, name, earned_on, expires_on, note FROM supporter_credentials \
         WHERE supporter_id = $1 ORDER BY earned_on DESC, id DESC",
    )
    .bind(supporter_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, name, earned_on, expires_on, note)| Credential {
            id,
            kind: CredentialKind::from_code(&kind).unwrap_or(CredentialKind::LocalTraining),
            name,
            earned_on,
            expires_on,
            note,
        })
        .collect())
}

pub async fn add_credential(
    tx: &mut Transaction<'_, Any>,
    supporter_id: i64,
    c: &Credential,
    by: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "INSERT INTO supporter_credentials (supporter_id, kind, name, earned_on, expires_on, note, \
            recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(supporter_id)
    .bind(c.kind.code())
    .bind(&c.name)
    .bind(&c.earned_on)
    .bind(c.expires_on.clone())
    .bind(&c.note)
    .bind(by)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

/// Sessions the user helped at or is assigned to, latest first, with the minutes reported.
pub async fn helped_sessions(db: &Db, user_id: i64) -> sqlx::Result<Vec<HelpedSession>> {
    let rows: Vec<(i64, String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT s.id, s.title, s.starts_at, h.minutes FROM sessions s \
         LEFT JOIN helper_hours h ON h.session_id = s.id AND h.user_id = $1 \
         WHERE EXISTS (SELECT 1 FROM session_assignments a WHERE a.session_id = s.id AND a.user_id = $1) \
            OR h.user_id IS NOT NULL \
         ORDER BY s.starts_at DESC LIMIT 100",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(session_id, title, starts_at, minutes)| HelpedSession {
            session_id,
            title,
            starts_at,
            minutes,
        })
        .collect())
}

/// Volunteer accounts a supporter may be linked to: not linked to anyone else.
pub async fn linkable_users(db: &Db, supporter: Option<i64>) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT u.id, u.display_name FROM users u WHERE u.role = 'volunteer' AND u.disabled = 0 \
         AND NOT EXISTS (SELECT 1 FROM supporters s WHERE s.user_id = u.id AND s.id <> $1) \
         ORDER BY u.display_name, u.id",
    )
    .bind(supporter.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

/// The programme's numbers: `(days without progress before a reminder, participants per
/// supporter)`.
pub async fn settings(db: &Db) -> sqlx::Result<(i64, i64)> {
    use crate::db::settings::{read, value};
    let rows = read(&mut *db.pool.acquire().await?, "").await?;
    Ok((value(&rows, "supporter_stall_days", 30), value(&rows, "participants_per_supporter", 4)))
}

/// Saves the programme's numbers, inside the caller's transaction.
pub async fn save_settings(
    conn: &mut AnyConnection,
    stall_days: i64,
    per_supporter: i64,
) -> sqlx::Result<()> {
    let values =
        [("supporter_stall_days", stall_days), ("participants_per_supporter", per_supporter)];
    crate::db::settings::save(conn, values.map(|(name, value)| (name.to_string(), value))).await
}

/// Days before a credential's expiry when its holder is reminded.
pub const EXPIRY_NOTICE_DAYS: i64 = 30;

/// Makes the reminders due at `at`: enrolled trainees without progress for the configured
/// number of days, and credentials expiring within [`EXPIRY_NOTICE_DAYS`]. Each once (per
/// stall, per expiry date). By email when the supporter has an address, else a call on the
/// supporters' reminder list. Returns how many were made.
pub async fn queue_reminders(db: &Db, at: i64) -> sqlx::Result<usize> {
    let today = japan(at).date_naive();
    let (stall_days, _) = settings(db).await?;
    let stalled_since = ymd(today - chrono::Duration::days(stall_days));
    let stalled: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT id, name, email, last_progress_on FROM supporters \
         WHERE stage = 'enrolled' AND last_progress_on <= $1",
    )
    .bind(&stalled_since)
    .fetch_all(&db.pool)
    .await?;
    let until = ymd(today + chrono::Duration::days(EXPIRY_NOTICE_DAYS));
    let expiring: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
        "SELECT c.id, s.id, s.name, s.email, c.name, c.expires_on FROM supporter_credentials c \
         JOIN supporters s ON s.id = c.supporter_id \
         WHERE c.expires_on >= $1 AND c.expires_on <= $2 AND s.stage <> 'inactive'",
    )
    .bind(ymd(today))
    .bind(&until)
    .fetch_all(&db.pool)
    .await?;
    let mut made = 0;
    for (id, name, email, since) in stalled {
        let (subject, body) = super::texts::stalled(&name, &since);
        let key = format!("supporter_stalled:{id}:{since}");
        made += enqueue(db, id, "supporter_stalled", &key, &email, &subject, &body, today).await?;
    }
    for (credential, id, name, email, what, expires_on) in expiring {
        let (subject, body) = super::texts::expiring(&name, &what, &expires_on);
        let key = format!("credential_expiring:{credential}:{expires_on}");
        made +=
            enqueue(db, id, "credential_expiring", &key, &email, &subject, &body, today).await?;
    }
    Ok(made)
}

#[allow(clippy::too_many_arguments)]
async fn enqueue(
    db: &Db,
    supporter_id: i64,
    kind: &str,
    key: &str,
    email: &str,
    subject: &str,
    body: &str,
    today: NaiveDate,
) -> sqlx::Result<usize> {
    let channel = if email.is_empty() { "phone" } else { "email" };
    let done = sqlx::query(
        "INSERT INTO notices (kind, channel, supporter_id, dedupe_key, due_on, email_to, subject, \
            body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(kind)
    .bind(channel)
    .bind(supporter_id)
    .bind(key)
    .bind(ymd(today))
    .bind(email)
    .bind(subject)
    .bind(body)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() as usize)
}

/// Reminders of one supporter, or (with `None`) those still to do and the latest sent.
pub async fn reminders(db: &Db, supporter: Option<i64>) -> sqlx::Result<Vec<ReminderLine>> {
    #[derive(sqlx::FromRow)]
    struct ReminderRow {
        id: i64,
        supporter_id: i64,
        name: String,
        kind: String,
        channel: String,
        status: String,
        due_on: String,
        subject: String,
        phone: Option<String>,
        last_error: Option<String>,
    }
    let rows: Vec<ReminderRow> = sqlx::query_as(
        "SELECT n.id, s.id AS supporter_id, s.name, n.kind, n.channel, n.status, n.due_on, n.subject, s.phone, \
            n.last_error FROM notices n JOIN supporters s ON s.id = n.supporter_id \
         WHERE ($1 = 0 OR s.id = $1) \
         ORDER BY CASE n.status WHEN 'pending' THEN 0 ELSE 1 END, n.due_on DESC, n.id DESC LIMIT 200",
    )
    .bind(supporter.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ReminderLine {
            id: r.id,
            supporter_id: r.supporter_id,
            name: r.name,
            kind: r.kind,
            channel: r.channel,
            status: r.status,
            due_on: r.due_on,
            subject: r.subject,
            phone: r.phone.map(|d| PhoneNumber::display(&d)),
            last_error: r.last_error,
        })
        .collect())
}

/// Marks a reminder call made. False when it is not a pending supporter call.
pub async fn reminder_called(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    by: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE notices SET status = 'done', outcome = 'reached', outcome_at = $1, outcome_by = $2 \
         WHERE id = $3 AND supporter_id IS NOT NULL AND channel = 'phone' AND status = 'pending'",
    )
    .bind(now())
    .bind(by)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: i64,
    name: String,
    help_iphone: i64,
    help_android: i64,
    days: i64,
    times: i64,
    district_id: Option<i64>,
    user_id: Option<i64>,
    assigned: i64,
    minutes: i64,
    busy_with: Option<String>,
}

/// Certified and active supporters for a session, ranked: first by how many participants'
/// phones (iPhone, Android) they can help with, then the venue's district, then whether the
/// weekday and time of day suit them; among equals, who has given fewer hours this fiscal
/// year, then 五十音. Anyone already helping at another session that overlaps this one comes
/// last, with that session's title. `None` when there is no such session.
pub async fn matching(db: &Db, session_id: i64) -> sqlx::Result<Option<Matching>> {
    let session: Option<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT s.title, s.starts_at, s.ends_at, v.district_id FROM sessions s \
         JOIN venues v ON v.id = s.venue_id WHERE s.id = $1",
    )
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((title, starts_at, ends_at, district)) = session else {
        return Ok(None);
    };
    let phones: Vec<(String, i64)> = sqlx::query_as(
        "SELECT r.smartphone, COUNT(*) FROM registrations g JOIN residents r ON r.id = g.resident_id \
         WHERE g.session_id = $1 AND g.status = 'confirmed' GROUP BY r.smartphone",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let count = |kind: &str| phones.iter().filter(|(k, _)| k == kind).map(|(_, n)| *n).sum::<i64>();
    let participants: i64 = phones.iter().map(|(_, n)| *n).sum();
    let (iphone, android) = (count("iphone"), count("android"));
    let start = japan(starts_at);
    let day_bit = 1_i64 << start.weekday().num_days_from_monday();
    let time_bit = 1_i64 << time_slot(start.hour());
    let fy = FiscalYear::of(start.date_naive());
    let candidates: Vec<Candidate> = sqlx::query_as(
        "SELECT s.id, s.name, s.help_iphone, s.help_android, s.days, s.times, s.district_id, \
            (SELECT u.id FROM users u WHERE u.id = s.user_id AND u.role = 'volunteer' \
                AND u.disabled = 0) AS user_id, \
            CASE WHEN EXISTS (SELECT 1 FROM session_assignments a WHERE a.session_id = $1 \
                AND a.user_id = s.user_id) THEN 1 ELSE 0 END AS assigned, \
            CAST(COALESCE((SELECT SUM(h.minutes) FROM helper_hours h JOIN sessions x ON x.id = h.session_id \
                WHERE h.user_id = s.user_id AND x.local_date >= $2 AND x.local_date <= $3), 0) AS BIGINT) AS minutes, \
            (SELECT o.title FROM session_assignments b JOIN sessions o ON o.id = b.session_id \
                WHERE b.user_id = s.user_id AND o.id <> $1 AND o.status <> 'cancelled' \
                AND o.starts_at < $5 AND o.ends_at > $4 ORDER BY o.starts_at, o.id LIMIT 1) AS busy_with \
         FROM supporters s WHERE s.stage IN ('certified', 'active') ORDER BY s.kana_sort, s.id",
    )
    .bind(session_id)
    .bind(ymd(fy.first_day()))
    .bind(ymd(fy.last_day()))
    .bind(starts_at)
    .bind(ends_at)
    .fetch_all(&db.pool)
    .await?;
    let mut suggestions: Vec<Suggestion> = candidates
        .into_iter()
        .map(|c| {
            let mut reasons = Vec::new();
            let mut covered = 0;
            if c.help_iphone != 0 && iphone > 0 {
                covered += iphone;
                reasons.push("iphone".to_string());
            }
            if c.help_android != 0 && android > 0 {
                covered += android;
                reasons.push("android".to_string());
            }
            let near = district.is_some() && c.district_id == district;
            let day = c.days & day_bit != 0;
            let time = c.times & time_bit != 0;
            for (yes, code) in [(near, "district"), (day, "day"), (time, "time")] {
                if yes {
                    reasons.push(code.to_string());
                }
            }
            Suggestion {
                supporter_id: c.id,
                name: c.name,
                score: covered * 10 + 4 * i64::from(near) + 2 * i64::from(day) + i64::from(time),
                reasons,
                user_id: c.user_id,
                assigned: c.assigned != 0,
                minutes_this_year: c.minutes,
                busy_with: c.busy_with,
            }
        })
        .collect();
    // Those helping at another session at the same time go last. Stable: equal scores keep
    // 五十音 order after fewer minutes.
    suggestions.sort_by(|a, b| {
        a.busy_with
            .is_some()
            .cmp(&b.busy_with.is_some())
            .then(b.score.cmp(&a.score))
            .then(a.minutes_this_year.cmp(&b.minutes_this_year))
    });
    let (_, per_supporter) = settings(db).await?;
    let assigned: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM session_assignments a JOIN supporters s ON s.user_id = a.user_id \
         WHERE a.session_id = $1",
    )
    .bind(session_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(Some(Matching {
        session_id,
        title,
        starts_at,
        ends_at,
        participants,
        iphone,
        android,
        wanted: (participants + per_supporter.max(1) - 1) / per_supporter.max(1),
        assigned,
        suggestions,
    }))
}

/// The certification register (everyone with a certificate, by date) and the year's counts.
pub async fn register(db: &Db, fy: FiscalYear) -> sqlx::Result<Register> {
    #[derive(sqlx::FromRow)]
    struct RegisterRow {
        id: i64,
        name: String,
        kana: String,
        certificate_no: String,
        certified_on: String,
        stage: String,
        district: Option<String>,
    }
    let rows: Vec<RegisterRow> = sqlx::query_as(
        "SELECT s.id, s.name, s.kana, s.certificate_no, s.certified_on, s.stage, d.name AS district \
         FROM supporters s LEFT JOIN districts d ON d.id = s.district_id \
         WHERE s.certified_on IS NOT NULL ORDER BY s.certified_on, s.certificate_no, s.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        entries.push(RegisterEntry {
            credentials: credentials(db, r.id).await?,
            id: r.id,
            stage: stage(&r.stage),
            name: r.name,
            kana: r.kana,
            certificate_no: r.certificate_no,
            certified_on: r.certified_on,
            district: r.district,
        });
    }
    Ok(Register { entries, figures: figures(db, fy).await? })
}

/// A fiscal year's counts: newly certified, certified supporters who helped at a session,
/// minutes given, and trainees enrolled now.
pub async fn figures(db: &Db, fy: FiscalYear) -> sqlx::Result<SupporterFigures> {
    let (first, last) = (ymd(fy.first_day()), ymd(fy.last_day()));
    let newly_certified: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM supporters WHERE certified_on >= $1 AND certified_on <= $2",
    )
    .bind(&first)
    .bind(&last)
    .fetch_one(&db.pool)
    .await?;
    let (active, minutes): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(DISTINCT s.id), CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT) \
         FROM helper_hours h JOIN sessions x ON x.id = h.session_id \
         JOIN supporters s ON s.user_id = h.user_id \
         WHERE x.local_date >= $1 AND x.local_date <= $2 AND s.certified_on IS NOT NULL",
    )
    .bind(&first)
    .bind(&last)
    .fetch_one(&db.pool)
    .await?;
    let enrolled_now: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM supporters WHERE stage = 'enrolled'")
            .fetch_one(&db.pool)
            .await?;
    Ok(SupporterFigures {
        fiscal_year: fy.start_year(),
        newly_certified,
        active,
        minutes,
        enrolled_now,
    })
}
