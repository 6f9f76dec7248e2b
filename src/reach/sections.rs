//! The report as tables: one list of sections that the page, the CSV and the XLSX all
//! render, so every output shows the same figures. Publication mode hides small counts here.

use super::{Period, ReachFigures, ReachReport};
use crate::domain::AgeBand;
use crate::i18n::{fill, Messages};

/// The report's title line: `令和7年度（2025年度）…`, with the months when not the whole year.
pub fn heading(m: &Messages, period: Period, english: bool) -> String {
    let fy = crate::domain::FiscalYear::starting_in(period.fiscal_year);
    let label = if english { fy.label_en() } else { fy.label_ja() };
    let month = |n: u32| fill(m.reach.month, &[("n", &Period::calendar_month(n).to_string())]);
    if period.is_whole_year() {
        fill(m.reach.heading, &[("fy", &label), ("year", &period.fiscal_year.to_string())])
    } else {
        fill(
            m.reach.heading_months,
            &[
                ("fy", &label),
                ("year", &period.fiscal_year.to_string()),
                ("from", &month(period.from_month)),
                ("to", &month(period.to_month)),
            ],
        )
    }
}

/// `令和8年11月25日現在` (or the Western date in English).
pub fn as_of(m: &Messages, english: bool) -> String {
    let today = crate::domain::today_in_japan();
    let date = if english {
        today.format("%Y-%m-%d").to_string()
    } else {
        crate::domain::Wareki::from_date(today)
            .map(|w| w.format())
            .unwrap_or_else(|| today.format("%Y-%m-%d").to_string())
    };
    fill(m.reach.as_of, &[("date", &date)])
}

/// One cell of a figure table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Count(i64),
    /// A count hidden in publication mode: shown as `<threshold`.
    Hidden(i64),
    /// A share from 0 to 1; `None` when there is nothing to divide by (or it is hidden).
    Share(Option<f64>),
    Hours(f64),
    Text(String),
}

impl Value {
    /// As people read it: `1,234`, `<5`, `45.2%`, `12.5`.
    pub fn text(&self) -> String {
        match self {
            Value::Count(n) => grouped(*n),
            Value::Hidden(threshold) => format!("<{threshold}"),
            Value::Share(Some(s)) => format!("{:.1}%", s * 100.0),
            Value::Share(None) => "—".to_string(),
            Value::Hours(h) => format!("{h:.1}"),
            Value::Text(t) => t.clone(),
        }
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
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<(String, Vec<Value>)>,
}

/// How counts are shown: as they are, or with those under the threshold hidden.
#[derive(Debug, Clone, Copy)]
pub struct Shown {
    pub publish: bool,
    pub threshold: i64,
}

impl Shown {
    pub fn count(self, n: i64) -> Value {
        if self.publish && n > 0 && n < self.threshold {
            Value::Hidden(self.threshold)
        } else {
            Value::Count(n)
        }
    }

    /// A share whose denominator is small is hidden with it.
    pub fn share(self, part: i64, whole: i64) -> Value {
        if whole == 0 || (self.publish && whole < self.threshold) {
            Value::Share(None)
        } else {
            Value::Share(Some(part as f64 / whole as f64))
        }
    }

