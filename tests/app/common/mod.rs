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

/// A session as the session builders vary it ([`TestApp::add_session`],
/// [`TestApp::add_session_on`]).
struct SessionRow<'a> {
    uid: String,
    title: &'a str,
    host_kind: &'a str,
    starts_at: i64,
    local_date: String,
    fiscal_year: i64,
    capacity: i64,
    status: &'a str,
}

/// Runs `test` against SQLite, then PostgreSQL (skipped only when it is unreachable and not
/// required).
pub async fn on_both<F>(test: F)
where
    F: AsyncFn(TestApp),
{
    on_both_with(Config::default(), test).await;
}

/// [`on_both`] with the server's settings (the public address, https).
pub async fn on_both_with<F>(config: Config, test: F)
where
    F: AsyncFn(TestApp),
{
    test(spawn_app_with(Backend::Sqlite, config.clone()).await).await;
    if let Some(app) = try_spawn_pg(config).await {
        let name = app.pg_name.clone();
        test(app).await;
        if let Some(name) = name {
            drop_pg_database(&name).await;
        }
    }
}

async fn try_spawn_pg(config: Config) -> Option<TestApp> {
    if pg_available().await {
        Some(spawn_app_with(Backend::Postgres, config).await)
    } else if std::env::var("YORISOI_REQUIRE_PG").as_deref() == Ok("1") {
        panic!("PostgreSQL is required (YORISOI_REQUIRE_PG=1) but {} is unreachable", pg_base());
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
            db.close().await;
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
            let db = Db::connect(&format!("{}/{name}", pg_base())).await.expect("template connect");
            db.migrate().await.expect("template migrate");
            db.close().await;
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

pub async fn spawn_app_with(backend: Backend, config: Config) -> TestApp {
    spawn_app_in_site(backend, config, "target/site").await
}

/// A test app serving its site files (`/pkg/…`) from `site_root`.
pub async fn spawn_app_in_site(backend: Backend, config: Config, site_root: &str) -> TestApp {
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
        .site_root(site_root)
        .build();
    let state = AppState {
        assets: Arc::new(yorisoi::web::assets::Assets::read(&leptos_options)),
        city: Arc::default(),
        leptos_options,
        db: db.clone(),
        config: Arc::new(config),
        limits: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("local addr"));
    let router = yorisoi::server::router(state);
    tokio::spawn(async move {
        axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
            .await
            .expect("server");
    });
    TestApp { address, db, backend, sqlite_url: url, pg_name, _dir: dir }
}

/// An argon2 hash of [`PASSWORD`], computed once.
async fn password_hash() -> &'static str {
    static HASH: OnceCell<String> = OnceCell::const_new();
    HASH.get_or_init(|| async {
        yorisoi::auth::password::hash(PASSWORD.to_string()).await.expect("hash")
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
        let starts_at = chrono::Utc::now().timestamp() + days * 86_400;
        let local = (chrono::Utc::now() + chrono::Duration::days(days))
            .with_timezone(&chrono_tz::Asia::Tokyo)
            .date_naive();
        self.insert_session(SessionRow {
            uid: format!("{title}-{starts_at}@test"),
            title,
            host_kind: "community",
            starts_at,
            local_date: local.format("%Y-%m-%d").to_string(),
            fiscal_year: 2025,
            capacity,
            status: "scheduled",
        })
        .await
    }

    /// Adds a session for 10 on `day` (`YYYY-MM-DD`, 10:00 in Japan, in that day's fiscal
    /// year), hosted by a new partner of `kind`, in `status`; returns its id.
    pub async fn add_session_on(&self, title: &str, day: &str, kind: &str, status: &str) -> i64 {
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("a YYYY-MM-DD day");
        let fiscal_year = yorisoi::domain::FiscalYear::of(date).start_year();
        self.insert_session(SessionRow {
            uid: format!("{title}@test"),
            title,
            host_kind: kind,
            starts_at: date.and_hms_opt(1, 0, 0).unwrap().and_utc().timestamp(),
            local_date: day.to_string(),
            fiscal_year: i64::from(fiscal_year),
            capacity: 10,
            status,
        })
        .await
    }

    /// Moves a session to start `seconds` from now (negative: it has started), for two
    /// hours, on that instant's day in Japan. Places are booked while it is ahead; check-in
    /// and finalising the report come once it has started.
    pub async fn move_session(&self, session: i64, seconds: i64) {
        let start = chrono::Utc::now() + chrono::Duration::seconds(seconds);
        let local = start.with_timezone(&chrono_tz::Asia::Tokyo).date_naive();
        sqlx::query(
            "UPDATE sessions SET starts_at = $1, ends_at = $2, local_date = $3 WHERE id = $4",
        )
        .bind(start.timestamp())
        .bind(start.timestamp() + 7200)
        .bind(local.format("%Y-%m-%d").to_string())
        .bind(session)
        .execute(&self.db.pool)
        .await
        .expect("move session");
    }

    /// Inserts a two-hour session with a new host partner and a new venue, both named after
    /// its title; returns its id.
    async fn insert_session(&self, row: SessionRow<'_>) -> i64 {
        let host = self.add_partner(&format!("{}の主催", row.title), row.host_kind).await;
        let venue = self.add_venue(&format!("{}の会場", row.title)).await;
        sqlx::query_scalar(
            "INSERT INTO sessions (uid, title, level, host_partner_id, venue_id, starts_at, \
                ends_at, local_date, fiscal_year, capacity, status, created_at, updated_at) \
             VALUES ($1, $2, 'first', $3, $4, $5, $6, $7, $8, $9, $10, 0, 0) RETURNING id",
        )
        .bind(row.uid)
        .bind(row.title)
        .bind(host)
        .bind(venue)
        .bind(row.starts_at)
        .bind(row.starts_at + 7200)
        .bind(row.local_date)
        .bind(row.fiscal_year)
        .bind(row.capacity)
        .bind(row.status)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert session")
    }

    /// Adds a registration of `resident` at `session` in `status` straight into the database,
    /// with no confirmation time and no seat counted; `key` is its idempotency key. Returns
    /// its id.
    pub async fn add_registration(
        &self,
        session: i64,
        resident: i64,
        status: &str,
        key: &str,
    ) -> i64 {
        self.insert_registration(session, resident, status, key, None).await
    }

    /// Adds a confirmed place, as a booking made before the session leaves it: confirmed at
    /// once and one of the session's seats taken. Returns the registration's id.
    pub async fn add_place(&self, session: i64, resident: i64) -> i64 {
        let key = format!("place-{session}-{resident}");
        let id = self.insert_registration(session, resident, "confirmed", &key, Some(0)).await;
        sqlx::query("UPDATE sessions SET seats_taken = seats_taken + 1 WHERE id = $1")
            .bind(session)
            .execute(&self.db.pool)
            .await
            .expect("take a seat");
        id
    }

    async fn insert_registration(
        &self,
        session: i64,
        resident: i64,
        status: &str,
        key: &str,
        confirmed_at: Option<i64>,
    ) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO registrations (session_id, resident_id, status, idempotency_key, \
                created_at, confirmed_at) \
             VALUES ($1, $2, $3, $4, 0, $5) RETURNING id",
        )
        .bind(session)
        .bind(resident)
        .bind(status)
        .bind(key)
        .bind(confirmed_at)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert registration")
    }

    /// Adds the report of `session` with its questionnaires tallied: `satisfied[i]` answered
    /// `i + 1` (1 not satisfied … 5 very satisfied).
    pub async fn add_session_report(&self, session: i64, satisfied: [i64; 5]) {
        sqlx::query(
            "INSERT INTO session_reports (session_id, satisfied_1, satisfied_2, satisfied_3, \
                satisfied_4, satisfied_5, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 0)",
        )
        .bind(session)
        .bind(satisfied[0])
        .bind(satisfied[1])
        .bind(satisfied[2])
        .bind(satisfied[3])
        .bind(satisfied[4])
        .execute(&self.db.pool)
        .await
        .expect("insert session report");
    }

    /// Records `minutes` of help by `user` at `session`.
    pub async fn add_helper_hours(&self, session: i64, user: i64, minutes: i64) {
        sqlx::query("INSERT INTO helper_hours (session_id, user_id, minutes) VALUES ($1, $2, $3)")
            .bind(session)
            .bind(user)
            .bind(minutes)
            .execute(&self.db.pool)
            .await
            .expect("insert helper hours");
    }

    /// Puts `user` on `session`'s helpers as `role` (`lead` or `assistant`).
    pub async fn add_assignment(&self, session: i64, user: i64, role: &str) {
        sqlx::query(
            "INSERT INTO session_assignments (session_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, 0)",
        )
        .bind(session)
        .bind(user)
        .bind(role)
        .execute(&self.db.pool)
        .await
        .expect("insert assignment");
    }

    /// Adds a resident straight into the database; `contact` is phone, letter or email.
    pub async fn add_resident(&self, name: &str, kana: &str, phone: &str, contact: &str) -> i64 {
        let email = if contact == "email" { format!("r{phone}@example.jp") } else { String::new() };
        let address = if contact == "letter" { "東大和市中央3-930" } else { "" };
        // The three reading columns as the app writes them (the search relies on them).
        let kana = yorisoi::domain::Kana::parse(kana).expect("a reading");
        sqlx::query_scalar(
            "INSERT INTO residents (name, kana, kana_compact, kana_sort, phone, email, address, \
                postal_code, contact_pref, consent_at, created_at, updated_at) \
             VALUES ($1, $2, $7, $8, $3, $4, $5, '207-8585', $6, 0, 0, 0) RETURNING id",
        )
        .bind(name)
        .bind(kana.as_str())
        .bind(phone)
        .bind(email)
        .bind(address)
        .bind(contact)
        .bind(kana.as_str().replace(' ', ""))
        .bind(kana.sort_key())
        .fetch_one(&self.db.pool)
        .await
        .expect("insert resident")
    }

    /// Adds an iPhone labelled `label` to `partner`'s loaner phones; returns its id.
    pub async fn add_device(&self, partner: i64, label: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO loaner_devices (partner_id, label, os, created_at) \
             VALUES ($1, $2, 'iphone', 0) RETURNING id",
        )
        .bind(partner)
        .bind(label)
        .fetch_one(&self.db.pool)
        .await
        .expect("insert device")
    }

    /// The partner hosting a session.
    pub async fn host_of(&self, session: i64) -> i64 {
        sqlx::query_scalar("SELECT host_partner_id FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one(&self.db.pool)
            .await
            .expect("session host")
    }

    /// Whether a place is marked present.
    pub async fn attended(&self, registration: i64) -> bool {
        let n: i64 = sqlx::query_scalar("SELECT attended FROM registrations WHERE id = $1")
            .bind(registration)
            .fetch_one(&self.db.pool)
            .await
            .expect("attendance");
        n == 1
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
                format!("{a} {t} {id} {}", d.unwrap_or_default()).trim_end().to_string()
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
        client.post(self.url(path)).form(form).send().await.expect("post")
    }

    /// Posts the booking form (a resident on a session, with the form's key), as staff do
    /// from a resident's page.
    pub async fn book(&self, client: &Client, session: i64, resident: i64, key: &str) -> Response {
        let (session, resident) = (session.to_string(), resident.to_string());
        let form =
            [("session_id", session.as_str()), ("resident_id", resident.as_str()), ("key", key)];
        self.post_form(client, "/forms/registrations", &form).await
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

    /// Sends check-in taps through `checkin/sync` as the check-in page does (JSON); returns
    /// the status and the answer (`Null` when it is not JSON).
    pub async fn sync(
        &self,
        client: &Client,
        session: i64,
        taps: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let body = serde_json::json!({ "session_id": session, "taps": taps });
        let r = client.post(self.url("/api/checkin/sync")).json(&body).send().await.expect("sync");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// One tap (present or not) with a new key, made now by a phone that saw no change:
    /// the status and the tap's outcome (`"Applied"`, `{"Refused": code}`, …).
    pub async fn tap(
        &self,
        client: &Client,
        session: i64,
        registration: i64,
        present: bool,
    ) -> (u16, serde_json::Value) {
        static TAPS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = TAPS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tap = serde_json::json!([{
            "kind": "mark", "key": format!("test-{n}"), "registration_id": registration,
            "present": present, "made_at": chrono::Utc::now().timestamp(), "seen": 0
        }]);
        let (status, answer) = self.sync(client, session, tap).await;
        (status, answer["outcomes"][0][1].clone())
    }

    /// Signs in through the form; panics unless it redirects away from the sign-in page.
    /// Makes a new private calendar address for the client's user and reads its token off
    /// the calendar page (the only place it is ever shown).
    pub async fn new_calendar_feed(&self, client: &Client) -> String {
        let r = self.post_form(client, "/auth/calendar", &[]).await;
        assert_eq!(location(&r), "/account/calendar?notice=calendar_reset");
        let page = self.get(client, &location(&r)).await.text().await.unwrap();
        let start = page.find("/calendar/private/").expect("the new address is shown") + 18;
        page[start..].chars().take_while(|c| c.is_ascii_hexdigit()).collect()
    }

    /// After a refused post: nothing typed is in the redirect's address (only codes and the
    /// draft's key), and the page it leads to, read by the same client, is returned to
    /// check the typed values are shown again.
    pub async fn refused_page(&self, client: &Client, r: &Response, typed: &[&str]) -> String {
        let target = location(r);
        assert!(target.contains("draft="), "the typed values are kept: {target}");
        assert!(!target.contains("v."), "{target}");
        // The draft key is random and may hold any digits by chance: look at the rest.
        let rest: String = target
            .split(['?', '&'])
            .filter(|part| !part.starts_with("draft="))
            .collect::<Vec<_>>()
            .join("&");
        for value in typed {
            let encoded = serde_urlencoded::to_string([("", value)]).unwrap();
            assert!(!rest.contains(value), "{value} in {target}");
            assert!(!rest.contains(&encoded[1..]), "{value} in {target}");
        }
        self.get(client, &target).await.text().await.unwrap()
    }

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
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
}

/// One query parameter of a redirect's `Location`.
pub fn redirect_param(response: &Response, name: &str) -> Option<String> {
    location_query(response).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

/// The query parameters of a redirect's `Location`.
pub fn location_query(response: &Response) -> Vec<(String, String)> {
    let loc = location(response);
    // As a browser reads it: the query ends where a `#fragment` starts.
    let before_fragment = loc.split_once('#').map_or(loc.as_str(), |(l, _)| l);
    let query = before_fragment.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str(query).unwrap_or_default()
}

/// Everything logged by the test process from the first call of [`logged`] on.
#[derive(Clone, Default)]
struct LogBuffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What was logged while `f` ran: the app's own lines and each SQL statement, from every
/// thread (the servers of other tests running meanwhile add theirs; tests look for what
/// must be absent, or for a line only their own action writes).
pub async fn logged<T>(f: impl std::future::Future<Output = T>) -> (T, String) {
    static BUFFER: std::sync::OnceLock<LogBuffer> = std::sync::OnceLock::new();
    let buffer = BUFFER.get_or_init(|| {
        let buffer = LogBuffer::default();
        let writer = buffer.clone();
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new("info,sqlx::query=debug"))
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .init();
        buffer
    });
    let start = buffer.0.lock().unwrap().len();
    let result = f.await;
    let text = String::from_utf8_lossy(&buffer.0.lock().unwrap()[start..]).into_owned();
    (result, text)
}

/// The temporary password shown on a user's page, read from its HTML.
pub fn temporary_password(html: &str) -> Option<String> {
    let marker = "仮パスワード：";
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('<').next()?.trim().to_string())
}

/// The number cells of the first table row headed `label` on a page.
pub fn row_cells(html: &str, label: &str) -> Vec<String> {
    let row = html
        .split("<tr")
        .find(|row| row.contains(&format!(">{label}<")))
        .unwrap_or_else(|| panic!("no row {label}"));
    row.split("<td class=\"number\">")
        .skip(1)
        .map(|cell| cell.split('<').next().unwrap_or_default().to_string())
        .collect()
}
