//! Server functions of questionnaires. The printout and the entry form are for whoever may
//! run the session's check-in (the same people as its report), every read of names
//! audited. The phone page needs no sign-in: the link's keyed code is the key, and it shows
//! only the session and its questions.

use super::{Entry, PhonePage, Printout};
#[cfg(feature = "ssr")]
use super::{EntryRow, Sheet};
use crate::error::AppError;
use leptos::prelude::*;

/// How many blank sheets the printout ends with, for walk-ins.
pub const BLANK_SHEETS: usize = 3;

/// The site's address for the links printed on the sheets: `PUBLIC_URL`, else the address
/// this request came to.
#[cfg(feature = "ssr")]
fn site_address() -> String {
    let configured =
        crate::web::app_state().map(|s| s.config.public_url.clone()).unwrap_or_default();
    if !configured.is_empty() {
        return configured.trim_end_matches('/').to_string();
    }
    let host = use_context::<http::request::Parts>()
        .and_then(|p| {
            p.headers.get(http::header::HOST).and_then(|h| h.to_str().ok()).map(str::to_string)
        })
        .unwrap_or_else(|| "localhost".to_string());
    format!("http://{host}")
}

/// For the staff's loaders: the caller, who must be one who may run the session's
/// check-in, the database, and the session's questions.
#[cfg(feature = "ssr")]
async fn checked_questions(
    session_id: i64,
) -> Result<(crate::auth::CurrentUser, crate::db::Db, super::Questions), AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::web::db()?;
    crate::assignments::rules::require_check_in(&db, &user, session_id)
        .await
        .map_err(AppError::respond)?;
    let questions = super::store::questions(&db, session_id)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    Ok((user, db, questions))
}

#[server(endpoint = "questionnaires/print")]
pub async fn load_printout(session_id: i64) -> Result<Printout, AppError> {
    let (user, db, questions) = checked_questions(session_id).await?;
    let people = super::ops::participants(&db, &user, session_id, false).await?;
    let site = site_address();
    let ids: Vec<i64> = people.iter().map(|(id, _)| *id).collect();
    let links = super::ops::links_for(&db, &ids).await?;
    let mut sheets: Vec<Sheet> = people
        .into_iter()
        .zip(links)
        .map(|((registration, name), link)| {
            let link = format!("{site}/q/{link}");
            Sheet { number: Some(registration), name, qr_svg: super::qr::svg(&link), link }
        })
        .collect();
    sheets.extend((0..BLANK_SHEETS).map(|_| Sheet {
        number: None,
        name: String::new(),
        link: String::new(),
        qr_svg: String::new(),
    }));
    Ok(Printout { questions, sheets })
}

#[server(endpoint = "questionnaires/entry")]
pub async fn load_entry(session_id: i64) -> Result<Entry, AppError> {
    let (user, db, questions) = checked_questions(session_id).await?;
    let people = super::ops::participants(&db, &user, session_id, true).await?;
    let stored = super::store::answers(&db, session_id).await?;
    let mut rows: Vec<EntryRow> = people
        .into_iter()
        .map(|(registration, name)| {
            let found = stored.iter().find(|s| s.registration_id == Some(registration));
            EntryRow {
                registration_id: Some(registration),
                name,
                answer: found.map(|s| s.answer.clone()).unwrap_or_default(),
                by_phone: found.is_some_and(|s| s.by_phone),
            }
        })
        .collect();
    let anonymous: Vec<EntryRow> = stored
        .into_iter()
        .filter(|s| s.registration_id.is_none())
        .map(|s| EntryRow {
            registration_id: None,
            name: String::new(),
            answer: s.answer,
            by_phone: false,
        })
        .collect();
    let blank = BLANK_SHEETS.max(anonymous.len() + 2) - anonymous.len();
    rows.extend(anonymous);
    rows.extend((0..blank).map(|_| EntryRow {
        registration_id: None,
        name: String::new(),
        answer: Default::default(),
        by_phone: false,
    }));
    let locked = crate::session_reports::store::is_finalised(&db, session_id).await?;
    Ok(Entry { questions, rows, locked })
}

/// The questions behind a sheet's link, and whether it can still be answered. An unknown
/// or made-up link is "not found", like any other.
#[server(endpoint = "public/questionnaire")]
pub async fn load_phone_page(link: String) -> Result<PhonePage, AppError> {
    let db = crate::web::db()?;
    let registration = super::ops::registration_of_link(&db, &link)
        .await?
        .ok_or_else(|| AppError::NotFound.respond())?;
    let (session, state) =
        super::ops::phone_state(&db, registration).await.map_err(AppError::respond)?;
    let questions =
        super::store::questions(&db, session).await?.ok_or_else(|| AppError::NotFound.respond())?;
    Ok(PhonePage { questions, state })
}

/// How many people asked for this session's level on a questionnaire and wait for an
/// invitation (staff and admins; a count, no names).
#[server(endpoint = "questionnaires/waiting")]
pub async fn load_waiting(session_id: i64) -> Result<usize, AppError> {
    crate::auth::require(crate::auth::Area::Residents)?;
    let db = crate::web::db()?;
    super::ops::waiting_for(&db, session_id).await.map_err(AppError::respond)
}
