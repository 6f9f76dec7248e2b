#!/usr/bin/env bash
# Tests the open API (/v1) against its own OpenAPI document with schemathesis: a real
# server on a fresh SQLite database with the demo data and an integration token, generated
# requests for every call, and no server error or answer outside the document allowed.
#   scripts/schemathesis.sh target/debug/yorisoi
set -euo pipefail
bin="$(realpath "${1:?the server binary}")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
# shellcheck source=scripts/env.sh
source "$here/env.sh"
SCHEMATHESIS_VERSION=4.32.5
venv="$YORISOI_TOOLS/schemathesis"
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

dir="$(mktemp -d)"
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
export DATABASE_URL="sqlite://$dir/api.db"
cd "$root"
"$bin" demo > /dev/null
token="$("$bin" integration add --name schemathesis --scopes sessions,requests 2> /dev/null)"
"$bin" serve --addr 127.0.0.1:0 > "$dir/out" 2> "$dir/server.log" &
pid=$!
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$dir/out" 2> /dev/null && break
  sleep 0.1
done
url="$(sed -n 's/^listening on //p' "$dir/out")"
[ -n "$url" ] || { cat "$dir/server.log" >&2; echo "the server did not start" >&2; exit 1; }

# Run in the temporary folder: schemathesis keeps its cache in the working directory.
cd "$dir"
"$venv/bin/schemathesis" run "$url/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples 40 \
  --generation-deterministic \
  --request-timeout 20 \
  || { tail -n 40 "$dir/server.log" >&2; exit 1; }
