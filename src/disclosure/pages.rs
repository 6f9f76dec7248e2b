//! `/residents/:id/disclosure`: everything held about one resident, in plain Japanese and
//! large type, with the date and the city's contact, to print and hand over (開示). Plain
//! HTML: it works without JavaScript.

use super::api::disclosure_of;
use super::{Booking, Disclosure, Request, SentNotice};
use crate::audit::{action_label, record_label, AuditEntry};
use crate::auth::Guard;
use crate::domain::format_datetime_ja;
use crate::domain::ContactPref;
use crate::i18n::{fill, t};
use crate::residents::ResidentFacts;
use crate::ui::{by_id, Loaded, PageTitle, Table};
use leptos::prelude::*;

fn when(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0).map(format_datetime_ja).unwrap_or_default()
}

#[component]
pub fn DisclosurePage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(disclosure_of);
                view! { <Loaded resource=data let:d><DisclosureView data=d/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn DisclosureView(data: Disclosure) -> impl IntoView {
    let m = t();
    let d = m.disclosure;
    let r = data.resident.clone();
    let printed = when(data.printed_at);
    let name =
        if r.erased_at.is_some() { m.residents.erased_name.to_string() } else { r.name.clone() };
    view! {
        <div class="disclosure">
            <PageTitle text=fill(d.title, &[("name", &name)])/>
            <p class="print-button no-print">
                <button type="button" class="button" onclick="window.print()">{d.print}</button>
            </p>
            <p>{crate::city::use_city().fill(&fill(d.intro, &[("date", &printed)]), m.locale, false)}</p>
            <p class="print-contact">{crate::city::use_city().fill(m.common.print_contact, m.locale, false)}</p>
            <h2>{d.record}</h2>
            <dl class="facts">
                <dt>{d.name}</dt><dd>{name.clone()}</dd>
            </dl>
            <ResidentFacts resident=r.clone()/>
            {(!data.merged.is_empty()).then(|| view! {
                <h2>{d.merged}</h2>
                {data.merged.into_iter().map(|other| view! {
                    <dl class="facts"><dt>{d.name}</dt><dd>{other.name.clone()}</dd></dl>
                    <ResidentFacts resident=other/>
                }).collect_view()}
            })}
            <h2>{d.bookings}</h2>
            <Bookings list=data.bookings/>
            <h2>{d.notices}</h2>
            <Notices list=data.notices/>
            <h2>{d.requests}</h2>
            <Requests list=data.requests/>
            <h2>{d.questionnaire}</h2>
            <Answers list=data.answers wishes=data.wishes/>
            <h2>{d.supporter}</h2>
            {match data.supporter {
                None => view! { <p>{d.none}</p> }.into_any(),
                Some(s) => {
                    let stage = crate::supporters::Stage::from_code(&s.stage).map(|x| x.label(m)).unwrap_or_default();
                    let certificate = [s.certificate_no.clone(), s.certified_on.clone()].into_iter().flatten().collect::<Vec<_>>().join(" ");
                    let contact = [s.phone.clone().map(|p| crate::domain::PhoneNumber::display(&p)), s.email.clone()].into_iter().flatten().collect::<Vec<_>>().join("、");
                    view! {
                        <dl class="facts">
                            <dt>{d.name}</dt><dd>{s.name}</dd>
                            <dt>{m.common.resident_phone}</dt><dd>{contact}</dd>
                            <dt>{d.supporter_stage}</dt><dd>{stage}</dd>
                            <dt>{d.supporter_certificate}</dt><dd>{certificate}</dd>
                            <dt>{d.supporter_credentials}</dt><dd>{data.credentials.join("、")}</dd>
                            <dt>{d.request_notes}</dt><dd class="prewrap">{s.notes}</dd>
                        </dl>
                    }.into_any()
                }
            }}
            <h2>{d.audit}</h2>
            <Audit list=data.audit/>
            <p>{d.printed_at}" "{printed}</p>
            <p class="no-print"><a href=format!("/residents/{}", r.id)>{d.back}</a></p>
        </div>
    }
}

/// The loaner phone of a booking in words: its label, the day it was due back if lent
/// home, and how it came back with the note written then.
fn loan_text(b: &Booking) -> String {
    let l = t().loaners;
    let mut parts: Vec<String> = b.loan.iter().cloned().collect();
    if let Some(due) = &b.loan_due {
        parts.push(format!("{} {due}", l.home_due));
    }
    if let Some(condition) = &b.loan_condition {
        parts.push(match condition.as_str() {
            "damaged" => l.condition_damaged.to_string(),
            "lost" => l.condition_lost.to_string(),
            _ => l.condition_good.to_string(),
        });
    }
    parts.extend(b.loan_note.iter().filter(|n| !n.is_empty()).cloned());
    parts.join(" ・ ")
}

#[component]
fn Bookings(list: Vec<Booking>) -> impl IntoView {
    let m = t();
    let d = m.disclosure;
    if list.is_empty() {
        return view! { <p>{d.none}</p> }.into_any();
    }
    view! {
        <Table caption=d.bookings heads=vec![d.booking_session, d.booking_when, d.booking_venue, d.booking_status, d.booking_attended, d.booking_loan, d.booking_reason]>
            {list.into_iter().map(|b| {
                let status = crate::registrations::RegistrationStatus::from_code(&b.status).map(|s| s.label(m)).unwrap_or_default();
                let attended = match (b.attended, b.walkin) {
                    (1, 1) => d.attended_walkin,
                    (1, _) => d.attended_yes,
                    _ => d.attended_no,
                };
                let loan = loan_text(&b);
                view! {
                    <tr>
                        <td>{b.title}</td>
                        <td>{when(b.starts_at)}</td>
                        <td>{b.venue}</td>
                        <td>{status}</td>
                        <td>{attended}</td>
                        <td>{loan}</td>
                        <td>{b.cancel_reason.unwrap_or_default()}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

#[component]
fn Notices(list: Vec<SentNotice>) -> impl IntoView {
    let m = t();
    let d = m.disclosure;
    if list.is_empty() {
        return view! { <p>{d.none}</p> }.into_any();
    }
    list.into_iter()
        .map(|n| {
            let kind = crate::notify::NoticeKind::from_code(&n.kind).map(|k| k.label(m)).unwrap_or_default();
            let channel = ContactPref::from_code(&n.channel).map(|c| c.label(m)).unwrap_or_default();
            let status = crate::notify::status_label(m, &n.status, n.outcome.as_deref());
            let text = [n.email_to, n.subject, n.body].into_iter().flatten().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("\n");
            view! {
                <section class="disclosure-notice">
                    <h3>{format!("{} {} {}", when(n.created_at), kind, n.session_title)}</h3>
                    <dl class="facts">
                        <dt>{d.notice_channel}</dt><dd>{channel}</dd>
                        <dt>{d.notice_status}</dt><dd>{status}</dd>
                        {(!text.is_empty()).then(|| view! { <dt>{d.notice_text}</dt><dd class="prewrap">{text}</dd> })}
                        {(!n.outcome_note.is_empty()).then(|| view! { <dt>{d.notice_note}</dt><dd class="prewrap">{n.outcome_note}</dd> })}
                    </dl>
                </section>
            }
        })
        .collect_view()
        .into_any()
}

#[component]
fn Answers(list: Vec<super::Answered>, wishes: Vec<(String, bool)>) -> impl IntoView {
    let m = t();
    let d = m.disclosure;
    let yes_no = |v: Option<i64>| match v {
        Some(1) => m.questionnaires.yes,
        Some(_) => m.questionnaires.no,
        None => "",
    };
    let wishes: Vec<String> = wishes
        .into_iter()
        .map(|(level, invited)| {
            let name =
                crate::sessions::Level::from_code(&level).map(|l| l.label(m)).unwrap_or_default();
            if invited {
                format!("{name}（{}）", d.wish_invited)
            } else {
                name.to_string()
            }
        })
        .collect();
    view! {
        {if list.is_empty() {
            view! { <p>{d.none}</p> }.into_any()
        } else {
            view! {
                <Table caption=d.questionnaire heads=vec![d.answer_session, d.answer_via, d.answer_satisfaction, d.answer_next, d.answer_help, d.answer_comment]>
                    {list.into_iter().map(|a| view! {
                        <tr>
                            <td>{format!("{} {}", crate::domain::format_date_ja(crate::domain::day_in_japan(a.starts_at)), a.title)}</td>
                            <td>{if a.via == "phone" { d.answer_by_phone } else { d.answer_on_paper }}</td>
                            <td>{a.satisfaction.map(|n| n.to_string()).unwrap_or_default()}</td>
                            <td>{yes_no(a.next_level)}</td>
                            <td>{yes_no(a.wants_to_help)}{(a.contact_ok == 1).then_some(d.answer_contact_ok)}</td>
                            <td class="prewrap">{a.comment}</td>
                        </tr>
                    }).collect_view()}
                </Table>
            }.into_any()
        }}
        {(!wishes.is_empty()).then(|| view! { <p>{d.wishes}" "{wishes.join("、")}</p> })}
    }
}

#[component]
fn Requests(list: Vec<Request>) -> impl IntoView {
    let m = t();
    let d = m.disclosure;
    if list.is_empty() {
        return view! { <p>{d.none}</p> }.into_any();
    }
    view! {
        <Table caption=d.requests heads=vec![d.request_on, d.request_procedure, d.request_channel, d.request_status, d.request_reason, d.request_notes]>
            {list.into_iter().map(|q| {
                let channel = crate::paper_support::Channel::from_code(&q.channel).map(|c| c.label(m)).unwrap_or_default();
                let status = crate::paper_support::Status::from_code(&q.status).map(|s| s.label(m)).unwrap_or_default();
                view! {
                    <tr>
                        <td>{q.requested_on}</td>
                        <td>{q.procedure}</td>
                        <td>{channel}</td>
                        <td>{status}</td>
                        <td class="prewrap">{q.reason_other}</td>
                        <td class="prewrap">{q.notes}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

#[component]
fn Audit(list: Vec<AuditEntry>) -> impl IntoView {
    let m = t();
    let d = m.disclosure;
    if list.is_empty() {
        return view! { <p>{d.none}</p> }.into_any();
    }
    view! {
        <Table caption=d.audit heads=vec![d.audit_at, d.audit_user, d.audit_action, d.audit_record, d.audit_detail]>
            {list.into_iter().map(|e| view! {
                <tr>
                    <td>{when(e.at)}</td>
                    <td>{e.user_login.unwrap_or_default()}</td>
                    <td>{action_label(m, &e.action)}</td>
                    <td>{format!("{} {}", record_label(m, &e.record_type), e.record_id)}</td>
                    <td>{e.detail.unwrap_or_default()}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
    .into_any()
}
