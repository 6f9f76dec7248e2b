//! "What we hold about you": the disclosure print holds every kind of record kept about the
//! resident (their record, a record merged into it, bookings with attendance and a loan,
//! notices with their text, paper-support requests, the linked supporter record, the audit
//! entries about them) and nothing of anyone else; it is audited; only staff and admins.
use crate::common;

use common::{on_both, TestApp};
use yorisoi::auth::Role;

async fn exec(app: &TestApp, sql: &str, values: &[i64]) {
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()));
    for v in values {
        query = query.bind(*v);
    }
    query.execute(&app.db.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn the_print_holds_everything_about_the_person_and_nobody_else() {
    on_both(async |app: TestApp| {
        let (staff, staff_id) = app.signed_in(Role::Staff).await;
        let me = app.add_resident("開示 花子", "かいじはなこ", "0425611111", "email").await;
        let other = app.add_resident("他人 次郎", "たにんじろう", "0425622222", "email").await;
        let duplicate = app.add_resident("開示 はな子", "かいじはなこ", "0425633333", "phone").await;
        exec(&app, "UPDATE residents SET merged_into = $1, notes = '旧記録のメモ' WHERE id = $2", &[me, duplicate]).await;
        exec(&app, "UPDATE residents SET notes = '花子さんのメモ', sensitive_notes = '補聴器あり' WHERE id = $1", &[me]).await;
        exec(&app, "UPDATE residents SET notes = '次郎さんのメモ' WHERE id = $1", &[other]).await;

        let session = app.add_session("開示確認の体験会", 10, 10).await;
        let mine = app.add_place(session, me).await;
        let theirs = app.add_place(session, other).await;
        exec(&app, "UPDATE registrations SET attended = 1 WHERE id IN ($1, $2)", &[mine, theirs]).await;
        let partner = app.add_partner("貸出の会", "community").await;
        let device = app.add_device(partner, "貸出機A-7").await;
        exec(&app, "INSERT INTO loans (device_id, session_id, registration_id, lent_at, lent_by, due_on, returned_at, condition, condition_note) VALUES ($1, $2, $3, 0, $4, '2026-01-20', 1, 'damaged', 'ボタンが固い')", &[device, session, mine, staff_id]).await;
        for (who, key, body) in [(me, "n-me", "花子様 体験会のご案内本文"), (other, "n-other", "次郎様 別の本文")] {
            sqlx::query(
                "INSERT INTO notices (kind, channel, resident_id, session_id, dedupe_key, due_on, \
                    status, email_to, subject, body, outcome_note, created_at) \
                 VALUES ('confirmation', 'email', $1, $2, $3, '2026-12-01', 'sent', 'x@example.jp', \
                    '体験会のご案内', $4, '', 0)",
            )
            .bind(who)
            .bind(session)
            .bind(key)
            .bind(body)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        for (who, notes) in [(me, "年金の手続きを紙で"), (other, "次郎さんの相談")] {
            sqlx::query(
                "INSERT INTO support_requests (resident_id, requested_on, channel, procedure_other, \
                    status, staff_id, notes, created_at, updated_at) \
                 VALUES ($1, '2026-11-20', 'counter', '年金の申請', 'open', $2, $3, 0, 0)",
            )
            .bind(who)
            .bind(staff_id)
            .bind(notes)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        // The supporter record is linked to the duplicate: found through the merge.
        let supporter: i64 = sqlx::query_scalar(
            "INSERT INTO supporters (name, kana, kana_compact, kana_sort, basis, resident_id, \
                last_progress_on, certificate_no, notes, created_at, updated_at) \
             VALUES ('開示 花子', 'かいじはなこ', 'かいじはなこ', 'かいじはなこ', 'lives', $1, \
                '2026-11-01', 'TS-0042', 'サポーターのメモ', 0, 0) RETURNING id",
        )
        .bind(duplicate)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        // A list that showed both people: in the print, without the other's number.
        sqlx::query(
            "INSERT INTO audit_log (at, user_login, action, record_type, record_id, detail) \
             VALUES (1, 'list-reader', 'read', 'list', 'resident search', $1)",
        )
        .bind(format!("residents {other},{me}"))
        .execute(&app.db.pool)
        .await
        .unwrap();
        // Someone read the other person's record and this one's.
        assert_eq!(app.get(&staff, &format!("/residents/{other}")).await.status(), 200);
        assert_eq!(app.get(&staff, &format!("/residents/{me}")).await.status(), 200);

        let mark = app.audit_mark().await;
        let r = app.get(&staff, &format!("/residents/{me}/disclosure")).await;
        assert_eq!(r.status(), 200);
        let page = r.text().await.unwrap();
        for expected in [
            "開示 花子",
            "カイジハナコ",
            "花子さんのメモ",
            "補聴器あり",
            "旧記録のメモ",
            "開示確認の体験会",
            "貸出機A-7",
            "返却日 2026-01-20",
            "傷・故障あり",
            "ボタンが固い",
            "花子様 体験会のご案内本文",
            "x@example.jp",
            "年金の手続きを紙で",
            "年金の申請",
            "TS-0042",
            "list-reader",
            "サポーターのメモ",
            "042-563-2111",
            &format!("record_id={me}"),
        ] {
            let expected = expected.replace("record_id=", "市民 ");
            assert!(page.contains(&expected), "{expected} is missing");
        }
        let both = format!("residents {other},{me}");
        let foreign_row = format!("市民 {other}<");
        for foreign in ["他人", "タニンジロウ", "次郎", "0425622222", "042-562-2222", &foreign_row, &both] {
            assert!(!page.contains(foreign), "{foreign} of someone else is in the print");
        }
        assert_eq!(
            app.audited_since(mark).await,
            vec![
                format!("read supporter {supporter} disclosure printed"),
                format!("read resident {me} disclosure printed"),
            ]
        );
        // The resident page links to it.
        let resident = app.get(&staff, &format!("/residents/{me}")).await.text().await.unwrap();
        assert!(resident.contains(&format!("/residents/{me}/disclosure")));

        for role in [Role::Coordinator, Role::Volunteer, Role::Reviewer] {
            let (client, _) = app.signed_in(role).await;
            let r = app.get(&client, &format!("/residents/{me}/disclosure")).await;
            assert_eq!(r.status(), 403, "{role:?}");
            assert!(!r.text().await.unwrap().contains("開示 花子"));
            let r = app.call(&client, "/api/disclosure/resident", &format!("id={me}")).await;
            assert_eq!(r.status(), 403, "{role:?}");
        }
        let r = app.get(&staff, "/residents/999999/disclosure").await;
        assert_eq!(r.status(), 404);
    })
    .await;
}
