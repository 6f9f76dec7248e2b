//! Scheduling sessions: create, series, edit one or following, cancel, venue conflicts,
//! loaner phones, and who may do what, on SQLite and PostgreSQL.
use crate::common;

use chrono::{Datelike, Duration, Utc};
use common::{client, location, on_both, redirect_param, TestApp};
use yorisoi::auth::Role;

/// A date about a month ahead, as the form takes it.
pub(crate) fn future_date(days: i64) -> String {
    (Utc::now() + Duration::days(days)).format("%Y-%m-%d").to_string()
}

pub(crate) struct Setup {
    pub tokyo: i64,
    pub group: i64,
    pub venue: i64,
    pub topic: i64,
}

pub(crate) async fn setup(app: &TestApp) -> Setup {
    Setup {
        tokyo: app.add_partner("東京都", "tokyo").await,
        group: app.add_partner("東大和スマホサロンの会", "community").await,
        venue: app.add_venue("中央公民館 学習室").await,
        topic: app.topic("LINE").await,
    }
}

pub(crate) fn form(
    s: &Setup,
    host: i64,
    date: &str,
    start: &str,
    end: &str,
) -> Vec<(String, String)> {
    [
        ("title", "はじめてのスマホ教室"),
        ("level", "first"),
        ("host_partner_id", &host.to_string()),
        ("venue_id", &s.venue.to_string()),
        ("date", date),
        ("start_time", start),
        ("end_time", end),
        ("capacity", "20"),
        ("walkin_seats", "2"),
        ("topic", &s.topic.to_string()),
        ("what_to_bring", "お持ちのスマートフォン"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

pub(crate) fn with(
    mut form: Vec<(String, String)>,
    key: &str,
    value: &str,
) -> Vec<(String, String)> {
    form.retain(|(k, _)| k != key);
    form.push((key.to_string(), value.to_string()));
    form
}

pub(crate) async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    path: &str,
    form: &[(String, String)],
) -> reqwest::Response {
    c.post(app.url(path)).form(form).send().await.expect("post")
}

pub(crate) fn created_id(r: &reqwest::Response) -> i64 {
    let loc = location(r);
    loc.trim_start_matches("/sessions/")
        .split('?')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("not a session page: {loc}"))
}

#[tokio::test]
async fn staff_schedule_a_session_and_everyone_can_read_it() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let date = future_date(30);
        let r = post(&app, &staff, "/forms/sessions", &form(&s, s.group, &date, "14:00", "16:00"))
            .await;
        assert_eq!(r.status(), 303);
        let id = created_id(&r);
        assert!(location(&r).ends_with("notice=session_created"));

        let (stored_date, fy, uid, starts): (String, i64, String, i64) = sqlx::query_as(
            "SELECT local_date, fiscal_year, uid, starts_at FROM sessions WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(stored_date, date);
        let d = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap();
        assert_eq!(fy, i64::from(if d.month() >= 4 { d.year() } else { d.year() - 1 }));
        assert!(uid.ends_with("@yorisoi.higashiyamato"));
        // 14:00 in Tokyo is 05:00 UTC.
        assert_eq!(
            chrono::DateTime::from_timestamp(starts, 0).unwrap().format("%H:%M").to_string(),
            "05:00"
        );

        for role in [Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            let page = app.get(&c, &format!("/sessions/{id}")).await;
            assert_eq!(page.status(), 200, "{role:?}");
            let html = page.text().await.unwrap();
            assert!(html.contains("はじめてのスマホ教室") && html.contains("14:00～16:00"));
            assert!(!html.contains("体験会を編集"), "{role:?} sees no edit link");
            let list = app.get(&c, "/sessions").await.text().await.unwrap();
            assert!(list.contains("はじめてのスマホ教室"));
            // Leptos puts a `<!>` marker after text nodes.
            assert!(list.contains("<td class=\"number\">18<"), "20 seats less 2 held for walk-ins");
            // Neither may create or edit.
            assert_eq!(app.get(&c, "/sessions/new").await.status(), 403);
            let r = post(&app, &c, "/forms/sessions", &form(&s, s.group, &date, "10:00", "11:00"))
                .await;
            assert_eq!(r.status(), 403, "{role:?}");
            let r = post(
                &app,
                &c,
                &format!("/forms/sessions/{id}/cancel"),
                &[("reason".into(), "x".into())],
            )
            .await;
            assert_eq!(r.status(), 403, "{role:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn bad_input_comes_back_beside_each_field_with_what_was_typed() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let bad = with(
            with(form(&s, s.group, &future_date(1000), "16:00", "14:00"), "capacity", "many"),
            "title",
            "台風でも大丈夫講座",
        );
        let r = post(&app, &staff, "/forms/sessions", &bad).await;
        assert_eq!(location(&r).split('?').next(), Some("/sessions/new"));
        assert_eq!(redirect_param(&r, "e.date").as_deref(), Some("date_too_far"));
        assert_eq!(redirect_param(&r, "e.end_time").as_deref(), Some("end_before_start"));
        assert_eq!(redirect_param(&r, "e.capacity").as_deref(), Some("capacity_invalid"));
        let html = app.get(&staff, &location(&r)).await.text().await.unwrap();
        assert!(html.contains("value=\"台風でも大丈夫講座\""), "the title typed is kept");
        assert!(html.contains("終了時刻は開始時刻より後にしてください。"));
        assert!(html.contains("開催日は今日から2年以内にしてください。"));
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0);

        // Loaner phones only where Tokyo hosts or co-hosts.
        let loaners =
            with(form(&s, s.group, &future_date(20), "10:00", "12:00"), "loaner_iphone", "3");
        let r = post(&app, &staff, "/forms/sessions", &loaners).await;
        assert_eq!(redirect_param(&r, "e.loaner_iphone").as_deref(), Some("loaners_not_tokyo"));
        let cohosted = with(loaners.clone(), "cohost", &s.tokyo.to_string());
        let r = post(&app, &staff, "/forms/sessions", &cohosted).await;
        assert!(location(&r).ends_with("notice=session_created"), "{}", location(&r));
    })
    .await;
}

