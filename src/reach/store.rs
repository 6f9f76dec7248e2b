//! SQL for the reach dashboard, and the per-person rollup it reads.
//!
//! `reach_people` holds one row per resident and fiscal year in which they were reached
//! (attended a session or were helped through paper support): the months of contact as a
//! bit mask (bit 0 = April), the first of those months, the age band and district recorded
//! with the facts, and whether that year is the first they were ever reached. It is derived
//! from the facts only, and refreshed whenever a person's facts change
//! ([`refresh_person`]), so the dashboard groups about one row per person instead of
//! scanning every attendance. Sessions keep their present counts the same way.

use super::{AnswerBreakdown, Answered, Period, ReachFigures};
use crate::db::Db;
use crate::domain::{AgeBand, FiscalYear};
use sqlx::{Any, AnyConnection, Transaction};

/// The facts of reach, one row per attendance or identified paper-support request, with
/// the fiscal year and fiscal month index (0 = April) of each. `{filter}` narrows them to
/// one person.
fn facts(filter: &str) -> String {
    format!(
        "SELECT g.resident_id AS resident_id, s.fiscal_year AS fy, \
            (CAST(substr(s.local_date, 6, 2) AS INTEGER) + 8) % 12 AS m, \
            g.age_band AS band, g.district_id AS district_id \
         FROM registrations g JOIN sessions s ON s.id = g.session_id \
         WHERE g.status = 'confirmed' AND g.attended = 1 {filter_g} \
         UNION ALL \
         SELECT q.resident_id, \
            CAST(substr(q.requested_on, 1, 4) AS INTEGER) \
              - CASE WHEN CAST(substr(q.requested_on, 6, 2) AS INTEGER) < 4 THEN 1 ELSE 0 END, \
            (CAST(substr(q.requested_on, 6, 2) AS INTEGER) + 8) % 12, q.age_band, q.district_id \
         FROM support_requests q WHERE q.resident_id IS NOT NULL {filter_q}",
        filter_g = filter.replace("{t}", "g"),
        filter_q = filter.replace("{t}", "q"),
    )
}

/// Rebuilds the rollup rows of the residents `filter` selects (all when empty).
async fn rebuild(conn: &mut AnyConnection, filter: &str, id: Option<i64>) -> sqlx::Result<()> {
    let people = filter.replace("{t}.", "");
    let delete = format!("DELETE FROM reach_people WHERE 1 = 1 {people}");
    let insert = format!(
        "INSERT INTO reach_people (resident_id, fiscal_year, months, first_month, band, \
            district_id, first_time) \
         SELECT resident_id, fy, SUM(DISTINCT bit), MIN(m), MAX(band), MAX(district_id), 0 \
         FROM (SELECT f.*, (1 << f.m) AS bit FROM ({}) f) x GROUP BY resident_id, fy",
        facts(filter)
    );
    let first = format!(
        "UPDATE reach_people SET first_time = CASE WHEN fiscal_year = \
            (SELECT MIN(p.fiscal_year) FROM reach_people p WHERE p.resident_id = reach_people.resident_id) \
            THEN 1 ELSE 0 END WHERE 1 = 1 {people}"
    );
    for sql in [delete, insert, first] {
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        match id {
            Some(id) => query.bind(id).execute(&mut *conn).await?,
            None => query.execute(&mut *conn).await?,
        };
    }
    Ok(())
}

/// Recomputes one person's rollup rows from their facts.
pub async fn refresh_person(tx: &mut Transaction<'_, Any>, resident_id: i64) -> sqlx::Result<()> {
    // Two refreshes of one person at once (check-ins at two sessions) take turns: the
    // resident's row is held until the transaction ends (a row lock on PostgreSQL).
    sqlx::query("UPDATE residents SET updated_at = updated_at WHERE id = $1")
        .bind(resident_id)
        .execute(&mut **tx)
        .await?;
    rebuild(tx, "AND {t}.resident_id = $1", Some(resident_id)).await
}

