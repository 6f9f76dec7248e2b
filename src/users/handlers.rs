//! Form routes of the user admin pages (post/redirect/get). Admins only.

use super::ops;
use super::store as users;
use crate::auth::handlers::{check_display_name, normalise_login, valid_login};
use crate::auth::{Area, Role};
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::ui::form::{redirect_with_notice, Feedback, Plain};
use crate::web::{once, AppState, Caller};
use axum::extract::{Path, State};
use axum::response::Response;

use serde::Deserialize;

/// Carries a just-issued temporary password to the next page view, once.
pub const TEMP_PASSWORD_COOKIE: &str = crate::web::once::TEMP_PASSWORD;

#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    partner_id: String,
}

/// Checks the role and partner fields; the partner must exist, and a coordinator needs one.
async fn check_role(
    state: &AppState,
    feedback: &mut Feedback,
    role: &str,
    partner: &str,
) -> Result<Option<(Role, Option<i64>)>, sqlx::Error> {
    let role = Role::from_code(role);
    if role.is_none() {
        feedback.error("role", ErrorCode::RoleInvalid);
    }
    let partner_id = match partner.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) if crate::directory::store::partner_exists(&state.db, id).await? => Some(id),
            _ => {
                feedback.error("partner_id", ErrorCode::PartnerInvalid);
                return Ok(None);
            }
        },
    };
    if role == Some(Role::Coordinator) && partner_id.is_none() {
        feedback.error("partner_id", ErrorCode::PartnerRequired);
    }
    Ok(role.map(|r| (r, partner_id)))
}

/// `POST /forms/users`: adds a user with a temporary password.
pub async fn create(
    State(state): State<AppState>,
    request: Caller,
    Plain(form): Plain<NewUserForm>,
) -> Result<Response, AppError> {
    let admin = request.require(Area::AdminUsers)?;
    let mut feedback = Feedback::new();
    for (field, value) in [
        ("login", &form.login),
        ("display_name", &form.display_name),
        ("role", &form.role),
        ("partner_id", &form.partner_id),
    ] {
        feedback.keep(field, value.trim());
    }
    let login = normalise_login(&form.login);
    if !valid_login(&login) {
        feedback.error("login", ErrorCode::LoginInvalid);
    }
    check_display_name(&mut feedback, &form.display_name);
    let role = check_role(&state, &mut feedback, &form.role, &form.partner_id).await?;
    let Some((role, partner_id)) = role.filter(|_| !feedback.has_errors()) else {
        return Ok(feedback.redirect("/admin/users"));
    };
    let created =
        ops::create_user(&state.db, &admin, &login, form.display_name.trim(), role, partner_id)
            .await?;
    match created {
        Some(created) => Ok(once::attach(
            redirect_with_notice(&format!("/admin/users/{}", created.id), NoticeCode::UserAdded),
            TEMP_PASSWORD_COOKIE,
            admin.id,
            &created.temporary_password,
            state.config.secure_cookies,
        )),
        None => {
            feedback.error("login", ErrorCode::LoginTaken);
            Ok(feedback.redirect("/admin/users"))
        }
    }
}

#[derive(Deserialize)]
pub struct UpdateForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    partner_id: String,
}

/// `POST /forms/users/{id}`: change role, disable, enable, or issue a temporary password.
pub async fn update(
    State(state): State<AppState>,
    request: Caller,
    Path(id): Path<i64>,
    Plain(form): Plain<UpdateForm>,
) -> Result<Response, AppError> {
    let admin = request.require(Area::AdminUsers)?;
    let page = format!("/admin/users/{id}");
    let target = users::get(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let admins = users::enabled_admins(&state.db).await?;
    let is_last_admin = target.role == Role::Admin && !target.disabled && admins <= 1;
    let mut feedback = Feedback::new();
    match form.action.as_str() {
        "role" => {
            feedback.keep("role", &form.role);
            feedback.keep("partner_id", &form.partner_id);
            let checked = check_role(&state, &mut feedback, &form.role, &form.partner_id).await?;
            match checked {
                Some((role, _)) if id == admin.id && role != target.role => {
                    feedback.error("role", ErrorCode::OwnAccount);
                    Ok(feedback.redirect(&page))
                }
                Some((role, _)) if is_last_admin && role != Role::Admin => {
                    feedback.error("role", ErrorCode::LastAdmin);
                    Ok(feedback.redirect(&page))
                }
                Some((role, partner_id)) if !feedback.has_errors() => {
                    ops::change_role(&state.db, &admin, id, role, partner_id).await?;
                    Ok(redirect_with_notice(&page, NoticeCode::RoleChanged))
                }
                _ => Ok(feedback.redirect(&page)),
            }
        }
        "disable" if id == admin.id => {
            feedback.error("status", ErrorCode::OwnAccount);
            Ok(feedback.redirect(&page))
        }
        "disable" if is_last_admin => {
            feedback.error("status", ErrorCode::LastAdmin);
            Ok(feedback.redirect(&page))
        }
        "disable" | "enable" => {
            let disable = form.action == "disable";
            if !ops::set_disabled(&state.db, &admin, id, disable).await? {
                feedback.error("status", ErrorCode::LastAdmin);
                return Ok(feedback.redirect(&page));
            }
            let notice = if disable { NoticeCode::UserDisabled } else { NoticeCode::UserEnabled };
            Ok(redirect_with_notice(&page, notice))
        }
        "reset" => {
            let temporary = ops::reset_password(&state.db, &admin, id).await?;
            let page = Feedback::new().redirect(&page);
            let secure = state.config.secure_cookies;
            Ok(once::attach(page, TEMP_PASSWORD_COOKIE, admin.id, &temporary, secure))
        }
        _ => Err(AppError::BadRequest),
    }
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new().route("/forms/users", post(create)).route("/forms/users/{id}", post(update))
}
