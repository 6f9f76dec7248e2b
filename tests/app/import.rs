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
                    // Typed with a Japanese keyboard: read as 20.
                    ("capacity", "２０"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/sessions?notice=imported");
        let capacities: Vec<i64> = sqlx::query_scalar("SELECT capacity FROM sessions")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(capacities, vec![20, 20]);
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
        // The cancelled event is still cancelled: nothing to change.
        assert_eq!(actions, ["create", "create", "update"]);
        assert_eq!(rows, vec![("スマホ体験会（初級）".into(), 1), ("スマホ相談会".into(), 0)]);
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

/// A calendar of events `(uid, days ahead, start hour, location, cancelled)`, two hours
/// each; each event takes 8 lines, the first `BEGIN:VEVENT` is line 4.
type Event = (&'static str, i64, u32, &'static str, bool);

fn calendar(events: &[Event]) -> String {
    let mut text =
        String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tokyo//Schedule//JA\r\n");
    for (uid, days, hour, location, cancelled) in events {
        let day = (Utc::now() + Duration::days(*days)).format("%Y%m%d");
        let status = if *cancelled { "CANCELLED" } else { "CONFIRMED" };
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART;TZID=Asia/Tokyo:{day}T{hour:02}0000\r\n\
DTEND;TZID=Asia/Tokyo:{day}T{:02}0000\r\nSUMMARY:スマホ体験会\r\nLOCATION:{location}\r\n\
STATUS:{status}\r\nEND:VEVENT\r\n",
            hour + 2
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    text
}

/// Uploads and maps a calendar (each location to the venue given for it); returns where
/// the confirmation sent the user.
async fn import(
    app: &TestApp,
    c: &reqwest::Client,
    partner: i64,
    body: String,
    venues: &[i64],
    topic: i64,
) -> reqwest::Response {
    let r = upload(app, c, partner, body).await;
    let page = location(&r);
    assert!(page.starts_with("/import/"), "{page}");
    let token = page.trim_start_matches("/import/");
    let mut form: Vec<(String, String)> =
        venues.iter().enumerate().map(|(n, v)| (format!("venue_{n}"), v.to_string())).collect();
    form.push(("topic".into(), topic.to_string()));
    form.push(("capacity".into(), "20".into()));
    c.post(app.url(&format!("/forms/import/{token}"))).form(&form).send().await.unwrap()
}

async fn notices(app: &TestApp, session: i64, kind: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notices WHERE session_id = $1 AND kind = $2 AND status = 'pending'",
    )
    .bind(session)
    .bind(kind)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn an_import_moves_and_cancels_with_notices_and_refuses_what_the_form_refuses() {
    on_both(async |app: TestApp| {
        let tokyo = app.add_partner("東京都", "tokyo").await;
        let hall = app.add_venue("市役所 会議室").await;
        let small = app.add_venue("小会議室").await;
        let capacity = |venue: i64, n: i64| {
            let app = &app;
            async move {
                sqlx::query("UPDATE venues SET capacity = $1 WHERE id = $2")
                    .bind(n)
                    .bind(venue)
                    .execute(&app.db.pool)
                    .await
                    .unwrap();
            }
        };
        capacity(small, 1).await;
        let topic = app.topic("基本操作").await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        // Imports these events, all mapped to one venue.
        let send = |events: &'static [Event], venue: i64| {
            let (app, staff) = (&app, &staff);
            async move { import(app, staff, tokyo, calendar(events), &[venue], topic).await }
        };
        let done = |r: reqwest::Response| assert_eq!(location(&r), "/sessions?notice=imported");
        let refused = |r: reqwest::Response, problem: &str| {
            assert_eq!(redirect_param(&r, "problems").as_deref(), Some(problem));
        };
        done(send(&[("a@t", 20, 14, "会議室", false)], hall).await);
        let a: i64 = sqlx::query_scalar("SELECT id FROM sessions WHERE uid = 'a@t'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let by_phone = app.add_resident("木村 花", "きむら はな", "0425630404", "phone").await;
        let by_email = app.add_resident("工藤 空", "くどう そら", "0425630505", "email").await;
        app.add_place(a, by_phone).await;
        app.add_place(a, by_email).await;

        // Moved an hour later: each person booked is owed a "changed" notice.
        done(send(&[("a@t", 20, 15, "会議室", false)], hall).await);
        assert_eq!(notices(&app, a, "session_changed").await, 2);
        // The same again is no move: nobody is told twice, and what did not change is not
        // checked again (the hall is now too small for those booked, as the form allows).
        capacity(hall, 1).await;
        done(send(&[("a@t", 20, 15, "会議室", false)], hall).await);
        assert_eq!(notices(&app, a, "session_changed").await, 2);
        capacity(hall, 30).await;
        // Two people booked do not fit the small room: refused with the event's line.
        refused(send(&[("a@t", 20, 15, "小会議室", false)], small).await, "4:ics_venue_too_small");
        // Another session at the hall at that time: refused, and nothing of the file is kept.
        let other = app.add_session("別の教室", 30, 10).await;
        sqlx::query("UPDATE sessions SET venue_id = $1 WHERE id = $2")
            .bind(hall)
            .bind(other)
            .execute(&app.db.pool)
            .await
            .unwrap();
        // The second event, 30 days ahead at 10:00 in Japan, falls on the other session.
        let day = (Utc::now() + Duration::days(30)).date_naive();
        let ten = chrono::TimeZone::from_local_datetime(
            &chrono_tz::Asia::Tokyo,
            &day.and_hms_opt(10, 0, 0).unwrap(),
        )
        .unwrap()
        .timestamp();
        sqlx::query("UPDATE sessions SET starts_at = $1, ends_at = $2 WHERE id = $3")
            .bind(ten + 1800)
            .bind(ten + 5400)
            .bind(other)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let clash = send(&[("b@t", 1, 9, "会議室", false), ("c@t", 30, 10, "会議室", false)], hall);
        refused(clash.await, "12:ics_venue_conflict");
        let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE uid = 'b@t'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(kept, 0, "all or nothing");
        // Beyond the two-year window: refused.
        refused(send(&[("d@t", 800, 10, "会議室", false)], hall).await, "4:ics_too_far");

        // Cancelled in the partner's calendar: cancelled here, with the same notices as the
        // form's; the "changed" notices not yet given are withdrawn.
        done(send(&[("a@t", 20, 15, "会議室", true)], hall).await);
        let status: String = sqlx::query_scalar("SELECT status FROM sessions WHERE id = $1")
            .bind(a)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(status, "cancelled");
        assert_eq!(notices(&app, a, "session_cancelled").await, 2);
        assert_eq!(notices(&app, a, "session_changed").await, 0);
        // And never scheduled again by an import.
        refused(send(&[("a@t", 20, 15, "会議室", false)], hall).await, "4:ics_uncancel");
    })
    .await;
}

/// A weekly series of four, 10 days from now at 14:00 in Japan, with extra lines (EXDATE,
/// or a whole override VEVENT after the series).
fn series(extra: &str, after: &str) -> (String, Vec<chrono::NaiveDate>) {
    let first = yorisoi::domain::today_in_japan() + Duration::days(10);
    let days: Vec<chrono::NaiveDate> = (0..4).map(|n| first + Duration::days(7 * n)).collect();
    let text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//JA\r\n\
BEGIN:VEVENT\r\nUID:s@t\r\nDTSTART;TZID=Asia/Tokyo:{}T140000\r\n\
DTEND;TZID=Asia/Tokyo:{}T160000\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\n{extra}\
SUMMARY:スマホ教室\r\nLOCATION:会議室\r\nEND:VEVENT\r\n{after}END:VCALENDAR\r\n",
        first.format("%Y%m%d"),
        first.format("%Y%m%d"),
    );
    (text, days)
}

#[tokio::test]
async fn a_repeating_event_is_one_session_per_occurrence_and_reimports_update_or_cancel() {
    on_both(async |app: TestApp| {
        let partner = app.add_partner("こども未来の会", "community").await;
        let hall = app.add_venue("市役所 会議室").await;
        let topic = app.topic("基本操作").await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let sessions = || async {
            let rows: Vec<(String, i64, String)> = sqlx::query_as(
                "SELECT uid, starts_at, status FROM sessions WHERE uid LIKE 's@t#%' ORDER BY uid",
            )
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
            rows
        };
        let (plain, days) = series("", "");
        let done = |r: reqwest::Response| assert_eq!(location(&r), "/sessions?notice=imported");
        done(import(&app, &staff, partner, plain.clone(), &[hall], topic).await);
        let first = sessions().await;
        let uids: Vec<String> =
            days.iter().map(|d| format!("s@t#{}", d.format("%Y%m%d"))).collect();
        assert_eq!(first.iter().map(|r| r.0.clone()).collect::<Vec<_>>(), uids);
        for ((_, starts_at, status), day) in first.iter().zip(&days) {
            assert_eq!(yorisoi::domain::day_in_japan(*starts_at), *day);
            assert_eq!(status, "scheduled");
        }
        let id = |uid: &str| {
            let app = &app;
            let uid = uid.to_string();
            async move {
                let id: i64 = sqlx::query_scalar("SELECT id FROM sessions WHERE uid = $1")
                    .bind(uid)
                    .fetch_one(&app.db.pool)
                    .await
                    .unwrap();
                id
            }
        };
        let (second, third) = (id(&uids[1]).await, id(&uids[2]).await);
        let hanako = app.add_resident("木村 花", "きむら はな", "0425630404", "phone").await;
        app.add_place(second, hanako).await;
        app.add_place(third, hanako).await;

        // The same file again changes nothing, tells nobody, raises no SEQUENCE and
        // audits no update.
        let marks = || async {
            let audited: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM audit_log WHERE record_type = 'session' AND action = 'update'",
            )
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
            let sequences: i64 = sqlx::query_scalar("SELECT CAST(SUM(sequence) AS BIGINT) FROM sessions")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
            (audited, sequences)
        };
        let before = marks().await;
        done(import(&app, &staff, partner, plain, &[hall], topic).await);
        assert_eq!(sessions().await, first);
        assert_eq!(notices(&app, second, "session_changed").await, 0);
        assert_eq!(marks().await, before);
        // A file holding only one overridden occurrence (a partner forwarding "the new time
        // of week 2") moves that one and cancels none of the others.
        let only = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//JA\r\n\
BEGIN:VEVENT\r\nUID:s@t\r\nRECURRENCE-ID;TZID=Asia/Tokyo:{d}T140000\r\n\
DTSTART;TZID=Asia/Tokyo:{d}T140000\r\nDTEND;TZID=Asia/Tokyo:{d}T160000\r\n\
SUMMARY:スマホ教室\r\nLOCATION:会議室\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            d = days[1].format("%Y%m%d")
        );
        done(import(&app, &staff, partner, only, &[hall], topic).await);
        assert_eq!(sessions().await, first);

        // The partner leaves out the third week (EXDATE) and moves the second an hour later
        // (an override): the third is cancelled and the second moved, each with its notice.
        let exdate = format!("EXDATE;TZID=Asia/Tokyo:{}T140000\r\n", days[2].format("%Y%m%d"));
        let moved = format!(
            "BEGIN:VEVENT\r\nUID:s@t\r\nRECURRENCE-ID;TZID=Asia/Tokyo:{d}T140000\r\n\
DTSTART;TZID=Asia/Tokyo:{d}T150000\r\nDTEND;TZID=Asia/Tokyo:{d}T170000\r\n\
SUMMARY:スマホ教室\r\nLOCATION:会議室\r\nEND:VEVENT\r\n",
            d = days[1].format("%Y%m%d")
        );
        let (changed, _) = series(&exdate, &moved);
        // The mapping page shows what the import will cancel before anyone confirms.
        let dropped = "ファイルからなくなった繰り返しの回";
        let r = upload(&app, &staff, partner, changed.clone()).await;
        let page = app.get(&staff, &location(&r)).await.text().await.unwrap();
        assert!(page.contains(dropped), "{page}");
        let r = upload(&app, &staff, partner, series("", "").0).await;
        let page = app.get(&staff, &location(&r)).await.text().await.unwrap();
        assert!(!page.contains(dropped));
        done(import(&app, &staff, partner, changed.clone(), &[hall], topic).await);
        let now = sessions().await;
        let statuses: Vec<&str> = now.iter().map(|r| r.2.as_str()).collect();
        assert_eq!(statuses, ["scheduled", "scheduled", "cancelled", "scheduled"]);
        assert_eq!(now[1].1, first[1].1 + 3600);
        assert_eq!((now[0].1, now[3].1), (first[0].1, first[3].1));
        assert_eq!(notices(&app, third, "session_cancelled").await, 1);
        assert_eq!(notices(&app, second, "session_changed").await, 1);
        // Idempotent again: nothing more cancelled, moved or told.
        done(import(&app, &staff, partner, changed, &[hall], topic).await);
        assert_eq!(sessions().await, now);
        assert_eq!(notices(&app, third, "session_cancelled").await, 1);
        assert_eq!(notices(&app, second, "session_changed").await, 1);
        // Back without the EXDATE: the cancelled week is not scheduled again.
        let (plain, _) = series("", "");
        let r = import(&app, &staff, partner, plain, &[hall], topic).await;
        assert_eq!(redirect_param(&r, "problems").as_deref(), Some("4:ics_uncancel"));
    })
    .await;
}
