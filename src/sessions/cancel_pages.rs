//! Cancelling many sessions in one step (a typhoon day, the rest of a series): the page that
//! selects them and asks to confirm, and the result with the calls to make by session.

use super::api::{cancelled_sessions, load_cancel_preview};
use super::{CancelPreview, CancelSelection, CancelTarget, CancelledSession};
use crate::auth::Guard;
use crate::domain::format_span_ja as when_range;
use crate::i18n::{fill, t};
use crate::notify::ByChannel;
use crate::ui::form::field_error;
use crate::ui::{
    CheckboxGroup, ErrorSummary, Loaded, Notice, PageTitle, SubmitButton, Table, TextArea,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The selection the page's address names.
fn selection_from_query() -> impl Fn() -> CancelSelection + Clone + Send + Sync + 'static {
    let query = use_query_map();
    move || {
        query.with(|q| {
            let numbers = |key: &str| -> Vec<i64> {
                q.get_all(key).unwrap_or_default().iter().filter_map(|v| v.parse().ok()).collect()
            };
            CancelSelection {
                date: q.get("date").unwrap_or_default(),
                districts: numbers("district"),
                partners: numbers("partner"),
                series_from: q.get("series_from").and_then(|v| v.parse().ok()),
            }
        })
    }
}

fn by_channel_text(c: ByChannel) -> String {
    fill(
        t().sessions.cancel_many_by_channel,
        &[
            ("email", &c.email.to_string()),
            ("phone", &c.phone.to_string()),
            ("letter", &c.letter.to_string()),
        ],
    )
}

/// `/sessions/cancel`: choose a day (and districts, partners) or come from a series, see the
/// sessions and how many people will be told by which channel, then cancel them with one
/// reason once the box is ticked.
#[component]
pub fn CancelManyPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let selection = selection_from_query();
                let current = selection();
                let preview = Resource::new(selection, load_cancel_preview);
                view! {
                    <PageTitle text=m.sessions.cancel_many_title/>
                    <ErrorSummary/>
                    <Loaded resource=preview let:p>
                        <CancelManyView preview=p selection=current.clone()/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn CancelManyView(preview: CancelPreview, selection: CancelSelection) -> impl IntoView {
    let m = t();
    let chosen = selection.date.trim().is_empty() && selection.series_from.is_none();
    view! {
        {if selection.series_from.is_some() {
            view! { <p>{m.sessions.cancel_many_series_intro}</p> }.into_any()
        } else {
            view! {
                <p>{m.sessions.cancel_many_intro}</p>
                <SelectionForm preview=preview.clone() selection=selection.clone()/>
            }
            .into_any()
        }}
        {(!chosen && preview.date_error.is_none()).then(|| view! {
            <Confirmation targets=preview.targets selection/>
        })}
    }
}

#[component]
fn SelectionForm(preview: CancelPreview, selection: CancelSelection) -> impl IntoView {
    let m = t();
    let options = |list: &[(i64, String)]| -> Vec<(String, String)> {
        list.iter().map(|(id, name)| (id.to_string(), name.clone())).collect()
    };
    let strings = |ids: &[i64]| -> Vec<String> { ids.iter().map(i64::to_string).collect() };
    let date_error = preview.date_error.clone();
    view! {
        <form method="get" action="/sessions/cancel" class="form">
            <div class="field" class:has-error=date_error.is_some()>
                <label for="date">{m.sessions.cancel_many_date}<span class="required" aria-hidden="true">" *"</span></label>
                {date_error.clone().map(|code| view! { <p class="field-error" id="date-error">{t().error_text(&code)}</p> })}
                <input type="date" id="date" name="date" required value=selection.date.clone()
                    aria-invalid=date_error.is_some().then_some("true")
                    aria-describedby=date_error.is_some().then_some("date-error")/>
            </div>
            {(!preview.districts.is_empty()).then(|| view! {
                <CheckboxGroup name="district" legend=m.sessions.cancel_many_districts
                    options=options(&preview.districts) initial=strings(&selection.districts)/>
            })}
            {(preview.partners.len() > 1).then(|| view! {
                <CheckboxGroup name="partner" legend=m.sessions.cancel_many_partners
                    options=options(&preview.partners) initial=strings(&selection.partners)/>
            })}
            <SubmitButton label=m.sessions.cancel_many_show secondary=true/>
        </form>
    }
}

/// The sessions the selection reaches, and the form that cancels them.
#[component]
fn Confirmation(targets: Vec<CancelTarget>, selection: CancelSelection) -> impl IntoView {
    let m = t();
    let heading = fill(m.sessions.cancel_many_heading, &[("n", &targets.len().to_string())]);
    if targets.is_empty() {
        return view! {
            <h2 id="session">{heading}</h2>
            <p role="status">{m.sessions.cancel_many_none}</p>
        }
        .into_any();
    }
    let total = targets.iter().fold(ByChannel::default(), |sum, t| ByChannel {
        email: sum.email + t.told.email,
        phone: sum.phone + t.told.phone,
        letter: sum.letter + t.told.letter,
    });
    let total_text = fill(
        m.sessions.cancel_many_total,
        &[
            ("sessions", &targets.len().to_string()),
            ("people", &(total.email + total.phone + total.letter).to_string()),
            ("email", &total.email.to_string()),
            ("phone", &total.phone.to_string()),
            ("letter", &total.letter.to_string()),
        ],
    );
    let confirm_error = field_error("confirm");
    let hidden = |name: &'static str, values: Vec<String>| {
        values
            .into_iter()
            .map(|v| view! { <input type="hidden" name=name value=v/> })
            .collect_view()
    };
    let ids: Vec<String> = targets.iter().map(|t| t.session.id.to_string()).collect();
    let numbers = |list: &[i64]| list.iter().map(i64::to_string).collect::<Vec<_>>();
    view! {
        <h2 id="session">{heading}</h2>
        <TargetTable targets=targets.clone()/>
        <p><strong>{total_text}</strong></p>
        <form method="post" action="/forms/sessions/cancel" class="form narrow">
            {hidden("session", ids)}
            {hidden("date", vec![selection.date.clone()])}
            {hidden("district", numbers(&selection.districts))}
            {hidden("partner", numbers(&selection.partners))}
            {hidden("series_from", selection.series_from.map(|id| id.to_string()).into_iter().collect())}
            <TextArea name="reason" label=m.sessions.session_cancel_reason hint=m.sessions.session_cancel_hint/>
            {move || confirm_error.get().map(|code| view! { <p class="field-error" id="confirm-error">{t().error_text(&code)}</p> })}
            <label class="checkbox" for="confirm">
                <input type="checkbox" id="confirm" name="confirm" value="1"
                    aria-describedby=move || confirm_error.get().map(|_| "confirm-error")/>
                <span>{m.sessions.cancel_many_confirm}</span>
            </label>
            <SubmitButton label=m.sessions.cancel_many_submit/>
        </form>
    }
    .into_any()
}

