//! Session day on SQLite and PostgreSQL: assignments and offers, a volunteer's view with no
//! contact data, check-in by server function and by form, walk-ins, and the private feed
//! listing a volunteer's assignments.
use crate::common;

use common::{location, on_both, redirect_param, TestApp};
use yorisoi::auth::Role;

struct Day {
    session: i64,
    other_session: i64,
    partner: i64,
    volunteer: reqwest::Client,
    volunteer_id: i64,
    registration: i64,
}

/// A session hosted by the volunteer's partner with one booked resident (with a phone,
/// an email and needs), and a session of another partner.
async fn setup(app: &TestApp) -> Day {
    let (staff, _) = app.signed_in(Role::Staff).await;
    let (_, volunteer_id) = app.signed_in(Role::Volunteer).await;
    let partner = app.add_partner("ボランティアの会", "community").await;
    sqlx::query("UPDATE users SET partner_id = $1 WHERE id = $2")
        .bind(partner)
        .bind(volunteer_id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // The volunteer signed in before getting a partner: sign in again.
    let volunteer = {
        let c = common::client();
        app.sign_in(&c, "volunteer-user", common::PASSWORD).await;
        c
    };
    let session = app.add_session("受付の練習", 3, 10).await;
    sqlx::query("UPDATE sessions SET host_partner_id = $1 WHERE id = $2")
        .bind(partner)
        .bind(session)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let other_session = app.add_session("よその会", 4, 10).await;
    let resident = app.add_resident("来場 花子", "らいじょう はなこ", "0425637777", "email").await;
    sqlx::query("UPDATE residents SET need_hearing = 1, smartphone = 'android', address = '東大和市中央1-1', birth_year = 1944 WHERE id = $1")
        .bind(resident)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let r = app
        .post_form(
            &staff,
            "/forms/registrations",
            &[
                ("session_id", &session.to_string()),
                ("resident_id", &resident.to_string()),
                ("key", "day-1"),
            ],
        )
        .await;
    let registration: i64 = location(&r)
        .trim_start_matches("/registrations/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Day { session, other_session, partner, volunteer, volunteer_id, registration }
}

#[tokio::test]
async fn a_volunteer_checks_in_only_where_assigned_and_never_sees_contact_data() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        let v = &day.volunteer;
        // Not yet assigned: refused, with nothing in the body.
        let r = app.call(v, "/api/checkin/sheet", &format!("session_id={}", day.session)).await;
        assert_eq!(r.status(), 403);
        assert!(!r.text().await.unwrap().contains("来場"));
        assert_eq!(app.get(v, &format!("/sessions/{}/checkin", day.session)).await.status(), 403);
        // Offering for another partner's session is refused; for their own, accepted.
        let r =
            app.post_form(v, &format!("/forms/sessions/{}/offer", day.other_session), &[]).await;
        assert_eq!(r.status(), 403);
        let r = app.post_form(v, &format!("/forms/sessions/{}/offer", day.session), &[]).await;
        assert_eq!(location(&r), "/my-sessions?notice=helper_offered");
        let mine: serde_json::Value =
            app.call(v, "/api/assignments/mine", "").await.json().await.unwrap();
        assert_eq!(mine["assigned"][0][0]["id"], day.session);

        // The sheet: name, reading, needs, phone owned; no contact or birth data at all.
        let r = app.call(v, "/api/checkin/sheet", &format!("session_id={}", day.session)).await;
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        let sheet: serde_json::Value = serde_json::from_str(&text).unwrap();
        let entry = &sheet["entries"][0];
        assert_eq!(entry["name"], "来場 花子");
        assert_eq!(entry["needs"]["hearing"], true);
        assert_eq!(entry["smartphone"], "Android");
        for secret in [
            "0425637777",
            "042-563-7777",
            "example.jp",
            "中央1-1",
            "\"phone\"",
            "email",
            "address",
            "birth",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        // The birth year as a value of its own: a timestamp may hold the same four digits.
        assert!(!holds_value(&sheet, 1944), "birth year in {text}");
        let html =
            app.get(v, &format!("/sessions/{}/checkin", day.session)).await.text().await.unwrap();
        assert!(html.contains(">ライジョウ ハナコ<"));
        assert!(
            !html.contains("0425637777")
                && !html.contains("042-563-7777")
                && !html.contains("example.jp")
        );

        // The day has come and the session has begun.
        app.move_session(day.session, -600).await;
        // Check in by server function; a retried call changes nothing more.
        for _ in 0..2 {
            let r = app.tap(v, day.session, day.registration, true).await;
            assert_eq!(r, (200, serde_json::json!("Applied")));
        }
        let attended = |id: i64| {
            let app = &app;
            async move {
                let a: i64 = sqlx::query_scalar("SELECT attended FROM registrations WHERE id = $1")
                    .bind(id)
                    .fetch_one(&app.db.pool)
                    .await
                    .unwrap();
                a
            }
        };
        assert_eq!(attended(day.registration).await, 1);
        // Undo by a plain form post, as without JavaScript.
        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                v,
                &format!("/forms/registrations/{}/attendance", day.registration),
                &[("present", "0")],
            )
            .await;
        assert_eq!(
            location(&r),
            format!("/sessions/{}/checkin?notice=check_in_undone", day.session)
        );
        assert_eq!(attended(day.registration).await, 0);
        let reg = day.registration;
        app.assert_audited(mark, &[format!("update registration {reg} not present")]).await;

        // Their private feed lists the session they help at, not the other partner's.
        let token = app.new_calendar_feed(v).await;
        let feed = app
            .get(&common::client(), &format!("/calendar/private/{token}.ics"))
            .await
            .text()
            .await
            .unwrap();
        assert!(feed.contains("SUMMARY:受付の練習"), "{feed}");
        assert!(!feed.contains("よその会"));
        // Removing themselves ends their access.
        let r = app
            .post_form(
                v,
                &format!("/forms/sessions/{}/helpers/{}/remove", day.session, day.volunteer_id),
                &[],
            )
            .await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("helper_removed"));
        let r = app.tap(v, day.session, day.registration, true).await;
        assert_eq!(r.0, 403);
    })
    .await;
}

