//! Changes of questionnaires: entering a session's returned sheets, and a participant's
//! answer from their own phone. Each opens its transaction and, inside it, writes the
//! answers, the follow-ups they ask for (a wish for the next level, an "interested"
//! supporter record), the session report's tallies and the audit entries, then commits.

use super::store::{self, Attendance};
use super::Answer;
use crate::audit::store::{log, record, Action};
use crate::auth::CurrentUser;
use crate::db::Db;
use crate::error::AppError;
use crate::sessions::Level;
use sqlx::AnyConnection;

/// Days after a session's start during which its participants may answer by phone.
pub const PHONE_DAYS: i64 = 30;

/// The server's own key for the sheets' links, made at random on first use.
async fn link_key(conn: &mut AnyConnection) -> sqlx::Result<String> {
    crate::seat_requests::store::secret(conn, "questionnaires", &crate::web::secret::new_token())
        .await
}

/// The part of a sheet's link that proves it was printed by us: an HMAC-SHA256 of the
/// registration under the server's own key, 80 bits in hex, so a link cannot be made up
/// for someone else's attendance.
fn code(key: &str, registration_id: i64) -> String {
    use hmac::Mac;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(registration_id.to_string().as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..10])
}

/// Whether two codes are the same, taking as long whichever byte differs.
fn same_code(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// The registration a link `<id>-<code>` is for, if the code is right.
pub async fn registration_of_link(db: &Db, link: &str) -> sqlx::Result<Option<i64>> {
    let Some((id, code)) = link.split_once('-') else { return Ok(None) };
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    let key = link_key(&mut *db.pool.acquire().await?).await?;
    Ok(same_code(&self::code(&key, id), code).then_some(id))
}

/// The links of registrations' sheets (after `/q/`): each id and its code, the key read
/// once.
pub async fn links_for(db: &Db, registrations: &[i64]) -> sqlx::Result<Vec<String>> {
    let key = link_key(&mut *db.pool.acquire().await?).await?;
    Ok(registrations.iter().map(|id| format!("{id}-{}", code(&key, *id))).collect())
}

/// The session a registration belongs to.
pub async fn session_of(db: &Db, registration_id: i64) -> Result<i64, AppError> {
    crate::checkin::store::session_of(db, registration_id).await?.ok_or(AppError::NotFound)
}

/// The session's participants by name for its sheets (`present_only`: those who came),
/// the read audited with the ids.
pub async fn participants(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    present_only: bool,
) -> Result<Vec<(i64, String)>, AppError> {
    let people = store::participants(db, session_id, present_only).await?;
    let ids = people.iter().map(|(id, _)| *id);
    crate::audit::store::log_list(db, user, "questionnaire sheets", "registrations", ids).await?;
    Ok(people)
}

/// Writes what an answer of a participant asks for: a wish for the next level (or its
/// withdrawal, when corrected), and an "interested" supporter record when they would like
/// to help and agreed to be contacted (audited; one record per person). `before` is the
/// same sheet as it was entered last time: a sheet entered again unchanged asks for
/// nothing again (a supporter record erased since is not made anew).
async fn follow_up(
    conn: &mut AnyConnection,
    attendance: &Attendance,
    answer: &Answer,
    before: Option<&Answer>,
    actor: Option<&CurrentUser>,
) -> sqlx::Result<()> {
    if before == Some(answer) {
        return Ok(());
    }
    if answer.next_level == Some(true) {
        let level = Level::from_code(&attendance.level).unwrap_or(Level::First).next();
        store::wish(conn, attendance.resident_id, level.code(), attendance.session_id).await?;
    } else {
        store::unwish(conn, attendance.resident_id, attendance.session_id).await?;
    }
    let asks = |a: &Answer| a.wants_to_help == Some(true) && a.contact_ok;
    if asks(answer) && !before.is_some_and(asks) {
        let at = crate::db::now();
        let made = crate::supporters::store::add_interested(
            conn,
            attendance.resident_id,
            "questionnaire",
            at,
        )
        .await?;
        if let Some(id) = made {
            let detail =
                format!("interested, from the questionnaire of session {}", attendance.session_id);
            record(
                &mut *conn,
                actor.map(Into::into),
                Action::Create,
                "supporter",
                &id.to_string(),
                Some(&detail),
            )
            .await?;
        }
    }
    Ok(())
}

/// Writes the session report's tallies from the answers; when the last answer went
/// (`had_answers`), the computed tallies go back to nothing.
async fn refresh_tallies(
    conn: &mut AnyConnection,
    session_id: i64,
    had_answers: bool,
) -> sqlx::Result<()> {
    match store::tallies(conn, session_id).await? {
        Some(tallies) => {
            crate::session_reports::store::set_tallies(conn, session_id, tallies).await
        }
        None if had_answers => crate::session_reports::store::reset_tallies(conn, session_id).await,
        None => Ok(()),
    }
}

/// What entering the sheets came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entered {
    /// This many sheets are now entered from paper.
    Saved(usize),
    /// The session report is finalised: nothing is written.
    Locked,
}

