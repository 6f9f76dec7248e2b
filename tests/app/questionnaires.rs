//! Questionnaires (issue 19) on SQLite and PostgreSQL: per-person sheets entered from paper
//! roll up to the report's tallies; bad entries come back with their messages and change
//! nothing; "would like to help" makes exactly one interested supporter record with the
//! consent recorded, and "next level" a wish; the phone answer is taken once per
//! attendance with no sign-in; role denials.
use crate::common;

use common::{location, on_both, redirect_param, TestApp};
use yorisoi::auth::Role;

struct Held {
    session: i64,
    topics: [i64; 2],
    /// Three booked residents who came, in the order added.
    people: [(i64, i64); 3],
}

/// A session that began an hour ago, covering two topics, with three residents who came.
async fn held_session(app: &TestApp) -> Held {
    let session = app.add_session("アンケートの回", 3, 10).await;
    let topics = [app.topic("基本操作").await, app.topic("LINE").await];
    for topic in topics {
        sqlx::query("INSERT INTO session_topics (session_id, topic_id) VALUES ($1, $2)")
            .bind(session)
            .bind(topic)
            .execute(&app.db.pool)
            .await
            .unwrap();
    }
    let mut people = [(0, 0); 3];
    for (i, (name, kana)) in [
        ("回答 一郎", "かいとう いちろう"),
        ("回答 二郎", "かいとう じろう"),
        ("回答 三郎", "かいとう さぶろう"),
    ]
    .into_iter()
    .enumerate()
    {
        let resident = app.add_resident(name, kana, &format!("042563100{i}"), "phone").await;
        let registration = app.add_place(session, resident).await;
        sqlx::query("UPDATE registrations SET attended = 1 WHERE id = $1")
            .bind(registration)
            .execute(&app.db.pool)
            .await
            .unwrap();
        people[i] = (resident, registration);
    }
    app.move_session(session, -3600).await;
    Held { session, topics, people }
}

