//! SQL for questionnaires: a session's questions, its participants, the answers and the
//! wishes for the next level. Stores take a connection and never open a transaction.

use super::{Answer, Questions, TopicLevel};
use crate::db::{flag, now, Db};
use crate::reach::Answered;
use crate::session_reports::Tallies;
use sqlx::AnyConnection;

#[derive(sqlx::FromRow)]
struct SessionRow {
    title: String,
    starts_at: i64,
    ends_at: i64,
    venue_name: String,
}

/// What a session's sheets ask: its title, time, venue and planned topics.
pub async fn questions(db: &Db, session_id: i64) -> sqlx::Result<Option<Questions>> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT s.title, s.starts_at, s.ends_at, v.name AS venue_name \
         FROM sessions s JOIN venues v ON v.id = s.venue_id WHERE s.id = $1",
    )
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let topics = sqlx::query_as(
        "SELECT t.id, t.name FROM session_topics st JOIN topics t ON t.id = st.topic_id \
         WHERE st.session_id = $1 ORDER BY t.sort_order, t.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(Questions {
        session_id,
        title: row.title,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        venue_name: row.venue_name,
        topics,
    }))
}

/// The session's confirmed places (`present_only`: only those who came, walk-ins
/// included), `(registration id, name)`, in 五十音 order as on the roster.
pub async fn participants(
    db: &Db,
    session_id: i64,
    present_only: bool,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT g.id, r.name FROM registrations g JOIN residents r ON r.id = g.resident_id \
         WHERE g.session_id = $1 AND g.status = 'confirmed' AND (g.attended = 1 OR $2 = 0) \
         ORDER BY CASE WHEN r.kana = '' THEN 1 ELSE 0 END, r.kana_sort, g.id",
    )
    .bind(session_id)
    .bind(flag(present_only))
    .fetch_all(&db.pool)
    .await
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    id: i64,
    registration_id: Option<i64>,
    via: String,
    satisfaction: Option<i64>,
    next_level: Option<i64>,
    wants_to_help: Option<i64>,
    contact_ok: i64,
    comment: String,
}

/// A stored answer: its registration (none for an anonymous sheet), whether it came by
/// phone, and the answers.
pub struct Stored {
    pub registration_id: Option<i64>,
    pub by_phone: bool,
    pub answer: Answer,
}

const ANSWER_COLUMNS: &str = "SELECT id, registration_id, via, satisfaction, next_level, \
    wants_to_help, contact_ok, comment FROM questionnaire_answers";

/// Every topic answer of a session's sheets: `(answer, topic, level)`.
async fn topic_levels(
    conn: &mut AnyConnection,
    session_id: i64,
) -> sqlx::Result<Vec<(i64, i64, String)>> {
    sqlx::query_as(
        "SELECT q.answer_id, q.topic_id, q.level FROM questionnaire_topics q \
         JOIN questionnaire_answers a ON a.id = q.answer_id WHERE a.session_id = $1",
    )
    .bind(session_id)
    .fetch_all(conn)
    .await
}

impl AnswerRow {
    fn into_answer(self, levels: &[(i64, i64, String)]) -> Stored {
        let yes_no = |v: Option<i64>| v.map(|v| v != 0);
        Stored {
            registration_id: self.registration_id,
            by_phone: self.via == "phone",
            answer: Answer {
                satisfaction: self.satisfaction,
                topics: levels
                    .iter()
                    .filter(|(answer, _, _)| *answer == self.id)
                    .filter_map(|(_, topic, level)| {
                        TopicLevel::from_code(level).map(|l| (*topic, l))
                    })
                    .collect(),
                next_level: yes_no(self.next_level),
                wants_to_help: yes_no(self.wants_to_help),
                contact_ok: self.contact_ok != 0,
                comment: self.comment,
            },
        }
    }
}

/// Every answer of a session, in the order entered.
pub async fn answers(db: &Db, session_id: i64) -> sqlx::Result<Vec<Stored>> {
    let mut conn = db.pool.acquire().await?;
    let rows: Vec<AnswerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ANSWER_COLUMNS} WHERE session_id = $1 ORDER BY id"
    )))
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let levels = topic_levels(&mut conn, session_id).await?;
    Ok(rows.into_iter().map(|r| r.into_answer(&levels)).collect())
}

