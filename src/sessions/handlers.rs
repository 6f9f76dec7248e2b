//! Form routes for creating, editing and cancelling sessions (post/redirect/get). Admins and
//! staff may edit any session; a coordinator only those their own partner hosts.

use super::input::{self, check_references, occurrences, parse_repeat, SessionInput};
use super::{ops, rules, store};
use crate::auth::{Area, CurrentUser, Role};
use crate::db::Db;
use crate::domain::to_japan;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Plain, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

use chrono::NaiveDate;

fn today() -> NaiveDate {
    crate::domain::today_in_japan()
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
        let (Some(start), Some(end)) =
            (input::instant(*date, input.start), input::instant(*date, input.end))
        else {
            feedback.error("date", ErrorCode::DateInvalid);
            continue;
        };
        times.push((start, end));
    }
    let override_ok = user.role == Role::Admin && fields.one("override_conflict") == "1";
    if !override_ok {
        for (start, end) in &times {
            if store::venue_taken(&db.pool, input.venue_id, *start, *end, except).await? {
                feedback.error("venue_id", ErrorCode::VenueConflict);
                break;
            }
        }
    }
    Ok(times)
}

/// `POST /forms/sessions`: one session, or a weekly or monthly series.
pub async fn create(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    let parsed = input::parse(&fields, &mut feedback, today());
    let repeat = parse_repeat(&fields, &mut feedback);
    let Some(input) = parsed else {
        return Ok(feedback.redirect("/sessions/new"));
    };
    if !rules::may_edit(&user, input.host_partner_id) {
        feedback.error("host_partner_id", ErrorCode::HostNotOwn);
    }
    check_references(&state.db, &input, &mut feedback).await?;
    let dates = occurrences(input.date, repeat);
    let times = check_venue(&state.db, &user, &fields, &input, &dates, &[], &mut feedback).await?;
    if feedback.has_errors() {
        return Ok(feedback.redirect("/sessions/new"));
    }
    let id =
        ops::create(&state.db, &user, &input, repeat, &times).await?.ok_or(AppError::BadRequest)?;
    Ok(redirect_with_notice(&format!("/sessions/{id}"), NoticeCode::SessionCreated))
}

