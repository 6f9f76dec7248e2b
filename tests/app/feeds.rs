//! Calendar feeds: the public feed and private feeds, parsed back with the `ical` parser and
//! checked by an independent validator (Python's icalendar, installed by scripts/test.sh).
use crate::common;

use chrono::{Duration, Utc};
use common::{client, location, on_both, TestApp};
use std::io::Write;
use std::process::{Command, Stdio};
use yorisoi::auth::Role;

async fn add_session(
    app: &TestApp,
    c: &reqwest::Client,
    host: i64,
    venue: i64,
    days: i64,
    title: &str,
) -> i64 {
    let topic = app.topic("基本操作").await.to_string();
    let date = (Utc::now() + Duration::days(days)).format("%Y-%m-%d").to_string();
    let host = host.to_string();
    let venue = venue.to_string();
    let r = c
        .post(app.url("/forms/sessions"))
        .form(&[
            ("title", title),
            ("level", "first"),
            ("host_partner_id", host.as_str()),
            ("venue_id", venue.as_str()),
            ("date", date.as_str()),
            ("start_time", "10:00"),
            ("end_time", "12:00"),
            ("capacity", "10"),
            ("topic", topic.as_str()),
            ("volunteer_notes", "受付は9時45分から"),
            ("description", "基本操作を学びます"),
        ])
        .send()
        .await
        .unwrap();
    location(&r)
        .trim_start_matches("/sessions/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .expect("created")
}

/// Events of a feed as (UID, SEQUENCE, STATUS, SUMMARY), parsed with the ical crate.
fn events(body: &str) -> Vec<(String, String, String, String)> {
    let calendar = ical::IcalParser::new(std::io::BufReader::new(body.as_bytes()))
        .next()
        .expect("a calendar")
        .expect("the feed parses");
    calendar
        .events
        .iter()
        .map(|e| {
            let get = |name: &str| {
                e.properties
                    .iter()
                    .find(|p| p.name == name)
                    .and_then(|p| p.value.clone())
                    .unwrap_or_default()
            };
            (get("UID"), get("SEQUENCE"), get("STATUS"), get("SUMMARY"))
        })
        .collect()
}

/// Runs scripts/validate_ics.py on a feed; required when YORISOI_REQUIRE_ICS_VALIDATOR=1.
fn validate(body: &str) {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/validate_ics.py");
    let has_icalendar = Command::new("python3")
        .args(["-c", "import icalendar"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_icalendar {
        assert_ne!(
            std::env::var("YORISOI_REQUIRE_ICS_VALIDATOR").as_deref(),
            Ok("1"),
            "Python's icalendar is required but missing"
        );
        eprintln!("Python icalendar missing: independent feed validation skipped");
        return;
    }
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(body.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "validator: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn the_public_feed_lists_sessions_with_stable_uids_and_raised_sequences() {
    on_both(async |app: TestApp| {
        let host = app.add_partner("東大和スマホサロンの会", "community").await;
        let venue = app.add_venue("中央公民館").await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let kept = add_session(&app, &staff, host, venue, 10, "LINE教室, 入門; 第1回").await;
        let cancelled = add_session(&app, &staff, host, venue, 11, "雨天中止の回").await;
        staff
            .post(app.url(&format!("/forms/sessions/{cancelled}/cancel")))
            .form(&[("reason", "台風のため")])
            .send()
            .await
            .unwrap();

        let anonymous = client();
        let r = app.get(&anonymous, "/calendar/sessions.ics").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/calendar; charset=utf-8");
        let first = r.text().await.unwrap();
        validate(&first);
        assert!(!first.contains("受付は9時45分から"), "no notes for volunteers in the public feed");
        let listed = events(&first);
        assert_eq!(listed.len(), 2);
        assert_eq!(listed[0].3, "LINE教室\\, 入門\\; 第1回");
        assert_eq!((listed[0].1.as_str(), listed[0].2.as_str()), ("0", "CONFIRMED"));
        assert_eq!((listed[1].1.as_str(), listed[1].2.as_str()), ("1", "CANCELLED"));

        // An edit keeps the UID and raises SEQUENCE.
        let topic = app.topic("基本操作").await.to_string();
        let date = (Utc::now() + Duration::days(10)).format("%Y-%m-%d").to_string();
        let (host_text, venue_text) = (host.to_string(), venue.to_string());
        staff
            .post(app.url(&format!("/forms/sessions/{kept}")))
            .form(&[
                ("title", "LINE教室 第1回"),
                ("level", "first"),
                ("host_partner_id", host_text.as_str()),
                ("venue_id", venue_text.as_str()),
                ("date", date.as_str()),
                ("start_time", "13:00"),
                ("end_time", "15:00"),
                ("capacity", "10"),
                ("topic", topic.as_str()),
            ])
            .send()
            .await
            .unwrap();
        let second =
            events(&app.get(&anonymous, "/calendar/sessions.ics").await.text().await.unwrap());
        assert_eq!(second[0].0, listed[0].0, "the same UID");
        assert_eq!(second[0].1, "1", "SEQUENCE raised");
        assert_eq!(second[0].3, "LINE教室 第1回");
    })
    .await;
}

#[tokio::test]
async fn private_feeds_are_secret_resettable_and_scoped_to_the_partner() {
    on_both(async |app: TestApp| {
        let other = app.add_partner("南街ふれあいサークル", "community").await;
        let venue = app.add_venue("南街公民館").await;
        let (coordinator, _) = app.signed_in(Role::Coordinator).await;
        let own: i64 =
            sqlx::query_scalar("SELECT partner_id FROM users WHERE login = 'coordinator-user'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let (staff, _) = app.signed_in(Role::Staff).await;
        add_session(&app, &staff, own, venue, 5, "自分の団体の回").await;
        add_session(&app, &staff, other, venue, 6, "よその団体の回").await;

        let page = app.get(&coordinator, "/account/calendar").await.text().await.unwrap();
        assert!(page.contains("まだ作られていません"));
        let mark = app.audit_mark().await;
        let token = app.new_calendar_feed(&coordinator).await;
        app.assert_audited(mark, &["update user".into()]).await;
        assert_eq!(token.len(), 64);

        let feed = app
            .get(&client(), &format!("/calendar/private/{token}.ics"))
            .await
            .text()
            .await
            .unwrap();
        validate(&feed);
        let titles: Vec<String> = events(&feed).into_iter().map(|e| e.3).collect();
        assert_eq!(titles, vec!["自分の団体の回".to_string()]);
        assert!(
            feed.replace("\r\n ", "").contains("受付は9時45分から"),
            "volunteer notes in the private feed"
        );

        coordinator.post(app.url("/auth/calendar")).send().await.unwrap();
        assert_eq!(
            app.get(&client(), &format!("/calendar/private/{token}.ics")).await.status(),
            404
        );
        assert_eq!(app.get(&client(), "/calendar/private/nonsense.ics").await.status(), 404);
        assert_eq!(app.post_form(&client(), "/auth/calendar", &[]).await.status(), 401);
    })
    .await;
}
