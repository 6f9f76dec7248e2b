//! `spawn_app()`: the real server on port 0 with a fresh database (a temp SQLite file, and a
//! fresh PostgreSQL database made from a migrated template), and HTTP clients signed in as
//! each role. Each test builds its own data.

pub mod smtp;

use reqwest::redirect::Policy;
use reqwest::{Client, Response};
use std::sync::Arc;
use tokio::sync::{Mutex, OnceCell};
use yorisoi::auth::Role;
use yorisoi::db::{Backend, Db};
use yorisoi::users::store::{insert, NewUser};
use yorisoi::web::{AppState, Config};

pub const PASSWORD: &str = "test-password-123";

/// PostgreSQL for tests: `YORISOI_TEST_PG` (default: the local server). When
/// `YORISOI_REQUIRE_PG=1` (the test script sets it) an unreachable server fails the tests.
fn pg_base() -> String {
    std::env::var("YORISOI_TEST_PG").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into())
}

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub backend: Backend,
    pg_name: Option<String>,
    sqlite_url: String,
    _dir: Option<tempfile::TempDir>,
}

/// Runs `test` against SQLite, then PostgreSQL (skipped only when it is unreachable and not
/// required).
pub async fn on_both<F>(test: F)
where
    F: AsyncFn(TestApp),
{
    test(spawn_app(Backend::Sqlite).await).await;
    if let Some(app) = try_spawn_pg().await {
        let name = app.pg_name.clone();
        test(app).await;
        if let Some(name) = name {
            drop_pg_database(&name).await;
        }
    }
}

async fn try_spawn_pg() -> Option<TestApp> {
    if pg_available().await {
        Some(spawn_app(Backend::Postgres).await)
    } else if std::env::var("YORISOI_REQUIRE_PG").as_deref() == Ok("1") {
        panic!(
            "PostgreSQL is required (YORISOI_REQUIRE_PG=1) but {} is unreachable",
            pg_base()
        );
    } else {
        eprintln!("PostgreSQL unreachable: PostgreSQL half of the test skipped");
        None
    }
}

async fn pg_available() -> bool {
    use sqlx::Connection;
    static AVAILABLE: OnceCell<bool> = OnceCell::const_new();
    *AVAILABLE
        .get_or_init(|| async {
            sqlx::any::install_default_drivers();
            let url = format!("{}/postgres", pg_base());
            let attempt = tokio::time::timeout(
                std::time::Duration::from_secs(5),
                sqlx::AnyConnection::connect(&url),
            );
            match attempt.await {
                Ok(Ok(conn)) => {
                    let _ = conn.close().await;
                    true
                }
                _ => false,
            }
        })
        .await
}

/// A migrated SQLite file, copied for each test.
async fn sqlite_template() -> &'static std::path::Path {
    static TEMPLATE: OnceCell<(tempfile::TempDir, std::path::PathBuf)> = OnceCell::const_new();
    let (_, path) = TEMPLATE
        .get_or_init(|| async {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("template.db");
            let url = format!("sqlite://{}", path.display());
            let db = Db::connect(&url).await.expect("template connect");
            db.migrate().await.expect("template migrate");
            // Fold the WAL into the main file so a plain copy is complete.
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&db.pool)
                .await
                .expect("checkpoint");
            db.pool.close().await;
            (dir, path)
        })
        .await;
    path
}

/// A migrated PostgreSQL database used as the template of each test's database.
async fn pg_template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = format!("yorisoi_test_tpl_{}", std::process::id());
            admin_execute(&format!("DROP DATABASE IF EXISTS {name}")).await;
            admin_execute(&format!("CREATE DATABASE {name}")).await;
            let db = Db::connect(&format!("{}/{name}", pg_base()))
                .await
                .expect("template connect");
            db.migrate().await.expect("template migrate");
            db.pool.close().await;
            name
        })
        .await
}

