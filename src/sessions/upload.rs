//! Importing a partner's .ics file in two steps: upload (checked whole; problems sent back
//! with their lines), then map each LOCATION to a venue and import. Re-importing the same
//! file updates sessions by UID and never duplicates them.

use super::handlers::may_edit;
use super::import::{parse, ImportedEvent};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{session::new_token, Area, CurrentUser};
use crate::db::{now, Db};
use crate::domain::{to_japan, FiscalYear};
use crate::server::{error_page, AppState};
use crate::ui::form::Fields;
use crate::ui::form::{redirect_with_notice, Feedback};
use axum::extract::{Extension, Multipart, Path, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

/// Largest file accepted (a year of sessions is a few hundred kilobytes).
const MAX_BYTES: usize = 2 * 1024 * 1024;

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "ics import failed");
    error_page(StatusCode::INTERNAL_SERVER_ERROR)
}

fn editor(request: &RequestSession) -> Result<CurrentUser, StatusCode> {
    request
        .require(Area::SessionsEdit)
        .cloned()
        .map_err(|e| e.status())
}

/// An upload waiting for its mapping.
pub struct Upload {
    pub user_id: i64,
    pub partner_id: i64,
    pub file_name: String,
    pub content: String,
}

pub async fn load(db: &Db, token: &str) -> sqlx::Result<Option<Upload>> {
    let row: Option<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT user_id, partner_id, file_name, content FROM ics_uploads WHERE token = $1",
    )
    .bind(token)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(user_id, partner_id, file_name, content)| Upload {
        user_id,
        partner_id,
        file_name,
        content,
    }))
}

/// `POST /forms/import` (multipart: `partner_id`, `file`).
pub async fn upload(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    mut multipart: Multipart,
) -> Response {
    let user = match editor(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let mut feedback = Feedback::new();
    let (mut partner, mut file_name, mut bytes) = (String::new(), String::new(), Vec::new());
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                if name == "file" {
                    file_name = field.file_name().unwrap_or("calendar.ics").to_string();
                }
                match field.bytes().await {
                    Ok(data) if name == "file" => bytes = data.to_vec(),
                    Ok(data) if name == "partner_id" => {
                        partner = String::from_utf8_lossy(&data).trim().to_string()
                    }
                    Ok(_) => {}
                    Err(_) => {
                        feedback.error("file", "ics_too_large");
                        return feedback.redirect("/import");
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                feedback.error("file", "ics_too_large");
                return feedback.redirect("/import");
            }
        }
    }
    feedback.keep("partner_id", &partner);
    let partner_id = partner.parse::<i64>().ok();
    match partner_id {
        None => feedback.error("partner_id", "choice_required"),
        Some(p) if !may_edit(&user, p) => feedback.error("partner_id", "host_not_own"),
        Some(p) => match crate::directory::store::partner_exists(&state.db, p).await {
            Ok(true) => {}
            Ok(false) => feedback.error("partner_id", "partner_invalid"),
            Err(e) => return internal(e),
        },
    }
    if bytes.is_empty() {
        feedback.error("file", "required");
    } else if bytes.len() > MAX_BYTES {
        feedback.error("file", "ics_too_large");
    }
    let content = match String::from_utf8(bytes) {
        Ok(c) => c,
        Err(_) => {
            feedback.error("file", "ics_encoding");
            String::new()
        }
    };
    if !feedback.has_errors() {
        if let Err(problems) = parse(&content) {
            feedback.error("file", "ics_invalid");
            let list: Vec<String> = problems
                .iter()
                .map(|p| format!("{}:{}", p.line, p.code))
                .collect();
            feedback.param("problems", &list.join(","));
        }
    }
    let Some(partner_id) = partner_id.filter(|_| !feedback.has_errors()) else {
        return feedback.redirect("/import");
    };
    // Uploads never mapped are forgotten after a day.
    if let Err(e) = sqlx::query("DELETE FROM ics_uploads WHERE created_at < $1")
        .bind(now() - 86_400)
        .execute(&state.db.pool)
        .await
    {
        return internal(e);
    }
    let token = new_token();
    let saved = sqlx::query(
        "INSERT INTO ics_uploads (token, user_id, partner_id, file_name, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&token)
    .bind(user.id)
    .bind(partner_id)
    .bind(&file_name)
    .bind(&content)
    .bind(now())
    .execute(&state.db.pool)
    .await;
    match saved {
        Ok(_) => axum::response::IntoResponse::into_response(axum::response::Redirect::to(
            &format!("/import/{token}"),
        )),
        Err(e) => internal(e),
    }
}

/// The distinct LOCATION values of a file, in first-seen order.
pub fn locations(events: &[ImportedEvent]) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for e in events {
        if !list.contains(&e.location) {
            list.push(e.location.clone());
        }
    }
    list
}

