//! Check-in that keeps working offline, on the server's side: the taps a phone queued are
//! applied in order and each once, however often they are sent; a tap made offline does
//! not undo a later change by another volunteer, and the answer says so; what a phone may
//! keep is said by the page (`data-offline-until`), the service worker is served, and
//! signing out tells the browser to clear what it kept; only those who may check in at the
//! session are answered.
use crate::common;

use common::{on_both, TestApp};
use serde_json::{json, Value};
use yorisoi::auth::Role;

async fn count(app: &TestApp, sql: &str, session: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(session)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn mark(key: &str, registration: i64, present: bool, made_at: i64, seen: i64) -> Value {
    json!({ "kind": "mark", "key": key, "registration_id": registration, "present": present,
            "made_at": made_at, "seen": seen })
}

fn walkin(key: &str, name: &str) -> Value {
    json!({ "kind": "walkin", "key": key, "name": name, "age_band": "75-79", "district": "" })
}

/// A session under way today with two people booked: (session, first, second).
async fn today_with_two(app: &TestApp) -> (i64, i64, i64) {
    let session = app.add_session("電波のない会場", 0, 10).await;
    app.move_session(session, 0).await;
    let first = app.add_resident("石井 節子", "いしい せつこ", "0425600021", "phone").await;
    let second = app.add_resident("上田 勝", "うえだ まさる", "0425600022", "phone").await;
    (session, app.add_place(session, first).await, app.add_place(session, second).await)
}

#[tokio::test]
async fn queued_taps_are_applied_in_order_and_each_once_however_often_sent() {
    on_both(async |app: TestApp| {
        let (volunteer, _) = app.signed_in(Role::Staff).await;
        let (session, ishii, ueda) = today_with_two(&app).await;
        let audits = "SELECT COUNT(*) FROM audit_log WHERE record_type = 'registration' \
                      AND action IN ('create', 'update') AND record_id IN \
                      (SELECT CAST(id AS TEXT) FROM registrations WHERE session_id = $1)";
        let walkins = "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND walkin = 1";
        // Made offline: Ishii in, Ueda in, Ishii out again (a mistake), a walk-in.
        let queue = json!([
            mark("k1", ishii, true, now() - 30, 0),
            mark("k2", ueda, true, now() - 20, 0),
            mark("k3", ishii, false, now() - 10, 0),
            walkin("k4", "ﾏﾂﾓﾄ"),
        ]);
        let (status, answer) = app.sync(&volunteer, session, queue.clone()).await;
        assert_eq!(status, 200);
        let outcomes: Vec<_> = answer["outcomes"].as_array().unwrap().iter().collect();
        assert_eq!(outcomes.len(), 4);
        for (n, outcome) in outcomes.iter().enumerate() {
            assert_eq!(outcome[0], format!("k{}", n + 1), "answered in the order sent");
            assert_eq!(outcome[1], "Applied");
        }
        assert!(!app.attended(ishii).await && app.attended(ueda).await);
        assert_eq!(count(&app, walkins, session).await, 1);
        assert_eq!(count(&app, audits, session).await, 4, "three marks and a walk-in");
        // The answer is the list as it stands, walk-in included, and no contact data.
        let entries = answer["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 3);
        assert!(entries.iter().any(|e| e["walkin"] == true && e["kana"] == "マツモト"));
        assert!(entries
            .iter()
            .all(|e| e["changed_at"].as_i64().unwrap() > 0 || e["registration_id"] == ishii));
        let text = answer.to_string();
        for contact in ["0425600021", "042-560-0021", "\"phone\"", "\"email\""] {
            assert!(!text.contains(contact), "{contact} in the answer");
        }

        // The answer was lost: the phone sends the same queue again, and then only its
        // first tap. Nothing changes: Ishii stays out, one walk-in, no new audit entry.
        for again in [queue.clone(), json!([queue[0].clone()])] {
            let (status, answer) = app.sync(&volunteer, session, again).await;
            assert_eq!(status, 200);
            assert!(answer["outcomes"].as_array().unwrap().iter().all(|o| o[1] == "Applied"));
            assert!(!app.attended(ishii).await && app.attended(ueda).await);
            assert_eq!(count(&app, walkins, session).await, 1);
            assert_eq!(count(&app, audits, session).await, 4);
        }
        // Each arrival is on record once; every answer was an audited read of the list.
        let taps = "SELECT COUNT(*) FROM checkin_taps WHERE session_id = $1";
        assert_eq!(count(&app, taps, session).await, 4);
        let reads = "SELECT COUNT(*) FROM audit_log WHERE action = 'read' \
                     AND record_type = 'list' AND record_id = 'check-in sheet' AND $1 > 0";
        assert!(count(&app, reads, session).await >= 3);
    })
    .await;
}

#[tokio::test]
async fn a_tap_made_offline_does_not_undo_a_later_change_by_another_volunteer() {
    on_both(async |app: TestApp| {
        let (first_phone, _) = app.signed_in(Role::Staff).await;
        let (second_phone, _) = app.signed_in(Role::Admin).await;
        let (session, ishii, ueda) = today_with_two(&app).await;
        // The first phone loaded the list (nobody changed yet) and went offline; it checks
        // Ishii in. Meanwhile the second checks Ishii in and, a moment later, out again.
        let offline_tap = now() - 60;
        let (_, sheet) = app.sync(&first_phone, session, json!([])).await;
        let seen = |id: i64| {
            sheet["entries"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["registration_id"] == id)
                .unwrap()["changed_at"]
                .as_i64()
                .unwrap()
        };
        let (seen_ishii, seen_ueda) = (seen(ishii), seen(ueda));
        assert_eq!(app.tap(&second_phone, session, ishii, true).await.1, "Applied");
        assert_eq!(app.tap(&second_phone, session, ishii, false).await.1, "Applied");
        // Ueda was checked in by the second phone five minutes before the first phone's
        // tap: the first phone's later undo wins.
        app.tap(&second_phone, session, ueda, true).await;
        sqlx::query("UPDATE registrations SET checked_in_at = $1 WHERE id = $2")
            .bind(offline_tap - 300)
            .bind(ueda)
            .execute(&app.db.pool)
            .await
            .unwrap();

        let queue = json!([
            mark("offline-1", ishii, true, offline_tap, seen_ishii),
            mark("offline-2", ueda, false, offline_tap, seen_ueda),
        ]);
        for _ in 0..2 {
            let (status, answer) = app.sync(&first_phone, session, queue.clone()).await;
            assert_eq!(status, 200);
            let kept = &answer["outcomes"][0][1]["Kept"];
            assert_eq!(kept["registration_id"], ishii);
            assert_eq!(kept["present"], false, "the later undo stands");
            assert!(kept["at"].as_i64().unwrap() >= offline_tap);
            assert_eq!(answer["outcomes"][1][1], "Applied");
            assert!(!app.attended(ishii).await, "Ishii stays out");
            assert!(!app.attended(ueda).await, "the later tap wins");
            // Both phones now read the same list.
            let (_, other) = app.sync(&second_phone, session, json!([])).await;
            assert_eq!(other["entries"], answer["entries"]);
        }
        // Replaying the kept tap's key with someone of another session tells nothing about
        // them: a receipt answers only for its own session's people.
        let elsewhere = app.add_session("別の回", 0, 10).await;
        app.move_session(elsewhere, 0).await;
        let stranger = app.add_resident("別 人", "べつ ひと", "0425600039", "phone").await;
        let stranger = app.add_place(elsewhere, stranger).await;
        app.tap(&second_phone, elsewhere, stranger, true).await;
        let probe = json!([mark("offline-1", stranger, false, offline_tap, 0)]);
        let (_, answer) = app.sync(&first_phone, session, probe).await;
        assert_eq!(answer["outcomes"][0][1], "Applied", "{answer}");
        assert!(app.attended(stranger).await);

        // A tap by the same volunteer is never a conflict with their own earlier change.
        let (_, answer) = app
            .sync(&second_phone, session, json!([mark("own", ishii, true, now() - 600, 0)]))
            .await;
        assert_eq!(answer["outcomes"][0][1], "Applied");
        assert!(app.attended(ishii).await);
    })
    .await;
}

#[tokio::test]
async fn of_two_phones_offline_the_later_tap_stands_whichever_is_sent_first() {
    on_both(async |app: TestApp| {
        let (first_phone, _) = app.signed_in(Role::Staff).await;
        let (second_phone, _) = app.signed_in(Role::Admin).await;
        let (session, ishii, _) = today_with_two(&app).await;
        // Both phones offline: the second checks Ishii in ten minutes ago, the first takes
        // it back five minutes ago. The second phone's connection returns first.
        let earlier = json!([mark("second", ishii, true, now() - 600, 0)]);
        assert_eq!(app.sync(&second_phone, session, earlier).await.1["outcomes"][0][1], "Applied");
        let later = json!([mark("first", ishii, false, now() - 300, 0)]);
        let (_, answer) = app.sync(&first_phone, session, later).await;
        assert_eq!(answer["outcomes"][0][1], "Applied", "the later tap is not overruled");
        assert!(!app.attended(ishii).await);
        // The other way round: a tap made before a change already on the server is kept out.
        let stale = json!([mark("stale", ishii, true, now() - 900, 0)]);
        let (_, answer) = app.sync(&second_phone, session, stale).await;
        assert_eq!(answer["outcomes"][0][1]["Kept"]["present"], false);
        assert!(!app.attended(ishii).await);
    })
    .await;
}

#[tokio::test]
async fn taps_that_cannot_apply_are_refused_one_by_one_and_strangers_not_at_all() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (session, ishii, _) = today_with_two(&app).await;
        let elsewhere = app.add_session("別の回", 0, 10).await;
        app.move_session(elsewhere, 0).await;
        let resident = app.add_resident("別 人", "べつ ひと", "0425600029", "phone").await;
        let other_place = app.add_place(elsewhere, resident).await;
        let queue = json!([
            mark("ok", ishii, true, now(), 0),
            mark("other-session", other_place, true, now(), 0),
            mark("", ishii, false, now(), 0),
            walkin("long", &"あ".repeat(101)),
            walkin("blank", "  "),
            { "kind": "walkin", "key": "band", "name": "ｽｽﾞｷ", "age_band": "200",
              "district": "" },
        ]);
        let (status, answer) = app.sync(&staff, session, queue).await;
        assert_eq!(status, 200);
        let outcome = |n: usize| answer["outcomes"][n][1].clone();
        assert_eq!(outcome(0), "Applied");
        assert_eq!(outcome(1), json!({ "Refused": "Invalid" }));
        assert_eq!(outcome(2), json!({ "Refused": "Invalid" }));
        assert_eq!(outcome(3), json!({ "Refused": "TooLong" }));
        assert_eq!(outcome(4), json!({ "Refused": "Required" }));
        assert_eq!(outcome(5), json!({ "Refused": "Invalid" }));
        assert!(app.attended(ishii).await && !app.attended(other_place).await);

        // Not the kind of request the page sends, or too long a queue: 400, nothing done.
        let r = app.call(&staff, "/api/checkin/sync", "session_id=1").await;
        assert_eq!(r.status(), 400);
        // Told apart from a request that never arrived: the phone stops sending it again.
        assert_eq!(r.json::<Value>().await.unwrap(), "BadRequest");
        let many: Vec<Value> =
            (0..501).map(|n| mark(&format!("m{n}"), ishii, false, now(), 0)).collect();
        assert_eq!(app.sync(&staff, session, json!(many)).await.0, 400);
        assert!(app.attended(ishii).await);

        // Signed out, a reviewer, a volunteer not helping at this session: refused whole.
        let tap = json!([mark("stranger", ishii, false, now(), 0)]);
        assert_eq!(app.sync(&common::client(), session, tap.clone()).await.0, 401);
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        let (status, answer) = app.sync(&reviewer, session, tap.clone()).await;
        assert_eq!(status, 403);
        assert!(answer.get("entries").is_none(), "no list for a refused caller");
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        assert_eq!(app.sync(&volunteer, session, tap.clone()).await.0, 403);
        assert_eq!(app.sync(&staff, 999_999, tap).await.0, 404);
        assert!(app.attended(ishii).await);
    })
    .await;
}

