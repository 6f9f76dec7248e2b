//! The today page (`/` signed in) and the demand warnings of a session page. Plain HTML:
//! every item is a link to where the work is done; nothing here needs JavaScript.

use super::api::{load_session_warnings, load_today};
use super::{
    AdminDay, DaySession, DeskDay, FiguresDay, HelperDay, PartnerDay, TodayData, Warning,
    WarningPhone,
};
use crate::auth::use_user;
use crate::domain::{format_date_ja, format_datetime_ja, format_span_ja};
use crate::i18n::{fill, t, Messages};
use crate::ui::{Loaded, Notice, PageTitle, Table};
use leptos::prelude::*;

/// The signed-in home page: the caller's day, then the other pages of their role.
#[component]
pub fn TodayPage(
    /// The menu of the role's other pages, as the layout builds it.
    more: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let m = t();
    let data = Resource::new(|| (), |_| load_today());
    let welcome = use_user()
        .map(|u| fill(m.today.welcome, &[("name", &u.display_name), ("role", u.role.label(m))]));
    view! {
        <PageTitle text=m.today.title/>
        <Notice/>
        {welcome.map(|w| view! { <p class="lead">{w}</p> })}
        <Loaded resource=data let:d>
            <Day d/>
        </Loaded>
        <h2 class="no-print">{m.today.more_pages}</h2>
        <ul class="card-list no-print">
            {more.into_iter().map(|(href, label)| view! {
                <li><a class="card-link" href=href>{label}</a></li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Day(d: TodayData) -> impl IntoView {
    let m = t();
    let date = chrono::NaiveDate::parse_from_str(&d.today, "%Y-%m-%d")
        .map(format_date_ja)
        .unwrap_or_else(|_| d.today.clone());
    view! {
        <p class="today-date">{fill(m.today.date_line, &[("date", &date)])}</p>
        {d.desk.map(|desk| view! { <Desk desk/> })}
        {d.admin.map(|admin| view! { <Admin admin/> })}
        {d.partner.map(|partner| view! { <Partner partner/> })}
        {d.helper.map(|helper| view! { <Helper helper/> })}
        {d.figures.map(|figures| view! { <Figures figures/> })}
    }
}

/// One line of work: the text, and the count as a link to where it is done.
#[component]
fn Item(text: String, href: &'static str, count: i64) -> impl IntoView {
    let class = if count > 0 { "today-item due" } else { "today-item" };
    view! {
        <li class=class><a href=href>{text}</a></li>
    }
}

#[component]
fn Desk(desk: DeskDay) -> impl IntoView {
    let m = t();
    let n = |x: i64| x.to_string();
    view! {
        <section aria-labelledby="today-desk">
            <h2 id="today-desk">{m.today.calls_title}</h2>
            {desk.is_quiet().then(|| view! { <p>{m.today.desk_quiet}</p> })}
            <ul class="today-list">
                {if desk.calls.is_empty() {
                    view! { <li class="today-item">{m.today.calls_none}</li> }.into_any()
                } else {
                    desk.calls.iter().map(|c| view! {
                        <Item href="/calls" count={c.due_today + c.overdue} text=fill(m.today.calls_kind, &[
                            ("kind", c.kind.label(m)), ("today", &n(c.due_today)), ("overdue", &n(c.overdue)),
                        ])/>
                    }).collect_view().into_any()
                }}
                <Item href="/support" count={desk.follow_ups_today + desk.follow_ups_overdue} text=fill(m.today.follow_ups, &[
                    ("today", &n(desk.follow_ups_today)), ("overdue", &n(desk.follow_ups_overdue)),
                ])/>
                <Item href="/letters" count=desk.letters text=fill(m.today.letters, &[("count", &n(desk.letters))])/>
                <Item href="/outbox" count=desk.email_waiting text=fill(m.today.emails, &[
                    ("count", &n(desk.email_waiting)), ("failed", &n(desk.email_failed)),
                ])/>
                {(!desk.smtp_configured).then(|| view! { <li class="today-item due">{m.today.smtp_off}</li> })}
                <Item href="/walkins" count=desk.walkins text=fill(m.today.walkins, &[("count", &n(desk.walkins))])/>
                <Item href="/supporters/reminders" count=desk.supporter_reminders text=fill(m.today.supporter_reminders, &[
                    ("count", &n(desk.supporter_reminders)),
                ])/>
            </ul>
        </section>
        <section aria-labelledby="today-sessions">
            <h2 id="today-sessions">{m.today.sessions_title}</h2>
            <Sessions sessions=desk.sessions empty=m.today.sessions_none caption=m.today.sessions_title/>
        </section>
    }
}

#[component]
fn Admin(admin: AdminDay) -> impl IntoView {
    let m = t();
    view! {
        <section aria-labelledby="today-admin">
            <h2 id="today-admin">{m.today.admin_title}</h2>
            <ul class="today-list">
                <Item href="/admin/users" count=admin.locked_logins text=fill(m.today.locked, &[("count", &admin.locked_logins.to_string())])/>
                <Item href="/admin/users" count=admin.must_change text=fill(m.today.must_change, &[("count", &admin.must_change.to_string())])/>
                {match admin.last_backup {
                    None => view! { <li class="today-item due">{m.today.backup_unknown}</li> }.into_any(),
                    Some(at) => {
                        let days = (chrono::Utc::now().timestamp() - at).max(0) / 86_400;
                        let when = crate::domain::format_datetime_ja(chrono::DateTime::from_timestamp(at, 0).unwrap_or_default());
                        // Two days or older: shown as needing attention.
                        let class = if days >= 2 { "today-item due" } else { "today-item" };
                        let days = days.to_string();
                        view! { <li class=class>{fill(m.today.backup_at, &[("at", when.as_str()), ("days", days.as_str())])}</li> }.into_any()
                    }
                }}
            </ul>
        </section>
    }
}

#[component]
fn Partner(partner: PartnerDay) -> impl IntoView {
    let m = t();
    let title = fill(m.today.partner_title, &[("partner", &partner.partner_name)]);
    view! {
        <section aria-labelledby="today-partner">
            <h2 id="today-partner">{title.clone()}</h2>
            <Sessions sessions=partner.sessions empty=m.today.partner_none caption=title/>
        </section>
    }
}

/// A table of sessions with seats, waitlist, helpers and the warnings written out, each
/// linking to the session page's warnings.
#[component]
fn Sessions(
    sessions: Vec<DaySession>,
    empty: &'static str,
    #[prop(into)] caption: String,
) -> impl IntoView {
    let m = t();
    if sessions.is_empty() {
        return view! { <p>{empty}</p> }.into_any();
    }
    let d = m.today;
    view! {
        <Table caption heads=vec![d.col_when, d.col_title, d.col_venue, d.col_seats, d.col_waitlist, d.col_helpers, d.col_warnings]>
            {sessions.into_iter().map(|s| {
                let rate = if s.seats > 0 { format!("{}%", s.seats_taken * 100 / s.seats) } else { "-".into() };
                let helpers = if s.helpers.is_empty() { d.helpers_none.to_string() } else { s.helpers.join("、") };
                let helper_count = fill(d.helpers_of, &[("assigned", &s.helpers.len().to_string()), ("wanted", &s.helpers_wanted.to_string())]);
                let href = format!("/sessions/{}", s.id);
                let warn_href = format!("/sessions/{}#demand", s.id);
                view! {
                    <tr class:has-warning={!s.warnings.is_empty()}>
                        <td>{format_span_ja(s.starts_at, s.ends_at)}</td>
                        <td><a href=href>{s.title.clone()}</a></td>
                        <td>{s.venue_name.clone()}</td>
                        <td class="number">{fill(d.seats_of, &[("taken", &s.seats_taken.to_string()), ("seats", &s.seats.to_string()), ("rate", &rate)])}</td>
                        <td class="number">{s.waitlist}</td>
                        <td>{helpers}<br/>{helper_count}</td>
                        <td>
                            {if s.warnings.is_empty() {
                                view! { <span>{d.warnings_none}</span> }.into_any()
                            } else {
                                view! {
                                    <ul class="warning-list">
                                        {s.warnings.iter().map(|w| view! { <li>{warning_text(m, w)}</li> }).collect_view()}
                                    </ul>
                                    <a href=warn_href>{fill(d.warnings_count, &[("count", &s.warnings.len().to_string())])}</a>
                                }.into_any()
                            }}
                        </td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// A warning in words.
pub fn warning_text(m: &Messages, w: &Warning) -> String {
    let d = m.today;
    match *w {
        Warning::LoanersShort { phone, needed, planned } => {
            let text = match phone {
                WarningPhone::Any => d.demand_loaners,
                WarningPhone::Iphone => d.demand_loaners_iphone,
                WarningPhone::Android => d.demand_loaners_android,
            };
            fill(text, &[("needed", &needed.to_string()), ("planned", &planned.to_string())])
        }
        Warning::HelpersShort { assigned, wanted } => fill(
            d.demand_helpers,
            &[("assigned", &assigned.to_string()), ("wanted", &wanted.to_string())],
        ),
        Warning::StepFree { people } => {
            fill(d.demand_step_free, &[("people", &people.to_string())])
        }
        Warning::HearingLoop { people } => {
            fill(d.demand_hearing_loop, &[("people", &people.to_string())])
        }
    }
}

#[component]
fn Helper(helper: HelperDay) -> impl IntoView {
    let m = t();
    let d = m.today;
    view! {
        <section aria-labelledby="today-next">
            <h2 id="today-next">{d.next_title}</h2>
            {match helper.next {
                Some(s) => view! {
                    <div class="next-session">
                        <p class="next-session-title"><a href=format!("/sessions/{}", s.id)>{s.title.clone()}</a></p>
                        <dl class="facts">
                            <dt>{m.common.session_when}</dt><dd>{format_span_ja(s.starts_at, s.ends_at)}</dd>
                            <dt>{m.common.session_venue}</dt><dd>{s.venue_name.clone()}</dd>
                            <dt>{m.common.venue_address}</dt><dd>{s.venue_address.clone()}</dd>
                            {(!s.access_notes.is_empty()).then(|| view! { <dt>{m.common.venue_access}</dt><dd>{s.access_notes.clone()}</dd> })}
                            {(!s.what_to_bring.is_empty()).then(|| view! { <dt>{d.what_to_bring}</dt><dd class="prewrap">{s.what_to_bring.clone()}</dd> })}
                        </dl>
                        <p><a class="button big-button" href=format!("/sessions/{}/checkin", s.id)>{d.open_checkin}</a></p>
                    </div>
                }.into_any(),
                None => view! {
                    <p>{d.next_none}</p>
                    <p><a href="/my-sessions">{d.next_find}</a></p>
                }.into_any(),
            }}
        </section>
        <section aria-labelledby="today-loans">
            <h2 id="today-loans">{d.loans_title}</h2>
            {if helper.loans_out.is_empty() {
                view! { <p>{d.loans_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="today-list">
                        {helper.loans_out.iter().map(|l| {
                            let at = format_datetime_ja(chrono::DateTime::from_timestamp(l.lent_at, 0).unwrap_or_default());
                            view! {
                                <li class="today-item due">
                                    <a href=format!("/sessions/{}/checkin", l.session_id)>
                                        {fill(d.loan_line, &[("device", &l.device_label), ("session", &l.session_title), ("at", &at)])}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {helper.supporter.map(|s| view! {
            <section aria-labelledby="today-supporter">
                <h2 id="today-supporter">{d.supporter_title}</h2>
                <ul class="today-list">
                    <li class="today-item">{fill(d.supporter_stage, &[("stage", s.stage.label(m))])}</li>
                    {(s.stage == crate::supporters::Stage::Enrolled).then(|| view! {
                        <li class="today-item">{fill(d.supporter_units, &[("done", &s.units_done.to_string()), ("total", &s.units_total.to_string())])}</li>
                    })}
                    {s.expiring.map(|(name, date)| view! {
                        <li class="today-item due">{fill(d.supporter_expiring, &[("name", &name), ("date", &date)])}</li>
                    })}
                </ul>
                <p><a href="/my-supporter">{d.supporter_open}</a></p>
            </section>
        })}
    }
}

fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{:.1}%", v * 100.0))
}

#[component]
fn Figures(figures: FiguresDay) -> impl IntoView {
    let m = t();
    let d = m.today;
    let english = m.locale == crate::i18n::Locale::En;
    let fy = crate::domain::FiscalYear::starting_in(figures.fiscal_year);
    let year = if english { fy.label_en() } else { fy.label_ja() };
    let month = crate::reach::Period::calendar_month(figures.to_month);
    let month = if english {
        chrono::Month::try_from(month as u8).map(|m| m.name().to_string()).unwrap_or_default()
    } else {
        format!("{month}")
    };
    let title = fill(d.figures_title, &[("year", &year), ("month", &month)]);
    let rows: Vec<(&'static str, [String; 2])> = vec![
        (d.figures_people, figures.people.map(|v| v.to_string())),
        (d.figures_attendances, figures.attendances.map(|v| v.to_string())),
        (d.figures_sessions, figures.sessions_held.map(|v| v.to_string())),
        (d.figures_satisfied, figures.satisfied_share.map(share)),
    ];
    view! {
        <section aria-labelledby="today-figures">
            <h2 id="today-figures">{title.clone()}</h2>
            <Table caption=title heads=vec![d.figures_item, d.figures_this, d.figures_last] class="figures">
                {rows.into_iter().map(|(label, [this, last])| view! {
                    <tr><th scope="row">{label}</th><td class="number">{this}</td><td class="number">{last}</td></tr>
                }).collect_view()}
            </Table>
            <p>{match figures.target_share {
                Some(target) => fill(d.figures_target, &[("share", &share(Some(target)))]),
                None => d.figures_no_target.to_string(),
            }}</p>
            <p><a class="button" href="/reports/reach">{d.figures_report}</a></p>
        </section>
    }
}

/// A session's demand warnings, for the session page of whoever may edit it.
#[component]
pub fn DemandWarnings(session_id: i64) -> impl IntoView {
    let m = t();
    let data = Resource::new(move || session_id, load_session_warnings);
    view! {
        <section aria-labelledby="demand" class="demand">
            <h2 id="demand">{m.today.demand_title}</h2>
            <Loaded resource=data let:warnings>
                {if warnings.is_empty() {
                    view! { <p>{m.today.demand_none}</p> }.into_any()
                } else {
                    view! {
                        <ul class="warning-list">
                            {warnings.iter().map(|w| view! { <li>{warning_text(m, w)}</li> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Loaded>
        </section>
    }
}
