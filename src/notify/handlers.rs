//! Form routes of the call list and the letters: staff and admins.

use super::{ops, CallOutcome};
use crate::auth::Area;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
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
    request: Caller,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let fields = Fields(pairs);
    let page = list_page(fields.one("date"));
    let note_field = format!("note_{id}");
    let outcome_field = format!("outcome_{id}");
    let note = fields.one("note");
    let mut feedback = Feedback::new();
    feedback.keep(&note_field, note);
    let outcome = CallOutcome::from_code(fields.one("outcome"));
    if outcome.is_none() {
        feedback.error(&outcome_field, ErrorCode::ChoiceRequired);
    }
    if note.chars().count() > 500 {
        feedback.error(&note_field, ErrorCode::TextTooLong);
    }
    let Some(outcome) = outcome.filter(|_| !feedback.has_errors()) else {
        return Ok(feedback.redirect(&page));
    };
    if ops::record_call(&state.db, &user, id, outcome, note).await? {
        Ok(redirect_with_notice(&page, NoticeCode::CallRecorded))
    } else {
        Ok(redirect_with_notice(&page, NoticeCode::CallAlreadyClosed))
    }
}

/// `POST /forms/letters/printed`: marks the ticked letters printed and posted.
pub async fn letters_printed(
    State(state): State<AppState>,
    request: Caller,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let fields = Fields(pairs);
    let ids: Vec<i64> = fields.all("id").into_iter().filter_map(|v| v.parse().ok()).collect();
    if ids.is_empty() {
        let mut feedback = Feedback::new();
        feedback.error("id", ErrorCode::ChooseLetters);
        return Ok(feedback.redirect("/letters"));
    }
    ops::letters_printed(&state.db, &user, &ids).await?;
    Ok(redirect_with_notice("/letters", NoticeCode::LettersPrinted))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/calls/{id}", post(record_call))
        .route("/forms/letters/printed", post(letters_printed))
}
