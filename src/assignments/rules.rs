//! Who may work at the door of a session. A guard that reads the database, shared by the
//! features used there (check-in, walk-ins, loaner phones, the session report).

use super::store;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;

/// The guard of everything done at the door (check-in, walk-ins, loans, the report): staff
/// and admins anywhere, a coordinator at their partner's sessions, a volunteer where
/// assigned; anyone else is refused (403).
pub async fn require_check_in(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
) -> Result<(), AppError> {
    if store::may_check_in(db, user, session_id).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
