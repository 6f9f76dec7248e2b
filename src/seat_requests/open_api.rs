//! The open API for integrations such as the city's LINE official account (issue 17):
//! versioned JSON under `/v1`, authenticated by an integration's token
//! (`integrations::extract::Integration`), through the same operations and limits as the
//! public pages. `GET /v1/openapi.json` serves its OpenAPI 3.1 document, generated from
//! these handlers and types by utoipa; `scripts/schemathesis.sh` tests the API against it.

use super::ops::{self, Checked, Requested, Source};
use super::{Availability, PublicSession, RequestStatus};
use crate::i18n::{ErrorCode, Locale};
use crate::integrations::extract::{refusal, Integration, Refusal};
use crate::integrations::Scope;
use crate::ui::form::{Feedback, Fields};
use crate::web::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};

/// How full a session is, in words (never a count of people).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiAvailability {
    Open,
    Few,
    Waitlist,
}

/// A session still to come, as the public pages show it.
#[derive(Serialize, ToSchema)]
pub struct ApiSession {
    pub id: i64,
    pub title: String,
    /// The title's reading (ふりがな); empty when staff gave none.
    pub title_reading: String,
    /// first, beginner or intermediate.
    pub level: String,
    /// Japan time, RFC 3339.
    pub starts_at: String,
    pub ends_at: String,
    pub venue_name: String,
    pub venue_reading: String,
    pub venue_address: String,
    /// How to get there.
    pub venue_access: String,
    pub step_free: bool,
    pub hearing_loop: bool,
    pub what_to_bring: String,
    pub description: String,
    pub topics: Vec<String>,
    pub availability: ApiAvailability,
}

fn japan_time(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0)
        .map(|t| crate::domain::to_japan(t).to_rfc3339())
        .unwrap_or_default()
}

impl From<PublicSession> for ApiSession {
    fn from(s: PublicSession) -> Self {
        ApiSession {
            id: s.id,
            title: s.title,
            title_reading: s.title_reading,
            level: s.level.code().to_string(),
            starts_at: japan_time(s.starts_at),
            ends_at: japan_time(s.ends_at),
            venue_name: s.venue_name,
            venue_reading: s.venue_reading,
            venue_address: s.venue_address,
            venue_access: s.venue_access,
            step_free: s.step_free,
            hearing_loop: s.hearing_loop,
            what_to_bring: s.what_to_bring,
            description: s.description,
            topics: s.topics,
            availability: match s.availability {
                Availability::Open => ApiAvailability::Open,
                Availability::Few => ApiAvailability::Few,
                Availability::Waitlist => ApiAvailability::Waitlist,
            },
        }
    }
}

/// Who fills in the request.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiFilledBy {
    #[serde(rename = "self")]
    Themselves,
    Family,
    Other,
}

/// Help needed on the day.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiNeed {
    Hearing,
    Vision,
    Mobility,
    Companion,
}

/// A seat request. `consent` must be true: the requester agreed to the stated purpose of
/// use. `key` is the caller's own random key for this request (16 to 100 letters, digits,
/// `-`, `_` or `.`): the same key sent again by the same integration gives the same request
/// back.
#[derive(Deserialize, ToSchema)]
pub struct ApiNewRequest {
    pub session_id: i64,
    pub name: String,
    /// The reading of the name, in hiragana, katakana or romaji.
    pub kana: String,
    pub phone: String,
    pub filled_by: ApiFilledBy,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub needs: Vec<ApiNeed>,
    pub consent: bool,
    pub key: String,
}

/// The place a request holds, or its booking has.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiPlace {
    Seat,
    Waitlist,
}

/// The state of a request.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ApiStatus {
    Pending,
    Confirmed,
    Declined,
    Lapsed,
    Cancelled,
}

