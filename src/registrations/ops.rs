//! Changes of bookings: booking a place (with its confirmation notice and, for a
//! paper-support request, the referral) and cancelling one, each audited in its own
//! transaction. `refill` and `cancel_and_refill` are shared with other features' operations
//! and run inside the caller's transaction, since a cancellation or a larger session is part
//! of a bigger change.

use super::store::{self, Booked, Place, Written};
use crate::audit::store::{log, record, Action};
use crate::auth::CurrentUser;
use crate::db::{now, Backend, Db, Step};
use crate::error::AppError;
use crate::notify::{store as notices, NoticeKind};
use sqlx::{Any, Transaction};

/// Books a resident on a session, or puts them on its waitlist. The same form posted again
/// (same `key`) gives the first booking back (`Replayed`). With `support_request`, that
/// request is marked referred to this booking in the same transaction. When all goes well
/// it writes the place, the registration, a seat's confirmation notice (when the resident
/// is told by letter or email) and the audit entry, with no read before the first write.
pub async fn book(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    resident_id: i64,
    key: &str,
    support_request: Option<i64>,
) -> Result<Booked, AppError> {
    // On PostgreSQL a seat that owes nothing more is booked in one statement; anything
    // else (a full session, a notice owed, a referral, a key seen before) the usual way.
    if db.backend == Backend::Postgres && support_request.is_none() {
        let detail = booked_on(session_id);
        let (staff, audit) = ((user.id, user.login.as_str()), (Action::Create.code(), &*detail));
        let owed = notices::CONFIRMATION_OWED;
        let at = now();
        if let Some(id) =
            store::seat_at_once(db, session_id, resident_id, key, staff, at, audit, owed).await?
        {
            return Ok(Booked::Confirmed(id));
        }
    }
    let (by, form) = (user.clone(), key.to_string());
    let wrote = db
        .batched(move |conn| {
            Box::pin(async move {
                write_booking(conn, &by, session_id, resident_id, &form, support_request).await
            })
        })
        .await?;
    Ok(match wrote {
        Wrote::Booked(booked) => booked,
        // A form posted again after the session closed still gives its booking back, and
        // the resident's own state is said before the session's.
        Wrote::NoPlace => match not_written(db, resident_id, key).await? {
            Some(why) => why,
            None => match store::live_place(db, session_id, resident_id).await? {
                Some(id) => Booked::AlreadyRegistered(id),
                None => Booked::Closed,
            },
        },
        // A live resident and no booking under the key: the key's booking or the
        // resident's merge was rolled back meanwhile. Nothing was written; as before.
        Wrote::Skipped => not_written(db, resident_id, key).await?.unwrap_or(Booked::NoResident),
        Wrote::Refused => match store::live_place(db, session_id, resident_id).await? {
            Some(id) => Booked::AlreadyRegistered(id),
            // The other post won the key race and has committed since: replay it.
            None => {
                Booked::Replayed(store::with_key(db, key).await?.ok_or(sqlx::Error::RowNotFound)?)
            }
        },
    })
}

/// What the booking's write did: booked, or nothing (undone) because no place was open or
/// the registration was not written ([`Written::Skipped`], [`Written::Refused`]).
enum Wrote {
    Booked(Booked),
    NoPlace,
    Skipped,
    Refused,
}

/// The booking's writes, in its own savepoint of a transaction it may share with other
/// bookings ([`Db::batched`]): the place, the registration, the notice, the audit entry and
/// the referral. Undone when the registration is not written.
async fn write_booking(
    conn: &mut sqlx::AnyConnection,
    user: &CurrentUser,
    session_id: i64,
    resident_id: i64,
    key: &str,
    support_request: Option<i64>,
) -> sqlx::Result<Step<Wrote>> {
    let at = now();
    let Some(place) = store::take_place(conn, session_id, at).await? else {
        return Ok(Step::Undo(Wrote::NoPlace));
    };
    let written = store::insert(conn, session_id, resident_id, key, user.id, at, place).await?;
    let (id, contact_pref) = match written {
        Written::New(id, contact_pref) => (id, contact_pref),
        Written::Skipped => return Ok(Step::Undo(Wrote::Skipped)),
        Written::Refused => return Ok(Step::Undo(Wrote::Refused)),
    };
    let booked = match place {
        Place::Seat => {
            notices::enqueue_confirmation(conn, id, &contact_pref).await?;
            Booked::Confirmed(id)
        }
        Place::Waitlist(_) => Booked::Waitlisted(id),
    };
    log(&mut *conn, user, Action::Create, "registration", id, Some(&booked_on(session_id))).await?;
    if let Some(request) = support_request {
        if crate::paper_support::store::mark_referred(conn, request, resident_id, id).await? {
            let detail = format!("referred: registration {id}");
            log(&mut *conn, user, Action::Update, "support_request", request, Some(&detail))
                .await?;
        }
    }
    Ok(Step::Keep(Wrote::Booked(booked)))
}

/// The audit detail of a new booking, written alike by both ways of booking.
fn booked_on(session_id: i64) -> String {
    format!("session {session_id}")
}

/// Why a booking wrote no registration, as far as the form and the resident say: the form
/// was posted before (its booking is given back), or the resident is erased, merged or
/// unknown; `None` when neither.
async fn not_written(db: &Db, resident_id: i64, key: &str) -> Result<Option<Booked>, AppError> {
    if let Some(id) = store::with_key(db, key).await? {
        return Ok(Some(Booked::Replayed(id)));
    }
    Ok(match crate::residents::store::get(db, resident_id).await? {
        Some(r) if r.erased_at.is_some() => Some(Booked::Erased),
        Some(r) if r.merged_into.is_none() => None,
        _ => Some(Booked::NoResident),
    })
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