#[tokio::test]
async fn the_page_says_until_when_it_may_be_kept_and_sign_out_clears_what_was_kept() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (today, ..) = today_with_two(&app).await;
        let tomorrow = app.add_session("明日の回", 1, 10).await;
        let later = app.add_session("あさっての回", 2, 10).await;
        let until = |html: &str| {
            let at = html.find("data-offline-until=\"")? + 20;
            Some(html[at..at + 10].to_string())
        };
        let page = |id: i64| {
            let app = &app;
            let staff = &staff;
            async move {
                let r = app.get(staff, &format!("/sessions/{id}/checkin")).await;
                assert_eq!(r.status(), 200);
                r.text().await.unwrap()
            }
        };
        let day = |days: i64| {
            (chrono::Utc::now() + chrono::Duration::days(days))
                .with_timezone(&chrono_tz::Asia::Tokyo)
                .format("%Y-%m-%d")
                .to_string()
        };
        // On the day and the evening before, until the end of the session's day.
        assert_eq!(until(&page(today).await), Some(day(0)));
        assert_eq!(until(&page(tomorrow).await), Some(day(1)));
        assert_eq!(until(&page(later).await), None, "not two days ahead");
        // Not once attendance is locked.
        sqlx::query(
            "INSERT INTO session_reports (session_id, finalised_at, finalised_by, updated_at) \
             VALUES ($1, 1, NULL, 1)",
        )
        .bind(today)
        .execute(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(until(&page(today).await), None);

        // The service worker is served to anyone (it holds no data), as JavaScript.
        let r = app.get(&common::client(), "/sw.js").await;
        assert_eq!(r.status(), 200);
        assert!(r.headers()["content-type"].to_str().unwrap().starts_with("text/javascript"));
        assert!(r.text().await.unwrap().contains("data-offline-until"));

        // Signing out tells the browser to remove the page, the queue and the worker.
        let r = app.post_form(&staff, "/auth/logout", &[]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["clear-site-data"], "\"storage\"");
    })
    .await;
}

