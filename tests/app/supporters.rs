//! TOKYO Smartphone Supporters on SQLite and PostgreSQL: records checked with every error
//! beside its field, the pipeline's allowed and refused steps, reminders by real SMTP and
//! by call (once each, at the right day), matching on a hand-built session, the register
//! and role denials (a volunteer sees only their own record).
use crate::common;

use common::{location, on_both, redirect_param, smtp, TestApp};
use yorisoi::auth::Role;
use yorisoi::db::now;
use yorisoi::notify::mailer::Mailer;
use yorisoi::notify::worker::run_once;

fn fields(changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("name", "佐藤 一郎"),
        ("kana", "サトウ イチロウ"),
        ("phone", "090-1111-2222"),
        ("email", ""),
        ("basis", "lives"),
        ("adult", "1"),
        ("help", "iphone"),
        ("help", "line"),
        ("day", "mon"),
        ("time", "morning"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    // `+name` adds a value to a repeated field; `name` replaces it (blank removes it).
    for (k, v) in changes {
        match k.strip_prefix('+') {
            Some(k) => fields.push((k.to_string(), v.to_string())),
            None => {
                fields.retain(|(name, _)| name != k);
                if !v.is_empty() {
                    fields.push((k.to_string(), v.to_string()));
                }
            }
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

/// Records a supporter through the form and returns their number.
async fn add(app: &TestApp, c: &reqwest::Client, changes: &[(&str, &str)]) -> i64 {
    let r = post(app, c, "/forms/supporters", &fields(changes)).await;
    assert_eq!(r.status(), 303);
    let loc = location(&r);
    loc.trim_start_matches("/supporters/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a supporter page: {loc}"))
}

async fn stage(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.post_form(c, &format!("/forms/supporters/{id}/stage"), form).await
}

async fn stage_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT stage FROM supporters WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn units(app: &TestApp) -> Vec<i64> {
    sqlx::query_scalar("SELECT id FROM course_units WHERE active = 1 ORDER BY sort_order")
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
}

async fn tick_units(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    done: &[i64],
) -> reqwest::Response {
    let mut form: Vec<(String, String)> =
        done.iter().map(|u| ("unit".to_string(), u.to_string())).collect();
    form.push(("units_on".into(), String::new()));
    post(app, c, &format!("/forms/supporters/{id}/units"), &form).await
}

#[tokio::test]
async fn the_pipeline_moves_forward_and_refuses_wrong_steps() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;

        // Everything wrong at once: each error beside its field, what was typed kept.
        let bad = fields(&[
            ("name", ""),
            ("kana", "abc"),
            ("basis", ""),
            ("adult", ""),
            ("email", "not-an-address"),
            ("phone", "12"),
        ]);
        let r = post(&app, &staff, "/forms/supporters", &bad).await;
        assert!(location(&r).starts_with("/supporters/new?"), "{}", location(&r));
        for (field, code) in [
            ("name", "required"),
            ("basis", "choice_required"),
            ("adult", "adult_required"),
            ("email", "email_invalid"),
            ("phone", "phone_invalid"),
        ] {
            assert_eq!(redirect_param(&r, &format!("e.{field}")).as_deref(), Some(code), "{field}");
        }
        assert!(redirect_param(&r, "e.kana").is_some());
        let page = app.refused_page(&staff, &r, &["not-an-address"]).await;
        assert!(page.contains("value=\"not-an-address\""), "typed address kept");
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM supporters")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0, "nothing is recorded from a wrong form");

        let id = add(&app, &staff, &[]).await;
        assert_eq!(stage_of(&app, id).await, "interested");
        let kana: String = sqlx::query_scalar("SELECT kana FROM supporters WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(kana, "さとう いちろう");

        // Interested cannot jump to completed or certified.
        let r = stage(&app, &staff, id, &[("stage", "completed")]).await;
        assert_eq!(redirect_param(&r, "e.stage").as_deref(), Some("stage_transition"));
        let target = location(&r);
        assert!(target.starts_with(&format!("/supporters/{id}?")), "{target}");
        assert!(target.ends_with("#stage-title") && !target.contains("v.stage"), "{target}");
        let r = stage(&app, &staff, id, &[("stage", "enrolled")]).await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_stage_saved"));

        // Completed only when every unit is done.
        let all = units(&app).await;
        assert_eq!(all.len(), 11, "the Tokyo course is seeded with 11 units");
        // A unit ticked twice counts once; an unknown unit is no progress.
        sqlx::query("UPDATE supporters SET last_progress_on = '2025-01-01' WHERE id = $1")
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = tick_units(&app, &staff, id, &[999_999]).await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_units_saved"));
        let since: String =
            sqlx::query_scalar("SELECT last_progress_on FROM supporters WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(since, "2025-01-01", "no unit was done");
        let r = tick_units(&app, &staff, id, &[all[0], all[0]]).await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_units_saved"));
        tick_units(&app, &staff, id, &all[..10]).await;
        let r = stage(&app, &staff, id, &[("stage", "completed")]).await;
        assert_eq!(redirect_param(&r, "e.stage").as_deref(), Some("stage_units_missing"));
        let r = tick_units(&app, &staff, id, &all).await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_units_saved"));
        let r = stage(&app, &staff, id, &[("stage", "completed")]).await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_stage_saved"));
        let r = tick_units(&app, &staff, id, &all[..3]).await;
        assert_eq!(redirect_param(&r, "e.unit").as_deref(), Some("units_not_enrolled"));
        let done: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM supporter_units WHERE supporter_id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(done, 11, "units are not changed after the course");

        // Certified needs the certificate's number and date (not in the future).
        let r = stage(&app, &staff, id, &[("stage", "certified")]).await;
        assert_eq!(redirect_param(&r, "e.certificate_no").as_deref(), Some("required"));
        assert_eq!(redirect_param(&r, "e.certified_on").as_deref(), Some("required"));
        let tomorrow = (yorisoi::domain::today_in_japan() + chrono::Duration::days(1))
            .format("%Y-%m-%d")
            .to_string();
        let r = stage(
            &app,
            &staff,
            id,
            &[
                ("stage", "certified"),
                ("certificate_no", "TS-2025-0042"),
                ("certified_on", &tomorrow),
            ],
        )
        .await;
        assert_eq!(redirect_param(&r, "e.certified_on").as_deref(), Some("not_in_future"));
        let r = stage(
            &app,
            &staff,
            id,
            &[
                ("stage", "certified"),
                ("certificate_no", "TS-2025-0042"),
                ("certified_on", "2025/6/12"),
            ],
        )
        .await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_stage_saved"));
        let cert: (String, Option<String>) =
            sqlx::query_as("SELECT certificate_no, certified_on FROM supporters WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(cert, ("TS-2025-0042".into(), Some("2025-06-12".into())));

        // Certified never goes back to the course; inactive comes back to active.
        let r = stage(&app, &staff, id, &[("stage", "enrolled")]).await;
        assert_eq!(redirect_param(&r, "e.stage").as_deref(), Some("stage_transition"));
        for next in ["active", "inactive", "active"] {
            let r = stage(&app, &staff, id, &[("stage", next)]).await;
            assert_eq!(
                location(&r),
                format!("/supporters/{id}?notice=supporter_stage_saved"),
                "{next}"
            );
        }
        let r = stage(&app, &staff, id, &[("stage", "bogus")]).await;
        assert_eq!(redirect_param(&r, "e.stage").as_deref(), Some("choice_required"));
        assert_eq!(stage_of(&app, id).await, "active");

        // The credential beside the certificate: the badge gets a one-year term.
        let r = app
            .post_form(
                &staff,
                &format!("/forms/supporters/{id}/credentials"),
                &[("kind", "digital_promoter"), ("earned_on", "2025-07-01")],
            )
            .await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=credential_saved"));
        let badge: (String, Option<String>) = sqlx::query_as(
            "SELECT name, expires_on FROM supporter_credentials WHERE supporter_id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(badge, ("デジタル推進委員".into(), Some("2026-07-01".into())));
        let r = app
            .post_form(
                &staff,
                &format!("/forms/supporters/{id}/credentials"),
                &[
                    ("kind", "local_training"),
                    ("earned_on", "2025-07-01"),
                    ("expires_on", "2025-06-01"),
                ],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.credential_name").as_deref(), Some("required"));
        assert_eq!(redirect_param(&r, "e.expires_on").as_deref(), Some("expiry_before_earned"));

        // A step checked against a stage the record has since left moves nothing (two
        // people moving the same record at once cannot chain their steps).
        let now_at = stage_of(&app, id).await;
        let mut tx = app.db.begin().await.unwrap();
        let moved = yorisoi::supporters::store::set_stage(
            &mut tx,
            id,
            Some(yorisoi::supporters::Stage::Enrolled),
            yorisoi::supporters::Stage::Completed,
            None,
            chrono::Utc::now().date_naive(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert!(!moved);
        assert_eq!(stage_of(&app, id).await, now_at);

        // Every change and every read is audited.
        let page = app.call(&staff, "/api/supporters/one", &format!("id={id}")).await;
        assert_eq!(page.status(), 200);
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'supporter' AND record_id = $1",
        )
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        // Created, enrolled, 4 unit saves, completed, certified, active, inactive, active,
        // a credential, a read; refused posts change nothing and are not recorded.
        assert_eq!(audited, 13);

        // The register counts the certificate in its fiscal year (令和7年度), with 和暦.
        let csv = app.get(&staff, "/supporters/register.csv?fy=2025").await;
        assert_eq!(csv.status(), 200);
        let text = csv.text().await.unwrap();
        assert!(text.starts_with('\u{feff}'), "Excel needs the BOM");
        assert!(text.contains("TS-2025-0042,2025-06-12,令和7年6月12日,佐藤 一郎"), "{text}");
        assert!(text.contains("新たに修了証を得た人,1\r\n"), "{text}");
        let other_year =
            app.get(&staff, "/supporters/register.csv?fy=2024").await.text().await.unwrap();
        assert!(other_year.contains("新たに修了証を得た人,0\r\n"), "{other_year}");

        // The city's reach report counts them too (this year beside the year before).
        let reach = app.get(&staff, "/reports/reach.csv?fy=2025").await.text().await.unwrap();
        assert!(reach.contains("新たに修了証を得たスマホサポーター（人）,1,0"), "{reach}");
    })
    .await;
}

async fn sink() -> (String, smtp::Inbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    (url, smtp::serve(listener))
}

fn days_ago(n: i64) -> String {
    (yorisoi::domain::today_in_japan() - chrono::Duration::days(n)).format("%Y-%m-%d").to_string()
}

#[tokio::test]
async fn reminders_come_once_on_the_day_by_email_or_as_a_call() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let (url, inbox) = sink().await;
        let mailer = Mailer::new(&url, "東大和市 <noreply@city.example.jp>").expect("mailer");

        let trainee = add(&app, &staff, &[("email", "trainee@example.jp")]).await;
        stage(&app, &staff, trainee, &[("stage", "enrolled")]).await;
        let set_progress = async |days: i64| {
            sqlx::query("UPDATE supporters SET last_progress_on = $1 WHERE id = $2")
                .bind(days_ago(days))
                .bind(trainee)
                .execute(&app.db.pool)
                .await
                .unwrap();
        };
        // 30 days by default: 29 days without progress is not yet due.
        set_progress(29).await;
        let pass = run_once(&app.db, Some(&mailer), now()).await.unwrap();
        assert_eq!(pass.supporter_reminders, 0);
        set_progress(30).await;
        let pass = run_once(&app.db, Some(&mailer), now()).await.unwrap();
        assert_eq!((pass.supporter_reminders, pass.sent), (1, 1));
        let again = run_once(&app.db, Some(&mailer), now()).await.unwrap();
        assert_eq!((again.supporter_reminders, again.sent), (0, 0), "once per stall");
        let messages = inbox.messages();
        assert_eq!(messages.len(), 1);
        let parsed =
            mail_parser::MessageParser::default().parse(messages[0].as_bytes()).expect("parses");
        assert_eq!(parsed.subject(), Some("TOKYOスマホサポーター講座の進み具合について"));
        assert!(parsed.body_text(0).unwrap().starts_with("佐藤 一郎 様"));

        // The admin shortens the wait: a trainee 10 days without progress is reminded.
        let r = app
            .post_form(
                &staff,
                "/forms/supporters/settings",
                &[("stall_days", "10"), ("per_supporter", "4")],
            )
            .await;
        assert_eq!(r.status(), 403, "staff do not change the programme");
        let r = app
            .post_form(
                &admin,
                "/forms/supporters/settings",
                &[("stall_days", "0"), ("per_supporter", "x")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.stall_days").as_deref(), Some("count_invalid"));
        assert_eq!(redirect_param(&r, "e.per_supporter").as_deref(), Some("count_invalid"));
        let r = app
            .post_form(
                &admin,
                "/forms/supporters/settings",
                &[("stall_days", "10"), ("per_supporter", "4")],
            )
            .await;
        assert_eq!(location(&r), "/supporters?notice=saved");
        let second =
            add(&app, &staff, &[("name", "田中 次郎"), ("kana", "たなか じろう"), ("phone", "")])
                .await;
        stage(&app, &staff, second, &[("stage", "enrolled")]).await;
        sqlx::query("UPDATE supporters SET last_progress_on = $1 WHERE id = $2")
            .bind(days_ago(10))
            .bind(second)
            .execute(&app.db.pool)
            .await
            .unwrap();

        // A badge expiring in 30 days is due; one in 31 days is not yet.
        let holder =
            add(&app, &staff, &[("name", "山本 三郎"), ("kana", "やまもと さぶろう")]).await;
        for (earned, expires) in [(days_ago(300), -30), (days_ago(300), -31)] {
            let expires_on = (yorisoi::domain::today_in_japan() - chrono::Duration::days(expires))
                .format("%Y-%m-%d")
                .to_string();
            let r = app
                .post_form(
                    &staff,
                    &format!("/forms/supporters/{holder}/credentials"),
                    &[
                        ("kind", "digital_promoter"),
                        ("earned_on", &earned),
                        ("expires_on", &expires_on),
                    ],
                )
                .await;
            assert_eq!(location(&r), format!("/supporters/{holder}?notice=credential_saved"));
        }
        let pass = run_once(&app.db, Some(&mailer), now()).await.unwrap();
        assert_eq!((pass.supporter_reminders, pass.sent), (2, 0), "no email: calls for staff");
        let calls: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT id, kind, supporter_id FROM notices WHERE supporter_id IS NOT NULL \
             AND channel = 'phone' AND status = 'pending' ORDER BY kind",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            calls.iter().map(|(_, k, s)| (k.as_str(), *s)).collect::<Vec<_>>(),
            vec![("credential_expiring", holder), ("supporter_stalled", second)]
        );
        // Staff see them with the number to call, and mark a call made; residents' call
        // list does not carry them.
        let page = app.call(&staff, "/api/supporters/reminders", "").await.text().await.unwrap();
        assert!(page.contains("090-1111-2222"), "{page}");
        let call_list: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notices n JOIN residents r ON r.id = n.resident_id",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(call_list, 0);
        let r = app
            .post_form(&staff, &format!("/forms/supporters/reminders/{}/called", calls[0].0), &[])
            .await;
        assert_eq!(location(&r), "/supporters/reminders?notice=reminder_called");
        let r = app
            .post_form(&staff, &format!("/forms/supporters/reminders/{}/called", calls[0].0), &[])
            .await;
        assert_eq!(r.status(), 404, "a call is marked made once");
    })
    .await;
}

/// Makes a supporter certified (and active) straight away, with a volunteer account when
/// `login` is given.
async fn certified(
    app: &TestApp,
    staff: &reqwest::Client,
    name: &str,
    kana: &str,
    login: Option<&str>,
    changes: &[(&str, &str)],
) -> (i64, Option<i64>) {
    let user = match login {
        Some(l) => Some(app.add_user(l, Role::Volunteer).await),
        None => None,
    };
    let user_text = user.map(|u| u.to_string()).unwrap_or_default();
    let mut all = vec![("name", name), ("kana", kana), ("user_id", user_text.as_str())];
    all.extend_from_slice(changes);
    let id = add(app, staff, &all).await;
    sqlx::query(
        "UPDATE supporters SET stage = 'active', certificate_no = $1, certified_on = '2025-05-01' \
         WHERE id = $2",
    )
    .bind(format!("TS-{id}"))
    .bind(id)
    .execute(&app.db.pool)
    .await
    .unwrap();
    (id, user)
}

/// The matching for `session`, as staff see it.
async fn load_matching(
    app: &TestApp,
    c: &reqwest::Client,
    session: i64,
) -> yorisoi::supporters::Matching {
    let body = app
        .call(c, "/api/supporters/matching", &format!("session_id={session}"))
        .await
        .text()
        .await
        .unwrap();
    serde_json::from_str(&body).expect(&body)
}

/// Posts the assign form of `session`'s matching page for `supporter`.
async fn assign(
    app: &TestApp,
    c: &reqwest::Client,
    session: i64,
    supporter: i64,
) -> reqwest::Response {
    app.post_form(
        c,
        &format!("/forms/sessions/{session}/supporters"),
        &[("supporter", &supporter.to_string())],
    )
    .await
}

#[tokio::test]
async fn matching_ranks_by_phones_then_district_then_day_and_time() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        // Monday 2026-12-14, 10:00 in Japan, at a venue in 中央.
        let session = app.add_session("スマホ相談会", 20, 20).await;
        let starts = chrono::DateTime::parse_from_rfc3339("2026-12-14T10:00:00+09:00")
            .unwrap()
            .timestamp();
        sqlx::query("UPDATE sessions SET starts_at = $1, ends_at = $2, local_date = '2026-12-14' WHERE id = $3")
            .bind(starts)
            .bind(starts + 7200)
            .bind(session)
            .execute(&app.db.pool)
            .await
            .unwrap();
        // Three iPhone owners and one Android owner booked; a cancelled Android booking
        // does not count.
        for (n, (phone, status)) in [
            ("iphone", "confirmed"),
            ("iphone", "confirmed"),
            ("iphone", "confirmed"),
            ("android", "confirmed"),
            ("android", "cancelled"),
        ]
        .iter()
        .enumerate()
        {
            let resident = app
                .add_resident(&format!("参加 {n}"), "さんか", &format!("042563100{n}"), "phone")
                .await;
            sqlx::query("UPDATE residents SET smartphone = $1 WHERE id = $2")
                .bind(phone)
                .bind(resident)
                .execute(&app.db.pool)
                .await
                .unwrap();
            app.add_registration(session, resident, status, &format!("match-{n}")).await;
        }
        let chuo: i64 = sqlx::query_scalar("SELECT id FROM districts WHERE name = '中央'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let elsewhere: i64 = sqlx::query_scalar("SELECT id FROM districts WHERE name = '芋窪'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let (chuo, elsewhere) = (chuo.to_string(), elsewhere.to_string());
        let only = |help: &'static str| [("help", ""), ("line", ""), ("day", ""), ("time", "")].into_iter().chain(std::iter::once(("help", help)));
        // A: Android, same district, Monday morning: 1×10 + 4 + 2 + 1 = 17.
        let a: Vec<(&str, &str)> = only("android").chain([("district_id", chuo.as_str()), ("day", "mon"), ("time", "morning")]).collect();
        let (a, _) = certified(&app, &staff, "安藤 あ", "あんどう", None, &a).await;
        // B: iPhone, elsewhere, weekends: 3×10 = 30.
        let b: Vec<(&str, &str)> = only("iphone").chain([("district_id", elsewhere.as_str()), ("day", "sat")]).collect();
        let (b, b_user) = certified(&app, &staff, "馬場 び", "ばば", Some("vol-b"), &b).await;
        // C: iPhone and Android, elsewhere, Monday afternoons: 4×10 + 2 = 42.
        let c: Vec<(&str, &str)> = only("iphone").chain([("+help", "android"), ("district_id", elsewhere.as_str()), ("day", "mon"), ("time", "afternoon")]).collect();
        let (c, _) = certified(&app, &staff, "千葉 し", "ちば", Some("vol-c"), &c).await;
        // D: as B, but gave two hours this fiscal year: after B.
        let d: Vec<(&str, &str)> = only("iphone").chain([("district_id", elsewhere.as_str()), ("day", "sat")]).collect();
        let (d, d_user) = certified(&app, &staff, "出口 で", "でぐち", Some("vol-d"), &d).await;
        let earlier = app.add_session("前の相談会", -3, 10).await;
        sqlx::query("UPDATE sessions SET local_date = '2026-12-01' WHERE id = $1")
            .bind(earlier)
            .execute(&app.db.pool)
            .await
            .unwrap();
        app.add_helper_hours(earlier, d_user.unwrap(), 120).await;
        // E: still in the course: never suggested.
        let e = add(&app, &staff, &[("name", "江口 え"), ("kana", "えぐち")]).await;
        stage(&app, &staff, e, &[("stage", "enrolled")]).await;

        let matching = load_matching(&app, &staff, session).await;
        assert_eq!((matching.participants, matching.iphone, matching.android), (4, 3, 1));
        assert_eq!((matching.wanted, matching.assigned), (1, 0), "4 participants per supporter");
        let order: Vec<(i64, i64)> = matching.suggestions.iter().map(|s| (s.supporter_id, s.score)).collect();
        assert_eq!(order, vec![(c, 42), (b, 30), (d, 30), (a, 17)]);
        assert_eq!(matching.suggestions[0].reasons, vec!["iphone", "android", "day"]);
        assert_eq!(matching.suggestions[3].reasons, vec!["android", "district", "day", "time"]);
        assert_eq!(matching.suggestions[2].minutes_this_year, 120);

        // Assigning from the suggestion puts them on the session's helpers.
        let r = assign(&app, &staff, session, c).await;
        assert_eq!(location(&r), format!("/sessions/{session}/supporters?notice=supporter_assigned"));
        let helpers: Vec<String> = sqlx::query_scalar(
            "SELECT u.login FROM session_assignments a JOIN users u ON u.id = a.user_id WHERE a.session_id = $1",
        )
        .bind(session)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(helpers, vec!["vol-c"]);
        let r = assign(&app, &staff, session, a).await;
        assert_eq!(redirect_param(&r, "e.supporter").as_deref(), Some("supporter_no_account"));
        let r = assign(&app, &staff, session, e).await;
        assert_eq!(redirect_param(&r, "e.supporter").as_deref(), Some("invalid"), "only certified ones");
        let after = load_matching(&app, &staff, session).await;
        assert_eq!(after.assigned, 1);
        assert!(after.suggestions[0].assigned);

        // B helps at another session from 11:00 that day (overlapping): last, with its title.
        // D helps at one from 12:00 (right after) and at a cancelled one at 10:00: still free.
        for (title, at, status, user) in [
            ("同じ時間の会", starts + 3600, "scheduled", b_user),
            ("すぐ後の会", starts + 7200, "scheduled", d_user),
            ("中止した会", starts, "cancelled", d_user),
        ] {
            let other = app.add_session(title, 20, 20).await;
            sqlx::query("UPDATE sessions SET starts_at = $1, ends_at = $2, local_date = '2026-12-14', status = $3 WHERE id = $4")
                .bind(at)
                .bind(at + 3600)
                .bind(status)
                .bind(other)
                .execute(&app.db.pool)
                .await
                .unwrap();
            app.add_assignment(other, user.unwrap(), "assistant").await;
        }
        let busy = load_matching(&app, &staff, session).await;
        let order: Vec<(i64, Option<&str>)> = busy
            .suggestions
            .iter()
            .map(|s| (s.supporter_id, s.busy_with.as_deref()))
            .collect();
        assert_eq!(order, vec![(c, None), (d, None), (a, None), (b, Some("同じ時間の会"))]);
        let page = app
            .get(&staff, &format!("/sessions/{session}/supporters"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("同じ時間に「同じ時間の会」を担当しています"), "{page}");

        // Assigning C again is refused (it would change their role), and a disabled
        // account cannot be assigned.
        let r = assign(&app, &staff, session, c).await;
        assert_eq!(redirect_param(&r, "e.supporter").as_deref(), Some("supporter_assigned_already"));
        sqlx::query("UPDATE users SET disabled = 1 WHERE id = $1")
            .bind(d_user.unwrap())
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = assign(&app, &staff, session, d).await;
        assert_eq!(redirect_param(&r, "e.supporter").as_deref(), Some("supporter_no_account"));
    })
    .await;
}

#[tokio::test]
async fn volunteers_see_only_their_own_record_and_others_see_none() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (volunteer, volunteer_id) = app.signed_in(Role::Volunteer).await;
        let own = add(
            &app,
            &staff,
            &[
                ("user_id", &volunteer_id.to_string()),
                ("email", "own@example.jp"),
                ("notes", "職員だけのメモ"),
            ],
        )
        .await;
        let other = add(
            &app,
            &staff,
            &[
                ("name", "他人 さん"),
                ("kana", "たにん"),
                ("phone", "080-9999-0000"),
            ],
        )
        .await;

        // Their own record, read only, through /my-supporter.
        let mine = app.call(&volunteer, "/api/supporters/mine", "").await;
        assert_eq!(mine.status(), 200);
        let mine = mine.text().await.unwrap();
        assert!(mine.contains("own@example.jp"), "{mine}");
        assert!(!mine.contains("職員だけのメモ"), "staff notes stay with staff: {mine}");
        // Staff reading the board is audited.
        assert_eq!(app.call(&staff, "/api/supporters/board", "").await.status(), 200);
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'supporter' AND record_id = 'board' AND action = 'read'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(audited, 1);
        assert!(
            !mine.contains("他人") && !mine.contains("080-9999-0000"),
            "{mine}"
        );
        let page = app
            .get(&volunteer, "/my-supporter")
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("佐藤 一郎"), "{page}");
        assert!(
            !page.contains("/forms/supporters/"),
            "no forms for the volunteer"
        );

        let reviewer = app.signed_in(Role::Reviewer).await.0;
        let coordinator = app.signed_in(Role::Coordinator).await.0;
        for (role, c) in [
            (Role::Volunteer, &volunteer),
            (Role::Reviewer, &reviewer),
            (Role::Coordinator, &coordinator),
        ] {
            for path in [
                "/supporters",
                &format!("/supporters/{own}"),
                "/supporters/register",
                "/supporters/reminders",
                "/supporters/register.csv",
            ] {
                let r = app.get(c, path).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
                let body = r.text().await.unwrap();
                assert!(
                    !body.contains("他人") && !body.contains("080-9999-0000"),
                    "{role:?} {path}"
                );
            }
            for (path, body) in [
                ("/api/supporters/board", String::new()),
                ("/api/supporters/one", format!("id={other}")),
                ("/api/supporters/form", String::new()),
                ("/api/supporters/register", String::new()),
                ("/api/supporters/reminders", String::new()),
                ("/api/supporters/matching", "session_id=1".to_string()),
            ] {
                let r = app.call(c, path, &body).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
                let text = r.text().await.unwrap();
                assert!(!text.contains("他人"), "{role:?} {path}: {text}");
            }
            for path in [
                "/forms/supporters".to_string(),
                format!("/forms/supporters/{other}"),
                format!("/forms/supporters/{other}/stage"),
                format!("/forms/supporters/{other}/units"),
                format!("/forms/supporters/{other}/credentials"),
                "/forms/supporters/settings".to_string(),
                "/forms/supporters/reminders/1/called".to_string(),
                "/forms/sessions/1/supporters".to_string(),
            ] {
                let r = app.post_form(c, &path, &[("stage", "enrolled")]).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
            }
        }
        assert_eq!(stage_of(&app, other).await, "interested", "nothing changed");
        // A user without a linked record is told so, and sees nobody's.
        let none = app
            .call(&reviewer, "/api/supporters/mine", "")
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(none, "null");
        // Signed out: nothing at all.
        let anonymous = common::client();
        assert_eq!(
            app.call(&anonymous, "/api/supporters/mine", "")
                .await
                .status(),
            401
        );
    })
    .await;
}

