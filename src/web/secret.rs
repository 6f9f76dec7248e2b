//! Random secrets and how they are kept: a 256-bit token in hex, and its SHA-256 (what the
//! database stores for sign-in sessions, setup links and calendar addresses).

use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
