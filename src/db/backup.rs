//! Backups of a SQLite database. A copy is written while the server runs (`VACUUM INTO`,
//! consistent and compacted), its SHA-256 beside it (`<copy>.sha256`, as `sha256sum`
//! writes it), then verified: the checksum, SQLite's integrity check and the migration
//! level. A restore verifies first and refuses a copy made by a newer yorisoi. A folder of
//! copies can be kept on schedule, the oldest removed. PostgreSQL uses pg_dump and
//! pg_restore (see docs/OPERATIONS.md).

use super::{now, Backend, Db, SQLITE_MIGRATIONS};
use anyhow::{bail, ensure, Context};
use sha2::{Digest, Sha256};
use sqlx::{Connection, Row};
use std::path::{Path, PathBuf};

/// What a verified copy is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The last migration applied to it.
    pub version: i64,
    pub bytes: u64,
    pub sha256: String,
}

/// The checksum file of a copy.
pub fn checksum_file(copy: &Path) -> PathBuf {
    let mut name = copy.as_os_str().to_owned();
    name.push(".sha256");
    PathBuf::from(name)
}

fn sha256_of(file: &Path) -> anyhow::Result<String> {
    let mut reader =
        std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut reader, &mut hasher)?;
    Ok(hex::encode(hasher.finalize()))
}

/// The file of a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    ensure!(Backend::of_url(url)? == Backend::Sqlite, "not a SQLite database");
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    Ok(PathBuf::from(path.split('?').next().unwrap_or_default()))
}

/// The newest migration this build knows.
fn known_version() -> i64 {
    SQLITE_MIGRATIONS.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Writes a consistent copy of the database to `to` (which must not exist) with its
/// checksum, verifies it, and records it for the admins' page.
pub async fn write(db: &Db, to: &Path) -> anyhow::Result<Checked> {
    ensure!(db.backend == Backend::Sqlite, "on PostgreSQL use pg_dump");
    if to.exists() {
        bail!("{} already exists; choose a new file", to.display());
    }
    let target = to.to_str().context("backup path must be valid UTF-8")?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(&db.pool).await.context("VACUUM INTO")?;
    let sha256 = sha256_of(to)?;
    let name = to.file_name().and_then(|n| n.to_str()).unwrap_or(target);
    std::fs::write(checksum_file(to), format!("{sha256}  {name}\n"))?;
    let checked = verify(to).await?;
    sqlx::query("INSERT INTO backups (at, file, bytes, sha256) VALUES ($1, $2, $3, $4)")
        .bind(now())
        .bind(target)
        .bind(i64::try_from(checked.bytes).unwrap_or(i64::MAX))
        .bind(&checked.sha256)
        .execute(&db.pool)
        .await?;
    Ok(checked)
}

/// Verifies a copy: its checksum file matches, SQLite finds it whole, and its migrations
/// are ones this build knows (a copy from a newer yorisoi is refused).
pub async fn verify(copy: &Path) -> anyhow::Result<Checked> {
    let expected = std::fs::read_to_string(checksum_file(copy))
        .with_context(|| format!("{} has no checksum file beside it", copy.display()))?;
    let expected = expected.split_whitespace().next().unwrap_or_default().to_string();
    let sha256 = sha256_of(copy)?;
    ensure!(
        sha256 == expected,
        "{}: the checksum does not match (the copy changed)",
        copy.display()
    );
    let path = copy.to_str().context("backup path must be valid UTF-8")?;
    super::install();
    let mut conn = sqlx::AnyConnection::connect(&format!("sqlite://{path}?mode=ro"))
        .await
        .with_context(|| format!("opening {}", copy.display()))?;
    let integrity: String = sqlx::query("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .and_then(|row| row.try_get(0))
        .with_context(|| format!("{} is not a readable database", copy.display()))?;
    ensure!(integrity == "ok", "{}: integrity check failed: {integrity}", copy.display());
    let version: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success = 1",
    )
    .fetch_one(&mut conn)
    .await
    .with_context(|| format!("{} holds no yorisoi database", copy.display()))?;
    conn.close().await?;
    if version > known_version() {
        bail!(
            "{} was made by a newer yorisoi (migration {version}; this one knows up to {}): \
             restore it with that version",
            copy.display(),
            known_version()
        );
    }
    let bytes = std::fs::metadata(copy)?.len();
    Ok(Checked { version, bytes, sha256 })
}

/// Replaces the database at `url` by a verified copy. The server must be stopped; the
/// copy is migrated up to this version on the next start.
pub async fn restore(from: &Path, url: &str) -> anyhow::Result<Checked> {
    let checked = verify(from).await?;
    let target = sqlite_path(url)?;
    let staging = target.with_extension("restoring");
    std::fs::copy(from, &staging).with_context(|| format!("copying to {}", staging.display()))?;
    for stale in ["-wal", "-shm"] {
        let mut name = target.as_os_str().to_owned();
        name.push(stale);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
    std::fs::rename(&staging, &target)
        .with_context(|| format!("replacing {}", target.display()))?;
    Ok(checked)
}

/// A scheduled backup: a new copy in `folder` named by its time, then only the newest
/// `keep` copies (with their checksums) are kept. Returns the new copy.
pub async fn into_folder(db: &Db, folder: &Path, keep: usize) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(folder)?;
    let at = chrono::Utc::now().format("%Y%m%d-%H%M%S-%3f");
    let copy = folder.join(format!("yorisoi-{at}.db"));
    write(db, &copy).await?;
    let mut copies: Vec<PathBuf> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("yorisoi-") && n.ends_with(".db"))
        })
        .collect();
    copies.sort();
    let old = copies.len().saturating_sub(keep.max(1));
    for stale in &copies[..old] {
        std::fs::remove_file(stale)?;
        let _ = std::fs::remove_file(checksum_file(stale));
    }
    Ok(copy)
}

/// When the last backup was written, if any.
pub async fn last_at(db: &Db) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT MAX(at) FROM backups").fetch_one(&db.pool).await
}

/// Keeps a folder of backups on schedule: every hour, a copy when the last one is a day
/// old, the newest `keep` kept. Runs until the process ends.
pub fn spawn_daily(db: Db, folder: PathBuf, keep: usize) {
    tokio::spawn(async move {
        loop {
            let due = last_at(&db).await.map(|at| at.is_none_or(|at| now() - at >= 86_400 - 600));
            match due {
                Ok(true) => match into_folder(&db, &folder, keep).await {
                    Ok(copy) => tracing::info!(copy = %copy.display(), "backup written"),
                    Err(e) => tracing::error!(error = %format!("{e:#}"), "backup failed"),
                },
                Ok(false) => {}
                Err(e) => tracing::error!(error = %e, "backup check failed"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}