async fn report(app: &TestApp, client: &reqwest::Client, session: i64) -> serde_json::Value {
    let r = app.call(client, "/api/reports/session", &format!("session_id={session}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn sheets_entered_one_by_one_roll_up_to_the_report_and_start_the_pathway() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let h = held_session(&app).await;
        let [basic, line] = h.topics;
        let [(first, a), (_, b), (third, c)] = h.people;

        // The printout: one numbered sheet per place with its link, and blank ones.
        let mark = app.audit_mark().await;
        let page = app.get(&staff, &format!("/sessions/{}/questionnaires", h.session)).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        for id in [a, b, c] {
            assert!(html.contains(&format!("受付番号：{id}")), "sheet {id} numbered");
            assert!(html.contains(&format!("/q/{id}-")), "sheet {id} has its link");
        }
        assert!(html.contains("当日参加（番号なし）"));
        assert!(html.contains("<svg"), "the QR code is drawn");
        assert!(html.contains("<ruby>"), "the questions carry readings");
        let audited = app.audited_since(mark).await;
        assert!(
            audited
                .iter()
                .any(|e| e.contains("questionnaire sheets") && e.contains(&a.to_string())),
            "{audited:?}"
        );

        // Bad entries come back with their messages, what was typed kept, nothing written.
        let path = format!("/forms/sessions/{}/questionnaires", h.session);
        let (a_s, b_s, c_s) = (a.to_string(), b.to_string(), c.to_string());
        let (tb, tl) = (format!("r0_t{basic}"), format!("r0_t{line}"));
        let bad = [
            ("rows", "2"),
            ("r0_reg", a_s.as_str()),
            ("r0_sat", "7"),
            (tb.as_str(), "9"),
            ("r0_next", "はい"),
            ("r1_sat", "3"),
        ];
        let r = app.post_form(&staff, &path, &bad).await;
        assert_eq!(redirect_param(&r, "e.r0_sat").as_deref(), Some("satisfaction_invalid"));
        assert_eq!(redirect_param(&r, &format!("e.{tb}")).as_deref(), Some("topic_level_invalid"));
        assert_eq!(redirect_param(&r, "e.r0_next").as_deref(), Some("yes_no_invalid"));
        let shown = app.refused_page(&staff, &r, &["はい"]).await;
        assert!(shown.contains("満足度は1～5"), "the message is beside the field");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 0);

        // Five sheets: two numbered with answers (one in full-width digits), one numbered
        // left blank, one anonymous, one anonymous blank.
        let (t1b, t1l) = (format!("r1_t{basic}"), format!("r1_t{line}"));
        let t3b = format!("r3_t{basic}");
        let good = [
            ("rows", "5"),
            ("r0_reg", a_s.as_str()),
            ("r0_sat", "5"),
            (tb.as_str(), "1"),
            (tl.as_str(), "2"),
            ("r0_next", "1"),
            ("r0_help", "1"),
            ("r0_contact", "1"),
            ("r0_comment", "楽しかったです"),
            ("r1_reg", b_s.as_str()),
            ("r1_sat", "４"),
            (t1b.as_str(), "１"),
            (t1l.as_str(), "1"),
            ("r1_help", "1"),
            ("r2_reg", c_s.as_str()),
            ("r3_sat", "3"),
            (t3b.as_str(), "3"),
        ];
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &path, &good).await;
        assert_eq!(
            redirect_param(&r, "notice").as_deref(),
            Some("sheets_saved"),
            "{}",
            location(&r)
        );

        // The report's tallies are the answers counted by hand.
        let rep = report(&app, &staff, h.session).await;
        assert_eq!(rep["from_sheets"], 3);
        assert_eq!(rep["satisfaction"], serde_json::json!([0, 0, 1, 1, 1]));
        let could = |topic: i64| {
            rep["topics"].as_array().unwrap().iter().find(|t| t["id"] == topic).unwrap().clone()
        };
        assert_eq!(could(basic)["could_do"], 2);
        assert_eq!(could(line)["could_do"], 1);
        assert_eq!(could(basic)["covered"], true);

        // Saving the report keeps the tallies of the sheets, whatever the form carried.
        let report_path = format!("/forms/sessions/{}/report", h.session);
        let (tb_id, tl_id) = (basic.to_string(), line.to_string());
        let r = app
            .post_form(
                &staff,
                &report_path,
                &[("topic", &tb_id), ("topic", &tl_id), ("sat_1", "2"), ("action", "save")],
            )
            .await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("saved"));
        let rep = report(&app, &staff, h.session).await;
        assert_eq!(rep["satisfaction"], serde_json::json!([0, 0, 1, 1, 1]));

        // "Would like to help" with consent: one interested supporter, consent recorded.
        // Without consent (the second sheet): none.
        let supporters: Vec<(i64, String, String, Option<i64>)> = sqlx::query_as(
            "SELECT resident_id, stage, came_from, contact_consent_at FROM supporters",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(supporters.len(), 1, "{supporters:?}");
        assert_eq!(supporters[0].0, first);
        assert_eq!(
            (supporters[0].1.as_str(), supporters[0].2.as_str()),
            ("interested", "questionnaire")
        );
        assert!(supporters[0].3.is_some(), "consent recorded");
        // "Next level" from a first-time session: a wish for a beginners' session.
        let wishes: Vec<(i64, String)> =
            sqlx::query_as("SELECT resident_id, level FROM next_level_wishes")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(wishes, vec![(first, "beginner".to_string())]);
        let audited = app.audited_since(mark).await;
        assert!(
            audited
                .iter()
                .any(|e| e
                    == &format!("update session {} questionnaires entered: 3 sheets", h.session)),
            "{audited:?}"
        );
        assert!(
            audited.iter().any(|e| e.starts_with("create supporter ") && e.contains("interested")),
            "{audited:?}"
        );
        assert!(!audited.iter().any(|e| e.contains("楽しかった")), "no answer text in the audit");

        // Entering again changes nothing twice: still one supporter, the same tallies; the
        // first sheet corrected to "no next level" takes back its wish.
        let mut again = good.to_vec();
        again.retain(|(k, _)| *k != "r0_next");
        let r = app.post_form(&staff, &path, &again).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporters").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM next_level_wishes").await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 3);

        // The supporter record erased (at the person's request): entering the sheets again,
        // with the wish back, makes no new one.
        sqlx::query("UPDATE supporters SET resident_id = NULL, phone = NULL, erased_at = 1")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = app.post_form(&staff, &path, &good).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporters").await, 1, "not made anew");
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM next_level_wishes").await,
            1,
            "the wish is back"
        );

        // The entry page shows what is stored.
        let entry = app.get(&staff, &format!("/sessions/{}/questionnaires/entry", h.session)).await;
        let html = entry.text().await.unwrap();
        assert!(html.contains("楽しかったです"));
        assert!(html.contains(&format!("受付番号 {a}")));

        // A finalised report locks the sheets.
        let r =
            app.post_form(&staff, &report_path, &[("topic", &tb_id), ("action", "finalise")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("report_finalised"));
        let r = app.post_form(&staff, &path, &[("rows", "1"), ("r0_sat", "1")]).await;
        assert_eq!(redirect_param(&r, "e.sheets").as_deref(), Some("report_locked"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 3);
        let _ = third;
    })
    .await;
}

