//! The today page's SQL: counts of the day's work and the sessions with their demand.
//! Reads only; each query is served by an index (the benchmark in `examples/bench_reach.rs`
//! times them on Tokyo-scale data).

use super::{AdminDay, CallCount, DaySession, Demand, LoanOut, NextSession, SupporterStep};
use crate::db::Db;
use crate::notify::NoticeKind;
use std::collections::HashMap;

/// Pending calls to residents due on `today` or before, by kind: due today and overdue.
/// The same calls as the call list (`notify::store::calls`) shows as not yet done.
pub async fn call_counts(db: &Db, today: &str) -> sqlx::Result<Vec<CallCount>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT n.kind, \
            CAST(SUM(CASE WHEN n.due_on = $1 THEN 1 ELSE 0 END) AS BIGINT), \
            CAST(SUM(CASE WHEN n.due_on < $1 THEN 1 ELSE 0 END) AS BIGINT) \
         FROM notices n WHERE n.channel = 'phone' AND n.status = 'pending' AND n.due_on <= $1 \
            AND n.resident_id IS NOT NULL AND n.session_id IS NOT NULL \
         GROUP BY n.kind",
    )
    .bind(today)
    .fetch_all(&db.pool)
    .await?;
    let mut counts: Vec<CallCount> = rows
        .into_iter()
        .filter_map(|(kind, due_today, overdue)| {
            NoticeKind::from_code(&kind).map(|kind| CallCount { kind, due_today, overdue })
        })
        .collect();
    counts.sort_by_key(|c| NoticeKind::ALL.iter().position(|k| *k == c.kind));
    Ok(counts)
}

/// Open and in-progress paper-support requests to follow up: due today, and overdue.
pub async fn follow_ups(db: &Db, today: &str) -> sqlx::Result<(i64, i64)> {
    let (due, overdue): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT CAST(SUM(CASE WHEN follow_up_on = $1 THEN 1 ELSE 0 END) AS BIGINT), \
            CAST(SUM(CASE WHEN follow_up_on < $1 THEN 1 ELSE 0 END) AS BIGINT) \
         FROM support_requests WHERE status IN ('open', 'in_progress') AND follow_up_on <= $1",
    )
    .bind(today)
    .fetch_one(&db.pool)
    .await?;
    Ok((due.unwrap_or(0), overdue.unwrap_or(0)))
}

/// Letters to residents waiting to be printed.
pub async fn letters_waiting(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notices WHERE channel = 'letter' AND status = 'pending' \
            AND resident_id IS NOT NULL",
    )
    .fetch_one(&db.pool)
    .await
}

/// Emails to residents not yet sent, and of them those whose last try failed.
pub async fn emails_waiting(db: &Db) -> sqlx::Result<(i64, i64)> {
    let (waiting, failed): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*), CAST(SUM(CASE WHEN last_error IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) \
         FROM notices WHERE channel = 'email' AND status = 'pending' AND resident_id IS NOT NULL",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok((waiting, failed.unwrap_or(0)))
}

/// Walk-ins not yet completed or merged: the people `/walkins` lists.
pub async fn walkins(db: &Db) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(DISTINCT r.id) FROM residents r \
            JOIN registrations g ON g.resident_id = r.id AND g.walkin = 1 \
         WHERE r.walkin = 1 AND r.merged_into IS NULL",
    )
    .fetch_one(&db.pool)
    .await
}

/// Reminder calls to supporters due on `today` or before.
pub async fn supporter_reminders(db: &Db, today: &str) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notices WHERE channel = 'phone' AND status = 'pending' \
            AND due_on <= $1 AND supporter_id IS NOT NULL",
    )
    .bind(today)
    .fetch_one(&db.pool)
    .await
}

/// Sign-in names locked at `now`, active users who must change a temporary password, and
/// when the last backup was written.
pub async fn admin(db: &Db, now: i64) -> sqlx::Result<AdminDay> {
    let (locked_logins, must_change, last_backup): (i64, i64, Option<i64>) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM login_locks WHERE locked_until > $1), \
            (SELECT COUNT(*) FROM users WHERE must_change_password = 1 AND disabled = 0), \
            (SELECT MAX(at) FROM backups)",
    )
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    Ok(AdminDay { locked_logins, must_change, last_backup })
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    host_partner_id: i64,
    status: String,
    title: String,
    starts_at: i64,
    ends_at: i64,
    local_date: String,
    venue_name: String,
    seats: i64,
    seats_taken: i64,
    waitlist_count: i64,
    loaner_iphone: i64,
    loaner_android: i64,
    step_free: i64,
    hearing_loop: i64,
    booked: i64,
    without_smartphone: Option<i64>,
    wish_iphone: Option<i64>,
    wish_android: Option<i64>,
    mobility: Option<i64>,
    hearing: Option<i64>,
}

