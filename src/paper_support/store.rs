//! SQL for paper-fallback support requests.

use super::{
    Channel, ProcedureFigures, Status, SupportLine, SupportReport, SupportRequest, PROVIDED,
    REASONS,
};
use crate::db::{now, Conditions, Db, Value};
use crate::domain::FiscalYear;
use sqlx::AnyConnection;

/// A request as the form gives it, checked.
#[derive(Debug, Clone)]
pub struct SupportInput {
    pub resident_id: Option<i64>,
    pub age_band: Option<String>,
    pub district_id: Option<i64>,
    pub requested_on: String,
    pub channel: Channel,
    pub procedure_id: Option<i64>,
    pub procedure_other: String,
    /// Codes from [`REASONS`].
    pub reasons: Vec<String>,
    pub reason_other: String,
    /// Codes from [`PROVIDED`].
    pub provided: Vec<String>,
    pub status: Status,
    pub follow_up_on: Option<String>,
    pub minutes: i64,
    pub notes: String,
}

fn flag(set: bool) -> i64 {
    i64::from(set)
}

/// The columns a request's reasons and provisions are stored in, in [`REASONS`] and
/// [`PROVIDED`] order.
fn flag_columns() -> Vec<String> {
    REASONS
        .iter()
        .map(|r| format!("reason_{r}"))
        .chain(PROVIDED.iter().map(|p| format!("provided_{p}")))
        .collect()
}

fn flag_values(input: &SupportInput) -> Vec<i64> {
    REASONS
        .iter()
        .map(|r| flag(input.reasons.iter().any(|x| x == r)))
        .chain(PROVIDED.iter().map(|p| flag(input.provided.iter().any(|x| x == p))))
        .collect()
}

/// Records a request. A repeated post with the same form key gives the first one's id.
pub async fn insert(
    tx: &mut AnyConnection,
    input: &SupportInput,
    staff: i64,
    form_key: &str,
) -> sqlx::Result<(i64, bool)> {
    let at = now();
    let flags = flag_columns();
    let first = 13;
    let placeholders: Vec<String> = (0..flags.len()).map(|i| format!("${}", first + i)).collect();
    let sql = format!(
        "INSERT INTO support_requests (resident_id, age_band, district_id, requested_on, channel, \
            procedure_id, procedure_other, reason_other, status, follow_up_on, staff_id, minutes, \
            {}, notes, form_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, {}, ${n}, ${k}, ${a}, ${a}) \
         ON CONFLICT (form_key) DO NOTHING RETURNING id",
        flags.join(", "),
        placeholders.join(", "),
        n = first + flags.len(),
        k = first + flags.len() + 1,
        a = first + flags.len() + 2,
    );
    let mut query = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(input.resident_id)
        .bind(input.age_band.clone())
        .bind(input.district_id)
        .bind(&input.requested_on)
        .bind(input.channel.code())
        .bind(input.procedure_id)
        .bind(&input.procedure_other)
        .bind(&input.reason_other)
        .bind(input.status.code())
        .bind(input.follow_up_on.clone())
        .bind(staff)
        .bind(input.minutes);
    for value in flag_values(input) {
        query = query.bind(value);
    }
    let inserted: Option<i64> =
        query.bind(&input.notes).bind(form_key).bind(at).fetch_optional(&mut *tx).await?;
    match inserted {
        Some(id) => Ok((id, true)),
        None => {
            let id = sqlx::query_scalar("SELECT id FROM support_requests WHERE form_key = $1")
                .bind(form_key)
                .fetch_one(&mut *tx)
                .await?;
            Ok((id, false))
        }
    }
}

