//! Phone intake on SQLite and PostgreSQL: finding callers in any spelling, registering with
//! a duplicate warning, booking with capacity that holds under concurrent bookings, the
//! waitlist moving up, the call list, session cancellation notices, and role denials.
use crate::common;

use common::{location, on_both, redirect_param, TestApp};
use yorisoi::auth::Role;
use yorisoi::domain::Kana;

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .expect(sql)
}

fn registration_of(r: &reqwest::Response) -> i64 {
    let loc = location(r);
    loc.trim_start_matches("/registrations/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a registration page: {loc}"))
}

#[tokio::test]
async fn callers_are_found_by_any_spelling_of_their_reading_or_by_phone() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let form = [
            ("name", "山田 花子"),
            ("kana", "ヤマダ ハナコ"),
            ("phone", "０９０－１２３４－５６７８"),
            ("birth_year", "昭和20年"),
            ("contact_pref", "phone"),
            ("smartphone", "feature"),
            ("phone_wish", "android"),
            ("need", "hearing"),
            ("consent", "1"),
        ];
        let r = app.post_form(&staff, "/forms/residents", &form).await;
        assert_eq!(r.status(), 303);
        let loc = location(&r);
        assert!(loc.starts_with("/residents/"), "{loc}");
        let id: i64 = loc.trim_start_matches("/residents/").split('?').next().unwrap().parse().unwrap();
        let stored: (String, Option<String>, Option<i64>, i64, String) = sqlx::query_as(
            "SELECT kana, phone, birth_year, need_hearing, phone_wish FROM residents WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(
            stored,
            ("やまだ はなこ".into(), Some("09012345678".into()), Some(1945), 1, "android".into())
        );
        let other = app.add_resident("山本 太郎", "やまもと たろう", "0425630001", "phone").await;

        for (typed, expect_hanako, expect_taro) in [
            ("やまだ", true, false),
            ("ﾔﾏﾀﾞ", true, false),
            ("yamada", true, false),
            ("YAMA", true, true),
            ("はなこ", true, false),
            ("山田", true, false),
            ("5678", true, false),
            ("090-1234", true, false),
            ("0001", false, true),
            ("すずき", false, false),
        ] {
            let body = serde_urlencoded::to_string([("q", typed)]).unwrap();
            let r = app.call(&staff, "/api/residents/search", &body).await;
            assert_eq!(r.status(), 200, "{typed}");
            let found: Vec<serde_json::Value> = r.json().await.unwrap();
            let ids: Vec<i64> = found.iter().map(|f| f["id"].as_i64().unwrap()).collect();
            assert_eq!(ids.contains(&id), expect_hanako, "{typed}: {ids:?}");
            assert_eq!(ids.contains(&other), expect_taro, "{typed}: {ids:?}");
        }
        // The same search without JavaScript: the page renders the matches.
        let page = app.get(&staff, "/intake?q=%EF%BE%94%EF%BE%8F%EF%BE%80%EF%BE%9E").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains(">ヤマダ ハナコ<"), "katakana reading listed");
        assert!(html.contains("090-1234-5678"), "phone grouped for reading aloud");

        // Reading the record is audited.
        let r = app.call(&staff, "/api/residents/get", &format!("id={id}")).await;
        assert_eq!(r.status(), 200);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE record_type = 'resident' AND action = 'read' AND record_id = CAST($1 AS TEXT)", id).await, 1);
        let page = app.get(&staff, &format!("/residents/{id}")).await.text().await.unwrap();
        assert!(page.contains("体験で使いたい機種（貸出用）"), "the wish is shown on the record");
    })
    .await;
}

