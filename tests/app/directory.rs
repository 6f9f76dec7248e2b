//! Partners, venues and topics: admins edit them, everyone else is refused.
use crate::common;

use common::{location, on_both, redirect_param, TestApp};
use yorisoi::auth::Role;

#[tokio::test]
async fn admins_add_and_edit_partners_with_checked_phone_numbers() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let r = app
            .post_form(
                &admin,
                "/forms/partners",
                &[
                    ("name", "清原スマホの会"),
                    ("kind", "community"),
                    ("contact_name", "山田 花子"),
                    ("contact_phone", "０４２－５６３－１２３"),
                ],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.contact_phone").as_deref(), Some("phone_invalid"));
        let html = app.refused_page(&admin, &r, &["山田 花子"]).await;
        assert!(html.contains("電話番号は0から始まる10桁または11桁"));
        assert!(html.contains("value=\"山田 花子\""));

        let mark = app.audit_mark().await;
        let r = app
            .post_form(
                &admin,
                "/forms/partners",
                &[
                    ("name", "清原スマホの会"),
                    ("kind", "community"),
                    ("contact_name", "山田 花子"),
                    ("contact_phone", "０４２－５６３－１２３４"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/directory?notice=saved");
        let (id, phone): (i64, String) =
            sqlx::query_as("SELECT id, contact_phone FROM partners WHERE name = '清原スマホの会'")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(phone, "0425631234");
        app.assert_audited(mark, &[format!("create partner {id}")]).await;
        let directory = app.get(&admin, "/directory").await.text().await.unwrap();
        assert!(directory.contains("042-563-1234"));

        let r = app
            .post_form(
                &admin,
                &format!("/forms/partners/{id}"),
                &[("name", "清原スマホの会"), ("kind", "tokyo"), ("notes", "都の委託")],
            )
            .await;
        assert_eq!(location(&r), "/directory?notice=saved");
        let kind: String = sqlx::query_scalar("SELECT kind FROM partners WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(kind, "tokyo");
        app.assert_audited(mark, &[format!("update partner {id}")]).await;

        app.add_partner("南街ふれあいサークル", "community").await;
        let r = app
            .post_form(
                &admin,
                &format!("/forms/partners/{id}"),
                &[("name", "南街ふれあいサークル"), ("kind", "community")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.name").as_deref(), Some("name_taken"));
        let r =
            app.post_form(&admin, "/forms/partners", &[("name", ""), ("kind", "martian")]).await;
        assert_eq!(redirect_param(&r, "e.name").as_deref(), Some("required"));
        assert_eq!(redirect_param(&r, "e.kind").as_deref(), Some("choice_required"));
    })
    .await;
}

#[tokio::test]
async fn admins_keep_venues_with_their_accessibility() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let district: i64 = sqlx::query_scalar("SELECT id FROM districts WHERE name = '清原'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        let d = district.to_string();
        let r = app
            .post_form(
                &admin,
                "/forms/venues",
                &[
                    ("name", "清原地区会館"),
                    ("district_id", &d),
                    ("address", "東大和市清原4-1"),
                    ("capacity", "0"),
                    ("elevator", "1"),
                ],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.capacity").as_deref(), Some("capacity_invalid"));
        let r = app
            .post_form(
                &admin,
                "/forms/venues",
                &[
                    ("name", "清原地区会館"),
                    ("district_id", &d),
                    ("address", "東大和市清原4-1"),
                    ("capacity", "16"),
                    ("elevator", "1"),
                    ("hearing_loop", "1"),
                    ("access_notes", "バス停「清原」から徒歩3分"),
                ],
            )
            .await;
        assert_eq!(location(&r), "/directory?notice=saved");
        let directory = app.get(&admin, "/directory").await.text().await.unwrap();
        assert!(directory.contains("エレベーター・ヒアリングループ"));
        let r = app
            .post_form(
                &admin,
                "/forms/venues",
                &[("name", "x"), ("district_id", "99999"), ("address", "")],
            )
            .await;
        assert_eq!(redirect_param(&r, "e.district_id").as_deref(), Some("choice_required"));
        assert_eq!(redirect_param(&r, "e.address").as_deref(), Some("required"));
    })
    .await;
}

#[tokio::test]
async fn topics_can_be_added_renamed_and_withdrawn() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let mark = app.audit_mark().await;
        let r = app
            .post_form(&admin, "/forms/topics", &[("name", "オンライン診療"), ("sort_order", "20")])
            .await;
        assert_eq!(location(&r), "/admin/topics?notice=saved");
        app.assert_audited(mark, &["create topic".into()]).await;
        let r =
            app.post_form(&admin, "/forms/topics", &[("name", "LINE"), ("sort_order", "5")]).await;
        assert_eq!(redirect_param(&r, "e.name").as_deref(), Some("name_taken"));
        let r = app
            .post_form(&admin, "/forms/topics", &[("name", "何か"), ("sort_order", "abc")])
            .await;
        assert_eq!(redirect_param(&r, "e.sort_order").as_deref(), Some("sort_order_invalid"));

        let line = app.topic("LINE").await;
        // Unticked "offered" withdraws it from the session form.
        // Each row's fields carry its id; an error comes back to that row with what was typed.
        let name_field = format!("topic-{line}-name");
        let order_field = format!("topic-{line}-sort_order");
        let r = app
            .post_form(
                &admin,
                &format!("/forms/topics/{line}"),
                &[(name_field.as_str(), "LINEの使い方"), (order_field.as_str(), "x")],
            )
            .await;
        assert_eq!(
            redirect_param(&r, &format!("e.{order_field}")).as_deref(),
            Some("sort_order_invalid")
        );
        let page = app.get(&admin, &location(&r)).await.text().await.unwrap();
        assert!(page.contains("value=\"LINEの使い方\""), "the typed name is kept in its row");
        app.post_form(
            &admin,
            &format!("/forms/topics/{line}"),
            &[(name_field.as_str(), "LINEの使い方"), (order_field.as_str(), "3")],
        )
        .await;
        let options = app.call(&admin, "/api/sessions/options", "").await.text().await.unwrap();
        assert!(options.contains("オンライン診療"));
        assert!(!options.contains("LINEの使い方"), "a withdrawn topic is not offered");
        let page = app.get(&admin, "/admin/topics").await.text().await.unwrap();
        assert!(page.contains("value=\"LINEの使い方\""));
    })
    .await;
}

