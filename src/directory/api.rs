//! Server functions for partners and venues.

use super::{Partner, Venue};
use crate::error::AppError;
use leptos::prelude::*;

/// Partners with their contact people: admins, staff and coordinators.
#[server(endpoint = "directory/partners")]
pub async fn list_partners() -> Result<Vec<Partner>, AppError> {
    crate::auth::require(crate::auth::Area::Directory)?;
    Ok(super::store::partners(&crate::server::db()?).await?)
}

/// Venues: admins, staff and coordinators.
#[server(endpoint = "directory/venues")]
pub async fn list_venues() -> Result<Vec<Venue>, AppError> {
    crate::auth::require(crate::auth::Area::Directory)?;
    Ok(super::store::venues(&crate::server::db()?).await?)
}
