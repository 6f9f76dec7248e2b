//! What every request can reach: the database, the settings read at start, Leptos's options.

use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
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
    /// The server sits behind a reverse proxy (`TRUST_PROXY=1`): a client's address is the
    /// last one the proxy added to `X-Forwarded-For`, for the public forms' rate limits.
    pub trust_proxy: bool,
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
            trust_proxy: false,
        }
    }
}

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: Db,
    pub config: Arc<Config>,
    /// Per-user rate limits (`web::limit`).
    pub limits: Arc<super::limit::Limits>,
    /// The site's compiled files and their versioned addresses (`web::assets`).
    pub assets: Arc<super::assets::Assets>,
    /// The city's settings as this instance last read them.
    pub city: Arc<crate::city::cache::CityCache>,
}

/// The state of the request a server function is serving.
pub fn app_state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or(AppError::Internal)
}

/// The database of the request a server function is serving.
pub fn db() -> Result<Db, AppError> {
    app_state().map(|s| s.db)
}
