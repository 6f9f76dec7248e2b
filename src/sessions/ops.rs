//! Changes of sessions: create (one or a series), edit (one or the following), cancel,
//! import from an .ics file, and the private calendar feed. Each opens its transaction,
//! writes the change with its audit entries (and the waitlist refill or the notices it
//! causes), then commits.

use super::import::ImportedEvent;
use super::input::{Repeat, SessionInput};
use super::store;
use super::{CancelSelection, CancelTarget, CancelledSession, SessionDetail, Status};
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
/// may have opened: people move up from the waitlist. Everyone booked on a scheduled
/// session whose time or venue moved is owed a "changed" notice. False (nothing changed)
/// when a session's bookable seats would no longer hold everyone booked on it.
pub async fn update(
    db: &Db,
    user: &CurrentUser,
    input: &SessionInput,
    targets: &[(i64, (i64, i64))],
) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    for (session_id, (start, end)) in targets {
        let before = store::cohost_ids(&mut tx, *session_id).await?;
        let was = store::when_and_where(&mut tx, *session_id).await?;
        if !store::update(&mut tx, *session_id, input, *start, *end).await? {
            tx.rollback().await?;
            return Ok(false);
        }
        approve_named(&mut tx, user, *session_id, &input.cohost_ids, &before).await?;
        crate::registrations::ops::refill(&mut tx, *session_id).await?;
        log(&mut *tx, user, Action::Update, "session", session_id, None).await?;
        if let Some(was) = was {
            tell_if_moved(&mut tx, user, *session_id, was, (*start, *end, input.venue_id)).await?;
        }
    }
    tx.commit().await?;
    Ok(true)
}

