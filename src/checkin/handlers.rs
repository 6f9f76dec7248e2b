//! Form routes of check-in, for pages without JavaScript: mark one person, add a walk-in.

use super::store::{self, Walkin};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::Area;
use crate::domain::{AgeBand, Kana};
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

/// `POST /forms/registrations/{id}/attendance` with `present` = 1 or 0.
pub async fn mark(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Checkin) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let present = Fields(pairs).one("present") == "1";
    let result = async {
        let Some(session_id) = store::session_of(&state.db, id).await? else {
            return Ok(Err(StatusCode::NOT_FOUND));
        };
        if !crate::assignments::store::may_check_in(&state.db, &user, session_id).await? {
            return Ok(Err(StatusCode::FORBIDDEN));
        }
        if crate::reports::store::is_finalised(&state.db, session_id).await? {
            // Told on the page: attendance is locked once the report is finalised.
            return Ok(Ok((session_id, false)));
        }
        if !store::set_attended(&state.db, id, present, user.id).await? {
            return Ok(Err(StatusCode::NOT_FOUND));
        }
        Ok::<_, sqlx::Error>(Ok((session_id, true)))
    }
    .await;
    match result {
        Ok(Ok((session_id, false))) => {
            let mut feedback = Feedback::new();
            feedback.error("checkin", "report_locked");
            feedback.redirect(&format!("/sessions/{session_id}/checkin"))
        }
        Ok(Ok((session_id, true))) => redirect_with_notice(
            &format!("/sessions/{session_id}/checkin"),
            if present {
                "checked_in"
            } else {
                "check_in_undone"
            },
        ),
        Ok(Err(status)) => error_page(status),
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/sessions/{id}/walkins`: someone came without booking. A name or reading is
/// enough; age band and district help the reports.
pub async fn walkin(
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
    let page = format!("/sessions/{session_id}/checkin");
    match crate::reports::store::is_finalised(&state.db, session_id).await {
        Ok(false) => {}
        Ok(true) => {
            let mut feedback = Feedback::new();
            feedback.error("walkin_name", "report_locked");
            return feedback.redirect(&page);
        }
        Err(e) => return internal_error(e),
    }
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let typed = fields.one("walkin_name");
    if typed.is_empty() {
        feedback.error("walkin_name", "required");
    } else if typed.chars().count() > 100 {
        feedback.error("walkin_name", "too_long");
    }
    let age_band = match fields.one("age_band") {
        "" => None,
        code => match AgeBand::from_code(code) {
            Some(b) => Some(b.code().to_string()),
            None => {
                feedback.error("age_band", "invalid");
                None
            }
        },
    };
    let district_id = match fields.one("district_id") {
        "" => None,
        v => match v.parse::<i64>() {
            Ok(d) => Some(d),
            Err(_) => {
                feedback.error("district_id", "invalid");
                None
            }
        },
    };
    let key = fields.one("key");
    if key.is_empty() {
        feedback.error("walkin_name", "booking_expired");
    }
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    // A reading typed in kana or romaji is kept as the reading; anything else as the name.
    let (name, kana) = match Kana::parse(typed) {
        Ok(k) if !typed.chars().any(|c| c.is_ascii_alphabetic()) => {
            (typed.to_string(), k.as_str().to_string())
        }
        _ => (typed.to_string(), String::new()),
    };
    let walkin = Walkin {
        name,
        kana,
        age_band,
        district_id,
    };
    let result = async {
        let id = store::add_walkin(
            &state.db,
            session_id,
            &walkin,
            &format!("walkin:{key}"),
            user.id,
        )
        .await?;
        record(
            &state.db.pool,
            Some((&user).into()),
            Action::Create,
            "registration",
            &id.to_string(),
            Some("walk-in"),
        )
        .await?;
        Ok::<_, sqlx::Error>(())
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&page, "walkin_added"),
        Err(e) => internal_error(e),
    }
}
