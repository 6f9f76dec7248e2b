//! The .ics import pages: upload, then map locations to venues.

use super::api::{import_preview, session_options, UploadPreview};
use crate::auth::Role;
use crate::auth::{use_user, Guard};
use crate::domain::format_span_ja as when_range;
use crate::i18n::{fill, t};
use crate::ui::form::{field_error, kept_value};
use crate::ui::{ErrorSummary, Field, PageTitle, SelectField, SubmitButton, Table};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/import`: choose the partner and the file.
#[component]
pub fn ImportPage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let problems = move || {
        query
            .with(|q| q.get("problems"))
            .map(|list| {
                list.split(',')
                    .filter_map(|item| item.split_once(':'))
                    .map(|(line, code)| {
                        fill(
                            t().sessions.ics_problem,
                            &[("line", line), ("problem", t().error_text(code))],
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let own = use_user().filter(|u| u.role == Role::Coordinator).and_then(|u| u.partner_id);
    view! {
        <Guard>
            {move || {
                let options = Resource::new(|| (), |_| session_options());
                view! {
                    <PageTitle text=m.sessions.import_title/>
                    <p>{m.sessions.import_intro}</p>
                    <ErrorSummary/>
                    {move || {
                        let list = problems();
                        (!list.is_empty()).then(|| view! {
                            <div class="error-summary" role="alert">
                                <p>{t().sessions.import_refused}</p>
                                <ul>{list.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            </div>
                        })
                    }}
                    <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
                        {Suspend::new(async move {
                            let partners: Vec<(String, String)> = std::iter::once((String::new(), t().common.choose.to_string()))
                                .chain(options.await.map(|o| o.partners).unwrap_or_default()
                                    .into_iter()
                                    .filter(|p| own.is_none_or(|own| own == p.id))
                                    .map(|p| (p.id.to_string(), p.name)))
                                .collect();
                            view! {
                                <form method="post" action="/forms/import" enctype="multipart/form-data" class="form narrow">
                                    <SelectField name="partner_id" label=t().common.session_host options=partners initial=own.map(|p| p.to_string()).unwrap_or_default()/>
                                    <Field name="file" label=t().sessions.import_file kind="file" hint=t().sessions.import_file_hint required=true/>
                                    <SubmitButton label=t().sessions.import_upload/>
                                </form>
                            }
                        })}
                    </Suspense>
                }
            }}
        </Guard>
    }
}

/// `/import/:token`: map each location of the file to a venue, then import.
#[component]
pub fn ImportMapPage() -> impl IntoView {
    let m = t();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token")).unwrap_or_default();
    view! {
        <Guard>
            {move || {
                let preview = Resource::new(token, import_preview);
                view! {
                    <PageTitle text=m.sessions.import_map_title/>
                    <ErrorSummary/>
                    <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
                        {Suspend::new(async move {
                            match preview.await {
                                Ok(p) => view! { <ImportMapping preview=p token=token()/> }.into_any(),
                                Err(_) => view! { <crate::ui::NotFound/> }.into_any(),
                            }
                        })}
                    </Suspense>
                }
            }}
        </Guard>
    }
}

#[component]
fn ImportMapping(preview: UploadPreview, token: String) -> impl IntoView {
    let m = t();
    let venues: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(preview.venues.iter().map(|(id, name)| (id.to_string(), name.clone())))
            .collect();
    let topics: Vec<(String, String)> =
        preview.topics.iter().map(|x| (x.id.to_string(), x.name.clone())).collect();
    let first_topic = preview.topics.first().map(|x| x.id.to_string()).unwrap_or_default();
    view! {
        <p>{fill(m.sessions.import_summary, &[("file", &preview.file_name), ("partner", &preview.partner_name), ("count", &preview.events.len().to_string())])}</p>
        <Table
            caption=m.sessions.import_map_title
            heads=vec![
                m.common.session_when,
                m.common.session_title,
                m.sessions.import_location,
                m.common.session_status,
            ]
        >
            {preview.events.iter().map(|e| {
                let status = match (e.cancelled, e.existing) {
                    (true, _) => m.common.status_cancelled,
                    (false, true) => m.sessions.import_update,
                    (false, false) => m.sessions.import_new,
                };
                view! {
                    <tr>
                        <td>{when_range(e.starts_at, e.ends_at)}</td>
                        <td>{e.title.clone()}</td>
                        <td>{e.location.clone()}</td>
                        <td>{status}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
        {(!preview.dropped.is_empty()).then(|| view! {
            <Table caption=m.sessions.import_dropped heads=vec![m.common.session_when, m.common.session_title, m.common.session_venue]>
                {preview.dropped.iter().map(|e| view! {
                    <tr>
                        <td>{when_range(e.starts_at, e.ends_at)}</td>
                        <td>{e.title.clone()}</td>
                        <td>{e.location.clone()}</td>
                    </tr>
                }).collect_view()}
            </Table>
        })}
        <form method="post" action=format!("/forms/import/{token}") class="form narrow">
            <h2>{m.sessions.import_venues}</h2>
            {preview.locations.iter().enumerate().map(|(n, location)| {
                view! { <VenueChoice n location=location.clone() venues=venues.clone()/> }
            }).collect_view()}
            <SelectField name="topic" label=m.sessions.import_topic options=topics initial=first_topic/>
            <Field name="capacity" label=m.sessions.session_capacity kind="number" initial="20"/>
            <SubmitButton label=m.sessions.import_confirm/>
        </form>
    }
}

/// The venue for one LOCATION of the file (`venue_<n>`), keeping the choice after an error.
#[component]
fn VenueChoice(n: usize, location: String, venues: Vec<(String, String)>) -> impl IntoView {
    let name = format!("venue_{n}");
    let chosen = kept_value(&name, String::new());
    let error = field_error(&name);
    let error_id = format!("{name}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name.clone()>{fill(t().sessions.import_venue_for, &[("location", &location)])}</label>
            {
                let error_id = error_id.clone();
                move || error.get().map(|code| view! { <p class="field-error" id=error_id.clone()>{t().error_text(&code)}</p> })
            }
            <select
                id=name.clone()
                name=name.clone()
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=move || error.get().map(|_| error_id.clone())
            >
                {venues.into_iter().map(|(value, label)| {
                    let selected = {
                        let value = value.clone();
                        move || chosen.get() == value
                    };
                    view! { <option value=value selected=selected>{label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
