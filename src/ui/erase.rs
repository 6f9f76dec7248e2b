//! The erase section of a person's page (admins): what goes, a box to confirm the person
//! asked, and the button. Residents and supporters use it.

use super::fields::SubmitButton;
use super::form::field_error;
use crate::i18n::t;
use leptos::prelude::*;

#[component]
pub fn EraseSection(
    /// The form route that erases.
    action: String,
    title: &'static str,
    intro: &'static str,
    confirm: &'static str,
    submit: &'static str,
    /// Said before the form, e.g. another record of the same person.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let error = field_error("confirm");
    view! {
        <h2 id="erase">{title}</h2>
        <p>{intro}</p>
        {children.map(|c| c())}
        <form method="post" action=action class="form narrow" aria-labelledby="erase">
            {move || error.get().map(|code| view! { <p class="field-error" id="confirm-error">{t().error_text(&code)}</p> })}
            <label class="checkbox" for="confirm">
                <input type="checkbox" id="confirm" name="confirm" value="1"
                    aria-describedby=move || error.get().map(|_| "confirm-error")/>
                <span>{confirm}</span>
            </label>
            <SubmitButton label=submit secondary=true/>
        </form>
    }
}
