//! Paper-fallback support on SQLite and PostgreSQL: recording requests with every check,
//! status moving forward only, the follow-up list, referral through the normal booking,
//! the report (people counted once, fiscal-year edges, CSV bytes) and role denials.
use crate::common;

use common::{location, on_both, redirect_param, row_cells, TestApp};
use yorisoi::auth::Role;

/// マイナポータル in the seeded list.
async fn procedure(app: &TestApp, name: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM procedures WHERE name = $1")
        .bind(name)
        .fetch_one(&app.db.pool)
        .await
        .expect("seeded procedure")
}

/// A complete request form; `changes` replace or add fields.
fn form(procedure: i64, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("requested_on", "2025-06-12"),
        ("channel", "counter"),
        ("reason", "no_device"),
        ("reason", "anxiety"),
        ("provided", "paper_handed"),
        ("status", "open"),
        ("follow_up_on", "2025-06-19"),
        ("minutes", "25"),
        ("notes", "来週また来庁"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    fields.push(("procedure".into(), procedure.to_string()));
    for (k, v) in changes {
        if let Some(slot) = fields.iter_mut().find(|(name, _)| name == k) {
            slot.1 = v.to_string();
        } else {
            fields.push((k.to_string(), v.to_string()));
        }
    }
    fields
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    fields: &[(String, String)],
) -> reqwest::Response {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    app.post_form(c, path, &pairs).await
}

/// Records a request and returns its number.
async fn record(
    app: &TestApp,
    c: &reqwest::Client,
    key: &str,
    fields: Vec<(String, String)>,
) -> i64 {
    let mut fields = fields;
    fields.push(("key".into(), key.into()));
    let r = post(app, c, "/forms/support", &fields).await;
    assert_eq!(r.status(), 303);
    let loc = location(&r);
    loc.trim_start_matches("/support/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a request page: {loc} {:?}", common::location_query(&r)))
}

/// Books through the normal registration form, referring `request`.
async fn book(
    app: &TestApp,
    c: &reqwest::Client,
    session: i64,
    resident: i64,
    request: i64,
    key: &str,
) -> reqwest::Response {
    app.post_form(
        c,
        "/forms/registrations",
        &[
            ("session_id", &session.to_string()),
            ("resident_id", &resident.to_string()),
            ("key", key),
            ("support_request", &request.to_string()),
        ],
    )
    .await
}