/// Sessions with what their confirmed participants need; `filter` is one of the constant
/// conditions below, never user input. `CROSS JOIN` keeps SQLite's plan starting from the
/// sessions of the days asked for (an inner join may start from the venues and walk every
/// session of each); to PostgreSQL it is an ordinary join.
fn sessions_sql(filter: &'static str) -> String {
    format!(
        "SELECT s.id, s.host_partner_id, s.status, s.title, s.starts_at, s.ends_at, s.local_date, v.name AS venue_name, \
            s.capacity - s.walkin_seats AS seats, s.seats_taken, s.waitlist_count, \
            s.loaner_iphone, s.loaner_android, v.step_free, v.hearing_loop, \
            COUNT(r.id) AS booked, \
            CAST(SUM(CASE WHEN {NO_PHONE} THEN 1 ELSE 0 END) AS BIGINT) AS without_smartphone, \
            CAST(SUM(CASE WHEN {NO_PHONE} AND r.phone_wish = 'iphone' THEN 1 ELSE 0 END) \
                AS BIGINT) AS wish_iphone, \
            CAST(SUM(CASE WHEN {NO_PHONE} AND r.phone_wish = 'android' THEN 1 ELSE 0 END) \
                AS BIGINT) AS wish_android, \
            CAST(SUM(r.need_mobility) AS BIGINT) AS mobility, \
            CAST(SUM(r.need_hearing) AS BIGINT) AS hearing \
         FROM sessions s CROSS JOIN venues v \
            LEFT JOIN registrations g ON g.session_id = s.id AND g.status = 'confirmed' \
            LEFT JOIN residents r ON r.id = g.resident_id \
         WHERE v.id = s.venue_id AND s.status <> 'cancelled' AND {filter} \
         GROUP BY s.id, v.id ORDER BY s.starts_at, s.id"
    )
}

/// A booked person without a smartphone (an erased record, whose phone reads "none", is
/// nobody's).
const NO_PHONE: &str = "r.smartphone IN ('none', 'feature') AND r.erased_at IS NULL";
/// Sessions on the days from `from` to `to` (inclusive, `YYYY-MM-DD`).
const ON_DAYS: &str = "s.local_date >= $1 AND s.local_date <= $2";
/// … and hosted or (approved) co-hosted by partner `$3`.
const ON_DAYS_OF_PARTNER: &str = "s.local_date >= $1 AND s.local_date <= $2 \
    AND (s.host_partner_id = $3 OR EXISTS (SELECT 1 FROM session_cohosts c \
        WHERE c.session_id = s.id AND c.partner_id = $3 AND c.approved_at IS NOT NULL))";
/// One session.
const ONE: &str = "s.id = $1";

/// A session of a day's list with what its participants need; the operation turns the
/// demand into warnings for those who may act on them.
pub struct SessionDemand {
    /// The session, its warnings not yet filled in.
    pub session: DaySession,
    pub demand: Demand,
    pub host_partner_id: i64,
    /// Still to come (not held, not cancelled): only then is there something to prepare.
    pub scheduled: bool,
}

impl SessionRow {
    fn with_helpers(self, helpers: Vec<String>) -> SessionDemand {
        let demand = Demand {
            booked: self.booked,
            without_smartphone: self.without_smartphone.unwrap_or(0),
            wish_iphone: self.wish_iphone.unwrap_or(0),
            wish_android: self.wish_android.unwrap_or(0),
            mobility: self.mobility.unwrap_or(0),
            hearing: self.hearing.unwrap_or(0),
            loaner_iphone: self.loaner_iphone,
            loaner_android: self.loaner_android,
            helpers: helpers.len() as i64,
            step_free: self.step_free != 0,
            hearing_loop: self.hearing_loop != 0,
        };
        SessionDemand {
            session: DaySession {
                id: self.id,
                title: self.title,
                starts_at: self.starts_at,
                ends_at: self.ends_at,
                local_date: self.local_date,
                venue_name: self.venue_name,
                seats: self.seats,
                seats_taken: self.seats_taken,
                waitlist: self.waitlist_count,
                helpers,
                helpers_wanted: 0,
                warnings: Vec::new(),
            },
            demand,
            host_partner_id: self.host_partner_id,
            scheduled: self.status == "scheduled",
        }
    }
}