/// Saves the edited request while its status is still `from` (the one the edit was checked
/// against). The resident stays as recorded. Returns whether it was saved, and the resident.
pub async fn update(
    tx: &mut AnyConnection,
    id: i64,
    from: Status,
    input: &SupportInput,
) -> sqlx::Result<(bool, Option<i64>)> {
    let flags = flag_columns();
    let first = 11;
    let sets: Vec<String> =
        flags.iter().enumerate().map(|(i, c)| format!("{c} = ${}", first + i)).collect();
    let sql = format!(
        "UPDATE support_requests SET age_band = CASE WHEN resident_id IS NULL THEN $1 ELSE age_band END, \
            district_id = CASE WHEN resident_id IS NULL THEN $2 ELSE district_id END, requested_on = $3, \
            channel = $4, procedure_id = $5, procedure_other = $6, reason_other = $7, status = $8, \
            follow_up_on = $9, minutes = $10, {}, notes = ${n}, updated_at = ${a} \
         WHERE id = ${i} AND status = ${f}",
        sets.join(", "),
        n = first + flags.len(),
        a = first + flags.len() + 1,
        i = first + flags.len() + 2,
        f = first + flags.len() + 3,
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(input.age_band.clone())
        .bind(input.district_id)
        .bind(&input.requested_on)
        .bind(input.channel.code())
        .bind(input.procedure_id)
        .bind(&input.procedure_other)
        .bind(&input.reason_other)
        .bind(input.status.code())
        .bind(input.follow_up_on.clone())
        .bind(input.minutes);
    for value in flag_values(input) {
        query = query.bind(value);
    }
    let saved = query
        .bind(&input.notes)
        .bind(now())
        .bind(id)
        .bind(from.code())
        .execute(&mut *tx)
        .await?
        .rows_affected()
        == 1;
    let resident = sqlx::query_scalar("SELECT resident_id FROM support_requests WHERE id = $1")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    Ok((saved, resident))
}

/// Marks an open request referred to the workshop booked for it. False when the request is
/// not this resident's or is closed already.
pub async fn mark_referred(
    tx: &mut AnyConnection,
    id: i64,
    resident_id: i64,
    registration_id: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE support_requests SET status = 'referred', registration_id = $1, \
            provided_workshop = 1, follow_up_on = NULL, updated_at = $2 \
         WHERE id = $3 AND resident_id = $4 AND status IN ('open', 'in_progress')",
    )
    .bind(registration_id)
    .bind(now())
    .bind(id)
    .bind(resident_id)
    .execute(&mut *tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The current status of a request and whether it is anonymous; `None` when there is no
/// such request.
pub async fn status_of(db: &Db, id: i64) -> sqlx::Result<Option<(Status, bool)>> {
    let row: Option<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, resident_id FROM support_requests WHERE id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.and_then(|(code, resident)| Status::from_code(&code).map(|s| (s, resident.is_none()))))
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    resident_id: Option<i64>,
    resident_name: Option<String>,
    age_band: Option<String>,
    district_id: Option<i64>,
    district: Option<String>,
    requested_on: String,
    channel: String,
    procedure_id: Option<i64>,
    procedure: String,
    procedure_other: String,
    reason_other: String,
    status: String,
    follow_up_on: Option<String>,
    staff: String,
    minutes: i64,
    notes: String,
    registration_id: Option<i64>,
}

const SELECT: &str = "SELECT s.id, s.resident_id, r.name AS resident_name, s.age_band, \
        s.district_id, d.name AS district, s.requested_on, s.channel, s.procedure_id, \
        COALESCE(p.name, s.procedure_other) AS procedure, s.procedure_other, s.reason_other, \
        s.status, s.follow_up_on, u.display_name AS staff, s.minutes, s.notes, s.registration_id \
    FROM support_requests s \
    LEFT JOIN residents r ON r.id = s.resident_id \
    LEFT JOIN districts d ON d.id = s.district_id \
    LEFT JOIN procedures p ON p.id = s.procedure_id \
    JOIN users u ON u.id = s.staff_id";

fn resident(id: Option<i64>, name: Option<String>) -> Option<(i64, String)> {
    id.map(|id| (id, name.unwrap_or_default()))
}

fn status(code: &str) -> Status {
    Status::from_code(code).unwrap_or(Status::Open)
}

pub async fn get(db: &Db, id: i64) -> sqlx::Result<Option<SupportRequest>> {
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let flags = flag_columns();
    let values: Vec<i64> = {
        let sql = format!("SELECT {} FROM support_requests WHERE id = $1", flags.join(", "));
        let raw = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(id).fetch_one(&db.pool).await?;
        use sqlx::Row as _;
        (0..flags.len()).map(|i| raw.try_get::<i64, _>(i)).collect::<sqlx::Result<_>>()?
    };
    let set = |codes: &[&str], offset: usize| -> Vec<String> {
        codes
            .iter()
            .enumerate()
            .filter(|(i, _)| values[offset + i] != 0)
            .map(|(_, c)| c.to_string())
            .collect()
    };
    Ok(Some(SupportRequest {
        id: row.id,
        resident: resident(row.resident_id, row.resident_name),
        age_band: row.age_band,
        district_id: row.district_id,
        district: row.district,
        requested_on: row.requested_on,
        channel: Channel::from_code(&row.channel).unwrap_or(Channel::Counter),
        procedure_id: row.procedure_id,
        procedure: row.procedure,
        procedure_other: row.procedure_other,
        reasons: set(&REASONS, 0),
        reason_other: row.reason_other,
        provided: set(&PROVIDED, REASONS.len()),
        status: status(&row.status),
        follow_up_on: row.follow_up_on,
        staff: row.staff,
        minutes: row.minutes,
        notes: row.notes,
        registration_id: row.registration_id,
    }))
}

async fn lines(db: &Db, filter: Conditions, order: &str) -> sqlx::Result<Vec<SupportLine>> {
    let sql = format!("{SELECT}{} ORDER BY {order}", filter.where_clause());
    let rows: Vec<Row> =
        filter.bind(sqlx::query_as(sqlx::AssertSqlSafe(sql))).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|row| SupportLine {
            id: row.id,
            resident: resident(row.resident_id, row.resident_name),
            age_band: row.age_band,
            district: row.district,
            requested_on: row.requested_on,
            procedure: row.procedure,
            status: status(&row.status),
            follow_up_on: row.follow_up_on,
            staff: row.staff,
        })
        .collect())
}

