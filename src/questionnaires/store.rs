//! SQL for questionnaires: a session's questions, its participants, the answers and the
//! wishes for the next level. Stores take a connection and never open a transaction.

use super::{Answer, Questions, TopicLevel};
use crate::db::{flag, now, Db};
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

/// Every answer of a session, in the order entered.
pub async fn answers(db: &Db, session_id: i64) -> sqlx::Result<Vec<Stored>> {
    let rows: Vec<AnswerRow> = sqlx::query_as(
        "SELECT id, registration_id, via, satisfaction, next_level, wants_to_help, contact_ok, \
                comment FROM questionnaire_answers WHERE session_id = $1 ORDER BY id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let levels: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT q.answer_id, q.topic_id, q.level FROM questionnaire_topics q \
         JOIN questionnaire_answers a ON a.id = q.answer_id WHERE a.session_id = $1",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let yes_no = |v: Option<i64>| v.map(|v| v != 0);
    Ok(rows
        .into_iter()
        .map(|r| Stored {
            registration_id: r.registration_id,
            by_phone: r.via == "phone",
            answer: Answer {
                satisfaction: r.satisfaction,
                topics: levels
                    .iter()
                    .filter(|(answer, _, _)| *answer == r.id)
                    .filter_map(|(_, topic, level)| {
                        TopicLevel::from_code(level).map(|l| (*topic, l))
                    })
                    .collect(),
                next_level: yes_no(r.next_level),
                wants_to_help: yes_no(r.wants_to_help),
                contact_ok: r.contact_ok != 0,
                comment: r.comment,
            },
        })
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
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO questionnaire_answers (session_id, registration_id, via, satisfaction, \
            next_level, wants_to_help, contact_ok, comment, entered_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
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
        "SELECT q.topic_id, SUM(CASE WHEN q.level = 'self' THEN 1 ELSE 0 END) \
         FROM questionnaire_topics q JOIN questionnaire_answers a ON a.id = q.answer_id \
         WHERE a.session_id = $1 GROUP BY q.topic_id ORDER BY q.topic_id",
    )
    .bind(session_id)
    .fetch_all(conn)
    .await?;
    Ok(Some(Tallies { satisfaction, could_do: topics }))
}

/// A registration as a phone answer needs it: its session, resident, whether it is a
/// confirmed place, and the session's start.
#[derive(sqlx::FromRow)]
pub struct Attendance {
    pub session_id: i64,
    pub resident_id: i64,
    pub confirmed: i64,
    pub starts_at: i64,
    pub level: String,
}

pub async fn attendance(
    conn: &mut AnyConnection,
    registration_id: i64,
) -> sqlx::Result<Option<Attendance>> {
    sqlx::query_as(
        "SELECT g.session_id, g.resident_id, \
                CASE WHEN g.status = 'confirmed' THEN 1 ELSE 0 END AS confirmed, s.starts_at, s.level \
         FROM registrations g JOIN sessions s ON s.id = g.session_id WHERE g.id = $1",
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
