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
    let mut merged = Vec::new();
    for other in store::merged(&db, id).await? {
        merged.extend(crate::residents::store::get(&db, other).await?);
    }
    let supporter = store::supporter(&db, id).await?;
    let credentials = match &supporter {
        Some(s) => store::credentials(&db, s.id)
            .await?
            .into_iter()
            .map(|(name, earned_on)| format!("{name}（{earned_on}）"))
            .collect(),
        None => Vec::new(),
    };
    let mut records: Vec<(&str, i64)> = vec![("resident", id)];
    records.extend(merged.iter().map(|r| ("resident", r.id)));
    let registrations = store::registration_ids(&db, id).await?;
    records.extend(registrations.iter().map(|r| ("registration", *r)));
    records.extend(supporter.iter().map(|s| ("supporter", s.id)));
    let ids: Vec<i64> = std::iter::once(id).chain(merged.iter().map(|r| r.id)).collect();
    let mut audit = store::audit(&db, &records).await?;
    audit.extend(store::list_reads(&db).await?.into_iter().filter(|e| {
        let listed = e.detail.as_deref().and_then(|d| d.strip_prefix("residents "));
        listed.is_some_and(|l| l.split(',').any(|n| n.parse().is_ok_and(|n: i64| ids.contains(&n))))
    }));
    audit.sort_by_key(|e| (e.at, e.id));
    let disclosure = Disclosure {
        printed_at: crate::db::now(),
        bookings: store::bookings(&db, id).await?,
        notices: store::notices(&db, id).await?,
        requests: store::requests(&db, id).await?,
        resident,
        merged,
        supporter,
        credentials,
        audit,
    };
    log(&db.pool, &user, Action::Read, "resident", id, Some("disclosure printed")).await?;
    Ok(disclosure)
}
