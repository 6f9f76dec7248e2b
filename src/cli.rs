//! The command line: serve, migrate, user, demo, backup.

use crate::auth::handlers::{normalise_login, valid_login};
use crate::auth::{password, Role};
use crate::db::{redact, Backend, Db, DEFAULT_URL};
use crate::users::store::{self as users, NewUser};
use crate::web::{AppState, Config};
use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "yorisoi",
    version,
    about = "よりそい: Higashiyamato City's digital-divide programme"
)]
struct Cli {
    /// Database: sqlite://path (created if missing) or postgres://user@host/db.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_URL, global = true)]
    database_url: String,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default). Applies migrations first.
    Serve(ServeArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Load demo data: districts, venues, partners and one user per role.
    Demo {
        /// Load even if the database already has users or partners.
        #[arg(long)]
        force: bool,
    },
    /// Write a consistent copy of the database while the server runs, with its checksum,
    /// and verify it (SQLite); or verify a copy.
    Backup {
        /// The file to write; must not exist yet.
        #[arg(long, required_unless_present = "verify", conflicts_with = "verify")]
        to: Option<std::path::PathBuf>,
        /// A copy to verify: checksum, integrity and migration level.
        #[arg(long)]
        verify: Option<std::path::PathBuf>,
    },
    /// Open API tokens for integrations (the city's LINE account and the like).
    #[command(subcommand)]
    Integration(IntegrationCommand),
    /// Replace the database by a verified copy (SQLite; stop the server first).
    Restore {
        /// The copy, with its .sha256 file beside it.
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

#[derive(clap::Args, Default)]
struct ServeArgs {
    /// Address to listen on [default: LEPTOS_SITE_ADDR, else 127.0.0.1:3000].
    #[arg(long)]
    addr: Option<std::net::SocketAddr>,
    /// Serve under an https PUBLIC_URL even though demo users still have the published demo
    /// password (a public demonstration site).
    #[arg(long)]
    allow_demo: bool,
}

#[derive(Subcommand)]
enum IntegrationCommand {
    /// Make a token and print it (once: only its hash is kept).
    Add {
        /// Which program uses it.
        #[arg(long)]
        name: String,
        /// What it may do: sessions, requests, or both, comma-separated.
        #[arg(long, default_value = "sessions,requests")]
        scopes: String,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input.
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// admin, staff, coordinator, volunteer or reviewer.
        #[arg(long)]
        role: String,
        /// The partner (by name) a coordinator belongs to.
        #[arg(long)]
        partner: Option<String>,
        /// Read the password from standard input (required).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
    /// Disable a user: they can no longer sign in.
    Disable { login: String },
}

pub async fn run() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    match execute(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("YORISOI_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ =
        tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

async fn open(url: &str) -> anyhow::Result<Db> {
    let db = Db::connect(url).await?;
    prepare(&db).await?;
    Ok(db)
}

/// Migrates, and builds the reach rollup if it is missing.
async fn prepare(db: &Db) -> anyhow::Result<()> {
    db.migrate().await?;
    crate::reach::ops::build_if_missing(db).await?;
    Ok(())
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    let url = cli.database_url;
    match cli.command.unwrap_or(Command::Serve(ServeArgs::default())) {
        Command::Serve(args) => serve(&url, args).await,
        Command::Migrate => {
            open(&url).await?;
            println!("migrated {}", redact(&url));
            Ok(())
        }
        Command::User(command) => user(&url, command).await,
        Command::Integration(IntegrationCommand::Add { name, scopes }) => {
            use crate::integrations::Scope;
            let wanted: Vec<&str> = scopes.split(',').map(str::trim).collect();
            let chosen: Vec<Scope> =
                Scope::ALL.into_iter().filter(|s| wanted.contains(&s.code())).collect();
            if chosen.is_empty() || chosen.len() != wanted.len() || name.trim().is_empty() {
                bail!("give --name and --scopes from: sessions, requests");
            }
            let db = open(&url).await?;
            let (id, token) = crate::integrations::ops::create(&db, None, name.trim(), &chosen)
                .await
                .map_err(|e| anyhow::anyhow!("{e:?}"))?;
            eprintln!("made integration token {id} ({scopes}); it is printed once:");
            println!("{token}");
            Ok(())
        }
        Command::Demo { force } => crate::demo::load(&open(&url).await?, force).await,
        Command::Backup { to: Some(to), .. } => backup(&url, &to).await,
        Command::Backup { to: None, verify } => {
            let copy = verify.context("--to or --verify")?;
            let checked = crate::db::backup::verify(&copy).await?;
            println!(
                "{} is whole: migration {}, sha256 {}",
                copy.display(),
                checked.version,
                checked.sha256
            );
            Ok(())
        }
        Command::Restore { from } => {
            let checked = crate::db::backup::restore(&from, &url).await?;
            println!(
                "restored {} (migration {}) into {}; start the server to migrate it",
                from.display(),
                checked.version,
                redact(&url)
            );
            Ok(())
        }
    }
}

async fn serve(url: &str, args: ServeArgs) -> anyhow::Result<()> {
    let conf = leptos::prelude::get_configuration(None).context("reading Leptos configuration")?;
    let mut leptos_options = conf.leptos_options;
    let addr = args.addr.unwrap_or(leptos_options.site_addr);
    leptos_options.site_addr = addr;
    let db = Db::connect_server(url).await?;
    prepare(&db).await?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("listening on {addr}"))?;
    let local = listener.local_addr()?;
    let public_url = std::env::var("PUBLIC_URL").unwrap_or_else(|_| format!("http://{local}"));
    let mailer = crate::notify::mailer::Mailer::from_env()?;
    if mailer.is_none() {
        println!("SMTP_URL is not set: email waits in the outbox and is shown there as not sent.");
    }
    let https = public_url.starts_with("https://");
    let demo_users = crate::demo::users_with_demo_password(&db).await?;
    if !demo_users.is_empty() {
        eprintln!(
            "WARNING: these users still have the published demo password: {}. Anyone who has \
             read the README can sign in as them. Disable them (yorisoi user disable LOGIN) or \
             change their passwords before real data goes in.",
            demo_users.join(", ")
        );
        if https && !args.allow_demo {
            bail!(
                "refusing to serve the public address {public_url} while demo users have the \
                 published password; disable them, or start with --allow-demo for a public \
                 demonstration site"
            );
        }
    }
    let config = Config {
        secure_cookies: https,
        public_url: public_url.trim_end_matches('/').to_string(),
        smtp_configured: mailer.is_some(),
        publish_threshold: match std::env::var("PUBLISH_THRESHOLD") {
            Ok(value) => value
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .context("PUBLISH_THRESHOLD must be a whole number from 1 to 100")?,
            Err(_) => crate::web::DEFAULT_PUBLISH_THRESHOLD,
        },
        trust_proxy: std::env::var("TRUST_PROXY").is_ok_and(|v| v.trim() == "1"),
    };
    // The write /healthz reports on: every 5 seconds, one at a time.
    crate::db::spawn_heartbeat(db.clone(), std::time::Duration::from_secs(5));
    crate::db::spawn_checkpoints(db.clone(), std::time::Duration::from_secs(1));
    crate::notify::worker::spawn(db.clone(), mailer, std::time::Duration::from_secs(30));
    // A folder of daily backups when BACKUP_DIR is set (SQLite), the newest BACKUP_KEEP kept.
    if let (Ok(folder), Backend::Sqlite) = (std::env::var("BACKUP_DIR"), db.backend) {
        let keep = match std::env::var("BACKUP_KEEP") {
            Ok(n) => n
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=365).contains(n))
                .context("BACKUP_KEEP must be a whole number from 1 to 365")?,
            Err(_) => 7,
        };
        crate::db::backup::spawn_daily(db.clone(), folder.into(), keep);
    }
    // The retention rules, nightly when admins have turned that on.
    crate::retention::worker::spawn(db.clone());
    // Partners' subscribed calendars: each due hourly, looked for every minute.
    crate::sessions::subscriptions::spawn(db.clone(), std::time::Duration::from_secs(60))
        .context("the HTTP client for calendar subscriptions could not be built")?;
    if let Some(token) = crate::auth::setup::issue_if_needed(&db).await? {
        println!(
            "No users yet. Open this one-time link to create the first administrator:\n  {}/setup/{token}",
            config.public_url
        );
    }
    let assets = Arc::new(crate::web::assets::Assets::read(&leptos_options));
    let closing = db.clone();
    let state = AppState {
        leptos_options,
        db,
        config: Arc::new(config),
        limits: Arc::default(),
        assets,
        city: Arc::default(),
    };
    let served = crate::server::serve(state, listener).await;
    // On SQLite the last connection to close folds the log into the file.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), closing.close()).await;
    served
}

async fn user(url: &str, command: UserCommand) -> anyhow::Result<()> {
    let db = open(url).await?;
    match command {
        UserCommand::Add { login, name, role, partner, password_stdin } => {
            let login = normalise_login(&login);
            if !valid_login(&login) {
                bail!("login must be 3-32 characters of a-z, 0-9, '.', '_' or '-'");
            }
            let role = Role::from_code(&role).with_context(|| {
                format!(
                    "unknown role {role:?}: use admin, staff, coordinator, volunteer or reviewer"
                )
            })?;
            let partner_id = match partner {
                Some(name) => Some(
                    sqlx::query_scalar::<_, i64>("SELECT id FROM partners WHERE name = $1")
                        .bind(&name)
                        .fetch_optional(&db.pool)
                        .await?
                        .with_context(|| format!("no partner named {name:?}"))?,
                ),
                None => None,
            };
            if role == Role::Coordinator && partner_id.is_none() {
                bail!("a coordinator needs --partner");
            }
            if !password_stdin {
                bail!("give the password on standard input with --password-stdin");
            }
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            if password.chars().count() < password::MIN_LENGTH {
                bail!("the password must have at least {} characters", password::MIN_LENGTH);
            }
            let hash = password::hash(password).await?;
            let id = users::insert(
                &db.pool,
                &NewUser {
                    login: &login,
                    display_name: name.trim(),
                    role,
                    partner_id,
                    password_hash: &hash,
                    must_change_password: false,
                },
            )
            .await?
            .with_context(|| format!("login {login:?} is already taken"))?;
            println!("added user {login} (id {id}, {})", role.code());
        }
        UserCommand::List => {
            for u in users::list(&db).await? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    u.login,
                    u.display_name,
                    u.role.code(),
                    u.partner_name.unwrap_or_default(),
                    if u.disabled { "disabled" } else { "active" }
                );
            }
        }
        UserCommand::Disable { login } => {
            let login = normalise_login(&login);
            let id: i64 = sqlx::query_scalar("SELECT id FROM users WHERE login = $1")
                .bind(&login)
                .fetch_optional(&db.pool)
                .await?
                .with_context(|| format!("no user {login:?}"))?;
            users::set_disabled(&db.pool, id, true).await?;
            crate::auth::signin::destroy_all_for_user(&db.pool, id).await?;
            println!("disabled {login}");
        }
    }
    Ok(())
}

async fn backup(url: &str, to: &std::path::Path) -> anyhow::Result<()> {
    match Backend::of_url(url)? {
        Backend::Postgres => bail!(
            "on PostgreSQL use pg_dump, which takes a consistent snapshot while the server runs, \
             e.g. pg_dump --format=custom --file=yorisoi.dump \"$DATABASE_URL\""
        ),
        Backend::Sqlite => {
            if to.exists() {
                bail!("{} already exists; choose a new file", to.display());
            }
            let db = open(url).await?;
            let checked = crate::db::backup::write(&db, to).await?;
            println!(
                "backed up {} to {} (verified: migration {}, sha256 {})",
                redact(url),
                to.display(),
                checked.version,
                checked.sha256
            );
            Ok(())
        }
    }
}
