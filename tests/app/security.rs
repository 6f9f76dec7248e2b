//! What a city's security checklist tries, on SQLite and PostgreSQL: redirect targets that
//! leave the site, cross-site posts, the security headers, caching of personal data, the
//! private calendar address kept only as a hash.
use crate::common;

use common::{client, location, on_both, on_both_with, TestApp, PASSWORD};
use yorisoi::auth::Role;
use yorisoi::web::Config;

/// Targets a browser could read as another site, or as a header break.
const HOSTILE_TARGETS: &[&str] = &[
    "//evil.example/",
    "/\t/evil.example/",
    "/\\evil.example/",
    "\\\\evil.example/",
    "/%09/evil.example/",
    "/%5Cevil.example/",
    "/%2F%2Fevil.example/",
    "/%2f/evil.example/",
    "/x\r\nSet-Cookie: a=b",
    "/x%0d%0aSet-Cookie:%20a=b",
    "/x\n/evil",
    "https://evil.example/",
    "javascript:alert(1)",
    "",
];

#[tokio::test]
async fn next_and_back_fall_back_to_the_home_page_unless_they_are_a_path_on_this_site() {
    on_both(async |app: TestApp| {
        app.add_user("hanako", Role::Staff).await;
        for target in HOSTILE_TARGETS {
            let c = client();
            let r = app
                .post_form(
                    &c,
                    "/auth/login",
                    &[("login", "hanako"), ("password", PASSWORD), ("next", target)],
                )
                .await;
            assert_eq!(r.status(), 303, "{target:?}");
            assert_eq!(location(&r), "/", "next={target:?}");
            let r = app.post_form(&c, "/auth/lang", &[("lang", "en"), ("back", target)]).await;
            assert_eq!(location(&r), "/", "back={target:?}");
        }
        // A real path on the site, with its query, is kept.
        let c = client();
        let r = app
            .post_form(
                &c,
                "/auth/login",
                &[("login", "hanako"), ("password", PASSWORD), ("next", "/sessions?month=2026-12")],
            )
            .await;
        assert_eq!(location(&r), "/sessions?month=2026-12");
    })
    .await;
}

#[tokio::test]
async fn a_post_from_another_site_is_refused_and_ours_pass() {
    on_both(async |app: TestApp| {
        app.add_user("hanako", Role::Staff).await;
        let form = [("login", "hanako"), ("password", PASSWORD), ("next", "/")];
        for (header, value) in [
            ("origin", "https://evil.example"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            let c = client();
            let r = c
                .post(app.url("/auth/login"))
                .header(header, value)
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 403, "{header}: {value}");
            assert!(r.headers().get("set-cookie").is_none(), "no sign-in from {value}");
            let body = r.text().await.unwrap();
            assert!(body.contains("別のサイト"), "the refusal says why: {body}");
        }
        // A server function is refused the same way, before it runs.
        let (staff, _) = app.signed_in(Role::Staff).await;
        let r = staff
            .post(app.url("/api/residents/search"))
            .header("origin", "https://evil.example")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("q=%E4%BD%90%E8%97%A4")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);

        // Our own pages post with our origin, or (older browsers, scripts) with none.
        for headers in [
            vec![("origin", app.address.clone()), ("sec-fetch-site", "same-origin".into())],
            vec![("sec-fetch-site", "none".into())],
            vec![],
        ] {
            let c = client();
            let mut request = c.post(app.url("/auth/login")).form(&form);
            for (name, value) in &headers {
                request = request.header(*name, value);
            }
            let r = request.send().await.unwrap();
            assert_eq!(r.status(), 303, "{headers:?}");
            assert!(r.headers().get("set-cookie").is_some());
        }
        // Reading is never refused: a link from elsewhere opens the page.
        let r = client()
            .get(app.url("/login"))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    })
    .await;
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_personal_pages_are_not_stored() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let resident =
            app.add_resident("山田 花子", "やまだ はなこ", "042-111-2222", "phone").await;
        for path in ["/login", "/", &format!("/residents/{resident}"), "/no-such-page"] {
            let r = app.get(&staff, path).await;
            let h = r.headers();
            let csp = h["content-security-policy"].to_str().unwrap();
            assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
            assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
            assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
            assert_eq!(h["referrer-policy"], "same-origin", "{path}");
            assert!(h.get("strict-transport-security").is_none(), "no HSTS over plain http");
        }
        // Pages and downloads that may hold personal data are never kept by a browser or proxy.
        for path in [
            format!("/residents/{resident}"),
            "/support".to_string(),
            "/reports/reach.csv?fy=2025".to_string(),
            "/support/report.csv?fy=2025".to_string(),
        ] {
            let r = app.get(&staff, &path).await;
            assert_eq!(r.status(), 200, "{path}");
            assert_eq!(r.headers()["cache-control"], "no-store", "{path}");
        }
        // The public calendar may be cached; a server function answer may not.
        let r = app.get(&client(), "/calendar/sessions.ics").await;
        assert_eq!(r.headers()["cache-control"], "public, max-age=300");
        let r = app.call(&staff, "/api/residents/search", "q=%E5%B1%B1%E7%94%B0").await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["cache-control"], "no-store");
    })
    .await;
}