/// Recomputes the whole rollup (after a bulk load, or to repair it).
pub async fn rebuild_all(tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
    rebuild(tx, "", None).await?;
    sqlx::query(
        "UPDATE sessions SET \
            present_booked = (SELECT COUNT(*) FROM registrations g WHERE g.session_id = sessions.id \
                AND g.status = 'confirmed' AND g.attended = 1 AND g.walkin = 0), \
            present_walkins = (SELECT COUNT(*) FROM registrations g WHERE g.session_id = sessions.id \
                AND g.status = 'confirmed' AND g.attended = 1 AND g.walkin = 1)",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records what a report groups an attendance by (age band in that fiscal year, district)
/// on the registration itself, then refreshes the session's counts and the person's
/// rollup. Called whenever attendance changes.
pub async fn attendance_changed(
    tx: &mut Transaction<'_, Any>,
    registration_id: i64,
) -> sqlx::Result<()> {
    if let Some((resident, session)) = record_attendance_facts(tx, registration_id).await? {
        recount_session(tx, session).await?;
        refresh_person(tx, resident).await?;
    }
    Ok(())
}

/// Writes the age band (in the session's fiscal year) and district of the resident onto
/// the registration. Returns the resident and session.
async fn record_attendance_facts(
    tx: &mut Transaction<'_, Any>,
    registration_id: i64,
) -> sqlx::Result<Option<(i64, i64)>> {
    #[derive(sqlx::FromRow)]
    struct Facts {
        resident_id: i64,
        session_id: i64,
        birth_year: Option<i64>,
        age_band: Option<String>,
        district_id: Option<i64>,
        fiscal_year: i64,
    }
    let row: Option<Facts> = sqlx::query_as(
        "SELECT g.resident_id, g.session_id, r.birth_year, r.age_band, r.district_id, s.fiscal_year \
         FROM registrations g JOIN residents r ON r.id = g.resident_id \
         JOIN sessions s ON s.id = g.session_id WHERE g.id = $1",
    )
    .bind(registration_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(f) = row else {
        return Ok(None);
    };
    let (resident, session, district) = (f.resident_id, f.session_id, f.district_id);
    let band = band_of(f.birth_year, f.age_band, FiscalYear::starting_in(f.fiscal_year as i32));
    // An erased resident has no birth year or district left: keep what was recorded.
    sqlx::query(
        "UPDATE registrations SET age_band = COALESCE($1, age_band), \
            district_id = COALESCE($2, district_id) WHERE id = $3",
    )
    .bind(band)
    .bind(district)
    .bind(registration_id)
    .execute(&mut **tx)
    .await?;
    Ok(Some((resident, session)))
}

/// The age band in a fiscal year: from the birth year when known, else the band given.
pub fn band_of(birth_year: Option<i64>, band: Option<String>, fy: FiscalYear) -> Option<String> {
    match birth_year {
        Some(year) => Some(AgeBand::of_birth_year(year as i32, fy.start_year()).code().to_string()),
        None => band,
    }
}

/// Refreshes a session's present counts.
pub async fn recount_session(tx: &mut Transaction<'_, Any>, session_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE sessions SET \
            present_booked = (SELECT COUNT(*) FROM registrations g WHERE g.session_id = $1 \
                AND g.status = 'confirmed' AND g.attended = 1 AND g.walkin = 0), \
            present_walkins = (SELECT COUNT(*) FROM registrations g WHERE g.session_id = $1 \
                AND g.status = 'confirmed' AND g.attended = 1 AND g.walkin = 1) \
         WHERE id = $1",
    )
    .bind(session_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    kind: String,
    state: i64,
    month: String,
    sessions: i64,
    seats: i64,
    booked: i64,
    present_booked: i64,
    present_walkins: i64,
}

/// Every figure of one period. `now` (Unix seconds) decides which sessions were held. The
/// queries are independent and run at once, each on its own pooled connection.
pub async fn figures(db: &Db, p: Period, now: i64) -> sqlx::Result<ReachFigures> {
    let (first, last) = p.dates();
    let (first, last) = (first.as_str(), last.as_str());
    let (
        (groups, anonymous),
        districts,
        sessions,
        by_topic,
        (volunteer_minutes, volunteers),
        (supporters_certified, supporters_active),
        devices_lent,
        satisfaction,
        (could_do, could_do_asked),
        support,
        answers,
    ) = futures::try_join!(
        people(db, p, first, last),
        crate::directory::store::districts(db),
        session_rows(db, first, last, now),
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            // Every topic, held or not, so both years list the same rows in the same order
            // (a published column then adds up, and is suppressed alike, in every report).
            // The period's held sessions are found first, by date, then their topics:
            // joined the other way round, SQLite read every session's topics once per topic.
            "SELECT t.name, COUNT(x.id), CAST(COALESCE(SUM(x.present), 0) AS BIGINT) \
             FROM topics t LEFT JOIN (SELECT st.topic_id, s.id, \
                    s.present_booked + s.present_walkins AS present \
                FROM sessions s JOIN session_topics st ON st.session_id = s.id \
                WHERE {IN_PERIOD} AND {HELD}) x ON x.topic_id = t.id \
             GROUP BY t.id, t.name, t.sort_order ORDER BY t.sort_order, t.id"
        )))
        .bind(first)
        .bind(last)
        .bind(now)
        .fetch_all(&db.pool),
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(h.minutes), 0) AS BIGINT), COUNT(DISTINCT h.user_id) \
             FROM helper_hours h JOIN sessions s ON s.id = h.session_id WHERE {IN_PERIOD}"
        )))
        .bind(first)
        .bind(last)
        .fetch_one(&db.pool),
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT (SELECT COUNT(*) FROM supporters WHERE certified_on >= $1 AND certified_on <= $2),                 (SELECT COUNT(DISTINCT sp.id) FROM helper_hours h JOIN sessions s ON s.id = h.session_id                   JOIN supporters sp ON sp.user_id = h.user_id                   WHERE {IN_PERIOD} AND sp.certified_on IS NOT NULL)"
        )))
        .bind(first)
        .bind(last)
        .fetch_one(&db.pool),
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM loans l JOIN sessions s ON s.id = l.session_id WHERE {IN_PERIOD}"
        )))
        .bind(first)
        .bind(last)
        .fetch_one(&db.pool),
        sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(r.satisfied_1), 0) AS BIGINT), CAST(COALESCE(SUM(r.satisfied_2), 0) AS BIGINT), \
                CAST(COALESCE(SUM(r.satisfied_3), 0) AS BIGINT), CAST(COALESCE(SUM(r.satisfied_4), 0) AS BIGINT), \
                CAST(COALESCE(SUM(r.satisfied_5), 0) AS BIGINT) \
             FROM session_reports r JOIN sessions s ON s.id = r.session_id WHERE {IN_PERIOD}"
        )))
        .bind(first)
        .bind(last)
        .fetch_one(&db.pool),
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(rt.could_do), 0) AS BIGINT), \
                CAST(COALESCE(SUM(s.present_booked + s.present_walkins), 0) AS BIGINT) \
             FROM report_topics rt JOIN sessions s ON s.id = rt.session_id WHERE {IN_PERIOD}"
        )))
        .bind(first)
        .bind(last)
        .fetch_one(&db.pool),
        crate::paper_support::store::report_between(db, first, last, p.fiscal_year),
        answer_breakdown(db, p),
    )?;
    let district_name = |id: &Option<i64>| {
        id.and_then(|id| districts.iter().find(|(d, _)| *d == id))
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    let mut by_age_band: Vec<(String, i64)> = AgeBand::ALL
        .iter()
        .map(|b| (b.code().to_string(), 0))
        .chain(std::iter::once((String::new(), 0)))
        .collect();
    let mut by_district: Vec<(String, i64)> = districts
        .iter()
        .map(|(_, n)| (n.clone(), 0))
        .chain(std::iter::once((String::new(), 0)))
        .collect();
    let mut people = 0;
    let rows = groups
        .iter()
        .map(|(band, district, _, n)| (band, district, *n))
        .chain(anonymous.iter().map(|(band, district, n)| (band, district, *n)));
    for (band, district, n) in rows {
        people += n;
        let band = band.clone().unwrap_or_default();
        if let Some(slot) = by_age_band.iter_mut().find(|(b, _)| *b == band) {
            slot.1 += n;
        }
        let name = district_name(district);
        if let Some(slot) = by_district.iter_mut().find(|(d, _)| *d == name) {
            slot.1 += n;
        }
    }
    let identified: i64 = groups.iter().map(|g| g.3).sum();
    let first_time: i64 = groups.iter().map(|g| g.2).sum();
    let mut figures = ReachFigures {
        period: p,
        people,
        first_time,
        repeat: identified - first_time,
        anonymous: anonymous.iter().map(|a| a.2).sum(),
        attendances: 0,
        sessions_held: 0,
        sessions_cancelled: sessions
            .iter()
            .filter(|r| r.state == CANCELLED)
            .map(|r| r.sessions)
            .sum(),
        seats: 0,
        booked: 0,
        booked_present: 0,
        walkins: 0,
        by_host: ["tokyo", "community", "city"].iter().map(|k| (k.to_string(), 0, 0)).collect(),
        by_topic,
        by_age_band,
        by_district,
        attendances_by_month: [0; 12],
        volunteer_minutes,
        volunteers,
        supporters_certified,
        supporters_active,
        devices_lent,
        support_requests: support.total.requests,
        support_by_procedure: support.procedures,
        support_by_outcome: support.outcomes,
        satisfaction: [
            satisfaction.0,
            satisfaction.1,
            satisfaction.2,
            satisfaction.3,
            satisfaction.4,
        ],
        could_do,
        could_do_asked,
        answers,
    };
    for row in sessions.iter().filter(|r| r.state == HELD_STATE) {
        let present = row.present_booked + row.present_walkins;
        figures.sessions_held += row.sessions;
        figures.seats += row.seats;
        figures.booked += row.booked;
        figures.booked_present += row.present_booked;
        figures.walkins += row.present_walkins;
        figures.attendances += present;
        if let Ok(month) = row.month.parse::<usize>() {
            figures.attendances_by_month[(month + 8) % 12] += present;
        }
        if let Some(host) = figures.by_host.iter_mut().find(|h| h.0 == row.kind) {
            host.1 += row.sessions;
            host.2 += present;
        }
    }
    Ok(figures)
}

