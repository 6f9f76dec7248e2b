//! Two people (or two taps) at the same moment, on SQLite and PostgreSQL: each race ends
//! in a consistent state and no request gets a server error.
use crate::common;

use common::{location, on_both, redirect_param, TestApp};
use futures::future::join_all;
use futures::future::BoxFuture;
use yorisoi::auth::Role;
use yorisoi::db::{Backend, Step};

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

/// Bookings posted at the same moment on SQLite share one transaction (group commit), each
/// in its own savepoint: the ones that book are kept with their audit entries, and the ones
/// that cannot (a place already held, a form posted again, a closed session, an unknown
/// resident) leave nothing behind and get their own answer. PostgreSQL gives the same.
#[tokio::test]
async fn bookings_posted_at_once_each_end_on_their_own() {
    on_both(async |app: TestApp| {
        let (staff, _) = app.signed_in(Role::Staff).await;
        let open = app.add_session("同時予約の回", 10, 3).await;
        let past = app.add_session("終わった同時予約の回", -3, 10).await;
        let held = app.add_resident("既予約 一郎", "きよやく いちろう", "0425700000", "phone").await;
        let first = app.book(&staff, open, held, "held-key").await;
        assert_eq!(redirect_param(&first, "notice").as_deref(), Some("booked"));
        let mut newcomers = Vec::new();
        for n in 0..6 {
            let name = format!("同時 {n}");
            newcomers.push(app.add_resident(&name, "どうじ", &format!("042571{n:04}"), "phone").await);
        }
        let mark = app.audit_mark().await;
        let mut posts: Vec<(i64, i64, String)> =
            newcomers.iter().enumerate().map(|(n, r)| (open, *r, format!("new-{n}"))).collect();
        posts.push((open, held, "held-again".into()));
        posts.push((open, held, "held-key".into()));
        posts.push((past, newcomers[0], "too-late".into()));
        posts.push((open, 999_999, "nobody".into()));
        let (answers, log) = common::logged(join_all(
            posts.iter().map(|(session, resident, key)| app.book(&staff, *session, *resident, key)),
        ))
        .await;
        let said = |r: &reqwest::Response| {
            redirect_param(r, "notice").or_else(|| redirect_param(r, "e.booking"))
        };
        let mut booked = Vec::new();
        for r in &answers[..6] {
            assert_eq!(r.status(), 303, "{}", errors(&log));
            booked.push(said(r).unwrap_or_default());
        }
        booked.sort();
        // Two seats were left after the first booking.
        assert_eq!(booked, ["booked", "booked", "waitlisted", "waitlisted", "waitlisted", "waitlisted"]);
        assert_eq!(said(&answers[6]).as_deref(), Some("already_registered"));
        assert_eq!(said(&answers[7]).as_deref(), Some("booked_before"));
        let path = |r: &reqwest::Response| location(r).split('?').next().map(str::to_string);
        assert_eq!(path(&answers[7]), path(&first));
        assert_eq!(said(&answers[8]).as_deref(), Some("session_closed"));
        assert_eq!(answers[9].status(), 404);
        // Only the six new bookings were written: seats, waitlist and audit agree.
        let (taken, waiting, next): (i64, i64, i64) = sqlx::query_as(
            "SELECT seats_taken, waitlist_count, waitlist_next FROM sessions WHERE id = $1",
        )
        .bind(open)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!((taken, waiting, next), (3, 4, 4));
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM registrations WHERE idempotency_key LIKE 'new-%' ORDER BY id",
        )
        .fetch_all(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(ids.len(), 6);
        let mut expected: Vec<String> =
            ids.iter().map(|id| format!("create registration {id} session {open}")).collect();
        expected.sort();
        let mut audited = app.audited_since(mark).await;
        audited.retain(|entry| entry.starts_with("create registration"));
        audited.sort();
        assert_eq!(audited, expected);
        let elsewhere: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM registrations WHERE session_id = $1 OR idempotency_key IN ('too-late', 'nobody', 'held-again')",
        )
        .bind(past)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(elsewhere, 0);
    })
    .await;
}