#[component]
fn TargetTable(targets: Vec<CancelTarget>) -> impl IntoView {
    let m = t();
    view! {
        <Table caption=m.sessions.cancel_many_title heads=vec![
            m.common.session_when,
            m.common.session_title,
            m.common.session_venue,
            m.common.session_host,
            m.sessions.cancel_many_told,
        ]>
            {targets.into_iter().map(|target| {
                let s = target.session;
                view! {
                    <tr>
                        <td>{when_range(s.starts_at, s.ends_at)}</td>
                        <th scope="row"><a href=format!("/sessions/{}", s.id)>{s.title}</a></th>
                        <td>{s.venue_name}{s.district.map(|d| format!("（{d}）"))}</td>
                        <td>{s.host_name}</td>
                        <td>{by_channel_text(target.told)}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

/// `/sessions/cancelled?ids=…`: the sessions just cancelled with the people told and, for
/// staff and admins, the calls to make grouped by session. Prints as a call sheet.
#[component]
pub fn CancelledPage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let ids = move || query.with(|q| q.get("ids").unwrap_or_default());
    view! {
        <Guard>
            {move || {
                let result = Resource::new(ids, cancelled_sessions);
                view! {
                    <PageTitle text=m.sessions.cancelled_title/>
                    <Notice/>
                    <p>{m.sessions.cancelled_intro}</p>
                    <p class="no-print"><button type="button" class="button secondary" onclick="window.print()">{m.notify.print}</button></p>
                    <Loaded resource=result let:list>
                        {list.into_iter().map(|s| view! { <CancelledSection s/> }).collect_view()}
                    </Loaded>
                    <p class="no-print"><a href="/calls">{m.sessions.cancelled_to_call_list}</a></p>
                }
            }}
        </Guard>
    }
}

#[component]
fn CancelledSection(s: CancelledSession) -> impl IntoView {
    let m = t();
    let session = s.target.session;
    let staff =
        crate::auth::use_user().is_some_and(|u| crate::auth::Area::Residents.allows(u.role));
    let calls = if !staff {
        view! { <p>{m.sessions.cancelled_calls_elsewhere}</p> }.into_any()
    } else if s.calls.is_empty() {
        view! { <p>{m.sessions.cancelled_no_calls}</p> }.into_any()
    } else {
        view! { <crate::notify::CallSheet calls=s.calls caption=session.title.clone()/> }.into_any()
    };
    view! {
        <section class="cancelled-session">
            <h2>{when_range(session.starts_at, session.ends_at)}" "{session.title.clone()}</h2>
            <p>{session.venue_name.clone()}" ・ "{m.sessions.cancel_many_told}"："{by_channel_text(s.target.told)}</p>
            {calls}
        </section>
    }
}