#[tokio::test]
async fn a_possible_duplicate_is_warned_about_and_bad_input_is_kept() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let first = app.add_resident("佐藤 一郎", "さとう いちろう", "0425631111", "phone").await;
        let form = vec![
            ("name", "佐藤 一郎"),
            ("kana", "sato ichirou"),
            ("phone", "042-563-1111"),
            ("contact_pref", "phone"),
            ("smartphone", "none"),
            ("consent", "1"),
        ];
        let r = app.post_form(&staff, "/forms/residents", &form).await;
        assert_eq!(r.status(), 303);
        assert!(location(&r).starts_with("/residents/new?"));
        assert_eq!(redirect_param(&r, "e.confirm_distinct").as_deref(), Some("possible_duplicate"));
        assert_eq!(redirect_param(&r, "dup"), Some(first.to_string()));
        let page = app.refused_page(&staff, &r, &["sato ichirou"]).await;
        assert!(page.contains("value=\"sato ichirou\""), "typed value kept");
        assert!(page.contains(">サトウ イチロウ<"), "the existing record is shown");

        let mut confirmed = form.clone();
        confirmed.push(("confirm_distinct", "1"));
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, "/forms/residents", &confirmed).await;
        assert!(location(&r).starts_with("/residents/"), "{}", location(&r));
        app.assert_audited(mark, &["create resident".into()]).await;
        assert!(!location(&r).starts_with("/residents/new"));

        let bad = [
            ("name", "田中"),
            ("kana", "たなか１"),
            ("birth_year", "昭和70年"),
            ("email", "tanaka@"),
            ("contact_pref", "email"),
            ("smartphone", "iphone"),
        ];
        let r = app.post_form(&staff, "/forms/residents", &bad).await;
        assert_eq!(redirect_param(&r, "e.kana").as_deref(), Some("kana_invalid"));
        assert_eq!(redirect_param(&r, "e.birth_year").as_deref(), Some("birth_year_out_of_era"));
        assert_eq!(redirect_param(&r, "e.email").as_deref(), Some("email_invalid"));
        assert_eq!(redirect_param(&r, "e.consent").as_deref(), Some("consent_required"));
        let page = app.refused_page(&staff, &r, &["昭和70年"]).await;
        assert!(page.contains("その元号にその年はありません"), "message beside the field");
        assert!(page.contains("value=\"昭和70年\""), "typed value kept");
    })
    .await;
}

#[tokio::test]
async fn a_hundred_simultaneous_bookings_never_overfill_ten_seats() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("満席テスト", 10, 10).await;
        let mut residents = Vec::new();
        for n in 0..100 {
            residents.push(app.add_resident(&format!("参加者{n}"), "さんかしゃ", &format!("0425{n:06}"), "phone").await);
        }
        let bookings = residents.iter().enumerate().map(|(n, resident)| {
            let staff = staff.clone();
            let app = &app;
            async move { app.book(&staff, session, *resident, &format!("key-{n}")).await.status() }
        });
        let statuses = futures::future::join_all(bookings).await;
        assert!(statuses.iter().all(|s| *s == 303), "{statuses:?}");
        let confirmed = count(&app, "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'confirmed'", session).await;
        let waitlisted = count(&app, "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'waitlisted'", session).await;
        assert_eq!((confirmed, waitlisted), (10, 90));
        let (taken, waiting): (i64, i64) = sqlx::query_as("SELECT seats_taken, waitlist_count FROM sessions WHERE id = $1")
            .bind(session)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!((taken, waiting), (10, 90));
        // Waitlist places follow the order the bookings were served in: 1..=90, no gaps,
        // no repeats, and every confirmed booking was served before every waitlisted one.
        let positions: Vec<i64> = sqlx::query_scalar("SELECT waitlist_position FROM registrations WHERE session_id = $1 AND status = 'waitlisted' ORDER BY waitlist_position")
            .bind(session)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(positions, (1..=90).collect::<Vec<i64>>());
        let last_confirmed: i64 = count(&app, "SELECT MAX(confirmed_at) FROM registrations WHERE session_id = $1 AND status = 'confirmed'", session).await;
        let first_waiting: i64 = count(&app, "SELECT MIN(created_at) FROM registrations WHERE session_id = $1 AND status = 'waitlisted'", session).await;
        assert!(last_confirmed <= first_waiting + 1);
    })
    .await;
}