/// The link printed on a registration's sheet, read from the printout.
async fn link_of(
    app: &TestApp,
    staff: &reqwest::Client,
    session: i64,
    registration: i64,
) -> String {
    let html =
        app.get(staff, &format!("/sessions/{session}/questionnaires")).await.text().await.unwrap();
    let start = html.find(&format!("/q/{registration}-")).expect("the sheet's link");
    html[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '-')
        .collect()
}

#[tokio::test]
async fn a_phone_answer_is_taken_once_per_attendance_without_a_sign_in() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let h = held_session(&app).await;
        let [(resident, a), (_, b), _] = h.people;
        let link = link_of(&app, &staff, h.session, a).await;
        let phone = common::client();

        // The page shows the session and its questions, and nobody's name.
        let page = app.get(&phone, &link).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("アンケートの回"));
        assert!(!html.contains("回答 一郎") && !html.contains("0425631000"), "no personal data");

        // A made-up code, or another's number with this code: not found.
        let forged = format!("/q/{b}-{}", link.rsplit('-').next().unwrap());
        assert_eq!(app.get(&phone, &forged).await.status(), 404);
        let r = app.post_form(&phone, &format!("/forms{forged}"), &[("sat", "5")]).await;
        assert_eq!(r.status(), 404);

        // Nothing answered: refused with a message.
        let form = format!("/forms{link}");
        let r = app.post_form(&phone, &form, &[("comment", "")]).await;
        assert_eq!(redirect_param(&r, "e.answer").as_deref(), Some("nothing_answered"));

        let mark = app.audit_mark().await;
        let basic = format!("t{}", h.topics[0]);
        let r = app
            .post_form(
                &phone,
                &form,
                &[("sat", "4"), (&basic, "1"), ("help", "1"), ("contact", "1")],
            )
            .await;
        assert_eq!(
            redirect_param(&r, "notice").as_deref(),
            Some("answer_received"),
            "{}",
            location(&r)
        );
        let audited = app.audited_since(mark).await;
        assert!(
            audited
                .iter()
                .any(|e| e.starts_with("create questionnaire ") && e.contains("answered by phone")),
            "{audited:?}"
        );

        // Once per attendance: a second answer is refused and changes nothing.
        let r = app.post_form(&phone, &form, &[("sat", "1")]).await;
        assert_eq!(redirect_param(&r, "e.answer").as_deref(), Some("already_answered"));
        let answers: Vec<(Option<i64>, String, Option<i64>)> =
            sqlx::query_as("SELECT registration_id, via, satisfaction FROM questionnaire_answers")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(answers, vec![(Some(a), "phone".to_string(), Some(4))]);
        let html = app.get(&phone, &link).await.text().await.unwrap();
        assert!(html.contains("もう"), "the page says it was answered");

        // It counts in the report, makes the interested record, and the entry form shows
        // it as answered by phone; a paper sheet entered for the same number is skipped.
        let rep = report(&app, &staff, h.session).await;
        assert_eq!(rep["satisfaction"], serde_json::json!([0, 0, 0, 1, 0]));
        assert_eq!(
            count(&app, &format!("SELECT COUNT(*) FROM supporters WHERE resident_id = {resident}"))
                .await,
            1
        );
        let entry = app.get(&staff, &format!("/sessions/{}/questionnaires/entry", h.session)).await;
        assert!(entry.text().await.unwrap().contains("スマートフォンで回答済み"));
        let path = format!("/forms/sessions/{}/questionnaires", h.session);
        let r = app
            .post_form(&staff, &path, &[("rows", "1"), ("r0_reg", &a.to_string()), ("r0_sat", "1")])
            .await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 1);

        // Closed: once the report is finalised, for an erased person, or before it begins.
        let link_b = link_of(&app, &staff, h.session, b).await;
        let link_c = link_of(&app, &staff, h.session, h.people[2].1).await;
        let report_path = format!("/forms/sessions/{}/report", h.session);
        let topic = h.topics[0].to_string();
        let r =
            app.post_form(&staff, &report_path, &[("topic", &topic), ("action", "finalise")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("report_finalised"));
        let r = app.post_form(&phone, &format!("/forms{link_b}"), &[("sat", "5")]).await;
        assert_eq!(redirect_param(&r, "e.answer").as_deref(), Some("phone_answer_closed"));
        sqlx::query("UPDATE session_reports SET finalised_at = NULL WHERE session_id = $1")
            .bind(h.session)
            .execute(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("UPDATE residents SET erased_at = 1 WHERE id = $1")
            .bind(h.people[2].0)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r =
            app.post_form(&phone, &format!("/forms{link_c}"), &[("sat", "5"), ("next", "1")]).await;
        assert_eq!(redirect_param(&r, "e.answer").as_deref(), Some("phone_answer_closed"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM next_level_wishes").await, 0);
        app.move_session(h.session, 86_400).await;
        let r = app.post_form(&phone, &format!("/forms{link_b}"), &[("sat", "5")]).await;
        assert_eq!(redirect_param(&r, "e.answer").as_deref(), Some("phone_answer_closed"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 1);
    })
    .await;
}

#[tokio::test]
async fn only_those_who_run_the_session_see_or_enter_its_sheets() {
    on_both(async |app: TestApp| {
        let h = held_session(&app).await;
        let paths = [
            format!("/sessions/{}/questionnaires", h.session),
            format!("/sessions/{}/questionnaires/entry", h.session),
        ];
        let form = format!("/forms/sessions/{}/questionnaires", h.session);
        for role in [Role::Volunteer, Role::Reviewer, Role::Coordinator] {
            let (client, _) = app.signed_in(role).await;
            for path in &paths {
                let r = app.get(&client, path).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
                assert!(!r.text().await.unwrap().contains("回答 一郎"));
            }
            let r = app.post_form(&client, &form, &[("rows", "1"), ("r0_sat", "5")]).await;
            assert_eq!(r.status(), 403, "{role:?}");
            for api in ["/api/questionnaires/print", "/api/questionnaires/entry"] {
                let r = app.call(&client, api, &format!("session_id={}", h.session)).await;
                assert_eq!(r.status(), 403, "{role:?} {api}");
            }
        }
        let anonymous = common::client();
        let r = app.get(&anonymous, &paths[0]).await;
        assert!(location(&r).starts_with("/login"), "{}", location(&r));
        let r = app.post_form(&anonymous, &form, &[("rows", "1"), ("r0_sat", "5")]).await;
        assert!(
            r.status() == 403 || r.status() == 401 || r.status().is_redirection(),
            "{}",
            r.status()
        );
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 0);
    })
    .await;
}

#[tokio::test]
async fn the_reach_report_breaks_answers_down_by_age_band_district_first_time_and_topic() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let h = held_session(&app).await;
        let [basic, _] = h.topics;
        let fy = yorisoi::domain::FiscalYear::of(yorisoi::domain::today_in_japan()).start_year();
        sqlx::query("UPDATE sessions SET fiscal_year = $1 WHERE id = $2")
            .bind(i64::from(fy))
            .bind(h.session)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let district = |name: &'static str| {
            let pool = app.db.pool.clone();
            async move {
                sqlx::query_scalar::<_, i64>("SELECT id FROM districts WHERE name = $1")
                    .bind(name)
                    .fetch_one(&pool)
                    .await
                    .unwrap()
            }
        };
        let (imokubo, zoushiki) = (district("芋窪").await, district("蔵敷").await);
        // By hand: who answered, as recorded with their attendance and in the rollup.
        let facts = [("75-79", imokubo, 1), ("75-79", zoushiki, 0), ("80-84", imokubo, 1)];
        for ((resident, registration), (band, district, first)) in h.people.iter().zip(facts) {
            sqlx::query("UPDATE registrations SET age_band = $1, district_id = $2 WHERE id = $3")
                .bind(band)
                .bind(district)
                .bind(registration)
                .execute(&app.db.pool)
                .await
                .unwrap();
            sqlx::query("DELETE FROM reach_people WHERE resident_id = $1")
                .bind(resident)
                .execute(&app.db.pool)
                .await
                .unwrap();
            sqlx::query(
                "INSERT INTO reach_people (resident_id, fiscal_year, months, first_month, band, \
                    district_id, first_time) VALUES ($1, $2, 1, 0, $3, $4, $5)",
            )
            .bind(resident)
            .bind(i64::from(fy))
            .bind(band)
            .bind(district)
            .bind(first)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        let [(_, a), (_, b), (_, c)] = h.people;
        let (a, b, c) = (a.to_string(), b.to_string(), c.to_string());
        let topic = |n: usize| format!("r{n}_t{basic}");
        let (t0, t1, t2) = (topic(0), topic(1), topic(2));
        let sheets = [
            ("rows", "4"),
            ("r0_reg", a.as_str()),
            ("r0_sat", "5"),
            (t0.as_str(), "1"),
            ("r1_reg", b.as_str()),
            ("r1_sat", "2"),
            (t1.as_str(), "2"),
            ("r2_reg", c.as_str()),
            ("r2_sat", "4"),
            (t2.as_str(), "1"),
            ("r3_sat", "5"),
        ];
        let path = format!("/forms/sessions/{}/questionnaires", h.session);
        let r = app.post_form(&staff, &path, &sheets).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));

        // The topics table beside it counts held sessions of the period and who came; a
        // session of another year with the same topic counts for nothing here.
        sqlx::query("UPDATE sessions SET present_booked = 3 WHERE id = $1")
            .bind(h.session)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let old = app.add_session_on("昔の回", "2020-05-12", "community", "scheduled").await;
        sqlx::query("INSERT INTO session_topics (session_id, topic_id) VALUES ($1, $2)")
            .bind(old)
            .bind(basic)
            .execute(&app.db.pool)
            .await
            .unwrap();

        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        let r = app.call(&reviewer, "/api/reports/reach", &format!("fy={fy}")).await;
        assert_eq!(r.status(), 200);
        let report: serde_json::Value = r.json().await.unwrap();
        let topics = report["current"]["by_topic"].as_array().unwrap().clone();
        let topic = |name: &str| topics.iter().find(|t| t[0] == name).unwrap().clone();
        assert_eq!(topic("基本操作"), serde_json::json!(["基本操作", 1, 3]));
        assert_eq!(topic("LINE"), serde_json::json!(["LINE", 1, 3]));
        assert_eq!(topic("防災アプリ"), serde_json::json!(["防災アプリ", 0, 0]));
        let group = |list: &str, key: &str| -> [i64; 5] {
            let found = report["current"]["answers"][list]
                .as_array()
                .unwrap()
                .iter()
                .find(|g| g[0] == key)
                .unwrap_or_else(|| panic!("{list} {key}"))[1]
                .clone();
            ["sheets", "rated", "satisfied", "asked", "could"].map(|k| found[k].as_i64().unwrap())
        };
        assert_eq!(group("by_band", "75-79"), [2, 2, 1, 2, 1]);
        assert_eq!(group("by_band", "80-84"), [1, 1, 1, 1, 1]);
        assert_eq!(group("by_band", ""), [1, 1, 1, 0, 0], "the unnumbered sheet");
        assert_eq!(group("by_district", "芋窪"), [2, 2, 2, 2, 2]);
        assert_eq!(group("by_district", "蔵敷"), [1, 1, 0, 1, 0]);
        assert_eq!(group("by_first", "first"), [2, 2, 2, 2, 2]);
        assert_eq!(group("by_first", "repeat"), [1, 1, 0, 1, 0]);
        assert_eq!(group("by_topic", "基本操作"), [0, 0, 0, 3, 2]);
        assert_eq!(group("by_topic", "LINE"), [0, 0, 0, 0, 0]);

        // The CSV carries the same tables. (Publication covers finished fiscal years only,
        // so its hiding of small groups is the sections' unit test.)
        let csv =
            app.get(&reviewer, &format!("/reports/reach.csv?fy={fy}")).await.text().await.unwrap();
        assert!(csv.contains("アンケート：年代別"), "{csv}");
        assert!(csv.contains("アンケート：初参加"), "{csv}");
        let section = csv.find("アンケート：地区別").expect("the section");
        let line = csv[section..].lines().find(|l| l.starts_with("芋窪,")).expect("a district row");
        assert!(line.starts_with("芋窪,2,100.0%,"), "{line}");
    })
    .await;
}

