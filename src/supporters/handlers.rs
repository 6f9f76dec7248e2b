//! Form routes for supporters (post/redirect/get): record and edit a supporter, move them
//! along the pipeline, tick course units, add credentials, the programme's settings, calls
//! made for reminders, assigning a suggested supporter to a session, and the register as
//! CSV. All are staff and admins' (`Area::Supporters`); every change is audited, by its
//! operation in [`super::ops`].

use super::ops;
use super::store::{self, Certificate, SupporterInput};
use super::{Credential, CredentialKind, Stage, StageContext, BASES, DAYS, HELP, TIMES};
use crate::auth::{Area, Role};
use crate::db::Db;
use crate::domain::{today_in_japan, Kana};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Fields, Plain, Posted};
use crate::web::{AppState, Caller};
use axum::extract::{Path, Query, State};
use axum::response::Response;

/// A mask of the `codes` ticked in the checkboxes called `name`.
fn mask(fields: &Fields, name: &str, codes: &[&str]) -> i64 {
    let ticked = fields.all(name);
    codes.iter().enumerate().filter(|(_, c)| ticked.contains(c)).map(|(i, _)| 1_i64 << i).sum()
}

/// An optional id chosen from a list; `check` says whether it exists.
async fn chosen_id(
    fields: &Fields,
    feedback: &mut Feedback,
    name: &str,
    check: impl std::future::Future<Output = sqlx::Result<Vec<i64>>>,
) -> sqlx::Result<Option<i64>> {
    let typed = fields.one(name);
    if typed.is_empty() {
        return Ok(None);
    }
    match typed.parse::<i64>() {
        Ok(id) if check.await?.contains(&id) => Ok(Some(id)),
        _ => {
            feedback.error(name, ErrorCode::Invalid);
            Ok(None)
        }
    }
}

/// Checks the posted supporter; `id` when editing.
async fn parse(
    db: &Db,
    fields: &Fields,
    feedback: &mut Feedback,
    id: Option<i64>,
) -> sqlx::Result<Option<SupporterInput>> {
    let name = fields.text(feedback, "name", 100);
    if name.is_empty() {
        feedback.error("name", ErrorCode::Required);
    }
    let kana = match Kana::parse(fields.one("kana")) {
        Ok(k) => Some(k),
        Err(e) => {
            feedback.error("kana", e.code);
            None
        }
    };
    let phone = crate::residents::input::phone(fields, feedback, "phone");
    let email = crate::residents::input::email(fields, feedback);
    let basis = fields.one("basis").to_string();
    if !BASES.contains(&basis.as_str()) {
        feedback.error("basis", ErrorCode::ChoiceRequired);
    }
    let adult_confirmed = fields.one("adult") == "1";
    if !adult_confirmed {
        feedback.error("adult", ErrorCode::AdultRequired);
    }
    let ticked = fields.all("help");
    let help: Vec<String> =
        HELP.iter().filter(|h| ticked.contains(h)).map(|h| h.to_string()).collect();
    let help_other = fields.text(feedback, "help_other", 200);
    let district_id = chosen_id(fields, feedback, "district_id", async {
        Ok(crate::directory::store::districts(db).await?.into_iter().map(|(id, _)| id).collect())
    })
    .await?;
    let partner_id = chosen_id(fields, feedback, "partner_id", async {
        Ok(crate::directory::store::partners(db).await?.into_iter().map(|p| p.id).collect())
    })
    .await?;
    let user_id = chosen_id(fields, feedback, "user_id", async {
        Ok(store::linkable_users(db, id).await?.into_iter().map(|(id, _)| id).collect())
    })
    .await?;
    let resident_id = match fields.one("resident_id") {
        "" => None,
        typed => match typed.parse::<i64>() {
            Ok(rid) => match crate::residents::store::get(db, rid).await? {
                Some(r) if r.merged_into.is_none() && r.erased_at.is_none() => Some(rid),
                _ => {
                    feedback.error("resident_id", ErrorCode::ResidentUnknown);
                    None
                }
            },
            Err(_) => {
                feedback.error("resident_id", ErrorCode::ResidentUnknown);
                None
            }
        },
    };
    let notes = fields.text(feedback, "notes", 2000);
    if feedback.has_errors() {
        return Ok(None);
    }
    Ok(kana.map(|kana| SupporterInput {
        name,
        kana,
        phone,
        email,
        basis,
        adult_confirmed,
        help,
        help_other,
        days: mask(fields, "day", &DAYS),
        times: mask(fields, "time", &TIMES),
        district_id,
        partner_id,
        resident_id,
        user_id,
        notes,
    }))
}

