//! The report as tables, which the page and the CSV both render: exactly, or as published
//! (small counts hidden, and the counts subtraction would give them away with).

use super::{provided_label, reason_label, SupportReport};
use crate::domain::{Section, Shown, Value};
use crate::i18n::{fill, Messages};
use serde::{Deserialize, Serialize};

/// What the report page shows. Exact figures are laid out in the browser; for publication
/// the server builds this and sends nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportView {
    pub fiscal_year: i32,
    pub shown: Shown,
    /// Whether the year has any request at all.
    pub any: bool,
    pub tables: Vec<Section>,
}

/// The tables, in reading order: the procedures that left the most people behind, requests
/// per procedure and month (with the total), reasons, what was provided, outcomes.
pub fn view(r: &SupportReport, m: &Messages, shown: Shown) -> SupportView {
    let s = m.paper_support;
    let count = |n: i64| shown.count(n);
    // People per procedure, most first. Published, hidden counts rank as equals, in the
    // list's own order, so the order gives nothing away either.
    let listed = if shown.publish {
        r.procedures.iter().filter(|p| p.requests > 0).collect()
    } else {
        r.left_behind()
    };
    let mut left_behind: Vec<(String, Value)> =
        listed.into_iter().map(|p| (p.name(m), count(p.people))).collect();
    left_behind.sort_by_key(|(_, people)| match people {
        Value::Count(n) => std::cmp::Reverse(*n),
        _ => std::cmp::Reverse(0),
    });
    let mut people = Section {
        title: s.report_left_behind.to_string(),
        columns: vec![s.procedure.to_string(), s.report_people.to_string()],
        rows: left_behind.into_iter().map(|(name, n)| (name, vec![n])).collect(),
    };
    people.protect_columns(&[0]);

    let mut columns = vec![s.procedure.to_string()];
    columns.extend([4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3].map(|n| month(m, n)));
    columns.extend([s.report_requests, s.report_people, s.report_minutes].map(String::from));
    let named = r.procedures.iter().map(|p| (p.name(m), p));
    let rows = named.chain(std::iter::once((s.report_total.to_string(), &r.total)));
    let mut by_month = Section {
        title: s.report_by_month.to_string(),
        columns,
        rows: rows
            .map(|(name, f)| {
                let mut values: Vec<Value> = f.per_month.iter().map(|&n| count(n)).collect();
                values.extend([count(f.requests), count(f.people), Value::Count(f.minutes)]);
                (name, values)
            })
            .collect(),
    };
    // Each procedure's months add up to its requests, each month's procedures to the total
    // row, and so do the requests of the procedures; people are protected as a column too.
    let procedures = r.procedures.len();
    let mut lines: Vec<Vec<(usize, usize)>> =
        (0..=procedures).map(|row| (0..12).map(|c| (row, c)).collect()).collect();
    lines.extend((0..13).map(|c| (0..procedures).map(|row| (row, c)).collect::<Vec<_>>()));
    lines.push((0..procedures).map(|row| (row, 13)).collect());
    by_month.protect(&lines);
    // The minutes of a hidden number of requests are hidden with them.
    for (_, values) in &mut by_month.rows {
        if values[12].is_hidden() {
            values[14] = Value::Hidden;
        }
    }

    let pairs = |title: &str, rows: Vec<(String, i64)>| {
        let mut section = Section {
            title: title.to_string(),
            columns: vec![title.to_string(), s.report_requests.to_string()],
            rows: rows.into_iter().map(|(label, n)| (label, vec![count(n)])).collect(),
        };
        section.protect_columns(&[0]);
        section
    };
    let reasons = r.reasons.iter().map(|(c, n)| (reason_label(m, c).to_string(), *n)).collect();
    let provided = r.provided.iter().map(|(c, n)| (provided_label(m, c).to_string(), *n)).collect();
    let outcomes = r.outcomes.iter().map(|(st, n)| (st.label(m).to_string(), *n)).collect();
    SupportView {
        fiscal_year: r.fiscal_year,
        shown,
        any: r.total.requests > 0,
        tables: vec![
            people,
            by_month,
            pairs(s.report_reasons, reasons),
            pairs(s.report_provided, provided),
            pairs(s.report_outcomes, outcomes),
        ],
    }
}

/// `4月` (or `M4`).
fn month(m: &Messages, n: u32) -> String {
    fill(m.paper_support.report_month, &[("n", &n.to_string())])
}