async fn status(app: &TestApp, id: i64) -> (String, Option<String>) {
    sqlx::query_as("SELECT status, follow_up_on FROM support_requests WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn requests_are_checked_kept_and_move_forward_only() {
    on_both(async |app: TestApp| {
        let (staff, staff_id) = app.signed_in(Role::Staff).await;
        let portal = procedure(&app, "マイナポータル").await;
        let resident = app.add_resident("大和 花子", "やまと はなこ", "0425630101", "phone").await;

        // Everything wrong at once: each error beside its field, what was typed kept.
        let tomorrow = (yorisoi::domain::today_in_japan() + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let bad = [
            ("key", "k-bad"),
            ("resident_id", "999999"),
            ("requested_on", tomorrow.as_str()),
            ("channel", "counter"),
            ("procedure", ""),
            ("status", "open"),
            ("minutes", "９０００"),
            ("notes", "メモは残る"),
        ];
        let r = app.post_form(&staff, "/forms/support", &bad).await;
        assert_eq!(r.status(), 303);
        assert!(location(&r).starts_with("/support/new?"), "{}", location(&r));
        for (field, code) in [
            ("resident_id", "resident_unknown"),
            ("requested_on", "date_future"),
            ("procedure", "procedure_required"),
            ("reason", "reasons_required"),
            ("follow_up_on", "follow_up_required"),
            ("minutes", "number_too_large"),
        ] {
            assert_eq!(redirect_param(&r, &format!("e.{field}")).as_deref(), Some(code), "{field}");
        }
        let page = app.refused_page(&staff, &r, &["メモは残る"]).await;
        assert!(page.contains(">メモは残る<"), "typed note kept");
        let r = post(&app, &staff, "/forms/support", &form(portal, &[("key", "k-other"), ("procedure", "other")])).await;
        assert_eq!(redirect_param(&r, "e.procedure_other").as_deref(), Some("other_required"));
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM support_requests")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(stored, 0, "nothing is stored from a refused form");

        // A request for a known resident; a repeated post is the same request.
        let rid = resident.to_string();
        let fields = form(portal, &[("resident_id", &rid), ("fixed_resident", "1")]);
        let id = record(&app, &staff, "k-1", fields.clone()).await;
        assert_eq!(record(&app, &staff, "k-1", fields).await, id);
        let row: (Option<i64>, String, Option<i64>, i64, i64, i64, i64, i64, String) = sqlx::query_as(
            "SELECT resident_id, requested_on, procedure_id, reason_no_device, reason_anxiety, \
                reason_no_email, provided_paper_handed, staff_id, status FROM support_requests WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(row, (Some(resident), "2025-06-12".into(), Some(portal), 1, 1, 0, 1, staff_id, "open".into()));

        // Anonymous, with a procedure not in the list.
        let anon = record(
            &app,
            &staff,
            "k-2",
            form(portal, &[("procedure", "other"), ("procedure_other", "ふるさと納税"), ("age_band", "80-84"), ("district_id", "3")]),
        )
        .await;
        let row: (Option<i64>, Option<String>, Option<i64>, Option<i64>, String) = sqlx::query_as(
            "SELECT resident_id, age_band, district_id, procedure_id, procedure_other FROM support_requests WHERE id = $1",
        )
        .bind(anon)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(row, (None, Some("80-84".into()), Some(3), None, "ふるさと納税".into()));
        // Editing it keeps it anonymous, with the age band and district as corrected.
        let r = post(
            &app,
            &staff,
            &format!("/forms/support/{anon}"),
            &form(portal, &[("procedure", "other"), ("procedure_other", "ふるさと納税"), ("age_band", "85+"), ("district_id", "3")]),
        )
        .await;
        assert_eq!(location(&r), format!("/support/{anon}?notice=support_saved"));
        let kept: (Option<i64>, Option<String>, Option<i64>) =
            sqlx::query_as("SELECT resident_id, age_band, district_id FROM support_requests WHERE id = $1")
                .bind(anon)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(kept, (None, Some("85+".into()), Some(3)));

        // Status: open → in progress → resolved; never back; referring only by booking.
        let edit = format!("/forms/support/{id}");
        let r = post(&app, &staff, &edit, &form(portal, &[("status", "in_progress")])).await;
        assert_eq!(location(&r), format!("/support/{id}?notice=support_saved"));
        let r = post(&app, &staff, &edit, &form(portal, &[("status", "open")])).await;
        assert_eq!(redirect_param(&r, "e.status").as_deref(), Some("status_transition"));
        let r = post(&app, &staff, &edit, &form(portal, &[("status", "referred")])).await;
        assert_eq!(redirect_param(&r, "e.status").as_deref(), Some("status_referred"));
        assert_eq!(status(&app, id).await, ("in_progress".into(), Some("2025-06-19".into())));
        let r = post(&app, &staff, &edit, &form(portal, &[("status", "resolved"), ("follow_up_on", "")])).await;
        assert_eq!(location(&r), format!("/support/{id}?notice=support_saved"));
        assert_eq!(status(&app, id).await, ("resolved".into(), None));
        let r = post(&app, &staff, &edit, &form(portal, &[("status", "in_progress")])).await;
        assert_eq!(redirect_param(&r, "e.status").as_deref(), Some("status_transition"));
        assert_eq!(status(&app, id).await.0, "resolved");
        let r = post(&app, &staff, "/forms/support/999999", &form(portal, &[])).await;
        assert_eq!(r.status(), 404);
        // An edit checked against a status the request has since left (a workshop booked
        // meanwhile) saves nothing.
        let input = yorisoi::paper_support::store::SupportInput {
            resident_id: None,
            age_band: None,
            district_id: None,
            requested_on: "2025-06-12".into(),
            channel: yorisoi::paper_support::Channel::Counter,
            procedure_id: Some(portal),
            procedure_other: String::new(),
            reasons: vec!["no_device".into()],
            reason_other: String::new(),
            provided: Vec::new(),
            status: yorisoi::paper_support::Status::InProgress,
            follow_up_on: Some("2025-06-30".into()),
            minutes: 5,
            notes: String::new(),
        };
        let mut tx = app.db.begin().await.unwrap();
        let (saved, _) = yorisoi::paper_support::store::update(&mut tx, id, yorisoi::paper_support::Status::Open, &input)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert!(!saved);
        assert_eq!(status(&app, id).await.0, "resolved");

        // Reads and changes are audited.
        let r = app.call(&staff, "/api/support/form", &format!("id={id}")).await;
        assert_eq!(r.status(), 200);
        let audit: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE record_type = 'support_request' AND record_id = $1 ORDER BY id",
        )
        .bind(id.to_string())
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(audit, ["create", "update", "update", "read"]);

        // The resident's page lists it.
        let page: serde_json::Value = app
            .call(&staff, "/api/residents/get", &format!("id={resident}"))
            .await
            .json()
            .await
            .unwrap();
        let lines = page["support"].as_array().unwrap();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["id"], id);
        assert_eq!(lines[0]["procedure"], "マイナポータル");
    })
    .await;
}

#[tokio::test]
async fn the_follow_up_list_holds_what_is_due_today_or_overdue() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let portal = procedure(&app, "マイナポータル").await;
        let today = yorisoi::domain::today_in_japan();
        let day =
            |offset: i64| (today + chrono::Duration::days(offset)).format("%Y-%m-%d").to_string();
        let mut ids = Vec::new();
        for (n, offset) in [-3i64, 0, 1].into_iter().enumerate() {
            let follow = day(offset);
            ids.push(
                record(
                    &app,
                    &staff,
                    &format!("due-{n}"),
                    form(portal, &[("follow_up_on", &follow), ("requested_on", &day(-5))]),
                )
                .await,
            );
        }
        let resolved = record(
            &app,
            &staff,
            "due-r",
            form(portal, &[("status", "resolved"), ("follow_up_on", "")]),
        )
        .await;
        let lists: serde_json::Value =
            app.call(&staff, "/api/support/lists", "").await.json().await.unwrap();
        let due: Vec<i64> =
            lists["due"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
        assert_eq!(due, [ids[0], ids[1]], "overdue first, then today; not tomorrow");
        let recent: Vec<i64> =
            lists["recent"].as_array().unwrap().iter().map(|l| l["id"].as_i64().unwrap()).collect();
        assert_eq!(recent.len(), 4);
        assert!(recent.contains(&resolved));
        // The page shows the overdue one as overdue, in words.
        let page = app.get(&staff, "/support").await.text().await.unwrap();
        assert!(page.contains("（期限切れ）"), "overdue marked");
    })
    .await;
}

