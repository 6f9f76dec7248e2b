//! SQL for session reports.

use super::{ReportTopic, SessionReport};
use crate::db::{now, Db};
use sqlx::{Any, AnyConnection, Transaction};

/// Whether a session's report is finalised (its attendance is then locked).
pub async fn is_finalised(db: &Db, session_id: i64) -> sqlx::Result<bool> {
    finalised_in(&mut *db.pool.acquire().await?, session_id).await
}

/// [`is_finalised`] inside a change's transaction, after it has locked the session: a
/// report finalised meanwhile is seen.
pub async fn finalised_in(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<bool> {
    let at: Option<Option<i64>> =
        sqlx::query_scalar("SELECT finalised_at FROM session_reports WHERE session_id = $1")
            .bind(session_id)
            .fetch_optional(conn)
            .await?;
    Ok(at.flatten().is_some())
}

#[derive(sqlx::FromRow)]
struct Counts {
    booked: i64,
    present: i64,
    walkins: i64,
    lent: i64,
}

#[derive(sqlx::FromRow)]
struct Saved {
    satisfied_1: i64,
    satisfied_2: i64,
    satisfied_3: i64,
    satisfied_4: i64,
    satisfied_5: i64,
    notes: String,
    incidents: String,
    finalised_at: Option<i64>,
    finalised_by: Option<String>,
}

pub async fn report(db: &Db, session_id: i64) -> sqlx::Result<Option<SessionReport>> {
    let Some(session) = crate::sessions::store::get(db, session_id).await? else {
        return Ok(None);
    };
    let s = session.summary;
    let c: Counts = sqlx::query_as(
        "SELECT \
            (SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'confirmed' AND walkin = 0) AS booked, \
            (SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'confirmed' AND walkin = 0 AND attended = 1) AS present, \
            (SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'confirmed' AND walkin = 1) AS walkins, \
            (SELECT COUNT(*) FROM loans WHERE session_id = $1) AS lent",
    )
    .bind(session_id)
    .fetch_one(&db.pool)
    .await?;
    let saved: Option<Saved> = sqlx::query_as(
        "SELECT r.satisfied_1, r.satisfied_2, r.satisfied_3, r.satisfied_4, r.satisfied_5, r.notes, \
                r.incidents, r.finalised_at, u.display_name AS finalised_by \
         FROM session_reports r LEFT JOIN users u ON u.id = r.finalised_by WHERE r.session_id = $1",
    )
    .bind(session_id)
    .fetch_optional(&db.pool)
    .await?;
    let topics: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT t.id, t.name, rt.could_do FROM topics t \
         LEFT JOIN report_topics rt ON rt.topic_id = t.id AND rt.session_id = $1 \
         WHERE t.active = 1 OR rt.topic_id IS NOT NULL ORDER BY t.sort_order, t.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    // Before the report is saved, the session's planned topics are offered as covered.
    let planned = saved.is_none();
    let topics = topics
        .into_iter()
        .map(|(id, name, could_do)| ReportTopic {
            covered: could_do.is_some() || (planned && session.topic_ids.contains(&id)),
            could_do: could_do.unwrap_or(0),
            id,
            name,
        })
        .collect();
    let from_sheets: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM questionnaire_answers WHERE session_id = $1")
            .bind(session_id)
            .fetch_one(&db.pool)
            .await?;
    let length = ((s.ends_at - s.starts_at) / 60).max(0);
    let helpers: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT u.id, u.display_name, h.minutes FROM session_assignments a JOIN users u ON u.id = a.user_id \
         LEFT JOIN helper_hours h ON h.session_id = a.session_id AND h.user_id = a.user_id \
         WHERE a.session_id = $1 ORDER BY u.display_name, u.id",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    let (satisfaction, notes, incidents, finalised) = match saved {
        Some(r) => (
            [r.satisfied_1, r.satisfied_2, r.satisfied_3, r.satisfied_4, r.satisfied_5],
            r.notes,
            r.incidents,
            r.finalised_at.map(|at| (at, r.finalised_by.unwrap_or_default())),
        ),
        None => ([0; 5], String::new(), String::new(), None),
    };
    Ok(Some(SessionReport {
        session_id,
        title: s.title,
        starts_at: s.starts_at,
        ends_at: s.ends_at,
        booked: c.booked,
        present: c.present,
        walkins: c.walkins,
        no_shows: c.booked - c.present,
        devices_lent: c.lent,
        topics,
        satisfaction,
        from_sheets,
        helpers: helpers
            .into_iter()
            .map(|(id, name, minutes)| (id, name, minutes.unwrap_or(length)))
            .collect(),
        notes,
        incidents,
        finalised,
        may_reopen: false,
    }))
}

