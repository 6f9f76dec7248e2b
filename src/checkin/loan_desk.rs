//! The loaner phones part of the check-in island: lend a phone to someone booked (home
//! until a due date, if given), and the checklist of the session's loans (returned,
//! reset). With JavaScript each is a tap queued like a check-in, so it works offline; without,
//! each form posts to the loaners' form routes, and a refused post comes back with the
//! error and what was chosen (given to the island as props: it sees no page context).

use super::desk::Desk;
use super::{offline, Tap};
use crate::i18n::{fill, t, ErrorCode};
use crate::loaners::LoanLine;
use crate::ui::{described_by, FieldNotes};
use leptos::prelude::*;

/// A refused lend or check posted without JavaScript: the choices made and the errors by
/// field (`registration_id`, `device_id`, `due_on`, `loans`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LoanDraft {
    pub registration_id: String,
    pub device_id: String,
    pub due_on: String,
    pub errors: Vec<(String, String)>,
}

impl LoanDraft {
    fn error(&self, field: &str) -> Option<String> {
        self.errors.iter().find(|(f, _)| f == field).map(|(_, code)| code.clone())
    }
}

/// Whether a loan shows as returned or reset: its queued tick, else the server's list.
fn ticked(desk: Desk, loan: &LoanLine, check: &str) -> bool {
    let queued = desk.queue.with(|q| {
        q.iter().any(|tap| {
            matches!(tap, Tap::LoanCheck { loan_id, check: c, .. } if *loan_id == loan.id && c == check)
        })
    });
    queued || if check == "returned" { loan.returned } else { loan.wiped }
}

#[component]
pub fn LoanDesk(desk: Desk, draft: LoanDraft) -> impl IntoView {
    let m = t();
    let d = m.loaners;
    let shown = move || {
        desk.loans.with(|l| !l.is_empty())
            || desk.available.with(|a| !a.is_empty())
            || desk.queue.with(|q| q.iter().any(|tap| matches!(tap, Tap::Lend { .. })))
    };
    let summary = draft.error("loans");
    view! {
        <Show when=shown>
            <h2 id="loans">{d.loans_title}</h2>
            {summary.clone().map(|code| view! { <p class="error-summary" role="alert">{t().error_text(&code)}</p> })}
            <LendForm desk draft=draft.clone()/>
            <ul class="loan-list">
                <For each=move || desk.loans.get() key=|l| (l.id, l.returned, l.wiped) let:loan>
                    <LoanRow desk loan/>
                </For>
                <For each=move || queued_lends(desk) key=|(key, _)| key.clone() let:lend>
                    <li class="loan-row"><p class="loan-who">{lend.1}</p><p class="checkin-state">{t().checkin.state_waiting}</p></li>
                </For>
            </ul>
        </Show>
    }
}

/// The lends queued and not yet answered: (key, "device → holder").
fn queued_lends(desk: Desk) -> Vec<(String, String)> {
    let label = |device: i64| {
        desk.available.with(|a| a.iter().find(|(id, _)| *id == device).map(|(_, l)| l.clone()))
    };
    let name = |id: i64| {
        desk.list.with(|l| l.iter().find(|e| e.registration_id == id).map(|e| e.name.clone()))
    };
    desk.queue.with(|q| {
        q.iter()
            .filter_map(|tap| match tap {
                Tap::Lend { key, registration_id, device_id, .. } => Some((
                    key.clone(),
                    format!(
                        "{} → {}",
                        label(*device_id).unwrap_or_default(),
                        name(*registration_id).unwrap_or_default()
                    ),
                )),
                _ => None,
            })
            .collect()
    })
}

/// One loan with its checklist buttons (plain posts; queued taps with JavaScript).
#[component]
fn LoanRow(desk: Desk, loan: LoanLine) -> impl IntoView {
    let d = t().loaners;
    let who = format!("{}（{}）→ {}", loan.device_label, loan.os.label(), loan.holder);
    let home = loan.due_on.clone().filter(|_| !loan.returned);
    let id = loan.id;
    let check = move |check: &'static str| {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            desk.push(Tap::LoanCheck {
                key: offline::new_key(),
                loan_id: id,
                check: check.to_string(),
            });
        }
    };
    let (returned, wiped) = {
        let (a, b) = (loan.clone(), loan.clone());
        (
            Memo::new(move |_| ticked(desk, &a, "returned")),
            Memo::new(move |_| ticked(desk, &b, "wiped")),
        )
    };
    let at_home = loan.due_on.is_some() && !loan.returned;
    let pending = move |name: &'static str| {
        desk.queue.with(|q| {
            q.iter().any(|tap| {
                matches!(tap, Tap::LoanCheck { loan_id, check, .. } if *loan_id == id && check == name)
            })
        })
    };
    let label_returned = format!("{}：{who}", d.loan_mark_returned);
    let label_wiped = format!("{}：{who}", d.loan_mark_wiped);
    view! {
        <li class="loan-row">
            <p class="loan-who">{who.clone()}</p>
            <div class="loan-checks">
                {home.map(|due| view! { <span class="badge">{fill(d.loan_home_badge, &[("date", &due)])}</span> })}
                {move || {
                    if at_home {
                        ().into_any()
                    } else if returned.get() {
                        let mark = if pending("returned") { t().checkin.state_waiting } else { "" };
                        view! { <span class="badge">{format!("✓ {} {mark}", d.loan_returned)}</span> }.into_any()
                    } else {
                        view! { <form method="post" action=format!("/forms/loans/{id}/returned") class="inline-form" on:submit=check("returned")><button type="submit" class="button" aria-label=label_returned.clone()>{d.loan_mark_returned}</button></form> }.into_any()
                    }
                }}
                {move || {
                    if wiped.get() {
                        let mark = if pending("wiped") { t().checkin.state_waiting } else { "" };
                        view! { <span class="badge">{format!("✓ {} {mark}", d.loan_wiped)}</span> }.into_any()
                    } else if returned.get() {
                        view! { <form method="post" action=format!("/forms/loans/{id}/wiped") class="inline-form" on:submit=check("wiped")><button type="submit" class="button secondary" aria-label=label_wiped.clone()>{d.loan_mark_wiped}</button></form> }.into_any()
                    } else {
                        ().into_any()
                    }
                }}
            </div>
        </li>
    }
}