/// `POST /forms/import/{token}`: `venue_<n>` for each location, `topic`, `capacity`.
pub async fn confirm(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(token): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match editor(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let upload = match load(&state.db, &token).await {
        // The uploader, and still allowed to schedule for that partner.
        Ok(Some(u)) if u.user_id == user.id && may_edit(&user, u.partner_id) => u,
        Ok(_) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal(e),
    };
    let page = format!("/import/{token}");
    let Ok(events) = parse(&upload.content) else {
        return error_page(StatusCode::BAD_REQUEST);
    };
    let places = locations(&events);
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let venues = match crate::directory::store::venues(&state.db).await {
        Ok(v) => v,
        Err(e) => return internal(e),
    };
    let mut mapping = Vec::new();
    for n in 0..places.len() {
        let field = format!("venue_{n}");
        match fields
            .one(&field)
            .parse::<i64>()
            .ok()
            .filter(|id| venues.iter().any(|v| v.id == *id))
        {
            Some(id) => mapping.push(id),
            None => {
                feedback.error(&field, "choice_required");
                mapping.push(0);
            }
        }
    }
    let topic = fields.one("topic").parse::<i64>().ok();
    let topics = match super::store::topics(&state.db).await {
        Ok(t) => t,
        Err(e) => return internal(e),
    };
    if !topic.is_some_and(|t| topics.iter().any(|x| x.id == t)) {
        feedback.error("topic", "topics_required");
    }
    let capacity = match fields.one("capacity").parse::<i64>() {
        Ok(n) if (1..=500).contains(&n) => n,
        _ => {
            feedback.error("capacity", "capacity_invalid");
            0
        }
    };
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let topic = topic.unwrap_or_default();
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let (mut added, mut updated) = (0, 0);
        for e in &events {
            let venue = mapping[places.iter().position(|p| *p == e.location).unwrap_or(0)];
            let local = chrono::DateTime::from_timestamp(e.starts_at, 0)
                .map(|t| to_japan(t).date_naive())
                .unwrap_or_default();
            let fiscal_year = i64::from(FiscalYear::of(local).start_year());
            let status = if e.cancelled { "cancelled" } else { "scheduled" };
            let existing: Option<(i64, i64)> =
                sqlx::query_as("SELECT id, host_partner_id FROM sessions WHERE uid = $1")
                    .bind(&e.uid)
                    .fetch_optional(&mut *tx)
                    .await?;
            let at = now();
            let (id, action) = match existing {
                Some((_, host)) if host != upload.partner_id => {
                    return Ok(Err(e.line));
                }
                Some((id, _)) => {
                    sqlx::query(
                        "UPDATE sessions SET title = $1, description = $2, venue_id = $3, starts_at = $4, \
                            ends_at = $5, local_date = $6, fiscal_year = $7, status = $8, \
                            sequence = sequence + 1, updated_at = $9 WHERE id = $10",
                    )
                    .bind(&e.title)
                    .bind(&e.description)
                    .bind(venue)
                    .bind(e.starts_at)
                    .bind(e.ends_at)
                    .bind(local.format("%Y-%m-%d").to_string())
                    .bind(fiscal_year)
                    .bind(status)
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                    updated += 1;
                    (id, Action::Update)
                }
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, \
                            ends_at, local_date, fiscal_year, capacity, description, status, created_at, updated_at) \
                         VALUES ($1, $2, 'first', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
                    )
                    .bind(&e.uid)
                    .bind(&e.title)
                    .bind(upload.partner_id)
                    .bind(venue)
                    .bind(e.starts_at)
                    .bind(e.ends_at)
                    .bind(local.format("%Y-%m-%d").to_string())
                    .bind(fiscal_year)
                    .bind(capacity)
                    .bind(&e.description)
                    .bind(status)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await?;
                    sqlx::query("INSERT INTO session_topics (session_id, topic_id) VALUES ($1, $2)")
                        .bind(id)
                        .bind(topic)
                        .execute(&mut *tx)
                        .await?;
                    added += 1;
                    (id, Action::Create)
                }
            };
            record(&mut *tx, Some((&user).into()), action, "session", &id.to_string(), Some("ics import")).await?;
        }
        sqlx::query("DELETE FROM ics_uploads WHERE token = $1").bind(&token).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(Ok((added, updated)))
    }
    .await;
    match result {
        Ok(Ok((added, updated))) => {
            tracing::info!(added, updated, file = %upload.file_name, "ics imported");
            redirect_with_notice("/sessions", "imported")
        }
        Ok(Err(line)) => {
            feedback.error("file", "ics_uid_other_partner");
            feedback.param("problems", &format!("{line}:ics_uid_other_partner"));
            feedback.redirect("/import")
        }
        Err(e) => internal(e),
    }
}
