//! The intake screen (search as you type, or a plain search form), the resident form with
//! its duplicate warning, and the resident page with booking, history and merging.

use super::api::{
    load_walkins, resident_districts, resident_matches, resident_page, search_residents,
};
use super::{birth_year_label, PhoneWish, Resident, ResidentMatch, ResidentPageData, Smartphone};
use crate::auth::Guard;
use crate::domain::ContactPref;
use crate::domain::{format_datetime_ja, Kana};
use crate::i18n::{fill, t};
use crate::registrations::{BookingSection, HistoryTable};
use crate::ui::{
    by_id, error_view, loading, CheckboxGroup, ErrorSummary, Field, Loaded, Notice, PageTitle,
    SelectField, SubmitButton, Table, TextArea,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn katakana(kana: &str) -> String {
    Kana::parse(kana).map(|k| k.katakana()).unwrap_or_else(|_| kana.to_string())
}

/// The intake screen: the search box and its results, an island.
#[component]
pub fn IntakePage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let initial = query.with_untracked(|q| q.get("q").unwrap_or_default());
    view! {
        <Guard>
            <PageTitle text=m.residents.intake_title/>
            <p>{m.residents.intake_intro}</p>
            <IntakeSearch initial=initial.clone()/>
        </Guard>
    }
}

/// The search box and its results as the staff member types (with JavaScript), or after
/// the search button (without). The results are the island's only data in the page.
#[island]
fn IntakeSearch(initial: String) -> impl IntoView {
    crate::ui::islands::mark_hydrated();
    let m = t();
    let (typed, set_typed) = signal(initial.clone());
    let results = Resource::new(move || typed.get(), search_residents);
    // The caller is on the line: the search box takes the focus when it appears, also
    // after moving here within the app (where `autofocus` does not apply).
    let search_box = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = search_box.get() {
            let _ = input.focus();
        }
    });
    view! {
            // With JavaScript the results follow the typing: the form is not sent, so what
            // was searched for stays out of the address (and the history). Without it the
            // form is a plain search that lands at `/intake?q=…`.
            <form
                method="get"
                action="/intake"
                class="form search-form"
                role="search"
                on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()
            >
                <div class="field">
                    <label for="q">{m.residents.search_label}</label>
                    <p class="hint" id="q-hint">{m.residents.search_hint}</p>
                    <input
                        node_ref=search_box
                        type="search"
                        id="q"
                        name="q"
                        autocomplete="off"
                        autofocus=true
                        aria-describedby="q-hint"
                        value=initial.clone()
                        on:input=move |ev| set_typed.set(event_target_value(&ev))
                    />
                </div>
                <SubmitButton label=m.residents.search_submit/>
            </form>
            <div aria-live="polite">
                <Transition fallback=loading>
                    {move || Suspend::new(async move {
                        let typed = typed.get_untracked();
                        match results.await {
                            Ok(list) => view! { <MatchList list typed/> }.into_any(),
                            Err(e) => error_view(e),
                        }
                    })}
                </Transition>
            </div>
    }
}

/// "Register a new resident". After a search it is a small form that posts what was
/// searched for (`residents::handlers::from_search`), which the new form then shows filled
/// in: kept on the server, never in an address.
#[component]
fn NewResidentButton(typed: String) -> impl IntoView {
    let m = t();
    let typed = typed.trim().to_string();
    if typed.is_empty() {
        return view! { <p><a class="button secondary" href="/residents/new">{m.residents.resident_new}</a></p> }
            .into_any();
    }
    view! {
        <form method="post" action="/forms/residents/from-search" class="inline-form">
            <input type="hidden" name="q" value=typed/>
            <button type="submit" class="button secondary">{m.residents.resident_new}</button>
        </form>
    }
    .into_any()
}

#[component]
fn MatchList(list: Vec<ResidentMatch>, typed: String) -> impl IntoView {
    let m = t();
    if typed.trim().is_empty() {
        return view! { <NewResidentButton typed/> }.into_any();
    }
    let count = fill(m.residents.search_count, &[("count", &list.len().to_string())]);
    view! {
        <p role="status">{if list.is_empty() { m.residents.search_none.to_string() } else { count }}</p>
        {(!list.is_empty()).then(|| view! { <MatchTable list/> })}
        <NewResidentButton typed/>
    }
    .into_any()
}