#[tokio::test]
async fn loans_and_their_checklist_queued_offline_apply_once() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (session, ishii, ueda) = today_with_two(&app).await;
        let host = app.host_of(session).await;
        let devices = [app.add_device(host, "会-iPhone-01").await, app.add_device(host, "会-iPhone-02").await];
        let lend = |key: &str, registration: i64, device: i64, due_on: &str| {
            json!({ "kind": "lend", "key": key, "registration_id": registration,
                    "device_id": device, "due_on": due_on })
        };
        let home = (yorisoi::domain::today_in_japan() + chrono::Duration::days(14))
            .format("%Y-%m-%d")
            .to_string();
        let queue = json!([
            lend("lend-1", ishii, devices[0], ""),
            lend("lend-2", ueda, devices[1], &home),
            lend("lend-3", ueda, devices[0], ""),
            lend("lend-4", ueda, devices[1], "2020-01-01"),
        ]);
        for _ in 0..2 {
            let (status, answer) = app.sync(&staff, session, queue.clone()).await;
            assert_eq!(status, 200);
            let outcome = |n: usize| answer["outcomes"][n][1].clone();
            assert_eq!(outcome(0), "Applied");
            assert_eq!(outcome(1), "Applied");
            assert_eq!(outcome(2), json!({ "Refused": "DeviceUnavailable" }), "one loan a phone");
            assert_eq!(outcome(3), json!({ "Refused": "LoanDueInvalid" }));
            let loans = answer["loans"].as_array().unwrap();
            assert_eq!(loans.len(), 2, "lent once however often sent: {loans:?}");
            assert_eq!(answer["available"], json!([]));
            let held: Vec<&Value> =
                answer["entries"].as_array().unwrap().iter().map(|e| &e["holding"]).collect();
            assert!(
                held.contains(&&json!("会-iPhone-01")) && held.contains(&&json!("会-iPhone-02"))
            );
        }
        let loans = "SELECT COUNT(*) FROM loans WHERE session_id = $1";
        assert_eq!(count(&app, loans, session).await, 2);

        // Back at the end: the phone at the session is returned and reset; the phone lent
        // home is not returned here (the devices page records its condition).
        let (_, answer) = app.sync(&staff, session, json!([])).await;
        let loan_of = |device: &str| {
            answer["loans"]
                .as_array()
                .unwrap()
                .iter()
                .find(|l| l["device_label"] == device)
                .unwrap()["id"]
                .as_i64()
                .unwrap()
        };
        let (here, at_home) = (loan_of("会-iPhone-01"), loan_of("会-iPhone-02"));
        let check = |key: &str, loan: i64, check: &str| {
            json!({ "kind": "loan_check", "key": key, "loan_id": loan, "check": check })
        };
        let queue = json!([
            check("back-1", here, "returned"),
            check("back-2", here, "wiped"),
            check("back-3", at_home, "returned"),
            check("back-4", here, "lost"),
        ]);
        for _ in 0..2 {
            let (_, answer) = app.sync(&staff, session, queue.clone()).await;
            let outcome = |n: usize| answer["outcomes"][n][1].clone();
            assert_eq!((outcome(0), outcome(1)), (json!("Applied"), json!("Applied")));
            assert_eq!(outcome(2), json!({ "Refused": "LoanCheckRefused" }));
            assert_eq!(outcome(3), json!({ "Refused": "Invalid" }));
        }
        let audited = "SELECT COUNT(*) FROM audit_log WHERE record_type = 'session' \
                       AND record_id = CAST($1 AS TEXT) AND detail LIKE 'loan %'";
        assert_eq!(count(&app, audited, session).await, 2, "returned and reset, once each");
    })
    .await;
}

