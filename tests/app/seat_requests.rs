//! Seat requests from the public pages on SQLite and PostgreSQL: a request holds a seat or
//! a waitlist number and lapses on time (the waitlist moves up); staff confirm, count an
//! unanswered call or decline; 200 requests at once for 10 seats; the honeypot and each
//! limit; the reference and the phone's digits as the only key to a request; public pages
//! and answers without counts or anyone's data; role denials.
use crate::common;

use common::{client, location, on_both, on_both_with, redirect_param, TestApp};
use reqwest::Client;
use yorisoi::auth::Role;
use yorisoi::web::Config;

/// A complete request for `session` from `phone`, with a new form key; `changes` replace
/// or add fields.
fn form(session: i64, phone: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    static KEYS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = KEYS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut fields: Vec<(String, String)> = [
        ("name", "山田 花子"),
        ("kana", "やまだ はなこ"),
        ("filled_by", "family"),
        ("email", ""),
        ("need", "hearing"),
        ("consent", "yes"),
        ("website", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    fields.push(("session_id".into(), session.to_string()));
    fields.push(("phone".into(), phone.to_string()));
    fields.push(("key".into(), format!("test-form-key-{n:08}")));
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k.to_string(), v.to_string()));
    }
    fields
}

/// Sends a request as a browser would (the client keeps the access cookie).
async fn send(app: &TestApp, c: &Client, fields: &[(String, String)]) -> reqwest::Response {
    c.post(app.url("/forms/public/requests")).form(fields).send().await.expect("post")
}

