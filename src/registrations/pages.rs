//! Booking on the resident page, the read-back script, the history table with its cancel
//! forms, and the list of people on a session.

use super::api::{load_booking_choices, load_readback, session_roster};
use super::{Readback, RegistrationStatus, RosterEntry};
use crate::auth::Guard;
use crate::domain::format_span_ja as when_range;
use crate::domain::Kana;
use crate::i18n::{fill, t};
use crate::residents::HistoryEntry;
use crate::sessions::Status;
use crate::ui::form::{field_error, kept_value};
use crate::ui::{by_id, Loaded, Notice, PageTitle, SelectField, SubmitButton, Table};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};

/// The booking step on a resident's page: upcoming sessions, filterable by topic and
/// district, with seats left; one button books (or waitlists) each. With
/// `support_request`, it sits on that request's page and booking refers the request.
#[component]
pub fn BookingSection(
    resident_id: i64,
    #[prop(optional)] support_request: Option<i64>,
) -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let number = |name: &str| q.get(name).and_then(|v| v.parse::<i64>().ok());
            (number("topic"), number("district"))
        })
    };
    let choices = Resource::new(filter, move |(topic, district)| {
        load_booking_choices(resident_id, topic, district)
    });
    let error = field_error("booking");
    let current = filter();
    view! {
        <h2 id="booking">{m.registrations.booking_title}</h2>
        {move || error.get().map(|code| view! {
            <p class="error-summary" role="alert" id="booking-error">{t().error_text(&code)}</p>
        })}
        <Loaded resource=choices let:c>
            {
                let any = (String::new(), m.common.filter_any.to_string());
                let topics: Vec<(String, String)> = std::iter::once(any.clone())
                    .chain(c.topics.iter().map(|x| (x.id.to_string(), x.name.clone())))
                    .collect();
                let districts: Vec<(String, String)> = std::iter::once(any)
                    .chain(c.districts.iter().map(|(id, n)| (id.to_string(), n.clone())))
                    .collect();
                let action = match support_request {
                    Some(id) => format!("/support/{id}#booking"),
                    None => format!("/residents/{resident_id}#booking"),
                };
                view! {
                    <form method="get" action=action class="form filters" aria-label=m.registrations.booking_filter>
                        <SelectField name="topic" label=m.common.session_topics options=topics initial=current.0.map(|v| v.to_string()).unwrap_or_default()/>
                        <SelectField name="district" label=m.common.venue_district options=districts initial=current.1.map(|v| v.to_string()).unwrap_or_default()/>
                        <SubmitButton label=m.common.filter_submit secondary=true/>
                    </form>
                    <BookingTable resident_id support_request choices=c/>
                }
            }
        </Loaded>
    }
}

