//! Two people (or two taps) at the same moment, on SQLite and PostgreSQL: each race ends
//! in a consistent state and no request gets a server error.
use crate::common;

use common::{on_both, TestApp};
use futures::future::join_all;
use yorisoi::auth::Role;

/// The error lines of a captured log, to say why a request failed.
fn errors(log: &str) -> String {
    log.lines().filter(|l| l.contains("ERROR")).collect::<Vec<_>>().join("\n")
}

#[tokio::test]
async fn a_walk_in_tapped_twice_at_once_is_added_once() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let session = app.add_session("同時の回", 0, 10).await;
        let path = format!("/forms/sessions/{session}/walkins");
        let form = [("walkin_name", "同時 太郎"), ("age_band", "75-79"), ("key", "double-tap")];
        let (answers, log) =
            common::logged(join_all((0..6).map(|_| app.post_form(&admin, &path, &form)))).await;
        for r in &answers {
            assert_eq!(r.status(), 303, "{}", errors(&log));
        }
        let added: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM registrations WHERE walkin = 1")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(added, 1);
    })
    .await;
}

#[tokio::test]
async fn two_opposite_merges_at_once_leave_one_record_kept() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        for round in 0..4 {
            let a = app
                .add_resident("重複 一", "ちょうふく いち", &format!("04256300{round}1"), "phone")
                .await;
            let b = app
                .add_resident("重複 一", "ちょうふく いち", &format!("04256300{round}2"), "phone")
                .await;
            let (path_a, path_b) =
                (format!("/forms/residents/{a}/merge"), format!("/forms/residents/{b}/merge"));
            let (into_a, into_b) = (a.to_string(), b.to_string());
            let (form_a, form_b) = ([("into", into_b.as_str())], [("into", into_a.as_str())]);
            let (ra, rb) = futures::join!(
                app.post_form(&admin, &path_a, &form_a),
                app.post_form(&admin, &path_b, &form_b),
            );
            assert_eq!((ra.status().as_u16(), rb.status().as_u16()), (303, 303));
            let kept: Vec<(i64, Option<i64>)> = sqlx::query_as(
                "SELECT id, merged_into FROM residents WHERE id IN ($1, $2) ORDER BY id",
            )
            .bind(a)
            .bind(b)
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
            let unmerged = kept.iter().filter(|(_, into)| into.is_none()).count();
            assert_eq!(unmerged, 1, "exactly one record is kept: {kept:?}");
        }
    })
    .await;
}

#[tokio::test]
async fn two_admins_disabling_each_other_leave_one_admin() {
    on_both(async |app: TestApp| {
        let (first, first_id) = app.signed_in(Role::Admin).await;
        let second_id = app.add_user("admin-two", Role::Admin).await;
        let second = common::client();
        app.sign_in(&second, "admin-two", common::PASSWORD).await;
        let (path_a, path_b) =
            (format!("/forms/users/{second_id}"), format!("/forms/users/{first_id}"));
        let (ra, rb) = futures::join!(
            app.post_form(&first, &path_a, &[("action", "disable")]),
            app.post_form(&second, &path_b, &[("action", "disable")]),
        );
        assert!(!ra.status().is_server_error() && !rb.status().is_server_error());
        let admins: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0")
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(admins, 1, "one admin is left");
    })
    .await;
}

#[tokio::test]
async fn check_ins_of_one_person_at_once_count_them_once() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let resident =
            app.add_resident("二重 花子", "にじゅう はなこ", "0425630606", "phone").await;
        let mut places = Vec::new();
        for n in 0..3 {
            let session = app.add_session(&format!("同じ日の回{n}"), 0, 10).await;
            places.push(app.add_place(session, resident).await);
        }
        let paths: Vec<String> =
            places.iter().map(|p| format!("/forms/registrations/{p}/attendance")).collect();
        let (answers, log) = common::logged(join_all(
            paths.iter().map(|p| app.post_form(&admin, p, &[("present", "1")])),
        ))
        .await;
        for r in &answers {
            assert_eq!(r.status(), 303, "{}", errors(&log));
        }
        let rows: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM reach_people WHERE resident_id = $1")
                .bind(resident)
                .fetch_one(&app.db.pool)
                .await
                .unwrap();
        assert_eq!(rows, 1, "one row of the person for the year");
    })
    .await;
}

#[tokio::test]
async fn lowering_capacity_while_someone_books_never_overfills_the_session() {
    on_both(async |app: TestApp| {
        let (admin, _) = app.signed_in(Role::Admin).await;
        let venue = app.add_venue("中央公民館").await;
        let partner = app.add_partner("東大和スマホの会", "community").await;
        let topic = app.topic("LINE").await.to_string();
        // One day per round, so the rounds' sessions do not clash at the venue.
        let days: Vec<String> = (0..3)
            .map(|n| {
                (yorisoi::domain::today_in_japan() + chrono::Duration::days(20 + n))
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .collect();
        let (partner, venue) = (partner.to_string(), venue.to_string());
        let form = |capacity: &'static str, round: usize| {
            vec![
                ("title", "定員の回"),
                ("level", "first"),
                ("host_partner_id", partner.as_str()),
                ("venue_id", venue.as_str()),
                ("date", days[round].as_str()),
                ("start_time", "10:00"),
                ("end_time", "12:00"),
                ("capacity", capacity),
                ("walkin_seats", "1"),
                ("topic", topic.as_str()),
            ]
        };
        for round in 0..3 {
            let r = app.post_form(&admin, "/forms/sessions", &form("5", round)).await;
            let session: i64 = common::location(&r)
                .trim_start_matches("/sessions/")
                .split('?')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let mut residents = Vec::new();
            for n in 0..4 {
                let phone = format!("04256{round}{n}0000");
                residents
                    .push(app.add_resident("定員 太郎", "ていいん たろう", &phone, "phone").await);
            }
            // Three booked: four seats can be booked (five less one for walk-ins).
            for (n, resident) in residents.iter().take(3).enumerate() {
                let (s, r, k) =
                    (session.to_string(), resident.to_string(), format!("cap-{round}-{n}"));
                let form =
                    [("session_id", s.as_str()), ("resident_id", r.as_str()), ("key", k.as_str())];
                assert_eq!(
                    app.post_form(&admin, "/forms/registrations", &form).await.status(),
                    303
                );
            }
            // At once: a fourth booking, and capacity lowered to four (three bookable).
            let (s, r, k) =
                (session.to_string(), residents[3].to_string(), format!("cap-{round}-3"));
            let booking =
                [("session_id", s.as_str()), ("resident_id", r.as_str()), ("key", k.as_str())];
            let edit_path = format!("/forms/sessions/{session}");
            let lower = form("4", round);
            let (booked, edited) = futures::join!(
                app.post_form(&admin, "/forms/registrations", &booking),
                app.post_form(&admin, &edit_path, &lower),
            );
            assert_eq!((booked.status().as_u16(), edited.status().as_u16()), (303, 303));
            let (capacity, walkin, taken): (i64, i64, i64) = sqlx::query_as(
                "SELECT capacity, walkin_seats, seats_taken FROM sessions WHERE id = $1",
            )
            .bind(session)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
            assert!(taken <= capacity - walkin, "{taken} booked on {capacity} less {walkin}");
            let confirmed: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM registrations WHERE session_id = $1 AND status = 'confirmed'",
            )
            .bind(session)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
            assert_eq!(confirmed, taken, "seats taken match the confirmed bookings");
        }
    })
    .await;
}