/// The session's numbered sheets entered from paper, as they stand: `(registration,
/// answer)`.
pub async fn paper_answers(
    conn: &mut AnyConnection,
    session_id: i64,
) -> sqlx::Result<Vec<(i64, Answer)>> {
    let rows: Vec<AnswerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ANSWER_COLUMNS} WHERE session_id = $1 AND via = 'paper' AND registration_id IS NOT NULL"
    )))
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let levels = topic_levels(conn, session_id).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.registration_id.map(|g| (g, r.into_answer(&levels).answer)))
        .collect())
}

/// Removes the session's answers entered from paper (phone answers stay).
pub async fn delete_paper(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM questionnaire_topics WHERE answer_id IN \
         (SELECT id FROM questionnaire_answers WHERE session_id = $1 AND via = 'paper')",
    )
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM questionnaire_answers WHERE session_id = $1 AND via = 'paper'")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The fiscal year and fiscal month (1 = April) of a session's day.
async fn fiscal_month_of(
    conn: &mut AnyConnection,
    session_id: i64,
) -> sqlx::Result<Option<(i64, i64)>> {
    let day: Option<String> = sqlx::query_scalar("SELECT local_date FROM sessions WHERE id = $1")
        .bind(session_id)
        .fetch_optional(conn)
        .await?;
    Ok(day.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()).map(|day| {
        (
            i64::from(crate::domain::FiscalYear::of(day).start_year()),
            i64::from(crate::reach::Period::fiscal_month(chrono::Datelike::month(&day))),
        )
    }))
}

/// Writes one answer. `None` when the registration has an answer already (a second phone
/// answer, or a sheet entered for someone who answered by phone).
pub async fn insert(
    conn: &mut AnyConnection,
    session_id: i64,
    registration_id: Option<i64>,
    by_phone: bool,
    answer: &Answer,
    entered_by: Option<i64>,
) -> sqlx::Result<Option<i64>> {
    let (fiscal_year, month) = fiscal_month_of(conn, session_id).await?.unzip();
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO questionnaire_answers (session_id, registration_id, via, satisfaction, \
            next_level, wants_to_help, contact_ok, comment, entered_by, created_at, \
            fiscal_year, month, age_band, district_id, first_time) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, \
            (SELECT age_band FROM registrations WHERE id = $2), \
            (SELECT district_id FROM registrations WHERE id = $2), \
            (SELECT rp.first_time FROM registrations g JOIN sessions s ON s.id = g.session_id \
             JOIN reach_people rp ON rp.resident_id = g.resident_id \
                AND rp.fiscal_year = s.fiscal_year WHERE g.id = $2)) \
         ON CONFLICT (registration_id) DO NOTHING RETURNING id",
    )
    .bind(session_id)
    .bind(registration_id)
    .bind(if by_phone { "phone" } else { "paper" })
    .bind(answer.satisfaction)
    .bind(answer.next_level.map(flag))
    .bind(answer.wants_to_help.map(flag))
    .bind(flag(answer.contact_ok))
    .bind(&answer.comment)
    .bind(entered_by)
    .bind(now())
    .bind(fiscal_year)
    .bind(month)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(id) = id else { return Ok(None) };
    for (topic, level) in &answer.topics {
        sqlx::query(
            "INSERT INTO questionnaire_topics (answer_id, topic_id, level) \
             SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM topics WHERE id = $2)",
        )
        .bind(id)
        .bind(topic)
        .bind(level.code())
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(id))
}

