//! When plans change, everyone booked is told: a moved session owes one "changed" notice
//! per live registration by its channel, on SQLite and PostgreSQL.
use crate::common::{on_both, TestApp};
use crate::sessions::{created_id, form, future_date, post, setup, with};
use yorisoi::auth::Role;

/// The pending "changed" notices of a session: (resident, channel, was_starts_at).
async fn changed(app: &TestApp, session: i64) -> Vec<(i64, String, Option<i64>)> {
    sqlx::query_as(
        "SELECT resident_id, channel, was_starts_at FROM notices WHERE session_id = $1 \
         AND kind = 'session_changed' AND status = 'pending' ORDER BY resident_id",
    )
    .bind(session)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn starts_at_hour(app: &TestApp, session: i64) -> i64 {
    (starts_at(app, session).await % 86_400) / 3600
}

async fn starts_at(app: &TestApp, session: i64) -> i64 {
    sqlx::query_scalar("SELECT starts_at FROM sessions WHERE id = $1")
        .bind(session)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_moved_session_tells_each_person_booked_once_by_their_channel() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let other_venue = app.add_venue("南街公民館").await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        // A month ahead: time enough for a letter.
        let date = future_date(30);
        let base = form(&s, s.group, &date, "14:00", "16:00");
        let id = created_id(&post(&app, &staff, "/forms/sessions", &base).await);
        let by_phone = app.add_resident("木村 花", "きむら はな", "0425630404", "phone").await;
        let by_email = app.add_resident("工藤 空", "くどう そら", "0425630505", "email").await;
        let by_letter = app.add_resident("近藤 海", "こんどう うみ", "0425630606", "letter").await;
        let waiting = app.add_resident("佐藤 陸", "さとう りく", "0425630707", "phone").await;
        let gone = app.add_resident("田中 森", "たなか もり", "0425630808", "phone").await;
        for r in [by_phone, by_email, by_letter] {
            app.add_place(id, r).await;
        }
        app.add_registration(id, waiting, "waitlisted", "w").await;
        app.add_registration(id, gone, "cancelled", "g").await;
        let edit = |f: Vec<(String, String)>| {
            let (app, staff) = (&app, &staff);
            async move {
                let r = post(app, staff, &format!("/forms/sessions/{id}"), &f).await;
                assert!(crate::common::location(&r).ends_with("notice=session_updated"));
            }
        };

        // The description and the seats change: nobody is told.
        edit(with(with(base.clone(), "description", "内容を詳しく"), "capacity", "25")).await;
        assert!(changed(&app, id).await.is_empty());

        // An hour later: each live registration once, by its channel; the cancelled none.
        let original = starts_at(&app, id).await;
        let mark = app.audit_mark().await;
        edit(form(&s, s.group, &date, "15:00", "17:00")).await;
        app.assert_audited(
            mark,
            &[
                format!("update session {id}"),
                format!("update session {id} moved: 4 changed notices"),
            ],
        )
        .await;
        let expected = |was: i64| {
            vec![
                (by_phone, "phone".to_string(), Some(was)),
                (by_email, "email".to_string(), Some(was)),
                (by_letter, "letter".to_string(), Some(was)),
                (waiting, "phone".to_string(), Some(was)),
            ]
        };
        assert_eq!(changed(&app, id).await, expected(original));
        let letter: String = sqlx::query_scalar(
            "SELECT body FROM notices WHERE kind = 'session_changed' AND channel = 'letter'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert!(letter.contains("14:00～16:00 → ") && letter.contains("15:00～17:00"), "{letter}");
        // The call list reads out before and now.
        let calls = app.get(&staff, "/calls").await.text().await.unwrap();
        assert!(calls.contains("日時・会場変更のお知らせ"));
        assert!(calls.contains("14:00～16:00 → "), "the call says what it was");

        // Moved again to another venue before anyone was told: still one notice each, and it
        // says where and when the person was last told.
        edit(with(
            form(&s, s.group, &date, "15:00", "17:00"),
            "venue_id",
            &other_venue.to_string(),
        ))
        .await;
        assert_eq!(changed(&app, id).await, expected(original));
        let call = app.get(&staff, "/calls").await.text().await.unwrap();
        assert!(call.contains("会場：中央公民館 学習室 → 南街公民館"), "venue before and now");

        // Back where and when it was: nothing left to tell.
        edit(base.clone()).await;
        assert!(changed(&app, id).await.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_late_change_calls_those_who_asked_for_letters_and_a_series_tells_each_occurrence() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        // Three days ahead, weekly twice: no time for post before the first.
        let date = future_date(3);
        let series = with(
            with(form(&s, s.group, &date, "10:00", "12:00"), "repeat", "weekly"),
            "repeat_count",
            "2",
        );
        let first = created_id(&post(&app, &staff, "/forms/sessions", &series).await);
        let second: i64 = sqlx::query_scalar("SELECT id FROM sessions WHERE id <> $1")
            .bind(first)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let by_letter = app.add_resident("近藤 海", "こんどう うみ", "0425630606", "letter").await;
        app.add_place(first, by_letter).await;
        app.add_place(second, by_letter).await;
        let edit = with(form(&s, s.group, &date, "13:00", "15:00"), "scope", "following");
        post(&app, &staff, &format!("/forms/sessions/{first}"), &edit).await;
        let channel = |session| {
            let app = &app;
            async move { changed(app, session).await.into_iter().map(|c| c.1).collect::<Vec<_>>() }
        };
        assert_eq!(channel(first).await, ["phone"], "three days is too late for post");
        assert_eq!(channel(second).await, ["letter"], "ten days is not");

        // A session already over, its time corrected before its report: nobody is told.
        let past = future_date(-3);
        let held = created_id(
            &post(&app, &staff, "/forms/sessions", &form(&s, s.group, &past, "18:00", "19:00"))
                .await,
        );
        app.add_place(held, by_letter).await;
        let fix = form(&s, s.group, &past, "18:30", "19:30");
        post(&app, &staff, &format!("/forms/sessions/{held}"), &fix).await;
        assert_eq!(starts_at_hour(&app, held).await, 9, "18:30 JST is 09:30 UTC");
        assert!(changed(&app, held).await.is_empty());
    })
    .await;
}

/// The session's status and how many notices of `kind` it owes by channel, as
/// `(email, phone, letter)`.
async fn owed(app: &TestApp, session: i64, kind: &str) -> (String, [i64; 3]) {
    let status: String = sqlx::query_scalar("SELECT status FROM sessions WHERE id = $1")
        .bind(session)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let mut counts = [0; 3];
    for (i, channel) in ["email", "phone", "letter"].into_iter().enumerate() {
        counts[i] = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notices WHERE session_id = $1 AND kind = $2 AND channel = $3 \
             AND status = 'pending'",
        )
        .bind(session)
        .bind(kind)
        .bind(channel)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    }
    (status, counts)
}

