//! What the check-in island keeps on the phone, in the browser: the queue of taps not yet
//! sent (localStorage, one entry per session and volunteer), the service worker
//! that keeps the page itself (`/sw.js`, see `service_worker.js`), and the random keys of
//! taps. Called only from the island's effects and event handlers, which run only in the
//! browser; on the server these do nothing.

use super::Tap;

/// The prefix of the storage entries (`yorisoi-checkin-{session}-{user}`, each a JSON list
/// of taps): sign-out clears them with the rest of the site's storage (Clear-Site-Data).
#[cfg(feature = "hydrate")]
const PREFIX: &str = "yorisoi-checkin-";

/// Today in Japan, `YYYY-MM-DD`, by the phone's clock.
pub fn today() -> String {
    crate::domain::today_in_japan().format("%Y-%m-%d").to_string()
}

/// Now, in Unix seconds, by the phone's clock.
pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The taps of this session and volunteer not yet answered by the server, oldest first.
/// Kept until answered (or until sign-out): the server still takes them after the day,
/// until the session's report is finalised. Another volunteer signed in on the same phone
/// has their own queue, never sent in this one's name.
pub fn queued(session_id: i64, user_id: i64) -> Vec<Tap> {
    #[cfg(feature = "hydrate")]
    if let Some(text) = storage()
        .and_then(|s| s.get_item(&format!("{PREFIX}{session_id}-{user_id}")).ok().flatten())
    {
        return serde_json::from_str(&text).unwrap_or_default();
    }
    let _ = (session_id, user_id);
    Vec::new()
}

/// Keeps the taps not yet answered (removes the entry when there are none).
pub fn save(session_id: i64, user_id: i64, taps: &[Tap]) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let key = format!("{PREFIX}{session_id}-{user_id}");
        if taps.is_empty() {
            let _ = storage.remove_item(&key);
        } else if let Ok(text) = serde_json::to_string(taps) {
            let _ = storage.set_item(&key, &text);
        }
    }
    let _ = (session_id, user_id, taps);
}

/// A new random key for a tap: 128 bits from the browser's cryptographic generator (which,
/// unlike `randomUUID`, works on a page served over plain http too), else the time and a
/// counter of this page.
pub fn new_key() -> String {
    static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    #[cfg(feature = "hydrate")]
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let mut bytes = [0u8; 16];
        if crypto.get_random_values_with_u8_array(&mut bytes).is_ok() {
            return bytes.iter().map(|b| format!("{b:02x}")).collect();
        }
    }
    let made = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{made}", now())
}

/// Registers the service worker that keeps this page for use offline.
pub fn keep_page() {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}

/// Whether this page's copy is kept on the phone yet (the service worker keeps it once it
/// runs, a moment after the first visit).
pub async fn page_kept() -> bool {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let Ok(path) = window.location().pathname() else { return false };
        let Ok(caches) = window.caches() else { return false };
        let found = wasm_bindgen_futures::JsFuture::from(caches.match_with_str(&path)).await;
        return found.is_ok_and(|response| !response.is_undefined());
    }
    false
}

/// Whether a submitted form is the menu's sign-out.
pub fn is_sign_out(ev: &leptos::ev::SubmitEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let form = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        form.and_then(|f| f.get_attribute("action")).is_some_and(|a| a == "/auth/logout")
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}

/// Asks the browser's yes/no question; yes when it cannot ask.
pub fn confirm(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        return window.confirm_with_message(question).unwrap_or(true);
    }
    let _ = question;
    true
}