#[tokio::test]
async fn a_venue_cannot_be_double_booked_unless_an_admin_overrides() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let date = future_date(40);
        let first =
            post(&app, &staff, "/forms/sessions", &form(&s, s.group, &date, "13:00", "15:00"))
                .await;
        assert_eq!(first.status(), 303);
        let overlapping = form(&s, s.tokyo, &date, "14:30", "16:00");
        let r = post(&app, &staff, "/forms/sessions", &overlapping).await;
        assert_eq!(redirect_param(&r, "e.venue_id").as_deref(), Some("venue_conflict"));
        // Staff cannot override; an admin can.
        let r = post(
            &app,
            &staff,
            "/forms/sessions",
            &with(overlapping.clone(), "override_conflict", "1"),
        )
        .await;
        assert_eq!(redirect_param(&r, "e.venue_id").as_deref(), Some("venue_conflict"));
        let r = post(&app, &admin, "/forms/sessions", &with(overlapping, "override_conflict", "1"))
            .await;
        assert!(location(&r).ends_with("notice=session_created"));
        // Back to back is not a conflict.
        let r = post(&app, &staff, "/forms/sessions", &form(&s, s.group, &date, "16:00", "17:00"))
            .await;
        assert!(location(&r).ends_with("notice=session_created"));
    })
    .await;
}

#[tokio::test]
async fn coordinators_schedule_only_their_own_partners_sessions() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (coordinator, _) = app.signed_in(Role::Coordinator).await;
        let own: i64 =
            sqlx::query_scalar("SELECT partner_id FROM users WHERE login = 'coordinator-user'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        let r = post(
            &app,
            &coordinator,
            "/forms/sessions",
            &form(&s, s.group, &future_date(10), "10:00", "11:00"),
        )
        .await;
        assert_eq!(redirect_param(&r, "e.host_partner_id").as_deref(), Some("host_not_own"));
        let r = post(
            &app,
            &coordinator,
            "/forms/sessions",
            &form(&s, own, &future_date(10), "10:00", "11:00"),
        )
        .await;
        let own_session = created_id(&r);

        let (staff, _) = app.signed_in(Role::Staff).await;
        let r = post(
            &app,
            &staff,
            "/forms/sessions",
            &form(&s, s.group, &future_date(11), "10:00", "11:00"),
        )
        .await;
        let other_session = created_id(&r);
        let edit = form(&s, s.group, &future_date(11), "10:00", "12:00");
        let r = post(&app, &coordinator, &format!("/forms/sessions/{other_session}"), &edit).await;
        assert_eq!(r.status(), 403);
        assert_eq!(
            app.get(&coordinator, &format!("/sessions/{other_session}/edit")).await.status(),
            403
        );
        let r = post(
            &app,
            &coordinator,
            &format!("/forms/sessions/{other_session}/cancel"),
            &[("reason".into(), "x".into())],
        )
        .await;
        assert_eq!(r.status(), 403);
        let mark = app.audit_mark().await;
        let r = post(
            &app,
            &coordinator,
            &format!("/forms/sessions/{own_session}"),
            &form(&s, own, &future_date(12), "10:00", "12:00"),
        )
        .await;
        assert!(location(&r).ends_with("notice=session_updated"));
        app.assert_audited(mark, &[format!("update session {own_session}")]).await;
    })
    .await;
}

