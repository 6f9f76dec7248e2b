//! `yorisoi demo`: realistic demo data for trying the system out. Later features add their
//! own demo data here.

use crate::auth::{password, Role};
use crate::db::{now, Db};
use crate::domain::FiscalYear;
use crate::sessions::input::{instant, occurrences, Repeat, SessionInput};
use crate::sessions::{store as sessions, Level};
use crate::users::store::{self as users, NewUser};
use anyhow::{bail, Context};
use chrono::{NaiveDate, NaiveTime};
use sqlx::{Any, Transaction};

/// Demo partners: (name, kind, contact person, phone).
const PARTNERS: [(&str, &str, &str, &str); 4] = [
    (
        "東京都デジタルサービス局（スマホ体験会）",
        "tokyo",
        "都スマホ体験会事務局",
        "0353211111",
    ),
    (
        "東大和スマホサロンの会",
        "community",
        "佐藤 恵子",
        "0425631234",
    ),
    (
        "南街ふれあいサークル",
        "community",
        "鈴木 一郎",
        "09012345678",
    ),
    (
        "東大和市 デジタル政策課",
        "city",
        "デジタル政策課 窓口",
        "0425632111",
    ),
];

/// Demo venues: (name, district, address, capacity).
const VENUES: [(&str, &str, &str, i64); 5] = [
    (
        "東大和市役所 会議棟 第1会議室",
        "中央",
        "東京都東大和市中央3-930",
        30,
    ),
    ("中央公民館 学習室", "中央", "東京都東大和市中央3-915", 24),
    ("南街公民館 講座室", "南街", "東京都東大和市南街5-96-4", 20),
    ("清原地区会館 集会室", "清原", "東京都東大和市清原4-1", 16),
    (
        "桜が丘市民センター 会議室",
        "桜が丘",
        "東京都東大和市桜が丘2-200",
        18,
    ),
];

/// One demo user per role: (login, name, role, partner index).
const USERS: [(&str, &str, Role, Option<usize>); 5] = [
    ("demo-admin", "高橋 美咲", Role::Admin, None),
    ("demo-staff", "田中 健太", Role::Staff, None),
    ("demo-coordinator", "佐藤 恵子", Role::Coordinator, Some(1)),
    ("demo-volunteer", "山本 和子", Role::Volunteer, Some(1)),
    ("demo-reviewer", "伊藤 誠", Role::Reviewer, None),
];

/// The password every demo user gets, printed when the demo loads.
pub const DEMO_PASSWORD: &str = "yorisoi-demo-2025";

