//! Form routes of the user admin pages (post/redirect/get). Admins only.

use super::store::{self as users, NewUser};
use crate::audit::store::{record, Action};
use crate::auth::handlers::{check_display_name, normalise_login, valid_login};
use crate::auth::middleware::RequestSession;
use crate::auth::{password, session, Area, CurrentUser, Role};
use crate::server::AppState;
use crate::ui::form::{redirect_with_notice, Feedback};
use axum::extract::{Extension, Path, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

/// Carries a just-issued temporary password to the next page view, once.
pub const TEMP_PASSWORD_COOKIE: &str = "yorisoi_temp_password";

/// The signed-in admin, or the status to refuse with.
fn admin(request: &RequestSession) -> Result<CurrentUser, http::StatusCode> {
    request
        .require(Area::AdminUsers)
        .cloned()
        .map_err(|e| e.status())
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "user form failed");
    crate::server::error_page(http::StatusCode::INTERNAL_SERVER_ERROR)
}

fn with_temporary_password(mut response: Response, password: &str) -> Response {
    let cookie = format!(
        "{TEMP_PASSWORD_COOKIE}={password}; Path=/; HttpOnly; SameSite=Strict; Max-Age=300"
    );
    if let Ok(value) = cookie.parse() {
        response
            .headers_mut()
            .append(http::header::SET_COOKIE, value);
    }
    response
}

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
        feedback.error("role", "role_invalid");
    }
    let partner_id = match partner.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) if crate::directory::store::partner_exists(&state.db, id).await? => Some(id),
            _ => {
                feedback.error("partner_id", "partner_invalid");
                return Ok(None);
            }
        },
    };
    if role == Some(Role::Coordinator) && partner_id.is_none() {
        feedback.error("partner_id", "partner_required");
    }
    Ok(role.map(|r| (r, partner_id)))
}

/// `POST /forms/users`: adds a user with a temporary password.
pub async fn create(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(form): Form<NewUserForm>,
) -> Response {
    let admin = match admin(&request) {
        Ok(u) => u,
        Err(status) => return crate::server::error_page(status),
    };
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
        feedback.error("login", "login_invalid");
    }
    check_display_name(&mut feedback, &form.display_name);
    let role = match check_role(&state, &mut feedback, &form.role, &form.partner_id).await {
        Ok(r) => r,
        Err(e) => return internal(e),
    };
    let Some((role, partner_id)) = role.filter(|_| !feedback.has_errors()) else {
        return feedback.redirect("/admin/users");
    };
    let temporary = password::temporary();
    let hash = match password::hash(temporary.clone()).await {
        Ok(h) => h,
        Err(e) => return internal(e),
    };
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        let id = users::insert(
            &mut *tx,
            &NewUser {
                login: &login,
                display_name: form.display_name.trim(),
                role,
                partner_id,
                password_hash: &hash,
                must_change_password: true,
            },
        )
        .await?;
        if let Some(id) = id {
            let detail = format!("role={}", role.code());
            record(
                &mut *tx,
                Some((&admin).into()),
                Action::Create,
                "user",
                &id.to_string(),
                Some(&detail),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(id)
    }
    .await;
    match result {
        Ok(Some(id)) => with_temporary_password(
            redirect_with_notice(&format!("/admin/users/{id}"), "user_added"),
            &temporary,
        ),
        Ok(None) => {
            feedback.error("login", "login_taken");
            feedback.redirect("/admin/users")
        }
        Err(e) => internal(e),
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
    Extension(request): Extension<RequestSession>,
    Path(id): Path<i64>,
    Form(form): Form<UpdateForm>,
) -> Response {
    let admin = match admin(&request) {
        Ok(u) => u,
        Err(status) => return crate::server::error_page(status),
    };
    let page = format!("/admin/users/{id}");
    let target = match users::get(&state.db, id).await {
        Ok(Some(u)) => u,
        Ok(None) => return crate::server::error_page(http::StatusCode::NOT_FOUND),
        Err(e) => return internal(e),
    };
    let admins = match users::enabled_admins(&state.db).await {
        Ok(n) => n,
        Err(e) => return internal(e),
    };
    let is_last_admin = target.role == Role::Admin && !target.disabled && admins <= 1;
    let mut feedback = Feedback::new();
    let id_text = id.to_string();
    let actor = Some((&admin).into());
    let result: Result<Response, sqlx::Error> = async {
        Ok(match form.action.as_str() {
            "role" => {
                feedback.keep("role", &form.role);
                feedback.keep("partner_id", &form.partner_id);
                let checked =
                    check_role(&state, &mut feedback, &form.role, &form.partner_id).await?;
                match checked {
                    Some((role, _)) if id == admin.id && role != target.role => {
                        feedback.error("role", "self");
                        feedback.redirect(&page)
                    }
                    Some((role, _)) if is_last_admin && role != Role::Admin => {
                        feedback.error("role", "last_admin");
                        feedback.redirect(&page)
                    }
                    Some((role, partner_id)) if !feedback.has_errors() => {
                        let mut tx = state.db.pool.begin().await?;
                        users::set_role(&mut *tx, id, role, partner_id).await?;
                        let detail = format!("role={}", role.code());
                        record(
                            &mut *tx,
                            actor,
                            Action::Update,
                            "user",
                            &id_text,
                            Some(&detail),
                        )
                        .await?;
                        tx.commit().await?;
                        redirect_with_notice(&page, "role_changed")
                    }
                    _ => feedback.redirect(&page),
                }
            }
            "disable" if id == admin.id => {
                feedback.error("status", "self");
                feedback.redirect(&page)
            }
            "disable" if is_last_admin => {
                feedback.error("status", "last_admin");
                feedback.redirect(&page)
            }
            "disable" | "enable" => {
                let disable = form.action == "disable";
                let mut tx = state.db.pool.begin().await?;
                users::set_disabled(&mut *tx, id, disable).await?;
                if disable {
                    sqlx::query("DELETE FROM user_sessions WHERE user_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                let action = if disable {
                    Action::Disable
                } else {
                    Action::Enable
                };
                record(&mut *tx, actor, action, "user", &id_text, None).await?;
                tx.commit().await?;
                redirect_with_notice(
                    &page,
                    if disable {
                        "user_disabled"
                    } else {
                        "user_enabled"
                    },
                )
            }
            "reset" => {
                let temporary = password::temporary();
                let hash = password::hash(temporary.clone())
                    .await
                    .map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
                let mut tx = state.db.pool.begin().await?;
                users::set_password(&mut *tx, id, &hash, true).await?;
                record(
                    &mut *tx,
                    actor,
                    Action::ResetPassword,
                    "user",
                    &id_text,
                    None,
                )
                .await?;
                tx.commit().await?;
                session::destroy_all_for_user(&state.db, id).await?;
                with_temporary_password(Feedback::new().redirect(&page), &temporary)
            }
            _ => crate::server::error_page(http::StatusCode::BAD_REQUEST),
        })
    }
    .await;
    result.unwrap_or_else(internal).into_response()
}
