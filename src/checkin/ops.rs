//! Changes made at the door: marking who came and adding walk-ins. Each opens its
//! transaction, writes the change, the reach facts and the audit entry, then commits.

use super::store::{self, Walkin};
use super::{Outcome, Synced, Tap};
use crate::audit::store::{log, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::ErrorCode;

/// What marking attendance did: the session it belongs to, and why it was not applied, if
/// so ([`attendance_closed`]).
pub struct Marked {
    pub session_id: i64,
    pub refused: Option<ErrorCode>,
}

/// Why attendance at a session cannot be taken now: its report is finalised (which locks
/// attendance), or its day has not come yet in Japan. `None` when it can.
pub async fn attendance_closed(db: &Db, session_id: i64) -> Result<Option<ErrorCode>, AppError> {
    if crate::session_reports::store::is_finalised(db, session_id).await? {
        return Ok(Some(ErrorCode::AttendanceLocked));
    }
    let starts_at =
        crate::sessions::store::starts_at(db, session_id).await?.ok_or(AppError::NotFound)?;
    let not_yet = crate::domain::day_in_japan(starts_at) > crate::domain::today_in_japan();
    Ok(not_yet.then_some(ErrorCode::AttendanceNotYet))
}

/// Marks a confirmed place present (or not) for whoever may check in at its session. Sets a
/// state rather than toggling, so a retried request is harmless.
pub async fn mark_attendance(
    db: &Db,
    user: &CurrentUser,
    registration_id: i64,
    present: bool,
) -> Result<Marked, AppError> {
    let session_id = store::session_of(db, registration_id).await?.ok_or(AppError::NotFound)?;
    crate::assignments::rules::require_check_in(db, user, session_id).await?;
    if let Some(refused) = attendance_closed(db, session_id).await? {
        return Ok(Marked { session_id, refused: Some(refused) });
    }
    let mut tx = db.begin().await?;
    // Finalising locks the session too: a report finalised since the check above wins.
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Marked { session_id, refused: Some(ErrorCode::AttendanceLocked) });
    }
    let detail = if present { "present" } else { "not present" };
    if !mark_in(&mut tx, user, registration_id, present, crate::db::now(), detail).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(Marked { session_id, refused: None })
}

/// Adds a walk-in: a minimal resident record and a place marked present. The key makes a
/// double tap add one person. Returns the registration id, or why attendance cannot be
/// taken now ([`attendance_closed`]).
pub async fn add_walkin(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    walkin: &Walkin,
    key: &str,
) -> Result<Result<i64, ErrorCode>, AppError> {
    if let Some(refused) = attendance_closed(db, session_id).await? {
        return Ok(Err(refused));
    }
    if !district_known(db, walkin).await? {
        return Ok(Err(ErrorCode::Invalid));
    }
    let mut tx = db.begin().await?;
    // Two taps at once: the second waits here for the first to commit, then finds its key.
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if let Some(id) = store::registration_with_key(&mut tx, key).await? {
        return Ok(Ok(id));
    }
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Err(ErrorCode::AttendanceLocked));
    }
    let id = walkin_in(&mut tx, user, session_id, walkin, key, "walk-in").await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Marks a confirmed place present or not (as changed `at`) inside the caller's
/// transaction, with its reach facts and audit entry. False if there is no such place.
async fn mark_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: &CurrentUser,
    registration_id: i64,
    present: bool,
    at: i64,
    detail: &str,
) -> Result<bool, AppError> {
    if !store::set_attended(tx, registration_id, present, user.id, at).await? {
        return Ok(false);
    }
    crate::reach::store::attendance_changed(tx, registration_id).await?;
    log(&mut **tx, user, Action::Update, "registration", registration_id, Some(detail)).await?;
    Ok(true)
}

/// Adds a walk-in inside the caller's transaction, with its reach facts and audit entry.
async fn walkin_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user: &CurrentUser,
    session_id: i64,
    walkin: &Walkin,
    key: &str,
    detail: &str,
) -> Result<i64, AppError> {
    let id = store::add_walkin(tx, session_id, walkin, key, user.id).await?;
    crate::reach::store::attendance_changed(tx, id).await?;
    log(&mut **tx, user, Action::Create, "registration", id, Some(detail)).await?;
    Ok(id)
}

