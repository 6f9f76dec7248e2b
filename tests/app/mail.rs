//! Email through a real SMTP conversation on loopback: the confirmation with its .ics,
//! retries while the server is down (nothing lost, nothing sent twice), two instances on
//! one PostgreSQL sending each mail once, reminders two days before, and the outbox when
//! SMTP is not configured.
use crate::common;

use common::{on_both, smtp, TestApp};
use mail_parser::MimeHeaders;
use yorisoi::auth::Role;
use yorisoi::db::{now, Backend, Db};
use yorisoi::notify::mailer::Mailer;
use yorisoi::notify::worker::run_once;

async fn sink() -> (String, smtp::Inbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    (url, smtp::serve(listener))
}

fn mailer(url: &str) -> Mailer {
    Mailer::new(url, "東大和市 デジタル政策課 <noreply@city.example.jp>").expect("mailer")
}

async fn book(app: &TestApp, c: &reqwest::Client, session: i64, resident: i64, key: &str) {
    let r = app
        .post_form(
            c,
            "/forms/registrations",
            &[
                ("session_id", &session.to_string()),
                ("resident_id", &resident.to_string()),
                ("key", key),
            ],
        )
        .await;
    assert_eq!(r.status(), 303);
}

async fn status_of(db: &Db, kind: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT status, attempts FROM notices WHERE kind = $1 AND channel = 'email' ORDER BY id",
    )
    .bind(kind)
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_confirmation_goes_out_once_with_the_session_attached() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("メールで確認", 10, 10).await;
        let resident =
            app.add_resident("メール 花子", "めーる はなこ", "0425630707", "email").await;
        book(&app, &staff, session, resident, "mail-1").await;
        let (url, inbox) = sink().await;
        let m = mailer(&url);
        let pass = run_once(&app.db, Some(&m), now()).await.unwrap();
        assert_eq!((pass.sent, pass.failed), (1, 0));
        let again = run_once(&app.db, Some(&m), now() + 7200).await.unwrap();
        assert_eq!(again.sent, 0, "a sent mail is never sent again");
        let messages = inbox.messages();
        assert_eq!(messages.len(), 1);
        let parsed =
            mail_parser::MessageParser::default().parse(messages[0].as_bytes()).expect("parses");
        assert_eq!(parsed.subject(), Some("お申し込みを受け付けました（メールで確認）"));
        let to = parsed.to().and_then(|a| a.first()).and_then(|a| a.address()).unwrap();
        assert_eq!(to, "r0425630707@example.jp");
        let text = parsed.body_text(0).unwrap();
        assert!(text.contains("メール 花子 様"), "{text}");
        assert!(text.contains("会場：メールで確認の会場"));
        let ics = parsed
            .attachments()
            .find(|a| a.is_content_type("text", "calendar"))
            .expect("an .ics attachment");
        let ics = String::from_utf8_lossy(ics.contents()).to_string();
        assert!(ics.contains("BEGIN:VEVENT") && ics.contains("SUMMARY:メールで確認"));
        assert_eq!(status_of(&app.db, "confirmation").await, vec![("sent".to_string(), 1)]);
        // The sender is MAIL_FROM until the city's settings name one (issue 17).
        let from = |raw: &str| {
            let parsed = mail_parser::MessageParser::default().parse(raw.as_bytes()).unwrap();
            parsed.from().and_then(|a| a.first()).and_then(|a| a.address()).unwrap().to_string()
        };
        assert_eq!(from(&messages[0]), "noreply@city.example.jp");
        sqlx::query("INSERT INTO city_settings (name, value) VALUES ('mail_from', '架空市 <info@kakuu.example.jp>')")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let other = app.add_session("二回目", 11, 10).await;
        book(&app, &staff, other, resident, "mail-2").await;
        run_once(&app.db, Some(&m), now()).await.unwrap();
        let messages = inbox.messages();
        assert_eq!(from(&messages[1]), "info@kakuu.example.jp");
    })
    .await;
}

