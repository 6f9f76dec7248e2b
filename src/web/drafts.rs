//! What a refused form's user typed, kept on the server for the page that shows the form
//! again, so it never travels in an address (browser history on a shared city PC, proxy
//! logs) and long input is not cut off by a URL limit. The redirect carries only a random
//! key; a draft is read only by the session that made it and is forgotten after
//! [`KEEP_FOR`]. Drafts live in this process's memory: with several instances behind a
//! balancer, one that lands elsewhere comes back with its messages but empty fields.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How long a refused form can be shown again.
pub const KEEP_FOR: Duration = Duration::from_secs(30 * 60);
/// At most this many drafts are kept; the oldest go first.
const MAX_DRAFTS: usize = 5_000;

struct Stored {
    path: String,
    values: Vec<(String, String)>,
    /// The hash of the session that posted the form, if it was signed in.
    owner: Option<String>,
    made: Instant,
}

static DRAFTS: LazyLock<Mutex<HashMap<String, Stored>>> = LazyLock::new(Default::default);

fn drafts() -> std::sync::MutexGuard<'static, HashMap<String, Stored>> {
    // A panic while holding the lock cannot leave a map half-changed: recover it.
    DRAFTS.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

tokio::task_local! {
    /// The hash of the session token of the request being handled (set by the middleware).
    static OWNER: Option<String>;
}

/// Runs `request` (the rest of the middleware chain) as the session `token`'s request.
pub async fn as_session<F: std::future::Future>(token: Option<&str>, request: F) -> F::Output {
    OWNER.scope(token.map(super::secret::hash_token), request).await
}

/// The owner of drafts made by the request being handled.
pub fn current_owner() -> Option<String> {
    OWNER.try_with(Clone::clone).ok().flatten()
}

/// Keeps `values` typed into the form shown at `path` by the current request's session;
/// returns the key for the redirect.
pub fn keep(path: &str, values: Vec<(String, String)>) -> String {
    keep_for(path, values, current_owner())
}

fn keep_for(path: &str, values: Vec<(String, String)>, owner: Option<String>) -> String {
    let key = super::secret::new_token();
    let mut all = drafts();
    all.retain(|_, d| d.made.elapsed() < KEEP_FOR);
    if all.len() >= MAX_DRAFTS {
        if let Some(oldest) = all.iter().min_by_key(|(_, d)| d.made).map(|(k, _)| k.clone()) {
            all.remove(&oldest);
        }
    }
    let stored = Stored { path: path.to_string(), values, owner, made: Instant::now() };
    all.insert(key.clone(), stored);
    key
}

/// The draft under `key` as (path, values), if it is still kept and `owner` made it.
pub fn read(key: &str, owner: Option<&str>) -> Option<(String, Vec<(String, String)>)> {
    let all = drafts();
    let draft = all.get(key).filter(|d| d.made.elapsed() < KEEP_FOR)?;
    (draft.owner.as_deref() == owner).then(|| (draft.path.clone(), draft.values.clone()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_draft_is_read_only_by_its_owner() {
        let values = vec![("name".to_string(), "佐藤".to_string())];
        let key = super::keep_for("/residents/new", values.clone(), Some("session-a".into()));
        assert_eq!(super::read(&key, Some("session-a")), Some(("/residents/new".into(), values)));
        assert_eq!(super::read(&key, Some("session-b")), None);
        assert_eq!(super::read(&key, None), None);
        assert_eq!(super::read("no-such-key", Some("session-a")), None);
    }
}