/// What the report form carries, checked.
#[derive(Clone)]
pub struct ReportInput {
    pub topics: Vec<(i64, i64)>,
    pub satisfaction: [i64; 5],
    pub helpers: Vec<(i64, i64)>,
    pub notes: String,
    pub incidents: String,
}

/// Saves the report; with `finalise`, also locks it (and the attendance). False when it
/// was finalised already.
pub async fn save(
    tx: &mut Transaction<'_, Any>,
    session_id: i64,
    input: &ReportInput,
    user: i64,
    finalise: bool,
) -> sqlx::Result<bool> {
    let at = now();
    let written = sqlx::query(
        "INSERT INTO session_reports (session_id, satisfied_1, satisfied_2, satisfied_3, satisfied_4, \
            satisfied_5, notes, incidents, updated_at, updated_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (session_id) DO UPDATE SET satisfied_1 = excluded.satisfied_1, \
            satisfied_2 = excluded.satisfied_2, satisfied_3 = excluded.satisfied_3, \
            satisfied_4 = excluded.satisfied_4, satisfied_5 = excluded.satisfied_5, \
            notes = excluded.notes, incidents = excluded.incidents, \
            updated_at = excluded.updated_at, updated_by = excluded.updated_by \
         WHERE session_reports.finalised_at IS NULL",
    )
    .bind(session_id)
    .bind(input.satisfaction[0])
    .bind(input.satisfaction[1])
    .bind(input.satisfaction[2])
    .bind(input.satisfaction[3])
    .bind(input.satisfaction[4])
    .bind(&input.notes)
    .bind(&input.incidents)
    .bind(at)
    .bind(user)
    .execute(&mut **tx)
    .await?;
    if written.rows_affected() == 0 {
        return Ok(false);
    }
    sqlx::query("DELETE FROM report_topics WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (topic, could_do) in &input.topics {
        sqlx::query(
            "INSERT INTO report_topics (session_id, topic_id, could_do) VALUES ($1, $2, $3)",
        )
        .bind(session_id)
        .bind(topic)
        .bind(could_do)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query("DELETE FROM helper_hours WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for (helper, minutes) in &input.helpers {
        sqlx::query(
            "INSERT INTO helper_hours (session_id, user_id, minutes) SELECT $1, $2, $3 \
             WHERE EXISTS (SELECT 1 FROM session_assignments WHERE session_id = $1 AND user_id = $2)",
        )
        .bind(session_id)
        .bind(helper)
        .bind(minutes)
        .execute(&mut **tx)
        .await?;
    }
    if finalise {
        sqlx::query(
            "UPDATE session_reports SET finalised_at = $1, finalised_by = $2 WHERE session_id = $3",
        )
        .bind(at)
        .bind(user)
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}

/// Writes the tallies computed from the session's questionnaires: how many answered each
/// satisfaction level, and per topic answered how many could do it by themselves (the
/// topic then counts as covered). Questionnaires change only while the report is open.
pub async fn set_tallies(
    conn: &mut AnyConnection,
    session_id: i64,
    tallies: super::Tallies,
) -> sqlx::Result<()> {
    let super::Tallies { satisfaction, could_do: topics } = tallies;
    sqlx::query(
        "INSERT INTO session_reports (session_id, satisfied_1, satisfied_2, satisfied_3, \
            satisfied_4, satisfied_5, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (session_id) DO UPDATE SET satisfied_1 = excluded.satisfied_1, \
            satisfied_2 = excluded.satisfied_2, satisfied_3 = excluded.satisfied_3, \
            satisfied_4 = excluded.satisfied_4, satisfied_5 = excluded.satisfied_5",
    )
    .bind(session_id)
    .bind(satisfaction[0])
    .bind(satisfaction[1])
    .bind(satisfaction[2])
    .bind(satisfaction[3])
    .bind(satisfaction[4])
    .bind(now())
    .execute(&mut *conn)
    .await?;
    for (topic, could_do) in topics {
        sqlx::query(
            "INSERT INTO report_topics (session_id, topic_id, could_do) VALUES ($1, $2, $3) \
             ON CONFLICT (session_id, topic_id) DO UPDATE SET could_do = excluded.could_do",
        )
        .bind(session_id)
        .bind(topic)
        .bind(could_do)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Takes the computed tallies back to nothing, when the last questionnaire was removed.
pub async fn reset_tallies(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE session_reports SET satisfied_1 = 0, satisfied_2 = 0, satisfied_3 = 0, \
            satisfied_4 = 0, satisfied_5 = 0 WHERE session_id = $1",
    )
    .bind(session_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE report_topics SET could_do = 0 WHERE session_id = $1")
        .bind(session_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Opens a finalised report again. False when it was not finalised.
pub async fn reopen(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE session_reports SET finalised_at = NULL, finalised_by = NULL \
         WHERE session_id = $1 AND finalised_at IS NOT NULL",
    )
    .bind(session_id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