#[tokio::test]
async fn a_repeated_post_books_once_and_nobody_books_twice() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("二重送信", 5, 10).await;
        let resident = app.add_resident("鈴木 次郎", "すずき じろう", "0425632222", "phone").await;
        let mark = app.audit_mark().await;
        let first = app.book(&staff, session, resident, "same-key").await;
        assert_eq!(redirect_param(&first, "notice").as_deref(), Some("booked"));
        let id = registration_of(&first);
        let booked = app
            .assert_audited(mark, &[format!("create registration {id} session {session}")])
            .await;
        assert_eq!(booked.len(), 1, "{booked:?}");
        let again = app.book(&staff, session, resident, "same-key").await;
        assert_eq!(redirect_param(&again, "notice").as_deref(), Some("booked_before"));
        assert_eq!(registration_of(&first), registration_of(&again));
        let other_key = app.book(&staff, session, resident, "other-key").await;
        assert_eq!(redirect_param(&other_key, "e.booking").as_deref(), Some("already_registered"));
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM registrations WHERE session_id = $1", session).await,
            1
        );
        assert_eq!(count(&app, "SELECT seats_taken FROM sessions WHERE id = $1", session).await, 1);

        // The read-back script says the date with its weekday, the venue and how to get there.
        let page = app.get(&staff, &location(&first)).await.text().await.unwrap();
        assert!(page.contains("鈴木 次郎様、"), "addressed by name");
        assert!(page.contains("のご予約を承りました。"));
        assert!(page.contains("会場は二重送信の会場、東大和市中央3-930です。"));

        // A past or cancelled session cannot be booked.
        let past = app.add_session("終わった回", -3, 10).await;
        let r = app.book(&staff, past, resident, "past-key").await;
        assert_eq!(redirect_param(&r, "e.booking").as_deref(), Some("session_closed"));
        // Once a session has begun, the same form still gives its booking back, a place the
        // resident holds is said before "closed", and an unknown resident is not found.
        app.move_session(session, -600).await;
        let late = app.book(&staff, session, resident, "same-key").await;
        assert_eq!(redirect_param(&late, "notice").as_deref(), Some("booked_before"));
        let late = app.book(&staff, session, resident, "late-key").await;
        assert_eq!(redirect_param(&late, "e.booking").as_deref(), Some("already_registered"));
        assert_eq!(app.book(&staff, session, 999_999, "nobody-key").await.status(), 404);
        assert_eq!(count(&app, "SELECT seats_taken FROM sessions WHERE id = $1", session).await, 1);
    })
    .await;
}

