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

/// What the calendar form asks for: subscribe to `url` (adding sessions with this topic and
/// seats), or with `None` end the subscription.
pub struct CalendarChange {
    pub url: String,
    pub topic_id: i64,
    pub capacity: i64,
}

/// Subscribes a partner to its calendar, changes it, or ends it (`None`); audited without
/// the URL (it may carry the partner's private token).
pub async fn save_calendar(
    db: &Db,
    user: &CurrentUser,
    partner_id: i64,
    change: Option<&CalendarChange>,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    let detail = match change {
        Some(c) => {
            store::save_calendar(&mut tx, partner_id, &c.url, c.topic_id, c.capacity).await?;
            "calendar subscribed"
        }
        None if store::remove_calendar(&mut tx, partner_id).await? => "calendar removed",
        None => return Ok(()),
    };
    log(&mut *tx, user, Action::Update, "partner", partner_id, Some(detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes a partner's calendar due for its next pull now.
pub async fn pull_calendar_soon(
    db: &Db,
    user: &CurrentUser,
    partner_id: i64,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    if store::pull_soon(&mut tx, partner_id).await? {
        log(&mut *tx, user, Action::Update, "partner", partner_id, Some("calendar pull asked"))
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
