//! The retention rules: each at its boundary (a record from the day before the first day
//! kept is due, one from that day is not), the dry run changing nothing, applying keeping
//! every report's figures, the nightly job once per night across two instances, the page
//! and its forms for admins only, and the file register covering every column.
use crate::common;

use common::{on_both, TestApp};
use yorisoi::auth::Role;
use yorisoi::db::Db;
use yorisoi::domain::today_in_japan;
use yorisoi::retention::{ops, register, store, Kind};

const DAY: i64 = 86_400;

async fn exec(db: &Db, sql: &str, values: &[i64]) {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for v in values {
        query = query.bind(*v);
    }
    query.execute(&db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .fetch_one(&db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Seconds at the first day a rule keeps (default period, today), and its date.
fn boundary(kind: Kind) -> (i64, chrono::NaiveDate) {
    let today = today_in_japan();
    let from = ops::kept_from(kind, kind.default_keep(), today);
    (from.seconds, kind.kept_from(kind.default_keep(), today))
}

fn ymd(date: chrono::NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The hand-built data set: for each rule one record from the day before its boundary
/// (due) and one from the boundary day (kept). Returns the ids to look at afterwards.
struct Built {
    resident_idle: i64,
    resident_attended: i64,
    resident_booked: i64,
    resident_asked: i64,
    walkin_old: i64,
    walkin_new: i64,
    walkin_back: i64,
    supporter_idle: i64,
    supporter_active: i64,
    supporter_helping: i64,
    attended_on: chrono::NaiveDate,
}

async fn build(app: &TestApp, staff: i64) -> Built {
    let db = &app.db;
    // Residents: idle since before the boundary, or last seen just before it, or just on it.
    let (at, day) = boundary(Kind::Residents);
    let before = day.pred_opt().unwrap();
    let resident_idle =
        app.add_resident("期限 過ぎ子", "きげんすぎこ", "0425600001", "phone").await;
    exec(
        db,
        "UPDATE residents SET created_at = $1, updated_at = $1 WHERE id = $2",
        &[at - DAY, resident_idle],
    )
    .await;
    let resident_attended =
        app.add_resident("出席 昔子", "しゅっせきむかしこ", "0425600002", "phone").await;
    let old_session = app.add_session_on("年度末の体験会", &ymd(before), "community", "held").await;
    let registration =
        app.add_registration(old_session, resident_attended, "confirmed", "old-1").await;
    exec(db, "UPDATE registrations SET attended = 1, age_band = '70-74', district_id = NULL WHERE id = $1", &[registration]).await;
    let resident_booked =
        app.add_resident("予約 新子", "よやくしんこ", "0425600003", "phone").await;
    let new_session = app.add_session_on("年度初めの体験会", &ymd(day), "community", "held").await;
    let kept = app.add_registration(new_session, resident_booked, "confirmed", "new-1").await;
    exec(db, "UPDATE registrations SET attended = 1, age_band = '80-84' WHERE id = $1", &[kept])
        .await;
    let resident_asked =
        app.add_resident("相談 新子", "そうだんしんこ", "0425600004", "phone").await;
    sqlx::query(
        "INSERT INTO support_requests (resident_id, requested_on, channel, procedure_other, \
            status, staff_id, notes, created_at, updated_at) \
         VALUES ($1, $2, 'counter', 'マイナポータル', 'open', $3, '相談のメモ', 0, 0)",
    )
    .bind(resident_asked)
    .bind(ymd(day))
    .bind(staff)
    .execute(&db.pool)
    .await
    .unwrap();

    // Walk-ins never completed.
    let (at, _) = boundary(Kind::Walkins);
    let walkin_old = app.add_resident("当日 古子", "とうじつふるこ", "0425600005", "phone").await;
    let walkin_new = app.add_resident("当日 新子", "とうじつしんこ", "0425600006", "phone").await;
    exec(
        db,
        "UPDATE residents SET walkin = 1, created_at = $1 WHERE id = $2",
        &[at - DAY, walkin_old],
    )
    .await;
    exec(
        db,
        "UPDATE residents SET walkin = 1, created_at = $1 WHERE id = $2",
        &[at + 3600, walkin_new],
    )
    .await;

    // A walk-in as old, booked since: kept.
    let session = app.add_session("取消の体験会", 30, 10).await;
    let walkin_back =
        app.add_resident("当日 再来子", "とうじつさいらいこ", "0425600007", "phone").await;
    exec(
        db,
        "UPDATE residents SET walkin = 1, created_at = $1 WHERE id = $2",
        &[at - DAY, walkin_back],
    )
    .await;
    app.add_registration(session, walkin_back, "confirmed", "back-1").await;

    // Cancellation reasons (call notes).
    let (at, _) = boundary(Kind::CallNotes);
    for (n, when) in [(0, at - DAY), (1, at + 3600)] {
        let r = app.add_registration(session, resident_booked, "cancelled", &format!("c{n}")).await;
        exec(db, "UPDATE registrations SET cancel_reason = '入院のため', cancelled_at = $1 WHERE id = $2", &[when, r]).await;
    }

    // Paper-support free text of closed requests.
    let (at, _) = boundary(Kind::SupportText);
    for (status, when) in [("resolved", at - DAY), ("resolved", at + 3600), ("open", at - DAY)] {
        sqlx::query(
            "INSERT INTO support_requests (requested_on, channel, procedure_other, status, \
                staff_id, notes, reason_other, created_at, updated_at) \
             VALUES ($1, 'phone', '申請', $2, $3, '自由記述', '理由', 0, $4)",
        )
        .bind(ymd(today_in_japan()))
        .bind(status)
        .bind(staff)
        .bind(when)
        .execute(&db.pool)
        .await
        .unwrap();
    }

    // Supporters without progress.
    let (at, day) = boundary(Kind::Supporters);
    let mut supporters = Vec::new();
    let old_progress = day.pred_opt().unwrap();
    for (name, progress) in
        [("活動 昔男", old_progress), ("活動 今男", day), ("手伝い 続男", old_progress)]
    {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO supporters (name, kana, kana_compact, kana_sort, basis, phone, \
                last_progress_on, created_at, updated_at) \
             VALUES ($1, 'かつどう', 'かつどう', 'かつどう', 'lives', '0425609999', $2, $3, $3) \
             RETURNING id",
        )
        .bind(name)
        .bind(ymd(progress))
        .bind(at - DAY)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        supporters.push(id);
    }
    // The third helps at a session to come through his account: kept.
    let helper = app.add_user("helper-r", Role::Volunteer).await;
    exec(db, "UPDATE supporters SET user_id = $1 WHERE id = $2", &[helper, supporters[2]]).await;
    app.add_assignment(session, helper, "assistant").await;

    // Session notes.
    let (_, day) = boundary(Kind::SessionNotes);
    for (title, date) in [("メモの古い回", day.pred_opt().unwrap()), ("メモの新しい回", day)]
    {
        let s = app.add_session_on(title, &ymd(date), "community", "held").await;
        exec(db, "UPDATE sessions SET volunteer_notes = '鍵は事務室' WHERE id = $1", &[s]).await;
    }

    // Audit entries and sign-in records.
    let (at, _) = boundary(Kind::AuditLog);
    for when in [at - DAY, at + 3600] {
        exec(db, "INSERT INTO audit_log (at, action, record_type, record_id) VALUES ($1, 'read', 'resident', '1')", &[when]).await;
    }
    let (at, _) = boundary(Kind::SignIns);
    for when in [at - DAY, at + 3600] {
        exec(db, "INSERT INTO login_failures (login, at) VALUES ('someone', $1)", &[when]).await;
    }
    Built {
        resident_idle,
        resident_attended,
        resident_booked,
        resident_asked,
        walkin_old,
        walkin_new,
        walkin_back,
        supporter_idle: supporters[0],
        supporter_active: supporters[1],
        supporter_helping: supporters[2],
        attended_on: before,
    }
}

/// Everything the rules could touch, to see that a dry run changes nothing.
async fn snapshot(db: &Db) -> Vec<i64> {
    let mut out = Vec::new();
    for sql in [
        "SELECT COUNT(*) FROM residents WHERE erased_at IS NOT NULL",
        "SELECT COUNT(*) FROM supporters WHERE erased_at IS NOT NULL",
        "SELECT COUNT(*) FROM registrations WHERE cancel_reason <> ''",
        "SELECT COUNT(*) FROM support_requests WHERE notes <> ''",
        "SELECT COUNT(*) FROM sessions WHERE volunteer_notes <> ''",
        "SELECT COUNT(*) FROM audit_log",
        "SELECT COUNT(*) FROM login_failures",
    ] {
        out.push(count(db, sql).await);
    }
    out
}

async fn erased(db: &Db, table: &str, id: i64) -> bool {
    count(db, &format!("SELECT COUNT(*) FROM {table} WHERE id = {id} AND erased_at IS NOT NULL"))
        .await
        == 1
}

#[tokio::test]
async fn each_rule_at_its_boundary_and_reports_unchanged() {
    on_both(async |app: TestApp| {
        let staff = app.add_user("staff-r", Role::Staff).await;
        // Signed in first: a sign-in clears failed attempts of the past 15 minutes' window.
        let (admin, _) = app.signed_in(Role::Admin).await;
        let built = build(&app, staff).await;
        yorisoi::reach::ops::rebuild_all(&app.db).await.unwrap();
        let today = today_in_japan();
        // The reports of the years the data fall in, as files, before anything is applied.
        let years: Vec<i32> = [built.attended_on, today]
            .iter()
            .map(|d| yorisoi::domain::FiscalYear::of(*d).start_year())
            .collect();
        let mut reports = Vec::new();
        for fy in &years {
            for path in
                [format!("/reports/reach.csv?fy={fy}"), format!("/support/report.csv?fy={fy}")]
            {
                let r = app.get(&admin, &path).await;
                assert_eq!(r.status(), 200, "{path}");
                reports.push((path, r.text().await.unwrap()));
            }
        }

        // The dry run counts one of each kind (two for residents) and changes nothing.
        let before = snapshot(&app.db).await;
        let due = ops::due(&app.db, today).await.unwrap();
        let counts: Vec<(Kind, i64)> = due.iter().map(|l| (l.kind, l.due)).collect();
        let audit_kept = count(&app.db, "SELECT COUNT(*) FROM audit_log").await;
        assert_eq!(
            counts,
            vec![
                (Kind::Residents, 2),
                (Kind::Walkins, 1),
                (Kind::CallNotes, 1),
                (Kind::SupportText, 1),
                (Kind::Supporters, 1),
                (Kind::SessionNotes, 1),
                (Kind::AuditLog, 1),
                (Kind::SignIns, 1),
            ]
        );
        let csv = app.get(&admin, "/admin/retention/dry-run.csv").await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert!(csv.contains("市民の記録,3,年度,") && csv.contains(",2\r\n"), "{csv}");
        assert!(!csv.contains("期限"), "counts only: {csv}");
        assert_eq!(snapshot(&app.db).await, before, "the dry run changed something");
        assert!(count(&app.db, "SELECT COUNT(*) FROM audit_log").await >= audit_kept);

        // Applying by the form: confirmation first.
        let r = app.post_form(&admin, "/forms/retention/apply", &[]).await;
        assert_eq!(r.status(), 303);
        assert!(common::location(&r).contains("retention_confirm"), "{}", common::location(&r));
        assert_eq!(snapshot(&app.db).await, before);
        let mark = app.audit_mark().await;
        let r = app.post_form(&admin, "/forms/retention/apply", &[("confirm", "1")]).await;
        assert_eq!(common::location(&r), "/admin/retention?notice=retention_applied");

        assert!(erased(&app.db, "residents", built.resident_idle).await);
        assert!(erased(&app.db, "residents", built.resident_attended).await);
        assert!(!erased(&app.db, "residents", built.resident_booked).await);
        assert!(!erased(&app.db, "residents", built.resident_asked).await);
        assert!(erased(&app.db, "residents", built.walkin_old).await);
        assert!(!erased(&app.db, "residents", built.walkin_new).await);
        assert!(erased(&app.db, "supporters", built.supporter_idle).await);
        assert!(!erased(&app.db, "supporters", built.supporter_active).await);
        assert!(!erased(&app.db, "supporters", built.supporter_helping).await);
        assert!(!erased(&app.db, "residents", built.walkin_back).await);
        let name: String = sqlx::query_scalar("SELECT name FROM residents WHERE id = $1")
            .bind(built.resident_idle)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert!(!name.contains("期限"), "erased as at the person's request: {name}");
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM registrations WHERE cancel_reason <> ''").await,
            1
        );
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM support_requests WHERE notes = '自由記述'").await,
            2
        );
        // The "other" reason keeps its mark, so the report still counts it.
        let marked = "SELECT COUNT(*) FROM support_requests WHERE reason_other = '（削除済み）'";
        assert_eq!(count(&app.db, marked).await, 1);
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM support_requests WHERE notes = '相談のメモ'")
                .await,
            1
        );
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM sessions WHERE volunteer_notes <> ''").await,
            1
        );
        assert_eq!(count(&app.db, "SELECT COUNT(*) FROM login_failures").await, 1);
        let old_audit = boundary(Kind::AuditLog).0;
        assert_eq!(
            count(&app.db, &format!("SELECT COUNT(*) FROM audit_log WHERE at < {old_audit}")).await,
            0
        );

        // Who applied what: the run with its counts, audited with counts and ids only.
        let audited = app.audited_since(mark).await;
        let expected_run = "residents=2 walkins=1 call_notes=1 support_text=1 supporters=1 \
            session_notes=1 audit_log=1 sign_ins=1";
        assert!(audited.iter().any(|a| a.contains(expected_run)), "{audited:?}");
        assert!(
            audited.iter().any(|a| a.contains(&format!("resident {}", built.resident_idle))
                && a.contains("retention rule residents")),
            "{audited:?}"
        );
        assert!(!audited.iter().any(|a| a.contains("期限")), "{audited:?}");
        let page = app.get(&admin, &common::location(&r)).await.text().await.unwrap();
        assert!(page.contains("保存期間を適用しました"), "the notice is shown");
        assert!(page.contains("市民の記録 2"), "the run is listed with its counts");

        // Every report's figures are as before.
        for (path, text) in reports {
            let now = app.get(&admin, &path).await.text().await.unwrap();
            assert_eq!(now, text, "{path} changed");
        }
        // Nothing more is due.
        let due = ops::due(&app.db, today).await.unwrap();
        assert!(due.iter().all(|l| l.due == 0), "{due:?}");
    })
    .await;
}