/// The period's questionnaires entered one by one, by age band, district, first time and
/// topic, from the rollup the questionnaires keep (a few rows per month).
async fn answer_breakdown(db: &Db, p: Period) -> sqlx::Result<AnswerBreakdown> {
    let (rows, districts, all_topics) = futures::try_join!(
        crate::questionnaires::store::rollup(db, p.fiscal_year, p.from_month, p.to_month),
        crate::directory::store::districts(db),
        sqlx::query_as::<_, (i64, String)>("SELECT id, name FROM topics ORDER BY sort_order, id")
            .fetch_all(&db.pool),
    )?;
    let empty = |keys: Vec<String>| -> Vec<(String, Answered)> {
        keys.into_iter()
            .chain(std::iter::once(String::new()))
            .map(|k| (k, Answered::default()))
            .collect()
    };
    let mut out = AnswerBreakdown {
        by_band: empty(AgeBand::ALL.iter().map(|b| b.code().to_string()).collect()),
        by_district: empty(districts.iter().map(|(_, n)| n.clone()).collect()),
        by_first: empty(vec!["first".into(), "repeat".into()]),
        by_topic: all_topics.iter().map(|(_, t)| (t.clone(), Answered::default())).collect(),
    };
    for (dimension, key, n) in rows {
        let (list, key) = match dimension.as_str() {
            "band" => (&mut out.by_band, key),
            "district" => {
                let name = key
                    .parse::<i64>()
                    .ok()
                    .and_then(|id| districts.iter().find(|(d, _)| *d == id))
                    .map_or(String::new(), |(_, name)| name.clone());
                (&mut out.by_district, name)
            }
            "first" => (&mut out.by_first, key),
            "topic" => {
                let name = key
                    .parse::<i64>()
                    .ok()
                    .and_then(|id| all_topics.iter().find(|(t, _)| *t == id))
                    .map_or(String::new(), |(_, name)| name.clone());
                (&mut out.by_topic, name)
            }
            _ => continue,
        };
        if let Some(slot) = list.iter_mut().find(|(k, _)| *k == key) {
            slot.1.add(n);
        }
    }
    Ok(out)
}