/// `POST /forms/supporters`: records someone interested in the programme.
pub async fn create(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    let Some(input) = parse(&state.db, &fields, &mut feedback, None).await? else {
        return Ok(feedback.redirect("/supporters/new"));
    };
    let id = ops::create(&state.db, &user, &input, today_in_japan()).await?;
    Ok(redirect_with_notice(&format!("/supporters/{id}"), NoticeCode::SupporterSaved))
}

/// The supporter as they are now (404 when there is no such supporter).
/// The supporter a form changes; an erased one is no longer there to change (404).
async fn current(db: &Db, id: i64) -> Result<super::Supporter, AppError> {
    store::get(db, id).await?.filter(|s| s.erased_at.is_none()).ok_or(AppError::NotFound)
}

/// `POST /forms/supporters/{id}/erase`: admins erase a supporter's personal data at their
/// request (audited); their stage, certificate date and hours stay.
pub async fn erase(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    current(&state.db, id).await?;
    let page = format!("/supporters/{id}");
    if fields.one("confirm") != "1" {
        feedback.error("confirm", ErrorCode::EraseConfirm);
        return Ok(feedback.redirect(&format!("{page}#erase")));
    }
    ops::erase(&state.db, &user, id).await?;
    Ok(redirect_with_notice(&page, NoticeCode::SupporterErased))
}

/// `POST /forms/supporters/{id}`: saves their details.
pub async fn update(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    current(&state.db, id).await?;
    let page = format!("/supporters/{id}");
    let Some(input) = parse(&state.db, &fields, &mut feedback, Some(id)).await? else {
        return Ok(feedback.redirect(&format!("{page}#edit")));
    };
    ops::update(&state.db, &user, id, &input).await?;
    Ok(redirect_with_notice(&page, NoticeCode::SupporterSaved))
}

/// `POST /forms/supporters/{id}/stage`: moves them along the pipeline; a refused move is
/// explained beside the field and nothing changes.
pub async fn stage(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    let supporter = current(&state.db, id).await?;
    let page = format!("/supporters/{id}");
    let units = store::units(&state.db, id).await?;
    let Some(to) = Stage::from_code(fields.one("stage")) else {
        feedback.error("stage", ErrorCode::ChoiceRequired);
        return Ok(feedback.redirect(&format!("{page}#stage-title")));
    };
    let number = fields.text(&mut feedback, "certificate_no", 50);
    let date = fields.date(&mut feedback, "certified_on");
    let note = fields.text(&mut feedback, "certificate_note", 500);
    let today = today_in_japan();
    if date.is_some_and(|d| d > today) {
        feedback.error("certified_on", ErrorCode::NotInFuture);
    }
    let certificate = match (to, date) {
        (Stage::Certified, Some(date)) if !number.is_empty() => {
            Some(Certificate { number, date, note })
        }
        (Stage::Certified, _) => {
            if number.is_empty() {
                feedback.error("certificate_no", ErrorCode::Required);
            }
            if fields.one("certified_on").is_empty() {
                feedback.error("certified_on", ErrorCode::Required);
            }
            None
        }
        _ => None,
    };
    let ctx = StageContext {
        units_done: units.iter().filter(|u| u.completed_on.is_some()).count(),
        units_total: units.len(),
        certified: supporter.certified_on.is_some(),
        certificate_given: certificate.is_some(),
    };
    if let Err(code) = supporter.stage.check(to, &ctx) {
        // A missing certificate is already said beside its fields.
        if code != ErrorCode::StageCertificateNeeded {
            feedback.error("stage", code);
        }
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(&format!("{page}#stage-title")));
    }
    let moved =
        ops::set_stage(&state.db, &user, id, supporter.stage, to, certificate.as_ref(), today)
            .await?;
    if !moved {
        // Someone else moved them meanwhile: the page shows where they are now.
        feedback.error("stage", ErrorCode::StageTransition);
        return Ok(feedback.redirect(&format!("{page}#stage-title")));
    }
    Ok(redirect_with_notice(&page, NoticeCode::SupporterStageSaved))
}

/// `POST /forms/supporters/{id}/units`: the course units done, while enrolled.
pub async fn units(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    let supporter = current(&state.db, id).await?;
    let page = format!("/supporters/{id}");
    if supporter.stage != Stage::Enrolled {
        feedback.error("unit", ErrorCode::UnitsNotEnrolled);
    }
    let today = today_in_japan();
    let on = fields.date(&mut feedback, "units_on").unwrap_or(today);
    if on > today {
        feedback.error("units_on", ErrorCode::NotInFuture);
    }
    let mut done: Vec<i64> = fields.all("unit").iter().filter_map(|u| u.parse().ok()).collect();
    done.sort_unstable();
    done.dedup();
    if feedback.has_errors() {
        return Ok(feedback.redirect(&format!("{page}#units")));
    }
    ops::set_units(&state.db, &user, id, &done, on).await?;
    Ok(redirect_with_notice(&page, NoticeCode::SupporterUnitsSaved))
}

