//! Backups of the SQLite database: written while bookings are being made and verified,
//! restored into a new file that is consistent (every confirmed booking counted in its
//! session), and a corrupted copy, a copy without its checksum or a copy from a newer
//! yorisoi refused. The admins' page says how old the last backup is.
use crate::common;

use common::{spawn_app_with, TestApp};
use yorisoi::auth::Role;
use yorisoi::db::backup::{checksum_file, into_folder, restore, verify, write};
use yorisoi::db::{Backend, Db};
use yorisoi::web::Config;

/// Sessions whose seats taken differ from their confirmed bookings (none when consistent).
async fn miscounted(db: &Db) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions s WHERE s.seats_taken <> (SELECT COUNT(*) \
         FROM registrations r WHERE r.session_id = s.id AND r.status = 'confirmed')",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn booked(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE status = 'confirmed'")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_backup_under_bookings_verifies_and_restores_consistent() {
    let app: TestApp = spawn_app_with(Backend::Sqlite, Config::default()).await;
    let session = app.add_session("スマホ体験会", 10, 200).await;
    let (staff, _) = app.signed_in(Role::Staff).await;
    let (admin, _) = app.signed_in(Role::Admin).await;
    let today = app.get(&admin, "/").await.text().await.unwrap();
    assert!(today.contains("最後のバックアップ：不明"), "no backup recorded yet");
    let mut residents = Vec::new();
    for n in 0..40 {
        let phone = format!("04256{n:05}");
        residents.push(app.add_resident(&format!("住民 {n}"), "じゅうみん", &phone, "phone").await);
    }
    // Bookings go on through the booking form while the copy is written.
    let writer = {
        let (address, staff) = (app.address.clone(), staff.clone());
        tokio::spawn(async move {
            for (n, resident) in residents.into_iter().enumerate() {
                let form = [
                    ("session_id", session.to_string()),
                    ("resident_id", resident.to_string()),
                    ("key", format!("backup-load-{n}")),
                ];
                let r =
                    staff.post(format!("{address}/forms/registrations")).form(&form).send().await;
                assert_eq!(r.unwrap().status(), 303);
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let written = write(&app.db, &copy).await.unwrap();
    writer.await.unwrap();
    assert!(written.version >= 19 && written.bytes > 0);
    assert_eq!(verify(&copy).await.unwrap(), written);
    assert!(write(&app.db, &copy).await.is_err(), "an existing file is never overwritten");

    // Restored into a new file: whole and consistent, with what was booked by then.
    let restored = dir.path().join("restored.db");
    let url = format!("sqlite://{}", restored.display());
    restore(&copy, &url).await.unwrap();
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    assert_eq!(miscounted(&db).await, 0);
    assert!(booked(&db).await <= 40);
    assert_eq!(miscounted(&app.db).await, 0);
    assert_eq!(booked(&app.db).await, 40);
    db.close().await;

    // The admins' page says how old the last backup is.
    let today = app.get(&admin, "/").await.text().await.unwrap();
    assert!(today.contains("（0日前）"), "{today}");

    // A copy changed after it was written, one without its checksum, and one from a newer
    // yorisoi are refused, and a refused restore leaves the database as it was.
    let corrupted = dir.path().join("corrupted.db");
    let mut bytes = std::fs::read(&copy).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&corrupted, bytes).unwrap();
    std::fs::copy(checksum_file(&copy), checksum_file(&corrupted)).unwrap();
    let refused = verify(&corrupted).await.unwrap_err().to_string();
    assert!(refused.contains("checksum"), "{refused}");
    assert!(restore(&corrupted, &url).await.is_err());
    std::fs::remove_file(checksum_file(&corrupted)).unwrap();
    assert!(verify(&corrupted).await.unwrap_err().to_string().contains("no checksum"));

    let newer = dir.path().join("newer.db");
    let source = Db::connect(&format!("sqlite://{}", restored.display())).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, \
            execution_time) VALUES (99999, 'from the future', CURRENT_TIMESTAMP, 1, x'00', 0)",
    )
    .execute(&source.pool)
    .await
    .unwrap();
    let future = write(&source, &newer).await.unwrap_err().to_string();
    assert!(future.contains("newer yorisoi"), "{future}");
    assert!(restore(&newer, &url).await.unwrap_err().to_string().contains("newer yorisoi"));
    assert_eq!(miscounted(&source).await, 0, "the database is as it was");
}

#[tokio::test]
async fn the_daily_folder_keeps_the_newest_copies_each_verified() {
    let app: TestApp = spawn_app_with(Backend::Sqlite, Config::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("backups");
    let mut written = Vec::new();
    for _ in 0..3 {
        written.push(into_folder(&app.db, &folder, 2).await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let mut kept: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    kept.sort();
    let expected: Vec<_> =
        written[1..].iter().flat_map(|c| [c.clone(), checksum_file(c)]).collect();
    assert_eq!(kept, expected, "the oldest copy and its checksum are gone");
    for copy in &written[1..] {
        verify(copy).await.unwrap();
    }
    let recorded: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM backups").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(recorded, 3);
}
