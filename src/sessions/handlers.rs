//! Form routes for creating, editing and cancelling sessions (post/redirect/get). Admins and
//! staff may edit any session; a coordinator only those their own partner hosts.

use super::input::{self, check_references, occurrences, parse_repeat, Repeat, SessionInput};
use super::store;
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{Area, CurrentUser, Role};
use crate::db::Db;
use crate::domain::to_japan;
use crate::server::{error_page, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use chrono::NaiveDate;
use http::StatusCode;

fn editor(request: &RequestSession) -> Result<CurrentUser, StatusCode> {
    request
        .require(Area::SessionsEdit)
        .cloned()
        .map_err(|e| e.status())
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "session form failed");
    error_page(StatusCode::INTERNAL_SERVER_ERROR)
}

fn today() -> NaiveDate {
    crate::domain::today_in_japan()
}

/// A new, stable iCalendar UID.
fn new_uid() -> String {
    format!(
        "{}@yorisoi.higashiyamato",
        crate::auth::session::new_token()
    )
}

/// Whether `user` may edit a session hosted by `host`.
pub fn may_edit(user: &CurrentUser, host: i64) -> bool {
    Area::SessionsEdit.allows(user.role)
        && (user.role != Role::Coordinator || user.partner_id == Some(host))
}

/// Times of each dated occurrence, refusing overlaps at the venue unless an admin overrides.
async fn check_venue(
    db: &Db,
    user: &CurrentUser,
    fields: &Fields,
    input: &SessionInput,
    dates: &[NaiveDate],
    except: &[i64],
    feedback: &mut Feedback,
) -> sqlx::Result<Vec<(i64, i64)>> {
    let mut times = Vec::new();
    for date in dates {
        let (Some(start), Some(end)) = (
            input::instant(*date, input.start),
            input::instant(*date, input.end),
        ) else {
            feedback.error("date", "date_invalid");
            continue;
        };
        times.push((start, end));
    }
    let override_ok = user.role == Role::Admin && fields.one("override_conflict") == "1";
    if !override_ok {
        for (start, end) in &times {
            if !store::venue_conflicts(db, input.venue_id, *start, *end, except)
                .await?
                .is_empty()
            {
                feedback.error("venue_id", "venue_conflict");
                break;
            }
        }
    }
    Ok(times)
}

