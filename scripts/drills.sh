#!/usr/bin/env bash
# The operational drills (scripts/drills.py) on both backends, against a server binary:
#   scripts/drills.sh [SERVER]    default target/debug/yorisoi, built (or brought up to
#                                 date) first
# SIGTERM in a booking storm and the database going away and coming back, on SQLite and
# PostgreSQL; two instances behind a round-robin proxy, on PostgreSQL. The database drill
# stops and starts the local PostgreSQL and makes files immutable (chattr): it needs root,
# as the test suite has on its machines.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh
server="${1:-}"
if [ -z "$server" ]; then
  RUSTFLAGS="--cfg erase_components" cargo build --features ssr --bin yorisoi
  server=target/debug/yorisoi
fi
# Whatever happens (even a drill killed half-way), PostgreSQL runs again afterwards and no
# immutable file is left behind.
restore() {
  pg_isready -h 127.0.0.1 -q ||
    pg_lsclusters --no-header | awk '$3 == 5432 { print $1, $2 }' | while read -r version name; do
      pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start
    done
  for left in "${TMPDIR:-/tmp}"/yorisoi-drill-*; do
    [ -e "$left" ] && chattr -R -i "$left" 2>/dev/null && rm -rf "$left"
  done
  return 0
}
trap restore EXIT
for drill in sigterm db-away; do
  for backend in sqlite postgres; do
    python3 scripts/drills.py "$server" "$backend" "$drill"
  done
done
python3 scripts/drills.py "$server" postgres two-instances
