//! The daily call list, the letters to print (A4 and はがき), and the email outbox.

use super::api::{call_list, letters_to_print, load_outbox};
use super::{CallEntry, CallOutcome, LetterEntry, NoticeKind};
use crate::auth::Guard;
use crate::domain::{format_date_ja, format_datetime_ja, Kana};
use crate::i18n::{fill, t};
use crate::ui::form::{field_error, kept_value};
use crate::ui::{ErrorSummary, Loaded, Notice, PageTitle, SubmitButton, Table};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn at(seconds: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(seconds, 0).unwrap_or_default()
}

/// What to say on a call: the same words a letter would carry, shortened.
fn call_script(c: &CallEntry) -> String {
    let context = super::templates::NoticeContext {
        resident_name: c.name.clone(),
        title: c.title.clone(),
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        venue_name: c.venue_name.clone(),
        venue_address: String::new(),
        venue_access: String::new(),
        what_to_bring: String::new(),
        cancel_reason: c.cancel_reason.clone(),
        was: c.was.clone(),
        loan_device: c.loan_device.clone(),
        loan_due: c.loan_due.clone(),
        contact: String::new(),
    };
    super::templates::call_script(c.kind, &context)
}

/// `/calls`: who to phone today (reminders, waitlist promotions, cancellations), with a
/// form per call to record how it went. Prints as a plain list with space to write.
#[component]
pub fn CallListPage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let date = move || query.with(|q| q.get("date").unwrap_or_default());
    let calls = Resource::new(date, call_list);
    view! {
        <Guard>
            <PageTitle text=m.notify.calls_title/>
            <Notice/>
            <ErrorSummary/>
            <p class="no-print">{m.notify.calls_intro}</p>
            <Loaded resource=calls let:day_calls>
                {
                    let (day, list) = day_calls;
                    view! { <CallTable day list/> }
                }
            </Loaded>
        </Guard>
    }
}

#[component]
fn CallTable(day: String, list: Vec<CallEntry>) -> impl IntoView {
    let m = t();
    let day_label =
        chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").map(format_date_ja).unwrap_or_default();
    let open = list.iter().filter(|c| !c.done).count();
    view! {
        <form method="get" action="/calls" class="form filters no-print">
            <div class="field">
                <label for="date">{m.notify.calls_date}</label>
                <input type="date" id="date" name="date" value=day.clone()/>
            </div>
            <SubmitButton label=m.notify.calls_show secondary=true/>
        </form>
        <p class="print-button no-print"><button type="button" class="button secondary" onclick="window.print()">{m.notify.print}</button></p>
        <h2>{fill(m.notify.calls_heading, &[("date", &day_label), ("count", &open.to_string())])}</h2>
        {if list.is_empty() {
            view! { <p role="status">{m.notify.calls_none}</p> }.into_any()
        } else {
            view! {
                <Table
                    caption=m.notify.calls_title
                    class="call-list"
                    heads=call_heads()
                >
                    {list.into_iter().map(|c| view! { <CallRow c day=day.clone()/> }).collect_view()}
                </Table>
            }.into_any()
        }}
    }
}