#[tokio::test]
async fn the_nightly_job_runs_once_a_night_across_two_instances() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        exec(&app.db, "INSERT INTO login_failures (login, at) VALUES ('old', 0)", &[]).await;
        // 03:00 in Japan today.
        let three = today_in_japan().and_hms_opt(3, 0, 0).unwrap();
        let at = three.and_utc().timestamp() - 9 * 3600;
        assert_eq!(ops::run_nightly(&app.db, at).await.unwrap(), None, "off until turned on");

        let mut form: Vec<(String, String)> = Kind::ALL
            .iter()
            .map(|k| (k.field().to_string(), k.default_keep().to_string()))
            .collect();
        form.push(("nightly".into(), "1".into()));
        let form: Vec<(&str, &str)> = form.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let r = app.post_form(&admin, "/forms/retention/rules", &form).await;
        assert_eq!(common::location(&r), "/admin/retention?notice=retention_saved");
        assert_eq!(
            ops::run_nightly(&app.db, at - 2 * 3600).await.unwrap(),
            None,
            "not before 2 a.m."
        );

        // Two instances (two pools on one database) at the same moment: one runs.
        let second = Db::connect(&app.database_url()).await.unwrap();
        let (a, b) = tokio::join!(ops::run_nightly(&app.db, at), ops::run_nightly(&second, at));
        let ran: Vec<_> = [a.unwrap(), b.unwrap()].into_iter().flatten().collect();
        assert_eq!(ran.len(), 1, "{ran:?}");
        assert!(ran[0].contains(&(Kind::SignIns, 1)));
        assert_eq!(ops::run_nightly(&second, at + 3600).await.unwrap(), None, "once a night");
        assert_eq!(
            count(&app.db, "SELECT COUNT(*) FROM retention_runs WHERE night IS NOT NULL").await,
            1
        );
        // The next night runs again.
        assert!(ops::run_nightly(&app.db, at + DAY).await.unwrap().is_some());
        let page = app.get(&admin, "/admin/retention").await.text().await.unwrap();
        assert!(page.contains("夜間の自動実行"));
        second.close().await;
    })
    .await;
}