/// Open and in-progress requests whose follow-up is due on `today` (YYYY-MM-DD) or before.
pub async fn due(db: &Db, today: &str) -> sqlx::Result<Vec<SupportLine>> {
    let mut filter = Conditions::default();
    filter.add_fixed("s.status IN ('open', 'in_progress')");
    filter.add("s.follow_up_on <= ?", Value::Text(today.to_string()));
    lines(db, filter, "s.follow_up_on, s.id").await
}

/// The latest requests, newest first.
pub async fn recent(db: &Db) -> sqlx::Result<Vec<SupportLine>> {
    lines(db, Conditions::default(), "s.requested_on DESC, s.id DESC LIMIT 50").await
}

/// A resident's requests, newest first.
pub async fn of_resident(db: &Db, resident_id: i64) -> sqlx::Result<Vec<SupportLine>> {
    let mut filter = Conditions::default();
    filter.add("s.resident_id = ?", Value::Number(resident_id));
    lines(db, filter, "s.requested_on DESC, s.id DESC").await
}

/// The procedures offered on the form, in list order.
pub async fn procedures(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM procedures WHERE active = 1 ORDER BY sort_order, id")
        .fetch_all(&db.pool)
        .await
}

pub async fn procedure_exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM procedures WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

/// People counted once: residents by their record, each anonymous request as one person.
const PEOPLE: &str =
    "COUNT(DISTINCT s.resident_id) + SUM(CASE WHEN s.resident_id IS NULL THEN 1 ELSE 0 END)";

/// The fiscal year's figures, aggregates only.
pub async fn report(db: &Db, fy: FiscalYear) -> sqlx::Result<SupportReport> {
    let first = fy.first_day().format("%Y-%m-%d").to_string();
    let last = fy.last_day().format("%Y-%m-%d").to_string();
    report_between(db, &first, &last, fy.start_year()).await
}

