//! Form routes of seat requests (post/redirect/get). The public ones need no sign-in: a
//! request, a lookup by reference and digits, the requester's cancel (through the cookie
//! the other two set). The staff's confirm, could-not-reach and decline are
//! `Area::Residents`; the lapse setting `Area::AdminData`.

use super::api::ACCESS_COOKIE;
use super::ops::{self, Confirmed, Lookup, Person, Requested};
use super::store::NewRequest;
use super::FilledBy;
use crate::auth::Area;
use crate::domain::{Kana, PhoneNumber};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::residents::{Needs, Smartphone};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Plain, Posted};
use crate::web::extract::{cookie, ClientAddress};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;

/// The request page with the access cookie set: the requester sees their request next.
fn with_access(mut response: Response, token: &str, secure: bool) -> Response {
    let secure = if secure { "; Secure" } else { "" };
    let max_age = ops::limits::ACCESS_SECONDS;
    let value = format!(
        "{ACCESS_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    );
    if let Ok(value) = value.parse() {
        response.headers_mut().append(http::header::SET_COOKIE, value);
    }
    response
}

/// Checks the public form; `None` when anything is wrong (the feedback says what).
pub(super) fn parse(
    fields: &Fields,
    feedback: &mut Feedback,
    session_id: i64,
) -> Option<NewRequest> {
    let name = fields.text(feedback, "name", 100).trim().to_string();
    if name.is_empty() {
        feedback.error("name", ErrorCode::Required);
    }
    let kana = Kana::parse(fields.one("kana")).map_err(|e| feedback.error("kana", e.code)).ok();
    let phone = match fields.one("phone") {
        "" => {
            feedback.error("phone", ErrorCode::Required);
            None
        }
        typed => PhoneNumber::parse(typed)
            .map_err(|_| feedback.error("phone", ErrorCode::PhoneInvalid))
            .ok(),
    };
    let filled_by = FilledBy::from_code(fields.one("filled_by"));
    if filled_by.is_none() {
        feedback.error("filled_by", ErrorCode::FilledByRequired);
    }
    let email = crate::residents::input::email(fields, feedback);
    let needs = fields.all("need");
    let needs = Needs {
        hearing: needs.contains(&"hearing"),
        vision: needs.contains(&"vision"),
        mobility: needs.contains(&"mobility"),
        companion: needs.contains(&"companion"),
    };
    if fields.one("consent") != "yes" {
        feedback.error("consent", ErrorCode::RequestConsent);
    }
    if feedback.has_errors() {
        return None;
    }
    Some(NewRequest {
        session_id,
        name,
        kana: kana?,
        phone: phone?,
        filled_by: filled_by?,
        email,
        needs,
    })
}

/// `POST /forms/public/requests`: a seat request from a session's public page.
pub async fn request(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let session_id = fields.one("session_id").parse::<i64>().map_err(|_| AppError::BadRequest)?;
    let page = format!("/public/sessions/{session_id}");
    // A field people cannot see or reach, which only a machine fills in.
    if !fields.one("website").is_empty() {
        feedback.error("request", ErrorCode::RequestRefused);
        return Ok(feedback.redirect(&page));
    }
    let key = fields.one("key");
    let key_chars = key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if key.len() < 16 || key.len() > 100 || !key_chars {
        feedback.error("request", ErrorCode::BookingExpired);
    }
    // `parse` answers `None` when anything, the key included, was refused.
    let Some(input) = parse(&fields, &mut feedback, session_id) else {
        return Ok(feedback.redirect(&page));
    };
    let refused = match ops::request(&state.db, &input, key, ops::Source::Address(&address)).await?
    {
        Requested::Held { token, .. } => {
            let to = redirect_with_notice("/public/request", NoticeCode::RequestSent);
            return Ok(with_access(to, &token, state.config.secure_cookies));
        }
        Requested::Closed => ErrorCode::RequestClosed,
        Requested::Limited => ErrorCode::RequestLimited,
    };
    feedback.error("request", refused);
    Ok(feedback.redirect(&page))
}

/// `POST /forms/public/requests/lookup`: the reference and the phone's last four digits.
pub async fn lookup(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    use unicode_normalization::UnicodeNormalization;
    let digits_of = |name: &str| -> String {
        let typed: String = fields.one(name).nfkc().collect();
        typed.chars().filter(char::is_ascii_digit).collect()
    };
    let reference = digits_of("reference");
    if reference.len() != 8 {
        feedback.error("reference", ErrorCode::ReferenceInvalid);
    }
    let digits = digits_of("digits");
    if digits.len() != 4 {
        feedback.error("digits", ErrorCode::DigitsInvalid);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect("/public/request"));
    }
    match ops::lookup(&state.db, &reference, &digits, &address).await? {
        Lookup::Found(token) => {
            let to = axum::response::Redirect::to("/public/request");
            Ok(with_access(
                axum::response::IntoResponse::into_response(to),
                &token,
                state.config.secure_cookies,
            ))
        }
        Lookup::Wrong => {
            feedback.error("reference", ErrorCode::LookupWrong);
            Ok(feedback.redirect("/public/request"))
        }
        Lookup::Limited => {
            feedback.error("reference", ErrorCode::LookupLimited);
            Ok(feedback.redirect("/public/request"))
        }
    }
}

