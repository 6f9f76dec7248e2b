//! Form routes for paper-fallback support requests (post/redirect/get): record one, update
//! it, and the report as CSV. Requests are staff and admins' (`Area::Support`).

use super::store::{self, SupportInput};
use super::{ops, Channel, Status, PROVIDED, REASONS};
use crate::auth::Area;
use crate::db::Db;
use crate::domain::{today_in_japan, AgeBand};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, Query, State};
use axum::response::Response;

/// Checks the posted request. `current` is the stored status when editing (the resident
/// is then left as recorded); errors go into `feedback`.
async fn parse(
    db: &Db,
    fields: &Fields,
    feedback: &mut Feedback,
    current: Option<(Status, bool)>,
) -> sqlx::Result<SupportInput> {
    let resident = if current.is_none() {
        let typed = fields.one("resident_id");
        match typed.parse::<i64>() {
            _ if typed.is_empty() => None,
            Ok(id) => match crate::residents::store::get(db, id).await? {
                Some(r) if r.merged_into.is_none() => Some(r),
                _ => {
                    feedback.error("resident_id", ErrorCode::ResidentUnknown);
                    None
                }
            },
            Err(_) => {
                feedback.error("resident_id", ErrorCode::ResidentUnknown);
                None
            }
        }
    } else {
        None
    };
    let resident_id = resident.as_ref().map(|r| r.id);
    // A new request without a resident is anonymous; an edited one stays as recorded.
    let anonymous = match current {
        Some((_, anonymous)) => anonymous,
        None => resident_id.is_none(),
    };
    let current = current.map(|(status, _)| status);
    let age_band = AgeBand::from_code(fields.one("age_band"))
        .filter(|_| anonymous)
        .map(|b| b.code().to_string());
    let mut district_id = match fields.one("district_id").parse::<i64>() {
        Ok(id) if anonymous => {
            if crate::residents::store::district_exists(db, id).await? {
                Some(id)
            } else {
                feedback.error("district_id", ErrorCode::Invalid);
                None
            }
        }
        _ => None,
    };
    let today = today_in_japan();
    let requested_on = match fields.date(feedback, "requested_on") {
        Some(d) if d > today => {
            feedback.error("requested_on", ErrorCode::DateFuture);
            d
        }
        Some(d) => d,
        None => {
            if fields.one("requested_on").is_empty() {
                feedback.error("requested_on", ErrorCode::Required);
            }
            today
        }
    };
    // A resident's request keeps their age band (in that fiscal year) and district, as
    // reports group by them even after the resident is erased.
    let age_band = match &resident {
        Some(r) => crate::reach::store::band_of(
            r.birth_year.map(i64::from),
            None,
            crate::domain::FiscalYear::of(requested_on),
        ),
        None => age_band,
    };
    if let Some(r) = &resident {
        district_id = r.district_id;
    }
    let channel = Channel::from_code(fields.one("channel")).unwrap_or_else(|| {
        feedback.error("channel", ErrorCode::Invalid);
        Channel::Counter
    });
    let procedure_other = fields.text(feedback, "procedure_other", 100);
    let procedure_id = match fields.one("procedure") {
        "other" => {
            if procedure_other.is_empty() {
                feedback.error("procedure_other", ErrorCode::OtherRequired);
            }
            None
        }
        typed => match typed.parse::<i64>() {
            Ok(id) if store::procedure_exists(db, id).await? => Some(id),
            _ => {
                feedback.error("procedure", ErrorCode::ProcedureRequired);
                None
            }
        },
    };
    let chosen = |name: &str, codes: &[&str]| -> Vec<String> {
        let posted = fields.all(name);
        codes.iter().filter(|c| posted.contains(c)).map(|c| c.to_string()).collect()
    };
    let reasons = chosen("reason", &REASONS);
    let reason_other = fields.text(feedback, "reason_other", 200);
    if reasons.is_empty() && reason_other.is_empty() {
        feedback.error("reason", ErrorCode::ReasonsRequired);
    }
    let provided = chosen("provided", &PROVIDED);
    let status = match Status::from_code(fields.one("status")) {
        Some(next) => match current {
            Some(now) if now != next && next == Status::Referred => {
                feedback.error("status", ErrorCode::StatusReferred);
                now
            }
            Some(now) if !now.may_become(next) => {
                feedback.error("status", ErrorCode::StatusTransition);
                now
            }
            None if next == Status::Referred => {
                feedback.error("status", ErrorCode::StatusReferred);
                Status::Open
            }
            _ => next,
        },
        None => {
            feedback.error("status", ErrorCode::Invalid);
            current.unwrap_or(Status::Open)
        }
    };
    let follow_up = fields.date(feedback, "follow_up_on");
    if status.is_open() && follow_up.is_none() && fields.one("follow_up_on").is_empty() {
        feedback.error("follow_up_on", ErrorCode::FollowUpRequired);
    }
    let minutes = fields.count(feedback, "minutes", 600);
    let notes = fields.text(feedback, "notes", 2000);
    Ok(SupportInput {
        resident_id,
        age_band,
        district_id,
        requested_on: requested_on.format("%Y-%m-%d").to_string(),
        channel,
        procedure_id,
        procedure_other: if procedure_id.is_none() { procedure_other } else { String::new() },
        reasons,
        reason_other,
        provided,
        status,
        follow_up_on: follow_up
            .filter(|_| status.is_open())
            .map(|d| d.format("%Y-%m-%d").to_string()),
        minutes,
        notes,
    })
}

