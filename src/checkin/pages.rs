//! `/sessions/:id/checkin`: a phone-sized list of who booked, one large button per person,
//! and the loaner phones lent at the session. The list and the loans are the page's island
//! ([`super::island`]): with JavaScript their taps are queued on the phone and sent in
//! order, and the page keeps working offline. Without JavaScript every button and form is a
//! plain post; the walk-in form below the island is the one used then.

use super::api::load_checkin_sheet;
use super::island::CheckinList;
use super::loan_desk::LoanDraft;
use super::CheckinSheet;
use crate::auth::Guard;
use crate::domain::format_span_ja;
use crate::i18n::t;
use crate::loaners::api::load_session_loans;
use crate::ui::form::{field_error, kept_value};
use crate::ui::{by_id, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField, SubmitButton};
use leptos::prelude::*;

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
    let loans = Resource::new(move || s.session_id, load_session_loans);
    // A lend or check posted without JavaScript and refused: what was chosen and why,
    // handed to the island (which sees no context of the page around it).
    let kept = |name: &str| kept_value(name, String::new()).get_untracked();
    let errors = ["registration_id", "device_id", "due_on", "loans"]
        .into_iter()
        .filter_map(|name| field_error(name).get_untracked().map(|code| (name.to_string(), code)))
        .collect();
    let draft = LoanDraft {
        registration_id: kept("registration_id"),
        device_id: kept("device_id"),
        due_on: kept("due_on"),
        errors,
    };
    let day = crate::domain::day_in_japan(s.starts_at).format("%Y-%m-%d").to_string();
    let user_id = crate::auth::use_user().map(|u| u.id).unwrap_or_default();
    let walkin = s.closed.is_none().then(|| {
        view! { <WalkinForm session_id=s.session_id districts=s.districts.clone() key=s.walkin_key.clone()/> }
    });
    view! {
        <PageTitle text=s.title.clone()/>
        <p class="checkin-when">{format!("{} ・ {}", format_span_ja(s.starts_at, s.ends_at), s.venue_name)}</p>
        <Notice/>
        <p class="actions">
            <a class="button secondary" href=format!("/sessions/{}/report", s.session_id)>{t().checkin.report_open}</a>
            <a class="button secondary" href=format!("/sessions/{}/roster", s.session_id)>{t().checkin.roster_print_link}</a>
            <a class="button secondary" href=format!("/sessions/{}/roster/entry", s.session_id)>{t().checkin.roster_entry_link}</a>
        </p>
        <Loaded resource=loans let:l>
            <CheckinList
                session_id=s.session_id
                entries=s.entries.clone()
                districts=s.districts.clone()
                closed=s.closed
                day=day.clone()
                offline_until=s.offline_until.clone()
                made_at=s.made_at
                loans=l.loans
                available=l.available
                loan_draft=draft.clone()
                user_id=user_id
            />
        </Loaded>
        {walkin}
        <p><a href=format!("/sessions/{}", s.session_id)>{t().checkin.back_to_session}</a></p>
    }
}

#[component]
fn WalkinForm(session_id: i64, districts: Vec<(i64, String)>, key: String) -> impl IntoView {
    let m = t();
    let bands = crate::ui::age_band_options();
    let districts = crate::ui::numbered_options(&districts);
    // Hidden once the island runs: its own walk-in form queues the walk-in like a tap.
    view! {
        <section class="walkin-plain" aria-labelledby="walkin">
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
        </section>
    }
}
