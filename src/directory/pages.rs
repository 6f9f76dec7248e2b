//! The hosts-and-venues page.

use super::api::{
    get_partner, get_venue, list_districts, list_entries, list_partners, list_venues,
    partner_calendar,
};
use super::{
    CalendarSettings, LastPull, ListEntry, Partner, PartnerDetail, PartnerKind, RefList, Venue,
    VenueDetail,
};
use crate::auth::Area;
use crate::auth::{use_user, Guard};
use crate::i18n::{fill, t};
use crate::ui::form::{field_error, kept_value};
use crate::ui::{
    id_param, ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField, SubmitButton, TextArea,
};
use leptos::prelude::*;

/// Whether the signed-in user may edit reference data.
fn can_edit() -> bool {
    use_user().is_some_and(|u| Area::DirectoryEdit.allows(u.role))
}

fn error_view(e: crate::error::AppError) -> AnyView {
    view! { <p class="error-summary" role="alert">{e.message(t())}</p> }.into_any()
}

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let partners = Resource::new(|| (), |_| list_partners());
                let venues = Resource::new(|| (), |_| list_venues());
                view! {
                    <PageTitle text=m.directory.directory_title/>
                    <Notice/>
                    {can_edit().then(|| view! {
                        <p class="actions">
                            <a class="button secondary" href="/directory/partners/new">{m.directory.partner_add}</a>
                            <a class="button secondary" href="/directory/venues/new">{m.directory.venue_add}</a>
                            <a class="button secondary" href="/admin/topics">{m.directory.nav_topics}</a>
                            <a class="button secondary" href="/admin/districts">{m.city.districts}</a>
                        </p>
                    })}
                    <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
                        {Suspend::new(async move {
                            match (partners.await, venues.await) {
                                (Ok(p), Ok(v)) => view! {
                                    <PartnerTable partners=p/>
                                    <VenueTable venues=v/>
                                }.into_any(),
                                (Err(e), _) | (_, Err(e)) => view! {
                                    <p class="error-summary" role="alert">{e.message(t())}</p>
                                }.into_any(),
                            }
                        })}
                    </Suspense>
                }
            }}
        </Guard>
    }
}

