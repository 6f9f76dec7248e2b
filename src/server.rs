//! The HTTP server: application state, the router, `/healthz`, and error pages.

use crate::app::{shell, App};
use crate::auth::handlers as auth_routes;
use crate::db::Db;
use crate::directory::handlers as reference_routes;
use crate::sessions::handlers as session_routes;
use crate::users::handlers as user_routes;
use axum::extract::{FromRef, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use std::sync::Arc;

/// Settings read once at start.
#[derive(Debug, Clone)]
pub struct Config {
    /// Mark cookies `Secure` (the site is served over HTTPS).
    pub secure_cookies: bool,
    /// The address people use to reach the site, for links printed on the console.
    pub public_url: String,
    /// Whether `SMTP_URL` is set: otherwise email waits in the outbox, shown as not sent.
    pub smtp_configured: bool,
    /// In published reports, counts below this are shown as `<N` (`PUBLISH_THRESHOLD`).
    pub publish_threshold: i64,
}

/// Counts under 5 are hidden in published figures unless `PUBLISH_THRESHOLD` says otherwise.
pub const DEFAULT_PUBLISH_THRESHOLD: i64 = 5;

impl Default for Config {
    fn default() -> Self {
        Config {
            secure_cookies: false,
            public_url: String::new(),
            smtp_configured: false,
            publish_threshold: DEFAULT_PUBLISH_THRESHOLD,
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
}

/// The database of the request a server function is serving.
pub fn db() -> Result<Db, crate::error::AppError> {
    use_context::<AppState>()
        .map(|s| s.db)
        .ok_or(crate::error::AppError::Internal)
}

/// The app's page routes, listed once per process. Listing them runs the app with resource
/// loading suppressed through a process-wide flag, so a page rendering meanwhile on another
/// thread (another router in the same process, as the tests build) would wait forever for
/// its data (leptos issue #4773).
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let context_state = state.clone();
    let shell_options = state.leptos_options.clone();
    let fn_state = state.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .route("/auth/login", post(auth_routes::login))
        .route("/auth/logout", post(auth_routes::logout))
        .route("/auth/lang", post(auth_routes::set_language))
        .route("/auth/setup", post(auth_routes::setup))
        .route("/auth/password", post(auth_routes::change_password))
        .route("/forms/users", post(user_routes::create))
        .route("/forms/users/{id}", post(user_routes::update))
        .route("/auth/calendar", post(crate::sessions::feeds::reset))
        .route(
            "/calendar/sessions.ics",
            get(crate::sessions::feeds::public),
        )
        .route(
            "/calendar/private/{file}",
            get(crate::sessions::feeds::private),
        )
        .route("/forms/partners", post(reference_routes::save_partner))
        .route("/forms/partners/{id}", post(reference_routes::save_partner))
        .route("/forms/venues", post(reference_routes::save_venue))
        .route("/forms/venues/{id}", post(reference_routes::save_venue))
        .route("/forms/topics", post(reference_routes::save_topic))
        .route("/forms/topics/{id}", post(reference_routes::save_topic))
        .route("/forms/procedures", post(reference_routes::save_procedure))
        .route(
            "/forms/procedures/{id}",
            post(reference_routes::save_procedure),
        )
        .route("/forms/import", post(crate::sessions::upload::upload))
        .route(
            "/forms/import/{token}",
            post(crate::sessions::upload::confirm),
        )
        .route("/forms/sessions", post(session_routes::create))
        .route("/forms/sessions/{id}", post(session_routes::update))
        .route("/forms/sessions/{id}/cancel", post(session_routes::cancel))
        .route("/forms/residents", post(crate::residents::handlers::create))
        .route(
            "/forms/residents/{id}",
            post(crate::residents::handlers::update),
        )
        .route(
            "/forms/residents/{id}/merge",
            post(crate::residents::handlers::merge),
        )
        .route(
            "/forms/residents/{id}/erase",
            post(crate::residents::handlers::erase),
        )
        .route(
            "/forms/registrations",
            post(crate::registrations::handlers::book),
        )
        .route(
            "/forms/registrations/{id}/cancel",
            post(crate::registrations::handlers::cancel),
        )
        .route(
            "/forms/sessions/{id}/helpers",
            post(crate::assignments::handlers::assign),
        )
        .route(
            "/forms/sessions/{id}/helpers/{user}/remove",
            post(crate::assignments::handlers::remove),
        )
        .route(
            "/forms/sessions/{id}/offer",
            post(crate::assignments::handlers::offer),
        )
        .route(
            "/forms/registrations/{id}/attendance",
            post(crate::checkin::handlers::mark),
        )
        .route(
            "/forms/sessions/{id}/report",
            post(crate::reports::handlers::save),
        )
        .route(
            "/forms/sessions/{id}/report/reopen",
            post(crate::reports::handlers::reopen),
        )
        .route("/forms/devices", post(crate::loaners::handlers::add))
        .route("/forms/support", post(crate::support::handlers::create))
        .route(
            "/forms/supporters",
            post(crate::supporters::handlers::create),
        )
        .route(
            "/forms/supporters/settings",
            post(crate::supporters::handlers::settings),
        )
        .route(
            "/forms/supporters/{id}",
            post(crate::supporters::handlers::update),
        )
        .route(
            "/forms/supporters/{id}/stage",
            post(crate::supporters::handlers::stage),
        )
        .route(
            "/forms/supporters/{id}/units",
            post(crate::supporters::handlers::units),
        )
        .route(
            "/forms/supporters/{id}/credentials",
            post(crate::supporters::handlers::credential),
        )
        .route(
            "/forms/supporters/reminders/{id}/called",
            post(crate::supporters::handlers::reminder_called),
        )
        .route(
            "/forms/sessions/{id}/supporters",
            post(crate::supporters::handlers::assign),
        )
        .route(
            "/supporters/register.csv",
            get(crate::supporters::handlers::register_csv),
        )
        .route(
            "/forms/course-units",
            post(reference_routes::save_course_unit),
        )
        .route(
            "/forms/course-units/{id}",
            post(reference_routes::save_course_unit),
        )
        .route(
            "/forms/support/{id}",
            post(crate::support::handlers::update),
        )
        .route(
            "/support/report.csv",
            get(crate::support::handlers::report_csv),
        )
        .route("/reports/reach.csv", get(crate::reach::handlers::csv))
        .route("/reports/reach.xlsx", get(crate::reach::handlers::xlsx))
        .route(
            "/forms/sessions/{id}/loans",
            post(crate::loaners::handlers::lend),
        )
        .route(
            "/forms/loans/{id}/{check}",
            post(crate::loaners::handlers::tick),
        )
        .route(
            "/forms/sessions/{id}/walkins",
            post(crate::checkin::handlers::walkin),
        )
        .route(
            "/forms/calls/{id}",
            post(crate::notify::handlers::record_call),
        )
        .route(
            "/forms/letters/printed",
            post(crate::notify::handlers::letters_printed),
        )
        .route(
            "/api/{*fn_name}",
            post(move |request: axum::extract::Request| {
                let state = fn_state.clone();
                async move {
                    leptos_axum::handle_server_fns_with_context(
                        move || provide_context(state.clone()),
                        request,
                    )
                    .await
                }
            }),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::middleware::resolve,
        ))
        .with_state(state)
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn healthz(State(db): State<Db>) -> Response {
    if db.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// A small bilingual error page for answers outside the app's pages (form routes).
pub fn error_page(status: StatusCode) -> Response {
    let (ja, en) = match status.as_u16() {
        400 => (
            "送信された内容を処理できませんでした。",
            "The request could not be processed.",
        ),
        401 | 403 => (
            "この操作を行う権限がありません。",
            "You do not have permission to do this.",
        ),
        404 => ("見つかりませんでした。", "Not found."),
        _ => (
            "システムで問題が発生しました。時間をおいてもう一度お試しください。",
            "Something went wrong. Please try again later.",
        ),
    };
    let body = format!(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>エラー | よりそい</title><link rel=\"stylesheet\" href=\"/pkg/yorisoi.css\"></head>\
         <body><main id=\"main\"><h1>{ja}</h1><p lang=\"en\">{en} ({code})</p>\
         <p><a href=\"/\">ホームへ戻る / Home</a></p></main></body></html>",
        code = status.as_u16()
    );
    (status, Html(body)).into_response()
}

/// The answer of a form route that failed inside: logged, and a plain error page.
pub fn internal_error(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "form route failed");
    error_page(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The user of a form route allowed in `area`, or the status to answer with (401, 403).
pub fn form_user(
    request: &crate::auth::middleware::RequestSession,
    area: crate::auth::Area,
) -> Result<crate::auth::CurrentUser, StatusCode> {
    request.require(area).cloned().map_err(|e| e.status())
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let local = listener.local_addr()?;
    // Tests and scripts read this line to find the port when started on port 0.
    println!("listening on http://{local}");
    tracing::info!(%local, "serving");
    axum::serve(listener, router(state).into_make_service())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}
