//! What the check-in island keeps on the phone, in the browser: the queue of taps not yet
//! sent (localStorage, one entry per session: `yorisoi-checkin-{id}`), the service worker
//! that keeps the page itself (`/sw.js`, see `service_worker.js`), and the random keys of
//! taps. Called only from the island's effects and event handlers, which run only in the
//! browser; on the server these do nothing.

use super::Tap;

/// The prefix of the storage entries: sign-out clears them with the rest of the site's
/// storage (Clear-Site-Data).
#[cfg(feature = "hydrate")]
const PREFIX: &str = "yorisoi-checkin-";

/// One session's queue as stored: the taps in the order made, and the day after which an
/// entry of another session is removed when a check-in page opens.
#[cfg(feature = "hydrate")]
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Stored {
    until: String,
    taps: Vec<Tap>,
}

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

/// The taps of this session not yet sent; removes the entries of other sessions whose day
/// has passed (their page is gone from the phone too).
pub fn load(session_id: i64) -> Vec<Tap> {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let own = format!("{PREFIX}{session_id}");
        let today = today();
        let keys: Vec<String> = (0..storage.length().unwrap_or(0))
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        let mut taps = Vec::new();
        for key in keys {
            let stored: Stored = storage
                .get_item(&key)
                .ok()
                .flatten()
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default();
            if key == own {
                taps = stored.taps;
            } else if stored.until < today {
                let _ = storage.remove_item(&key);
            }
        }
        return taps;
    }
    let _ = session_id;
    Vec::new()
}

/// Keeps the taps not yet sent (removes the entry when there are none).
pub fn save(session_id: i64, until: &str, taps: &[Tap]) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let key = format!("{PREFIX}{session_id}");
        if taps.is_empty() {
            let _ = storage.remove_item(&key);
        } else {
            let stored = Stored { until: until.to_string(), taps: taps.to_vec() };
            if let Ok(text) = serde_json::to_string(&stored) {
                let _ = storage.set_item(&key, &text);
            }
        }
    }
    let _ = (session_id, until, taps);
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
