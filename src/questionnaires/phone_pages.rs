//! `/q/:link`: the questionnaire on a participant's own phone, opened from the link or QR
//! code on their sheet. No sign-in and nobody's name: the page shows the session and its
//! questions, as large radio buttons that work without JavaScript; it is answered once.

use super::api::load_phone_page;
use super::{PhonePage, PhoneState, Questions};
use crate::domain::format_span_ja;
use crate::error::AppError;
use crate::i18n::t;
use crate::seat_requests::ruby::Rubied;
use crate::ui::form::{field_error, kept_value};
use crate::ui::{ErrorSummary, Loaded, Notice};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn QuestionnairePhonePage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let page = Resource::new(
        move || params.with(|p| p.get("link")),
        |link| async move {
            match link {
                Some(link) => load_phone_page(link).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let m = t();
    view! {
        <Title text=format!("{} | {}", crate::seat_requests::ruby::plain(m.questionnaires.phone_title), m.common.app_name)/>
        <div class="public">
            <p class="city-contact">
                <Rubied text=crate::city::use_city().fill(m.seat_requests.city_contact, crate::i18n::use_locale(), true)/>
            </p>
            <h1><Rubied text=m.questionnaires.phone_title always=true/></h1>
            <Loaded resource=page let:p><PhoneForm p/></Loaded>
        </div>
    }
}

/// One question answered by choosing one of `choices` (`(value, label)`).
#[component]
fn Choice(name: String, question: String, choices: Vec<(String, &'static str)>) -> impl IntoView {
    let chosen = kept_value(&name, String::new());
    let error = field_error(&name);
    let no_answer = t().questionnaires.blank;
    view! {
        <fieldset class="field radios" id=name.clone() class:has-error=move || error.get().is_some()>
            <legend><Rubied text=question always=true/></legend>
            {move || error.get().map(|code| view! { <p class="field-error">{t().error_text(&code)}</p> })}
            {choices.into_iter().chain(std::iter::once((String::new(), no_answer))).map(|(value, label)| {
                let id = format!("{name}-{}", if value.is_empty() { "none" } else { value.as_str() });
                let checked = { let value = value.clone(); move || chosen.get() == value };
                view! {
                    <label class="checkbox" for=id.clone()>
                        <input type="radio" id=id.clone() name=name.clone() value=value checked=checked/>
                        <span><Rubied text=label always=true/></span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn PhoneForm(p: PhonePage) -> impl IntoView {
    let q = t().questionnaires;
    let Questions { session_id: _, title, starts_at, ends_at, venue_name, topics } = p.questions;
    let answer_error = field_error("answer");
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    let action = format!("/forms{path}");
    let sat: Vec<(String, &'static str)> = [q.sat_5, q.sat_4, q.sat_3, q.sat_2, q.sat_1]
        .into_iter()
        .zip(["5", "4", "3", "2", "1"])
        .map(|(label, v)| (v.to_string(), label))
        .collect();
    let yes_no = vec![("1".to_string(), q.yes), ("2".to_string(), q.no)];
    let contact = kept_value("contact", String::new());
    let comment_error = field_error("comment");
    view! {
        <p><strong>{title}</strong></p>
        <p>{format!("{} ・ {}", format_span_ja(starts_at, ends_at), venue_name)}</p>
        <Notice/>
        <ErrorSummary/>
        {move || answer_error.get().map(|code| view! { <p class="error-summary" role="alert">{t().error_text(&code)}</p> })}
        {match p.state {
            PhoneState::Answered => view! { <p class="notice" role="status"><Rubied text=q.phone_answered always=true/></p> }.into_any(),
            PhoneState::Closed => view! { <p class="notice" role="status"><Rubied text=q.phone_closed always=true/></p> }.into_any(),
            PhoneState::Open => view! {
                <p><Rubied text=q.phone_intro always=true/></p>
                <form method="post" action=action class="form narrow phone-answer">
                    <Choice name="sat".into() question=q.q_satisfaction.into() choices=sat/>
                    {topics.into_iter().map(|(topic, name)| view! {
                        <Choice name=format!("t{topic}") question=format!("{}　{name}", q.q_topics) choices=super::pages::level_choices()/>
                    }).collect_view()}
                    <Choice name="next".into() question=q.q_next.into() choices=yes_no.clone()/>
                    <Choice name="help".into() question=q.q_help.into() choices=yes_no/>
                    <label class="checkbox" for="contact">
                        <input type="checkbox" id="contact" name="contact" value="1" checked=move || contact.get() == "1"/>
                        <span><Rubied text=q.q_contact always=true/></span>
                    </label>
                    <div class="field">
                        <label for="comment"><Rubied text=q.q_comment always=true/></label>
                        {move || comment_error.get().map(|code| view! { <p class="field-error">{t().error_text(&code)}</p> })}
                        <textarea id="comment" name="comment" rows="4">{kept_value("comment", String::new()).get_untracked()}</textarea>
                    </div>
                    <div class="actions"><button type="submit" class="button"><Rubied text=q.phone_send always=true/></button></div>
                </form>
            }.into_any(),
        }}
    }
}
