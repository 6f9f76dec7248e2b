//! Intake search benchmark at Tokyo scale: generates residents with common Japanese names,
//! readings and phone numbers, then times `residents::store::search` (what the intake
//! screen calls on every keystroke) per kind of query and prints p50/p95. It also checks
//! that every answer is the one a plain scan of the table gives (the same people, in the
//! same order), so the indexes change speed, not results. `scripts/bench-search.sh` runs
//! it on a fresh SQLite file and a fresh PostgreSQL database. Not a test: it asserts
//! nothing about time.
//!
//! ```sh
//! cargo run --release --features ssr --example bench_search -- \
//!     --database-url sqlite:///tmp/search.db --residents 300000
//! ```

mod common;

use common::{insert_rows, int, ms, Cell, Lcg};
use std::time::Instant;
use yorisoi::db::Db;
use yorisoi::domain::Kana;

/// (written, reading, romaji)
const FAMILY: &[(&str, &str, &str)] = &[
    ("佐藤", "さとう", "satou"),
    ("鈴木", "すずき", "suzuki"),
    ("高橋", "たかはし", "takahashi"),
    ("田中", "たなか", "tanaka"),
    ("伊藤", "いとう", "itou"),
    ("渡辺", "わたなべ", "watanabe"),
    ("山本", "やまもと", "yamamoto"),
    ("中村", "なかむら", "nakamura"),
    ("小林", "こばやし", "kobayashi"),
    ("加藤", "かとう", "katou"),
    ("吉田", "よしだ", "yoshida"),
    ("山田", "やまだ", "yamada"),
    ("佐々木", "ささき", "sasaki"),
    ("山口", "やまぐち", "yamaguchi"),
    ("松本", "まつもと", "matsumoto"),
    ("井上", "いのうえ", "inoue"),
    ("木村", "きむら", "kimura"),
    ("斎藤", "さいとう", "saitou"),
    ("清水", "しみず", "shimizu"),
    ("山崎", "やまざき", "yamazaki"),
    ("池田", "いけだ", "ikeda"),
    ("橋本", "はしもと", "hashimoto"),
    ("石川", "いしかわ", "ishikawa"),
    ("中島", "なかじま", "nakajima"),
    ("石井", "いしい", "ishii"),
    ("小川", "おがわ", "ogawa"),
    ("前田", "まえだ", "maeda"),
    ("岡田", "おかだ", "okada"),
    ("長谷川", "はせがわ", "hasegawa"),
    ("藤田", "ふじた", "fujita"),
];

const GIVEN: &[(&str, &str)] = &[
    ("花子", "はなこ"),
    ("太郎", "たろう"),
    ("節子", "せつこ"),
    ("和子", "かずこ"),
    ("幸子", "さちこ"),
    ("洋子", "ようこ"),
    ("恵子", "けいこ"),
    ("京子", "きょうこ"),
    ("清", "きよし"),
    ("茂", "しげる"),
    ("博", "ひろし"),
    ("勇", "いさむ"),
    ("実", "みのる"),
    ("進", "すすむ"),
    ("正", "ただし"),
    ("明美", "あけみ"),
    ("久美子", "くみこ"),
    ("美智子", "みちこ"),
    ("昭", "あきら"),
    ("登美子", "とみこ"),
];

struct Args {
    database_url: String,
    residents: usize,
    runs: usize,
}

fn args() -> Args {
    let mut a = Args {
        database_url: std::env::var("DATABASE_URL").unwrap_or_default(),
        residents: 300_000,
        runs: 5,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_default();
        match flag.as_str() {
            "--database-url" => a.database_url = value,
            "--residents" => a.residents = value.parse().expect("--residents number"),
            "--runs" => a.runs = value.parse().expect("--runs number"),
            other => panic!("unknown option {other}"),
        }
    }
    a
}

/// Residents in batches of multi-row inserts: name, reading, phone, and for one in three a
/// second phone.
async fn generate(db: &Db, count: usize) -> anyhow::Result<()> {
    let mut rng = Lcg(20_261_207);
    let mut rows = Vec::with_capacity(count);
    for _ in 0..count {
        let (family, family_kana, _) = FAMILY[rng.next(FAMILY.len())];
        let (given, given_kana) = GIVEN[rng.next(GIVEN.len())];
        let kana = Kana::parse(&format!("{family_kana} {given_kana}")).expect("a reading");
        let phone = format!("0{}{:08}", [90, 80, 70][rng.next(3)], rng.next(100_000_000));
        let alt = (rng.next(3) == 0).then(|| format!("042{:07}", rng.next(10_000_000)));
        rows.push((format!("{family} {given}"), kana, phone, alt));
    }
    let rows: Vec<Vec<Cell>> = rows
        .into_iter()
        .map(|(name, kana, phone, alt)| {
            vec![
                Cell::Text(name),
                Cell::Text(kana.as_str().to_string()),
                Cell::Text(kana.as_str().replace(' ', "")),
                Cell::Text(kana.sort_key()),
                Cell::Text(phone),
                alt.map_or(Cell::Null, Cell::Text),
                Cell::Text("phone".into()),
                int(0),
                int(0),
            ]
        })
        .collect();
    insert_rows(
        db,
        "residents (name, kana, kana_compact, kana_sort, phone, phone_alt, contact_pref, \
         created_at, updated_at)",
        9,
        &rows,
    )
    .await?;
    Ok(())
}