#[tokio::test]
async fn under_https_cookies_are_secure_and_browsers_are_told_to_stay_on_https() {
    let config = Config {
        secure_cookies: true,
        public_url: "https://yorisoi.example".into(),
        ..Config::default()
    };
    on_both_with(config, async |app: TestApp| {
        let r = app.get(&client(), "/login").await;
        assert_eq!(r.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
        // Behind a proxy that rewrites the host, posts from the public address still pass.
        let r = client()
            .post(app.url("/auth/login"))
            .header("origin", "https://yorisoi.example")
            .form(&[("login", "x"), ("password", "y"), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);

        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app
            .post_form(
                &admin,
                "/forms/users",
                &[("login", "sato"), ("display_name", "佐藤 恵子"), ("role", "staff")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let cookies: Vec<&str> =
            r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
        let temporary = cookies
            .iter()
            .find(|c| c.starts_with("yorisoi_temp_password="))
            .expect("temporary password cookie");
        assert!(temporary.contains("; Secure"), "{temporary}");
    })
    .await;
}

#[tokio::test]
async fn the_private_calendar_address_is_kept_as_a_hash_and_shown_once() {
    on_both(async |app: TestApp| {
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        let token = app.new_calendar_feed(&volunteer).await;
        assert_eq!(token.len(), 64, "{token}");

        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM calendar_tokens")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(stored, vec![yorisoi::auth::signin::hash_token(&token)]);

        let feed = app.get(&client(), &format!("/calendar/private/{token}.ics")).await;
        assert_eq!(feed.status(), 200);
        assert_eq!(feed.headers()["cache-control"], "private, max-age=300");

        // Shown once: a later visit says an address exists without showing it.
        let again = app.get(&volunteer, "/account/calendar").await.text().await.unwrap();
        assert!(!again.contains(&token));
        assert!(again.contains("作成済み"), "the page says an address exists");
        assert!(again.contains("/calendar/sessions.ics"), "the public feed is still offered");
        assert_eq!(app.get(&client(), "/calendar/private/unknown.ics").await.status(), 404);
    })
    .await;
}

#[tokio::test]
async fn control_characters_never_reach_a_calendar_feed_raw() {
    on_both(async |app: TestApp| {
        // Stored as it came (an import, a record older than today's input checks).
        app.add_session("体験会\u{7}\r\nX-EVIL:1\u{1b}[31m\tLINE", 3, 10).await;
        let body = app.get(&client(), "/calendar/sessions.ics").await.text().await.unwrap();
        let unfolded = body.replace("\r\n ", "");
        for line in unfolded.split("\r\n") {
            assert!(!line.chars().any(char::is_control), "{line:?}");
            assert!(!line.starts_with("X-EVIL"), "no property injected: {line:?}");
        }
        assert!(unfolded.contains("SUMMARY:体験会\\nX-EVIL:1[31m LINE"), "{unfolded}");
    })
    .await;
}

#[tokio::test]
async fn searches_and_failed_sign_ins_leave_no_personal_data_in_the_log() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        app.add_resident("秘密 花子", "ひみつ はなこ", "042-555-0101", "phone").await;
        let ((), log) = common::logged(async {
            let page = app.get(&staff, "/intake?q=%E7%A7%98%E5%AF%86").await.text().await.unwrap();
            assert!(page.contains("秘密 花子"), "the search found her");
            let r = app.call(&staff, "/api/residents/search", "q=%E7%A7%98%E5%AF%86").await;
            assert_eq!(r.status(), 200);
            let r =
                app.call(&staff, "/api/residents/search", &format!("q={}", "x".repeat(5000))).await;
            assert_eq!(r.status(), 200);
            app.post_form(
                &client(),
                "/auth/login",
                &[("login", "秘密"), ("password", "0425550101")],
            )
            .await;
        })
        .await;
        // Everything is caught, down to each SQL statement the searches ran.
        assert!(log.contains("sqlx::query"), "the log is captured: {log}");
        for secret in ["秘密", "0425550101", "xxxxxxxx", "%E7%A7%98"] {
            assert!(!log.contains(secret), "{secret} in the log: {log}");
        }
    })
    .await;
}

/// Whether a sign-in answer signed the client in.
fn signed_in(r: &reqwest::Response) -> bool {
    r.headers().get_all("set-cookie").iter().any(|c| {
        c.to_str().unwrap().starts_with("yorisoi_session=") && !location(r).starts_with("/login")
    })
}

#[tokio::test]
async fn twenty_simultaneous_attempts_after_four_failures_cannot_sign_in() {
    on_both(async |app: TestApp| {
        app.add_user("hanako", Role::Staff).await;
        for _ in 0..4 {
            let r = app.sign_in(&client(), "hanako", "wrong-password").await;
            assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("credentials"));
        }
        // Nineteen wrong and, sent last, the right one: all at once.
        let clients: Vec<_> = (0..20).map(|_| client()).collect();
        let attempts = clients.iter().enumerate().map(|(i, c)| {
            let password = if i == 19 { PASSWORD } else { "wrong-password" };
            app.sign_in(c, "hanako", password)
        });
        let answers = futures::future::join_all(attempts).await;
        for r in &answers {
            assert!(!signed_in(r), "signed in past the limit: {}", location(r));
        }
        let locked = answers
            .iter()
            .filter(|r| common::redirect_param(r, "error").as_deref() == Some("locked"))
            .count();
        assert!(locked >= 19, "{locked} of 20 told the login is locked");
        // Still locked for the right password afterwards.
        let r = app.sign_in(&client(), "hanako", PASSWORD).await;
        assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("locked"));
    })
    .await;
}

#[tokio::test]
async fn overlong_logins_are_refused_without_a_lookup_and_expired_locks_are_purged() {
    on_both(async |app: TestApp| {
        sqlx::query("INSERT INTO login_locks (login, locked_until) VALUES ('old', 1)")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let long = "a".repeat(65);
        let r = app.sign_in(&client(), &long, "whatever-password").await;
        assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("credentials"));
        let rows: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM login_locks) + (SELECT COUNT(*) FROM login_failures)",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(rows, 1, "the overlong login touched nothing");
        app.sign_in(&client(), "someone", "wrong-password").await;
        let old: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_locks WHERE login = 'old'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(old, 0, "an expired lock is purged");
    })
    .await;
}

