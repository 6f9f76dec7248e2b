//! The command line, run as a real process against a temp SQLite file: help, migrate, demo,
//! user add/list/disable, backup, and serve (first-run setup link, demo sign-in).
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn yorisoi(url: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yorisoi"))
        .args(args)
        .env("DATABASE_URL", url)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run yorisoi");
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn every_command_has_help() {
    for args in [
        &["--help"][..],
        &["serve", "--help"],
        &["migrate", "--help"],
        &["user", "add", "--help"],
        &["user", "list", "--help"],
        &["user", "disable", "--help"],
        &["demo", "--help"],
        &["backup", "--help"],
        &["restore", "--help"],
    ] {
        let o = yorisoi("sqlite://unused.db", args, None);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("Usage"), "{args:?}");
    }
}

#[test]
fn demo_users_and_backup_on_a_new_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    // The folder is created with the file.
    let db_path = dir.path().join("nested/data/yorisoi.db");
    let url = format!("sqlite://{}", db_path.display());

    let o = yorisoi(&url, &["migrate"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(db_path.exists());

    let o = yorisoi(&url, &["demo"], None);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    for login in ["demo-admin", "demo-staff", "demo-coordinator", "demo-volunteer", "demo-reviewer"]
    {
        assert!(out.contains(login), "{out}");
    }
    assert!(out.contains(yorisoi::demo::DEMO_PASSWORD));
    assert!(out.contains("98 sessions"), "96 in series, 2 under way: {out}");
    assert!(out.contains("240 paper-support requests"), "{out}");

    let o = yorisoi(&url, &["demo"], None);
    assert!(!o.status.success(), "a second demo load is refused");
    assert!(text(&o).contains("--force"));
    let o = yorisoi(&url, &["demo", "--force"], None);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("0 sessions") && text(&o).contains(" 0 paper-support requests"),
        "a forced reload adds no session twice: {}",
        text(&o)
    );

    let o = yorisoi(
        &url,
        &[
            "user",
            "add",
            "--login",
            "suzuki",
            "--name",
            "鈴木 一郎",
            "--role",
            "coordinator",
            "--partner",
            "南街ふれあいサークル",
            "--password-stdin",
        ],
        Some("a-strong-password\n"),
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = yorisoi(
        &url,
        &[
            "user",
            "add",
            "--login",
            "x1x",
            "--name",
            "x",
            "--role",
            "coordinator",
            "--password-stdin",
        ],
        Some("a-strong-password\n"),
    );
    assert!(!o.status.success() && text(&o).contains("--partner"));
    let o = yorisoi(
        &url,
        &["user", "add", "--login", "x2x", "--name", "x", "--role", "king", "--password-stdin"],
        Some("a-strong-password\n"),
    );
    assert!(!o.status.success() && text(&o).contains("unknown role"));
    let o = yorisoi(
        &url,
        &["user", "add", "--login", "x3x", "--name", "x", "--role", "staff", "--password-stdin"],
        Some("short\n"),
    );
    assert!(!o.status.success() && text(&o).contains("at least"));

    let o = yorisoi(&url, &["user", "disable", "suzuki"], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = yorisoi(&url, &["user", "list"], None);
    let list = text(&o);
    assert!(
        list.contains("suzuki\t鈴木 一郎\tcoordinator\t南街ふれあいサークル\tdisabled"),
        "{list}"
    );
    assert!(list.contains("demo-admin"));

    let backup = dir.path().join("backup.db");
    let o = yorisoi(&url, &["backup", "--to", backup.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = yorisoi(&url, &["backup", "--to", backup.to_str().unwrap()], None);
    assert!(!o.status.success(), "an existing file is never overwritten");
    let o = yorisoi(&url, &["backup", "--verify", backup.to_str().unwrap()], None);
    assert!(o.status.success() && text(&o).contains("is whole"), "{}", text(&o));
    let restored = format!("sqlite://{}", dir.path().join("restored.db").display());
    let o = yorisoi(&restored, &["restore", "--from", backup.to_str().unwrap()], None);
    assert!(o.status.success(), "{}", text(&o));
    let o = yorisoi(&restored, &["user", "list"], None);
    assert!(text(&o).contains("suzuki"), "the restored database holds the data");
    // A copy opened as a database is changed by it: its checksum no longer matches.
    let o = yorisoi(&format!("sqlite://{}", backup.display()), &["user", "list"], None);
    assert!(text(&o).contains("suzuki"), "the backup holds the data");
    let o = yorisoi(&url, &["backup", "--verify", backup.to_str().unwrap()], None);
    assert!(!o.status.success() && text(&o).contains("checksum"), "{}", text(&o));

    let o = yorisoi("postgres://postgres@127.0.0.1:1/none", &["backup", "--to", "x.dump"], None);
    assert!(!o.status.success() && text(&o).contains("pg_dump"));
}

#[test]
fn serve_prints_a_setup_link_when_there_are_no_users() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("y.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_yorisoi"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("DATABASE_URL", &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut link = None;
    let mut listening = None;
    for line in lines.by_ref().take(10) {
        let line = line.unwrap();
        if line.trim_start().starts_with("http://") && line.contains("/setup/") {
            link = Some(line.trim().to_string());
        }
        if let Some(addr) = line.strip_prefix("listening on ") {
            listening = Some(addr.to_string());
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let link = link.expect("a setup link is printed");
    assert!(listening.is_some());
    let token = link.rsplit('/').next().unwrap();
    assert_eq!(token.len(), 64, "{link}");
}

/// Starts `serve` with `env` and returns (started, everything it wrote to stderr before
/// listening or exiting).
fn start_server(url: &str, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    use std::io::{BufRead, BufReader, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_yorisoi"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(args)
        .env("DATABASE_URL", url)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .any(|line| line.starts_with("listening on "));
    let _ = child.kill();
    let _ = child.wait();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    (started, stderr)
}

#[test]
fn a_server_with_the_published_demo_password_warns_and_refuses_a_public_https_address() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("y.db").display());
    assert!(yorisoi(&url, &["demo"], None).status.success());

    let (started, stderr) = start_server(&url, &[], &[]);
    assert!(started, "{stderr}");
    assert!(stderr.contains("WARNING") && stderr.contains("demo-admin"), "{stderr}");

    let public = [("PUBLIC_URL", "https://yorisoi.example")];
    let (started, stderr) = start_server(&url, &[], &public);
    assert!(!started, "refused under https");
    assert!(stderr.contains("--allow-demo"), "{stderr}");
    let (started, stderr) = start_server(&url, &["--allow-demo"], &public);
    assert!(started && stderr.contains("WARNING"), "{stderr}");

    for login in ["demo-admin", "demo-staff", "demo-coordinator", "demo-volunteer", "demo-reviewer"]
    {
        assert!(yorisoi(&url, &["user", "disable", login], None).status.success());
    }
    let (started, stderr) = start_server(&url, &[], &public);
    assert!(started, "{stderr}");
    assert!(!stderr.contains("WARNING"), "{stderr}");
}