#[tokio::test]
async fn referring_books_a_workshop_through_the_normal_registration_path() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let portal = procedure(&app, "マイナポータル").await;
        let session = app.add_session("スマホ体験会", 7, 1).await;
        let first = app.add_resident("東 一郎", "ひがし いちろう", "0425630201", "email").await;
        let second = app.add_resident("東 二郎", "ひがし じろう", "0425630202", "phone").await;
        let one = record(&app, &staff, "ref-1", form(portal, &[("resident_id", &first.to_string())])).await;
        let two = record(&app, &staff, "ref-2", form(portal, &[("resident_id", &second.to_string())])).await;

        let r = book(&app, &staff, session, first, one, "book-1").await;
        assert_eq!(r.status(), 303);
        let loc = location(&r);
        assert!(loc.starts_with("/registrations/"), "{loc}");
        let registration: i64 = loc.trim_start_matches("/registrations/").split('?').next().unwrap().parse().unwrap();
        let row: (String, Option<i64>, i64, Option<String>) = sqlx::query_as(
            "SELECT status, registration_id, provided_workshop, follow_up_on FROM support_requests WHERE id = $1",
        )
        .bind(one)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(row, ("referred".into(), Some(registration), 1, None));
        let booked: (i64, String) = sqlx::query_as("SELECT resident_id, status FROM registrations WHERE id = $1")
            .bind(registration)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(booked, (first, "confirmed".into()));
        let notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE registration_id = $1 AND kind = 'confirmation'")
            .bind(registration)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(notices, 1, "the booking owes its confirmation like any other");

        // The seat is gone: the second person goes on the waitlist, and is referred too.
        let r = book(&app, &staff, session, second, two, "book-2").await;
        let waiting: String = sqlx::query_scalar("SELECT r.status FROM registrations r JOIN support_requests s ON s.registration_id = r.id WHERE s.id = $1")
            .bind(two)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(waiting, "waitlisted", "{}", location(&r));

        // Another resident's request, or a closed one, is left as it was.
        let three = record(&app, &staff, "ref-3", form(portal, &[("resident_id", &second.to_string()), ("status", "resolved"), ("follow_up_on", "")])).await;
        let later = app.add_session("スマホ体験会2", 14, 10).await;
        let r = book(&app, &staff, later, first, three, "book-3").await;
        assert!(location(&r).starts_with("/registrations/"));
        assert_eq!(status(&app, three).await.0, "resolved");

        // Merging the second resident into the first moves their requests.
        let r = app.post_form(&staff, &format!("/forms/residents/{second}/merge"), &[("into", &first.to_string())]).await;
        assert_eq!(r.status(), 303);
        let owners: Vec<Option<i64>> = sqlx::query_scalar("SELECT DISTINCT resident_id FROM support_requests")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(owners, [Some(first)]);
    })
    .await;
}

