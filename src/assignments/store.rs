//! SQL for assignments.

use super::{AssignmentRole, Helper};
use crate::auth::{CurrentUser, Role};
use crate::db::{flag, now, Db};
use sqlx::AnyConnection;

pub async fn helpers(db: &Db, session_id: i64) -> sqlx::Result<Vec<Helper>> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT u.id, u.display_name, a.role, a.offered FROM session_assignments a \
         JOIN users u ON u.id = a.user_id WHERE a.session_id = $1 \
         ORDER BY CASE a.role WHEN 'lead' THEN 0 ELSE 1 END, u.display_name",
    )
    .bind(session_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, display_name, role, offered)| Helper {
            user_id,
            display_name,
            role: AssignmentRole::from_code(&role).unwrap_or(AssignmentRole::Assistant),
            offered: offered != 0,
        })
        .collect())
}

pub async fn is_assigned(db: &Db, session_id: i64, user_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM session_assignments WHERE session_id = $1 AND user_id = $2",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// Whether `user_id` leads the session.
pub async fn is_lead(db: &Db, session_id: i64, user_id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM session_assignments WHERE session_id = $1 AND user_id = $2 \
         AND role = 'lead'",
    )
    .bind(session_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// Whether the session is hosted by `partner`, or co-hosted with staff approval.
pub async fn hosted_by(db: &Db, session_id: i64, partner: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions s WHERE s.id = $1 AND (s.host_partner_id = $2 OR EXISTS \
            (SELECT 1 FROM session_cohosts c WHERE c.session_id = s.id AND c.partner_id = $2 \
               AND c.approved_at IS NOT NULL))",
    )
    .bind(session_id)
    .bind(partner)
    .fetch_optional(&db.pool)
    .await?;
    Ok(found.is_some())
}

/// Whether `user` may see and use the check-in of a session: city staff and admins always,
/// a coordinator for their partner's sessions, a volunteer when assigned.
pub async fn may_check_in(db: &Db, user: &CurrentUser, session_id: i64) -> sqlx::Result<bool> {
    Ok(match user.role {
        Role::Admin | Role::Staff => true,
        Role::Coordinator => match user.partner_id {
            Some(p) => hosted_by(db, session_id, p).await?,
            None => false,
        },
        Role::Volunteer => is_assigned(db, session_id, user.id).await?,
        Role::Reviewer => false,
    })
}

/// Active volunteers, `(id, name)`; a coordinator sees those of their partner.
pub async fn volunteers(db: &Db, partner: Option<i64>) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT id, display_name FROM users WHERE role = 'volunteer' AND disabled = 0 \
         AND ($1 = 0 OR partner_id = $1) ORDER BY display_name, id",
    )
    .bind(partner.unwrap_or(0))
    .fetch_all(&db.pool)
    .await
}

/// Adds or changes an assignment.
pub async fn assign(
    conn: &mut AnyConnection,
    session_id: i64,
    user_id: i64,
    role: AssignmentRole,
    offered: bool,
    by: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO session_assignments (session_id, user_id, role, offered, assigned_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (session_id, user_id) DO UPDATE SET role = excluded.role",
    )
    .bind(session_id)
    .bind(user_id)
    .bind(role.code())
    .bind(flag(offered))
    .bind(by)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes an assignment; false if there was none.
pub async fn unassign(
    conn: &mut AnyConnection,
    session_id: i64,
    user_id: i64,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("DELETE FROM session_assignments WHERE session_id = $1 AND user_id = $2")
            .bind(session_id)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The sessions a user is assigned to, from 30 days ago on, with their role.
pub async fn assigned_sessions(db: &Db, user_id: i64) -> sqlx::Result<Vec<(i64, AssignmentRole)>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT a.session_id, a.role FROM session_assignments a JOIN sessions s ON s.id = a.session_id \
         WHERE a.user_id = $1 AND s.ends_at >= $2 ORDER BY s.starts_at",
    )
    .bind(user_id)
    .bind(now() - 30 * 86_400)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, role)| {
            (id, AssignmentRole::from_code(&role).unwrap_or(AssignmentRole::Assistant))
        })
        .collect())
}
