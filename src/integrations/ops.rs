//! Making and revoking integration tokens (admins), each audited in its transaction.

use super::{store, Scope};
use crate::audit::store::{log, record, Action};
use crate::auth::CurrentUser;
use crate::db::{now, Db};
use crate::error::AppError;

/// Makes a token named `name` with `scopes`, by an admin (or the `yorisoi integration add`
/// command: `None`); its id and the token, which is never stored (only its hash) and shown
/// once.
pub async fn create(
    db: &Db,
    user: Option<&CurrentUser>,
    name: &str,
    scopes: &[Scope],
) -> Result<(i64, String), AppError> {
    let token = crate::web::secret::new_token();
    let mut tx = db.begin().await?;
    let hash = crate::web::secret::hash_token(&token);
    let id = store::insert(&mut tx, name, &hash, scopes, user.map(|u| u.id), now()).await?;
    let detail: Vec<&str> = scopes.iter().map(|s| s.code()).collect();
    let detail = format!("scopes {}", detail.join(","));
    let actor = user.map(Into::into);
    record(&mut *tx, actor, Action::Create, "integration_token", &id.to_string(), Some(&detail))
        .await?;
    tx.commit().await?;
    Ok((id, token))
}

/// Revokes a token: it opens nothing from now on. False when it was revoked already.
pub async fn revoke(db: &Db, user: &CurrentUser, id: i64) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let done = store::revoke(&mut tx, id, user.id, now()).await?;
    if done {
        log(&mut *tx, user, Action::Disable, "integration_token", id, None).await?;
    }
    tx.commit().await?;
    Ok(done)
}
