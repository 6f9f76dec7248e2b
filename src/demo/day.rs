//! Session days in the demo: helpers assigned, Tokyo's loaner phones, and past sessions as
//! they went (attendance, loans and finalised reports).

use crate::db::now;
use sqlx::{Any, Transaction};

/// The demo volunteer helps at their group's last two sessions, the one under way (as lead)
/// and its next three; the demo coordinator's group is theirs.
pub(super) async fn assignments(tx: &mut Transaction<'_, Any>, partner: i64) -> anyhow::Result<()> {
    let volunteer: Option<i64> =
        sqlx::query_scalar("SELECT id FROM users WHERE login = 'demo-volunteer'")
            .fetch_optional(&mut **tx)
            .await?;
    let Some(volunteer) = volunteer else {
        return Ok(());
    };
    let at = now();
    let past: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE host_partner_id = $1 AND ends_at < $2 \
         ORDER BY starts_at DESC LIMIT 2",
    )
    .bind(partner)
    .bind(at)
    .fetch_all(&mut **tx)
    .await?;
    let next: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM sessions WHERE host_partner_id = $1 AND ends_at >= $2 \
         AND status = 'scheduled' ORDER BY starts_at LIMIT 4",
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
pub(super) async fn devices(tx: &mut Transaction<'_, Any>, tokyo: i64) -> anyhow::Result<()> {
    for n in 1..=5 {
        for (os, label, model) in
            [("iphone", "iPhone", "iPhone SE"), ("android", "Android", "AQUOS sense")]
        {
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
pub(super) async fn session_days(tx: &mut Transaction<'_, Any>, tokyo: i64) -> anyhow::Result<()> {
    let done: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM session_reports").fetch_one(&mut **tx).await?;
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
