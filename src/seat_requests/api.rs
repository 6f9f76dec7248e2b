//! Server functions of seat requests. The public ones need no sign-in and carry no count
//! of people and nobody's data; the requester's own request is reached only through the
//! token in their cookie. The queue and a request are staff and admins'
//! (`Area::Residents`), every read audited.

use super::{OwnRequest, PublicSession, Queue, RequestDetail};
use crate::error::AppError;
use leptos::prelude::*;

/// The cookie that lets a requester see their request after sending it or looking it up.
pub const ACCESS_COOKIE: &str = "yorisoi_request";

/// Sessions still to come, for the public schedule.
#[server(endpoint = "public/sessions")]
pub async fn load_public_sessions() -> Result<Vec<PublicSession>, AppError> {
    let db = crate::web::db()?;
    Ok(super::store::public_sessions(&db, crate::db::now()).await?)
}

/// One session for its public page, whether it takes requests, and a new key for its
/// request form (the same form sent twice is one request).
#[server(endpoint = "public/session")]
pub async fn load_public_session(id: i64) -> Result<(PublicSession, bool, String), AppError> {
    let db = crate::web::db()?;
    let (session, open) = super::store::public_session(&db, id, crate::db::now())
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    Ok((session, open, crate::web::secret::new_token()))
}

/// The request the caller's cookie gives access to, if any, and the lapse setting.
#[server(endpoint = "public/request")]
pub async fn load_own_request() -> Result<(Option<OwnRequest>, i64), AppError> {
    let db = crate::web::db()?;
    let days = super::ops::lapse_days(&db).await?;
    let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
    let Some(token) = crate::web::extract::cookie(&parts.headers, ACCESS_COOKIE) else {
        return Ok((None, days));
    };
    let now = crate::db::now();
    let hash = crate::web::secret::hash_token(token);
    let Some(id) = super::store::by_access(&db, &hash, now).await? else {
        return Ok((None, days));
    };
    let Some((reference, status, holds_seat, lapses_at, session_id)) =
        super::store::own(&db, id).await?
    else {
        return Ok((None, days));
    };
    let Some((session, session_open)) = super::store::public_session(&db, session_id, now).await?
    else {
        return Ok((None, days));
    };
    Ok((Some(OwnRequest { reference, status, holds_seat, lapses_at, session, session_open }), days))
}

/// The pending requests for `/requests`, oldest first (the list's read is audited).
#[server(endpoint = "requests/queue")]
pub async fn load_queue() -> Result<Queue, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let pending = super::store::queue(&db).await?;
    let ids = pending.iter().map(|line| line.id);
    crate::audit::store::log_list(&db, &user, "seat requests", "seat_requests", ids).await?;
    Ok(Queue {
        pending,
        lapse_days: super::ops::lapse_days(&db).await?,
        may_set: crate::auth::Area::AdminData.allows(user.role),
    })
}

/// One request with the residents who may be the same person (both reads audited).
#[server(endpoint = "requests/one")]
pub async fn load_request(id: i64) -> Result<RequestDetail, AppError> {
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let mut conn = db.pool.acquire().await?;
    let (line, email, needs, registration_id) =
        super::store::get(&mut conn, id).await?.ok_or_else(|| AppError::NotFound.respond())?;
    let (phone, kana) = super::store::contact(&mut conn, id).await?.unwrap_or_default();
    drop(conn);
    let matches = if phone.is_empty() {
        Vec::new()
    } else {
        crate::residents::store::matching_request(&db, &phone, &kana.replace(' ', "")).await?
    };
    use crate::audit::store::{log, log_list, Action};
    log(&db.pool, &user, Action::Read, "seat_request", id, None).await?;
    let ids = matches.iter().map(|m| m.id);
    log_list(&db, &user, "seat request matches", "residents", ids).await?;
    Ok(RequestDetail {
        line,
        email,
        needs,
        matches,
        registration_id,
        form_key: crate::auth::signin::new_token(),
    })
}
