//! The audit log page: a filter form (GET, so it works without JavaScript and can be
//! bookmarked) and the matching entries.

use super::api::list_audit;
use super::{AuditEntry, AuditFilter};
use crate::auth::Guard;
use crate::domain::format_datetime_ja;
use crate::i18n::{t, Messages};
use crate::ui::{Field, Loaded, PageTitle, SubmitButton, Table};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// An audit action in words.
pub fn action_label(m: &Messages, code: &str) -> String {
    match code {
        "read" => m.audit.action_read,
        "create" => m.audit.action_create,
        "update" => m.audit.action_update,
        "disable" => m.audit.action_disable,
        "enable" => m.audit.action_enable,
        "reset_password" => m.audit.action_reset_password,
        "sign_in" => m.audit.action_sign_in,
        "sign_out" => m.audit.action_sign_out,
        "merge" => m.audit.action_merge,
        "cancel" => m.audit.action_cancel,
        other => return other.to_string(),
    }
    .to_string()
}

/// A kind of audited record in words.
pub fn record_label(m: &Messages, code: &str) -> String {
    match code {
        "user" => m.audit.record_user.to_string(),
        "session" => m.audit.record_session.to_string(),
        "partner" => m.audit.partner_name_record.to_string(),
        "venue" => m.audit.venue_record.to_string(),
        "topic" => m.audit.topic_record.to_string(),
        "resident" => m.audit.record_resident.to_string(),
        "registration" => m.audit.record_registration.to_string(),
        "notice" => m.audit.record_notice.to_string(),
        other => other.to_string(),
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| AuditFilter {
            user: q.get("user").unwrap_or_default(),
            record_type: q.get("record_type").unwrap_or_default(),
            record_id: q.get("record_id").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
        })
    };
    view! {
        <Guard>
            {move || {
                let entries = Resource::new(filter, list_audit);
                let current = filter();
                view! {
                    <PageTitle text=m.audit.audit_title/>
                    <h2 id="audit-filter">{m.audit.audit_filter}</h2>
                    <form method="get" action="/admin/audit" class="form filters" aria-labelledby="audit-filter">
                        <Field name="user" label=m.audit.audit_user autocomplete="off" initial=current.user.clone()/>
                        <Field name="record_type" label=m.audit.audit_record_type autocomplete="off" initial=current.record_type.clone()/>
                        <Field name="record_id" label=m.audit.audit_record_id autocomplete="off" initial=current.record_id.clone()/>
                        <Field name="from" label=m.audit.audit_from kind="date" initial=current.from.clone()/>
                        <Field name="to" label=m.audit.audit_to kind="date" initial=current.to.clone()/>
                        <SubmitButton label=m.audit.audit_submit/>
                    </form>
                    <p class="hint">{m.audit.audit_limit_note}</p>
                    <Loaded resource=entries let:list>
                        <AuditTable entries=list/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntry>) -> impl IntoView {
    let m = t();
    if entries.is_empty() {
        return view! { <p role="status">{m.audit.audit_none}</p> }.into_any();
    }
    view! {
        <Table
            caption=m.audit.audit_title
            heads=vec![
                m.audit.audit_at,
                m.audit.audit_user,
                m.audit.audit_action,
                m.audit.audit_record_type,
                m.audit.audit_record_id,
                m.audit.audit_detail,
            ]
        >
            {entries.into_iter().map(|e| {
                let at = chrono::DateTime::from_timestamp(e.at, 0)
                    .map(format_datetime_ja)
                    .unwrap_or_default();
                view! {
                    <tr>
                        <td>{at}</td>
                        <td>{e.user_login.unwrap_or_default()}</td>
                        <td>{action_label(m, &e.action)}</td>
                        <td>{record_label(m, &e.record_type)}</td>
                        <td>{e.record_id}</td>
                        <td>{e.detail.unwrap_or_default()}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}
