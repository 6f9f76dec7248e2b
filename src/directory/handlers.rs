//! Form routes for partners, venues and topics (post/redirect/get). Admins only.

use super::{ops, store};
use super::{ListEntry, Partner, PartnerDetail, PartnerKind, RefList, VenueDetail};
use crate::auth::Area;
use crate::domain::PhoneNumber;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Form;

/// A required short text.
fn name(fields: &Fields, feedback: &mut Feedback, field: &str, max: usize) -> String {
    let value = fields.one(field).to_string();
    if value.is_empty() {
        feedback.error(field, ErrorCode::Required);
    } else if value.chars().count() > max {
        feedback.error(field, ErrorCode::TooLong);
    }
    value
}

fn optional_text(fields: &Fields, feedback: &mut Feedback, field: &str, max: usize) -> String {
    let value = fields.one(field).to_string();
    if value.chars().count() > max {
        feedback.error(field, ErrorCode::TextTooLong);
    }
    value
}

/// The answer to a save: back to `done`, or the name-taken error beside `name_field` on
/// `page` when the name belongs to another row.
fn answer(
    saved: Option<i64>,
    name_field: &str,
    page: &str,
    done: &str,
    mut feedback: Feedback,
) -> Response {
    match saved {
        Some(_) => redirect_with_notice(done, NoticeCode::Saved),
        None => {
            feedback.error(name_field, ErrorCode::NameTaken);
            feedback.redirect(page)
        }
    }
}

/// `POST /forms/partners` and `POST /forms/partners/{id}`.
pub async fn save_partner(
    State(state): State<AppState>,
    request: Caller,
    id: Option<Path<i64>>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::DirectoryEdit)?;
    let id = id.map(|Path(id)| id).unwrap_or(0);
    let page = if id == 0 {
        "/directory/partners/new".to_string()
    } else {
        format!("/directory/partners/{id}")
    };
    let partner_name = name(&fields, &mut feedback, "name", 100);
    let kind = PartnerKind::from_code(fields.one("kind"));
    if kind.is_none() {
        feedback.error("kind", ErrorCode::ChoiceRequired);
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
        return Ok(feedback.redirect(&page));
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
    let saved = ops::save_partner(&state.db, &user, &detail).await?;
    Ok(answer(saved, "name", &page, "/directory", feedback))
}

/// `POST /forms/venues` and `POST /forms/venues/{id}`.
pub async fn save_venue(
    State(state): State<AppState>,
    request: Caller,
    id: Option<Path<i64>>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::DirectoryEdit)?;
    let id = id.map(|Path(id)| id).unwrap_or(0);
    let page = if id == 0 {
        "/directory/venues/new".to_string()
    } else {
        format!("/directory/venues/{id}")
    };
    let venue_name = name(&fields, &mut feedback, "name", 100);
    let address = name(&fields, &mut feedback, "address", 200);
    let district_id = match fields.one("district_id") {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(d) => Some(d),
            Err(_) => {
                feedback.error("district_id", ErrorCode::ChoiceRequired);
                None
            }
        },
    };
    if let Some(d) = district_id {
        let list = store::districts(&state.db).await?;
        if !list.iter().any(|(id, _)| *id == d) {
            feedback.error("district_id", ErrorCode::ChoiceRequired);
        }
    }
    let capacity = match fields.one("capacity") {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(n) if (1..=500).contains(&n) => Some(n),
            _ => {
                feedback.error("capacity", ErrorCode::CapacityInvalid);
                None
            }
        },
    };
    let access_notes = optional_text(&fields, &mut feedback, "access_notes", 2000);
    let name_reading = optional_text(&fields, &mut feedback, "name_reading", 100);
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let checked = |field: &str| fields.one(field) == "1";
    let detail = VenueDetail {
        id,
        name: venue_name,
        name_reading,
        district_id,
        address,
        capacity,
        elevator: checked("elevator"),
        step_free: checked("step_free"),
        hearing_loop: checked("hearing_loop"),
        parking: checked("parking"),
        access_notes,
    };
    let saved = ops::save_venue(&state.db, &user, &detail).await?;
    Ok(answer(saved, "name", &page, "/directory", feedback))
}

