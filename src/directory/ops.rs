//! Changes of reference data (partners, venues, the short lists), each saved and audited in
//! one transaction. A name another row has already is refused (`None`), with nothing written;
//! the name is checked before the transaction, so the transaction writes first.

use super::store::{self, Named};
use super::{ListEntry, PartnerDetail, RefList, VenueDetail};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use sqlx::AnyConnection;

/// The audit entry of a save: `create` for a new row (id 0 on the form), else `update`.
async fn audit(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    created: bool,
    record_type: &str,
    id: i64,
) -> sqlx::Result<()> {
    let action = if created { Action::Create } else { Action::Update };
    log(conn, user, action, record_type, id, None).await
}

/// Adds (id 0) or updates a partner. Returns its id, or `None` when the name is taken.
pub async fn save_partner(
    db: &Db,
    user: &CurrentUser,
    detail: &PartnerDetail,
) -> Result<Option<i64>, AppError> {
    let p = &detail.partner;
    if store::name_taken(db, Named::Partner, &p.name, p.id).await? {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    let id = store::save_partner(&mut tx, detail).await?;
    audit(&mut tx, user, detail.partner.id == 0, "partner", id).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Adds (id 0) or updates a venue. Returns its id, or `None` when the name is taken.
pub async fn save_venue(
    db: &Db,
    user: &CurrentUser,
    detail: &VenueDetail,
) -> Result<Option<i64>, AppError> {
    if store::name_taken(db, Named::Venue, &detail.name, detail.id).await? {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    let id = store::save_venue(&mut tx, detail).await?;
    audit(&mut tx, user, detail.id == 0, "venue", id).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Adds (id 0) or updates an entry of a list. Returns its id, or `None` when the name is
/// taken.
pub async fn save_entry(
    db: &Db,
    user: &CurrentUser,
    list: RefList,
    entry: &ListEntry,
) -> Result<Option<i64>, AppError> {
    if store::name_taken(db, Named::List(list), &entry.name, entry.id).await? {
        return Ok(None);
    }
    let mut tx = db.begin().await?;
    let id = store::save_entry(&mut tx, list, entry).await?;
    audit(&mut tx, user, entry.id == 0, list.record_type(), id).await?;
    tx.commit().await?;
    Ok(Some(id))
}