/// The newest request's (id, reference, status, holds a seat, waitlist number).
async fn newest(app: &TestApp) -> (i64, String, String, i64, Option<i64>) {
    sqlx::query_as(
        "SELECT id, reference, status, holds_seat, waitlist_position FROM seat_requests \
         ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn status_of(app: &TestApp, id: i64) -> String {
    sqlx::query_scalar("SELECT status FROM seat_requests WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// The session's (seats taken, waiting).
async fn counts(app: &TestApp, session: i64) -> (i64, i64) {
    sqlx::query_as("SELECT seats_taken, waitlist_count FROM sessions WHERE id = $1")
        .bind(session)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

async fn requests(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM seat_requests").fetch_one(&app.db.pool).await.unwrap()
}

#[tokio::test]
async fn a_request_holds_a_place_and_lapses_on_time_moving_the_waitlist() {
    on_both(async |app: TestApp| {
        let session = app.add_session("体験会", 10, 2).await;
        let family = client();
        let mark = app.audit_mark().await;
        let sent = form(session, "090-1111-0001", &[]);
        let r = send(&app, &family, &sent).await;
        assert_eq!(location(&r), "/public/request?notice=request_sent");
        let (first, reference, status, seat, _) = newest(&app).await;
        assert_eq!((status.as_str(), seat), ("pending", 1));
        assert_eq!(reference.len(), 8);
        app.assert_audited(mark, &[format!("create seat_request {first} session {session}")]).await;
        // The sender sees the request at once, through the cookie, with its reference.
        let page = app.get(&family, "/public/request").await.text().await.unwrap();
        assert!(page.contains(&format!("{}-{}", &reference[..4], &reference[4..])), "{page}");
        assert!(page.contains("確認待ち"));
        // The same form sent again (a double tap) is the same request.
        let r = send(&app, &family, &sent).await;
        assert_eq!(location(&r), "/public/request?notice=request_sent");
        assert_eq!(requests(&app).await, 1);
        // Someone else who knows the number gets a request of their own (a household's
        // shared line), never a view of this one.
        let stranger = client();
        send(&app, &stranger, &form(session, "090-1111-0001", &[("name", "別人")])).await;
        let (second, ..) = newest(&app).await;
        assert_ne!(second, first);
        let page = app.get(&stranger, "/public/request").await.text().await.unwrap();
        assert!(!page.contains(&reference[4..]), "the stranger sees only their own");
        let page = app.get(&family, "/public/request").await.text().await.unwrap();
        assert!(page.contains(&reference[4..]), "the family's view still holds");
        assert_eq!(counts(&app, session).await, (2, 0), "two seats held, counted as taken");
        // Full: a third request takes a waitlist number, not counted as waiting yet.
        send(&app, &client(), &form(session, "090-1111-0003", &[])).await;
        let (third, _, _, seat, number) = newest(&app).await;
        assert_eq!((seat, number), (0, Some(1)));
        assert_eq!(counts(&app, session).await, (2, 0));
        // Staff book someone on the phone: the waitlist, after the request's number.
        let (staff, _) = app.signed_in(Role::Staff).await;
        let resident =
            app.add_resident("佐藤 一郎", "さとう いちろう", "0425550001", "phone").await;
        let r = app
            .post_form(
                &staff,
                "/forms/registrations",
                &[
                    ("session_id", &session.to_string()),
                    ("resident_id", &resident.to_string()),
                    ("key", "k1"),
                ],
            )
            .await;
        assert!(location(&r).ends_with("notice=waitlisted"), "{}", location(&r));
        let waiting: (i64, String, Option<i64>) = sqlx::query_as(
            "SELECT id, status, waitlist_position FROM registrations WHERE resident_id = $1",
        )
        .bind(resident)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(waiting.2, Some(2));
        // Not yet due: nothing lapses.
        let now = chrono::Utc::now().timestamp();
        assert_eq!(yorisoi::seat_requests::ops::lapse_due(&app.db, now).await.unwrap(), 0);
        // Three days later the unconfirmed requests lapse; the freed seats go to the
        // booking waiting (the pending waitlist request lapses too, freeing nothing).
        let mark = app.audit_mark().await;
        let lapsed =
            yorisoi::seat_requests::ops::lapse_due(&app.db, now + 3 * 86_400 + 60).await.unwrap();
        assert_eq!(lapsed, 3);
        assert_eq!(status_of(&app, first).await, "lapsed");
        assert_eq!(status_of(&app, third).await, "lapsed");
        let status: String = sqlx::query_scalar("SELECT status FROM registrations WHERE id = $1")
            .bind(waiting.0)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(status, "confirmed", "the waitlist moved up");
        assert_eq!(counts(&app, session).await, (1, 0));
        app.assert_audited(
            mark,
            &[
                format!("update seat_request {first} lapsed"),
                format!("update seat_request {third} lapsed"),
                format!("update registration {} promoted", waiting.0),
            ],
        )
        .await;
        // The lapsed request keeps no contact details.
        let kept: (String, String, String) =
            sqlx::query_as("SELECT name, phone, kana FROM seat_requests WHERE id = $1")
                .bind(first)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(kept, (String::new(), String::new(), String::new()));
        let page = app.get(&family, "/public/request").await.text().await.unwrap();
        assert!(page.contains("期限が過ぎて取り消し"), "the sender sees it lapsed");
        // A cancelled session's request stays in the queue, marked, for staff to phone and
        // say so; the requester reads that the session takes no requests; it lapses on its
        // date, and a session that has begun lapses its requests at once.
        let other = app.add_session("別の会", 10, 5).await;
        let requester = client();
        send(&app, &requester, &form(other, "090-1111-0009", &[])).await;
        let (pending, ..) = newest(&app).await;
        sqlx::query("UPDATE sessions SET status = 'cancelled' WHERE id = $1")
            .bind(other)
            .execute(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(yorisoi::seat_requests::ops::lapse_due(&app.db, now).await.unwrap(), 0);
        let queue = app.get(&staff, "/requests").await.text().await.unwrap();
        assert!(queue.contains("中止：お電話で伝えてください"), "{queue}");
        let page = app.get(&requester, "/public/request").await.text().await.unwrap();
        assert!(page.contains("この体験会は申込を受け付けていません。"), "{page}");
        assert!(!page.contains("/forms/public/requests/cancel"), "nothing to cancel");
        let later = now + 3 * 86_400 + 60;
        assert_eq!(yorisoi::seat_requests::ops::lapse_due(&app.db, later).await.unwrap(), 1);
        assert_eq!(status_of(&app, pending).await, "lapsed");
        let begun = app.add_session("始まる会", 1, 5).await;
        send(&app, &client(), &form(begun, "090-1111-0010", &[])).await;
        let (early, ..) = newest(&app).await;
        assert_eq!(
            yorisoi::seat_requests::ops::lapse_due(&app.db, now + 86_400 + 60).await.unwrap(),
            1
        );
        assert_eq!(status_of(&app, early).await, "lapsed");
    })
    .await;
}

#[tokio::test]
async fn staff_confirm_by_phone_count_unanswered_calls_and_decline() {
    on_both(async |app: TestApp| {
        let session = app.add_session("体験会", 10, 2).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        // Someone already on record with the number the family gives.
        let known = app.add_resident("山田 花子", "やまだ はなこ", "09022220001", "phone").await;
        send(&app, &client(), &form(session, "090-2222-0001", &[])).await;
        let (first, reference, ..) = newest(&app).await;
        send(&app, &client(), &form(session, "090-2222-0002", &[("name", "田中 次郎"), ("kana", "たなか じろう")])).await;
        let (second, ..) = newest(&app).await;
        send(&app, &client(), &form(session, "090-2222-0003", &[("name", "鈴木 三郎"), ("kana", "すずき さぶろう")])).await;
        let (third, _, _, seat, number) = newest(&app).await;
        assert_eq!((seat, number), (0, Some(1)), "the third waits");
        // The queue, oldest first, audited as a list.
        let mark = app.audit_mark().await;
        let queue = app.get(&staff, "/requests").await.text().await.unwrap();
        let (a, b) = (queue.find("山田 花子").unwrap(), queue.find("田中 次郎").unwrap());
        assert!(a < b, "oldest first");
        assert!(queue.contains("090-2222-0001"));
        app.assert_audited(mark, &[format!("read list seat requests seat_requests {first},{second},{third}")])
            .await;
        // The request's page lists the resident with the same number.
        let mark = app.audit_mark().await;
        let page = app.get(&staff, &format!("/requests/{first}")).await.text().await.unwrap();
        assert!(page.contains(&format!("住民番号 {known}")), "{page}");
        app.assert_audited(
            mark,
            &[format!("read seat_request {first}"), format!("read list seat request matches residents {known}")],
        )
        .await;
        // Could not reach: counted, the place kept.
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &format!("/forms/requests/{first}/unreachable"), &[]).await;
        assert_eq!(location(&r), "/requests?notice=request_call_counted");
        let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM seat_requests WHERE id = $1")
            .bind(first)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(attempts, 1);
        assert_eq!(status_of(&app, first).await, "pending");
        app.assert_audited(mark, &[format!("update seat_request {first} could not reach")]).await;
        // Confirmed by phone for the resident on record: a booking in the seat held.
        let key = "confirm-1";
        let confirm = |id: i64, person: String, key: &'static str| {
            let staff = staff.clone();
            let app = &app;
            async move {
                app.post_form(
                    &staff,
                    &format!("/forms/requests/{id}/confirm"),
                    &[("person", person.as_str()), ("smartphone", ""), ("key", key)],
                )
                .await
            }
        };
        let mark = app.audit_mark().await;
        let r = confirm(first, known.to_string(), key).await;
        let to = location(&r);
        assert!(to.ends_with("notice=request_confirmed"), "{to}");
        let registration: i64 =
            to.trim_start_matches("/registrations/").split('?').next().unwrap().parse().unwrap();
        let booked: (i64, String) =
            sqlx::query_as("SELECT resident_id, status FROM registrations WHERE id = $1")
                .bind(registration)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(booked, (known, "confirmed".to_string()));
        assert_eq!(counts(&app, session).await, (2, 0), "the held seat became the booking's");
        app.assert_audited(
            mark,
            &[
                format!("create registration {registration} session {session} from seat request {first}"),
                format!("update seat_request {first} confirmed by phone: registration {registration}"),
            ],
        )
        .await;
        // The same post again gives the same booking; the request is no longer pending.
        let r = confirm(first, known.to_string(), key).await;
        assert_eq!(location(&r), format!("/registrations/{registration}?notice=request_confirmed"));
        let r = confirm(first, known.to_string(), "another-key").await;
        assert_eq!(redirect_param(&r, "e.person").as_deref(), Some("request_not_pending"));
        // The requester sees it confirmed with the reference.
        let looker = client();
        let r = app
            .post_form(&looker, "/forms/public/requests/lookup", &[("reference", &reference), ("digits", "0001")])
            .await;
        assert_eq!(location(&r), "/public/request");
        let page = app.get(&looker, "/public/request").await.text().await.unwrap();
        assert!(page.contains("確定しました"), "{page}");
        // A new resident needs the smartphone question answered.
        let r = confirm(second, "new".to_string(), "confirm-2").await;
        assert_eq!(redirect_param(&r, "e.smartphone").as_deref(), Some("choice_required"));
        let r = app
            .post_form(
                &staff,
                &format!("/forms/requests/{second}/confirm"),
                &[("person", "new"), ("smartphone", "none"), ("key", "confirm-2")],
            )
            .await;
        assert!(location(&r).ends_with("notice=request_confirmed"), "{}", location(&r));
        let made: (String, String, Option<String>, i64) = sqlx::query_as(
            "SELECT r.name, r.kana, r.phone, r.need_hearing FROM registrations g \
             JOIN residents r ON r.id = g.resident_id WHERE g.idempotency_key = 'confirm-2'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(made.0, "田中 次郎");
        assert_eq!(made.2.as_deref(), Some("09022220002"));
        assert_eq!(made.3, 1, "the needs come with the request");
        // The waiting request confirmed: on the waitlist with its number, counted.
        let r = confirm(third, "new".to_string(), "confirm-3").await;
        assert_eq!(redirect_param(&r, "e.smartphone").as_deref(), Some("choice_required"));
        let r = app
            .post_form(
                &staff,
                &format!("/forms/requests/{third}/confirm"),
                &[("person", "new"), ("smartphone", "android"), ("key", "confirm-3")],
            )
            .await;
        assert!(location(&r).ends_with("notice=request_confirmed"));
        let waiting: (String, Option<i64>) = sqlx::query_as(
            "SELECT status, waitlist_position FROM registrations WHERE idempotency_key = 'confirm-3'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(waiting, ("waitlisted".to_string(), Some(1)));
        assert_eq!(counts(&app, session).await, (2, 1));
        // Declined: the place is freed (a seat held by a new request goes back).
        let other = app.add_session("別の会", 10, 1).await;
        send(&app, &client(), &form(other, "090-2222-0004", &[])).await;
        let (fourth, ..) = newest(&app).await;
        assert_eq!(counts(&app, other).await, (1, 0));
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &format!("/forms/requests/{fourth}/decline"), &[]).await;
        assert_eq!(location(&r), "/requests?notice=request_declined");
        assert_eq!(status_of(&app, fourth).await, "declined");
        assert_eq!(counts(&app, other).await, (0, 0));
        app.assert_audited(mark, &[format!("cancel seat_request {fourth} declined")]).await;
        let r = app.post_form(&staff, &format!("/forms/requests/{fourth}/decline"), &[]).await;
        assert_eq!(redirect_param(&r, "e.person").as_deref(), Some("request_not_pending"));
        // A session cancelled before the call: the request cannot be confirmed onto it.
        let cancelled = app.add_session("中止の会", 10, 5).await;
        send(&app, &client(), &form(cancelled, "090-2222-0005", &[])).await;
        let (fifth, ..) = newest(&app).await;
        sqlx::query("UPDATE sessions SET status = 'cancelled' WHERE id = $1")
            .bind(cancelled)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = app
            .post_form(
                &staff,
                &format!("/forms/requests/{fifth}/confirm"),
                &[("person", "new"), ("smartphone", "none"), ("key", "confirm-5")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.person").as_deref(), Some("request_closed"));
        assert_eq!(status_of(&app, fifth).await, "pending", "left for the lapse");
    })
    .await;
}

#[tokio::test]
async fn two_hundred_requests_at_once_for_ten_seats_never_hold_more() {
    let config = Config { trust_proxy: true, ..Config::default() };
    on_both_with(config, async |app: TestApp| {
        let session = app.add_session("人気の会", 10, 10).await;
        let app = std::sync::Arc::new(app);
        let mut tasks = Vec::new();
        for n in 0..200 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let fields = form(session, &format!("0903333{n:04}"), &[]);
                client()
                    .post(app.url("/forms/public/requests"))
                    .header("x-forwarded-for", format!("10.0.{}.{}", n / 250, n % 250 + 1))
                    .form(&fields)
                    .send()
                    .await
                    .expect("post")
            }));
        }
        for task in tasks {
            let r = task.await.unwrap();
            assert_eq!(location(&r), "/public/request?notice=request_sent");
        }
        let held: (i64, i64) = sqlx::query_as(
            "SELECT CAST(SUM(holds_seat) AS BIGINT), COUNT(*) FROM seat_requests WHERE session_id = $1",
        )
        .bind(session)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(held, (10, 200));
        assert_eq!(counts(&app, session).await, (10, 0));
        let numbers: Vec<i64> = sqlx::query_scalar(
            "SELECT waitlist_position FROM seat_requests WHERE holds_seat = 0 ORDER BY waitlist_position",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(numbers, (1..=190).collect::<Vec<i64>>(), "each waitlist number once");
    })
    .await;
}

#[tokio::test]
async fn the_honeypot_and_each_limit_refuse_with_a_clear_message() {
    on_both(async |app: TestApp| {
        let sessions = [
            app.add_session("一", 10, 20).await,
            app.add_session("二", 11, 20).await,
            app.add_session("三", 12, 20).await,
            app.add_session("四", 13, 20).await,
        ];
        // A machine fills in the hidden field: refused, nothing kept, a way to phone us.
        let c = client();
        let r = send(&app, &c, &form(sessions[0], "090-4444-0001", &[("website", "http://spam")]))
            .await;
        assert_eq!(redirect_param(&r, "e.request").as_deref(), Some("request_refused"));
        assert_eq!(requests(&app).await, 0);
        let page = app.refused_page(&c, &r, &["090-4444-0001"]).await;
        assert!(page.contains("042-563-2111"), "the city's number is on the page");
        // Bad input: each field's message, everything typed shown again.
        let r = send(
            &app,
            &c,
            &form(
                sessions[0],
                "12345",
                &[("name", ""), ("kana", "abc1"), ("consent", ""), ("filled_by", "")],
            ),
        )
        .await;
        for (field, code) in [
            ("name", "required"),
            ("phone", "phone_invalid"),
            ("consent", "request_consent"),
            ("filled_by", "filled_by_required"),
        ] {
            assert_eq!(redirect_param(&r, &format!("e.{field}")).as_deref(), Some(code), "{field}");
        }
        assert!(redirect_param(&r, "e.kana").is_some());
        let page = app.refused_page(&c, &r, &["12345"]).await;
        assert!(page.contains("value=\"12345\""), "the phone typed is kept");
        assert_eq!(requests(&app).await, 0);
        // Three pending requests from one number, then the cap. Every limit answers the
        // same words, which tell a stranger nothing about a number.
        for session in &sessions[..3] {
            send(&app, &client(), &form(*session, "090-4444-0002", &[])).await;
        }
        let r = send(&app, &client(), &form(sessions[3], "090-4444-0002", &[])).await;
        assert_eq!(redirect_param(&r, "e.request").as_deref(), Some("request_limited"));
        assert_eq!(requests(&app).await, 3);
        // Five requests a day from one number, then the limit (the refused one counts).
        sqlx::query("UPDATE seat_requests SET status = 'declined'")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = send(&app, &client(), &form(sessions[0], "090-4444-0002", &[])).await;
        assert_eq!(location(&r), "/public/request?notice=request_sent");
        let r = send(&app, &client(), &form(sessions[1], "090-4444-0002", &[])).await;
        assert_eq!(redirect_param(&r, "e.request").as_deref(), Some("request_limited"));
        assert_eq!(requests(&app).await, 4);
        // Ten posts an hour from one address, then the limit: this address has sent 6
        // (a refused honeypot or bad input reaches no count).
        for n in 0..4 {
            let phone = format!("090-4444-10{n:02}");
            let r = send(&app, &client(), &form(sessions[1], &phone, &[])).await;
            assert_eq!(location(&r), "/public/request?notice=request_sent");
        }
        let r = send(&app, &client(), &form(sessions[1], "090-4444-1099", &[])).await;
        assert_eq!(redirect_param(&r, "e.request").as_deref(), Some("request_limited"));
        // The limits keep neither address nor number: a hash keyed with the server's own
        // secret, which cannot be found again without it.
        let buckets: Vec<String> = sqlx::query_scalar("SELECT bucket FROM public_attempts")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        let salt: String =
            sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = 'public_limits'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let keyed = |salt: &str| {
            format!(
                "request-phone:{}",
                yorisoi::web::secret::hash_token(&format!("{salt}:request-phone:09044440002"))
            )
        };
        assert!(buckets.contains(&keyed(&salt)), "{buckets:?}");
        assert!(!buckets.contains(&keyed("")));
        assert!(buckets.iter().all(|b| !b.contains("09044440002") && !b.contains("127.0.0.1")));
        // A closed session takes no requests.
        sqlx::query("UPDATE sessions SET status = 'cancelled' WHERE id = $1")
            .bind(sessions[3])
            .execute(&app.db.pool)
            .await
            .unwrap();
        sqlx::query("DELETE FROM public_attempts").execute(&app.db.pool).await.unwrap();
        let r = send(&app, &client(), &form(sessions[3], "090-4444-2001", &[])).await;
        assert_eq!(redirect_param(&r, "e.request").as_deref(), Some("request_closed"));
    })
    .await;
}

#[tokio::test]
async fn only_the_reference_with_the_phone_digits_shows_or_cancels_a_request() {
    on_both(async |app: TestApp| {
        let session = app.add_session("体験会", 10, 1).await;
        let sender = client();
        send(&app, &sender, &form(session, "090-5555-1234", &[])).await;
        let (id, reference, ..) = newest(&app).await;
        // Someone else sees the lookup form, not the request.
        let stranger = client();
        let page = app.get(&stranger, "/public/request").await.text().await.unwrap();
        assert!(!page.contains(&reference[4..]) && !page.contains("確認待ち"), "{page}");
        let body = app.call(&stranger, "/api/public/request", "").await.text().await.unwrap();
        assert!(body.starts_with("[null"), "{body}");
        // Wrong digits reveal nothing; every try is counted, and after six in an hour even
        // the right digits wait.
        for _ in 0..6 {
            let r = app
                .post_form(
                    &stranger,
                    "/forms/public/requests/lookup",
                    &[("reference", &reference), ("digits", "9999")],
                )
                .await;
            assert_eq!(redirect_param(&r, "e.reference").as_deref(), Some("lookup_wrong"));
        }
        let r = app
            .post_form(
                &stranger,
                "/forms/public/requests/lookup",
                &[("reference", &reference), ("digits", "1234")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.reference").as_deref(), Some("lookup_limited"));
        // An unknown reference gets the same answer as wrong digits.
        sqlx::query("DELETE FROM public_attempts").execute(&app.db.pool).await.unwrap();
        let r = app
            .post_form(
                &stranger,
                "/forms/public/requests/lookup",
                &[("reference", "12345678"), ("digits", "1234")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.reference").as_deref(), Some("lookup_wrong"));
        let r = app
            .post_form(
                &stranger,
                "/forms/public/requests/lookup",
                &[("reference", "1234"), ("digits", "12")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.reference").as_deref(), Some("reference_invalid"));
        assert_eq!(redirect_param(&r, "e.digits").as_deref(), Some("digits_invalid"));
        // Without the cookie, cancelling does nothing.
        let r = app.post_form(&stranger, "/forms/public/requests/cancel", &[]).await;
        assert!(redirect_param(&r, "e.reference").is_some());
        assert_eq!(status_of(&app, id).await, "pending");
        // With the reference (full-width, with a hyphen) and the right digits: seen, and
        // cancelled; the seat is freed.
        let typed: String = format!("{}－{}", &reference[..4], &reference[4..])
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0xFF10 + d).unwrap()))
            .collect();
        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                &stranger,
                "/forms/public/requests/lookup",
                &[("reference", &typed), ("digits", "1234")],
            )
            .await;
        assert_eq!(location(&r), "/public/request");
        let page = app.get(&stranger, "/public/request").await.text().await.unwrap();
        assert!(page.contains("確認待ち"));
        assert!(!page.contains("5555") && !page.contains("山田"), "no contact data shown back");
        let r = app.post_form(&stranger, "/forms/public/requests/cancel", &[]).await;
        assert_eq!(location(&r), "/public/request?notice=request_cancelled");
        assert_eq!(status_of(&app, id).await, "cancelled");
        assert_eq!(counts(&app, session).await, (0, 0));
        app.assert_audited(
            mark,
            &[
                format!("read seat_request {id} by the requester"),
                format!("cancel seat_request {id} by the requester"),
            ],
        )
        .await;
    })
    .await;
}

#[tokio::test]
async fn public_pages_and_answers_carry_no_counts_and_nobodys_data() {
    on_both(async |app: TestApp| {
        let session = app.add_session("はじめての体験会", 10, 4).await;
        let resident = app.add_resident("佐藤 秘密", "さとう ひみつ", "0426660001", "phone").await;
        app.add_place(session, resident).await;
        let anonymous = client();
        // The site's address shows the schedule to someone signed out.
        let r = app.get(&anonymous, "/").await;
        assert_eq!(location(&r), "/public");
        let page = app.get(&anonymous, "/public").await.text().await.unwrap();
        assert!(page.contains("はじめての体験会") && page.contains("042-563-2111"), "{page}");
        assert!(page.contains("残りわずか"), "3 of 4 seats left is 'few'");
        assert!(!page.contains("佐藤"));
        let page =
            app.get(&anonymous, &format!("/public/sessions/{session}")).await.text().await.unwrap();
        assert!(page.contains("name=\"consent\"") && !page.contains("佐藤"));
        // The server functions answer words, never numbers of people.
        let body = app.call(&anonymous, "/api/public/sessions", "").await.text().await.unwrap();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        let first = json[0].as_object().unwrap();
        let mut keys: Vec<&str> = first.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "availability",
                "description",
                "ends_at",
                "hearing_loop",
                "id",
                "level",
                "starts_at",
                "step_free",
                "title",
                "title_reading",
                "topics",
                "venue_access",
                "venue_address",
                "venue_name",
                "venue_reading",
                "what_to_bring",
            ],
            "only these, never a count: {body}"
        );
        assert_eq!(first["availability"], "Few");
        let body = app
            .call(&anonymous, "/api/public/session", &format!("id={session}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!body.contains("佐藤"), "{body}");
        let answer: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(answer[0], json[0], "the same fields as the schedule");
        // An unknown session is a 404.
        assert_eq!(app.call(&anonymous, "/api/public/session", "id=999999").await.status(), 404);
        assert_eq!(app.get(&anonymous, "/public/sessions/999999").await.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn only_staff_and_admins_see_and_answer_requests() {
    on_both(async |app: TestApp| {
        let session = app.add_session("体験会", 10, 4).await;
        send(&app, &client(), &form(session, "090-7777-0001", &[])).await;
        let (id, ..) = newest(&app).await;
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            for page in ["/requests".to_string(), format!("/requests/{id}")] {
                let r = app.get(&c, &page).await;
                assert_eq!(r.status(), 403, "{role:?} {page}");
                let body = r.text().await.unwrap();
                assert!(!body.contains("山田") && !body.contains("7777"), "{role:?} {page}");
            }
            assert_eq!(app.call(&c, "/api/requests/queue", "").await.status(), 403);
            assert_eq!(app.call(&c, "/api/requests/one", &format!("id={id}")).await.status(), 403);
            for action in ["confirm", "unreachable", "decline"] {
                let r = app
                    .post_form(
                        &c,
                        &format!("/forms/requests/{id}/{action}"),
                        &[("person", "new"), ("smartphone", "none"), ("key", "x")],
                    )
                    .await;
                assert_eq!(r.status(), 403, "{role:?} {action}");
            }
            let r = app.post_form(&c, "/forms/requests/settings", &[("lapse_days", "5")]).await;
            assert_eq!(r.status(), 403);
        }
        let anonymous = client();
        assert!(location(&app.get(&anonymous, "/requests").await).starts_with("/login"));
        assert_eq!(app.call(&anonymous, "/api/requests/queue", "").await.status(), 401);
        let r = app.post_form(&anonymous, &format!("/forms/requests/{id}/decline"), &[]).await;
        assert_eq!(r.status(), 401);
        assert_eq!(status_of(&app, id).await, "pending");
        // Staff may not change the lapse setting; admins may, within 1 to 14 days.
        let (staff, _) = app.signed_in(Role::Staff).await;
        assert_eq!(
            app.post_form(&staff, "/forms/requests/settings", &[("lapse_days", "5")])
                .await
                .status(),
            403
        );
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app.post_form(&admin, "/forms/requests/settings", &[("lapse_days", "15")]).await;
        assert_eq!(redirect_param(&r, "e.lapse_days").as_deref(), Some("lapse_days_invalid"));
        let r = app.post_form(&admin, "/forms/requests/settings", &[("lapse_days", "5")]).await;
        assert_eq!(location(&r), "/requests?notice=saved");
        send(&app, &client(), &form(session, "090-7777-0002", &[])).await;
        let lapses: (i64, i64) = sqlx::query_as(
            "SELECT created_at, lapses_at FROM seat_requests ORDER BY id DESC LIMIT 1",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(lapses.1 - lapses.0, 5 * 86_400);
    })
    .await;
}

#[tokio::test]
async fn simultaneous_tries_are_counted_one_after_another() {
    let config = Config { trust_proxy: true, ..Config::default() };
    on_both_with(config, async |app: TestApp| {
        let session = app.add_session("体験会", 10, 5).await;
        let app = std::sync::Arc::new(app);
        // Ten taps of one form at once: one request, one seat.
        let sent = form(session, "090-8888-0001", &[]);
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let (app, sent) = (app.clone(), sent.clone());
            tasks.push(tokio::spawn(async move { send(&app, &client(), &sent).await }));
        }
        for task in tasks {
            assert_eq!(location(&task.await.unwrap()), "/public/request?notice=request_sent");
        }
        assert_eq!(requests(&app).await, 1);
        assert_eq!(counts(&app, session).await, (1, 0));
        // Thirty guesses of the digits at once, from thirty addresses: at most six are
        // looked at, the rest are refused unread.
        let (_, reference, ..) = newest(&app).await;
        let mut tasks = Vec::new();
        for n in 0..30 {
            let (app, reference) = (app.clone(), reference.clone());
            tasks.push(tokio::spawn(async move {
                let r = client()
                    .post(app.url("/forms/public/requests/lookup"))
                    .header("x-forwarded-for", format!("10.1.0.{}", n + 1))
                    .form(&[
                        ("reference", reference.as_str()),
                        ("digits", &format!("{:04}", n + 5000)),
                    ])
                    .send()
                    .await
                    .expect("post");
                redirect_param(&r, "e.reference")
            }));
        }
        let mut looked_at = 0;
        for task in tasks {
            match task.await.unwrap().as_deref() {
                Some("lookup_wrong") => looked_at += 1,
                Some("lookup_limited") => {}
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(looked_at, 6, "exactly the limit, however the tries interleave");
    })
    .await;
}
