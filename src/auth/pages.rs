//! Sign-in, first-run setup and password change pages. Each is a plain form that posts to a
//! route in `handlers.rs`, so it works the same with or without JavaScript.

use crate::i18n::t;
use crate::ui::{ErrorSummary, Field, Notice, PageTitle, SubmitButton};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn LoginPage() -> impl IntoView {
    let m = t();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next")).unwrap_or_else(|| "/".into());
    let failure = move || {
        query.with(|q| q.get("error")).map(|code| {
            view! {
                <p class="error-summary" role="alert">
                    {t().error_text(&code)}
                </p>
            }
        })
    };
    view! {
        <PageTitle text=m.auth.login_title/>
        <Notice/>
        <p>{m.auth.login_intro}</p>
        {failure}
        <form method="post" action="/auth/login" class="form narrow">
            <input type="hidden" name="next" value=next/>
            <Field name="login" label=m.common.login_id autocomplete="username" required=true/>
            <Field
                name="password"
                label=m.auth.password
                kind="password"
                autocomplete="current-password"
                required=true
            />
            <SubmitButton label=m.auth.login_submit/>
        </form>
    }
}

#[component]
pub fn SetupPage() -> impl IntoView {
    let m = t();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token")).unwrap_or_default();
    let invalid =
        move || use_query_map().with(|q| q.get("error")).is_some_and(|e| e == "setup_invalid");
    view! {
        <PageTitle text=m.auth.setup_title/>
        {move || {
            invalid().then(|| view! { <p class="error-summary" role="alert">{t().auth.setup_invalid}</p> })
        }}
        <p>{m.auth.setup_intro}</p>
        <ErrorSummary/>
        <form method="post" action="/auth/setup" class="form narrow">
            <input type="hidden" name="token" value=token/>
            <Field name="login" label=m.common.login_id autocomplete="username" required=true/>
            <Field name="display_name" label=m.common.display_name autocomplete="name" required=true/>
            <NewPasswordFields/>
            <SubmitButton label=m.auth.setup_submit/>
        </form>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    let m = t();
    let must_change = crate::auth::use_user().is_some_and(|u| u.must_change_password);
    view! {
        <PageTitle text=m.auth.password_title/>
        <Notice/>
        {must_change.then(|| view! { <p class="notice warning" role="status">{m.auth.password_must_change}</p> })}
        <ErrorSummary/>
        <form method="post" action="/auth/password" class="form narrow">
            <Field
                name="current"
                label=m.auth.password_current
                kind="password"
                autocomplete="current-password"
                required=true
            />
            <NewPasswordFields/>
            <SubmitButton label=m.auth.password_submit/>
        </form>
    }
}

/// The new password and its confirmation, on the setup and the password pages.
#[component]
fn NewPasswordFields() -> impl IntoView {
    let m = t();
    view! {
        <Field
            name="password"
            label=m.auth.password_new
            kind="password"
            autocomplete="new-password"
            hint=m.auth.password_hint
            required=true
        />
        <Field
            name="password_confirm"
            label=m.auth.password_confirm
            kind="password"
            autocomplete="new-password"
            required=true
        />
    }
}
