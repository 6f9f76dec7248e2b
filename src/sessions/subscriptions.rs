//! The calendar worker: pulls partners' subscribed calendars when they are due (hourly
//! unless set otherwise) and imports them through the same operation as an upload. Runs in
//! every server instance; a claim in the database keeps two instances from pulling the same
//! calendar. A feed that cannot be fetched is recorded on the partner, and changes nothing.

use super::upload::MAX_BYTES;
use crate::db::{now, Db};
use std::time::Duration;

/// How long a claim holds: longer than a fetch (30 s at most) and its import take.
const HOLD_SECONDS: i64 = 300;

/// The HTTP client the worker fetches with: a time limit; a few redirects at most, never
/// from https down to http; no `Referer` (the URL may hold the partner's token).
pub fn client() -> reqwest::Result<reqwest::Client> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        let downgrade = attempt.previous().iter().any(|u| u.scheme() == "https")
            && attempt.url().scheme() != "https";
        if attempt.previous().len() >= 5 || downgrade {
            attempt.stop()
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .redirect(redirects)
        .referer(false)
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

/// Pulls every calendar due at `at`, one claim at a time (each claimed as of the time it is
/// claimed); how many were pulled. An import that fails is recorded on the partner as
/// `import_failed`, with nothing of it kept.
pub async fn pull_due(db: &Db, client: &reqwest::Client, at: i64) -> anyhow::Result<usize> {
    let (mut pulled, started) = (0, now());
    while let Some(due) =
        super::ops::claim_calendar(db, at + (now() - started), HOLD_SECONDS).await?
    {
        let read = fetch(client, &due.url).await;
        let pull = match super::ops::import_feed(db, &due, read, at).await {
            Ok(pull) => pull,
            Err(e) => {
                tracing::error!(partner = due.partner_id, error = %e, "calendar import failed");
                super::ops::import_feed(db, &due, Err("import_failed"), at).await?
            }
        };
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

/// Looks for due calendars every `every` until the process ends; a pass that fails, or
/// panics, is logged and the next one runs.
pub fn spawn(db: Db, every: Duration) -> reqwest::Result<()> {
    let client = client()?;
    tokio::spawn(async move {
        loop {
            let (db, client) = (db.clone(), client.clone());
            match tokio::spawn(async move { pull_due(&db, &client, now()).await }).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::error!(error = %format!("{e:#}"), "calendar pull failed"),
                Err(e) => tracing::error!(error = %e, "calendar pull panicked"),
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(())
}
