//! Booking benchmark: fires N bookings over HTTP, C at a time, at a running yorisoi server
//! and prints bookings per second and p50/p99 latency; then runs the same booking operation
//! (`registrations::ops::book`: the transaction with its notice and audit entry) straight
//! against the database from this process, C at a time, and prints how much of that rate
//! the HTTP path reaches. `scripts/bench-booking.sh` starts a release server on a fresh
//! SQLite file and a fresh PostgreSQL database and runs this against each. Not a test: it
//! asserts nothing about time.
//!
//! ```sh
//! cargo run --release --features ssr --example bench_booking -- \
//!     --url http://127.0.0.1:3000 --database-url sqlite://data/yorisoi.db -n 2000 -c 50
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use yorisoi::auth::{CurrentUser, Role};
use yorisoi::db::Db;

struct Args {
    url: String,
    database_url: String,
    bookings: usize,
    concurrency: usize,
}

fn args() -> Args {
    let mut a = Args {
        url: "http://127.0.0.1:3000".into(),
        database_url: std::env::var("DATABASE_URL").unwrap_or_default(),
        bookings: 2000,
        concurrency: 50,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--url" => a.url = value,
            "--database-url" => a.database_url = value,
            "-n" => a.bookings = value.parse().expect("-n number"),
            "-c" => a.concurrency = value.parse().expect("-c number"),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

/// Sessions of 20 seats (so a fifth of the bookings waitlist) and one resident per booking;
/// `run` names the sessions (`bench-{run}-…`) so that each run books its own.
async fn prepare(db: &Db, run: &str, bookings: usize) -> anyhow::Result<Vec<(i64, i64)>> {
    let venue: i64 =
        sqlx::query_scalar("SELECT id FROM venues ORDER BY id LIMIT 1").fetch_one(&db.pool).await?;
    let host: i64 = sqlx::query_scalar("SELECT id FROM partners ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await?;
    let start = yorisoi::db::now() + 30 * 86_400;
    let mut pairs = Vec::with_capacity(bookings);
    let sessions = bookings.div_ceil(25);
    let mut session_ids = Vec::new();
    for s in 0..sessions {
        let at = start + s as i64 * 3 * 3600;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, ends_at, \
                local_date, fiscal_year, capacity, created_at, updated_at) \
             VALUES ($1, 'ベンチマーク', 'first', $2, $3, $4, $5, '2026-12-25', 2026, 20, 0, 0) \
             RETURNING id",
        )
        .bind(format!("bench-{run}-{s}-{at}@bench"))
        .bind(host)
        .bind(venue)
        .bind(at)
        .bind(at + 3600)
        .fetch_one(&db.pool)
        .await?;
        session_ids.push(id);
    }
    for n in 0..bookings {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO residents (name, kana, kana_compact, kana_sort, phone, contact_pref, \
                created_at, updated_at) VALUES ('試験 太郎', 'しけん たろう', 'しけんたろう', \
                'しけんたろう', $1, 'phone', 0, 0) RETURNING id",
        )
        .bind(format!("08{}{n:08}", u8::from(run == "raw")))
        .fetch_one(&db.pool)
        .await?;
        pairs.push((session_ids[n % sessions], id));
    }
    Ok(pairs)
}

/// What C workers measured: each booking's time, and how many did not book.
struct Measured {
    latencies: Vec<Duration>,
    failures: usize,
    elapsed: Duration,
}

impl Measured {
    fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn ms(&self, p: f64) -> f64 {
        let n = self.latencies.len();
        self.latencies[((n as f64 * p).ceil() as usize).clamp(1, n) - 1].as_secs_f64() * 1000.0
    }
}

/// Runs `book` over the pairs, `concurrency` at a time; `book` says whether it booked.
async fn measure<F, Fut>(pairs: Vec<(i64, i64)>, concurrency: usize, book: F) -> Measured
where
    F: Fn(usize, i64, i64) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let started = Instant::now();
    let queue = Arc::new(Mutex::new(pairs.into_iter().enumerate()));
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (queue, book) = (queue.clone(), book.clone());
        workers.push(tokio::spawn(async move {
            let (mut latencies, mut failures) = (Vec::new(), 0);
            loop {
                let Some((n, (session, resident))) = queue.lock().await.next() else {
                    break;
                };
                let t = Instant::now();
                let booked = book(n, session, resident).await;
                latencies.push(t.elapsed());
                failures += usize::from(!booked);
            }
            (latencies, failures)
        }));
    }
    let (mut latencies, mut failures) = (Vec::new(), 0);
    for w in workers {
        let (l, f) = w.await.expect("worker");
        latencies.extend(l);
        failures += f;
    }
    latencies.sort();
    Measured { latencies, failures, elapsed: started.elapsed() }
}

