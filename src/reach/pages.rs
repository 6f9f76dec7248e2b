//! `/reports/reach`: the dashboard for the city. Tables from [`super::sections`] (the same
//! the downloads hold), bar charts as SVG with the table beside each, and print for A4.

use super::api::{load_published_reach, load_reach};
use super::sections::{view, ReachView};
use crate::auth::Guard;
use crate::domain::{FiscalYear, Section, Shown, Value};
use crate::i18n::{fill, t, use_locale, Locale};
use crate::ui::{FigureTable, Loaded, PageTitle, SelectField, SubmitButton};
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
    let m = t();
    let r = m.reach;
    let english = use_locale() == Locale::En;
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
        <Guard>
            {move || {
                // Published figures come suppressed from the server; exact ones are laid out
                // here.
                let dashboard = Resource::new(asked, move |a| async move {
                    if a.publish {
                        load_published_reach(a.fy).await
                    } else {
                        let report = load_reach(a.fy, a.from, a.to).await?;
                        let shown = Shown { publish: false, threshold: report.publish_threshold };
                        Ok(view(&report, m, shown, english))
                    }
                });
                view! {
                    <PageTitle text=r.title/>
                    <p class="no-print">{r.intro}</p>
                    <Loaded resource=dashboard let:dashboard>
                        <Dashboard dashboard/>
                    </Loaded>
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
fn Dashboard(dashboard: ReachView) -> impl IntoView {
    let m = t();
    let r = m.reach;
    let english = use_locale() == Locale::En;
    let ReachView { period, shown, kpi, tables } = dashboard;
    let publish = shown.publish;
    let years: Vec<(String, String)> = (period.fiscal_year - 4..=period.fiscal_year + 1)
        .rev()
        .map(|y| (y.to_string(), fy_label(y, english)))
        .collect();
    let months: Vec<(String, String)> = (1..=12)
        .map(|n| {
            (n.to_string(), fill(r.month, &[("n", &super::Period::calendar_month(n).to_string())]))
        })
        .collect();
    // Published figures are whole fiscal years only.
    let query = if publish {
        format!("fy={}&publish=1", period.fiscal_year)
    } else {
        format!("fy={}&from={}&to={}", period.fiscal_year, period.from_month, period.to_month)
    };
    let threshold = shown.threshold.to_string();
    view! {
        <form method="get" action="/reports/reach" class="form filters no-print" aria-label=r.filter_label>
            <SelectField name="fy" label=r.fy options=years initial=period.fiscal_year.to_string()/>
            <SelectField name="from" label=r.from_month options=months.clone() initial=period.from_month.to_string()/>
            <SelectField name="to" label=r.to_month options=months initial=period.to_month.to_string()/>
            <label class="checkbox" for="publish">
                <input type="checkbox" id="publish" name="publish" value="1" checked=publish/>
                <span>{m.common.publish}</span>
            </label>
            <SubmitButton label=r.show secondary=true/>
        </form>
        <p class="actions no-print">
            <a class="button secondary" href=format!("/reports/reach.csv?{query}") download="">{r.download_csv}</a>
            <a class="button secondary" href=format!("/reports/reach.xlsx?{query}") download="">{r.download_xlsx}</a>
        </p>
        <h2 class="report-heading">{super::heading(m, period, english)}</h2>
        <p class="report-date">{super::as_of(m, english)}</p>
        {publish.then(|| view! { <p class="notice" role="status">{fill(m.common.publish_on, &[("n", &threshold)])}</p> })}
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

/// The size of every chart, in SVG units: width, height, and margins left, bottom, top.
const CHART: (f64, f64, f64, f64, f64) = (720.0, 260.0, 48.0, 40.0, 16.0);

/// Where a table's rows and values fall in a chart: one slot per row, from 0 to the larger
/// of the first two columns (this period, last year), at least 1.
#[derive(Clone, Copy)]
struct Plot {
    max: f64,
    slot: f64,
}

impl Plot {
    fn of(table: &Section) -> Self {
        let (width, _, left, _, _) = CHART;
        Plot {
            max: table
                .rows
                .iter()
                .flat_map(|(_, vs)| vs.iter().take(2).map(Self::value))
                .fold(1.0f64, f64::max),
            slot: (width - left) / table.rows.len().max(1) as f64,
        }
    }

    /// A cell as a number to draw; what is not a count is drawn as 0.
    fn value(v: &Value) -> f64 {
        match v {
            Value::Count(n) => *n as f64,
            _ => 0.0,
        }
    }

    /// Row `row`'s value in `column` (0: this period, 1: last year).
    fn cell(table: &Section, row: usize, column: usize) -> f64 {
        table.rows[row].1.get(column).map(Self::value).unwrap_or_default()
    }

    /// The middle of row `i`'s slot.
    fn x(self, i: usize) -> f64 {
        let (_, _, left, _, _) = CHART;
        left + self.slot * i as f64 + self.slot / 2.0
    }

    fn y(self, v: f64) -> f64 {
        let (_, height, _, bottom, top) = CHART;
        let plot = height - bottom - top;
        top + plot - v / self.max * plot
    }
}

/// A chart's frame: the SVG named by its title, the axis with 0 and the top value, the
/// row labels under their slots, and the legend; `children` draw the values. The table
/// after it holds the same numbers.
#[component]
fn ChartFrame(table: Section, id: String, lines: bool, children: Children) -> impl IntoView {
    let r = t().reach;
    let (width, height, left, bottom, _) = CHART;
    let plot = Plot::of(&table);
    let title_id = format!("{id}-title");
    let key = |which: &str| {
        if lines {
            format!("key {which} key-line")
        } else {
            format!("key {which}")
        }
    };
    view! {
        <figure class="chart">
            <svg role="img" aria-labelledby=title_id.clone() viewBox=format!("0 0 {width} {height}") width="100%"
                preserveAspectRatio="xMidYMid meet">
                <title id=title_id.clone()>{format!("{}（{}）", table.title, r.chart_table)}</title>
                <line x1=left y1=plot.y(0.0) x2=width y2=plot.y(0.0) stroke="#1a1a1a" stroke-width="1"/>
                <text x=left - 6.0 y=plot.y(plot.max) + 4.0 text-anchor="end" font-size="12" fill="#1a1a1a">{format!("{:.0}", plot.max)}</text>
                <text x=left - 6.0 y=plot.y(0.0) + 4.0 text-anchor="end" font-size="12" fill="#1a1a1a">"0"</text>
                {children()}
                {table.rows.iter().enumerate().map(|(i, (label, _))| view! {
                    <text x=plot.x(i) y=height - bottom + 16.0 text-anchor="middle" font-size="12" fill="#1a1a1a">{label.clone()}</text>
                }).collect_view()}
            </svg>
            <figcaption class="chart-legend">
                <span class=key("key-current") aria-hidden="true"></span>{r.col_current}
                <span class=key("key-previous") aria-hidden="true"></span>{r.col_previous}
            </figcaption>
        </figure>
    }
}

/// A month series as two lines: this period solid with round points, last year dashed
/// with square points, so the two differ by shape as well as colour.
#[component]
fn LineChart(table: Section, id: String) -> impl IntoView {
    let plot = Plot::of(&table);
    let points = |column: usize| -> Vec<(f64, f64)> {
        (0..table.rows.len()).map(|i| (plot.x(i), plot.y(Plot::cell(&table, i, column)))).collect()
    };
    let path = |ps: &[(f64, f64)]| {
        ps.iter().map(|(px, py)| format!("{px:.1},{py:.1}")).collect::<Vec<_>>().join(" ")
    };
    let (now, before) = (points(0), points(1));
    view! {
        <ChartFrame table id lines=true>
            <polyline points=path(&before) fill="none" stroke="#4a4a4a" stroke-width="2" stroke-dasharray="6 4"/>
            {before.iter().map(|(px, py)| view! {
                <rect x=px - 4.0 y=py - 4.0 width="8" height="8" fill="#ffffff" stroke="#4a4a4a" stroke-width="2"/>
            }).collect_view()}
            <polyline points=path(&now) fill="none" stroke="#0b5394" stroke-width="3"/>
            {now.iter().map(|(px, py)| view! { <circle cx=*px cy=*py r="4.5" fill="#0b5394"/> }).collect_view()}
        </ChartFrame>
    }
}

/// Grouped bars: this period filled, last year outlined, so the two differ by shape as well
/// as colour.
#[component]
fn BarChart(table: Section, id: String) -> impl IntoView {
    let plot = Plot::of(&table);
    let bar = (plot.slot * 0.35).min(24.0);
    let base = plot.y(0.0);
    let bars: Vec<(f64, f64, f64)> = (0..table.rows.len())
        .map(|i| (plot.x(i), Plot::cell(&table, i, 0), Plot::cell(&table, i, 1)))
        .collect();
    view! {
        <ChartFrame table id lines=false>
            {bars.into_iter().map(|(x, now, before)| view! {
                <g>
                    <rect x=x - bar y=plot.y(now) width=bar height=(base - plot.y(now)).max(0.0) fill="#0b5394"/>
                    <rect x=x + 1.0 y=plot.y(before) width=bar - 2.0 height=(base - plot.y(before)).max(0.0)
                        fill="#ffffff" stroke="#4a4a4a" stroke-width="2"/>
                </g>
            }).collect_view()}
        </ChartFrame>
    }
}
