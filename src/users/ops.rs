//! Changes of user accounts by an admin: add, change role, disable or enable, issue a
//! temporary password. Each is written with its audit entry in one transaction.

use super::store::{self, NewUser};
use crate::audit::store::{log, Action};
use crate::auth::{password, CurrentUser, Role};
use crate::db::Db;
use crate::error::AppError;

/// A user just added, with the temporary password to show the admin once.
pub struct Created {
    pub id: i64,
    pub temporary_password: String,
}

/// Adds a user who must change the temporary password at first sign-in. `None` when the
/// login is already taken (nothing written).
pub async fn create_user(
    db: &Db,
    admin: &CurrentUser,
    login: &str,
    display_name: &str,
    role: Role,
    partner_id: Option<i64>,
) -> Result<Option<Created>, AppError> {
    let temporary = password::temporary();
    let hash = password::hash(temporary.clone()).await?;
    let mut tx = db.begin().await?;
    let id = store::insert(
        &mut *tx,
        &NewUser {
            login,
            display_name,
            role,
            partner_id,
            password_hash: &hash,
            must_change_password: true,
        },
    )
    .await?;
    if let Some(id) = id {
        let detail = format!("role={}", role.code());
        log(&mut *tx, admin, Action::Create, "user", id, Some(&detail)).await?;
    }
    tx.commit().await?;
    Ok(id.map(|id| Created { id, temporary_password: temporary }))
}

/// Changes a user's role and partner.
pub async fn change_role(
    db: &Db,
    admin: &CurrentUser,
    id: i64,
    role: Role,
    partner_id: Option<i64>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::set_role(&mut *tx, id, role, partner_id).await?;
    let detail = format!("role={}", role.code());
    log(&mut *tx, admin, Action::Update, "user", id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Disables a user (ending their sessions) or enables them again.
pub async fn set_disabled(
    db: &Db,
    admin: &CurrentUser,
    id: i64,
    disable: bool,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    // Two admins disabling each other at once take turns; the second finds itself the
    // last admin and is refused.
    if disable && !store::hold_other_admins(&mut tx, id).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    store::set_disabled(&mut *tx, id, disable).await?;
    if disable {
        crate::auth::signin::destroy_all_for_user(&mut *tx, id).await?;
    }
    let action = if disable { Action::Disable } else { Action::Enable };
    log(&mut *tx, admin, action, "user", id, None).await?;
    tx.commit().await?;
    Ok(true)
}

/// Issues a temporary password (to be changed at next sign-in) and ends the user's
/// sessions. Returns the temporary password, to show the admin once.
pub async fn reset_password(db: &Db, admin: &CurrentUser, id: i64) -> Result<String, AppError> {
    let temporary = password::temporary();
    let hash = password::hash(temporary.clone()).await?;
    let mut tx = db.begin().await?;
    store::set_password(&mut *tx, id, &hash, true).await?;
    crate::auth::signin::destroy_all_for_user(&mut *tx, id).await?;
    log(&mut *tx, admin, Action::ResetPassword, "user", id, None).await?;
    tx.commit().await?;
    Ok(temporary)
}
