//! Labelled form fields. Each re-shows what was typed before a failed post and the error
//! beside it, linked with `aria-describedby` and marked `aria-invalid`.

use super::form::{field_error, kept_value, kept_values};
use crate::i18n::t;
use leptos::prelude::*;

/// The `aria-describedby` of a control: its hint, and its error when it has one. (Also for
/// the fields of an island, which keep their own values and errors.)
pub fn described_by(
    name: &'static str,
    has_hint: bool,
    error: Memo<Option<String>>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(format!("{name}-hint"));
        }
        if error.get().is_some() {
            ids.push(format!("{name}-error"));
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// The label, hint and error message above a control.
#[component]
pub fn FieldNotes(
    name: &'static str,
    label: &'static str,
    required: bool,
    hint: Option<&'static str>,
    error: Memo<Option<String>>,
) -> impl IntoView {
    view! {
        <label for=name>
            {label}
            {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
        </label>
        {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
        {move || {
            error
                .get()
                .map(|code| {
                    view! {
                        <p class="field-error" id=format!("{name}-error")>
                            {t().error_text(&code)}
                        </p>
                    }
                })
        }}
    }
}

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
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <FieldNotes name label required hint error/>
            <input
                id=name
                name=name
                type=kind
                autocomplete=autocomplete
                aria-required=required.then_some("true")
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(name, hint.is_some(), error)
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
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <FieldNotes name label required=false hint error/>
            <select
                id=name
                name=name
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(name, hint.is_some(), error)
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

/// Whether the page shows a failed post (then kept values win over initial ones).
fn after_failed_post() -> Memo<bool> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        query.with(|q| q.clone().into_iter().any(|(k, _)| k.starts_with(super::form::ERROR_PREFIX)))
    })
}

/// A multi-line text field.
#[component]
pub fn TextArea(
    name: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional, into)] initial: String,
) -> impl IntoView {
    let value = kept_value(name, initial);
    let error = field_error(name);
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <FieldNotes name label required=false hint error/>
            <textarea
                id=name
                name=name
                rows="4"
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described_by(name, hint.is_some(), error)
                prop:value=move || value.get()
            >
                {move || value.get()}
            </textarea>
        </div>
    }
}

/// A group of checkboxes sharing one name, in a fieldset with a legend.
#[component]
pub fn CheckboxGroup(
    name: &'static str,
    legend: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] initial: Vec<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let failed = after_failed_post();
    let kept = kept_values(name);
    let error = field_error(name);
    view! {
        <fieldset
            class="field checkboxes"
            id=name
            class:has-error=move || error.get().is_some()
            aria-describedby=move || error.get().map(|_| format!("{name}-error"))
        >
            <legend>
                {legend}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </legend>
            {move || {
                error
                    .get()
                    .map(|code| {
                        view! {
                            <p class="field-error" id=format!("{name}-error")>
                                {t().error_text(&code)}
                            </p>
                        }
                    })
            }}
            {options
                .into_iter()
                .enumerate()
                .map(|(i, (value, label))| {
                    let id = format!("{name}-{i}");
                    let checked = {
                        let value = value.clone();
                        let initial = initial.clone();
                        move || {
                            if failed.get() {
                                kept.with(|k| k.contains(&value))
                            } else {
                                initial.contains(&value)
                            }
                        }
                    };
                    view! {
                        <label class="checkbox" for=id.clone()>
                            <input type="checkbox" id=id.clone() name=name value=value checked=checked/>
                            <span>{label}</span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
