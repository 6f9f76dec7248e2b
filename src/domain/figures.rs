//! Tables of figures for the city's reports, and publication mode's disclosure control.
//!
//! A report is a list of [`Section`]s of [`Value`]s, which the page, the CSV and the XLSX
//! all render. In publication mode ([`Shown::publish`]) the server builds them and sends
//! only these cells, never the exact figures behind them:
//! - a count from 1 to `threshold - 1` is hidden, shown as `x` (秘匿, as in the
//!   government's statistics);
//! - in a line of counts that add up to a total shown elsewhere, one hidden cell could be
//!   found by subtraction, so the next-smallest count of that line is hidden too
//!   ([`Section::protect`]), repeated until every line has no hidden cell or at least two;
//! - only whole fiscal years already over are published ([`published_year`]);
//! - a share is hidden when the counts it divides are small ([`Shown::share`]).

use serde::{Deserialize, Serialize};

/// The fiscal year published when `asked` is: only years already over, whose figures no
/// longer change (two snapshots of a running year could be subtracted), so a running or
/// future year gives the last one over.
pub fn published_year(asked: i32) -> i32 {
    asked.min(super::FiscalYear::of(super::today_in_japan()).start_year() - 1)
}

/// One cell of a figure table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Count(i64),
    /// A count hidden in publication mode, shown as `x`: small, or one that subtraction
    /// would give a small one away with. The two look the same, so neither can be told.
    Hidden,
    /// A share from 0 to 1; `None` when there is nothing to divide by (or it is hidden).
    Share(Option<f64>),
    Hours(f64),
    Text(String),
}

impl Value {
    /// As people read it: `1,234`, `x`, `45.2%`, `12.5`.
    pub fn text(&self) -> String {
        match self {
            Value::Count(n) => grouped(*n),
            Value::Hidden => "x".to_string(),
            Value::Share(Some(s)) => format!("{:.1}%", s * 100.0),
            Value::Share(None) => "—".to_string(),
            Value::Hours(h) => format!("{h:.1}"),
            Value::Text(t) => t.clone(),
        }
    }

    pub fn is_hidden(&self) -> bool {
        matches!(self, Value::Hidden)
    }
}

/// `1234567` as `1,234,567`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A table: a title, the column heads, then rows of a label and values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Value>)>,
}

impl Section {
    /// The table as text, for a CSV: the column heads, then each row's label and values.
    pub fn text_rows(&self) -> impl Iterator<Item = Vec<String>> + '_ {
        std::iter::once(self.columns.clone()).chain(self.rows.iter().map(|(label, values)| {
            std::iter::once(label.clone()).chain(values.iter().map(Value::text)).collect()
        }))
    }

    /// Protects each of `columns` as a line over every row (a breakdown whose column adds
    /// up to a total shown elsewhere).
    pub fn protect_columns(&mut self, columns: &[usize]) {
        let rows = self.rows.len();
        let lines: Vec<Vec<(usize, usize)>> =
            columns.iter().map(|&c| (0..rows).map(|r| (r, c)).collect()).collect();
        self.protect(&lines);
    }

    /// Publication's second rule. Each line lists cells (`(row, value index)`) bound by one
    /// sum: parts with their total when that total may be hidden in turn (it is a part of
    /// another line, as in a table of rows and columns), else the parts alone. A line with exactly one hidden
    /// cell gives it away by subtraction, so its smallest shown count above zero is hidden
    /// too. Hiding a cell can leave another line with one, so this repeats until no line
    /// has exactly one. A parts-only line whose other cells are all zero needs nothing
    /// more: its only hidden cell is then small (a second one is only ever hidden beside a
    /// first), its total the same, and hidden wherever it is shown.
    pub fn protect(&mut self, lines: &[Vec<(usize, usize)>]) {
        loop {
            let mut changed = false;
            for line in lines {
                let cells: Vec<((usize, usize), Value)> = line
                    .iter()
                    .filter_map(|&(r, c)| Some(((r, c), self.rows.get(r)?.1.get(c)?.clone())))
                    .collect();
                if cells.iter().filter(|(_, v)| v.is_hidden()).count() != 1 {
                    continue;
                }
                let smallest = cells
                    .iter()
                    .filter_map(|(at, v)| match v {
                        Value::Count(n) if *n > 0 => Some((*n, *at)),
                        _ => None,
                    })
                    .min_by_key(|(n, _)| *n);
                if let Some((_, (r, c))) = smallest {
                    self.rows[r].1[c] = Value::Hidden;
                    changed = true;
                }
            }
            if !changed {
                return;
            }
        }
    }
}

/// How counts are shown: as they are, or for publication.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Shown {
    pub publish: bool,
    pub threshold: i64,
}

impl Shown {
    fn small(self, n: i64) -> bool {
        self.publish && n > 0 && n < self.threshold
    }

    pub fn count(self, n: i64) -> Value {
        if self.small(n) {
            Value::Hidden
        } else {
            Value::Count(n)
        }
    }