impl From<RequestStatus> for ApiStatus {
    fn from(s: RequestStatus) -> Self {
        match s {
            RequestStatus::Pending => ApiStatus::Pending,
            RequestStatus::Confirmed => ApiStatus::Confirmed,
            RequestStatus::Declined => ApiStatus::Declined,
            RequestStatus::Lapsed => ApiStatus::Lapsed,
            RequestStatus::Cancelled => ApiStatus::Cancelled,
        }
    }
}

/// A request as its requester may see it: no contact data.
#[derive(Serialize, ToSchema)]
pub struct ApiRequest {
    /// Eight digits.
    pub reference: String,
    pub status: ApiStatus,
    /// While pending, the place held; once confirmed, the booking's.
    pub place: Option<ApiPlace>,
    /// When an unconfirmed request lapses (Japan time, RFC 3339).
    pub lapses_at: String,
    pub session: ApiSession,
}

/// The reference's key: the last four digits of the phone number given.
#[derive(Deserialize, ToSchema)]
pub struct ApiDigits {
    pub digits: String,
}

/// One field's problem.
#[derive(Serialize, ToSchema)]
pub struct ApiFieldError {
    pub field: String,
    pub code: String,
    /// In Japanese, to show the resident.
    pub message: String,
}

/// A refusal: a code, a message, and for a request's fields each field's problem.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ApiFieldError>,
}

fn error(status: StatusCode, code: ErrorCode) -> Refusal {
    refusal(status, code.code(), code.text(Locale::Ja))
}

fn internal(e: crate::error::AppError) -> Refusal {
    tracing::error!(error = ?e, "open API");
    refusal(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "しばらくしてから、もう一度お試しください。",
    )
}

/// A JSON body of type `T`, or 400 in the API's shape.
fn body<T: serde::de::DeserializeOwned>(bytes: &Bytes) -> Result<T, Refusal> {
    serde_json::from_slice(bytes).map_err(|_| {
        refusal(StatusCode::BAD_REQUEST, "bad_json", "The body is not the JSON this call takes.")
    })
}

fn no_request() -> Refusal {
    refusal(StatusCode::NOT_FOUND, "not_found", "No such request.")
}

/// `GET /v1/sessions`: the sessions still to come, in date order.
#[utoipa::path(
    get,
    path = "/v1/sessions",
    responses(
        (status = 200, description = "Sessions still to come", body = [ApiSession]),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token may not read the schedule", body = ApiError),
        (status = 429, description = "Too many calls", body = ApiError),
        (status = 503, description = "Try again later", body = ApiError),
    ),
    security(("token" = []))
)]
pub async fn sessions(
    State(state): State<AppState>,
    integration: Integration,
) -> Result<Response, Refusal> {
    integration.require(Scope::Sessions)?;
    let list = super::store::public_sessions(&state.db, crate::db::now())
        .await
        .map_err(|e| internal(e.into()))?;
    Ok(Json(list.into_iter().map(ApiSession::from).collect::<Vec<_>>()).into_response())
}

/// The request's fields as the public form posts them, for the form's own checks.
fn as_fields(input: &ApiNewRequest) -> Vec<(String, String)> {
    let filled_by = match input.filled_by {
        ApiFilledBy::Themselves => "self",
        ApiFilledBy::Family => "family",
        ApiFilledBy::Other => "other",
    };
    let mut pairs = vec![
        ("name".to_string(), input.name.clone()),
        ("kana".to_string(), input.kana.clone()),
        ("phone".to_string(), input.phone.clone()),
        ("email".to_string(), input.email.clone().unwrap_or_default()),
        ("consent".to_string(), if input.consent { "yes" } else { "" }.to_string()),
        ("filled_by".to_string(), filled_by.to_string()),
    ];
    for need in &input.needs {
        let code = match need {
            ApiNeed::Hearing => "hearing",
            ApiNeed::Vision => "vision",
            ApiNeed::Mobility => "mobility",
            ApiNeed::Companion => "companion",
        };
        pairs.push(("need".to_string(), code.to_string()));
    }
    pairs
}