async fn in_district(app: &TestApp, session: i64, district: i64) {
    sqlx::query(
        "UPDATE venues SET district_id = $1 WHERE id = (SELECT venue_id FROM sessions WHERE id = $2)",
    )
    .bind(district)
    .bind(session)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

/// The day in Japan `days` from now, `YYYY-MM-DD`.
fn japan_day(days: i64) -> String {
    (chrono::Utc::now() + chrono::Duration::days(days))
        .with_timezone(&chrono_tz::Asia::Tokyo)
        .format("%Y-%m-%d")
        .to_string()
}

fn form_of(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

#[tokio::test]
async fn a_typhoon_day_is_cancelled_in_one_step_after_confirming() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let day = japan_day(5);
        let next_day = japan_day(6);
        let north = app.add_session_on("北の教室", &day, "community", "scheduled").await;
        let south = app.add_session_on("南の教室", &day, "community", "scheduled").await;
        let tomorrow = app.add_session_on("翌日の教室", &next_day, "community", "scheduled").await;
        let already = app.add_session_on("中止済みの教室", &day, "community", "cancelled").await;
        in_district(&app, north, 1).await;
        in_district(&app, south, 2).await;
        let by_phone = app.add_resident("木村 花", "きむら はな", "0425630404", "phone").await;
        let by_email = app.add_resident("工藤 空", "くどう そら", "0425630505", "email").await;
        let by_letter = app.add_resident("近藤 海", "こんどう うみ", "0425630606", "letter").await;
        for r in [by_phone, by_email, by_letter] {
            app.add_place(north, r).await;
        }
        app.add_place(south, by_phone).await;
        app.add_place(tomorrow, by_email).await;

        // The confirmation page lists the day's scheduled sessions with who will be told.
        let page = app.get(&staff, &format!("/sessions/cancel?date={day}")).await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("北の教室") && html.contains("南の教室"));
        // (Their hosts are among the partners to filter by: look for the session links.)
        assert!(!html.contains(">翌日の教室<") && !html.contains(">中止済みの教室<"));
        assert!(html.contains("中止する体験会（2件）"));
        // The letter person has a phone: a cancellation is a call.
        assert!(
            html.contains("メール 1・電話 2・郵送 0") && html.contains("メール 0・電話 1・郵送 0")
        );
        assert!(html.contains("4人に連絡"), "the total");
        assert!(!html.contains("042-563-0404"), "counts only, no numbers");
        // Only one district.
        let html = app.get(&staff, &format!("/sessions/cancel?date={day}&district=1")).await;
        let html = html.text().await.unwrap();
        assert!(html.contains(">北の教室<") && !html.contains(">南の教室<"));

        let both = |extra: &[(&str, &str)]| {
            let mut f = form_of(&[
                ("session", north.to_string()),
                ("session", south.to_string()),
                ("date", day.clone()),
            ]);
            f.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
            f
        };
        // Without the box ticked, or without a reason, nothing happens.
        let r =
            post(&app, &staff, "/forms/sessions/cancel", &both(&[("reason", "台風の接近")])).await;
        assert_eq!(
            crate::common::redirect_param(&r, "e.confirm").as_deref(),
            Some("erase_confirm")
        );
        assert!(crate::common::location(&r).starts_with(&format!("/sessions/cancel?date={day}")));
        let r = post(&app, &staff, "/forms/sessions/cancel", &both(&[("confirm", "1")])).await;
        assert_eq!(crate::common::redirect_param(&r, "e.reason").as_deref(), Some("required"));
        assert_eq!(owed(&app, north, "session_cancelled").await, ("scheduled".into(), [0, 0, 0]));

        // Confirmed: both in one step, with their notices; the next day's untouched.
        let mark = app.audit_mark().await;
        let r = post(
            &app,
            &staff,
            "/forms/sessions/cancel",
            &both(&[("reason", "台風の接近"), ("confirm", "1")]),
        )
        .await;
        let result = crate::common::location(&r);
        assert_eq!(
            result,
            format!(
                "/sessions/cancelled?ids={},{}&notice=sessions_cancelled",
                north.min(south),
                north.max(south)
            )
        );
        assert_eq!(owed(&app, north, "session_cancelled").await, ("cancelled".into(), [1, 2, 0]));
        assert_eq!(owed(&app, south, "session_cancelled").await, ("cancelled".into(), [0, 1, 0]));
        assert_eq!(
            owed(&app, tomorrow, "session_cancelled").await,
            ("scheduled".into(), [0, 0, 0])
        );
        assert_eq!(owed(&app, already, "session_cancelled").await, ("cancelled".into(), [0, 0, 0]));
        let mut expected = vec![
            format!("update session {north} cancelled with 2 sessions at once"),
            format!("update session {south} cancelled with 2 sessions at once"),
        ];
        expected.sort();
        app.assert_audited(mark, &expected).await;

        // The result page: the calls by session, printable, and that read is audited.
        let mark = app.audit_mark().await;
        let html = app.get(&staff, &result).await.text().await.unwrap();
        assert!(html.contains("キムラ ハナ") && html.contains("042-563-0404"));
        assert!(html.contains("042-563-0606"), "the letter person is phoned");
        assert!(!html.contains("042-563-0505"), "the email person is emailed");
        assert!(html.contains("メール 1・電話 2・郵送 0"));
        let audited = app.audited_since(mark).await;
        assert!(
            audited.iter().any(|a| a.starts_with("read list cancelled sessions' calls residents")),
            "{audited:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn coordinators_cancel_only_their_partners_sessions_and_see_no_numbers() {
    on_both(async |app: TestApp| {
        let (coordinator, user) = app.signed_in(Role::Coordinator).await;
        let partner: i64 = sqlx::query_scalar("SELECT partner_id FROM users WHERE id = $1")
            .bind(user)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let day = japan_day(4);
        let own = app.add_session_on("自分の会の教室", &day, "community", "scheduled").await;
        let other = app.add_session_on("よその会の教室", &day, "community", "scheduled").await;
        sqlx::query("UPDATE sessions SET host_partner_id = $1 WHERE id = $2")
            .bind(partner)
            .bind(own)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let resident = app.add_resident("秘密 守", "ひみつ まもる", "0425639999", "phone").await;
        app.add_place(own, resident).await;

        let html = app.get(&coordinator, &format!("/sessions/cancel?date={day}")).await;
        let html = html.text().await.unwrap();
        assert!(html.contains(">自分の会の教室<") && !html.contains(">よその会の教室<"));
        let r = post(
            &app,
            &coordinator,
            "/forms/sessions/cancel",
            &form_of(&[
                ("session", own.to_string()),
                ("session", other.to_string()),
                ("reason", "講師の急病".into()),
                ("confirm", "1".into()),
            ]),
        )
        .await;
        assert_eq!(r.status(), 403, "another partner's session");
        assert_eq!(owed(&app, own, "session_cancelled").await.0, "scheduled");
        let r = post(
            &app,
            &coordinator,
            "/forms/sessions/cancel",
            &form_of(&[
                ("session", own.to_string()),
                ("reason", "講師の急病".into()),
                ("confirm", "1".into()),
            ]),
        )
        .await;
        let result = crate::common::location(&r);
        assert_eq!(owed(&app, own, "session_cancelled").await, ("cancelled".into(), [0, 1, 0]));
        let html = app.get(&coordinator, &result).await.text().await.unwrap();
        assert!(html.contains("自分の会の教室") && html.contains("市の職員が行います"));
        assert!(!html.contains("042-563-9999") && !html.contains("ひみつ"), "no resident data");
        let json = app.call(&coordinator, "/api/sessions/cancelled", &format!("ids={own}")).await;
        assert!(!json.text().await.unwrap().contains("0425639999"));

        // Volunteers and reviewers may not; anonymous visitors are asked to sign in.
        for role in [Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            assert_eq!(app.get(&c, &format!("/sessions/cancel?date={day}")).await.status(), 403);
            assert_eq!(app.get(&c, &result).await.status(), 403);
            let r = post(
                &app,
                &c,
                "/forms/sessions/cancel",
                &form_of(&[("session", other.to_string())]),
            )
            .await;
            assert_eq!(r.status(), 403, "{role:?}");
            assert_eq!(app.call(&c, "/api/sessions/cancel-preview", "").await.status(), 403);
            assert_eq!(app.call(&c, "/api/sessions/cancelled", "ids=").await.status(), 403);
        }
        let r = post(&app, &crate::common::client(), "/forms/sessions/cancel", &[]).await;
        assert_eq!(r.status(), 401);
    })
    .await;
}

#[tokio::test]
async fn a_series_is_cancelled_from_one_occurrence_on() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let series = with(
            with(form(&s, s.group, &future_date(10), "10:00", "12:00"), "repeat", "weekly"),
            "repeat_count",
            "3",
        );
        created_id(&post(&app, &staff, "/forms/sessions", &series).await);
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM sessions ORDER BY starts_at")
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
        let page = app.get(&staff, &format!("/sessions/{}", ids[1])).await.text().await.unwrap();
        assert!(page.contains(&format!("/sessions/cancel?series_from={}", ids[1])));
        let html = app.get(&staff, &format!("/sessions/cancel?series_from={}", ids[1])).await;
        assert!(html.text().await.unwrap().contains("中止する体験会（2件）"));
        let r = post(
            &app,
            &staff,
            "/forms/sessions/cancel",
            &form_of(&[
                ("session", ids[1].to_string()),
                ("session", ids[2].to_string()),
                ("series_from", ids[1].to_string()),
                ("reason", "会場の改修工事".into()),
                ("confirm", "1".into()),
            ]),
        )
        .await;
        assert!(crate::common::location(&r).starts_with("/sessions/cancelled?ids="));
        let statuses: Vec<String> =
            sqlx::query_scalar("SELECT status FROM sessions ORDER BY starts_at")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(statuses, ["scheduled", "cancelled", "cancelled"]);
    })
    .await;
}

