//! The reach report on SQLite and PostgreSQL, on a hand-built year: people counted once
//! across sessions and paper support, first-time and repeat, fiscal-year edges (March 31 /
//! April 1), month ranges, erasure changing no count, undoing a check-in, the CSV bytes and
//! the XLSX read back, publication mode, and role denials.
use crate::common;

use common::{location, on_both, row_cells, TestApp};
use serde_json::Value;
use yorisoi::auth::Role;

async fn person(app: &TestApp, name: &str, phone: &str, born: i64, district: i64) -> i64 {
    let id = app.add_resident(name, "し", phone, "phone").await;
    sqlx::query("UPDATE residents SET birth_year = $1, district_id = $2 WHERE id = $3")
        .bind(born)
        .bind(district)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    id
}

async fn check_in(app: &TestApp, c: &reqwest::Client, registration: i64, present: bool) {
    let r = app
        .post_form(
            c,
            &format!("/forms/registrations/{registration}/attendance"),
            &[("present", if present { "1" } else { "0" })],
        )
        .await;
    assert_eq!(r.status(), 303, "check-in {registration}");
}

async fn paper(app: &TestApp, c: &reqwest::Client, key: &str, fields: &[(&str, &str)]) {
    let mut form = vec![
        ("key", key),
        ("channel", "counter"),
        ("procedure", "other"),
        ("procedure_other", "ふるさと納税"),
        ("reason", "no_device"),
        ("status", "resolved"),
    ];
    form.extend_from_slice(fields);
    let r = app.post_form(c, "/forms/support", &form).await;
    assert!(location(&r).starts_with("/support/"), "{}", location(&r));
    assert!(!location(&r).starts_with("/support/new"), "{}", location(&r));
}