/// Replaces the session's sheets entered from paper with `sheets`: `(registration, answer)`
/// for a numbered sheet, `(None, answer)` for an anonymous one. Blank sheets are skipped,
/// and so is a numbered sheet of someone who is not a confirmed place of this session or
/// answered by phone already.
pub async fn enter_paper(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
    sheets: &[(Option<i64>, Answer)],
) -> Result<Entered, AppError> {
    let mut tx = db.begin().await?;
    crate::sessions::store::lock(&mut tx, session_id).await?;
    if crate::session_reports::store::finalised_in(&mut tx, session_id).await? {
        return Ok(Entered::Locked);
    }
    let had_answers = store::tallies(&mut tx, session_id).await?.is_some();
    let before = store::paper_answers(&mut tx, session_id).await?;
    store::rollup_session(&mut tx, session_id, -1).await?;
    store::delete_paper(&mut tx, session_id).await?;
    // Sheets of someone no longer on the form (their record erased, or their check-in
    // undone) are kept as they were: saving the form changes no figure of theirs.
    let mut saved = 0;
    for (registration, answer) in &before {
        let present = store::attendance(&mut tx, *registration).await?.is_some_and(|a| a.present());
        if !present {
            store::insert(&mut tx, session_id, Some(*registration), false, answer, Some(user.id))
                .await?;
            saved += 1;
        }
    }
    for (registration, answer) in sheets {
        // A numbered sheet belongs to someone who came and whose record is not erased.
        let attendance = match registration {
            Some(id) => match store::attendance(&mut tx, *id).await? {
                Some(a) if a.session_id == session_id && a.present() => Some(a),
                _ => continue,
            },
            None => None,
        };
        if answer.is_blank() {
            // A sheet cleared on correction takes back the wish it made (not one an
            // answer by phone made, on a page opened before it came).
            if let (Some(a), Some(id)) = (&attendance, registration) {
                if !store::answered(&mut tx, *id).await? {
                    store::unwish(&mut tx, a.resident_id, session_id).await?;
                }
            }
            continue;
        }
        if store::insert(&mut tx, session_id, *registration, false, answer, Some(user.id))
            .await?
            .is_none()
        {
            continue;
        }
        saved += 1;
        if let (Some(attendance), Some(id)) = (attendance, registration) {
            let previous = before.iter().find(|(r, _)| r == id).map(|(_, a)| a);
            follow_up(&mut tx, &attendance, answer, previous, Some(user)).await?;
        }
    }
    store::rollup_session(&mut tx, session_id, 1).await?;
    refresh_tallies(&mut tx, session_id, had_answers).await?;
    let detail = format!("questionnaires entered: {saved} sheets");
    log(&mut *tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(Entered::Saved(saved))
}

/// What a phone answer came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneAnswered {
    Saved,
    /// This attendance has an answer already.
    Already,
    /// Not open: see [`phone_open`].
    Closed,
}

