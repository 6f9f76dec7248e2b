#!/usr/bin/env bash
# Booking benchmark: a release server on a fresh SQLite file, then on a fresh PostgreSQL
# database, each loaded with the demo data, and N bookings over HTTP, C at a time; then N
# more through the booking operation alone (no HTTP), C at a time, and the ratio.
#   scripts/bench-booking.sh [N] [C]        (defaults: 4000 bookings, 50 at a time)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source scripts/env.sh
# The release build of scripts/test.sh runs without RUSTFLAGS; so does this one, to share it.
unset RUSTFLAGS
n="${1:-4000}"
c="${2:-50}"
bash scripts/build-site.sh --release
# The server and the benchmark in one build, so that both use the same library (building
# an example turns on the test dependencies' features, which rebuilds it).
cargo build --release --features ssr --bin yorisoi --example bench_booking
work="$(mktemp -d)"
pg_db="yorisoi_bench_$$"
cleanup() {
  [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null || true
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
for url in "sqlite://$work/bench.db" "postgres://postgres@127.0.0.1:5432/$pg_db"; do
  export DATABASE_URL="$url"
  target/release/yorisoi demo >/dev/null
  target/release/yorisoi serve --addr 127.0.0.1:0 >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do grep -q '^listening on ' "$work/server.log" && break; sleep 0.2; done
  base="$(sed -n 's/^listening on //p' "$work/server.log" | head -n 1)"
  target/release/examples/bench_booking --url "$base" --database-url "$url" -n "$n" -c "$c"
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  server_pid=""
done
