//! Changes of sign-in data that are audited: the first administrator made through the
//! setup link, and a user's own new password. Each runs in one transaction with its audit.

use super::{setup, signin, CurrentUser, Role};
use crate::audit::store::{log, record, Action};
use crate::db::Db;
use crate::error::AppError;
use crate::users::store::{self as users, NewUser};

/// The operation of the setup form: spends the token and creates the first admin, audited,
/// in one transaction. The new user's id, or `None` when the token is not (or no longer)
/// good, or the login is taken.
pub async fn create_first_admin(
    db: &Db,
    token: &str,
    login: &str,
    display_name: &str,
    password_hash: &str,
) -> Result<Option<i64>, AppError> {
    let mut tx = db.begin().await?;
    if !setup::spend_token(&mut tx, token).await? {
        return Ok(None);
    }
    let id = users::insert(
        &mut *tx,
        &NewUser {
            login,
            display_name,
            role: Role::Admin,
            partner_id: None,
            password_hash,
            must_change_password: false,
        },
    )
    .await?;
    if let Some(id) = id {
        record(&mut *tx, None, Action::Create, "user", &id.to_string(), Some("setup")).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// The operation of the password form: sets the user's own new password (already hashed)
/// and signs out their other devices, audited, in one transaction. `token` is the session
/// in use, which stays signed in.
pub async fn change_password(
    db: &Db,
    user: &CurrentUser,
    password_hash: &str,
    token: &str,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    crate::users::store::set_password(&mut *tx, user.id, password_hash, false).await?;
    signin::destroy_others(&mut tx, user.id, token).await?;
    log(&mut *tx, user, Action::Update, "user", user.id, Some("password")).await?;
    tx.commit().await?;
    Ok(())
}
