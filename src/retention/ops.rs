//! Applying the retention rules: what is due, by hand or nightly, each person erased by the
//! same code as an erasure at their request, every run recorded and audited with its
//! counts (never who).

use super::model::{counts_text, Kind, Overview, RegisterFile, RuleLine};
use super::register::FILES;
use super::store::{self, KeptFrom};
use crate::audit::store::{log, record, Action, Actor};
use crate::auth::{CurrentUser, Role};
use crate::db::{now, Db};
use crate::domain::JAPAN;
use crate::error::AppError;
use crate::i18n::Locale;
use chrono::{NaiveDate, TimeZone, Timelike};
use sqlx::{Any, Transaction};

/// Runs listed on the page.
const RUNS_SHOWN: i64 = 20;

/// The nightly job runs from this hour, Japan time, when nobody is booking…
pub const NIGHT_HOUR: u32 = 2;
/// …until this one: an instance started later in the day waits for the next night.
pub const NIGHT_END: u32 = 5;

/// The first day a rule keeps, in the forms its queries compare with.
pub fn kept_from(kind: Kind, keep: i64, today: NaiveDate) -> KeptFrom {
    let day = kind.kept_from(keep, today);
    if day == NaiveDate::MIN {
        // Nothing is older than this.
        return KeptFrom { seconds: i64::MIN, date: String::new() };
    }
    let seconds = day
        .and_hms_opt(0, 0, 0)
        .and_then(|t| JAPAN.from_local_datetime(&t).single())
        .map_or(0, |t| t.timestamp());
    KeptFrom { seconds, date: day.format("%Y-%m-%d").to_string() }
}

/// How many records each rule would anonymise or remove on `today`, as set now.
pub async fn due(db: &Db, today: NaiveDate) -> Result<Vec<RuleLine>, AppError> {
    let (rules, _) = store::settings(db).await?;
    let mut conn = db.pool.acquire().await?;
    let mut lines = Vec::new();
    for (kind, keep) in rules {
        let from = kept_from(kind, keep, today);
        let due = if kind.erases_people() {
            store::people_due(&mut conn, kind, &from).await?.len() as i64
        } else {
            store::count_due(&mut conn, kind, &from).await?
        };
        lines.push(RuleLine { kind, keep, due, kept_from: from.date });
    }
    Ok(lines)
}

/// The retention page: the rules with today's due counts, the nightly switch, past runs.
pub async fn overview(db: &Db, today: NaiveDate) -> Result<Overview, AppError> {
    let rules = due(db, today).await?;
    let (_, nightly) = store::settings(db).await?;
    let runs = store::runs(db, RUNS_SHOWN).await?;
    Ok(Overview { rules, nightly, runs })
}

/// Saves the rules' periods and the nightly switch, audited with the values set.
pub async fn save_rules(
    db: &Db,
    user: &CurrentUser,
    rules: &[(Kind, i64)],
    nightly: bool,
) -> Result<(), AppError> {
    let mut tx = db.begin().await?;
    store::save_settings(&mut tx, rules, nightly).await?;
    let detail = format!("{} nightly={}", counts_text(rules), u8::from(nightly));
    log(&mut *tx, user, Action::Update, "programme_settings", "retention", Some(&detail)).await?;
    tx.commit().await?;
    Ok(())
}

/// Applies every rule as of `today` in one transaction: the people due are erased as at
/// their request (each audited as erased by the rule), the rest cleared or removed; the
/// run is recorded with its counts. Returns the counts.
pub async fn apply(
    db: &Db,
    user: &CurrentUser,
    today: NaiveDate,
) -> Result<Vec<(Kind, i64)>, AppError> {
    let mut tx = db.begin().await?;
    let counts = apply_within(&mut tx, Some(user.into()), today).await?;
    store::record_run(&mut tx, Some(user), None, now(), &counts_text(&counts)).await?;
    tx.commit().await?;
    Ok(counts)
}

