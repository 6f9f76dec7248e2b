//! Each role's allowed and refused pages and server functions, on SQLite and PostgreSQL.
use crate::common;

use common::{client, location, on_both, TestApp};
use yorisoi::auth::Role;

/// Pages and which roles may open them.
const PAGES: [(&str, &[Role]); 5] = [
    ("/", &[Role::Admin, Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer]),
    (
        "/account/password",
        &[Role::Admin, Role::Staff, Role::Coordinator, Role::Volunteer, Role::Reviewer],
    ),
    ("/directory", &[Role::Admin, Role::Staff, Role::Coordinator]),
    ("/admin/users", &[Role::Admin]),
    ("/admin/audit", &[Role::Admin]),
];

/// Server functions (path, form body) and which roles may call them.
const FUNCTIONS: [(&str, &str, &[Role]); 5] = [
    ("/api/users/list", "", &[Role::Admin]),
    ("/api/users/get", "id=1", &[Role::Admin]),
    (
        "/api/audit/list",
        "filter[user]=&filter[record_type]=&filter[record_id]=&filter[from]=&filter[to]=",
        &[Role::Admin],
    ),
    ("/api/directory/partners", "", &[Role::Admin, Role::Staff, Role::Coordinator]),
    ("/api/directory/venues", "", &[Role::Admin, Role::Staff, Role::Coordinator]),
];

#[tokio::test]
async fn anonymous_visitors_are_sent_to_sign_in_and_server_functions_refuse_them() {
    on_both(async |app: TestApp| {
        let c = client();
        for (path, _) in PAGES {
            let r = app.get(&c, path).await;
            assert_eq!(r.status(), 303, "{path}");
            // The site's address shows a resident the public schedule (issue 17).
            let to = if path == "/" { "/public" } else { "/login?next=" };
            assert!(location(&r).starts_with(to), "{path}");
        }
        for (path, body, _) in FUNCTIONS {
            let r = app.call(&c, path, body).await;
            assert_eq!(r.status(), 401, "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn every_role_gets_its_pages_and_is_refused_the_others() {
    on_both(async |app: TestApp| {
        app.add_partner("東京都", "tokyo").await;
        for role in Role::ALL {
            let (c, _) = app.signed_in(role).await;
            for (path, allowed) in PAGES {
                let r = app.get(&c, path).await;
                let expected = if allowed.contains(&role) { 200 } else { 403 };
                assert_eq!(r.status(), expected, "{role:?} GET {path}");
                let html = r.text().await.unwrap();
                if expected == 403 {
                    assert!(html.contains("このページは表示できません"), "{role:?} {path}");
                }
            }
        }
    })
    .await;
}

#[tokio::test]
async fn server_functions_check_the_role_and_refusals_carry_no_data() {
    on_both(async |app: TestApp| {
        app.add_partner("南街ふれあいサークル", "community").await;
        for role in Role::ALL {
            let (c, _) = app.signed_in(role).await;
            for (path, body, allowed) in FUNCTIONS {
                let r = app.call(&c, path, body).await;
                let status = r.status().as_u16();
                let text = r.text().await.unwrap();
                if allowed.contains(&role) {
                    assert_eq!(status, 200, "{role:?} {path}: {text}");
                } else {
                    assert_eq!(status, 403, "{role:?} {path}: {text}");
                    assert!(text.contains("Forbidden"), "{role:?} {path}: {text}");
                    assert!(!text.contains("ふれあい") && !text.contains("0425630000"), "{text}");
                }
            }
        }
    })
    .await;
}

#[tokio::test]
async fn a_reviewer_calling_a_staff_function_gets_a_refusal_not_data() {
    on_both(async |app: TestApp| {
        app.add_partner("東大和スマホサロンの会", "community").await;
        let (staff, _) = app.signed_in(Role::Staff).await;
        let ok = staff.post(app.url("/api/directory/partners")).send().await.unwrap();
        assert_eq!(ok.status(), 200);
        let partners: serde_json::Value = ok.json().await.unwrap();
        assert_eq!(partners[0]["name"], "東大和スマホサロンの会");

        let (reviewer, _) = app.signed_in(Role::Reviewer).await;
        let refused = reviewer.post(app.url("/api/directory/partners")).send().await.unwrap();
        assert_eq!(refused.status(), 403);
        let body = refused.text().await.unwrap();
        assert!(!body.contains("スマホサロン"), "{body}");
    })
    .await;
}

#[tokio::test]
async fn each_role_sees_only_its_own_menu() {
    on_both(async |app: TestApp| {
        for role in Role::ALL {
            let (c, _) = app.signed_in(role).await;
            let html = app.get(&c, "/").await.text().await.unwrap();
            let nav = html.split("<nav").nth(1).expect("a menu").split("</nav>").next().unwrap();
            assert_eq!(nav.contains("/admin/users"), role == Role::Admin, "{role:?}");
            assert_eq!(nav.contains("/admin/audit"), role == Role::Admin, "{role:?}");
            assert_eq!(
                nav.contains("/directory"),
                matches!(role, Role::Admin | Role::Staff | Role::Coordinator),
                "{role:?}"
            );
            assert!(nav.contains("ホーム") && nav.contains("パスワード変更"), "{role:?}");
        }
    })
    .await;
}