/// The session's tallies from its answers: how many answered each satisfaction level,
/// and per topic how many could do it by themselves. `None` when it has no answers.
pub async fn tallies(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<Option<Tallies>> {
    let counted: Vec<(Option<i64>, i64)> = sqlx::query_as(
        "SELECT satisfaction, COUNT(*) FROM questionnaire_answers WHERE session_id = $1 \
         GROUP BY satisfaction",
    )
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    if counted.is_empty() {
        return Ok(None);
    }
    let mut satisfaction = [0; 5];
    for (level, n) in counted {
        if let Some(level @ 1..=5) = level {
            satisfaction[level as usize - 1] = n;
        }
    }
    let topics = sqlx::query_as(
        "SELECT q.topic_id, CAST(SUM(CASE WHEN q.level = 'self' THEN 1 ELSE 0 END) AS BIGINT) \
         FROM questionnaire_topics q JOIN questionnaire_answers a ON a.id = q.answer_id \
         WHERE a.session_id = $1 GROUP BY q.topic_id ORDER BY q.topic_id",
    )
    .bind(session_id)
    .fetch_all(conn)
    .await?;
    Ok(Some(Tallies { satisfaction, could_do: topics }))
}

/// A registration as an answer needs it: its session, resident, whether they came (a
/// confirmed place marked present, the resident's record not erased), and the session's
/// start and level.
#[derive(sqlx::FromRow)]
pub struct Attendance {
    pub session_id: i64,
    pub resident_id: i64,
    came: i64,
    pub starts_at: i64,
    pub level: String,
}

impl Attendance {
    /// They came, and their record is not erased: their answer may be kept.
    pub fn present(&self) -> bool {
        self.came == 1
    }
}

pub async fn attendance(
    conn: &mut AnyConnection,
    registration_id: i64,
) -> sqlx::Result<Option<Attendance>> {
    sqlx::query_as(
        "SELECT g.session_id, g.resident_id, \
                CASE WHEN g.status = 'confirmed' AND g.attended = 1 AND r.erased_at IS NULL \
                     THEN 1 ELSE 0 END AS came, s.starts_at, s.level \
         FROM registrations g JOIN sessions s ON s.id = g.session_id \
         JOIN residents r ON r.id = g.resident_id WHERE g.id = $1",
    )
    .bind(registration_id)
    .fetch_optional(conn)
    .await
}

/// Whether the registration has been answered for.
pub async fn answered(conn: &mut AnyConnection, registration_id: i64) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM questionnaire_answers WHERE registration_id = $1")
            .bind(registration_id)
            .fetch_one(conn)
            .await?;
    Ok(n > 0)
}

/// Notes that a resident would like a session of `level` (once per level, until invited).
pub async fn wish(
    conn: &mut AnyConnection,
    resident_id: i64,
    level: &str,
    from_session: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO next_level_wishes (resident_id, level, from_session_id, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (resident_id, level) DO NOTHING",
    )
    .bind(resident_id)
    .bind(level)
    .bind(from_session)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Takes back the wishes a session's sheets made for a resident, where not yet invited.
pub async fn unwish(
    conn: &mut AnyConnection,
    resident_id: i64,
    from_session: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM next_level_wishes WHERE resident_id = $1 AND from_session_id = $2 \
         AND invited_at IS NULL",
    )
    .bind(resident_id)
    .bind(from_session)
    .execute(conn)
    .await?;
    Ok(())
}

/// The residents who asked for a session of `level` and have not been invited to one, are
/// not erased, and have no registration on `session_id` (booked, waiting or cancelled),
/// in the order they asked.
const WAITING: &str = "SELECT w.resident_id FROM next_level_wishes w \
     JOIN residents r ON r.id = w.resident_id \
     WHERE w.level = $1 AND w.invited_at IS NULL AND r.erased_at IS NULL \
       AND NOT EXISTS (SELECT 1 FROM registrations g WHERE g.resident_id = w.resident_id \
           AND g.session_id = $2)";

/// How many wait for an invitation to `session_id` (see [`WAITING`]).
pub async fn waiting_for(
    conn: &mut AnyConnection,
    level: &str,
    session_id: i64,
) -> sqlx::Result<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM ({WAITING}) w")))
        .bind(level)
        .bind(session_id)
        .fetch_one(conn)
        .await
}

/// Marks those waiting (see [`WAITING`]) as invited to `session_id` and returns them: the
/// claim and the read are one statement, so two invitations at once never take the same
/// person twice.
pub async fn claim_wishes(
    conn: &mut AnyConnection,
    level: &str,
    session_id: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "UPDATE next_level_wishes SET invited_session_id = $2, invited_at = $3 \
         WHERE level = $1 AND invited_at IS NULL AND resident_id IN ({WAITING}) \
         RETURNING resident_id"
    )))
    .bind(level)
    .bind(session_id)
    .bind(now())
    .fetch_all(conn)
    .await
}

/// A session's level and whether it is still to come and not cancelled.
pub async fn level_of(
    conn: &mut AnyConnection,
    session_id: i64,
    at: i64,
) -> sqlx::Result<Option<(String, bool)>> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT level, CASE WHEN status = 'scheduled' AND starts_at > $2 THEN 1 ELSE 0 END \
         FROM sessions WHERE id = $1",
    )
    .bind(session_id)
    .bind(at)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(level, open)| (level, open == 1)))
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    fiscal_year: Option<i64>,
    month: Option<i64>,
    age_band: Option<String>,
    district_id: Option<i64>,
    first_time: Option<i64>,
    topic_id: Option<i64>,
    sheets: i64,
    rated: i64,
    satisfied: i64,
    asked: i64,
    could: i64,
}

