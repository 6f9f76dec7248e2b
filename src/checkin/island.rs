//! The check-in list of `/sessions/:id/checkin`, the page's island: the counts, the line
//! that says how many taps are not yet sent, one row per person, and (with JavaScript) the
//! walk-in form. Without JavaScript each row's button is a plain form post.
//!
//! With JavaScript, every tap (present, undo, a walk-in) goes first into a queue kept in
//! the phone's storage ([`super::offline`]), then to the server (`checkin/sync`) in order;
//! a tap that cannot be sent stays queued through a reload or a browser restart and is
//! sent when the connection returns, and the server applies each once. The service worker
//! keeps the page itself, so it opens with no connection. What the server answers (the
//! list as it stands, conflicts, refusals) is shown here.

use super::desk::{pause, Desk};
use super::loan_desk::{LoanDesk, LoanDraft};
use super::{offline, CheckinEntry, Tap};
use crate::error::AppError;
use crate::i18n::{fill, t, ErrorCode};
use crate::loaners::LoanLine;
use crate::ui::{described_by, FieldNotes};
use leptos::prelude::*;

/// The island. Its props (serialised into the page) are exactly what it shows, with the
/// session's day and whether the page may be kept offline.
#[island]
pub fn CheckinList(
    session_id: i64,
    entries: Vec<CheckinEntry>,
    districts: Vec<(i64, String)>,
    closed: Option<ErrorCode>,
    day: String,
    offline_until: Option<String>,
    made_at: i64,
    loans: Vec<LoanLine>,
    available: Vec<(i64, String)>,
    loan_draft: LoanDraft,
    user_id: i64,
) -> impl IntoView {
    crate::ui::islands::mark_hydrated();
    let desk = Desk {
        session_id,
        list: RwSignal::new(entries),
        loans: RwSignal::new(loans),
        available: RwSignal::new(available),
        queue: RwSignal::new(Vec::new()),
        closed: RwSignal::new(closed),
        online: RwSignal::new(true),
        sending: RwSignal::new(false),
        stuck: RwSignal::new(None),
        notes: RwSignal::new(Vec::new()),
        user_id,
    };
    let running = RwSignal::new(false);
    let kept = RwSignal::new(false);
    let keep_offline = offline_until.is_some();
    let kept_until = offline_until.clone().unwrap_or_default();
    // In the browser, once: the queue kept on the phone, the page kept for offline use,
    // and a first sending when there is something to send or the page is an older copy.
    Effect::new(move |_| {
        if desk.closed.get_untracked() == Some(ErrorCode::AttendanceNotYet)
            && offline::today() >= day
        {
            // A copy kept from the day before, opened on the day.
            desk.closed.set(None);
        }
        desk.queue.set(offline::queued(session_id, user_id));
        running.set(true);
        if keep_offline {
            offline::keep_page();
            leptos::task::spawn_local(async move {
                for _ in 0..60 {
                    if offline::page_kept().await {
                        kept.set(true);
                        return;
                    }
                    pause(1).await;
                }
            });
        }
        if !desk.queue.with_untracked(Vec::is_empty) || offline::now() - made_at > 60 {
            desk.send();
        }
        // The connection is back: send what waits (the retry would, a little later).
        let _ = window_event_listener(leptos::ev::online, move |_| desk.send());
        // Signing out removes the taps not yet sent: asked first (the menu's sign-out form
        // is outside the island; its submit reaches the window).
        let _ = window_event_listener(leptos::ev::submit, move |ev| {
            let n = desk.queue.with_untracked(Vec::len);
            if n > 0 && offline::is_sign_out(&ev) {
                let question = fill(t().checkin.sign_out_unsent, &[("n", &n.to_string())]);
                if !offline::confirm(&question) {
                    ev.prevent_default();
                }
            }
        });
    });

    let present_count = move || {
        let listed =
            desk.list.with(|l| l.iter().filter(|e| desk.shows_present(e.registration_id)).count());
        listed + queued_walkins(desk).len()
    };
    let counts = move || {
        let (booked, walkins) = desk.list.with(|l| {
            let walkins = l.iter().filter(|e| e.walkin).count();
            (l.len() - walkins, walkins)
        });
        let walkins = walkins + queued_walkins(desk).len();
        fill(
            t().checkin.counts,
            &[
                ("booked", &booked.to_string()),
                ("present", &present_count().to_string()),
                ("walkins", &walkins.to_string()),
            ],
        )
    };
    // Said only once the queue kept on the phone has been read: the page as the server
    // sends it cannot know what waits on the phone, and "everything sent" would be untrue
    // until the island runs (without JavaScript nothing is queued, so nothing is said).
    let sync_line = move || {
        if !running.get() {
            return String::new();
        }
        let m = t();
        let n = desk.queue.with(Vec::len).to_string();
        match (desk.stuck.get(), desk.queue.with(Vec::is_empty), desk.online.get()) {
            (Some(AppError::Unauthenticated), _, _) => {
                fill(m.checkin.sync_signed_out, &[("n", &n)])
            }
            (Some(refused), _, _) => {
                fill(m.checkin.sync_refused, &[("reason", &refused.message(m))])
            }
            (None, true, _) => m.checkin.sync_done.to_string(),
            (None, false, true) => fill(m.checkin.sync_sending, &[("n", &n)]),
            (None, false, false) => fill(m.checkin.sync_waiting, &[("n", &n)]),
        }
    };
    let waiting = move || {
        !desk.queue.with(Vec::is_empty) && (!desk.online.get() || desk.stuck.get().is_some())
    };
    view! {
        <div class="checkin-desk" data-offline-until=offline_until.clone()>
            {move || desk.closed.get().map(|code| view! { <p class="notice" role="status">{t().error_text(code.code())}</p> })}
            <p class="checkin-counts" aria-live="polite">{counts}</p>
            <p class="checkin-sync" class:warning=waiting role="status">{sync_line}</p>
            {move || (desk.stuck.get() == Some(AppError::Unauthenticated)).then(|| {
                let next = format!("/login?next=%2Fsessions%2F{session_id}%2Fcheckin");
                view! { <p><a class="button" href=next>{t().checkin.sign_in_again}</a></p> }
            })}
            {move || kept.get().then(|| view! { <p class="checkin-kept">{fill(t().checkin.offline_kept, &[("day", &kept_until)])}</p> })}
            <div class="checkin-notes" role="status">
                {move || {
                    let notes = desk.notes.get();
                    (!notes.is_empty()).then(|| view! { <ul>{notes.into_iter().map(|note| view! { <li>{note}</li> }).collect_view()}</ul> })
                }}
            </div>
            {move || (desk.list.with(Vec::is_empty) && queued_walkins(desk).is_empty()).then(|| view! { <p>{t().checkin.checkin_none}</p> })}
            <ul class="checkin-list">
                <For each=move || desk.list.with(|l| l.iter().map(|e| e.registration_id).collect::<Vec<_>>()) key=|id| *id let:id>
                    <CheckinRow desk id/>
                </For>
                <For each=move || queued_walkins(desk) key=|(key, _)| key.clone() let:walkin>
                    <QueuedWalkin name=walkin.1/>
                </For>
            </ul>
            <LoanDesk desk draft=loan_draft/>
            {move || (running.get() && desk.closed.get().is_none()).then(|| view! { <WalkinForm desk districts=districts.clone()/> })}
        </div>
    }
}

