//! Demo residents: forty people who called in, with their workshop bookings.

use crate::db::now;
use sqlx::{Any, Transaction};

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
pub(super) async fn create(tx: &mut Transaction<'_, Any>) -> anyhow::Result<(usize, usize)> {
    let existing: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM residents").fetch_one(&mut **tx).await?;
    if existing > 0 {
        return Ok((0, 0));
    }
    let staff: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-staff'")
        .fetch_optional(&mut **tx)
        .await?;
    let districts: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM districts ORDER BY id").fetch_all(&mut **tx).await?;
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
        // Without a smartphone: some would like to try an iPhone, some an Android phone.
        let wish = match (i % 5, i % 2) {
            (0, 0) => "iphone",
            (0, _) | (1, _) => "android",
            _ => "",
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO residents (name, kana, kana_compact, kana_sort, phone, birth_year, \
                district_id, postal_code, address, email, contact_pref, smartphone, need_hearing, \
                need_vision, need_companion, consent_at, consent_by, created_at, updated_at, \
                phone_wish, need_mobility) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                $16, $16, $18, $19) RETURNING id",
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
        .bind(if contact == "email" { format!("demo{i}@example.jp") } else { String::new() })
        .bind(contact)
        .bind(smartphone)
        .bind(i64::from(i % 6 == 0))
        .bind(i64::from(i % 9 == 0))
        .bind(i64::from(i % 7 == 0))
        .bind(at)
        .bind(staff)
        .bind(wish)
        .bind(i64::from(i % 8 == 4))
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
