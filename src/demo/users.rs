//! Demo users: one per role, each with the demo password.

use crate::auth::Role;
use crate::users::store::{self as users, NewUser};
use anyhow::Context;
use sqlx::{Any, Transaction};

/// One demo user per role: (login, name, role, partner index).
const USERS: [(&str, &str, Role, Option<usize>); 5] = [
    ("demo-admin", "高橋 美咲", Role::Admin, None),
    ("demo-staff", "田中 健太", Role::Staff, None),
    ("demo-coordinator", "佐藤 恵子", Role::Coordinator, Some(1)),
    ("demo-volunteer", "山本 和子", Role::Volunteer, Some(1)),
    ("demo-reviewer", "伊藤 誠", Role::Reviewer, None),
];

/// The demo users' logins.
pub(super) const LOGINS: [&str; 5] = [USERS[0].0, USERS[1].0, USERS[2].0, USERS[3].0, USERS[4].0];

/// Adds the demo users with the password `hash`; `partner_ids` are the demo partners' ids in
/// the order of `directory::PARTNERS`. Returns (login, role) of each user added: a login
/// already taken is left as it was.
pub(super) async fn create(
    tx: &mut Transaction<'_, Any>,
    partner_ids: &[i64],
    hash: &str,
) -> anyhow::Result<Vec<(&'static str, Role)>> {
    let mut added = Vec::new();
    for (login, name, role, partner) in USERS {
        let id = users::insert(
            &mut **tx,
            &NewUser {
                login,
                display_name: name,
                role,
                partner_id: partner.map(|i| partner_ids[i]),
                password_hash: hash,
                must_change_password: false,
            },
        )
        .await
        .with_context(|| format!("adding demo user {login}"))?;
        if id.is_some() {
            added.push((login, role));
        }
    }
    Ok(added)
}