#[tokio::test]
async fn a_temporary_password_expires_and_until_changed_allows_nothing_else() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app
            .post_form(
                &admin,
                "/forms/users",
                &[("login", "sato"), ("display_name", "佐藤 恵子"), ("role", "staff")],
            )
            .await;
        let html = app.get(&admin, &location(&r)).await.text().await.unwrap();
        let temporary = common::temporary_password(&html).expect("temporary password shown");
        let until: Option<i64> =
            sqlx::query_scalar("SELECT temporary_until FROM users WHERE login = 'sato'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let now = yorisoi::db::now();
        let until = until.expect("a temporary password has an end");
        assert!((now + 72 * 3600 - 5..=now + 72 * 3600).contains(&until), "{until}");

        // Signed in with it, only the password change and signing out are allowed.
        let c = client();
        let r = app.sign_in(&c, "sato", &temporary).await;
        assert_eq!(location(&r), "/account/password");
        let r = app.call(&c, "/api/residents/search", "q=x").await;
        assert_eq!(r.status(), 403, "server functions are refused");
        let r = app.post_form(&c, "/auth/lang", &[("lang", "en"), ("back", "/")]).await;
        assert_eq!(location(&r), "/account/password", "form routes are refused");
        let locale: Option<String> =
            sqlx::query_scalar("SELECT locale FROM users WHERE login = 'sato'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(locale, None, "nothing changed");
        let r = app.get(&c, "/reports/reach.csv?fy=2025").await;
        assert_eq!(location(&r), "/account/password", "downloads are refused");
        let r = app.post_form(&c, "/auth/logout", &[]).await;
        assert_eq!(location(&r), "/login?notice=logged_out");

        // After 72 hours it no longer signs in.
        sqlx::query("UPDATE users SET temporary_until = $1 WHERE login = 'sato'")
            .bind(now - 1)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = app.sign_in(&client(), "sato", &temporary).await;
        assert!(!signed_in(&r));
        assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("temporary_expired"));
        let page = app.get(&client(), &location(&r)).await.text().await.unwrap();
        assert!(page.contains("有効期限（72時間）が切れています"), "{page}");
    })
    .await;
}

#[tokio::test]
async fn the_setup_link_is_checked_before_anything_else_and_expires_after_a_day() {
    on_both(async |app: TestApp| {
        let form = |token: &'static str, password: &'static str| {
            vec![
                ("token", token),
                ("login", "kanri"),
                ("display_name", "管理 花子"),
                ("password", password),
                ("password_confirm", password),
            ]
        };
        // A made-up token is refused before the form is even checked.
        let r = app.post_form(&client(), "/auth/setup", &form("made-up", "short")).await;
        assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("setup_invalid"));
        assert_eq!(common::redirect_param(&r, "e.password"), None);

        let token =
            yorisoi::auth::setup::issue_if_needed(&app.db).await.unwrap().expect("no users yet");
        sqlx::query("UPDATE setup_tokens SET created_at = $1")
            .bind(yorisoi::db::now() - 24 * 3600 - 1)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let token: &'static str = Box::leak(token.into_boxed_str());
        let r = app.post_form(&client(), "/auth/setup", &form(token, "a-long-password")).await;
        assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("setup_invalid"));
        let users: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(users, 0, "an expired link creates no one");
    })
    .await;
}

