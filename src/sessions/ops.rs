//! Changes of sessions: create (one or a series), edit (one or the following), cancel,
//! import from an .ics file, and the private calendar feed. Each opens its transaction,
//! writes the change with its audit entries (and the waitlist refill or the notices it
//! causes), then commits.

use super::import::ImportedEvent;
use super::input::{Repeat, SessionInput};
use super::store;
use super::{CancelSelection, CancelTarget, CancelledSession, SessionDetail, Status};
use crate::audit::store::{log, record, Action, Actor};
use crate::auth::signin::{hash_token, new_token};
use crate::auth::CurrentUser;
use crate::db::{now, Db};
use crate::directory::store::DueCalendar;
use crate::directory::LastPull;
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
            tell_if_moved(
                &mut tx,
                Some(user.into()),
                *session_id,
                was,
                (*start, *end, input.venue_id),
            )
            .await?;
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
    actor: Option<Actor<'_>>,
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
        let id = session_id.to_string();
        record(&mut **tx, actor, Action::Update, "session", &id, Some(&detail)).await?;
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
    let done = cancel_one(&mut tx, Some(user.into()), id, reason, "cancelled").await?;
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
        if cancel_one(&mut tx, Some(user.into()), id, reason, &detail).await? {
            done.push(id);
        }
    }
    tx.commit().await?;
    Ok(done)
}