/// Confirmed and waitlisted places of a run, and its sessions over capacity.
async fn counts(db: &Db, run: &str) -> anyhow::Result<(i64, i64, i64)> {
    let (confirmed, waitlisted): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0), \
                COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0) \
         FROM registrations WHERE idempotency_key LIKE $1",
    )
    .bind(format!("bench-{run}-%"))
    .fetch_one(&db.pool)
    .await?;
    let over: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE uid LIKE $1 AND seats_taken > capacity",
    )
    .bind(format!("bench-{run}-%"))
    .fetch_one(&db.pool)
    .await?;
    Ok((confirmed, waitlisted, over))
}

async fn report(db: &Db, run: &str, label: &str, m: &Measured) -> anyhow::Result<()> {
    let (confirmed, waitlisted, over) = counts(db, run).await?;
    println!(
        "{:?} {label}: {} bookings: {:.0} bookings/s, p50 {:.1} ms, p99 {:.1} ms, {} failed; \
         {confirmed} confirmed, {waitlisted} waitlisted, {over} sessions over capacity",
        db.backend,
        m.latencies.len(),
        m.rate(),
        m.ms(0.50),
        m.ms(0.99),
        m.failures,
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args();
    // Connected as the server is, and checkpointing as it does, so that the operation alone
    // meets the database as it does behind HTTP.
    let db = Db::connect_server(&a.database_url).await?;
    yorisoi::db::spawn_checkpoints(db.clone(), Duration::from_secs(1));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = client
        .post(format!("{}/auth/login", a.url))
        .form(&[("login", "demo-staff"), ("password", "yorisoi-demo-2025"), ("next", "/")])
        .send()
        .await?;
    anyhow::ensure!(
        login.status() == 303,
        "demo-staff could not sign in: run `yorisoi demo` first"
    );

    let pairs = prepare(&db, "http", a.bookings).await?;
    let url = a.url.clone();
    let http = measure(pairs, a.concurrency, move |n, session, resident| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let r = client
                .post(format!("{url}/forms/registrations"))
                .form(&[
                    ("session_id", session.to_string()),
                    ("resident_id", resident.to_string()),
                    ("key", format!("bench-http-{n}-{resident}")),
                ])
                .send()
                .await;
            r.as_ref().is_ok_and(|r| {
                r.status() == 303
                    && r.headers()
                        .get("location")
                        .and_then(|l| l.to_str().ok())
                        .is_some_and(|l| l.starts_with("/registrations/"))
            })
        }
    })
    .await;
    report(&db, "http", &format!("over HTTP, {} at a time", a.concurrency), &http).await?;

    // The same operation without HTTP, sign-in lookup or form: what the database allows.
    let staff: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
        .fetch_one(&db.pool)
        .await?;
    let user = CurrentUser {
        id: staff,
        login: "demo-staff".into(),
        display_name: "demo-staff".into(),
        role: Role::Staff,
        partner_id: None,
        partner_name: None,
        must_change_password: false,
        locale: None,
    };
    let pairs = prepare(&db, "raw", a.bookings).await?;
    let raw_db = db.clone();
    let raw = measure(pairs, a.concurrency, move |n, session, resident| {
        let (db, user) = (raw_db.clone(), user.clone());
        async move {
            let key = format!("bench-raw-{n}-{resident}");
            let booked =
                yorisoi::registrations::ops::book(&db, &user, session, resident, &key, None).await;
            matches!(
                booked,
                Ok(yorisoi::registrations::store::Booked::Confirmed(_)
                    | yorisoi::registrations::store::Booked::Waitlisted(_))
            )
        }
    })
    .await;
    report(&db, "raw", &format!("the booking operation alone, {} at a time", a.concurrency), &raw)
        .await?;
    println!(
        "{:?}: over HTTP at {:.0}% of the rate of the operation alone",
        db.backend,
        100.0 * http.rate() / raw.rate()
    );
    Ok(())
}
