//! Reach-report benchmark at Tokyo scale: generates residents, sessions over four fiscal
//! years with their attendances (age band and district recorded on each, as check-in
//! records them), paper-support requests, questionnaires (tallies per session, and a sheet
//! per person for four in five attendances) and helpers' time into an empty
//! database, builds the rollup, then times the full dashboard query set
//! (`reach::store::report`: the year, the same months a year before, the KPI baseline).
//! Then it adds a year of the day-to-day work (helpers on every session, a confirmation and
//! a reminder for every booking of FY2025, open paper-support follow-ups, loans) and times
//! each role's today page (`today::ops::today`) on a day in the middle of FY2025.
//! `scripts/bench-reach.sh` runs it on a fresh SQLite file and a fresh PostgreSQL database.
//! Not a test: it asserts nothing about time.
//!
//! ```sh
//! cargo run --release --features ssr --example bench_reach -- \
//!     --database-url sqlite:///tmp/reach.db --residents 300000 --attendances 1500000
//! ```

mod common;

use common::{insert_rows, int, ms, Cell, Lcg};
use std::time::Instant;
use yorisoi::auth::{CurrentUser, Role};
use yorisoi::db::Db;
use yorisoi::domain::FiscalYear;
use yorisoi::reach::{store, Period};

struct Args {
    database_url: String,
    residents: usize,
    attendances: usize,
    runs: usize,
}