/// What a plain scan of the table answers (the search before its indexes): the same
/// conditions, the same order.
async fn by_scan(db: &Db, typed: &str) -> anyhow::Result<Vec<i64>> {
    use yorisoi::residents::store::Query;
    let like = |t: &str| format!("%{t}%");
    let (condition, pattern) = match Query::parse(typed) {
        None => return Ok(Vec::new()),
        Some(Query::Phone(d)) => ("(phone LIKE $1 OR phone_alt LIKE $1)", like(&d)),
        Some(Query::Kana(k)) => ("kana_compact LIKE $1", like(&k)),
        Some(Query::Name(n)) => {
            ("REPLACE(REPLACE(name, ' ', ''), '　', '') LIKE $1", like(&n.replace([' ', '　'], "")))
        }
    };
    let sql = format!(
        "SELECT id FROM residents WHERE merged_into IS NULL AND {condition} \
         ORDER BY kana_sort, id LIMIT 30"
    );
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(pattern).fetch_all(&db.pool).await?)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let a = args();
    let db = Db::connect(&a.database_url).await?;
    db.migrate().await?;
    let started = Instant::now();
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM residents").fetch_one(&db.pool).await?;
    if (existing as usize) < a.residents {
        generate(&db, a.residents - existing as usize).await?;
    }
    if db.backend == yorisoi::db::Backend::Postgres {
        sqlx::query("ANALYZE residents, residents_grams").execute(&db.pool).await?;
    }
    println!(
        "{:?}: {} residents, generated in {:.1} s",
        db.backend,
        a.residents,
        started.elapsed().as_secs_f64()
    );

    let mut rng = Lcg(7);
    let mut phones: Vec<String> = sqlx::query_scalar(
        "SELECT phone FROM residents WHERE phone IS NOT NULL ORDER BY id LIMIT 2000",
    )
    .fetch_all(&db.pool)
    .await?;
    phones.retain(|p| p.len() >= 4);
    let kinds: Vec<(&str, Vec<String>)> = vec![
        ("reading prefix (3 kana)", FAMILY.iter().map(|f| f.1.chars().take(3).collect()).collect()),
        (
            "reading fragment (family end + given start)",
            (0..30)
                .map(|n| {
                    let f: Vec<char> = FAMILY[n % FAMILY.len()].1.chars().collect();
                    let g: Vec<char> = GIVEN[n % GIVEN.len()].1.chars().collect();
                    format!("{}{}{}", f[f.len() - 2], f[f.len() - 1], g[0])
                })
                .collect(),
        ),
        ("romaji (family name)", FAMILY.iter().map(|f| f.2.to_string()).collect()),
        ("written name (family + given)", {
            (0..30)
                .map(|n| format!("{}{}", FAMILY[n % FAMILY.len()].0, GIVEN[n % GIVEN.len()].0))
                .collect()
        }),
        ("reading fragment (2 kana: a family name's last two)", {
            FAMILY
                .iter()
                .map(|f| {
                    let k: Vec<char> = f.1.chars().collect();
                    k[k.len() - 2..].iter().collect()
                })
                .collect()
        }),
        ("first letter typed (a written family name's first character)", {
            FAMILY.iter().map(|f| f.0.chars().take(1).collect()).collect()
        }),
        ("written family name (2 characters)", {
            FAMILY.iter().filter(|f| f.0.chars().count() == 2).map(|f| f.0.to_string()).collect()
        }),
        (
            "phone, last four digits",
            (0..30)
                .map(|_| {
                    let p = &phones[rng.next(phones.len())];
                    p[p.len() - 4..].to_string()
                })
                .collect(),
        ),
        (
            "phone, first three digits (a third of everyone matches)",
            vec!["090".into(), "080".into(), "070".into()],
        ),
        ("no match (rare 2-kana fragment)", vec!["ぬゑ".into(), "ゐぇ".into(), "ゔぉ".into()]),
        ("no match (one rare character)", vec!["鬱".into(), "ゑ".into(), "彁".into()]),
    ];
    for (kind, queries) in kinds {
        let mut times = Vec::new();
        let mut found = 0;
        for query in &queries {
            let expected = by_scan(&db, query).await?;
            for _ in 0..a.runs {
                let t = Instant::now();
                let got = yorisoi::residents::store::search(&db, query).await?;
                times.push(t.elapsed());
                let ids: Vec<i64> = got.iter().map(|m| m.id).collect();
                anyhow::ensure!(
                    ids == expected,
                    "{kind}: {query} answered {ids:?}, not {expected:?}"
                );
            }
            found += expected.len();
        }
        times.sort();
        let pct =
            |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "{:?} {kind}: {} queries × {} runs, p50 {:.1} ms, p95 {:.1} ms, {:.1} matches shown \
             per query (at most 30), answers the same as a plain scan",
            db.backend,
            queries.len(),
            a.runs,
            ms(pct(0.50)),
            ms(pct(0.95)),
            found as f64 / queries.len() as f64
        );
    }
    Ok(())
}