async fn reach(app: &TestApp, c: &reqwest::Client, query: &str) -> Value {
    let r = app.call(c, "/api/reports/reach", query).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

fn counts(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|pair| (pair[0].as_str().unwrap().to_string(), pair[1].as_i64().unwrap()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The hand-built year. Returns A's registration at S2 and A's resident id.
async fn build(app: &TestApp, staff: &reqwest::Client) -> (i64, i64) {
    let s1 = app.add_session_on("S1", "2025-04-01", "tokyo", "scheduled").await;
    let s2 = app.add_session_on("S2", "2025-06-10", "community", "scheduled").await;
    let s3 = app.add_session_on("S3", "2026-03-31", "city", "scheduled").await;
    let s4 = app.add_session_on("S4", "2025-03-31", "city", "scheduled").await;
    app.add_session_on("S5", "2025-05-01", "community", "cancelled").await;
    let base = app.add_session_on("S0", "2023-05-01", "city", "scheduled").await;
    // 中央 14, 南街 15, 芋窪 1 in the seeded district list.
    let a = person(app, "利用 一郎", "0425639001", 1950, 14).await;
    let b = person(app, "利用 二郎", "0425639002", 1940, 15).await;
    let c = person(app, "利用 三郎", "0425639003", 1958, 1).await;
    let e = person(app, "利用 五郎", "0425639005", 1945, 14).await;
    let a1 = app.add_place(s1, a).await;
    let a2 = app.add_place(s2, a).await;
    let b3 = app.add_place(s3, b).await;
    let a4 = app.add_place(s4, a).await;
    app.add_place(s1, e).await; // booked, did not come
    for registration in [a1, a2, b3, a4] {
        check_in(app, staff, registration, true).await;
    }
    // A walk-in at S2, in their seventies, from 奈良橋.
    let r = app
        .post_form(
            staff,
            &format!("/forms/sessions/{s2}/walkins"),
            &[
                ("walkin_name", "飛込 花子"),
                ("age_band", "70-74"),
                ("district_id", "3"),
                ("key", "walkin-1"),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
    // Paper support: B (already counted through S3), C (only here), someone anonymous.
    paper(app, staff, "p-b", &[("resident_id", &b.to_string()), ("requested_on", "2025-07-01")])
        .await;
    paper(app, staff, "p-c", &[("resident_id", &c.to_string()), ("requested_on", "2025-04-01")])
        .await;
    paper(
        app,
        staff,
        "p-x",
        &[("requested_on", "2025-08-01"), ("age_band", "80-84"), ("district_id", "2")],
    )
    .await;
    // Questionnaires: half satisfied this year; a quarter in the plan's base year.
    for (session, levels) in [(s1, [0, 0, 0, 0, 1]), (s2, [0, 0, 1, 0, 0]), (base, [0, 3, 0, 0, 1])]
    {
        app.add_session_report(session, levels).await;
    }
    (a2, a)
}

#[tokio::test]
async fn people_are_counted_once_across_sessions_and_paper_support() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (a_at_s2, a) = build(&app, &staff).await;
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;

        let report = reach(&app, &reviewer, "fy=2025").await;
        let now = &report["current"];
        assert_eq!(now["people"], 5, "A, B, C, the walk-in and the anonymous request");
        assert_eq!(
            (now["first_time"].as_i64(), now["repeat"].as_i64(), now["anonymous"].as_i64()),
            (Some(3), Some(1), Some(1))
        );
        assert_eq!(now["attendances"], 4);
        assert_eq!(now["walkins"], 1);
        assert_eq!(
            (now["sessions_held"].as_i64(), now["sessions_cancelled"].as_i64()),
            (Some(3), Some(1))
        );
        assert_eq!(
            (now["seats"].as_i64(), now["booked"].as_i64(), now["booked_present"].as_i64()),
            (Some(30), Some(4), Some(3))
        );
        assert_eq!(now["support_requests"], 3);
        assert_eq!(
            now["by_host"],
            serde_json::json!([["tokyo", 1, 1], ["community", 1, 2], ["city", 1, 1]])
        );
        assert_eq!(
            counts(&now["by_age_band"]),
            [
                ("65-69".to_string(), 1),
                ("70-74".into(), 1),
                ("75-79".into(), 1),
                ("80-84".into(), 1),
                ("85+".into(), 1)
            ]
        );
        assert_eq!(
            counts(&now["by_district"]),
            [
                ("芋窪".to_string(), 1),
                ("蔵敷".into(), 1),
                ("奈良橋".into(), 1),
                ("中央".into(), 1),
                ("南街".into(), 1)
            ]
        );
        let mut months = [0i64; 12];
        months[0] = 1;
        months[2] = 2;
        months[11] = 1;
        assert_eq!(now["attendances_by_month"], serde_json::json!(months));
        assert_eq!(now["satisfaction"], serde_json::json!([0, 0, 1, 0, 1]));
        assert_eq!(report["baseline_satisfied"], 0.25);

        // March 31 belongs to the year before: A's first session.
        let before = &report["previous"];
        assert_eq!(
            (
                before["people"].as_i64(),
                before["first_time"].as_i64(),
                before["attendances"].as_i64()
            ),
            (Some(1), Some(1), Some(1))
        );

        // April only: A (repeat) and C (first time, helped on April 1).
        let april = reach(&app, &reviewer, "fy=2025&from=1&to=1").await;
        assert_eq!(
            (april["current"]["people"].as_i64(), april["current"]["first_time"].as_i64()),
            (Some(2), Some(1))
        );
        assert_eq!(april["current"]["attendances"], 1);
        // March only: B, first reached in July, is a repeat there.
        let march = reach(&app, &reviewer, "fy=2025&from=12&to=12").await;
        assert_eq!(
            (march["current"]["people"].as_i64(), march["current"]["repeat"].as_i64()),
            (Some(1), Some(1))
        );

        // Erasing A changes no figure.
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app.post_form(&admin, &format!("/forms/residents/{a}/erase"), &[]).await;
        // The error goes in the query, before the fragment, so the page can show it.
        assert_eq!(location(&r), format!("/residents/{a}?e.confirm=erase_confirm#erase"));
        let r = app
            .post_form(&staff, &format!("/forms/residents/{a}/erase"), &[("confirm", "1")])
            .await;
        assert_eq!(r.status(), 403, "staff do not erase");
        let r = app
            .post_form(&admin, &format!("/forms/residents/{a}/erase"), &[("confirm", "1")])
            .await;
        assert_eq!(location(&r), format!("/residents/{a}?notice=resident_erased"));
        let erased: (String, Option<String>, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT name, phone, birth_year, district_id FROM residents WHERE id = $1",
        )
        .bind(a)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(erased, (String::new(), None, None, None));
        assert_eq!(reach(&app, &reviewer, "fy=2025").await, report, "erasure changes no count");

        // Undoing A's check-in at S2 takes one attendance away, not the person.
        check_in(&app, &staff, a_at_s2, false).await;
        let after = reach(&app, &reviewer, "fy=2025").await;
        assert_eq!(
            (after["current"]["people"].as_i64(), after["current"]["attendances"].as_i64()),
            (Some(5), Some(3))
        );
        assert_eq!(after["current"]["by_age_band"], report["current"]["by_age_band"]);
    })
    .await;
}

#[tokio::test]
async fn exports_hold_the_dashboard_figures_and_publication_hides_small_counts() {
    use calamine::{Data, Reader};
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        build(&app, &staff).await;
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;

        let r = app.get(&reviewer, "/reports/reach.csv?fy=2025").await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("reach-2025-01-12.csv"));
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(!text.replace("\r\n", "").contains('\n'), "CRLF line ends only");
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "令和7年度（2025年度）デジタルデバイド対策 実施状況");
        assert!(lines.contains(&"項目,今期,前年同期,増減"), "{text}");
        assert!(lines.contains(&"到達人数（実人数）,5,1,+4"), "{text}");
        assert!(lines.contains(&"満足（5段階の4・5）の割合,50.0%,—,—"), "{text}");
        assert!(lines.contains(&"東京都,1,0"), "{text}");

        let published =
            app.get(&reviewer, "/reports/reach.csv?fy=2025&publish=1").await.text().await.unwrap();
        assert!(published.contains("到達人数（実人数）,5,x,—"), "{published}");
        assert!(published.contains("東京都,x,0"), "{published}");

        // The KPI sentence gives the satisfied share away (ratio × baseline), so a year with
        // few answers hides it in publication mode.
        let open = app.get(&reviewer, "/reports/reach?fy=2025").await.text().await.unwrap();
        assert!(open.contains("倍（計画の目標は1.5倍）"), "{open}");
        let hidden =
            app.get(&reviewer, "/reports/reach?fy=2025&publish=1").await.text().await.unwrap();
        assert!(!hidden.contains("倍（計画の目標は1.5倍）"), "{hidden}");
        assert!(hidden.contains("計画の目標との比較は示しません"), "{hidden}");

        let read = |bytes: Vec<u8>| {
            let mut book: calamine::Xlsx<_> =
                calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
            let range = book.worksheet_range_at(0).unwrap().unwrap();
            range.rows().map(|row| row.to_vec()).collect::<Vec<Vec<Data>>>()
        };
        let row_of = |rows: &[Vec<Data>], label: &str| {
            rows.iter()
                .find(|row| row.first() == Some(&Data::String(label.to_string())))
                .cloned()
                .unwrap_or_else(|| panic!("no row {label}"))
        };
        let r = app.get(&reviewer, "/reports/reach.xlsx?fy=2025").await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().contains("spreadsheetml"));
        let rows = read(r.bytes().await.unwrap().to_vec());
        assert_eq!(
            rows[0][0],
            Data::String("令和7年度（2025年度）デジタルデバイド対策 実施状況".into())
        );
        let people = row_of(&rows, "到達人数（実人数）");
        assert_eq!(&people[1..3], &[Data::Float(5.0), Data::Float(1.0)]);
        assert_eq!(row_of(&rows, "満足（5段階の4・5）の割合")[1], Data::Float(0.5));
        let r = app.get(&reviewer, "/reports/reach.xlsx?fy=2025&publish=1").await;
        let rows = read(r.bytes().await.unwrap().to_vec());
        assert_eq!(
            &row_of(&rows, "到達人数（実人数）")[1..3],
            &[Data::Float(5.0), Data::String("x".into())]
        );
    })
    .await;
}