/// Sessions within the period (`$1`, `$2`); held ones started before `$3`.
const IN_PERIOD: &str = "s.local_date >= $1 AND s.local_date <= $2";
const HELD: &str = "s.status <> 'cancelled' AND s.starts_at < $3";
const STATE: &str =
    "CASE WHEN s.status = 'cancelled' THEN 2 WHEN s.starts_at < $3 THEN 1 ELSE 0 END";

/// People groups: `(band, district, first time, people)` from the rollup, and
/// `(band, district, requests)` of anonymous paper-support requests (one person each).
type PeopleGroups =
    (Vec<(Option<String>, Option<i64>, i64, i64)>, Vec<(Option<String>, Option<i64>, i64)>);

async fn people(db: &Db, p: Period, first: &str, last: &str) -> sqlx::Result<PeopleGroups> {
    let mask = p.month_mask();
    futures::try_join!(
        sqlx::query_as(
            "SELECT band, district_id, \
                CAST(SUM(CASE WHEN first_time = 1 \
                    AND ((CAST(1 AS BIGINT) << CAST(first_month AS INTEGER)) & $3) <> 0 \
                    THEN 1 ELSE 0 END) AS BIGINT), \
                COUNT(*) \
             FROM reach_people WHERE fiscal_year = $1 AND (months & $2) <> 0 \
             GROUP BY band, district_id",
        )
        .bind(i64::from(p.fiscal_year))
        .bind(mask)
        .bind(mask)
        .fetch_all(&db.pool),
        sqlx::query_as(
            "SELECT age_band, district_id, COUNT(*) FROM support_requests \
             WHERE resident_id IS NULL AND requested_on >= $1 AND requested_on <= $2 \
             GROUP BY age_band, district_id",
        )
        .bind(first)
        .bind(last)
        .fetch_all(&db.pool),
    )
}

