//! Form routes of check-in, for pages without JavaScript: mark one person, add a walk-in,
//! enter the ticked paper roster.

use super::{ops, store::Walkin, ROSTER_ROWS};
use crate::assignments::rules::AtTheDoor;
use crate::auth::Area;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;

/// `POST /forms/registrations/{id}/attendance` with `present` = 1 or 0.
pub async fn mark(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Checkin)?;
    let present = Fields(pairs).one("present") == "1";
    let marked = ops::mark_attendance(&state.db, &user, id, present).await?;
    let page = format!("/sessions/{}/checkin", marked.session_id);
    if let Some(refused) = marked.refused {
        // Told on the page: attendance is locked once the report is finalised, and opens
        // on the session's day.
        let mut feedback = Feedback::new();
        feedback.error("checkin", refused);
        return Ok(feedback.redirect(&page));
    }
    let notice = if present { NoticeCode::CheckedIn } else { NoticeCode::CheckInUndone };
    Ok(redirect_with_notice(&page, notice))
}

/// `POST /forms/sessions/{id}/walkins`: someone came without booking. A name or reading is
/// enough; age band and district help the reports.
pub async fn walkin(
    State(state): State<AppState>,
    AtTheDoor { user, session_id }: AtTheDoor,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let page = format!("/sessions/{session_id}/checkin");
    let walkin = read_walkin(&fields, &mut feedback, ["walkin_name", "age_band", "district_id"]);
    if walkin.is_none() && !feedback.has_errors() {
        feedback.error("walkin_name", ErrorCode::Required);
    }
    let key = fields.one("key");
    if key.is_empty() {
        feedback.error("walkin_name", ErrorCode::BookingExpired);
    }
    let Some(walkin) = walkin.filter(|_| !feedback.has_errors()) else {
        return Ok(feedback.redirect(&page));
    };
    match ops::add_walkin(&state.db, &user, session_id, &walkin, &format!("walkin:{key}")).await? {
        Ok(_) => Ok(redirect_with_notice(&page, NoticeCode::WalkinAdded)),
        Err(refused) => {
            feedback.error("walkin_name", refused);
            Ok(feedback.redirect(&page))
        }
    }
}

/// A walk-in typed in a form: the name (or reading) in `name`, the age band and district
/// chosen in the other two fields. `None` for a row left blank, or with its errors put next
/// to its fields.
fn read_walkin(fields: &Fields, feedback: &mut Feedback, names: [&str; 3]) -> Option<Walkin> {
    let [name, age, district] = names;
    match ops::walkin_from(fields.one(name), fields.one(age), fields.one(district)) {
        Ok(walkin) => walkin,
        Err(refused) => {
            for (part, code) in refused {
                feedback.error(names[part], code);
            }
            None
        }
    }
}

/// `POST /forms/sessions/{id}/roster`: the ticked paper roster in one form: `listed` for each
/// place the form showed, `present` for each ticked (the others listed are not present),
/// and the walk-in rows written in
/// ([`ROSTER_ROWS`]); `key` makes a second post add no one.
pub async fn enter_roster(
    State(state): State<AppState>,
    AtTheDoor { user, session_id }: AtTheDoor,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let page = format!("/sessions/{session_id}/roster/entry");
    let mut ids = |name: &str| {
        let mut out = Vec::new();
        for value in fields.all(name) {
            match value.parse::<i64>() {
                Ok(id) => out.push(id),
                Err(_) => feedback.error("present", ErrorCode::Invalid),
            }
        }
        out
    };
    let (listed, present) = (ids("listed"), ids("present"));
    let mut walkins = Vec::new();
    for (n, row) in ROSTER_ROWS.iter().enumerate() {
        if let Some(walkin) = read_walkin(&fields, &mut feedback, *row) {
            walkins.push((n + 1, walkin));
        }
    }
    let key = fields.one("key");
    if key.is_empty() {
        feedback.error("present", ErrorCode::BookingExpired);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    match ops::enter_roster(&state.db, &user, session_id, &listed, &present, &walkins, key).await? {
        Ok(_) => Ok(redirect_with_notice(
            &format!("/sessions/{session_id}/checkin"),
            NoticeCode::RosterEntered,
        )),
        Err(refused) => {
            feedback.error("present", refused);
            Ok(feedback.redirect(&page))
        }
    }
}

/// `GET /sw.js`: the service worker that keeps a check-in page on the phone for use
/// offline (what it keeps, and for how long, is written at the top of the file). At the
/// site's root, so it may answer for the page and the site files under `/pkg/`.
async fn service_worker() -> Response {
    use axum::response::IntoResponse;
    let javascript = (http::header::CONTENT_TYPE, "text/javascript; charset=utf-8");
    ([javascript], include_str!("service_worker.js")).into_response()
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/sw.js", get(service_worker))
        .route("/forms/registrations/{id}/attendance", post(mark))
        .route("/forms/sessions/{id}/walkins", post(walkin))
        .route("/forms/sessions/{id}/roster", post(enter_roster))
}
