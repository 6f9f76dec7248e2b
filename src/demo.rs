//! `yorisoi demo`: realistic demo data for trying the system out. Later features add their
//! own demo data here.

use crate::auth::{password, Role};
use crate::db::{now, Db};
use crate::users::store::{self as users, NewUser};
use anyhow::{bail, Context};

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
    tx.commit().await?;
    println!(
        "Demo data loaded: {} partners, {} venues.",
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