/// `SessionRow::state` of sessions held, cancelled (else: still to come).
const HELD_STATE: i64 = 1;
const CANCELLED: i64 = 2;

/// Sessions of the period by host kind, state and month: one pass over them.
async fn session_rows(db: &Db, first: &str, last: &str, now: i64) -> sqlx::Result<Vec<SessionRow>> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT p.kind AS kind, {STATE} AS state, \
            substr(s.local_date, 6, 2) AS month, COUNT(*) AS sessions, \
            CAST(SUM(s.capacity) AS BIGINT) AS seats, CAST(SUM(s.seats_taken) AS BIGINT) AS booked, \
            CAST(SUM(s.present_booked) AS BIGINT) AS present_booked, \
            CAST(SUM(s.present_walkins) AS BIGINT) AS present_walkins \
         FROM sessions s JOIN partners p ON p.id = s.host_partner_id \
         WHERE {IN_PERIOD} \
         GROUP BY p.kind, {STATE}, substr(s.local_date, 6, 2)"
    )))
    .bind(first)
    .bind(last)
    .bind(now)
    .fetch_all(&db.pool)
    .await
}

/// The headline figures of a period, as `figures` counts them: people reached,
/// attendances and sessions held (started before `now`), and the questionnaire answers per
/// level. Four queries, run at once on their own pooled connections, instead of the
/// dashboard's dozen, for the reviewers' today page.
pub async fn headline(db: &Db, p: Period, now: i64) -> sqlx::Result<super::Headline> {
    let (first, last) = p.dates();
    let mask = p.month_mask();
    let (identified, anonymous, held, levels) = futures::try_join!(
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM reach_people WHERE fiscal_year = $1 AND (months & $2) <> 0",
        )
        .bind(i64::from(p.fiscal_year))
        .bind(mask)
        .fetch_one(&db.pool),
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM support_requests \
             WHERE resident_id IS NULL AND requested_on >= $1 AND requested_on <= $2",
        )
        .bind(&first)
        .bind(&last)
        .fetch_one(&db.pool),
        sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*), \
                CAST(COALESCE(SUM(s.present_booked + s.present_walkins), 0) AS BIGINT) \
             FROM sessions s WHERE {IN_PERIOD} AND {HELD}"
        )))
        .bind(&first)
        .bind(&last)
        .bind(now)
        .fetch_one(&db.pool),
        sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COALESCE(SUM(r.satisfied_1), 0) AS BIGINT), \
                CAST(COALESCE(SUM(r.satisfied_2), 0) AS BIGINT), \
                CAST(COALESCE(SUM(r.satisfied_3), 0) AS BIGINT), \
                CAST(COALESCE(SUM(r.satisfied_4), 0) AS BIGINT), \
                CAST(COALESCE(SUM(r.satisfied_5), 0) AS BIGINT) \
             FROM session_reports r JOIN sessions s ON s.id = r.session_id WHERE {IN_PERIOD}"
        )))
        .bind(&first)
        .bind(&last)
        .fetch_one(&db.pool),
    )?;
    Ok(super::Headline {
        people: identified + anonymous,
        attendances: held.1,
        sessions_held: held.0,
        satisfaction: [levels.0, levels.1, levels.2, levels.3, levels.4],
    })
}