#[tokio::test]
async fn coordinators_assign_their_own_volunteers_and_others_are_refused() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        let (coordinator, coordinator_id) = app.signed_in(Role::Coordinator).await;
        // A coordinator of another partner may not assign here.
        let r = app
            .post_form(
                &coordinator,
                &format!("/forms/sessions/{}/helpers", day.session),
                &[("helper", &day.volunteer_id.to_string()), ("role", "lead")],
            )
            .await;
        assert_eq!(r.status(), 403);
        // Made the host's coordinator, they may, as lead.
        sqlx::query("UPDATE users SET partner_id = $1 WHERE id = $2")
            .bind(day.partner)
            .bind(coordinator_id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let coordinator = {
            let c = common::client();
            app.sign_in(&c, "coordinator-user", common::PASSWORD).await;
            c
        };
        let r = app
            .post_form(
                &coordinator,
                &format!("/forms/sessions/{}/helpers", day.session),
                &[("helper", "999999"), ("role", "lead")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.helper").as_deref(), Some("choice_required"));
        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                &coordinator,
                &format!("/forms/sessions/{}/helpers", day.session),
                &[("helper", &day.volunteer_id.to_string()), ("role", "lead")],
            )
            .await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("helper_assigned"));
        let (session, volunteer) = (day.session, day.volunteer_id);
        app.assert_audited(mark, &[format!("update session {session} helper {volunteer} lead")])
            .await;
        let helpers: serde_json::Value = app
            .call(&coordinator, "/api/assignments/session", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(helpers["helpers"][0]["role"], "Lead");
        assert_eq!(helpers["may_check_in"], true);
        app.move_session(day.session, -600).await;
        // The coordinator checks in at their partner's session; a reviewer may not.
        let r = app.tap(&coordinator, day.session, day.registration, true).await;
        assert_eq!(r, (200, serde_json::json!("Applied")));
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        assert_eq!(
            app.call(&reviewer, "/api/checkin/sheet", &format!("session_id={}", day.session))
                .await
                .status(),
            403
        );
        assert_eq!(
            app.get(&reviewer, &format!("/sessions/{}/checkin", day.session)).await.status(),
            403
        );
        let r = app
            .post_form(
                &reviewer,
                &format!("/forms/registrations/{}/attendance", day.registration),
                &[("present", "1")],
            )
            .await;
        assert_eq!(r.status(), 403);
    })
    .await;
}