/// Whether a registration's participant may answer by phone now: they came (and their
/// record is not erased), the session has begun, not more than [`PHONE_DAYS`] ago, and
/// its report is not finalised (finalised figures do not change; an admin's reopening
/// opens the questionnaire again).
async fn phone_open(
    conn: &mut AnyConnection,
    attendance: &Attendance,
    at: i64,
) -> sqlx::Result<bool> {
    Ok(attendance.present()
        && attendance.starts_at <= at
        && at <= attendance.starts_at + PHONE_DAYS * 86_400
        && !crate::session_reports::store::finalised_in(conn, attendance.session_id).await?)
}

/// The session of a registration, and where its phone answer stands.
pub async fn phone_state(
    db: &Db,
    registration_id: i64,
) -> Result<(i64, super::PhoneState), AppError> {
    let mut conn = db.pool.acquire().await?;
    let attendance =
        store::attendance(&mut conn, registration_id).await?.ok_or(AppError::NotFound)?;
    let state = if store::answered(&mut conn, registration_id).await? {
        super::PhoneState::Answered
    } else if phone_open(&mut conn, &attendance, crate::db::now()).await? {
        super::PhoneState::Open
    } else {
        super::PhoneState::Closed
    };
    Ok((attendance.session_id, state))
}

/// A participant's answer from their own phone, once per attendance; audited with no
/// actor (the participant has no account).
pub async fn answer_by_phone(
    db: &Db,
    registration_id: i64,
    answer: &Answer,
) -> Result<PhoneAnswered, AppError> {
    let mut tx = db.begin().await?;
    let attendance =
        store::attendance(&mut tx, registration_id).await?.ok_or(AppError::NotFound)?;
    crate::sessions::store::lock(&mut tx, attendance.session_id).await?;
    if !phone_open(&mut tx, &attendance, crate::db::now()).await? {
        return Ok(PhoneAnswered::Closed);
    }
    store::rollup_session(&mut tx, attendance.session_id, -1).await?;
    let Some(id) =
        store::insert(&mut tx, attendance.session_id, Some(registration_id), true, answer, None)
            .await?
    else {
        return Ok(PhoneAnswered::Already);
    };
    store::rollup_session(&mut tx, attendance.session_id, 1).await?;
    follow_up(&mut tx, &attendance, answer, None, None).await?;
    refresh_tallies(&mut tx, attendance.session_id, true).await?;
    let detail = format!("answered by phone, session {}", attendance.session_id);
    record(&mut *tx, None, Action::Create, "questionnaire", &id.to_string(), Some(&detail)).await?;
    tx.commit().await?;
    Ok(PhoneAnswered::Saved)
}

/// Invites everyone who asked for this session's level on a questionnaire and has not been
/// invited yet: a notice by each one's channel (email, call list or letter), each person
/// once per level. Returns how many were invited; 0 when the session is past or cancelled
/// (checked after the session's row is locked, so a cancel cannot slip in between).
pub async fn invite_next_level(
    db: &Db,
    user: &CurrentUser,
    session_id: i64,
) -> Result<usize, AppError> {
    let mut tx = db.begin().await?;
    crate::sessions::store::lock(&mut tx, session_id).await?;
    let (level, open) =
        store::level_of(&mut tx, session_id, crate::db::now()).await?.ok_or(AppError::NotFound)?;
    if !open {
        return Ok(0);
    }
    let people = store::claim_wishes(&mut tx, &level, session_id).await?;
    for resident in &people {
        crate::notify::store::enqueue_invitation(&mut tx, *resident, session_id).await?;
    }
    let detail = format!("next-level invitations: {}", people.len());
    log(&mut *tx, user, Action::Update, "session", session_id, Some(&detail)).await?;
    tx.commit().await?;
    Ok(people.len())
}

/// How many are waiting for an invitation to a session of this one's level, while it is
/// still to come.
pub async fn waiting_for(db: &Db, session_id: i64) -> Result<usize, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (level, open) = store::level_of(&mut conn, session_id, crate::db::now())
        .await?
        .ok_or(AppError::NotFound)?;
    if !open {
        return Ok(0);
    }
    Ok(store::waiting_for(&mut conn, &level, session_id).await?.try_into().unwrap_or(0))
}
