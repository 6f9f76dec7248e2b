//! What a refused form's user typed, kept on the server for the page that shows the form
//! again, so it never travels in an address (browser history on a shared city PC, proxy
//! logs) and long input is not cut off by a URL limit. The redirect carries only a random
//! key; a draft is read only by the session (or, before sign-in, the visitor cookie) that
//! made it and is forgotten after
//! [`KEEP_FOR`]. Drafts live in this process's memory: with several instances behind a
//! balancer, one that lands elsewhere comes back with its messages but empty fields.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

/// How long a refused form can be shown again.
pub const KEEP_FOR: Duration = Duration::from_secs(30 * 60);
/// At most this many drafts are kept, holding at most this much text in all; the oldest
/// go first. A single draft larger than `MAX_DRAFT_BYTES` is not kept at all (its messages
/// still show), so no one can fill the server's memory with posts.
const MAX_DRAFTS: usize = 5_000;
const MAX_DRAFT_BYTES: usize = 64 * 1024;
const MAX_TOTAL_BYTES: usize = 32 * 1024 * 1024;

/// A visitor who is not signed in gets a random key in this cookie, so that their draft is
/// theirs alone (not anyone's who finds the address in the browser's history).
pub const VISITOR_COOKIE: &str = "yorisoi_draft";

struct Stored {
    path: String,
    values: Vec<(String, String)>,
    /// The hash of the session that posted the form, if it was signed in.
    owner: Option<String>,
    made: Instant,
    bytes: usize,
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

/// Runs `request` (the rest of the middleware chain) as the request of `token`: the sign-in
/// session's, else the visitor cookie's.
pub async fn as_session<F: std::future::Future>(token: Option<&str>, request: F) -> F::Output {
    OWNER.scope(token.map(super::secret::hash_token), request).await
}

/// The owner of drafts made by the request being handled.
pub fn current_owner() -> Option<String> {
    OWNER.try_with(Clone::clone).ok().flatten()
}

/// Keeps `values` typed into the form shown at `path` by the current request's session or
/// visitor. Returns the key for the redirect, and a new visitor key to set as
/// [`VISITOR_COOKIE`] when the request had neither; nothing when the values are too large.
pub fn keep(path: &str, values: Vec<(String, String)>) -> Option<(String, Option<String>)> {
    let (owner, visitor) = match current_owner() {
        Some(owner) => (owner, None),
        None => {
            let visitor = super::secret::new_token();
            (super::secret::hash_token(&visitor), Some(visitor))
        }
    };
    keep_for(path, values, Some(owner)).map(|key| (key, visitor))
}

fn keep_for(path: &str, values: Vec<(String, String)>, owner: Option<String>) -> Option<String> {
    let bytes: usize = values.iter().map(|(k, v)| k.len() + v.len()).sum();
    if bytes > MAX_DRAFT_BYTES {
        return None;
    }
    let key = super::secret::new_token();
    let mut all = drafts();
    all.retain(|_, d| d.made.elapsed() < KEEP_FOR);
    let mut total: usize = all.values().map(|d| d.bytes).sum();
    while !all.is_empty() && (all.len() >= MAX_DRAFTS || total + bytes > MAX_TOTAL_BYTES) {
        let Some(oldest) = all.iter().min_by_key(|(_, d)| d.made).map(|(k, _)| k.clone()) else {
            break;
        };
        total -= all.remove(&oldest).map_or(0, |d| d.bytes);
    }
    let stored = Stored { path: path.to_string(), values, owner, made: Instant::now(), bytes };
    all.insert(key.clone(), stored);
    Some(key)
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
        let key =
            super::keep_for("/residents/new", values.clone(), Some("session-a".into())).unwrap();
        assert_eq!(super::read(&key, Some("session-a")), Some(("/residents/new".into(), values)));
        assert_eq!(super::read(&key, Some("session-b")), None);
        assert_eq!(super::read(&key, None), None);
        assert_eq!(super::read("no-such-key", Some("session-a")), None);
        let huge = vec![("notes".to_string(), "x".repeat(super::MAX_DRAFT_BYTES + 1))];
        assert_eq!(super::keep_for("/x", huge, Some("session-a".into())), None, "too large");
    }
}
