//! `/reports/reach`: the dashboard for the city. Tables from [`super::sections`] (the same
//! the downloads hold), bar charts as SVG with the table beside each, and print for A4.

use super::api::load_reach;
use super::sections::{sections, Section, Shown, Value};
use super::ReachReport;
use crate::app::Guard;
use crate::auth::Area;
use crate::domain::FiscalYear;
use crate::i18n::{fill, t, use_locale, Locale};
use crate::ui::{error_view, loading, PageTitle, SelectField, SubmitButton};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy, PartialEq)]
struct Asked {
    fy: Option<i32>,
    from: Option<u32>,
    to: Option<u32>,
    publish: bool,
}

#[component]
pub fn ReachPage() -> impl IntoView {
    let r = t().reach;
    let query = use_query_map();
    let asked = move || {
        query.with(|q| Asked {
            fy: q.get("fy").and_then(|v| v.parse().ok()),
            from: q.get("from").and_then(|v| v.parse().ok()),
            to: q.get("to").and_then(|v| v.parse().ok()),
            publish: q.get("publish").as_deref() == Some("1"),
        })
    };
    view! {
        <Guard area=Area::Reports>
            {move || {
                let report = Resource::new(asked, |a| load_reach(a.fy, a.from, a.to));
                view! {
                    <PageTitle text=r.title/>
                    <p class="no-print">{r.intro}</p>
                    <Suspense fallback=loading>
                        {move || Suspend::new(async move {
                            let a = asked();
                            match report.await {
                                Ok(report) => view! { <Dashboard report publish=a.publish/> }.into_any(),
                                Err(e) => error_view(e),
                            }
                        })}
                    </Suspense>
                }
            }}
        </Guard>
    }
}

fn fy_label(year: i32, english: bool) -> String {
    let fy = FiscalYear::starting_in(year);
    if english {
        fy.label_en()
    } else {
        fy.label_ja()
    }
}

#[component]
fn Dashboard(report: ReachReport, publish: bool) -> impl IntoView {
    let m = t();
    let r = m.reach;
    let english = use_locale() == Locale::En;
    let period = report.current.period;
    let shown = Shown {
        publish,
        threshold: report.publish_threshold,
    };
    let tables = sections(&report, m, shown, english);
    let years: Vec<(String, String)> = (period.fiscal_year - 4..=period.fiscal_year + 1)
        .rev()
        .map(|y| (y.to_string(), fy_label(y, english)))
        .collect();
    let months: Vec<(String, String)> = (1..=12)
        .map(|n| {
            (
                n.to_string(),
                fill(
                    r.month,
                    &[("n", &super::Period::calendar_month(n).to_string())],
                ),
            )
        })
        .collect();
    let query = format!(
        "fy={}&from={}&to={}{}",
        period.fiscal_year,
        period.from_month,
        period.to_month,
        if publish { "&publish=1" } else { "" }
    );
    let threshold = report.publish_threshold.to_string();
    let publish_label = fill(r.publish, &[("n", &threshold)]);
    // In publication mode the ratio would give away a share of few answers.
    let answers: i64 = report.current.satisfaction.iter().sum();
    let few = |n: i64| publish && n < report.publish_threshold;
    let kpi = match (report.baseline_satisfied, report.current.satisfied_share()) {
        (Some(_), Some(_)) if few(answers) || few(report.baseline_answers) => {
            fill(r.kpi_hidden, &[("n", &threshold)])
        }
        (Some(base), Some(now)) if base > 0.0 => fill(
            r.kpi,
            &[
                ("base", &format!("{:.1}%", base * 100.0)),
                ("ratio", &format!("{:.2}", now / base)),
            ],
        ),
        _ => r.kpi_no_base.to_string(),
    };
    view! {
        <form method="get" action="/reports/reach" class="form filters no-print" aria-label=r.filter_label>
            <SelectField name="fy" label=r.fy options=years initial=period.fiscal_year.to_string()/>
            <SelectField name="from" label=r.from_month options=months.clone() initial=period.from_month.to_string()/>
            <SelectField name="to" label=r.to_month options=months initial=period.to_month.to_string()/>
            <label class="checkbox" for="publish">
                <input type="checkbox" id="publish" name="publish" value="1" checked=publish/>
                <span>{publish_label}</span>
            </label>
            <SubmitButton label=r.show secondary=true/>
        </form>
        <p class="actions no-print">
            <a class="button secondary" href=format!("/reports/reach.csv?{query}") download="">{r.download_csv}</a>
            <a class="button secondary" href=format!("/reports/reach.xlsx?{query}") download="">{r.download_xlsx}</a>
        </p>
        <h2 class="report-heading">{super::heading(m, period, english)}</h2>
        <p class="report-date">{super::as_of(m, english)}</p>
        {publish.then(|| view! { <p class="notice" role="status">{fill(r.publish_on, &[("n", &threshold)])}</p> })}
        <p>{kpi}</p>
        {tables.into_iter().enumerate().map(|(i, table)| {
            let id = format!("chart-{i}");
            let chart = if table.title == r.by_month {
                Some(view! { <LineChart table=table.clone() id/> }.into_any())
            } else if table.title == r.by_age_band {
                Some(view! { <BarChart table=table.clone() id/> }.into_any())
            } else {
                None
            };
            view! {
                <section class="report-section">
                    <h3 id=format!("table-{i}")>{table.title.clone()}</h3>
                    {chart}
                    <FigureTable table labelled=format!("table-{i}")/>
                </section>
            }
        }).collect_view()}
    }
}

