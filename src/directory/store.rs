//! SQL for partners, venues and districts.

use super::{ListEntry, Partner, PartnerDetail, PartnerKind, RefList, Venue, VenueDetail};
use crate::db::{flag, now, Db};
use crate::domain::PhoneNumber;
use sqlx::AnyConnection;

/// Stored digits as people read them; kept as stored if they do not parse.
fn grouped(digits: Option<String>) -> Option<String> {
    digits.map(|d| PhoneNumber::display(&d))
}

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
                contact_phone: grouped(r.contact_phone),
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
    elevator: i64,
    step_free: i64,
    hearing_loop: i64,
    parking: i64,
}

/// Venues in the city's district order, then by name.
pub async fn venues(db: &Db) -> sqlx::Result<Vec<Venue>> {
    let rows: Vec<VenueRow> = sqlx::query_as(
        "SELECT v.id, v.name, d.name AS district, v.address, v.capacity, v.elevator, \
                v.step_free, v.hearing_loop, v.parking \
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
            elevator: r.elevator != 0,
            step_free: r.step_free != 0,
            hearing_loop: r.hearing_loop != 0,
            parking: r.parking != 0,
        })
        .collect())
}

/// The city's districts in the city's order, as `(id, name)`.
pub async fn districts(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM districts ORDER BY sort_order").fetch_all(&db.pool).await
}

#[derive(sqlx::FromRow)]
struct VenueDetailRow {
    id: i64,
    name: String,
    district_id: Option<i64>,
    address: String,
    capacity: Option<i64>,
    elevator: i64,
    step_free: i64,
    hearing_loop: i64,
    parking: i64,
    access_notes: String,
}

pub async fn venue(db: &Db, id: i64) -> sqlx::Result<Option<VenueDetail>> {
    let row: Option<VenueDetailRow> = sqlx::query_as(
        "SELECT id, name, district_id, address, capacity, elevator, step_free, hearing_loop, \
                parking, access_notes FROM venues WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| VenueDetail {
        id: r.id,
        name: r.name,
        district_id: r.district_id,
        address: r.address,
        capacity: r.capacity,
        elevator: r.elevator != 0,
        step_free: r.step_free != 0,
        hearing_loop: r.hearing_loop != 0,
        parking: r.parking != 0,
        access_notes: r.access_notes,
    }))
}

/// Inserts (id 0) or updates a venue; its id. The operation checks the name first.
pub async fn save_venue(conn: &mut AnyConnection, v: &VenueDetail) -> sqlx::Result<i64> {
    let flags = [v.elevator, v.step_free, v.hearing_loop, v.parking].map(flag);
    if v.id == 0 {
        sqlx::query_scalar(
            "INSERT INTO venues (name, district_id, address, capacity, elevator, step_free, \
                hearing_loop, parking, access_notes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(&v.name)
        .bind(v.district_id)
        .bind(&v.address)
        .bind(v.capacity)
        .bind(flags[0])
        .bind(flags[1])
        .bind(flags[2])
        .bind(flags[3])
        .bind(&v.access_notes)
        .bind(now())
        .fetch_one(&mut *conn)
        .await
    } else {
        sqlx::query(
            "UPDATE venues SET name = $1, district_id = $2, address = $3, capacity = $4, \
                elevator = $5, step_free = $6, hearing_loop = $7, parking = $8, access_notes = $9 \
             WHERE id = $10",
        )
        .bind(&v.name)
        .bind(v.district_id)
        .bind(&v.address)
        .bind(v.capacity)
        .bind(flags[0])
        .bind(flags[1])
        .bind(flags[2])
        .bind(flags[3])
        .bind(&v.access_notes)
        .bind(v.id)
        .execute(&mut *conn)
        .await?;
        Ok(v.id)
    }
}

#[derive(sqlx::FromRow)]
struct PartnerDetailRow {
    id: i64,
    name: String,
    kind: String,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    notes: Option<String>,
}

pub async fn partner(db: &Db, id: i64) -> sqlx::Result<Option<PartnerDetail>> {
    let row: Option<PartnerDetailRow> = sqlx::query_as(
        "SELECT id, name, kind, contact_name, contact_phone, notes FROM partners WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.and_then(|r| {
        Some(PartnerDetail {
            partner: Partner {
                id: r.id,
                name: r.name,
                kind: PartnerKind::from_code(&r.kind)?,
                contact_name: r.contact_name,
                contact_phone: grouped(r.contact_phone),
            },
            notes: r.notes.unwrap_or_default(),
        })
    }))
}

/// Inserts (id 0) or updates a partner; its id. The operation checks the name first.
pub async fn save_partner(conn: &mut AnyConnection, p: &PartnerDetail) -> sqlx::Result<i64> {
    let q = &p.partner;
    if q.id == 0 {
        sqlx::query_scalar(
            "INSERT INTO partners (name, kind, contact_name, contact_phone, notes, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&q.name)
        .bind(q.kind.code())
        .bind(&q.contact_name)
        .bind(&q.contact_phone)
        .bind(&p.notes)
        .bind(now())
        .fetch_one(&mut *conn)
        .await
    } else {
        sqlx::query(
            "UPDATE partners SET name = $1, kind = $2, contact_name = $3, contact_phone = $4, \
                notes = $5 WHERE id = $6",
        )
        .bind(&q.name)
        .bind(q.kind.code())
        .bind(&q.contact_name)
        .bind(&q.contact_phone)
        .bind(&p.notes)
        .bind(q.id)
        .execute(&mut *conn)
        .await?;
        Ok(q.id)
    }
}

/// Every entry of a list, offered or not, in list order.
pub async fn entries(db: &Db, list: RefList) -> sqlx::Result<Vec<ListEntry>> {
    let sql = format!(
        "SELECT id, name, sort_order, active FROM {} ORDER BY sort_order, id",
        list.table()
    );
    let rows: Vec<(i64, String, i64, i64)> =
        sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(&db.pool).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, sort_order, active)| ListEntry {
            id,
            name,
            sort_order,
            active: active != 0,
        })
        .collect())
}

/// Inserts (id 0) or updates an entry; its id. The operation checks the name first.
pub async fn save_entry(
    conn: &mut AnyConnection,
    list: RefList,
    t: &ListEntry,
) -> sqlx::Result<i64> {
    let table = list.table();
    if t.id == 0 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} (name, sort_order, active) VALUES ($1, $2, $3) RETURNING id"
        )))
        .bind(&t.name)
        .bind(t.sort_order)
        .bind(flag(t.active))
        .fetch_one(&mut *conn)
        .await
    } else {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET name = $1, sort_order = $2, active = $3 WHERE id = $4"
        )))
        .bind(&t.name)
        .bind(t.sort_order)
        .bind(flag(t.active))
        .bind(t.id)
        .execute(&mut *conn)
        .await?;
        Ok(t.id)
    }
}

/// Reference data whose names are unique.
#[derive(Clone, Copy)]
pub enum Named {
    Partner,
    Venue,
    List(RefList),
}

/// Whether a row other than `id` already has `name`. Read on the pool before a save's
/// transaction, so that transaction writes first (SQLite: no lock upgrade to fail).
pub async fn name_taken(db: &Db, kind: Named, name: &str, id: i64) -> sqlx::Result<bool> {
    let table = match kind {
        Named::Partner => "partners",
        Named::Venue => "venues",
        Named::List(list) => list.table(),
    };
    let sql = format!("SELECT id FROM {table} WHERE name = $1 AND id <> $2");
    let found: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(name)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(found.is_some())
}