/// `POST /v1/requests`: a seat request, held as pending until staff confirm it by phone.
#[utoipa::path(
    post,
    path = "/v1/requests",
    request_body = ApiNewRequest,
    responses(
        (status = 201, description = "A place is held: the request", body = ApiRequest),
        (status = 400, description = "Not the JSON this call takes", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token may not make requests", body = ApiError),
        (status = 404, description = "No such session", body = ApiError),
        (status = 409, description = "The session takes no requests", body = ApiError),
        (status = 422, description = "A field is wrong: each is named", body = ApiError),
        (status = 429, description = "A limit was reached", body = ApiError),
        (status = 503, description = "Try again later", body = ApiError),
    ),
    security(("token" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    integration: Integration,
    bytes: Bytes,
) -> Result<Response, Refusal> {
    integration.require(Scope::Requests)?;
    let input: ApiNewRequest = body(&bytes)?;
    let pairs = as_fields(&input);
    let mut feedback = Feedback::new();
    for (name, value) in &pairs {
        if crate::ui::form::has_control_characters(value) {
            feedback.error(name, ErrorCode::ControlCharacters);
        }
    }
    let key_ok = (16..=100).contains(&input.key.len())
        && input.key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !key_ok {
        feedback.error("key", ErrorCode::Invalid);
    }
    let parsed = super::handlers::parse(&Fields(pairs), &mut feedback, input.session_id);
    let Some(request) = parsed.filter(|_| !feedback.has_errors()) else {
        let errors = feedback
            .errors()
            .into_iter()
            .map(|(field, code)| {
                let message = ErrorCode::from_code(&code).unwrap_or(ErrorCode::Invalid);
                ApiFieldError { field, message: message.text(Locale::Ja).to_string(), code }
            })
            .collect();
        let answer = ApiError {
            code: "invalid".to_string(),
            message: ErrorCode::Invalid.text(Locale::Ja).to_string(),
            errors,
        };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(answer)).into_response());
    };
    let session = super::store::public_session(&state.db, input.session_id, crate::db::now())
        .await
        .map_err(|e| internal(e.into()))?;
    if session.is_none() {
        return Err(refusal(StatusCode::NOT_FOUND, "not_found", "No such session."));
    }
    let source = Source::Integration(integration.id);
    match ops::request(&state.db, &request, &input.key, source).await.map_err(internal)? {
        Requested::Held { id, .. } => {
            let answer = view(&state, id).await.map_err(internal)?.ok_or_else(no_request)?;
            Ok((StatusCode::CREATED, Json(answer)).into_response())
        }
        Requested::Closed => Err(error(StatusCode::CONFLICT, ErrorCode::RequestClosed)),
        Requested::Limited => Err(error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RequestLimited)),
    }
}

/// A request as its requester sees it.
async fn view(state: &AppState, id: i64) -> Result<Option<ApiRequest>, crate::error::AppError> {
    let Some((reference, status, seat, lapses_at, session_id)) =
        super::store::own(&state.db, id).await?
    else {
        return Ok(None);
    };
    let now = crate::db::now();
    let Some((session, _)) = super::store::public_session(&state.db, session_id, now).await? else {
        return Ok(None);
    };
    let place = matches!(status, RequestStatus::Pending | RequestStatus::Confirmed).then(|| {
        if seat {
            ApiPlace::Seat
        } else {
            ApiPlace::Waitlist
        }
    });
    Ok(Some(ApiRequest {
        reference,
        status: status.into(),
        place,
        lapses_at: japan_time(lapses_at),
        session: session.into(),
    }))
}

