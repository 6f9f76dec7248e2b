//! `/admin/city`: the city's name, office, phone number, hours and mail sender.

use super::api::load_city;
use super::{City, FIELDS};
use crate::auth::Guard;
use crate::i18n::t;
use crate::ui::{ErrorSummary, Field, Loaded, Notice, PageTitle};
use leptos::prelude::*;

#[component]
pub fn CityPage() -> impl IntoView {
    let c = t().city;
    view! {
        <Guard>
            {move || {
                let data = Resource::new(|| (), |_| load_city());
                view! {
                    <PageTitle text=c.title/>
                    <Notice/>
                    <ErrorSummary/>
                    <p>{c.intro}" "<a href="/admin/districts">{c.districts_link}</a></p>
                    <Loaded resource=data let:city>
                        <CityForm city/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn CityForm(city: City) -> impl IntoView {
    let c = t().city;
    let labels = [
        c.name,
        c.name_reading,
        c.name_en,
        c.office,
        c.office_en,
        c.phone,
        c.hours,
        c.hours_en,
        c.mail_from,
    ];
    view! {
        <form method="post" action="/forms/city" class="form narrow">
            {FIELDS
                .into_iter()
                .zip(labels)
                .map(|(field, label)| {
                    let required = matches!(field, "name" | "name_en" | "office" | "phone" | "hours");
                    view! { <Field name=field label required initial=city.get(field).to_string()/> }
                })
                .collect_view()}
            <button type="submit" class="button">{c.save}</button>
        </form>
    }
}