#[tokio::test]
async fn next_level_invitations_reach_each_person_once_by_their_channel() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let h = held_session(&app).await;
        // The three prefer email, a call and a letter.
        for ((resident, _), contact) in h.people.iter().zip(["email", "phone", "letter"]) {
            let (email, address) = match contact {
                "email" => ("next@example.jp", ""),
                "letter" => ("", "東大和市中央3-930"),
                _ => ("", ""),
            };
            sqlx::query(
                "UPDATE residents SET contact_pref = $1, email = $2, address = $3 WHERE id = $4",
            )
            .bind(contact)
            .bind(email)
            .bind(address)
            .bind(resident)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        let ids = h.people.map(|(_, g)| g.to_string());
        let mut sheets = vec![("rows".to_string(), "3".to_string())];
        for (n, id) in ids.iter().enumerate() {
            sheets.push((format!("r{n}_reg"), id.clone()));
            sheets.push((format!("r{n}_next"), "1".into()));
        }
        let sheets: Vec<(&str, &str)> =
            sheets.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = app
            .post_form(&staff, &format!("/forms/sessions/{}/questionnaires", h.session), &sheets)
            .await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));

        // A beginners' session to come: its page says three wait, and invites them.
        let next = app.add_session("つぎの段階", 20, 10).await;
        sqlx::query("UPDATE sessions SET level = 'beginner' WHERE id = $1")
            .bind(next)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let page = app.get(&staff, &format!("/sessions/{next}")).await.text().await.unwrap();
        assert!(page.contains("まだ案内していない方が 3 人"), "{page}");
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        let form = format!("/forms/sessions/{next}/invitations");
        assert_eq!(app.post_form(&volunteer, &form, &[]).await.status(), 403);
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &form, &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("invited"));
        let notices: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT resident_id, channel, subject FROM notices WHERE kind = 'invitation' \
             AND session_id = $1 ORDER BY resident_id",
        )
        .bind(next)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        let channels: Vec<&str> = notices.iter().map(|(_, c, _)| c.as_str()).collect();
        assert_eq!(channels, ["email", "phone", "letter"]);
        assert!(notices[0].2.contains("次のレベル"), "{:?}", notices[0]);
        app.assert_audited(mark, &[format!("update session {next} next-level invitations: 3")])
            .await;

        // Once: again, or for another beginners' session, nobody more.
        let r = app.post_form(&staff, &form, &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("nobody_to_invite"));
        let other = app.add_session("つぎの段階その2", 27, 10).await;
        sqlx::query("UPDATE sessions SET level = 'beginner' WHERE id = $1")
            .bind(other)
            .execute(&app.db.pool)
            .await
            .unwrap();
        app.post_form(&staff, &format!("/forms/sessions/{other}/invitations"), &[]).await;
        assert_eq!(count(&app, "SELECT COUNT(*) FROM notices WHERE kind = 'invitation'").await, 3);
        let page = app.get(&staff, &format!("/sessions/{other}")).await.text().await.unwrap();
        assert!(!page.contains("まだ案内していない方"), "nobody waits");
        // The call is on the call list, the letter waits to be printed.
        let calls = app.get(&staff, "/calls").await.text().await.unwrap();
        assert!(calls.contains("回答 二郎"), "the call is listed");
        let letters = app.get(&staff, "/letters").await.text().await.unwrap();
        assert!(letters.contains("回答 三郎"), "the letter waits");
    })
    .await;
}

