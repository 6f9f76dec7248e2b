//! Importing a partner's .ics file in two steps: upload (checked whole; problems sent back
//! with their lines), then map each LOCATION to a venue and import. Re-importing the same
//! file updates sessions by UID and never duplicates them.

use super::import::{parse, ImportedEvent, Parsed};
use super::ops::{self, ImportCount, Imported};
use super::rules::may_edit;
use crate::auth::Area;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{has_control_characters, Posted};
use crate::ui::form::{redirect_with_notice, Feedback};
use crate::web::{AppState, Caller};
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

/// Largest file accepted (a year of sessions is a few hundred kilobytes).
pub const MAX_BYTES: usize = 2 * 1024 * 1024;

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
    request: Caller,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
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
                        feedback.error("file", ErrorCode::IcsTooLarge);
                        return Ok(feedback.redirect("/import"));
                    }
                }
            }
            Ok(None) => break,
            Err(_) => {
                feedback.error("file", ErrorCode::IcsTooLarge);
                return Ok(feedback.redirect("/import"));
            }
        }
    }
    feedback.keep("partner_id", &partner);
    let partner_id = partner.parse::<i64>().ok();
    match partner_id {
        None => feedback.error("partner_id", ErrorCode::ChoiceRequired),
        Some(p) if !may_edit(&user, p) => feedback.error("partner_id", ErrorCode::HostNotOwn),
        Some(p) => {
            if !crate::directory::store::partner_exists(&state.db, p).await? {
                feedback.error("partner_id", ErrorCode::PartnerInvalid);
            }
        }
    }
    if bytes.is_empty() {
        feedback.error("file", ErrorCode::Required);
    } else if bytes.len() > MAX_BYTES {
        feedback.error("file", ErrorCode::IcsTooLarge);
    }
    let content = match String::from_utf8(bytes) {
        Ok(c) => c,
        Err(_) => {
            feedback.error("file", ErrorCode::IcsEncoding);
            String::new()
        }
    };
    if has_control_characters(&file_name) || has_control_characters(&content) {
        feedback.error("file", ErrorCode::ControlCharacters);
    }
    if !feedback.has_errors() {
        if let Err(problems) = parse(&content, crate::domain::today_in_japan()) {
            feedback.error("file", ErrorCode::IcsInvalid);
            let list: Vec<String> =
                problems.iter().map(|p| format!("{}:{}", p.line, p.code)).collect();
            feedback.param("problems", &list.join(","));
        }
    }
    let Some(partner_id) = partner_id.filter(|_| !feedback.has_errors()) else {
        return Ok(feedback.redirect("/import"));
    };
    let token = ops::save_upload(&state.db, &user, partner_id, &file_name, &content).await?;
    Ok(Redirect::to(&format!("/import/{token}")).into_response())
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
    request: Caller,
    Path(token): Path<String>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::SessionsEdit)?;
    let upload = load(&state.db, &token)
        .await?
        // The uploader, and still allowed to schedule for that partner.
        .filter(|u| u.user_id == user.id && may_edit(&user, u.partner_id))
        .ok_or(AppError::NotFound)?;
    let page = format!("/import/{token}");
    let Ok(Parsed { events, series }) = parse(&upload.content, crate::domain::today_in_japan())
    else {
        return Err(AppError::BadRequest);
    };
    let places = locations(&events);
    let venues = crate::directory::store::venues(&state.db).await?;
    let mut mapping = Vec::new();
    for n in 0..places.len() {
        let field = format!("venue_{n}");
        match fields.one(&field).parse::<i64>().ok().filter(|id| venues.iter().any(|v| v.id == *id))
        {
            Some(id) => mapping.push(id),
            None => {
                feedback.error(&field, ErrorCode::ChoiceRequired);
                mapping.push(0);
            }
        }
    }
    let topic = fields.one("topic").parse::<i64>().ok();
    let topics = super::store::topics(&state.db).await?;
    if !topic.is_some_and(|t| topics.iter().any(|x| x.id == t)) {
        feedback.error("topic", ErrorCode::TopicsRequired);
    }
    // As the session form and the partner's calendar read it: full-width digits are fine.
    let errors = feedback.errors().len();
    let capacity = fields.count_up_to(&mut feedback, "capacity", 500, ErrorCode::CapacityInvalid);
    if capacity < 1 && feedback.errors().len() == errors {
        feedback.error("capacity", ErrorCode::CapacityInvalid);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let topic = topic.unwrap_or_default();
    // Each event with the venue its location was mapped to.
    let planned: Vec<(&ImportedEvent, i64)> = events
        .iter()
        .map(|e| {
            let place = places.iter().position(|p| *p == e.location).unwrap_or(0);
            (e, mapping[place])
        })
        .collect();
    let new = ops::NewSessions { topic_id: topic, capacity };
    let partner = upload.partner_id;
    match ops::import(&state.db, &user, &token, partner, &planned, &series, new).await? {
        Imported::Done(count) => {
            let ImportCount { added, updated, cancelled, .. } = count;
            tracing::info!(added, updated, cancelled, "ics imported");
            Ok(redirect_with_notice("/sessions", NoticeCode::Imported))
        }
        Imported::Refused { line, code } => {
            feedback.error("file", ErrorCode::IcsInvalid);
            feedback.param("problems", &format!("{line}:{code}"));
            Ok(feedback.redirect("/import"))
        }
    }
}