/// `POST /forms/support`: records a request, then shows it.
pub async fn create(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Support)?;
    let page = match fields.one("resident_id").parse::<i64>() {
        Ok(id) if fields.one("fixed_resident") == "1" => format!("/support/new?resident={id}"),
        _ => "/support/new".to_string(),
    };
    let key = fields.one("key").to_string();
    if key.is_empty() || key.len() > 100 {
        return Err(AppError::BadRequest);
    }
    let input = parse(&state.db, &fields, &mut feedback, None).await?;
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let id = ops::create(&state.db, &user, &input, &key).await?;
    Ok(redirect_with_notice(&format!("/support/{id}"), NoticeCode::SupportSaved))
}

/// `POST /forms/support/{id}`: saves changes, moving the status forward only.
pub async fn update(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Support)?;
    let current = store::status_of(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let page = format!("/support/{id}");
    let input = parse(&state.db, &fields, &mut feedback, Some(current)).await?;
    if feedback.has_errors() {
        return Ok(feedback.redirect(&format!("{page}#edit")));
    }
    if ops::update(&state.db, &user, id, current.0, &input).await? {
        Ok(redirect_with_notice(&page, NoticeCode::SupportSaved))
    } else {
        // Its status changed meanwhile (a workshop was booked): show it as it is now.
        feedback.error("status", ErrorCode::StatusTransition);
        Ok(feedback.redirect(&format!("{page}#edit")))
    }
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    fy: String,
    #[serde(default)]
    publish: String,
}

/// `GET /support/report.csv?fy=2025` (`&publish=1` as published): the page's tables in the
/// reader's language, each after a blank line.
pub async fn report_csv(
    State(state): State<AppState>,
    request: Caller,
    Query(query): Query<ReportQuery>,
) -> Result<Response, AppError> {
    request.require(Area::Reports)?;
    let fy = crate::domain::FiscalYear::chosen(query.fy.trim().parse().ok());
    let threshold = state.config.publish_threshold;
    let publish = query.publish == "1";
    let report = if publish {
        ops::published(&state.db, fy, threshold, request.locale).await?
    } else {
        let shown = crate::domain::Shown { publish: false, threshold };
        super::tables::view(&store::report(&state.db, fy).await?, request.locale.messages(), shown)
    };
    let mut rows: Vec<Vec<String>> = Vec::new();
    for table in &report.tables {
        if !rows.is_empty() {
            rows.push(Vec::new());
        }
        rows.extend(table.text_rows());
    }
    let suffix = if publish { "-publish" } else { "" };
    crate::export::csv_download(&format!("support-{}{suffix}.csv", fy.start_year()), &rows)
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/forms/support", post(create))
        .route("/forms/support/{id}", post(update))
        .route("/support/report.csv", get(report_csv))
}
