//! Saving the city's settings (admins), audited in its transaction.

use super::{store, City};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;

pub async fn save(db: &Db, user: &CurrentUser, city: &City) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::save(&mut tx, city).await?;
    log(&mut *tx, user, Action::Update, "setting", "city", None).await?;
    tx.commit().await?;
    Ok(())
}