/// Whether a walk-in's district, if given, is one of the city's: a made-up number is
/// refused rather than failing the insert.
async fn district_known(db: &Db, walkin: &Walkin) -> Result<bool, AppError> {
    let Some(id) = walkin.district_id else { return Ok(true) };
    Ok(crate::directory::store::districts(db).await?.iter().any(|(d, _)| *d == id))
}

/// A walk-in as typed: the name or reading, an age band code and a district id, each
/// possibly empty. `Ok(None)` when all three are empty; otherwise the walk-in, or each
/// refused part (0 the name, 1 the age band, 2 the district) with why.
pub fn walkin_from(
    typed: &str,
    age: &str,
    district: &str,
) -> Result<Option<Walkin>, Vec<(usize, ErrorCode)>> {
    use crate::domain::{AgeBand, Kana};
    if typed.is_empty() && age.is_empty() && district.is_empty() {
        return Ok(None);
    }
    let mut refused = Vec::new();
    if typed.is_empty() {
        refused.push((0, ErrorCode::Required));
    } else if typed.chars().count() > 100 {
        refused.push((0, ErrorCode::TooLong));
    }
    let age_band = match age {
        "" => None,
        code => {
            let band = AgeBand::from_code(code).map(|b| b.code().to_string());
            if band.is_none() {
                refused.push((1, ErrorCode::Invalid));
            }
            band
        }
    };
    let district_id = match district {
        "" => None,
        v => {
            let id = v.parse::<i64>().ok();
            if id.is_none() {
                refused.push((2, ErrorCode::Invalid));
            }
            id
        }
    };
    if !refused.is_empty() {
        return Err(refused);
    }
    // A reading typed in kana or romaji is kept as the reading; anything else as the name.
    let (name, kana) = match Kana::parse(typed) {
        Ok(k) if !typed.chars().any(|c| c.is_ascii_alphabetic()) => {
            (typed.to_string(), k.as_str().to_string())
        }
        _ => (typed.to_string(), String::new()),
    };
    Ok(Some(Walkin { name, kana, age_band, district_id }))
}

/// Applies the taps a check-in phone queued (perhaps offline, perhaps sent before), in
/// order, each in its own transaction under the session's lock and each once: a tap whose
/// key arrived before is answered from the record of that arrival, made in the same
/// transaction as the change. A mark is "kept" instead of applied when another volunteer
/// changed the person after the phone last saw them and at or after the tap was made: the
/// later tap stands, and the phone says so. Returns each outcome and the session's list
/// and loans as they now stand (reads of both lists, audited).
pub async fn sync(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    taps: &[Tap],
) -> Result<Synced, AppError> {
    crate::assignments::rules::require_check_in(db, user, session_id).await?;
    // Checked once for the whole queue; a report finalised meanwhile is still seen under
    // the session's lock, tap by tap.
    let closed = attendance_closed(db, session_id).await?;
    let mut outcomes = Vec::with_capacity(taps.len());
    for tap in taps {
        let outcome = match read_tap(tap) {
            Ok(wanted) => {
                let key = format!("tap:{session_id}:{}", tap.key());
                apply_tap(db, user, session_id, closed, &key, wanted).await?
            }
            Err(refused) => Outcome::Refused(refused),
        };
        outcomes.push((tap.key().to_string(), outcome));
    }
    let entries = entries(db, user, session_id).await?;
    let (loans, available) = crate::loaners::ops::session_loans(db, user, session_id).await?;
    Ok(Synced { outcomes, entries, closed, loans, available })
}

/// The check-in list of a session, its read audited.
pub async fn entries(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
) -> Result<Vec<super::CheckinEntry>, AppError> {
    let entries = store::entries(db, session_id).await?;
    let ids = entries.iter().map(|e| e.registration_id);
    crate::audit::store::log_list(db, user, "check-in sheet", "registrations", ids).await?;
    Ok(entries)
}

/// A tap read and checked, ready to apply.
enum Wanted {
    Door(AtDoor),
    Loan(LoanTap),
}

/// Attendance taps: applied here, under the session's lock.
enum AtDoor {
    Mark { registration_id: i64, present: bool, made_at: i64, seen: i64 },
    Walkin(Walkin),
}

/// Loan taps: applied by the loaners' own operations.
enum LoanTap {
    Lend { registration_id: i64, device_id: i64, due: Option<chrono::NaiveDate> },
    Check { loan_id: i64, returned: bool },
}