/// `POST /forms/public/requests/cancel`: the requester cancels the request their cookie
/// shows.
pub async fn cancel_own(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let hash = cookie(&headers, ACCESS_COOKIE).map(crate::web::secret::hash_token);
    let id = match hash {
        Some(hash) => super::store::by_access(&state.db, &hash, crate::db::now()).await?,
        None => None,
    };
    let Some(id) = id else {
        // The view ran out: look the request up again.
        let mut feedback = Feedback::new();
        feedback.error("reference", ErrorCode::RequestNotPending);
        return Ok(feedback.redirect("/public/request"));
    };
    if ops::cancel_own(&state.db, id, ops::Source::Address(&address)).await? {
        Ok(redirect_with_notice("/public/request", NoticeCode::RequestCancelled))
    } else {
        let mut feedback = Feedback::new();
        feedback.error("request", ErrorCode::RequestNotPending);
        Ok(feedback.redirect("/public/request"))
    }
}

/// `POST /forms/requests/{id}/confirm`: confirmed by phone, for the resident chosen or a
/// new record; then the booking's read-back.
pub async fn confirm(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let page = format!("/requests/{id}");
    let key = fields.one("key");
    if key.is_empty() || key.len() > 100 {
        feedback.error("person", ErrorCode::BookingExpired);
        return Ok(feedback.redirect(&page));
    }
    let person = match fields.one("person") {
        "new" => match Smartphone::from_code(fields.one("smartphone")) {
            Some(phone) => Person::New(phone),
            None => {
                feedback.error("smartphone", ErrorCode::ChoiceRequired);
                return Ok(feedback.redirect(&page));
            }
        },
        typed => match typed.parse::<i64>() {
            Ok(resident) => Person::Existing(resident),
            Err(_) => {
                feedback.error("person", ErrorCode::ChoiceRequired);
                return Ok(feedback.redirect(&page));
            }
        },
    };
    let code = match ops::confirm(&state.db, &user, id, person, key).await? {
        Confirmed::Booked(registration) => {
            return Ok(redirect_with_notice(
                &format!("/registrations/{registration}"),
                NoticeCode::RequestConfirmed,
            ))
        }
        Confirmed::NotPending => ErrorCode::RequestNotPending,
        Confirmed::AlreadyRegistered(_) => ErrorCode::AlreadyRegistered,
        Confirmed::NoResident => ErrorCode::ResidentUnknown,
        Confirmed::SessionClosed => ErrorCode::RequestClosed,
    };
    feedback.error("person", code);
    Ok(feedback.redirect(&page))
}

/// `POST /forms/requests/{id}/unreachable`: the call did not reach the requester.
pub async fn unreachable(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    if ops::could_not_reach(&state.db, &user, id).await? {
        Ok(redirect_with_notice("/requests", NoticeCode::RequestCallCounted))
    } else {
        let mut feedback = Feedback::new();
        feedback.error("person", ErrorCode::RequestNotPending);
        Ok(feedback.redirect(&format!("/requests/{id}")))
    }
}

/// `POST /forms/requests/{id}/decline`: declined on the phone; the place is freed.
pub async fn decline(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    if ops::decline(&state.db, &user, id).await? {
        Ok(redirect_with_notice("/requests", NoticeCode::RequestDeclined))
    } else {
        let mut feedback = Feedback::new();
        feedback.error("person", ErrorCode::RequestNotPending);
        Ok(feedback.redirect(&format!("/requests/{id}")))
    }
}

/// `POST /forms/requests/settings`: the days before an unconfirmed request lapses.
pub async fn settings(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::AdminData)?;
    match fields.one("lapse_days").trim().parse::<i64>() {
        Ok(days) if (1..=14).contains(&days) => {
            ops::set_lapse_days(&state.db, &user, days).await?;
            Ok(redirect_with_notice("/requests", NoticeCode::Saved))
        }
        _ => {
            feedback.error("lapse_days", ErrorCode::LapseDaysInvalid);
            Ok(feedback.redirect("/requests"))
        }
    }
}

#[derive(serde::Deserialize)]
pub struct RubyForm {
    #[serde(default)]
    back: String,
    #[serde(default)]
    yorisoi_ruby: String,
}

/// `POST /forms/public/ruby`: readings (ふりがな) on or off on the public pages, kept a
/// year in a cookie; back to the page the switch was on.
pub async fn ruby(
    State(state): State<AppState>,
    Plain(form): Plain<RubyForm>,
) -> Result<Response, AppError> {
    let on = if form.yorisoi_ruby == "1" { "1" } else { "0" };
    let back = crate::auth::middleware::safe_next(&form.back).to_string();
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    let cookie =
        format!("{}={on}; Path=/; SameSite=Lax; Max-Age=31536000{secure}", super::ruby::COOKIE);
    let mut response =
        axum::response::IntoResponse::into_response(axum::response::Redirect::to(&back));
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(http::header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The form routes of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/public/requests", post(request))
        .route("/forms/public/requests/lookup", post(lookup))
        .route("/forms/public/requests/cancel", post(cancel_own))
        .route("/forms/public/ruby", post(ruby))
        .route("/forms/requests/settings", post(settings))
        .route("/forms/requests/{id}/confirm", post(confirm))
        .route("/forms/requests/{id}/unreachable", post(unreachable))
        .route("/forms/requests/{id}/decline", post(decline))
}