/// The request named by its reference and digits, counted against the limits.
async fn named(
    state: &AppState,
    integration: &Integration,
    reference: &str,
    bytes: &Bytes,
) -> Result<i64, Refusal> {
    integration.require(Scope::Requests)?;
    let digits: ApiDigits = body(bytes)?;
    use unicode_normalization::UnicodeNormalization;
    let reference: String = reference.nfkc().filter(char::is_ascii_digit).collect();
    let digits: String = digits.digits.nfkc().filter(char::is_ascii_digit).collect();
    if reference.len() != 8 || digits.len() != 4 {
        return Err(error(StatusCode::NOT_FOUND, ErrorCode::LookupWrong));
    }
    let source = Source::Integration(integration.id);
    match ops::check(&state.db, &reference, &digits, source).await.map_err(internal)? {
        Checked::Found(id) => Ok(id),
        Checked::Wrong => Err(error(StatusCode::NOT_FOUND, ErrorCode::LookupWrong)),
        Checked::Limited => Err(error(StatusCode::TOO_MANY_REQUESTS, ErrorCode::LookupLimited)),
    }
}

/// `POST /v1/requests/{reference}/status`: a request's state, with the phone's last four
/// digits as its key (in the body, never the address).
#[utoipa::path(
    post,
    path = "/v1/requests/{reference}/status",
    params(("reference" = String, Path, description = "The request's eight digits")),
    request_body = ApiDigits,
    responses(
        (status = 200, description = "The request", body = ApiRequest),
        (status = 400, description = "Not the JSON this call takes", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token may not read requests", body = ApiError),
        (status = 404, description = "No request has this reference and these digits", body = ApiError),
        (status = 422, description = "Control characters in the address", body = ApiError),
        (status = 429, description = "Too many tries", body = ApiError),
        (status = 503, description = "Try again later", body = ApiError),
    ),
    security(("token" = []))
)]
pub async fn status(
    State(state): State<AppState>,
    integration: Integration,
    Path(reference): Path<String>,
    bytes: Bytes,
) -> Result<Response, Refusal> {
    let id = named(&state, &integration, &reference, &bytes).await?;
    let answer = view(&state, id).await.map_err(internal)?.ok_or_else(no_request)?;
    Ok(Json(answer).into_response())
}

/// `POST /v1/requests/{reference}/cancel`: the requester cancels; the place goes to the
/// next person waiting.
#[utoipa::path(
    post,
    path = "/v1/requests/{reference}/cancel",
    params(("reference" = String, Path, description = "The request's eight digits")),
    request_body = ApiDigits,
    responses(
        (status = 200, description = "Cancelled: the request", body = ApiRequest),
        (status = 400, description = "Not the JSON this call takes", body = ApiError),
        (status = 401, description = "No valid token", body = ApiError),
        (status = 403, description = "The token may not cancel requests", body = ApiError),
        (status = 404, description = "No request has this reference and these digits", body = ApiError),
        (status = 409, description = "The request is not pending", body = ApiError),
        (status = 422, description = "Control characters in the address", body = ApiError),
        (status = 429, description = "Too many tries", body = ApiError),
        (status = 503, description = "Try again later", body = ApiError),
    ),
    security(("token" = []))
)]
pub async fn cancel(
    State(state): State<AppState>,
    integration: Integration,
    Path(reference): Path<String>,
    bytes: Bytes,
) -> Result<Response, Refusal> {
    let id = named(&state, &integration, &reference, &bytes).await?;
    let source = Source::Integration(integration.id);
    if !ops::cancel_own(&state.db, id, source).await.map_err(internal)? {
        return Err(error(StatusCode::CONFLICT, ErrorCode::RequestNotPending));
    }
    let answer = view(&state, id).await.map_err(internal)?.ok_or_else(no_request)?;
    Ok(Json(answer).into_response())
}

struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The open API's document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "yorisoi open API",
        version = "1",
        description = "The public schedule and seat requests of the digital-divide programme, for integrations such as a city's LINE official account. A request holds a place until the city confirms it by phone."
    ),
    paths(sessions, create, status, cancel),
    modifiers(&TokenScheme)
)]
pub struct ApiDoc;

/// `GET /v1/openapi.json`.
async fn document() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// The open API's routes, merged into the app's router.
pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/v1/openapi.json", get(document))
        .route("/v1/sessions", get(sessions))
        .route("/v1/requests", post(create))
        .route("/v1/requests/{reference}/status", post(status))
        .route("/v1/requests/{reference}/cancel", post(cancel))
}
