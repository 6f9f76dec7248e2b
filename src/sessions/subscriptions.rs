//! The calendar worker: pulls partners' subscribed calendars when they are due (hourly
//! unless set otherwise) and imports them through the same operation as an upload. Runs in
//! every server instance; a claim in the database keeps two instances from pulling the same
//! calendar. A feed that cannot be fetched is recorded on the partner, and changes nothing.

use super::upload::MAX_BYTES;
use crate::db::{now, Db};
use std::time::Duration;

/// How long a claim holds: longer than a fetch (30 s at most) and its import take.
const HOLD_SECONDS: i64 = 300;

/// The HTTP client the worker fetches with: a time limit, a few redirects at most.
pub fn client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("yorisoi/", env!("CARGO_PKG_VERSION"), " (calendar subscription)"))
        .build()
}

/// Fetches a feed: its text, or the error code recorded for the partner.
async fn fetch(client: &reqwest::Client, url: &str) -> Result<String, &'static str> {
    let mut response = client.get(url).send().await.map_err(|_| "feed_unreachable")?;
    if !response.status().is_success() {
        return Err("feed_status");
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|_| "feed_unreachable")? {
        body.extend_from_slice(&chunk);
        if body.len() > MAX_BYTES {
            return Err("ics_too_large");
        }
    }
    String::from_utf8(body).map_err(|_| "ics_encoding")
}

/// Pulls every calendar due at `at`, one claim at a time; how many were pulled.
pub async fn pull_due(db: &Db, client: &reqwest::Client, at: i64) -> anyhow::Result<usize> {
    let mut pulled = 0;
    while let Some(due) = super::ops::claim_calendar(db, at, HOLD_SECONDS).await? {
        let read = fetch(client, &due.url).await;
        let pull = super::ops::import_feed(db, &due, read, at).await?;
        // Counts and codes only: a feed holds no personal data, but its URL may hold a token.
        tracing::info!(
            partner = due.partner_id,
            added = pull.added,
            updated = pull.updated,
            cancelled = pull.cancelled,
            refused = pull.refused.len(),
            error = pull.error_code.as_deref().unwrap_or("none"),
            "calendar pulled"
        );
        pulled += 1;
    }
    Ok(pulled)
}

/// Looks for due calendars every `every` until the process ends.
pub fn spawn(db: Db, every: Duration) -> reqwest::Result<()> {
    let client = client()?;
    tokio::spawn(async move {
        loop {
            if let Err(e) = pull_due(&db, &client, now()).await {
                tracing::error!(error = %format!("{e:#}"), "calendar pull failed");
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(())
}