#[tokio::test]
async fn mail_waits_while_smtp_is_down_and_goes_once_when_it_is_back() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("再送", 10, 10).await;
        let resident =
            app.add_resident("再送 太郎", "さいそう たろう", "0425630808", "email").await;
        book(&app, &staff, session, resident, "retry-1").await;
        // A port nobody listens on: take one, then close it.
        let address = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let m = mailer(&format!("smtp://{address}"));
        let start = now();
        let pass = run_once(&app.db, Some(&m), start).await.unwrap();
        assert_eq!((pass.sent, pass.failed), (0, 1));
        assert_eq!(status_of(&app.db, "confirmation").await, vec![("pending".to_string(), 1)]);
        let (next, error): (i64, Option<String>) = sqlx::query_as(
            "SELECT next_attempt_at, last_error FROM notices WHERE kind = 'confirmation'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert!(next >= start + 60, "backoff before the next try");
        assert!(error.is_some());
        // Not due yet: nothing is tried.
        let pass = run_once(&app.db, Some(&m), start + 1).await.unwrap();
        assert_eq!((pass.sent, pass.failed), (0, 0));
        // Still down at the next try: a second failure, a longer wait.
        let pass = run_once(&app.db, Some(&m), next).await.unwrap();
        assert_eq!(pass.failed, 1);
        assert_eq!(status_of(&app.db, "confirmation").await, vec![("pending".to_string(), 2)]);
        // The server comes back on that port.
        let listener = tokio::net::TcpListener::bind(address).await.unwrap();
        let inbox = smtp::serve(listener);
        let pass = run_once(&app.db, Some(&m), start + 86_400).await.unwrap();
        assert_eq!(pass.sent, 1);
        run_once(&app.db, Some(&m), start + 2 * 86_400).await.unwrap();
        assert_eq!(inbox.messages().len(), 1);
        assert_eq!(status_of(&app.db, "confirmation").await, vec![("sent".to_string(), 3)]);
    })
    .await;
}

#[tokio::test]
async fn a_refused_address_is_never_logged_or_kept_with_the_error() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("拒否", 10, 10).await;
        let resident = app.add_resident("拒否 次郎", "きょひ じろう", "0425630909", "email").await;
        sqlx::query("UPDATE residents SET email = 'refused.jiro@example.jp' WHERE id = $1")
            .bind(resident)
            .execute(&app.db.pool)
            .await
            .unwrap();
        book(&app, &staff, session, resident, "refused-1").await;
        let (url, inbox) = sink().await;
        let m = mailer(&url);
        let (pass, log) = common::logged(run_once(&app.db, Some(&m), now())).await;
        assert_eq!(pass.unwrap().failed, 1);
        assert!(inbox.messages().is_empty());
        assert!(log.contains("email not sent"), "the failure is logged: {log}");
        let error: String = sqlx::query_scalar(
            "SELECT last_error FROM notices WHERE kind = 'confirmation' AND channel = 'email'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert!(error.contains("permanent refusal, reply 550"), "{error}");
        for text in [&log, &error] {
            assert!(!text.to_lowercase().contains("refused.jiro"), "address leaked: {text}");
            assert!(!text.contains("Recipient address rejected"), "server text kept: {text}");
        }
    })
    .await;
}

#[tokio::test]
async fn an_email_that_cannot_be_sent_becomes_a_call() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        // Refused at input: an old mobile address mail cannot be sent to.
        let r = app
            .post_form(
                &staff,
                "/forms/residents",
                &[
                    ("name", "携帯 太郎"),
                    ("kana", "けいたい たろう"),
                    ("email", "taro..@docomo.ne.jp"),
                    ("contact_pref", "email"),
                    ("smartphone", "feature"),
                    ("consent", "1"),
                ],
            )
            .await;
        assert_eq!(common::redirect_param(&r, "e.email").as_deref(), Some("email_unsendable"));

        // Stored before that check, or refused for good by the mail server: a call instead.
        let session = app.add_session("電話に切替", 10, 10).await;
        let old = app.add_resident("旧式 花子", "きゅうしき はなこ", "0425630404", "email").await;
        let refused = app.add_resident("拒否 三郎", "きょひ さぶろう", "0425630505", "email").await;
        for (resident, email) in
            [(old, "hanako..@docomo.ne.jp"), (refused, "refused.saburo@example.jp")]
        {
            sqlx::query("UPDATE residents SET email = $1 WHERE id = $2")
                .bind(email)
                .bind(resident)
                .execute(&app.db.pool)
                .await
                .unwrap();
            book(&app, &staff, session, resident, &format!("call-{resident}")).await;
        }
        let (url, inbox) = sink().await;
        let pass = run_once(&app.db, Some(&mailer(&url)), now()).await.unwrap();
        assert_eq!((pass.sent, pass.failed), (0, 2));
        assert!(inbox.messages().is_empty());
        let notices: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT resident_id, channel, status FROM notices WHERE kind = 'confirmation' \
             ORDER BY resident_id, id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            notices,
            vec![
                (old, "email".into(), "withdrawn".into()),
                (old, "phone".into(), "pending".into()),
                (refused, "email".into(), "withdrawn".into()),
                (refused, "phone".into(), "pending".into()),
            ]
        );
        let (_, calls): (String, Vec<serde_json::Value>) =
            app.call(&staff, "/api/notify/calls", "date=").await.json().await.unwrap();
        let called: Vec<i64> = calls.iter().map(|c| c["resident_id"].as_i64().unwrap()).collect();
        assert!(called.contains(&old) && called.contains(&refused), "{called:?}");
        // Nothing is tried again.
        let pass = run_once(&app.db, Some(&mailer(&url)), now() + 86_400).await.unwrap();
        assert_eq!((pass.sent, pass.failed), (0, 0));
    })
    .await;
}