/// The walk-ins queued and not yet answered: (key, name).
fn queued_walkins(desk: Desk) -> Vec<(String, String)> {
    desk.queue.with(|q| {
        q.iter()
            .filter_map(|tap| match tap {
                Tap::Walkin { key, name, .. } => Some((key.clone(), name.clone())),
                _ => None,
            })
            .collect()
    })
}

#[component]
fn CheckinRow(desk: Desk, id: i64) -> impl IntoView {
    let m = t();
    let entry = desk.list.with_untracked(|l| l.iter().find(|e| e.registration_id == id).cloned());
    let Some(e) = entry else { return ().into_any() };
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
    let present = Memo::new(move |_| desk.shows_present(id));
    let holding = Memo::new(move |_| {
        desk.list
            .with(|l| l.iter().find(|e| e.registration_id == id).and_then(|e| e.holding.clone()))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let seen = desk.list.with_untracked(|l| {
            l.iter().find(|e| e.registration_id == id).map(|e| e.changed_at).unwrap_or_default()
        });
        desk.push(Tap::Mark {
            key: offline::new_key(),
            registration_id: id,
            present: !present.get_untracked(),
            made_at: offline::now(),
            seen,
        });
    };
    let state = move || match (desk.is_queued(id), desk.online.get(), present.get()) {
        (true, true, _) => m.checkin.state_sending,
        (true, false, _) => m.checkin.state_waiting,
        (false, _, true) => m.checkin.state_present,
        (false, _, false) => "",
    };
    let button_label = move || if present.get() { m.checkin.undo } else { m.checkin.mark_present };
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
                    {move || holding.get().map(|label| view! { <span class="badge holding">{fill(m.checkin.holding, &[("label", &label)])}</span> })}
                </p>
                <p class="checkin-state" aria-live="polite">{state}</p>
            </div>
            {move || desk.closed.get().is_none().then(|| view! {
            <form method="post" action=format!("/forms/registrations/{id}/attendance") on:submit=on_submit class="checkin-form">
                <input type="hidden" name="present" value=move || if present.get() { "0" } else { "1" }/>
                <button type="submit" class=move || if present.get() { "button secondary checkin-button" } else { "button checkin-button" } aria-label=aria.clone()>
                    {button_label}
                </button>
            </form>
            })}
        </li>
    }
    .into_any()
}

