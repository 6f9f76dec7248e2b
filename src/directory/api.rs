//! Server functions for partners and venues.

use super::{Partner, Venue};
use crate::error::AppError;
use leptos::prelude::*;

/// Partners with their contact people: admins, staff and coordinators.
#[server(endpoint = "directory/partners")]
pub async fn list_partners() -> Result<Vec<Partner>, AppError> {
    crate::auth::require(crate::auth::Area::Directory)?;
    Ok(super::store::partners(&crate::web::db()?).await?)
}

/// Venues: admins, staff and coordinators.
#[server(endpoint = "directory/venues")]
pub async fn list_venues() -> Result<Vec<Venue>, AppError> {
    crate::auth::require(crate::auth::Area::Directory)?;
    Ok(super::store::venues(&crate::web::db()?).await?)
}

/// One partner with its notes, for the edit form. Admins only.
#[server(endpoint = "directory/partner")]
pub async fn get_partner(id: i64) -> Result<super::PartnerDetail, AppError> {
    crate::auth::require(crate::auth::Area::DirectoryEdit)?;
    super::store::partner(&crate::web::db()?, id).await?.ok_or_else(|| AppError::NotFound.respond())
}

/// A partner's subscribed calendar with its last outcome, and the topics offered for the
/// sessions it adds. Admins only.
#[server(endpoint = "directory/partner-calendar")]
pub async fn partner_calendar(id: i64) -> Result<super::CalendarSettings, AppError> {
    crate::auth::require(crate::auth::Area::DirectoryEdit)?;
    let db = crate::web::db()?;
    let topics = super::store::entries(&db, super::RefList::Topics).await?;
    Ok(super::CalendarSettings {
        calendar: super::store::calendar(&db, id).await?,
        topics: topics.into_iter().filter(|t| t.active).map(|t| (t.id, t.name)).collect(),
    })
}

/// One venue, for the edit form. Admins only.
#[server(endpoint = "directory/venue")]
pub async fn get_venue(id: i64) -> Result<super::VenueDetail, AppError> {
    crate::auth::require(crate::auth::Area::DirectoryEdit)?;
    super::store::venue(&crate::web::db()?, id).await?.ok_or_else(|| AppError::NotFound.respond())
}

/// The districts, for the venue form.
#[server(endpoint = "directory/districts")]
pub async fn list_districts() -> Result<Vec<(i64, String)>, AppError> {
    crate::auth::require(crate::auth::Area::DirectoryEdit)?;
    Ok(super::store::districts(&crate::web::db()?).await?)
}

/// Every entry of a list, offered or not. Admins only.
#[server(endpoint = "directory/list")]
pub async fn list_entries(list: super::RefList) -> Result<Vec<super::ListEntry>, AppError> {
    crate::auth::require(crate::auth::Area::DirectoryEdit)?;
    Ok(super::store::entries(&crate::web::db()?, list).await?)
}