/// What an answer is grouped by, as recorded on it when it was saved.
const GROUPED_BY: &str = "a.fiscal_year, a.month, a.age_band, a.district_id, a.first_time";

/// One session's answers counted per group: `(fiscal year, month, dimension, key, counts)`.
async fn groups_of(
    conn: &mut AnyConnection,
    session_id: i64,
) -> sqlx::Result<Vec<(i64, i64, &'static str, String, Answered)>> {
    let sheets: Vec<GroupRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {GROUPED_BY}, CAST(NULL AS BIGINT) AS topic_id, COUNT(*) AS sheets, \
            CAST(COALESCE(SUM(CASE WHEN a.satisfaction IS NOT NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS rated, \
            CAST(COALESCE(SUM(CASE WHEN a.satisfaction >= 4 THEN 1 ELSE 0 END), 0) AS BIGINT) AS satisfied, \
            CAST(0 AS BIGINT) AS asked, CAST(0 AS BIGINT) AS could \
         FROM questionnaire_answers a WHERE a.session_id = $1 GROUP BY {GROUPED_BY}"
    )))
    .bind(session_id)
    .fetch_all(&mut *conn)
    .await?;
    let topics: Vec<GroupRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {GROUPED_BY}, q.topic_id, \
            CAST(0 AS BIGINT) AS sheets, CAST(0 AS BIGINT) AS rated, CAST(0 AS BIGINT) AS satisfied, \
            COUNT(*) AS asked, \
            CAST(COALESCE(SUM(CASE WHEN q.level = 'self' THEN 1 ELSE 0 END), 0) AS BIGINT) AS could \
         FROM questionnaire_answers a JOIN questionnaire_topics q ON q.answer_id = a.id \
         WHERE a.session_id = $1 GROUP BY {GROUPED_BY}, q.topic_id"
    )))
    .bind(session_id)
    .fetch_all(conn)
    .await?;
    let mut out: Vec<(i64, i64, &'static str, String, Answered)> = Vec::new();
    let mut add = |fy: i64, month: i64, dimension: &'static str, key: String, n: Answered| match out
        .iter_mut()
        .find(|(y, m, d, k, _)| (*y, *m, *d) == (fy, month, dimension) && *k == key)
    {
        Some(slot) => slot.4.add(n),
        None => out.push((fy, month, dimension, key, n)),
    };
    for g in sheets.into_iter().chain(topics) {
        let (Some(fy), Some(month)) = (g.fiscal_year, g.month) else { continue };
        let n = Answered {
            sheets: g.sheets,
            rated: g.rated,
            satisfied: g.satisfied,
            asked: g.asked,
            could: g.could,
        };
        add(fy, month, "band", g.age_band.unwrap_or_default(), n);
        add(fy, month, "district", g.district_id.map(|d| d.to_string()).unwrap_or_default(), n);
        let first = match g.first_time {
            Some(1) => "first",
            Some(_) => "repeat",
            None => "",
        };
        add(fy, month, "first", first.to_string(), n);
        if let Some(topic) = g.topic_id {
            add(fy, month, "topic", topic.to_string(), n);
        }
    }
    Ok(out)
}

