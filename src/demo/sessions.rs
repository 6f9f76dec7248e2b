//! Demo workshops: every demo partner's monthly series over the previous and the current
//! fiscal year, and two sessions under way as the demo is loaded (Tokyo's and the demo
//! volunteer's group's), so check-in and the session report can be tried on the day.

use crate::db::now;
use crate::domain::FiscalYear;
use crate::sessions::input::{instant, occurrences, Repeat, SessionInput};
use crate::sessions::{store as sessions, Level};
use anyhow::Context;
use chrono::{NaiveDate, NaiveTime};
use sqlx::{Any, Transaction};

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
pub(super) async fn create(
    tx: &mut Transaction<'_, Any>,
    partner_ids: &[i64],
) -> anyhow::Result<usize> {
    let today = crate::domain::today_in_japan();
    let first_year = FiscalYear::of(today).start_year() - 1;
    let mut added = 0;
    for DemoSeries { title, partner, venue, level, april_day, hour, topics, iphone, android } in
        SERIES
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
            cohost_ids: if partner == 0 { vec![partner_ids[3]] } else { Vec::new() },
            venue_id,
            date: first,
            start: NaiveTime::from_hms_opt(hour, 0, 0).context("demo time")?,
            end: NaiveTime::from_hms_opt(hour + 2, 0, 0).context("demo time")?,
            capacity: 16,
            walkin_seats: 2,
            loaner_iphone: iphone,
            loaner_android: android,
            what_to_bring: "お持ちの方はスマートフォン、眼鏡".to_string(),
            title_reading: String::new(),
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
            let uid = format!("demo-{partner}-{}@yorisoi.higashiyamato", date.format("%Y%m%d"));
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
        if partner <= 1 {
            // Began half an hour ago, on the five minutes; on for two hours. One a day.
            let start = now() / 300 * 300 - 1800;
            let uid =
                format!("demo-{partner}-now-{}@yorisoi.higashiyamato", today.format("%Y%m%d"));
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM sessions WHERE uid = $1")
                .bind(&uid)
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_none() {
                sessions::insert(tx, &input, start, start + 7200, None, &uid).await?;
                added += 1;
            }
        }
    }
    // Co-hosts named here are approved, as staff would (the demo's sessions only).
    sqlx::query(
        "UPDATE session_cohosts SET approved_at = $1 WHERE approved_at IS NULL \
         AND session_id IN (SELECT id FROM sessions WHERE uid LIKE 'demo-%')",
    )
    .bind(now())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE sessions SET status = 'held' WHERE status = 'scheduled' AND ends_at < $1")
        .bind(now())
        .execute(&mut **tx)
        .await?;
    Ok(added)
}
