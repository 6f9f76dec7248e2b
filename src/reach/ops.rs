//! The published dashboard, and rebuilding the reach rollup as a whole: after a bulk load
//! (demo, benchmark) and once after an upgrade. Changes of single people refresh their rows
//! inside their own operations (`store::attendance_changed`, `store::refresh_person`).

use super::sections::{view, ReachView};
use super::{store, Period};
use crate::db::Db;
use crate::domain::Shown;
use crate::i18n::Locale;

/// A whole fiscal year's dashboard as published, in `locale`: the only form in which
/// published figures leave the server. Only a year already over is published.
pub async fn published(
    db: &Db,
    fiscal_year: i32,
    threshold: i64,
    locale: Locale,
) -> sqlx::Result<ReachView> {
    let year = crate::domain::published_year(fiscal_year);
    let report = store::report(db, Period::new(year, None, None), threshold).await?;
    let shown = Shown { publish: true, threshold };
    Ok(view(&report, locale.messages(), shown, locale == Locale::En))
}

/// Fills the report columns recorded with each fact where they are missing (facts recorded
/// before the columns existed, or loaded in bulk), then recomputes the whole rollup, and
/// the questionnaires' rollup that reads its first-time marks, in one transaction.
pub async fn rebuild_all(db: &Db) -> sqlx::Result<()> {
    let mut tx = db.begin().await?;
    store::record_missing_facts(&mut tx).await?;
    store::rebuild_all(&mut tx).await?;
    crate::questionnaires::store::rebuild_rollup(&mut tx).await?;
    tx.commit().await
}

/// Builds the rollup once after an upgrade: when attendance or paper support exists but the
/// rollup is empty.
pub async fn build_if_missing(db: &Db) -> sqlx::Result<()> {
    if store::rollup_missing(db).await? {
        rebuild_all(db).await?;
    }
    Ok(())
}
