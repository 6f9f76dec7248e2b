#!/usr/bin/env bash
# Installs what is missing, builds yorisoi, offers demo data, and runs it on the embedded
# SQLite database (data/yorisoi.db) at http://127.0.0.1:3000.
#   scripts/run.sh          ask before loading demo data into an empty database
#   scripts/run.sh --demo   load demo data without asking (skipped if data exists)
#   scripts/run.sh [--demo] --addr 0.0.0.0:3000   other options go to `yorisoi serve`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Chromium is for the browser tests only (scripts/test.sh installs it).
bash scripts/install-tools.sh --no-browser
# shellcheck source=scripts/env.sh
source scripts/env.sh

bash scripts/build-site.sh --release
bin=target/release/yorisoi
"$bin" migrate

load_demo=no
if [ "${1:-}" = "--demo" ]; then
  load_demo=yes
  shift
elif [ -t 0 ]; then
  read -r -p "Load demo data (demo users, partners, venues)? [Y/n] " answer
  case "${answer:-y}" in [Yy]*) load_demo=yes ;; esac
fi
if [ "$load_demo" = yes ]; then
  "$bin" demo || echo "(demo data not loaded: the database already has data)"
fi

# Anything else given to this script goes to `yorisoi serve` (e.g. --addr 0.0.0.0:3000).
exec "$bin" serve "$@"
