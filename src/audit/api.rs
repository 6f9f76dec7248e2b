//! Server functions of the audit log page.

use super::{AuditEntry, AuditFilter};
use crate::error::AppError;
use leptos::prelude::*;

/// How many entries one page shows at most.
pub const LIMIT: i64 = 500;

/// Audit entries matching the filter, newest first. Admins only.
#[server(endpoint = "audit/list")]
pub async fn list_audit(filter: AuditFilter) -> Result<Vec<AuditEntry>, AppError> {
    crate::auth::require(crate::auth::Area::AdminAudit)?;
    Ok(super::store::list(&crate::web::db()?, &filter, LIMIT).await?)
}