#[component]
fn PartnerTable(partners: Vec<Partner>) -> impl IntoView {
    let m = t();
    view! {
        <h2 id="partners">{m.directory.directory_partners}</h2>
        {if partners.is_empty() {
            view! { <p>{m.directory.none_yet}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-labelledby="partners">
                        <thead>
                            <tr>
                                <th scope="col">{m.common.partner_name}</th>
                                <th scope="col">{m.directory.partner_kind}</th>
                                <th scope="col">{m.directory.partner_contact}</th>
                                <th scope="col">{m.directory.partner_phone}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {partners.into_iter().map(|p| {
                                let phone = p.contact_phone.clone().unwrap_or_default();
                                let name = if can_edit() {
                                    view! { <a href=format!("/directory/partners/{}", p.id)>{p.name.clone()}</a> }.into_any()
                                } else {
                                    view! { <span>{p.name.clone()}</span> }.into_any()
                                };
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td>{p.kind.label(m)}</td>
                                        <td>{p.contact_name.unwrap_or_default()}</td>
                                        <td>{phone}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn VenueTable(venues: Vec<Venue>) -> impl IntoView {
    let m = t();
    view! {
        <h2 id="venues">{m.directory.directory_venues}</h2>
        {if venues.is_empty() {
            view! { <p>{m.directory.none_yet}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-labelledby="venues">
                        <thead>
                            <tr>
                                <th scope="col">{m.common.venue_name}</th>
                                <th scope="col">{m.common.venue_district}</th>
                                <th scope="col">{m.common.venue_address}</th>
                                <th scope="col" class="number">{m.directory.venue_capacity}</th>
                                <th scope="col">{m.directory.venue_accessibility}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {venues.into_iter().map(|v| {
                                let features = v.features(m).join("・");
                                let name = if can_edit() {
                                    view! { <a href=format!("/directory/venues/{}", v.id)>{v.name.clone()}</a> }.into_any()
                                } else {
                                    view! { <span>{v.name.clone()}</span> }.into_any()
                                };
                                view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    <td>{v.district.unwrap_or_default()}</td>
                                    <td>{v.address}</td>
                                    <td class="number">{v.capacity.map(|c| c.to_string()).unwrap_or_default()}</td>
                                    <td>{features}</td>
                                </tr>
                            }}).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

fn kind_options() -> Vec<(String, String)> {
    let m = t();
    [PartnerKind::Tokyo, PartnerKind::Community, PartnerKind::City]
        .into_iter()
        .map(|k| (k.code().to_string(), k.label(m).to_string()))
        .collect()
}

/// Add (`/directory/partners/new`) or edit (`/directory/partners/:id`) a partner.
#[component]
pub fn PartnerEditPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                // No `:id` (`/directory/partners/new`) is a new partner, not "not found".
                let partner = Resource::new(id_param(), |id| async move {
                    match id {
                        Some(id) => get_partner(id).await.map(Some),
                        None => Ok(None),
                    }
                });
                let calendar = Resource::new(id_param(), |id| async move {
                    match id {
                        Some(id) => partner_calendar(id).await.map(|c| Some((id, c))),
                        None => Ok(None),
                    }
                });
                view! {
                    <Loaded resource=partner let:p><PartnerForm partner=p/></Loaded>
                    <Loaded resource=calendar let:c>
                        {c.map(|(id, settings)| view! { <CalendarSection id=id settings=settings/> })}
                    </Loaded>
                    <p><a href="/directory">{m.directory.back_to_directory}</a></p>
                }
            }}
        </Guard>
    }
}

#[component]
fn PartnerForm(partner: Option<PartnerDetail>) -> impl IntoView {
    let m = t();
    let (title, action) = match &partner {
        Some(p) => (m.directory.partner_edit, format!("/forms/partners/{}", p.partner.id)),
        None => (m.directory.partner_add, "/forms/partners".to_string()),
    };
    let p = partner.clone();
    let phone = p.as_ref().and_then(|p| p.partner.contact_phone.clone()).unwrap_or_default();
    view! {
        <PageTitle text=title/>
        <ErrorSummary/>
        <form method="post" action=action class="form narrow">
            <Field name="name" label=m.common.partner_name required=true initial=p.as_ref().map(|p| p.partner.name.clone()).unwrap_or_default()/>
            <SelectField name="kind" label=m.directory.partner_kind options=kind_options() initial=p.as_ref().map(|p| p.partner.kind.code().to_string()).unwrap_or_else(|| "community".into())/>
            <Field name="contact_name" label=m.directory.partner_contact initial=p.as_ref().and_then(|p| p.partner.contact_name.clone()).unwrap_or_default()/>
            <Field name="contact_phone" label=m.directory.partner_phone kind="tel" autocomplete="off" initial=phone/>
            <TextArea name="notes" label=m.directory.partner_notes initial=p.as_ref().map(|p| p.notes.clone()).unwrap_or_default()/>
            <SubmitButton label=m.common.session_save/>
        </form>
    }
}

/// What the last pull of a partner's calendar did, or why it could not be read.
fn last_pull(last: Option<LastPull>) -> AnyView {
    let m = t();
    let Some(last) = last else {
        return view! { <p>{m.directory.calendar_never}</p> }.into_any();
    };
    let at = chrono::DateTime::from_timestamp(last.at, 0).unwrap_or_default();
    let when = crate::domain::format_datetime_ja(at);
    let summary = match &last.error_code {
        Some(code) => {
            fill(m.directory.calendar_failed, &[("at", when.as_str()), ("why", m.error_text(code))])
        }
        None => {
            let (added, updated) = (last.added.to_string(), last.updated.to_string());
            let cancelled = last.cancelled.to_string();
            fill(
                m.directory.calendar_pulled,
                &[
                    ("at", when.as_str()),
                    ("added", added.as_str()),
                    ("updated", updated.as_str()),
                    ("cancelled", cancelled.as_str()),
                ],
            )
        }
    };
    let refused: Vec<String> = last
        .refused
        .iter()
        .map(|(line, code)| {
            let line = line.to_string();
            fill(
                m.sessions.ics_problem,
                &[("line", line.as_str()), ("problem", m.error_text(code))],
            )
        })
        .collect();
    view! {
        <p>{summary}</p>
        {(!refused.is_empty()).then(|| view! {
            <p>{m.directory.calendar_refused}</p>
            <ul>{refused.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul>
        })}
    }
    .into_any()
}

/// A partner's subscribed calendar: the form to set it, the last pull, and "pull now".
#[component]
fn CalendarSection(id: i64, settings: CalendarSettings) -> impl IntoView {
    let m = t();
    let calendar = settings.calendar;
    let topics: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(settings.topics.into_iter().map(|(id, name)| (id.to_string(), name)))
            .collect();
    let url = calendar.as_ref().map(|c| c.url.clone()).unwrap_or_default();
    let topic = calendar.as_ref().map(|c| c.topic_id.to_string()).unwrap_or_default();
    let capacity = calendar.as_ref().map_or(20, |c| c.capacity).to_string();
    let subscribed = calendar.is_some();
    view! {
        <section aria-labelledby="calendar-title">
            <h2 id="calendar-title">{m.directory.calendar_title}</h2>
            <Notice/>
            <p>{m.directory.calendar_intro}</p>
            {subscribed.then(|| last_pull(calendar.and_then(|c| c.last)))}
            <form method="post" action=format!("/forms/partners/{id}/calendar") class="form narrow">
                <Field name="url" label=m.directory.calendar_url kind="url" hint=m.directory.calendar_url_hint autocomplete="off" initial=url/>
                <SelectField name="topic" label=m.directory.calendar_topic options=topics initial=topic/>
                <Field name="capacity" label=m.directory.calendar_capacity kind="number" initial=capacity/>
                <SubmitButton label=m.directory.calendar_save/>
            </form>
            {subscribed.then(|| view! {
                <form method="post" action=format!("/forms/partners/{id}/calendar/pull")>
                    <SubmitButton label=m.directory.calendar_pull_now/>
                </form>
            })}
        </section>
    }
}

/// Add (`/directory/venues/new`) or edit (`/directory/venues/:id`) a venue.
#[component]
pub fn VenueEditPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let venue = Resource::new(id_param(), |id| async move {
                    match id {
                        Some(id) => get_venue(id).await.map(Some),
                        None => Ok(None),
                    }
                });
                let districts = Resource::new(|| (), |_| list_districts());
                view! {
                    <Suspense fallback=move || view! { <p>{t().common.loading}</p> }>
                        {Suspend::new(async move {
                            match (venue.await, districts.await) {
                                (Ok(v), Ok(d)) => view! { <VenueForm venue=v districts=d/> }.into_any(),
                                (Err(crate::error::AppError::NotFound), _) => view! { <crate::ui::NotFound/> }.into_any(),
                                (Err(e), _) | (_, Err(e)) => error_view(e),
                            }
                        })}
                    </Suspense>
                    <p><a href="/directory">{m.directory.back_to_directory}</a></p>
                }
            }}
        </Guard>
    }
}

#[component]
fn VenueForm(venue: Option<VenueDetail>, districts: Vec<(i64, String)>) -> impl IntoView {
    let m = t();
    let (title, action) = match &venue {
        Some(v) => (m.directory.venue_edit, format!("/forms/venues/{}", v.id)),
        None => (m.directory.venue_add, "/forms/venues".to_string()),
    };
    let v = venue.unwrap_or_default();
    let district_options: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(districts.into_iter().map(|(id, name)| (id.to_string(), name)))
            .collect();
    let features: Vec<(String, String)> = [
        ("elevator", m.directory.venue_elevator),
        ("step_free", m.directory.venue_step_free),
        ("hearing_loop", m.directory.venue_hearing_loop),
        ("parking", m.directory.venue_parking),
    ]
    .into_iter()
    .map(|(k, l)| (k.to_string(), l.to_string()))
    .collect();
    let on: Vec<(&str, bool)> = vec![
        ("elevator", v.elevator),
        ("step_free", v.step_free),
        ("hearing_loop", v.hearing_loop),
        ("parking", v.parking),
    ];
    view! {
        <PageTitle text=title/>
        <ErrorSummary/>
        <form method="post" action=action class="form narrow">
            <Field name="name" label=m.common.venue_name required=true initial=v.name.clone()/>
            <Field name="name_reading" label=m.common.reading_optional hint=m.common.reading_hint initial=v.name_reading.clone()/>
            <SelectField name="district_id" label=m.common.venue_district options=district_options initial=v.district_id.map(|d| d.to_string()).unwrap_or_default()/>
            <Field name="address" label=m.common.venue_address required=true initial=v.address.clone()/>
            <Field name="capacity" label=m.directory.venue_capacity kind="number" initial=v.capacity.map(|c| c.to_string()).unwrap_or_default()/>
            <fieldset class="field checkboxes">
                <legend>{m.directory.venue_accessibility}</legend>
                {features.into_iter().map(|(key, label)| {
                    let checked = on.iter().any(|(k, value)| *k == key && *value);
                    view! {
                        <label class="checkbox" for=key.clone()>
                            <input type="checkbox" id=key.clone() name=key.clone() value="1" checked=checked/>
                            <span>{label}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <TextArea name="access_notes" label=m.common.venue_access initial=v.access_notes.clone()/>
            <SubmitButton label=m.common.session_save/>
        </form>
    }
}

/// The topics offered when scheduling: add, rename, reorder, offer or withdraw. Admins only.
#[component]
pub fn TopicsPage() -> impl IntoView {
    view! { <RefListPage list=RefList::Topics/> }
}

/// The online procedures paper-support requests are about. Admins only.
#[component]
pub fn ProceduresPage() -> impl IntoView {
    view! { <RefListPage list=RefList::Procedures/> }
}

/// The city's districts (町名), in the city's order. Admins only.
#[component]
pub fn DistrictsPage() -> impl IntoView {
    view! { <RefListPage list=RefList::Districts/> }
}

/// The units of the Tokyo supporter course, in order. Admins only.
#[component]
pub fn CourseUnitsPage() -> impl IntoView {
    view! { <RefListPage list=RefList::CourseUnits/> }
}

#[component]
fn RefListPage(list: RefList) -> impl IntoView {
    let m = t();
    view! {
        <Guard>
            {move || {
                let topics = Resource::new(|| (), move |_| list_entries(list));
                view! {
                    <PageTitle text=list.title(m)/>
                    <Notice/>
                    <ErrorSummary/>
                    <Loaded resource=topics let:entries>
                        <TopicList list topics=entries/>
                    </Loaded>
                    <h2 id="add-topic">{m.directory.topic_add}</h2>
                    <form method="post" action=list.form() class="form narrow" aria-labelledby="add-topic">
                        <Field name="name" label=m.directory.topic_name required=true/>
                        <Field name="sort_order" label=m.directory.topic_order kind="number" initial="100"/>
                        <SubmitButton label=m.common.users_add_submit/>
                    </form>
                }
            }}
        </Guard>
    }
}

#[component]
fn TopicList(list: RefList, topics: Vec<ListEntry>) -> impl IntoView {
    view! {
        <ul class="topic-list">
            {topics.into_iter().map(|topic| view! { <li><TopicRow list topic/></li> }).collect_view()}
        </ul>
    }
}

/// One topic's inline form. Its fields are named `topic-<id>-…`, so after a failed post the
/// error and the typed value come back to this row.
#[component]
fn TopicRow(list: RefList, topic: ListEntry) -> impl IntoView {
    let m = t();
    let prefix = format!("topic-{}-", topic.id);
    let (name_field, order_field, active_field) =
        (format!("{prefix}name"), format!("{prefix}sort_order"), format!("{prefix}active"));
    let name_value = kept_value(&name_field, topic.name.clone());
    let order_value = kept_value(&order_field, topic.sort_order.to_string());
    let name_error = field_error(&name_field);
    let order_error = field_error(&order_field);
    let errors = move || {
        [name_error.get(), order_error.get()]
            .into_iter()
            .flatten()
            .map(|code| view! { <p class="field-error">{t().error_text(&code)}</p> })
            .collect_view()
    };
    let error_id = format!("{prefix}error");
    let described = {
        let error_id = error_id.clone();
        move || {
            (name_error.get().is_some() || order_error.get().is_some()).then(|| error_id.clone())
        }
    };
    view! {
        <form method="post" action=format!("{}/{}", list.form(), topic.id) class="inline-fields" aria-label=topic.name.clone()>
            <div id=error_id>{errors}</div>
            <label for=name_field.clone()>{m.directory.topic_name}</label>
            <input
                id=name_field.clone()
                name=name_field.clone()
                value=move || name_value.get()
                aria-invalid=move || name_error.get().is_some().then_some("true")
                aria-describedby=described.clone()
            />
            <label for=order_field.clone()>{m.directory.topic_order}</label>
            <input
                id=order_field.clone()
                name=order_field.clone()
                type="number"
                value=move || order_value.get()
                aria-invalid=move || order_error.get().is_some().then_some("true")
                aria-describedby=described
            />
            <label class="checkbox" for=active_field.clone()>
                <input type="checkbox" id=active_field.clone() name=active_field.clone() value="1" checked=topic.active/>
                <span>{m.directory.topic_active}</span>
            </label>
            <button type="submit" class="button secondary">{m.common.session_save}</button>
        </form>
    }
}
