//! SQL for the audit log.

use super::{AuditEntry, AuditFilter};
use crate::auth::CurrentUser;
use crate::db::{now, Conditions, Db, Value};
use crate::domain::JAPAN;
use chrono::{NaiveDate, TimeZone};
use sqlx::{Any, Executor};

/// What happened to a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Read,
    Create,
    Update,
    Disable,
    Enable,
    ResetPassword,
    SignIn,
    SignOut,
    Merge,
    Cancel,
}

impl Action {
    pub fn code(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Disable => "disable",
            Action::Enable => "enable",
            Action::ResetPassword => "reset_password",
            Action::SignIn => "sign_in",
            Action::SignOut => "sign_out",
            Action::Merge => "merge",
            Action::Cancel => "cancel",
        }
    }
}

/// Who did something: a signed-in user, named by id and login.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub id: i64,
    pub login: &'a str,
}

impl<'a> From<&'a CurrentUser> for Actor<'a> {
    fn from(user: &'a CurrentUser) -> Self {
        Self { id: user.id, login: &user.login }
    }
}

/// Writes one audit entry. Pass a transaction to record in the same commit as the change.
pub async fn record<'e, E>(
    executor: E,
    actor: Option<Actor<'_>>,
    action: Action,
    record_type: &str,
    record_id: &str,
    detail: Option<&str>,
) -> sqlx::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, user_login, action, record_type, record_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(now())
    .bind(actor.map(|u| u.id))
    .bind(actor.map(|u| u.login))
    .bind(action.code())
    .bind(record_type)
    .bind(record_id)
    .bind(detail)
    .execute(executor)
    .await?;
    Ok(())
}

/// Writes what `user` did to one record: in an operation's transaction for a change, on
/// the pool for a read.
/// Audits a read of a list or search that returned people's personal data: one entry per
/// call, `record_type` `list`, `record_id` the list's name, and as detail what the ids are
/// and the ids returned (`residents 3,8`); never what was searched for.
pub async fn log_list(
    db: &Db,
    user: &CurrentUser,
    list: &str,
    kind: &str,
    ids: impl IntoIterator<Item = i64>,
) -> sqlx::Result<()> {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    let detail =
        if ids.is_empty() { format!("{kind} none") } else { format!("{kind} {}", ids.join(",")) };
    log(&db.pool, user, Action::Read, "list", list, Some(&detail)).await
}

pub async fn log<'e, E>(
    executor: E,
    user: &CurrentUser,
    action: Action,
    record_type: &str,
    record_id: impl ToString,
    detail: Option<&str>,
) -> sqlx::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    let id = record_id.to_string();
    record(executor, Some(user.into()), action, record_type, &id, detail).await
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    at: i64,
    user_login: Option<String>,
    action: String,
    record_type: String,
    record_id: String,
    detail: Option<String>,
}

/// The most recent entries matching the filter, newest first.
pub async fn list(db: &Db, filter: &AuditFilter, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    let mut conditions = Conditions::default();
    for (condition, text) in [
        ("user_login = ?", &filter.user),
        ("record_type = ?", &filter.record_type),
        ("record_id = ?", &filter.record_id),
    ] {
        if !text.trim().is_empty() {
            conditions.add(condition, Value::Text(text.trim().to_string()));
        }
    }
    if let Some(start) = day_start(&filter.from, 0) {
        conditions.add("at >= ?", Value::Number(start));
    }
    if let Some(end) = day_start(&filter.to, 1) {
        conditions.add("at < ?", Value::Number(end));
    }
    let sql = format!(
        "SELECT id, at, user_login, action, record_type, record_id, detail FROM audit_log{} \
         ORDER BY at DESC, id DESC LIMIT ${}",
        conditions.where_clause(),
        conditions.next_parameter()
    );
    let query = conditions.bind(sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql)));
    let rows = query.bind(limit).fetch_all(&db.pool).await?;
    Ok(rows.into_iter().map(AuditEntry::from).collect())
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            id: r.id,
            at: r.at,
            user_login: r.user_login,
            action: r.action,
            record_type: r.record_type,
            record_id: r.record_id,
            detail: r.detail,
        }
    }
}

/// Entries about the given records (`(record_type, id)`), oldest first.
pub async fn about(db: &Db, records: &[(&str, i64)]) -> sqlx::Result<Vec<AuditEntry>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let conditions: Vec<String> = (0..records.len())
        .map(|i| format!("(record_type = ${} AND record_id = ${})", 2 * i + 1, 2 * i + 2))
        .collect();
    let sql = format!(
        "SELECT id, at, user_login, action, record_type, record_id, detail FROM audit_log \
         WHERE {} ORDER BY at, id",
        conditions.join(" OR ")
    );
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    for (record_type, id) in records {
        query = query.bind(record_type.to_string()).bind(id.to_string());
    }
    Ok(query.fetch_all(&db.pool).await?.into_iter().map(AuditEntry::from).collect())
}

/// Reads of lists (searches, call lists, check-in sheets, letters…) whose detail names one
/// of `ids` of its `kind` (`residents 3,8`): found by a pattern per id, then matched
/// exactly. The detail is dropped: it names other people's records too.
pub async fn list_reads(db: &Db, kind: &str, ids: &[i64]) -> sqlx::Result<Vec<AuditEntry>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let patterns: Vec<String> = (0..ids.len()).map(|i| format!("detail LIKE ${}", i + 1)).collect();
    let sql = format!(
        "SELECT id, at, user_login, action, record_type, record_id, detail FROM audit_log \
         WHERE record_type = 'list' AND ({}) ORDER BY at, id",
        patterns.join(" OR ")
    );
    let mut query = sqlx::query_as::<_, Row>(sqlx::AssertSqlSafe(sql));
    for id in ids {
        query = query.bind(format!("{kind} %{id}%"));
    }
    let rows = query.fetch_all(&db.pool).await?;
    let prefix = format!("{kind} ");
    Ok(rows
        .into_iter()
        .map(AuditEntry::from)
        .filter(|e| {
            let listed = e.detail.as_deref().and_then(|d| d.strip_prefix(&prefix));
            listed.is_some_and(|l| l.split(',').any(|n| n.parse().is_ok_and(|n| ids.contains(&n))))
        })
        .map(|e| AuditEntry { detail: None, ..e })
        .collect())
}

/// Unix seconds at midnight Japan time of `date` plus `days`; None if `date` is not a date.
fn day_start(date: &str, days: i64) -> Option<i64> {
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .ok()?
        .checked_add_signed(chrono::Duration::days(days))?;
    JAPAN.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).single().map(|t| t.timestamp())
}
