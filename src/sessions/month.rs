//! The month calendar and the printable A4 month schedule.

use super::api::month_sessions;
use super::{SessionSummary, Status};
use crate::auth::Guard;
use crate::domain::{format_date_ja, format_time, to_japan, Wareki};
use crate::i18n::{fill, t};
use crate::ui::{Loaded, PageTitle};
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn shift_month(first: NaiveDate, months: i32) -> NaiveDate {
    let index = first.year() * 12 + first.month0() as i32 + months;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(first)
}

fn local_date(s: &SessionSummary) -> NaiveDate {
    chrono::DateTime::from_timestamp(s.starts_at, 0)
        .map(|t| to_japan(t).date_naive())
        .unwrap_or_default()
}

/// `2026年12月（令和8年12月）`.
fn month_title(first: NaiveDate) -> String {
    let era = Wareki::from_date(first)
        .map(|w| {
            let formatted = w.format();
            let year_part = formatted.split('年').next().unwrap_or_default().to_string();
            format!("（{year_part}年{}月）", first.month())
        })
        .unwrap_or_default();
    format!("{}年{}月{era}", first.year(), first.month())
}

fn use_month() -> impl Fn() -> String + Clone + Send + Sync + 'static {
    let query = use_query_map();
    move || query.with(|q| q.get("m")).unwrap_or_default()
}

#[component]
pub fn MonthPage() -> impl IntoView {
    let m = t();
    let month = use_month();
    view! {
        <Guard>
            {
                let month = month.clone();
                move || {
                    let first = crate::domain::month_start(&month());
                    let sessions = Resource::new(month.clone(), month_sessions);
                    let key = |d: NaiveDate| d.format("%Y-%m").to_string();
                    let (prev, next) = (key(shift_month(first, -1)), key(shift_month(first, 1)));
                    view! {
                        <PageTitle text=fill(m.sessions.month_title, &[("month", &month_title(first))])/>
                        <nav class="month-nav" aria-label=m.sessions.month_nav>
                            <a href=format!("/schedule?m={prev}")>{m.sessions.month_prev}</a>
                            <a href=format!("/schedule?m={next}")>{m.sessions.month_next}</a>
                            <a href=format!("/schedule/print?m={}", key(first))>{m.sessions.month_print}</a>
                        </nav>
                        <Loaded resource=sessions let:list>
                            <MonthGrid first sessions=list/>
                        </Loaded>
                    }
                }
            }
        </Guard>
    }
}

#[component]
fn MonthGrid(first: NaiveDate, sessions: Vec<SessionSummary>) -> impl IntoView {
    let m = t();
    let weekdays = [
        m.sessions.weekday_sun,
        m.sessions.weekday_mon,
        m.sessions.weekday_tue,
        m.sessions.weekday_wed,
        m.sessions.weekday_thu,
        m.sessions.weekday_fri,
        m.sessions.weekday_sat,
    ];
    // Weeks start on Sunday, as Japanese wall calendars do.
    let grid_start = first - Duration::days(i64::from(first.weekday().num_days_from_sunday()));
    let next_month = shift_month(first, 1);
    let weeks: Vec<Vec<NaiveDate>> = (0..6)
        .map(|w| (0..7).map(|d| grid_start + Duration::days(w * 7 + d)).collect::<Vec<_>>())
        .filter(|week: &Vec<NaiveDate>| week[0] < next_month)
        .collect();
    view! {
        <div class="table-wrap">
            <table class="month">
                <caption class="visually-hidden">{month_title(first)}</caption>
                <thead>
                    <tr>{weekdays.iter().map(|w| view! { <th scope="col">{*w}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {weeks.into_iter().map(|week| view! {
                        <tr>
                            {week.into_iter().map(|day| {
                                let in_month = day.month() == first.month();
                                let todays: Vec<SessionSummary> = sessions.iter().filter(|s| local_date(s) == day).cloned().collect();
                                view! {
                                    <td class:other-month=!in_month>
                                        <span class="day-number">{day.day()}</span>
                                        <span class="visually-hidden">{format_date_ja(day)}</span>
                                        <ul class="day-sessions">
                                            {todays.into_iter().map(|s| {
                                                let cancelled = s.status == Status::Cancelled;
                                                view! {
                                                    <li class:cancelled=cancelled>
                                                        <a href=format!("/sessions/{}", s.id)>
                                                            {format_time(chrono::DateTime::from_timestamp(s.starts_at, 0).unwrap_or_default())}
                                                            " "
                                                            {s.title.clone()}
                                                        </a>
                                                        {cancelled.then(|| view! { " " <strong>"（"{m.common.status_cancelled}"）"</strong> })}
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// A4 schedule in large type for notice boards and letters: scheduled sessions only, with
/// the number to call for bookings.
#[component]
pub fn MonthPrintPage() -> impl IntoView {
    let m = t();
    let month = use_month();
    view! {
        <Guard>
            {
                let month = month.clone();
                move || {
                    let first = crate::domain::month_start(&month());
                    let sessions = Resource::new(month.clone(), month_sessions);
                    view! {
                        <div class="print-schedule">
                            <PageTitle text=crate::city::use_city().fill(&fill(m.sessions.print_title, &[("month", &month_title(first))]), m.locale, false)/>
                            <p class="print-lead">{m.sessions.print_lead}</p>
                            <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
                                {Suspend::new(async move {
                                    let list: Vec<SessionSummary> = sessions.await.unwrap_or_default()
                                        .into_iter()
                                        .filter(|s| s.status == Status::Scheduled)
                                        .collect();
                                    if list.is_empty() {
                                        return view! { <p>{t().common.sessions_none}</p> }.into_any();
                                    }
                                    view! {
                                        <ol class="print-list">
                                            {list.into_iter().map(|s| {
                                                let start = chrono::DateTime::from_timestamp(s.starts_at, 0).unwrap_or_default();
                                                let end = chrono::DateTime::from_timestamp(s.ends_at, 0).unwrap_or_default();
                                                view! {
                                                    <li>
                                                        <p class="print-when">{format_date_ja(local_date(&s))}" "{format_time(start)}"～"{format_time(end)}</p>
                                                        <p class="print-title">{s.title.clone()}</p>
                                                        <p>{s.venue_name.clone()}{s.district.clone().map(|d| format!("（{d}）")).unwrap_or_default()}</p>
                                                        <p>{fill(t().sessions.print_topics_seats, &[("topics", &s.topics.join("・")), ("seats", &s.capacity.to_string())])}</p>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ol>
                                    }.into_any()
                                })}
                            </Suspense>
                            <p class="print-contact">{crate::city::use_city().fill(m.common.print_contact, m.locale, false)}</p>
                        </div>
                    }
                }
            }
        </Guard>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_shift_across_years_and_bad_input_means_this_month() {
        let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
        assert_eq!(shift_month(d(2026, 12), 1), d(2027, 1));
        assert_eq!(shift_month(d(2026, 1), -1), d(2025, 12));
        assert_eq!(crate::domain::month_start("2026-05"), d(2026, 5));
        assert_eq!(crate::domain::month_start("garbage").day(), 1);
        assert_eq!(month_title(d(2026, 12)), "2026年12月（令和8年12月）");
        assert_eq!(month_title(d(2019, 5)), "2019年5月（令和元年5月）");
    }
}