    /// The change from last year: `+12`, `-3`; percentage points for shares.
    fn change(self, now: &Value, before: &Value) -> Value {
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

fn hours(minutes: i64) -> Value {
    Value::Hours(minutes as f64 / 60.0)
}

/// A row of a comparison table: its label and how to read its value from one period.
type Row<'a> = (&'a str, fn(&ReachFigures, Shown) -> Value);

/// Every table of the report, in reading order.
pub fn sections(r: &ReachReport, m: &Messages, shown: Shown, english: bool) -> Vec<Section> {
    let t = m.reach;
    let (now, before) = (&r.current, &r.previous);
    let compare = |title: &str, rows: Vec<Row>| Section {
        title: title.to_string(),
        columns: vec![
            t.col_item.to_string(),
            t.col_current.to_string(),
            t.col_previous.to_string(),
            t.col_change.to_string(),
        ],
        rows: rows
            .into_iter()
            .map(|(label, value)| {
                let (a, b) = (value(now, shown), value(before, shown));
                let change = shown.change(&a, &b);
                (label.to_string(), vec![a, b, change])
            })
            .collect(),
    };
    let pairs = |title: &str, column: &str, rows: Vec<(String, i64, i64)>| Section {
        title: title.to_string(),
        columns: vec![
            title.to_string(),
            format!("{}（{}）", column, t.col_current),
            format!("{}（{}）", column, t.col_previous),
        ],
        rows: rows
            .into_iter()
            .map(|(label, a, b)| (label, vec![shown.count(a), shown.count(b)]))
            .collect(),
    };
    let counted =
        |list: &[(String, i64)], other: &[(String, i64)], label: &dyn Fn(&str) -> String| {
            list.iter()
                .map(|(key, n)| {
                    let before = other.iter().find(|(k, _)| k == key).map_or(0, |(_, n)| *n);
                    (label(key), *n, before)
                })
                .collect::<Vec<_>>()
        };
    let unknown = |key: &str, name: String| {
        if key.is_empty() {
            t.unknown.to_string()
        } else {
            name
        }
    };
    let band = |code: &str| {
        unknown(
            code,
            AgeBand::from_code(code)
                .map(|b| if english { b.label_en() } else { b.label_ja() })
                .unwrap_or(code)
                .to_string(),
        )
    };
    let host = |code: &str| match code {
        "tokyo" => t.host_tokyo.to_string(),
        "community" => t.host_community.to_string(),
        _ => t.host_city.to_string(),
    };
    let months: Vec<String> = (1..=12)
        .map(|n| fill(t.month, &[("n", &super::Period::calendar_month(n).to_string())]))
        .collect();
    let mut list = vec![
        compare(
            t.section_people,
            vec![
                (t.people, |f, s| s.count(f.people)),
                (t.first_time, |f, s| s.count(f.first_time)),
                (t.repeat, |f, s| s.count(f.repeat)),
                (t.anonymous, |f, s| s.count(f.anonymous)),
                (t.attendances, |f, s| s.count(f.attendances)),
                (t.support_requests, |f, s| s.count(f.support_requests)),
            ],
        ),
        compare(
            t.section_sessions,
            vec![
                (t.sessions_held, |f, s| s.count(f.sessions_held)),
                (t.sessions_cancelled, |f, s| s.count(f.sessions_cancelled)),
                (t.fill_rate, |f, s| s.share(f.booked, f.seats)),
                (t.no_show_rate, |f, s| s.share(f.booked - f.booked_present, f.booked)),
                (t.walkins, |f, s| s.count(f.walkins)),
                (t.devices_lent, |f, s| s.count(f.devices_lent)),
            ],
        ),
        compare(
            t.section_helpers,
            vec![
                (t.volunteers, |f, s| s.count(f.volunteers)),
                (t.volunteer_hours, |f, _| hours(f.volunteer_minutes)),
                (t.supporters_certified, |f, s| s.count(f.supporters_certified)),
                (t.supporters_active, |f, s| s.count(f.supporters_active)),
            ],
        ),
        compare(
            t.section_outcomes,
            vec![
                (t.satisfied_share, |f, s| {
                    s.share(f.satisfaction[3] + f.satisfaction[4], f.satisfaction.iter().sum())
                }),
                (t.could_do_share, |f, s| s.share(f.could_do, f.could_do_asked)),
            ],
        ),
        pairs(
            t.satisfaction_levels,
            t.col_people,
            (0..5)
                .map(|i| ((i + 1).to_string(), now.satisfaction[i], before.satisfaction[i]))
                .collect(),
        ),
        pairs(
            t.by_month,
            t.col_attendances,
            (0..12)
                .map(|i| {
                    (months[i].clone(), now.attendances_by_month[i], before.attendances_by_month[i])
                })
                .collect(),
        ),
    ];
    let hosts: Vec<(String, i64, i64)> = now
        .by_host
        .iter()
        .map(|(code, _, attended)| {
            let before = before.by_host.iter().find(|h| &h.0 == code).map_or(0, |h| h.2);
            (host(code), *attended, before)
        })
        .collect();
    list.push(pairs(t.by_host, t.col_attendances, hosts));
    let topics: Vec<(String, i64, i64)> = now
        .by_topic
        .iter()
        .map(|(name, _, attended)| {
            let before = before.by_topic.iter().find(|x| &x.0 == name).map_or(0, |x| x.2);
            (name.clone(), *attended, before)
        })
        .collect();
    list.push(pairs(t.by_topic, t.col_attendances, topics));
    list.push(pairs(
        t.by_age_band,
        t.col_people,
        counted(&now.by_age_band, &before.by_age_band, &band),
    ));
    list.push(pairs(
        t.by_district,
        t.col_people,
        counted(&now.by_district, &before.by_district, &|name: &str| {
            unknown(name, name.to_string())
        }),
    ));
    let procedures: Vec<(String, i64, i64)> = now
        .support_by_procedure
        .iter()
        .map(|p| {
            let before = before
                .support_by_procedure
                .iter()
                .find(|q| q.procedure_id == p.procedure_id)
                .map_or(0, |q| q.requests);
            (p.name(m), p.requests, before)
        })
        .collect();
    list.push(pairs(t.support_by_procedure, m.paper_support.report_requests, procedures));
    let outcomes: Vec<(String, i64, i64)> = now
        .support_by_outcome
        .iter()
        .map(|(status, n)| {
            let before =
                before.support_by_outcome.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n);
            (status.label(m).to_string(), *n, before)
        })
        .collect();
    list.push(pairs(t.support_by_outcome, m.paper_support.report_requests, outcomes));
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_and_small_ones_hidden_when_published() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(-1000), "-1,000");
        let open = Shown { publish: false, threshold: 5 };
        let published = Shown { publish: true, threshold: 5 };
        assert_eq!(open.count(3), Value::Count(3));
        assert_eq!(published.count(3).text(), "<5");
        assert_eq!(published.count(0), Value::Count(0));
        assert_eq!(published.count(5), Value::Count(5));
        assert_eq!(published.share(1, 4), Value::Share(None));
        assert_eq!(published.share(1, 8).text(), "12.5%");
        assert_eq!(open.change(&Value::Count(10), &Value::Count(4)), Value::Text("+6".into()));
        assert_eq!(
            published.change(&published.count(3), &Value::Count(9)),
            Value::Text("—".into())
        );
    }
}
