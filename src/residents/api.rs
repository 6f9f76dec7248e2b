//! Server functions for residents: staff and admins only (they carry contact data).
//! Every read of a resident's record is written to the audit log.

use super::{ResidentMatch, ResidentPageData};
#[cfg(feature = "ssr")]
use crate::audit::store::log_list;
use crate::error::AppError;
use leptos::prelude::*;

/// The duplicate warning asks for a few records at a time; more than this a minute, per
/// user, is someone walking through the register.
#[cfg(feature = "ssr")]
const MATCHES_PER_MINUTE: u32 = 30;

/// The intake search runs as the staff member types, a few searches per caller; more than
/// this a minute, per user, is someone walking through the register.
#[cfg(feature = "ssr")]
const SEARCHES_PER_MINUTE: u32 = 120;

/// Residents matching a kana reading (any script or romaji), a name or phone digits.
#[server(endpoint = "residents/search")]
pub async fn search_residents(q: String) -> Result<Vec<ResidentMatch>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    if q.chars().count() > 100 || q.trim().is_empty() {
        return Ok(Vec::new());
    }
    let state = crate::web::app_state()?;
    if !state.limits.allow("resident_search", user.id, SEARCHES_PER_MINUTE) {
        return Err(AppError::TooMany.respond());
    }
    let db = state.db;
    let found = super::store::search(&db, &q).await?;
    log_list(&db, &user, "resident search", "residents", found.iter().map(|r| r.id)).await?;
    Ok(found)
}

/// A resident's record with their history; the read is audited.
#[server(endpoint = "residents/get")]
pub async fn resident_page(id: i64) -> Result<ResidentPageData, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let resident = super::store::get(&db, id).await?.ok_or_else(|| AppError::NotFound.respond())?;
    use crate::audit::store::{log, Action};
    log(&db.pool, &user, Action::Read, "resident", id, None).await?;
    Ok(ResidentPageData {
        history: super::store::history(&db, id).await?,
        notices: super::store::notices(&db, id).await?,
        support: crate::paper_support::store::of_resident(&db, id).await?,
        supporter: crate::supporters::store::of_resident(&db, id).await?,
        resident,
    })
}

/// Short lines for the given records (the duplicate warning lists them).
#[server(endpoint = "residents/matches")]
pub async fn resident_matches(ids: String) -> Result<Vec<ResidentMatch>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let state = crate::web::app_state()?;
    if !state.limits.allow("resident_matches", user.id, MATCHES_PER_MINUTE) {
        return Err(AppError::TooMany.respond());
    }
    let db = state.db;
    let mut found = Vec::new();
    for id in ids.split(',').filter_map(|v| v.trim().parse::<i64>().ok()).take(10) {
        if let Some(r) = super::store::get(&db, id).await? {
            found.push(ResidentMatch {
                id: r.id,
                name: r.name,
                kana: crate::domain::Kana::parse(&r.kana).map(|k| k.katakana()).unwrap_or(r.kana),
                birth_year: r.birth_year,
                district: r.district,
                phones: [r.phone, r.phone_alt]
                    .into_iter()
                    .flatten()
                    .map(|p| crate::domain::PhoneNumber::display(&p))
                    .collect(),
            });
        }
    }
    log_list(&db, &user, "resident matches", "residents", found.iter().map(|r| r.id)).await?;
    Ok(found)
}

/// Walk-ins waiting to be merged or completed.
#[server(endpoint = "residents/walkins")]
pub async fn load_walkins() -> Result<Vec<super::WalkinLine>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let walkins = super::store::walkins(&db).await?;
    log_list(&db, &user, "walk-ins", "residents", walkins.iter().map(|w| w.id)).await?;
    Ok(walkins)
}

/// The districts, for the resident form.
#[server(endpoint = "residents/districts")]
pub async fn resident_districts() -> Result<Vec<(i64, String)>, AppError> {
    crate::auth::require(crate::auth::Area::Residents)?;
    Ok(crate::directory::store::offered_districts(&crate::web::db()?).await?)
}
