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
    // People per procedure, most first. Published, the list is protected first and then
    // ranked with every hidden count as an equal, in the list's own order, so neither the
    // order nor the place of an x gives a count away.
    let listed = if shown.publish {
        r.procedures.iter().filter(|p| p.requests > 0).collect()
    } else {
        r.left_behind()
    };
    let mut people = Section {
        title: s.report_left_behind.to_string(),
        columns: vec![s.procedure.to_string(), s.report_people.to_string()],
        rows: listed.into_iter().map(|p| (p.name(m), vec![count(p.people)])).collect(),
    };
    people.protect_columns(&[0]);
    people.rows.sort_by_key(|(_, values)| match values[0] {
        Value::Count(n) => std::cmp::Reverse(n),
        _ => std::cmp::Reverse(0),
    });

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
    // Each row's months add up to its requests, and each column of months or requests to
    // the total row: every such line holds its total too, since a total hidden in its turn
    // could be found from its parts. People are protected as a column (they do not add up:
    // one person may need several procedures).
    let procedures = r.procedures.len();
    let mut lines: Vec<Vec<(usize, usize)>> =
        (0..=procedures).map(|row| (0..=12).map(|c| (row, c)).collect()).collect();
    lines.extend((0..=12).map(|c| (0..=procedures).map(|row| (row, c)).collect::<Vec<_>>()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::paper_support::ProcedureFigures;

    /// A procedure with `n` requests by `n` people in each of `months` (0 = April).
    fn procedure(id: i64, name: &str, months: &[(usize, i64)]) -> ProcedureFigures {
        let mut p = ProcedureFigures::new(Some(id), name.into());
        for &(month, n) in months {
            p.per_month[month] += n;
            (p.requests, p.people, p.minutes) = (p.requests + n, p.people + n, p.minutes + 30 * n);
        }
        p
    }

    #[test]
    fn no_hidden_count_of_the_month_table_follows_from_the_others() {
        // A: 3 in March, B: 6 in August, C: 20 in April; 29 in all.
        let procedures = vec![
            procedure(1, "A", &[(11, 3)]),
            procedure(2, "B", &[(4, 6)]),
            procedure(3, "C", &[(0, 20)]),
        ];
        let mut total = ProcedureFigures::new(None, String::new());
        for p in &procedures {
            for (sum, n) in total.per_month.iter_mut().zip(p.per_month) {
                *sum += n;
            }
            (total.requests, total.people) = (total.requests + p.requests, total.people + p.people);
        }
        let report = SupportReport {
            fiscal_year: 2025,
            procedures,
            total,
            reasons: Vec::new(),
            provided: Vec::new(),
            outcomes: Vec::new(),
        };
        let view = view(&report, Locale::Ja.messages(), Shown { publish: true, threshold: 5 });
        let table = &view.tables[1];
        let hidden = |row: usize, column: usize| table.rows[row].1[column].is_hidden();
        // Rows with their requests, columns with their total: never one hidden alone, so
        // A's 3 cannot be found as 29 - 20 - 6.
        for row in 0..4 {
            assert_ne!((0..13).filter(|&c| hidden(row, c)).count(), 1, "row {row}");
        }
        for column in 0..13 {
            assert_ne!((0..4).filter(|&r| hidden(r, column)).count(), 1, "column {column}");
        }
        assert!(hidden(0, 11) && hidden(0, 12) && hidden(0, 14), "A's 3, and its minutes");
        assert!(hidden(1, 4) && hidden(1, 12), "B's 6 goes with them");
        assert!(!hidden(2, 0) && !hidden(3, 12), "C's 20 and the total of 29 stay");
        // People, most first; the x's after, in the list's order whatever they hide.
        let ranked: Vec<String> =
            view.tables[0].rows.iter().map(|(name, v)| format!("{name}:{}", v[0].text())).collect();
        assert_eq!(ranked, ["C:20", "A:x", "B:x"]);
    }
}
