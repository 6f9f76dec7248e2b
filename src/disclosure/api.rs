//! The disclosure print's server function: staff with access to residents' records.

use super::Disclosure;
use crate::error::AppError;
use leptos::prelude::*;

/// Everything held about resident `id`, for printing; the print is audited.
#[server(endpoint = "disclosure/resident")]
pub async fn disclosure_of(id: i64) -> Result<Disclosure, AppError> {
    use super::store;
    use crate::audit::store::{log, Action};
    let user = crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    let resident =
        crate::residents::store::get(&db, id).await?.ok_or_else(|| AppError::NotFound.respond())?;
    // The person's record first, then every record merged into it.
    let ids = crate::residents::store::with_merged(&mut *db.pool.acquire().await?, id).await?;
    let mut merged = Vec::new();
    for &other in &ids[1..] {
        merged.extend(crate::residents::store::get(&db, other).await?);
    }
    let supporter = store::supporter(&db, &ids).await?;
    let credentials = match &supporter {
        Some(s) => store::credentials(&db, s.id)
            .await?
            .into_iter()
            .map(|(name, earned_on)| format!("{name}（{earned_on}）"))
            .collect(),
        None => Vec::new(),
    };
    let notices = store::notices(&db, id, supporter.as_ref().map(|s| s.id)).await?;
    let registrations = store::registration_ids(&db, id).await?;
    let requests = store::request_ids(&db, id).await?;
    let notice_ids: Vec<i64> = notices.iter().map(|(n, _)| *n).collect();
    let mut records: Vec<(&str, i64)> = ids.iter().map(|r| ("resident", *r)).collect();
    records.extend(registrations.iter().map(|r| ("registration", *r)));
    records.extend(requests.iter().map(|r| ("support_request", *r)));
    records.extend(notice_ids.iter().map(|n| ("notice", *n)));
    records.extend(supporter.iter().map(|s| ("supporter", s.id)));
    let mut audit = crate::audit::store::about(&db, &records).await?;
    for (kind, listed) in [
        ("residents", &ids),
        ("registrations", &registrations),
        ("requests", &requests),
        ("notices", &notice_ids),
    ] {
        audit.extend(crate::audit::store::list_reads(&db, kind, listed).await?);
    }
    audit.sort_by_key(|e| (e.at, e.id));
    let disclosure = Disclosure {
        printed_at: crate::db::now(),
        bookings: store::bookings(&db, id).await?,
        notices: notices.into_iter().map(|(_, n)| n).collect(),
        requests: store::requests(&db, id).await?,
        answers: store::answers(&db, id).await?,
        wishes: store::wishes(&db, id).await?,
        resident,
        merged,
        supporter,
        credentials,
        audit,
    };
    if let Some(s) = &disclosure.supporter {
        log(&db.pool, &user, Action::Read, "supporter", s.id, Some("disclosure printed")).await?;
    }
    log(&db.pool, &user, Action::Read, "resident", id, Some("disclosure printed")).await?;
    Ok(disclosure)
}