#[tokio::test]
async fn periods_out_of_range_are_refused_with_what_was_typed() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app
            .post_form(
                &admin,
                "/forms/retention/rules",
                &[("keep_residents", "０"), ("keep_sign_ins", "3"), ("keep_walkins", "xyz")],
            )
            .await;
        let page = app.refused_page(&admin, &r, &["xyz"]).await;
        assert!(page.contains("欄の下に示した範囲") && page.contains("value=\"xyz\""), "{page}");
        let (rules, nightly) = store::settings(&app.db).await.unwrap();
        assert!(rules.iter().all(|(k, n)| *n == k.default_keep()) && !nightly, "nothing saved");
    })
    .await;
}

#[tokio::test]
async fn only_admins_reach_retention_and_the_register() {
    on_both(async |app: TestApp| {
        for role in [Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (client, _) = app.signed_in(role).await;
            for path in [
                "/admin/retention",
                "/admin/register",
                "/admin/retention/dry-run.csv",
                "/admin/register.csv",
            ] {
                assert_eq!(app.get(&client, path).await.status(), 403, "{role:?} {path}");
            }
            for path in ["/forms/retention/apply", "/forms/retention/rules"] {
                let r = app.post_form(&client, path, &[("confirm", "1")]).await;
                assert_eq!(r.status(), 403, "{role:?} {path}");
            }
        }
        assert_eq!(snapshot(&app.db).await[0], 0);
        let anonymous = common::client();
        for path in ["/admin/retention/dry-run.csv", "/admin/register.csv"] {
            let status = app.get(&anonymous, path).await.status();
            assert!(status == 401 || status == 303, "{path}: {status}");
        }
    })
    .await;
}

