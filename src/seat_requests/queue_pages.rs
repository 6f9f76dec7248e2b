//! The staff's side of seat requests (`Area::Residents`): the queue of requests to
//! confirm by phone, oldest first (`/requests`), and one request with the residents who
//! may be the same person and the three outcomes of the call (`/requests/:id`).

use super::api::{load_queue, load_request};
use super::ruby::Rubied;
use super::{Queue, QueueLine, RequestDetail, RequestStatus};
use crate::auth::Guard;
use crate::domain::{format_datetime_ja, format_span_ja};
use crate::i18n::{fill, t};
use crate::residents::Smartphone;
use crate::ui::{by_id, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField, Table};
use leptos::prelude::*;

fn at(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).map(format_datetime_ja).unwrap_or_default()
}

fn place(line: &QueueLine) -> String {
    let s = t().seat_requests;
    match line.waitlist_position {
        Some(n) if !line.holds_seat => fill(s.waitlist_number, &[("n", &n.to_string())]),
        _ => s.place_seat.to_string(),
    }
}

/// `/requests`: pending requests, oldest first.
#[component]
pub fn RequestQueuePage() -> impl IntoView {
    let s = t().seat_requests;
    view! {
        <Guard>
            {move || {
                let queue = Resource::new(|| (), |_| load_queue());
                view! {
                    <PageTitle text=s.queue_title/>
                    <Notice/>
                    <ErrorSummary/>
                    <p>{s.queue_intro}</p>
                    <Loaded resource=queue let:q>
                        <QueueView queue=q/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn QueueView(queue: Queue) -> impl IntoView {
    let m = t();
    let s = m.seat_requests;
    let list = if queue.pending.is_empty() {
        view! { <p>{s.queue_none}</p> }.into_any()
    } else {
        view! {
            <Table
                caption=s.queue_title
                heads=vec![s.col_received, s.col_person, m.seat_requests.phone, s.col_session, s.col_place, s.col_calls, s.col_lapses, s.open_request]
            >
                {queue
                    .pending
                    .iter()
                    .map(|line| {
                        view! {
                            <tr>
                                <td>{at(line.created_at)}</td>
                                <td>{line.name.clone()}<br/><span class="kana">{line.kana.clone()}</span></td>
                                <td>{line.phone.clone()}</td>
                                <td>
                                    {line.session_title.clone()}<br/>{format_span_ja(line.starts_at, line.starts_at)}
                                    {line.session_cancelled.then(|| view! { <br/><span class="tag warning">{s.session_cancelled_tag}</span> })}
                                </td>
                                <td><Rubied text=place(line)/></td>
                                <td>{line.attempts}</td>
                                <td>{at(line.lapses_at)}</td>
                                <td><a href=format!("/requests/{}", line.id)>{s.open_request}" "{line.reference.clone()}</a></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </Table>
        }
        .into_any()
    };
    view! {
        {list}
        {queue.may_set.then(|| view! {
            <form method="post" action="/forms/requests/settings" class="settings-form">
                <Field
                    name="lapse_days"
                    label=s.lapse_setting
                    hint=s.lapse_hint
                    kind="number"
                    initial=queue.lapse_days.to_string()
                />
                <button type="submit" class="button secondary">{s.save}</button>
            </form>
        })}
    }
}

/// `/requests/:id`: one request and what the call came to.
#[component]
pub fn RequestPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(load_request);
                view! { <Loaded resource=data let:d><RequestView detail=d/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn RequestView(detail: RequestDetail) -> impl IntoView {
    let m = t();
    let s = m.seat_requests;
    let line = detail.line.clone();
    let needs: Vec<&str> =
        detail.needs.each(m).into_iter().filter(|(_, _, set)| *set).map(|(_, l, _)| l).collect();
    let pending = line.status == RequestStatus::Pending;
    let mut people: Vec<(String, String)> = detail
        .matches
        .iter()
        .map(|r| {
            let label = fill(
                s.person_existing,
                &[("name", &r.name), ("kana", &r.kana), ("id", &r.id.to_string())],
            );
            let phones = r.phones.join("・");
            (r.id.to_string(), if phones.is_empty() { label } else { format!("{label} {phones}") })
        })
        .collect();
    people.insert(0, ("new".to_string(), s.person_new.to_string()));
    let smartphones = std::iter::once((String::new(), m.common.choose.to_string()))
        .chain(Smartphone::ALL.iter().map(|p| (p.code().to_string(), p.label(m).to_string())))
        .collect::<Vec<_>>();
    let id = line.id;
    view! {
        <PageTitle text=fill(s.request_title, &[("reference", &line.reference)])/>
        <Notice/>
        <ErrorSummary/>
        <dl class="facts">
            <dt><Rubied text=s.status/></dt><dd><Rubied text=line.status.label(m)/></dd>
            <dt>{s.col_received}</dt><dd>{at(line.created_at)}</dd>
            <dt>{s.col_session}</dt>
            <dd>
                <a href=format!("/sessions/{}", line.session_id)>{line.session_title.clone()}</a>" "{format_span_ja(line.starts_at, line.starts_at)}
                {line.session_cancelled.then(|| view! { " "<span class="tag warning">{s.session_cancelled_tag}</span> })}
            </dd>
            <dt>{s.col_place}</dt><dd><Rubied text=place(&line)/></dd>
            {pending.then(|| view! {
                <dt>{s.col_person}</dt><dd>{line.name.clone()}" "<span class="kana">{line.kana.clone()}</span></dd>
                <dt>{s.phone}</dt><dd>{line.phone.clone()}</dd>
                <dt>{s.filled_by}</dt><dd>{line.filled_by.label(m)}</dd>
                <dt>{s.email_given}</dt><dd>{detail.email.clone()}</dd>
                <dt>{s.needs_given}</dt><dd>{needs.join("、")}</dd>
                <dt>{s.col_calls}</dt><dd>{line.attempts}</dd>
                <dt>{s.col_lapses}</dt><dd>{at(line.lapses_at)}</dd>
            })}
        </dl>
        {detail.registration_id.map(|r| view! { <p><a href=format!("/registrations/{r}")>{s.booking_link}</a></p> })}
        {pending.then(|| view! {
            <section aria-labelledby="matches-title">
                <h2 id="matches-title">{s.matches_title}</h2>
                {detail.matches.is_empty().then(|| view! { <p>{s.matches_none}</p> })}
                <form method="post" action=format!("/forms/requests/{id}/confirm")>
                    <input type="hidden" name="key" value=detail.form_key.clone()/>
                    <SelectField name="person" label=s.person_legend options=people.clone()/>
                    <SelectField name="smartphone" label=s.smartphone_for_new options=smartphones.clone()/>
                    <button type="submit" class="button">{s.confirm_submit}</button>
                </form>
                <div class="button-row">
                    <form method="post" action=format!("/forms/requests/{id}/unreachable")>
                        <button type="submit" class="button secondary">{s.unreachable_submit}</button>
                    </form>
                    <form method="post" action=format!("/forms/requests/{id}/decline")>
                        <button type="submit" class="button secondary">{s.decline_submit}</button>
                    </form>
                </div>
            </section>
        })}
    }
}