/// The answers per satisfaction level 1–5 of a whole fiscal year.
pub async fn satisfaction_levels(db: &Db, fy: i32) -> sqlx::Result<[i64; 5]> {
    let levels: (i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(r.satisfied_1), 0) AS BIGINT), \
            CAST(COALESCE(SUM(r.satisfied_2), 0) AS BIGINT), \
            CAST(COALESCE(SUM(r.satisfied_3), 0) AS BIGINT), \
            CAST(COALESCE(SUM(r.satisfied_4), 0) AS BIGINT), \
            CAST(COALESCE(SUM(r.satisfied_5), 0) AS BIGINT) \
         FROM session_reports r JOIN sessions s ON s.id = r.session_id WHERE s.fiscal_year = $1",
    )
    .bind(i64::from(fy))
    .fetch_one(&db.pool)
    .await?;
    Ok([levels.0, levels.1, levels.2, levels.3, levels.4])
}

/// The plan's base year for the satisfaction KPI (×1.5 from FY2023 to FY2026).
pub const KPI_BASE_YEAR: i32 = 2023;

/// The dashboard: the period, the same months a year before, and the KPI baseline.
pub async fn report(
    db: &Db,
    period: Period,
    publish_threshold: i64,
) -> sqlx::Result<super::ReachReport> {
    let now = crate::db::now();
    let (current, previous, baseline_levels) = futures::try_join!(
        figures(db, period, now),
        figures(db, period.previous(), now),
        satisfaction_levels(db, KPI_BASE_YEAR),
    )?;
    let baseline_answers: i64 = baseline_levels.iter().sum();
    Ok(super::ReachReport {
        current,
        previous,
        baseline_satisfied: (baseline_answers > 0)
            .then(|| (baseline_levels[3] + baseline_levels[4]) as f64 / baseline_answers as f64),
        baseline_answers,
        baseline_levels,
        publish_threshold,
    })
}

/// Whether the rollup needs building once after an upgrade: attendance or paper support
/// exists but the rollup is empty.
pub async fn rollup_missing(db: &Db) -> sqlx::Result<bool> {
    let (built, facts): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM reach_people LIMIT 1) a), \
            (SELECT COUNT(*) FROM (SELECT 1 FROM registrations WHERE attended = 1 \
                UNION ALL SELECT 1 FROM support_requests WHERE resident_id IS NOT NULL LIMIT 1) b)",
    )
    .fetch_one(&db.pool)
    .await?;
    Ok(built == 0 && facts > 0)
}

/// Fills the age band and district of attendances and residents' requests that lack them
/// (recorded before these columns existed, or loaded in bulk).
pub async fn record_missing_facts(tx: &mut Transaction<'_, Any>) -> sqlx::Result<()> {
    let missing: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM registrations WHERE attended = 1 AND age_band IS NULL AND district_id IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for id in missing {
        record_attendance_facts(tx, id).await?;
    }
    #[derive(sqlx::FromRow)]
    struct Request {
        id: i64,
        requested_on: String,
        birth_year: Option<i64>,
        age_band: Option<String>,
        district_id: Option<i64>,
    }
    let requests: Vec<Request> = sqlx::query_as(
        "SELECT q.id, q.requested_on, r.birth_year, r.age_band, r.district_id \
         FROM support_requests q JOIN residents r ON r.id = q.resident_id \
         WHERE q.age_band IS NULL AND q.district_id IS NULL",
    )
    .fetch_all(&mut **tx)
    .await?;
    for q in requests {
        let fy = chrono::NaiveDate::parse_from_str(&q.requested_on, "%Y-%m-%d")
            .map(FiscalYear::of)
            .unwrap_or_else(|_| FiscalYear::chosen(None));
        sqlx::query("UPDATE support_requests SET age_band = $1, district_id = $2 WHERE id = $3")
            .bind(band_of(q.birth_year, q.age_band, fy))
            .bind(q.district_id)
            .bind(q.id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