/// Reads a tap: refused when its key or text could not be stored, or its fields say
/// nothing that could be applied.
fn read_tap(tap: &Tap) -> Result<Wanted, ErrorCode> {
    let key = tap.key();
    let texts: &[&str] = match tap {
        Tap::Mark { key, .. } => &[key],
        Tap::Walkin { key, name, age_band, district } => &[key, name, age_band, district],
        Tap::Lend { key, due_on, .. } => &[key, due_on],
        Tap::LoanCheck { key, check, .. } => &[key, check],
    };
    if key.is_empty()
        || key.chars().count() > 100
        || texts.iter().any(|t| crate::ui::form::has_control_characters(t))
    {
        return Err(ErrorCode::Invalid);
    }
    Ok(match tap {
        Tap::Mark { registration_id, present, made_at, seen, .. } => Wanted::Door(AtDoor::Mark {
            registration_id: *registration_id,
            present: *present,
            // A phone's clock ahead of ours does not make its tap the later one.
            made_at: (*made_at).clamp(0, crate::db::now()),
            seen: *seen,
        }),
        Tap::Walkin { name, age_band, district, .. } => {
            match walkin_from(name.trim(), age_band, district) {
                Ok(Some(walkin)) => Wanted::Door(AtDoor::Walkin(walkin)),
                Ok(None) => return Err(ErrorCode::Required),
                Err(refused) => return Err(refused[0].1),
            }
        }
        Tap::Lend { registration_id, device_id, due_on, .. } => {
            let today = crate::domain::today_in_japan();
            let due = match due_on.as_str() {
                "" => None,
                text => match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                    Ok(day) if crate::loaners::home_due_ok(day, today) => Some(day),
                    _ => return Err(ErrorCode::LoanDueInvalid),
                },
            };
            Wanted::Loan(LoanTap::Lend {
                registration_id: *registration_id,
                device_id: *device_id,
                due,
            })
        }
        Tap::LoanCheck { loan_id, check, .. } => match check.as_str() {
            "returned" => Wanted::Loan(LoanTap::Check { loan_id: *loan_id, returned: true }),
            "wiped" => Wanted::Loan(LoanTap::Check { loan_id: *loan_id, returned: false }),
            _ => return Err(ErrorCode::Invalid),
        },
    })
}

/// One tap of [`sync`], under its receipt `key`.
async fn apply_tap(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    closed: Option<ErrorCode>,
    key: &str,
    wanted: Wanted,
) -> Result<Outcome, AppError> {
    match wanted {
        Wanted::Loan(tap) => apply_loan_tap(db, user, session_id, key, tap).await,
        Wanted::Door(tap) => apply_door_tap(db, user, session_id, closed, key, tap).await,
    }
}

/// A loan tap: the loaners' operations record the receipt in their own transaction, under
/// the session's lock, and answer a repeat as done.
async fn apply_loan_tap(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    key: &str,
    tap: LoanTap,
) -> Result<Outcome, AppError> {
    let receipt = Some(key);
    let (done, refused) = match tap {
        LoanTap::Lend { registration_id, device_id, due } => {
            let lent = crate::loaners::ops::lend(
                db,
                user,
                session_id,
                registration_id,
                device_id,
                due,
                receipt,
            )
            .await?;
            (lent, ErrorCode::DeviceUnavailable)
        }
        LoanTap::Check { loan_id, returned } => {
            if crate::loaners::store::session_of(db, loan_id).await? != Some(session_id) {
                return Ok(Outcome::Refused(ErrorCode::Invalid));
            }
            let check = if returned { "returned" } else { "wiped" };
            let ticked =
                crate::loaners::ops::tick(db, user, session_id, loan_id, check, receipt).await?;
            (ticked, ErrorCode::LoanCheckRefused)
        }
    };
    Ok(if done { Outcome::Applied } else { Outcome::Refused(refused) })
}

