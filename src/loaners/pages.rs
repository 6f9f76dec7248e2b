//! The inventory page, and the loans section of the check-in page.

use super::api::{load_inventory, load_session_loans, Inventory, SessionLoans};
use super::HomeLoan;
use crate::auth::Guard;
use crate::checkin::CheckinEntry;
use crate::i18n::t;
use crate::ui::form::field_error;
use crate::ui::{ErrorSummary, Field, Loaded, Notice, PageTitle, SelectField, SubmitButton, Table};
use leptos::prelude::*;

/// `/devices`: each partner's loaner phones, and a form to add one.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let d = t().loaners;
    let data = Resource::new(|| (), |_| load_inventory());
    view! {
        <Guard>
            <PageTitle text=d.devices_title/>
            <Notice/>
            <Loaded resource=data let:inv>
                <InventoryView inv/>
            </Loaded>
        </Guard>
    }
}

/// Phones lent home: soonest due first, those overdue marked, each with a form to record
/// it back (condition, a note, reset at once).
#[component]
fn HomeLoans(loans: Vec<HomeLoan>, today: String) -> impl IntoView {
    let m = t();
    let d = m.loaners;
    let error = field_error("home_return");
    view! {
        <h2 id="home-loans">{d.home_title}</h2>
        {move || error.get().map(|code| view! { <p class="error-summary" role="alert" id="home_return">{t().error_text(&code)}</p> })}
        {if loans.is_empty() {
            view! { <p>{d.home_none}</p> }.into_any()
        } else {
            view! {
                <ul class="loan-list">
                    {loans.into_iter().map(|l| {
                        let overdue = l.due_on < today;
                        let due = chrono::NaiveDate::parse_from_str(&l.due_on, "%Y-%m-%d")
                            .map(crate::domain::format_date_ja)
                            .unwrap_or_default();
                        let who = format!("{} → {}（{}）", l.device_label, l.holder, l.session_title);
                        let (condition, note, wiped) =
                            (format!("condition-{}", l.id), format!("note-{}", l.id), format!("wiped-{}", l.id));
                        view! {
                            <li class="loan-row">
                                <p class="loan-who">
                                    {who.clone()} " ・ " {d.home_due} " " {due}
                                    {overdue.then(|| view! { " " <span class="badge warning">{d.home_overdue}</span> })}
                                </p>
                                <form method="post" action=format!("/forms/loans/{}/home-return", l.id) class="form inline-fields" aria-label=format!("{}：{who}", d.home_return)>
                                    <div class="field">
                                        <label for=condition.clone()>{d.home_condition}</label>
                                        <select id=condition name="condition" required>
                                            <option value="">{t().common.choose}</option>
                                            {super::CONDITIONS.iter().map(|c| view! { <option value=*c>{condition_label(c)}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for=note.clone()>{d.home_note}</label>
                                        <input id=note name="note" type="text" maxlength="500" autocomplete="off"/>
                                    </div>
                                    <div class="field checkbox">
                                        <input id=wiped.clone() name="wiped" type="checkbox" value="1"/>
                                        <label for=wiped>{d.home_wiped}</label>
                                    </div>
                                    <button type="submit" class="button">{d.home_return}</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// How a phone came back, in words.
fn condition_label(code: &str) -> &'static str {
    let d = t().loaners;
    match code {
        "damaged" => d.condition_damaged,
        "lost" => d.condition_lost,
        _ => d.condition_good,
    }
}

#[component]
fn InventoryView(inv: Inventory) -> impl IntoView {
    let m = t();
    let d = m.loaners;
    let partners: Vec<(String, String)> =
        inv.partners.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let os = vec![
        ("iphone".to_string(), "iPhone".to_string()),
        ("android".to_string(), "Android".to_string()),
    ];
    view! {
        <HomeLoans loans=inv.home.clone() today=inv.today.clone()/>
        <h2 id="inventory">{d.inventory_title}</h2>
        {if inv.devices.is_empty() {
            view! { <p>{d.devices_none}</p> }.into_any()
        } else {
            view! {
                <Table
                    caption=d.devices_title
                    heads=vec![
                        m.common.session_host,
                        d.device_label,
                        d.device_os,
                        d.device_model,
                        m.common.session_status,
                    ]
                >
                    {inv.devices.into_iter().map(|x| view! {
                        <tr>
                            <td>{x.partner_name.clone()}</td>
                            <td>{x.label.clone()}</td>
                            <td>{x.os.label()}</td>
                            <td>{x.model.clone()}</td>
                            <td>{if x.out { d.device_out } else { d.device_in }}</td>
                        </tr>
                    }).collect_view()}
                </Table>
            }.into_any()
        }}
        <h2 id="add-device">{d.device_add}</h2>
        <ErrorSummary/>
        <form method="post" action="/forms/devices" class="form narrow" aria-labelledby="add-device">
            <SelectField name="partner_id" label=m.common.session_host options=partners/>
            <Field name="label" label=d.device_label required=true hint=d.device_label_hint autocomplete="off"/>
            <SelectField name="os" label=d.device_os options=os/>
            <Field name="model" label=d.device_model autocomplete="off"/>
            <SubmitButton label=d.device_add/>
        </form>
    }
}

/// On the check-in page: lend a device to someone present, and the checklist of the
/// session's loans (returned, reset).
#[component]
pub fn LoanSection(session_id: i64, people: Vec<CheckinEntry>) -> impl IntoView {
    let data = Resource::new(move || session_id, load_session_loans);
    view! {
        <Loaded resource=data let:loans>
            <Loans session_id loans people=people.clone()/>
        </Loaded>
    }
}

#[component]
fn Loans(session_id: i64, loans: SessionLoans, people: Vec<CheckinEntry>) -> impl IntoView {
    let m = t();
    let d = m.loaners;
    if loans.loans.is_empty() && loans.available.is_empty() {
        return ().into_any();
    }
    let choose = (String::new(), m.common.choose.to_string());
    let devices: Vec<(String, String)> = std::iter::once(choose.clone())
        .chain(loans.available.iter().map(|(id, l)| (id.to_string(), l.clone())))
        .collect();
    let holders: Vec<(String, String)> = std::iter::once(choose)
        .chain(people.iter().map(|p| (p.registration_id.to_string(), p.name.clone())))
        .collect();
    let error = field_error("loans");
    view! {
        <h2 id="loans">{d.loans_title}</h2>
        {move || error.get().map(|code| view! { <p class="error-summary" role="alert">{t().error_text(&code)}</p> })}
        {(!loans.available.is_empty()).then(|| view! {
            <form method="post" action=format!("/forms/sessions/{session_id}/loans") class="form narrow" aria-labelledby="loans">
                <SelectField name="registration_id" label=d.loan_to options=holders.clone()/>
                <SelectField name="device_id" label=d.loan_device options=devices.clone()/>
                <Field name="due_on" label=d.loan_due_on kind="date" hint=d.loan_due_on_hint/>
                <SubmitButton label=d.loan_lend/>
            </form>
        })}
        {(!loans.loans.is_empty()).then(|| view! {
            <ul class="loan-list">
                {loans.loans.iter().map(|l| {
                    let returned = format!("/forms/loans/{}/returned", l.id);
                    let wiped = format!("/forms/loans/{}/wiped", l.id);
                    let who = format!("{}（{}）→ {}", l.device_label, l.os.label(), l.holder);
                    view! {
                        <li class="loan-row">
                            <p class="loan-who">{who.clone()}</p>
                            <div class="loan-checks">
                                {match (&l.due_on, l.returned) {
                                    (Some(due), false) => view! { <span class="badge">{crate::i18n::fill(d.loan_home_badge, &[("date", due)])}</span> }.into_any(),
                                    _ => ().into_any(),
                                }}
                                {if l.due_on.is_some() && !l.returned {
                                    ().into_any()
                                } else if l.returned {
                                    view! { <span class="badge">{format!("✓ {}", d.loan_returned)}</span> }.into_any()
                                } else {
                                    view! { <form method="post" action=returned class="inline-form"><button type="submit" class="button" aria-label=format!("{}：{who}", d.loan_mark_returned)>{d.loan_mark_returned}</button></form> }.into_any()
                                }}
                                {if l.wiped {
                                    view! { <span class="badge">{format!("✓ {}", d.loan_wiped)}</span> }.into_any()
                                } else if l.returned {
                                    view! { <form method="post" action=wiped class="inline-form"><button type="submit" class="button secondary" aria-label=format!("{}：{who}", d.loan_mark_wiped)>{d.loan_mark_wiped}</button></form> }.into_any()
                                } else {
                                    ().into_any()
                                }}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
    .into_any()
}