fn args() -> Args {
    let mut a = Args {
        database_url: std::env::var("DATABASE_URL").unwrap_or_default(),
        residents: 300_000,
        attendances: 1_500_000,
        runs: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--database-url" => a.database_url = value,
            "--residents" => a.residents = value.parse().expect("--residents number"),
            "--attendances" => a.attendances = value.parse().expect("--attendances number"),
            "--runs" => a.runs = value.parse().expect("--runs number"),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

const FISCAL_YEARS: [i32; 4] = [2022, 2023, 2024, 2025];
const DISTRICTS: usize = 62;
const PER_SESSION: usize = 25;

async fn generate(db: &Db, a: &Args) -> anyhow::Result<()> {
    let mut rng = Lcg(20_251_125);
    // Tokyo has 62 municipalities: the 17 seeded districts plus 45 more.
    let seeded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM districts").fetch_one(&db.pool).await?;
    let extra: Vec<Vec<Cell>> = (seeded as usize + 1..=DISTRICTS)
        .map(|n| vec![Cell::Text(format!("地区{n}")), Cell::Text(format!("ちく{n}")), int(n)])
        .collect();
    insert_rows(db, "districts (name, kana, sort_order)", 3, &extra).await?;
    let districts: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM districts ORDER BY id").fetch_all(&db.pool).await?;
    let partners: Vec<Vec<Cell>> = [("tokyo", 1), ("community", 30), ("city", 1)]
        .iter()
        .flat_map(|(kind, n)| (0..*n).map(move |i| (kind, i)))
        .map(|(kind, i)| {
            vec![
                Cell::Text(format!("{kind}-{i}")),
                Cell::Text(kind.to_string()),
                Cell::Text("担当".into()),
                Cell::Text("0425630000".into()),
                int(0),
            ]
        })
        .collect();
    insert_rows(db, "partners (name, kind, contact_name, contact_phone, created_at)", 5, &partners)
        .await?;
    let partner_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM partners ORDER BY id").fetch_all(&db.pool).await?;
    let venues: Vec<Vec<Cell>> = (0..40)
        .map(|i| {
            vec![
                Cell::Text(format!("会場{i}")),
                int(districts[i % districts.len()]),
                Cell::Text("東京都".into()),
                int(30),
                int(0),
            ]
        })
        .collect();
    insert_rows(db, "venues (name, district_id, address, capacity, created_at)", 5, &venues)
        .await?;
    let venue_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM venues ORDER BY id").fetch_all(&db.pool).await?;
    let topics: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM topics ORDER BY id").fetch_all(&db.pool).await?;
    let helper: i64 = sqlx::query_scalar(
        "INSERT INTO users (login, display_name, role, password_hash, created_at) \
         VALUES ('bench-helper', 'ベンチ', 'volunteer', 'x', 0) RETURNING id",
    )
    .fetch_one(&db.pool)
    .await?;

    // Residents: born 1930–1979, spread over the districts.
    let births: Vec<(i64, i64)> = (0..a.residents)
        .map(|_| (1930 + rng.next(50) as i64, districts[rng.next(districts.len())]))
        .collect();
    let residents: Vec<Vec<Cell>> = births
        .iter()
        .enumerate()
        .map(|(n, (born, district))| {
            vec![
                Cell::Text(format!("住民{n}")),
                Cell::Text("じゅうみん".into()),
                Cell::Text("じゅうみん".into()),
                Cell::Text("じゅうみん".into()),
                int(*born),
                int(*district),
                int(0),
                int(0),
            ]
        })
        .collect();
    insert_rows(
        db,
        "residents (name, kana, kana_compact, kana_sort, birth_year, district_id, created_at, updated_at)",
        8,
        &residents,
    )
    .await?;
    let first_resident: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM residents").fetch_one(&db.pool).await?;

    // Sessions: the attendances split evenly over the four years, 25 people each.
    let sessions_total = a.attendances / PER_SESSION;
    let mut sessions = Vec::with_capacity(sessions_total);
    for n in 0..sessions_total {
        let fy = FISCAL_YEARS[n % FISCAL_YEARS.len()];
        let day =
            FiscalYear::starting_in(fy).first_day() + chrono::Duration::days(rng.next(365) as i64);
        let starts = day.and_hms_opt(1, 0, 0).expect("time").and_utc().timestamp();
        sessions.push(vec![
            Cell::Text(format!("bench-{n}@yorisoi")),
            Cell::Text("スマホ講座".into()),
            Cell::Text("first".into()),
            int(partner_ids[rng.next(partner_ids.len())]),
            int(venue_ids[rng.next(venue_ids.len())]),
            int(starts),
            int(starts + 7200),
            Cell::Text(day.format("%Y-%m-%d").to_string()),
            int(fy),
            int(30),
            int(PER_SESSION - 2),
            int(PER_SESSION - 3),
            int(3),
            Cell::Text("held".into()),
            int(0),
            int(0),
        ]);
    }
    insert_rows(
        db,
        "sessions (uid, title, level, host_partner_id, venue_id, starts_at, ends_at, local_date, \
            fiscal_year, capacity, seats_taken, present_booked, present_walkins, status, created_at, updated_at)",
        16,
        &sessions,
    )
    .await?;
    let session_rows: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, fiscal_year FROM sessions ORDER BY id")
            .fetch_all(&db.pool)
            .await?;

    // Attendances with the facts check-in records.
    let mut registrations = Vec::with_capacity(a.attendances);
    let mut key = 0usize;
    for (session, fy) in &session_rows {
        // Consecutive strides from a random start: 25 different people per session.
        let start = rng.next(a.residents);
        for seat in 0..PER_SESSION {
            let resident = (start + seat * 7919) % a.residents;
            let (born, district) = births[resident];
            let band = store::band_of(Some(born), None, FiscalYear::starting_in(*fy as i32));
            key += 1;
            registrations.push(vec![
                int(*session),
                int(first_resident + resident as i64),
                Cell::Text("confirmed".into()),
                Cell::Text(format!("b{key}")),
                int(0),
                int(1),
                int(i64::from(seat >= PER_SESSION - 3)),
                band.map(Cell::Text).unwrap_or(Cell::Null),
                int(district),
            ]);
        }
    }
    insert_rows(
        db,
        "registrations (session_id, resident_id, status, idempotency_key, created_at, attended, \
            walkin, age_band, district_id)",
        9,
        &registrations,
    )
    .await?;
    drop(registrations);

    // Topics, questionnaires, self-checks and helpers' time for every session.
    let mut topic_rows = Vec::new();
    let mut report_rows = Vec::new();
    let mut could_rows = Vec::new();
    let mut hour_rows = Vec::new();
    for (session, _) in &session_rows {
        let topic = topics[rng.next(topics.len())];
        topic_rows.push(vec![int(*session), int(topic)]);
        could_rows.push(vec![int(*session), int(topic), int(rng.next(PER_SESSION))]);
        let five = rng.next(10) as i64;
        report_rows.push(vec![
            int(*session),
            int(1),
            int(2),
            int(5),
            int(PER_SESSION as i64 - 8 - five),
            int(five),
            int(0),
        ]);
        hour_rows.push(vec![int(*session), int(helper), int(150)]);
    }
    insert_rows(db, "session_topics (session_id, topic_id)", 2, &topic_rows).await?;
    insert_rows(
        db,
        "session_reports (session_id, satisfied_1, satisfied_2, satisfied_3, satisfied_4, satisfied_5, updated_at)",
        7,
        &report_rows,
    )
    .await?;
    insert_rows(db, "report_topics (session_id, topic_id, could_do)", 3, &could_rows).await?;
    insert_rows(db, "helper_hours (session_id, user_id, minutes)", 3, &hour_rows).await?;
    // Questionnaires one by one: four in five who came answered a sheet, with the session's
    // topic; the rollup is built with the reach rollup (`reach::ops::rebuild_all`).
    // `BENCH_NO_SHEETS=1` leaves them out, to compare on the same machine.
    let sheets = !std::env::var("BENCH_NO_SHEETS").is_ok_and(|v| v == "1");
    if sheets {
        sqlx::query(
            "INSERT INTO questionnaire_answers (session_id, registration_id, via, satisfaction, \
                next_level, wants_to_help, contact_ok, created_at) \
             SELECT session_id, id, 'paper', 1 + id % 5, id % 2, 0, 0, 0 FROM registrations \
             WHERE attended = 1 AND id % 5 <> 0",
        )
        .execute(&db.pool)
        .await?;
        sqlx::query(
            "INSERT INTO questionnaire_topics (answer_id, topic_id, level) \
             SELECT a.id, st.topic_id, CASE a.id % 3 WHEN 0 THEN 'self' WHEN 1 THEN 'helped' \
                ELSE 'not_yet' END \
             FROM questionnaire_answers a JOIN session_topics st ON st.session_id = a.session_id",
        )
        .execute(&db.pool)
        .await?;
    }

    // Paper support: 10,000 requests a year, a third anonymous.
    let procedure: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM procedures").fetch_one(&db.pool).await?;
    let mut requests = Vec::new();
    for (y, fy) in FISCAL_YEARS.iter().enumerate() {
        for n in 0..10_000 {
            let day = FiscalYear::starting_in(*fy).first_day()
                + chrono::Duration::days(rng.next(365) as i64);
            let anonymous = n % 3 == 0;
            let resident = rng.next(a.residents);
            let (born, district) = births[resident];
            let band = store::band_of(Some(born), None, FiscalYear::starting_in(*fy));
            requests.push(vec![
                if anonymous { Cell::NoNumber } else { int(first_resident + resident as i64) },
                band.map(Cell::Text).unwrap_or(Cell::Null),
                int(district),
                Cell::Text(day.format("%Y-%m-%d").to_string()),
                Cell::Text("counter".into()),
                int(procedure),
                int(1),
                Cell::Text("resolved".into()),
                int(helper),
                int(20),
                Cell::Text(format!("bench-{y}-{n}")),
                int(0),
                int(0),
            ]);
        }
    }
    insert_rows(
        db,
        "support_requests (resident_id, age_band, district_id, requested_on, channel, procedure_id, \
            reason_no_device, status, staff_id, minutes, form_key, created_at, updated_at)",
        13,
        &requests,
    )
    .await?;
    Ok(())
}

/// The day the today pages are timed on: 2025-11-12, 12:00 in Japan.
const TODAY: &str = "2025-11-12";
const NOON: i64 = 1_762_916_400;
/// Notices due from this day on are still pending on the day.
const BACKLOG_FROM: &str = "2025-11-10";

/// A year of day-to-day work on top of the reach data; returns one user of each role.
async fn workday(db: &Db) -> anyhow::Result<Vec<CurrentUser>> {
    let mut rng = Lcg(20_261_206);
    let partner: (i64, String) = sqlx::query_as(
        "SELECT id, name FROM partners WHERE kind = 'community' ORDER BY id LIMIT 1",
    )
    .fetch_one(&db.pool)
    .await?;
    let mut users = Vec::new();
    for role in Role::ALL {
        let partner_id = (role == Role::Coordinator).then_some(partner.0);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (login, display_name, role, partner_id, password_hash, created_at) \
             VALUES ($1, $1, $2, $3, 'x', 0) RETURNING id",
        )
        .bind(format!("bench-{}", role.code()))
        .bind(role.code())
        .bind(partner_id)
        .fetch_one(&db.pool)
        .await?;
        users.push(CurrentUser {
            id,
            login: format!("bench-{}", role.code()),
            display_name: role.code().into(),
            role,
            partner_id,
            partner_name: partner_id.map(|_| partner.1.clone()),
            must_change_password: false,
            locale: None,
        });
    }
    let volunteer = users.iter().find(|u| u.role == Role::Volunteer).map_or(0, |u| u.id);
    // Thirty more volunteers; two helpers at every session, the benchmark's volunteer at
    // every tenth (of every fiscal year).
    let helpers: Vec<Vec<Cell>> = (0..30)
        .map(|n| {
            vec![
                Cell::Text(format!("helper-{n}")),
                Cell::Text(format!("補助{n}")),
                Cell::Text("volunteer".into()),
                Cell::Text("x".into()),
                int(0),
            ]
        })
        .collect();
    insert_rows(db, "users (login, display_name, role, password_hash, created_at)", 5, &helpers)
        .await?;
    let helper_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE login LIKE 'helper-%' ORDER BY id")
            .fetch_all(&db.pool)
            .await?;
    let sessions: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, local_date FROM sessions ORDER BY id")
            .fetch_all(&db.pool)
            .await?;
    let mut assignments = Vec::new();
    for (n, (session, _)) in sessions.iter().enumerate() {
        let first = rng.next(helper_ids.len());
        let second = (first + 1 + rng.next(helper_ids.len() - 1)) % helper_ids.len();
        for (user, role) in [(helper_ids[first], "lead"), (helper_ids[second], "assistant")] {
            assignments.push(vec![int(*session), int(user), Cell::Text(role.into()), int(0)]);
        }
        if n % 10 == 3 {
            assignments.push(vec![
                int(*session),
                int(volunteer),
                Cell::Text("assistant".into()),
                int(0),
            ]);
        }
    }
    insert_rows(db, "session_assignments (session_id, user_id, role, created_at)", 4, &assignments)
        .await?;
    // A confirmation and a reminder for every booking of FY2025, each made on the day it is
    // due (none yet for later days): done or sent when due before the last three days,
    // pending (the backlog and today's) after; by phone, letter or email as residents chose.
    let bookings: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT g.id, g.resident_id, s.id, s.local_date FROM registrations g \
         JOIN sessions s ON s.id = g.session_id WHERE s.fiscal_year = 2025 ORDER BY g.id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut notices = Vec::with_capacity(bookings.len() * 2);
    for (registration, resident, session, day) in &bookings {
        let channel = ["phone", "phone", "phone", "email", "email", "letter"][rng.next(6)];
        let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")?;
        for (kind, due) in [
            ("confirmation", day - chrono::Duration::days(14)),
            ("reminder", day - chrono::Duration::days(2)),
        ] {
            let due = due.format("%Y-%m-%d").to_string();
            if due.as_str() > TODAY {
                continue;
            }
            let status = match (due.as_str() < BACKLOG_FROM, channel) {
                (false, _) => "pending",
                (true, "email") => "sent",
                (true, _) => "done",
            };
            notices.push(vec![
                Cell::Text(kind.into()),
                Cell::Text(channel.into()),
                int(*resident),
                int(*session),
                int(*registration),
                Cell::Text(format!("{kind}:{registration}")),
                Cell::Text(due),
                Cell::Text(status.into()),
                int(0),
            ]);
        }
    }
    drop(bookings);
    insert_rows(
        db,
        "notices (kind, channel, resident_id, session_id, registration_id, dedupe_key, due_on, \
            status, created_at)",
        9,
        &notices,
    )
    .await?;
    drop(notices);
    // Open paper-support requests with follow-ups around the day.
    let procedure: i64 =
        sqlx::query_scalar("SELECT MIN(id) FROM procedures").fetch_one(&db.pool).await?;
    let day = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d")?;
    let open: Vec<Vec<Cell>> = (0..500)
        .map(|n| {
            let follow = day + chrono::Duration::days(rng.next(60) as i64 - 30);
            vec![
                Cell::Text(TODAY.into()),
                Cell::Text("phone".into()),
                int(procedure),
                Cell::Text(if n % 2 == 0 { "open" } else { "in_progress" }.into()),
                Cell::Text(follow.format("%Y-%m-%d").to_string()),
                int(users[1].id),
                Cell::Text(format!("bench-open-{n}")),
                int(0),
                int(0),
            ]
        })
        .collect();
    insert_rows(
        db,
        "support_requests (requested_on, channel, procedure_id, status, follow_up_on, staff_id, \
            form_key, created_at, updated_at)",
        9,
        &open,
    )
    .await?;
    Ok(users)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args();
    let db = Db::connect(&a.database_url).await?;
    db.migrate().await?;
    let started = Instant::now();
    generate(&db, &a).await?;
    let generated = started.elapsed();
    let started = Instant::now();
    yorisoi::reach::ops::rebuild_all(&db).await?;
    let rolled = started.elapsed();
    // Fresh statistics; on PostgreSQL also the visibility map that index-only scans need,
    // which autovacuum writes soon after a bulk load like this one.
    let analyze = match db.backend {
        yorisoi::db::Backend::Postgres => "VACUUM ANALYZE",
        yorisoi::db::Backend::Sqlite => "ANALYZE",
    };
    sqlx::query(analyze).execute(&db.pool).await?;
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM residents), \
            (SELECT COUNT(*) FROM registrations WHERE attended = 1), \
            (SELECT COUNT(DISTINCT district_id) FROM residents), \
            (SELECT COUNT(*) FROM reach_people) + (SELECT COUNT(*) FROM questionnaire_rollup)",
    )
    .fetch_one(&db.pool)
    .await?;
    println!(
        "{:?}: {} residents, {} attendances over FY{}–FY{}, {} districts; generated in {:.1} s, \
         rollup ({} rows) built in {:.1} s",
        db.backend,
        counts.0,
        counts.1,
        FISCAL_YEARS[0],
        FISCAL_YEARS[3],
        counts.2,
        generated.as_secs_f64(),
        counts.3,
        rolled.as_secs_f64()
    );
    for (label, period) in [
        ("FY2025 whole year", Period::new(2025, None, None)),
        ("FY2025 Oct–Dec", Period::new(2025, Some(7), Some(9))),
    ] {
        let report = store::report(&db, period, 5).await?;
        let sheets: i64 = report.current.answers.by_band.iter().map(|(_, n)| n.sheets).sum();
        println!("  ({label}: {sheets} questionnaires in the breakdowns)");
        let mut times = Vec::with_capacity(a.runs);
        for _ in 0..a.runs {
            let started = Instant::now();
            let again = store::report(&db, period, 5).await?;
            times.push(started.elapsed());
            assert_eq!(again.current.people, report.current.people);
        }
        times.sort();
        println!(
            "  dashboard, {label}: {} people reached, {} attendances; {} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
            report.current.people,
            report.current.attendances,
            a.runs,
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
        );
    }
    let started = Instant::now();
    let users = workday(&db).await?;
    sqlx::query(analyze).execute(&db.pool).await?;
    println!("  a year of day-to-day work added in {:.1} s", started.elapsed().as_secs_f64());
    for user in &users {
        let page = yorisoi::today::ops::today(&db, user, true, NOON).await?;
        let mut times = Vec::with_capacity(a.runs);
        for _ in 0..a.runs {
            let started = Instant::now();
            let again = yorisoi::today::ops::today(&db, user, true, NOON).await?;
            times.push(started.elapsed());
            assert_eq!(again, page);
        }
        times.sort();
        let what = match (&page.desk, &page.partner, &page.helper) {
            (Some(d), _, _) => format!(
                "{} calls, {} sessions",
                d.calls.iter().map(|c| c.due_today + c.overdue).sum::<i64>(),
                d.sessions.len()
            ),
            (_, Some(p), _) => format!("{} sessions", p.sessions.len()),
            (_, _, Some(h)) => format!("next session {}", h.next.as_ref().map_or(0, |n| n.id)),
            _ => "figures".into(),
        };
        println!(
            "  today page, {:<11} ({what}): {} runs: min {:.1} ms, median {:.1} ms, max {:.1} ms",
            user.role.code(),
            a.runs,
            ms(times[0]),
            ms(times[times.len() / 2]),
            ms(times[times.len() - 1]),
        );
    }
    Ok(())
}
