//! `/healthz`, the Japanese 404 page, garbage input that must not crash the server, and who
//! checkpoints SQLite's log.
use crate::common;

use common::{client, on_both, TestApp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use yorisoi::auth::Role;
use yorisoi::db::{Backend, Db};
use yorisoi::web::Config;

#[tokio::test]
async fn healthz_reports_the_database() {
    on_both(async |app: TestApp| {
        let c = client();
        let (staff, _) = app.signed_in(Role::Staff).await;
        let r = app.get(&c, "/healthz").await;
        assert_eq!(r.status(), 200);
        // The heartbeat writes its one row; /healthz reports whether it could.
        assert!(app.db.beat().await);
        let beat: i64 = sqlx::query_scalar("SELECT beat_at FROM heartbeat WHERE id = 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(beat > 0, "the heartbeat was written");
        // A database that answers reads but takes no write counts as down.
        sqlx::query("DROP TABLE heartbeat").execute(&app.db.pool).await.unwrap();
        assert!(!app.db.beat().await);
        assert_eq!(app.get(&c, "/healthz").await.status(), 503);
        app.db.close().await;
        let r = app.get(&c, "/healthz").await;
        assert_eq!(r.status(), 503);
        // A signed-in page says, in Japanese, that the database cannot be reached.
        let r = app.get(&staff, "/sessions").await;
        assert_eq!(r.status(), 503);
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"ja\""), "{html}");
        assert!(html.contains("データベースに接続できません"), "{html}");
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
        let r =
            c.post(app.url("/api/users/get")).form(&[("id", "not-a-number")]).send().await.unwrap();
        assert!(r.status().as_u16() < 500, "{}", r.status());
        // The server still answers.
        assert_eq!(app.get(&c, "/").await.status(), 200);
    })
    .await;
}

/// Building a router lists the app's routes by running it with resource loading switched
/// off process-wide; a page rendering at that moment on another thread used to wait forever
/// for its data (leptos issue #4773), which hung a test now and then. Pages must render
/// while other routers are built in the same process.
#[tokio::test]
async fn pages_render_while_other_routers_are_built() {
    on_both(async |app: TestApp| {
        let (c, _) = app.signed_in(Role::Staff).await;
        let db = app.db.clone();
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        // Read (and hashed) once: the browser bundle is megabytes in a debug build.
        let assets = std::sync::Arc::new(yorisoi::web::assets::Assets::read(
            &leptos::config::LeptosOptions::builder()
                .output_name("yorisoi")
                .site_root("target/site")
                .build(),
        ));
        let builder = {
            let done = done.clone();
            std::thread::spawn(move || {
                for _ in 0..300 {
                    let state = yorisoi::web::AppState {
                        leptos_options: leptos::config::LeptosOptions::builder()
                            .output_name("yorisoi")
                            .site_root("target/site")
                            .build(),
                        db: db.clone(),
                        config: std::sync::Arc::new(yorisoi::web::Config::default()),
                        limits: std::sync::Arc::default(),
                        assets: assets.clone(),
                        city: Default::default(),
                    };
                    drop(yorisoi::server::router(state));
                }
                done.store(true, std::sync::atomic::Ordering::Relaxed);
            })
        };
        let mut pages = 0;
        while !done.load(std::sync::atomic::Ordering::Relaxed) || pages < 20 {
            let r = app.get(&c, "/directory").await;
            assert_eq!(r.status(), 200);
            let html = r.text().await.unwrap();
            assert!(html.contains("</html>"), "the page ends");
            pages += 1;
        }
        builder.join().unwrap();
    })
    .await;
}