/// Text a phone should never send, and text it might.
fn odd_text() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    prop_oneof![
        Just(json!("")),
        Just(json!("a\u{0}b")),
        Just(json!("\u{7}\u{1b}[31m\r\n")),
        Just(json!("x".repeat(20_000))),
        Just(json!("9223372036854775807")),
        Just(json!("2025-02-30")),
        Just(json!("+262143-12-31")),
        Just(json!("returned")),
        Just(json!("wiped")),
        Just(json!("75-79")),
        "\\PC{0,30}".prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ]
}

fn odd_number() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    prop_oneof![
        Just(json!(0)),
        Just(json!(1)),
        Just(json!(i64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(-1)),
        any::<i64>().prop_map(Value::from),
        (0i64..50).prop_map(Value::from),
    ]
}

/// A tap as a phone would send it, with any key, numbers and text; now and then one no
/// phone would send (an unknown kind, a number as text, a missing field).
fn odd_tap() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let kind = proptest::sample::select(vec!["mark", "walkin", "lend", "loan_check"]);
    let tap = (kind, odd_text(), odd_number(), odd_number(), any::<bool>(), odd_text(), odd_text())
        .prop_map(|(kind, key, n, m, flag, a, b)| {
            json!({ "kind": kind, "key": key, "registration_id": n, "device_id": m,
                    "loan_id": n, "present": flag, "made_at": m, "seen": n, "name": a,
                    "age_band": b, "district": a, "due_on": b, "check": a })
        });
    let broken = prop_oneof![
        Just(json!({ "kind": "other", "key": "k" })),
        Just(json!({ "kind": "mark", "key": "k", "registration_id": "1", "present": true })),
        Just(json!({ "kind": "walkin", "key": "k", "name": null })),
        Just(json!(12)),
    ];
    prop_oneof![19 => tap, 1 => broken]
}