/// A printable list of calls (those about one cancelled session): who, their numbers and
/// what to say, with space to write how it went. Outcomes are recorded on `/calls`.
#[component]
pub fn CallSheet(calls: Vec<CallEntry>, #[prop(into)] caption: String) -> impl IntoView {
    let m = t();
    view! {
        <Table caption class="call-list" heads=call_heads()>
            {calls.into_iter().map(|c| {
                let outcome = c.outcome.map(|o| o.label(m)).unwrap_or_default();
                view! {
                    <tr class:done=c.done>
                        <WhoToCall c=c.clone()/>
                        <td>{call_script(&c)}</td>
                        <td>{outcome}<span class="print-only write-in" aria-hidden="true"></span></td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

/// The columns of a call list: who, their numbers, what to say, how it went.
fn call_heads() -> Vec<&'static str> {
    let m = t();
    vec![m.common.resident_kana, m.common.resident_phone, m.notify.call_what, m.notify.call_outcome]
}

/// The first two cells of a call's row: the person (reading, linked to their page, and
/// name) and their numbers.
#[component]
fn WhoToCall(c: CallEntry) -> impl IntoView {
    let m = t();
    let kana = Kana::parse(&c.kana).map(|k| k.katakana()).unwrap_or(c.kana.clone());
    view! {
        <th scope="row">
            <a href=format!("/residents/{}", c.resident_id)>{kana}</a>
            <br/>{c.name}" "{m.notify.honorific}
        </th>
        <td class="nowrap">{c.phones.join("\n")}</td>
    }
}

#[component]
fn CallRow(c: CallEntry, day: String) -> impl IntoView {
    let m = t();
    let outcome_field = format!("outcome_{}", c.id);
    let note_field = format!("note_{}", c.id);
    let outcome_error = field_error(&outcome_field);
    let note_value = kept_value(&note_field, String::new());
    let script = call_script(&c);
    let outcome_text = c.outcome.map(|o| o.label(m)).unwrap_or_default();
    let attempts = (c.attempts > 0 && !c.done)
        .then(|| fill(m.notify.call_attempts, &[("n", &c.attempts.to_string())]));
    let options: Vec<(String, String)> = CallOutcome::ALL
        .iter()
        // Cancelling the booking is no outcome of a call about a cancelled session, a
        // phone lent home, or an invitation.
        .filter(|o| {
            (c.kind != NoticeKind::SessionCancelled && c.kind.about_booking())
                || **o != CallOutcome::ResidentCancelled
        })
        .map(|o| (o.code().to_string(), o.label(m).to_string()))
        .collect();
    let error_id = format!("{outcome_field}-error");
    view! {
        <tr class:done=c.done>
            <WhoToCall c=c.clone()/>
            <td>
                <strong>{c.kind.label(m)}</strong>
                <br/>{script}
                {attempts.map(|a| view! { <br/><span class="hint">{a}</span> })}
            </td>
            <td>
                {if c.done {
                    view! { <span>{outcome_text}</span>{(!c.outcome_note.is_empty()).then(|| view! { <br/><span>{c.outcome_note.clone()}</span> })} }.into_any()
                } else {
                    let select_id = outcome_field.clone();
                    let note_id = note_field.clone();
                    let error_id = error_id.clone();
                    view! {
                        <form method="post" action=format!("/forms/calls/{}", c.id) class="call-form no-print">
                            <input type="hidden" name="date" value=day/>
                            <label for=select_id.clone()>{m.notify.call_outcome}</label>
                            {
                                let error_id = error_id.clone();
                                move || outcome_error.get().map(|code| view! { <p class="field-error" id=error_id.clone()>{t().error_text(&code)}</p> })
                            }
                            <select id=select_id.clone() name="outcome"
                                aria-invalid=move || outcome_error.get().is_some().then_some("true")
                                aria-describedby=move || outcome_error.get().map(|_| error_id.clone())>
                                <option value="">{m.common.choose}</option>
                                {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                            </select>
                            <label for=note_id.clone()>{m.notify.call_note}</label>
                            <input type="text" id=note_id name="note" value=move || note_value.get()/>
                            <button type="submit" class="button">{m.notify.call_record}</button>
                        </form>
                        <span class="print-only write-in" aria-hidden="true"></span>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}

/// `/letters`: letters waiting to be printed and posted.
#[component]
pub fn LettersPage() -> impl IntoView {
    let m = t();
    let letters = Resource::new(|| (), |_| letters_to_print());
    view! {
        <Guard>
            <PageTitle text=m.notify.letters_title/>
            <Notice/>
            <ErrorSummary/>
            <p>{m.notify.letters_intro}</p>
            <Loaded resource=letters let:list>
                <LetterList list/>
            </Loaded>
        </Guard>
    }
}

#[component]
fn LetterList(list: Vec<LetterEntry>) -> impl IntoView {
    let m = t();
    if list.is_empty() {
        return view! { <p role="status">{m.notify.letters_none}</p> }.into_any();
    }
    let error = field_error("id");
    view! {
        <p class="actions">
            <a class="button" href="/letters/print?size=a4">{m.notify.letters_print_a4}</a>
            <a class="button secondary" href="/letters/print?size=postcard">{m.notify.letters_print_postcard}</a>
        </p>
        <form method="post" action="/forms/letters/printed" class="form">
            <fieldset class="field checkboxes" id="id">
                <legend>{m.notify.letters_mark_legend}</legend>
                {move || error.get().map(|code| view! { <p class="field-error">{t().error_text(&code)}</p> })}
                {list.into_iter().map(|l| {
                    let id = format!("letter-{}", l.id);
                    view! {
                        <label class="checkbox" for=id.clone()>
                            <input type="checkbox" id=id.clone() name="id" value=l.id checked=true/>
                            <span>{format!("{} {} — {}（{}）", l.name, m.notify.honorific, l.kind.label(m), format_datetime_ja(at(l.created_at)))}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <SubmitButton label=m.notify.letters_mark_printed/>
        </form>
    }
    .into_any()
}

/// `/letters/print?size=a4|postcard`: each letter on its own page, in large type.
#[component]
pub fn LetterPrintPage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let postcard = query.with_untracked(|q| q.get("size").as_deref() == Some("postcard"));
    let letters = Resource::new(|| (), |_| letters_to_print());
    view! {
        <Guard>
            <div class="no-print">
                <PageTitle text=m.notify.letters_title/>
                <p><button type="button" class="button" onclick="window.print()">{m.notify.print}</button>" "<a href="/letters">{m.notify.letters_back}</a></p>
            </div>
            <Loaded resource=letters let:list>
                {if list.is_empty() {
                    view! { <p role="status">{t().notify.letters_none}</p> }.into_any()
                } else {
                    list.into_iter().map(|l| view! { <Letter l postcard/> }).collect_view().into_any()
                }}
            </Loaded>
        </Guard>
    }
}

#[component]
fn Letter(l: LetterEntry, postcard: bool) -> impl IntoView {
    view! {
        <article class=if postcard { "letter postcard" } else { "letter a4" } lang="ja">
            <p class="letter-address">
                {(!l.postal_code.is_empty()).then(|| format!("〒{}", l.postal_code))}<br/>
                {l.address.clone()}<br/>
                <span class="letter-name">{format!("{} {}", l.name, t().notify.honorific)}</span>
            </p>
            <p class="letter-date">{format_date_ja(crate::domain::to_japan(at(l.created_at)).date_naive())}</p>
            <p class="letter-from">{crate::city::use_city().fill(t().notify.letter_sender, t().locale, false)}</p>
            <div class="letter-body prewrap">{l.body.clone()}</div>
        </article>
    }
}

/// `/outbox`: every email, sent or waiting; when email is not set up, plainly said.
#[component]
pub fn OutboxPage() -> impl IntoView {
    let m = t();
    let data = Resource::new(|| (), |_| load_outbox());
    view! {
        <Guard>
            <PageTitle text=m.notify.outbox_title/>
            <Loaded resource=data let:o>
                <OutboxTable configured=o.smtp_configured entries=o.entries/>
            </Loaded>
        </Guard>
    }
}

#[component]
fn OutboxTable(configured: bool, entries: Vec<super::OutboxEntry>) -> impl IntoView {
    let m = t();
    view! {
        {(!configured).then(|| view! { <p class="notice warning" role="status">{m.notify.outbox_not_configured}</p> })}
        {if entries.is_empty() {
            view! { <p>{m.notify.outbox_none}</p> }.into_any()
        } else {
            view! {
                <Table
                    caption=m.notify.outbox_title
                    heads=vec![
                        m.common.notice_made,
                        m.notify.outbox_to,
                        m.notify.outbox_subject,
                        m.common.session_status,
                    ]
                >
                    {entries.into_iter().map(|e| {
                        let status = match (e.status.as_str(), configured) {
                            ("sent", _) => fill(m.notify.outbox_sent, &[("at", &format_datetime_ja(at(e.sent_at.unwrap_or_default())))]),
                            ("withdrawn", _) => m.notify.notice_withdrawn.to_string(),
                            ("pending", false) => m.notify.outbox_waiting_unconfigured.to_string(),
                            _ if e.attempts == 0 => m.notify.outbox_queued.to_string(),
                            _ => fill(m.notify.outbox_retrying, &[
                                ("n", &e.attempts.to_string()),
                                ("at", &format_datetime_ja(at(e.next_attempt_at))),
                                ("error", e.last_error.as_deref().unwrap_or("")),
                            ]),
                        };
                        view! {
                            <tr>
                                <td>{format_datetime_ja(at(e.created_at))}</td>
                                <td><a href=format!("/residents/{}", e.resident_id)>{e.name.clone()}</a><br/>{e.email_to.clone()}</td>
                                <td>{e.subject.clone()}<br/><span class="hint">{e.kind.label(m)}</span></td>
                                <td>{status}</td>
                            </tr>
                        }
                    }).collect_view()}
                </Table>
            }.into_any()
        }}
    }
}

/// How a notice stands, in words: sent, done (with the call's outcome), waiting, withdrawn.
pub fn status_label(
    m: &'static crate::i18n::Messages,
    status: &str,
    outcome: Option<&str>,
) -> String {
    match status {
        "sent" => m.notify.notice_sent.to_string(),
        "done" => match outcome.and_then(CallOutcome::from_code) {
            Some(o) => o.label(m).to_string(),
            None => m.notify.notice_done.to_string(),
        },
        "withdrawn" => m.notify.notice_withdrawn.to_string(),
        _ => match outcome.and_then(CallOutcome::from_code) {
            Some(o) => format!("{}（{}）", m.notify.notice_pending, o.label(m)),
            None => m.notify.notice_pending.to_string(),
        },
    }
}
