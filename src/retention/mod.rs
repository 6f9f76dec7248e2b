//! The life of the data: retention rules applied by hand or nightly (anonymising with the
//! same code as an erasure at the person's request), their runs, and the file register
//! (個人情報ファイル簿) generated from the schema and the rules.

mod model;
mod pages;

pub mod api;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod ops;
#[cfg(feature = "ssr")]
pub mod register;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod worker;

pub use model::{counts_text, parse_counts, Kind, Overview, RegisterFile, RuleLine, RunLine, Unit};
pub use pages::{RegisterPage, RetentionPage};

use crate::i18n::{fill, Messages};

/// A rule's name.
pub fn kind_label(m: &Messages, kind: Kind) -> &'static str {
    let r = m.retention;
    match kind {
        Kind::Residents => r.kind_residents,
        Kind::Walkins => r.kind_walkins,
        Kind::CallNotes => r.kind_call_notes,
        Kind::SupportText => r.kind_support_text,
        Kind::Supporters => r.kind_supporters,
        Kind::SessionNotes => r.kind_session_notes,
        Kind::AuditLog => r.kind_audit_log,
        Kind::SignIns => r.kind_sign_ins,
    }
}

/// What a rule does after `{n}` units, in a sentence.
pub fn rule_text(m: &Messages, kind: Kind, keep: i64) -> String {
    let r = m.retention;
    let text = match kind {
        Kind::Residents => r.does_residents,
        Kind::Walkins => r.does_walkins,
        Kind::CallNotes => r.does_call_notes,
        Kind::SupportText => r.does_support_text,
        Kind::Supporters => r.does_supporters,
        Kind::SessionNotes => r.does_session_notes,
        Kind::AuditLog => r.does_audit_log,
        Kind::SignIns => r.does_sign_ins,
    };
    fill(text, &[("n", &keep.to_string())])
}

/// The unit a rule's period is counted in.
pub fn unit_label(m: &Messages, unit: Unit) -> &'static str {
    match unit {
        Unit::FiscalYears => m.retention.unit_fiscal_years,
        Unit::Years => m.retention.unit_years,
        Unit::Days => m.retention.unit_days,
    }
}