#[tokio::test]
async fn a_refused_form_keeps_what_was_typed_out_of_every_address() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let resident = app.add_resident("既存 太郎", "きそん たろう", "0425630001", "phone").await;
        // Walk-ins are added on the session's day: the form is on its check-in page then.
        let today = app.add_session("当日の会", 0, 10).await;
        let resident_id = resident.to_string();
        // Each form with personal data, posted with one mistake and personal values.
        let resident_form = vec![
            ("name", "秘密 花子"),
            ("kana", "ひみつ はなこ"),
            ("phone", "042-563-9999"),
            ("address", "東大和市中央3-930 秘密荘"),
            ("email", "himitsu.hanako@example.jp"),
            ("notes", "入院中のため電話は夕方"),
            ("sensitive_notes", "補聴器を使用"),
            ("contact_pref", "phone"),
            ("smartphone", "none"),
            ("birth_year", "大正99年"),
        ];
        // (form route, the fields posted, the personal values among them)
        type Case<'a> = (String, Vec<(&'a str, &'a str)>, Vec<&'a str>);
        let cases: Vec<Case> = vec![
            (
                "/forms/residents".into(),
                resident_form.clone(),
                vec![
                    "秘密 花子",
                    "ひみつ はなこ",
                    "042-563-9999",
                    "秘密荘",
                    "himitsu.hanako",
                    "入院中",
                    "補聴器",
                ],
            ),
            (
                format!("/forms/residents/{resident}"),
                resident_form.clone(),
                vec!["秘密 花子", "042-563-9999", "入院中", "補聴器"],
            ),
            (
                "/forms/supporters".into(),
                vec![
                    ("name", "秘密 次郎"),
                    ("phone", "090-9999-0000"),
                    ("email", "not an address"),
                ],
                vec!["秘密 次郎", "090-9999-0000", "not an address"],
            ),
            (
                "/forms/partners".into(),
                vec![
                    ("name", "秘密の会"),
                    ("kind", "community"),
                    ("contact_name", "秘密 三郎"),
                    ("contact_phone", "12345"),
                ],
                vec!["秘密 三郎"],
            ),
            (
                "/forms/support".into(),
                vec![
                    ("key", "k-secret"),
                    ("resident_id", &resident_id),
                    ("requested_on", "2025-06-12"),
                    ("channel", "counter"),
                    ("procedure", ""),
                    ("status", "open"),
                    ("notes", "年金の手続きで来庁"),
                ],
                vec!["年金の手続き"],
            ),
            (
                format!("/forms/sessions/{today}/walkins"),
                vec![
                    ("walkin_name", "秘密 四郎"),
                    ("age_band", "no-such-band"),
                    ("key", "w-secret"),
                ],
                vec!["秘密 四郎"],
            ),
            (
                "/forms/users".into(),
                vec![("login", "Bad Login!"), ("display_name", "秘密 五郎"), ("role", "staff")],
                vec!["秘密 五郎", "Bad Login!"],
            ),
        ];
        for (path, form, typed) in &cases {
            let r = app.post_form(&admin, path, form).await;
            assert_eq!(r.status(), 303, "{path}");
            let page = app.refused_page(&admin, &r, typed).await;
            assert!(page.contains(typed[0]), "{path}: {} is shown again", typed[0]);
        }
        // Another signed-in user cannot read someone else's draft through its address.
        let r = app.post_form(&admin, "/forms/residents", &resident_form).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let page = app.get(&staff, &location(&r)).await.text().await.unwrap();
        assert!(
            !page.contains("秘密 花子") && !page.contains("入院中"),
            "the draft is the poster's"
        );

        // A very long name is refused with a message and comes back whole, not as a 414.
        let long = "秘".repeat(10_000);
        let mut form = resident_form.clone();
        form[0] = ("name", &long);
        let r = app.post_form(&admin, "/forms/residents", &form).await;
        assert_eq!(r.status(), 303);
        assert!(location(&r).len() < 500, "a short address");
        let page = app.refused_page(&admin, &r, &[]).await;
        assert!(page.contains(&long), "the long name is shown again");
    })
    .await;
}

#[tokio::test]
async fn every_list_of_personal_data_is_audited_with_the_ids_it_returned() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let session = app.add_session("監査の回", 5, 10).await;
        let resident = app.add_resident("監査 花子", "かんさ はなこ", "0425630202", "letter").await;
        let r = app
            .post_form(
                &admin,
                "/forms/registrations",
                &[
                    ("session_id", &session.to_string()),
                    ("resident_id", &resident.to_string()),
                    ("key", "audit-1"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let registration: i64 =
            sqlx::query_scalar("SELECT id FROM registrations WHERE resident_id = $1")
                .bind(resident)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let calls: [(&str, String, String); 10] = [
            (
                "/api/residents/search",
                "q=%E7%9B%A3%E6%9F%BB".into(),
                format!("read list resident search residents {resident}"),
            ),
            (
                "/api/residents/matches",
                format!("ids={resident}"),
                format!("read list resident matches residents {resident}"),
            ),
            (
                "/api/registrations/roster",
                format!("session_id={session}"),
                format!("read list session roster residents {resident}"),
            ),
            (
                "/api/registrations/readback",
                format!("id={registration}"),
                format!("read list read-back residents {resident}"),
            ),
            (
                "/api/checkin/sheet",
                format!("session_id={session}"),
                format!("read list check-in sheet registrations {registration}"),
            ),
            ("/api/notify/letters", String::new(), "read list letters notices".into()),
            ("/api/notify/outbox", String::new(), "read list outbox residents".into()),
            ("/api/notify/calls", "date=".into(), "read list call list residents".into()),
            ("/api/residents/walkins", String::new(), "read list walk-ins residents".into()),
            ("/api/support/lists", String::new(), "read list paper-support lists requests".into()),
        ];
        for (path, body, expected) in calls {
            let mark = app.audit_mark().await;
            let r = app.call(&admin, path, &body).await;
            assert_eq!(r.status(), 200, "{path}");
            let entries = app.audited_since(mark).await;
            assert_eq!(entries.len(), 1, "one entry per call: {entries:?}");
            assert!(entries[0].starts_with(&expected), "{path}: {entries:?}");
            assert!(!entries[0].contains("監査"), "never what was searched for");
        }
        // The duplicate warning's lookups are limited per user: 30 a minute.
        for _ in 1..30 {
            let r = app.call(&admin, "/api/residents/matches", &format!("ids={resident}")).await;
            assert_eq!(r.status(), 200);
        }
        let r = app.call(&admin, "/api/residents/matches", &format!("ids={resident}")).await;
        assert_eq!(r.status(), 429);
        let (staff, _) = app.signed_in(Role::Staff).await;
        let r = app.call(&staff, "/api/residents/matches", &format!("ids={resident}")).await;
        assert_eq!(r.status(), 200, "another user is not held up");
        // The search as one types: 120 a minute (the admin searched once above).
        for _ in 1..120 {
            let r = app.call(&admin, "/api/residents/search", "q=%E7%9B%A3%E6%9F%BB").await;
            assert_eq!(r.status(), 200);
        }
        let r = app.call(&admin, "/api/residents/search", "q=%E7%9B%A3%E6%9F%BB").await;
        assert_eq!(r.status(), 429);
        let r = app.call(&staff, "/api/residents/search", "q=%E7%9B%A3%E6%9F%BB").await;
        assert_eq!(r.status(), 200, "another user is not held up");
    })
    .await;
}

