#!/usr/bin/env bash
# Installs what is missing, builds yorisoi, offers demo data, and runs it on the embedded
# SQLite database (data/yorisoi.db) at http://127.0.0.1:3000.
#   scripts/run.sh            the development build, which scripts/test.sh shares: the
#                             quickest way to a first page on a new machine; asks before
#                             loading demo data into an empty database
#   scripts/run.sh --release  the build as it ships (optimised server, minified and
#                             pre-compressed browser bundle): docs/OPERATIONS.md
#   scripts/run.sh --demo     load demo data without asking (skipped if data exists)
#   scripts/run.sh --release --addr 0.0.0.0:3000   the rest goes to `yorisoi serve` (a server
#                             others reach runs the release build)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build=debug
load_demo=ask
while [ $# -gt 0 ]; do
  case "$1" in
    --release) build=release ;;
    --demo) load_demo=yes ;;
    *) break ;;
  esac
  shift
done

# Chromium is for the browser tests only (scripts/test.sh installs it).
bash scripts/install-tools.sh --no-browser
# shellcheck source=scripts/env.sh
source scripts/env.sh

if [ "$build" = release ]; then
  bash scripts/build-site.sh --release
  bin=target/release/yorisoi
else
  # With the flags scripts/test.sh builds with: the bundle is the one the suite uses, and
  # the server shares the crates the tests' dev-dependencies do not change.
  RUSTFLAGS="--cfg erase_components" cargo build --features ssr --bin yorisoi
  bash scripts/build-site.sh --debug
  bin=target/debug/yorisoi
fi
"$bin" migrate

if [ "$load_demo" = ask ]; then
  load_demo=no
  if [ -t 0 ]; then
    read -r -p "Load demo data (demo users, partners, venues)? [Y/n] " answer
    case "${answer:-y}" in [Yy]*) load_demo=yes ;; esac
  fi
fi
if [ "$load_demo" = yes ]; then
  "$bin" demo || echo "(demo data not loaded: the database already has data)"
fi

# Anything else given to this script goes to `yorisoi serve` (e.g. --addr 0.0.0.0:3000).
if [ "$build" = debug ] && [[ " $* " == *" --addr "* ]] && [[ " $* " != *" --addr 127."* ]]; then
  echo "note: this is the development build; a server that others reach runs scripts/run.sh --release" >&2
fi
exec "$bin" serve "$@"
