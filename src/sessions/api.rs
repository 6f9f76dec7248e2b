//! Server functions for sessions. Sessions carry no personal data: every signed-in role may
//! read them; editing goes through the form routes in `handlers.rs`.

use super::{CancelPreview, CancelSelection, CancelledSession};
use super::{SessionDetail, SessionFilter, SessionSummary, Topic};
use crate::directory::{Partner, Venue};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the session form and filters offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionChoices {
    pub partners: Vec<Partner>,
    pub venues: Vec<Venue>,
    pub topics: Vec<Topic>,
    pub districts: Vec<(i64, String)>,
}

/// The calendar page's addresses (see [`my_feeds`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Feeds {
    pub public: String,
    pub has_private: bool,
    /// The private address just made, shown this once.
    pub new_private: Option<String>,
}

#[server(endpoint = "sessions/list")]
pub async fn list_sessions(
    // An empty filter is encoded as nothing at all: default it.
    #[server(default)] filter: SessionFilter,
) -> Result<Vec<SessionSummary>, AppError> {
    crate::auth::require(crate::auth::Area::Sessions)?;
    Ok(super::store::list(&crate::web::db()?, &filter).await?)
}

#[server(endpoint = "sessions/get")]
pub async fn get_session(id: i64) -> Result<SessionDetail, AppError> {
    let user = crate::auth::require(crate::auth::Area::Sessions)?;
    let mut detail = super::store::get(&crate::web::db()?, id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    detail.can_edit = super::rules::may_edit(&user, detail.summary.host_id);
    Ok(detail)
}

/// Partners (without their contact people), venues, topics and districts for forms and
/// filters.
#[server(endpoint = "sessions/options")]
pub async fn session_options() -> Result<SessionChoices, AppError> {
    crate::auth::require(crate::auth::Area::Sessions)?;
    let db = crate::web::db()?;
    let mut partners = crate::directory::store::partners(&db).await?;
    // Partner contact people are not for everyone who reads the schedule.
    for p in &mut partners {
        p.contact_name = None;
        p.contact_phone = None;
    }
    Ok(SessionChoices {
        partners,
        venues: crate::directory::store::venues(&db).await?,
        topics: super::store::topics(&db).await?,
        districts: crate::directory::store::districts(&db).await?,
    })
}

/// The calendar page: the public feed's address; the caller's private address only on the
/// page view right after it was made (only its hash is kept), else whether one exists.
#[server(endpoint = "sessions/feeds")]
pub async fn my_feeds() -> Result<Feeds, AppError> {
    let user = crate::auth::require(crate::auth::Area::Home)?;
    let state = crate::web::app_state()?;
    let base = &state.config.public_url;
    let new_private = crate::web::once::take(super::feeds::NEW_FEED_COOKIE, user.id)?
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|t| format!("{base}/calendar/private/{t}.ics"));
    Ok(Feeds {
        public: format!("{base}/calendar/sessions.ics"),
        has_private: super::store::has_calendar_token(&state.db, user.id).await?,
        new_private,
    })
}

/// Sessions of a month (`YYYY-MM`, Japan time; anything else means this month).
#[server(endpoint = "sessions/month")]
pub async fn month_sessions(month: String) -> Result<Vec<SessionSummary>, AppError> {
    crate::auth::require(crate::auth::Area::Sessions)?;
    let first = crate::domain::month_start(&month);
    let next = first.checked_add_months(chrono::Months::new(1)).ok_or(AppError::Internal)?;
    let at = |d: chrono::NaiveDate| {
        super::input::instant(d, chrono::NaiveTime::MIN).ok_or(AppError::Internal)
    };
    Ok(super::store::between(&crate::web::db()?, at(first)?, at(next)?).await?)
}

/// One event of an uploaded file, as the mapping page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewEvent {
    pub title: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: String,
    pub cancelled: bool,
    /// A session with this UID exists already and will be updated.
    pub existing: bool,
}

/// An uploaded file waiting for its locations to be mapped to venues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadPreview {
    pub file_name: String,
    pub partner_name: String,
    pub events: Vec<PreviewEvent>,
    /// Sessions of the file's repeating events that it no longer holds: cancelled by the
    /// import, with notices.
    pub dropped: Vec<PreviewEvent>,
    pub locations: Vec<String>,
    pub venues: Vec<(i64, String)>,
    pub topics: Vec<Topic>,
}