#[tokio::test]
async fn a_supporter_is_erased_on_request_keeping_their_stage_and_hours() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let resident =
            app.add_resident("佐藤 一郎", "さとう いちろう", "0901112222", "phone").await;
        let rid = resident.to_string();
        let id = add(
            &app,
            &admin,
            &[("resident_id", &rid), ("email", "ichiro.sato@example.jp"), ("notes", "火曜は不可")],
        )
        .await;
        // The resident's erase section names the supporter record, which it does not erase.
        let page = app.get(&admin, &format!("/residents/{resident}")).await.text().await.unwrap();
        assert!(page.contains(&format!("/supporters/{id}#erase")), "the supporter is named");

        // Only admins erase, and only when the request is confirmed.
        let (staff, _) = app.signed_in(Role::Staff).await;
        let path = format!("/forms/supporters/{id}/erase");
        assert_eq!(app.post_form(&staff, &path, &[("confirm", "1")]).await.status(), 403);
        let r = app.post_form(&admin, &path, &[]).await;
        assert_eq!(redirect_param(&r, "e.confirm").as_deref(), Some("erase_confirm"));
        let r = app.post_form(&admin, &path, &[("confirm", "1")]).await;
        assert_eq!(location(&r), format!("/supporters/{id}?notice=supporter_erased"));

        let left: (String, String, Option<String>, String, String, Option<i64>, String) =
            sqlx::query_as(
                "SELECT name, kana, phone, email, notes, resident_id, stage FROM supporters \
                 WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(
            left,
            (
                String::new(),
                String::new(),
                None,
                String::new(),
                String::new(),
                None,
                "interested".into()
            )
        );
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'supporter' AND record_id = $1 \
             AND detail = 'erased at the person''s request'",
        )
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(audited, 1);
        let page = app.get(&admin, &format!("/supporters/{id}")).await.text().await.unwrap();
        assert!(page.contains("消去されました") && !page.contains("佐藤 一郎"));
        // An erased record cannot be edited any more.
        let r = post(&app, &admin, &format!("/forms/supporters/{id}"), &fields(&[])).await;
        assert_eq!(r.status(), 404);
        // The resident record is untouched.
        let name: String = sqlx::query_scalar("SELECT name FROM residents WHERE id = $1")
            .bind(resident)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(name, "佐藤 一郎");
    })
    .await;
}
