//! The nightly job: every few minutes, each instance asks whether tonight's run of the
//! retention rules is due ([`super::ops::run_nightly`]); the first to claim the night runs
//! it.

use crate::db::{now, Db};
use std::time::Duration;

/// How often an instance asks.
const EVERY: Duration = Duration::from_secs(300);

/// Spawns the job on the runtime; it runs as long as the server.
pub fn spawn(db: Db) {
    tokio::spawn(async move {
        loop {
            match super::ops::run_nightly(&db, now()).await {
                Ok(Some(counts)) => {
                    tracing::info!(counts = %super::counts_text(&counts), "retention rules applied")
                }
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "retention rules could not be applied"),
            }
            tokio::time::sleep(EVERY).await;
        }
    });
}
