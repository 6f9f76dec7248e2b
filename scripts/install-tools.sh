#!/usr/bin/env bash
# Installs what building and testing yorisoi needs, skipping whatever is already there.
# Source this file's PATH line via scripts/env.sh; run it directly to install.
#   scripts/install-tools.sh               everything, Chromium for the browser tests too
#   scripts/install-tools.sh --no-browser  what building and running needs (scripts/run.sh)
set -euo pipefail
browser=yes
[ "${1:-}" = "--no-browser" ] && browser=no

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/env.sh
source "$here/env.sh"

WASM_BINDGEN_VERSION=0.2.129
BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.28.2
LIGHTNINGCSS_VERSION=1.33.0

log() { printf '[install] %s\n' "$*" >&2; }

mkdir -p "$YORISOI_TOOLS"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The one build tool compiled here (about 3 minutes); it must match the wasm-bindgen crate
# pinned in Cargo.toml. scripts/build-site.sh does the rest of what cargo-leptos would do,
# with the npm packages below (prebuilt, seconds to install) instead of compiling
# cargo-leptos (15-20 minutes on 2 cores).
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --root "$YORISOI_TOOLS"
fi

# wasm-opt (binaryen; Debian's v108 breaks the bundle), esbuild (minifies the JavaScript),
# lightningcss (the stylesheet).
npm_bin="$YORISOI_TOOLS/npm/node_modules/.bin"
if ! "$npm_bin/wasm-opt" --version 2>/dev/null | grep -q "${BINARYEN_VERSION%%.*}" ||
  ! "$npm_bin/esbuild" --version 2>/dev/null | grep -qx "$ESBUILD_VERSION" ||
  ! grep -qs "\"version\": \"$LIGHTNINGCSS_VERSION\"" \
    "$YORISOI_TOOLS/npm/node_modules/lightningcss-cli/package.json"; then
  log "installing binaryen $BINARYEN_VERSION, esbuild $ESBUILD_VERSION, lightningcss $LIGHTNINGCSS_VERSION from npm"
  mkdir -p "$YORISOI_TOOLS/npm"
  npm install --silent --no-audit --no-fund --prefix "$YORISOI_TOOLS/npm" \
    "binaryen@$BINARYEN_VERSION" "esbuild@$ESBUILD_VERSION" "lightningcss-cli@$LIGHTNINGCSS_VERSION"
fi

if [ "$browser" = yes ] && [ ! -x /usr/bin/chromium ]; then
  log "installing Debian chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

log "tools ready in $YORISOI_TOOLS"