#[component]
fn BookingTable(
    resident_id: i64,
    support_request: Option<i64>,
    choices: super::BookingChoices,
) -> impl IntoView {
    let m = t();
    if choices.sessions.is_empty() {
        return view! { <p role="status">{m.common.sessions_none}</p> }.into_any();
    }
    let key = choices.idempotency_key.clone();
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{m.registrations.booking_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{m.common.session_when}</th>
                        <th scope="col">{m.common.session_title}</th>
                        <th scope="col">{m.common.session_venue}</th>
                        <th scope="col" class="number">{m.common.session_seats_left}</th>
                        <th scope="col" class="number">{m.common.session_waitlist}</th>
                        <th scope="col">{m.registrations.booking_action}</th>
                    </tr>
                </thead>
                <tbody>
                    {choices.sessions.into_iter().map(|s| {
                        let registered = choices.registered.contains(&s.id);
                        let full = s.seats_left() == 0;
                        let venue = match &s.district {
                            Some(d) => format!("{}（{}）", s.venue_name, d),
                            None => s.venue_name.clone(),
                        };
                        let label = if full { m.registrations.book_waitlist } else { m.registrations.book_seat };
                        let described = format!("{} {}", when_range(s.starts_at, s.ends_at), s.title);
                        let key = key.clone();
                        view! {
                            <tr>
                                <td>{when_range(s.starts_at, s.ends_at)}</td>
                                <td><a href=format!("/sessions/{}", s.id)>{s.title.clone()}</a></td>
                                <td>{venue}</td>
                                <td class="number">{s.seats_left()}</td>
                                <td class="number">{s.waitlist_count}</td>
                                <td>
                                    {if registered {
                                        view! { <span>{m.registrations.already_booked}</span> }.into_any()
                                    } else {
                                        view! {
                                            <form method="post" action="/forms/registrations" class="inline-form">
                                                <input type="hidden" name="session_id" value=s.id/>
                                                <input type="hidden" name="resident_id" value=resident_id/>
                                                <input type="hidden" name="key" value=key/>
                                                {support_request.map(|id| view! { <input type="hidden" name="support_request" value=id/> })}
                                                <button type="submit" class=if full { "button secondary" } else { "button" }
                                                    aria-label=format!("{label}：{described}")>{label}</button>
                                            </form>
                                        }.into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A cancel form for one registration: a reason, then the button.
#[component]
fn CancelForm(registration_id: i64, label: String) -> impl IntoView {
    let location = use_location();
    let back = move || location.pathname.get();
    let field = format!("reason_{registration_id}");
    let value = kept_value(&field, String::new());
    let error = field_error(&field);
    let input_id = field.clone();
    let error_id = format!("{field}-error");
    view! {
        <form method="post" action=format!("/forms/registrations/{registration_id}/cancel") class="inline-form cancel-form">
            <input type="hidden" name="back" value=back/>
            <label for=input_id.clone()>{t().registrations.cancel_reason}</label>
            {
                let error_id = error_id.clone();
                move || error.get().map(|code| view! { <p class="field-error" id=error_id.clone()>{t().error_text(&code)}</p> })
            }
            <input type="text" id=input_id name="reason" value=move || value.get()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().map(|_| error_id.clone())/>
            <button type="submit" class="button secondary" aria-label=format!("{}：{label}", t().registrations.cancel_submit)>{t().registrations.cancel_submit}</button>
        </form>
    }
}

fn status_text(status: RegistrationStatus, position: Option<i64>) -> String {
    let m = t();
    match (status, position) {
        (RegistrationStatus::Waitlisted, Some(p)) => {
            fill(m.registrations.waitlist_position, &[("n", &p.to_string())])
        }
        (s, _) => s.label(m).to_string(),
    }
}

/// A resident's registrations, with a cancel form on each live one still to come.
#[component]
pub fn HistoryTable(resident_id: i64, entries: Vec<HistoryEntry>) -> impl IntoView {
    let _ = resident_id;
    let m = t();
    if entries.is_empty() {
        return view! { <p>{m.registrations.history_none}</p> }.into_any();
    }
    let now = chrono::Utc::now().timestamp();
    view! {
        <Table
            caption=m.common.history_title
            heads=vec![
                m.common.session_when,
                m.common.session_title,
                m.common.session_venue,
                m.registrations.registration_status,
                m.registrations.cancel_title,
            ]
        >
            {entries.into_iter().map(|h| {
                let live = matches!(h.status, RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted)
                    && h.session_status == Status::Scheduled && h.starts_at > now;
                let mut status = status_text(h.status, h.waitlist_position);
                if h.session_status == Status::Cancelled {
                    status = format!("{status}（{}）", m.common.status_cancelled);
                }
                if let Some(reason) = &h.cancel_reason {
                    status = format!("{status}：{reason}");
                }
                let label = format!("{} {}", when_range(h.starts_at, h.ends_at), h.title);
                view! {
                    <tr>
                        <td>{when_range(h.starts_at, h.ends_at)}</td>
                        <td><a href=format!("/sessions/{}", h.session_id)>{h.title.clone()}</a></td>
                        <td>{h.venue_name.clone()}</td>
                        <td>{status}</td>
                        <td>{live.then(|| view! { <CancelForm registration_id=h.registration_id label/> })}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// `/registrations/:id`: the script the staff member reads aloud after booking.
#[component]
pub fn ReadbackPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(load_readback);
                view! { <Loaded resource=data let:r><ReadbackView r/></Loaded> }
            }}
        </Guard>
    }
}

/// The read-back script, always in Japanese: it is said to the caller.
pub fn script(r: &Readback) -> Vec<String> {
    let when = crate::notify::templates::when(r.starts_at, r.ends_at);
    let mut lines = vec![match (r.status, r.waitlist_position) {
        (RegistrationStatus::Waitlisted, Some(p)) => format!(
            "{}様、{when}の「{}」は満席のため、キャンセル待ちの{p}番目で承りました。お席が空きましたら、ご連絡いたします。",
            r.resident_name, r.title
        ),
        (RegistrationStatus::Cancelled, _) => format!(
            "{}様、{when}の「{}」のお申し込みは取り消されています。",
            r.resident_name, r.title
        ),
        _ => format!(
            "{}様、{when}の「{}」のご予約を承りました。",
            r.resident_name, r.title
        ),
    }];
    lines.push(format!("会場は{}、{}です。", r.venue_name, r.venue_address));
    if !r.venue_access.is_empty() {
        lines.push(format!("行き方：{}", r.venue_access));
    }
    if !r.what_to_bring.is_empty() {
        lines.push(format!("持ち物：{}", r.what_to_bring));
    }
    lines.push("ご都合が悪くなったときは、市役所までお電話ください。".to_string());
    lines
}

#[component]
fn ReadbackView(r: Readback) -> impl IntoView {
    let m = t();
    let how = match r.contact_pref {
        crate::domain::ContactPref::Email => m.registrations.readback_by_email,
        crate::domain::ContactPref::Letter => m.registrations.readback_by_letter,
        crate::domain::ContactPref::Phone => m.registrations.readback_by_phone,
    };
    view! {
        <PageTitle text=m.registrations.readback_title/>
        <Notice/>
        <p>{m.registrations.readback_intro}</p>
        <div class="script" lang="ja">
            {script(&r).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
        </div>
        <p>{how}</p>
        <p class="actions">
            <a class="button" href=format!("/residents/{}", r.resident_id)>{m.registrations.back_to_resident}</a>
            <a class="button secondary" href=format!("/registrations/{}/slip", r.registration_id)>{m.registrations.slip_link}</a>
            <a class="button secondary" href="/intake">{m.common.next_caller}</a>
        </p>
    }
}

/// `/registrations/:id/slip`: the 予約票 (or キャンセル待ち票) handed over at the counter
/// or posted, in Japanese, in large type on A5. It names the person and nothing else of
/// them.
#[component]
pub fn SlipPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(load_readback);
                view! { <Loaded resource=data let:r><SlipView r/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn SlipView(r: Readback) -> impl IntoView {
    let m = t();
    let back = view! {
        <p class="actions no-print">
            <a class="button secondary" href=format!("/registrations/{}", r.registration_id)>{m.registrations.slip_back}</a>
        </p>
    };
    if r.status == RegistrationStatus::Cancelled || r.session_cancelled {
        return view! {
            <PageTitle text=m.registrations.slip_title/>
            <p role="status">{m.registrations.slip_cancelled}</p>
            {back}
        }
        .into_any();
    }
    // The slip is for the resident: always in Japanese.
    let ja = crate::i18n::Locale::Ja.messages();
    let (heading, lead) = match (r.status, r.waitlist_position) {
        (RegistrationStatus::Waitlisted, Some(n)) => (
            ja.registrations.slip_waitlist_heading,
            fill(ja.registrations.slip_waitlist_lead, &[("n", &n.to_string())]),
        ),
        _ => (ja.registrations.slip_heading, ja.registrations.slip_lead.to_string()),
    };
    let at = |s: i64| chrono::DateTime::from_timestamp(s, 0).unwrap_or_default();
    let date = crate::domain::format_date_ja(crate::domain::day_in_japan(r.starts_at));
    let time = format!(
        "{}～{}",
        crate::domain::format_time(at(r.starts_at)),
        crate::domain::format_time(at(r.ends_at))
    );
    let optional = |label: &'static str, text: String| {
        (!text.is_empty()).then(|| view! { <dt>{label}</dt><dd>{text}</dd> })
    };
    view! {
        <div class="slip-page">
            <PageTitle text=m.registrations.slip_title/>
            <p class="no-print">{m.registrations.slip_intro}</p>
            <p class="no-print"><button type="button" class="button" onclick="window.print()">{m.notify.print}</button></p>
            <section class="slip" lang="ja" aria-labelledby="slip-heading">
                <h2 id="slip-heading">{heading}</h2>
                <p class="slip-name">{r.resident_name.clone()}" 様"</p>
                <p>{lead}</p>
                <dl class="slip-details">
                    <dt>{ja.registrations.slip_session}</dt><dd>{r.title.clone()}</dd>
                    <dt>{ja.registrations.slip_date}</dt><dd class="slip-when">{date}</dd>
                    <dt>{ja.registrations.slip_time}</dt><dd class="slip-when">{time}</dd>
                    <dt>{ja.registrations.slip_venue}</dt>
                    <dd>{r.venue_name.clone()}<br/>{r.venue_address.clone()}</dd>
                    {optional(ja.registrations.slip_access, r.venue_access.clone())}
                    {optional(ja.registrations.slip_bring, r.what_to_bring.clone())}
                </dl>
                <p class="print-contact">
                    {crate::city::use_city().fill(ja.common.print_contact, crate::i18n::Locale::Ja, false)}
                </p>
            </section>
            {back}
        </div>
    }
    .into_any()
}

/// The people on a session, for staff: confirmed, then the waitlist. On a cancelled
/// session, the people who must be told, with how.
#[component]
pub fn SessionRoster(session_id: i64, cancelled: bool) -> impl IntoView {
    let roster = Resource::new(move || session_id, session_roster);
    view! {
        <Loaded resource=roster let:list>
            <RosterTable list cancelled/>
        </Loaded>
    }
}

#[component]
fn RosterTable(list: Vec<RosterEntry>, cancelled: bool) -> impl IntoView {
    let m = t();
    let title =
        if cancelled { m.registrations.to_tell_title } else { m.registrations.roster_title };
    let body = if list.is_empty() {
        view! { <p>{m.registrations.roster_none}</p> }.into_any()
    } else {
        view! {
            {cancelled.then(|| view! { <p>{m.registrations.to_tell_intro}</p> })}
            <div class="table-wrap">
                <table>
                    <caption class="visually-hidden">{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{m.common.resident_kana}</th>
                            <th scope="col">{m.common.resident_name}</th>
                            <th scope="col">{m.common.resident_phone}</th>
                            <th scope="col">{m.common.resident_contact_pref}</th>
                            <th scope="col">{m.registrations.registration_status}</th>
                            {(!cancelled).then(|| view! { <th scope="col">{m.registrations.cancel_title}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|r| {
                            let kana = Kana::parse(&r.kana).map(|k| k.katakana()).unwrap_or(r.kana.clone());
                            let label = r.name.clone();
                            view! {
                                <tr>
                                    <td><a href=format!("/residents/{}", r.resident_id)>{kana}</a></td>
                                    <td>{r.name.clone()}</td>
                                    <td>{r.phones.join("、")}</td>
                                    <td>{r.contact_pref.label(m)}</td>
                                    <td>{status_text(r.status, r.waitlist_position)}</td>
                                    {(!cancelled).then(|| view! { <td><CancelForm registration_id=r.registration_id label/></td> })}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <h2 id="roster">{title}</h2>
        {body}
    }
}
