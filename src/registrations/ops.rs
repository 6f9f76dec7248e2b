//! Changes of bookings: booking a place (with its confirmation notice and, for a
//! paper-support request, the referral) and cancelling one, each audited in its own
//! transaction. `refill` and `cancel_and_refill` are shared with other features' operations
//! and run inside the caller's transaction, since a cancellation or a larger session is part
//! of a bigger change.

use super::store::{self, Booked, Pending};
use crate::audit::store::{log, record, Action};
use crate::auth::CurrentUser;
use crate::db::{now, Db};
use crate::error::AppError;
use crate::notify::{store as notices, NoticeKind};
use sqlx::{Any, Transaction};

/// Books a resident on a session, or puts them on its waitlist. The same form posted again
/// (same `key`) gives the first booking back (`Replayed`). With `support_request`, that
/// request is marked referred to this booking in the same transaction.
pub async fn book(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    resident_id: i64,
    key: &str,
    support_request: Option<i64>,
) -> Result<Booked, AppError> {
    let at = now();
    let mut tx = db.begin().await?;
    let id = match store::insert_pending(&mut tx, session_id, resident_id, key, user.id, at).await?
    {
        Pending::New(id) => id,
        Pending::KeyTaken => {
            tx.rollback().await?;
            return Ok(Booked::Replayed(store::with_key(db, key).await?));
        }
        Pending::Refused => {
            tx.rollback().await?;
            return Ok(match store::live_place(db, session_id, resident_id).await? {
                Some(id) => Booked::AlreadyRegistered(id),
                // The other post won the key race and has committed since: replay it.
                None => Booked::Replayed(store::with_key(db, key).await?),
            });
        }
    };
    let booked = store::take_place(&mut tx, session_id, id, at).await?;
    match booked {
        Booked::Confirmed(_) => {
            notices::enqueue(&mut tx, NoticeKind::Confirmation, id).await?;
        }
        Booked::Waitlisted(_) => {}
        _ => {
            // Closed: nothing stays, not even the pending row.
            tx.rollback().await?;
            return Ok(booked);
        }
    }
    let detail = format!("session {session_id}");
    log(&mut *tx, user, Action::Create, "registration", id, Some(&detail)).await?;
    if let Some(request) = support_request {
        if crate::paper_support::store::mark_referred(&mut tx, request, resident_id, id).await? {
            let detail = format!("referred: registration {id}");
            log(&mut *tx, user, Action::Update, "support_request", request, Some(&detail)).await?;
        }
    }
    tx.commit().await?;
    Ok(booked)
}

/// Cancels a live registration with a reason (audited); the waitlist moves up and each
/// person promoted is owed a notice. False when it was not live.
pub async fn cancel(db: &Db, user: &CurrentUser, id: i64, reason: &str) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let done = cancel_and_refill(&mut tx, id, user.id, reason).await?;
    if done {
        // What was said about the person stays with the booking, not in the audit log.
        log(&mut *tx, user, Action::Cancel, "registration", id, Some("reason given")).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Refills a session's freed seats from its waitlist and owes each person moved up a
/// notice. Returns the registrations promoted.
pub async fn refill(tx: &mut Transaction<'_, Any>, session_id: i64) -> sqlx::Result<Vec<i64>> {
    let promoted = store::fill_from_waitlist(tx, session_id).await?;
    for id in &promoted {
        notices::enqueue(tx, NoticeKind::Promotion, *id).await?;
        record(&mut **tx, None, Action::Update, "registration", &id.to_string(), Some("promoted"))
            .await?;
    }
    Ok(promoted)
}

/// Cancels a registration with a reason, withdraws its pending notices and refills the seat.
/// Returns false if it was not live.
pub async fn cancel_and_refill(
    tx: &mut Transaction<'_, Any>,
    id: i64,
    staff: i64,
    reason: &str,
) -> sqlx::Result<bool> {
    let Some(session_id) = store::cancel(tx, id, staff, reason).await? else {
        return Ok(false);
    };
    notices::withdraw_for_registration(tx, id).await?;
    refill(tx, session_id).await?;
    Ok(true)
}