    /// `part` of `whole`. Published, it is hidden when the whole is under the threshold or
    /// either side of it (`part`, `whole - part`) is a small count: with the whole known,
    /// the share would give that count away.
    pub fn share(self, part: i64, whole: i64) -> Value {
        let hidden = self.publish
            && (whole < self.threshold || self.small(part) || self.small(whole - part));
        if whole == 0 || hidden {
            Value::Share(None)
        } else {
            Value::Share(Some(part as f64 / whole as f64))
        }
    }

    /// The change from last year: `+12`, `-3`; percentage points for shares; `—` when
    /// either side is hidden.
    pub fn change(self, now: &Value, before: &Value) -> Value {
        match (now, before) {
            (Value::Count(a), Value::Count(b)) => Value::Text(signed(a - b)),
            (Value::Share(Some(a)), Value::Share(Some(b))) => {
                Value::Text(format!("{:+.1}pt", (a - b) * 100.0))
            }
            (Value::Hours(a), Value::Hours(b)) => Value::Text(format!("{:+.1}", a - b)),
            _ => Value::Text("—".to_string()),
        }
    }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{}", grouped(n))
    } else {
        grouped(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: Shown = Shown { publish: true, threshold: 5 };

    fn column(counts: &[i64]) -> Section {
        Section {
            title: String::new(),
            columns: Vec::new(),
            rows: counts.iter().map(|&n| (n.to_string(), vec![PUBLISHED.count(n)])).collect(),
        }
    }

    fn texts(section: &Section) -> Vec<String> {
        section.rows.iter().map(|(_, v)| v[0].text()).collect()
    }

    #[test]
    fn counts_are_grouped_and_small_ones_hidden_when_published() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(-1000), "-1,000");
        let open = Shown { publish: false, threshold: 5 };
        assert_eq!(open.count(3), Value::Count(3));
        assert_eq!(PUBLISHED.count(3).text(), "x");
        assert_eq!(PUBLISHED.count(0), Value::Count(0));
        assert_eq!(PUBLISHED.count(5), Value::Count(5));
        assert_eq!(open.change(&Value::Count(10), &Value::Count(4)), Value::Text("+6".into()));
        assert_eq!(
            PUBLISHED.change(&PUBLISHED.count(3), &Value::Count(9)),
            Value::Text("—".into())
        );
    }

    #[test]
    fn shares_of_few_or_giving_a_small_count_away_are_hidden_when_published() {
        assert_eq!(PUBLISHED.share(1, 4), Value::Share(None), "a small whole");
        assert_eq!(PUBLISHED.share(1, 8), Value::Share(None), "one of eight is a count of 1");
        assert_eq!(PUBLISHED.share(7, 8), Value::Share(None), "so is seven of eight");
        assert_eq!(PUBLISHED.share(5, 10).text(), "50.0%");
        assert_eq!(PUBLISHED.share(0, 10).text(), "0.0%");
        assert_eq!(PUBLISHED.share(10, 10).text(), "100.0%");
        assert_eq!(Shown { publish: false, threshold: 5 }.share(1, 8).text(), "12.5%");
    }

    #[test]
    fn a_lone_hidden_cell_takes_the_next_smallest_with_it() {
        // 40 people: 3 in one district could be found as 40 − 20 − 9 − 8.
        let mut s = column(&[20, 3, 9, 8, 0]);
        s.protect_columns(&[0]);
        assert_eq!(texts(&s), ["20", "x", "9", "x", "0"]);
        // Two hidden already: nothing more to do.
        let mut s = column(&[20, 3, 1, 8]);
        s.protect_columns(&[0]);
        assert_eq!(texts(&s), ["20", "x", "x", "8"]);
        // Nothing hidden, or the only count: unchanged.
        let mut s = column(&[20, 9]);
        s.protect_columns(&[0]);
        assert_eq!(texts(&s), ["20", "9"]);
        let mut s = column(&[0, 3, 0]);
        s.protect_columns(&[0]);
        assert_eq!(texts(&s), ["0", "x", "0"]);
    }

    #[test]
    fn hiding_in_one_line_reaches_the_lines_that_cross_it() {
        // Rows and columns both add up to published totals.
        let mut s = Section {
            title: String::new(),
            columns: Vec::new(),
            rows: [[3, 10, 12], [9, 8, 20], [15, 11, 6]]
                .iter()
                .map(|r| (String::new(), r.iter().map(|&n| PUBLISHED.count(n)).collect()))
                .collect(),
        };
        let mut lines: Vec<Vec<(usize, usize)>> =
            (0..3).map(|r| (0..3).map(|c| (r, c)).collect()).collect();
        lines.extend((0..3).map(|c| (0..3).map(|r| (r, c)).collect::<Vec<_>>()));
        s.protect(&lines);
        for line in &lines {
            let hidden = line.iter().filter(|&&(r, c)| s.rows[r].1[c].is_hidden()).count();
            assert_ne!(hidden, 1, "{line:?} in {s:?}");
        }
        let shown: Vec<String> =
            s.rows.iter().flat_map(|(_, v)| v.iter().map(Value::text)).collect();
        assert_eq!(shown, ["x", "x", "12", "x", "x", "20", "15", "11", "6"]);
    }
}
