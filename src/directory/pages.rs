//! The hosts-and-venues page.

use super::api::{list_partners, list_venues};
use super::{Partner, Venue};
use crate::app::Guard;
use crate::auth::Area;
use crate::domain::PhoneNumber;
use crate::i18n::t;
use crate::ui::PageTitle;
use leptos::prelude::*;

#[component]
pub fn DirectoryPage() -> impl IntoView {
    let m = t();
    view! {
        <Guard area=Area::Directory>
            {move || {
                let partners = Resource::new(|| (), |_| list_partners());
                let venues = Resource::new(|| (), |_| list_venues());
                view! {
                    <PageTitle text=m.directory_title/>
                    <Suspense fallback=move || view! { <p>{t().loading}</p> }>
                        {move || Suspend::new(async move {
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
        <h2 id="partners">{m.directory_partners}</h2>
        {if partners.is_empty() {
            view! { <p>{m.none_yet}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-labelledby="partners">
                        <thead>
                            <tr>
                                <th scope="col">{m.partner_name}</th>
                                <th scope="col">{m.partner_kind}</th>
                                <th scope="col">{m.partner_contact}</th>
                                <th scope="col">{m.partner_phone}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {partners.into_iter().map(|p| {
                                let phone = p.contact_phone.as_deref()
                                    .and_then(|d| PhoneNumber::parse(d).ok())
                                    .map(|n| n.grouped())
                                    .unwrap_or_default();
                                view! {
                                    <tr>
                                        <th scope="row">{p.name}</th>
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
        <h2 id="venues">{m.directory_venues}</h2>
        {if venues.is_empty() {
            view! { <p>{m.none_yet}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table aria-labelledby="venues">
                        <thead>
                            <tr>
                                <th scope="col">{m.venue_name}</th>
                                <th scope="col">{m.venue_district}</th>
                                <th scope="col">{m.venue_address}</th>
                                <th scope="col" class="number">{m.venue_capacity}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {venues.into_iter().map(|v| view! {
                                <tr>
                                    <th scope="row">{v.name}</th>
                                    <td>{v.district.unwrap_or_default()}</td>
                                    <td>{v.address}</td>
                                    <td class="number">{v.capacity.map(|c| c.to_string()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
