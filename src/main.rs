#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    return_large_blocks();
    yorisoi::cli::run().await
}

/// Large blocks (argon2 takes 19 MiB for each password it checks) are mapped on their own and
/// given back to the system when freed. glibc otherwise raises its threshold for that after
/// the first such block is freed and serves the next ones from the heap, which it keeps: the
/// server held about 100 MB after checking the five demo passwords at start.
#[cfg(all(feature = "ssr", target_os = "linux", target_env = "gnu"))]
fn return_large_blocks() {
    // SAFETY: mallopt only sets a parameter of the allocator; it takes the allocator's lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(all(feature = "ssr", not(all(target_os = "linux", target_env = "gnu"))))]
fn return_large_blocks() {}

#[cfg(not(feature = "ssr"))]
fn main() {
    // The binary is built with the `ssr` feature; the browser build uses lib.rs only.
}
