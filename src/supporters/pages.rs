//! Pages of the supporters programme: the pipeline board, a supporter's profile with its
//! forms, one's own record, matching supporters to a session, the certification register
//! and the reminders.

use super::api::{
    load_board, load_matching, load_my_supporter, load_register, load_reminders, load_supporter,
    load_supporter_form,
};
use super::{
    basis_label, credential_summary, day_label, help_label, time_label, wareki_date, Board,
    CredentialKind, Matching, Register, ReminderLine, Stage, Supporter, SupporterFormData,
    SupporterPageData, BASES, DAYS, HELP, TIMES,
};
use crate::auth::Guard;
use crate::auth::Role;
use crate::domain::{format_span_ja, FiscalYear};
use crate::i18n::{fill, t, use_locale, Locale};
use crate::ui::{
    by_id, numbered_options, CheckboxGroup, ErrorSummary, Field, Loaded, Notice, PageTitle,
    SelectField, SubmitButton, Table, TextArea,
};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `2025-06-12` as `2025年6月12日(木)`; anything else as it is.
fn day_text(day: &str) -> String {
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .map(crate::domain::format_date_ja)
        .unwrap_or_else(|_| day.to_string())
}

fn pairs(
    codes: &[&str],
    label: fn(&crate::i18n::Messages, &str) -> &'static str,
) -> Vec<(String, String)> {
    let m = t();
    codes.iter().map(|c| (c.to_string(), label(m, c).to_string())).collect()
}

fn is_admin() -> bool {
    crate::auth::use_user().is_some_and(|u| u.role == Role::Admin)
}