/// A command's writes checkpoint SQLite's log as they fill it (SQLite's default); the
/// server's writes do not (the write that did would hold up every writer queued behind it):
/// its checkpointer folds the log, after which the next write starts the log over.
#[tokio::test]
async fn the_server_not_each_write_checkpoints_sqlite() {
    let app: TestApp = common::spawn_app_with(Backend::Sqlite, Config::default()).await;
    let wal = format!("{}-wal", app.database_url().trim_start_matches("sqlite://"));
    // (Sizes are read from the file: asking SQLite would checkpoint the log.)
    let wal_bytes = || std::fs::metadata(&wal).unwrap().len();
    let frames = async || -> i64 {
        // A passive checkpoint reports the log's length in frames (pages).
        let (_, log, _): (i64, i64, i64) =
            sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&app.db.pool).await.unwrap();
        log
    };
    let write = async |db: &Db, n: i64| {
        let mut tx = db.begin().await.unwrap();
        sqlx::query(
            "INSERT INTO audit_log (at, action, record_type, record_id) \
             VALUES ($1, 'read', 'test', $2)",
        )
        .bind(n)
        .bind(n.to_string())
        .execute(&mut *tx)
        .await
        .unwrap();
        tx.commit().await.unwrap();
    };
    // A command's connections: the log stays near SQLite's 1,000 pages (4 MB).
    for n in 0..1500 {
        write(&app.db, n).await;
    }
    assert!(wal_bytes() < 4_500_000, "the log holds {} bytes", wal_bytes());
    // The server's: the log grows until the checkpointer comes.
    let server = Db::connect_server(&app.database_url()).await.unwrap();
    for n in 1500..3000 {
        write(&server, n).await;
    }
    assert!(
        wal_bytes() > 6_000_000,
        "the log holds {} bytes: a write checkpointed it",
        wal_bytes()
    );
    yorisoi::db::spawn_checkpoints(server.clone(), std::time::Duration::from_millis(20));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    write(&server, 3000).await;
    let after = frames().await;
    assert!(after < 50, "the log was not started over: {after} frames");
}

/// One request on a keep-alive connection: its answer's head, lower-cased (the body is
/// read by its `Content-Length`, so the next request can follow on the same connection).
async fn exchange(stream: &mut tokio::net::TcpStream, request: &str) -> String {
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    let mut byte = [0u8; 1];
    while !received.ends_with(b"\r\n\r\n") {
        let n = stream.read(&mut byte).await.unwrap();
        assert_eq!(n, 1, "the connection closed before the answer's head: {received:?}");
        received.push(byte[0]);
    }
    let head = String::from_utf8(received).unwrap().to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length: "))
        .map_or(0, |n| n.trim().parse().unwrap());
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.unwrap();
    head
}

/// An answer given before a post's body was read (here a cross-site refusal) says
/// `Connection: close`, and with a body still on its way the server does close the
/// connection; an answer to a post whose body was read keeps the connection, and the next
/// request goes down it. `exchange` reads answers by their `Content-Length`: the test
/// sends no `Accept-Encoding`, so none is chunked.
#[tokio::test]
async fn an_answer_before_the_body_is_read_closes_the_connection_and_says_so() {
    on_both(async |app: TestApp| {
        let host = app.address.trim_start_matches("http://").to_string();
        let post = |path: &str, origin: &str, body: &str| {
            format!(
                "POST {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\n\
                 Content-Type: application/x-www-form-urlencoded\r\n\
                 Content-Length: {}\r\n\r\n{body}",
                body.len()
            )
        };
        let own = app.address.clone();
        let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
        let read = exchange(&mut stream, &post("/auth/lang", &own, "lang=en&back=%2F")).await;
        assert!(read.starts_with("http/1.1 303"), "{read}");
        assert!(!read.contains("connection: close"), "{read}");
        let next = format!("GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n");
        let healthz = exchange(&mut stream, &next).await;
        assert!(healthz.starts_with("http/1.1 200"), "the same connection serves on: {healthz}");

        let refused =
            exchange(&mut stream, &post("/auth/lang", "https://elsewhere.example", "lang=en"))
                .await;
        assert!(refused.starts_with("http/1.1 403"), "{refused}");
        assert!(refused.contains("connection: close"), "{refused}");
        // A body still on its way when the answer comes: hyper closes the connection, and
        // the answer has said so.
        let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
        let head = format!(
            "POST /auth/lang HTTP/1.1\r\nHost: {host}\r\n\
             Origin: https://elsewhere.example\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: 100000\r\n\r\nlang=en"
        );
        let refused = exchange(&mut stream, &head).await;
        assert!(refused.contains("connection: close"), "{refused}");
        let mut rest = [0u8; 1];
        let closed =
            tokio::time::timeout(std::time::Duration::from_secs(5), stream.read(&mut rest))
                .await
                .expect("the server closes the connection");
        assert!(matches!(closed, Ok(0) | Err(_)), "closed: {closed:?}");
    })
    .await;
}