#[tokio::test]
async fn a_weekly_series_is_edited_from_one_occurrence_on() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let first_date = future_date(14);
        let series = with(
            with(form(&s, s.group, &first_date, "10:00", "12:00"), "repeat", "weekly"),
            "repeat_count",
            "4",
        );
        let r = post(&app, &staff, "/forms/sessions", &series).await;
        let first = created_id(&r);
        let rows: Vec<(i64, String, i64)> =
            sqlx::query_as("SELECT id, local_date, sequence FROM sessions ORDER BY starts_at")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].0, first);
        let d0 = chrono::NaiveDate::parse_from_str(&rows[0].1, "%Y-%m-%d").unwrap();
        let d3 = chrono::NaiveDate::parse_from_str(&rows[3].1, "%Y-%m-%d").unwrap();
        assert_eq!((d3 - d0).num_days(), 21);

        // From the second on: a later start, same dates.
        let second = rows[1].0;
        let edit = with(form(&s, s.group, &rows[1].1, "13:00", "15:00"), "scope", "following");
        let r = post(&app, &staff, &format!("/forms/sessions/{second}"), &edit).await;
        assert!(location(&r).ends_with("notice=session_updated"), "{}", location(&r));
        let after: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT local_date, starts_at, sequence FROM sessions ORDER BY starts_at",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        let hour = |t: i64| (t % 86_400) / 3600;
        assert_eq!(hour(after[0].1), 1, "the first stays at 10:00 JST");
        assert_eq!(after[0].2, 0);
        for row in &after[1..] {
            assert_eq!(hour(row.1), 4, "13:00 JST");
            assert_eq!(row.2, 1, "SEQUENCE raised");
        }
        assert_eq!(
            after.iter().map(|r| r.0.clone()).collect::<Vec<_>>(),
            rows.iter().map(|r| r.1.clone()).collect::<Vec<_>>()
        );
    })
    .await;
}

#[tokio::test]
async fn cancelling_needs_a_reason_and_capacity_never_drops_below_seats_taken() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let date = future_date(21);
        let id = created_id(
            &post(&app, &staff, "/forms/sessions", &form(&s, s.group, &date, "10:00", "12:00"))
                .await,
        );

        sqlx::query("UPDATE sessions SET seats_taken = 5 WHERE id = $1")
            .bind(id)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let r = post(
            &app,
            &staff,
            &format!("/forms/sessions/{id}"),
            &with(form(&s, s.group, &date, "10:00", "12:00"), "capacity", "3"),
        )
        .await;
        assert_eq!(redirect_param(&r, "e.capacity").as_deref(), Some("capacity_below_taken"));

        let cancel = format!("/forms/sessions/{id}/cancel");
        let r = post(&app, &staff, &cancel, &[("reason".into(), "  ".into())]).await;
        assert_eq!(redirect_param(&r, "e.reason").as_deref(), Some("required"));
        let mark = app.audit_mark().await;
        let r = post(&app, &staff, &cancel, &[("reason".into(), "台風の接近のため".into())]).await;
        app.assert_audited(mark, &[format!("update session {id} cancelled")]).await;
        assert!(location(&r).ends_with("notice=session_cancelled"));
        let html = app.get(&staff, &format!("/sessions/{id}")).await.text().await.unwrap();
        assert!(
            html.contains("この体験会は中止になりました。") && html.contains("台風の接近のため")
        );
        let r = post(&app, &staff, &cancel, &[("reason".into(), "again".into())]).await;
        assert_eq!(redirect_param(&r, "e.reason").as_deref(), Some("not_scheduled"));
        let (status, sequence): (String, i64) =
            sqlx::query_as("SELECT status, sequence FROM sessions WHERE id = $1")
                .bind(id)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!((status.as_str(), sequence), ("cancelled", 1));
        let audit: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'session' AND record_id = $1",
        )
        .bind(id.to_string())
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(audit, 2, "created and cancelled");
    })
    .await;
}

