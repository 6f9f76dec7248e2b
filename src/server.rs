//! The HTTP server: the router (each feature's form routes, server functions, pages),
//! `/healthz`, and `serve()`. State, error replies and extractors live in `crate::web`.

use crate::app::{shell, App};
use crate::db::Db;
use crate::web::{security, AppState};
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use http::StatusCode;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};

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
    let fallback_state = state.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .nest_service(&format!("/{}", state.leptos_options.site_pkg_dir), site_files(&state))
        .merge(crate::auth::handlers::form_routes())
        .merge(crate::users::handlers::form_routes())
        .merge(crate::directory::handlers::form_routes())
        .merge(crate::sessions::handlers::form_routes())
        .merge(crate::residents::handlers::form_routes())
        .merge(crate::registrations::handlers::form_routes())
        .merge(crate::notify::handlers::form_routes())
        .merge(crate::assignments::handlers::form_routes())
        .merge(crate::checkin::handlers::form_routes())
        .merge(crate::loaners::handlers::form_routes())
        .merge(crate::session_reports::handlers::form_routes())
        .merge(crate::questionnaires::handlers::form_routes())
        .merge(crate::paper_support::handlers::form_routes())
        .merge(crate::supporters::handlers::form_routes())
        .merge(crate::reach::handlers::form_routes())
        .merge(crate::retention::handlers::form_routes())
        .merge(crate::seat_requests::handlers::form_routes())
        .merge(crate::seat_requests::open_api::routes())
        .merge(crate::integrations::handlers::form_routes())
        .merge(crate::city::handlers::form_routes())
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
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(
            move || provide_context(fallback_state.clone()),
            shell,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::auth::middleware::resolve,
        ))
        // Outer layers run first: cross-site posts and control characters are refused
        // before the session is read.
        .layer(axum::middleware::from_fn(security::refuse_control_characters))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::refuse_cross_site))
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::security_headers))
        // Outside every layer that may answer before the body is read.
        .layer(axum::middleware::from_fn(crate::web::unread::close_unless_read))
        // Pages and data go out compressed to a browser that accepts it (brotli or gzip),
        // at level 5, quick per request; site files compressed at build (`site_files`) keep
        // their `Content-Encoding` and are not compressed again.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Precise(5)),
        )
        .with_state(state)
}

/// The compiled site files (`/pkg/…`). `scripts/build-site.sh` writes each file of the
/// bundle it ships also as `.br`, compressed once at brotli's highest level: that copy goes
/// to a browser that accepts brotli (the WebAssembly: 167 KB instead of 190 KB compressed
/// on the fly). Any other browser gets the file compressed on the way by the compression
/// layer (gzip at level 5).
fn site_files(state: &AppState) -> tower_http::services::ServeDir {
    let options = &state.leptos_options;
    let dir = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    tower_http::services::ServeDir::new(dir).precompressed_br()
}

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
async fn healthz(State(db): State<Db>) -> Response {
    if db.ping().await {
        (StatusCode::OK, "ok").into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
    }
}

/// Runs the server until Ctrl-C or SIGTERM.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let local = listener.local_addr()?;
    // Tests and scripts read this line to find the port when started on port 0.
    println!("listening on http://{local}");
    tracing::info!(%local, "serving");
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
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