#[tokio::test]
async fn interest_noted_at_intake_or_a_support_request_needs_consent_and_makes_one_record() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let resident =
            app.add_resident("関心 花子", "かんしん はなこ", "0425632222", "phone").await;
        let rid = resident.to_string();
        let form = [("resident_id", rid.as_str()), ("from", "intake")];
        let r = app.post_form(&staff, "/forms/supporters/interested", &form).await;
        assert_eq!(redirect_param(&r, "e.consent").as_deref(), Some("contact_consent_required"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporters").await, 0);
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        let with_consent = [("resident_id", rid.as_str()), ("from", "intake"), ("consent", "1")];
        assert_eq!(
            app.post_form(&volunteer, "/forms/supporters/interested", &with_consent).await.status(),
            403
        );
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, "/forms/supporters/interested", &with_consent).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("interested_noted"));
        assert!(location(&r).starts_with(&format!("/residents/{resident}")));
        let audited = app.audited_since(mark).await;
        assert!(
            audited.iter().any(|e| e.starts_with("create supporter ") && e.contains("intake")),
            "{audited:?}"
        );
        let r = app.post_form(&staff, "/forms/supporters/interested", &with_consent).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("interested_already"));
        let made: Vec<(String, String, Option<i64>)> =
            sqlx::query_as("SELECT stage, came_from, contact_consent_at FROM supporters")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(made.len(), 1);
        assert_eq!((made[0].0.as_str(), made[0].1.as_str()), ("interested", "intake"));
        assert!(made[0].2.is_some());
        // Listed for staff to call, with where it came from.
        let board = app.get(&staff, "/supporters").await.text().await.unwrap();
        assert!(board.contains("関心 花子") && board.contains("電話の受付から"), "{board}");
        // The resident's page no longer offers it.
        let page = app.get(&staff, &format!("/residents/{resident}")).await.text().await.unwrap();
        assert!(!page.contains("サポーターに関心ありとして記録する"));
    })
    .await;
}

