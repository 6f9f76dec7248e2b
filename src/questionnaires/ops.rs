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

/// The part of a sheet's link that proves it was printed by us: a keyed hash of the
/// registration, so a link cannot be made up for someone else's attendance.
pub async fn code_for(conn: &mut AnyConnection, registration_id: i64) -> sqlx::Result<String> {
    let secret = crate::seat_requests::store::secret(
        conn,
        "questionnaires",
        &crate::web::secret::new_token(),
    )
    .await?;
    let hash = crate::web::secret::hash_token(&format!("{secret}:{registration_id}"));
    Ok(hash[..10].to_string())
}

/// The registration a link `<id>-<code>` is for, if the code is right.
pub async fn registration_of_link(db: &Db, link: &str) -> sqlx::Result<Option<i64>> {
    let Some((id, code)) = link.split_once('-') else { return Ok(None) };
    let Ok(id) = id.parse::<i64>() else { return Ok(None) };
    let mut conn = db.pool.acquire().await?;
    let expected = code_for(&mut conn, id).await?;
    Ok((expected == code).then_some(id))
}

/// The link of a registration's sheet (after `/q/`): its id and its code.
pub async fn link_for(db: &Db, registration_id: i64) -> sqlx::Result<String> {
    let mut conn = db.pool.acquire().await?;
    Ok(format!("{registration_id}-{}", code_for(&mut conn, registration_id).await?))
}

/// The session a registration belongs to.
pub async fn session_of(db: &Db, registration_id: i64) -> Result<i64, AppError> {
    let mut conn = db.pool.acquire().await?;
    let attendance =
        store::attendance(&mut conn, registration_id).await?.ok_or(AppError::NotFound)?;
    Ok(attendance.session_id)
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
/// to help and agreed to be contacted (audited; one record per person).
async fn follow_up(
    conn: &mut AnyConnection,
    attendance: &Attendance,
    answer: &Answer,
    actor: Option<&CurrentUser>,
) -> sqlx::Result<()> {
    if answer.next_level == Some(true) {
        let level = Level::from_code(&attendance.level).unwrap_or(Level::First).next();
        store::wish(conn, attendance.resident_id, level.code(), attendance.session_id).await?;
    } else {
        store::unwish(conn, attendance.resident_id, attendance.session_id).await?;
    }
    if answer.wants_to_help == Some(true) && answer.contact_ok {
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

/// Writes the session report's tallies from the answers.
async fn refresh_tallies(conn: &mut AnyConnection, session_id: i64) -> sqlx::Result<()> {
    let tallies = store::tallies(conn, session_id).await?;
    crate::session_reports::store::set_tallies(conn, session_id, tallies).await
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
    store::delete_paper(&mut tx, session_id).await?;
    let mut saved = 0;
    for (registration, answer) in sheets {
        let attendance = match registration {
            Some(id) => match store::attendance(&mut tx, *id).await? {
                Some(a) if a.session_id == session_id && a.confirmed == 1 => Some(a),
                _ => continue,
            },
            None => None,
        };
        if answer.is_blank() {
            // A sheet cleared on correction takes back the wish it made.
            if let Some(a) = &attendance {
                store::unwish(&mut tx, a.resident_id, session_id).await?;
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
        if let Some(attendance) = attendance {
            follow_up(&mut tx, &attendance, answer, Some(user)).await?;
        }
    }
    refresh_tallies(&mut tx, session_id).await?;
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
    /// The session has not begun, was more than [`PHONE_DAYS`] ago, or the place is not
    /// confirmed.
    Closed,
}

/// Whether a registration's participant may answer by phone now.
pub fn phone_open(attendance: &Attendance, at: i64) -> bool {
    attendance.confirmed == 1
        && attendance.starts_at <= at
        && at <= attendance.starts_at + PHONE_DAYS * 86_400
}

/// Where the phone answer of a registration stands.
pub async fn phone_state(db: &Db, registration_id: i64) -> Result<super::PhoneState, AppError> {
    let mut conn = db.pool.acquire().await?;
    let attendance =
        store::attendance(&mut conn, registration_id).await?.ok_or(AppError::NotFound)?;
    Ok(if store::answered(&mut conn, registration_id).await? {
        super::PhoneState::Answered
    } else if phone_open(&attendance, crate::db::now()) {
        super::PhoneState::Open
    } else {
        super::PhoneState::Closed
    })
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
    if !phone_open(&attendance, crate::db::now()) {
        return Ok(PhoneAnswered::Closed);
    }
    let Some(id) =
        store::insert(&mut tx, attendance.session_id, Some(registration_id), true, answer, None)
            .await?
    else {
        return Ok(PhoneAnswered::Already);
    };
    follow_up(&mut tx, &attendance, answer, None).await?;
    refresh_tallies(&mut tx, attendance.session_id).await?;
    let detail = format!("answered by phone, session {}", attendance.session_id);
    record(&mut *tx, None, Action::Create, "questionnaire", &id.to_string(), Some(&detail)).await?;
    tx.commit().await?;
    Ok(PhoneAnswered::Saved)
}
