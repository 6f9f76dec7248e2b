//! Server functions for supporters. Records are staff and admins' (`Area::Supporters`,
//! every read audited through `ops::audit_read`); anyone signed in may read their
//! own linked record. They only read: changes are form routes calling `ops`.

use super::{Board, Matching, Register, ReminderLine, SupporterFormData, SupporterPageData};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn form_data(
    db: &crate::db::Db,
    supporter: Option<i64>,
) -> Result<SupporterFormData, AppError> {
    Ok(SupporterFormData {
        districts: crate::directory::store::districts(db).await?,
        partners: crate::directory::store::partners(db)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect(),
        users: super::store::linkable_users(db, supporter).await?,
        today: crate::domain::today_in_japan().format("%Y-%m-%d").to_string(),
    })
}

/// A supporter's page, the read audited; `None` when there is no such supporter.
#[cfg(feature = "ssr")]
async fn page_data(
    db: &crate::db::Db,
    user: &crate::auth::CurrentUser,
    id: i64,
) -> Result<Option<SupporterPageData>, AppError> {
    use super::store;
    let Some(supporter) = store::get(db, id).await? else {
        return Ok(None);
    };
    super::ops::audit_read(db, user, &id.to_string(), None).await?;
    let sessions = match supporter.user_id {
        Some(u) => store::helped_sessions(db, u).await?,
        None => Vec::new(),
    };
    Ok(Some(SupporterPageData {
        units: store::units(db, id).await?,
        credentials: store::credentials(db, id).await?,
        reminders: store::reminders(db, Some(id)).await?,
        form: form_data(db, Some(id)).await?,
        sessions,
        supporter,
    }))
}

/// The pipeline board.
#[server(endpoint = "supporters/board")]
pub async fn load_board() -> Result<Board, AppError> {
    let user = crate::auth::require(crate::auth::Area::Supporters)?;
    let db = crate::web::db()?;
    super::ops::audit_read(&db, &user, "board", None).await?;
    let (stall_days, participants_per_supporter) = super::store::settings(&db).await?;
    Ok(Board {
        lines: super::store::board(&db).await?,
        units_total: super::store::course_units(&db).await?.len() as i64,
        today: crate::domain::today_in_japan().format("%Y-%m-%d").to_string(),
        stall_days,
        participants_per_supporter,
    })
}

/// What the new-supporter form offers.
#[server(endpoint = "supporters/form")]
pub async fn load_supporter_form() -> Result<SupporterFormData, AppError> {
    crate::auth::require(crate::auth::Area::Supporters)?;
    let db = crate::web::db()?;
    form_data(&db, None).await
}

/// One supporter's profile (the read is audited).
#[server(endpoint = "supporters/one")]
pub async fn load_supporter(id: i64) -> Result<SupporterPageData, AppError> {
    let user = crate::auth::require(crate::auth::Area::Supporters)?;
    let db = crate::web::db()?;
    page_data(&db, &user, id).await?.ok_or_else(|| AppError::NotFound.respond())
}

/// The signed-in user's own supporter record, if their account is linked to one.
#[server(endpoint = "supporters/mine")]
pub async fn load_my_supporter() -> Result<Option<SupporterPageData>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Home)?;
    let db = crate::web::db()?;
    let Some(id) = super::store::of_user(&db, user.id).await? else {
        return Ok(None);
    };
    // Their own record, read only: none of the staff's lists, notes or delivery errors.
    Ok(page_data(&db, &user, id).await?.map(|mut data| {
        data.form.users.clear();
        data.form.partners.clear();
        data.supporter.notes.clear();
        data.supporter.certificate_note.clear();
        data.supporter.resident_id = None;
        for r in &mut data.reminders {
            r.last_error = r.last_error.as_ref().map(|_| String::new());
        }
        data
    }))
}

/// Supporters suggested for a session, best first.
#[server(endpoint = "supporters/matching")]
pub async fn load_matching(session_id: i64) -> Result<Matching, AppError> {
    let user = crate::auth::require(crate::auth::Area::Supporters)?;
    let db = crate::web::db()?;
    let what = format!("matching for session {session_id}");
    super::ops::audit_read(&db, &user, &what, None).await?;
    super::store::matching(&db, session_id).await?.ok_or_else(|| AppError::NotFound.respond())
}

/// The certification register and the counts of a fiscal year (the read is audited).
#[server(endpoint = "supporters/register")]
pub async fn load_register(fy: Option<i32>) -> Result<Register, AppError> {
    let user = crate::auth::require(crate::auth::Area::Supporters)?;
    let db = crate::web::db()?;
    super::ops::audit_read(&db, &user, "register", None).await?;
    Ok(super::store::register(&db, crate::domain::FiscalYear::chosen(fy)).await?)
}

/// Reminders to call, and those sent by email.
#[server(endpoint = "supporters/reminders")]
pub async fn load_reminders() -> Result<Vec<ReminderLine>, AppError> {
    let user = crate::auth::require(crate::auth::Area::Supporters)?;
    let db = crate::web::db()?;
    super::ops::audit_read(&db, &user, "reminders", None).await?;
    Ok(super::store::reminders(&db, None).await?)
}
