//! `/healthz`, the Japanese 404 page, and garbage input that must not crash the server.
#![cfg(feature = "ssr")]

mod common;

use common::{client, on_both, TestApp};
use yorisoi::auth::Role;

#[tokio::test]
async fn healthz_reports_the_database() {
    on_both(async |app: TestApp| {
        let c = client();
        let r = app.get(&c, "/healthz").await;
        assert_eq!(r.status(), 200);
        app.db.pool.close().await;
        let r = app.get(&c, "/healthz").await;
        assert_eq!(r.status(), 503);
    })
    .await;
}

#[tokio::test]
async fn unknown_pages_get_a_japanese_404() {
    on_both(async |app: TestApp| {
        let (c, _) = app.signed_in(Role::Staff).await;
        let r = app.get(&c, "/no/such/page").await;
        assert_eq!(r.status(), 404);
        let html = r.text().await.unwrap();
        assert!(html.contains("ページが見つかりません"));
        assert!(html.contains("<html lang=\"ja\""));
    })
    .await;
}

#[tokio::test]
async fn malformed_requests_get_clear_answers_not_crashes() {
    on_both(async |app: TestApp| {
        let (c, _) = app.signed_in(Role::Admin).await;
        let junk = "\u{0}%%%&&==\u{ffff}".repeat(100);
        for path in [
            "/auth/login",
            "/auth/setup",
            "/auth/password",
            "/auth/lang",
            "/forms/users",
            "/forms/users/1",
            "/forms/users/abc",
        ] {
            let r = c
                .post(app.url(path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(junk.clone())
                .send()
                .await
                .unwrap();
            assert!(r.status().as_u16() < 500, "{path}: {}", r.status());
        }
        let r = c
            .post(app.url("/api/users/get"))
            .form(&[("id", "not-a-number")])
            .send()
            .await
            .unwrap();
        assert!(r.status().as_u16() < 500, "{}", r.status());
        // The server still answers.
        assert_eq!(app.get(&c, "/").await.status(), 200);
    })
    .await;
}
