//! The helpers section of a session page, and a volunteer's "my sessions" page.

use super::api::{load_my_sessions, load_session_helpers};
use super::{AssignmentRole, MySessions, SessionHelpers};
use crate::auth::Area;
use crate::auth::Guard;
use crate::domain::{day_in_japan, format_span_ja};
use crate::i18n::t;
use crate::ui::{Loaded, Notice, PageTitle, SelectField, SubmitButton};
use leptos::prelude::*;

/// Who helps at this session; forms to assign, remove or offer, as the caller may.
#[component]
pub fn AssignmentSection(session_id: i64) -> impl IntoView {
    let data = Resource::new(move || session_id, load_session_helpers);
    view! {
        <Loaded resource=data let:h>
            <Helpers session_id h/>
        </Loaded>
    }
}

#[component]
fn Helpers(session_id: i64, h: SessionHelpers) -> impl IntoView {
    let m = t();
    let d = m.assignments;
    let may_assign = !h.candidates.is_empty();
    let candidates: Vec<(String, String)> =
        std::iter::once((String::new(), m.common.choose.to_string()))
            .chain(h.candidates.iter().map(|(id, n)| (id.to_string(), n.clone())))
            .collect();
    let roles = vec![
        ("assistant".to_string(), AssignmentRole::Assistant.label(m).to_string()),
        ("lead".to_string(), AssignmentRole::Lead.label(m).to_string()),
    ];
    let me = crate::auth::use_user().map(|u| u.id);
    view! {
        <h2 id="helpers">{d.helpers_title}</h2>
        {if h.helpers.is_empty() {
            view! { <p>{d.helpers_none}</p> }.into_any()
        } else {
            view! {
                <ul class="helper-list">
                    {h.helpers.iter().map(|x| {
                        let can_remove = may_assign || Some(x.user_id) == me;
                        let action = format!("/forms/sessions/{session_id}/helpers/{}/remove", x.user_id);
                        let label = format!("{}：{}", d.helper_remove, x.display_name);
                        view! {
                            <li>
                                <span>{format!("{}（{}{}）", x.display_name, x.role.label(m), if x.offered { d.offered_mark } else { "" })}</span>
                                {can_remove.then(|| view! {
                                    <form method="post" action=action class="inline-form">
                                        <button type="submit" class="button secondary" aria-label=label>{d.helper_remove}</button>
                                    </form>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {h.may_check_in.then(|| view! {
            <p><a class="button" href=format!("/sessions/{session_id}/checkin")>{d.checkin_open}</a></p>
        })}
        {crate::auth::use_user().is_some_and(|u| Area::Supporters.allows(u.role)).then(|| view! {
            <p><a class="button secondary" href=format!("/sessions/{session_id}/supporters")>{m.supporters.find_supporters}</a></p>
        })}
        {h.may_offer.then(|| view! {
            <form method="post" action=format!("/forms/sessions/{session_id}/offer") class="inline-form">
                <SubmitButton label=d.offer_help/>
            </form>
        })}
        {may_assign.then(|| view! {
            <form method="post" action=format!("/forms/sessions/{session_id}/helpers") class="form narrow" aria-labelledby="helpers">
                <SelectField name="helper" label=d.helper_choose options=candidates.clone()/>
                <SelectField name="role" label=d.helper_role options=roles.clone() initial="assistant"/>
                <SubmitButton label=d.helper_assign/>
            </form>
        })}
    }
}

/// `/my-sessions`: the sessions a volunteer helps at, and their partner's open sessions.
#[component]
pub fn MySessionsPage() -> impl IntoView {
    let d = t().assignments;
    let data = Resource::new(|| (), |_| load_my_sessions());
    view! {
        <Guard>
            <PageTitle text=d.my_sessions_title/>
            <Notice/>
            <Loaded resource=data let:s>
                <MySessionList s/>
            </Loaded>
        </Guard>
    }
}

#[component]
fn MySessionList(s: MySessions) -> impl IntoView {
    let m = t();
    let d = m.assignments;
    view! {
        {if s.assigned.is_empty() {
            view! { <p>{d.my_sessions_none}</p> }.into_any()
        } else {
            view! {
                <ul class="card-list session-cards">
                    {s.assigned.into_iter().map(|(x, role)| view! {
                        <li class="session-card">
                            <p class="session-card-when">
                                {if x.starts_at <= s.now && s.now < x.ends_at {
                                    Some(view! { <span class="badge now">{d.now_badge}</span>" " }.into_any())
                                } else if day_in_japan(x.starts_at) == day_in_japan(s.now) {
                                    Some(view! { <span class="badge today">{d.today_badge}</span>" " }.into_any())
                                } else {
                                    None
                                }}
                                {format_span_ja(x.starts_at, x.ends_at)}
                            </p>
                            <p class="session-card-title"><a href=format!("/sessions/{}", x.id)>{x.title.clone()}</a></p>
                            <p>{format!("{} ・ {}", x.venue_name, role.label(m))}</p>
                            <p><a class="button" href=format!("/sessions/{}/checkin", x.id)>{d.checkin_open}</a></p>
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(!s.open.is_empty()).then(|| view! {
            <h2>{d.open_title}</h2>
            <ul class="card-list session-cards">
                {s.open.into_iter().map(|x| {
                    let label = format!("{}：{} {}", d.offer_help, format_span_ja(x.starts_at, x.ends_at), x.title);
                    view! {
                        <li class="session-card">
                            <p class="session-card-when">{format_span_ja(x.starts_at, x.ends_at)}</p>
                            <p class="session-card-title"><a href=format!("/sessions/{}", x.id)>{x.title.clone()}</a></p>
                            <p>{x.venue_name.clone()}</p>
                            <form method="post" action=format!("/forms/sessions/{}/offer", x.id) class="inline-form">
                                <button type="submit" class="button secondary" aria-label=label>{d.offer_help}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        })}
    }
}