/// `POST /forms/sessions`: one session, or a weekly or monthly series.
pub async fn create(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match editor(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let parsed = input::parse(&fields, &mut feedback, today());
    let repeat = parse_repeat(&fields, &mut feedback);
    let Some(input) = parsed else {
        return feedback.redirect("/sessions/new");
    };
    if !may_edit(&user, input.host_partner_id) {
        feedback.error("host_partner_id", "host_not_own");
    }
    if let Err(e) = check_references(&state.db, &input, &mut feedback).await {
        return internal(e);
    }
    let dates = occurrences(input.date, repeat);
    let times = match check_venue(
        &state.db,
        &user,
        &fields,
        &input,
        &dates,
        &[],
        &mut feedback,
    )
    .await
    {
        Ok(t) => t,
        Err(e) => return internal(e),
    };
    if feedback.has_errors() {
        return feedback.redirect("/sessions/new");
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let series = match repeat {
            Repeat::Once => None,
            Repeat::Weekly(_) => Some(store::create_series(&mut tx, "weekly").await?),
            Repeat::Monthly(_) => Some(store::create_series(&mut tx, "monthly").await?),
        };
        let mut first = None;
        for (start, end) in &times {
            let id = store::insert(&mut tx, &input, *start, *end, series, &new_uid()).await?;
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Create,
                "session",
                &id.to_string(),
                None,
            )
            .await?;
            first.get_or_insert(id);
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(first)
    }
    .await;
    match result {
        Ok(Some(id)) => redirect_with_notice(&format!("/sessions/{id}"), "session_created"),
        Ok(None) => error_page(StatusCode::BAD_REQUEST),
        Err(e) => internal(e),
    }
}

/// `POST /forms/sessions/{id}`: edit this session, or it and the later ones of its series.
pub async fn update(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match editor(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let current = match store::get(&state.db, id).await {
        Ok(Some(s)) => s,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal(e),
    };
    if !may_edit(&user, current.summary.host_id) {
        return error_page(StatusCode::FORBIDDEN);
    }
    let page = format!("/sessions/{id}/edit");
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let Some(input) = input::parse(&fields, &mut feedback, today()) else {
        return feedback.redirect(&page);
    };
    if !may_edit(&user, input.host_partner_id) {
        feedback.error("host_partner_id", "host_not_own");
    }
    if let Err(e) = check_references(&state.db, &input, &mut feedback).await {
        return internal(e);
    }
    // The sessions this edit applies to, each with its seats taken and its new date.
    let targets = match (fields.one("scope"), current.series_id) {
        ("following", Some(series)) => {
            match store::series_from(&state.db, series, current.summary.starts_at).await {
                Ok(list) => list,
                Err(e) => return internal(e),
            }
        }
        _ => vec![current.summary.clone()],
    };
    let old_date = local_date(current.summary.starts_at);
    let shift = input.date - old_date;
    let dates: Vec<NaiveDate> = targets
        .iter()
        .map(|s| local_date(s.starts_at) + shift)
        .collect();
    if targets.iter().any(|s| input.capacity < s.seats_taken) {
        feedback.error("capacity", "capacity_below_taken");
    }
    let ids: Vec<i64> = targets.iter().map(|s| s.id).collect();
    let times = match check_venue(
        &state.db,
        &user,
        &fields,
        &input,
        &dates,
        &ids,
        &mut feedback,
    )
    .await
    {
        Ok(t) => t,
        Err(e) => return internal(e),
    };
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        for (session_id, (start, end)) in ids.iter().zip(&times) {
            store::update(&mut tx, *session_id, &input, *start, *end).await?;
            // More seats may have opened: move people up from the waitlist.
            crate::registrations::handlers::refill(&mut tx, *session_id).await?;
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Update,
                "session",
                &session_id.to_string(),
                None,
            )
            .await?;
        }
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&format!("/sessions/{id}"), "session_updated"),
        Err(e) => internal(e),
    }
}

fn local_date(instant: i64) -> NaiveDate {
    chrono::DateTime::from_timestamp(instant, 0)
        .map(|t| to_japan(t).date_naive())
        .unwrap_or_default()
}

#[derive(serde::Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    reason: String,
}

/// `POST /forms/sessions/{id}/cancel`: cancels with a reason.
pub async fn cancel(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(form): Form<CancelForm>,
) -> Response {
    let user = match editor(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let host = match store::host_and_seats(&state.db, id).await {
        Ok(Some((host, _, _))) => host,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal(e),
    };
    if !may_edit(&user, host) {
        return error_page(StatusCode::FORBIDDEN);
    }
    let page = format!("/sessions/{id}");
    let reason = form.reason.trim();
    let mut feedback = Feedback::new();
    feedback.keep("reason", reason);
    if reason.is_empty() {
        feedback.error("reason", "required");
    } else if reason.chars().count() > 500 {
        feedback.error("reason", "text_too_long");
    }
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let done = store::cancel(&mut *tx, id, reason).await?;
        if done {
            // Everyone registered is owed a notice by their channel (email, call, letter).
            crate::notify::store::session_cancelled(&mut tx, id).await?;
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Update,
                "session",
                &id.to_string(),
                Some("cancelled"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(done)
    }
    .await;
    match result {
        Ok(true) => redirect_with_notice(&page, "session_cancelled"),
        Ok(false) => {
            feedback.error("reason", "not_scheduled");
            feedback.redirect(&page)
        }
        Err(e) => internal(e),
    }
}
