//! SQL for partners, venues and districts.

use super::{
    LastPull, ListEntry, Partner, PartnerCalendar, PartnerDetail, PartnerKind, RefList, Venue,
    VenueDetail,
};
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

/// Every district in the city's order, as `(id, name)`, withdrawn ones too (reports and
/// records keep them).
pub async fn districts(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM districts ORDER BY sort_order, id")
        .fetch_all(&db.pool)
        .await
}

/// The districts offered for a new choice (not withdrawn by admins), in the city's order.
pub async fn offered_districts(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as("SELECT id, name FROM districts WHERE active = 1 ORDER BY sort_order, id")
        .fetch_all(&db.pool)
        .await
}

#[derive(sqlx::FromRow)]
struct VenueDetailRow {
    id: i64,
    name: String,
    name_reading: String,
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
        "SELECT id, name, name_reading, district_id, address, capacity, elevator, step_free, \
                hearing_loop, parking, access_notes FROM venues WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| VenueDetail {
        id: r.id,
        name: r.name,
        name_reading: r.name_reading,
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
                hearing_loop, parking, access_notes, created_at, name_reading) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
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
        .bind(&v.name_reading)
        .fetch_one(&mut *conn)
        .await
    } else {
        sqlx::query(
            "UPDATE venues SET name = $1, district_id = $2, address = $3, capacity = $4, \
                elevator = $5, step_free = $6, hearing_loop = $7, parking = $8, access_notes = $9, \
                name_reading = $11 WHERE id = $10",
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
        .bind(&v.name_reading)
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
    // A district's reading is not asked for (none of the lists show it).
    let (extra, extra_value) =
        if list == RefList::Districts { (", kana", ", ''") } else { ("", "") };
    if t.id == 0 {
        sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} (name, sort_order, active{extra}) \
             VALUES ($1, $2, $3{extra_value}) RETURNING id"
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

#[derive(sqlx::FromRow)]
struct CalendarRow {
    url: String,
    topic_id: i64,
    capacity: i64,
    pulled_at: Option<i64>,
    error_code: Option<String>,
    added: i64,
    updated: i64,
    cancelled: i64,
    refused: String,
}

/// A partner's subscribed calendar, if it has one.
pub async fn calendar(db: &Db, partner_id: i64) -> sqlx::Result<Option<PartnerCalendar>> {
    let row: Option<CalendarRow> = sqlx::query_as(
        "SELECT url, topic_id, capacity, pulled_at, error_code, added, updated, cancelled, \
            refused FROM partner_calendars WHERE partner_id = $1",
    )
    .bind(partner_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|r| PartnerCalendar {
        url: r.url,
        topic_id: r.topic_id,
        capacity: r.capacity,
        last: r.pulled_at.map(|at| LastPull {
            at,
            error_code: r.error_code,
            added: r.added,
            updated: r.updated,
            cancelled: r.cancelled,
            refused: r
                .refused
                .split(',')
                .filter_map(|p| p.split_once(':'))
                .filter_map(|(line, code)| Some((line.parse().ok()?, code.to_string())))
                .collect(),
        }),
    }))
}

/// Subscribes a partner to a calendar (or changes it), due to be pulled at once.
pub async fn save_calendar(
    conn: &mut AnyConnection,
    partner_id: i64,
    url: &str,
    topic_id: i64,
    capacity: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO partner_calendars (partner_id, url, topic_id, capacity) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (partner_id) DO UPDATE SET url = $2, \
            topic_id = $3, capacity = $4, next_pull_at = 0",
    )
    .bind(partner_id)
    .bind(url)
    .bind(topic_id)
    .bind(capacity)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends a partner's subscription; true if it had one.
pub async fn remove_calendar(conn: &mut AnyConnection, partner_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM partner_calendars WHERE partner_id = $1")
        .bind(partner_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Makes a partner's calendar due now; true if it has one.
pub async fn pull_soon(conn: &mut AnyConnection, partner_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE partner_calendars SET next_pull_at = 0 WHERE partner_id = $1")
        .bind(partner_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A calendar claimed for one pull (its `Debug` leaves out the URL, which may hold a token).
#[derive(Clone, sqlx::FromRow)]
pub struct DueCalendar {
    pub partner_id: i64,
    pub url: String,
    pub topic_id: i64,
    pub capacity: i64,
    pub every_minutes: i64,
}

impl std::fmt::Debug for DueCalendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DueCalendar").field("partner_id", &self.partner_id).finish_non_exhaustive()
    }
}

/// Claims one calendar due at `at` for `hold` seconds, so that no other server instance
/// pulls it meanwhile; `None` when none is due (or another instance was faster).
pub async fn claim_calendar(db: &Db, at: i64, hold: i64) -> sqlx::Result<Option<DueCalendar>> {
    let due: Option<DueCalendar> = sqlx::query_as(
        "SELECT partner_id, url, topic_id, capacity, every_minutes FROM partner_calendars \
         WHERE next_pull_at <= $1 AND claimed_until < $1 ORDER BY next_pull_at LIMIT 1",
    )
    .bind(at)
    .fetch_optional(&db.pool)
    .await?;
    let Some(due) = due else { return Ok(None) };
    // Only one instance's update finds the row still unclaimed.
    let claimed = sqlx::query(
        "UPDATE partner_calendars SET claimed_until = $1 WHERE partner_id = $2 \
         AND next_pull_at <= $3 AND claimed_until < $3",
    )
    .bind(at + hold)
    .bind(due.partner_id)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok((claimed.rows_affected() == 1).then_some(due))
}

/// Records the outcome of a pull at `at` (the claim is released and the next pull is due
/// `every_minutes` later).
pub async fn record_pull(
    conn: &mut AnyConnection,
    due: &DueCalendar,
    at: i64,
    pull: &LastPull,
) -> sqlx::Result<()> {
    let refused: Vec<String> = pull.refused.iter().map(|(l, c)| format!("{l}:{c}")).collect();
    sqlx::query(
        "UPDATE partner_calendars SET pulled_at = $1, next_pull_at = $2, claimed_until = 0, \
            error_code = $3, added = $4, updated = $5, cancelled = $6, refused = $7 \
         WHERE partner_id = $8",
    )
    .bind(at)
    .bind(at + due.every_minutes * 60)
    .bind(&pull.error_code)
    .bind(pull.added)
    .bind(pull.updated)
    .bind(pull.cancelled)
    .bind(refused.join(","))
    .bind(due.partner_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The venue each LOCATION of a partner's calendar was last mapped to.
pub async fn locations(
    conn: &mut AnyConnection,
    partner_id: i64,
) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT l.location, l.venue_id FROM partner_locations l WHERE l.partner_id = $1 \
         UNION SELECT v.name, v.id FROM venues v \
         WHERE v.name NOT IN (SELECT location FROM partner_locations WHERE partner_id = $1)",
    )
    .bind(partner_id)
    .fetch_all(conn)
    .await
}

/// Remembers the venue each LOCATION of a partner's calendar was mapped to.
pub async fn remember_locations(
    conn: &mut AnyConnection,
    partner_id: i64,
    mapped: &[(String, i64)],
) -> sqlx::Result<()> {
    for (location, venue) in mapped {
        sqlx::query(
            "INSERT INTO partner_locations (partner_id, location, venue_id) VALUES ($1, $2, $3) \
             ON CONFLICT (partner_id, location) DO UPDATE SET venue_id = $3",
        )
        .bind(partner_id)
        .bind(location)
        .bind(venue)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
