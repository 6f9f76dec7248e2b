//! argon2id password hashes, computed off the async runtime.

use anyhow::Context;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use std::sync::OnceLock;

/// Shortest password accepted when a user chooses one.
pub const MIN_LENGTH: usize = 10;

/// How many argon2 computations run at once. Each holds 19 MiB (argon2's default memory
/// cost), so hundreds of anonymous sign-in posts queue here instead of taking the server's
/// memory; the rest of the app is not held up.
const AT_ONCE: usize = 4;
static SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(AT_ONCE);

/// Runs `work` on the blocking pool once a slot is free.
async fn in_slot<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    let _slot = SLOTS.acquire().await.context("password slots closed")?;
    tokio::task::spawn_blocking(work).await.context("password hashing task")
}

pub async fn hash(password: String) -> anyhow::Result<String> {
    in_slot(move || hash_blocking(&password)).await?
}

fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing password: {e}"))
}

/// Checks a password. With no stored hash (unknown login) it checks against a dummy hash,
/// so the answer takes as long whether or not the login exists.
pub async fn verify(stored: Option<String>, password: String) -> bool {
    in_slot(move || {
        let dummy = dummy_hash();
        let (hash, real) = match &stored {
            Some(h) => (h.as_str(), true),
            None => (dummy, false),
        };
        let ok = PasswordHash::new(hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        ok && real
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking("not a real password").unwrap_or_default())
}

/// A random temporary password that is easy to read aloud over the phone: no 0/O, 1/l/I.
pub fn temporary() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    (0..12)
        .map(|i| {
            let c = ALPHABET[rng.gen_range(0..ALPHABET.len())] as char;
            if i > 0 && i % 4 == 0 {
                format!("-{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_unknown_logins_never_do() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify(Some(h.clone()), "correct horse battery".into()).await);
        assert!(!verify(Some(h), "wrong".into()).await);
        assert!(!verify(None, "not a real password".into()).await);
        let t = temporary();
        assert_eq!(t.len(), 14);
        assert!(t.len() - 2 >= MIN_LENGTH);
    }

    #[tokio::test]
    async fn no_more_than_four_hashes_run_at_once() {
        // With every slot taken, a check waits instead of starting a fifth computation...
        let taken = SLOTS.acquire_many(AT_ONCE as u32).await.unwrap();
        let waiting = tokio::spawn(verify(None, "x".into()));
        for _ in 0..50 {
            tokio::task::yield_now().await;
        }
        assert!(!waiting.is_finished(), "no slot, no hashing");
        // ...and runs once one is free.
        drop(taken);
        assert!(!waiting.await.unwrap());
    }
}
