//! The city is configuration (issue 17) on SQLite and PostgreSQL: an admin sets another
//! municipality's name, office, phone number, hours and mail sender, and the public pages,
//! the printed schedule, the calendar and the header show them; checks and role denials.
use crate::common;

use common::{client, location, on_both, redirect_param, TestApp};
use yorisoi::auth::Role;

fn settings(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("name", "架空市"),
        ("name_reading", "かくうし"),
        ("name_en", "Kakuu City"),
        ("office", "情報推進課"),
        ("office_en", "Information Section"),
        ("phone", "０３１２３４５６７８"),
        ("hours", "平日 9時～17時"),
        ("hours_en", "weekdays 9:00–17:00"),
        ("mail_from", "架空市 <noreply@kakuu.example.jp>"),
    ];
    for (k, v) in changes {
        fields.retain(|(name, _)| name != k);
        fields.push((k, v));
    }
    fields
}

#[tokio::test]
async fn another_city_runs_yorisoi_by_its_settings() {
    on_both(async |app: TestApp| {
        app.add_session("体験会", 10, 5).await;
        let anonymous = client();
        // Unset: Higashiyamato's.
        let page = app.get(&anonymous, "/public").await.text().await.unwrap();
        assert!(page.contains("東大和市") && page.contains("042-563-2111"));
        let (admin, _) = app.signed_in(Role::Admin).await;
        // Checked: required fields, a Japanese phone number, a sender mail can come from.
        let bad = settings(&[
            ("name", ""),
            ("phone", "12"),
            ("mail_from", "not an address"),
            ("office", "{phone}課"),
        ]);
        let r = app.post_form(&admin, "/forms/city", &bad).await;
        for (field, code) in [
            ("office", "invalid"),
            ("name", "required"),
            ("phone", "phone_invalid"),
            ("mail_from", "email_unsendable"),
        ] {
            assert_eq!(redirect_param(&r, &format!("e.{field}")).as_deref(), Some(code), "{field}");
        }
        let mark = app.audit_mark().await;
        let r = app.post_form(&admin, "/forms/city", &settings(&[])).await;
        assert_eq!(location(&r), "/admin/city?notice=saved");
        app.assert_audited(mark, &["update setting city".to_string()]).await;
        let form = app.get(&admin, "/admin/city").await.text().await.unwrap();
        assert!(form.contains("value=\"03-1234-5678\""), "the number kept grouped");
        // Shown where residents and staff read them.
        let page = app.get(&anonymous, "/public").await.text().await.unwrap();
        assert!(
            page.contains("架空市") && page.contains("情報推進課") && page.contains("03-1234-5678"),
            "{page}"
        );
        // (The test venue's address is in Higashiyamato; the city's own words are not.)
        assert!(!page.contains("東大和市 デジタル政策課") && !page.contains("042-563-2111"));
        let home = app.get(&admin, "/").await.text().await.unwrap();
        assert!(home.contains("架空市 デジタルデバイド対策"));
        let print = app.get(&admin, "/schedule/print").await.text().await.unwrap();
        assert!(print.contains("架空市 スマートフォン体験会") && print.contains("03-1234-5678"));
        let feed = app.get(&anonymous, "/calendar/sessions.ics").await.text().await.unwrap();
        assert!(feed.contains("架空市 スマートフォン体験会"));
        // Readings on: the name carries the reading the admin gave.
        let r = app
            .post_form(
                &anonymous,
                "/forms/public/ruby",
                &[("yorisoi_ruby", "1"), ("back", "/public")],
            )
            .await;
        assert_eq!(location(&r), "/public");
        let page = app.get(&anonymous, "/public").await.text().await.unwrap();
        assert!(page.contains("<rt>かくうし"), "{page}");
        // The districts are the city's too: one added is offered, one withdrawn is not.
        let r = app
            .post_form(
                &admin,
                "/forms/districts",
                &[("name", "架空一丁目"), ("sort_order", "1"), ("active", "1")],
            )
            .await;
        assert!(location(&r).starts_with("/admin/districts"), "{}", location(&r));
        let id: i64 = sqlx::query_scalar("SELECT id FROM districts WHERE name = '芋窪'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let (name_field, order_field) =
            (format!("topic-{id}-name"), format!("topic-{id}-sort_order"));
        let withdrawn = [(name_field.as_str(), "芋窪"), (order_field.as_str(), "1")];
        let r = app.post_form(&admin, &format!("/forms/districts/{id}"), &withdrawn).await;
        assert!(location(&r).starts_with("/admin/districts"), "{}", location(&r));
        let form = app.get(&admin, "/residents/new").await.text().await.unwrap();
        assert!(form.contains(">架空一丁目<") && !form.contains(">芋窪<"), "{form}");
        // A resident who lives there keeps it: their form still offers it.
        let resident =
            app.add_resident("芋窪 住人", "いもくぼ じゅうにん", "0425550123", "phone").await;
        sqlx::query("UPDATE residents SET district_id = $1 WHERE id = $2")
            .bind(id)
            .bind(resident)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let form =
            app.get(&admin, &format!("/residents/{resident}/edit")).await.text().await.unwrap();
        assert!(form.contains(">芋窪<"), "{form}");
        // Only admins.
        for role in [Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            assert_eq!(app.get(&c, "/admin/city").await.status(), 403, "{role:?}");
            assert_eq!(app.call(&c, "/api/city/settings", "").await.status(), 403);
            assert_eq!(app.post_form(&c, "/forms/city", &settings(&[])).await.status(), 403);
        }
    })
    .await;
}