#[component]
fn FigureTable(table: Section, labelled: String) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="figures" aria-labelledby=labelled>
                <thead>
                    <tr>
                        {table.columns.iter().enumerate().map(|(i, c)| {
                            let class = if i > 0 { "number" } else { "" };
                            view! { <th scope="col" class=class>{c.clone()}</th> }
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {table.rows.iter().map(|(label, values)| view! {
                        <tr>
                            <th scope="row">{label.clone()}</th>
                            {values.iter().map(|v| view! { <td class="number">{v.text()}</td> }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The largest of the first two columns (this period, last year), at least 1.
fn chart_max(table: &Section) -> f64 {
    table
        .rows
        .iter()
        .flat_map(|(_, vs)| vs.iter().take(2).map(chart_value))
        .fold(1.0f64, f64::max)
}

fn chart_value(v: &Value) -> f64 {
    match v {
        Value::Count(n) => *n as f64,
        _ => 0.0,
    }
}

/// A month series as two lines: this period solid with round points, last year dashed
/// with square points, so the two differ by shape as well as colour. The table after it
/// holds the same numbers.
#[component]
fn LineChart(table: Section, id: String) -> impl IntoView {
    let r = t().reach;
    let (width, height, left, bottom, top) = (720.0, 260.0, 48.0, 40.0, 16.0);
    let max = chart_max(&table);
    let slot = (width - left) / table.rows.len().max(1) as f64;
    let plot = height - bottom - top;
    let y = move |v: f64| top + plot - v / max * plot;
    let x = move |i: usize| left + slot * i as f64 + slot / 2.0;
    let points = |column: usize| -> Vec<(f64, f64)> {
        table
            .rows
            .iter()
            .enumerate()
            .map(|(i, (_, vs))| (x(i), y(vs.get(column).map(chart_value).unwrap_or_default())))
            .collect()
    };
    let path = |ps: &[(f64, f64)]| {
        ps.iter()
            .map(|(px, py)| format!("{px:.1},{py:.1}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (now, before) = (points(0), points(1));
    let title_id = format!("{id}-title");
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby=title_id.clone() viewBox=format!("0 0 {width} {height}") width="100%"
                preserveAspectRatio="xMidYMid meet">
                <title id=title_id.clone()>{format!("{}（{}）", table.title, r.chart_table)}</title>
                <line x1=left y1=y(0.0) x2=width y2=y(0.0) stroke="#1a1a1a" stroke-width="1"/>
                <text x=left - 6.0 y=y(max) + 4.0 text-anchor="end" font-size="12" fill="#1a1a1a">{format!("{max:.0}")}</text>
                <text x=left - 6.0 y=y(0.0) + 4.0 text-anchor="end" font-size="12" fill="#1a1a1a">"0"</text>
                <polyline points=path(&before) fill="none" stroke="#4a4a4a" stroke-width="2" stroke-dasharray="6 4"/>
                {before.iter().map(|(px, py)| view! {
                    <rect x=px - 4.0 y=py - 4.0 width="8" height="8" fill="#ffffff" stroke="#4a4a4a" stroke-width="2"/>
                }).collect_view()}
                <polyline points=path(&now) fill="none" stroke="#0b5394" stroke-width="3"/>
                {now.iter().map(|(px, py)| view! { <circle cx=*px cy=*py r="4.5" fill="#0b5394"/> }).collect_view()}
                {table.rows.iter().enumerate().map(|(i, (label, _))| view! {
                    <text x=x(i) y=height - bottom + 16.0 text-anchor="middle" font-size="12" fill="#1a1a1a">{label.clone()}</text>
                }).collect_view()}
            </svg>
            <figcaption class="chart-legend">
                <span class="key key-current key-line" aria-hidden="true"></span>{r.col_current}
                <span class="key key-previous key-line" aria-hidden="true"></span>{r.col_previous}
            </figcaption>
        </figure>
    }
}

/// Grouped bars: this period filled, last year outlined, so the two differ by shape as well
/// as colour. The table after it holds the same numbers.
#[component]
fn BarChart(table: Section, id: String) -> impl IntoView {
    let r = t().reach;
    let (width, height, left, bottom, top) = (720.0, 260.0, 48.0, 40.0, 16.0);
    let value = chart_value;
    let max = chart_max(&table);
    let slot = (width - left) / table.rows.len().max(1) as f64;
    let bar = (slot * 0.35).min(24.0);
    let plot = height - bottom - top;
    let y = move |v: f64| top + plot - v / max * plot;
    let title_id = format!("{id}-title");
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby=title_id.clone() viewBox=format!("0 0 {width} {height}") width="100%"
                preserveAspectRatio="xMidYMid meet">
                <title id=title_id.clone()>{format!("{}（{}）", table.title, r.chart_table)}</title>
                <line x1=left y1=y(0.0) x2=width y2=y(0.0) stroke="#1a1a1a" stroke-width="1"/>
                <text x=left - 6.0 y=y(max) + 4.0 text-anchor="end" font-size="12" fill="#1a1a1a">{format!("{max:.0}")}</text>
                <text x=left - 6.0 y=y(0.0) + 4.0 text-anchor="end" font-size="12" fill="#1a1a1a">"0"</text>
                {table.rows.iter().enumerate().map(|(i, (label, values))| {
                    let x = left + slot * i as f64 + slot / 2.0;
                    let now = values.first().map(value).unwrap_or_default();
                    let before = values.get(1).map(value).unwrap_or_default();
                    view! {
                        <g>
                            <rect x=x - bar y=y(now) width=bar height=(y(0.0) - y(now)).max(0.0) fill="#0b5394"/>
                            <rect x=x + 1.0 y=y(before) width=bar - 2.0 height=(y(0.0) - y(before)).max(0.0)
                                fill="#ffffff" stroke="#4a4a4a" stroke-width="2"/>
                            <text x=x y=height - bottom + 16.0 text-anchor="middle" font-size="12" fill="#1a1a1a">{label.clone()}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <figcaption class="chart-legend">
                <span class="key key-current" aria-hidden="true"></span>{r.col_current}
                <span class="key key-previous" aria-hidden="true"></span>{r.col_previous}
            </figcaption>
        </figure>
    }
}
