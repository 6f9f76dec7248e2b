//! The retention page's forms and the dry run's download.

use super::model::Kind;
use super::ops;
use crate::auth::Area;
use crate::domain::today_in_japan;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Posted};
use crate::web::{AppState, Caller};
use axum::extract::State;
use axum::response::Response;

const PAGE: &str = "/admin/retention";

/// `POST /forms/retention/rules`: each rule's period ([`Kind::field`], in the rule's unit,
/// within its range) and the nightly switch (`nightly=1`).
pub async fn save_rules(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::AdminData)?;
    let mut rules = Vec::new();
    for kind in Kind::ALL {
        let name = kind.field();
        let errors = feedback.errors().len();
        let keep = fields.count_up_to(
            &mut feedback,
            name,
            kind.max_keep(),
            ErrorCode::RetentionKeepInvalid,
        );
        if keep < kind.min_keep() && feedback.errors().len() == errors {
            feedback.error(name, ErrorCode::RetentionKeepInvalid);
        }
        rules.push((kind, keep));
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect(PAGE));
    }
    ops::save_rules(&state.db, &user, &rules, fields.one("nightly") == "1").await?;
    Ok(redirect_with_notice(PAGE, NoticeCode::RetentionSaved))
}

/// `POST /forms/retention/apply` with `confirm=1`: applies every rule now.
pub async fn apply(
    State(state): State<AppState>,
    request: Caller,
    Posted(fields, mut feedback): Posted,
) -> Result<Response, AppError> {
    let user = request.require(Area::AdminData)?;
    if fields.one("confirm") != "1" {
        feedback.error("confirm", ErrorCode::RetentionConfirm);
        return Ok(feedback.redirect(PAGE));
    }
    ops::apply(&state.db, &user, today_in_japan()).await?;
    Ok(redirect_with_notice(PAGE, NoticeCode::RetentionApplied))
}

/// `GET /admin/retention/dry-run.csv`: what each rule would do today, counts only; changes
/// nothing.
pub async fn dry_run_csv(
    State(state): State<AppState>,
    request: Caller,
) -> Result<Response, AppError> {
    request.require(Area::AdminData)?;
    let m = request.locale.messages();
    let today = today_in_japan();
    let lines = ops::due(&state.db, today).await?;
    let mut rows = vec![vec![
        m.retention.rule_kind.to_string(),
        m.retention.rule_keep.to_string(),
        m.retention.rule_unit.to_string(),
        m.retention.rule_kept_from.to_string(),
        m.retention.rule_due.to_string(),
    ]];
    for line in lines {
        rows.push(vec![
            super::kind_label(m, line.kind).to_string(),
            line.keep.to_string(),
            super::unit_label(m, line.kind.unit()).to_string(),
            line.kept_from,
            line.due.to_string(),
        ]);
    }
    crate::export::csv_download(&format!("retention-dry-run-{today}.csv"), &rows)
}

/// `GET /admin/register.csv`: the file register (個人情報ファイル簿) as the page shows it.
pub async fn register_csv(
    State(state): State<AppState>,
    request: Caller,
) -> Result<Response, AppError> {
    request.require(Area::AdminData)?;
    let m = request.locale.messages();
    let files = ops::register(&state.db, request.locale).await?;
    let mut rows = vec![vec![
        m.retention.register_file.to_string(),
        m.retention.register_purpose.to_string(),
        m.retention.register_fields.to_string(),
        m.retention.register_who.to_string(),
        m.retention.register_retention.to_string(),
        m.retention.register_tables.to_string(),
    ]];
    for file in files {
        rows.push(vec![
            file.name,
            file.purpose,
            file.fields.join("、"),
            file.who,
            file.retention,
            file.tables.join(", "),
        ]);
    }
    crate::export::csv_download("register.csv", &rows)
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route("/forms/retention/rules", post(save_rules))
        .route("/forms/retention/apply", post(apply))
        .route("/admin/retention/dry-run.csv", get(dry_run_csv))
        .route("/admin/register.csv", get(register_csv))
}
