//! The admin pages: add users, change roles, disable, temporary passwords, the audit log.
use crate::common;

use common::{client, location, on_both, redirect_param, temporary_password, TestApp};
use yorisoi::auth::Role;

#[tokio::test]
async fn an_admin_adds_a_user_who_must_change_the_temporary_password() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let partner = app.add_partner("東大和スマホサロンの会", "community").await;

        // Bad input is sent back with the typed values and a message beside each field.
        let r = app
            .post_form(
                &admin,
                "/forms/users",
                &[
                    ("login", "Bad Login!"),
                    ("display_name", ""),
                    ("role", "coordinator"),
                    ("partner_id", ""),
                ],
            )
            .await;
        let q = &r;
        assert_eq!(redirect_param(q, "e.login").as_deref(), Some("login_invalid"));
        assert_eq!(redirect_param(q, "e.display_name").as_deref(), Some("required"));
        assert_eq!(redirect_param(q, "e.partner_id").as_deref(), Some("partner_required"));
        let html = app.get(&admin, &location(&r)).await.text().await.unwrap();
        assert!(html.contains("value=\"Bad Login!\""));
        assert!(html.contains("主催団体の担当者には、所属する主催団体を選んでください。"));
        assert!(
            html.contains("<option value=\"coordinator\" selected"),
            "the chosen role stays chosen"
        );

        let partner_text = partner.to_string();
        let r = app
            .post_form(
                &admin,
                "/forms/users",
                &[
                    ("login", "sato"),
                    ("display_name", "佐藤 恵子"),
                    ("role", "coordinator"),
                    ("partner_id", &partner_text),
                ],
            )
            .await;
        let page = location(&r);
        assert!(
            page.starts_with("/admin/users/") && page.ends_with("?notice=user_added"),
            "{page}"
        );

        let html = app.get(&admin, &page).await.text().await.unwrap();
        let temporary = temporary_password(&html).expect("temporary password shown");
        assert_eq!(temporary.len(), 14);
        // Shown once only.
        let again = app.get(&admin, &page).await.text().await.unwrap();
        assert!(temporary_password(&again).is_none());

        // The same login cannot be added twice.
        let r = app
            .post_form(
                &admin,
                "/forms/users",
                &[
                    ("login", "sato"),
                    ("display_name", "別人"),
                    ("role", "staff"),
                    ("partner_id", ""),
                ],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.login").as_deref(), Some("login_taken"));

        // The new user signs in with it and is sent to change it.
        let sato = client();
        let r = app.sign_in(&sato, "sato", &temporary).await;
        assert_eq!(location(&r), "/account/password");
        let r = app
            .post_form(
                &sato,
                "/auth/password",
                &[
                    ("current", &temporary),
                    ("password", "sato-own-password"),
                    ("password_confirm", "sato-own-password"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/?notice=password_changed");
        let home = app.get(&sato, "/").await.text().await.unwrap();
        assert!(home.contains("東大和スマホサロンの会"), "a coordinator's partner is shown");
    })
    .await;
}

#[tokio::test]
async fn roles_change_disabled_users_are_signed_out_and_the_last_admin_stays() {
    on_both(async |app: TestApp| {
        let (admin, admin_id) = app.signed_in(Role::Admin).await;
        let (volunteer, volunteer_id) = app.signed_in(Role::Volunteer).await;
        let page = format!("/forms/users/{volunteer_id}");

        let r = app
            .post_form(&admin, &page, &[("action", "role"), ("role", "staff"), ("partner_id", "")])
            .await;
        assert!(location(&r).ends_with("notice=role_changed"));
        assert_eq!(app.get(&volunteer, "/directory").await.status(), 200, "now staff");

        let r = app.post_form(&admin, &page, &[("action", "disable")]).await;
        assert!(location(&r).ends_with("notice=user_disabled"));
        assert_eq!(app.get(&volunteer, "/").await.status(), 303, "signed out at once");
        let r = app.sign_in(&client(), "volunteer-user", common::PASSWORD).await;
        assert!(location(&r).starts_with("/login"), "a disabled user cannot sign in");

        app.post_form(&admin, &page, &[("action", "enable")]).await;
        assert_eq!(
            location(&app.sign_in(&client(), "volunteer-user", common::PASSWORD).await),
            "/"
        );

        // An admin cannot disable themselves, nor demote the last admin.
        let own = format!("/forms/users/{admin_id}");
        let r = app.post_form(&admin, &own, &[("action", "disable")]).await;
        assert_eq!(redirect_param(&r, "e.status").as_deref(), Some("self"));
        let r = app
            .post_form(&admin, &own, &[("action", "role"), ("role", "staff"), ("partner_id", "")])
            .await;
        assert_eq!(redirect_param(&r, "e.role").as_deref(), Some("self"));

        // Garbage is refused plainly, never with a crash.
        let r = app.post_form(&admin, &page, &[("action", "explode")]).await;
        assert_eq!(r.status(), 400);
        let r = app.post_form(&admin, "/forms/users/999999", &[("action", "disable")]).await;
        assert_eq!(r.status(), 404);
        let r = app
            .post_form(
                &admin,
                &page,
                &[("action", "role"), ("role", "emperor"), ("partner_id", "abc")],
            )
            .await;
        let q = &r;
        assert_eq!(redirect_param(q, "e.role").as_deref(), Some("role_invalid"));
        assert_eq!(redirect_param(q, "e.partner_id").as_deref(), Some("partner_invalid"));
    })
    .await;
}

#[tokio::test]
async fn a_reset_password_replaces_the_old_one_and_ends_sessions() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let (staff, staff_id) = app.signed_in(Role::Staff).await;
        let r = app
            .post_form(&admin, &format!("/forms/users/{staff_id}"), &[("action", "reset")])
            .await;
        let html = app.get(&admin, &location(&r)).await.text().await.unwrap();
        let temporary = temporary_password(&html).expect("shown");
        assert_eq!(app.get(&staff, "/").await.status(), 303);
        assert!(location(&app.sign_in(&client(), "staff-user", common::PASSWORD).await)
            .starts_with("/login"));
        assert_eq!(
            location(&app.sign_in(&client(), "staff-user", &temporary).await),
            "/account/password"
        );
    })
    .await;
}

