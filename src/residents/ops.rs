//! Changes of residents' records: register, edit, merge two records of one person, erase
//! at the resident's request. Each opens its transaction and writes its audit entries in it.

use super::input::ResidentInput;
use super::store;
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use sqlx::{Any, Transaction};

/// Registers a resident (consent recorded as given now by `user`). Returns the new id.
pub async fn create(db: &Db, user: &CurrentUser, input: &ResidentInput) -> Result<i64, AppError> {
    let mut tx = db.begin().await?;
    let id = store::insert(&mut tx, input, user.id).await?;
    log(&mut *tx, user, Action::Create, "resident", id, None).await?;
    tx.commit().await?;
    Ok(id)
}

/// Saves the form's fields on resident `id`.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    id: i64,
    input: &ResidentInput,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::update(&mut tx, id, input, user.id).await?;
    log(&mut *tx, user, Action::Update, "resident", id, None).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves resident `from`'s registrations and history to `into`, which is kept; the seats
/// this frees are refilled from the waitlists. Both records get an audit entry. False when
/// either record has meanwhile been merged or erased (nothing is changed then).
pub async fn merge(db: &Db, user: &CurrentUser, from: i64, into: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    // Two merges of the same pair at once (A into B, B into A) take turns, and the second
    // finds its record gone: checked again once both rows are held.
    if !store::hold_for_merge(&mut tx, from, into).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    let freed = store::merge(&mut tx, from, into, user.id).await?;
    for session_id in freed {
        crate::registrations::ops::refill(&mut tx, session_id).await?;
    }
    let detail = format!("merged into {into}");
    log(&mut *tx, user, Action::Merge, "resident", from, Some(&detail)).await?;
    let detail = format!("merged from {from}");
    log(&mut *tx, user, Action::Merge, "resident", into, Some(&detail)).await?;
    tx.commit().await?;
    Ok(true)
}

/// Erases a resident's personal data at their request, with every record merged into them
/// and their notices (attendance and the figures stay).
/// False when it was erased already (nothing is audited then).
pub async fn erase(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let erased = erase_within(&mut tx, id).await?;
    if erased {
        log(
            &mut *tx,
            user,
            Action::Update,
            "resident",
            id,
            Some("erased at the resident's request"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(erased)
}

/// Erases a resident and every record merged into them, with their notices, inside the
/// caller's transaction: the one way a resident is erased, at their request or by the
/// retention rule (which audit it themselves). False when erased already.
pub async fn erase_within(tx: &mut Transaction<'_, Any>, id: i64) -> sqlx::Result<bool> {
    let people = store::erase(tx, id).await?;
    for &person in &people {
        crate::notify::store::wipe_for(tx, crate::notify::store::Owner::Resident(person)).await?;
    }
    Ok(!people.is_empty())
}
