//! A partner's subscribed calendar, served on loopback: set on the partner's page, pulled
//! by the worker's pass (claimed, so a second pass at the same time pulls nothing), pulled
//! again an hour later with one change in between, and a feed that cannot be read changes
//! nothing.
use crate::common;

use chrono::Duration;
use common::{location, on_both, redirect_param, TestApp};
use std::sync::{Arc, Mutex};
use yorisoi::auth::Role;
use yorisoi::sessions::subscriptions::{client, pull_due};

/// Serves `/feed.ics` with the current text of `feed` (404 when it is empty); the URL.
async fn serve_feed(feed: Arc<Mutex<String>>) -> String {
    use axum::http::StatusCode;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let router = axum::Router::new().route(
        "/feed.ics",
        axum::routing::get(move || {
            let text = feed.lock().unwrap().clone();
            async move {
                if text.is_empty() {
                    (StatusCode::NOT_FOUND, String::new())
                } else {
                    (StatusCode::OK, text)
                }
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}/feed.ics")
}

/// A weekly series of three (14:00 in Japan, from 9 days ahead) at 中央公民館, and a single
/// event at `single_at` o'clock 12 days ahead at a place no venue is mapped to.
fn feed(series_hour: u32) -> String {
    let first = yorisoi::domain::today_in_japan() + Duration::days(9);
    let other = yorisoi::domain::today_in_japan() + Duration::days(12);
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//JA\r\n\
BEGIN:VEVENT\r\nUID:club@partner.jp\r\nDTSTART;TZID=Asia/Tokyo:{d}T{series_hour:02}0000\r\n\
DTEND;TZID=Asia/Tokyo:{d}T{end:02}0000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n\
SUMMARY:スマホ教室\r\nLOCATION:中央公民館\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:away@partner.jp\r\nDTSTART;TZID=Asia/Tokyo:{o}T100000\r\n\
DTEND;TZID=Asia/Tokyo:{o}T120000\r\nSUMMARY:出張相談会\r\nLOCATION:どこかの集会所\r\n\
END:VEVENT\r\nEND:VCALENDAR\r\n",
        d = first.format("%Y%m%d"),
        end = series_hour + 2,
        o = other.format("%Y%m%d"),
    )
}

#[tokio::test]
async fn a_subscribed_feed_is_pulled_on_schedule_and_its_outcome_shown() {
    on_both(async |app: TestApp| {
        let partner = app.add_partner("スマホクラブ", "community").await;
        app.add_venue("中央公民館").await;
        let topic = app.topic("基本操作").await;
        let body = Arc::new(Mutex::new(feed(14)));
        let url = serve_feed(body.clone()).await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let form = format!("/forms/partners/{partner}/calendar");
        let page = format!("/directory/partners/{partner}");

        // A URL that is not http(s) and no seats: refused beside the fields.
        let topic_text = topic.to_string();
        let r = app
            .post_form(
                &admin,
                &form,
                &[("url", "ftp://x"), ("topic", &topic_text), ("capacity", "0")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.url").as_deref(), Some("url_invalid"));
        assert_eq!(redirect_param(&r, "e.capacity").as_deref(), Some("capacity_invalid"));
        let r = app
            .post_form(&admin, &form, &[("url", &url), ("topic", &topic_text), ("capacity", "12")])
            .await;
        assert_eq!(location(&r), format!("{page}?notice=saved"));
        let shown = app.get(&admin, &page).await.text().await.unwrap();
        assert!(shown.contains(&format!("value=\"{url}\"")), "the URL is shown in its field");

        let http = client().unwrap();
        let now = chrono::Utc::now().timestamp();
        // Two instances at the same moment: the claim lets only one of them pull.
        let (one, other) =
            tokio::join!(pull_due(&app.db, &http, now), pull_due(&app.db, &http, now));
        assert_eq!(one.unwrap() + other.unwrap(), 1);
        // Claimed and done: nothing is due again within the hour.
        assert_eq!(pull_due(&app.db, &http, now).await.unwrap(), 0);
        assert_eq!(pull_due(&app.db, &http, now + 1800).await.unwrap(), 0);
        let sessions = || async {
            let rows: Vec<(String, i64, i64, String)> = sqlx::query_as(
                "SELECT uid, starts_at, capacity, status FROM sessions \
                 WHERE host_partner_id = $1 ORDER BY uid",
            )
            .bind(partner)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
            rows
        };
        let first = sessions().await;
        assert_eq!(first.len(), 3, "{first:?}");
        assert!(first.iter().all(|r| r.0.starts_with("club@partner.jp#") && r.2 == 12));
        let shown = app.get(&admin, &page).await.text().await.unwrap();
        assert!(shown.contains("追加 3件、変更 0件、中止 0件"), "{shown}");
        assert!(
            shown.contains("この場所（LOCATION）に対応する会場がありません"),
            "refused line shown"
        );

        // The partner moves its series an hour later; the next pull, an hour on, moves the
        // three sessions, and somebody booked on one is owed a "changed" notice.
        let hanako = app.add_resident("木村 花", "きむら はな", "0425630404", "phone").await;
        let booked: i64 = sqlx::query_scalar("SELECT id FROM sessions WHERE uid = $1")
            .bind(&first[1].0)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        app.add_place(booked, hanako).await;
        *body.lock().unwrap() = feed(15);
        assert_eq!(pull_due(&app.db, &http, now + 3600).await.unwrap(), 1);
        let second = sessions().await;
        for (before, after) in first.iter().zip(&second) {
            assert_eq!(
                (&after.0, after.1, after.3.as_str()),
                (&before.0, before.1 + 3600, "scheduled")
            );
        }
        let changed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notices WHERE session_id = $1 AND kind = 'session_changed'",
        )
        .bind(booked)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(changed, 1);

        // The feed disappears (404): recorded on the partner, and nothing is cancelled.
        body.lock().unwrap().clear();
        assert_eq!(pull_due(&app.db, &http, now + 7200).await.unwrap(), 1);
        assert_eq!(sessions().await, second);
        let shown = app.get(&admin, &page).await.text().await.unwrap();
        assert!(shown.contains("読み込めませんでした"), "{shown}");
        // "Pull now" makes it due at once.
        let r = app.post_form(&admin, &format!("{form}/pull"), &[]).await;
        assert_eq!(location(&r), format!("{page}?notice=calendar_pull_soon"));
        assert_eq!(pull_due(&app.db, &http, now + 7260).await.unwrap(), 1);
        // Each pull is audited as the system's, without the URL.
        let audited: Vec<String> = sqlx::query_scalar(
            "SELECT detail FROM audit_log WHERE record_type = 'partner' AND user_id IS NULL",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(audited.len(), 4, "{audited:?}");
        assert!(audited.iter().all(|d| !d.contains("127.0.0.1")));
        // An empty URL ends the subscription.
        let r = app.post_form(&admin, &form, &[("url", ""), ("topic", ""), ("capacity", "")]).await;
        assert_eq!(location(&r), format!("{page}?notice=saved"));
        assert_eq!(pull_due(&app.db, &http, now + 99_999).await.unwrap(), 0);
    })
    .await;
}