/// A small count as a server function's data would hold it (quotes escaped or not).
fn holds_small_count(html: &str) -> bool {
    (1..5).any(|n| {
        html.contains(&format!("Count\":{n}}}")) || html.contains(&format!("Count\\\":{n}}}"))
    })
}

#[tokio::test]
async fn published_figures_leave_the_server_suppressed_and_for_whole_years_only() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        build(&app, &staff).await;
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;

        // The server function sends the published tables, nothing else.
        let r = app.call(&reviewer, "/api/reports/reach/published", "fy=2025").await;
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        for field in ["first_time", "attendances_by_month", "by_age_band", "satisfaction"] {
            assert!(!body.contains(field), "{field} in {body}");
        }
        assert!(!holds_small_count(&body), "{body}");
        let view: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(
            (view["period"]["from_month"].as_i64(), view["period"]["to_month"].as_i64()),
            (Some(1), Some(12))
        );
        let people = view["tables"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|row| row[0] == "到達人数（実人数）")
            .unwrap()
            .clone();
        assert_eq!(people[1], serde_json::json!([{"Count": 5}, "Hidden", {"Text": "—"}]));

        // The page shows the published cells (and carries no data beside them: islands.rs),
        // where the exact page shows the small count.
        let exact = app.get(&reviewer, "/reports/reach?fy=2025").await.text().await.unwrap();
        assert_eq!(row_cells(&exact, "東京都"), ["1", "0"], "the check can fail");
        let page = app
            .get(&reviewer, "/reports/reach?fy=2025&from=7&to=9&publish=1")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(row_cells(&page, "東京都"), ["x", "0"], "{page}");
        assert!(page.contains("公表用の表示です（終わった年度単位）"), "{page}");
        // Months asked for are not published: the whole year is.
        assert!(page.contains("令和7年度（2025年度）デジタルデバイド対策 実施状況"), "{page}");
        assert!(page.contains("/reports/reach.csv?fy=2025&amp;publish=1"), "{page}");
        let r = app.get(&reviewer, "/reports/reach.csv?fy=2025&from=7&to=9&publish=1").await;
        assert!(r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("reach-2025-01-12-publish.csv"));
        let csv = r.text().await.unwrap();
        assert!(csv.contains("令和7年度（2025年度）デジタルデバイド対策 実施状況\r\n"), "{csv}");
        assert!(!csv.contains("7月〜9月"), "{csv}");
        // A year still running is not published: the last one over is, whatever is asked.
        let last =
            yorisoi::domain::FiscalYear::of(yorisoi::domain::today_in_japan()).start_year() - 1;
        for asked in [last + 1, last + 2] {
            let r =
                app.call(&reviewer, "/api/reports/reach/published", &format!("fy={asked}")).await;
            let view: Value = r.json().await.unwrap();
            assert_eq!(view["period"]["fiscal_year"], last, "asked {asked}");
        }
    })
    .await;
}