#[tokio::test]
async fn a_walk_in_is_added_once_with_only_what_was_asked_at_the_door() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        app.move_session(day.session, -600).await;
        let (staff, _) = app.signed_in(Role::Admin).await;
        let path = format!("/forms/sessions/{}/walkins", day.session);
        let r = app
            .post_form(
                &staff,
                &path,
                &[("walkin_name", ""), ("age_band", "75-79"), ("key", "w1")],
            )
            .await;
        assert_eq!(
            redirect_param(&r, "e.walkin_name").as_deref(),
            Some("required")
        );
        let page = app.refused_page(&staff, &r, &[]).await;
        assert!(page.contains("value=\"75-79\" selected"), "chosen band kept");
        let mark = app.audit_mark().await;
        for _ in 0..2 {
            let r = app
                .post_form(
                    &staff,
                    &path,
                    &[("walkin_name", "ｽｽﾞｷ"), ("age_band", "75-79"), ("key", "w1")],
                )
                .await;
            assert_eq!(
                redirect_param(&r, "notice").as_deref(),
                Some("walkin_added")
            );
        }
        let walkins = app.assert_audited(mark, &["create registration".into()]).await;
        assert_eq!(walkins.len(), 1, "one walk-in, one entry: {walkins:?}");
        assert!(walkins[0].ends_with("walk-in"));
        let rows: Vec<(String, String, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT r.name, r.kana, r.age_band, g.attended, g.walkin FROM registrations g \
             JOIN residents r ON r.id = g.resident_id WHERE g.session_id = $1 AND g.walkin = 1",
        )
        .bind(day.session)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            rows,
            vec![(
                "ｽｽﾞｷ".to_string(),
                "すずき".to_string(),
                Some("75-79".to_string()),
                1,
                1
            )]
        );
        assert_eq!(
            sqlx::query_scalar::<_, i64>("SELECT seats_taken FROM sessions WHERE id = $1")
                .bind(day.session)
                .fetch_one(&app.db.pool)
                .await
                .unwrap(),
            1,
            "a walk-in takes no booked seat"
        );
        // Staff see the walk-in waiting; volunteers may not; merging it clears the list.
        let waiting: Vec<serde_json::Value> = app.call(&staff, "/api/residents/walkins", "").await.json().await.unwrap();
        assert_eq!(waiting.len(), 1);
        assert_eq!(waiting[0]["session_title"], "受付の練習");
        assert_eq!(app.call(&day.volunteer, "/api/residents/walkins", "").await.status(), 403);
        let walkin = waiting[0]["id"].as_i64().unwrap();
        let known = app.add_resident("鈴木 一", "すずき はじめ", "0425638888", "phone").await;
        let r = app.post_form(&staff, &format!("/forms/residents/{walkin}/merge"), &[("into", &known.to_string())]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("residents_merged"));
        let waiting: Vec<serde_json::Value> = app.call(&staff, "/api/residents/walkins", "").await.json().await.unwrap();
        assert!(waiting.is_empty());
        let attended: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE resident_id = $1 AND attended = 1 AND walkin = 1")
            .bind(known).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(attended, 1, "the attendance moved to the known record");
    })
    .await;
}

