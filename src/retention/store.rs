//! SQL of the retention rules: what each rule finds due, clearing or removing it, the
//! rules' settings and the record of runs. Every query takes the first day kept as Unix
//! seconds (`$1`, midnight Japan time) and, where dates are stored as text, as `YYYY-MM-DD`
//! (`$2`).

use super::model::{parse_counts, Kind, RunLine};
use crate::auth::CurrentUser;
use crate::db::Db;
use sqlx::AnyConnection;

/// The day a rule's period starts from, in both forms the queries compare with.
#[derive(Debug, Clone)]
pub struct KeptFrom {
    pub seconds: i64,
    pub date: String,
}

/// What keeps a resident's record (walk-in or not): a change of it, a booking made or a
/// session (to be) attended, a paper-support request made, changed or still open, a notice
/// made, sent or answered, since the first day kept, or a supporter record still held.
const RESIDENT_ACTIVE: &str = "r.updated_at >= $1 \
      OR EXISTS (SELECT 1 FROM registrations g JOIN sessions s ON s.id = g.session_id \
          WHERE g.resident_id = r.id AND (g.created_at >= $1 OR s.starts_at >= $1)) \
      OR EXISTS (SELECT 1 FROM support_requests q WHERE q.resident_id = r.id \
          AND (q.requested_on >= $2 OR q.updated_at >= $1 \
               OR q.status IN ('open', 'in_progress'))) \
      OR EXISTS (SELECT 1 FROM notices n WHERE n.resident_id = r.id \
          AND (n.created_at >= $1 OR n.sent_at >= $1 OR n.outcome_at >= $1)) \
      OR EXISTS (SELECT 1 FROM supporters p WHERE p.resident_id = r.id \
          AND p.erased_at IS NULL)";

/// Residents (completed records, not merged) made before the first day kept, with nothing
/// that keeps them since.
fn residents_due() -> String {
    format!(
        "SELECT r.id FROM residents r \
         WHERE r.erased_at IS NULL AND r.merged_into IS NULL AND r.walkin = 0 \
           AND r.created_at < $1 AND NOT ({RESIDENT_ACTIVE}) ORDER BY r.id"
    )
}

/// Walk-ins' records made at the door before the first day kept and never completed, with
/// nothing that keeps them since (a walk-in who comes back, or is booked, is kept).
fn walkins_due() -> String {
    format!(
        "SELECT r.id FROM residents r \
         WHERE r.walkin = 1 AND r.erased_at IS NULL AND r.merged_into IS NULL \
           AND r.created_at < $1 AND NOT ({RESIDENT_ACTIVE}) ORDER BY r.id"
    )
}

/// Supporters with no change, progress, course unit, certificate or credential (earned or
/// still valid), and no session helped at or to help at, since the first day kept.
const SUPPORTERS_DUE: &str = "SELECT s.id FROM supporters s \
    WHERE s.erased_at IS NULL AND s.created_at < $1 AND s.updated_at < $1 \
      AND s.last_progress_on < $2 AND COALESCE(s.certified_on, '') < $2 \
      AND NOT EXISTS (SELECT 1 FROM session_assignments a JOIN sessions x ON x.id = a.session_id \
          WHERE a.user_id = s.user_id AND x.starts_at >= $1) \
      AND NOT EXISTS (SELECT 1 FROM helper_hours h JOIN sessions x ON x.id = h.session_id \
          WHERE h.user_id = s.user_id AND x.starts_at >= $1) \
      AND NOT EXISTS (SELECT 1 FROM supporter_units u WHERE u.supporter_id = s.id \
          AND u.completed_on >= $2) \
      AND NOT EXISTS (SELECT 1 FROM supporter_credentials c WHERE c.supporter_id = s.id \
          AND (c.created_at >= $1 OR c.earned_on >= $2 OR c.expires_on >= $2)) \
    ORDER BY s.id";