async fn admin_execute(sql: &str) {
    use sqlx::{Connection, Executor};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(&format!("{}/postgres", pg_base()))
        .await
        .expect("connect to PostgreSQL");
    conn.execute(sqlx::AssertSqlSafe(sql.to_string()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    let _ = conn.close().await;
}

async fn drop_pg_database(name: &str) {
    admin_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    static CREATE: Mutex<()> = Mutex::const_new(());
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let (url, dir, pg_name) = match backend {
        Backend::Sqlite => {
            let template = sqlite_template().await;
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("test.db");
            std::fs::copy(template, &path).expect("copy template");
            (format!("sqlite://{}", path.display()), Some(dir), None)
        }
        Backend::Postgres => {
            let template = pg_template().await;
            let name = format!("yorisoi_test_{}_{n}", std::process::id());
            {
                // Copies of one template are made one at a time.
                let _guard = CREATE.lock().await;
                admin_execute(&format!("CREATE DATABASE {name} TEMPLATE {template}")).await;
            }
            (format!("{}/{name}", pg_base()), None, Some(name))
        }
    };
    let db = Db::connect(&url).await.expect("connect test database");
    let leptos_options = leptos::config::LeptosOptions::builder()
        .output_name("yorisoi")
        .site_root("target/site")
        .build();
    let state = AppState {
        leptos_options,
        db: db.clone(),
        config: Arc::new(Config::default()),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("local addr"));
    let router = yorisoi::server::router(state);
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service())
            .await
            .expect("server");
    });
    TestApp {
        address,
        db,
        backend,
        sqlite_url: url,
        pg_name,
        _dir: dir,
    }
}

/// An argon2 hash of [`PASSWORD`], computed once.
async fn password_hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        yorisoi::auth::password::hash(PASSWORD.to_string())
            .await
            .expect("hash")
    })
    .await
}