/// The term of the デジタル推進委員 badge when no expiry is given.
const PROMOTER_TERM_DAYS: i64 = 365;

/// `POST /forms/supporters/{id}/credentials`: a local training or the デジタル推進委員 badge.
pub async fn credential(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    current(&state.db, id).await?;
    let page = format!("/supporters/{id}");
    let kind = CredentialKind::from_code(fields.one("kind"));
    if kind.is_none() {
        feedback.error("kind", ErrorCode::ChoiceRequired);
    }
    let mut name = fields.text(&mut feedback, "credential_name", 100);
    let earned = fields.date(&mut feedback, "earned_on");
    if earned.is_none() && fields.one("earned_on").is_empty() {
        feedback.error("earned_on", ErrorCode::Required);
    }
    if earned.is_some_and(|d| d > today_in_japan()) {
        feedback.error("earned_on", ErrorCode::NotInFuture);
    }
    let expires = fields.date(&mut feedback, "expires_on");
    if let (Some(e), Some(x)) = (earned, expires) {
        if x <= e {
            feedback.error("expires_on", ErrorCode::ExpiryBeforeEarned);
        }
    }
    let note = fields.text(&mut feedback, "credential_note", 500);
    match kind {
        Some(CredentialKind::LocalTraining) if name.is_empty() => {
            feedback.error("credential_name", ErrorCode::Required);
        }
        Some(CredentialKind::DigitalPromoter) if name.is_empty() => {
            name = "デジタル推進委員".to_string();
        }
        _ => {}
    }
    let (Some(kind), Some(earned), false) = (kind, earned, feedback.has_errors()) else {
        return Ok(feedback.redirect(&format!("{page}#credentials")));
    };
    let expires = match (kind, expires) {
        (_, Some(x)) => Some(x),
        (CredentialKind::DigitalPromoter, None) => {
            Some(earned + chrono::Duration::days(PROMOTER_TERM_DAYS))
        }
        (CredentialKind::LocalTraining, None) => None,
    };
    let credential = Credential {
        id: 0,
        kind,
        name,
        earned_on: earned.format("%Y-%m-%d").to_string(),
        expires_on: expires.map(|d| d.format("%Y-%m-%d").to_string()),
        note,
    };
    ops::add_credential(&state.db, &user, id, &credential).await?;
    Ok(redirect_with_notice(&page, NoticeCode::CredentialSaved))
}

/// `POST /forms/supporters/settings`: the programme's numbers (admins).
pub async fn settings(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    if user.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let stall_days = fields.count(&mut feedback, "stall_days", 365);
    let per_supporter = fields.count(&mut feedback, "per_supporter", 50);
    for (name, value) in [("stall_days", stall_days), ("per_supporter", per_supporter)] {
        if value == 0 && fields.one(name).is_empty() {
            feedback.error(name, ErrorCode::Required);
        } else if value == 0 {
            feedback.error(name, ErrorCode::CountInvalid);
        }
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect("/supporters#settings"));
    }
    ops::save_settings(&state.db, &user, stall_days, per_supporter).await?;
    Ok(redirect_with_notice("/supporters", NoticeCode::Saved))
}