#[tokio::test]
async fn cancelling_moves_the_waitlist_up_and_puts_the_call_on_the_list() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("一席だけ", 7, 1).await;
        let a = app.add_resident("青木 一", "あおき はじめ", "0425630101", "phone").await;
        let b = app.add_resident("井上 二葉", "いのうえ ふたば", "0425630202", "phone").await;
        let c = app.add_resident("上田 三郎", "うえだ さぶろう", "0425630303", "phone").await;
        let ra = registration_of(&app.book(&staff, session, a, "a").await);
        let rb = registration_of(&app.book(&staff, session, b, "b").await);
        let rc = registration_of(&app.book(&staff, session, c, "c").await);
        let status = async |id: i64| -> (String, Option<i64>) {
            sqlx::query_as("SELECT status, waitlist_position FROM registrations WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap()
        };
        assert_eq!(status(rb).await, ("waitlisted".into(), Some(1)));
        assert_eq!(status(rc).await, ("waitlisted".into(), Some(2)));

        // A reason is required; the page gets the error beside the cancel field.
        let path = format!("/forms/registrations/{ra}/cancel");
        let r = app
            .post_form(&staff, &path, &[("reason", ""), ("back", &format!("/sessions/{session}"))])
            .await;
        assert_eq!(redirect_param(&r, &format!("e.reason_{ra}")).as_deref(), Some("required"));
        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                &staff,
                &path,
                &[("reason", "体調不良"), ("back", &format!("/sessions/{session}"))],
            )
            .await;
        assert_eq!(location(&r), format!("/sessions/{session}?notice=registration_cancelled"));
        assert_eq!(status(ra).await.0, "cancelled");
        assert_eq!(status(rb).await, ("confirmed".into(), None));
        app.assert_audited(
            mark,
            &[format!("cancel registration {ra}"), format!("update registration {rb} promoted")],
        )
        .await;
        assert_eq!(status(rc).await, ("waitlisted".into(), Some(2)));
        assert_eq!(count(&app, "SELECT seats_taken FROM sessions WHERE id = $1", session).await, 1);
        assert_eq!(
            count(&app, "SELECT waitlist_count FROM sessions WHERE id = $1", session).await,
            1
        );

        // B prefers the phone: the promotion is on today's call list.
        let r = app.call(&staff, "/api/notify/calls", "date=").await;
        assert_eq!(r.status(), 200);
        let (_, calls): (String, Vec<serde_json::Value>) = r.json().await.unwrap();
        assert_eq!(calls.len(), 1, "{calls:?}");
        assert_eq!(calls[0]["kind"], "Promotion");
        assert_eq!(calls[0]["resident_id"], b);
        assert_eq!(calls[0]["phones"][0], "042-563-0202");
        let notice = calls[0]["id"].as_i64().unwrap();

        // No answer keeps the call on the list; B then cancels on the phone: C moves up.
        let call = format!("/forms/calls/{notice}");
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &call, &[("outcome", "no_answer"), ("note", "")]).await;
        app.assert_audited(mark, &[format!("update notice {notice} no_answer")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("call_recorded"));
        let (_, calls): (String, Vec<serde_json::Value>) =
            app.call(&staff, "/api/notify/calls", "date=").await.json().await.unwrap();
        assert_eq!(calls[0]["attempts"], 1);
        assert_eq!(calls[0]["done"], false);
        let r = app.post_form(&staff, &call, &[("outcome", ""), ("note", "x")]).await;
        assert_eq!(
            redirect_param(&r, &format!("e.outcome_{notice}")).as_deref(),
            Some("choice_required")
        );
        app.post_form(
            &staff,
            &call,
            &[("outcome", "resident_cancelled"), ("note", "都合が悪くなった")],
        )
        .await;
        assert_eq!(status(rb).await.0, "cancelled");
        assert_eq!(status(rc).await, ("confirmed".into(), None));
        let (_, calls): (String, Vec<serde_json::Value>) =
            app.call(&staff, "/api/notify/calls", "date=").await.json().await.unwrap();
        let open: Vec<_> = calls.iter().filter(|c| c["done"] == false).collect();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0]["resident_id"], c);
        // A call already recorded cannot be recorded twice.
        let r = app.post_form(&staff, &call, &[("outcome", "reached"), ("note", "")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("call_already_closed"));
    })
    .await;
}

