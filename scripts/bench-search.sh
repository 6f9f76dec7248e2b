#!/usr/bin/env bash
# Intake search benchmark at Tokyo scale, on a fresh SQLite file and a fresh PostgreSQL
# database: generates residents with common names, readings and phone numbers, then prints
# p50/p95 of the search per kind of query, each answer checked against a plain scan.
#   scripts/bench-search.sh [RESIDENTS]   (default: 300000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
# Release builds take no RUSTFLAGS, as scripts/build-site.sh --release builds the server.
unset RUSTFLAGS
residents="${1:-300000}"
cargo build --release --features ssr --example bench_search
work="$(mktemp -d)"
pg_db="yorisoi_bench_search_$$"
cleanup() {
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
for url in "sqlite://$work/search.db" "postgres://postgres@127.0.0.1:5432/$pg_db"; do
  target/release/examples/bench_search --database-url "$url" --residents "$residents" --runs 5
done
