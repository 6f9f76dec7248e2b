//! Demo partners and venues: the groups that run the workshops and the rooms they use.

use crate::db::now;
use sqlx::{Any, Transaction};

/// Demo partners: (name, kind, contact person, phone).
pub(super) const PARTNERS: [(&str, &str, &str, &str); 4] = [
    ("東京都デジタルサービス局（スマホ体験会）", "tokyo", "都スマホ体験会事務局", "0353211111"),
    ("東大和スマホサロンの会", "community", "佐藤 恵子", "0425631234"),
    ("南街ふれあいサークル", "community", "鈴木 一郎", "09012345678"),
    ("東大和市 デジタル政策課", "city", "デジタル政策課 窓口", "0425632111"),
];

/// Demo venues: (name, district, address, capacity).
pub(super) const VENUES: [(&str, &str, &str, i64); 5] = [
    ("東大和市役所 会議棟 第1会議室", "中央", "東京都東大和市中央3-930", 30),
    ("中央公民館 学習室", "中央", "東京都東大和市中央3-915", 24),
    ("南街公民館 講座室", "南街", "東京都東大和市南街5-96-4", 20),
    ("清原地区会館 集会室", "清原", "東京都東大和市清原4-1", 16),
    ("桜が丘市民センター 会議室", "桜が丘", "東京都東大和市桜が丘2-200", 18),
];

/// Adds the demo partners and venues, leaving those already there. Returns the partners' ids
/// in the order of `PARTNERS`.
pub(super) async fn create(tx: &mut Transaction<'_, Any>) -> anyhow::Result<Vec<i64>> {
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
        .execute(&mut **tx)
        .await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM partners WHERE name = $1")
            .bind(name)
            .fetch_one(&mut **tx)
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
        .execute(&mut **tx)
        .await?;
    }
    Ok(partner_ids)
}