#[tokio::test]
async fn a_cancelled_session_lists_everyone_to_tell_by_their_channel() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("台風で中止", 9, 3).await;
        let by_phone = app.add_resident("木村 花", "きむら はな", "0425630404", "phone").await;
        let by_email = app.add_resident("工藤 空", "くどう そら", "0425630505", "email").await;
        let by_letter = app.add_resident("近藤 海", "こんどう うみ", "0425630606", "letter").await;
        for (n, r) in [by_phone, by_email, by_letter].into_iter().enumerate() {
            app.book(&staff, session, r, &format!("k{n}")).await;
        }
        // The email confirmation waits in the outbox; the letter one on the letters list.
        let pending = |kind: &'static str, channel: &'static str| {
            let app = &app;
            async move {
                let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE session_id = $1 AND kind = $2 AND channel = $3 AND status = 'pending'")
                    .bind(session).bind(kind).bind(channel)
                    .fetch_one(&app.db.pool).await.unwrap();
                n
            }
        };
        assert_eq!(pending("confirmation", "email").await, 1);
        assert_eq!(pending("confirmation", "letter").await, 1);
        let r = app.post_form(&staff, &format!("/forms/sessions/{session}/cancel"), &[("reason", "台風の接近")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("session_cancelled"));
        assert_eq!(pending("confirmation", "email").await, 0, "unsent confirmation withdrawn");
        assert_eq!(pending("session_cancelled", "email").await, 1);
        // The letter person has a phone: they are called rather than sent a late letter.
        assert_eq!(pending("session_cancelled", "phone").await, 2);

        // The session page lists the people to tell, with their numbers, for staff.
        let page = app.get(&staff, &format!("/sessions/{session}")).await.text().await.unwrap();
        assert!(page.contains(">連絡が必要な方<"));
        assert!(page.contains("042-563-0404") && page.contains("042-563-0505") && page.contains("042-563-0606"));
        let roster: Vec<serde_json::Value> = app.call(&staff, "/api/registrations/roster", &format!("session_id={session}")).await.json().await.unwrap();
        assert_eq!(roster.len(), 3);
        let (_, calls): (String, Vec<serde_json::Value>) = app.call(&staff, "/api/notify/calls", "date=").await.json().await.unwrap();
        assert_eq!(calls.iter().filter(|c| c["kind"] == "SessionCancelled").count(), 2);
    })
    .await;
}

#[tokio::test]
async fn only_staff_and_admins_reach_residents() {
    on_both(async |app: TestApp| {
        let session = app.add_session("権限", 5, 10).await;
        let resident = app.add_resident("秘密 守", "ひみつ まもる", "0425639999", "phone").await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app.call(&admin, "/api/residents/search", "q=himitsu").await;
        assert!(!r.text().await.unwrap().contains("0425639999"), "digits are grouped, not raw");
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            for page in [
                "/intake",
                &format!("/residents/{resident}"),
                "/residents/new",
                "/calls",
                "/letters",
                "/outbox",
            ] {
                let r = app.get(&c, page).await;
                assert_eq!(r.status(), 403, "{role:?} {page}");
                let html = r.text().await.unwrap();
                assert!(
                    !html.contains("ひみつ") && !html.contains("042-563-9999"),
                    "{role:?} {page}"
                );
            }
            for (path, body) in [
                ("/api/residents/search", "q=himitsu".to_string()),
                ("/api/residents/get", format!("id={resident}")),
                ("/api/residents/matches", format!("ids={resident}")),
                ("/api/registrations/roster", format!("session_id={session}")),
                ("/api/registrations/choices", format!("resident_id={resident}")),
                ("/api/notify/calls", "date=".to_string()),
                ("/api/notify/letters", String::new()),
                ("/api/notify/outbox", String::new()),
            ] {
                let r = app.call(&c, path, &body).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
                let text = r.text().await.unwrap();
                assert!(
                    !text.contains("ひみつ") && !text.contains("9999"),
                    "{role:?} {path}: {text}"
                );
            }
            for (path, form) in [
                ("/forms/residents".to_string(), vec![("name", "x"), ("kana", "x")]),
                (format!("/forms/residents/{resident}"), vec![("name", "x")]),
                (format!("/forms/residents/{resident}/merge"), vec![("into", "1")]),
                (
                    "/forms/registrations".to_string(),
                    vec![("session_id", "1"), ("resident_id", "1"), ("key", "k")],
                ),
                ("/forms/registrations/1/cancel".to_string(), vec![("reason", "x")]),
                ("/forms/calls/1".to_string(), vec![("outcome", "reached")]),
                ("/forms/letters/printed".to_string(), vec![("id", "1")]),
            ] {
                let r = app.post_form(&c, &path, &form).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
            }
            // The session page shows no roster to them.
            let html = app.get(&c, &format!("/sessions/{session}")).await.text().await.unwrap();
            assert!(!html.contains("ひみつ"));
        }
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM registrations WHERE resident_id = $1", resident)
                .await,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn merging_moves_bookings_and_history_to_the_kept_record() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let shared = app.add_session("両方が申込", 6, 5).await;
        let only_old = app.add_session("古い記録だけ", 8, 5).await;
        let keep = app.add_resident("高橋 和子", "たかはし かずこ", "0425631212", "phone").await;
        let old = app.add_resident("高橋 和子", "たかはし かずこ", "09011112222", "phone").await;
        app.book(&staff, shared, keep, "m1").await;
        app.book(&staff, shared, old, "m2").await;
        app.book(&staff, only_old, old, "m3").await;
        let r = app.post_form(&staff, &format!("/forms/residents/{old}/merge"), &[("into", &old.to_string())]).await;
        assert_eq!(redirect_param(&r, "e.into").as_deref(), Some("merge_self"));
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &format!("/forms/residents/{old}/merge"), &[("into", &keep.to_string())]).await;
        app.assert_audited(
            mark,
            &[
                format!("merge resident {old} merged into {keep}"),
                format!("merge resident {keep} merged from {old}"),
            ],
        )
        .await;
        assert_eq!(location(&r), format!("/residents/{keep}?notice=residents_merged"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM registrations WHERE resident_id = $1 AND status <> 'cancelled'", keep).await, 2);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM registrations WHERE resident_id = $1", old).await, 0);
        assert_eq!(count(&app, "SELECT seats_taken FROM sessions WHERE id = $1", shared).await, 1, "the double booking gave its seat back");
        let (phone_alt, merged): (Option<String>, Option<i64>) = sqlx::query_as("SELECT (SELECT phone_alt FROM residents WHERE id = $1), merged_into FROM residents WHERE id = $2")
            .bind(keep).bind(old).fetch_one(&app.db.pool).await.unwrap();
        assert_eq!(phone_alt.as_deref(), Some("09011112222"), "the other number is kept");
        assert_eq!(merged, Some(keep));
        // The merged record no longer turns up in searches.
        let found: Vec<serde_json::Value> = app.call(&staff, "/api/residents/search", "q=takahashi").await.json().await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0]["phones"].as_array().unwrap().len(), 2);
    })
    .await;
}

