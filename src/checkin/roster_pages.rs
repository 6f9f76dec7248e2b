//! The paper roster: `/sessions/:id/roster`, an A4 list in 五十音 order with reading, needs
//! and a tick column, then blank numbered rows for walk-ins; and
//! `/sessions/:id/roster/entry`, one form that takes the ticked paper back in one pass by
//! keyboard (in the paper's order and numbering). Plain HTML: both work without
//! JavaScript, and the print needs no contact data.

use super::api::load_checkin_sheet;
use super::{CheckinEntry, CheckinSheet, ROSTER_ROWS};
use crate::auth::Guard;
use crate::domain::format_span_ja;
use crate::i18n::{fill, t, use_locale};
use crate::ui::{
    by_id, CheckboxGroup, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField,
    SubmitButton, Table,
};
use leptos::prelude::*;

/// A person's needs in words, as the roster prints them.
fn needs_text(e: &CheckinEntry) -> String {
    let m = t();
    e.needs
        .each(m)
        .iter()
        .filter(|(_, _, set)| *set)
        .map(|(_, label, _)| *label)
        .collect::<Vec<_>>()
        .join("、")
}

#[component]
pub fn RosterPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let sheet = by_id(load_checkin_sheet);
                view! { <Loaded resource=sheet let:s><Roster s/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn Roster(s: CheckinSheet) -> impl IntoView {
    let m = t();
    let c = m.checkin;
    let booked = s.entries.len();
    let blank = (1..=ROSTER_ROWS.len()).map(|n| booked + n).collect::<Vec<_>>();
    view! {
        <div class="roster">
            <PageTitle text=fill(c.roster_title, &[("title", &s.title)])/>
            <p class="checkin-when">{format!("{} ・ {}", format_span_ja(s.starts_at, s.ends_at), s.venue_name)}</p>
            <p class="print-button no-print">
                <button type="button" class="button" onclick="window.print()">{c.roster_print}</button>
            </p>
            <p>{c.roster_intro}</p>
            {if s.entries.is_empty() {
                view! { <p>{c.roster_none}</p> }.into_any()
            } else {
                view! {
                    <Table caption=c.roster_caption heads=vec![c.roster_no, c.roster_present, c.roster_kana, c.roster_name, c.roster_needs, c.roster_loan] class="roster-table">
                        {s.entries.iter().enumerate().map(|(i, e)| view! {
                            <tr>
                                <td class="number">{i + 1}</td>
                                <td class="tick">{if e.attended { "✓" } else { "□" }}</td>
                                <td>{e.kana.clone()}</td>
                                <td>{e.name.clone()}</td>
                                <td>{needs_text(e)}</td>
                                <td>{e.holding.clone().unwrap_or_default()}</td>
                            </tr>
                        }).collect_view()}
                    </Table>
                }.into_any()
            }}
            <h2>{c.roster_walkins}</h2>
            <Table caption=c.roster_walkins heads=vec![c.roster_no, c.roster_walkin_name, c.roster_age, c.roster_district] class="roster-table">
                {blank.into_iter().map(|n| view! {
                    <tr>
                        <td class="number">{n}</td>
                        <td class="write-in"></td>
                        <td class="write-in"></td>
                        <td class="write-in"></td>
                    </tr>
                }).collect_view()}
            </Table>
            <p class="no-print">
                <a href=format!("/sessions/{}/roster/entry", s.session_id)>{c.roster_entry_link}</a>
                " ・ "
                <a href=format!("/sessions/{}/checkin", s.session_id)>{c.roster_back}</a>
            </p>
        </div>
    }
}

#[component]
pub fn RosterEntryPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let sheet = by_id(load_checkin_sheet);
                view! { <Loaded resource=sheet let:s><RosterEntry s/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn RosterEntry(s: CheckinSheet) -> impl IntoView {
    let m = t();
    let c = m.checkin;
    let booked = s.entries.len();
    let options: Vec<(String, String)> = s
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let reading =
                if e.kana.is_empty() { String::new() } else { format!("（{}）", e.kana) };
            (e.registration_id.to_string(), format!("{}. {}{reading}", i + 1, e.name))
        })
        .collect();
    let ticked: Vec<String> =
        s.entries.iter().filter(|e| e.attended).map(|e| e.registration_id.to_string()).collect();
    let bands = crate::ui::age_band_options();
    let districts = crate::ui::numbered_options(&s.districts);
    let back = format!("/sessions/{}/checkin", s.session_id);
    view! {
        <PageTitle text=fill(c.entry_title, &[("title", &s.title)])/>
        <p class="checkin-when">{format!("{} ・ {}", format_span_ja(s.starts_at, s.ends_at), s.venue_name)}</p>
        <Notice/>
        <ErrorSummary/>
        {match s.closed {
            Some(code) => view! { <p class="notice" role="status">{code.text(use_locale())}</p> }.into_any(),
            None => view! {
                <p>{c.entry_intro}</p>
                <form method="post" action=format!("/forms/sessions/{}/roster", s.session_id) class="form narrow">
                    <input type="hidden" name="key" value=s.walkin_key.clone()/>
                    {s.entries.iter().map(|e| view! { <input type="hidden" name="listed" value=e.registration_id/> }).collect_view()}
                    {if options.is_empty() {
                        view! { <p>{c.roster_none}</p> }.into_any()
                    } else {
                        view! { <CheckboxGroup name="present" legend=c.entry_booked options=options initial=ticked/> }.into_any()
                    }}
                    {ROSTER_ROWS.iter().enumerate().map(|(i, [name, age, district])| view! {
                        <fieldset class="field roster-row">
                            <legend>{fill(c.entry_walkin_row, &[("n", &(booked + i + 1).to_string())])}</legend>
                            <Field name=*name label=c.roster_walkin_name autocomplete="off"/>
                            <SelectField name=*age label=m.common.walkin_age_band options=bands.clone()/>
                            <SelectField name=*district label=m.common.venue_district options=districts.clone()/>
                        </fieldset>
                    }).collect_view()}
                    <SubmitButton label=c.entry_save/>
                </form>
            }.into_any(),
        }}
        <p><a href=back>{c.roster_back}</a></p>
    }
}