/// The figures of the requests from `first` to `last` (`YYYY-MM-DD`), within `fiscal_year`.
pub async fn report_between(
    db: &Db,
    first: &str,
    last: &str,
    fiscal_year: i32,
) -> sqlx::Result<SupportReport> {
    let within = "s.requested_on >= $1 AND s.requested_on <= $2";
    let names: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, name FROM procedures p \
         WHERE active = 1 OR EXISTS (SELECT 1 FROM support_requests s WHERE s.procedure_id = p.id) \
         ORDER BY sort_order, id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut procedures: Vec<ProcedureFigures> =
        names.into_iter().map(|(id, name)| ProcedureFigures::new(Some(id), name)).collect();
    procedures.push(ProcedureFigures::new(None, String::new()));
    let monthly: Vec<(Option<i64>, String, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.procedure_id, substr(s.requested_on, 6, 2) AS month, COUNT(*) AS requests, \
            CAST(SUM(s.minutes) AS BIGINT) AS minutes \
         FROM support_requests s WHERE {within} GROUP BY s.procedure_id, substr(s.requested_on, 6, 2)"
    )))
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?;
    let mut total = ProcedureFigures::new(None, String::new());
    for (procedure, month, requests, minutes) in monthly {
        let index = month.parse::<usize>().map(|m| (m + 8) % 12).unwrap_or_default();
        let Some(row) = procedures.iter_mut().find(|p| p.procedure_id == procedure) else {
            continue;
        };
        for figures in [row, &mut total] {
            figures.per_month[index] += requests;
            figures.requests += requests;
            figures.minutes += minutes;
        }
    }
    let people: Vec<(Option<i64>, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.procedure_id, CAST({PEOPLE} AS BIGINT) FROM support_requests s \
         WHERE {within} GROUP BY s.procedure_id"
    )))
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?;
    for (procedure, n) in people {
        if let Some(row) = procedures.iter_mut().find(|p| p.procedure_id == procedure) {
            row.people = n;
        }
    }
    total.people = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT CAST(COALESCE({PEOPLE}, 0) AS BIGINT) FROM support_requests s WHERE {within}"
    )))
    .bind(first)
    .bind(last)
    .fetch_one(&db.pool)
    .await?;
    let flags = flag_columns();
    let sums: Vec<String> = flags
        .iter()
        .map(|c| format!("CAST(COALESCE(SUM(s.{c}), 0) AS BIGINT)"))
        .chain(std::iter::once(
            "CAST(COALESCE(SUM(CASE WHEN s.reason_other <> '' THEN 1 ELSE 0 END), 0) AS BIGINT)"
                .to_string(),
        ))
        .collect();
    let raw = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM support_requests s WHERE {within}",
        sums.join(", ")
    )))
    .bind(first)
    .bind(last)
    .fetch_one(&db.pool)
    .await?;
    let counts: Vec<i64> = {
        use sqlx::Row as _;
        (0..sums.len()).map(|i| raw.try_get::<i64, _>(i)).collect::<sqlx::Result<_>>()?
    };
    let mut reasons: Vec<(String, i64)> =
        REASONS.iter().zip(&counts).map(|(c, n)| (c.to_string(), *n)).collect();
    reasons.push(("other".to_string(), counts[flags.len()]));
    let provided =
        PROVIDED.iter().zip(&counts[REASONS.len()..]).map(|(c, n)| (c.to_string(), *n)).collect();
    let by_status: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT s.status, COUNT(*) FROM support_requests s WHERE {within} GROUP BY s.status"
    )))
    .bind(first)
    .bind(last)
    .fetch_all(&db.pool)
    .await?;
    let outcomes = Status::ALL
        .into_iter()
        .map(|st| {
            let n = by_status.iter().find(|(code, _)| code == st.code()).map_or(0, |(_, n)| *n);
            (st, n)
        })
        .collect();
    Ok(SupportReport { fiscal_year, procedures, total, reasons, provided, outcomes })
}