/// The lend form: whom, which phone (those free, less those lent by a queued tap), and a
/// due date for a phone lent home.
#[component]
fn LendForm(desk: Desk, draft: LoanDraft) -> impl IntoView {
    let m = t();
    let d = m.loaners;
    let holder = RwSignal::new(draft.registration_id.clone());
    let device = RwSignal::new(draft.device_id.clone());
    let due = RwSignal::new(draft.due_on.clone());
    let errors = RwSignal::new(draft.errors.clone());
    let error = move |field: &'static str| {
        Memo::new(move |_| {
            errors.with(|e| e.iter().find(|(f, _)| f == field).map(|(_, c)| c.clone()))
        })
    };
    let (holder_error, device_error, due_error) =
        (error("registration_id"), error("device_id"), error("due_on"));
    let holders = move || {
        let choose = (String::new(), t().common.choose.to_string());
        std::iter::once(choose)
            .chain(desk.list.with(|l| {
                l.iter()
                    .map(|p| (p.registration_id.to_string(), p.name.clone()))
                    .collect::<Vec<_>>()
            }))
            .collect::<Vec<_>>()
    };
    let devices = move || {
        let lent: Vec<i64> = desk.queue.with(|q| {
            q.iter()
                .filter_map(|tap| match tap {
                    Tap::Lend { device_id, .. } => Some(*device_id),
                    _ => None,
                })
                .collect()
        });
        let choose = (String::new(), t().common.choose.to_string());
        std::iter::once(choose)
            .chain(desk.available.with(|a| {
                a.iter()
                    .filter(|(id, _)| !lent.contains(id))
                    .map(|(id, l)| (id.to_string(), l.clone()))
                    .collect::<Vec<_>>()
            }))
            .collect::<Vec<_>>()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (person, phone) =
            (holder.get_untracked().parse::<i64>(), device.get_untracked().parse::<i64>());
        let day = due.get_untracked();
        let today = crate::domain::today_in_japan();
        let mut found = Vec::new();
        if person.is_err() {
            found.push((
                "registration_id".to_string(),
                ErrorCode::ChoiceRequired.code().to_string(),
            ));
        }
        if phone.is_err() {
            found.push(("device_id".to_string(), ErrorCode::ChoiceRequired.code().to_string()));
        }
        let due_ok = day.is_empty()
            || chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d")
                .is_ok_and(|d| crate::loaners::home_due_ok(d, today));
        if !due_ok {
            found.push(("due_on".to_string(), ErrorCode::LoanDueInvalid.code().to_string()));
        }
        let ready = found.is_empty();
        errors.set(found);
        if let (true, Ok(registration_id), Ok(device_id)) = (ready, person, phone) {
            desk.push(Tap::Lend {
                key: offline::new_key(),
                registration_id,
                device_id,
                due_on: day,
            });
            holder.set(String::new());
            device.set(String::new());
            due.set(String::new());
        }
    };
    let options = move |list: Vec<(String, String)>, chosen: RwSignal<String>| {
        list.into_iter()
            .map(|(v, l)| {
                let selected = v == chosen.get_untracked();
                view! { <option value=v selected=selected>{l}</option> }
            })
            .collect_view()
    };
    view! {
        <Show when=move || desk.available.with(|a| !a.is_empty())>
            <form method="post" action=format!("/forms/sessions/{}/loans", desk.session_id) class="form narrow" aria-labelledby="loans" on:submit=on_submit novalidate>
                <div class="field" class:has-error=move || holder_error.get().is_some()>
                    <FieldNotes name="registration_id" label=d.loan_to required=false hint=None error=holder_error/>
                    <select id="registration_id" name="registration_id" aria-invalid=move || holder_error.get().is_some().then_some("true") aria-describedby=described_by("registration_id", false, holder_error) prop:value=move || holder.get() on:change=move |ev| holder.set(event_target_value(&ev))>
                        {move || options(holders(), holder)}
                    </select>
                </div>
                <div class="field" class:has-error=move || device_error.get().is_some()>
                    <FieldNotes name="device_id" label=d.loan_device required=false hint=None error=device_error/>
                    <select id="device_id" name="device_id" aria-invalid=move || device_error.get().is_some().then_some("true") aria-describedby=described_by("device_id", false, device_error) prop:value=move || device.get() on:change=move |ev| device.set(event_target_value(&ev))>
                        {move || options(devices(), device)}
                    </select>
                </div>
                <div class="field" class:has-error=move || due_error.get().is_some()>
                    <FieldNotes name="due_on" label=d.loan_due_on required=false hint=Some(d.loan_due_on_hint) error=due_error/>
                    <input id="due_on" name="due_on" type="date" aria-invalid=move || due_error.get().is_some().then_some("true") aria-describedby=described_by("due_on", true, due_error) value=draft.due_on.clone() prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="button">{d.loan_lend}</button>
            </form>
        </Show>
    }
}