/// `POST /forms/supporters/reminders/{id}/called`: staff made the reminder call.
pub async fn reminder_called(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    if !ops::reminder_called(&state.db, &user, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(redirect_with_notice("/supporters/reminders", NoticeCode::ReminderCalled))
}

#[derive(serde::Deserialize)]
pub struct AssignForm {
    #[serde(default)]
    supporter: String,
}

/// `POST /forms/sessions/{id}/supporters`: assigns a suggested supporter as an assistant
/// through their volunteer account.
pub async fn assign(
    State(state): State<AppState>,
    request: Caller,
    Path(session_id): Path<i64>,
    Plain(form): Plain<AssignForm>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    let page = format!("/sessions/{session_id}/supporters");
    let matching = store::matching(&state.db, session_id).await?.ok_or(AppError::NotFound)?;
    let chosen = form
        .supporter
        .trim()
        .parse::<i64>()
        .ok()
        .and_then(|id| matching.suggestions.iter().find(|s| s.supporter_id == id));
    let (supporter, account) = match chosen {
        Some(s) if s.assigned => {
            let mut feedback = Feedback::new();
            feedback.error("supporter", ErrorCode::SupporterAssignedAlready);
            return Ok(feedback.redirect(&page));
        }
        Some(s) => match s.user_id {
            Some(account) => (s.supporter_id, account),
            None => {
                let mut feedback = Feedback::new();
                feedback.error("supporter", ErrorCode::SupporterNoAccount);
                return Ok(feedback.redirect(&page));
            }
        },
        None => {
            let mut feedback = Feedback::new();
            feedback.error("supporter", ErrorCode::Invalid);
            return Ok(feedback.redirect(&page));
        }
    };
    ops::assign_to_session(&state.db, &user, session_id, supporter, account).await?;
    Ok(redirect_with_notice(&page, NoticeCode::SupporterAssigned))
}

#[derive(serde::Deserialize)]
pub struct RegisterQuery {
    #[serde(default)]
    fy: String,
}

/// `GET /supporters/register.csv?fy=2025`: the certification register (Excel-ready), with
/// the fiscal year's counts below it.
pub async fn register_csv(
    State(state): State<AppState>,
    request: Caller,
    Query(query): Query<RegisterQuery>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Supporters)?;
    let fy = crate::domain::FiscalYear::chosen(query.fy.trim().parse().ok());
    let register = store::register(&state.db, fy).await?;
    ops::audit_read(&state.db, &user, "register", Some("csv")).await?;
    let m = request.locale.messages();
    let s = m.supporters;
    let mut rows: Vec<Vec<String>> = vec![[
        s.certificate_no,
        s.certified_on,
        s.certified_on_wareki,
        s.name,
        s.kana,
        s.district,
        s.stage,
        s.credentials_title,
    ]
    .map(String::from)
    .to_vec()];
    for e in &register.entries {
        let credentials: Vec<String> =
            e.credentials.iter().map(|c| super::credential_summary(m, c)).collect();
        rows.push(vec![
            e.certificate_no.clone(),
            e.certified_on.clone(),
            super::wareki_date(&e.certified_on),
            e.name.clone(),
            e.kana.clone(),
            e.district.clone().unwrap_or_default(),
            e.stage.label(m).to_string(),
            credentials.join(" / "),
        ]);
    }
    let f = register.figures;
    rows.push(Vec::new());
    rows.push(vec![fy.label_ja()]);
    for (label, n) in [
        (s.figures_newly_certified, f.newly_certified),
        (s.figures_active, f.active),
        (s.figures_hours, f.minutes / 60),
        (s.figures_enrolled, f.enrolled_now),
    ] {
        rows.push(vec![label.to_string(), n.to_string()]);
    }
    crate::export::csv_download(&format!("supporters-{}.csv", fy.start_year()), &rows)
}

/// `POST /forms/my-supporter/units/{unit}`: a trainee ticks a unit as done on their own
/// record, for staff to confirm. Anyone signed in; only their own record is reached.
pub async fn claim_unit(
    State(state): State<AppState>,
    request: Caller,
    Path(unit): Path<i64>,
) -> Result<Response, AppError> {
    let user = request.require(Area::Home)?;
    let notice = if ops::claim_unit(&state.db, &user, unit).await? {
        NoticeCode::UnitTicked
    } else {
        NoticeCode::UnitNotTicked
    };
    Ok(redirect_with_notice("/my-supporter#units", notice))
}

/// `POST /forms/supporters/interested`: a resident would like to become a supporter
/// (`resident_id`, `from` = `intake` or `support_request`, `request_id` for the page to go
/// back to) and agreed to be contacted (`consent`). Staff and admins.
pub async fn interested(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::Residents)?;
    let resident_id = fields.one("resident_id").parse::<i64>().map_err(|_| AppError::BadRequest)?;
    let from = ops::CameFrom::from_code(fields.one("from")).ok_or(AppError::BadRequest)?;
    let back = match from {
        ops::CameFrom::Intake => format!("/residents/{resident_id}"),
        ops::CameFrom::SupportRequest => {
            let request =
                fields.one("request_id").parse::<i64>().map_err(|_| AppError::BadRequest)?;
            format!("/support/{request}")
        }
    };
    if fields.one("consent") != "1" {
        feedback.error("consent", ErrorCode::ContactConsentRequired);
        return Ok(feedback.redirect(&format!("{back}#interested")));
    }
    let notice = match ops::mark_interested(&state.db, &user, resident_id, from).await? {
        Some(_) => NoticeCode::InterestedNoted,
        None => NoticeCode::InterestedAlready,
    };
    Ok(redirect_with_notice(&back, notice))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/forms/supporters", post(create))
        .route("/forms/supporters/settings", post(settings))
        .route("/forms/supporters/interested", post(interested))
        .route("/forms/my-supporter/units/{unit}", post(claim_unit))
        .route("/forms/supporters/{id}", post(update))
        .route("/forms/supporters/{id}/stage", post(stage))
        .route("/forms/supporters/{id}/erase", post(erase))
        .route("/forms/supporters/{id}/units", post(units))
        .route("/forms/supporters/{id}/credentials", post(credential))
        .route("/forms/supporters/reminders/{id}/called", post(reminder_called))
        .route("/forms/sessions/{id}/supporters", post(assign))
        .route("/supporters/register.csv", get(register_csv))
}
