//! Sign-in, sign-out, throttling, session expiry, the setup link, password changes and the
//! language switch, on SQLite and PostgreSQL.
use crate::common;

use common::{client, location, on_both, redirect_param, TestApp, PASSWORD};
use yorisoi::auth::Role;

#[tokio::test]
async fn sign_in_goes_where_the_user_was_going_and_sign_out_ends_the_session() {
    on_both(async |app: TestApp| {
        app.add_user("hanako", Role::Staff).await;
        let c = client();

        let r = app.get(&c, "/directory").await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/login?next=%2Fdirectory");

        let page = app.get(&c, "/login?next=%2Fdirectory").await.text().await.unwrap();
        assert!(page.contains("<html lang=\"ja\""), "Japanese by default");
        assert!(page.contains("name=\"login\"") && page.contains("name=\"password\""));

        let r = app
            .post_form(
                &c,
                "/auth/login",
                &[("login", " Hanako "), ("password", PASSWORD), ("next", "/directory")],
            )
            .await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/directory");
        let cookie = r.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");

        // Only the token's hash is stored.
        let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1.to_string();
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM user_sessions")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0], token);
        assert_eq!(stored[0], yorisoi::auth::signin::hash_token(&token));

        assert_eq!(app.get(&c, "/directory").await.status(), 200);

        // A redirect target elsewhere is never followed.
        let other = client();
        let r = app
            .post_form(
                &other,
                "/auth/login",
                &[("login", "hanako"), ("password", PASSWORD), ("next", "//evil.example/")],
            )
            .await;
        assert_eq!(location(&r), "/");

        let r = app.post_form(&c, "/auth/logout", &[]).await;
        assert_eq!(r.status(), 303);
        assert_eq!(location(&r), "/login?notice=logged_out");
        assert_eq!(app.get(&c, "/").await.status(), 303);
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_sessions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 1, "only the other client's session is left");
    })
    .await;
}

#[tokio::test]
async fn wrong_passwords_say_nothing_about_which_logins_exist() {
    on_both(async |app: TestApp| {
        app.add_user("taro", Role::Staff).await;
        let c = client();
        let known = app
            .post_form(
                &c,
                "/auth/login",
                &[("login", "taro"), ("password", "wrong"), ("next", "/")],
            )
            .await;
        let unknown = app
            .post_form(
                &c,
                "/auth/login",
                &[("login", "nobody"), ("password", "wrong"), ("next", "/")],
            )
            .await;
        assert_eq!(redirect_param(&known, "error").as_deref(), Some("credentials"));
        assert_eq!(redirect_param(&unknown, "error").as_deref(), Some("credentials"));
        // The typed login is kept for the form, the password never is.
        assert!(!location(&known).contains("wrong"));
        let page = app.refused_page(&c, &known, &["taro"]).await;
        assert!(page.contains("value=\"taro\""), "typed login kept");
        assert!(page.contains("ログインIDまたはパスワードが違います。"));
        assert!(page.contains("value=\"taro\""));
    })
    .await;
}

#[tokio::test]
async fn five_failures_lock_a_login_for_fifteen_minutes() {
    on_both(async |app: TestApp| {
        app.add_user("jiro", Role::Volunteer).await;
        let c = client();
        for attempt in 1..=5 {
            let r = app.sign_in(&c, "jiro", "wrong password").await;
            let expected = if attempt < 5 { "credentials" } else { "locked" };
            assert_eq!(redirect_param(&r, "error").as_deref(), Some(expected), "attempt {attempt}");
        }
        // The right password is refused while locked, from any client.
        let r = app.sign_in(&client(), "jiro", PASSWORD).await;
        assert_eq!(redirect_param(&r, "error").as_deref(), Some("locked"));
        let page = app.get(&c, &location(&r)).await.text().await.unwrap();
        assert!(page.contains("15分間ログインできません"));

        // A login that does not exist locks the same way.
        for _ in 0..5 {
            app.sign_in(&c, "ghost", "wrong password").await;
        }
        let r = app.sign_in(&c, "ghost", "wrong password").await;
        assert_eq!(redirect_param(&r, "error").as_deref(), Some("locked"));

        // Fifteen minutes later (moved back in the database) the lock has passed.
        sqlx::query("UPDATE login_locks SET locked_until = locked_until - 901")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = app.sign_in(&c, "jiro", PASSWORD).await;
        assert_eq!(location(&r), "/");
    })
    .await;
}

#[tokio::test]
async fn sessions_expire_after_twelve_idle_hours() {
    on_both(async |app: TestApp| {
        let (c, _) = app.signed_in(Role::Reviewer).await;
        assert_eq!(app.get(&c, "/").await.status(), 200);
        sqlx::query("UPDATE user_sessions SET last_seen_at = last_seen_at - (11 * 3600)")
            .execute(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(app.get(&c, "/").await.status(), 200, "11 hours idle is still fine");
        sqlx::query("UPDATE user_sessions SET last_seen_at = last_seen_at - (12 * 3600 + 1)")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = app.get(&c, "/").await;
        assert_eq!(r.status(), 303);
        assert!(location(&r).starts_with("/login"));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM user_sessions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0, "the expired session is removed");
    })
    .await;
}