/// Helpers of the sessions on the days from `from` to `to`, by session: leads first.
async fn helpers_on(db: &Db, from: &str, to: &str) -> sqlx::Result<HashMap<i64, Vec<String>>> {
    // From the days' sessions to their helpers (see `sessions_sql` for the CROSS JOIN).
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT a.session_id, u.display_name FROM sessions s CROSS JOIN session_assignments a \
            JOIN users u ON u.id = a.user_id \
         WHERE a.session_id = s.id AND s.local_date >= $1 AND s.local_date <= $2 \
            AND s.status <> 'cancelled' \
         ORDER BY a.session_id, CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, u.display_name",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    let mut by_session: HashMap<i64, Vec<String>> = HashMap::new();
    for (session, name) in rows {
        by_session.entry(session).or_default().push(name);
    }
    Ok(by_session)
}

/// The sessions (not cancelled) on the days from `from` to `to`, of one partner (host or
/// approved co-host) or of everyone, with their helpers and demand.
pub async fn sessions_on(
    db: &Db,
    from: &str,
    to: &str,
    partner: Option<i64>,
) -> sqlx::Result<Vec<SessionDemand>> {
    let rows: Vec<SessionRow> = match partner {
        Some(p) => {
            sqlx::query_as(sqlx::AssertSqlSafe(sessions_sql(ON_DAYS_OF_PARTNER)))
                .bind(from)
                .bind(to)
                .bind(p)
                .fetch_all(&db.pool)
                .await?
        }
        None => {
            sqlx::query_as(sqlx::AssertSqlSafe(sessions_sql(ON_DAYS)))
                .bind(from)
                .bind(to)
                .fetch_all(&db.pool)
                .await?
        }
    };
    let mut helpers = helpers_on(db, from, to).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let names = helpers.remove(&row.id).unwrap_or_default();
            row.with_helpers(names)
        })
        .collect())
}

/// One session with its demand and `helpers`' names; `None` when there is no such session
/// or it is cancelled.
pub async fn session(
    db: &Db,
    id: i64,
    helpers: Vec<String>,
) -> sqlx::Result<Option<SessionDemand>> {
    let row: Option<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(sessions_sql(ONE)))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|row| row.with_helpers(helpers)))
}

/// The next session `user_id` helps at that has not ended at `now`.
pub async fn next_session(db: &Db, user_id: i64, now: i64) -> sqlx::Result<Option<NextSession>> {
    sqlx::query_as(
        "SELECT s.id, s.title, s.starts_at, s.ends_at, v.name AS venue_name, \
            v.address AS venue_address, v.access_notes, s.what_to_bring \
         FROM session_assignments a JOIN sessions s ON s.id = a.session_id \
            JOIN venues v ON v.id = s.venue_id \
         WHERE a.user_id = $1 AND s.status <> 'cancelled' AND s.ends_at > $2 \
         ORDER BY s.starts_at, s.id LIMIT 1",
    )
    .bind(user_id)
    .bind(now)
    .fetch_optional(&db.pool)
    .await
}

/// Loaner phones `user_id` lent that are not back: the device and the session only.
pub async fn loans_out(db: &Db, user_id: i64) -> sqlx::Result<Vec<LoanOut>> {
    sqlx::query_as(
        "SELECT d.label AS device_label, s.id AS session_id, s.title AS session_title, l.lent_at \
         FROM loans l JOIN loaner_devices d ON d.id = l.device_id \
            JOIN sessions s ON s.id = l.session_id \
         WHERE l.lent_by = $1 AND l.returned_at IS NULL ORDER BY l.lent_at, l.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// `user_id`'s own supporter record: stage, course units, and the first credential to
/// expire from `today` until `until` (both `YYYY-MM-DD`).
pub async fn supporter_step(
    db: &Db,
    user_id: i64,
    today: &str,
    until: &str,
) -> sqlx::Result<Option<SupporterStep>> {
    let row: Option<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT s.id, s.stage, \
            (SELECT COUNT(*) FROM supporter_units u JOIN course_units c ON c.id = u.unit_id \
                WHERE u.supporter_id = s.id AND c.active = 1), \
            (SELECT COUNT(*) FROM course_units c WHERE c.active = 1) \
         FROM supporters s WHERE s.user_id = $1 AND s.erased_at IS NULL",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((id, stage, units_done, units_total)) = row else {
        return Ok(None);
    };
    let Some(stage) = crate::supporters::Stage::from_code(&stage) else {
        return Ok(None);
    };
    let expiring: Option<(String, String)> = sqlx::query_as(
        "SELECT name, expires_on FROM supporter_credentials \
         WHERE supporter_id = $1 AND expires_on >= $2 AND expires_on <= $3 \
         ORDER BY expires_on, id LIMIT 1",
    )
    .bind(id)
    .bind(today)
    .bind(until)
    .fetch_optional(&db.pool)
    .await?;
    Ok(Some(SupporterStep { stage, units_done, units_total, expiring }))
}