/// Rows that still hold `needle` anywhere a person's data can be written.
async fn traces(app: &TestApp, needle: &str) -> i64 {
    let like = format!("%{needle}%");
    let mut found = 0;
    for sql in [
        "SELECT COUNT(*) FROM residents WHERE name LIKE $1 OR kana LIKE $1 OR kana_compact \
         LIKE $1 OR phone LIKE $1 OR phone_alt LIKE $1 OR email LIKE $1 OR address LIKE $1 \
         OR notes LIKE $1 OR sensitive_notes LIKE $1",
        "SELECT COUNT(*) FROM registrations WHERE cancel_reason LIKE $1",
        "SELECT COUNT(*) FROM notices WHERE email_to LIKE $1 OR subject LIKE $1 OR body LIKE $1 \
         OR outcome_note LIKE $1 OR last_error LIKE $1",
        "SELECT COUNT(*) FROM support_requests WHERE notes LIKE $1 OR reason_other LIKE $1 \
         OR procedure_other LIKE $1",
        "SELECT COUNT(*) FROM audit_log WHERE detail LIKE $1",
        // The search's pieces of one and two characters (「消去」 of 「消去 花子」), each
        // with the resident's sort key, which spells out the reading.
        "SELECT COUNT(*) FROM residents_grams WHERE gram LIKE $1 OR kana_sort LIKE $1",
    ] {
        let n: i64 = sqlx::query_scalar(sql).bind(&like).fetch_one(&app.db.pool).await.unwrap();
        found += n;
    }
    // SQLite's search index keeps its own copy of names, readings and phone numbers (the
    // content table behind the full-text index).
    if app.db.backend == yorisoi::db::Backend::Sqlite {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM residents_search_content WHERE c0 LIKE $1 OR c1 LIKE $1 \
             OR c2 LIKE $1",
        )
        .bind(&like)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        found += n;
    }
    found
}

#[tokio::test]
async fn erasure_reaches_every_record_of_the_person_and_everything_written_about_them() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let keep = app.add_resident("消去 花子", "しょうきょ はなこ", "0425631234", "email").await;
        let twin =
            app.add_resident("消去 はな子", "しょうきょ はなこ", "0425635678", "phone").await;
        let older = app.add_resident("消去 ハナ", "しょうきょ はな", "0425639876", "letter").await;
        sqlx::query(
            "UPDATE residents SET need_hearing = 1, sensitive_notes = '補聴器を使用', \
             smartphone = 'feature', phone_wish = 'iphone', birth_year = 1941, \
             notes = '娘さんが付き添い' WHERE id IN ($1, $2)",
        )
        .bind(twin)
        .bind(older)
        .execute(&app.db.pool)
        .await
        .unwrap();
        let first = app.add_session("消去の回", 5, 10).await;
        let second = app.add_session("もう一つの回", 6, 10).await;
        let book = async |session: i64, resident: i64, key: &str| {
            let r = app
                .post_form(
                    &admin,
                    "/forms/registrations",
                    &[
                        ("session_id", &session.to_string()),
                        ("resident_id", &resident.to_string()),
                        ("key", key),
                    ],
                )
                .await;
            assert_eq!(r.status(), 303);
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM registrations WHERE resident_id = $1 AND session_id = $2",
            )
            .bind(resident)
            .bind(session)
            .fetch_one(&app.db.pool)
            .await
            .unwrap()
        };
        let cancelled = book(first, keep, "erase-1").await;
        let r = app
            .post_form(
                &admin,
                &format!("/forms/registrations/{cancelled}/cancel"),
                &[("reason", "入院のため欠席"), ("back", "/")],
            )
            .await;
        assert!(location(&r).contains("notice=registration_cancelled"), "{}", location(&r));
        book(second, older, "erase-2").await;
        let request = [
            ("key", "erase-3"),
            ("resident_id", &*keep.to_string()),
            ("requested_on", "2025-06-12"),
            ("channel", "counter"),
            ("procedure", "other"),
            ("procedure_other", "年金の現況届"),
            ("reason", "other"),
            ("reason_other", "目が見えにくい"),
            ("status", "open"),
            ("follow_up_on", "2025-06-19"),
            ("notes", "次回は娘さんと来庁"),
        ]
        .map(|(k, v)| (k, v.to_string()));
        let pairs: Vec<(&str, &str)> = request.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post_form(&admin, "/forms/support", &pairs).await;
        assert!(location(&r).contains("notice="), "{}", location(&r));

        // Merging wipes the absorbed record, down a chain of merges.
        for (from, into) in [(older, twin), (twin, keep)] {
            let r = app
                .post_form(
                    &admin,
                    &format!("/forms/residents/{from}/merge"),
                    &[("into", &into.to_string())],
                )
                .await;
            assert!(location(&r).contains("notice=residents_merged"), "{}", location(&r));
        }
        let absorbed: (String, String, Option<i64>, i64, String, String) = sqlx::query_as(
            "SELECT name, kana, birth_year, need_hearing, smartphone, sensitive_notes \
             FROM residents WHERE id = $1",
        )
        .bind(twin)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(absorbed, (String::new(), String::new(), None, 0, "none".into(), String::new()));
        let pieces: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM residents_grams WHERE resident_id = $1 AND gram = '消去'",
        )
        .bind(keep)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(pieces, 1, "the search holds the name's pieces until the erasure");

        let r = app
            .post_form(&admin, &format!("/forms/residents/{keep}/erase"), &[("confirm", "1")])
            .await;
        assert!(location(&r).contains("notice=resident_erased"), "{} {}", r.status(), location(&r));
        for needle in [
            "消去",
            "しょうきょ",
            "0425631234",
            "0425635678",
            "0425639876",
            "r0425631234",
            "入院",
            "補聴器",
            "付き添い",
            "年金の現況届",
            "目が見えにくい",
            "娘さんと来庁",
        ] {
            assert_eq!(traces(&app, needle).await, 0, "{needle} is still stored");
        }
        let pieces: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM residents_grams WHERE resident_id IN ($1, $2, $3)",
        )
        .bind(keep)
        .bind(twin)
        .bind(older)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(pieces, 0, "the erased and the merged leave nothing in the search");
        let flags: Vec<(i64, String, Option<i64>)> = sqlx::query_as(
            "SELECT need_hearing, smartphone || phone_wish, erased_at FROM residents \
             WHERE id IN ($1, $2, $3)",
        )
        .bind(keep)
        .bind(twin)
        .bind(older)
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert!(
            flags
                .iter()
                .all(|(need, phone, erased)| *need == 0 && phone == "none" && erased.is_some()),
            "{flags:?}"
        );
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notices WHERE resident_id IN ($1, $2, $3) AND status = 'pending'",
        )
        .bind(keep)
        .bind(twin)
        .bind(older)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(pending, 0, "notices not yet sent are withdrawn");
        let reason: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'cancel' AND detail = 'reason given'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(reason, 1, "the audit says a reason was given, not the reason");

        // An erased record cannot be edited, booked or merged into.
        let r = app
            .post_form(&admin, &format!("/forms/residents/{keep}"), &[("name", "新しい名前")])
            .await;
        assert_eq!(common::redirect_param(&r, "e.record").as_deref(), Some("erased_resident"));
        let r = app
            .post_form(
                &admin,
                "/forms/registrations",
                &[
                    ("session_id", &second.to_string()),
                    ("resident_id", &keep.to_string()),
                    ("key", "erase-4"),
                ],
            )
            .await;
        assert_eq!(common::redirect_param(&r, "e.booking").as_deref(), Some("erased_resident"));
        let other = app.add_resident("別人 太郎", "べつじん たろう", "0425630000", "phone").await;
        let r = app
            .post_form(
                &admin,
                &format!("/forms/residents/{other}/merge"),
                &[("into", &keep.to_string())],
            )
            .await;
        assert_eq!(common::redirect_param(&r, "e.into").as_deref(), Some("erased_resident"));
        assert_eq!(traces(&app, "新しい名前").await, 0);

        // On SQLite the file itself keeps none of it once the log is checkpointed.
        if let Some(path) = app.database_url().strip_prefix("sqlite://").map(str::to_string) {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&app.db.pool).await.unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            bytes.extend(std::fs::read(format!("{path}-wal")).unwrap_or_default());
            for needle in [
                "消去 花子",
                "しょうきょ",
                "0425631234",
                "入院のため",
                "補聴器を使用",
                "年金の現況届",
            ] {
                let found = bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
                assert!(!found, "{needle} is still in the database file");
            }
        }
    })
    .await;
}

