//! Per-user rate limits for reads that could be used to walk through the register: a
//! fixed one-minute window per (what, user), kept in memory by the app's state.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// What is counted (a kind of read) and for whom (a user's id).
type Key = (&'static str, i64);

/// The counts of the current minute: when the minute began, how many so far.
#[derive(Debug, Default)]
pub struct Limits(Mutex<HashMap<Key, (Instant, u32)>>);

impl Limits {
    /// Whether `user` may do `what` once more this minute (at most `per_minute` times).
    pub fn allow(&self, what: &'static str, user: i64, per_minute: u32) -> bool {
        let mut counts = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        counts.retain(|_, (start, _)| start.elapsed() < WINDOW);
        let (_, count) = counts.entry((what, user)).or_insert((Instant::now(), 0));
        *count += 1;
        *count <= per_minute
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_limit_is_per_user_and_per_kind_of_read() {
        let limits = super::Limits::default();
        for _ in 0..3 {
            assert!(limits.allow("a", 1, 3));
        }
        assert!(!limits.allow("a", 1, 3), "the fourth in a minute is refused");
        assert!(limits.allow("a", 2, 3), "another user is not held up");
        assert!(limits.allow("b", 1, 3), "another kind of read is not held up");
    }
}
