#!/usr/bin/env bash
# Installs what building and testing yorisoi needs, skipping whatever is already there.
# Versions follow ../shared/TOOLCHAIN.md (what is known to work on these machines).
# Source this file's PATH line via scripts/env.sh; run it directly to install.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

CARGO_LEPTOS_VERSION=0.3.10
WASM_BINDGEN_VERSION=0.2.129
BINARYEN_VERSION=132.0.0

log() { printf '[install] %s\n' "$*" >&2; }

mkdir -p "$YORISOI_TOOLS"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  log "installing cargo-leptos $CARGO_LEPTOS_VERSION (takes 15-20 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --root "$YORISOI_TOOLS"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --root "$YORISOI_TOOLS"
fi

if ! "$YORISOI_TOOLS/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "${BINARYEN_VERSION%%.*}"; then
  log "installing binaryen $BINARYEN_VERSION (wasm-opt) from npm"
  mkdir -p "$YORISOI_TOOLS/npm"
  npm install --silent --no-audit --no-fund --prefix "$YORISOI_TOOLS/npm" "binaryen@$BINARYEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

log "tools ready in $YORISOI_TOOLS"