#[tokio::test]
async fn control_characters_are_refused_with_a_message_that_names_them() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        // A form field: its message beside it, the rest of what was typed kept.
        let r = app
            .post_form(
                &admin,
                "/forms/partners",
                &[
                    ("name", "清原\u{0}スマホの会"),
                    ("kind", "community"),
                    ("contact_name", "山田 花子"),
                ],
            )
            .await;
        assert_eq!(common::redirect_param(&r, "e.name").as_deref(), Some("control_characters"));
        let page = app.refused_page(&admin, &r, &["山田 花子"]).await;
        assert!(page.contains("制御文字"), "the message names the problem");
        assert!(page.contains("value=\"清原スマホの会\""), "kept without the NUL");
        let partners: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM partners WHERE name LIKE '清原%'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(partners, 0, "nothing saved");

        // A form read whole, a server function, an address: 422 with the same words.
        let r = app
            .post_form(&client(), "/auth/login", &[("login", "a\u{0}b"), ("password", "x")])
            .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("制御文字"));
        let r = app.call(&admin, "/api/residents/search", "q=%E5%B1%B1%00").await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("制御文字"));
        let r = app.get(&admin, "/sessions?month=2026-12%00").await;
        assert_eq!(r.status(), 422);
        let r = app.post_form(&admin, "/forms/import/%00", &[]).await;
        assert_eq!(r.status(), 422);
    })
    .await;
}