/// A walk-in queued on the phone and not yet answered by the server.
#[component]
fn QueuedWalkin(name: String) -> impl IntoView {
    let m = t();
    view! {
        <li class="checkin-row present">
            <div class="checkin-person">
                <p class="checkin-name"><span>{name}</span><span class="badge">{m.checkin.walkin_badge}</span></p>
                <p class="checkin-state" aria-live="polite">{m.checkin.state_waiting}</p>
            </div>
        </li>
    }
}

/// The walk-in form when JavaScript runs: the walk-in is queued like a tap, so it works
/// offline. (Without JavaScript the page's own form posts instead; it is hidden when this
/// one shows.)
#[component]
fn WalkinForm(desk: Desk, districts: Vec<(i64, String)>) -> impl IntoView {
    let m = t();
    let name = RwSignal::new(String::new());
    let age = RwSignal::new(String::new());
    let district = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<ErrorCode>);
    let error = Memo::new(move |_| problem.get().map(|code| code.code().to_string()));
    let added = RwSignal::new(false);
    let bands = crate::ui::age_band_options();
    let districts = crate::ui::numbered_options(&districts);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_string();
        let refused = if typed.is_empty() {
            Some(ErrorCode::Required)
        } else if typed.chars().count() > 100 {
            Some(ErrorCode::TooLong)
        } else if crate::ui::form::has_control_characters(&typed) {
            Some(ErrorCode::Invalid)
        } else {
            None
        };
        problem.set(refused);
        added.set(refused.is_none());
        if refused.is_some() {
            return;
        }
        desk.push(Tap::Walkin {
            key: offline::new_key(),
            name: typed,
            age_band: age.get_untracked(),
            district: district.get_untracked(),
        });
        name.set(String::new());
        age.set(String::new());
        district.set(String::new());
    };
    let select = move |id: &'static str,
                       label: &'static str,
                       value: RwSignal<String>,
                       options: Vec<(String, String)>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id name=id prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                    {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <h2 id="walkin-queued">{m.checkin.walkin_title}</h2>
        <p>{m.checkin.walkin_intro}</p>
        <p class="notice" role="status">{move || added.get().then_some(m.checkin.walkin_queued)}</p>
        <form class="form narrow" aria-labelledby="walkin-queued" on:submit=on_submit novalidate>
            <div class="field" class:has-error=move || error.get().is_some()>
                <FieldNotes name="walkin_queued_name" label=m.checkin.walkin_name required=true hint=Some(m.checkin.walkin_name_hint) error/>
                <input
                    id="walkin_queued_name"
                    name="walkin_queued_name"
                    type="text"
                    autocomplete="off"
                    aria-required="true"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described_by("walkin_queued_name", true, error)
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </div>
            {select("walkin_queued_age", m.common.walkin_age_band, age, bands)}
            {select("walkin_queued_district", m.common.venue_district, district, districts)}
            <button type="submit" class="button">{m.checkin.walkin_add}</button>
        </form>
    }
}
