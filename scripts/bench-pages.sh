#!/usr/bin/env bash
# Page weight and first load on a slow link (issue: light pages). Builds the release if
# needed, serves fresh demo data on a temporary SQLite file, and measures in Chromium
# through Playwright with 400 kbit/s, 400 ms round trip and a 4x CPU slowdown:
#   scripts/bench-pages.sh [--identity]
# (--identity: nothing compressed, as before the server compressed.)
# Prints KB transferred by type and seconds until each page is usable, the release wasm's
# size raw and gzip, the reach report's render time, and the server's memory when idle
# (resident set, after start and after the runs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
# shellcheck source=scripts/env.sh
source scripts/env.sh
bash scripts/build-site.sh --release
[ -d end2end/node_modules ] ||
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/bench.db"
"$root/target/release/yorisoi" demo >/dev/null
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$dir"' EXIT
# shellcheck source=scripts/serve-release.sh
source scripts/serve-release.sh
serve_release "$dir/server.log"
wasm=$(ls target/site/pkg/*.wasm | head -n 1)
printf 'release wasm: %s KB raw, %s KB gzip\n' \
  "$(( $(stat -c %s "$wasm") / 1024 ))" "$(( $(gzip -c -6 "$wasm" | wc -c) / 1024 ))"
rss() { ps -o rss= -p "$server_pid" | tr -d ' '; }
sleep 5
printf 'server RSS idle after start: %s KB\n' "$(rss)"
(cd end2end && BASE_URL="$base_url" node bench/pages.js "$@")
sleep 40
printf 'server RSS idle after the runs: %s KB\n' "$(rss)"
