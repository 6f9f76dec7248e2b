//! Server functions for paper-fallback support. Single requests are staff and admins'
//! (`Area::Support`, reads audited); the report is aggregates (`Area::Reports`).

use super::tables::SupportView;
use super::{SupportFormData, SupportLists, SupportReport};
use crate::error::AppError;
use leptos::prelude::*;

/// Due and recent requests for `/support`.
#[server(endpoint = "support/lists")]
pub async fn load_support_lists() -> Result<SupportLists, AppError> {
    let user = crate::auth::require(crate::auth::Area::Support)?;
    let db = crate::web::db()?;
    let today = crate::domain::today_in_japan().format("%Y-%m-%d").to_string();
    let due = super::store::due(&db, &today).await?;
    let recent = super::store::recent(&db).await?;
    let ids = due.iter().chain(&recent).map(|line| line.id);
    crate::audit::store::log_list(&db, &user, "paper-support lists", "requests", ids).await?;
    Ok(SupportLists { due, recent, today })
}

/// What the form needs; with `id`, the request to edit (the read is audited), with
/// `resident`, the resident a new request is for.
#[server(endpoint = "support/form")]
pub async fn load_support_form(
    id: Option<i64>,
    resident: Option<i64>,
) -> Result<SupportFormData, AppError> {
    let user = crate::auth::require(crate::auth::Area::Support)?;
    let db = crate::web::db()?;
    let request = match id {
        Some(id) => {
            let request =
                super::store::get(&db, id).await?.ok_or_else(|| AppError::NotFound.respond())?;
            use crate::audit::store::{log, Action};
            log(&db.pool, &user, Action::Read, "support_request", id, None).await?;
            Some(request)
        }
        None => None,
    };
    let resident = match (&request, resident) {
        (Some(r), _) => r.resident.clone(),
        (None, Some(rid)) => match crate::residents::store::get(&db, rid).await? {
            Some(r) if r.merged_into.is_none() => {
                use crate::audit::store::{log, Action};
                let detail = Some("paper-support form");
                log(&db.pool, &user, Action::Read, "resident", rid, detail).await?;
                Some((rid, r.name))
            }
            _ => return Err(AppError::NotFound.respond()),
        },
        (None, None) => None,
    };
    Ok(SupportFormData {
        procedures: super::store::procedures(&db).await?,
        districts: crate::directory::store::districts(&db).await?,
        resident,
        today: crate::domain::today_in_japan().format("%Y-%m-%d").to_string(),
        request,
        form_key: crate::auth::signin::new_token(),
    })
}

/// The figures of a fiscal year (the current one by default): aggregates only.
#[server(endpoint = "support/report")]
pub async fn load_support_report(fy: Option<i32>) -> Result<SupportReport, AppError> {
    crate::auth::require(crate::auth::Area::Reports)?;
    let db = crate::web::db()?;
    Ok(super::store::report(&db, crate::domain::FiscalYear::chosen(fy)).await?)
}

/// A fiscal year's report as published: built and suppressed here, in the caller's
/// language, and nothing else is sent.
#[server(endpoint = "support/report/published")]
pub async fn load_published_support_report(fy: Option<i32>) -> Result<SupportView, AppError> {
    crate::auth::require(crate::auth::Area::Reports)?;
    let state = crate::web::app_state()?;
    let locale = crate::web::extract::caller().unwrap_or_default().locale;
    let fy = crate::domain::FiscalYear::chosen(fy);
    Ok(super::ops::published(&state.db, fy, state.config.publish_threshold, locale).await?)
}