#[tokio::test]
async fn a_trainees_tick_waits_for_staff_to_confirm_it() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (trainee, user) = app.signed_in(Role::Volunteer).await;
        let supporter: i64 = sqlx::query_scalar(
            "INSERT INTO supporters (name, kana, kana_compact, kana_sort, basis, user_id, stage, \
                last_progress_on, created_at, updated_at) \
             VALUES ('養成 一子', 'ようせい いちこ', 'ようせいいちこ', 'ようせい いちこ', 'lives', $1, \
                'enrolled', '2026-01-01', 0, 0) RETURNING id",
        )
        .bind(user)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        let unit: i64 = sqlx::query_scalar("SELECT id FROM course_units ORDER BY sort_order LIMIT 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let page = app.get(&trainee, "/my-supporter").await.text().await.unwrap();
        assert!(page.contains("次にすること") && page.contains("次のユニット：ユニット1"), "{page}");

        let claim = format!("/forms/my-supporter/units/{unit}");
        let r = app.post_form(&trainee, &claim, &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("unit_ticked"));
        let r = app.post_form(&trainee, &claim, &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("unit_not_ticked"), "once");
        // Staff have no record of their own to tick on: nothing reaches the trainee's.
        let r = app.post_form(&staff, &format!("/forms/my-supporter/units/{}", unit + 1), &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("unit_not_ticked"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporter_unit_claims").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporter_units").await, 0, "not done until confirmed");
        let page = app.get(&trainee, "/my-supporter").await.text().await.unwrap();
        assert!(page.contains("担当の確認待ち"), "{page}");
        let anonymous = common::client();
        let r = app.post_form(&anonymous, &claim, &[]).await;
        assert!(r.status() == 401 || r.status() == 403 || r.status().is_redirection());

        // Staff see the tick and confirm it by recording the unit.
        let page = app.get(&staff, &format!("/supporters/{supporter}")).await.text().await.unwrap();
        assert!(page.contains("本人から"), "{page}");
        let r = app
            .post_form(
                &staff,
                &format!("/forms/supporters/{supporter}/units"),
                &[("unit", &unit.to_string()), ("units_on", "")],
            )
            .await;
        assert!(r.status().is_redirection());
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporter_units").await, 1);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporter_unit_claims").await, 0);
    })
    .await;
}

