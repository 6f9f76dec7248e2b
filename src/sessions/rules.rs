//! Who may change which session: pure predicates, shared by pages, routes and operations.

use crate::auth::{Area, CurrentUser, Role};

/// Whether `user` may edit a session hosted by `host`: admins and staff any, a coordinator
/// only their own partner's.
pub fn may_edit(user: &CurrentUser, host: i64) -> bool {
    Area::SessionsEdit.allows(user.role)
        && (user.role != Role::Coordinator || user.partner_id == Some(host))
}

/// Whether `user` approves co-hosts: staff and admins. A co-host's people see the
/// attendees, so a co-host a coordinator names waits for them.
pub fn may_approve_cohosts(user: &CurrentUser) -> bool {
    matches!(user.role, Role::Admin | Role::Staff)
}
