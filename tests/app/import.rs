//! Importing a partner's .ics file: refused whole with line numbers, mapped to venues,
//! and re-imported by UID without duplicates.
use crate::common;

use chrono::{Duration, Utc};
use common::{location, on_both, redirect_param, TestApp};
use reqwest::multipart::{Form, Part};
use yorisoi::auth::Role;

fn ics(title: &str) -> String {
    let day = (Utc::now() + Duration::days(20)).format("%Y%m%d").to_string();
    let next = (Utc::now() + Duration::days(27)).format("%Y%m%d").to_string();
    format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tokyo//Schedule//JA\r\n\
BEGIN:VEVENT\r\nUID:tokyo-a@metro.tokyo.example\r\nDTSTAMP:20250501T000000Z\r\n\
DTSTART;TZID=Asia/Tokyo:{day}T140000\r\nDTEND;TZID=Asia/Tokyo:{day}T160000\r\n\
SUMMARY:{title}\r\nLOCATION:東大和市役所 会議室\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:tokyo-b@metro.tokyo.example\r\nDTSTAMP:20250501T000000Z\r\n\
DTSTART;TZID=Asia/Tokyo:{next}T100000\r\nDTEND;TZID=Asia/Tokyo:{next}T120000\r\n\
SUMMARY:スマホ相談会\r\nLOCATION:南街公民館\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
}

async fn upload(
    app: &TestApp,
    c: &reqwest::Client,
    partner: i64,
    body: String,
) -> reqwest::Response {
    let form = Form::new()
        .text("partner_id", partner.to_string())
        .part("file", Part::bytes(body.into_bytes()).file_name("tokyo.ics"));
    c.post(app.url("/forms/import")).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn a_bad_file_is_refused_whole_with_its_lines() {
    on_both(async |app: TestApp| {
        let tokyo = app.add_partner("東京都", "tokyo").await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let broken = ics("スマホ体験会")
            .replace("UID:tokyo-b@metro.tokyo.example\r\n", "")
            .replace("T160000", "T130000");
        let r = upload(&app, &staff, tokyo, broken).await;
        assert_eq!(redirect_param(&r, "e.file").as_deref(), Some("ics_invalid"));
        let problems = redirect_param(&r, "problems").unwrap();
        assert!(problems.contains("8:ics_end_before_start"), "{problems}");
        assert!(problems.contains("12:ics_no_uid"), "{problems}");
        let page = app.get(&staff, &location(&r)).await.text().await.unwrap();
        assert!(page.contains("8行目：終了日時が開始日時より前です。"));
        assert!(page.contains("12行目：UIDがありません。"));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0);
        let r = upload(&app, &staff, tokyo, "not a calendar at all".into()).await;
        assert_eq!(redirect_param(&r, "e.file").as_deref(), Some("ics_invalid"));
    })
    .await;
}

#[tokio::test]
async fn a_file_is_mapped_imported_and_reimported_by_uid() {
    on_both(async |app: TestApp| {
        let tokyo = app.add_partner("東京都", "tokyo").await;
        let hall = app.add_venue("東大和市役所 会議棟 第1会議室").await;
        let nangai = app.add_venue("南街公民館 講座室").await;
        let topic = app.topic("基本操作").await;
        let (staff, _) = app.signed_in(Role::Staff).await;

        let r = upload(&app, &staff, tokyo, ics("スマホ体験会")).await;
        let page = location(&r);
        assert!(page.starts_with("/import/"), "{page}");
        let html = app.get(&staff, &page).await.text().await.unwrap();
        assert!(html.contains("東大和市役所 会議室") && html.contains("南街公民館"));
        // Another user cannot see someone else's upload.
        let (other, _) = app.signed_in(Role::Admin).await;
        assert_eq!(app.get(&other, &page).await.status(), 404);

        let token = page.trim_start_matches("/import/");
        let confirm = format!("/forms/import/{token}");
        let (hall, nangai, topic) = (hall.to_string(), nangai.to_string(), topic.to_string());
        let r = app
            .post_form(
                &staff,
                &confirm,
                &[("venue_0", hall.as_str()), ("topic", topic.as_str()), ("capacity", "20")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.venue_1").as_deref(), Some("choice_required"));
        let r = app
            .post_form(
                &staff,
                &confirm,
                &[
                    ("venue_0", hall.as_str()),
                    ("venue_1", nangai.as_str()),
                    ("topic", topic.as_str()),
                    ("capacity", "20"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/sessions?notice=imported");
        let rows: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT title, status, sequence FROM sessions ORDER BY starts_at")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(
            rows,
            vec![
                ("スマホ体験会".into(), "scheduled".into(), 0),
                ("スマホ相談会".into(), "cancelled".into(), 0)
            ]
        );

        // The same file again, with a new title: updated by UID, never duplicated.
        let r = upload(&app, &staff, tokyo, ics("スマホ体験会（初級）")).await;
        let token = location(&r).trim_start_matches("/import/").to_string();
        app.post_form(
            &staff,
            &format!("/forms/import/{token}"),
            &[
                ("venue_0", hall.as_str()),
                ("venue_1", nangai.as_str()),
                ("topic", topic.as_str()),
                ("capacity", "20"),
            ],
        )
        .await;
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT title, sequence FROM sessions ORDER BY starts_at")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        let actions: Vec<String> = sqlx::query_scalar(
            "SELECT action FROM audit_log WHERE record_type = 'session' ORDER BY id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(actions, ["create", "create", "update", "update"]);
        assert_eq!(rows, vec![("スマホ体験会（初級）".into(), 1), ("スマホ相談会".into(), 1)]);
    })
    .await;
}

#[tokio::test]
async fn only_schedulers_import_and_coordinators_only_for_their_partner() {
    on_both(async |app: TestApp| {
        let tokyo = app.add_partner("東京都", "tokyo").await;
        let (coordinator, _) = app.signed_in(Role::Coordinator).await;
        let r = upload(&app, &coordinator, tokyo, ics("x")).await;
        assert_eq!(redirect_param(&r, "e.partner_id").as_deref(), Some("host_not_own"));
        for role in [Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            assert_eq!(upload(&app, &c, tokyo, ics("x")).await.status(), 403, "{role:?}");
            assert_eq!(app.get(&c, "/import").await.status(), 403, "{role:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn uploads_never_mapped_are_forgotten_after_a_day() {
    on_both(async |app: TestApp| {
        let tokyo = app.add_partner("東京都", "tokyo").await;
        let (staff, staff_id) = app.signed_in(Role::Staff).await;
        sqlx::query(
            "INSERT INTO ics_uploads (token, user_id, partner_id, file_name, content, created_at) \
             VALUES ('old', $1, $2, 'old.ics', '', $3)",
        )
        .bind(staff_id)
        .bind(tokyo)
        .bind(Utc::now().timestamp() - 2 * 86_400)
        .execute(&app.db.pool)
        .await
        .unwrap();
        let r = upload(&app, &staff, tokyo, ics("スマホ体験会")).await;
        assert!(location(&r).starts_with("/import/"));
        let tokens: Vec<String> = sqlx::query_scalar("SELECT token FROM ics_uploads")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(tokens.len(), 1);
        assert_ne!(tokens[0], "old");
    })
    .await;
}
