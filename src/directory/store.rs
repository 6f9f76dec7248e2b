//! SQL for partners, venues and districts.

use super::{Partner, PartnerKind, Venue};
use crate::db::Db;

#[derive(sqlx::FromRow)]
struct PartnerRow {
    id: i64,
    name: String,
    kind: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
}

/// Partners: Tokyo first, then community groups, then the city; by name within each.
pub async fn partners(db: &Db) -> sqlx::Result<Vec<Partner>> {
    let rows: Vec<PartnerRow> = sqlx::query_as(
        "SELECT id, name, kind, contact_name, contact_phone FROM partners \
         ORDER BY CASE kind WHEN 'tokyo' THEN 0 WHEN 'community' THEN 1 ELSE 2 END, name",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Partner {
                id: r.id,
                name: r.name,
                kind: PartnerKind::from_code(&r.kind)?,
                contact_name: r.contact_name,
                contact_phone: r.contact_phone,
            })
        })
        .collect())
}

pub async fn partner_exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM partners WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}

#[derive(sqlx::FromRow)]
struct VenueRow {
    id: i64,
    name: String,
    district: Option<String>,
    address: String,
    capacity: Option<i64>,
}

/// Venues in the city's district order, then by name.
pub async fn venues(db: &Db) -> sqlx::Result<Vec<Venue>> {
    let rows: Vec<VenueRow> = sqlx::query_as(
        "SELECT v.id, v.name, d.name AS district, v.address, v.capacity \
         FROM venues v LEFT JOIN districts d ON d.id = v.district_id \
         ORDER BY d.sort_order, v.name",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Venue {
            id: r.id,
            name: r.name,
            district: r.district,
            address: r.address,
            capacity: r.capacity,
        })
        .collect())
}

/// The city's districts in the city's order, as `(id, name)`.
pub async fn districts(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM districts ORDER BY sort_order")
        .fetch_all(&db.pool)
        .await
}