#[tokio::test]
async fn the_list_filters_by_partner_and_fiscal_year() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        post(
            &app,
            &admin,
            "/forms/sessions",
            &with(form(&s, s.group, &future_date(5), "10:00", "11:00"), "title", "地域の会の講座"),
        )
        .await;
        post(
            &app,
            &admin,
            "/forms/sessions",
            &with(
                with(form(&s, s.tokyo, &future_date(6), "10:00", "11:00"), "title", "東京都の講座"),
                "loaner_android",
                "2",
            ),
        )
        .await;
        let by_tokyo =
            app.get(&admin, &format!("/sessions?partner={}", s.tokyo)).await.text().await.unwrap();
        assert!(by_tokyo.contains("東京都の講座") && !by_tokyo.contains("地域の会の講座"));
        let fy = yorisoi::domain::FiscalYear::of((Utc::now() + Duration::days(5)).date_naive())
            .start_year();
        let this_year = app.get(&admin, &format!("/sessions?fy={fy}")).await.text().await.unwrap();
        assert!(this_year.contains("地域の会の講座"));
        let long_ago = app.get(&admin, "/sessions?fy=2019").await.text().await.unwrap();
        assert!(long_ago.contains("該当する体験会はありません。"));
        let garbage = app.get(&admin, "/sessions?partner=abc&fy=x").await;
        assert_eq!(garbage.status(), 200);
        let api = app.call(&admin, "/api/sessions/options", "").await.text().await.unwrap();
        assert!(
            !api.contains("0425630000"),
            "partner phone numbers are not in the schedule options"
        );
    })
    .await;
}

#[tokio::test]
async fn anonymous_visitors_cannot_post_sessions() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let r = post(
            &app,
            &client(),
            "/forms/sessions",
            &form(&s, s.group, &future_date(5), "10:00", "11:00"),
        )
        .await;
        assert_eq!(r.status(), 401);
    })
    .await;
}

#[tokio::test]
async fn the_month_calendar_and_print_schedule_show_a_series_with_one_cancelled() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        // The first Monday of next month, so the whole weekly series of three stays in it.
        let next_month = (Utc::now() + Duration::days(32)).date_naive().with_day(1).unwrap();
        let first = (0..7)
            .map(|d| next_month + Duration::days(d))
            .find(|d| d.weekday() == chrono::Weekday::Mon)
            .unwrap();
        let date = first.format("%Y-%m-%d").to_string();
        let series = with(
            with(
                with(form(&s, s.group, &date, "10:00", "12:00"), "repeat", "weekly"),
                "repeat_count",
                "3",
            ),
            "title",
            "毎週のスマホ講座",
        );
        let first_id = created_id(&post(&app, &staff, "/forms/sessions", &series).await);
        let second_id = first_id + 1;
        post(
            &app,
            &staff,
            &format!("/forms/sessions/{second_id}/cancel"),
            &[("reason".into(), "会場点検".into())],
        )
        .await;

        let month = first.format("%Y-%m").to_string();
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        let grid = app.get(&volunteer, &format!("/schedule?m={month}")).await.text().await.unwrap();
        assert_eq!(grid.matches(">毎週のスマホ講座").count(), 3, "all three in the grid");
        assert!(
            grid.contains("（中止）") || grid.contains("（<!>中止<!>）"),
            "the cancelled one is marked"
        );
        let print =
            app.get(&volunteer, &format!("/schedule/print?m={month}")).await.text().await.unwrap();
        assert_eq!(
            print.matches(">毎週のスマホ講座").count(),
            2,
            "cancelled sessions are left off the printed schedule"
        );
        assert!(print.contains("042-563-2111"));
        let fallback = app.get(&volunteer, "/schedule?m=not-a-month").await;
        assert_eq!(fallback.status(), 200);
        let feed = app.get(&client(), "/calendar/sessions.ics").await.text().await.unwrap();
        assert_eq!(feed.matches("STATUS:CANCELLED").count(), 1);
        assert_eq!(feed.matches("BEGIN:VEVENT").count(), 3);
    })
    .await;
}