#[tokio::test]
async fn a_loaner_phone_is_lent_returned_and_reset_and_shows_who_holds_it() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        let v = &day.volunteer;
        let (admin, _) = app.signed_in(Role::Admin).await;
        // The volunteer may not add devices; an admin adds two for the host, one elsewhere.
        let r = app
            .post_form(
                v,
                "/forms/devices",
                &[("partner_id", &day.partner.to_string()), ("label", "x"), ("os", "iphone")],
            )
            .await;
        assert_eq!(r.status(), 403);
        let add = async |partner: i64, label: &str, os: &str| {
            let r = app
                .post_form(
                    &admin,
                    "/forms/devices",
                    &[
                        ("partner_id", &partner.to_string()),
                        ("label", label),
                        ("os", os),
                        ("model", "SE"),
                    ],
                )
                .await;
            redirect_param(&r, "notice").or_else(|| redirect_param(&r, "e.label"))
        };
        let mark = app.audit_mark().await;
        assert_eq!(
            add(day.partner, "会-iPhone-01", "iphone").await.as_deref(),
            Some("device_added")
        );
        app.assert_audited(mark, &["create device".into()]).await;
        assert_eq!(add(day.partner, "会-iPhone-01", "iphone").await.as_deref(), Some("name_taken"));
        assert_eq!(
            add(day.partner, "会-Android-01", "android").await.as_deref(),
            Some("device_added")
        );
        let elsewhere = app.add_partner("別の団体", "community").await;
        assert_eq!(add(elsewhere, "別-01", "android").await.as_deref(), Some("device_added"));
        let device = |label: &'static str| {
            let app = &app;
            async move {
                let id: i64 = sqlx::query_scalar("SELECT id FROM loaner_devices WHERE label = $1")
                    .bind(label)
                    .fetch_one(&app.db.pool)
                    .await
                    .unwrap();
                id
            }
        };
        let (iphone, other) = (device("会-iPhone-01").await, device("別-01").await);

        // Not assigned: refused. Assigned: lends the host's phone, not another group's.
        let lend = format!("/forms/sessions/{}/loans", day.session);
        let form = |d: i64| {
            vec![
                ("registration_id".to_string(), day.registration.to_string()),
                ("device_id".to_string(), d.to_string()),
            ]
        };
        let r = v.post(app.url(&lend)).form(&form(iphone)).send().await.unwrap();
        assert_eq!(r.status(), 403);
        app.post_form(v, &format!("/forms/sessions/{}/offer", day.session), &[]).await;
        let r = v.post(app.url(&lend)).form(&form(other)).send().await.unwrap();
        assert_eq!(redirect_param(&r, "e.device_id").as_deref(), Some("device_unavailable"));
        let mark = app.audit_mark().await;
        let r = v.post(app.url(&lend)).form(&form(iphone)).send().await.unwrap();
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("device_lent"));
        let (session, reg) = (day.session, day.registration);
        app.assert_audited(
            mark,
            &[format!("update session {session} device {iphone} to registration {reg}")],
        )
        .await;
        let r = v.post(app.url(&lend)).form(&form(iphone)).send().await.unwrap();
        assert_eq!(
            redirect_param(&r, "e.device_id").as_deref(),
            Some("device_unavailable"),
            "one loan at a time"
        );

        // The sheet shows who holds it; the checklist goes returned, then reset.
        let sheet: serde_json::Value = app
            .call(v, "/api/checkin/sheet", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(sheet["entries"][0]["holding"], "会-iPhone-01");
        let loans: serde_json::Value = app
            .call(v, "/api/loaners/session", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        let loan = loans["loans"][0]["id"].as_i64().unwrap();
        assert_eq!(loans["loans"][0]["holder"], "来場 花子");
        assert_eq!(loans["available"].as_array().unwrap().len(), 1, "only the Android is left");
        let r = app.post_form(v, &format!("/forms/loans/{loan}/wiped"), &[]).await;
        assert_eq!(
            redirect_param(&r, "e.loans").as_deref(),
            Some("loan_check_refused"),
            "reset comes after return"
        );
        let r = app.post_form(v, &format!("/forms/loans/{loan}/returned"), &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("device_returned"));
        let mark = app.audit_mark().await;
        let r = app.post_form(v, &format!("/forms/loans/{loan}/wiped"), &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("device_wiped"));
        let session = day.session;
        app.assert_audited(mark, &[format!("update session {session} loan {loan} wiped")]).await;
        let loans: serde_json::Value = app
            .call(v, "/api/loaners/session", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (loans["loans"][0]["returned"].clone(), loans["loans"][0]["wiped"].clone()),
            (serde_json::json!(true), serde_json::json!(true))
        );
        assert_eq!(loans["available"].as_array().unwrap().len(), 2);
        let sheet: serde_json::Value = app
            .call(v, "/api/checkin/sheet", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(sheet["entries"][0]["holding"], serde_json::Value::Null);
        // The inventory is for those who arrange sessions, not volunteers.
        assert_eq!(app.call(v, "/api/loaners/inventory", "").await.status(), 403);
        let inv: serde_json::Value =
            app.call(&admin, "/api/loaners/inventory", "").await.json().await.unwrap();
        assert_eq!(inv["devices"].as_array().unwrap().len(), 3);
    })
    .await;
}