#[tokio::test]
async fn the_booking_slip_names_the_person_and_the_session_in_large_type() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("はじめてのスマホ", 12, 1).await;
        let booked = app.add_resident("山田 花子", "やまだ はなこ", "0425631111", "letter").await;
        let waiting = app.add_resident("佐藤 一郎", "さとう いちろう", "0425632222", "phone").await;
        sqlx::query("UPDATE residents SET address = '東大和市南街5-1' WHERE id = $1")
            .bind(booked)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let seat = app.add_place(session, booked).await;
        let place = app.add_registration(session, waiting, "waitlisted", "w1").await;
        sqlx::query("UPDATE registrations SET waitlist_position = 1 WHERE id = $1")
            .bind(place)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let readback =
            app.get(&staff, &format!("/registrations/{seat}")).await.text().await.unwrap();
        assert!(readback.contains(&format!("/registrations/{seat}/slip")));
        let mark = app.audit_mark().await;
        let slip = app.get(&staff, &format!("/registrations/{seat}/slip")).await;
        assert_eq!(slip.status(), 200);
        let html = slip.text().await.unwrap();
        assert!(html.contains(">予約票<") && html.contains("山田 花子"));
        assert!(html.contains("はじめてのスマホ") && html.contains("の会場"));
        assert!(html.contains("042-563-2111"), "the city's number");
        // The person's own name and nothing else of them: no address, phone or other people.
        assert!(!html.contains("南街5-1") && !html.contains("042-563-1111"));
        assert!(!html.contains("佐藤"));
        app.assert_audited(mark, &[format!("read list read-back residents {booked}")]).await;
        let html =
            app.get(&staff, &format!("/registrations/{place}/slip")).await.text().await.unwrap();
        assert!(html.contains("キャンセル待ち票") && html.contains("キャンセル待ち1番目"));
        // A cancelled session has no slip.
        sqlx::query("UPDATE sessions SET status = 'cancelled' WHERE id = $1")
            .bind(session)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let html =
            app.get(&staff, &format!("/registrations/{seat}/slip")).await.text().await.unwrap();
        assert!(html.contains("予約票は印刷できません") && !html.contains(">予約票<"));
        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            assert_eq!(app.get(&c, &format!("/registrations/{seat}/slip")).await.status(), 403);
        }
    })
    .await;
}
