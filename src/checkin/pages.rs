//! `/sessions/:id/checkin`: a phone-sized list of who booked, one large button per person.
//! Each button is a form post (works without JavaScript); the list is an island, so with
//! JavaScript the post becomes a server-function call that is retried until it arrives, and
//! the row says plainly when it has not reached the server yet. The rest of the page (loans,
//! walk-ins) is plain HTML.

use super::api::{load_checkin_sheet, mark_attendance};
use super::{CheckinEntry, CheckinSheet};
use crate::auth::Guard;
use crate::domain::format_span_ja;
use crate::error::AppError;
use crate::i18n::{fill, t, use_locale};
use crate::ui::{by_id, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField, SubmitButton};
use leptos::prelude::*;

/// Where a check-in stands between the phone and the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Delivery {
    Saved,
    Sending,
    /// Not arrived yet: tried again every few seconds.
    Waiting,
    /// Refused by the server (signed out, no longer allowed): it will not arrive.
    Refused,
}

#[component]
pub fn CheckinPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let sheet = by_id(load_checkin_sheet);
                view! { <Loaded resource=sheet let:s><Sheet s/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn Sheet(s: CheckinSheet) -> impl IntoView {
    let people = s.entries.clone();
    view! {
        <PageTitle text=s.title.clone()/>
        <p class="checkin-when">{format!("{} ・ {}", format_span_ja(s.starts_at, s.ends_at), s.venue_name)}</p>
        <Notice/>
        {s.closed.map(|code| view! { <p class="notice" role="status">{code.text(use_locale())}</p> })}
        <p class="actions">
            <a class="button secondary" href=format!("/sessions/{}/report", s.session_id)>{t().checkin.report_open}</a>
            <a class="button secondary" href=format!("/sessions/{}/roster", s.session_id)>{t().checkin.roster_print_link}</a>
            <a class="button secondary" href=format!("/sessions/{}/roster/entry", s.session_id)>{t().checkin.roster_entry_link}</a>
        </p>
        <CheckinList entries=s.entries locked=s.closed.is_some()/>
        <crate::loaners::LoanSection session_id=s.session_id people/>
        {s.closed.is_none().then(|| view! { <WalkinForm session_id=s.session_id districts=s.districts.clone() key=s.walkin_key.clone()/> })}
        <p><a href=format!("/sessions/{}", s.session_id)>{t().checkin.back_to_session}</a></p>
    }
}

/// The counts, the banner of taps not yet saved, and one row per person: the island. Its
/// props (serialised into the page) are exactly what the rows show.
#[island]
fn CheckinList(entries: Vec<CheckinEntry>, locked: bool) -> impl IntoView {
    crate::ui::islands::mark_hydrated();
    let rows: Vec<(CheckinEntry, RwSignal<bool>, RwSignal<Delivery>)> = entries
        .into_iter()
        .map(|e| {
            let present = RwSignal::new(e.attended);
            (e, present, RwSignal::new(Delivery::Saved))
        })
        .collect();
    let booked = rows.iter().filter(|r| !r.0.walkin).count().to_string();
    let walkins = rows.iter().filter(|r| r.0.walkin).count().to_string();
    let presents: Vec<RwSignal<bool>> = rows.iter().map(|r| r.1).collect();
    let deliveries: Vec<RwSignal<Delivery>> = rows.iter().map(|r| r.2).collect();
    let counts = move || {
        let here = presents.iter().filter(|p| p.get()).count().to_string();
        fill(t().checkin.counts, &[("booked", &booked), ("present", &here), ("walkins", &walkins)])
    };
    let waiting = move || {
        deliveries
            .iter()
            .filter(|x| matches!(x.get(), Delivery::Waiting | Delivery::Refused))
            .count()
    };
    view! {
        <p class="checkin-counts" aria-live="polite">{counts}</p>
        {move || {
            let n = waiting();
            (n > 0).then(|| view! { <p class="notice warning" role="alert">{fill(t().checkin.pending_banner, &[("n", &n.to_string())])}</p> })
        }}
        {if rows.is_empty() {
            view! { <p>{t().checkin.checkin_none}</p> }.into_any()
        } else {
            view! {
                <ul class="checkin-list">
                    {rows.into_iter().map(|(e, present, delivery)| view! { <CheckinRow e present delivery locked/> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// Waits, in the browser, before trying again.
async fn pause(seconds: u64) {
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = done.send(());
        },
        std::time::Duration::from_secs(seconds),
    );
    let _ = wait.await;
}

/// Sends the wanted state until it arrives, unless a newer tap has replaced it.
fn deliver(id: i64, want: bool, present: RwSignal<bool>, delivery: RwSignal<Delivery>) {
    delivery.set(Delivery::Sending);
    leptos::task::spawn_local(async move {
        loop {
            if present.get_untracked() != want {
                return;
            }
            match mark_attendance(id, want).await {
                Ok(_) => {
                    if present.get_untracked() == want {
                        delivery.set(Delivery::Saved);
                    }
                    return;
                }
                Err(
                    AppError::Forbidden
                    | AppError::NotFound
                    | AppError::Unauthenticated
                    | AppError::Invalid(_),
                ) => {
                    delivery.set(Delivery::Refused);
                    return;
                }
                Err(_) => {
                    delivery.set(Delivery::Waiting);
                    pause(3).await;
                }
            }
        }
    });
}

#[component]
fn CheckinRow(
    e: CheckinEntry,
    present: RwSignal<bool>,
    delivery: RwSignal<Delivery>,
    locked: bool,
) -> impl IntoView {
    let m = t();
    let id = e.registration_id;
    let reading = e.kana.clone();
    let name = e.name.clone();
    let label_name =
        if reading.is_empty() { name.clone() } else { format!("{name}（{reading}）") };
    let needs: Vec<(&'static str, &'static str)> = [
        (e.needs.hearing, "👂", m.common.need_hearing),
        (e.needs.vision, "👁", m.common.need_vision),
        (e.needs.mobility, "♿", m.common.need_mobility),
        (e.needs.companion, "👥", m.common.need_companion),
    ]
    .into_iter()
    .filter(|(set, _, _)| *set)
    .map(|(_, icon, text)| (icon, text))
    .collect();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let want = !present.get_untracked();
        present.set(want);
        deliver(id, want, present, delivery);
    };
    let state = move || match (present.get(), delivery.get()) {
        (_, Delivery::Sending) => m.checkin.state_sending,
        (_, Delivery::Waiting) => m.checkin.state_waiting,
        (_, Delivery::Refused) => m.checkin.state_refused,
        (true, Delivery::Saved) => m.checkin.state_present,
        (false, Delivery::Saved) => "",
    };
    let button_label = move || {
        if present.get() {
            m.checkin.undo
        } else {
            m.checkin.mark_present
        }
    };
    let aria = {
        let label_name = label_name.clone();
        move || format!("{}：{label_name}", button_label())
    };
    view! {
        <li class="checkin-row" class:present=move || present.get() id=format!("r{id}")>
            <div class="checkin-person">
                {(!reading.is_empty()).then(|| view! { <p class="checkin-kana">{reading.clone()}</p> })}
                <p class="checkin-name"><span>{name}</span>{e.walkin.then(|| view! { <span class="badge">{m.checkin.walkin_badge}</span> })}</p>
                <p class="checkin-needs">
                    {needs.into_iter().map(|(icon, text)| view! { <span class="badge"><span aria-hidden="true">{format!("{icon} ")}</span>{text}</span> }).collect_view()}
                    <span class="badge phone-badge">{e.smartphone.label(m)}</span>
                    {e.holding.clone().map(|label| view! { <span class="badge holding">{fill(m.checkin.holding, &[("label", &label)])}</span> })}
                </p>
                <p class="checkin-state" aria-live="polite">{state}</p>
            </div>
            {(!locked).then(|| view! {
            <form method="post" action=format!("/forms/registrations/{id}/attendance") on:submit=on_submit class="checkin-form">
                <input type="hidden" name="present" value=move || if present.get() { "0" } else { "1" }/>
                <button type="submit" class=move || if present.get() { "button secondary checkin-button" } else { "button checkin-button" } aria-label=aria>
                    {button_label}
                </button>
            </form>
            })}
        </li>
    }
}

#[component]
fn WalkinForm(session_id: i64, districts: Vec<(i64, String)>, key: String) -> impl IntoView {
    let m = t();
    let bands = crate::ui::age_band_options();
    let districts = crate::ui::numbered_options(&districts);
    view! {
        <h2 id="walkin">{m.checkin.walkin_title}</h2>
        <p>{m.checkin.walkin_intro}</p>
        <ErrorSummary/>
        <form method="post" action=format!("/forms/sessions/{session_id}/walkins") class="form narrow" aria-labelledby="walkin">
            <input type="hidden" name="key" value=key/>
            <Field name="walkin_name" label=m.checkin.walkin_name required=true autocomplete="off" hint=m.checkin.walkin_name_hint/>
            <SelectField name="age_band" label=m.common.walkin_age_band options=bands/>
            <SelectField name="district_id" label=m.common.venue_district options=districts/>
            <SubmitButton label=m.checkin.walkin_add/>
        </form>
    }
}