async fn cancel_one(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor: Option<Actor<'_>>,
    id: i64,
    reason: &str,
    detail: &str,
) -> Result<bool, AppError> {
    let done = store::cancel(&mut **tx, id, reason).await?;
    if done {
        crate::notify::store::session_cancelled(tx, id).await?;
        record(&mut **tx, actor, Action::Update, "session", &id.to_string(), Some(detail)).await?;
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

/// What an import did: sessions added, updated (by UID) and cancelled (with notices), and
/// the events refused, each with its line and error code (another partner's UID,
/// un-cancelling, a venue already taken, beyond the date window, a venue too small for the
/// people booked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCount {
    pub added: i64,
    pub updated: i64,
    pub cancelled: i64,
    pub refused: Vec<(usize, &'static str)>,
}

/// An upload's import: all of it, or nothing and the first event refused.
pub enum Imported {
    Done(ImportCount),
    Refused { line: usize, code: &'static str },
}

/// The reason a session cancelled by its partner's calendar gives residents.
const IMPORT_CANCEL_REASON: &str = "主催団体の予定の変更により中止となりました";

/// Imports the events of an upload for its partner, each with the venue its location was
/// mapped to (see [`import_events`]), the whole file or nothing. The upload is forgotten
/// once imported.
pub async fn import(
    db: &Db,
    user: &CurrentUser,
    token: &str,
    partner_id: i64,
    events: &[(&ImportedEvent, i64)],
    series: &[String],
    new: NewSessions,
) -> Result<Imported, AppError> {
    let mut tx = db.begin().await?;
    let planned: Vec<(&ImportedEvent, Option<i64>)> =
        events.iter().map(|(e, venue)| (*e, Some(*venue))).collect();
    let actor = Some(user.into());
    let count = import_events(&mut tx, actor, partner_id, &planned, series, new, true).await?;
    if let Some(&(line, code)) = count.refused.first() {
        // Rolled back: the transaction is dropped without commit.
        return Ok(Imported::Refused { line, code });
    }
    // Remembered for the partner's subscribed calendar.
    let mut mapped: Vec<(String, i64)> =
        events.iter().map(|(e, venue)| (e.location.clone(), *venue)).collect();
    mapped.sort();
    mapped.dedup();
    crate::directory::store::remember_locations(&mut tx, partner_id, &mapped).await?;
    store::delete_upload(&mut tx, token).await?;
    tx.commit().await?;
    Ok(Imported::Done(count))
}

/// The topic and seats of sessions an import adds.
#[derive(Debug, Clone, Copy)]
pub struct NewSessions {
    pub topic_id: i64,
    pub capacity: i64,
}

/// The live sessions of a partner's `series` (whose repeating events a file holds) that
/// the file's event UIDs (`held`) no longer include: an import cancels them. Occurrences
/// planned before today are not expanded, so they are never "dropped".
pub async fn dropped_occurrences(
    conn: &mut sqlx::AnyConnection,
    partner_id: i64,
    series: &[String],
    held: &[&str],
) -> Result<Vec<store::SeriesSession>, AppError> {
    let first = crate::domain::today_in_japan().format("%Y%m%d").to_string();
    let mut dropped = Vec::new();
    for name in series {
        let live = store::live_in_series(conn, partner_id, name, &first, now()).await?;
        dropped.extend(live.into_iter().filter(|s| !held.contains(&s.uid.as_str())));
    }
    Ok(dropped)
}

/// Imports events for their partner, each with its venue (`None`: its location is not
/// mapped to one, and it is refused), through the same rules and notices as the session
/// form: a known UID updates its session (a move of time or venue owes "changed" notices),
/// a cancelled event cancels its session (notices owed), a new UID adds a session. An
/// import never un-cancels a session, never double-books a venue, never goes beyond the
/// two-year window and never moves a session to a venue smaller than its seats taken: such
/// an event is refused, and with `stop_at_refusal` nothing after it is done. First, an
/// occurrence to come of a `series` (whose repeating event the file holds) that the events
/// no longer hold (an `EXDATE` added, a `COUNT` or `UNTIL` shortened) is cancelled with its
/// notices, so that what replaces it finds its venue free.
pub async fn import_events(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    actor: Option<Actor<'_>>,
    partner_id: i64,
    events: &[(&ImportedEvent, Option<i64>)],
    series: &[String],
    new: NewSessions,
    stop_at_refusal: bool,
) -> Result<ImportCount, AppError> {
    let mut count = ImportCount::default();
    let today = crate::domain::today_in_japan();
    let window = today + chrono::Duration::days(super::input::MAX_DAYS_AWAY);
    let reason = IMPORT_CANCEL_REASON;
    let cancelled = "cancelled by ics import";
    let held: Vec<&str> = events.iter().map(|(e, _)| e.uid.as_str()).collect();
    for s in dropped_occurrences(tx, partner_id, series, &held).await? {
        if cancel_one(tx, actor, s.id, reason, cancelled).await? {
            count.cancelled += 1;
        }
    }
    for (e, venue) in events {
        let existing = store::by_uid(tx, &e.uid).await?;
        let session = match existing {
            Some((id, host)) if host == partner_id => {
                store::when_and_where(tx, id).await?.map(|w| (id, w))
            }
            _ => None,
        };
        let refused = match (existing, venue) {
            (Some((_, host)), _) if host != partner_id => Err("ics_uid_other_partner"),
            // A cancellation needs no venue: the session stays where it was.
            (_, None) if e.cancelled => match &session {
                Some((_, w)) => Ok(w.venue_id),
                None => continue,
            },
            (_, None) => Err("ics_location_unknown"),
            (_, Some(venue)) => match refusal(tx, e, *venue, session.as_ref(), window).await? {
                Some(code) => Err(code),
                None => Ok(*venue),
            },
        };
        let venue = match refused {
            Ok(venue) => venue,
            Err(code) => {
                count.refused.push((e.line, code));
                if stop_at_refusal {
                    return Ok(count);
                }
                continue;
            }
        };
        match session {
            // Cancelled already, or over: a cancelled event changes nothing.
            Some((_, was))
                if e.cancelled && (was.status == "cancelled" || was.ends_at <= now()) => {}
            Some((id, _)) if e.cancelled => {
                if cancel_one(tx, actor, id, reason, cancelled).await? {
                    count.cancelled += 1;
                }
            }
            // Nothing the event says differs: no new SEQUENCE, no audit entry.
            Some((id, _)) if !store::update_imported(tx, id, e, venue).await? => {}
            Some((id, was)) => {
                record(
                    &mut **tx,
                    actor,
                    Action::Update,
                    "session",
                    &id.to_string(),
                    Some("ics import"),
                )
                .await?;
                tell_if_moved(tx, actor, id, was, (e.starts_at, e.ends_at, venue)).await?;
                count.updated += 1;
            }
            // An occurrence never scheduled here needs no cancelled session.
            None if e.cancelled && e.series.is_some() => {}
            None => {
                let id =
                    store::insert_imported(tx, e, partner_id, venue, new.capacity, new.topic_id)
                        .await?;
                record(
                    &mut **tx,
                    actor,
                    Action::Create,
                    "session",
                    &id.to_string(),
                    Some("ics import"),
                )
                .await?;
                count.added += 1;
            }
        }
    }
    Ok(count)
}

/// Claims one subscribed calendar due at `at` for `hold` seconds (see
/// [`crate::directory::store::claim_calendar`]).
pub async fn claim_calendar(db: &Db, at: i64, hold: i64) -> Result<Option<DueCalendar>, AppError> {
    Ok(crate::directory::store::claim_calendar(db, at, hold).await?)
}

/// Imports what a pull of a partner's subscribed calendar read at `at` (`Err`: the feed
/// could not be read, with its error code), in one transaction with the pull's outcome kept
/// on the partner. Events go to the venue their location was last mapped to for this
/// partner, or to a venue of that name; an event refused is skipped and listed with its
/// line, the others are imported. A feed that cannot be read or parsed changes nothing, and
/// no error ever cancels a session.
pub async fn import_feed(
    db: &Db,
    due: &DueCalendar,
    read: Result<String, &'static str>,
    at: i64,
) -> Result<LastPull, AppError> {
    let mut pull =
        LastPull { at, error_code: None, added: 0, updated: 0, cancelled: 0, refused: Vec::new() };
    let mut tx = db.begin().await?;
    match read.map(|content| super::import::parse(&content, crate::domain::day_in_japan(at))) {
        Err(code) => pull.error_code = Some(code.to_string()),
        Ok(Err(problems)) => {
            pull.error_code = Some("ics_invalid".to_string());
            pull.refused = problems.into_iter().map(|p| (p.line, p.code.to_string())).collect();
        }
        Ok(Ok(super::import::Parsed { events, series })) => {
            let known = crate::directory::store::locations(&mut tx, due.partner_id).await?;
            let venue_of = |e: &ImportedEvent| {
                known.iter().find(|(place, _)| *place == e.location).map(|(_, venue)| *venue)
            };
            let planned: Vec<(&ImportedEvent, Option<i64>)> =
                events.iter().map(|e| (e, venue_of(e))).collect();
            let new = NewSessions { topic_id: due.topic_id, capacity: due.capacity };
            let partner = due.partner_id;
            let count =
                import_events(&mut tx, None, partner, &planned, &series, new, false).await?;
            pull.added = count.added;
            pull.updated = count.updated;
            pull.cancelled = count.cancelled;
            pull.refused = count.refused.into_iter().map(|(l, c)| (l, c.to_string())).collect();
        }
    }
    crate::directory::store::record_pull(&mut tx, due, at, &pull).await?;
    let detail = format!(
        "calendar pulled: {} added, {} updated, {} cancelled, {} refused{}",
        pull.added,
        pull.updated,
        pull.cancelled,
        pull.refused.len(),
        pull.error_code.as_deref().map(|c| format!(", {c}")).unwrap_or_default()
    );
    let id = due.partner_id.to_string();
    record(&mut *tx, None, Action::Update, "partner", &id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(pull)
}

/// Why the form would refuse what this event does to its session (`None`: nothing): never
/// un-cancel; a new time or venue must be free and within the window; a new venue must hold
/// the people booked.
async fn refusal(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    e: &ImportedEvent,
    venue: i64,
    session: Option<&(i64, store::WhenAndWhere)>,
    window: chrono::NaiveDate,
) -> Result<Option<&'static str>, AppError> {
    if e.cancelled {
        return Ok(None);
    }
    let (new_time, new_venue) = match session {
        Some((_, w)) if w.status == "cancelled" => return Ok(Some("ics_uncancel")),
        Some((_, w)) => ((w.starts_at, w.ends_at) != (e.starts_at, e.ends_at), w.venue_id != venue),
        None => (true, true),
    };
    let except: Vec<i64> = session.iter().map(|(id, _)| *id).collect();
    if new_time || new_venue {
        if crate::domain::day_in_japan(e.starts_at) > window {
            return Ok(Some("ics_too_far"));
        }
        if store::venue_taken(&mut **tx, venue, e.starts_at, e.ends_at, &except).await? {
            return Ok(Some("ics_venue_conflict"));
        }
    }
    if let (true, Some((id, _))) = (new_venue, session) {
        if !store::venue_holds_seats(tx, venue, *id).await? {
            return Ok(Some("ics_venue_too_small"));
        }
    }
    Ok(None)
}
