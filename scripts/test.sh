#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, then
#   1. cargo fmt --check, and clippy -D warnings for the server (ssr) and browser (hydrate) builds;
#   2. the Rust tests (unit, property and integration) on SQLite and PostgreSQL;
#   3. the end-to-end suite in Debian's Chromium, with axe-core, against the debug server the
#      tests built (target/debug/yorisoi, sharing every compiled crate with them) and a
#      debug browser bundle built alike (scripts/build-site.sh --debug);
#   4. schemathesis against the open API's OpenAPI document (scripts/schemathesis.sh);
#   5. the operational drills (scripts/drills.sh) on both backends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

# Each step says when it starts, in seconds since the suite began (the CI budget).
started=$(date +%s)
step() { printf '\n==> [%ss] %s\n' "$(($(date +%s) - started))" "$*"; }

step "tools"
bash scripts/install-tools.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

step "PostgreSQL"
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
pg_isready -h 127.0.0.1 -p 5432
export YORISOI_TEST_PG="postgres://postgres@127.0.0.1:5432"
export YORISOI_REQUIRE_PG=1
drop_test_databases() {
  psql -h 127.0.0.1 -U postgres -d postgres -Atc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'yorisoi\_test\_%'" |
    while read -r name; do
      [ -n "$name" ] && psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"
    done
}
drop_test_databases

step "Python icalendar (independent feed validator)"
python3 -m pip install --quiet --disable-pip-version-check "icalendar==7.3.2"
export YORISOI_REQUIRE_ICS_VALIDATOR=1

# Leptos's faster debug build (erased component types); the tests, clippy and the debug
# server share these compiled crates.
export RUSTFLAGS="--cfg erase_components"

step "cargo fmt --check"
cargo fmt --check

step "clippy (ssr)"
cargo clippy --features ssr --all-targets -- -D warnings
step "clippy (hydrate, wasm32)"
cargo clippy --features hydrate --lib --target wasm32-unknown-unknown -- -D warnings

step "Rust tests on SQLite and PostgreSQL"
cargo test --features ssr
drop_test_databases

unset RUSTFLAGS
step "browser bundle (debug)"
bash scripts/build-site.sh --debug

step "end-to-end tests (Chromium, axe-core)"
(cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
# The debug server `cargo test` built: a release server would compile every crate again.
# Each Playwright worker starts its own, with its own fresh demo database.
server_bin="$root/target/debug/yorisoi"
(cd end2end && SERVER_BIN="$server_bin" npx playwright test)

step "open API against its OpenAPI document (schemathesis)"
bash scripts/schemathesis.sh "$server_bin"

step "drills: SIGTERM in a booking storm, the database away and back, two instances"
bash scripts/drills.sh "$server_bin"

step "all tests passed"