#[tokio::test]
async fn reviewers_reach_figures_and_no_resident_level_data() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (a_at_s2, a) = build(&app, &staff).await;
        let request: i64 = sqlx::query_scalar("SELECT MIN(id) FROM support_requests")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let session: i64 = sqlx::query_scalar("SELECT session_id FROM registrations WHERE id = $1")
            .bind(a_at_s2)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        for path in [
            "/reports/reach",
            "/reports/reach?fy=2025&publish=1",
            "/reports/reach.csv",
            "/reports/reach.xlsx",
            "/support/report",
        ] {
            let r = app.get(&reviewer, path).await;
            assert_eq!(r.status(), 200, "{path}");
            let body = r.bytes().await.unwrap();
            let text = String::from_utf8_lossy(&body);
            assert!(!text.contains("利用") && !text.contains("0425639"), "{path} names no one");
        }
        // Every page, function, form and download that holds a single person.
        for path in [
            format!("/residents/{a}"),
            "/intake?q=riyou".to_string(),
            format!("/support/{request}"),
            "/support".into(),
            format!("/sessions/{session}/checkin"),
            format!("/sessions/{session}/report"),
            "/calls".into(),
            "/letters".into(),
            "/letters/print".into(),
            "/outbox".into(),
            "/walkins".into(),
            format!("/registrations/{a_at_s2}"),
        ] {
            let r = app.get(&reviewer, &path).await;
            assert_eq!(r.status(), 403, "{path}");
            assert!(!r.text().await.unwrap().contains("利用"), "{path}");
        }
        for (function, body) in [
            ("/api/residents/get", format!("id={a}")),
            ("/api/residents/search", "q=riyou".to_string()),
            ("/api/residents/walkins", String::new()),
            ("/api/support/form", format!("id={request}")),
            ("/api/support/lists", String::new()),
            ("/api/registrations/roster", format!("session_id={session}")),
            ("/api/registrations/readback", format!("id={a_at_s2}")),
            ("/api/notify/outbox", String::new()),
            ("/api/checkin/sheet", format!("session_id={session}")),
        ] {
            let r = app.call(&reviewer, function, &body).await;
            assert!(r.status() == 403 || r.status() == 404, "{function}: {}", r.status());
            assert!(!r.text().await.unwrap().contains("利用"), "{function}");
        }
        for (path, form) in [
            (format!("/forms/residents/{a}/erase"), vec![("confirm", "1")]),
            (format!("/forms/registrations/{a_at_s2}/attendance"), vec![("present", "0")]),
        ] {
            assert_eq!(app.post_form(&reviewer, &path, &form).await.status(), 403, "{path}");
        }
        // Volunteers and coordinators see no figures either.
        for role in [Role::Volunteer, Role::Coordinator] {
            let (c, _) = app.signed_in(role).await;
            for path in ["/reports/reach", "/reports/reach.csv", "/reports/reach.xlsx"] {
                assert_eq!(app.get(&c, path).await.status(), 403, "{role:?} {path}");
            }
            assert_eq!(app.call(&c, "/api/reports/reach", "fy=2025").await.status(), 403);
            let r = app.call(&c, "/api/reports/reach/published", "fy=2025").await;
            assert_eq!(r.status(), 403, "{role:?} published");
        }
    })
    .await;
}
