//! Form routes for paper-fallback support requests (post/redirect/get): record one, update
//! it, and the report as CSV. Requests are staff and admins' (`Area::Support`).

use super::store::{self, SupportInput};
use super::{Channel, Status, PROVIDED, REASONS};
use crate::audit::store::{record, Action};
use crate::auth::middleware::RequestSession;
use crate::auth::Area;
use crate::db::Db;
use crate::domain::{today_in_japan, AgeBand};
use crate::server::{error_page, form_user, internal_error, AppState};
use crate::ui::form::{redirect_with_notice, Feedback, Fields};
use axum::extract::{Extension, Path, Query, State};
use axum::response::Response;
use axum::Form;
use http::StatusCode;

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
                    feedback.error("resident_id", "resident_unknown");
                    None
                }
            },
            Err(_) => {
                feedback.error("resident_id", "resident_unknown");
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
                feedback.error("district_id", "invalid");
                None
            }
        }
        _ => None,
    };
    let today = today_in_japan();
    let requested_on = match fields.date(feedback, "requested_on") {
        Some(d) if d > today => {
            feedback.error("requested_on", "date_future");
            d
        }
        Some(d) => d,
        None => {
            if fields.one("requested_on").is_empty() {
                feedback.error("requested_on", "required");
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
        feedback.error("channel", "invalid");
        Channel::Counter
    });
    let procedure_other = fields.text(feedback, "procedure_other", 100);
    let procedure_id = match fields.one("procedure") {
        "other" => {
            if procedure_other.is_empty() {
                feedback.error("procedure_other", "other_required");
            }
            None
        }
        typed => match typed.parse::<i64>() {
            Ok(id) if store::procedure_exists(db, id).await? => Some(id),
            _ => {
                feedback.error("procedure", "procedure_required");
                None
            }
        },
    };
    let chosen = |name: &str, codes: &[&str]| -> Vec<String> {
        let posted = fields.all(name);
        codes
            .iter()
            .filter(|c| posted.contains(c))
            .map(|c| c.to_string())
            .collect()
    };
    let reasons = chosen("reason", &REASONS);
    let reason_other = fields.text(feedback, "reason_other", 200);
    if reasons.is_empty() && reason_other.is_empty() {
        feedback.error("reason", "reasons_required");
    }
    let provided = chosen("provided", &PROVIDED);
    let status = match Status::from_code(fields.one("status")) {
        Some(next) => match current {
            Some(now) if now != next && next == Status::Referred => {
                feedback.error("status", "status_referred");
                now
            }
            Some(now) if !now.may_become(next) => {
                feedback.error("status", "status_transition");
                now
            }
            None if next == Status::Referred => {
                feedback.error("status", "status_referred");
                Status::Open
            }
            _ => next,
        },
        None => {
            feedback.error("status", "invalid");
            current.unwrap_or(Status::Open)
        }
    };
    let follow_up = fields.date(feedback, "follow_up_on");
    if status.is_open() && follow_up.is_none() && fields.one("follow_up_on").is_empty() {
        feedback.error("follow_up_on", "follow_up_required");
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
        procedure_other: if procedure_id.is_none() {
            procedure_other
        } else {
            String::new()
        },
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
    Extension(request): Extension<RequestSession>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Support) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let page = match fields.one("resident_id").parse::<i64>() {
        Ok(id) if fields.one("fixed_resident") == "1" => format!("/support/new?resident={id}"),
        _ => "/support/new".to_string(),
    };
    let key = fields.one("key").to_string();
    if key.is_empty() || key.len() > 100 {
        return error_page(StatusCode::BAD_REQUEST);
    }
    let input = match parse(&state.db, &fields, &mut feedback, None).await {
        Ok(input) => input,
        Err(e) => return internal_error(e),
    };
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let (id, new) = store::insert(&mut tx, &input, user.id, &key).await?;
        if let Some(resident) = input.resident_id {
            crate::reach::store::refresh_person(&mut tx, resident).await?;
        }
        if new {
            let detail = input.resident_id.map(|r| format!("resident {r}"));
            record(
                &mut *tx,
                Some((&user).into()),
                Action::Create,
                "support_request",
                &id.to_string(),
                detail.as_deref(),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(id)
    }
    .await;
    match result {
        Ok(id) => redirect_with_notice(&format!("/support/{id}"), "support_saved"),
        Err(e) => internal_error(e),
    }
}

/// `POST /forms/support/{id}`: saves changes, moving the status forward only.
pub async fn update(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let user = match form_user(&request, Area::Support) {
        Ok(u) => u,
        Err(status) => return error_page(status),
    };
    let current = match store::status_of(&state.db, id).await {
        Ok(Some(s)) => s,
        Ok(None) => return error_page(StatusCode::NOT_FOUND),
        Err(e) => return internal_error(e),
    };
    let fields = Fields(pairs);
    let mut feedback = Feedback::new();
    fields.keep_all(&mut feedback);
    let page = format!("/support/{id}");
    let input = match parse(&state.db, &fields, &mut feedback, Some(current)).await {
        Ok(input) => input,
        Err(e) => return internal_error(e),
    };
    if feedback.has_errors() {
        return feedback.redirect(&format!("{page}#edit"));
    }
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let (saved, resident) = store::update(&mut tx, id, current.0, &input).await?;
        if !saved {
            return Ok(false);
        }
        if let Some(resident) = resident {
            crate::reach::store::refresh_person(&mut tx, resident).await?;
        }
        let detail = format!("status {}", input.status.code());
        record(
            &mut *tx,
            Some((&user).into()),
            Action::Update,
            "support_request",
            &id.to_string(),
            Some(&detail),
        )
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(true)
    }
    .await;
    match result {
        Ok(true) => redirect_with_notice(&page, "support_saved"),
        Ok(false) => {
            // Its status changed meanwhile (a workshop was booked): show it as it is now.
            feedback.error("status", "status_transition");
            feedback.redirect(&format!("{page}#edit"))
        }
        Err(e) => internal_error(e),
    }
}

