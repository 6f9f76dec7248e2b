//! Session pages: the list with filters, one session, and the form to create or edit.

use super::api::{get_session, list_sessions, my_feeds, session_options, SessionChoices};
use super::{Level, SessionDetail, SessionFilter, SessionSummary, Status};
use crate::auth::{use_user, Guard};
use crate::auth::{Area, Role};
use crate::domain::{to_japan, FiscalYear};
use crate::i18n::{fill, t};
use crate::ui::{
    by_id, loading, CheckboxGroup, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField,
    SubmitButton, TextArea,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn instant(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

use crate::domain::format_span_ja as when_range;

pub fn when(s: &SessionSummary) -> String {
    when_range(s.starts_at, s.ends_at)
}

fn error_view(e: crate::error::AppError) -> AnyView {
    view! { <p class="error-summary" role="alert">{e.message(t())}</p> }.into_any()
}

#[component]
pub fn SessionsPage() -> impl IntoView {
    let m = t();
    let can_create = use_user().is_some_and(|u| Area::SessionsEdit.allows(u.role));
    view! {
        <Guard>
            {move || {
                let filter = filter_from_query();
                let current = filter();
                let sessions = Resource::new(filter, list_sessions);
                let options = Resource::new(|| (), |_| session_options());
                view! {
                    <PageTitle text=m.sessions.sessions_title/>
                    <Notice/>
                    {can_create.then(|| view! {
                        <p class="actions">
                            <a class="button" href="/sessions/new">{m.sessions.session_new}</a>
                            <a class="button secondary" href="/import">{m.sessions.import_title}</a>
                            <a class="button secondary" href="/sessions/cancel">{m.sessions.cancel_many_title}</a>
                        </p>
                    })}
                    <Loaded resource=options let:o>
                        <SessionFilters options=o current=current.clone()/>
                    </Loaded>
                    <Loaded resource=sessions let:list>
                        <SessionTable sessions=list/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

/// The list's filter, read from the address (`?partner=…&fy=2025`).
fn filter_from_query() -> impl Fn() -> SessionFilter + Clone + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query.with(|q| {
            let number = |name: &str| q.get(name).and_then(|v| v.parse::<i64>().ok());
            SessionFilter {
                partner: number("partner"),
                venue: number("venue"),
                topic: number("topic"),
                district: number("district"),
                fiscal_year: number("fy").and_then(|y| i32::try_from(y).ok()),
            }
        })
    }
}

fn options_of<T>(items: &[T], f: impl Fn(&T) -> (String, String)) -> Vec<(String, String)> {
    let mut list = vec![(String::new(), t().common.filter_any.to_string())];
    list.extend(items.iter().map(f));
    list
}

fn text_of(id: Option<i64>) -> String {
    id.map(|i| i.to_string()).unwrap_or_default()
}

#[component]
fn SessionFilters(options: SessionChoices, current: SessionFilter) -> impl IntoView {
    let m = t();
    let this_year =
        FiscalYear::of(chrono::Utc::now().with_timezone(&crate::domain::JAPAN).date_naive())
            .start_year();
    let years: Vec<i64> = (2023..=i64::from(this_year) + 1).collect();
    view! {
        <h2 id="filters">{m.sessions.filters}</h2>
        <form method="get" action="/sessions" class="form filters" aria-labelledby="filters">
            <SelectField name="partner" label=m.common.session_host initial=text_of(current.partner)
                options=options_of(&options.partners, |p| (p.id.to_string(), p.name.clone()))/>
            <SelectField name="venue" label=m.common.session_venue initial=text_of(current.venue)
                options=options_of(&options.venues, |v| (v.id.to_string(), v.name.clone()))/>
            <SelectField name="topic" label=m.common.session_topics initial=text_of(current.topic)
                options=options_of(&options.topics, |x| (x.id.to_string(), x.name.clone()))/>
            <SelectField name="district" label=m.common.venue_district initial=text_of(current.district)
                options=options_of(&options.districts, |(id, name)| (id.to_string(), name.clone()))/>
            <SelectField name="fy" label=m.common.fiscal_year initial=current.fiscal_year.map(|y| y.to_string()).unwrap_or_default()
                options=options_of(&years, |y| (y.to_string(), FiscalYear::starting_in(*y as i32).label_ja()))/>
            <SubmitButton label=m.common.filter_submit/>
        </form>
    }
}

#[component]
fn SessionTable(sessions: Vec<SessionSummary>) -> impl IntoView {
    let m = t();
    if sessions.is_empty() {
        return view! { <p role="status">{m.common.sessions_none}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{m.sessions.sessions_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{m.common.session_when}</th>
                        <th scope="col">{m.common.session_title}</th>
                        <th scope="col">{m.common.session_host}</th>
                        <th scope="col">{m.common.session_venue}</th>
                        <th scope="col">{m.common.session_topics}</th>
                        <th scope="col" class="number">{m.common.session_seats_left}</th>
                        <th scope="col" class="number">{m.common.session_waitlist}</th>
                        <th scope="col">{m.common.session_status}</th>
                    </tr>
                </thead>
                <tbody>
                    {sessions.into_iter().map(|s| {
                        let when = when(&s);
                        let venue = match &s.district {
                            Some(d) => format!("{}（{}）", s.venue_name, d),
                            None => s.venue_name.clone(),
                        };
                        view! {
                            <tr class:cancelled=s.status == Status::Cancelled>
                                <td>{when}</td>
                                <td><a href=format!("/sessions/{}", s.id)>{s.title.clone()}</a></td>
                                <td>{s.host_name.clone()}</td>
                                <td>{venue}</td>
                                <td>{s.topics.join("、")}</td>
                                <td class="number">{s.seats_left()}</td>
                                <td class="number">{s.waitlist_count}</td>
                                <td>{s.status.label(m)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn SessionPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let session = by_id(get_session);
                view! { <Loaded resource=session let:s><SessionView session=s/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn SessionView(session: SessionDetail) -> impl IntoView {
    let m = t();
    let s = session.summary.clone();
    let loaners = (s.loaner_iphone + s.loaner_android > 0).then(|| {
        fill(
            m.sessions.session_loaners_value,
            &[("iphone", &s.loaner_iphone.to_string()), ("android", &s.loaner_android.to_string())],
        )
    });
    let topics = s.topics.join("、");
    let cohosts = session.cohosts.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join("、");
    let approves = use_user().is_some_and(|u| matches!(u.role, Role::Admin | Role::Staff));
    let pending = session.pending_cohosts.clone();
    let cancel_action = format!("/forms/sessions/{}/cancel", s.id);
    view! {
        <PageTitle text=s.title.clone()/>
        <Notice/>
        {(s.status == Status::Cancelled).then(|| view! {
            <div class="notice warning" role="status">
                <p>{m.sessions.session_cancelled_banner}</p>
                <p>{fill(m.sessions.session_cancel_reason_value, &[("reason", session.cancel_reason.as_deref().unwrap_or(""))])}</p>
            </div>
        })}
        <dl class="facts">
            <dt>{m.common.session_when}</dt><dd>{when(&s)}</dd>
            <dt>{m.sessions.session_level}</dt><dd>{s.level.label(m)}</dd>
            <dt>{m.common.session_host}</dt><dd>{s.host_name.clone()}</dd>
            {(!cohosts.is_empty()).then(|| view! { <dt>{m.sessions.session_cohosts}</dt><dd>{cohosts.clone()}</dd> })}
            {(!pending.is_empty()).then(|| view! {
                <dt>{m.sessions.session_cohosts_pending}</dt>
                <dd>
                    <ul>
                        {pending.into_iter().map(|(partner, name)| {
                            let label = format!("{}：{}", m.sessions.session_cohost_approve, name);
                            view! {
                                <li>
                                    {name.clone()}
                                    {approves.then(|| view! {
                                        <form method="post" action=format!("/forms/sessions/{}/cohosts/{partner}/approve", s.id) class="inline-form">
                                            <button type="submit" class="button secondary" aria-label=label>{m.sessions.session_cohost_approve}</button>
                                        </form>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="hint">{m.sessions.session_cohosts_pending_hint}</p>
                </dd>
            })}
            <dt>{m.common.session_venue}</dt><dd>{s.venue_name.clone()}" "{s.district.clone().map(|d| format!("（{d}）")).unwrap_or_default()}</dd>
            <dt>{m.common.venue_address}</dt><dd>{session.venue_address.clone()}</dd>
            {(!session.venue_access.is_empty()).then(|| view! { <dt>{m.common.venue_access}</dt><dd>{session.venue_access.clone()}</dd> })}
            <dt>{m.common.session_topics}</dt><dd>{topics}</dd>
            <dt>{m.sessions.session_capacity}</dt><dd>{s.capacity}</dd>
            <dt>{m.sessions.session_walkin_seats}</dt><dd>{s.walkin_seats}</dd>
            <dt>{m.common.session_seats_left}</dt><dd>{s.seats_left()}</dd>
            <dt>{m.common.session_waitlist}</dt><dd>{s.waitlist_count}</dd>
            {loaners.map(|l| view! { <dt>{m.sessions.session_loaners}</dt><dd>{l}</dd> })}
            <dt>{m.common.session_status}</dt><dd>{s.status.label(m)}</dd>
        </dl>
        {(session.can_edit && s.status == Status::Scheduled).then(|| view! {
            <crate::today::DemandWarnings session_id=s.id/>
        })}
        {(!session.what_to_bring.is_empty()).then(|| view! { <h2>{m.sessions.session_what_to_bring}</h2><p class="prewrap">{session.what_to_bring.clone()}</p> })}
        {(!session.description.is_empty()).then(|| view! { <h2>{m.sessions.session_description}</h2><p class="prewrap">{session.description.clone()}</p> })}
        {(!session.volunteer_notes.is_empty()).then(|| view! { <h2>{m.sessions.session_volunteer_notes}</h2><p class="prewrap">{session.volunteer_notes.clone()}</p> })}
        <crate::assignments::AssignmentSection session_id=s.id/>
        {use_user().is_some_and(|u| Area::Residents.allows(u.role)).then(|| view! {
            <crate::registrations::SessionRoster session_id=s.id cancelled=s.status == Status::Cancelled/>
            <crate::questionnaires::NextLevelInvites session_id=s.id/>
        })}
        {session.can_edit.then(|| view! {
            <p><a class="button" href=format!("/sessions/{}/edit", s.id)>{m.sessions.session_edit}</a></p>
        })}
        {(session.can_edit && s.status == Status::Scheduled).then(|| view! {
            <h2 id="cancel">{m.sessions.session_cancel}</h2>
            <ErrorSummary/>
            <form method="post" action=cancel_action class="form narrow" aria-labelledby="cancel">
                <TextArea name="reason" label=m.sessions.session_cancel_reason hint=m.sessions.session_cancel_hint/>
                <SubmitButton label=m.sessions.session_cancel_submit secondary=true/>
            </form>
            {session.series_id.is_some().then(|| view! {
                <p><a href=format!("/sessions/cancel?series_from={}", s.id)>{m.sessions.cancel_series_link}</a></p>
            })}
        })}
        <p><a href="/sessions">{m.sessions.back_to_sessions}</a></p>
    }
}

#[component]
pub fn SessionNewPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let options = Resource::new(|| (), |_| session_options());
                view! {
                    <PageTitle text=m.sessions.session_new/>
                    <Loaded resource=options let:o>
                        <SessionForm options=o session=None/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
pub fn SessionEditPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let options = Resource::new(|| (), |_| session_options());
                let session = by_id(get_session);
                view! {
                    <PageTitle text=m.sessions.session_edit/>
                    <Suspense fallback=loading>
                        {Suspend::new(async move {
                            match (options.await, session.await) {
                                (Ok(o), Ok(s)) if s.can_edit => view! { <SessionForm options=o session=Some(s)/> }.into_any(),
                                (Ok(_), Ok(_)) => view! { <crate::ui::Forbidden/> }.into_any(),
                                (_, Err(crate::error::AppError::NotFound)) => view! { <crate::ui::NotFound/> }.into_any(),
                                (Err(e), _) | (_, Err(e)) => error_view(e),
                            }
                        })}
                    </Suspense>
                }
            }}
        </Guard>
    }
}

#[component]
fn SessionForm(options: SessionChoices, session: Option<SessionDetail>) -> impl IntoView {
    let m = t();
    let user = use_user();
    let is_admin = user.as_ref().is_some_and(|u| u.role == Role::Admin);
    // A coordinator may host only as their own partner.
    let own_partner =
        user.as_ref().filter(|u| u.role == Role::Coordinator).and_then(|u| u.partner_id);
    let hosts: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(
                options
                    .partners
                    .iter()
                    .filter(|p| own_partner.is_none_or(|own| own == p.id))
                    .map(|p| (p.id.to_string(), p.name.clone())),
            )
            .collect();
    let venues: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(options.venues.iter().map(|v| {
                (
                    v.id.to_string(),
                    format!("{}（{}）", v.name, v.district.clone().unwrap_or_default()),
                )
            }))
            .collect();
    let levels: Vec<(String, String)> =
        Level::ALL.iter().map(|l| (l.code().to_string(), l.label(m).to_string())).collect();
    let topics: Vec<(String, String)> =
        options.topics.iter().map(|x| (x.id.to_string(), x.name.clone())).collect();
    let cohosts: Vec<(String, String)> =
        options.partners.iter().map(|p| (p.id.to_string(), p.name.clone())).collect();
    let s = session.as_ref().map(|d| d.summary.clone());
    let start = s.as_ref().map(|s| to_japan(instant(s.starts_at)));
    let end = s.as_ref().map(|s| to_japan(instant(s.ends_at)));
    let action = match &s {
        Some(s) => format!("/forms/sessions/{}", s.id),
        None => "/forms/sessions".to_string(),
    };
    let in_series = session.as_ref().is_some_and(|d| d.series_id.is_some());
    let initial_topics = session
        .as_ref()
        .map(|d| d.topic_ids.iter().map(|i| i.to_string()).collect())
        .unwrap_or_default();
    let initial_cohosts = session
        .as_ref()
        .map(|d| d.cohosts.iter().chain(&d.pending_cohosts).map(|(i, _)| i.to_string()).collect())
        .unwrap_or_default();
    let text = |f: fn(&SessionDetail) -> String| session.as_ref().map(f).unwrap_or_default();
    view! {
        <ErrorSummary/>
        <form method="post" action=action class="form narrow">
            <Field name="title" label=m.common.session_title required=true initial=s.as_ref().map(|s| s.title.clone()).unwrap_or_default()/>
            <Field name="title_reading" label=m.common.reading_optional hint=m.common.reading_hint initial=text(|d| d.title_reading.clone())/>
            <SelectField name="level" label=m.sessions.session_level options=levels initial=s.as_ref().map(|s| s.level.code().to_string()).unwrap_or_else(|| "first".into())/>
            <SelectField name="host_partner_id" label=m.common.session_host options=hosts initial=s.as_ref().map(|s| s.host_id.to_string()).or(own_partner.map(|p| p.to_string())).unwrap_or_default()/>
            <CheckboxGroup name="cohost" legend=m.sessions.session_cohosts options=cohosts initial=initial_cohosts/>
            <SelectField name="venue_id" label=m.common.session_venue options=venues initial=s.as_ref().map(|s| s.venue_id.to_string()).unwrap_or_default()/>
            <Field name="date" label=m.sessions.session_date kind="date" required=true initial=start.map(|t| t.format("%Y-%m-%d").to_string()).unwrap_or_default()/>
            <Field name="start_time" label=m.sessions.session_start kind="time" required=true initial=start.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "14:00".into())/>
            <Field name="end_time" label=m.sessions.session_end kind="time" required=true initial=end.map(|t| t.format("%H:%M").to_string()).unwrap_or_else(|| "16:00".into())/>
            <Field name="capacity" label=m.sessions.session_capacity kind="number" required=true initial=s.as_ref().map(|s| s.capacity.to_string()).unwrap_or_else(|| "20".into())/>
            <Field name="walkin_seats" label=m.sessions.session_walkin_seats kind="number" hint=m.sessions.session_walkin_hint initial=s.as_ref().map(|s| s.walkin_seats.to_string()).unwrap_or_else(|| "0".into())/>
            <CheckboxGroup name="topic" legend=m.common.session_topics options=topics initial=initial_topics required=true/>
            <Field name="loaner_iphone" label=m.sessions.session_loaner_iphone kind="number" hint=m.sessions.session_loaner_hint initial=s.as_ref().map(|s| s.loaner_iphone.to_string()).unwrap_or_else(|| "0".into())/>
            <Field name="loaner_android" label=m.sessions.session_loaner_android kind="number" initial=s.as_ref().map(|s| s.loaner_android.to_string()).unwrap_or_else(|| "0".into())/>
            <TextArea name="what_to_bring" label=m.sessions.session_what_to_bring initial=text(|d| d.what_to_bring.clone())/>
            <TextArea name="description" label=m.sessions.session_description initial=text(|d| d.description.clone())/>
            <TextArea name="volunteer_notes" label=m.sessions.session_volunteer_notes initial=text(|d| d.volunteer_notes.clone())/>
            {session.is_none().then(|| view! {
                <SelectField name="repeat" label=m.sessions.session_repeat initial="once"
                    options=vec![("once".into(), m.sessions.repeat_once.into()), ("weekly".into(), m.sessions.repeat_weekly.into()), ("monthly".into(), m.sessions.repeat_monthly.into())]/>
                <Field name="repeat_count" label=m.sessions.session_repeat_count kind="number" hint=m.sessions.session_repeat_hint initial="4"/>
            })}
            {in_series.then(|| view! {
                <SelectField name="scope" label=m.sessions.session_scope initial="one"
                    options=vec![("one".into(), m.sessions.scope_one.into()), ("following".into(), m.sessions.scope_following.into())]/>
            })}
            {is_admin.then(|| view! {
                <label class="checkbox" for="override_conflict">
                    <input type="checkbox" id="override_conflict" name="override_conflict" value="1"/>
                    <span>{m.sessions.session_override_conflict}</span>
                </label>
            })}
            <SubmitButton label=m.common.session_save/>
        </form>
    }
}

/// The calendar feeds of the signed-in user: the public one and their private one.
#[component]
pub fn CalendarPage() -> impl IntoView {
    let m = t();
    let feeds = Resource::new(|| (), |_| my_feeds());
    view! {
        <PageTitle text=m.sessions.calendar_title/>
        <Notice/>
        <p>{m.sessions.calendar_intro}</p>
        <Loaded resource=feeds let:feeds>
            {
                view! {
                    <h2>{m.sessions.calendar_public}</h2>
                    <p class="feed-url"><code>{feeds.public}</code></p>
                    <h2>{m.sessions.calendar_private}</h2>
                    <p>{m.sessions.calendar_private_hint}</p>
                    {match (feeds.new_private, feeds.has_private) {
                        (Some(url), _) => view! {
                            <p><strong>{m.sessions.calendar_private_shown_once}</strong></p>
                            <p class="feed-url"><code>{url}</code></p>
                        }.into_any(),
                        (None, true) => view! { <p>{m.sessions.calendar_private_exists}</p> }.into_any(),
                        (None, false) => view! { <p>{m.sessions.calendar_private_none}</p> }.into_any(),
                    }}
                    <form method="post" action="/auth/calendar" class="form narrow">
                        <SubmitButton label=m.sessions.calendar_reset secondary=true/>
                    </form>
                }
            }
        </Loaded>
    }
}
