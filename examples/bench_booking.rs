//! Booking benchmark: fires N bookings over HTTP, C at a time, at a running yorisoi server
//! and prints bookings per second and p50/p99 latency. `scripts/bench-booking.sh` starts a
//! release server on a fresh SQLite file and a fresh PostgreSQL database and runs this
//! against each. Not a test: it asserts nothing about time.
//!
//! ```sh
//! cargo run --release --features ssr --example bench_booking -- \
//!     --url http://127.0.0.1:3000 --database-url sqlite://data/yorisoi.db -n 2000 -c 50
//! ```

use std::time::{Duration, Instant};

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

/// Sessions of 20 seats (so a fifth of the bookings waitlist) and one resident per booking.
async fn prepare(db: &yorisoi::db::Db, bookings: usize) -> anyhow::Result<Vec<(i64, i64)>> {
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
        .bind(format!("bench-{s}-{at}@bench"))
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
        .bind(format!("080{n:08}"))
        .fetch_one(&db.pool)
        .await?;
        pairs.push((session_ids[n % sessions], id));
    }
    Ok(pairs)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args();
    let db = yorisoi::db::Db::connect(&a.database_url).await?;
    let pairs = prepare(&db, a.bookings).await?;
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

    let started = Instant::now();
    let queue = std::sync::Arc::new(tokio::sync::Mutex::new(pairs.into_iter().enumerate()));
    let mut workers = Vec::new();
    for _ in 0..a.concurrency {
        let (client, queue, url) = (client.clone(), queue.clone(), a.url.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0;
            loop {
                let Some((n, (session, resident))) = queue.lock().await.next() else {
                    break;
                };
                let t = Instant::now();
                let r = client
                    .post(format!("{url}/forms/registrations"))
                    .form(&[
                        ("session_id", session.to_string()),
                        ("resident_id", resident.to_string()),
                        ("key", format!("bench-{n}-{resident}")),
                    ])
                    .send()
                    .await;
                latencies.push(t.elapsed());
                let booked = r.as_ref().is_ok_and(|r| {
                    r.status() == 303
                        && r.headers()
                            .get("location")
                            .and_then(|l| l.to_str().ok())
                            .is_some_and(|l| l.starts_with("/registrations/"))
                });
                if !booked {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    let mut failures = 0;
    for w in workers {
        let (l, f) = w.await?;
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| {
        latencies[((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len()) - 1]
    };
    let (confirmed, waitlisted): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN status = 'confirmed' THEN 1 ELSE 0 END), 0), \
                COALESCE(SUM(CASE WHEN status = 'waitlisted' THEN 1 ELSE 0 END), 0) \
         FROM registrations WHERE idempotency_key LIKE 'bench-%'",
    )
    .fetch_one(&db.pool)
    .await?;
    let over: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE uid LIKE 'bench-%' AND seats_taken > capacity",
    )
    .fetch_one(&db.pool)
    .await?;
    println!(
        "{:?}: {} bookings, {} at a time: {:.0} bookings/s, p50 {:.1} ms, p99 {:.1} ms, \
         {} failed; {} confirmed, {} waitlisted, {} sessions over capacity",
        db.backend,
        latencies.len(),
        a.concurrency,
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        failures,
        confirmed,
        waitlisted,
        over
    );
    Ok(())
}