/// A mark or a walk-in, applied here with its receipt in one transaction, unless
/// attendance is `closed`.
async fn apply_door_tap(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    closed: Option<ErrorCode>,
    key: &str,
    tap: AtDoor,
) -> Result<Outcome, AppError> {
    {
        let mut conn = db.pool.acquire().await?;
        if let Some(earlier) = store::tap_outcome(&mut conn, key).await? {
            return replayed(&mut conn, session_id, &earlier, &tap).await;
        }
    }
    if let Some(refused) = closed {
        return Ok(Outcome::Refused(refused));
    }
    if let AtDoor::Walkin(walkin) = &tap {
        if !district_known(db, walkin).await? {
            return Ok(Outcome::Refused(ErrorCode::Invalid));
        }
    }
    let mut tx = db.begin().await?;
    // Taps of one session are applied one at a time: a repeat sent meanwhile waits here,
    // then finds the record of the first.
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if let Some(earlier) = store::tap_outcome(&mut tx, key).await? {
        let outcome = replayed(&mut tx, session_id, &earlier, &tap).await;
        tx.rollback().await?;
        return outcome;
    }
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Outcome::Refused(ErrorCode::AttendanceLocked));
    }
    let outcome = match tap {
        AtDoor::Walkin(walkin) => {
            walkin_in(&mut tx, user, session_id, &walkin, key, "walk-in (sent from a phone)")
                .await?;
            Outcome::Applied
        }
        AtDoor::Mark { registration_id, present, made_at, seen } => {
            let now = store::attendance_of(&mut tx, registration_id).await?;
            let Some(now) = now.filter(|now| now.session_id == session_id) else {
                tx.rollback().await?;
                return Ok(Outcome::Refused(ErrorCode::Invalid));
            };
            let changed_by_other = now.changed_by.is_some_and(|by| by != user.id);
            if now.present == present {
                Outcome::Applied
            } else if changed_by_other && now.changed_at > seen && now.changed_at >= made_at {
                Outcome::Kept { registration_id, present: now.present, at: now.changed_at }
            } else {
                // Stamped with when the tap was made, so a tap made later on another phone
                // but sent earlier is still seen as the later one.
                let detail = if present { "present" } else { "not present" };
                mark_in(&mut tx, user, registration_id, present, made_at, detail).await?;
                Outcome::Applied
            }
        }
    };
    let recorded = if matches!(outcome, Outcome::Kept { .. }) { "kept" } else { "applied" };
    store::record_tap(&mut tx, key, session_id, user.id, recorded).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The answer to a tap that arrived before: applied, or kept with the person's state now
/// (a person of this session only).
async fn replayed(
    conn: &mut sqlx::AnyConnection,
    session_id: i64,
    earlier: &str,
    tap: &AtDoor,
) -> Result<Outcome, AppError> {
    if let (AtDoor::Mark { registration_id, .. }, "kept") = (tap, earlier) {
        let now = store::attendance_of(conn, *registration_id).await?;
        if let Some(now) = now.filter(|now| now.session_id == session_id) {
            let (registration_id, present, at) = (*registration_id, now.present, now.changed_at);
            return Ok(Outcome::Kept { registration_id, present, at });
        }
    }
    Ok(Outcome::Applied)
}

/// Enters a ticked paper roster in one transaction: every confirmed place of the session
/// that the form `listed` is present exactly when `present` holds it (places added since,
/// such as the walk-ins of a first post, are left alone), and each walk-in row is added once
/// (`key` with the row's number makes a repeated post add nobody). Each change is audited as
/// a mark at the door would be. Returns why attendance cannot be taken now, if so.
pub async fn enter_roster(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    listed: &[i64],
    present: &[i64],
    walkins: &[(usize, Walkin)],
    key: &str,
) -> Result<Result<(), ErrorCode>, AppError> {
    crate::assignments::rules::require_check_in(db, user, session_id).await?;
    if let Some(refused) = attendance_closed(db, session_id).await? {
        return Ok(Err(refused));
    }
    for (_, walkin) in walkins {
        if !district_known(db, walkin).await? {
            return Ok(Err(ErrorCode::Invalid));
        }
    }
    let mut tx = db.begin().await?;
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        tx.rollback().await?;
        return Ok(Err(ErrorCode::AttendanceLocked));
    }
    for (registration_id, attended) in store::attendance_in(&mut tx, session_id).await? {
        let wanted = present.contains(&registration_id);
        if !listed.contains(&registration_id) || wanted == attended {
            continue;
        }
        let detail = if wanted { "present (paper roster)" } else { "not present (paper roster)" };
        mark_in(&mut tx, user, registration_id, wanted, crate::db::now(), detail).await?;
    }
    for (row, walkin) in walkins {
        let row_key = format!("roster:{key}:{row}");
        if store::registration_with_key(&mut tx, &row_key).await?.is_some() {
            continue;
        }
        walkin_in(&mut tx, user, session_id, walkin, &row_key, "walk-in (paper roster)").await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}