#[tokio::test]
async fn the_report_counts_each_person_once_within_the_fiscal_year_and_exports_csv() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let portal = procedure(&app, "マイナポータル").await;
        let a = app.add_resident("市 太郎", "いち たろう", "0425630301", "phone").await;
        let b = app.add_resident("市 次郎", "いち じろう", "0425630302", "phone").await;
        let (a, b) = (a.to_string(), b.to_string());
        let requests: [(&str, Vec<(&str, &str)>); 6] = [
            // FY2025 starts on April 1 …
            ("r1", vec![("resident_id", &a), ("requested_on", "2025-04-01"), ("minutes", "10")]),
            (
                "r2",
                vec![
                    ("resident_id", &a),
                    ("requested_on", "2025-05-10"),
                    ("minutes", "20"),
                    ("status", "resolved"),
                    ("follow_up_on", ""),
                ],
            ),
            // … and ends on March 31.
            ("r3", vec![("requested_on", "2026-03-31"), ("minutes", "30"), ("age_band", "85+")]),
            ("r4", vec![("resident_id", &b), ("requested_on", "2025-03-31"), ("minutes", "40")]),
            (
                "r5",
                vec![
                    ("resident_id", &b),
                    ("requested_on", "2025-06-01"),
                    ("procedure", "other"),
                    ("procedure_other", "ふるさと納税"),
                    ("reason", "vision_hearing"),
                ],
            ),
            ("r6", vec![("requested_on", "2026-04-01")]),
        ];
        for (key, changes) in &requests {
            record(&app, &staff, key, form(portal, changes)).await;
        }
        let report: serde_json::Value =
            app.call(&staff, "/api/support/report", "fy=2025").await.json().await.unwrap();
        let rows = report["procedures"].as_array().unwrap();
        let portal_row = rows.iter().find(|r| r["procedure_id"] == portal).unwrap();
        let mut months = [0i64; 12];
        months[0] = 1; // April
        months[1] = 1; // May
        months[11] = 1; // March
        assert_eq!(portal_row["per_month"], serde_json::json!(months));
        assert_eq!(portal_row["requests"], 3);
        assert_eq!(portal_row["people"], 2, "resident a once, the anonymous request once");
        assert_eq!(portal_row["minutes"], 60);
        let other = rows.iter().find(|r| r["procedure_id"].is_null()).unwrap();
        assert_eq!((other["requests"].as_i64(), other["people"].as_i64()), (Some(1), Some(1)));
        assert_eq!(report["total"]["requests"], 4);
        assert_eq!(report["total"]["people"], 3, "a, b and the anonymous person");
        let reasons: Vec<(String, i64)> =
            serde_json::from_value(report["reasons"].clone()).unwrap();
        assert!(reasons.contains(&("no_device".into(), 3)), "{reasons:?}");
        assert!(reasons.contains(&("vision_hearing".into(), 1)));
        let outcomes: Vec<(String, i64)> =
            serde_json::from_value(report["outcomes"].clone()).unwrap();
        assert_eq!(
            outcomes,
            [
                ("Open".into(), 3),
                ("InProgress".into(), 0),
                ("Resolved".into(), 1),
                ("Referred".into(), 0)
            ]
        );
        let earlier: serde_json::Value =
            app.call(&staff, "/api/support/report", "fy=2024").await.json().await.unwrap();
        assert_eq!(earlier["total"]["requests"], 1, "March 31 belongs to the year before");
        assert_eq!(earlier["total"]["people"], 1);

        // The same figures as CSV: BOM, CRLF, Japanese headers.
        let r = app.get(&staff, "/support/report.csv?fy=2025").await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let bytes = r.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte order mark");
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert!(!text.replace("\r\n", "").contains('\n'), "every line ends in CRLF");
        let lines: Vec<&str> = text.split("\r\n").collect();
        // The page's tables in its order, the procedures that left most people behind first.
        assert_eq!(lines[0], "手続き,人数");
        assert_eq!(lines[1], "マイナポータル,2");
        assert!(lines.contains(
            &"手続き,4月,5月,6月,7月,8月,9月,10月,11月,12月,1月,2月,3月,件数,人数,時間（分）"
        ));
        assert!(lines.contains(&"マイナポータル,1,1,0,0,0,0,0,0,0,0,0,1,3,2,60"), "{text}");
        assert!(lines.contains(&"合計,1,1,1,0,0,0,0,0,0,0,0,1,4,3,85"), "{text}");
        assert!(lines.contains(&"見えにくい・聞こえにくい,1"), "{text}");

        // As published: every count here is small, so hidden, with the minutes they took;
        // the server function, the page and the CSV hold nothing else.
        let r = app.get(&staff, "/support/report.csv?fy=2025&publish=1").await;
        assert!(r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("support-2025-publish.csv"));
        let published = r.text().await.unwrap();
        assert!(published.contains("マイナポータル,x,x,0,0,0,0,0,0,0,0,0,x,x,x,x"), "{published}");
        assert!(published.contains("合計,x,x,x,0,0,0,0,0,0,0,0,x,x,x,x"), "{published}");
        assert!(published.contains("見えにくい・聞こえにくい,x"), "{published}");
        let body = app
            .call(&staff, "/api/support/report/published", "fy=2025")
            .await
            .text()
            .await
            .unwrap();
        assert!(!body.contains("per_month") && !body.contains("procedure_id"), "{body}");
        assert!(!body.contains("Count\":1}") && !body.contains("Count\":3}"), "{body}");
        let exact = app.get(&staff, "/support/report?fy=2025").await.text().await.unwrap();
        assert_eq!(row_cells(&exact, "マイナポータル"), ["2"], "the check can fail");
        let page = app.get(&staff, "/support/report?fy=2025&publish=1").await.text().await.unwrap();
        assert_eq!(row_cells(&page, "マイナポータル"), ["x"], "{page}");
        assert!(!page.contains("Count\\\":") && !page.contains("Count\":"), "{page}");
        assert!(page.contains("公表用の表示です（終わった年度単位）"), "{page}");
    })
    .await;
}