#[tokio::test]
async fn the_report_is_checked_finalised_locks_attendance_and_only_an_admin_reopens_it() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        let v = &day.volunteer;
        app.post_form(v, &format!("/forms/sessions/{}/offer", day.session), &[]).await;
        app.move_session(day.session, -600).await;
        app.tap(v, day.session, day.registration, true).await;
        let report: serde_json::Value = app
            .call(v, "/api/reports/session", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (report["booked"].clone(), report["present"].clone(), report["no_shows"].clone()),
            (serde_json::json!(1), serde_json::json!(1), serde_json::json!(0))
        );
        assert_eq!(report["helpers"][0][2], 120, "helper time defaults to the session's length");
        let line = app.topic("LINE").await;
        let path = format!("/forms/sessions/{}/report", day.session);
        // Bad input: no topic, a count above the participants, answers above them too.
        let r =
            app.post_form(v, &path, &[("could_1", "3"), ("sat_5", "2"), ("action", "save")]).await;
        assert_eq!(redirect_param(&r, "e.topic").as_deref(), Some("topics_required"));
        assert_eq!(redirect_param(&r, "e.could_1").as_deref(), Some("count_too_high"));
        assert_eq!(redirect_param(&r, "e.sat_5").as_deref(), Some("answers_exceed_attendees"));
        let page = app.refused_page(v, &r, &[]).await;
        let sat_5 = page.split("name=\"sat_5\"").nth(1).and_then(|t| t.split('>').next()).unwrap();
        assert!(sat_5.contains("value=\"2\""), "typed answer kept: {sat_5}");
        let could = format!("could_{line}");
        let minutes = format!("minutes_{}", day.volunteer_id);
        let good = [
            ("topic", line.to_string()),
            (could.as_str(), "1".to_string()),
            ("sat_4", "１".to_string()),
            (minutes.as_str(), "150".to_string()),
            ("notes", "よく集中されていました".to_string()),
        ];
        let mut save: Vec<(&str, String)> = good.to_vec();
        save.push(("action", "save".into()));
        let mark = app.audit_mark().await;
        let r = v.post(app.url(&path)).form(&save).send().await.unwrap();
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("saved"));
        let mut finalise: Vec<(&str, String)> = good.to_vec();
        finalise.push(("action", "finalise".into()));
        // Not by an assistant.
        let r = v.post(app.url(&path)).form(&finalise).send().await.unwrap();
        assert_eq!(redirect_param(&r, "e.report").as_deref(), Some("report_not_yours"));
        // Made the lead by staff, they may.
        let staff = common::client();
        app.sign_in(&staff, "staff-user", common::PASSWORD).await;
        let helpers = format!("/forms/sessions/{}/helpers", day.session);
        let lead = [("helper", day.volunteer_id.to_string()), ("role", "lead".to_string())];
        let lead: Vec<(&str, &str)> = lead.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(app.post_form(&staff, &helpers, &lead).await.status(), 303);
        let r = v.post(app.url(&path)).form(&finalise).send().await.unwrap();
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("report_finalised"));
        let session = day.session;
        app.assert_audited(
            mark,
            &[
                format!("update session {session} report saved"),
                format!("update session {session} report finalised"),
            ],
        )
        .await;
        let report: serde_json::Value = app
            .call(v, "/api/reports/session", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(report["satisfaction"], serde_json::json!([0, 0, 0, 1, 0]));
        assert_eq!(report["helpers"][0][2], 150);
        assert!(report["finalised"].is_array());
        // Attendance is locked: the server function and the form both refuse.
        let r = app.tap(v, day.session, day.registration, false).await;
        assert_eq!(r, (200, serde_json::json!({ "Refused": "AttendanceLocked" })));
        let r = app
            .post_form(
                v,
                &format!("/forms/registrations/{}/attendance", day.registration),
                &[("present", "0")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.checkin").as_deref(), Some("attendance_locked"));
        let r = v.post(app.url(&path)).form(&save).send().await.unwrap();
        assert_eq!(redirect_param(&r, "e.report").as_deref(), Some("report_locked"));
        // Only an admin reopens, and it is audited.
        let reopen = format!("/forms/sessions/{}/report/reopen", day.session);
        assert_eq!(app.post_form(v, &reopen, &[]).await.status(), 403);
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app.post_form(&admin, &reopen, &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("report_reopened"));
        let audited: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE detail = 'report reopened'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(audited, 1);
        let r = app.tap(v, day.session, day.registration, false).await;
        assert_eq!(r, (200, serde_json::json!("Applied")));
    })
    .await;
}

