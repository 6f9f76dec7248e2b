//! `yorisoi demo`: realistic demo data for trying the system out. Later features add their
//! own demo data here.

mod day;
mod directory;
mod paper_support;
mod residents;
mod sessions;
mod supporters;
mod users;

use crate::auth::password;
use crate::db::Db;
use anyhow::bail;

/// The password every demo user gets, printed when the demo loads.
pub const DEMO_PASSWORD: &str = "yorisoi-demo-2025";

/// The demo users that can still sign in with [`DEMO_PASSWORD`] (enabled, password not
/// changed): a server open to the public with any of them is open to anyone who has read
/// the README.
pub async fn users_with_demo_password(db: &Db) -> anyhow::Result<Vec<&'static str>> {
    let mut found = Vec::new();
    for login in users::LOGINS {
        let stored = crate::users::store::credentials(db, login).await?.map(|c| c.password_hash);
        if stored.is_some() && password::verify(stored, DEMO_PASSWORD.to_string()).await {
            found.push(login);
        }
    }
    Ok(found)
}

pub async fn load(db: &Db, force: bool) -> anyhow::Result<()> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM partners) + (SELECT COUNT(*) FROM venues)",
    )
    .fetch_one(&db.pool)
    .await?;
    if existing > 0 && !force {
        bail!(
            "the database already has users, partners or venues; refusing to add demo data \
             (use --force to add it anyway)"
        );
    }
    let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
    let mut tx = db.begin().await?;
    let partner_ids = directory::create(&mut tx).await?;
    let added = users::create(&mut tx, &partner_ids, &hash).await?;
    let sessions = sessions::create(&mut tx, &partner_ids).await?;
    let (residents, registrations) = residents::create(&mut tx).await?;
    day::assignments(&mut tx, partner_ids[1]).await?;
    day::devices(&mut tx, partner_ids[0]).await?;
    day::session_days(&mut tx, partner_ids[0]).await?;
    let requests = paper_support::create(&mut tx).await?;
    let supporters = supporters::create(&mut tx).await?;
    tx.commit().await?;
    // The demo marks attendance in bulk: record what the reports group by, then roll up.
    crate::reach::ops::rebuild_all(db).await?;
    println!(
        "Demo data loaded: {} partners, {} venues, {sessions} sessions, {residents} residents, \
         {registrations} registrations, {requests} paper-support requests, {supporters} \
         supporters.",
        directory::PARTNERS.len(),
        directory::VENUES.len()
    );
    if added.is_empty() {
        println!("The demo users already existed; their passwords were not changed.");
    } else {
        println!("Demo users (password for each: {DEMO_PASSWORD}):");
        for (login, role) in added {
            println!("  {login:<18} {}", role.code());
        }
    }
    Ok(())
}