/// A client that keeps cookies and does not follow redirects, so tests see them.
pub fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        // A request the server never answers fails the test instead of stalling the run.
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .expect("client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Adds a partner and returns its id.
    pub async fn add_partner(&self, name: &str, kind: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO partners (name, kind, contact_name, contact_phone, created_at) \
             VALUES ($1, $2, '担当 太郎', '0425630000', 0) RETURNING id",
        )
        .bind(name)
        .bind(kind)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert partner")
    }

    /// Adds a venue in 中央 and returns its id.
    pub async fn add_venue(&self, name: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO venues (name, district_id, address, capacity, created_at) \
             VALUES ($1, (SELECT id FROM districts WHERE name = '中央'), '東大和市中央3-930', 30, 0) \
             RETURNING id",
        )
        .bind(name)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert venue")
    }

    /// The id of a seeded topic.
    pub async fn topic(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM topics WHERE name = $1")
            .bind(name)
            .fetch_one(&self.db.pool)
            .await
            .expect("seeded topic")
    }

    /// Adds a scheduled session starting `days` from now (14:00-16:00 in Japan is not
    /// needed here: exact times are `now + days`), and returns its id.
    pub async fn add_session(&self, title: &str, days: i64, capacity: i64) -> i64 {
        let host = self
            .add_partner(&format!("{title}の主催"), "community")
            .await;
        let venue = self.add_venue(&format!("{title}の会場")).await;
        let starts = chrono::Utc::now().timestamp() + days * 86_400;
        let local = (chrono::Utc::now() + chrono::Duration::days(days))
            .with_timezone(&chrono_tz::Asia::Tokyo)
            .date_naive();
        sqlx::query_scalar(
            "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, ends_at, \
                local_date, fiscal_year, capacity, created_at, updated_at) \
             VALUES ($1, $2, 'first', $3, $4, $5, $6, $7, 2025, $8, 0, 0) RETURNING id",
        )
        .bind(format!("{title}-{starts}@test"))
        .bind(title)
        .bind(host)
        .bind(venue)
        .bind(starts)
        .bind(starts + 7200)
        .bind(local.format("%Y-%m-%d").to_string())
        .bind(capacity)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert session")
    }

    /// Adds a resident straight into the database; `contact` is phone, letter or email.
    pub async fn add_resident(&self, name: &str, kana: &str, phone: &str, contact: &str) -> i64 {
        let email = if contact == "email" {
            format!("r{phone}@example.jp")
        } else {
            String::new()
        };
        let address = if contact == "letter" {
            "東大和市中央3-930"
        } else {
            ""
        };
        sqlx::query_scalar(
            "INSERT INTO residents (name, kana, kana_compact, kana_sort, phone, email, address, \
                postal_code, contact_pref, consent_at, created_at, updated_at) \
             VALUES ($1, $2, $2, $2, $3, $4, $5, '207-8585', $6, 0, 0, 0) RETURNING id",
        )
        .bind(name)
        .bind(kana)
        .bind(phone)
        .bind(email)
        .bind(address)
        .bind(contact)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert resident")
    }

    /// The database URL of this test app (to open a second pool, as a second instance).
    pub fn database_url(&self) -> String {
        match &self.pg_name {
            Some(name) => format!("{}/{name}", pg_base()),
            None => self.sqlite_url.clone(),
        }
    }

    /// Adds a user with [`PASSWORD`]; coordinators get a new partner.
    pub async fn add_user(&self, login: &str, role: Role) -> i64 {
        let partner_id = if role == Role::Coordinator {
            Some(self.add_partner(&format!("{login}の会"), "community").await)
        } else {
            None
        };
        insert(
            &self.db.pool,
            &NewUser {
                login,
                display_name: &format!("{login} さん"),
                role,
                partner_id,
                password_hash: password_hash().await,
                must_change_password: false,
            },
        )
        .await
        .expect("insert user")
        .expect("login free")
    }

    /// The newest audit entry's id: what the next steps write comes after it.
    pub async fn audit_mark(&self) -> i64 {
        sqlx::query_scalar("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM audit_log")
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
    }

    /// The audit entries written after `mark`, oldest first, each as
    /// `"<action> <record type> <record id> <detail>"`.
    pub async fn audited_since(&self, mark: i64) -> Vec<String> {
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT action, record_type, record_id, detail FROM audit_log WHERE id > $1 ORDER BY id",
        )
        .bind(mark)
        .fetch_all(&self.db.pool)
        .await
        .unwrap();
        rows.into_iter()
            .map(|(a, t, id, d)| {
                format!("{a} {t} {id} {}", d.unwrap_or_default())
                    .trim_end()
                    .to_string()
            })
            .collect()
    }

    /// Asserts that each change since `mark` left its audit entry: every `expected` line
    /// begins one of the entries (see [`TestApp::audited_since`]). Returns the entries.
    pub async fn assert_audited(&self, mark: i64, expected: &[String]) -> Vec<String> {
        let entries = self.audited_since(mark).await;
        for want in expected {
            assert!(
                entries.iter().any(|e| e.starts_with(want.as_str())),
                "no audit entry {want:?} among {entries:#?}"
            );
        }
        entries
    }

    pub async fn post_form(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("post")
    }

    pub async fn get(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.expect("get")
    }

    /// Calls a server function with a form-encoded body, as the browser does.
    pub async fn call(&self, client: &Client, path: &str, body: &str) -> Response {
        client
            .post(self.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_string())
            .send()
            .await
            .expect("server function call")
    }

    /// Signs in through the form; panics unless it redirects away from the sign-in page.
    pub async fn sign_in(&self, client: &Client, login: &str, password: &str) -> Response {
        self.post_form(
            client,
            "/auth/login",
            &[("login", login), ("password", password), ("next", "/")],
        )
        .await
    }

    /// A new user of `role` and a client signed in as them.
    pub async fn signed_in(&self, role: Role) -> (Client, i64) {
        let login = format!("{}-user", role.code());
        let id = self.add_user(&login, role).await;
        let c = client();
        let response = self.sign_in(&c, &login, PASSWORD).await;
        assert_eq!(response.status(), 303, "sign-in of {login}");
        assert_eq!(location(&response), "/");
        (c, id)
    }
}

/// The `Location` header of a redirect.
pub fn location(response: &Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// One query parameter of a redirect's `Location`.
pub fn redirect_param(response: &Response, name: &str) -> Option<String> {
    location_query(response)
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// The query parameters of a redirect's `Location`.
pub fn location_query(response: &Response) -> Vec<(String, String)> {
    let loc = location(response);
    // As a browser reads it: the query ends where a `#fragment` starts.
    let before_fragment = loc.split_once('#').map_or(loc.as_str(), |(l, _)| l);
    let query = before_fragment
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("");
    serde_urlencoded::from_str(query).unwrap_or_default()
}
