//! The paper roster: printed in 五十音 order with reading, needs, a tick column and blank
//! numbered rows for walk-ins, with no contact data; the ticked paper entered in one form
//! (JavaScript off) marks exactly the ticked places, adds the written walk-ins once even
//! when sent twice, keeps what was typed on a mistake, and is audited; only those who may
//! check in at the session reach either page.
use crate::common;

use common::{location, on_both, TestApp};
use yorisoi::auth::Role;

async fn walkins(app: &TestApp, session: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND walkin = 1")
        .bind(session)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_paper_roster_is_printed_in_order_and_entered_in_one_pass() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let session = app.add_session("紙の出席簿の回", 0, 10).await;
        app.move_session(session, -600).await;
        let mut places = Vec::new();
        for (name, kana, phone) in [
            ("渡辺 茂", "わたなべ しげる", "0425600011"),
            ("阿部 和子", "あべ かずこ", "0425600012"),
            ("加藤 清", "かとう きよし", "0425600013"),
        ] {
            let resident = app.add_resident(name, kana, phone, "phone").await;
            places.push(app.add_place(session, resident).await);
        }
        sqlx::query("UPDATE residents SET need_hearing = 1 WHERE name = '加藤 清'")
            .execute(&app.db.pool)
            .await
            .unwrap();
        let (watanabe, abe, kato) = (places[0], places[1], places[2]);
        // Kato was marked at the door already.
        let r = app
            .post_form(
                &staff,
                &format!("/forms/registrations/{kato}/attendance"),
                &[("present", "1")],
            )
            .await;
        assert_eq!(r.status(), 303);

        let roster = app.get(&staff, &format!("/sessions/{session}/roster")).await;
        assert_eq!(roster.status(), 200);
        let roster = roster.text().await.unwrap();
        let at = |s: &str| roster.find(s).unwrap_or_else(|| panic!("{s} missing"));
        assert!(
            at("アベ カズコ") < at("カトウ キヨシ") && at("カトウ キヨシ") < at("ワタナベ シゲル")
        );
        assert!(roster.contains("聞こえ"), "needs are on the roster");
        for contact in ["0425600011", "042-560-0011", "@example.jp"] {
            assert!(!roster.contains(contact), "{contact} on the roster");
        }
        // Ten blank numbered rows after the three booked.
        assert_eq!(roster.matches("class=\"write-in\"").count(), 30);
        assert!(roster.contains(">13<") && !roster.contains(">14<"));

        // A mistake (an age band but no name on row 2) keeps everything typed.
        let entry = format!("/forms/sessions/{session}/roster");
        let (abe_s, watanabe_s, kato_s) = (abe.to_string(), watanabe.to_string(), kato.to_string());
        let mut form: Vec<(&str, &str)> = vec![
            ("key", "paper-1"),
            ("listed", &abe_s),
            ("listed", &watanabe_s),
            ("listed", &kato_s),
            ("present", &abe_s),
            ("present", &watanabe_s),
            ("row1_name", "飛込 一郎"),
            ("row1_age", "70-74"),
            ("row2_age", "80-84"),
        ];
        let r = app.post_form(&staff, &entry, &form).await;
        let page = app.refused_page(&staff, &r, &["飛込 一郎"]).await;
        assert!(page.contains("value=\"飛込 一郎\""), "typed name kept");
        assert!(!app.attended(abe).await, "nothing saved on a mistake");
        assert_eq!(walkins(&app, session).await, 0);

        // The fixed form: Abe and Watanabe ticked, Kato not (the paper wins), two walk-ins.
        form.push(("row2_name", "とびこみ はな"));
        let mark = app.audit_mark().await;
        let r = app.post_form(&staff, &entry, &form).await;
        assert_eq!(location(&r), format!("/sessions/{session}/checkin?notice=roster_entered"));
        assert!(app.attended(abe).await && app.attended(watanabe).await);
        assert!(!app.attended(kato).await);
        assert_eq!(walkins(&app, session).await, 2);
        let audited = app.audited_since(mark).await;
        assert_eq!(audited.len(), 5, "{audited:?}");
        assert!(audited.iter().all(|a| a.contains("paper roster")), "{audited:?}");
        assert!(!audited.iter().any(|a| a.contains("飛込")), "{audited:?}");

        // Sent again (a double click, a reload): nothing new.
        let r = app.post_form(&staff, &entry, &form).await;
        assert_eq!(r.status(), 303);
        assert_eq!(walkins(&app, session).await, 2);
        assert_eq!(app.audited_since(mark).await.len(), 5);
        let sheet = app.get(&staff, &location(&r)).await.text().await.unwrap();
        assert!(sheet.contains("飛込 一郎") && sheet.contains("出席簿の内容を保存しました"));

        // Only those who may check in here reach the roster.
        let (volunteer, _) = app.signed_in(Role::Volunteer).await;
        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        for client in [&volunteer, &reviewer] {
            for path in
                [format!("/sessions/{session}/roster"), format!("/sessions/{session}/roster/entry")]
            {
                assert_eq!(app.get(client, &path).await.status(), 403, "{path}");
            }
            let r = app.post_form(client, &entry, &[("key", "x"), ("present", &abe_s)]).await;
            assert_eq!(r.status(), 403);
        }
        let anonymous = common::client();
        assert_ne!(app.post_form(&anonymous, &entry, &[("key", "x")]).await.status(), 200);

        // The entry page numbers its walk-in rows after everyone listed, as the paper does.
        let page = app
            .get(&staff, &format!("/sessions/{session}/roster/entry"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("当日参加 6番") && page.contains("当日参加 15番"), "{page}");
    })
    .await;
}