/// The rollup as it stands: every non-zero group.
async fn rollup(app: &TestApp) -> Vec<(i64, i64, String, String, i64, i64, i64, i64, i64)> {
    sqlx::query_as(
        "SELECT fiscal_year, month, dimension, group_key, sheets, rated, satisfied, asked, could \
         FROM questionnaire_rollup WHERE sheets <> 0 OR rated <> 0 OR asked <> 0 \
         ORDER BY fiscal_year, month, dimension, group_key",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn saving_again_keeps_sheets_of_people_no_longer_listed_and_the_rollup_matches_a_rebuild() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let h = held_session(&app).await;
        let [(first, a), (_, b), _] = h.people;
        let (a, b) = (a.to_string(), b.to_string());
        let basic = format!("t{}", h.topics[0]);
        let (a_t, b_t) = (format!("r0_{basic}"), format!("r1_{basic}"));
        let path = format!("/forms/sessions/{}/questionnaires", h.session);
        let sheets = [
            ("rows", "3"),
            ("r0_reg", a.as_str()),
            ("r0_sat", "5"),
            (a_t.as_str(), "1"),
            ("r1_reg", b.as_str()),
            ("r1_sat", "2"),
            (b_t.as_str(), "3"),
            ("r2_sat", "4"),
        ];
        let r = app.post_form(&staff, &path, &sheets).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));
        let before = report(&app, &staff, h.session).await["satisfaction"].clone();
        let rolled = rollup(&app).await;
        assert!(!rolled.is_empty());
        // The first person's record is erased; the form, saved again without their row,
        // keeps their sheet, and every figure stays.
        sqlx::query("UPDATE residents SET erased_at = 1, name = '' WHERE id = $1")
            .bind(first)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let again = [("rows", "2"), ("r0_reg", b.as_str()), ("r0_sat", "2"), ("r1_sat", "4")];
        let r = app.post_form(&staff, &path, &again).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("sheets_saved"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM questionnaire_answers").await, 3);
        assert_eq!(report(&app, &staff, h.session).await["satisfaction"], before);
        // Kept with every change, the rollup is what a rebuild from the answers gives.
        let kept = rollup(&app).await;
        yorisoi::reach::ops::rebuild_all(&app.db).await.unwrap();
        assert_eq!(rollup(&app).await, kept);
        assert_ne!(kept, rolled, "the second sheet lost its topic answer");
    })
    .await;
}

