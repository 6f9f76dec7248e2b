//! Labelled form fields. Each re-shows what was typed before a failed post and the error
//! beside it, linked with `aria-describedby` and marked `aria-invalid`.

use super::form::{field_error, kept_value};
use crate::i18n::t;
use leptos::prelude::*;

/// A text-like input (`kind` is the HTML input type). Password fields never re-show input.
#[component]
pub fn Field(
    name: &'static str,
    label: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] initial: String,
) -> impl IntoView {
    let value = kept_value(name, initial);
    let error = field_error(name);
    let is_password = kind == "password";
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name>
                {label}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {move || {
                error
                    .get()
                    .map(|code| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {t().error_text(&code)}
                            </p>
                        }
                    })
            }}
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                value=move || if is_password { String::new() } else { value.get() }
            />
        </div>
    }
}

/// A select with labelled options `(value, label)`.
#[component]
pub fn SelectField(
    name: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] initial: String,
) -> impl IntoView {
    let value = kept_value(name, initial);
    let error = field_error(name);
    let hint_id = format!("{name}-hint");
    let error_id = format!("{name}-error");
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{h}</p> })}
            {move || {
                error
                    .get()
                    .map(|code| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {t().error_text(&code)}
                            </p>
                        }
                    })
            }}
            <select
                id=name
                name=name
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = {
                            let v = v.clone();
                            move || value.get() == v
                        };
                        view! {
                            <option value=v selected=selected>
                                {l}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
pub fn SubmitButton(label: &'static str, #[prop(optional)] secondary: bool) -> impl IntoView {
    view! {
        <button type="submit" class=if secondary { "button secondary" } else { "button" }>
            {label}
        </button>
    }
}
