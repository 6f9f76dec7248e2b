//! Loaner phones lent home: a due date makes a home loan (refused in the past or too far
//! ahead); the day before it the holder is reminded by their channel, once overdue staff
//! get a call, each once; the return records the condition and the reset and withdraws
//! what is still to be said; the devices page lists them; only staff, admins and the
//! partner's coordinator record a return.
use crate::common;

use common::{redirect_param, TestApp};
use yorisoi::auth::Role;
use yorisoi::domain::today_in_japan;

async fn one<T>(app: &TestApp, sql: &str, id: i64) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + Unpin,
{
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

#[tokio::test]
async fn a_phone_lent_home_is_reminded_called_about_and_returned() {
    common::on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("家で練習する回", 0, 10).await;
        app.move_session(session, -600).await;
        let host = app.host_of(session).await;
        let devices = [
            app.add_device(host, "家-iPhone-01").await,
            app.add_device(host, "家-iPhone-02").await,
        ];
        let by_email = app.add_resident("貸出 恵美", "かしだしえみ", "0425611001", "email").await;
        let by_phone = app.add_resident("貸出 電子", "かしだしでんこ", "0425611002", "phone").await;
        let places =
            [app.add_place(session, by_email).await, app.add_place(session, by_phone).await];
        let today = today_in_japan();
        let day = |n: i64| (today + chrono::Duration::days(n)).format("%Y-%m-%d").to_string();
        let lend = format!("/forms/sessions/{session}/loans");

        // A due date in the past, or beyond 60 days, is refused next to the field.
        for bad in [day(-1), day(0), day(61)] {
            let form = [
                ("registration_id", places[0].to_string()),
                ("device_id", devices[0].to_string()),
                ("due_on", bad.clone()),
            ];
            let r = staff.post(app.url(&lend)).form(&form).send().await.unwrap();
            assert_eq!(
                redirect_param(&r, "e.due_on").as_deref(),
                Some("loan_due_invalid"),
                "{bad}"
            );
        }
        assert_eq!(
            one::<i64>(&app, "SELECT COUNT(*) FROM loans WHERE session_id = $1", session).await,
            0
        );
        let mut loans = Vec::new();
        for (place, device) in places.iter().zip(&devices) {
            let form = [
                ("registration_id", place.to_string()),
                ("device_id", device.to_string()),
                ("due_on", day(2)),
            ];
            let r = staff.post(app.url(&lend)).form(&form).send().await.unwrap();
            assert_eq!(redirect_param(&r, "notice").as_deref(), Some("device_lent"));
            loans
                .push(one::<i64>(&app, "SELECT id FROM loans WHERE device_id = $1", *device).await);
        }

        // Nothing before the day before; then one reminder each, by their channel, once.
        use yorisoi::notify::ops::queue_loan_notices;
        assert_eq!(queue_loan_notices(&app.db, today).await.unwrap(), 0);
        let tomorrow = today + chrono::Duration::days(1);
        assert_eq!(queue_loan_notices(&app.db, tomorrow).await.unwrap(), 2);
        assert_eq!(queue_loan_notices(&app.db, tomorrow).await.unwrap(), 0, "once");
        let (channel, body): (String, String) = sqlx::query_as(
            "SELECT channel, body FROM notices WHERE kind = 'loan_due' AND resident_id = $1",
        )
        .bind(by_email)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(channel, "email");
        assert!(
            body.contains("家-iPhone-01")
                && body.contains("返却日")
                && body.contains("042-563-2111"),
            "{body}"
        );
        let channel: String = one(
            &app,
            "SELECT channel FROM notices WHERE kind = 'loan_due' AND resident_id = $1",
            by_phone,
        )
        .await;
        assert_eq!(channel, "phone");

        // The check-in checklist does not take a phone lent home back (no condition).
        let r = app.post_form(&staff, &format!("/forms/loans/{}/returned", loans[0]), &[]).await;
        assert_eq!(redirect_param(&r, "e.loans").as_deref(), Some("loan_check_refused"));

        // Overdue: a call for staff for each, whatever their channel, once; the "due
        // tomorrow" call not made yet is withdrawn (the person hears it once, as overdue).
        let late = today + chrono::Duration::days(3);
        assert_eq!(queue_loan_notices(&app.db, late).await.unwrap(), 2);
        let due_call: String = one(
            &app,
            "SELECT status FROM notices WHERE kind = 'loan_due' AND resident_id = $1",
            by_phone,
        )
        .await;
        assert_eq!(due_call, "withdrawn");
        assert_eq!(queue_loan_notices(&app.db, late).await.unwrap(), 0, "once");
        let calls: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notices WHERE kind = 'loan_overdue' AND channel = 'phone' \
             AND status = 'pending'",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(calls, 2);
        let call_list = app.get(&staff, "/calls").await.text().await.unwrap();
        assert!(
            call_list.contains("家-iPhone-02") && call_list.contains("返却日"),
            "the call says which phone"
        );
        // "Cancelled by the resident" is no outcome of a loan call: the booking stays.
        let call: i64 = one(
            &app,
            "SELECT id FROM notices WHERE kind = 'loan_overdue' AND resident_id = $1",
            by_phone,
        )
        .await;
        let r = app
            .post_form(
                &staff,
                &format!("/forms/calls/{call}"),
                &[("outcome", "resident_cancelled")],
            )
            .await;
        assert_eq!(r.status(), 303);
        let status: String =
            one(&app, "SELECT status FROM registrations WHERE id = $1", places[1]).await;
        assert_eq!(
            status, "confirmed",
            "a finished session's booking is never cancelled by a loan call"
        );

        // The devices page lists both with their due date.
        let page = app.get(&staff, "/devices").await.text().await.unwrap();
        assert!(page.contains("家に貸し出し中のスマートフォン") && page.contains("貸出 恵美"));

        // Back, damaged and reset: recorded, audited, its call withdrawn.
        let back = format!("/forms/loans/{}/home-return", loans[0]);
        let loan = loans[0].to_string();
        let refused = [
            ("loan", loan.as_str()),
            ("condition", "broken"),
            ("note", "充電器なし"),
            ("wiped", "1"),
        ];
        let r = app.post_form(&staff, &back, &refused).await;
        assert_eq!(redirect_param(&r, "e.home_return").as_deref(), Some("choice_required"));
        // What was typed comes back in that loan's form, with the error in it.
        let page = app.refused_page(&staff, &r, &["充電器なし"]).await;
        let form = page
            .split(&format!("action=\"{back}\""))
            .nth(1)
            .unwrap()
            .split("</form>")
            .next()
            .unwrap();
        assert!(form.contains("value=\"充電器なし\"") && form.contains("checked"), "{form}");
        assert!(form.contains("home-return-error-"), "{form}");
        let other_form = page
            .split(&format!("action=\"/forms/loans/{}/home-return\"", loans[1]))
            .nth(1)
            .unwrap()
            .split("</form>")
            .next()
            .unwrap();
        assert!(!other_form.contains("充電器なし") && !other_form.contains("checked"));
        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                &staff,
                &back,
                &[("condition", "damaged"), ("note", "画面にひび"), ("wiped", "1")],
            )
            .await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("device_returned_home"));
        let (condition, note, wiped): (String, String, Option<i64>) =
            sqlx::query_as("SELECT condition, condition_note, wiped_at FROM loans WHERE id = $1")
                .bind(loans[0])
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(
            (condition.as_str(), note.as_str(), wiped.is_some()),
            ("damaged", "画面にひび", true)
        );
        let status: String = one(
            &app,
            "SELECT status FROM notices WHERE kind = 'loan_overdue' AND resident_id = $1",
            by_email,
        )
        .await;
        assert_eq!(status, "withdrawn");
        let audited = app.audited_since(mark).await;
        assert_eq!(
            audited,
            vec![format!("update loan {} home loan returned damaged reset", loans[0])]
        );
        let r = app.post_form(&staff, &back, &[("condition", "good")]).await;
        assert_eq!(
            redirect_param(&r, "e.home_return").as_deref(),
            Some("loan_check_refused"),
            "once"
        );

        // Volunteers, reviewers and another partner's coordinator may not record it.
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        let (coordinator, _) = app.signed_in(Role::Coordinator).await;
        let other = format!("/forms/loans/{}/home-return", loans[1]);
        for client in [&volunteer, &reviewer, &coordinator] {
            let r = app.post_form(client, &other, &[("condition", "good")]).await;
            assert_eq!(r.status(), 403);
        }
        let returned: Option<i64> =
            one(&app, "SELECT returned_at FROM loans WHERE id = $1", loans[1]).await;
        assert!(returned.is_none());

        // Lost: recorded, and the phone leaves the inventory (it cannot be lent again).
        let r = app.post_form(&staff, &other, &[("condition", "lost")]).await;
        assert_eq!(redirect_param(&r, "notice").as_deref(), Some("device_returned_home"));
        let active: i64 =
            one(&app, "SELECT active FROM loaner_devices WHERE id = $1", devices[1]).await;
        assert_eq!(active, 0);

        // Erasing the holder clears the note written at the return (free text that may name
        // them); the condition stays, as the inventory needs it.
        let holder: i64 = one(
            &app,
            "SELECT g.resident_id FROM loans l JOIN registrations g ON g.id = l.registration_id \
             WHERE l.id = $1",
            loans[0],
        )
        .await;
        let (admin, _) = app.signed_in(Role::Admin).await;
        let erase = format!("/forms/residents/{holder}/erase");
        let r = app.post_form(&admin, &erase, &[("confirm", "1")]).await;
        assert_eq!(r.status(), 303);
        let (condition, note): (String, String) =
            sqlx::query_as("SELECT condition, condition_note FROM loans WHERE id = $1")
                .bind(loans[0])
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!((condition.as_str(), note.as_str()), ("damaged", ""));
    })
    .await;
}