#[tokio::test]
async fn only_staff_and_admins_see_requests_and_reviewers_see_figures_only() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let portal = procedure(&app, "マイナポータル").await;
        let resident = app.add_resident("秘密 花子", "ひみつ はなこ", "0425630401", "phone").await;
        let id = record(
            &app,
            &staff,
            "p-1",
            form(portal, &[("resident_id", &resident.to_string()), ("requested_on", "2025-07-01")]),
        )
        .await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        assert_eq!(app.get(&admin, &format!("/support/{id}")).await.status(), 200);
        assert_eq!(app.get(&admin, "/admin/procedures").await.status(), 200);

        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            for path in [
                "/support".to_string(),
                "/support/new".into(),
                format!("/support/{id}"),
                format!("/support/new?resident={resident}"),
            ] {
                let r = app.get(&c, &path).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
                assert!(!r.text().await.unwrap().contains("秘密"), "{role:?} {path}");
            }
            for (path, body) in
                [("/api/support/lists", String::new()), ("/api/support/form", format!("id={id}"))]
            {
                let r = app.call(&c, path, &body).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
                assert!(!r.text().await.unwrap().contains("秘密"));
            }
            let r = post(&app, &c, "/forms/support", &form(portal, &[("key", "p-x")])).await;
            assert_eq!(r.status(), 403, "{role:?}");
            let r = post(
                &app,
                &c,
                &format!("/forms/support/{id}"),
                &form(portal, &[("status", "resolved")]),
            )
            .await;
            assert_eq!(r.status(), 403, "{role:?}");
            assert_eq!(app.get(&c, "/admin/procedures").await.status(), 403);
            let r = app
                .post_form(
                    &c,
                    "/forms/procedures",
                    &[("name", "新しい手続き"), ("sort_order", "1")],
                )
                .await;
            assert_eq!(r.status(), 403);
            // The figures: reviewers read them (aggregates only); the others do not.
            let expected = if role == Role::Reviewer { 200 } else { 403 };
            assert_eq!(app.get(&c, "/support/report?fy=2025").await.status(), expected, "{role:?}");
            assert_eq!(
                app.get(&c, "/support/report.csv?fy=2025").await.status(),
                expected,
                "{role:?}"
            );
            let r = app.call(&c, "/api/support/report", "fy=2025").await;
            assert_eq!(r.status(), expected, "{role:?}");
            assert!(!r.text().await.unwrap().contains("秘密"));
            let r = app.call(&c, "/api/support/report/published", "fy=2025").await;
            assert_eq!(r.status(), expected, "{role:?} published");
        }
        assert_eq!(status(&app, id).await.0, "open", "no refused post changed anything");

        // Admins keep the list of procedures; a withdrawn one is no longer offered.
        let r = app
            .post_form(
                &admin,
                "/forms/procedures",
                &[("name", "粗大ごみ申込み"), ("sort_order", "60")],
            )
            .await;
        assert_eq!(location(&r), "/admin/procedures?notice=saved");
        let added = procedure(&app, "粗大ごみ申込み").await;
        let form_data: serde_json::Value =
            app.call(&staff, "/api/support/form", "").await.json().await.unwrap();
        assert!(form_data["procedures"].as_array().unwrap().iter().any(|p| p[0] == added));
        let prefix = format!("topic-{added}-");
        let r = app
            .post_form(
                &admin,
                &format!("/forms/procedures/{added}"),
                &[
                    (&format!("{prefix}name") as &str, "粗大ごみ申込み"),
                    (&format!("{prefix}sort_order"), "60"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/admin/procedures?notice=saved");
        let form_data: serde_json::Value =
            app.call(&staff, "/api/support/form", "").await.json().await.unwrap();
        assert!(!form_data["procedures"].as_array().unwrap().iter().any(|p| p[0] == added));
    })
    .await;
}