/// The intake search's "register" button posts what was searched for; the new form shows
/// it filled in (a phone number, a reading or a name), and it is in no address.
#[tokio::test]
async fn a_new_resident_form_is_filled_in_from_the_search_without_the_address() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        for (typed, field) in [
            ("042-563-9876", "phone"),
            ("もりた はる", "kana"),
            ("morita", "kana"),
            ("森田 春", "name"),
        ] {
            let r = app.post_form(&staff, "/forms/residents/from-search", &[("q", typed)]).await;
            assert_eq!(r.status(), 303, "{typed}");
            assert!(location(&r).starts_with("/residents/new?"), "{}", location(&r));
            let page = app.refused_page(&staff, &r, &[typed, "9876"]).await;
            let name = format!("name=\"{field}\"");
            let tag = page
                .split("<input")
                .map(|t| &t[..t.find('>').unwrap_or(t.len())])
                .find(|t| t.contains(&name))
                .unwrap_or_else(|| panic!("no {field} field"));
            assert!(tag.contains(&format!("value=\"{typed}\"")), "{typed} in {field}: {tag}");
        }
        // Only those who register residents may.
        for role in [Role::Volunteer, Role::Reviewer, Role::Coordinator] {
            let (client, _) = app.signed_in(role).await;
            let r = app.post_form(&client, "/forms/residents/from-search", &[("q", "森田")]).await;
            assert_eq!(r.status(), 403, "{role:?}");
        }
    })
    .await;
}

/// The ids the intake search answers for `typed`.
async fn found(app: &TestApp, staff: &reqwest::Client, typed: &str) -> Vec<i64> {
    let body = serde_urlencoded::to_string([("q", typed)]).unwrap();
    let r = app.call(staff, "/api/residents/search", &body).await;
    assert_eq!(r.status(), 200, "{typed}");
    let found: Vec<serde_json::Value> = r.json().await.unwrap();
    found.iter().map(|f| f["id"].as_i64().unwrap()).collect()
}

