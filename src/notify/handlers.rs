//! Form routes of the call list and the letters: staff and admins.

use super::{store, CallOutcome, NoticeKind};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::Area;
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;

/// The call list's address for a day typed in the form (anything odd means today).
fn list_page(date: &str) -> String {
    match chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d") {
        Ok(d) => format!("/calls?date={}", d.format("%Y-%m-%d")),
        Err(_) => "/calls".to_string(),
    }
}

/// `POST /forms/calls/{id}`: records how a call went. When the resident cancels on the
/// phone their place is given up and the waitlist moves up.
pub async fn record_call(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let fields = Fields(pairs);
    let page = list_page(fields.one("date"));
    let note_field = format!("note_{id}");
    let outcome_field = format!("outcome_{id}");
    let note = fields.one("note");
    let mut feedback = Feedback::new();
    feedback.keep(&note_field, note);
    let outcome = CallOutcome::from_code(fields.one("outcome"));
    if outcome.is_none() {
        feedback.error(&outcome_field, "choice_required");
    }
    if note.chars().count() > 500 {
        feedback.error(&note_field, "text_too_long");
    }
    let Some(outcome) = outcome.filter(|_| !feedback.has_errors()) else {
        return feedback.redirect(&page);
    };
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let recorded = store::record_call(&mut tx, id, outcome, note, user.id).await?;
        if let Some((registration, kind)) = recorded {
            if let (CallOutcome::ResidentCancelled, Some(reg)) = (outcome, registration) {
                if kind != NoticeKind::SessionCancelled {
                    crate::registrations::handlers::cancel_and_refill(
                        &mut tx,
                        reg,
                        user.id,
                        "本人から電話で取り消し",
                    )
                    .await?;
                }
            }
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Update,
                "notice",
                &id.to_string(),
                Some(outcome.code()),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(recorded.is_some())
    }
    .await;
    match result {
        Ok(true) => redirect_with_notice(&page, "call_recorded"),
        Ok(false) => redirect_with_notice(&page, "call_already_closed"),
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/letters/printed`: marks the ticked letters printed and posted.
pub async fn letters_printed(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let fields = Fields(pairs);
    let ids: Vec<i64> = fields
        .all("id")
        .into_iter()
        .filter_map(|v| v.parse().ok())
        .collect();
    if ids.is_empty() {
        let mut feedback = Feedback::new();
        feedback.error("id", "choose_letters");
        return feedback.redirect("/letters");
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let done = store::letters_printed(&mut tx, &ids, user.id).await?;
        for id in &ids {
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Update,
                "notice",
                &id.to_string(),
                Some("printed"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match result {
        Ok(_) => redirect_with_notice("/letters", "letters_printed"),
        Err(e) => internal_error(e),
    }
}
