//! The today page on SQLite and PostgreSQL: each role's items on a hand-built day (and on
//! both sides of midnight in Japan, and on an empty day), each demand warning raised and
//! not raised, the session page's warnings for whoever may edit it, and the denials: a
//! volunteer's and a reviewer's page carry no resident.
use crate::common;

use common::{client, on_both, TestApp};
use yorisoi::auth::{CurrentUser, Role};
use yorisoi::notify::NoticeKind;
use yorisoi::today::ops::today;
use yorisoi::today::{CallCount, Warning, WarningPhone};

/// 12:00 in Japan on 2026-12-10.
const NOON: i64 = 1_796_871_600;
/// 23:59:59 in Japan on 2026-12-09, and the next second: 00:00 on 2026-12-10.
const BEFORE_MIDNIGHT: i64 = 1_796_828_399;
const MIDNIGHT: i64 = 1_796_828_400;

async fn user(app: &TestApp, login: &str, role: Role) -> CurrentUser {
    let id = app.add_user(login, role).await;
    let (partner_id, partner_name): (Option<i64>, Option<String>) = sqlx::query_as(
        "SELECT u.partner_id, p.name FROM users u LEFT JOIN partners p ON p.id = u.partner_id \
         WHERE u.id = $1",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    CurrentUser {
        id,
        login: login.into(),
        display_name: format!("{login} さん"),
        role,
        partner_id,
        partner_name,
        must_change_password: false,
        locale: None,
    }
}

async fn exec(app: &TestApp, sql: &str, values: &[i64]) {
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for v in values {
        q = q.bind(*v);
    }
    q.execute(&app.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[allow(clippy::too_many_arguments)]
async fn notice(
    app: &TestApp,
    kind: &str,
    channel: &str,
    resident: Option<i64>,
    session: Option<i64>,
    supporter: Option<i64>,
    due_on: &str,
    status: &str,
    last_error: Option<&str>,
) {
    sqlx::query(
        "INSERT INTO notices (kind, channel, resident_id, session_id, supporter_id, dedupe_key, \
            due_on, status, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0)",
    )
    .bind(kind)
    .bind(channel)
    .bind(resident)
    .bind(session)
    .bind(supporter)
    .bind(format!("{kind}-{channel}-{due_on}-{status}-{}", uuid_ish(app).await))
    .bind(due_on)
    .bind(status)
    .bind(last_error)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn uuid_ish(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notices").fetch_one(&app.db.pool).await.unwrap()
}

async fn support_request(app: &TestApp, staff: i64, status: &str, follow_up_on: &str) {
    sqlx::query(
        "INSERT INTO support_requests (requested_on, channel, procedure_other, status, \
            follow_up_on, staff_id, created_at, updated_at) \
         VALUES ('2026-11-01', 'counter', 'その他', $1, $2, $3, 0, 0)",
    )
    .bind(status)
    .bind(follow_up_on)
    .bind(staff)
    .execute(&app.db.pool)
    .await
    .unwrap();
}

async fn supporter_for(app: &TestApp, user: Option<i64>, stage: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO supporters (name, kana, kana_compact, kana_sort, basis, stage, \
            last_progress_on, user_id, created_at, updated_at) \
         VALUES ('支援 一子', 'しえん いちこ', 'しえんいちこ', 'しえんいちこ', 'lives', $1, \
            '2026-11-01', $2, 0, 0) RETURNING id",
    )
    .bind(stage)
    .bind(user)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_desk_sees_the_days_work_counted_on_both_sides_of_midnight() {
    on_both(async |app: TestApp| {
        let staff = user(&app, "desk", Role::Staff).await;
        let admin = user(&app, "boss", Role::Admin).await;

        // An empty day: nothing counted, no session, and the desk is quiet.
        let empty = today(&app.db, &staff, false, NOON).await.unwrap();
        assert_eq!(empty.today, "2026-12-10");
        let desk = empty.desk.expect("staff get the desk");
        assert!(desk.is_quiet() && desk.sessions.is_empty(), "{desk:?}");
        assert!(!desk.smtp_configured);
        assert!(empty.admin.is_none() && empty.partner.is_none() && empty.helper.is_none());

        let s_today = app.add_session_on("今日の会", "2026-12-10", "community", "scheduled").await;
        let s_tomorrow = app.add_session_on("明日の会", "2026-12-11", "city", "scheduled").await;
        app.add_session_on("明後日の会", "2026-12-12", "city", "scheduled").await;
        app.add_session_on("中止の会", "2026-12-10", "city", "cancelled").await;
        let r = app.add_resident("連絡 一郎", "れんらく いちろう", "0425630001", "phone").await;
        let lead = app.add_user("lead", Role::Volunteer).await;
        app.add_assignment(s_today, lead, "lead").await;
        for (kind, channel, due, status, error) in [
            ("reminder", "phone", "2026-12-10", "pending", None),
            ("reminder", "phone", "2026-12-08", "pending", None),
            ("session_cancelled", "phone", "2026-12-10", "pending", None),
            ("confirmation", "phone", "2026-12-11", "pending", None),
            ("reminder", "phone", "2026-12-09", "done", None),
            ("confirmation", "letter", "2026-12-01", "pending", None),
            ("confirmation", "letter", "2026-12-01", "done", None),
            ("reminder", "email", "2026-12-01", "pending", Some("550 mailbox full")),
            ("promotion", "email", "2026-12-01", "pending", None),
            ("confirmation", "email", "2026-12-01", "sent", None),
        ] {
            notice(&app, kind, channel, Some(r), Some(s_today), None, due, status, error).await;
        }
        let trainee = supporter_for(&app, None, "enrolled").await;
        for due in ["2026-12-10", "2026-12-20"] {
            notice(
                &app,
                "supporter_stalled",
                "phone",
                None,
                None,
                Some(trainee),
                due,
                "pending",
                None,
            )
            .await;
        }
        support_request(&app, staff.id, "open", "2026-12-10").await;
        support_request(&app, staff.id, "in_progress", "2026-12-01").await;
        support_request(&app, staff.id, "resolved", "2026-12-01").await;
        support_request(&app, staff.id, "open", "2026-12-20").await;
        let walkin = app.add_resident("当日 花子", "とうじつ はなこ", "0425630002", "phone").await;
        let merged = app.add_resident("当日 次郎", "とうじつ じろう", "0425630003", "phone").await;
        let unbooked =
            app.add_resident("当日 三郎", "とうじつ さぶろう", "0425630004", "phone").await;
        exec(
            &app,
            "UPDATE residents SET walkin = 1 WHERE id IN ($1, $2, $3)",
            &[walkin, merged, unbooked],
        )
        .await;
        exec(&app, "UPDATE residents SET merged_into = $1 WHERE id = $2", &[r, merged]).await;
        for person in [walkin, merged] {
            let g = app.add_place(s_today, person).await;
            exec(&app, "UPDATE registrations SET walkin = 1 WHERE id = $1", &[g]).await;
        }

        let day = today(&app.db, &staff, true, NOON).await.unwrap();
        let desk = day.desk.unwrap();
        assert_eq!(
            desk.calls,
            vec![
                CallCount { kind: NoticeKind::Reminder, due_today: 1, overdue: 1 },
                CallCount { kind: NoticeKind::SessionCancelled, due_today: 1, overdue: 0 },
            ]
        );
        assert_eq!((desk.follow_ups_today, desk.follow_ups_overdue), (1, 1));
        assert_eq!(desk.letters, 1);
        assert_eq!((desk.email_waiting, desk.email_failed), (2, 1));
        assert!(desk.smtp_configured);
        assert_eq!(desk.walkins, 1);
        assert_eq!(desk.supporter_reminders, 1);
        let ids: Vec<i64> = desk.sessions.iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            vec![s_today, s_tomorrow],
            "today and tomorrow, the cancelled one left out"
        );
        assert_eq!(desk.sessions[0].helpers, vec!["lead さん".to_string()]);
        assert!(!desk.is_quiet());

        // One second before midnight in Japan it is still the 9th: the call due on the
        // 10th is not due yet, and the days listed are the 9th and the 10th.
        let late = today(&app.db, &staff, true, BEFORE_MIDNIGHT).await.unwrap();
        assert_eq!(late.today, "2026-12-09");
        let desk = late.desk.unwrap();
        assert_eq!(
            desk.calls,
            vec![CallCount { kind: NoticeKind::Reminder, due_today: 0, overdue: 1 }]
        );
        assert_eq!((desk.follow_ups_today, desk.follow_ups_overdue), (0, 1));
        assert_eq!(desk.sessions.iter().map(|s| s.id).collect::<Vec<_>>(), vec![s_today]);
        let midnight = today(&app.db, &staff, true, MIDNIGHT).await.unwrap();
        assert_eq!(midnight.today, "2026-12-10");
        assert_eq!(midnight.desk.unwrap().sessions.len(), 2);

        // Admins see the desk and their own part.
        exec(
            &app,
            "INSERT INTO login_locks (login, locked_until) VALUES ('a', $1), ('b', $2)",
            &[NOON + 600, NOON - 600],
        )
        .await;
        exec(&app, "UPDATE users SET must_change_password = 1 WHERE id = $1", &[lead]).await;
        let boss = today(&app.db, &admin, true, NOON).await.unwrap();
        let part = boss.admin.expect("admins see locks and passwords");
        assert_eq!((part.locked_logins, part.must_change), (1, 1));
        assert!(boss.desk.is_some());
        assert!(today(&app.db, &staff, true, NOON).await.unwrap().admin.is_none());

        // Over HTTP the page names each item and links it to where it is done.
        let (c, _) = app.signed_in(Role::Staff).await;
        let page = app.get(&c, "/").await.text().await.unwrap();
        let start = page.find("aria-labelledby=\"today-desk\"").expect("the desk's part");
        let desk_part = &page[start..start + page[start..].find("</section>").unwrap()];
        for text in [
            "/letters\">印刷を待つ手紙：1通",
            "/outbox\">送信を待つメール：2通（うち送信に失敗したもの 1通）",
            "/walkins\">登録を補う当日参加の方：1人",
            "/support\">紙・窓口の支援の折り返し",
        ] {
            assert!(desk_part.contains(text), "{text} in the desk's part: {desk_part}");
        }
        assert!(page.contains("今日と明日の体験会"));
        assert!(!page.contains("ロック中のサインイン名"), "staff do not see the admin part");
    })
    .await;
}

/// A resident booked at `session` with a phone, a wish and needs.
async fn booked(
    app: &TestApp,
    session: i64,
    n: i64,
    phone: &str,
    wish: &str,
    mobility: i64,
    hearing: i64,
) {
    let r =
        app.add_resident(&format!("予約 {n}"), "よやく", &format!("04256310{n:02}"), "phone").await;
    sqlx::query(
        "UPDATE residents SET smartphone = $1, phone_wish = $2, need_mobility = $3, \
            need_hearing = $4 WHERE id = $5",
    )
    .bind(phone)
    .bind(wish)
    .bind(mobility)
    .bind(hearing)
    .bind(r)
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.add_place(session, r).await;
}

#[tokio::test]
async fn coordinators_see_their_partners_next_four_weeks_with_demand_warnings() {
    on_both(async |app: TestApp| {
        let coordinator = user(&app, "coord", Role::Coordinator).await;
        let partner = coordinator.partner_id.unwrap();
        let hosted = app.add_session_on("主催の会", "2026-12-13", "community", "scheduled").await;
        let cohosted = app.add_session_on("共催の会", "2026-12-20", "community", "scheduled").await;
        let pending = app.add_session_on("承認待ちの会", "2026-12-21", "community", "scheduled").await;
        app.add_session_on("よその会", "2026-12-14", "community", "scheduled").await;
        let later = app.add_session_on("5週目の会", "2027-01-07", "community", "scheduled").await;
        let last_day = app.add_session_on("4週目最後の会", "2027-01-06", "community", "scheduled").await;
        for s in [hosted, later, last_day] {
            exec(&app, "UPDATE sessions SET host_partner_id = $1, capacity = 20 WHERE id = $2", &[partner, s]).await;
        }
        exec(&app, "INSERT INTO session_cohosts (session_id, partner_id, approved_at) VALUES ($1, $2, 1)", &[cohosted, partner]).await;
        exec(&app, "INSERT INTO session_cohosts (session_id, partner_id) VALUES ($1, $2)", &[pending, partner]).await;
        exec(&app, "UPDATE sessions SET loaner_iphone = 1, loaner_android = 0 WHERE id = $1", &[hosted]).await;
        exec(&app, "UPDATE venues SET step_free = 0, hearing_loop = 0 WHERE id = (SELECT venue_id FROM sessions WHERE id = $1)", &[hosted]).await;
        booked(&app, cohosted, 9, "none", "iphone", 1, 1).await;
        booked(&app, hosted, 1, "none", "iphone", 1, 0).await;
        booked(&app, hosted, 2, "feature", "iphone", 0, 1).await;
        booked(&app, hosted, 3, "none", "android", 0, 0).await;
        booked(&app, hosted, 4, "iphone", "", 0, 0).await;
        booked(&app, hosted, 5, "android", "android", 0, 0).await;
        // A cancelled booking counts for nothing.
        let gone = app.add_resident("取消 太郎", "とりけし", "0425631099", "phone").await;
        exec(&app, "UPDATE residents SET need_mobility = 1, smartphone = 'none' WHERE id = $1", &[gone]).await;
        app.add_registration(hosted, gone, "cancelled", "gone").await;

        let day = today(&app.db, &coordinator, false, NOON).await.unwrap();
        assert!(day.desk.is_none() && day.helper.is_none() && day.figures.is_none());
        let part = day.partner.expect("coordinators get their partner's sessions");
        let ids: Vec<i64> = part.sessions.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![hosted, cohosted, last_day], "hosted, approved co-host, within 28 days");
        let s = &part.sessions[0];
        assert_eq!((s.seats_taken, s.seats, s.helpers_wanted), (5, 20, 2));
        assert_eq!(
            s.warnings,
            vec![
                Warning::LoanersShort { phone: WarningPhone::Any, needed: 3, planned: 1 },
                Warning::LoanersShort { phone: WarningPhone::Iphone, needed: 2, planned: 1 },
                Warning::LoanersShort { phone: WarningPhone::Android, needed: 1, planned: 0 },
                Warning::HelpersShort { assigned: 0, wanted: 2 },
                Warning::StepFree { people: 1 },
                Warning::HearingLoop { people: 1 },
            ]
        );
        assert!(
            part.sessions[1].warnings.is_empty() && part.sessions[1].seats_taken == 1,
            "a co-host's coordinator may not edit the session: no warnings for them"
        );
        assert!(part.sessions[2].warnings.is_empty(), "nobody booked, nothing wanted");

        // The page shows the warning and links to the session's warnings, which the
        // coordinator of the host reads on the session page. (Over HTTP the day is the
        // real one: the session moves to three days from now.)
        app.move_session(hosted, 3 * 86_400).await;
        let c = client();
        app.sign_in(&c, "coord", common::PASSWORD).await;
        let page = app.get(&c, "/").await.text().await.unwrap();
        assert!(page.contains("スマートフォンをお持ちでない参加者が3人いますが、貸出端末は1台です。"), "{page}");
        assert!(page.contains(&format!("href=\"/sessions/{hosted}#demand\"")));
        let session_page = app.get(&c, &format!("/sessions/{hosted}")).await.text().await.unwrap();
        assert!(session_page.contains("id=\"demand\""));
        assert!(session_page.contains("会場に段差のない出入口がありません。移動に配慮が必要な参加者が1人います。"));
        let body = format!("session_id={hosted}");
        let mark = app.audit_mark().await;
        let r = app.call(&c, "/api/today/session-warnings", &body).await;
        assert_eq!(r.status(), 200);
        let json = r.text().await.unwrap();
        assert!(json.contains("StepFree") && json.contains("HearingLoop"), "{json}");
        // Counting booked people by phone and needs is a read of personal data: audited.
        let read = format!("read list demand warnings sessions {hosted}");
        app.assert_audited(mark, std::slice::from_ref(&read)).await;
        let mark = app.audit_mark().await;
        app.get(&c, "/").await.text().await.unwrap();
        app.assert_audited(mark, &[read]).await;

        // Put right: more phones, two helpers, a venue with step-free access and a loop.
        exec(&app, "UPDATE sessions SET loaner_iphone = 2, loaner_android = 1 WHERE id = $1", &[hosted]).await;
        exec(&app, "UPDATE venues SET step_free = 1, hearing_loop = 1 WHERE id = (SELECT venue_id FROM sessions WHERE id = $1)", &[hosted]).await;
        for login in ["h1", "h2"] {
            let h = app.add_user(login, Role::Volunteer).await;
            app.add_assignment(hosted, h, "assistant").await;
        }
        let now = chrono::Utc::now().timestamp();
        let day = today(&app.db, &coordinator, false, now).await.unwrap();
        let sessions = day.partner.unwrap().sessions;
        let s = sessions.iter().find(|s| s.id == hosted).expect("three days from now");
        assert_eq!(s.warnings, vec![], "nothing left to warn about");
        assert_eq!(s.helpers.len(), 2);
        let session_page = app.get(&c, &format!("/sessions/{hosted}")).await.text().await.unwrap();
        assert!(session_page.contains("予約の状況からは、準備に注意することはありません。"));

        // Whoever may not edit the session is refused its warnings and does not see them.
        let other = user(&app, "other-coord", Role::Coordinator).await;
        assert_ne!(other.partner_id, Some(partner));
        let oc = client();
        app.sign_in(&oc, "other-coord", common::PASSWORD).await;
        assert_eq!(app.call(&oc, "/api/today/session-warnings", &body).await.status(), 403);
        for role in [Role::Volunteer, Role::Reviewer] {
            let (rc, _) = app.signed_in(role).await;
            let r = app.call(&rc, "/api/today/session-warnings", &body).await;
            assert_eq!(r.status(), 403, "{role:?}");
            let page = app.get(&rc, &format!("/sessions/{hosted}")).await.text().await.unwrap();
            assert!(!page.contains("id=\"demand\""), "{role:?} sees no warnings");
        }
        assert_eq!(app.call(&client(), "/api/today/session-warnings", &body).await.status(), 401);
    })
    .await;
}

#[tokio::test]
async fn a_volunteer_sees_the_next_session_loans_and_supporter_steps_and_no_resident() {
    on_both(async |app: TestApp| {
        let volunteer = user(&app, "vol", Role::Volunteer).await;
        // Nothing yet: no session, no loans, no supporter record.
        let empty = today(&app.db, &volunteer, false, NOON).await.unwrap();
        let helper = empty.helper.expect("volunteers get their day");
        assert!(helper.next.is_none() && helper.loans_out.is_empty() && helper.supporter.is_none());

        let done = app.add_session_on("終わった会", "2026-12-01", "community", "scheduled").await;
        let next = app.add_session_on("次の会", "2026-12-12", "community", "scheduled").await;
        let after = app.add_session_on("その次の会", "2026-12-19", "community", "scheduled").await;
        let cancelled = app.add_session_on("中止の会", "2026-12-11", "community", "cancelled").await;
        for s in [done, next, after, cancelled] {
            app.add_assignment(s, volunteer.id, "assistant").await;
        }
        exec(&app, "UPDATE sessions SET what_to_bring = '名札' WHERE id = $1", &[next]).await;
        // A phone lent at the finished session, not back; another lent by someone else.
        let borrower = app.add_resident("借用 三郎", "しゃくよう さぶろう", "0425630777", "phone").await;
        let registration = app.add_place(done, borrower).await;
        let partner: i64 = sqlx::query_scalar("SELECT host_partner_id FROM sessions WHERE id = $1").bind(done).fetch_one(&app.db.pool).await.unwrap();
        let someone_else = app.add_user("vol2", Role::Volunteer).await;
        for (label, by) in [("都-iPhone-03", volunteer.id), ("都-iPhone-04", someone_else)] {
            let device: i64 = sqlx::query_scalar(
                "INSERT INTO loaner_devices (partner_id, label, os, created_at) VALUES ($1, $2, 'iphone', 0) RETURNING id",
            )
            .bind(partner)
            .bind(label)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
            sqlx::query(
                "INSERT INTO loans (device_id, session_id, registration_id, lent_at, lent_by) VALUES ($1, $2, $3, 100, $4)",
            )
            .bind(device)
            .bind(done)
            .bind(registration)
            .bind(by)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        let supporter = supporter_for(&app, Some(volunteer.id), "enrolled").await;
        exec(&app, "INSERT INTO supporter_units (supporter_id, unit_id, completed_on) SELECT $1, id, '2026-11-01' FROM course_units WHERE sort_order <= 2", &[supporter]).await;
        for (name, expires) in [("地域研修", "2027-01-05"), ("デジタル推進委員", "2027-03-01"), ("古い研修", "2026-12-01")] {
            sqlx::query(
                "INSERT INTO supporter_credentials (supporter_id, kind, name, earned_on, expires_on, created_at) \
                 VALUES ($1, 'local_training', $2, '2025-01-01', $3, 0)",
            )
            .bind(supporter)
            .bind(name)
            .bind(expires)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }

        let day = today(&app.db, &volunteer, false, NOON).await.unwrap();
        assert!(day.desk.is_none() && day.partner.is_none() && day.figures.is_none());
        let helper = day.helper.unwrap();
        let n = helper.next.expect("the next session");
        assert_eq!((n.id, n.what_to_bring.as_str()), (next, "名札"));
        assert_eq!(helper.loans_out.len(), 1);
        assert_eq!(helper.loans_out[0].device_label, "都-iPhone-03");
        let step = helper.supporter.expect("their supporter record");
        assert_eq!(step.stage, yorisoi::supporters::Stage::Enrolled);
        assert_eq!(step.units_done, 2);
        assert!(step.units_total >= 11);
        assert_eq!(step.expiring, Some(("地域研修".to_string(), "2027-01-05".to_string())));

        // The page (on the real day: the next session moves to two days from now): one big
        // button to the next session's check-in, and no resident.
        app.move_session(next, 2 * 86_400).await;
        app.move_session(after, 9 * 86_400).await;
        let c = client();
        app.sign_in(&c, "vol", common::PASSWORD).await;
        let page = app.get(&c, "/").await.text().await.unwrap();
        assert!(page.contains(&format!("href=\"/sessions/{next}/checkin\"")), "{page}");
        assert!(page.contains("受付（チェックイン）を開く"));
        assert!(page.contains("都-iPhone-03"));
        for private in ["借用", "しゃくよう", "0425630777", "042-563-0777"] {
            assert!(!page.contains(private), "{private} on a volunteer's today page");
        }
        let mark = app.audit_mark().await;
        let json = app.call(&c, "/api/today", "").await.text().await.unwrap();
        assert_eq!(app.audited_since(mark).await, Vec::<String>::new(), "nothing personal read");
        for private in ["借用", "0425630777"] {
            assert!(!json.contains(private), "{private} in the volunteer's today data");
        }
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_sees_the_year_so_far_against_last_year_and_the_plans_target() {
    on_both(async |app: TestApp| {
        let reviewer = user(&app, "rev", Role::Reviewer).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let this_year =
            app.add_session_on("今年の会", "2026-06-10", "community", "scheduled").await;
        let last_year =
            app.add_session_on("去年の会", "2025-06-10", "community", "scheduled").await;
        let last_february =
            app.add_session_on("去年2月の会", "2026-02-10", "community", "scheduled").await;
        let base = app.add_session_on("基準年の会", "2023-05-01", "city", "scheduled").await;
        for (n, session) in [(1, this_year), (2, this_year), (3, last_year), (4, last_february)] {
            let r = app
                .add_resident(&format!("参加 {n}"), "さんか", &format!("04256320{n:02}"), "phone")
                .await;
            let g = app.add_place(session, r).await;
            let done = app
                .post_form(
                    &staff,
                    &format!("/forms/registrations/{g}/attendance"),
                    &[("present", "1")],
                )
                .await;
            assert_eq!(done.status(), 303);
        }
        for (session, levels) in
            [(this_year, [0, 0, 0, 1, 1]), (last_year, [0, 1, 0, 0, 1]), (base, [0, 2, 0, 1, 1])]
        {
            app.add_session_report(session, levels).await;
        }
        let day = today(&app.db, &reviewer, false, NOON).await.unwrap();
        assert!(day.desk.is_none() && day.partner.is_none() && day.helper.is_none());
        let f = day.figures.expect("reviewers get the figures");
        assert_eq!((f.fiscal_year, f.to_month), (2026, 9), "April to December 2026");
        assert_eq!(f.people, [2, 1], "last February is outside April–December");
        assert_eq!(f.attendances, [2, 1]);
        assert_eq!(f.sessions_held, [1, 1]);
        assert_eq!(f.satisfied_share, [Some(1.0), Some(0.5)]);
        assert_eq!(f.target_share, Some(0.75), "1.5 times FY2023's half");

        let c = client();
        app.sign_in(&c, "rev", common::PASSWORD).await;
        let page = app.get(&c, "/").await.text().await.unwrap();
        assert!(page.contains("href=\"/reports/reach\""));
        assert!(page.contains("75.0%"), "the target share is shown");
        assert!(
            !page.contains("参加 1") && !page.contains("0425632001"),
            "no resident on a reviewer's page"
        );
        // An empty year has no share and no target.
        let empty = user(&app, "rev2", Role::Reviewer).await;
        let far =
            today(&app.db, &empty, false, NOON + 400 * 86_400).await.unwrap().figures.unwrap();
        assert_eq!(far.people, [0, 2], "FY2027 so far has nobody; FY2026's same months had two");
        assert_eq!(far.satisfied_share[0], None);
    })
    .await;
}
