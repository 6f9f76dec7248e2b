//! Plain form routes for signing in and out, the language switch, first-run setup and the
//! password change. Each answers with a 303 redirect (post/redirect/get).

use super::middleware::{safe_next, RequestSession};
use super::{password, session, throttle, Area, Role};
use crate::audit::store::{record, Action, Actor};
use crate::db::now;
use crate::i18n::{Locale, LANG_COOKIE};
use crate::server::AppState;
use crate::ui::form::{redirect_with_notice, Feedback};
use crate::users::store::{self as users, NewUser};
use axum::extract::{Extension, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use http::header::SET_COOKIE;
use serde::Deserialize;

fn with_cookie(mut response: Response, cookie: String) -> Response {
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "form handler failed");
    crate::server::error_page(http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Login names are compared without case or surrounding space.
pub fn normalise_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Whether a login name is acceptable for a new user.
pub fn valid_login(login: &str) -> bool {
    (3..=32).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

/// `POST /auth/login`.
pub async fn login(State(state): State<AppState>, Form(form): Form<LoginForm>) -> Response {
    let login = normalise_login(&form.login);
    let next = safe_next(&form.next).to_string();
    let back = |code: &str| {
        let mut f = Feedback::new();
        f.param("error", code);
        f.keep("login", form.login.trim());
        f.param("next", &next);
        f.redirect("/login")
    };
    if login.is_empty() || form.password.is_empty() {
        return back("credentials");
    }
    let at = now();
    match throttle::is_locked(&state.db, &login, at).await {
        Ok(true) => return back("locked"),
        Ok(false) => {}
        Err(e) => return internal(e),
    }
    let credentials = match users::credentials(&state.db, &login).await {
        Ok(c) => c,
        Err(e) => return internal(e),
    };
    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    if !password::verify(stored, form.password.clone()).await {
        return match throttle::record_failure(&state.db, &login, at).await {
            Ok(true) => back("locked"),
            Ok(false) => back("credentials"),
            Err(e) => internal(e),
        };
    }
    let Some(user) = credentials else {
        return back("credentials");
    };
    let token = match async {
        throttle::clear(&state.db, &login).await?;
        let token = session::create(&state.db, user.id).await?;
        let actor = Actor {
            id: user.id,
            login: &login,
        };
        record(
            &state.db.pool,
            Some(actor),
            Action::SignIn,
            "user",
            &user.id.to_string(),
            None,
        )
        .await?;
        Ok::<_, sqlx::Error>(token)
    }
    .await
    {
        Ok(t) => t,
        Err(e) => return internal(e),
    };
    let target = if user.must_change_password != 0 {
        "/account/password".to_string()
    } else {
        next
    };
    let mut response = with_cookie(
        Redirect::to(&target).into_response(),
        session::set_cookie(&token, state.config.secure_cookies),
    );
    if let Some(locale) = user.locale.as_deref().and_then(Locale::from_code) {
        response = with_cookie(response, lang_cookie(locale));
    }
    response
}

/// `POST /auth/logout`.
pub async fn logout(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
) -> Response {
    if let Some(token) = &request.token {
        if let Err(e) = session::destroy(&state.db, token).await {
            return internal(e);
        }
        if let Some(user) = &request.user {
            if let Err(e) = record(
                &state.db.pool,
                Some(user.into()),
                Action::SignOut,
                "user",
                &user.id.to_string(),
                None,
            )
            .await
            {
                return internal(e);
            }
        }
    }
    with_cookie(
        redirect_with_notice("/login", "logged_out"),
        session::clear_cookie(state.config.secure_cookies),
    )
}

fn lang_cookie(locale: Locale) -> String {
    format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.code()
    )
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    back: String,
}

/// `POST /auth/lang`: remembers the language in a cookie, and for the signed-in user.
pub async fn set_language(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(form): Form<LanguageForm>,
) -> Response {
    let locale = Locale::from_code(&form.lang).unwrap_or_default();
    if let Some(user) = &request.user {
        if let Err(e) = users::set_locale(&state.db, user.id, locale.code()).await {
            return internal(e);
        }
    }
    with_cookie(
        Redirect::to(safe_next(&form.back)).into_response(),
        lang_cookie(locale),
    )
}

#[derive(Deserialize)]
pub struct SetupForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// Checks a new password and its confirmation, adding errors to `feedback`.
pub fn check_new_password(feedback: &mut Feedback, password: &str, confirm: &str) {
    if password.chars().count() < password::MIN_LENGTH {
        feedback.error("password", "password_short");
    } else if password != confirm {
        feedback.error("password_confirm", "password_mismatch");
    }
}

/// Checks a display name, adding errors to `feedback`.
pub fn check_display_name(feedback: &mut Feedback, name: &str) {
    if name.trim().is_empty() {
        feedback.error("display_name", "required");
    } else if name.chars().count() > 100 {
        feedback.error("display_name", "too_long");
    }
}

/// `POST /auth/setup`: creates the first admin with a one-time token.
pub async fn setup(State(state): State<AppState>, Form(form): Form<SetupForm>) -> Response {
    let page = format!("/setup/{}", form.token.trim());
    let login = normalise_login(&form.login);
    let mut feedback = Feedback::new();
    feedback.keep("login", form.login.trim());
    feedback.keep("display_name", form.display_name.trim());
    if !valid_login(&login) {
        feedback.error("login", "login_invalid");
    }
    check_display_name(&mut feedback, &form.display_name);
    check_new_password(&mut feedback, &form.password, &form.password_confirm);
    if feedback.has_errors() {
        return feedback.redirect(&page);
    }
    let hash = match password::hash(form.password.clone()).await {
        Ok(h) => h,
        Err(e) => return internal(e),
    };
    let created = async {
        let mut tx = state.db.pool.begin().await?;
        // The token is spent only while no user exists: a second use, or a race, finds nothing.
        let spent = sqlx::query(
            "UPDATE setup_tokens SET used_at = $1 \
             WHERE token_hash = $2 AND used_at IS NULL AND NOT EXISTS (SELECT 1 FROM users)",
        )
        .bind(now())
        .bind(session::hash_token(form.token.trim()))
        .execute(&mut *tx)
        .await?;
        if spent.rows_affected() != 1 {
            return Ok(None);
        }
        let id = users::insert(
            &mut *tx,
            &NewUser {
                login: &login,
                display_name: form.display_name.trim(),
                role: Role::Admin,
                partner_id: None,
                password_hash: &hash,
                must_change_password: false,
            },
        )
        .await?;
        if let Some(id) = id {
            record(
                &mut *tx,
                None,
                Action::Create,
                "user",
                &id.to_string(),
                Some("setup"),
            )
            .await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(id)
    }
    .await;
    match created {
        Ok(Some(id)) => match session::create(&state.db, id).await {
            Ok(token) => with_cookie(
                Redirect::to("/").into_response(),
                session::set_cookie(&token, state.config.secure_cookies),
            ),
            Err(e) => internal(e),
        },
        Ok(None) => {
            let mut f = Feedback::new();
            f.param("error", "setup_invalid");
            f.redirect(&page)
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
}

/// `POST /auth/password`: everyone may change their own password.
pub async fn change_password(
    State(state): State<AppState>,
    Extension(request): Extension<RequestSession>,
    Form(form): Form<PasswordForm>,
) -> Response {
    let user = match request.require(Area::Home) {
        Ok(u) => u.clone(),
        Err(_) => return Redirect::to("/login?next=/account/password").into_response(),
    };
    let mut feedback = Feedback::new();
    let stored = match users::password_hash(&state.db, user.id).await {
        Ok(h) => h,
        Err(e) => return internal(e),
    };
    if !password::verify(stored, form.current.clone()).await {
        feedback.error("current", "password_wrong");
    }
    check_new_password(&mut feedback, &form.password, &form.password_confirm);
    if !feedback.has_errors() && form.password == form.current {
        feedback.error("password", "password_same");
    }
    if feedback.has_errors() {
        return feedback.redirect("/account/password");
    }
    let hash = match password::hash(form.password.clone()).await {
        Ok(h) => h,
        Err(e) => return internal(e),
    };
    let result = async {
        let mut tx = state.db.pool.begin().await?;
        users::set_password(&mut *tx, user.id, &hash, false).await?;
        // Other devices signed in with the old password are signed out.
        sqlx::query("DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user.id)
            .bind(session::hash_token(
                request.token.as_deref().unwrap_or_default(),
            ))
            .execute(&mut *tx)
            .await?;
        record(
            &mut *tx,
            Some((&user).into()),
            Action::Update,
            "user",
            &user.id.to_string(),
            Some("password"),
        )
        .await?;
        tx.commit().await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice("/", "password_changed"),
        Err(e) => internal(e),
    }
}
