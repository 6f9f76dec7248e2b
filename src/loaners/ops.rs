//! Changes of loaner devices: adding one to an inventory, lending one at a session, and the
//! checklist after it. Each opens its transaction, writes the change and its audit entry,
//! then commits; a refused change writes nothing.

use super::{store, DeviceOs};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use chrono::NaiveDate;

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
/// the user may check in there), home until `due_on` when given. False when the device is not one this session may lend, or
/// is out already (one loan at a time).
///
/// `receipt` is the key of a check-in phone's tap ([`crate::checkin::Tap`]): recorded with
/// the loan, under the session's lock, so the tap sent again is answered as done.
pub async fn lend(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    registration_id: i64,
    device_id: i64,
    due_on: Option<NaiveDate>,
    receipt: Option<&str>,
) -> Result<bool, AppError> {
    let due = due_on.map(|d| d.format("%Y-%m-%d").to_string());
    let mut tx = db.begin().await?;
    if received(&mut tx, session_id, receipt).await? {
        return Ok(true);
    }
    if !store::may_lend(db, session_id, registration_id, device_id).await?
        || !store::lend(&mut tx, session_id, registration_id, device_id, due.as_deref(), user.id)
            .await?
    {
        // Not this session's to lend, or out already: nothing was written.
        tx.rollback().await?;
        return Ok(false);
    }
    let home = due.map(|d| format!(" home until {d}")).unwrap_or_default();
    let detail = format!("device {device_id} to registration {registration_id}{home}");
    log(&mut *tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    if let Some(key) = receipt {
        crate::checkin::store::record_tap(&mut tx, key, session_id, user.id, "applied").await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// A session's loans (their read audited) and the phones free to lend there.
pub async fn session_loans(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
) -> Result<(Vec<super::LoanLine>, Vec<(i64, String)>), AppError> {
    let loans = store::session_loans(db, session_id).await?;
    let ids = loans.iter().map(|l| l.id);
    crate::audit::store::log_list(db, user, "session loans", "loans", ids).await?;
    Ok((loans, store::available(db, session_id).await?))
}

/// Whether a check-in phone's tap (`receipt`) was applied already: takes the session's lock
/// first, so a repeat sent meanwhile waits for the first and then finds it.
async fn received(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    session_id: i64,
    receipt: Option<&str>,
) -> Result<bool, AppError> {
    let Some(key) = receipt else { return Ok(false) };
    crate::sessions::store::lock(tx, session_id).await?;
    Ok(crate::checkin::store::tap_outcome(tx, key).await?.is_some())
}

/// Ticks `returned` or `wiped` on a loan of the session `session_id` (the caller has checked
/// the check's name and that the user may check in there). False when the tick is refused
/// (done already, or reset before it was back).
/// `receipt` as for [`lend`].
pub async fn tick(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    loan_id: i64,
    check: &str,
    receipt: Option<&str>,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    if received(&mut tx, session_id, receipt).await? {
        return Ok(true);
    }
    if !store::tick(&mut tx, loan_id, check, user.id).await? {
        return Ok(false);
    }
    let detail = format!("loan {loan_id} {check}");
    log(&mut *tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    if let Some(key) = receipt {
        crate::checkin::store::record_tap(&mut tx, key, session_id, user.id, "applied").await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Records a phone lent home as back, with its condition (one of [`super::CONDITIONS`]),
/// a note, and whether it was reset at once; its notices not yet given are withdrawn, and a
/// lost phone leaves the inventory.
/// False when it is not a home loan still out.
pub async fn return_home(
    db: &Db,
    user: &CurrentUser,
    loan_id: i64,
    condition: &str,
    note: &str,
    wiped: bool,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    if !store::return_home(&mut tx, loan_id, condition, note, wiped, user.id).await? {
        return Ok(false);
    }
    crate::notify::store::withdraw_for_loan(&mut tx, loan_id).await?;
    if condition == "lost" {
        store::retire_device_of(&mut tx, loan_id).await?;
    }
    let reset = if wiped { " reset" } else { "" };
    let detail = format!("home loan returned {condition}{reset}");
    log(&mut *tx, user, Action::Update, "loan", loan_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(true)
}
