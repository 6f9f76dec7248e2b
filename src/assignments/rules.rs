//! Who may work at the door of a session. A guard that reads the database, shared by the
//! features used there (check-in, walk-ins, loaner phones, the session report).

use super::store;
use crate::auth::Area;
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::web::{AppState, Caller};
use axum::extract::{FromRequestParts, Path};
use axum::response::{IntoResponse, Response};
use http::request::Parts;

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

/// The user of a form route about the door of session `{id}` (the path's id): signed in
/// with the check-in area, and refused (403) unless they may check in there
/// ([`require_check_in`]). The one prologue of those routes, so none can forget the
/// second check. Only for routes whose one path parameter is the session's `{id}`: on a
/// route with more, axum cannot read one number and answers with a server error.
pub struct AtTheDoor {
    pub user: CurrentUser,
    pub session_id: i64,
}

impl FromRequestParts<AppState> for AtTheDoor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Path(session_id) =
            Path::<i64>::from_request_parts(parts, state).await.map_err(|e| e.into_response())?;
        let caller = parts.extensions.get::<Caller>().cloned().unwrap_or_default();
        let at_the_door = async {
            let user = caller.require(Area::Checkin)?;
            require_check_in(&state.db, &user, session_id).await?;
            Ok::<_, AppError>(Self { user, session_id })
        };
        at_the_door.await.map_err(|e| e.into_response())
    }
}