pub async fn load(db: &Db, force: bool) -> anyhow::Result<()> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM partners) + (SELECT COUNT(*) FROM venues)",
    )
    .fetch_one(&db.pool)
    .await?;
    if existing > 0 && !force {
        bail!(
            "the database already has users, partners or venues; refusing to add demo data \
             (use --force to add it anyway)"
        );
    }
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut tx = db.pool.begin().await?;
    let at = now();
    let mut partner_ids = Vec::new();
    for (name, kind, contact, phone) in PARTNERS {
        sqlx::query(
            "INSERT INTO partners (name, kind, contact_name, contact_phone, created_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(kind)
        .bind(contact)
        .bind(phone)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM partners WHERE name = $1")
            .bind(name)
            .fetch_one(&mut *tx)
            .await?;
        partner_ids.push(id);
    }
    for (name, district, address, capacity) in VENUES {
        sqlx::query(
            "INSERT INTO venues (name, district_id, address, capacity, created_at) \
             VALUES ($1, (SELECT id FROM districts WHERE name = $2), $3, $4, $5) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(district)
        .bind(address)
        .bind(capacity)
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    let mut added = Vec::new();
    for (login, name, role, partner) in USERS {
        let id = users::insert(
            &mut *tx,
            &NewUser {
                login,
                display_name: name,
                role,
                partner_id: partner.map(|i| partner_ids[i]),
                password_hash: &hash,
                must_change_password: false,
            },
        )
        .await
        .with_context(|| format!("adding demo user {login}"))?;
        if id.is_some() {
            added.push((login, role));
        }
    }
    let sessions = demo_sessions(&mut tx, &partner_ids).await?;
    let (residents, registrations) = demo_residents(&mut tx).await?;
    demo_assignments(&mut tx, partner_ids[1]).await?;
    demo_devices(&mut tx, partner_ids[0]).await?;
    demo_session_days(&mut tx, partner_ids[0]).await?;
    let requests = demo_support(&mut tx).await?;
    let supporters = demo_supporters(&mut tx).await?;
    tx.commit().await?;
    // The demo marks attendance in bulk: record what the reports group by, then roll up.
    crate::reach::ops::rebuild_all(db).await?;
    println!(
        "Demo data loaded: {} partners, {} venues, {sessions} sessions, {residents} residents, \
         {registrations} registrations, {requests} paper-support requests, {supporters} \
         supporters.",
        PARTNERS.len(),
        VENUES.len()
    );
    if added.is_empty() {
        println!("The demo users already existed; their passwords were not changed.");
    } else {
        println!("Demo users (password for each: {DEMO_PASSWORD}):");
        for (login, role) in added {
            println!("  {login:<18} {}", role.code());
        }
    }
    Ok(())
}

/// A monthly demo series.
struct DemoSeries {
    title: &'static str,
    partner: usize,
    venue: &'static str,
    level: Level,
    /// A day in April: it fixes the week and weekday repeated every month.
    april_day: u32,
    hour: u32,
    topics: [&'static str; 2],
    iphone: i64,
    android: i64,
}

const SERIES: [DemoSeries; 4] = [
    DemoSeries {
        title: "東京都スマートフォン体験会",
        partner: 0,
        venue: "東大和市役所 会議棟 第1会議室",
        level: Level::First,
        april_day: 8,
        hour: 14,
        topics: ["基本操作", "電話・カメラ"],
        iphone: 5,
        android: 5,
    },
    DemoSeries {
        title: "スマホサロン LINEをはじめよう",
        partner: 1,
        venue: "中央公民館 学習室",
        level: Level::Beginner,
        april_day: 10,
        hour: 10,
        topics: ["LINE", "基本操作"],
        iphone: 0,
        android: 0,
    },
    DemoSeries {
        title: "ふれあいスマホ相談会",
        partner: 2,
        venue: "南街公民館 講座室",
        level: Level::First,
        april_day: 12,
        hour: 13,
        topics: ["地図・乗換案内", "防災アプリ"],
        iphone: 0,
        android: 0,
    },
    DemoSeries {
        title: "マイナポータルとスマート申請入門",
        partner: 3,
        venue: "桜が丘市民センター 会議室",
        level: Level::Intermediate,
        april_day: 14,
        hour: 10,
        topics: ["マイナンバーカード・マイナポータル", "スマート申請"],
        iphone: 0,
        android: 0,
    },
];

/// Monthly sessions of every demo partner over the previous and the current fiscal year;
/// those already over are marked held. Returns how many were added.
async fn demo_sessions(
    tx: &mut Transaction<'_, Any>,
    partner_ids: &[i64],
) -> anyhow::Result<usize> {
    let today = crate::domain::today_in_japan();
    let first_year = FiscalYear::of(today).start_year() - 1;
    let mut added = 0;
    for DemoSeries {
        title,
        partner,
        venue,
        level,
        april_day,
        hour,
        topics,
        iphone,
        android,
    } in SERIES
    {
        let venue_id: i64 = sqlx::query_scalar("SELECT id FROM venues WHERE name = $1")
            .bind(venue)
            .fetch_one(&mut **tx)
            .await?;
        let mut topic_ids = Vec::new();
        for topic in topics {
            topic_ids.push(
                sqlx::query_scalar::<_, i64>("SELECT id FROM topics WHERE name = $1")
                    .bind(topic)
                    .fetch_one(&mut **tx)
                    .await?,
            );
        }
        let first = NaiveDate::from_ymd_opt(first_year, 4, april_day).context("demo date")?;
        let input = SessionInput {
            title: title.to_string(),
            level,
            host_partner_id: partner_ids[partner],
            cohost_ids: if partner == 0 {
                vec![partner_ids[3]]
            } else {
                Vec::new()
            },
            venue_id,
            date: first,
            start: NaiveTime::from_hms_opt(hour, 0, 0).context("demo time")?,
            end: NaiveTime::from_hms_opt(hour + 2, 0, 0).context("demo time")?,
            capacity: 16,
            walkin_seats: 2,
            loaner_iphone: iphone,
            loaner_android: android,
            what_to_bring: "お持ちの方はスマートフォン、眼鏡".to_string(),
            description: "スマートフォンの使い方を、ゆっくり丁寧にお伝えします。".to_string(),
            volunteer_notes: "受付は開始15分前から。".to_string(),
            topic_ids,
        };
        let series = sessions::create_series(tx, "monthly").await?;
        for date in occurrences(first, Repeat::Monthly(24)) {
            let (Some(start), Some(end)) = (instant(date, input.start), instant(date, input.end))
            else {
                continue;
            };
            // Fixed UIDs make a second `demo --force` add nothing twice.
            let uid = format!(
                "demo-{partner}-{}@yorisoi.higashiyamato",
                date.format("%Y%m%d")
            );
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM sessions WHERE uid = $1")
                .bind(&uid)
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_some() {
                continue;
            }
            sessions::insert(tx, &input, start, end, Some(series), &uid).await?;
            added += 1;
        }
    }
    sqlx::query("UPDATE sessions SET status = 'held' WHERE status = 'scheduled' AND ends_at < $1")
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(added)
}

const FAMILY: [(&str, &str); 10] = [
    ("佐藤", "さとう"),
    ("鈴木", "すずき"),
    ("高橋", "たかはし"),
    ("田中", "たなか"),
    ("伊藤", "いとう"),
    ("渡辺", "わたなべ"),
    ("山本", "やまもと"),
    ("中村", "なかむら"),
    ("小林", "こばやし"),
    ("加藤", "かとう"),
];
const GIVEN: [(&str, &str); 8] = [
    ("和子", "かずこ"),
    ("幸子", "さちこ"),
    ("清", "きよし"),
    ("節子", "せつこ"),
    ("茂", "しげる"),
    ("洋子", "ようこ"),
    ("博", "ひろし"),
    ("正", "ただし"),
];

/// Forty residents who called in, most by phone, a few by letter or email, and their
/// bookings: past sessions filled, upcoming ones part booked, one with a waitlist. Added
/// only when there are no residents yet. Returns (residents, registrations) added.
async fn demo_residents(tx: &mut Transaction<'_, Any>) -> anyhow::Result<(usize, usize)> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM residents")
        .fetch_one(&mut **tx)
        .await?;
    if existing > 0 {
        return Ok((0, 0));
    }
    let staff: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
        .fetch_optional(&mut **tx)
        .await?;
    let districts: Vec<i64> = sqlx::query_scalar("SELECT id FROM districts ORDER BY id")
        .fetch_all(&mut **tx)
        .await?;
    let at = now();
    let mut residents = Vec::new();
    for i in 0..40_usize {
        let (family, family_kana) = FAMILY[i % FAMILY.len()];
        let (given, given_kana) = GIVEN[(i * 3 + i / 10) % GIVEN.len()];
        let kana = crate::domain::Kana::parse(&format!("{family_kana} {given_kana}"))?;
        let contact = match i % 10 {
            3 => "letter",
            7 => "email",
            _ => "phone",
        };
        let smartphone = ["none", "feature", "feature", "android", "iphone"][i % 5];
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO residents (name, kana, kana_compact, kana_sort, phone, birth_year, \
                district_id, postal_code, address, email, contact_pref, smartphone, need_hearing, \
                need_vision, need_companion, consent_at, consent_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                $16, $16) RETURNING id",
        )
        .bind(format!("{family} {given}"))
        .bind(kana.as_str())
        .bind(kana.as_str().replace(' ', ""))
        .bind(kana.sort_key())
        .bind(format!("0425{:02}{:04}", 60 + i % 8, 1000 + i * 37))
        .bind(1936 + (i as i64 * 7) % 28)
        .bind(districts.get(i % districts.len().max(1)).copied())
        .bind(if contact == "letter" { "207-0015" } else { "" })
        .bind(if contact == "letter" {
            format!("東京都東大和市中央{}丁目{}番", 1 + i % 4, 3 + i)
        } else {
            String::new()
        })
        .bind(if contact == "email" {
            format!("demo{i}@example.jp")
        } else {
            String::new()
        })
        .bind(contact)
        .bind(smartphone)
        .bind(i64::from(i % 6 == 0))
        .bind(i64::from(i % 9 == 0))
        .bind(i64::from(i % 7 == 0))
        .bind(at)
        .bind(staff)
        .fetch_one(&mut **tx)
        .await?;
        residents.push(id);
    }
    let sessions: Vec<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT id, capacity, walkin_seats, status FROM sessions ORDER BY starts_at, id",
    )
    .fetch_all(&mut **tx)
    .await?;
    let mut registrations = 0;
    for (n, (session, capacity, walkins, status)) in sessions.iter().enumerate() {
        let seats = capacity - walkins;
        // Past sessions were full; upcoming ones fill as the day comes; every fifth
        // upcoming one is over-booked so its waitlist shows.
        let wanted = match status.as_str() {
            "held" => seats,
            _ if n % 5 == 0 => seats + 3,
            _ => seats / 2,
        };
        let mut taken = 0;
        let mut waiting = 0;
        for k in 0..wanted {
            let resident = residents[(n * 7 + k as usize * 3) % residents.len()];
            let confirmed = taken < seats;
            let result = sqlx::query(
                "INSERT INTO registrations (session_id, resident_id, status, waitlist_position, \
                    idempotency_key, booked_by, created_at, confirmed_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            )
            .bind(session)
            .bind(resident)
            .bind(if confirmed { "confirmed" } else { "waitlisted" })
            .bind((!confirmed).then_some(waiting + 1))
            .bind(format!("demo-{session}-{resident}"))
            .bind(staff)
            .bind(at - 86_400 * 14)
            .bind(confirmed.then_some(at - 86_400 * 14))
            .execute(&mut **tx)
            .await?;
            if result.rows_affected() == 1 {
                registrations += 1;
                if confirmed {
                    taken += 1;
                } else {
                    waiting += 1;
                }
            }
        }
        sqlx::query(
            "UPDATE sessions SET seats_taken = $1, waitlist_count = $2, waitlist_next = $2 \
             WHERE id = $3",
        )
        .bind(taken)
        .bind(waiting)
        .bind(session)
        .execute(&mut **tx)
        .await?;
    }
    Ok((residents.len(), registrations))
}

/// The demo volunteer helps at their group's last two sessions and its next three (lead at
/// the first of those); the demo coordinator's group is theirs.
async fn demo_assignments(tx: &mut Transaction<'_, Any>, partner: i64) -> anyhow::Result<()> {
    let volunteer: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-volunteer'")
            .fetch_optional(&mut **tx)
            .await?;
    let Some(volunteer) = volunteer else {
        return Ok(());
    };
    let at = now();
    let past: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE host_partner_id = $1 AND starts_at < $2 \
         ORDER BY starts_at DESC LIMIT 2",
    )
    .bind(partner)
    .bind(at)
    .fetch_all(&mut **tx)
    .await?;
    let next: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE host_partner_id = $1 AND starts_at >= $2 \
         AND status = 'scheduled' ORDER BY starts_at LIMIT 3",
    )
    .bind(partner)
    .bind(at)
    .fetch_all(&mut **tx)
    .await?;
    for (n, session) in past.iter().chain(next.iter()).enumerate() {
        let role = if n == past.len() { "lead" } else { "assistant" };
        sqlx::query(
            "INSERT INTO session_assignments (session_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (session_id, user_id) DO NOTHING",
        )
        .bind(session)
        .bind(volunteer)
        .bind(role)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Tokyo's trial phones: five iPhones and five Android phones.
async fn demo_devices(tx: &mut Transaction<'_, Any>, tokyo: i64) -> anyhow::Result<()> {
    for n in 1..=5 {
        for (os, label, model) in [
            ("iphone", "iPhone", "iPhone SE"),
            ("android", "Android", "AQUOS sense"),
        ] {
            sqlx::query(
                "INSERT INTO loaner_devices (partner_id, label, os, model, created_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (partner_id, label) DO NOTHING",
            )
            .bind(tokyo)
            .bind(format!("都-{label}-{n:02}"))
            .bind(os)
            .bind(model)
            .bind(now())
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// Past sessions as they went: most booked people came, Tokyo's phones were lent and
/// checked back, and each report is filled in and finalised.
async fn demo_session_days(tx: &mut Transaction<'_, Any>, tokyo: i64) -> anyhow::Result<()> {
    let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_reports")
        .fetch_one(&mut **tx)
        .await?;
    if done > 0 {
        return Ok(());
    }
    let staff: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
        .fetch_optional(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE registrations SET attended = 1, checked_in_at = (SELECT starts_at FROM sessions s \
            WHERE s.id = registrations.session_id) \
         WHERE status = 'confirmed' AND id % 7 <> 0 \
           AND session_id IN (SELECT id FROM sessions WHERE status = 'held')",
    )
    .execute(&mut **tx)
    .await?;
    let held: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
        "SELECT id, host_partner_id, starts_at, ends_at FROM sessions WHERE status = 'held' ORDER BY starts_at",
    )
    .fetch_all(&mut **tx)
    .await?;
    let devices: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM loaner_devices WHERE partner_id = $1 ORDER BY label")
            .bind(tokyo)
            .fetch_all(&mut **tx)
            .await?;
    for (n, (session, host, starts_at, ends_at)) in held.into_iter().enumerate() {
        let present: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM registrations WHERE session_id = $1 AND attended = 1 ORDER BY id",
        )
        .bind(session)
        .fetch_all(&mut **tx)
        .await?;
        if host == tokyo {
            for (registration, device) in present.iter().zip(devices.iter()).take(3) {
                sqlx::query(
                    "INSERT INTO loans (device_id, session_id, registration_id, lent_at, lent_by, \
                        returned_at, returned_by, wiped_at, wiped_by) \
                     VALUES ($1, $2, $3, $4, $5, $6, $5, $6, $5)",
                )
                .bind(device)
                .bind(session)
                .bind(registration)
                .bind(starts_at)
                .bind(staff)
                .bind(ends_at)
                .execute(&mut **tx)
                .await?;
            }
        }
        let people = present.len() as i64;
        // Satisfaction rises over the two years, as the plan hopes.
        let better = (n as i64 * 3 / 10).min(people / 3);
        let five = people * 3 / 10 + better;
        let four = people * 4 / 10;
        let two = (people / 10 - better / 2).max(0);
        let three = (people - five - four - two).max(0);
        sqlx::query(
            "INSERT INTO session_reports (session_id, satisfied_2, satisfied_3, satisfied_4, satisfied_5, \
                notes, finalised_at, finalised_by, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, 'ゆっくり進めました。', $6, $7, $6, $7)",
        )
        .bind(session)
        .bind(two)
        .bind(three)
        .bind(four)
        .bind(five)
        .bind(ends_at + 3600)
        .bind(staff)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO report_topics (session_id, topic_id, could_do) \
             SELECT session_id, topic_id, $2 FROM session_topics WHERE session_id = $1",
        )
        .bind(session)
        .bind(people * 6 / 10)
        .execute(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO helper_hours (session_id, user_id, minutes) \
             SELECT session_id, user_id, $2 FROM session_assignments WHERE session_id = $1",
        )
        .bind(session)
        .bind((ends_at - starts_at) / 60 + 30)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Procedures not in the list that people asked about ("other").
const OTHER_PROCEDURES: [&str; 3] = ["ふるさと納税", "図書館の予約", "粗大ごみの申込み"];

/// A year of paper-support requests, about twenty a month: most at the counter or by phone,
/// マイナポータル and スマート申請 most often, older ones resolved, recent ones still being
/// followed up (some overdue). Returns how many were added.
async fn demo_support(tx: &mut Transaction<'_, Any>) -> anyhow::Result<usize> {
    use crate::support::{store as support, Channel, Status};
    let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_requests")
        .fetch_one(&mut **tx)
        .await?;
    if done > 0 {
        return Ok(0);
    }
    let Some(staff): Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
            .fetch_optional(&mut **tx)
            .await?
    else {
        return Ok(0);
    };
    let procedures: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM procedures WHERE active = 1 ORDER BY sort_order, id")
            .fetch_all(&mut **tx)
            .await?;
    let residents: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM residents WHERE walkin = 0 ORDER BY id")
            .fetch_all(&mut **tx)
            .await?;
    let districts: Vec<i64> = sqlx::query_scalar("SELECT id FROM districts ORDER BY sort_order")
        .fetch_all(&mut **tx)
        .await?;
    if procedures.is_empty() || districts.is_empty() {
        return Ok(0);
    }
    let today = crate::domain::today_in_japan();
    // Procedure weights in list order (スマート申請, LINE, 電子申請, マイナポータル, 決済), then other.
    let pick = |n: usize| -> Option<usize> {
        match n % 20 {
            0..=4 => Some(0),
            5..=7 => Some(1),
            8..=10 => Some(2),
            11..=16 => Some(3),
            17..=18 => Some(4),
            _ => None,
        }
    };
    let total = 240;
    for n in 0..total {
        let days_ago = (total - 1 - n) as i64 * 365 / total as i64;
        let day = today - chrono::Duration::days(days_ago);
        let procedure_id = pick(n * 7 + 3).and_then(|i| procedures.get(i).copied());
        let anonymous = n % 9 < 5 || residents.is_empty();
        let resident_id = (!anonymous).then(|| residents[n * 13 % residents.len()]);
        let reasons: Vec<String> = match n % 6 {
            0 => vec!["no_device"],
            1 => vec!["cannot_operate", "anxiety"],
            2 => vec!["cannot_operate"],
            3 => vec!["vision_hearing", "cannot_operate"],
            4 => vec!["anxiety"],
            _ => vec!["no_email", "no_device"],
        }
        .into_iter()
        .map(String::from)
        .collect();
        let provided: Vec<String> = match n % 5 {
            0 | 1 => vec!["paper_handed"],
            2 => vec!["proxy_entry"],
            3 => vec!["accompanied"],
            _ => vec!["paper_mailed"],
        }
        .into_iter()
        .map(String::from)
        .collect();
        // Some older requests of known residents were referred to a workshop they booked.
        let referral: Option<i64> = match resident_id {
            Some(resident) if days_ago > 20 && n % 4 == 0 => {
                sqlx::query_scalar(
                    "SELECT id FROM registrations WHERE resident_id = $1 ORDER BY id LIMIT 1",
                )
                .bind(resident)
                .fetch_optional(&mut **tx)
                .await?
            }
            _ => None,
        };
        let status = match days_ago {
            _ if referral.is_some() => Status::Open,
            0..=6 => Status::Open,
            7..=20 if n % 2 == 0 => Status::InProgress,
            7..=20 => Status::Open,
            _ => Status::Resolved,
        };
        let follow_up_on = status.is_open().then(|| {
            (day + chrono::Duration::days(7 + (n % 5) as i64))
                .format("%Y-%m-%d")
                .to_string()
        });
        let input = support::SupportInput {
            resident_id,
            age_band: anonymous.then(|| crate::domain::AgeBand::ALL[3 + n % 4].code().to_string()),
            district_id: anonymous.then(|| districts[n * 5 % districts.len()]),
            requested_on: day.format("%Y-%m-%d").to_string(),
            channel: Channel::ALL[[0, 0, 1, 0, 1, 2, 0, 1, 3, 0][n % 10]],
            procedure_id,
            procedure_other: if procedure_id.is_none() {
                OTHER_PROCEDURES[n % OTHER_PROCEDURES.len()].to_string()
            } else {
                String::new()
            },
            reasons,
            reason_other: String::new(),
            provided,
            status,
            follow_up_on,
            minutes: 10 + (n as i64 * 7) % 50,
            notes: String::new(),
        };
        let (id, _) = support::insert(tx, &input, staff, &format!("demo-support-{n}")).await?;
        if let (Some(resident), Some(registration)) = (resident_id, referral) {
            support::mark_referred(tx, id, resident, registration).await?;
        }
    }
    Ok(total)
}

/// Supporters at every stage: some asking, trainees part-way through the course (one
/// stalled), certified and active ones (the demo volunteer among them, with a デジタル推進委員
/// badge about to expire) and one resting. Returns how many were added.
async fn demo_supporters(tx: &mut Transaction<'_, Any>) -> anyhow::Result<usize> {
    use crate::supporters::{store as supporters, Stage};
    let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM supporters")
        .fetch_one(&mut **tx)
        .await?;
    if done > 0 {
        return Ok(0);
    }
    let volunteer: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-volunteer'")
            .fetch_optional(&mut **tx)
            .await?;
    let staff: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
        .fetch_optional(&mut **tx)
        .await?;
    let (Some(volunteer), Some(staff)) = (volunteer, staff) else {
        return Ok(0);
    };
    let districts: Vec<i64> = sqlx::query_scalar("SELECT id FROM districts ORDER BY sort_order")
        .fetch_all(&mut **tx)
        .await?;
    let units: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM course_units WHERE active = 1 ORDER BY sort_order, id")
            .fetch_all(&mut **tx)
            .await?;
    let today = crate::domain::today_in_japan();
    // (name, reading, stage, units done, days ago of the last step, helps with, email)
    type Person = (
        &'static str,
        &'static str,
        Stage,
        usize,
        i64,
        &'static [&'static str],
        &'static str,
    );
    const PEOPLE: [Person; 14] = [
        (
            "青木 明美",
            "あおき あけみ",
            Stage::Active,
            11,
            40,
            &["iphone", "line"],
            "demo-volunteer@example.jp",
        ),
        (
            "石川 健",
            "いしかわ けん",
            Stage::Active,
            11,
            120,
            &["android", "cashless"],
            "",
        ),
        (
            "上田 由美",
            "うえだ ゆみ",
            Stage::Active,
            11,
            200,
            &["iphone", "android", "mynaportal"],
            "ueda@example.jp",
        ),
        (
            "遠藤 誠",
            "えんどう まこと",
            Stage::Certified,
            11,
            10,
            &["android", "line"],
            "",
        ),
        (
            "大野 静香",
            "おおの しずか",
            Stage::Certified,
            11,
            25,
            &["iphone"],
            "ono@example.jp",
        ),
        (
            "加藤 陽子",
            "かとう ようこ",
            Stage::Completed,
            11,
            5,
            &["iphone", "line"],
            "",
        ),
        (
            "木村 大輔",
            "きむら だいすけ",
            Stage::Enrolled,
            7,
            3,
            &["android"],
            "kimura@example.jp",
        ),
        (
            "工藤 さくら",
            "くどう さくら",
            Stage::Enrolled,
            4,
            12,
            &["iphone"],
            "",
        ),
        (
            "小林 正",
            "こばやし ただし",
            Stage::Enrolled,
            2,
            45,
            &["android", "line"],
            "",
        ),
        (
            "斎藤 恵",
            "さいとう めぐみ",
            Stage::Enrolled,
            0,
            8,
            &["iphone"],
            "saito@example.jp",
        ),
        (
            "清水 翔",
            "しみず しょう",
            Stage::Interested,
            0,
            2,
            &["iphone", "cashless"],
            "",
        ),
        (
            "鈴木 花",
            "すずき はな",
            Stage::Interested,
            0,
            15,
            &[],
            "suzuki@example.jp",
        ),
        (
            "高田 修",
            "たかだ おさむ",
            Stage::Inactive,
            11,
            300,
            &["android"],
            "",
        ),
        (
            "中村 和子",
            "なかむら かずこ",
            Stage::Inactive,
            3,
            150,
            &["line"],
            "",
        ),
    ];
    for (n, (name, kana, stage, units_done, ago, help, email)) in PEOPLE.iter().enumerate() {
        let input = supporters::SupporterInput {
            name: name.to_string(),
            kana: crate::domain::Kana::parse(kana)?,
            phone: crate::domain::PhoneNumber::parse(&format!("090-1234-{:04}", 5600 + n)).ok(),
            email: email.to_string(),
            basis: ["lives", "lives", "works", "lives", "studies"][n % 5].to_string(),
            adult_confirmed: true,
            help: help.iter().map(|h| h.to_string()).collect(),
            help_other: String::new(),
            // Weekdays for most, weekends for some; mornings and afternoons.
            days: if n % 3 == 0 { 0b110_0000 } else { 0b001_1111 },
            times: if n % 2 == 0 { 0b011 } else { 0b010 },
            district_id: districts.get(n % districts.len().max(1)).copied(),
            partner_id: None,
            resident_id: None,
            user_id: (n == 0).then_some(volunteer),
            notes: String::new(),
        };
        let started = today - chrono::Duration::days(ago + 90);
        let id = supporters::insert(tx, &input, started).await?;
        let last = today - chrono::Duration::days(*ago);
        let done: Vec<i64> = units.iter().take(*units_done).copied().collect();
        supporters::set_units(tx, id, &done, last, staff).await?;
        let certified = matches!(stage, Stage::Certified | Stage::Active)
            || (*stage == Stage::Inactive && *units_done == units.len());
        let certificate = certified.then(|| supporters::Certificate {
            number: format!("TS-{}-{:04}", last.format("%Y"), 101 + n),
            date: last,
            note: "修了証の原本を窓口で確認".to_string(),
        });
        supporters::set_stage(tx, id, None, *stage, certificate.as_ref(), last).await?;
        if n == 0 {
            // The demo volunteer's badge runs out within the month: a reminder is due.
            let earned = today - chrono::Duration::days(350);
            let badge = crate::supporters::Credential {
                id: 0,
                kind: crate::supporters::CredentialKind::DigitalPromoter,
                name: "デジタル推進委員".to_string(),
                earned_on: earned.format("%Y-%m-%d").to_string(),
                expires_on: Some(
                    (earned + chrono::Duration::days(365))
                        .format("%Y-%m-%d")
                        .to_string(),
                ),
                note: String::new(),
            };
            supporters::add_credential(tx, id, &badge, staff).await?;
            let training = crate::supporters::Credential {
                id: 0,
                kind: crate::supporters::CredentialKind::LocalTraining,
                name: "東大和市 傾聴とロールプレイ講座".to_string(),
                earned_on: (today - chrono::Duration::days(200))
                    .format("%Y-%m-%d")
                    .to_string(),
                expires_on: None,
                note: String::new(),
            };
            supporters::add_credential(tx, id, &training, staff).await?;
        }
    }
    Ok(PEOPLE.len())
}
