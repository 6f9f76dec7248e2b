//! Plain form routes for signing in and out, the language switch, first-run setup and the
//! password change. Each answers with a 303 redirect (post/redirect/get).

use super::middleware::safe_next;
use super::{password, signin, throttle, Area};
use crate::audit::store::{log, record, Action, Actor};
use crate::db::now;
use crate::error::AppError;
use crate::i18n::{ErrorCode, NoticeCode};
use crate::i18n::{Locale, LANG_COOKIE};
use crate::ui::form::{redirect_with_notice, Feedback, Plain};
use crate::users::store as users;
use crate::web::{AppState, Caller};
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};

use http::header::SET_COOKIE;
use serde::Deserialize;

fn with_cookie(mut response: Response, cookie: String) -> Response {
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}

/// Login names are compared without case or surrounding space.
pub fn normalise_login(login: &str) -> String {
    login.trim().to_lowercase()
}

/// Login names typed at sign-in longer than this are refused before the database is asked.
const MAX_LOGIN_TYPED: usize = 64;

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
pub async fn login(
    State(state): State<AppState>,
    Plain(form): Plain<LoginForm>,
) -> Result<Response, AppError> {
    let login = normalise_login(&form.login);
    let next = safe_next(&form.next).to_string();
    let back = |code: &str| {
        let mut f = Feedback::new();
        f.param("error", code);
        f.keep("login", form.login.trim());
        f.param("next", &next);
        f.redirect("/login")
    };
    // No login is longer than 32 characters: a longer one is wrong without asking anyone.
    if login.is_empty() || form.password.is_empty() || login.chars().count() > MAX_LOGIN_TYPED {
        return Ok(back("credentials"));
    }
    let at = now();
    if !throttle::begin_attempt(&state.db, &login, at).await? {
        return Ok(back("locked"));
    }
    let credentials = users::credentials(&state.db, &login).await?;
    let stored = credentials.as_ref().map(|c| c.password_hash.clone());
    if !password::verify(stored, form.password.clone()).await {
        let locked = throttle::is_locked(&state.db, &login, at).await?;
        return Ok(back(if locked { "locked" } else { "credentials" }));
    }
    let Some(user) = credentials else {
        return Ok(back("credentials"));
    };
    if user.must_change_password != 0 && user.temporary_until.is_none_or(|until| until <= at) {
        return Ok(back("temporary_expired"));
    }
    // Signing in changes no one's data: the session and its audit entry need no transaction.
    throttle::clear(&state.db, &login).await?;
    let token = signin::create(&state.db, user.id).await?;
    let actor = Actor { id: user.id, login: &login };
    record(&state.db.pool, Some(actor), Action::SignIn, "user", &user.id.to_string(), None).await?;
    let target =
        if user.must_change_password != 0 { "/account/password".to_string() } else { next };
    let mut response = with_cookie(
        Redirect::to(&target).into_response(),
        signin::set_cookie(&token, state.config.secure_cookies),
    );
    if let Some(locale) = user.locale.as_deref().and_then(Locale::from_code) {
        response = with_cookie(response, lang_cookie(locale));
    }
    Ok(response)
}

/// `POST /auth/logout`.
pub async fn logout(State(state): State<AppState>, request: Caller) -> Result<Response, AppError> {
    if let Some(token) = &request.token {
        signin::destroy(&state.db, token).await?;
        if let Some(user) = &request.user {
            log(&state.db.pool, user, Action::SignOut, "user", user.id, None).await?;
        }
    }
    let secure = state.config.secure_cookies;
    let mut page = redirect_with_notice("/login", NoticeCode::LoggedOut);
    // What the phone kept for check-in offline (the page, its files, the taps' queue, the
    // service worker) goes with the sign-out.
    page.headers_mut().insert("clear-site-data", http::HeaderValue::from_static("\"storage\""));
    Ok(crate::web::once::clear_all(with_cookie(page, signin::clear_cookie(secure)), secure))
}

