//! `/sessions/:id/report`: the report after a session, on one form.

use super::api::load_report;
use super::SessionReport;
use crate::auth::Guard;
use crate::domain::{format_datetime_ja, format_span_ja};
use crate::i18n::{fill, t};
use crate::ui::form::{field_error, kept_value};
use crate::ui::{by_id, ErrorSummary, Loaded, Notice, PageTitle, TextArea};
use leptos::prelude::*;

#[component]
pub fn ReportPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let report = by_id(load_report);
                view! { <Loaded resource=report let:r><ReportForm r/></Loaded> }
            }}
        </Guard>
    }
}

/// A number input with its label and the error beside it.
#[component]
fn CountField(name: String, label: String, initial: i64, disabled: bool) -> impl IntoView {
    let value = kept_value(&name, initial.to_string());
    let error = field_error(&name);
    let error_id = format!("{name}-error");
    view! {
        <div class="field count-field" class:has-error=move || error.get().is_some()>
            <label for=name.clone()>{label}</label>
            {
                let error_id = error_id.clone();
                move || error.get().map(|code| view! { <p class="field-error" id=error_id.clone()>{t().error_text(&code)}</p> })
            }
            <input type="number" min="0" inputmode="numeric" id=name.clone() name=name.clone()
                value=move || value.get() disabled=disabled
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().map(|_| error_id.clone())/>
        </div>
    }
}

#[component]
fn ReportForm(r: SessionReport) -> impl IntoView {
    let m = t();
    let d = m.session_reports;
    let locked = r.finalised.is_some();
    // Tallies computed from questionnaires entered one by one are shown, not typed.
    let counted = locked || r.from_sheets > 0;
    let id = r.session_id;
    let topic_error = field_error("topic");
    let report_error = field_error("report");
    let figures = fill(
        d.report_figures,
        &[
            ("booked", &r.booked.to_string()),
            ("present", &r.present.to_string()),
            ("no_shows", &r.no_shows.to_string()),
            ("walkins", &r.walkins.to_string()),
            ("lent", &r.devices_lent.to_string()),
        ],
    );
    view! {
        <PageTitle text=fill(d.report_title, &[("title", &r.title)])/>
        <p class="checkin-when">{format_span_ja(r.starts_at, r.ends_at)}</p>
        <Notice/>
        <ErrorSummary/>
        {move || report_error.get().map(|code| view! { <p class="error-summary" role="alert">{t().error_text(&code)}</p> })}
        {r.finalised.clone().map(|(at, by)| view! {
            <p class="notice" role="status">{fill(d.report_finalised_at, &[("at", &format_datetime_ja(chrono::DateTime::from_timestamp(at, 0).unwrap_or_default())), ("by", &by)])}</p>
        })}
        {r.may_reopen.then(|| view! {
            <form method="post" action=format!("/forms/sessions/{id}/report/reopen") class="inline-form">
                <button type="submit" class="button secondary">{d.report_reopen}</button>
            </form>
        })}
        <p class="checkin-counts">{figures}</p>
        {(r.from_sheets > 0).then(|| view! { <p class="notice" role="status">{fill(d.report_from_sheets, &[("n", &r.from_sheets.to_string())])}</p> })}
        <p>
            <a href=format!("/sessions/{id}/questionnaires/entry")>{d.report_sheets_link}</a>
            " ・ "
            <a href=format!("/sessions/{id}/questionnaires")>{d.report_print_sheets}</a>
        </p>
        <form method="post" action=format!("/forms/sessions/{id}/report") class="form narrow">
            <fieldset class="field checkboxes" id="topic" aria-describedby=move || topic_error.get().map(|_| "topic-error")>
                <legend>{d.report_topics}</legend>
                <p class="hint">{d.report_topics_hint}</p>
                {move || topic_error.get().map(|code| view! { <p class="field-error" id="topic-error">{t().error_text(&code)}</p> })}
                {r.topics.iter().map(|topic| {
                    let check_id = format!("topic-{}", topic.id);
                    view! {
                        <div class="topic-report">
                            <label class="checkbox" for=check_id.clone()>
                                <input type="checkbox" id=check_id.clone() name="topic" value=topic.id checked=topic.covered disabled=locked/>
                                <span>{topic.name.clone()}</span>
                            </label>
                            <CountField name=format!("could_{}", topic.id) label=fill(d.report_could_do, &[("topic", &topic.name)]) initial=topic.could_do disabled=counted/>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <fieldset class="field">
                <legend>{d.report_satisfaction}</legend>
                <p class="hint">{d.report_satisfaction_hint}</p>
                {(1..=5).map(|n| view! {
                    <CountField name=format!("sat_{n}") label=fill(d.report_satisfaction_level, &[("n", &n.to_string())]) initial=r.satisfaction[n - 1] disabled=counted/>
                }).collect_view()}
            </fieldset>
            {(!r.helpers.is_empty()).then(|| view! {
                <fieldset class="field">
                    <legend>{d.report_hours}</legend>
                    <p class="hint">{d.report_hours_hint}</p>
                    {r.helpers.iter().map(|(user, name, minutes)| view! {
                        <CountField name=format!("minutes_{user}") label=fill(d.report_minutes_of, &[("name", name)]) initial=*minutes disabled=locked/>
                    }).collect_view()}
                </fieldset>
            })}
            <TextArea name="notes" label=d.report_notes initial=r.notes.clone()/>
            <TextArea name="incidents" label=d.report_incidents hint=d.report_incidents_hint initial=r.incidents.clone()/>
            {(!locked).then(|| view! {
                <div class="actions">
                    <button type="submit" name="action" value="save" class="button secondary">{d.report_save}</button>
                    <button type="submit" name="action" value="finalise" class="button">{d.report_finalise}</button>
                </div>
                <p class="hint">{d.report_finalise_hint}</p>
            })}
        </form>
        <p><a href=format!("/sessions/{id}/checkin")>{d.report_back}</a></p>
    }
}