#[tokio::test]
async fn the_list_function_accepts_an_empty_filter_as_the_browser_sends_it() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        post(
            &app,
            &staff,
            "/forms/sessions",
            &form(&s, s.group, &future_date(3), "10:00", "11:00"),
        )
        .await;
        // With every filter unset the browser posts an empty body.
        let r = app.call(&staff, "/api/sessions/list", "").await;
        assert_eq!(r.status(), 200);
        let list: serde_json::Value = r.json().await.unwrap();
        assert_eq!(list.as_array().map(Vec::len), Some(1));
        let r = app.call(&staff, "/api/sessions/list", "filter[fiscal_year]=2019").await;
        assert_eq!(r.json::<serde_json::Value>().await.unwrap().as_array().map(Vec::len), Some(0));
    })
    .await;
}

#[tokio::test]
async fn a_coordinators_co_host_sees_the_attendees_only_once_staff_approve() {
    on_both(async |app: TestApp| {
        let s = setup(&app).await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let (host, host_id) = app.signed_in(Role::Coordinator).await;
        let own: i64 = sqlx::query_scalar("SELECT partner_id FROM users WHERE id = $1")
            .bind(host_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let guest_id = app.add_user("guest-coordinator", Role::Coordinator).await;
        let guest_partner: i64 = sqlx::query_scalar("SELECT partner_id FROM users WHERE id = $1")
            .bind(guest_id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let guest = common::client();
        app.sign_in(&guest, "guest-coordinator", common::PASSWORD).await;

        // The host's coordinator names the guest's partner as co-host: it waits for staff.
        let named = with(
            form(&s, own, &future_date(10), "10:00", "12:00"),
            "cohost",
            &guest_partner.to_string(),
        );
        let r = post(&app, &host, "/forms/sessions", &named).await;
        let id = created_id(&r);
        let detail = |c: reqwest::Client| {
            let app = &app;
            async move {
                let r = app.call(&c, "/api/sessions/get", &format!("id={id}")).await;
                r.json::<serde_json::Value>().await.unwrap()
            }
        };
        let d = detail(staff.clone()).await;
        assert_eq!(d["cohosts"], serde_json::json!([]));
        assert_eq!(d["pending_cohosts"][0][0], guest_partner);
        let sheet = format!("session_id={id}");
        assert_eq!(app.call(&guest, "/api/checkin/sheet", &sheet).await.status(), 403);
        assert_eq!(app.get(&guest, &format!("/sessions/{id}/checkin")).await.status(), 403);
        let page = app.get(&staff, &format!("/sessions/{id}")).await.text().await.unwrap();
        assert!(page.contains("共催（市の承認待ち）"), "{page}");
        assert!(page.contains(&format!("/forms/sessions/{id}/cohosts/{guest_partner}/approve")));

        // Only staff and admins approve.
        let approve = format!("/forms/sessions/{id}/cohosts/{guest_partner}/approve");
        assert_eq!(app.post_form(&host, &approve, &[]).await.status(), 403);
        assert_eq!(app.post_form(&guest, &approve, &[]).await.status(), 403);
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &approve, &[]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("cohost_approved"));
        app.assert_audited(mark, &[format!("update session {id} co-host approved")]).await;
        assert_eq!(app.post_form(&staff, &approve, &[]).await.status(), 404, "not waiting now");
        assert_eq!(app.call(&guest, "/api/checkin/sheet", &sheet).await.status(), 200);

        // Saved again by the host's coordinator, the approval stays.
        let r = post(
            &app,
            &host,
            &format!("/forms/sessions/{id}"),
            &with(named.clone(), "scope", "one"),
        )
        .await;
        assert!(location(&r).starts_with(&format!("/sessions/{id}")), "{}", location(&r));
        assert_eq!(detail(staff.clone()).await["cohosts"][0][0], guest_partner);
        assert_eq!(app.call(&guest, "/api/checkin/sheet", &sheet).await.status(), 200);

        // A co-host staff name is approved as it is named.
        let later = with(named, "date", &future_date(12));
        let r = post(&app, &staff, "/forms/sessions", &later).await;
        let by_staff = created_id(&r);
        let r = app.call(&staff, "/api/sessions/get", &format!("id={by_staff}")).await;
        let d: serde_json::Value = r.json().await.unwrap();
        assert_eq!(d["cohosts"][0][0], guest_partner);
        assert_eq!(d["pending_cohosts"], serde_json::json!([]));
    })
    .await;
}
