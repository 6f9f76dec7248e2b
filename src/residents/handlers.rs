//! Form routes for residents: register, edit, merge two records of one person, erase.

use super::input::{self, ResidentInput};
use super::{ops, store};
use crate::auth::{Area, Role};
use crate::domain::JAPAN;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Plain, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

use chrono::Datelike;

fn current_year() -> i32 {
    chrono::Utc::now().with_timezone(&JAPAN).year()
}

/// Checks the form and the district, and warns about possible duplicates unless the staff
/// member confirmed this is someone else. `None` means: redirect with the feedback.
async fn checked(
    state: &AppState,
    fields: &Fields,
    feedback: &mut Feedback,
    except: Option<i64>,
    consent_on_record: bool,
) -> Result<Option<ResidentInput>, AppError> {
    let parsed = input::parse(fields, feedback, current_year(), consent_on_record);
    let Some(input) = parsed else {
        return Ok(None);
    };
    if let Some(d) = input.district_id {
        if !store::district_exists(&state.db, d).await? {
            feedback.error("district_id", ErrorCode::Invalid);
        }
    }
    if fields.one("confirm_distinct") != "1" {
        let duplicates = store::possible_duplicates(&state.db, &input, except).await?;
        if !duplicates.is_empty() {
            feedback.error("confirm_distinct", ErrorCode::PossibleDuplicate);
            let ids: Vec<String> = duplicates.iter().map(|d| d.id.to_string()).collect();
            feedback.param("dup", &ids.join(","));
        }
    }
    Ok((!feedback.has_errors()).then_some(input))
}

/// `POST /forms/residents/from-search`: opens the new-resident form with what the staff
/// member searched for filled in, as a phone number (it has digits), a reading (it looks
/// like kana or romaji) or a name. It is kept on the server like a refused form's input, so
/// it never goes into an address.
pub async fn from_search(request: Caller, Posted(fields, _): Posted) -> Result<Response, AppError> {
    request.require(Area::Residents)?;
    let typed = fields.one("q");
    let field = if typed.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        "phone"
    } else if crate::domain::Kana::looks_like(typed) {
        "kana"
    } else {
        "name"
    };
    // Only the field it fills: `Posted` would also keep `q`, which the form has not.
    let mut feedback = Feedback::new();
    feedback.keep(field, typed);
    Ok(feedback.redirect("/residents/new"))
}

/// `POST /forms/residents`: registers a resident (consent required).
pub async fn create(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let Some(input) = checked(&state, &fields, &mut feedback, None, false).await? else {
        return Ok(feedback.redirect("/residents/new"));
    };
    let id = ops::create(&state.db, &user, &input).await?;
    Ok(redirect_with_notice(&format!("/residents/{id}"), NoticeCode::ResidentCreated))
}

/// `POST /forms/residents/{id}`: saves changes.
pub async fn update(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let current = match store::get(&state.db, id).await? {
        Some(r) if r.merged_into.is_none() && r.erased_at.is_none() => r,
        Some(r) if r.erased_at.is_some() => {
            feedback.error("record", ErrorCode::ErasedResident);
            return Ok(feedback.redirect(&format!("/residents/{id}")));
        }
        _ => return Err(AppError::NotFound),
    };
    let page = format!("/residents/{id}/edit");
    let consent_on_record = current.consent_at.is_some();
    let Some(input) = checked(&state, &fields, &mut feedback, Some(id), consent_on_record).await?
    else {
        return Ok(feedback.redirect(&page));
    };
    ops::update(&state.db, &user, id, &input).await?;
    Ok(redirect_with_notice(&format!("/residents/{id}"), NoticeCode::Saved))
}

#[derive(serde::Deserialize)]
pub struct MergeForm {
    #[serde(default)]
    into: String,
}

/// `POST /forms/residents/{id}/merge`: moves this record's registrations and history to
/// the record numbered `into`, which is kept.
pub async fn merge(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Plain(form): Plain<MergeForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let page = format!("/residents/{id}");
    let mut feedback = Feedback::new();
    feedback.keep("into", form.into.trim());
    let into = match form.into.trim().trim_start_matches('#').parse::<i64>() {
        Ok(into) if into != id => into,
        Ok(_) => {
            feedback.error("into", ErrorCode::MergeSelf);
            return Ok(feedback.redirect(&page));
        }
        Err(_) => {
            feedback.error("into", ErrorCode::MergeTargetInvalid);
            return Ok(feedback.redirect(&page));
        }
    };
    for record_id in [id, into] {
        match store::get(&state.db, record_id).await? {
            Some(r) if r.merged_into.is_none() && r.erased_at.is_none() => {}
            Some(r) if r.erased_at.is_some() => {
                feedback.error("into", ErrorCode::ErasedResident);
                return Ok(feedback.redirect(&page));
            }
            _ if record_id == id => return Err(AppError::NotFound),
            _ => {
                feedback.error("into", ErrorCode::MergeTargetInvalid);
                return Ok(feedback.redirect(&page));
            }
        }
    }
    if !ops::merge(&state.db, &user, id, into).await? {
        feedback.error("into", ErrorCode::MergeTargetInvalid);
        return Ok(feedback.redirect(&page));
    }
    Ok(redirect_with_notice(&format!("/residents/{into}"), NoticeCode::ResidentsMerged))
}

#[derive(serde::Deserialize)]
pub struct EraseForm {
    #[serde(default)]
    confirm: String,
}

/// `POST /forms/residents/{id}/erase`: admins erase a resident's personal data at their
/// request (audited); attendance and the figures stay.
pub async fn erase(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Plain(form): Plain<EraseForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let page = format!("/residents/{id}");
    match store::get(&state.db, id).await? {
        Some(r) if r.merged_into.is_none() => {}
        _ => return Err(AppError::NotFound),
    }
    if form.confirm != "1" {
        let mut feedback = Feedback::new();
        feedback.error("confirm", ErrorCode::EraseConfirm);
        return Ok(feedback.redirect(&format!("{page}#erase")));
    }
    if !ops::erase(&state.db, &user, id).await? {
        // Erased or merged by someone else meanwhile: nothing was done here.
        let mut feedback = Feedback::new();
        feedback.error("confirm", ErrorCode::ErasedResident);
        return Ok(feedback.redirect(&format!("{page}#erase")));
    }
    Ok(redirect_with_notice(&page, NoticeCode::ResidentErased))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/forms/residents", post(create))
        .route("/forms/residents/from-search", post(from_search))
        .route("/forms/residents/{id}", post(update))
        .route("/forms/residents/{id}/merge", post(merge))
        .route("/forms/residents/{id}/erase", post(erase))
}
