//! Server functions for loaner devices.

use super::{Device, HomeLoan, LoanLine};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The inventory page: devices, and the partners one may add devices for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inventory {
    pub devices: Vec<Device>,
    pub partners: Vec<(i64, String)>,
    /// Phones lent home and not back (names only).
    pub home: Vec<HomeLoan>,
    /// Today in Japan (`YYYY-MM-DD`), to mark those overdue.
    pub today: String,
}

/// A session's loans, and the devices that can still be lent, `(id, label)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLoans {
    pub loans: Vec<LoanLine>,
    pub available: Vec<(i64, String)>,
}

#[server(endpoint = "loaners/inventory")]
pub async fn load_inventory() -> Result<Inventory, AppError> {
    let user = crate::auth::require(crate::auth::Area::Devices)?;
    let db = crate::web::db()?;
    let own = (user.role == crate::auth::Role::Coordinator).then_some(user.partner_id);
    let partners = crate::directory::store::partners(&db)
        .await?
        .into_iter()
        .filter(|p| own.is_none_or(|own| own == Some(p.id)))
        .map(|p| (p.id, p.name))
        .collect();
    let scope = own.map(|o| o.unwrap_or(-1));
    let home = super::store::home_loans(&db, scope).await?;
    crate::audit::store::log_list(&db, &user, "home loans", "loans", home.iter().map(|l| l.id))
        .await?;
    Ok(Inventory {
        devices: super::store::devices(&db, scope).await?,
        partners,
        home,
        today: crate::domain::today_in_japan().format("%Y-%m-%d").to_string(),
    })
}

#[server(endpoint = "loaners/session")]
pub async fn load_session_loans(session_id: i64) -> Result<SessionLoans, AppError> {
    let user = crate::auth::require(crate::auth::Area::Checkin)?;
    let db = crate::web::db()?;
    if !crate::assignments::store::may_check_in(&db, &user, session_id).await? {
        return Err(AppError::Forbidden.respond());
    }
    let (loans, available) = super::ops::session_loans(&db, &user, session_id).await?;
    Ok(SessionLoans { loans, available })
}
