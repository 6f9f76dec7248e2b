//! Form routes for partners, venues and topics (post/redirect/get). Admins only.

use super::store;
use super::{ListEntry, Partner, PartnerDetail, PartnerKind, RefList, VenueDetail};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::{Area, CurrentUser};
use crate::domain::PhoneNumber;
use crate::server::{error_page, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

fn admin(request: &RequestSession) -> Result<CurrentUser, StatusCode> {
    request
        .require(Area::Reference)
        .cloned()
        .map_err(|e| e.status())
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "reference data form failed");
    error_page(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A required short text.
fn name(fields: &Fields, feedback: &mut Feedback, field: &str, max: usize) -> String {
    let value = fields.one(field).to_string();
    if value.is_empty() {
        feedback.error(field, "required");
    } else if value.chars().count() > max {
        feedback.error(field, "too_long");
    }
    value
}

fn optional_text(fields: &Fields, feedback: &mut Feedback, field: &str, max: usize) -> String {
    let value = fields.one(field).to_string();
    if value.chars().count() > max {
        feedback.error(field, "text_too_long");
    }
    value
}

/// What was saved, and where the answer goes.
struct Saving<'a> {
    /// The audit record type.
    kind: &'a str,
    created: bool,
    /// The field that holds the name.
    name_field: &'a str,
    /// The form page, for errors.
    page: &'a str,
    /// Where to go after success.
    done: &'a str,
}

/// The answer to a save: audited and back to `done`, or the name-taken error on `page`.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    saving: Saving<'_>,
    saved: sqlx::Result<Option<i64>>,
    mut feedback: Feedback,
) -> Response {
    let Saving {
        kind,
        created,
        name_field,
        page,
        done,
    } = saving;
    let action = if created {
        Action::Create
    } else {
        Action::Update
    };
    match saved {
        Ok(Some(id)) => {
            match record(
                &state.db.pool,
                Some(user.into()),
                action,
                kind,
                &id.to_string(),
                None,
            )
            .await
            {
                Ok(()) => redirect_with_notice(done, "saved"),
                Err(e) => internal(e),
            }
        }
        Ok(None) => {
            feedback.error(name_field, "name_taken");
            feedback.redirect(page)
        }
        Err(e) => internal(e),
    }
}

/// `POST /forms/partners` and `POST /forms/partners/{id}`.
pub async fn save_partner(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    id: Option<Path<i64>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match admin(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let id = id.map(|Path(id)| id).unwrap_or(0);
    let page = if id == 0 {
        "/directory/partners/new".to_string()
    } else {
        format!("/directory/partners/{id}")
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let partner_name = name(&fields, &mut feedback, "name", 100);
    let kind = PartnerKind::from_code(fields.one("kind"));
    if kind.is_none() {
        feedback.error("kind", "choice_required");
    }
    let contact_name = optional_text(&fields, &mut feedback, "contact_name", 100);
    let phone = match fields.one("contact_phone") {
        "" => None,
        text => match PhoneNumber::parse(text) {
            Ok(p) => Some(p.digits().to_string()),
            Err(e) => {
                feedback.error("contact_phone", e.code);
                None
            }
        },
    };
    let notes = optional_text(&fields, &mut feedback, "notes", 2000);
    let Some(kind) = kind.filter(|_| !feedback.has_errors()) else {
        return feedback.redirect(&page);
    };
    let detail = PartnerDetail {
        partner: Partner {
            id,
            name: partner_name,
            kind,
            contact_name: (!contact_name.is_empty()).then_some(contact_name),
            contact_phone: phone,
        },
        notes,
    };
    let saved = store::save_partner(&state.db, &detail).await;
    let saving = Saving {
        kind: "partner",
        created: id == 0,
        name_field: "name",
        page: &page,
        done: "/directory",
    };
    answer(&state, &user, saving, saved, feedback).await
}

/// `POST /forms/venues` and `POST /forms/venues/{id}`.
pub async fn save_venue(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    id: Option<Path<i64>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match admin(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let id = id.map(|Path(id)| id).unwrap_or(0);
    let page = if id == 0 {
        "/directory/venues/new".to_string()
    } else {
        format!("/directory/venues/{id}")
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let venue_name = name(&fields, &mut feedback, "name", 100);
    let address = name(&fields, &mut feedback, "address", 200);
    let district_id = match fields.one("district_id") {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(d) => Some(d),
            Err(_) => {
                feedback.error("district_id", "choice_required");
                None
            }
        },
    };
    if let Some(d) = district_id {
        match store::districts(&state.db).await {
            Ok(list) if list.iter().any(|(id, _)| *id == d) => {}
            Ok(_) => feedback.error("district_id", "choice_required"),
            Err(e) => return internal(e),
        }
    }
    let capacity = match fields.one("capacity") {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=500).contains(&n) => Some(n),
            _ => {
                feedback.error("capacity", "capacity_invalid");
                None
            }
        },
    };
    let access_notes = optional_text(&fields, &mut feedback, "access_notes", 2000);
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let checked = |field: &str| fields.one(field) == "1";
    let detail = VenueDetail {
        id,
        name: venue_name,
        district_id,
        address,
        capacity,
        elevator: checked("elevator"),
        step_free: checked("step_free"),
        hearing_loop: checked("hearing_loop"),
        parking: checked("parking"),
        access_notes,
    };
    let saved = store::save_venue(&state.db, &detail).await;
    let saving = Saving {
        kind: "venue",
        created: id == 0,
        name_field: "name",
        page: &page,
        done: "/directory",
    };
    answer(&state, &user, saving, saved, feedback).await
}

/// `POST /forms/topics` and `POST /forms/topics/{id}`: add, rename, reorder, offer or not.
pub async fn save_topic(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    id: Option<Path<i64>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    save_entry(RefList::Topics, state, request, id, pairs).await
}

/// `POST /forms/procedures` and `POST /forms/procedures/{id}`: the same for procedures.
pub async fn save_procedure(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    id: Option<Path<i64>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    save_entry(RefList::Procedures, state, request, id, pairs).await
}

/// `POST /forms/course-units` and `POST /forms/course-units/{id}`: the supporter course.
pub async fn save_course_unit(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    id: Option<Path<i64>>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    save_entry(RefList::CourseUnits, state, request, id, pairs).await
}

async fn save_entry(
    list: RefList,
    state: AppState,
    request: RequestSession,
    id: Option<Path<i64>>,
    pairs: Vec<(String, String)>,
) -> Response {
    let user = match admin(&request) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let id = id.map(|Path(id)| id).unwrap_or(0);
    // Each entry's row has its own field names, so an error shows beside that row.
    let prefix = if id == 0 {
        String::new()
    } else {
        format!("topic-{id}-")
    };
    let (name_field, order_field) = (format!("{prefix}name"), format!("{prefix}sort_order"));
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let entry_name = name(&fields, &mut feedback, &name_field, 50);
    let sort_order = match fields.one(&order_field).parse::<i64>() {
        Ok(n) if (0..=999).contains(&n) => n,
        _ => {
            feedback.error(&order_field, "sort_order_invalid");
            0
        }
    };
    if feedback.has_errors() {
        return feedback.redirect(list.page());
    }
    let entry = ListEntry {
        id,
        name: entry_name,
        sort_order,
        active: id == 0 || fields.one(&format!("{prefix}active")) == "1",
    };
    let saved = store::save_entry(&state.db, list, &entry).await;
    let saving = Saving {
        kind: list.record_type(),
        created: id == 0,
        name_field: &name_field,
        page: list.page(),
        done: list.page(),
    };
    answer(&state, &user, saving, saved, feedback).await
}