#[component]
fn MatchTable(list: Vec<ResidentMatch>) -> impl IntoView {
    let m = t();
    view! {
        <Table
            caption=m.residents.search_results
            heads=vec![
                m.common.resident_kana,
                m.common.resident_name,
                m.residents.resident_birth_year,
                m.common.venue_district,
                m.common.resident_phone,
            ]
        >
            {list.into_iter().map(|r| view! {
                <tr>
                    <td><a href=format!("/residents/{}", r.id)>{r.kana.clone()}</a></td>
                    <td>{r.name.clone()}</td>
                    <td>{r.birth_year.map(birth_year_label).unwrap_or_default()}</td>
                    <td>{r.district.clone().unwrap_or_default()}</td>
                    <td>{r.phones.join("、")}</td>
                </tr>
            }).collect_view()}
        </Table>
    }
}

/// `/residents/new`: register a caller.
#[component]
pub fn ResidentNewPage() -> impl IntoView {
    view! {
        <Guard>
            <PageTitle text=t().residents.resident_new/>
            <ResidentFormLoader resident=None/>
        </Guard>
    }
}

/// `/residents/:id/edit`.
#[component]
pub fn ResidentEditPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(resident_page);
                view! {
                    <Loaded resource=data let:d>
                        <PageTitle text=t().residents.resident_edit/>
                        <ResidentFormLoader resident=Some(d.resident)/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn ResidentFormLoader(resident: Option<Resident>) -> impl IntoView {
    let districts = Resource::new(|| (), |_| resident_districts());
    let query = use_query_map();
    let duplicates = Resource::new(
        move || query.with(|q| q.get("dup").unwrap_or_default()),
        |ids| async move {
            if ids.is_empty() {
                Ok(Vec::new())
            } else {
                resident_matches(ids).await
            }
        },
    );
    view! {
        <Suspense fallback=loading>
            {Suspend::new(async move {
                match (districts.await, duplicates.await) {
                    (Ok(d), Ok(dups)) => view! { <ResidentForm resident districts=d duplicates=dups/> }.into_any(),
                    (Err(e), _) | (_, Err(e)) => error_view(e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ResidentForm(
    resident: Option<Resident>,
    districts: Vec<(i64, String)>,
    duplicates: Vec<ResidentMatch>,
) -> impl IntoView {
    let m = t();
    let r = resident.clone();
    let action = match &r {
        Some(r) => format!("/forms/residents/{}", r.id),
        None => "/forms/residents".to_string(),
    };
    // The districts offered, and the resident's own even when admins withdrew it.
    let own = r.as_ref().and_then(|r| Some((r.district_id?, r.district.clone()?)));
    let own = own.filter(|(id, _)| !districts.iter().any(|(d, _)| d == id));
    let district_options: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(
                districts
                    .iter()
                    .chain(own.as_ref())
                    .map(|(id, name)| (id.to_string(), name.clone())),
            )
            .collect();
    let prefs: Vec<(String, String)> =
        ContactPref::ALL.iter().map(|p| (p.code().to_string(), p.label(m).to_string())).collect();
    let phones: Vec<(String, String)> =
        Smartphone::ALL.iter().map(|p| (p.code().to_string(), p.label(m).to_string())).collect();
    let wishes: Vec<(String, String)> =
        PhoneWish::ALL.iter().map(|w| (w.code().to_string(), w.label(m).to_string())).collect();
    let owners = vec![
        ("self".to_string(), m.residents.email_self.to_string()),
        ("family".to_string(), m.residents.email_family.to_string()),
    ];
    let needs: Vec<(String, String)> = crate::residents::Needs::default()
        .each(m)
        .iter()
        .map(|(code, label, _)| (code.to_string(), label.to_string()))
        .collect();
    let needs_set: Vec<String> = r
        .as_ref()
        .map(|r| {
            r.needs
                .each(m)
                .iter()
                .filter(|(_, _, set)| *set)
                .map(|(code, _, _)| code.to_string())
                .collect()
        })
        .unwrap_or_default();
    let text = |f: fn(&Resident) -> String| r.as_ref().map(f).unwrap_or_default();
    let phone_text = |p: &Option<String>| {
        p.as_deref().map(crate::domain::PhoneNumber::display).unwrap_or_default()
    };
    let consent_recorded = r.as_ref().is_some_and(|r| r.consent_at.is_some());
    view! {
        <ErrorSummary/>
        {(!duplicates.is_empty()).then(|| view! {
            <div class="notice warning" role="alert">
                <p>{m.residents.duplicate_warning}</p>
                <MatchTable list=duplicates.clone()/>
            </div>
        })}
        <form method="post" action=action class="form narrow">
            {(!duplicates.is_empty()).then(|| view! {
                <CheckboxGroup name="confirm_distinct" legend=m.residents.duplicate_confirm_legend
                    options=vec![("1".to_string(), m.residents.duplicate_confirm.to_string())]/>
            })}
            <Field name="kana" label=m.common.resident_kana required=true hint=m.residents.kana_hint autocomplete="off" initial=text(|r| katakana(&r.kana))/>
            <Field name="name" label=m.common.resident_name required=true autocomplete="off" initial=text(|r| r.name.clone())/>
            <Field name="phone" label=m.common.resident_phone kind="tel" autocomplete="off" hint=m.residents.phone_hint initial=r.as_ref().map(|r| phone_text(&r.phone)).unwrap_or_default()/>
            <Field name="phone_alt" label=m.residents.resident_phone_alt kind="tel" autocomplete="off" initial=r.as_ref().map(|r| phone_text(&r.phone_alt)).unwrap_or_default()/>
            <Field name="birth_year" label=m.residents.resident_birth_year hint=m.residents.birth_year_hint autocomplete="off" initial=r.as_ref().and_then(|r| r.birth_year).map(|y| y.to_string()).unwrap_or_default()/>
            <SelectField name="district_id" label=m.common.venue_district options=district_options initial=r.as_ref().and_then(|r| r.district_id).map(|d| d.to_string()).unwrap_or_default()/>
            <SelectField name="contact_pref" label=m.common.resident_contact_pref options=prefs initial=r.as_ref().map(|r| r.contact_pref.code().to_string()).unwrap_or_else(|| "phone".into())/>
            <Field name="email" label=m.residents.resident_email kind="email" autocomplete="off" hint=m.residents.email_hint initial=text(|r| r.email.clone())/>
            <SelectField name="email_owner" label=m.residents.resident_email_owner options=owners initial=if r.as_ref().is_some_and(|r| r.email_family) { "family" } else { "self" }/>
            <Field name="postal_code" label=m.residents.resident_postal_code autocomplete="off" hint=m.residents.address_hint initial=text(|r| r.postal_code.clone())/>
            <Field name="address" label=m.residents.resident_address autocomplete="off" initial=text(|r| r.address.clone())/>
            <SelectField name="smartphone" label=m.residents.resident_smartphone options=phones initial=r.as_ref().map(|r| r.smartphone.code().to_string()).unwrap_or_else(|| "none".into())/>
            <SelectField name="phone_wish" label=m.residents.resident_phone_wish hint=m.residents.phone_wish_hint options=wishes initial=r.as_ref().map(|r| r.phone_wish.code().to_string()).unwrap_or_default()/>
            <CheckboxGroup name="need" legend=m.residents.resident_needs options=needs initial=needs_set/>
            <TextArea name="notes" label=m.residents.resident_notes initial=text(|r| r.notes.clone())/>
            <TextArea name="sensitive_notes" label=m.residents.resident_sensitive_notes hint=m.residents.sensitive_hint initial=text(|r| r.sensitive_notes.clone())/>
            {(!consent_recorded).then(|| view! {
                <CheckboxGroup name="consent" legend=m.residents.consent_legend required=true
                    options=vec![("1".to_string(), m.residents.consent_label.to_string())]/>
            })}
            <SubmitButton label=m.common.session_save/>
        </form>
    }
}

/// `/residents/:id`: the record, booking, history, notices and merging.
#[component]
pub fn ResidentPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(resident_page);
                view! { <Loaded resource=data let:d><ResidentView data=d/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn ResidentView(data: ResidentPageData) -> impl IntoView {
    let m = t();
    let r = data.resident.clone();
    if r.erased_at.is_some() {
        return view! {
            <PageTitle text=m.residents.erased_name/>
            <Notice/>
            <p class="notice" role="status">{m.residents.erased}</p>
            <crate::paper_support::SupportHistory resident_id=r.id lines=data.support.clone()/>
        }
        .into_any();
    }
    if let Some(into) = r.merged_into {
        return view! {
            <PageTitle text=r.name.clone()/>
            <p class="notice warning" role="status">{m.residents.merged_away}" "
                <a href=format!("/residents/{into}")>{fill(m.residents.merged_go, &[("id", &into.to_string())])}</a>
            </p>
        }
        .into_any();
    }
    let merge_action = format!("/forms/residents/{}/merge", r.id);
    view! {
        <PageTitle text=format!("{} 様", r.name)/>
        <Notice/>
        {r.walkin.then(|| view! { <p class="notice warning" role="status">{t().residents.walkin_record}</p> })}
        <p class="actions">
            <a class="button" href=format!("/residents/{}/edit", r.id)>{m.residents.resident_edit}</a>
            <a class="button secondary" href="/intake">{m.common.next_caller}</a>
            <a class="button secondary" href=format!("/residents/{}/disclosure", r.id)>{m.disclosure.link}</a>
        </p>
        <ResidentFacts resident=r.clone()/>
        <BookingSection resident_id=r.id/>
        {data.supporter.is_none().then(|| view! { <crate::supporters::InterestedForm resident_id=r.id from="intake"/> })}
        <h2 id="history">{m.common.history_title}</h2>
        <HistoryTable resident_id=r.id entries=data.history.clone()/>
        <crate::paper_support::SupportHistory resident_id=r.id lines=data.support.clone()/>
        <h2 id="notices">{m.residents.notices_title}</h2>
        <NoticeTable notices=data.notices.clone()/>
        <h2 id="merge">{m.residents.merge_title}</h2>
        <p>{m.residents.merge_intro}</p>
        <form method="post" action=merge_action class="form narrow" aria-labelledby="merge">
            <Field name="into" label=m.residents.merge_into kind="text" hint=m.residents.merge_hint autocomplete="off"/>
            <SubmitButton label=m.residents.merge_submit secondary=true/>
        </form>
        {crate::auth::use_user().is_some_and(|u| u.role == crate::auth::Role::Admin).then(|| {
            let supporter = data.supporter;
            view! {
                <crate::ui::EraseSection
                    action=format!("/forms/residents/{}/erase", r.id)
                    title=m.residents.erase_title
                    intro=m.residents.erase_intro
                    confirm=m.residents.erase_confirm
                    submit=m.residents.erase_submit
                >
                    {supporter.map(|id| view! {
                        <p class="notice warning">
                            {m.residents.erase_supporter} " "
                            <a href=format!("/supporters/{id}#erase")>{m.residents.erase_supporter_link}</a>
                        </p>
                    })}
                </crate::ui::EraseSection>
            }
        })}
    }
    .into_any()
}

/// A resident's record as staff read it back (and as the disclosure print shows it).
#[component]
pub fn ResidentFacts(resident: Resident) -> impl IntoView {
    let m = t();
    let r = resident;
    let phones: Vec<String> = [&r.phone, &r.phone_alt]
        .into_iter()
        .flatten()
        .map(|d| crate::domain::PhoneNumber::display(d))
        .collect();
    let needs: Vec<&str> =
        r.needs.each(m).iter().filter(|(_, _, set)| *set).map(|(_, label, _)| *label).collect();
    let consent = match (r.consent_at, &r.consent_by) {
        (Some(at), by) => fill(
            m.residents.consent_value,
            &[
                (
                    "date",
                    &format_datetime_ja(
                        chrono::DateTime::from_timestamp(at, 0).unwrap_or_default(),
                    ),
                ),
                ("staff", by.as_deref().unwrap_or("")),
            ],
        ),
        (None, _) => m.residents.consent_missing.to_string(),
    };
    let email = if r.email.is_empty() {
        String::new()
    } else if r.email_family {
        format!("{}（{}）", r.email, m.residents.email_family)
    } else {
        r.email.clone()
    };
    let address = format!("{} {}", r.postal_code, r.address).trim().to_string();
    view! {
        <dl class="facts">
            <dt>{m.residents.resident_number}</dt><dd>{r.id}</dd>
            <dt>{m.common.resident_kana}</dt><dd>{katakana(&r.kana)}</dd>
            <dt>{m.residents.resident_birth_year}</dt><dd>{r.birth_year.map(birth_year_label).unwrap_or_default()}</dd>
            <dt>{m.common.venue_district}</dt><dd>{r.district.clone().unwrap_or_default()}</dd>
            <dt>{m.common.resident_phone}</dt><dd>{phones.join("、")}</dd>
            <dt>{m.common.resident_contact_pref}</dt><dd>{r.contact_pref.label(m)}</dd>
            {(!email.is_empty()).then(|| view! { <dt>{m.residents.resident_email}</dt><dd>{email.clone()}</dd> })}
            {(!address.is_empty()).then(|| view! { <dt>{m.residents.resident_address}</dt><dd>{address.clone()}</dd> })}
            <dt>{m.residents.resident_smartphone}</dt><dd>{r.smartphone.label(m)}</dd>
            {(r.phone_wish != PhoneWish::Unknown).then(|| view! { <dt>{m.residents.resident_phone_wish}</dt><dd>{r.phone_wish.label(m)}</dd> })}
            <dt>{m.residents.resident_needs}</dt><dd>{if needs.is_empty() { m.residents.needs_none.to_string() } else { needs.join("、") }}</dd>
            <dt>{m.residents.consent_legend}</dt><dd>{consent}</dd>
            {(!r.notes.is_empty()).then(|| view! { <dt>{m.residents.resident_notes}</dt><dd class="prewrap">{r.notes.clone()}</dd> })}
            {(!r.sensitive_notes.is_empty()).then(|| view! { <dt>{m.residents.resident_sensitive_notes}</dt><dd class="prewrap">{r.sensitive_notes.clone()}</dd> })}
        </dl>
    }
}

#[component]
fn NoticeTable(notices: Vec<super::NoticeEntry>) -> impl IntoView {
    let m = t();
    if notices.is_empty() {
        return view! { <p>{m.residents.notices_none}</p> }.into_any();
    }
    view! {
        <Table
            caption=m.residents.notices_title
            heads=vec![
                m.common.notice_made,
                m.residents.notice_kind,
                m.residents.notice_channel,
                m.common.session_title,
                m.common.session_status,
            ]
        >
            {notices.into_iter().map(|n| {
                let kind = crate::notify::NoticeKind::from_code(&n.kind).map(|k| k.label(m)).unwrap_or_default();
                let channel = ContactPref::from_code(&n.channel).map(|c| c.label(m)).unwrap_or_default();
                let status = crate::notify::status_label(m, &n.status, n.outcome.as_deref());
                view! {
                    <tr>
                        <td>{format_datetime_ja(chrono::DateTime::from_timestamp(n.created_at, 0).unwrap_or_default())}</td>
                        <td>{kind}</td>
                        <td>{channel}</td>
                        <td>{n.session_title.clone()}</td>
                        <td>{status}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
    .into_any()
}

/// `/walkins`: people added at the door, for staff to merge with an existing record or
/// complete.
#[component]
pub fn WalkinsPage() -> impl IntoView {
    let m = t();
    let data = Resource::new(|| (), |_| load_walkins());
    view! {
        <Guard>
            <PageTitle text=m.residents.walkins_title/>
            <p>{m.residents.walkins_intro}</p>
            <Loaded resource=data let:list>
                {if list.is_empty() {
                    view! { <p role="status">{t().residents.walkins_none}</p> }.into_any()
                } else {
                    view! { <WalkinTable list/> }.into_any()
                }}
            </Loaded>
        </Guard>
    }
}

#[component]
fn WalkinTable(list: Vec<super::WalkinLine>) -> impl IntoView {
    let m = t();
    let english = crate::i18n::use_locale() == crate::i18n::Locale::En;
    view! {
        <Table
            caption=m.residents.walkins_title
            heads=vec![
                m.common.resident_name,
                m.common.walkin_age_band,
                m.common.venue_district,
                m.common.session_title,
            ]
        >
            {list.into_iter().map(|w| {
                let band = w.age_band.as_deref().and_then(crate::domain::AgeBand::from_code)
                    .map(|b| if english { b.label_en() } else { b.label_ja() })
                    .unwrap_or_default();
                let who = if w.kana.is_empty() { w.name.clone() } else { format!("{}（{}）", w.name, katakana(&w.kana)) };
                view! {
                    <tr>
                        <td><a href=format!("/residents/{}", w.id)>{who}</a></td>
                        <td>{band}</td>
                        <td>{w.district.clone().unwrap_or_default()}</td>
                        <td>{format!("{} {}", crate::domain::format_date_ja(crate::domain::to_japan(chrono::DateTime::from_timestamp(w.starts_at, 0).unwrap_or_default()).date_naive()), w.session_title)}</td>
                    </tr>
                }
            }).collect_view()}
        </Table>
    }
}
