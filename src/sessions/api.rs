//! Server functions for sessions. Sessions carry no personal data: every signed-in role may
//! read them; editing goes through the form routes in `handlers.rs`.

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

#[server(endpoint = "sessions/list")]
pub async fn list_sessions(filter: SessionFilter) -> Result<Vec<SessionSummary>, AppError> {
    crate::auth::require(crate::auth::Area::Sessions)?;
    Ok(super::store::list(&crate::server::db()?, &filter).await?)
}

#[server(endpoint = "sessions/get")]
pub async fn get_session(id: i64) -> Result<SessionDetail, AppError> {
    let user = crate::auth::require(crate::auth::Area::Sessions)?;
    let mut detail = super::store::get(&crate::server::db()?, id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    detail.can_edit = super::handlers::may_edit(&user, detail.summary.host_id);
    Ok(detail)
}

/// Partners (without their contact people), venues, topics and districts for forms and
/// filters.
#[server(endpoint = "sessions/options")]
pub async fn session_options() -> Result<SessionChoices, AppError> {
    crate::auth::require(crate::auth::Area::Sessions)?;
    let db = crate::server::db()?;
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

/// The addresses of the public feed and of the caller's private feed (if made).
#[server(endpoint = "sessions/feeds")]
pub async fn my_feeds() -> Result<(String, Option<String>), AppError> {
    let user = crate::auth::require(crate::auth::Area::Home)?;
    let state = use_context::<crate::server::AppState>().ok_or(AppError::Internal)?;
    let base = &state.config.public_url;
    let private = super::feeds::token_of(&state.db, user.id)
        .await?
        .map(|t| format!("{base}/calendar/private/{t}.ics"));
    Ok((format!("{base}/calendar/sessions.ics"), private))
}

/// Sessions of a month (`YYYY-MM`, Japan time; anything else means this month).
#[server(endpoint = "sessions/month")]
pub async fn month_sessions(month: String) -> Result<Vec<SessionSummary>, AppError> {
    crate::auth::require(crate::auth::Area::Sessions)?;
    let first = super::month::month_start(&month);
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or(AppError::Internal)?;
    let at = |d: chrono::NaiveDate| {
        super::input::instant(d, chrono::NaiveTime::MIN).ok_or(AppError::Internal)
    };
    Ok(super::store::between(&crate::server::db()?, at(first)?, at(next)?).await?)
}
