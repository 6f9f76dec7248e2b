//! The inventory page (`/devices`) with the phones lent home. (Lending at a session is on
//! the check-in page: `checkin::loan_desk`.)

use super::api::{load_inventory, Inventory};
use super::HomeLoan;
use crate::auth::Guard;
use crate::i18n::t;
use crate::ui::form::{field_error, kept_value};
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
    // A refused return comes back with what was chosen and typed, in that loan's form.
    let refused = kept_value("loan", String::new()).get_untracked();
    let kept_condition = kept_value("condition", String::new()).get_untracked();
    let kept_note = kept_value("note", String::new()).get_untracked();
    let kept_wiped = kept_value("wiped", String::new()).get_untracked() == "1";
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
                        let this = refused == l.id.to_string();
                        let chosen = if this { kept_condition.clone() } else { String::new() };
                        let typed = if this { kept_note.clone() } else { String::new() };
                        let problem = if this { error.get_untracked() } else { None };
                        let error_id = format!("home-return-error-{}", l.id);
                        view! {
                            <li class="loan-row">
                                <p class="loan-who">
                                    {who.clone()} " ・ " {d.home_due} " " {due}
                                    {overdue.then(|| view! { " " <span class="badge warning">{d.home_overdue}</span> })}
                                </p>
                                <form method="post" action=format!("/forms/loans/{}/home-return", l.id) class="form inline-fields" aria-label=format!("{}：{who}", d.home_return)>
                                    <input type="hidden" name="loan" value=l.id.to_string()/>
                                    {problem.clone().map(|code| view! { <p class="field-error" id=error_id.clone()>{t().error_text(&code)}</p> })}
                                    <div class="field">
                                        <label for=condition.clone()>{d.home_condition}</label>
                                        <select id=condition name="condition" required aria-describedby=problem.is_some().then(|| error_id.clone())>
                                            <option value="">{t().common.choose}</option>
                                            {super::CONDITIONS.iter().map(|c| view! { <option value=*c selected=chosen == *c>{condition_label(c)}</option> }).collect_view()}
                                        </select>
                                    </div>
                                    <div class="field">
                                        <label for=note.clone()>{d.home_note}</label>
                                        <input id=note name="note" type="text" maxlength="500" autocomplete="off" value=typed/>
                                    </div>
                                    <div class="field checkbox">
                                        <input id=wiped.clone() name="wiped" type="checkbox" value="1" checked=this && kept_wiped/>
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