#[tokio::test]
async fn no_generated_queue_gets_a_server_error() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (session, ..) = today_with_two(&app).await;
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[21; 32]);
        let mut runner = TestRunner::new_with_rng(Config::default(), rng);
        let queues = proptest::collection::vec(odd_tap(), 0..6);
        // Control characters (NUL cannot even be stored in PostgreSQL) are refused per tap.
        let nul = json!([mark("a\u{0}b", 1, true, now(), 0), walkin("nul", "a\u{0}b")]);
        let (status, answer) = app.sync(&staff, session, nul).await;
        assert_eq!(status, 200, "{answer}");
        for outcome in answer["outcomes"].as_array().unwrap() {
            assert_eq!(outcome[1], json!({ "Refused": "Invalid" }));
        }
        for _ in 0..60 {
            let queue = queues.new_tree(&mut runner).expect("a queue").current();
            let (status, answer) = app.sync(&staff, session, json!(queue)).await;
            assert!(matches!(status, 200 | 400), "{status} for {queue:?}: {answer}");
            if status == 200 {
                assert_eq!(answer["outcomes"].as_array().unwrap().len(), queue.len());
            }
        }
        // Whatever came through, the list still reads.
        assert_eq!(app.sync(&staff, session, json!([])).await.0, 200);
    })
    .await;
}
