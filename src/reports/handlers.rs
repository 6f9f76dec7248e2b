//! Form routes of the session report: save, finalise, and (admins) reopen.

use super::store::{self, ReportInput};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{Area, Role};
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

const MAX_COUNT: i64 = 1000;

/// `POST /forms/sessions/{id}/report`: `action` = `save` or `finalise`.
pub async fn save(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(session_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Checkin) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    if let Err(answer) =
        crate::assignments::handlers::require_check_in(&state, &user, session_id).await
    {
        return answer;
    }
    let current = match store::report(&state.db, session_id).await {
        Ok(Some(r)) => r,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    let page = format!("/sessions/{session_id}/report");
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    if current.finalised.is_some() {
        feedback.error("report", "report_locked");
        return feedback.redirect(&page);
    }
    let attendees = current.attendees();
    let covered: Vec<i64> = fields
        .all("topic")
        .iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    let mut topics = Vec::new();
    for t in &current.topics {
        let could = fields.count(&mut feedback, &format!("could_{}", t.id), attendees);
        if covered.contains(&t.id) {
            topics.push((t.id, could));
        }
    }
    if topics.is_empty() {
        feedback.error("topic", "topics_required");
    }
    let mut satisfaction = [0; 5];
    for (n, slot) in satisfaction.iter_mut().enumerate() {
        *slot = fields.count(&mut feedback, &format!("sat_{}", n + 1), MAX_COUNT);
    }
    if satisfaction.iter().sum::<i64>() > attendees {
        feedback.error("sat_5", "answers_exceed_attendees");
    }
    let helpers = current
        .helpers
        .iter()
        .map(|(id, _, _)| {
            (
                *id,
                fields.count(&mut feedback, &format!("minutes_{id}"), 24 * 60),
            )
        })
        .collect();
    let notes = fields.one("notes").to_string();
    let incidents = fields.one("incidents").to_string();
    for (name, text) in [("notes", &notes), ("incidents", &incidents)] {
        if text.chars().count() > 2000 {
            feedback.error(name, "text_too_long");
        }
    }
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let finalise = fields.one("action") == "finalise";
    let input = ReportInput {
        topics,
        satisfaction,
        helpers,
        notes,
        incidents,
    };
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let saved = store::save(&mut tx, session_id, &input, user.id, finalise).await?;
        if saved {
            let detail = if finalise {
                "report finalised"
            } else {
                "report saved"
            };
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Update,
                "session",
                &session_id.to_string(),
                Some(detail),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(saved)
    }
    .await;
    match result {
        Ok(true) => redirect_with_notice(
            &page,
            if finalise {
                "report_finalised"
            } else {
                "saved"
            },
        ),
        Ok(false) => {
            feedback.error("report", "report_locked");
            feedback.redirect(&page)
        }
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/sessions/{id}/report/reopen`: admins only; audited.
pub async fn reopen(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(session_id): Path<i64>,
) -> Response {
    let user = match form_user(&request, Area::Checkin) {
        Ok(u) if u.role == Role::Admin => u,
        Ok(_) => return error_page(StatusCode::FORBIDDEN),
        Err(status) => return error_page(status),
    };
    let result = async {
        let done = store::reopen(&state.db, session_id).await?;
        if done {
            record(
                &state.db.pool,
                Some((&user).into()),
                Action::Update,
                "session",
                &session_id.to_string(),
                Some("report reopened"),
            )
            .await?;
        }
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match result {
        Ok(_) => redirect_with_notice(&format!("/sessions/{session_id}/report"), "report_reopened"),
        Err(e) => internal_error(e),
    }
}
