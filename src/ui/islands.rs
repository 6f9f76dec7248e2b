//! Islands: the only parts of a page the browser runs (`#[island]` components: the check-in
//! list, the intake search). Everything else is plain server-rendered HTML with no
//! hydration data. The loader fetches the script and the WebAssembly only on a page that
//! has an island, then hydrates each island from its own serialised props.

use leptos::prelude::*;

/// The page's loader, in the shell's `<head>`. It also tells Leptos that what follows is
/// not hydrated (no hydration markers, no resource data) except inside islands.
#[cfg(feature = "ssr")]
#[component]
pub fn IslandLoader(js: String, wasm: String) -> impl IntoView {
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
    // A module script runs after the document is parsed, so every island is there.
    let script = format!(
        "const islands = document.querySelectorAll(\"leptos-island\");\
         if (islands.length) {{\
           const mod = await import({js});\
           await mod.default({{ module_or_path: {wasm} }});\
           mod.hydrate();\
           for (const el of islands) {{\
             const hydrateIsland = mod[el.dataset.component];\
             if (hydrateIsland) hydrateIsland(el);\
           }}\
         }}",
        js = quote(&js),
        wasm = quote(&wasm),
    );
    view! { <script type="module">{script}</script> }
}

/// Marks the page as hydrated once an island runs in the browser (effects never run on
/// the server): the end-to-end tests wait for `body[data-hydrated]` to prove the island
/// took over, and check that pages without islands never get it.
pub fn mark_hydrated() {
    Effect::new(|_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
