//! Changes of sessions: create (one or a series), edit (one or the following), cancel,
//! import from an .ics file, and the private calendar feed. Each opens its transaction,
//! writes the change with its audit entries (and the waitlist refill or the notices it
//! causes), then commits.

use super::import::ImportedEvent;
use super::input::{Repeat, SessionInput};
use super::store;
use crate::audit::store::{log, Action};
use crate::auth::signin::{hash_token, new_token};
use crate::auth::CurrentUser;
use crate::db::{now, Db};
use crate::error::AppError;

/// A new, stable iCalendar UID.
fn new_uid() -> String {
    format!("{}@yorisoi.higashiyamato", new_token())
}

/// Creates a session at each of `times` (a series when `repeat` says so). Returns the first
/// session's id, or `None` when there were no times.
pub async fn create(
    db: &Db,
    user: &CurrentUser,
    input: &SessionInput,
    repeat: Repeat,
    times: &[(i64, i64)],
) -> Result<Option<i64>, AppError> {
    let mut tx = db.begin().await?;
    let series = match repeat {
        Repeat::Once => None,
        Repeat::Weekly(_) => Some(store::create_series(&mut tx, "weekly").await?),
        Repeat::Monthly(_) => Some(store::create_series(&mut tx, "monthly").await?),
    };
    let mut first = None;
    for (start, end) in times {
        let id = store::insert(&mut tx, input, *start, *end, series, &new_uid()).await?;
        log(&mut *tx, user, Action::Create, "session", id, None).await?;
        approve_named(&mut tx, user, id, &input.cohost_ids, &[]).await?;
        first.get_or_insert(id);
    }
    tx.commit().await?;
    Ok(first)
}

/// Applies the edit to each session of `targets` (id with its new start and end). More seats
/// may have opened: people move up from the waitlist. False (nothing changed) when a
/// session's bookable seats would no longer hold everyone booked on it.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    input: &SessionInput,
    targets: &[(i64, (i64, i64))],
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    for (session_id, (start, end)) in targets {
        let before = store::cohost_ids(&mut tx, *session_id).await?;
        if !store::update(&mut tx, *session_id, input, *start, *end).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        approve_named(&mut tx, user, *session_id, &input.cohost_ids, &before).await?;
        crate::registrations::ops::refill(&mut tx, *session_id).await?;
        log(&mut *tx, user, Action::Update, "session", session_id, None).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// Co-hosts named by staff or an admin are approved as they are named; those a coordinator
/// names wait for staff ([`approve_cohost`]). `named`: the co-hosts just saved; `before`:
/// those named until now, whose approval (or wait) stays as it was.
async fn approve_named(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: &CurrentUser,
    session_id: i64,
    named: &[i64],
    before: &[i64],
) -> Result<(), AppError> {
    if !super::rules::may_approve_cohosts(user) {
        return Ok(());
    }
    for &partner in named {
        if !before.contains(&partner) && store::approve_cohost(tx, session_id, partner).await? {
            log(&mut **tx, user, Action::Update, "session", session_id, Some("co-host approved"))
                .await?;
        }
    }
    Ok(())
}

/// Approves a co-host a coordinator named (staff and admins; the caller checks). False when
/// that partner is not waiting for approval at this session.
pub async fn approve_cohost(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    partner_id: i64,
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let done = store::approve_cohost(&mut tx, session_id, partner_id).await?;
    if done {
        log(&mut *tx, user, Action::Update, "session", session_id, Some("co-host approved"))
            .await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Cancels a scheduled session with a reason; everyone registered is owed a notice by their
/// channel (email, call, letter). False if it was not scheduled.
pub async fn cancel(db: &Db, user: &CurrentUser, id: i64, reason: &str) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let done = store::cancel(&mut *tx, id, reason).await?;
    if done {
        crate::notify::store::session_cancelled(&mut tx, id).await?;
        log(&mut *tx, user, Action::Update, "session", id, Some("cancelled")).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Makes a new secret address for the user's private feed; the old one stops working.
/// Returns the new token; only its hash is stored.
pub async fn reset_calendar_feed(db: &Db, user: &CurrentUser) -> Result<String, AppError> {
    let token = new_token();
    let mut tx = db.begin().await?;
    store::replace_calendar_token(&mut tx, user.id, &hash_token(&token)).await?;
    log(&mut *tx, user, Action::Update, "user", user.id, Some("calendar feed reset")).await?;
    tx.commit().await?;
    Ok(token)
}

/// Keeps an uploaded, checked .ics file for its mapping step (uploads never mapped are
/// forgotten after a day). Returns the upload's token.
pub async fn save_upload(
    db: &Db,
    user: &CurrentUser,
    partner_id: i64,
    file_name: &str,
    content: &str,
) -> Result<String, AppError> {
    let token = new_token();
    let mut tx = db.begin().await?;
    store::forget_uploads_before(&mut tx, now() - 86_400).await?;
    store::insert_upload(&mut tx, &token, user.id, partner_id, file_name, content).await?;
    tx.commit().await?;
    Ok(token)
}

/// What an import did.
pub enum Imported {
    /// Every event imported: sessions added and updated (by UID).
    Done { added: i64, updated: i64 },
    /// Nothing imported: the event at this line has the UID of another partner's session.
    OtherPartner { line: usize },
}

/// Imports the events of an upload for its partner, each with the venue its location was
/// mapped to: a known UID updates its session, a new one adds a session with `topic_id`
/// and `capacity`. The upload is forgotten once imported. All or nothing.
pub async fn import(
    db: &Db,
    user: &CurrentUser,
    token: &str,
    partner_id: i64,
    events: &[(&ImportedEvent, i64)],
    topic_id: i64,
    capacity: i64,
) -> Result<Imported, AppError> {
    let mut tx = db.begin().await?;
    let (mut added, mut updated) = (0, 0);
    for (e, venue) in events {
        let (id, action) = match store::by_uid(&mut tx, &e.uid).await? {
            // Rolled back: the transaction is dropped without commit.
            Some((_, host)) if host != partner_id => {
                return Ok(Imported::OtherPartner { line: e.line });
            }
            Some((id, _)) => {
                store::update_imported(&mut tx, id, e, *venue).await?;
                updated += 1;
                (id, Action::Update)
            }
            None => {
                let id = store::insert_imported(&mut tx, e, partner_id, *venue, capacity, topic_id)
                    .await?;
                added += 1;
                (id, Action::Create)
            }
        };
        log(&mut *tx, user, action, "session", id, Some("ics import")).await?;
    }
    store::delete_upload(&mut tx, token).await?;
    tx.commit().await?;
    Ok(Imported::Done { added, updated })
}
