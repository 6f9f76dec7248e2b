//! The database: one pool for SQLite or PostgreSQL through sqlx's `Any` driver, embedded
//! migrations per dialect, and SQLite's pragmas on every connection.

pub mod backup;
mod batch;
mod conditions;
pub mod settings;

pub use batch::Step;
pub use conditions::{Conditions, Value};

use anyhow::Context;
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::{MigrateDatabase, Migrator};
use sqlx::{Any, AnyPool, Connection, Executor};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const DEFAULT_URL: &str = "sqlite://data/yorisoi.db";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres:// (got {url:?})")
        }
    }
}

/// Who folds SQLite's write-ahead log into the database file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checkpoints {
    /// The write that fills the log (SQLite's default, every 1,000 pages).
    ByWrites,
    /// [`spawn_checkpoints`], in the background.
    ByServer,
}

/// A connection pool and which backend it talks to.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Where transactions that write are begun ([`Db::begin`]). On SQLite a pool of one
    /// connection: SQLite lets one writer in at a time, and writers queued here wait their
    /// turn in order, where several connections racing for the lock would sleep in SQLite's
    /// busy handler (1, 2, 5 … 100 ms) and leave the database idle meanwhile. On PostgreSQL
    /// the same pool as `pool`.
    writer: AnyPool,
    /// Whether the last heartbeat ([`Db::beat`]) could write; true until one fails.
    writable: Arc<AtomicBool>,
    /// When a heartbeat last failed, or first worked again after failing: connections made
    /// before then are not lent out again.
    failed_at: Arc<Mutex<Option<Instant>>>,
    /// On SQLite, the queue of writes committed together ([`Db::batched`]).
    batches: Option<batch::Batches>,
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) or the PostgreSQL database if
    /// missing. Does not migrate; see [`Db::migrate`]. On SQLite the writes checkpoint the
    /// log as they fill it (SQLite's default), as suits a command that runs and ends.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        Self::open(url, Checkpoints::ByWrites).await
    }

    /// [`Db::connect`] for `yorisoi serve`: on SQLite no write checkpoints the log (the write
    /// that did would hold up every writer queued behind it); the caller runs
    /// [`spawn_checkpoints`].
    pub async fn connect_server(url: &str) -> anyhow::Result<Self> {
        Self::open(url, Checkpoints::ByServer).await
    }

    async fn open(url: &str, checkpoints: Checkpoints) -> anyhow::Result<Self> {
        install();
        let backend = Backend::of_url(url)?;
        if backend == Backend::Sqlite {
            create_sqlite_folder(url)?;
        }
        if !Any::database_exists(url).await.unwrap_or(false) {
            Any::create_database(url)
                .await
                .with_context(|| format!("creating database {}", redact(url)))?;
        }
        let failed_at = Arc::new(Mutex::new(None));
        let connections = if backend == Backend::Sqlite { 8 } else { 16 };
        let pool = pool_options(backend, checkpoints, connections, &failed_at)
            .connect(url)
            .await
            .with_context(|| format!("connecting to {}", redact(url)))?;
        let writer = match backend {
            Backend::Sqlite => pool_options(backend, checkpoints, 1, &failed_at)
                .connect(url)
                .await
                .with_context(|| format!("connecting to {}", redact(url)))?,
            Backend::Postgres => pool.clone(),
        };
        let batches = (backend == Backend::Sqlite).then(|| batch::Batches::start(writer.clone()));
        let writable = Arc::new(AtomicBool::new(true));
        Ok(Self { pool, writer, backend, writable, failed_at, batches })
    }

    /// Closes both pools (on SQLite, the last connection to close folds the log into the
    /// file and removes it).
    pub async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.context("applying migrations")?;
        Ok(())
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`): two transactions that each read and then write would otherwise
    /// both hold a read lock and fail to upgrade it ("database is locked"), where now the
    /// second waits its turn). On SQLite the transaction holds the one connection of the
    /// writer pool, so writers queue for it in order. PostgreSQL begins as usual.
    pub async fn begin(&self) -> sqlx::Result<sqlx::Transaction<'static, Any>> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.writer.begin().await,
        }
    }

    /// For `/healthz`: whether the database answers a read within three seconds and the
    /// last heartbeat could write. The write is left to [`spawn_heartbeat`], one at a time,
    /// so probes (which anyone may send) never queue writes behind the bookings.
    pub async fn ping(&self) -> bool {
        let read = sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&self.pool);
        self.writable.load(Ordering::Relaxed)
            && matches!(tokio::time::timeout(Duration::from_secs(3), read).await, Ok(Ok(1)))
    }

    /// Writes the one row of `heartbeat` and remembers whether that worked: a database
    /// that can be read but not written (a read-only disk) counts as down.
    pub async fn beat(&self) -> bool {
        let write = sqlx::query("UPDATE heartbeat SET beat_at = $1 WHERE id = 1")
            .bind(now())
            .execute(&self.writer);
        // As long as a write may wait for SQLite's lock: a busy database is not down.
        let ok = matches!(
            tokio::time::timeout(Duration::from_secs(10), write).await,
            Ok(Ok(done)) if done.rows_affected() == 1
        );
        let was = self.writable.swap(ok, Ordering::Relaxed);
        // Connections made until the database is back are suspect (see `before_acquire`).
        if !ok || !was {
            *self.failed_at.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        }
        ok
    }
}

/// The options of both pools: SQLite's pragmas on every connection, and connections that
/// lived through a failure of the database not lent out again.
fn pool_options(
    backend: Backend,
    checkpoints: Checkpoints,
    connections: u32,
    failed_at: &Arc<Mutex<Option<Instant>>>,
) -> AnyPoolOptions {
    let since_failure = Arc::clone(failed_at);
    AnyPoolOptions::new()
        .max_connections(connections)
        // When the database is away, a request waits this long for a connection and
        // then gets the error page, rather than hanging (scripts/drills.py db-away); as
        // long as SQLite's busy_timeout, so a busy database is not taken for one away.
        .acquire_timeout(Duration::from_secs(10))
        // A connection that lived through a failure of the database may keep it: one
        // whose transaction could not be closed (COMMIT and ROLLBACK both failed on a
        // read-only disk) refuses every later BEGIN, and SQLite silently opens a file
        // it may not write read-only, for good. Connections made before the heartbeat
        // found the database back, and any still inside a transaction, are closed
        // rather than lent out again. (Probing each new connection with a write
        // instead would wait for the write lock that the same request may hold.)
        // sqlx would ping every connection before lending it: a round trip per request on
        // PostgreSQL, a trip to the connection's thread on SQLite. `before_acquire` pings
        // only connections that sat idle.
        .test_before_acquire(false)
        .before_acquire(move |conn, meta| {
            let failed_at = *since_failure.lock().unwrap_or_else(|e| e.into_inner());
            let made_at = Instant::now().checked_sub(meta.age);
            let after_failure = match (failed_at, made_at) {
                (Some(failed), Some(made)) => made > failed,
                _ => true,
            };
            // A connection in steady use needs no probe; one idle for a while is pinged
            // first (a PostgreSQL restarted meanwhile has closed it).
            let probe = meta.idle_for > Duration::from_secs(1);
            Box::pin(async move {
                if !after_failure || conn.is_in_transaction() {
                    return Ok(false);
                }
                Ok(!probe || conn.ping().await.is_ok())
            })
        })
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers work while one writer writes; NORMAL is safe with WAL;
                    // busy_timeout makes a writer wait for the lock instead of failing.
                    // Reads go through a shared memory map (up to 1 GiB) rather than each
                    // connection copying pages into its own small cache: reports read
                    // the same pages on several connections at once. secure_delete
                    // overwrites what is deleted or replaced with zeros, so an erased
                    // resident's data is not left in free pages of the file, and
                    // journal_size_limit cuts the log file back to 4 MiB whenever it starts
                    // over, so old copies of pages do not linger at its end either.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; \
                         PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16000; \
                         PRAGMA secure_delete = ON; PRAGMA journal_size_limit = 4194304;",
                    )
                    .await?;
                    if checkpoints == Checkpoints::ByServer {
                        conn.execute("PRAGMA wal_autocheckpoint = 0;").await?;
                    }
                }
                Ok(())
            })
        })
}

/// WAL frames (4 KiB pages) after which a checkpoint waits for the writer to finish, so
/// that the log cannot grow without end under a steady stream of writes.
const WAL_RESTART_FRAMES: i64 = 25_000;

/// Rounds to wait, at most, before trying to start the log over again after readers of an
/// older state kept it (a backup or a long report): 2, 4 … 32 seconds at one a second.
const MOST_ROUNDS_BACK: u32 = 32;

/// On SQLite, folds the write-ahead log into the database file every `every` until the
/// process ends (`yorisoi serve`, whose connections do not checkpoint by themselves: see
/// [`Db::connect_server`]). A passive checkpoint copies what is committed without holding
/// up writers; once the log has grown past [`WAL_RESTART_FRAMES`], [`restart_log`] empties
/// it. When readers keep it from doing so, it waits twice as many rounds each time before
/// trying again, so a long backup does not hold up writers every second.
pub fn spawn_checkpoints(db: Db, every: Duration) {
    if db.backend != Backend::Sqlite {
        return;
    }
    tokio::spawn(async move {
        let (mut back_off, mut wait) = (1, 0);
        loop {
            tokio::time::sleep(every).await;
            let passive: sqlx::Result<(i64, i64, i64)> =
                sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&db.pool).await;
            let frames = match passive {
                Ok((_, frames, _)) => frames,
                Err(e) => {
                    tracing::warn!(error = %e, "checkpoint of the write-ahead log");
                    continue;
                }
            };
            if frames <= WAL_RESTART_FRAMES {
                continue;
            }
            if wait > 0 {
                wait -= 1;
                continue;
            }
            match restart_log(&db).await {
                Ok(true) => back_off = 1,
                Ok(false) => {
                    back_off = (back_off * 2).min(MOST_ROUNDS_BACK);
                    wait = back_off;
                    tracing::info!(frames, "the write-ahead log is kept by a long reader");
                }
                Err(e) => tracing::warn!(error = %e, "emptying the write-ahead log"),
            }
        }
    });
}

/// Checkpoints the whole log and empties it (`TRUNCATE`), holding the writer connection
/// (so writers queue rather than sleep) and waiting at most 200 ms for readers of an older
/// state. False when they kept it (SQLite's "busy"): the log is left as it was.
async fn restart_log(db: &Db) -> sqlx::Result<bool> {
    let mut conn = db.writer.acquire().await?;
    let outcome = async {
        conn.execute("PRAGMA busy_timeout = 200").await?;
        let done: sqlx::Result<(i64, i64, i64)> =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut *conn).await;
        conn.execute("PRAGMA busy_timeout = 10000").await?;
        done.map(|(busy, _, _)| busy == 0)
    }
    .await;
    if outcome.is_err() {
        // It may still have the short wait: not lent again.
        conn.close_on_drop();
    }
    outcome
}

/// Beats every `every` until the process ends (`yorisoi serve`).
pub fn spawn_heartbeat(db: Db, every: Duration) {
    tokio::spawn(async move {
        loop {
            if !db.beat().await {
                tracing::warn!("heartbeat: the database did not take a write");
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// Makes sqlx's `Any` driver know SQLite and PostgreSQL (once; later calls do nothing).
fn install() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(install_default_drivers);
}

fn create_sqlite_folder(url: &str) -> anyhow::Result<()> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating folder {}", parent.display()))?;
        }
    }
    Ok(())
}

/// The URL without its password, for messages and logs.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

/// Seconds since the Unix epoch, as stored in the database.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Booleans are stored as 0/1 integers on both backends.
pub fn flag(value: bool) -> i64 {
    i64::from(value)
}