#[tokio::test]
async fn awkward_numbers_dates_and_repeats_get_messages_that_name_the_real_problem() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let resident = app.add_resident("数字 太郎", "すうじ たろう", "0425630303", "phone").await;
        let form = |minutes: &'static str, day: &'static str| {
            vec![
                ("key", format!("awkward-{minutes}-{day}")),
                ("resident_id", resident.to_string()),
                ("requested_on", day.to_string()),
                ("channel", "counter".into()),
                ("procedure", "other".into()),
                ("procedure_other", "年金".into()),
                ("status", "resolved".into()),
                ("minutes", minutes.to_string()),
            ]
        };
        let post = async |fields: Vec<(&str, String)>| {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            app.post_form(&admin, "/forms/support", &pairs).await
        };
        let r = post(form("999999999999999999999999", "2025-06-12")).await;
        assert_eq!(common::redirect_param(&r, "e.minutes").as_deref(), Some("number_too_large"));
        let r = post(form("90000", "2025-06-12")).await;
        assert_eq!(common::redirect_param(&r, "e.minutes").as_deref(), Some("number_too_large"));
        let page = app.get(&admin, &location(&r)).await.text().await.unwrap();
        assert!(
            page.contains("数が大きすぎます") && !page.contains("参加者の人数"),
            "not about participants"
        );
        let r = post(form("30", "9999-12-31")).await;
        assert_eq!(
            common::redirect_param(&r, "e.requested_on").as_deref(),
            Some("date_out_of_range")
        );
        let r = post(form("30", "+262143-12-31")).await;
        assert_eq!(common::redirect_param(&r, "e.requested_on").as_deref(), Some("date_invalid"));

        // The audit filter and the call list take any date without failing.
        for path in
            ["/admin/audit?from=%2B262143-12-31&to=%2B262143-12-31", "/calls?date=%2B262143-12-31"]
        {
            assert_eq!(app.get(&admin, path).await.status(), 200, "{path}");
        }
        let r = app
            .call(&admin, "/api/audit/list", "filter[from]=%2B262143-12-31&filter[to]=9999-12-31")
            .await;
        assert!(r.status().is_success() || r.status().is_client_error(), "{}", r.status());

        // A checkbox sent twice counts once.
        let venue = app.add_venue("中央公民館").await;
        let partner = app.add_partner("東大和スマホの会", "community").await;
        let topic = app.topic("LINE").await.to_string();
        let day = (yorisoi::domain::today_in_japan() + chrono::Duration::days(10))
            .format("%Y-%m-%d")
            .to_string();
        let r = app
            .post_form(
                &admin,
                "/forms/sessions",
                &[
                    ("title", "二重送信の回"),
                    ("host_partner_id", &partner.to_string()),
                    ("venue_id", &venue.to_string()),
                    ("date", &day),
                    ("start_time", "10:00"),
                    ("end_time", "12:00"),
                    ("capacity", "10"),
                    ("level", "first"),
                    ("walkin_seats", "2"),
                    ("topic", &topic),
                    ("topic", &topic),
                ],
            )
            .await;
        assert!(location(&r).contains("notice="), "{} {}", r.status(), location(&r));
        let topics: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM session_topics")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(topics, 1);
    })
    .await;
}

#[tokio::test]
async fn a_visitor_s_refused_sign_in_is_shown_again_only_in_their_own_browser() {
    on_both(async |app: TestApp| {
        let mine = client();
        let r = app
            .post_form(
                &mine,
                "/auth/login",
                &[("login", "himitsu.taro"), ("password", "wrong-one")],
            )
            .await;
        let page = app.refused_page(&mine, &r, &["himitsu.taro"]).await;
        assert!(page.contains("value=\"himitsu.taro\""), "kept for the one who typed it");
        // The next person at the same shared PC, with the address from the history.
        let theirs = app.get(&client(), &location(&r)).await.text().await.unwrap();
        assert!(!theirs.contains("himitsu.taro"), "not for anyone else");
        // Too much text to keep is not kept; its message still shows.
        let huge = "x".repeat(70_000);
        let r = app.post_form(&mine, "/auth/login", &[("login", &huge), ("password", "x")]).await;
        assert!(!location(&r).contains("draft="), "nothing kept");
        assert_eq!(common::redirect_param(&r, "error").as_deref(), Some("credentials"));
    })
    .await;
}

#[tokio::test]
async fn reads_that_name_a_resident_on_other_pages_are_audited_too() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let session = app.add_session("貸出の回", 0, 10).await;
        let resident = app.add_resident("監査 次郎", "かんさ じろう", "0425630707", "phone").await;
        for (path, body, expected) in [
            (
                "/api/loaners/session",
                format!("session_id={session}"),
                "read list session loans loans".to_string(),
            ),
            (
                "/api/support/form",
                format!("resident={resident}"),
                format!("read resident {resident} paper-support form"),
            ),
            (
                "/api/registrations/choices",
                format!("resident_id={resident}"),
                format!("read resident {resident} booking choices"),
            ),
        ] {
            let mark = app.audit_mark().await;
            let r = app.call(&admin, path, &body).await;
            assert_eq!(r.status(), 200, "{path}");
            let entries = app.audited_since(mark).await;
            assert!(entries.iter().any(|e| e.starts_with(&expected)), "{path}: {entries:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn answers_go_out_compressed_and_site_files_are_checked_before_reuse() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        for n in 1..=3 {
            app.add_session(&format!("圧縮の回{n}"), n, 10).await;
        }
        let plain = app.get(&staff, "/sessions").await;
        assert!(plain.headers().get("content-encoding").is_none(), "asked for nothing");
        let plain = plain.bytes().await.unwrap().len();
        for (accepts, encoding) in [("br, gzip", "br"), ("gzip", "gzip")] {
            let r = staff
                .get(app.url("/sessions"))
                .header("accept-encoding", accepts)
                .send()
                .await
                .unwrap();
            assert_eq!(r.headers()["content-encoding"], encoding);
            assert_eq!(r.headers()["cache-control"], "no-store", "still never stored");
            let sent = r.bytes().await.unwrap().len();
            assert!(sent * 2 < plain, "{encoding}: {sent} bytes of {plain}");
        }
        let r = staff
            .post(app.url("/api/sessions/list"))
            .header("accept-encoding", "gzip")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-encoding"], "gzip", "server functions too");
        // A site file asked for without its version: kept, but checked every time.
        let r = app.get(&client(), "/pkg/yorisoi.css").await;
        assert_eq!(r.headers()["cache-control"], "no-cache");
    })
    .await;
}

