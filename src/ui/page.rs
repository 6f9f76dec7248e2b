//! Page-level pieces: the title, and the not-found and forbidden pages.

use crate::i18n::t;
use leptos::prelude::*;
use leptos_meta::Title;

/// The `<title>` and the page's one `<h1>`.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let m = t();
    let title = format!("{} | {}", text, m.common.app_name);
    view! {
        <Title text=title/>
        <h1>{text}</h1>
    }
}

fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::from_u16(_code).unwrap_or_default());
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let m = t();
    view! {
        <PageTitle text=m.common.not_found_title/>
        <p>{m.common.not_found_text}</p>
        <p>
            <a href="/">{m.common.back_home}</a>
        </p>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    let m = t();
    view! {
        <PageTitle text=m.common.forbidden_title/>
        <p>{m.common.forbidden_text}</p>
        <p>
            <a href="/">{m.common.back_home}</a>
        </p>
    }
}

/// A server function's error as a message (alert).
pub fn error_view(e: crate::error::AppError) -> AnyView {
    match e {
        crate::error::AppError::NotFound => view! { <NotFound/> }.into_any(),
        e => view! { <p class="error-summary" role="alert">{e.message(t())}</p> }.into_any(),
    }
}

/// What a page shows while its data loads.
pub fn loading() -> impl IntoView {
    view! { <p>{t().common.loading}</p> }
}

/// The `:id` of the current route.
pub fn id_param() -> impl Fn() -> Option<i64> + Clone + Send + Sync + 'static {
    let params = leptos_router::hooks::use_params_map();
    move || params.with(|p| p.get("id")).and_then(|v| v.parse::<i64>().ok())
}