/// The nightly job's turn at `at` (Unix seconds): when admins have turned it on and it is
/// between [`NIGHT_HOUR`] and [`NIGHT_END`] in Japan, applies the rules once for this night, whichever instance
/// comes first. Returns the counts when this call ran them.
pub async fn run_nightly(db: &Db, at: i64) -> Result<Option<Vec<(Kind, i64)>>, AppError> {
    let (_, nightly) = store::settings(db).await?;
    let Some(local) = chrono::DateTime::from_timestamp(at, 0).map(|t| t.with_timezone(&JAPAN))
    else {
        return Ok(None);
    };
    if !nightly || !(NIGHT_HOUR..NIGHT_END).contains(&local.hour()) {
        return Ok(None);
    }
    let today = local.date_naive();
    let night = today.format("%Y-%m-%d").to_string();
    let mut tx = db.begin().await?;
    if !store::claim_night(&mut tx, &night, at).await? {
        tx.rollback().await?;
        return Ok(None);
    }
    let counts = apply_within(&mut tx, None, today).await?;
    store::record_run(&mut tx, None, Some(&night), at, &counts_text(&counts)).await?;
    tx.commit().await?;
    Ok(Some(counts))
}

async fn apply_within(
    tx: &mut Transaction<'_, Any>,
    actor: Option<Actor<'_>>,
    today: NaiveDate,
) -> Result<Vec<(Kind, i64)>, AppError> {
    let (rules, _) = store::settings_in(tx).await?;
    let mut counts = Vec::new();
    for (kind, keep) in rules {
        let from = kept_from(kind, keep, today);
        let done = if kind.erases_people() {
            let mut erased_count = 0;
            for id in store::people_due(tx, kind, &from).await? {
                let (erased, record_type) = if kind == Kind::Supporters {
                    (crate::supporters::ops::erase_within(tx, id).await?, "supporter")
                } else {
                    (crate::residents::ops::erase_within(tx, id).await?, "resident")
                };
                if erased {
                    erased_count += 1;
                    let detail = format!("erased by the retention rule {}", kind.code());
                    let id = id.to_string();
                    record(&mut **tx, actor, Action::Update, record_type, &id, Some(&detail))
                        .await?;
                }
            }
            erased_count
        } else {
            store::sweep(tx, kind, &from).await?
        };
        counts.push((kind, done));
    }
    let detail = counts_text(&counts);
    record(&mut **tx, actor, Action::Update, "retention", "run", Some(&detail)).await?;
    Ok(counts)
}

/// The file register in `locale`: each file's fields as the database has them, who sees
/// it from the role table, and its retention from the rules as set.
pub async fn register(db: &Db, locale: Locale) -> Result<Vec<RegisterFile>, AppError> {
    let m = locale.messages();
    let pick = |text: (&'static str, &'static str)| match locale {
        Locale::Ja => text.0,
        Locale::En => text.1,
    };
    let columns: Vec<String> =
        store::columns(db).await?.into_iter().map(|(t, c)| format!("{t}.{c}")).collect();
    let (rules, _) = store::settings(db).await?;
    let separator = if locale == Locale::Ja { "、" } else { ", " };
    Ok(FILES
        .iter()
        .map(|file| {
            let present = |c: &str| columns.iter().any(|have| have == c);
            let fields = file
                .fields
                .iter()
                .filter(|(_, cols)| cols.iter().any(|c| present(c)))
                .map(|(name, _)| pick(*name).to_string())
                .collect();
            let mut tables: Vec<String> = Vec::new();
            let named = file.fields.iter().flat_map(|(_, cols)| cols.iter().copied());
            for column in named.filter(|c| present(c)) {
                let table = column.split_once('.').map_or(column, |(t, _)| t).to_string();
                if !tables.contains(&table) {
                    tables.push(table);
                }
            }
            let who = Role::ALL
                .into_iter()
                .filter(|role| file.areas.iter().any(|area| area.allows(*role)))
                .map(|role| role.label(m))
                .collect::<Vec<_>>()
                .join(separator);
            let retention = file
                .rules
                .iter()
                .map(|kind| {
                    let keep = rules.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| *n);
                    super::rule_text(m, *kind, keep)
                })
                .chain(std::iter::once(pick(file.note).to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            RegisterFile {
                name: pick(file.name).to_string(),
                purpose: pick(file.purpose).to_string(),
                fields,
                who,
                retention,
                tables,
            }
        })
        .collect())
}