/// Adds a session's answers to the rollup (`sign` 1), or takes them out (`sign` -1): an
/// operation takes them out before it changes the answers and adds them after, in its
/// transaction. Each answer counts under what was recorded on it when it was saved, so
/// the two always cancel.
pub async fn rollup_session(
    conn: &mut AnyConnection,
    session_id: i64,
    sign: i64,
) -> sqlx::Result<()> {
    for (fiscal_year, month, dimension, key, n) in groups_of(conn, session_id).await? {
        sqlx::query(
            "INSERT INTO questionnaire_rollup (fiscal_year, month, dimension, group_key, sheets, \
                rated, satisfied, asked, could) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (fiscal_year, month, dimension, group_key) DO UPDATE SET \
                sheets = questionnaire_rollup.sheets + excluded.sheets, \
                rated = questionnaire_rollup.rated + excluded.rated, \
                satisfied = questionnaire_rollup.satisfied + excluded.satisfied, \
                asked = questionnaire_rollup.asked + excluded.asked, \
                could = questionnaire_rollup.could + excluded.could",
        )
        .bind(fiscal_year)
        .bind(month)
        .bind(dimension)
        .bind(key)
        .bind(sign * n.sheets)
        .bind(sign * n.rated)
        .bind(sign * n.satisfied)
        .bind(sign * n.asked)
        .bind(sign * n.could)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Builds the rollup again from every answer, after loading answers in bulk: first records
/// on each answer what it is grouped by where that is missing (loaded without it), then
/// counts every group in one pass per dimension.
pub async fn rebuild_rollup(conn: &mut AnyConnection) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE questionnaire_answers SET \
            age_band = (SELECT g.age_band FROM registrations g \
                WHERE g.id = questionnaire_answers.registration_id), \
            district_id = (SELECT g.district_id FROM registrations g \
                WHERE g.id = questionnaire_answers.registration_id), \
            first_time = (SELECT rp.first_time FROM registrations g \
                JOIN sessions s ON s.id = g.session_id \
                JOIN reach_people rp ON rp.resident_id = g.resident_id \
                    AND rp.fiscal_year = s.fiscal_year \
                WHERE g.id = questionnaire_answers.registration_id), \
            fiscal_year = (SELECT CAST(substr(s.local_date, 1, 4) AS INTEGER) \
                - CASE WHEN substr(s.local_date, 6, 2) < '04' THEN 1 ELSE 0 END \
                FROM sessions s WHERE s.id = questionnaire_answers.session_id), \
            month = (SELECT (CAST(substr(s.local_date, 6, 2) AS INTEGER) + 8) % 12 + 1 \
                FROM sessions s WHERE s.id = questionnaire_answers.session_id) \
         WHERE fiscal_year IS NULL",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM questionnaire_rollup").execute(&mut *conn).await?;
    let dimensions = [
        ("band", "COALESCE(a.age_band, '')"),
        ("district", "COALESCE(CAST(a.district_id AS TEXT), '')"),
        (
            "first",
            "CASE WHEN a.first_time IS NULL THEN '' WHEN a.first_time = 1 THEN 'first' \
             ELSE 'repeat' END",
        ),
    ];
    for (dimension, key) in dimensions {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO questionnaire_rollup (fiscal_year, month, dimension, group_key, sheets, \
                rated, satisfied, asked, could) \
             SELECT a.fiscal_year, a.month, '{dimension}', {key}, COUNT(*), \
                CAST(SUM(CASE WHEN a.satisfaction IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT), \
                CAST(SUM(CASE WHEN a.satisfaction >= 4 THEN 1 ELSE 0 END) AS BIGINT), 0, 0 \
             FROM questionnaire_answers a WHERE a.fiscal_year IS NOT NULL \
             GROUP BY a.fiscal_year, a.month, {key}"
        )))
        .execute(&mut *conn)
        .await?;
    }
    for (dimension, key) in dimensions.into_iter().chain([("topic", "CAST(q.topic_id AS TEXT)")]) {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO questionnaire_rollup (fiscal_year, month, dimension, group_key, sheets, \
                rated, satisfied, asked, could) \
             SELECT a.fiscal_year, a.month, '{dimension}', {key}, 0, 0, 0, COUNT(*), \
                CAST(SUM(CASE WHEN q.level = 'self' THEN 1 ELSE 0 END) AS BIGINT) \
             FROM questionnaire_answers a JOIN questionnaire_topics q ON q.answer_id = a.id \
             WHERE a.fiscal_year IS NOT NULL GROUP BY a.fiscal_year, a.month, {key} \
             ON CONFLICT (fiscal_year, month, dimension, group_key) DO UPDATE SET \
                asked = questionnaire_rollup.asked + excluded.asked, \
                could = questionnaire_rollup.could + excluded.could"
        )))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The rollup of fiscal months `from..=to` of a fiscal year: `(dimension, key, counts)`.
pub async fn rollup(
    db: &Db,
    fiscal_year: i32,
    from: u32,
    to: u32,
) -> sqlx::Result<Vec<(String, String, Answered)>> {
    let rows: Vec<(String, String, i64, i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT dimension, group_key, CAST(SUM(sheets) AS BIGINT), CAST(SUM(rated) AS BIGINT), \
            CAST(SUM(satisfied) AS BIGINT), CAST(SUM(asked) AS BIGINT), CAST(SUM(could) AS BIGINT) \
         FROM questionnaire_rollup WHERE fiscal_year = $1 AND month >= $2 AND month <= $3 \
         GROUP BY dimension, group_key",
    )
    .bind(i64::from(fiscal_year))
    .bind(i64::from(from))
    .bind(i64::from(to))
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(d, k, sheets, rated, satisfied, asked, could)| {
            (d, k, Answered { sheets, rated, satisfied, asked, could })
        })
        .collect())
}
