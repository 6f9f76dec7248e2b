//! Demo supporters: volunteers at every stage of the course, with their certificates and
//! badges.

use sqlx::{Any, Transaction};

/// Supporters at every stage: some asking, trainees part-way through the course (one
/// stalled), certified and active ones (the demo volunteer among them, with a デジタル推進委員
/// badge about to expire) and one resting. Returns how many were added.
pub(super) async fn create(tx: &mut Transaction<'_, Any>) -> anyhow::Result<usize> {
    use crate::supporters::{store as supporters, Stage};
    let done: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM supporters").fetch_one(&mut **tx).await?;
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
    type Person =
        (&'static str, &'static str, Stage, usize, i64, &'static [&'static str], &'static str);
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
        ("石川 健", "いしかわ けん", Stage::Active, 11, 120, &["android", "cashless"], ""),
        (
            "上田 由美",
            "うえだ ゆみ",
            Stage::Active,
            11,
            200,
            &["iphone", "android", "mynaportal"],
            "ueda@example.jp",
        ),
        ("遠藤 誠", "えんどう まこと", Stage::Certified, 11, 10, &["android", "line"], ""),
        ("大野 静香", "おおの しずか", Stage::Certified, 11, 25, &["iphone"], "ono@example.jp"),
        ("加藤 陽子", "かとう ようこ", Stage::Completed, 11, 5, &["iphone", "line"], ""),
        ("木村 大輔", "きむら だいすけ", Stage::Enrolled, 7, 3, &["android"], "kimura@example.jp"),
        ("工藤 さくら", "くどう さくら", Stage::Enrolled, 4, 12, &["iphone"], ""),
        ("小林 正", "こばやし ただし", Stage::Enrolled, 2, 45, &["android", "line"], ""),
        ("斎藤 恵", "さいとう めぐみ", Stage::Enrolled, 0, 8, &["iphone"], "saito@example.jp"),
        ("清水 翔", "しみず しょう", Stage::Interested, 0, 2, &["iphone", "cashless"], ""),
        ("鈴木 花", "すずき はな", Stage::Interested, 0, 15, &[], "suzuki@example.jp"),
        ("高田 修", "たかだ おさむ", Stage::Inactive, 11, 300, &["android"], ""),
        ("中村 和子", "なかむら かずこ", Stage::Inactive, 3, 150, &["line"], ""),
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
                    (earned + chrono::Duration::days(365)).format("%Y-%m-%d").to_string(),
                ),
                note: String::new(),
            };
            supporters::add_credential(tx, id, &badge, staff).await?;
            let training = crate::supporters::Credential {
                id: 0,
                kind: crate::supporters::CredentialKind::LocalTraining,
                name: "東大和市 傾聴とロールプレイ講座".to_string(),
                earned_on: (today - chrono::Duration::days(200)).format("%Y-%m-%d").to_string(),
                expires_on: None,
                note: String::new(),
            };
            supporters::add_credential(tx, id, &training, staff).await?;
        }
    }
    Ok(PEOPLE.len())
}