/// The people a rule that [`Kind::erases_people`] erases (residents or supporters), oldest
/// record first; none for the other rules.
pub async fn people_due(
    conn: &mut AnyConnection,
    kind: Kind,
    from: &KeptFrom,
) -> sqlx::Result<Vec<i64>> {
    let sql = match kind {
        Kind::Residents => residents_due(),
        Kind::Walkins => walkins_due(),
        Kind::Supporters => SUPPORTERS_DUE.to_string(),
        _ => return Ok(Vec::new()),
    };
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(from.seconds)
        .bind(&from.date)
        .fetch_all(conn)
        .await
}

/// One statement of a rule that clears or removes in place: its table, what it sets
/// (`None` removes the rows) and which rows (with `$1`, the first day kept, as seconds or
/// as a date).
struct Sweep {
    table: &'static str,
    set: Option<&'static str>,
    filter: &'static str,
    by_date: bool,
}

const SWEEPS: &[(Kind, Sweep)] = &[
    (
        Kind::CallNotes,
        Sweep {
            table: "notices",
            set: Some("outcome_note = '', last_error = NULL"),
            filter: "(outcome_note <> '' OR last_error IS NOT NULL) \
                AND COALESCE(outcome_at, sent_at, created_at) < $1",
            by_date: false,
        },
    ),
    (
        Kind::CallNotes,
        Sweep {
            table: "registrations",
            set: Some("cancel_reason = ''"),
            filter: "cancel_reason <> '' AND cancelled_at < $1",
            by_date: false,
        },
    ),
    (
        Kind::SupportText,
        Sweep {
            table: "support_requests",
            // The "other" reason keeps a mark: the report counts requests that gave one.
            set: Some(
                "notes = '', reason_other = CASE WHEN reason_other = '' THEN '' \
                 ELSE '（削除済み）' END",
            ),
            filter: "status IN ('resolved', 'referred') \
                AND (notes <> '' OR reason_other NOT IN ('', '（削除済み）')) AND updated_at < $1",
            by_date: false,
        },
    ),
    (
        Kind::SessionNotes,
        Sweep {
            table: "sessions",
            set: Some("volunteer_notes = ''"),
            filter: "volunteer_notes <> '' AND local_date < $1",
            by_date: true,
        },
    ),
    (
        Kind::SessionNotes,
        Sweep {
            table: "session_reports",
            set: Some("notes = '', incidents = ''"),
            filter: "(notes <> '' OR incidents <> '') \
                AND session_id IN (SELECT id FROM sessions WHERE local_date < $1)",
            by_date: true,
        },
    ),
    (Kind::AuditLog, Sweep { table: "audit_log", set: None, filter: "at < $1", by_date: false }),
    (
        Kind::SignIns,
        Sweep { table: "login_failures", set: None, filter: "at < $1", by_date: false },
    ),
    (
        Kind::SignIns,
        Sweep { table: "user_sessions", set: None, filter: "last_seen_at < $1", by_date: false },
    ),
    (
        Kind::SignIns,
        Sweep { table: "checkin_taps", set: None, filter: "applied_at < $1", by_date: false },
    ),
];

/// How many rows a clearing or removing rule would change now.
pub async fn count_due(conn: &mut AnyConnection, kind: Kind, from: &KeptFrom) -> sqlx::Result<i64> {
    let mut total = 0;
    for (_, sweep) in SWEEPS.iter().filter(|(k, _)| *k == kind) {
        let sql = format!("SELECT COUNT(*) FROM {} WHERE {}", sweep.table, sweep.filter);
        let query = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql));
        let query = if sweep.by_date { query.bind(&from.date) } else { query.bind(from.seconds) };
        total += query.fetch_one(&mut *conn).await?;
    }
    Ok(total)
}

/// Clears or removes what a rule finds due, inside the caller's transaction; returns how
/// many rows changed.
pub async fn sweep(conn: &mut AnyConnection, kind: Kind, from: &KeptFrom) -> sqlx::Result<i64> {
    let mut total = 0;
    for (_, sweep) in SWEEPS.iter().filter(|(k, _)| *k == kind) {
        let sql = match sweep.set {
            Some(set) => format!("UPDATE {} SET {set} WHERE {}", sweep.table, sweep.filter),
            None => format!("DELETE FROM {} WHERE {}", sweep.table, sweep.filter),
        };
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        let query = if sweep.by_date { query.bind(&from.date) } else { query.bind(from.seconds) };
        total += query.execute(&mut *conn).await?.rows_affected() as i64;
    }
    Ok(total)
}

