//! Changes of paper-fallback support requests: recording one and editing it. Each opens
//! its transaction, keeps the reach rollup of the resident up to date and writes its audit
//! entry in it. (Referring a request to a workshop is part of the booking:
//! [`crate::registrations::ops::book`].) And the report as published.

use super::store::{self, SupportInput};
use super::Status;
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;

/// A fiscal year's report as published, in `locale`: the only form in which published
/// figures leave the server. Only a year already over is published.
pub async fn published(
    db: &Db,
    fy: crate::domain::FiscalYear,
    threshold: i64,
    locale: crate::i18n::Locale,
) -> sqlx::Result<super::tables::SupportView> {
    let year = crate::domain::published_year(fy.start_year());
    let report = store::report(db, crate::domain::FiscalYear::starting_in(year)).await?;
    let shown = crate::domain::Shown { publish: true, threshold };
    Ok(super::tables::view(&report, locale.messages(), shown))
}

/// Records a request. A repeated post with the same form key gives the first one's id (and
/// is not audited again).
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    input: &SupportInput,
    form_key: &str,
) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let (id, new) = store::insert(&mut tx, input, user.id, form_key).await?;
    if let Some(resident) = input.resident_id {
        crate::reach::store::refresh_person(&mut tx, resident).await?;
    }
    if new {
        let detail = input.resident_id.map(|r| format!("resident {r}"));
        log(&mut *tx, user, Action::Create, "support_request", id, detail.as_deref()).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Saves the edited request `id` while its status is still `from` (the one the edit was
/// checked against). False when the status has changed meanwhile: nothing is saved.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    from: Status,
    input: &SupportInput,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let (saved, resident) = store::update(&mut tx, id, from, input).await?;
    if !saved {
        tx.rollback().await?;
        return Ok(false);
    }
    if let Some(resident) = resident {
        crate::reach::store::refresh_person(&mut tx, resident).await?;
    }
    let detail = format!("status {}", input.status.code());
    log(&mut *tx, user, Action::Update, "support_request", id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(true)
}
