//! Pages of paper-fallback support: the follow-up list, the request form, one request with
//! its workshop booking, the resident's history section and the report.

use super::api::{
    load_published_support_report, load_support_form, load_support_lists, load_support_report,
};
use super::tables::{view, SupportView};
use super::{
    provided_label, reason_label, Channel, Status, SupportFormData, SupportLine, SupportRequest,
    PROVIDED, REASONS,
};
use crate::auth::Guard;
use crate::domain::{AgeBand, FiscalYear, Shown};
use crate::i18n::{fill, t, use_locale, Locale};
use crate::ui::{
    age_band_options, by_id, numbered_options, CheckboxGroup, ErrorSummary, Field, FigureTable,
    Loaded, Notice, PageTitle, SelectField, SubmitButton, Table, TextArea,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `2025-06-12` as `2025年6月12日(木)`; anything else as it is.
fn day_label(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(crate::domain::format_date_ja)
        .unwrap_or_else(|_| day.to_string())
}

/// Who asked: the resident's name, or "anonymous" with age band and district.
fn who(
    line_resident: &Option<(i64, String)>,
    age_band: &Option<String>,
    district: &Option<String>,
) -> String {
    let m = t();
    if let Some((_, name)) = line_resident {
        return format!("{name} 様");
    }
    let english = use_locale() == Locale::En;
    let details: Vec<&str> = [
        age_band.as_deref().and_then(AgeBand::from_code).map(|b| {
            if english {
                b.label_en()
            } else {
                b.label_ja()
            }
        }),
        district.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if details.is_empty() {
        m.paper_support.anonymous.to_string()
    } else {
        format!("{}（{}）", m.paper_support.anonymous, details.join("・"))
    }
}

/// `/support`: what is due today or overdue, then the latest requests.
#[component]
pub fn SupportListPage() -> impl IntoView {
    let m = t();
    let s = m.paper_support;
    view! {
        <Guard>
            {move || {
                let lists = Resource::new(|| (), |_| load_support_lists());
                view! {
                    <PageTitle text=s.list_title/>
                    <Notice/>
                    <p>{s.list_intro}</p>
                    <p class="actions">
                        <a class="button" href="/support/new">{s.record_new}</a>
                        <a class="button secondary" href="/support/report">{s.report_link}</a>
                    </p>
                    <Loaded resource=lists let:l>
                        <h2 id="due">{s.due_title}</h2>
                        {if l.due.is_empty() {
                            view! { <p role="status">{s.due_none}</p> }.into_any()
                        } else {
                            view! { <SupportTable caption=s.due_title lines=l.due today=l.today.clone()/> }.into_any()
                        }}
                        <h2 id="recent">{s.recent_title}</h2>
                        {if l.recent.is_empty() {
                            view! { <p>{s.recent_none}</p> }.into_any()
                        } else {
                            view! { <SupportTable caption=s.recent_title lines=l.recent today=l.today/> }.into_any()
                        }}
                    </Loaded>
                }
            }}
        </Guard>
    }
}

/// Requests in a table; follow-up dates before `today` are marked overdue in words.
#[component]
fn SupportTable(caption: &'static str, lines: Vec<SupportLine>, today: String) -> impl IntoView {
    let m = t();
    let s = m.paper_support;
    view! {
        <Table
            caption=caption
            heads=vec![s.col_requested, s.col_who, s.procedure, s.status, s.follow_up_on, s.staff]
        >
            {lines.into_iter().map(|l| {
                let overdue = l.status.is_open() && l.follow_up_on.as_deref().is_some_and(|d| d < today.as_str());
                let follow_up = match &l.follow_up_on {
                    Some(d) if overdue => fill(s.overdue, &[("date", &day_label(d))]),
                    Some(d) if l.status.is_open() => day_label(d),
                    _ => String::new(),
                };
                view! {
                    <tr>
                        <td>{day_label(&l.requested_on)}</td>
                        <td><a href=format!("/support/{}", l.id)>{who(&l.resident, &l.age_band, &l.district)}</a></td>
                        <td>{l.procedure.clone()}</td>
                        <td>{l.status.label(m)}</td>
                        <td class:overdue=overdue>{follow_up}</td>
                        <td>{l.staff.clone()}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}

/// The requests section of a resident's page.
#[component]
pub fn SupportHistory(resident_id: i64, lines: Vec<SupportLine>) -> impl IntoView {
    let s = t().paper_support;
    view! {
        <h2 id="support">{s.history_title}</h2>
        <p class="actions">
            <a class="button secondary" href=format!("/support/new?resident={resident_id}")>{s.record_for_resident}</a>
        </p>
        {if lines.is_empty() {
            view! { <p>{s.history_none}</p> }.into_any()
        } else {
            view! { <SupportTable caption=s.history_title lines today=String::new()/> }.into_any()
        }}
    }
}

/// `/support/new` (`?resident=` when opened from a resident's page).
#[component]
pub fn SupportNewPage() -> impl IntoView {
    let s = t().paper_support;
    let query = use_query_map();
    let resident = move || query.with(|q| q.get("resident").and_then(|v| v.parse::<i64>().ok()));
    view! {
        <Guard>
            {move || {
                let data = Resource::new(resident, |resident| load_support_form(None, resident));
                view! {
                    <PageTitle text=s.new_title/>
                    <ErrorSummary/>
                    <Loaded resource=data let:d>
                        <SupportForm data=d/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

/// `/support/:id`: the request, the form to update it, and booking a workshop for it.
#[component]
pub fn SupportRequestPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(|id| load_support_form(Some(id), None));
                view! { <Loaded resource=data let:d><RequestView data=d/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn RequestView(data: SupportFormData) -> impl IntoView {
    let m = t();
    let s = m.paper_support;
    let Some(r) = data.request.clone() else {
        return view! { <crate::ui::NotFound/> }.into_any();
    };
    let reasons: Vec<&str> = r
        .reasons
        .iter()
        .map(|c| reason_label(m, c))
        .chain((!r.reason_other.is_empty()).then_some(r.reason_other.as_str()))
        .collect();
    let provided: Vec<&str> = r.provided.iter().map(|c| provided_label(m, c)).collect();
    let refer = match (&r.resident, r.status.may_refer()) {
        (Some((resident_id, _)), true) => view! {
            <section aria-labelledby="booking">
                <p>{s.refer_intro}</p>
                <crate::registrations::BookingSection resident_id=*resident_id support_request=r.id/>
            </section>
            <crate::supporters::InterestedForm resident_id=*resident_id from="support_request" request_id=r.id/>
        }
        .into_any(),
        (None, true) => view! {
            <h2>{s.refer_title}</h2>
            <p>{s.refer_anonymous}</p>
        }
        .into_any(),
        (_, false) => view! { <p>{s.refer_closed}</p> }.into_any(),
    };
    view! {
        <PageTitle text=fill(s.request_title, &[("id", &r.id.to_string())])/>
        <Notice/>
        <ErrorSummary/>
        <dl class="facts">
            <dt>{s.col_who}</dt>
            <dd>
                {match &r.resident {
                    Some((id, name)) => view! { <a href=format!("/residents/{id}")>{fill(s.resident_for, &[("name", name), ("id", &id.to_string())])}</a> }.into_any(),
                    None => view! { <span>{who(&None, &r.age_band, &r.district)}</span> }.into_any(),
                }}
            </dd>
            <dt>{s.requested_on}</dt><dd>{day_label(&r.requested_on)}</dd>
            <dt>{s.channel}</dt><dd>{r.channel.label(m)}</dd>
            <dt>{s.procedure}</dt><dd>{r.procedure.clone()}</dd>
            <dt>{s.reasons_legend}</dt><dd>{reasons.join("、")}</dd>
            <dt>{s.provided_legend}</dt><dd>{provided.join("、")}</dd>
            <dt>{s.status}</dt><dd>{r.status.label(m)}</dd>
            <dt>{s.follow_up_on}</dt><dd>{r.follow_up_on.as_deref().map(day_label).unwrap_or_default()}</dd>
            <dt>{s.minutes}</dt><dd>{r.minutes}</dd>
            <dt>{s.staff}</dt><dd>{r.staff.clone()}</dd>
            {r.registration_id.map(|reg| view! {
                <dt>{s.registration_link}</dt>
                <dd><a href=format!("/registrations/{reg}")>{s.registration_link}</a></dd>
            })}
        </dl>
        {refer}
        <h2 id="edit">{s.edit_title}</h2>
        <SupportForm data/>
        <p><a href="/support">{s.back_list}</a></p>
    }
    .into_any()
}

/// The request form: new (with a form key against double posts) or editing `data.request`.
#[component]
fn SupportForm(data: SupportFormData) -> impl IntoView {
    let m = t();
    let s = m.paper_support;
    let request: Option<SupportRequest> = data.request.clone();
    let editing = request.is_some();
    let action = match &request {
        Some(r) => format!("/forms/support/{}", r.id),
        None => "/forms/support".to_string(),
    };
    let current = request.as_ref().map(|r| r.status);
    let statuses: Vec<(String, String)> = Status::ALL
        .into_iter()
        .filter(|st| match current {
            Some(now) => now.may_become(*st),
            None => *st != Status::Referred,
        })
        .map(|st| (st.code().to_string(), st.label(m).to_string()))
        .collect();
    let channels: Vec<(String, String)> =
        Channel::ALL.into_iter().map(|c| (c.code().to_string(), c.label(m).to_string())).collect();
    let procedures: Vec<(String, String)> =
        std::iter::once((String::new(), s.procedure_choose.to_string()))
            .chain(data.procedures.iter().map(|(id, n)| (id.to_string(), n.clone())))
            .chain(std::iter::once(("other".to_string(), s.procedure_other_option.to_string())))
            .collect();
    let reasons: Vec<(String, String)> =
        REASONS.iter().map(|c| (c.to_string(), reason_label(m, c).to_string())).collect();
    let provided: Vec<(String, String)> =
        PROVIDED.iter().map(|c| (c.to_string(), provided_label(m, c).to_string())).collect();
    let r = request.clone();
    let initial = move |f: fn(&SupportRequest) -> String| r.as_ref().map(f).unwrap_or_default();
    let anonymous_fields = view! {
        <SelectField name="age_band" label=s.age_band options=age_band_options() initial=initial(|r| r.age_band.clone().unwrap_or_default())/>
        <SelectField name="district_id" label=s.district options=numbered_options(&data.districts) initial=initial(|r| r.district_id.map(|d| d.to_string()).unwrap_or_default())/>
    };
    let who = match (&data.resident, editing) {
        (Some((id, name)), false) => view! {
            <p class="lead">{fill(s.resident_for, &[("name", name), ("id", &id.to_string())])}</p>
            <input type="hidden" name="resident_id" value=*id/>
            <input type="hidden" name="fixed_resident" value="1"/>
        }
        .into_any(),
        (Some(_), true) => ().into_any(),
        (None, false) => view! {
            <Field name="resident_id" label=s.resident_id kind="text" hint=s.resident_id_hint autocomplete="off"/>
            {anonymous_fields}
        }
        .into_any(),
        (None, true) => anonymous_fields.into_any(),
    };
    let procedure = request.as_ref().map(|r| match r.procedure_id {
        Some(id) => id.to_string(),
        None => "other".to_string(),
    });
    view! {
        <form method="post" action=action class="form narrow">
            {(!editing).then(|| view! { <input type="hidden" name="key" value=data.form_key.clone()/> })}
            <fieldset class="field">
                <legend>{s.who_legend}</legend>
                {who}
            </fieldset>
            <Field name="requested_on" label=s.requested_on kind="date" required=true hint=s.date_hint
                initial=request.as_ref().map(|r| r.requested_on.clone()).unwrap_or(data.today.clone())/>
            <SelectField name="channel" label=s.channel options=channels initial=request.as_ref().map(|r| r.channel.code().to_string()).unwrap_or_default()/>
            <SelectField name="procedure" label=s.procedure options=procedures initial=procedure.unwrap_or_default()/>
            <Field name="procedure_other" label=s.procedure_other hint=s.procedure_other_hint initial=request.as_ref().map(|r| r.procedure_other.clone()).unwrap_or_default()/>
            <CheckboxGroup name="reason" legend=s.reasons_legend options=reasons initial=request.as_ref().map(|r| r.reasons.clone()).unwrap_or_default() required=true/>
            <Field name="reason_other" label=s.reason_other initial=request.as_ref().map(|r| r.reason_other.clone()).unwrap_or_default()/>
            <CheckboxGroup name="provided" legend=s.provided_legend options=provided initial=request.as_ref().map(|r| r.provided.clone()).unwrap_or_default()/>
            <SelectField name="status" label=s.status options=statuses initial=current.map(|st| st.code().to_string()).unwrap_or_default()/>
            <Field name="follow_up_on" label=s.follow_up_on kind="date" hint=s.follow_up_hint initial=request.as_ref().and_then(|r| r.follow_up_on.clone()).unwrap_or_default()/>
            <Field name="minutes" label=s.minutes kind="number" initial=request.as_ref().map(|r| r.minutes.to_string()).unwrap_or_default()/>
            <TextArea name="notes" label=s.notes initial=request.as_ref().map(|r| r.notes.clone()).unwrap_or_default()/>
            <SubmitButton label=s.save/>
        </form>
    }
}

/// `/support/report?fy=2025` (`&publish=1` as published): requests per procedure and
/// month, reasons, what was provided, outcomes; aggregates only (reviewers may read it).
#[component]
pub fn SupportReportPage() -> impl IntoView {
    let m = t();
    let s = m.paper_support;
    let query = use_query_map();
    let asked = move || {
        query.with(|q| {
            (
                q.get("fy").and_then(|v| v.parse::<i32>().ok()),
                q.get("publish").as_deref() == Some("1"),
            )
        })
    };
    view! {
        <Guard>
            {move || {
                // Published figures come suppressed from the server; exact ones are laid out
                // here.
                let report = Resource::new(asked, move |(fy, publish)| async move {
                    if publish {
                        load_published_support_report(fy).await
                    } else {
                        let report = load_support_report(fy).await?;
                        Ok(view(&report, m, Shown { publish: false, threshold: 0 }))
                    }
                });
                view! {
                    <PageTitle text=s.report_title/>
                    <p>{s.report_intro}</p>
                    <Loaded resource=report let:r>
                        <ReportView r/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

fn fy_label(year: i32) -> String {
    let fy = FiscalYear::starting_in(year);
    if use_locale() == Locale::En {
        fy.label_en()
    } else {
        fy.label_ja()
    }
}

#[component]
fn ReportView(r: SupportView) -> impl IntoView {
    let m = t();
    let s = m.paper_support;
    let year = r.fiscal_year;
    let publish = r.shown.publish;
    let years: Vec<(String, String)> =
        (year - 4..=year + 1).rev().map(|y| (y.to_string(), fy_label(y))).collect();
    let csv = format!("/support/report.csv?fy={year}{}", if publish { "&publish=1" } else { "" });
    let threshold = r.shown.threshold.to_string();
    view! {
        <form method="get" action="/support/report" class="form filters no-print" aria-label=s.report_fy>
            <SelectField name="fy" label=s.report_fy options=years initial=year.to_string()/>
            <label class="checkbox" for="publish">
                <input type="checkbox" id="publish" name="publish" value="1" checked=publish/>
                <span>{m.common.publish}</span>
            </label>
            <SubmitButton label=s.report_show secondary=true/>
        </form>
        <p class="actions no-print">
            <a class="button secondary" href=csv download="">{s.report_csv}</a>
        </p>
        <h2>{fy_label(year)}</h2>
        {publish.then(|| view! { <p class="notice" role="status">{fill(m.common.publish_on, &[("n", &threshold)])}</p> })}
        {if r.any {
            r.tables.into_iter().enumerate().map(|(i, table)| view! {
                <h3 id=format!("support-table-{i}")>{table.title.clone()}</h3>
                <FigureTable table labelled=format!("support-table-{i}")/>
            }).collect_view().into_any()
        } else {
            view! { <p role="status">{s.report_none}</p> }.into_any()
        }}
    }
}