/// The rules' periods as set (a kind not set has its default) and whether the nightly
/// job applies them.
pub async fn settings(db: &Db) -> sqlx::Result<(Vec<(Kind, i64)>, bool)> {
    settings_in(&mut *db.pool.acquire().await?).await
}

/// [`settings`], read inside the caller's transaction.
pub async fn settings_in(conn: &mut AnyConnection) -> sqlx::Result<(Vec<(Kind, i64)>, bool)> {
    use crate::db::settings::{read, value};
    let rows = read(conn, "retention_").await?;
    let rules =
        Kind::ALL.into_iter().map(|k| (k, value(&rows, &k.setting(), k.default_keep()))).collect();
    Ok((rules, value(&rows, "retention_nightly", 0) == 1))
}

/// Saves the rules' periods and the nightly switch, inside the caller's transaction.
pub async fn save_settings(
    conn: &mut AnyConnection,
    rules: &[(Kind, i64)],
    nightly: bool,
) -> sqlx::Result<()> {
    let mut values: Vec<(String, i64)> =
        rules.iter().map(|(k, keep)| (k.setting(), *keep)).collect();
    values.push(("retention_nightly".to_string(), i64::from(nightly)));
    crate::db::settings::save(conn, values).await
}

/// Claims `night` (a Japan date) for the nightly run, inside the caller's transaction:
/// false when another instance has run it (or is running it: the unique key waits for
/// that transaction and then finds the night taken).
pub async fn claim_night(conn: &mut AnyConnection, night: &str, at: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO retention_runs (at, night, counts) VALUES ($1, $2, '') \
         ON CONFLICT (night) DO NOTHING",
    )
    .bind(at)
    .bind(night)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a run's counts: the claimed night's row, or a new row for a run by `user`.
pub async fn record_run(
    conn: &mut AnyConnection,
    user: Option<&CurrentUser>,
    night: Option<&str>,
    at: i64,
    counts: &str,
) -> sqlx::Result<()> {
    match night {
        Some(night) => {
            sqlx::query("UPDATE retention_runs SET counts = $1, at = $2 WHERE night = $3")
                .bind(counts)
                .bind(at)
                .bind(night)
                .execute(conn)
                .await?
        }
        None => {
            sqlx::query(
                "INSERT INTO retention_runs (at, user_id, user_login, counts) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(at)
            .bind(user.map(|u| u.id))
            .bind(user.map(|u| u.login.clone()))
            .bind(counts)
            .execute(conn)
            .await?
        }
    };
    Ok(())
}

/// The most recent runs, newest first.
pub async fn runs(db: &Db, limit: i64) -> sqlx::Result<Vec<RunLine>> {
    let rows: Vec<(i64, Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT at, user_login, night, counts FROM retention_runs ORDER BY at DESC, id DESC \
         LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, user_login, night, counts)| RunLine {
            at,
            user_login,
            nightly: night.is_some(),
            counts: parse_counts(&counts),
        })
        .collect())
}

/// Every column of every table in the database, as `(table, column)`.
pub async fn columns(db: &Db) -> sqlx::Result<Vec<(String, String)>> {
    let sql = match db.backend {
        crate::db::Backend::Sqlite => {
            // The search indexes `residents_search` (and its shadow tables) and
            // `residents_grams` are indexes of residents' columns, kept by triggers, as
            // PostgreSQL's trigram indexes are: they are described with the columns they
            // copy, not as tables of their own (`gram_positions` and `gram_widths` hold
            // only numbers).
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
               AND m.name NOT IN ('residents_search', 'residents_search_data', \
                 'residents_search_idx', 'residents_search_content', \
                 'residents_search_docsize', 'residents_search_config', \
                 'residents_grams', 'gram_positions', 'gram_widths') \
             ORDER BY m.name, p.cid"
        }
        crate::db::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) \
             FROM information_schema.columns WHERE table_schema = current_schema() \
               AND table_name <> 'residents_grams' \
             ORDER BY table_name, ordinal_position"
        }
    };
    sqlx::query_as(sql).fetch_all(&db.pool).await
}