/// `POST /forms/topics`, `/forms/procedures`, `/forms/course-units` (the supporter
/// course), `/forms/districts` (the city's districts), each also with `/{id}`: add, rename,
/// reorder, offer or not an entry of that list.
async fn save_entry(
    list: RefList,
    state: AppState,
    request: Caller,
    id: Option<Path<i64>>,
    pairs: Vec<(String, String)>,
) -> Result<Response, AppError> {
    let user = request.require(Area::DirectoryEdit)?;
    let id = id.map(|Path(id)| id).unwrap_or(0);
    // Each entry's row has its own field names, so an error shows beside that row.
    let prefix = if id == 0 { String::new() } else { format!("topic-{id}-") };
    let (name_field, order_field) = (format!("{prefix}name"), format!("{prefix}sort_order"));
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let entry_name = name(&fields, &mut feedback, &name_field, 50);
    let sort_order = match fields.one(&order_field).parse::<i64>() {
        Ok(n) if (0..=999).contains(&n) => n,
        _ => {
            feedback.error(&order_field, ErrorCode::SortOrderInvalid);
            0
        }
    };
    if feedback.has_errors() {
        return Ok(feedback.redirect(list.page()));
    }
    let entry = ListEntry {
        id,
        name: entry_name,
        sort_order,
        active: id == 0 || fields.one(&format!("{prefix}active")) == "1",
    };
    let saved = ops::save_entry(&state.db, &user, list, &entry).await?;
    Ok(answer(saved, &name_field, list.page(), list.page(), feedback))
}

/// `POST /forms/partners/{id}/calendar`: subscribe the partner to `url` (sessions it adds
/// teach `topic` with `capacity` seats); an empty `url` ends the subscription.
pub async fn save_calendar(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::DirectoryEdit)?;
    if !store::partner_exists(&state.db, id).await? {
        return Err(AppError::NotFound);
    }
    let page = format!("/directory/partners/{id}");
    let url = fields.one("url").trim().to_string();
    if url.is_empty() {
        ops::save_calendar(&state.db, &user, id, None).await?;
        return Ok(redirect_with_notice(&page, NoticeCode::Saved));
    }
    let web = url::Url::parse(&url)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    if web.is_none() || url.chars().count() > 500 {
        feedback.error("url", ErrorCode::UrlInvalid);
    }
    let topics = store::entries(&state.db, RefList::Topics).await?;
    let topic = fields.one("topic").parse::<i64>().ok();
    let topic = topic.filter(|t| topics.iter().any(|x| x.id == *t && x.active));
    if topic.is_none() {
        feedback.error("topic", ErrorCode::ChoiceRequired);
    }
    let errors = feedback.errors().len();
    let capacity = fields.count_up_to(&mut feedback, "capacity", 500, ErrorCode::CapacityInvalid);
    if capacity < 1 && feedback.errors().len() == errors {
        feedback.error("capacity", ErrorCode::CapacityInvalid);
    }
    let Some(topic_id) = topic.filter(|_| !feedback.has_errors()) else {
        return Ok(feedback.redirect(&page));
    };
    let change = ops::CalendarChange { url, topic_id, capacity };
    ops::save_calendar(&state.db, &user, id, Some(&change)).await?;
    Ok(redirect_with_notice(&page, NoticeCode::Saved))
}

/// `POST /forms/partners/{id}/calendar/pull`: pull the partner's calendar within a minute.
pub async fn pull_calendar(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::DirectoryEdit)?;
    ops::pull_calendar_soon(&state.db, &user, id).await?;
    let page = format!("/directory/partners/{id}");
    Ok(redirect_with_notice(&page, NoticeCode::CalendarPullSoon))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    let routes = axum::Router::new()
        .route("/forms/partners", post(save_partner))
        .route("/forms/partners/{id}", post(save_partner))
        .route("/forms/partners/{id}/calendar", post(save_calendar))
        .route("/forms/partners/{id}/calendar/pull", post(pull_calendar))
        .route("/forms/venues", post(save_venue))
        .route("/forms/venues/{id}", post(save_venue));
    let lists = [
        (RefList::Topics, "/forms/topics"),
        (RefList::Procedures, "/forms/procedures"),
        (RefList::CourseUnits, "/forms/course-units"),
        (RefList::Districts, "/forms/districts"),
    ];
    lists.into_iter().fold(routes, |routes, (list, path)| {
        let save = move |State(state): State<AppState>,
                         request: Caller,
                         id: Option<Path<i64>>,
                         Form(pairs): Form<Vec<(String, String)>>| {
            save_entry(list, state, request, id, pairs)
        };
        routes.route(path, post(save)).route(&format!("{path}/{{id}}"), post(save))
    })
}
