#!/usr/bin/env bash
# Reach-report benchmark at Tokyo scale, on a fresh SQLite file and a fresh PostgreSQL
# database: generates the data, builds the rollup, times the dashboard query set.
#   scripts/bench-reach.sh [RESIDENTS] [ATTENDANCES]   (defaults: 300000 and 1500000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
# The release build of scripts/test.sh runs without RUSTFLAGS; so does this one, to share it.
unset RUSTFLAGS
residents="${1:-300000}"
attendances="${2:-1500000}"
cargo build --release --features ssr --example bench_reach
work="$(mktemp -d)"
pg_db="yorisoi_bench_reach_$$"
cleanup() {
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
for url in "sqlite://$work/reach.db" "postgres://postgres@127.0.0.1:5432/$pg_db"; do
  target/release/examples/bench_reach --database-url "$url" \
    --residents "$residents" --attendances "$attendances" --runs 10
done
