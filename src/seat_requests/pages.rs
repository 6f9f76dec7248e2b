//! The public pages (no sign-in): the schedule (`/` signed out, `/public`), a session with
//! the request form (`/public/sessions/:id`), and the requester's own request
//! (`/public/request`: sent, looked up, cancelled). Large type, cards rather than tables
//! (they reflow at 320 CSS px), the city's phone number first on every page.

use super::api::{load_own_request, load_public_session, load_public_sessions};
use super::ruby::{plain, Named, Rubied, COOKIE};
use super::{FilledBy, OwnRequest, PublicSession, RequestStatus};
use crate::domain::{format_datetime_ja, format_span_ja};
use crate::i18n::{fill, t};
use crate::ui::{by_id, CheckboxGroup, ErrorSummary, Field, Loaded, Notice, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;

/// The city's phone number and hours, first on every public page.
#[component]
fn CityContact() -> impl IntoView {
    let s = t().seat_requests;
    view! {
        <p class="city-contact">
            <Rubied text=crate::city::use_city().fill(s.city_contact, crate::i18n::use_locale(), true)/>
        </p>
        <RubySwitch/>
    }
}

/// The page's `<title>` and its one `<h1>`, with readings when they are wanted.
#[component]
fn PublicTitle(text: &'static str) -> impl IntoView {
    let m = t();
    view! {
        <Title text=format!("{} | {}", plain(text), m.common.app_name)/>
        <h1><Rubied text/></h1>
    }
}

/// The easy-reading switch: ふりがな on or off, remembered by a cookie.
#[component]
fn RubySwitch() -> impl IntoView {
    let s = t().seat_requests;
    let location = leptos_router::hooks::use_location();
    let back = location.pathname.get_untracked();
    let on = super::ruby::wanted();
    view! {
        <form method="post" action="/forms/public/ruby" class="inline-form ruby-switch">
            <input type="hidden" name="back" value=back/>
            <input type="hidden" name=COOKIE value=if on { "0" } else { "1" }/>
            <button type="submit" class="button secondary">{if on { s.ruby_off } else { s.ruby_on }}</button>
        </form>
    }
}

/// `YYYY年M月`, the month a session falls in (Japan time), for grouping.
fn month_of(starts_at: i64) -> String {
    use chrono::Datelike;
    let day = crate::domain::day_in_japan(starts_at);
    format!("{}年{}月", day.year(), day.month())
}

/// The facts of a session, as a list of terms and descriptions.
#[component]
fn SessionFacts(session: PublicSession) -> impl IntoView {
    let m = t();
    let s = m.seat_requests;
    let access =
        [session.step_free.then_some(s.step_free), session.hearing_loop.then_some(s.hearing_loop)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("・");
    let access = (!access.is_empty()).then_some(access);
    view! {
        <dl class="facts public-facts">
            <dt><Rubied text=s.when/></dt>
            <dd>{format_span_ja(session.starts_at, session.ends_at)}</dd>
            <dt><Rubied text=s.venue/></dt>
            <dd>
                <Named name=session.venue_name.clone() reading=session.venue_reading.clone()/>
                <br/>
                {session.venue_address.clone()}
                {access.map(|a| view! { <br/><span class="tag"><Rubied text=a/></span> })}
            </dd>
            {(!session.venue_access.is_empty())
                .then(|| view! { <dt><Rubied text=s.access/></dt><dd>{session.venue_access.clone()}</dd> })}
            <dt>{s.level}</dt>
            <dd>{session.level.label(m)}</dd>
            {(!session.topics.is_empty())
                .then(|| view! { <dt><Rubied text=s.topics/></dt><dd>{session.topics.join("、")}</dd> })}
            <dt><Rubied text=s.availability/></dt>
            <dd class="availability"><Rubied text=session.availability.label(m)/></dd>
        </dl>
    }
}

/// The schedule by month: the signed-out home page and `/public`.
#[component]
pub fn PublicSchedule() -> impl IntoView {
    let s = t().seat_requests;
    let sessions = Resource::new(|| (), |_| load_public_sessions());
    view! {
        <div class="public">
            <CityContact/>
            <PublicTitle text=s.schedule_title/>
            <p><Rubied text=s.schedule_intro/></p>
            <p class="public-links">
                <a href="/public/request">{s.my_request_link}</a>
            </p>
            <section aria-labelledby="what-title">
                <h2 id="what-title"><Rubied text=s.what_title/></h2>
                <p><Rubied text=s.what_text/></p>
                <h3><Rubied text=s.bring_title/></h3>
                <p><Rubied text=s.bring_text/></p>
            </section>
            <Loaded resource=sessions let:list>
                <ScheduleList list/>
            </Loaded>
        </div>
    }
}

#[component]
fn ScheduleList(list: Vec<PublicSession>) -> impl IntoView {
    let s = t().seat_requests;
    if list.is_empty() {
        return view! { <p><Rubied text=s.none_upcoming/></p> }.into_any();
    }
    let mut months: Vec<(String, Vec<PublicSession>)> = Vec::new();
    for session in list {
        let month = month_of(session.starts_at);
        match months.last_mut() {
            Some((m, sessions)) if *m == month => sessions.push(session),
            _ => months.push((month, vec![session])),
        }
    }
    months
        .into_iter()
        .map(|(month, sessions)| {
            view! {
                <section class="month" aria-label=month.clone()>
                    <h2>{month.clone()}</h2>
                    {sessions
                        .into_iter()
                        .map(|session| {
                            let href = format!("/public/sessions/{}", session.id);
                            view! {
                                <article class="card">
                                    <h3><Named name=session.title.clone() reading=session.title_reading.clone()/></h3>
                                    <SessionFacts session=session.clone()/>
                                    <p>
                                        <a class="button" href=href><Rubied text=s.details_link/></a>
                                    </p>
                                </article>
                            }
                        })
                        .collect_view()}
                </section>
            }
        })
        .collect_view()
        .into_any()
}

/// `/public`: the schedule for anyone, signed in or not.
#[component]
pub fn PublicSchedulePage() -> impl IntoView {
    view! { <PublicSchedule/> }
}

/// `/public/sessions/:id`: a session and, while it takes requests, the request form.
#[component]
pub fn PublicSessionPage() -> impl IntoView {
    let s = t().seat_requests;
    let data = by_id(load_public_session);
    view! {
        <div class="public">
            <CityContact/>
            <Loaded resource=data let:found>
                {
                    let (session, open, key) = found;
                    view! {
                        <Title text=format!("{} | {}", session.title, t().common.app_name)/>
                        <h1><Named name=session.title.clone() reading=session.title_reading.clone()/></h1>
                        <ErrorSummary/>
                        <SessionFacts session=session.clone()/>
                        {(!session.description.is_empty()).then(|| view! { <p>{session.description.clone()}</p> })}
                        {(!session.what_to_bring.is_empty())
                            .then(|| view! { <h2><Rubied text=s.bring_title/></h2><p>{session.what_to_bring.clone()}</p> })}
                        {if open {
                            view! { <RequestForm session=session.clone() key/> }.into_any()
                        } else {
                            view! { <p class="error-summary"><Rubied text=s.closed_text/></p> }.into_any()
                        }}
                        <p><a href="/public"><Rubied text=s.schedule_title/></a></p>
                    }
                }
            </Loaded>
        </div>
    }
}

#[component]
fn RequestForm(session: PublicSession, key: String) -> impl IntoView {
    let m = t();
    let s = m.seat_requests;
    let filled_by = std::iter::once((String::new(), m.common.choose.to_string()))
        .chain(FilledBy::ALL.iter().map(|f| (f.code().to_string(), f.label(m).to_string())))
        .collect::<Vec<_>>();
    let needs = crate::residents::Needs::default()
        .each(m)
        .into_iter()
        .map(|(code, label, _)| (code.to_string(), label.to_string()))
        .collect::<Vec<_>>();
    let full = session.availability == super::Availability::Waitlist;
    view! {
        <section aria-labelledby="request-title" class="request-form">
            <h2 id="request-title"><Rubied text=s.form_title/></h2>
            <p><Rubied text=s.form_intro/></p>
            {full.then(|| view! { <p class="notice"><Rubied text=s.waitlist_note/></p> })}
            <form method="post" action="/forms/public/requests">
                <input type="hidden" name="session_id" value=session.id.to_string()/>
                <input type="hidden" name="key" value=key/>
                <Field name="name" label=s.name required=true autocomplete="name"/>
                <Field name="kana" label=s.kana hint=s.kana_hint required=true/>
                <Field name="phone" label=s.phone kind="tel" hint=s.phone_hint required=true autocomplete="tel"/>
                <SelectField name="filled_by" label=s.filled_by options=filled_by/>
                <Field name="email" label=s.email kind="email" hint=s.email_hint autocomplete="email"/>
                <CheckboxGroup name="need" legend=s.needs options=needs/>
                <h3>{s.purpose_title}</h3>
                <p class="purpose">
                    <Rubied text=crate::city::use_city().fill(s.purpose_text, crate::i18n::use_locale(), true)/>
                </p>
                <CheckboxGroup
                    name="consent"
                    legend=s.purpose_title
                    options=vec![("yes".to_string(), s.consent.to_string())]
                    required=true
                />
                <div class="hp" aria-hidden="true">
                    <label for="website">{s.honeypot}</label>
                    <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
                </div>
                <button type="submit" class="button"><Rubied text=s.submit/></button>
            </form>
        </section>
    }
}

/// `/public/request`: the requester's request (after sending it or looking it up), or the
/// lookup form.
#[component]
pub fn PublicRequestPage() -> impl IntoView {
    let s = t().seat_requests;
    let data = Resource::new(|| (), |_| load_own_request());
    view! {
        <div class="public">
            <CityContact/>
            <PublicTitle text=s.lookup_title/>
            <Notice/>
            <ErrorSummary/>
            <Loaded resource=data let:found>
                {
                    let (own, days) = found;
                    match own {
                        Some(own) => view! { <OwnView own days/> }.into_any(),
                        None => view! { <LookupForm/> }.into_any(),
                    }
                }
            </Loaded>
            <p><a href="/public"><Rubied text=s.schedule_title/></a></p>
        </div>
    }
}

#[component]
fn OwnView(own: OwnRequest, days: i64) -> impl IntoView {
    let m = t();
    let s = m.seat_requests;
    let reference = format!(
        "{}-{}",
        &own.reference[..4.min(own.reference.len())],
        own.reference.get(4..).unwrap_or("")
    );
    let pending = own.status == RequestStatus::Pending;
    // Waiting for a call about a session that was cancelled or has begun: say so, and
    // offer no cancel.
    let stranded = pending && !own.session_open;
    let pending = pending && own.session_open;
    // A pending request's place, or the place its booking has once confirmed.
    let holds_place = matches!(own.status, RequestStatus::Pending | RequestStatus::Confirmed);
    let lapses = chrono::DateTime::from_timestamp(own.lapses_at, 0)
        .map(format_datetime_ja)
        .unwrap_or_default();
    view! {
        <dl class="facts public-facts">
            <dt>{s.reference}</dt>
            <dd class="reference">{reference}</dd>
            <dt><Rubied text=s.status/></dt>
            <dd class="request-status"><Rubied text=own.status.label(m)/></dd>
            {holds_place.then(|| view! {
                <dt>{s.col_place}</dt>
                <dd><Rubied text=if own.holds_seat { s.place_seat } else { s.place_waitlist }/></dd>
            })}
        </dl>
        {pending.then(|| view! {
            <p><Rubied text=fill(s.sent_text, &[("days", &days.to_string())])/></p>
            <p><Rubied text=fill(s.sent_lapse, &[("date", &lapses)])/></p>
        })}
        {stranded.then(|| view! { <p class="error-summary"><Rubied text=s.closed_text/></p> })}
        <h2><Named name=own.session.title.clone() reading=own.session.title_reading.clone()/></h2>
        <SessionFacts session=own.session.clone()/>
        {pending.then(|| view! {
            <section aria-labelledby="cancel-title">
                <h2 id="cancel-title"><Rubied text=s.cancel_title/></h2>
                <p><Rubied text=s.cancel_note/></p>
                <form method="post" action="/forms/public/requests/cancel">
                    <button type="submit" class="button secondary"><Rubied text=s.cancel_submit/></button>
                </form>
            </section>
        })}
    }
}

#[component]
fn LookupForm() -> impl IntoView {
    let s = t().seat_requests;
    view! {
        <p><Rubied text=s.lookup_intro/></p>
        <form method="post" action="/forms/public/requests/lookup">
            <Field name="reference" label=s.reference hint="1234-5678" required=true autocomplete="off"/>
            <Field name="digits" label=s.digits required=true autocomplete="off"/>
            <button type="submit" class="button"><Rubied text=s.lookup_submit/></button>
        </form>
    }
}