#[tokio::test]
async fn site_files_are_kept_for_good_under_their_current_versioned_address_only() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    for (file, content) in [
        ("yorisoi.css", "body { color: #222 }"),
        ("yorisoi.js", "export default 1;"),
        ("yorisoi.wasm", "\0asm"),
    ] {
        std::fs::write(site.path().join("pkg").join(file), content).unwrap();
    }
    let app = common::spawn_app_in_site(
        yorisoi::db::Backend::Sqlite,
        yorisoi::web::Config::default(),
        &site.path().to_string_lossy(),
    )
    .await;
    let page = app.get(&client(), "/login").await.text().await.unwrap();
    let address = |name: &str| {
        let start =
            page.find(&format!("/pkg/{name}?v=")).unwrap_or_else(|| panic!("{name} in {page}"));
        page[start..].split('"').next().unwrap().to_string()
    };
    for name in ["yorisoi.css", "yorisoi.js", "yorisoi.wasm"] {
        let current = address(name);
        let r = app.get(&client(), &current).await;
        assert_eq!(r.status(), 200, "{current}");
        assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
        // An old version's address, or none, is served but checked each time.
        for other in [format!("/pkg/{name}?v=0123456789abcdef"), format!("/pkg/{name}")] {
            let r = app.get(&client(), &other).await;
            assert_eq!(r.headers()["cache-control"], "no-cache", "{other}");
        }
    }
    // The page itself is never stored.
    let r = app.get(&client(), "/login").await;
    assert_eq!(r.headers()["cache-control"], "no-store");
    // A file gone since the server started is not kept as missing.
    let current = address("yorisoi.css");
    std::fs::remove_file(site.path().join("pkg").join("yorisoi.css")).unwrap();
    let r = app.get(&client(), &current).await;
    assert_eq!(r.status(), 404);
    assert_eq!(r.headers()["cache-control"], "no-cache");
}

#[tokio::test]
async fn site_files_compressed_at_build_are_sent_as_they_are_to_a_browser_that_accepts_them() {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    let wasm = "\0asm the bundle, long enough to be worth compressing ".repeat(40);
    std::fs::write(pkg.join("yorisoi.wasm"), &wasm).unwrap();
    std::fs::write(pkg.join("yorisoi.wasm.br"), "brotli at build").unwrap();
    std::fs::write(pkg.join("yorisoi.wasm.gz"), "gzip at build").unwrap();
    std::fs::write(pkg.join("yorisoi.css"), "body { color: #222 }".repeat(40)).unwrap();
    let app = common::spawn_app_in_site(
        yorisoi::db::Backend::Sqlite,
        yorisoi::web::Config::default(),
        &site.path().to_string_lossy(),
    )
    .await;
    let fetch = async |path: &str, accept: &str| {
        let r = client().get(app.url(path)).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path} {accept}");
        let encoding = r.headers().get("content-encoding").map(|v| v.to_str().unwrap().to_string());
        let vary = r.headers().get("vary").map(|v| v.to_str().unwrap().to_string());
        assert_eq!(
            r.headers()["content-type"],
            if path.ends_with(".wasm") { "application/wasm" } else { "text/css" }
        );
        (encoding, vary, r.bytes().await.unwrap().to_vec())
    };
    let (encoding, vary, body) = fetch("/pkg/yorisoi.wasm", "gzip, deflate, br").await;
    assert_eq!((encoding.as_deref(), vary.as_deref()), (Some("br"), Some("accept-encoding")));
    assert_eq!(body, b"brotli at build");
    // A gzip copy beside the file (other build tools write one) is not used: gzip on the
    // way is smaller.
    let (encoding, _, body) = fetch("/pkg/yorisoi.wasm", "gzip").await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert_ne!(body, b"gzip at build");
    assert!(body.len() < wasm.len() / 4, "{} bytes", body.len());
    let (encoding, _, body) = fetch("/pkg/yorisoi.wasm", "identity").await;
    assert_eq!(encoding, None);
    assert_eq!(body, wasm.as_bytes());
    // A file with no compressed copy is compressed on the way.
    let (encoding, vary, body) = fetch("/pkg/yorisoi.css", "br").await;
    assert_eq!((encoding.as_deref(), vary.as_deref()), (Some("br"), Some("accept-encoding")));
    assert!(body.len() < 200, "{} bytes", body.len());
}

#[tokio::test]
async fn a_one_time_secret_is_read_only_by_its_user_and_signing_out_clears_it() {
    on_both(async |app: TestApp| {
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        app.add_user("staff-user", Role::Staff).await;
        // The volunteer makes a calendar address, and before the page shows it, someone
        // else signs in at the same browser: the secret is not theirs to read.
        let r = app.post_form(&volunteer, "/auth/calendar", &[]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(app.sign_in(&volunteer, "staff-user", common::PASSWORD).await.status(), 303);
        let feeds: serde_json::Value =
            app.call(&volunteer, "/api/sessions/feeds", "").await.json().await.unwrap();
        assert_eq!(feeds["new_private"], serde_json::Value::Null, "{feeds}");
        assert_eq!(feeds["has_private"], false, "staff have none of their own");
        // Made and read by its own user, it is shown.
        let (other, _) = app.signed_in(Role::Coordinator).await;
        assert_eq!(app.new_calendar_feed(&other).await.len(), 64);
        // Signing out clears every one-time cookie.
        app.post_form(&other, "/auth/calendar", &[]).await;
        let r = app.post_form(&other, "/auth/logout", &[]).await;
        let cleared: Vec<&str> =
            r.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap()).collect();
        for name in ["yorisoi_temp_password=;", "yorisoi_new_feed=;"] {
            assert!(
                cleared.iter().any(|c| c.starts_with(name) && c.contains("Max-Age=0")),
                "{cleared:?}"
            );
        }
    })
    .await;
}
