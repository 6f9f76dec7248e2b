//! Form routes for residents: register, edit, merge two records of one person.

use super::input::{self, ResidentInput};
use super::store;
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{Area, CurrentUser};
use crate::domain::JAPAN;
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use chrono::Datelike;
use http::StatusCode;

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
) -> Result<Option<ResidentInput>, Response> {
    let parsed = input::parse(fields, feedback, current_year(), consent_on_record);
    let Some(input) = parsed else {
        return Ok(None);
    };
    if let Some(d) = input.district_id {
        match store::district_exists(&state.db, d).await {
            Ok(true) => {}
            Ok(false) => feedback.error("district_id", "invalid"),
            Err(e) => return Err(internal_error(e)),
        }
    }
    if fields.one("confirm_distinct") != "1" {
        let duplicates = store::possible_duplicates(&state.db, &input, except)
            .await
            .map_err(internal_error)?;
        if !duplicates.is_empty() {
            feedback.error("confirm_distinct", "possible_duplicate");
            let ids: Vec<String> = duplicates.iter().map(|d| d.id.to_string()).collect();
            feedback.param("dup", &ids.join(","));
        }
    }
    Ok((!feedback.has_errors()).then_some(input))
}

async fn save(
    state: &AppState,
    user: &CurrentUser,
    id: Option<i64>,
    input: &ResidentInput,
) -> sqlx::Result<i64> {
    let mut tx = state.db.pool.begin().await?;
    let (id, action) = match id {
        Some(id) => {
            store::update(&mut tx, id, input, user.id).await?;
            (id, Action::Update)
        }
        None => (
            store::insert(&mut tx, input, user.id).await?,
            Action::Create,
        ),
    };
    record(
        &mut *tx,
        Some(user.into()),
        action,
        "resident",
        &id.to_string(),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// `POST /forms/residents`: registers a resident (consent required).
pub async fn create(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let input = match checked(&state, &fields, &mut feedback, None, false).await {
        Ok(Some(input)) => input,
        Ok(None) => return feedback.redirect("/residents/new"),
        Err(answer) => return answer,
    };
    match save(&state, &user, None, &input).await {
        Ok(id) => redirect_with_notice(&format!("/residents/{id}"), "resident_created"),
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/residents/{id}`: saves changes.
pub async fn update(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let current = match store::get(&state.db, id).await {
        Ok(Some(r)) if r.merged_into.is_none() => r,
        Ok(_) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    let page = format!("/residents/{id}/edit");
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let consent_on_record = current.consent_at.is_some();
    let input = match checked(&state, &fields, &mut feedback, Some(id), consent_on_record).await {
        Ok(Some(input)) => input,
        Ok(None) => return feedback.redirect(&page),
        Err(answer) => return answer,
    };
    match save(&state, &user, Some(id), &input).await {
        Ok(id) => redirect_with_notice(&format!("/residents/{id}"), "saved"),
        Err(e) => internal_error(e),
    }
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
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(form): Form<MergeForm>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let page = format!("/residents/{id}");
    let mut feedback = Feedback::new();
    feedback.keep("into", form.into.trim());
    let into = match form.into.trim().trim_start_matches('#').parse::<i64>() {
        Ok(into) if into != id => into,
        Ok(_) => {
            feedback.error("into", "merge_self");
            return feedback.redirect(&page);
        }
        Err(_) => {
            feedback.error("into", "merge_target_invalid");
            return feedback.redirect(&page);
        }
    };
    for record_id in [id, into] {
        match store::get(&state.db, record_id).await {
            Ok(Some(r)) if r.merged_into.is_none() => {}
            Ok(_) if record_id == id => return error_page(StatusCode::NOT_FOUND),
            Ok(_) => {
                feedback.error("into", "merge_target_invalid");
                return feedback.redirect(&page);
            }
            Err(e) => return internal_error(e),
        }
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let freed = store::merge(&mut tx, id, into, user.id).await?;
        for session_id in freed {
            crate::registrations::handlers::refill(&mut tx, session_id).await?;
        }
        let detail = format!("merged into {into}");
        record(
            &mut *tx,
            Some((&user).into()),
            Action::Merge,
            "resident",
            &id.to_string(),
            Some(&detail),
        )
        .await?;
        let detail = format!("merged from {id}");
        record(
            &mut *tx,
            Some((&user).into()),
            Action::Merge,
            "resident",
            &into.to_string(),
            Some(&detail),
        )
        .await?;
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&format!("/residents/{into}"), "residents_merged"),
        Err(e) => internal_error(e),
    }
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
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(form): Form<EraseForm>,
) -> Response {
    let user = match form_user(&request, Area::Residents) {
        Ok(u) if u.role == crate::auth::Role::Admin => u,
        Ok(_) => return error_page(StatusCode::FORBIDDEN),
        Err(status) => return error_page(status),
    };
    let page = format!("/residents/{id}");
    match store::get(&state.db, id).await {
        Ok(Some(r)) if r.merged_into.is_none() => {}
        Ok(_) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    }
    if form.confirm != "1" {
        let mut feedback = Feedback::new();
        feedback.error("confirm", "erase_confirm");
        return feedback.redirect(&format!("{page}#erase"));
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        if store::erase(&mut tx, id).await? {
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Update,
                "resident",
                &id.to_string(),
                Some("erased at the resident's request"),
            )
            .await?;
        }
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&page, "resident_erased"),
        Err(e) => internal_error(e),
    }
}
