//! The signed-in user as the pages see it, and the page guard: pages render only for roles
//! allowed in their area (the server checks again in every server function and route).

use super::{Area, CurrentUser};
use crate::ui::Forbidden;
use leptos::prelude::*;

/// Who is signed in, shared from the server render to the browser.
#[derive(Clone, Copy)]
pub struct SignedIn(pub StoredValue<Option<CurrentUser>>);

/// The signed-in user of the page being rendered.
pub fn use_user() -> Option<CurrentUser> {
    use_context::<SignedIn>().and_then(|s| s.0.get_value())
}

/// Shows `children` only to roles allowed in the area of the page's path (the one table,
/// [`super::roles::PAGES`]); others see the forbidden page (403).
#[component]
pub fn Guard(children: ChildrenFn) -> impl IntoView {
    let path = leptos_router::hooks::use_location().pathname.get_untracked();
    let allowed = match Area::of_path(&path) {
        Some(area) => use_user().is_some_and(|u| area.allows(u.role)),
        None => true,
    };
    move || {
        if allowed {
            children().into_any()
        } else {
            view! { <Forbidden/> }.into_any()
        }
    }
}