/// The search's indexes (trigram indexes on PostgreSQL, the full-text index kept by
/// triggers on SQLite) follow every change of a resident, and fragments the index cannot
/// take (short ones, LIKE wildcards) are still found.
#[tokio::test]
async fn the_search_index_follows_every_change_of_a_resident() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let id = app.add_resident("森 はな", "もりはな", "09011112222", "phone").await;
        let other = app.add_resident("森 100%", "もりひゃく", "0425551099", "phone").await;
        for typed in ["もりは", "りはな", "mori hana", "1112", "森はな", "森", "もり", "はな"]
        {
            assert!(found(&app, &staff, typed).await.contains(&id), "{typed}");
        }
        // LIKE's wildcards are matched as themselves, by the scan.
        assert_eq!(found(&app, &staff, "100%").await, vec![other]);
        assert_eq!(found(&app, &staff, "森100").await, vec![other]);

        sqlx::query(
            "UPDATE residents SET name = '森田 はな', kana_compact = 'もりたはな', \
             phone = '08033334444', phone_alt = '0425557777' WHERE id = $1",
        )
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
        for (typed, wanted) in [
            ("1112", false),
            ("もりは", false),
            ("3333", true),
            ("5557", true),
            ("森田は", true),
            ("りたは", true),
            ("りは", false),
            ("りた", true),
            ("森田", true),
            ("田は", true),
        ] {
            assert_eq!(found(&app, &staff, typed).await.contains(&id), wanted, "{typed}");
        }
        // More than 30 match: the first of the list answer (FIRST_LOOK), the same 30 in the
        // same order as a plain scan of the table.
        let syllables: Vec<char> =
            "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもや"
                .chars()
                .collect();
        for (n, c) in syllables.iter().enumerate() {
            app.add_resident(
                &format!("共通 {n}"),
                &format!("きょうつう{c}"),
                &format!("0801234{n:04}"),
                "phone",
            )
            .await;
        }
        for (typed, condition) in [
            ("きょうつう", "kana_compact LIKE '%きょうつう%'"),
            ("1234", "(phone LIKE '%1234%' OR phone_alt LIKE '%1234%')"),
        ] {
            let scan: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM residents WHERE merged_into IS NULL AND {condition} \
                 ORDER BY kana_sort, id LIMIT 30"
            )))
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
            assert_eq!(scan.len(), 30, "{typed}");
            assert_eq!(found(&app, &staff, typed).await, scan, "{typed}");
        }
        sqlx::query("DELETE FROM residents WHERE id = $1")
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        assert!(found(&app, &staff, "3333").await.is_empty());
        assert!(found(&app, &staff, "森田は").await.is_empty());
        assert!(found(&app, &staff, "森田").await.is_empty());
        assert!(found(&app, &staff, "りた").await.is_empty());
    })
    .await;
}