/// `/supporters`: every supporter by stage, with links to the register and reminders.
#[component]
pub fn SupportersBoardPage() -> impl IntoView {
    let s = t().supporters;
    view! {
        <Guard>
            {move || {
                let board = Resource::new(|| (), |_| load_board());
                view! {
                    <PageTitle text=s.board_title/>
                    <Notice/>
                    <ErrorSummary/>
                    <p>{s.board_intro}</p>
                    <p class="actions">
                        <a class="button" href="/supporters/new">{s.new_link}</a>
                        <a class="button secondary" href="/supporters/register">{s.register_link}</a>
                        <a class="button secondary" href="/supporters/reminders">{s.reminders_link}</a>
                    </p>
                    <Loaded resource=board let:b>
                        <BoardView b/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn BoardView(b: Board) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let stalled_before = chrono::NaiveDate::parse_from_str(&b.today, "%Y-%m-%d")
        .map(|d| (d - chrono::Duration::days(b.stall_days)).format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let columns = Stage::ALL.into_iter().map(|stage| {
        let lines: Vec<_> = b.lines.iter().filter(|l| l.stage == stage).cloned().collect();
        let heading = format!("{}（{}）", stage.label(m), fill(s.people, &[("n", &lines.len().to_string())]));
        let id = format!("stage-{}", stage.code());
        let labelled_by = id.clone();
        let units_total = b.units_total;
        let stalled_before = stalled_before.clone();
        view! {
            <section class="board-column" aria-labelledby=labelled_by>
                <h2 id=id>{heading}</h2>
                {if lines.is_empty() {
                    view! { <p>{s.board_empty}</p> }.into_any()
                } else {
                    view! {
                        <ul class="board-cards">
                            {lines.into_iter().map(|l| {
                                let stalled = l.stage == Stage::Enrolled && l.last_progress_on <= stalled_before;
                                view! {
                                    <li>
                                        <a href=format!("/supporters/{}", l.id)>{l.name.clone()}</a>
                                        <span class="kana">{l.kana.clone()}</span>
                                        {(l.stage == Stage::Enrolled).then(|| view! {
                                            <span>{fill(s.units_progress, &[("done", &l.units_done.to_string()), ("total", &units_total.to_string())])}</span>
                                        })}
                                        {stalled.then(|| view! {
                                            <span class="overdue">{fill(s.stalled_since, &[("date", &day_text(&l.last_progress_on))])}</span>
                                        })}
                                        {l.district.clone().map(|d| view! { <span>{d}</span> })}
                                        {(l.stage == Stage::Interested)
                                            .then_some(l.came_from.as_str())
                                            .and_then(|from| match from {
                                                "questionnaire" => Some(s.came_questionnaire),
                                                "intake" => Some(s.came_intake),
                                                "support_request" => Some(s.came_support_request),
                                                _ => None,
                                            })
                                            .map(|text| view! { <span>{text}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        }
    }).collect_view();
    view! {
        <div class="board">{columns}</div>
        {is_admin().then(|| view! {
            <h2 id="settings">{s.settings_title}</h2>
            <p>{s.settings_intro} " " <a href="/admin/course-units">{s.units_admin_link}</a></p>
            <form method="post" action="/forms/supporters/settings" class="form narrow" aria-labelledby="settings">
                <Field name="stall_days" label=s.stall_days kind="number" required=true initial=b.stall_days.to_string()/>
                <Field name="per_supporter" label=s.per_supporter kind="number" required=true initial=b.participants_per_supporter.to_string()/>
                <SubmitButton label=s.save/>
            </form>
        })}
    }
}

/// `/supporters/new`: someone interested in becoming a supporter.
#[component]
pub fn SupporterNewPage() -> impl IntoView {
    let s = t().supporters;
    view! {
        <Guard>
            {move || {
                let data = Resource::new(|| (), |_| load_supporter_form());
                view! {
                    <PageTitle text=s.new_title/>
                    <ErrorSummary/>
                    <p>{s.eligibility}</p>
                    <Loaded resource=data let:d>
                        <SupporterForm data=d supporter=None/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

/// The supporter form: new, or editing `supporter`.
#[component]
fn SupporterForm(data: SupporterFormData, supporter: Option<Supporter>) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let action = match &supporter {
        Some(x) => format!("/forms/supporters/{}", x.id),
        None => "/forms/supporters".to_string(),
    };
    let x = supporter.clone();
    let initial = move |f: fn(&Supporter) -> String| x.as_ref().map(f).unwrap_or_default();
    let list = |f: fn(&Supporter) -> Vec<String>| supporter.as_ref().map(f).unwrap_or_default();
    let users = numbered_options(&data.users);
    view! {
        <form method="post" action=action class="form narrow">
            <Field name="name" label=s.name required=true autocomplete="off" initial=initial(|x| x.name.clone())/>
            <Field name="kana" label=s.kana required=true hint=s.kana_hint autocomplete="off" initial=initial(|x| x.kana.clone())/>
            <Field name="phone" label=s.phone kind="tel" initial=initial(|x| x.phone.clone().unwrap_or_default())/>
            <Field name="email" label=s.email kind="email" hint=s.email_hint initial=initial(|x| x.email.clone())/>
            <SelectField name="basis" label=s.basis options=std::iter::once((String::new(), m.common.choose.to_string())).chain(pairs(&BASES, basis_label)).collect() initial=initial(|x| x.basis.clone())/>
            <CheckboxGroup name="adult" legend=s.adult_legend options=vec![("1".to_string(), s.adult.to_string())] initial=supporter.as_ref().filter(|x| x.adult_confirmed).map(|_| vec!["1".to_string()]).unwrap_or_default() required=true/>
            <CheckboxGroup name="help" legend=s.help_legend options=pairs(&HELP, help_label) initial=list(|x| x.help.clone())/>
            <Field name="help_other" label=s.help_other initial=initial(|x| x.help_other.clone())/>
            <CheckboxGroup name="day" legend=s.days_legend options=pairs(&DAYS, day_label) initial=list(|x| x.days.clone())/>
            <CheckboxGroup name="time" legend=s.times_legend options=pairs(&TIMES, time_label) initial=list(|x| x.times.clone())/>
            <SelectField name="district_id" label=s.district options=numbered_options(&data.districts) initial=initial(|x| x.district_id.map(|d| d.to_string()).unwrap_or_default())/>
            <SelectField name="partner_id" label=s.partner options=numbered_options(&data.partners) initial=initial(|x| x.partner_id.map(|d| d.to_string()).unwrap_or_default())/>
            <Field name="resident_id" label=s.resident_id hint=s.resident_id_hint autocomplete="off" initial=initial(|x| x.resident_id.map(|d| d.to_string()).unwrap_or_default())/>
            <SelectField name="user_id" label=s.user hint=s.user_hint options=users initial=initial(|x| x.user_id.map(|d| d.to_string()).unwrap_or_default())/>
            <TextArea name="notes" label=s.notes initial=initial(|x| x.notes.clone())/>
            <SubmitButton label=s.save/>
        </form>
    }
}

/// `/supporters/:id`: the profile, its history and the forms that move it along.
#[component]
pub fn SupporterPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(load_supporter);
                view! { <Loaded resource=data let:d><Profile d staff=true/></Loaded> }
            }}
        </Guard>
    }
}

/// `/my-supporter`: a signed-in user's own supporter record (read only).
#[component]
pub fn MySupporterPage() -> impl IntoView {
    let s = t().supporters;
    view! {
        <Guard>
            {move || {
                let data = Resource::new(|| (), |_| load_my_supporter());
                view! {
                    <Loaded resource=data let:d>
                        {match d {
                            Some(d) => view! { <Profile d staff=false/> }.into_any(),
                            None => view! {
                                <PageTitle text=s.mine_title/>
                                <p role="status">{s.mine_none}</p>
                            }.into_any(),
                        }}
                    </Loaded>
                }
            }}
        </Guard>
    }
}

/// What a supporter does next, as their own record tells them.
fn next_step(m: &crate::i18n::Messages, stage: Stage, units: &[super::UnitProgress]) -> String {
    let s = m.supporters;
    match stage {
        Stage::Interested => s.next_interested.to_string(),
        Stage::Enrolled => {
            match units.iter().find(|u| u.completed_on.is_none() && u.claimed_on.is_none()) {
                Some(u) => fill(s.next_enrolled, &[("unit", &u.name)]),
                None => s.next_enrolled_done.to_string(),
            }
        }
        Stage::Completed => s.next_completed.to_string(),
        Stage::Certified => s.next_certified.to_string(),
        Stage::Active => s.next_active.to_string(),
        Stage::Inactive => s.next_inactive.to_string(),
    }
}

#[component]
fn Profile(d: SupporterPageData, staff: bool) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let x = d.supporter.clone();
    if x.erased_at.is_some() {
        return view! {
            <PageTitle text=s.erased_name/>
            <Notice/>
            <p class="notice" role="status">{s.erased}</p>
            <dl class="facts">
                <dt>{s.stage}</dt><dd><strong>{x.stage.label(m)}</strong></dd>
            </dl>
            <p><a href="/supporters">{s.back_board}</a></p>
        }
        .into_any();
    }
    let labels = |codes: &[String], f: fn(&crate::i18n::Messages, &str) -> &'static str| {
        codes.iter().map(|c| f(m, c)).collect::<Vec<_>>().join("、")
    };
    let help = {
        let mut list = labels(&x.help, help_label);
        if !x.help_other.is_empty() {
            if !list.is_empty() {
                list.push('、');
            }
            list.push_str(&x.help_other);
        }
        list
    };
    let done = d.units.iter().filter(|u| u.completed_on.is_some()).count();
    let total = d.units.len();
    let title = if staff { x.name.clone() } else { s.mine_title.to_string() };
    view! {
        <PageTitle text=title/>
        <Notice/>
        <ErrorSummary/>
        <dl class="facts">
            <dt>{s.name}</dt><dd>{x.name.clone()}</dd>
            <dt>{s.kana}</dt><dd>{x.kana.clone()}</dd>
            <dt>{s.stage}</dt><dd><strong>{x.stage.label(m)}</strong></dd>
            <dt>{s.last_progress}</dt><dd>{day_text(&x.last_progress_on)}</dd>
            <dt>{s.phone}</dt><dd>{x.phone.clone().unwrap_or_default()}</dd>
            <dt>{s.email}</dt><dd>{x.email.clone()}</dd>
            <dt>{s.basis}</dt><dd>{basis_label(m, &x.basis)}{if x.adult_confirmed { format!("・{}", s.adult_short) } else { String::new() }}</dd>
            <dt>{s.help_legend}</dt><dd>{help}</dd>
            <dt>{s.days_legend}</dt><dd>{labels(&x.days, day_label)} " " {labels(&x.times, time_label)}</dd>
            <dt>{s.district}</dt><dd>{x.district.clone().unwrap_or_default()}</dd>
            <dt>{s.partner}</dt><dd>{x.partner.clone().unwrap_or_default()}</dd>
            <dt>{s.user}</dt><dd>{x.user_name.clone().unwrap_or_else(|| s.user_none.to_string())}</dd>
            {(staff && x.resident_id.is_some()).then(|| {
                let rid = x.resident_id.unwrap_or_default();
                view! { <dt>{s.resident_id}</dt><dd><a href=format!("/residents/{rid}")>{rid}</a></dd> }
            })}
            {x.certified_on.clone().map(|on| view! {
                <dt>{s.certificate_no}</dt><dd>{x.certificate_no.clone()}</dd>
                <dt>{s.certified_on}</dt><dd>{format!("{}（{}）", day_text(&on), wareki_date(&on))}</dd>
            })}
        </dl>
        {staff.then(|| view! { <StageForm x=x.clone() done total/> })}
        {(!staff).then(|| view! {
            <h2 id="next-step">{s.next_step_title}</h2>
            <p class="script">{next_step(m, x.stage, &d.units)}</p>
        })}
        <h2 id="units">{fill(s.units_title, &[("done", &done.to_string()), ("total", &total.to_string())])}</h2>
        {if staff && x.stage == Stage::Enrolled {
            let options: Vec<(String, String)> = d.units.iter().map(|u| {
                let label = match (&u.completed_on, &u.claimed_on) {
                    (Some(on), _) => format!("{}（{}）", u.name, day_text(on)),
                    (None, Some(on)) => fill(s.unit_claimed_staff, &[("unit", &u.name), ("date", &day_text(on))]),
                    (None, None) => u.name.clone(),
                };
                (u.unit_id.to_string(), label)
            }).collect();
            let ticked: Vec<String> = d.units.iter().filter(|u| u.completed_on.is_some()).map(|u| u.unit_id.to_string()).collect();
            view! {
                <form method="post" action=format!("/forms/supporters/{}/units", x.id) class="form narrow" aria-labelledby="units">
                    <CheckboxGroup name="unit" legend=s.units_legend options initial=ticked/>
                    <Field name="units_on" label=s.units_on kind="date" hint=s.date_hint initial=d.form.today.clone()/>
                    <SubmitButton label=s.units_save/>
                </form>
            }.into_any()
        } else {
            view! {
                <ul class="unit-list">
                    {d.units.iter().map(|u| {
                        // A trainee may tick a unit for staff to confirm.
                        let may_tick = !staff && x.stage == Stage::Enrolled && u.completed_on.is_none() && u.claimed_on.is_none();
                        view! {
                            <li>
                                {match (&u.completed_on, &u.claimed_on) {
                                    (Some(on), _) => format!("✓ {}（{}）", u.name, day_text(on)),
                                    (None, Some(on)) => format!("… {}", fill(s.unit_claimed, &[("unit", &u.name), ("date", &day_text(on))])),
                                    (None, None) => format!("－ {}", u.name),
                                }}
                                {may_tick.then(|| view! {
                                    <form method="post" action=format!("/forms/my-supporter/units/{}", u.unit_id) class="inline-form">
                                        <button type="submit" class="button secondary" aria-label=fill(s.unit_claim_label, &[("unit", &u.name)])>{s.unit_claim}</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {(staff && x.stage != Stage::Enrolled).then(|| view! { <p>{s.units_only_enrolled}</p> })}
            }.into_any()
        }}
        <h2 id="credentials">{s.credentials_title}</h2>
        {if d.credentials.is_empty() {
            view! { <p>{s.credentials_none}</p> }.into_any()
        } else {
            view! {
                <ul>
                    {d.credentials.iter().map(|c| view! { <li>{credential_summary(m, c)}</li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {staff.then(|| view! { <CredentialForm id=x.id/> })}
        <h2 id="sessions">{s.sessions_title}</h2>
        {if d.sessions.is_empty() {
            view! { <p>{s.sessions_none}</p> }.into_any()
        } else {
            let total: i64 = d.sessions.iter().filter_map(|h| h.minutes).sum();
            view! {
                <p>{fill(s.hours_total, &[("hours", &format!("{:.1}", total as f64 / 60.0))])}</p>
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">{s.sessions_title}</caption>
                        <thead><tr><th scope="col">{s.col_when}</th><th scope="col">{s.col_session}</th><th scope="col" class="number">{s.col_minutes}</th></tr></thead>
                        <tbody>
                            {d.sessions.iter().map(|h| view! {
                                <tr>
                                    <td>{format_span_ja(h.starts_at, h.starts_at)}</td>
                                    <td><a href=format!("/sessions/{}", h.session_id)>{h.title.clone()}</a></td>
                                    <td class="number">{h.minutes.map(|n| n.to_string()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <h2 id="reminders">{s.reminders_title}</h2>
        <ReminderTable lines=d.reminders.clone() actions=false/>
        {staff.then(|| view! {
            <h2 id="edit">{s.edit_title}</h2>
            <SupporterForm data=d.form.clone() supporter=Some(x.clone())/>
            <p><a href="/supporters">{s.back_board}</a></p>
        })}
        {(staff && crate::auth::use_user().is_some_and(|u| u.role == crate::auth::Role::Admin))
            .then(|| view! { <EraseForm id=x.id/> })}
    }
    .into_any()
}

/// The erase section of a supporter's page (admins).
#[component]
fn EraseForm(id: i64) -> impl IntoView {
    let s = t().supporters;
    view! {
        <crate::ui::EraseSection
            action=format!("/forms/supporters/{id}/erase")
            title=s.erase_title
            intro=s.erase_intro
            confirm=s.erase_confirm
            submit=s.erase_submit
        />
    }
}

#[component]
fn StageForm(x: Supporter, done: usize, total: usize) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let next = x.stage.next(x.certified_on.is_some());
    let options: Vec<(String, String)> =
        next.iter().map(|st| (st.code().to_string(), st.label(m).to_string())).collect();
    let certifying = next.contains(&Stage::Certified);
    view! {
        <h2 id="stage-title">{s.stage_title}</h2>
        <p>{match x.stage {
            Stage::Enrolled => fill(s.stage_hint_enrolled, &[("done", &done.to_string()), ("total", &total.to_string())]),
            Stage::Completed => s.stage_hint_completed.to_string(),
            _ => s.stage_hint.to_string(),
        }}</p>
        <form method="post" action=format!("/forms/supporters/{}/stage", x.id) class="form narrow" aria-labelledby="stage-title">
            <SelectField name="stage" label=s.stage_next options/>
            {certifying.then(|| view! {
                <Field name="certificate_no" label=s.certificate_no hint=s.certificate_hint autocomplete="off"/>
                <Field name="certified_on" label=s.certified_on kind="date" hint=s.date_hint/>
                <Field name="certificate_note" label=s.certificate_note hint=s.certificate_note_hint/>
            })}
            <SubmitButton label=s.stage_save/>
        </form>
    }
}

#[component]
fn CredentialForm(id: i64) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let kinds: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(
                CredentialKind::ALL
                    .into_iter()
                    .map(|k| (k.code().to_string(), k.label(m).to_string())),
            )
            .collect();
    view! {
        <form method="post" action=format!("/forms/supporters/{id}/credentials") class="form narrow" aria-label=s.credential_add>
            <SelectField name="kind" label=s.credential_kind options=kinds/>
            <Field name="credential_name" label=s.credential_name hint=s.credential_name_hint/>
            <Field name="earned_on" label=s.earned_on kind="date" hint=s.date_hint/>
            <Field name="expires_on" label=s.expires_on kind="date" hint=s.expires_hint/>
            <Field name="credential_note" label=s.credential_note/>
            <SubmitButton label=s.credential_add secondary=true/>
        </form>
    }
}

/// Reminders in a table; with `actions`, a button for each call still to make.
#[component]
fn ReminderTable(lines: Vec<ReminderLine>, actions: bool) -> impl IntoView {
    let s = t().supporters;
    if lines.is_empty() {
        return view! { <p>{s.reminders_none}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">{s.reminders_title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{s.col_due}</th>
                        <th scope="col">{s.name}</th>
                        <th scope="col">{s.col_reminder}</th>
                        <th scope="col">{s.col_how}</th>
                        {actions.then(|| view! { <th scope="col">{s.col_action}</th> })}
                    </tr>
                </thead>
                <tbody>
                    {lines.into_iter().map(|r| {
                        let how = match (r.channel.as_str(), r.status.as_str()) {
                            ("email", "sent") => s.reminder_emailed.to_string(),
                            ("email", _) if r.last_error.is_some() => s.reminder_email_retry.to_string(),
                            ("email", _) => s.reminder_email_waiting.to_string(),
                            (_, "done") => s.reminder_called.to_string(),
                            _ => fill(s.reminder_to_call, &[("phone", r.phone.as_deref().unwrap_or(s.no_phone))]),
                        };
                        let pending_call = r.channel == "phone" && r.status == "pending";
                        let label = format!("{}：{}", s.reminder_mark_called, r.name);
                        view! {
                            <tr>
                                <td>{day_text(&r.due_on)}</td>
                                <td><a href=format!("/supporters/{}", r.supporter_id)>{r.name.clone()}</a></td>
                                <td>{r.subject.clone()}</td>
                                <td>{how}</td>
                                {actions.then(|| view! {
                                    <td>{pending_call.then(|| view! {
                                        <form method="post" action=format!("/forms/supporters/reminders/{}/called", r.id) class="inline-form">
                                            <button type="submit" class="button secondary" aria-label=label.clone()>{s.reminder_mark_called}</button>
                                        </form>
                                    })}</td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `/supporters/reminders`: calls to make and reminders emailed.
#[component]
pub fn SupporterRemindersPage() -> impl IntoView {
    let s = t().supporters;
    view! {
        <Guard>
            {move || {
                let lines = Resource::new(|| (), |_| load_reminders());
                view! {
                    <PageTitle text=s.reminders_title/>
                    <Notice/>
                    <p>{s.reminders_intro}</p>
                    <Loaded resource=lines let:l>
                        <ReminderTable lines=l actions=true/>
                    </Loaded>
                    <p><a href="/supporters">{s.back_board}</a></p>
                }
            }}
        </Guard>
    }
}

/// `/sessions/:id/supporters`: certified supporters suggested for a session.
#[component]
pub fn SessionSupportersPage() -> impl IntoView {
    view! {
        <Guard>
            {move || {
                let data = by_id(load_matching);
                view! { <Loaded resource=data let:x><MatchingView x/></Loaded> }
            }}
        </Guard>
    }
}

#[component]
fn MatchingView(x: Matching) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let reason = |code: &str| match code {
        "iphone" => s.reason_iphone,
        "android" => s.reason_android,
        "district" => s.reason_district,
        "day" => s.reason_day,
        _ => s.reason_time,
    };
    let mut to_recommend = (x.wanted - x.assigned).max(0);
    let session_id = x.session_id;
    view! {
        <PageTitle text=fill(s.matching_title, &[("title", &x.title)])/>
        <Notice/>
        <ErrorSummary/>
        <p>{format_span_ja(x.starts_at, x.ends_at)}</p>
        <p>{fill(s.matching_summary, &[
            ("participants", &x.participants.to_string()),
            ("iphone", &x.iphone.to_string()),
            ("android", &x.android.to_string()),
            ("wanted", &x.wanted.to_string()),
            ("assigned", &x.assigned.to_string()),
        ])}</p>
        <p>{s.matching_intro}</p>
        {if x.suggestions.is_empty() {
            view! { <p role="status">{s.matching_none}</p> }.into_any()
        } else {
            view! {
                <ol class="suggestions" id="supporter">
                    {x.suggestions.into_iter().map(|g| {
                        let recommended = !g.assigned && g.user_id.is_some() && g.busy_with.is_none() && to_recommend > 0;
                        if recommended {
                            to_recommend -= 1;
                        }
                        let why: Vec<&str> = g.reasons.iter().map(|c| reason(c)).collect();
                        let label = format!("{}：{}", s.assign, g.name);
                        view! {
                            <li>
                                <a href=format!("/supporters/{}", g.supporter_id)>{g.name.clone()}</a>
                                {recommended.then(|| view! { <strong class="tag">{s.recommended}</strong> })}
                                <span>{if why.is_empty() { s.reason_none.to_string() } else { why.join("・") }}</span>
                                <span>{fill(s.minutes_this_year, &[("hours", &format!("{:.1}", g.minutes_this_year as f64 / 60.0))])}</span>
                                {g.busy_with.as_ref().map(|title| view! { <strong class="tag warning">{fill(s.busy_with, &[("title", title)])}</strong> })}
                                {match (g.assigned, g.user_id) {
                                    (true, _) => view! { <span>{s.assigned_already}</span> }.into_any(),
                                    (false, None) => view! { <span>{s.no_account}</span> }.into_any(),
                                    (false, Some(_)) => view! {
                                        <form method="post" action=format!("/forms/sessions/{session_id}/supporters") class="inline-form">
                                            <input type="hidden" name="supporter" value=g.supporter_id/>
                                            <button type="submit" class="button secondary" aria-label=label>{s.assign}</button>
                                        </form>
                                    }.into_any(),
                                }}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
        <p><a href=format!("/sessions/{session_id}")>{s.back_session}</a></p>
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

/// `/supporters/register?fy=2025`: the printable certification register and the year's
/// counts.
#[component]
pub fn SupporterRegisterPage() -> impl IntoView {
    let s = t().supporters;
    let query = use_query_map();
    let fy = move || query.with(|q| q.get("fy").and_then(|v| v.parse::<i32>().ok()));
    view! {
        <Guard>
            {move || {
                let register = Resource::new(fy, load_register);
                view! {
                    <PageTitle text=s.register_title/>
                    <Loaded resource=register let:r>
                        <RegisterView r/>
                    </Loaded>
                }
            }}
        </Guard>
    }
}

#[component]
fn RegisterView(r: Register) -> impl IntoView {
    let m = t();
    let s = m.supporters;
    let f = r.figures;
    let year = f.fiscal_year;
    let years: Vec<(String, String)> =
        (year - 4..=year + 1).rev().map(|y| (y.to_string(), fy_label(y))).collect();
    view! {
        <form method="get" action="/supporters/register" class="form filters no-print" aria-label=s.register_fy>
            <SelectField name="fy" label=s.register_fy options=years initial=year.to_string()/>
            <SubmitButton label=s.show secondary=true/>
        </form>
        <p class="actions no-print">
            <a class="button secondary" href=format!("/supporters/register.csv?fy={year}") download="">{s.register_csv}</a>
        </p>
        <h2 id="figures">{fill(s.figures_title, &[("fy", &fy_label(year))])}</h2>
        <div class="table-wrap">
            <table class="figures">
                <caption class="visually-hidden">{fill(s.figures_title, &[("fy", &fy_label(year))])}</caption>
                <tbody>
                    <tr><th scope="row">{s.figures_newly_certified}</th><td class="number">{f.newly_certified}</td></tr>
                    <tr><th scope="row">{s.figures_active}</th><td class="number">{f.active}</td></tr>
                    <tr><th scope="row">{s.figures_hours}</th><td class="number">{format!("{:.1}", f.minutes as f64 / 60.0)}</td></tr>
                    <tr><th scope="row">{s.figures_enrolled}</th><td class="number">{f.enrolled_now}</td></tr>
                </tbody>
            </table>
        </div>
        <h2 id="register">{s.register_title}</h2>
        {if r.entries.is_empty() {
            view! { <p role="status">{s.register_none}</p> }.into_any()
        } else {
            view! {
                <Table
                    caption=s.register_title
                    class="figures wide"
                    heads=vec![
                        s.certificate_no,
                        s.certified_on,
                        s.name,
                        s.district,
                        s.stage,
                        s.credentials_title,
                    ]
                >
                    {r.entries.iter().map(|e| view! {
                        <tr>
                            <td>{e.certificate_no.clone()}</td>
                            <td>{wareki_date(&e.certified_on)}</td>
                            <th scope="row"><a href=format!("/supporters/{}", e.id)>{e.name.clone()}</a><br/><span class="kana">{e.kana.clone()}</span></th>
                            <td>{e.district.clone().unwrap_or_default()}</td>
                            <td>{e.stage.label(m)}</td>
                            <td>{e.credentials.iter().map(|c| credential_summary(m, c)).collect::<Vec<_>>().join(" / ")}</td>
                        </tr>
                    }).collect_view()}
                </Table>
            }.into_any()
        }}
    }
}

/// On a resident's page and a paper-support request: "would like to become a supporter",
/// with the consent to be contacted asked on the spot (staff and admins).
#[component]
pub fn InterestedForm(
    resident_id: i64,
    /// `intake` or `support_request`.
    from: &'static str,
    /// The support request to come back to, for `support_request`.
    #[prop(optional)]
    request_id: Option<i64>,
) -> impl IntoView {
    let s = t().supporters;
    view! {
        <section aria-labelledby="interested" class="interested">
            <h2 id="interested">{s.interested_title}</h2>
            <p>{s.interested_intro}</p>
            <form method="post" action="/forms/supporters/interested" class="form narrow">
                <input type="hidden" name="resident_id" value=resident_id/>
                <input type="hidden" name="from" value=from/>
                {request_id.map(|id| view! { <input type="hidden" name="request_id" value=id/> })}
                <crate::ui::CheckboxGroup name="consent" legend=s.interested_consent_legend
                    options=vec![("1".to_string(), s.interested_consent.to_string())] required=true/>
                <crate::ui::SubmitButton label=s.interested_submit secondary=true/>
            </form>
        </section>
    }
}