#[tokio::test]
async fn the_setup_link_creates_the_first_admin_once() {
    on_both(async |app: TestApp| {
        let token =
            yorisoi::auth::setup::issue_if_needed(&app.db).await.unwrap().expect("no users yet");
        let c = client();
        let page = app.get(&c, &format!("/setup/{token}")).await;
        assert_eq!(page.status(), 200);

        // Bad input: every field gets its message, typed values come back (not passwords).
        let r = app
            .post_form(
                &c,
                "/auth/setup",
                &[
                    ("token", &token),
                    ("login", "A B"),
                    ("display_name", "管理 花子"),
                    ("password", "short"),
                    ("password_confirm", "short"),
                ],
            )
            .await;
        let q = &r;
        assert_eq!(redirect_param(q, "e.login").as_deref(), Some("login_invalid"));
        assert_eq!(redirect_param(q, "e.password").as_deref(), Some("password_short"));
        let html = app.refused_page(&c, &r, &["管理 花子"]).await;
        assert!(html.contains("value=\"管理 花子\""));
        assert!(html.contains("パスワードは10文字以上で入力してください。"));
        assert!(html.contains("aria-invalid=\"true\""));

        let good = [
            ("token", token.as_str()),
            ("login", "admin"),
            ("display_name", "管理 花子"),
            ("password", "a-long-password"),
            ("password_confirm", "a-long-password"),
        ];
        let r = app.post_form(&c, "/auth/setup", &good).await;
        assert_eq!(location(&r), "/");
        let home = app.get(&c, "/").await.text().await.unwrap();
        assert!(
            home.contains("管理 花子さん（管理者（デジタル政策課））"),
            "the today page greets the new admin"
        );
        assert!(home.contains("/admin/users"), "the admin sees the admin menu");

        // The link works once, and no new link is issued once a user exists.
        let again = app.post_form(&client(), "/auth/setup", &good).await;
        assert_eq!(redirect_param(&again, "error").as_deref(), Some("setup_invalid"));
        assert!(yorisoi::auth::setup::issue_if_needed(&app.db).await.unwrap().is_none());
        let bogus = app
            .post_form(
                &client(),
                "/auth/setup",
                &[
                    ("token", "nope"),
                    ("login", "x2x"),
                    ("display_name", "x"),
                    ("password", "0123456789"),
                    ("password_confirm", "0123456789"),
                ],
            )
            .await;
        assert_eq!(redirect_param(&bogus, "error").as_deref(), Some("setup_invalid"));
    })
    .await;
}

#[tokio::test]
async fn everyone_can_change_their_password_and_temporary_ones_must_be_changed() {
    on_both(async |app: TestApp| {
        let (c, id) = app.signed_in(Role::Volunteer).await;
        let r = app
            .post_form(
                &c,
                "/auth/password",
                &[
                    ("current", "bad"),
                    ("password", "new-password-1"),
                    ("password_confirm", "different-1"),
                ],
            )
            .await;
        let q = &r;
        assert_eq!(redirect_param(q, "e.current").as_deref(), Some("password_wrong"));
        assert_eq!(redirect_param(q, "e.password_confirm").as_deref(), Some("password_mismatch"));

        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                &c,
                "/auth/password",
                &[
                    ("current", PASSWORD),
                    ("password", "new-password-1"),
                    ("password_confirm", "new-password-1"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/?notice=password_changed");
        let changed = app.audited_since(mark).await;
        assert!(
            changed.iter().any(|e| e.starts_with("update user ") && e.ends_with(" password")),
            "{changed:?}"
        );
        let fresh = client();
        assert_eq!(location(&app.sign_in(&fresh, "volunteer-user", "new-password-1").await), "/");

        // A user with a temporary password is held on the password page until they change it.
        sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1")
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = app.get(&fresh, "/").await;
        assert_eq!(location(&r), "/account/password");
        let page = app.get(&fresh, "/account/password").await.text().await.unwrap();
        assert!(page.contains("仮のパスワードでログインしています。"));
    })
    .await;
}

#[tokio::test]
async fn the_language_switch_is_remembered_by_cookie_and_per_user() {
    on_both(async |app: TestApp| {
        let c = client();
        let r = app.post_form(&c, "/auth/lang", &[("lang", "en"), ("back", "/login")]).await;
        assert_eq!(location(&r), "/login");
        let page = app.get(&c, "/login").await.text().await.unwrap();
        assert!(page.contains("<html lang=\"en\""));
        assert!(page.contains("Sign in") && !page.contains("ログインする"));

        // Signed in, the choice is stored for the user and follows them to a new browser.
        let (user_client, id) = app.signed_in(Role::Staff).await;
        app.post_form(&user_client, "/auth/lang", &[("lang", "en"), ("back", "/")]).await;
        let locale: Option<String> = sqlx::query_scalar("SELECT locale FROM users WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(locale.as_deref(), Some("en"));
        let other = client();
        app.sign_in(&other, "staff-user", PASSWORD).await;
        let home = app.get(&other, "/").await.text().await.unwrap();
        assert!(
            home.contains("<html lang=\"en\"") && home.contains("staff-user さん (City staff)")
        );

        // Back to Japanese; an unknown language falls back to Japanese.
        app.post_form(&other, "/auth/lang", &[("lang", "xx"), ("back", "https://elsewhere/")])
            .await;
        let home = app.get(&other, "/").await.text().await.unwrap();
        assert!(home.contains("<html lang=\"ja\""));
    })
    .await;
}
