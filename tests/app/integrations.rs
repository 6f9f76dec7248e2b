//! The open API and its tokens on SQLite and PostgreSQL: admins make a token (shown once,
//! kept as a hash, audited), scope it and revoke it; the API answers only a live token
//! within its scopes, makes, reads and cancels seat requests through the same operations
//! as the public pages, and counts each token's use; its OpenAPI document is served.
use crate::common;

use common::{client, location, on_both, TestApp};
use reqwest::Client;
use serde_json::{json, Value};
use yorisoi::auth::Role;

/// Makes a token through the admins' form and reads it off the next page.
async fn make_token(app: &TestApp, admin: &Client, name: &str, scopes: &[&str]) -> String {
    let mut form = vec![("name", name)];
    form.extend(scopes.iter().map(|s| ("scope", *s)));
    let r = app.post_form(admin, "/forms/integrations", &form).await;
    assert_eq!(location(&r), "/admin/integrations?notice=token_created");
    let page = app.get(admin, &location(&r)).await.text().await.unwrap();
    let start = page.find("class=\"temporary-password\">").expect("shown once") + 27;
    page[start..].chars().take_while(char::is_ascii_hexdigit).collect()
}

async fn call(app: &TestApp, token: &str, method: &str, path: &str, body: Value) -> (u16, Value) {
    let c = client();
    let request =
        if method == "GET" { c.get(app.url(path)) } else { c.post(app.url(path)).json(&body) };
    let r = request.bearer_auth(token).send().await.expect("call");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn request(session: i64, key: &str) -> Value {
    json!({
        "session_id": session, "name": "山田 花子", "kana": "やまだ はなこ",
        "phone": "090-1234-5678", "filled_by": "family", "needs": ["hearing"],
        "consent": true, "key": key
    })
}

#[tokio::test]
async fn a_token_is_shown_once_kept_as_a_hash_scoped_counted_and_revoked() {
    on_both(async |app: TestApp| {
        let session = app.add_session("体験会", 10, 5).await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let mark = app.audit_mark().await;
        let reader = make_token(&app, &admin, "案内板", &["sessions"]).await;
        assert_eq!(reader.len(), 64);
        let page = app.get(&admin, "/admin/integrations").await.text().await.unwrap();
        assert!(!page.contains(&reader), "shown once only");
        let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM integration_tokens")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(stored, vec![yorisoi::web::secret::hash_token(&reader)]);
        let id: i64 = sqlx::query_scalar("SELECT id FROM integration_tokens")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        app.assert_audited(mark, &[format!("create integration_token {id} scopes sessions")]).await;

        // Without a token, or with a wrong one: 401.
        let r = client().get(app.url("/v1/sessions")).send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(call(&app, "nope", "GET", "/v1/sessions", Value::Null).await.0, 401);
        // Within its scope: the schedule, in words; outside it: 403.
        let (status, list) = call(&app, &reader, "GET", "/v1/sessions", Value::Null).await;
        assert_eq!(status, 200);
        assert_eq!(list[0]["id"], session);
        assert_eq!(list[0]["availability"], "open");
        assert!(list[0].get("capacity").is_none() && list[0].get("seats_taken").is_none());
        assert!(list[0]["starts_at"].as_str().unwrap().ends_with("+09:00"));
        let (status, answer) =
            call(&app, &reader, "POST", "/v1/requests", request(session, "line-key-0000000001"))
                .await;
        assert_eq!((status, answer["code"].as_str()), (403, Some("scope")));
        // Its use is counted and shown.
        let page = app.get(&admin, "/admin/integrations").await.text().await.unwrap();
        assert!(page.contains("class=\"number\">2<"), "two calls counted: {page}");

        // Revoked: it opens nothing.
        let mark = app.audit_mark().await;
        let r = app.post_form(&admin, &format!("/forms/integrations/{id}/revoke"), &[]).await;
        assert_eq!(location(&r), "/admin/integrations?notice=token_revoked");
        assert_eq!(call(&app, &reader, "GET", "/v1/sessions", Value::Null).await.0, 401);
        app.assert_audited(mark, &[format!("disable integration_token {id}")]).await;

        // Only admins see and manage tokens.
        for role in [Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            assert_eq!(app.get(&c, "/admin/integrations").await.status(), 403, "{role:?}");
            assert_eq!(app.call(&c, "/api/integrations/list", "").await.status(), 403);
            let r = app
                .post_form(&c, "/forms/integrations", &[("name", "x"), ("scope", "requests")])
                .await;
            assert_eq!(r.status(), 403);
            let r = app.post_form(&c, &format!("/forms/integrations/{id}/revoke"), &[]).await;
            assert_eq!(r.status(), 403);
        }
        // A token needs a name and a scope.
        let r = app.post_form(&admin, "/forms/integrations", &[("name", " ")]).await;
        assert!(
            location(&r).contains("e.name=required")
                && location(&r).contains("e.scope=choice_required")
        );
    })
    .await;
}

#[tokio::test]
async fn the_open_api_makes_reads_and_cancels_a_request_like_the_public_pages() {
    on_both(async |app: TestApp| {
        let session = app.add_session("体験会", 10, 1).await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let line = make_token(&app, &admin, "LINE公式アカウント", &["sessions", "requests"]).await;
        let mark = app.audit_mark().await;
        let (status, made) =
            call(&app, &line, "POST", "/v1/requests", request(session, "line-key-0000000001"))
                .await;
        assert_eq!(status, 201, "{made}");
        assert_eq!(
            (made["status"].as_str(), made["place"].as_str()),
            (Some("pending"), Some("seat"))
        );
        let reference = made["reference"].as_str().unwrap().to_string();
        let mut keys: Vec<&str> = made.as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["lapses_at", "place", "reference", "session", "status"],
            "no contact data"
        );
        let id: i64 = sqlx::query_scalar("SELECT id FROM seat_requests")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let token: i64 = sqlx::query_scalar("SELECT id FROM integration_tokens")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        app.assert_audited(
            mark,
            &[format!("create seat_request {id} session {session} via integration {token}")],
        )
        .await;
        // The same key again: the same request.
        let (status, again) =
            call(&app, &line, "POST", "/v1/requests", request(session, "line-key-0000000001"))
                .await;
        assert_eq!((status, again["reference"].as_str()), (201, Some(reference.as_str())));
        // Another integration sending the same key makes its own request: keys are kept
        // apart per integration, so a guessed key opens nobody else's.
        let other_program = make_token(&app, &admin, "別の仕組み", &["requests"]).await;
        let (status, own) = call(
            &app,
            &other_program,
            "POST",
            "/v1/requests",
            request(session, "line-key-0000000001"),
        )
        .await;
        assert_eq!(status, 201);
        assert_ne!(own["reference"], made["reference"]);
        // A key with characters a key has no use for is refused.
        let (status, _) =
            call(&app, &line, "POST", "/v1/requests", request(session, "bad key with spaces\u{0}"))
                .await;
        assert_eq!(status, 422);
        // A token without the schedule scope cannot read it.
        assert_eq!(call(&app, &other_program, "GET", "/v1/sessions", Value::Null).await.0, 403);
        let (status, _) = call(
            &app,
            &other_program,
            "POST",
            "/v1/requests/12345678/status",
            json!({ "digits": "5678" }),
        )
        .await;
        assert_eq!(status, 404);
        // Full now: the next request waits.
        let mut other = request(session, "line-key-0000000002");
        other["phone"] = json!("0425550000");
        let (_, waiting) = call(&app, &line, "POST", "/v1/requests", other).await;
        assert_eq!(waiting["place"], "waitlist");
        // Each wrong field named, in Japanese; the body not JSON: 400.
        let mut wrong = request(session, "line-key-0000000003");
        wrong["phone"] = json!("12");
        wrong["consent"] = json!(false);
        wrong["name"] = json!("  ");
        let (status, refused) = call(&app, &line, "POST", "/v1/requests", wrong).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = refused["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert_eq!(fields, ["name", "phone", "consent"]);
        assert!(refused["errors"][1]["message"].as_str().unwrap().contains("電話番号"));
        let r = client()
            .post(app.url("/v1/requests"))
            .bearer_auth(&line)
            .body("{")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let (status, _) =
            call(&app, &line, "POST", "/v1/requests", request(999_999, "line-key-0000000004"))
                .await;
        assert_eq!(status, 404);
        // Read and cancelled with the reference and the digits (in the body).
        let path = format!("/v1/requests/{reference}/status");
        let (status, seen) = call(&app, &line, "POST", &path, json!({ "digits": "5678" })).await;
        assert_eq!((status, seen["status"].as_str()), (200, Some("pending")));
        assert_eq!(seen["session"]["id"], session);
        let (status, _) = call(&app, &line, "POST", &path, json!({ "digits": "0000" })).await;
        assert_eq!(status, 404);
        let cancel = format!("/v1/requests/{reference}/cancel");
        let (status, cancelled) =
            call(&app, &line, "POST", &cancel, json!({ "digits": "5678" })).await;
        assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled")));
        let (status, _) = call(&app, &line, "POST", &cancel, json!({ "digits": "5678" })).await;
        assert_eq!(status, 409);
        // The waiting request did not move up by itself: it waits for staff's call (the
        // seat went back to the session).
        let seats: i64 = sqlx::query_scalar("SELECT seats_taken FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(seats, 0);
        // The document: OpenAPI 3.1, the four calls, the token scheme.
        let doc: Value =
            client().get(app.url("/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
        for p in [
            "/v1/sessions",
            "/v1/requests",
            "/v1/requests/{reference}/status",
            "/v1/requests/{reference}/cancel",
        ] {
            assert!(doc["paths"].get(p).is_some(), "{p}");
        }
        assert_eq!(doc["components"]["securitySchemes"]["token"]["scheme"], "bearer");
    })
    .await;
}