/// The caller's own upload, read back for mapping.
#[server(endpoint = "sessions/import-preview")]
pub async fn import_preview(token: String) -> Result<UploadPreview, AppError> {
    let user = crate::auth::require(crate::auth::Area::SessionsEdit)?;
    let db = crate::web::db()?;
    let upload = super::upload::load(&db, &token)
        .await?
        .filter(|u| u.user_id == user.id)
        .ok_or_else(|| AppError::NotFound.respond())?;
    let today = crate::domain::today_in_japan();
    let super::import::Parsed { events, series } =
        super::import::parse(&upload.content, today).map_err(|_| AppError::NotFound.respond())?;
    // Occurrences of the file's series that it no longer holds: the import cancels them.
    let held: Vec<&str> = events.iter().map(|e| e.uid.as_str()).collect();
    let mut conn = db.pool.acquire().await?;
    let dropped = super::ops::dropped_occurrences(&mut conn, upload.partner_id, &series, &held)
        .await?
        .into_iter()
        .map(|s| PreviewEvent {
            title: s.title,
            starts_at: s.starts_at,
            ends_at: s.ends_at,
            location: s.venue_name,
            cancelled: true,
            existing: true,
        })
        .collect();
    drop(conn);
    let mut preview = Vec::new();
    for e in &events {
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM sessions WHERE uid = $1")
            .bind(&e.uid)
            .fetch_optional(&db.pool)
            .await?;
        preview.push(PreviewEvent {
            title: e.title.clone(),
            starts_at: e.starts_at,
            ends_at: e.ends_at,
            location: e.location.clone(),
            cancelled: e.cancelled,
            existing: existing.is_some(),
        });
    }
    let partner_name = crate::directory::store::partner(&db, upload.partner_id)
        .await?
        .map(|p| p.partner.name)
        .unwrap_or_default();
    Ok(UploadPreview {
        file_name: upload.file_name,
        partner_name,
        events: preview,
        dropped,
        locations: super::upload::locations(&events),
        venues: crate::directory::store::venues(&db)
            .await?
            .into_iter()
            .map(|v| (v.id, v.name))
            .collect(),
        topics: super::store::topics(&db).await?,
    })
}

/// The confirmation page of a cancellation of many: the sessions the selection would
/// cancel with how many people would be told by which channel (counts only), and the
/// districts and partners the selection form offers.
#[server(endpoint = "sessions/cancel-preview")]
pub async fn load_cancel_preview(
    #[server(default)] selection: CancelSelection,
) -> Result<CancelPreview, AppError> {
    let user = crate::auth::require(crate::auth::Area::SessionsEdit)?;
    let db = crate::web::db()?;
    let typed = selection.date.trim();
    let date = chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d").ok();
    let date_error = (date.is_none() && !typed.is_empty())
        .then(|| crate::i18n::ErrorCode::DateInvalid.code().to_string());
    let targets = super::ops::cancel_targets(&db, &user, &selection, date).await?;
    let partners = crate::directory::store::partners(&db)
        .await?
        .into_iter()
        .filter(|p| super::rules::may_edit(&user, p.id))
        .map(|p| (p.id, p.name))
        .collect();
    Ok(CancelPreview {
        targets,
        date_error,
        districts: crate::directory::store::districts(&db).await?,
        partners,
    })
}

/// The result of a cancellation of many: the sessions `ids` (comma-separated) with the
/// people told by channel; staff and admins also get the calls to make, and that read of
/// residents' numbers is audited.
#[server(endpoint = "sessions/cancelled")]
pub async fn cancelled_sessions(ids: String) -> Result<Vec<CancelledSession>, AppError> {
    let user = crate::auth::require(crate::auth::Area::SessionsEdit)?;
    let db = crate::web::db()?;
    let ids: Vec<i64> = ids.split(',').filter_map(|id| id.trim().parse().ok()).take(200).collect();
    let with_calls = crate::auth::Area::Residents.allows(user.role);
    let result = super::ops::cancelled_sessions(&db, &user, &ids, with_calls).await?;
    if with_calls {
        let residents: Vec<i64> =
            result.iter().flat_map(|s| &s.calls).map(|c| c.resident_id).collect();
        let list = "cancelled sessions' calls";
        crate::audit::store::log_list(&db, &user, list, "residents", residents).await?;
    }
    Ok(result)
}
