//! Changes of loaner devices: adding one to an inventory, lending one at a session, and the
//! checklist after it. Each opens its transaction, writes the change and its audit entry,
//! then commits; a refused change writes nothing.

use super::{store, DeviceOs};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;

/// Adds a device to a partner's inventory (the caller has checked the partner). `None` when
/// the partner already has a device with that label.
pub async fn add_device(
    db: &Db,
    user: &CurrentUser,
    partner: i64,
    label: &str,
    os: DeviceOs,
    model: &str,
) -> Result<Option<i64>, AppError> {
    let mut tx = db.begin().await?;
    let Some(id) = store::add_device(&mut tx, partner, label, os, model).await? else {
        return Ok(None);
    };
    log(&mut *tx, user, Action::Create, "device", id, None).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Lends a device to a confirmed participant of the session (the caller has checked that
/// the user may check in there). False when the device is not one this session may lend, or
/// is out already (one loan at a time).
pub async fn lend(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    registration_id: i64,
    device_id: i64,
) -> Result<bool, AppError> {
    if !store::may_lend(db, session_id, registration_id, device_id).await? {
        return Ok(false);
    }
    let mut tx = db.begin().await?;
    if !store::lend(&mut tx, session_id, registration_id, device_id, user.id).await? {
        // The device went out meanwhile; the failed insert is rolled back with the transaction.
        return Ok(false);
    }
    let detail = format!("device {device_id} to registration {registration_id}");
    log(&mut *tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ticks `returned` or `wiped` on a loan of the session `session_id` (the caller has checked
/// the check's name and that the user may check in there). False when the tick is refused
/// (done already, or reset before it was back).
pub async fn tick(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    loan_id: i64,
    check: &str,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    if !store::tick(&mut tx, loan_id, check, user.id).await? {
        return Ok(false);
    }
    let detail = format!("loan {loan_id} {check}");
    log(&mut *tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(true)
}