#[tokio::test]
async fn attendance_opens_on_the_session_day_and_the_report_is_finalised_once_it_began() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        let staff = common::client();
        app.sign_in(&staff, "staff-user", common::PASSWORD).await;
        // The session is three days ahead.
        let sheet: serde_json::Value = app
            .call(&staff, "/api/checkin/sheet", &format!("session_id={}", day.session))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(sheet["closed"], "AttendanceNotYet");
        let r = app.tap(&staff, day.session, day.registration, true).await;
        assert_eq!(r, (200, serde_json::json!({ "Refused": "AttendanceNotYet" })));
        let attendance = format!("/forms/registrations/{}/attendance", day.registration);
        let r = app.post_form(&staff, &attendance, &[("present", "1")]).await;
        assert_eq!(redirect_param(&r, "e.checkin").as_deref(), Some("attendance_not_yet"));
        let walkins = format!("/forms/sessions/{}/walkins", day.session);
        let walkin = [("walkin_name", "当日 太郎"), ("key", "early-1")];
        let r = app.post_form(&staff, &walkins, &walkin).await;
        assert_eq!(redirect_param(&r, "e.walkin_name").as_deref(), Some("attendance_not_yet"));
        let report = format!("/forms/sessions/{}/report", day.session);
        let line = app.topic("LINE").await.to_string();
        let finalise = [("topic", line.as_str()), ("action", "finalise")];
        let r = app.post_form(&staff, &report, &finalise).await;
        assert_eq!(
            redirect_param(&r, "e.report").as_deref(),
            Some("report_not_started"),
            "{}",
            location(&r)
        );
        let r =
            app.post_form(&staff, &report, &[("topic", line.as_str()), ("action", "save")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("saved"), "saving is fine");
        let attended: Option<i64> =
            sqlx::query_scalar("SELECT attended FROM registrations WHERE id = $1")
                .bind(day.registration)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_ne!(attended, Some(1));
        let walkins_added: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE session_id = $1")
                .bind(day.session)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(walkins_added, 1, "no walk-in was added");

        // It began ten minutes ago: everything opens.
        app.move_session(day.session, -600).await;
        let r = app.tap(&staff, day.session, day.registration, true).await;
        assert_eq!(r, (200, serde_json::json!("Applied")));
        let r = app.post_form(&staff, &walkins, &walkin).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("walkin_added"));
        let r = app.post_form(&staff, &report, &finalise).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("report_finalised"));
    })
    .await;
}

/// One view of the check-in page reads (and audits) the sheet and the loans once each,
/// also after the page has been sent: a loader that re-ran when its data arrived once
/// audited the loans a second time, late.
#[tokio::test]
async fn one_view_of_the_check_in_page_reads_and_audits_each_list_once() {
    on_both(async |app: TestApp| {
        let day = setup(&app).await;
        app.move_session(day.session, -600).await;
        let (staff, _) = app.signed_in(Role::Admin).await;
        let mark = app.audit_mark().await;
        let page = app.get(&staff, &format!("/sessions/{}/checkin", day.session)).await;
        assert_eq!(page.status(), 200);
        page.text().await.unwrap();
        // Anything still running for this view has had time to write its entry.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let mut reads = app.audited_since(mark).await;
        reads.sort();
        assert_eq!(
            reads,
            vec![
                format!("read list check-in sheet registrations {}", day.registration),
                "read list session loans loans none".to_string(),
            ]
        );
    })
    .await;
}

/// Whether any number or string anywhere in `value` is exactly `wanted`.
fn holds_value(value: &serde_json::Value, wanted: i64) -> bool {
    match value {
        serde_json::Value::Number(n) => n.as_i64() == Some(wanted),
        serde_json::Value::String(s) => s == &wanted.to_string(),
        serde_json::Value::Array(items) => items.iter().any(|v| holds_value(v, wanted)),
        serde_json::Value::Object(map) => map.values().any(|v| holds_value(v, wanted)),
        _ => false,
    }
}