/// A reading fragment gives the first 30 matches in list order, the same as a plain scan,
/// wherever it falls in the reading: at its start (more than 30 there, after more than the
/// first look's 2,000 rows), across the space between two words, after the first
/// character, in readings of three words, with voiced and long-vowel spellings about.
/// PostgreSQL finds these three ways (`kana_on_postgres`); SQLite by its full-text index.
/// Fragments of one or two characters, of readings and names, come from `residents_grams`.
#[tokio::test]
async fn a_reading_fragment_is_found_wherever_it_falls_in_the_reading() {
    on_both(async |app: TestApp| {
        if app.backend == yorisoi::db::Backend::Postgres {
            // The ranges need code-point order whatever the database's locale (this one's
            // already sorts so, which would hide a missing COLLATE).
            for table in ["residents", "supporters"] {
                let collation: Option<String> = sqlx::query_scalar(
                    "SELECT CAST(collation_name AS TEXT) FROM information_schema.columns \
                     WHERE table_name = $1 AND column_name = 'kana_sort' \
                       AND table_schema = current_schema()",
                )
                .bind(table)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
                assert_eq!(collation.as_deref(), Some("C"), "{table}");
            }
        }
        // Readings that sort before さ, more than the first look reads.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100) \
             INSERT INTO residents (name, kana, kana_compact, kana_sort, created_at, updated_at) \
             SELECT '阿 亜', 'あ あ', 'ああ', 'あ あ' || $1 || 'あ あ', 0, 0 FROM n",
        )
        .bind("\u{1}")
        .execute(&app.db.pool)
        .await
        .unwrap();
        let mut readings: Vec<String> = (0..35).map(|_| "さとう たろう".to_string()).collect();
        readings.extend(
            [
                "さ とうじ",
                "さと うた",
                "さ と うた",
                "さとうだ はな",
                "さどう いち",
                "ざとう いち",
                "いさとう みか",
                "かとう さとう",
                "さとう まり あん",
                "さとー けん",
                "さとお けん",
                "さとう",
                "とうた ろう",
                "おおさと うたこ",
                "ささとう あい",
            ]
            .map(String::from),
        );
        for (n, reading) in readings.iter().enumerate() {
            let kana = Kana::parse(reading).unwrap();
            sqlx::query(
                "INSERT INTO residents (name, kana, kana_compact, kana_sort, created_at, \
                 updated_at) VALUES ($1, $2, $3, $4, 0, 0)",
            )
            .bind(format!("試験 {n}"))
            .bind(kana.as_str())
            .bind(kana.as_str().replace(' ', ""))
            .bind(kana.sort_key())
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        // A merged record is not found; and letters that are no romaji are a name, in
        // which SQLite's LIKE (and so its search) ignores ASCII case, PostgreSQL's not.
        let merged = app.add_resident("併合 次郎", "へいごう じろう", "09077770001", "phone").await;
        let into = app.add_resident("併合 太郎", "へいごう たろう", "09077770002", "phone").await;
        sqlx::query("UPDATE residents SET merged_into = $1 WHERE id = $2")
            .bind(into)
            .bind(merged)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let lettered = app.add_resident("JQ Wu", "じぇいきゅう う", "09077770003", "phone").await;
        let jq: Vec<i64> = yorisoi::residents::store::search(&app.db, "jq")
            .await
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        let sqlite = app.backend == yorisoi::db::Backend::Sqlite;
        assert_eq!(jq, if sqlite { vec![lettered] } else { vec![] });
        for typed in [
            "さとう",
            "satou",
            "サトウタ",
            "さとうた",
            "とうた",
            "うたこ",
            "さとうだ",
            "ざとう",
            "さとー",
            "さとうまりあ",
            "うまりあん",
            "ささと",
            "さとうたろう",
            "おさとうた",
            // One or two characters (read from `residents_grams`), of a reading or of a
            // name; 「併合」 is in two names, one of them merged into another record.
            "併合",
            "験",
            "さ",
            "さと",
            "とう",
            "うた",
            "ざと",
            "とー",
            "試験",
            "験1",
            "験 3",
        ] {
            let (column, fragment) = match Kana::parse(typed) {
                Ok(k) => ("kana_compact", k.as_str().replace(' ', "")),
                Err(_) => {
                    ("REPLACE(REPLACE(name, ' ', ''), '　', '')", typed.replace([' ', '　'], ""))
                }
            };
            let scan: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT id FROM residents WHERE merged_into IS NULL AND {column} LIKE $1 \
                 ORDER BY kana_sort, id LIMIT 30"
            )))
            .bind(format!("%{fragment}%"))
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
            assert!(!scan.is_empty(), "{typed}");
            let found: Vec<i64> = yorisoi::residents::store::search(&app.db, typed)
                .await
                .unwrap()
                .iter()
                .map(|m| m.id)
                .collect();
            assert_eq!(found, scan, "{typed}");
        }
    })
    .await;
}