/// Everyone booked on a scheduled session that moved to `now` (start, end, venue) is owed
/// a "changed" notice, audited with how many were made. A session already over (a
/// correction before its report) tells nobody.
async fn tell_if_moved(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: &CurrentUser,
    session_id: i64,
    was: store::WhenAndWhere,
    now: (i64, i64, i64),
) -> Result<(), AppError> {
    let moved = (was.starts_at, was.ends_at, was.venue_id) != now;
    if !moved || was.status != "scheduled" || was.ends_at <= crate::db::now() {
        return Ok(());
    }
    let made = crate::notify::store::session_changed(tx, session_id, &was.told()).await?;
    if made > 0 {
        let detail = format!("moved: {made} changed notices");
        log(&mut **tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    }
    Ok(())
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
    let done = cancel_one(&mut tx, user, id, reason, "cancelled").await?;
    tx.commit().await?;
    Ok(done)
}

/// Cancels the sessions `ids` with one reason in one transaction (a typhoon day, a series
/// from one occurrence on): each one still scheduled is cancelled and its people are owed
/// their notices, as [`cancel`] does. Returns the ids cancelled (those no longer scheduled
/// are left as they are).
pub async fn cancel_many(
    db: &Db,
    user: &CurrentUser,
    ids: &[i64],
    reason: &str,
) -> Result<Vec<i64>, AppError> {
    let mut tx = db.begin().await?;
    let detail = format!("cancelled with {} sessions at once", ids.len());
    let mut done = Vec::new();
    for &id in ids {
        if cancel_one(&mut tx, user, id, reason, &detail).await? {
            done.push(id);
        }
    }
    tx.commit().await?;
    Ok(done)
}

async fn cancel_one(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: &CurrentUser,
    id: i64,
    reason: &str,
    detail: &str,
) -> Result<bool, AppError> {
    let done = store::cancel(&mut **tx, id, reason).await?;
    if done {
        crate::notify::store::session_cancelled(tx, id).await?;
        log(&mut **tx, user, Action::Update, "session", id, Some(detail)).await?;
    }
    Ok(done)
}

/// The sessions a cancellation of many would cancel (those still scheduled and not over
/// that the user may edit), each with how many people would be told by which channel.
pub async fn cancel_targets(
    db: &Db,
    user: &CurrentUser,
    selection: &CancelSelection,
    date: Option<chrono::NaiveDate>,
) -> Result<Vec<CancelTarget>, AppError> {
    let sessions = match (selection.series_from, date) {
        (Some(from), _) => match store::get(db, from).await? {
            Some(SessionDetail { series_id: Some(series), summary, .. }) => {
                store::series_from(db, series, summary.starts_at).await?
            }
            Some(one) => vec![one.summary],
            None => Vec::new(),
        },
        (None, Some(day)) => {
            let day = day.format("%Y-%m-%d").to_string();
            store::scheduled_on(db, &day, &selection.districts, &selection.partners).await?
        }
        (None, None) => Vec::new(),
    };
    let at = crate::db::now();
    let mut targets = Vec::new();
    for session in sessions {
        let open = session.status == Status::Scheduled && session.ends_at > at;
        if open && super::rules::may_edit(user, session.host_id) {
            let told = crate::notify::store::by_channel(db, session.id, CANCELLED, false).await?;
            targets.push(CancelTarget { session, told });
        }
    }
    Ok(targets)
}

/// After a cancellation of many: each of `ids` the user may edit, with the people told by
/// channel and, when `with_calls`, the calls to make about it.
pub async fn cancelled_sessions(
    db: &Db,
    user: &CurrentUser,
    ids: &[i64],
    with_calls: bool,
) -> Result<Vec<CancelledSession>, AppError> {
    let mut result = Vec::new();
    for session in store::by_ids(db, ids).await? {
        if session.status != Status::Cancelled || !super::rules::may_edit(user, session.host_id) {
            continue;
        }
        let told = crate::notify::store::by_channel(db, session.id, CANCELLED, true).await?;
        let calls = if with_calls {
            crate::notify::store::calls_about(db, session.id, CANCELLED).await?
        } else {
            Vec::new()
        };
        result.push(CancelledSession { target: CancelTarget { session, told }, calls });
    }
    Ok(result)
}

const CANCELLED: crate::notify::NoticeKind = crate::notify::NoticeKind::SessionCancelled;

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
    /// Every event imported: sessions added, updated (by UID) and cancelled (with notices).
    Done { added: i64, updated: i64, cancelled: i64 },
    /// Nothing imported: the event at this line is refused, with an error code (another
    /// partner's UID, un-cancelling, a venue already taken, beyond the date window, a venue
    /// too small for the people booked).
    Refused { line: usize, code: &'static str },
}

/// The reason a session cancelled by its partner's calendar gives residents.
const IMPORT_CANCEL_REASON: &str = "主催団体の予定の変更により中止となりました";

/// Imports the events of an upload for its partner, each with the venue its location was
/// mapped to, through the same rules and notices as the session form: a known UID updates
/// its session (a move of time or venue owes "changed" notices), a cancelled event cancels
/// its session (notices owed), a new UID adds a session with `topic_id` and `capacity`. An
/// import never un-cancels a session, never double-books a venue, never goes beyond the
/// two-year window and never moves a session to a venue smaller than its seats taken: such
/// an event refuses the whole file with its line. The upload is forgotten once imported.
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
    let (mut added, mut updated, mut cancelled) = (0, 0, 0);
    let window =
        crate::domain::today_in_japan() + chrono::Duration::days(super::input::MAX_DAYS_AWAY);
    for (e, venue) in events {
        let refuse = |code| Ok(Imported::Refused { line: e.line, code });
        let existing = store::by_uid(&mut tx, &e.uid).await?;
        // Rolled back on refusal: the transaction is dropped without commit.
        if existing.is_some_and(|(_, host)| host != partner_id) {
            return refuse("ics_uid_other_partner");
        }
        let session = match existing {
            Some((id, _)) => store::when_and_where(&mut tx, id).await?.map(|w| (id, w)),
            None => None,
        };
        let was_cancelled = session.as_ref().is_some_and(|(_, w)| w.status == "cancelled");
        match (was_cancelled, e.cancelled) {
            (true, false) => return refuse("ics_uncancel"),
            (true, true) => continue,
            _ => {}
        }
        // What the form would check, for what this event changes: a new time or venue must
        // be free, within the window, and a new venue must hold the people booked.
        let (new_time, new_venue) = match &session {
            Some((_, w)) => {
                ((w.starts_at, w.ends_at) != (e.starts_at, e.ends_at), w.venue_id != *venue)
            }
            None => (true, true),
        };
        if !e.cancelled && (new_time || new_venue) {
            let except: Vec<i64> = session.iter().map(|(id, _)| *id).collect();
            if crate::domain::day_in_japan(e.starts_at) > window {
                return refuse("ics_too_far");
            }
            if store::venue_taken(&mut *tx, *venue, e.starts_at, e.ends_at, &except).await? {
                return refuse("ics_venue_conflict");
            }
        }
        if let (false, true, Some((id, _))) = (e.cancelled, new_venue, &session) {
            if !store::venue_holds_seats(&mut tx, *venue, *id).await? {
                return refuse("ics_venue_too_small");
            }
        }
        match session {
            // A session already over is history: a cancelled event changes nothing.
            Some((_, was)) if e.cancelled && was.ends_at <= crate::db::now() => {}
            Some((id, _)) if e.cancelled => {
                let reason = IMPORT_CANCEL_REASON;
                if cancel_one(&mut tx, user, id, reason, "cancelled by ics import").await? {
                    cancelled += 1;
                }
            }
            Some((id, was)) => {
                store::update_imported(&mut tx, id, e, *venue).await?;
                log(&mut *tx, user, Action::Update, "session", id, Some("ics import")).await?;
                tell_if_moved(&mut tx, user, id, was, (e.starts_at, e.ends_at, *venue)).await?;
                updated += 1;
            }
            None => {
                let id = store::insert_imported(&mut tx, e, partner_id, *venue, capacity, topic_id)
                    .await?;
                log(&mut *tx, user, Action::Create, "session", id, Some("ics import")).await?;
                added += 1;
            }
        }
    }
    store::delete_upload(&mut tx, token).await?;
    tx.commit().await?;
    Ok(Imported::Done { added, updated, cancelled })
}