#[derive(serde::Deserialize)]
pub struct ReportQuery {
    #[serde(default)]
    fy: String,
}

/// `GET /support/report.csv?fy=2025`: the report's tables in the reader's language.
pub async fn report_csv(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Query(query): Query<ReportQuery>,
) -> Response {
    if let Err(status) = form_user(&request, Area::Reports) {
        return error_page(status);
    }
    let fy = crate::domain::FiscalYear::chosen(query.fy.trim().parse().ok());
    let report = match store::report(&state.db, fy).await {
        Ok(r) => r,
        Err(e) => return internal_error(e),
    };
    let m = request.locale.messages();
    let s = m.support;
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec![s.procedure.to_string()];
    header.extend(
        [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
            .map(|n| crate::i18n::fill(s.report_month, &[("n", &n.to_string())])),
    );
    header.extend([s.report_requests, s.report_people, s.report_minutes].map(String::from));
    rows.push(header);
    let figures = |name: String, f: &super::ProcedureFigures| {
        std::iter::once(name)
            .chain(f.per_month.iter().map(i64::to_string))
            .chain([f.requests, f.people, f.minutes].map(|n| n.to_string()))
            .collect::<Vec<String>>()
    };
    rows.extend(report.procedures.iter().map(|p| figures(p.name(m), p)));
    rows.push(figures(s.report_total.to_string(), &report.total));
    let mut table = |title: &str, pairs: Vec<(String, i64)>| {
        rows.push(Vec::new());
        rows.push(vec![title.to_string(), s.report_requests.to_string()]);
        rows.extend(
            pairs
                .into_iter()
                .map(|(label, n)| vec![label, n.to_string()]),
        );
    };
    table(
        s.report_reasons,
        report
            .reasons
            .iter()
            .map(|(c, n)| (super::reason_label(m, c).to_string(), *n))
            .collect(),
    );
    table(
        s.report_provided,
        report
            .provided
            .iter()
            .map(|(c, n)| (super::provided_label(m, c).to_string(), *n))
            .collect(),
    );
    table(
        s.report_outcomes,
        report
            .outcomes
            .iter()
            .map(|(st, n)| (st.label(m).to_string(), *n))
            .collect(),
    );
    crate::export::csv_download(&format!("support-{}.csv", fy.start_year()), &rows)
}