#[tokio::test]
async fn the_register_covers_every_column_on_both_backends() {
    on_both(async |app: TestApp| {
        let columns = store::columns(&app.db).await.unwrap();
        assert!(columns.len() > 100, "{}", columns.len());
        assert_eq!(register::unregistered(&columns), Vec::<String>::new());
        // Every column a file names exists (the register describes the schema as it is).
        let names: Vec<String> = columns.iter().map(|(t, c)| format!("{t}.{c}")).collect();
        for file in register::FILES {
            for (_, cols) in file.fields {
                for c in *cols {
                    assert!(names.contains(&c.to_string()), "{c} is not in the schema");
                }
            }
        }
        // A new column with personal data and no entry is caught.
        exec(&app.db, "ALTER TABLE residents ADD COLUMN hobby TEXT", &[]).await;
        let columns = store::columns(&app.db).await.unwrap();
        assert_eq!(register::unregistered(&columns), vec!["residents.hobby".to_string()]);

        let (admin, _) = app.signed_in(Role::Admin).await;
        let page = app.get(&admin, "/admin/register").await.text().await.unwrap();
        assert!(
            page.contains(">市民の記録<") && page.contains("最後にあった年度の終わりから3年度"),
            "{page}"
        );
        assert!(
            page.contains(
                "管理者（デジタル政策課）、市役所職員、主催団体の担当者、ボランティア・サポーター<"
            ),
            "who sees residents' records, from the role table"
        );
        let csv = app.get(&admin, "/admin/register.csv").await.text().await.unwrap();
        assert!(csv.contains("監査ログ"), "{csv}");
        assert!(csv.contains("registrations, loans, reach_people"), "{csv}");
    })
    .await;
}