/// On PostgreSQL a booking of a free seat that owes nothing more (the resident is told by
/// phone) is written in one statement with its audit entry; for anything else the
/// statement writes nothing and the booking goes the usual way: a resident confirmed by
/// email or letter, a key used before, a resident who holds a place (the unique index
/// refuses the row: the seat it took is given back with it), a full or closed session, an
/// erased resident.
#[tokio::test]
async fn on_postgresql_a_seat_owing_nothing_more_is_booked_in_one_statement() {
    on_both(async |app: TestApp| {
        if app.backend != Backend::Postgres {
            return;
        }
        let (staff, staff_id) = app.signed_in(Role::Staff).await;
        let open = app.add_session("一度で予約の回", 10, 3).await;
        let past = app.add_session("終わった一度で予約の回", -3, 10).await;
        let held = app.add_resident("既予約 二郎", "きよやく じろう", "0425710000", "phone").await;
        app.book(&staff, open, held, "held-key").await;
        let by_phone = app.add_resident("電話 花子", "でんわ はなこ", "0425710001", "phone").await;
        let by_email = app.add_resident("メール 花子", "めーる はなこ", "0425710002", "email").await;
        let by_letter = app.add_resident("手紙 花子", "てがみ はなこ", "0425710003", "letter").await;
        let erased = app.add_resident("消去 花子", "しょうきょ はなこ", "0425710004", "phone").await;
        sqlx::query("UPDATE residents SET erased_at = 1 WHERE id = $1")
            .bind(erased)
            .execute(&app.db.pool)
            .await
            .unwrap();
        let book = |session: i64, resident: i64, key: &'static str| {
            let detail = format!("session {session}");
            let db = app.db.clone();
            async move {
                yorisoi::registrations::store::seat_at_once(
                    &db,
                    session,
                    resident,
                    key,
                    (staff_id, "staff-user"),
                    yorisoi::db::now(),
                    ("create", &detail),
                    yorisoi::notify::store::CONFIRMATION_OWED,
                )
                .await
                .unwrap()
            }
        };
        let taken = async || -> i64 {
            sqlx::query_scalar("SELECT seats_taken FROM sessions WHERE id = $1")
                .bind(open)
                .fetch_one(&app.db.pool)
                .await
                .unwrap()
        };
        let mark = app.audit_mark().await;
        for (resident, key) in [
            (by_email, "email"),
            (by_letter, "letter"),
            (held, "held-again"),
            (by_phone, "held-key"),
            (erased, "erased"),
        ] {
            assert_eq!(book(open, resident, key).await, None, "{key}");
        }
        assert_eq!(book(past, by_phone, "past").await, None);
        assert_eq!(taken().await, 1, "nothing was taken");
        let id = book(open, by_phone, "phone").await.expect("booked in one statement");
        assert_eq!(taken().await, 2);
        let (resident, status, key, by): (i64, String, String, i64) = sqlx::query_as(
            "SELECT resident_id, status, idempotency_key, booked_by FROM registrations WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!((resident, status.as_str(), key.as_str(), by), (by_phone, "confirmed", "phone", staff_id));
        let (created, confirmed, position): (i64, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT created_at, confirmed_at, waitlist_position FROM registrations WHERE id = $1",
        )
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!((confirmed, position), (Some(created), None));
        assert_eq!(app.audited_since(mark).await, [format!("create registration {id} session {open}")]);
        // Told by email with no address to write to: nothing is owed, as `channel` says.
        let no_email = app.add_resident("メール 三郎", "めーる さぶろう", "0425710005", "phone").await;
        sqlx::query("UPDATE residents SET contact_pref = 'email', email = '' WHERE id = $1")
            .bind(no_email)
            .execute(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(book(open, no_email, "no-email").await.map(|_| ()), Some(()));
        let full = app.add_resident("電話 四郎", "でんわ しろう", "0425710006", "phone").await;
        assert_eq!(book(open, full, "full").await, None, "the session is full");
        assert_eq!(taken().await, 3);
        let notices: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE session_id = $1")
            .bind(open)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        assert_eq!(notices, 0, "no notice is owed to residents told by phone");
    })
    .await;
}

/// A write that fails inside a transaction it shares with others is taken back alone; one
/// that asks to be undone is too, and still gets its answer; the rest are committed.
#[tokio::test]
async fn a_write_that_fails_among_others_committed_together_takes_back_only_itself() {
    on_both(async |app: TestApp| {
        let writes = (0..12).map(|n: i64| {
            let db = app.db.clone();
            async move {
                db.batched(move |conn| {
                    Box::pin(async move {
                        sqlx::query(
                            "INSERT INTO partners (name, kind, contact_name, contact_phone, created_at) \
                             VALUES ($1, 'community', '担当', '0425630000', 0)",
                        )
                        .bind(format!("一緒に {n}"))
                        .execute(&mut *conn)
                        .await?;
                        // The same name again: refused by the unique index as it runs,
                        // after the first row of the write was written.
                        if n % 4 == 1 {
                            sqlx::query(
                                "INSERT INTO partners (name, kind, created_at) VALUES ($1, 'community', 0)",
                            )
                            .bind(format!("一緒に {n}"))
                            .execute(&mut *conn)
                            .await?;
                        }
                        Ok(if n % 4 == 2 { Step::Undo(n) } else { Step::Keep(n) })
                    })
                })
                .await
            }
        });
        let results = join_all(writes).await;
        for (n, result) in results.iter().enumerate() {
            match n % 4 {
                1 => assert!(result.is_err(), "{n}: {result:?}"),
                _ => assert_eq!(result.as_ref().ok(), Some(&(n as i64))),
            }
        }
        let kept: Vec<String> =
            sqlx::query_scalar("SELECT name FROM partners WHERE name LIKE '一緒に %' ORDER BY id")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        let mut kept_numbers: Vec<i64> =
            kept.iter().map(|name| name.trim_start_matches("一緒に ").parse().unwrap()).collect();
        kept_numbers.sort();
        assert_eq!(kept_numbers, [0, 3, 4, 7, 8, 11]);
        // On SQLite a write that panics is answered with an error, and the writes after it
        // are still committed (one task commits them all; it must not die with the write).
        if app.db.backend == Backend::Sqlite {
            let panicked = app
                .db
                .batched(|_conn| -> BoxFuture<'_, sqlx::Result<Step<()>>> {
                    Box::pin(async { panic!("a write that panics") })
                })
                .await;
            assert!(panicked.is_err());
            let after = app
                .db
                .batched(|conn| {
                    Box::pin(async move {
                        let one: i64 = sqlx::query_scalar("SELECT 1").fetch_one(conn).await?;
                        Ok(Step::Keep(one))
                    })
                })
                .await;
            assert_eq!(after.ok(), Some(1));
        }
    })
    .await;
}