/// `POST /forms/sessions/{id}`: edit this session, or it and the later ones of its series.
pub async fn update(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    let current = store::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !rules::may_edit(&user, current.summary.host_id) {
        return Err(AppError::Forbidden);
    }
    let page = format!("/sessions/{id}/edit");
    let Some(input) = input::parse(&fields, &mut feedback, today()) else {
        return Ok(feedback.redirect(&page));
    };
    if !rules::may_edit(&user, input.host_partner_id) {
        feedback.error("host_partner_id", ErrorCode::HostNotOwn);
    }
    check_references(&state.db, &input, &mut feedback).await?;
    // The sessions this edit applies to, each with its seats taken and its new date.
    let targets = match (fields.one("scope"), current.series_id) {
        ("following", Some(series)) => {
            store::series_from(&state.db, series, current.summary.starts_at).await?
        }
        _ => vec![current.summary.clone()],
    };
    let old_date = local_date(current.summary.starts_at);
    let shift = input.date - old_date;
    let dates: Vec<NaiveDate> = targets.iter().map(|s| local_date(s.starts_at) + shift).collect();
    // The seats that can be booked (capacity less the walk-in seats) hold everyone booked.
    if targets.iter().any(|s| input.capacity - input.walkin_seats < s.seats_taken) {
        feedback.error("capacity", ErrorCode::CapacityBelowTaken);
    }
    let ids: Vec<i64> = targets.iter().map(|s| s.id).collect();
    let times = check_venue(&state.db, &user, &fields, &input, &dates, &ids, &mut feedback).await?;
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let changes: Vec<(i64, (i64, i64))> = ids.into_iter().zip(times).collect();
    if !ops::update(&state.db, &user, &input, &changes).await? {
        // Someone booked meanwhile and the new capacity no longer holds them.
        feedback.error("capacity", ErrorCode::CapacityBelowTaken);
        return Ok(feedback.redirect(&page));
    }
    Ok(redirect_with_notice(&format!("/sessions/{id}"), NoticeCode::SessionUpdated))
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
    request: Caller,
    Path(id): Path<i64>,
    Plain(form): Plain<CancelForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    let (host, _, _) = store::host_and_seats(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if !rules::may_edit(&user, host) {
        return Err(AppError::Forbidden);
    }
    let page = format!("/sessions/{id}");
    let reason = form.reason.trim();
    let mut feedback = Feedback::new();
    feedback.keep("reason", reason);
    if reason.is_empty() {
        feedback.error("reason", ErrorCode::Required);
    } else if reason.chars().count() > 500 {
        feedback.error("reason", ErrorCode::TextTooLong);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    if ops::cancel(&state.db, &user, id, reason).await? {
        Ok(redirect_with_notice(&page, NoticeCode::SessionCancelled))
    } else {
        feedback.error("reason", ErrorCode::NotScheduled);
        Ok(feedback.redirect(&page))
    }
}

/// The confirmation page a cancellation of many came from, rebuilt from the numbers and the
/// date it posted (nothing else of the form goes into the address).
fn cancel_page(fields: &Fields) -> String {
    let mut query: Vec<(&str, String)> = Vec::new();
    let date = fields.one("date");
    if NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() {
        query.push(("date", date.to_string()));
    }
    for name in ["district", "partner", "series_from"] {
        for value in fields.all(name).into_iter().filter_map(|v| v.parse::<i64>().ok()) {
            query.push((name, value.to_string()));
        }
    }
    let query = serde_urlencoded::to_string(&query).unwrap_or_default();
    if query.is_empty() {
        "/sessions/cancel".to_string()
    } else {
        format!("/sessions/cancel?{query}")
    }
}

/// `POST /forms/sessions/cancel`: cancels the sessions listed on the confirmation page
/// (a day's, or a series from one occurrence on) with one reason, in one step; only with
/// the confirmation box ticked. Each must be one the user may edit.
pub async fn cancel_many(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    let page = cancel_page(&fields);
    let reason = fields.one("reason").trim();
    feedback.keep("reason", reason);
    if reason.is_empty() {
        feedback.error("reason", ErrorCode::Required);
    } else if reason.chars().count() > 500 {
        feedback.error("reason", ErrorCode::TextTooLong);
    }
    if fields.one("confirm") != "1" {
        feedback.error("confirm", ErrorCode::EraseConfirm);
    }
    let mut ids: Vec<i64> =
        fields.all("session").into_iter().filter_map(|v| v.parse().ok()).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        feedback.error("session", ErrorCode::NothingToCancel);
    }
    for &id in &ids {
        let (host, _, _) = store::host_and_seats(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if !rules::may_edit(&user, host) {
            return Err(AppError::Forbidden);
        }
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let done = ops::cancel_many(&state.db, &user, &ids, reason).await?;
    if done.is_empty() {
        feedback.error("session", ErrorCode::NothingToCancel);
        return Ok(feedback.redirect(&page));
    }
    let list: Vec<String> = done.iter().map(i64::to_string).collect();
    let result = format!("/sessions/cancelled?ids={}", list.join(","));
    Ok(redirect_with_notice(&result, NoticeCode::SessionsCancelled))
}

/// `POST /forms/sessions/{id}/cohosts/{partner}/approve`: staff and admins approve a
/// co-host a coordinator named; until then its people do not see the attendees.
pub async fn approve_cohost(
    State(state): State<AppState>,
    request: Caller,
    Path((id, partner)): Path<(i64, i64)>,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    if !rules::may_approve_cohosts(&user) {
        return Err(AppError::Forbidden);
    }
    if ops::approve_cohost(&state.db, &user, id, partner).await? {
        Ok(redirect_with_notice(&format!("/sessions/{id}"), NoticeCode::CohostApproved))
    } else {
        Err(AppError::NotFound)
    }
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/auth/calendar", post(super::feeds::reset))
        .route("/calendar/sessions.ics", get(super::feeds::public))
        .route("/calendar/private/{file}", get(super::feeds::private))
        .route("/forms/import", post(super::upload::upload))
        .route("/forms/import/{token}", post(super::upload::confirm))
        .route("/forms/sessions", post(create))
        .route("/forms/sessions/{id}", post(update))
        .route("/forms/sessions/cancel", post(cancel_many))
        .route("/forms/sessions/{id}/cancel", post(cancel))
        .route("/forms/sessions/{id}/cohosts/{partner}/approve", post(approve_cohost))
}
