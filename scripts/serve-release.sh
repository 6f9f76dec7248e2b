# Sourced by scripts that run the release server (benchmarks): starts it on a free port
# against DATABASE_URL, logging to the file given, and sets server_pid and base_url.
serve_release() {
  local log=$1
  "$root/target/release/yorisoi" serve --addr 127.0.0.1:0 >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do
    grep -q '^listening on ' "$log" && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log"; return 1; }
    sleep 1
  done
  base_url=$(sed -n 's/^listening on //p' "$log" | head -n 1)
  [ -n "$base_url" ] || { echo "the server did not start"; cat "$log"; return 1; }
}