#[tokio::test]
async fn non_admins_cannot_use_the_admin_forms() {
    on_both(async |app: TestApp| {
        let (_, victim) = app.signed_in(Role::Volunteer).await;
        for role in [Role::Staff, Role::Coordinator, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            let r = app
                .post_form(
                    &c,
                    "/forms/users",
                    &[
                        ("login", "intruder"),
                        ("display_name", "x"),
                        ("role", "admin"),
                        ("partner_id", ""),
                    ],
                )
                .await;
            assert_eq!(r.status(), 403, "{role:?}");
            let r =
                app.post_form(&c, &format!("/forms/users/{victim}"), &[("action", "reset")]).await;
            assert_eq!(r.status(), 403, "{role:?}");
        }
        let anonymous = app.post_form(&client(), "/forms/users", &[("login", "intruder")]).await;
        assert_eq!(anonymous.status(), 401);
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE login = 'intruder'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(count, 0);
    })
    .await;
}

#[tokio::test]
async fn the_audit_log_records_changes_and_filters_by_user_record_and_date() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let (_, staff_id) = app.signed_in(Role::Staff).await;
        app.post_form(&admin, &format!("/forms/users/{staff_id}"), &[("action", "disable")]).await;

        let html = app.get(&admin, "/admin/audit").await.text().await.unwrap();
        assert!(
            html.contains("無効化") && html.contains("ログイン"),
            "entries are listed with Japanese action names"
        );

        let by_record = app
            .get(
                &admin,
                &format!("/admin/audit?user=admin-user&record_type=user&record_id={staff_id}"),
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(by_record.contains("<td>無効化<"));
        assert!(!by_record.contains("<td>ログイン<"), "sign-ins of others are filtered out");

        let api: serde_json::Value = admin
            .post(app.url("/api/audit/list"))
            .form(&[
                ("filter[user]", "staff-user"),
                ("filter[record_type]", ""),
                ("filter[record_id]", ""),
                ("filter[from]", ""),
                ("filter[to]", ""),
            ])
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entries = api.as_array().unwrap();
        assert_eq!(entries.len(), 1, "{api}");
        assert_eq!(entries[0]["action"], "sign_in");

        let old = app
            .get(&admin, "/admin/audit?from=2020-01-01&to=2020-12-31")
            .await
            .text()
            .await
            .unwrap();
        assert!(old.contains("該当する記録はありません。"));
        let bad_date = app.get(&admin, "/admin/audit?from=not-a-date").await;
        assert_eq!(bad_date.status(), 200, "an unreadable date is ignored, not an error");
    })
    .await;
}