fn lang_cookie(locale: Locale) -> String {
    format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", locale.code())
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
    request: Caller,
    Plain(form): Plain<LanguageForm>,
) -> Result<Response, AppError> {
    let locale = Locale::from_code(&form.lang).unwrap_or_default();
    if let Some(user) = &request.user {
        users::set_locale(&state.db, user.id, locale.code()).await?;
    }
    Ok(with_cookie(Redirect::to(safe_next(&form.back)).into_response(), lang_cookie(locale)))
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
        feedback.error("password", ErrorCode::PasswordShort);
    } else if password != confirm {
        feedback.error("password_confirm", ErrorCode::PasswordMismatch);
    }
}

/// Checks a display name, adding errors to `feedback`.
pub fn check_display_name(feedback: &mut Feedback, name: &str) {
    if name.trim().is_empty() {
        feedback.error("display_name", ErrorCode::Required);
    } else if name.chars().count() > 100 {
        feedback.error("display_name", ErrorCode::TooLong);
    }
}

/// `POST /auth/setup`: creates the first admin with a one-time token.
pub async fn setup(
    State(state): State<AppState>,
    Plain(form): Plain<SetupForm>,
) -> Result<Response, AppError> {
    let page = format!("/setup/{}", form.token.trim());
    let invalid = || {
        let mut f = Feedback::new();
        f.param("error", "setup_invalid");
        f.redirect(&page)
    };
    if !super::setup::is_usable(&state.db, form.token.trim()).await? {
        return Ok(invalid());
    }
    let login = normalise_login(&form.login);
    let mut feedback = Feedback::new();
    feedback.keep("login", form.login.trim());
    feedback.keep("display_name", form.display_name.trim());
    if !valid_login(&login) {
        feedback.error("login", ErrorCode::LoginInvalid);
    }
    check_display_name(&mut feedback, &form.display_name);
    check_new_password(&mut feedback, &form.password, &form.password_confirm);
    if feedback.has_errors() {
        return Ok(feedback.redirect(&page));
    }
    let hash = password::hash(form.password.clone()).await?;
    let created = super::ops::create_first_admin(
        &state.db,
        form.token.trim(),
        &login,
        form.display_name.trim(),
        &hash,
    )
    .await?;
    let Some(id) = created else {
        return Ok(invalid());
    };
    let token = signin::create(&state.db, id).await?;
    Ok(with_cookie(
        Redirect::to("/").into_response(),
        signin::set_cookie(&token, state.config.secure_cookies),
    ))
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
    request: Caller,
    Plain(form): Plain<PasswordForm>,
) -> Result<Response, AppError> {
    let Ok(user) = request.require(Area::Home) else {
        return Ok(Redirect::to("/login?next=/account/password").into_response());
    };
    let mut feedback = Feedback::new();
    let stored = users::password_hash(&state.db, user.id).await?;
    if !password::verify(stored, form.current.clone()).await {
        feedback.error("current", ErrorCode::PasswordWrong);
    }
    check_new_password(&mut feedback, &form.password, &form.password_confirm);
    if !feedback.has_errors() && form.password == form.current {
        feedback.error("password", ErrorCode::PasswordSame);
    }
    if feedback.has_errors() {
        return Ok(feedback.redirect("/account/password"));
    }
    let hash = password::hash(form.password.clone()).await?;
    // Other devices signed in with the old password are signed out.
    super::ops::change_password(
        &state.db,
        &user,
        &hash,
        request.token.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(redirect_with_notice("/", NoticeCode::PasswordChanged))
}

/// The form routes and downloads of this feature, merged into the app's router.
pub fn form_routes() -> axum::Router<crate::web::AppState> {
    use axum::routing::post;
    axum::Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/lang", post(set_language))
        .route("/auth/setup", post(setup))
        .route("/auth/password", post(change_password))
}
