//! The report as tables: one list of sections that the page, the CSV and the XLSX all
//! render, so every output shows the same figures. Publication mode hides small counts
//! here, and the counts subtraction would give them away with
//! ([`crate::domain::Section::protect`]).

use super::{Period, ReachFigures, ReachReport};
use crate::domain::{AgeBand, Section, Shown, Value};
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

/// The share answering 4 or 5. Published, it is hidden when any level is a small count:
/// beside the levels shown, the share would give that count away.
fn satisfied(f: &ReachFigures, s: Shown) -> Value {
    share_of_levels(&f.satisfaction, s)
}

fn share_of_levels(levels: &[i64; 5], s: Shown) -> Value {
    if levels.iter().any(|&n| s.count(n).is_hidden()) {
        Value::Share(None)
    } else {
        s.share(levels[3] + levels[4], levels.iter().sum())
    }
}

/// What the dashboard shows. Exact figures are turned into it in the browser; for
/// publication the server builds it and sends nothing else, so the page, its hydration
/// data and the server function hold only what may be published.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReachView {
    pub period: Period,
    pub shown: Shown,
    /// The satisfied share against the plan's baseline, or why it is not given.
    pub kpi: String,
    pub tables: Vec<Section>,
}

/// The dashboard of a report as `shown`.
pub fn view(r: &ReachReport, m: &Messages, shown: Shown, english: bool) -> ReachView {
    let t = m.reach;
    // The sentence gives both shares away (the baseline's beside its published levels).
    let hidden = shown.publish
        && (satisfied(&r.current, shown) == Value::Share(None)
            || share_of_levels(&r.baseline_levels, shown) == Value::Share(None));
    let kpi = match (r.baseline_satisfied, r.current.satisfied_share()) {
        (Some(_), Some(_)) if hidden => t.kpi_hidden.to_string(),
        (Some(base), Some(now)) if base > 0.0 => fill(
            t.kpi,
            &[("base", &format!("{:.1}%", base * 100.0)), ("ratio", &format!("{:.2}", now / base))],
        ),
        _ => t.kpi_no_base.to_string(),
    };
    ReachView { period: r.current.period, shown, kpi, tables: sections(r, m, shown, english) }
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
    // A comparison: this period, last year, and the change, worked out from what is shown.
    // `parts` are rows that add up to another row of the table (protected per column).
    let compare = |title: &str, rows: Vec<Row>, parts: &[usize]| {
        let mut section = Section {
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
                    (label.to_string(), vec![value(now, shown), value(before, shown)])
                })
                .collect(),
        };
        section.protect(&[0, 1].map(|c| parts.iter().map(|&r| (r, c)).collect()));
        for (_, values) in &mut section.rows {
            values.push(shown.change(&values[0], &values[1]));
        }
        section
    };
    // A breakdown: each column adds up to a total shown elsewhere, so it is protected.
    let pairs = |title: &str, column: &str, rows: Vec<(String, i64, i64)>| {
        let mut section = Section {
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
        section.protect_columns(&[0, 1]);
        section
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
            // First-time, repeat and anonymous add up to the people reached.
            &[1, 2, 3],
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
            &[],
        ),
        compare(
            t.section_helpers,
            vec![
                (t.volunteers, |f, s| s.count(f.volunteers)),
                // One or two volunteers' hours would be theirs alone.
                (t.volunteer_hours, |f, s| {
                    if s.count(f.volunteers).is_hidden() {
                        Value::Hidden
                    } else {
                        hours(f.volunteer_minutes)
                    }
                }),
                (t.supporters_certified, |f, s| s.count(f.supporters_certified)),
                (t.supporters_active, |f, s| s.count(f.supporters_active)),
            ],
            &[],
        ),
        compare(
            t.section_outcomes,
            vec![
                (t.satisfied_share, satisfied),
                (t.could_do_share, |f, s| s.share(f.could_do, f.could_do_asked)),
            ],
            &[],
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
    // Questionnaires entered one by one: satisfied and "could do it" shares per group,
    // beside last year and against the plan's target (1.5 times the base year's share).
    let target = r.baseline_satisfied.map(|base| base * 1.5);
    // Shares hide themselves when a group is small. The age-band, district and first-time
    // lists all add up to the same number of sheets, so each list's count column is
    // protected: a hidden group never stands alone in it, and subtraction from another
    // list's total finds only a sum of hidden groups.
    let answered = |title: &str,
                    now_list: &[(String, super::Answered)],
                    before_list: &[(String, super::Answered)],
                    label: &dyn Fn(&str) -> String,
                    by_topic: bool| {
        let mut section = Section {
            title: title.to_string(),
            columns: vec![
                title.to_string(),
                format!(
                    "{}（{}）",
                    if by_topic { t.col_topic_answers } else { t.col_sheets },
                    t.col_current
                ),
                format!("{}（{}）", t.satisfied_share, t.col_current),
                format!("{}（{}）", t.satisfied_share, t.col_previous),
                t.col_target.to_string(),
                format!("{}（{}）", t.could_do_share, t.col_current),
                format!("{}（{}）", t.could_do_share, t.col_previous),
            ],
            rows: now_list
                .iter()
                .map(|(key, a)| {
                    let b = before_list
                        .iter()
                        .find(|(k, _)| k == key)
                        .map(|(_, b)| *b)
                        .unwrap_or_default();
                    let satisfied = shown.share(a.satisfied, a.rated);
                    let against = match (&satisfied, target) {
                        (Value::Share(Some(share)), Some(goal)) if goal > 0.0 => {
                            Value::Text(format!("{:.2}", share / goal))
                        }
                        _ => Value::Text("—".to_string()),
                    };
                    (
                        label(key),
                        vec![
                            shown.count(if by_topic { a.asked } else { a.sheets }),
                            satisfied,
                            shown.share(b.satisfied, b.rated),
                            against,
                            shown.share(a.could, a.asked),
                            shown.share(b.could, b.asked),
                        ],
                    )
                })
                .collect(),
        };
        section.protect_columns(&[0]);
        section
    };
    let first = |key: &str| match key {
        "first" => t.first_time.to_string(),
        "repeat" => t.repeat.to_string(),
        _ => t.unknown.to_string(),
    };
    let (an, ab) = (&now.answers, &before.answers);
    list.push(answered(t.answers_by_band, &an.by_band, &ab.by_band, &band, false));
    let district = |name: &str| unknown(name, name.to_string());
    list.push(answered(t.answers_by_district, &an.by_district, &ab.by_district, &district, false));
    list.push(answered(t.answers_by_first, &an.by_first, &ab.by_first, &first, false));
    let topic = |name: &str| name.to_string();
    list.push(answered(t.answers_by_topic, &an.by_topic, &ab.by_topic, &topic, true));
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
    use crate::i18n::Locale;

    fn figures(fiscal_year: i32) -> ReachFigures {
        ReachFigures {
            period: Period::new(fiscal_year, None, None),
            people: 0,
            first_time: 0,
            repeat: 0,
            anonymous: 0,
            attendances: 0,
            sessions_held: 0,
            sessions_cancelled: 0,
            seats: 0,
            booked: 0,
            booked_present: 0,
            walkins: 0,
            by_host: Vec::new(),
            by_topic: Vec::new(),
            by_age_band: Vec::new(),
            by_district: Vec::new(),
            attendances_by_month: [0; 12],
            volunteer_minutes: 0,
            volunteers: 0,
            supporters_certified: 0,
            supporters_active: 0,
            devices_lent: 0,
            support_requests: 0,
            support_by_procedure: Vec::new(),
            support_by_outcome: Vec::new(),
            satisfaction: [0; 5],
            could_do: 0,
            could_do_asked: 0,
            answers: Default::default(),
        }
    }

    fn row(view: &ReachView, title: &str, label: &str) -> Vec<String> {
        let table = view.tables.iter().find(|t| t.title == title).unwrap();
        let (_, values) = table.rows.iter().find(|(l, _)| l == label).unwrap();
        values.iter().map(Value::text).collect()
    }

    #[test]
    fn published_tables_hide_what_subtraction_would_give_away() {
        let m = Locale::Ja.messages();
        let t = m.reach;
        let mut current = figures(2025);
        (current.people, current.first_time, current.repeat, current.anonymous) = (40, 3, 30, 7);
        current.satisfaction = [0, 0, 2, 10, 21];
        current.by_district = vec![("中央".into(), 20), ("南街".into(), 3), ("芋窪".into(), 9)];
        current.by_district.push(("桜が丘".into(), 8));
        let answered = |sheets, satisfied, asked, could| super::super::Answered {
            sheets,
            rated: sheets,
            satisfied,
            asked,
            could,
        };
        current.answers.by_band = vec![
            ("70-74".into(), answered(12, 9, 12, 6)),
            ("75-79".into(), answered(20, 15, 20, 10)),
            ("80-84".into(), answered(3, 3, 3, 1)),
        ];
        let report = ReachReport {
            current,
            previous: figures(2024),
            baseline_satisfied: Some(0.5),
            baseline_answers: 40,
            baseline_levels: [0, 0, 20, 10, 10],
            publish_threshold: 5,
        };
        let open = view(&report, m, Shown { publish: false, threshold: 5 }, false);
        assert_eq!(row(&open, t.section_people, t.first_time), ["3", "0", "+3"]);
        assert_eq!(row(&open, t.section_outcomes, t.satisfied_share)[0], "93.9%");
        assert!(open.kpi.contains("1.88"), "{}", open.kpi);

        let published = view(&report, m, Shown { publish: true, threshold: 5 }, false);
        assert_eq!(row(&published, t.section_people, t.people), ["40", "0", "+40"]);
        assert_eq!(row(&published, t.section_people, t.first_time), ["x", "0", "—"]);
        assert_eq!(row(&published, t.section_people, t.anonymous), ["x", "0", "—"], "7 goes too");
        assert_eq!(row(&published, t.section_people, t.repeat), ["30", "0", "+30"]);
        let districts: Vec<String> = ["中央", "南街", "芋窪", "桜が丘"]
            .map(|d| row(&published, t.by_district, d)[0].clone())
            .into();
        assert_eq!(districts, ["20", "x", "9", "x"]);
        assert_eq!(row(&published, t.satisfaction_levels, "3")[0], "x");
        assert_eq!(row(&published, t.satisfaction_levels, "4")[0], "x");
        assert_eq!(row(&published, t.section_outcomes, t.satisfied_share)[0], "—");
        assert_eq!(published.kpi, t.kpi_hidden);
        // Questionnaires by group: the share beside the target (1.5 × 50% = 75%); a group
        // of three is hidden when published, count and shares alike.
        let band = |v: &ReachView, label: &str| row(v, t.answers_by_band, label);
        assert_eq!(band(&open, "75～79歳")[..5], ["20", "75.0%", "—", "1.00", "50.0%"]);
        assert_eq!(band(&published, "80～84歳")[..3], ["x", "—", "—"]);
        // The three add up to the total the other lists show: a second count goes too.
        let counts = ["70～74歳", "75～79歳", "80～84歳"].map(|b| band(&published, b)[0].clone());
        assert_eq!(counts.iter().filter(|c| *c == "x").count(), 2, "{counts:?}");
    }
}