#[tokio::test]
async fn without_smtp_mail_stays_in_the_outbox_shown_as_not_sent() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("未設定", 10, 10).await;
        let resident =
            app.add_resident("未設定 次郎", "みせってい じろう", "0425630909", "email").await;
        book(&app, &staff, session, resident, "none-1").await;
        let pass = run_once(&app.db, None, now()).await.unwrap();
        assert_eq!((pass.sent, pass.failed), (0, 0));
        assert_eq!(status_of(&app.db, "confirmation").await, vec![("pending".to_string(), 0)]);
        let outbox: serde_json::Value =
            app.call(&staff, "/api/notify/outbox", "").await.json().await.unwrap();
        assert_eq!(outbox["smtp_configured"], false);
        assert_eq!(outbox["entries"][0]["status"], "pending");
        let page = app.get(&staff, "/outbox").await.text().await.unwrap();
        assert!(page.contains("メール送信が設定されていません"));
        assert!(page.contains("未送信（メール送信の設定待ち）"));
    })
    .await;
}

#[tokio::test]
async fn reminders_are_made_two_days_before_once_per_booking() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let soon = app.add_session("明後日", 2, 10).await;
        let later = app.add_session("来週", 7, 10).await;
        let by_phone = app.add_resident("電話 一郎", "でんわ いちろう", "0425631010", "phone").await;
        let by_email = app.add_resident("メール 二郎", "めーる じろう", "0425631111", "email").await;
        let late = app.add_resident("直前 三郎", "ちょくぜん さぶろう", "0425631212", "phone").await;
        for (r, key) in [(by_phone, "r1"), (by_email, "r2")] {
            book(&app, &staff, soon, r, key).await;
        }
        book(&app, &staff, later, by_phone, "r3").await;
        book(&app, &staff, soon, late, "r4").await;
        // The first two booked a week ago; the late one only now, within two days.
        sqlx::query("UPDATE registrations SET confirmed_at = confirmed_at - 604800 WHERE resident_id IN ($1, $2)")
            .bind(by_phone).bind(by_email).execute(&app.db.pool).await.unwrap();
        let pass = run_once(&app.db, None, now()).await.unwrap();
        assert_eq!(pass.reminders, 2);
        let again = run_once(&app.db, None, now()).await.unwrap();
        assert_eq!(again.reminders, 0, "once per booking");
        let reminders: Vec<(i64, String)> = sqlx::query_as("SELECT resident_id, channel FROM notices WHERE kind = 'reminder' ORDER BY resident_id")
            .fetch_all(&app.db.pool).await.unwrap();
        assert_eq!(reminders, vec![(by_phone, "phone".to_string()), (by_email, "email".to_string())]);
        // The phone reminder is on today's call list with what to say.
        let (_, calls): (String, Vec<serde_json::Value>) = app.call(&staff, "/api/notify/calls", "date=").await.json().await.unwrap();
        assert!(calls.iter().any(|c| c["kind"] == "Reminder" && c["resident_id"] == by_phone));
    })
    .await;
}

#[tokio::test]
async fn two_instances_on_one_postgresql_send_each_mail_once() {
    on_both(async |app: TestApp| {
        if app.backend != Backend::Postgres {
            return;
        }
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("二台で送信", 10, 40).await;
        for n in 0..30 {
            let r = app
                .add_resident(
                    &format!("受信者{n}"),
                    "じゅしんしゃ",
                    &format!("0425{n:06}"),
                    "email",
                )
                .await;
            book(&app, &staff, session, r, &format!("pair-{n}")).await;
        }
        let second = Db::connect(&app.database_url()).await.unwrap();
        let (url, inbox) = sink().await;
        let (m1, m2) = (mailer(&url), mailer(&url));
        let worker = |db: Db, m: Mailer| async move {
            let mut sent = 0;
            for _ in 0..10 {
                sent += run_once(&db, Some(&m), now()).await.unwrap().sent;
            }
            sent
        };
        let (a, b) = tokio::join!(worker(app.db.clone(), m1), worker(second.clone(), m2));
        assert_eq!(a + b, 30);
        let messages = inbox.messages();
        assert_eq!(messages.len(), 30);
        let mut ids: Vec<String> = messages
            .iter()
            .map(|m| {
                mail_parser::MessageParser::default()
                    .parse(m.as_bytes())
                    .unwrap()
                    .message_id()
                    .unwrap()
                    .to_string()
            })
            .collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 30, "no mail sent twice");
        second.close().await;
    })
    .await;
}