#[tokio::test]
async fn invitations_and_interest_are_refused_to_everyone_but_staff() {
    on_both(async |app: TestApp| {
        let h = held_session(&app).await;
        let resident = h.people[0].0.to_string();
        let invite = format!("/forms/sessions/{}/invitations", h.session);
        let interested = [("resident_id", resident.as_str()), ("from", "intake"), ("consent", "1")];
        for role in [Role::Coordinator, Role::Reviewer, Role::Volunteer] {
            let (client, _) = app.signed_in(role).await;
            assert_eq!(app.post_form(&client, &invite, &[]).await.status(), 403, "{role:?}");
            let r = app.post_form(&client, "/forms/supporters/interested", &interested).await;
            assert_eq!(r.status(), 403, "{role:?}");
            let r = app
                .call(&client, "/api/questionnaires/waiting", &format!("session_id={}", h.session))
                .await;
            assert_eq!(r.status(), 403, "{role:?}");
        }
        let anonymous = common::client();
        for r in [
            app.post_form(&anonymous, &invite, &[]).await,
            app.post_form(&anonymous, "/forms/supporters/interested", &interested).await,
        ] {
            assert!(matches!(r.status().as_u16(), 303 | 401 | 403), "{}", r.status());
        }
        assert_eq!(count(&app, "SELECT COUNT(*) FROM supporters").await, 0);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM notices WHERE kind = 'invitation'").await, 0);
    })
    .await;
}