#[tokio::test]
async fn only_admins_edit_reference_data() {
    on_both(async |app: TestApp| {
        let partner = app.add_partner("東京都", "tokyo").await;
        let calendar_of_partner = format!("id={partner}");
        for role in [Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (c, _) = app.signed_in(role).await;
            for (path, body) in [
                ("/forms/partners".to_string(), vec![("name", "x"), ("kind", "city")]),
                (format!("/forms/partners/{partner}"), vec![("name", "x"), ("kind", "city")]),
                ("/forms/venues".to_string(), vec![("name", "x"), ("address", "y")]),
                ("/forms/topics".to_string(), vec![("name", "x"), ("sort_order", "1")]),
                (
                    format!("/forms/partners/{partner}/calendar"),
                    vec![("url", "http://127.0.0.1:9/x.ics"), ("topic", "1"), ("capacity", "9")],
                ),
                (format!("/forms/partners/{partner}/calendar/pull"), vec![]),
            ] {
                assert_eq!(app.post_form(&c, &path, &body).await.status(), 403, "{role:?} {path}");
            }
            for page in ["/directory/partners/new", "/directory/venues/new", "/admin/topics"] {
                assert_eq!(app.get(&c, page).await.status(), 403, "{role:?} {page}");
            }
            for (function, body) in [
                ("/api/directory/list", "list=Topics"),
                ("/api/directory/list", "list=Procedures"),
                ("/api/directory/districts", ""),
                ("/api/directory/partner-calendar", calendar_of_partner.as_str()),
            ] {
                assert_eq!(app.call(&c, function, body).await.status(), 403, "{role:?} {function}");
            }
        }
        let name: String = sqlx::query_scalar("SELECT name FROM partners WHERE id = $1")
            .bind(partner)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(name, "東京都");
        let subscribed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM partner_calendars")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(subscribed, 0);
    })
    .await;
}
