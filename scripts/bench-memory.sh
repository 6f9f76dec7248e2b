#!/usr/bin/env bash
# The server's memory under load (issue 22, part 3). Builds the release if needed, serves
# fresh demo data on a temporary SQLite file (or PostgreSQL with --postgres), and prints the
# server's resident set (RSS):
#   - idle, 10 s after start;
#   - after 1,000 sign-ins of 1,000 staff accounts, 50 at a time (each checks an argon2
#     password: 19 MiB apiece, at most 4 at once, auth::password), then 10,000 page views
#     by those sign-ins, 50 at a time;
#   - a minute later.
# Also the peak RSS seen while loading, the time each load took and any non-2xx/3xx answers.
#   scripts/bench-memory.sh [--postgres]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
# shellcheck source=scripts/env.sh
source scripts/env.sh
bash scripts/build-site.sh --release
dir=$(mktemp -d)
db=""
if [ "${1:-}" = "--postgres" ]; then
  db="yorisoi_bench_memory"
  export PGOPTIONS='--client-min-messages=warning'
  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
else
  export DATABASE_URL="sqlite://$dir/bench.db"
fi
"$root/target/release/yorisoi" demo >/dev/null
# A thousand staff accounts with the demo password: each signs in once (five sign-ins at
# once for one login would trip the sign-in throttle, as they should).
clone="WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
  INSERT INTO users (login, display_name, role, password_hash, created_at)
  SELECT 'bench-' || i, display_name, role, password_hash, created_at
  FROM users, n WHERE login = 'demo-staff'"
if [ "${1:-}" = "--postgres" ]; then
  psql -q -h 127.0.0.1 -U postgres -c "$clone" "$db"
else
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' \
    "$dir/bench.db" "$clone"
fi
cleanup() {
  kill "${server_pid:-}" 2>/dev/null || true
  wait "${server_pid:-}" 2>/dev/null || true
  rm -rf "$dir"
  [ -z "$db" ] || psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $db" postgres
}
trap cleanup EXIT
# shellcheck source=scripts/serve-release.sh
source scripts/serve-release.sh
serve_release "$dir/server.log"
sleep 10
SERVER_PID=$server_pid BASE_URL=$base_url python3 - <<'PY'
import collections, concurrent.futures, http.client, os, threading, time, urllib.parse

pid, base = os.environ["SERVER_PID"], os.environ["BASE_URL"]
host, port = urllib.parse.urlparse(base).hostname, urllib.parse.urlparse(base).port
pages = ["/", "/sessions", "/schedule", "/devices", "/account/password"]

def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0

peak = [rss_mb()]
done = threading.Event()
def watch():
    while not done.is_set():
        peak[0] = max(peak[0], rss_mb())
        time.sleep(0.05)
threading.Thread(target=watch, daemon=True).start()

def request(method, path, body=None, cookie=None):
    c = http.client.HTTPConnection(host, port, timeout=120)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    if cookie:
        headers["Cookie"] = cookie
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    r.read()
    setcookie = [v for k, v in r.getheaders() if k.lower() == "set-cookie"]
    c.close()
    return r.status, setcookie

def sign_in(n):
    login = f"bench-{n + 1}"
    body = urllib.parse.urlencode({"login": login, "password": "yorisoi-demo-2025", "next": "/"})
    status, cookies = request("POST", "/auth/login", body)
    session = next((c.split(";")[0] for c in cookies if c.startswith("yorisoi_session=")), None)
    return status, session

def view(args):
    n, cookie = args
    return request("GET", pages[n % len(pages)], cookie=cookie)[0]

print(f"RSS idle after start: {rss_mb():.1f} MB")
with concurrent.futures.ThreadPoolExecutor(50) as pool:
    start = time.time()
    signed = list(pool.map(sign_in, range(1000)))
    took_signin = time.time() - start
    sessions = [s for status, s in signed if status == 303 and s]
    bad = collections.Counter(status for status, s in signed if status != 303 or not s)
    print(f"1000 sign-ins, 50 at a time: {took_signin:.1f} s, not signed in: {dict(bad)}")
    start = time.time()
    statuses = list(pool.map(view, [(n, sessions[n % len(sessions)]) for n in range(10000)]))
    took_views = time.time() - start
    odd = collections.Counter(s for s in statuses if s >= 400)
    print(f"10000 page views, 50 at a time: {took_views:.1f} s, 4xx/5xx: {dict(odd)}")
done.set()
print(f"RSS peak while loading: {peak[0]:.1f} MB")
print(f"RSS right after: {rss_mb():.1f} MB")
time.sleep(60)
print(f"RSS a minute later: {rss_mb():.1f} MB")
PY
