#!/usr/bin/env bash
# Builds yorisoi's browser files into target/site, as cargo-leptos would:
#   scripts/build-site.sh            the browser bundle as it ships (profile wasm-release)
#   scripts/build-site.sh --release  that, and the release server target/release/yorisoi
#   scripts/build-site.sh --debug    a debug bundle (erase_components, as the tests' debug
#                                    server is built), for the end-to-end suite
# A server and a bundle must be built alike: a debug server with a release bundle renders
# islands that the bundle does not hydrate ("unreachable").
# The steps (docs/ARCHITECTURE.md, "Building"), with tools that install in seconds rather
# than the quarter of an hour cargo-leptos takes to compile:
#   the WebAssembly: cargo (wasm32, feature hydrate) → wasm-bindgen --target web →
#     wasm-opt -Oz (binaryen) → the JavaScript minified by esbuild (not for --debug);
#   the stylesheet: style/main.css through lightningcss (minified, prefixed for the
#     browsers `defaults` names);
#   public/ copied to the site root; the bundle's files also written as .br (brotli,
#     highest quality) for the server to send as they are (not for --debug).
# LEPTOS_OUTPUT_NAME comes from .cargo/config.toml, the same for every build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

mode="${1:-ship}"
case "$mode" in ship | --release | --debug) ;; *) echo "usage: $0 [--release|--debug]" >&2; exit 2 ;; esac

name=yorisoi
site=target/site
pkg="$site/pkg"
log() { printf '[build-site] %s\n' "$*" >&2; }

# Release builds take no RUSTFLAGS (the debug `--cfg erase_components` would change the
# code and rebuild every crate); the debug bundle takes exactly the tests' flags.
if [ "$mode" = --release ]; then
  log "server (release)"
  env -u RUSTFLAGS cargo build --release --bin "$name" --no-default-features --features ssr
fi

if [ "$mode" = --debug ]; then
  log "browser code (wasm32, debug)"
  RUSTFLAGS="--cfg erase_components" cargo build --lib --target wasm32-unknown-unknown \
    --no-default-features --features hydrate
  wasm="target/wasm32-unknown-unknown/debug/$name.wasm"
else
  log "browser code (wasm32, wasm-release profile)"
  env -u RUSTFLAGS cargo build --lib --target wasm32-unknown-unknown --no-default-features \
    --features hydrate --profile wasm-release
  wasm="target/wasm32-unknown-unknown/wasm-release/$name.wasm"
fi

# Nothing to do when the same WebAssembly, stylesheet, public files, tools (their versions
# are in install-tools.sh) and this script made the files there (a run of the suite with
# nothing changed).
stamp=$( (echo "$mode"; cat "$wasm" style/main.css scripts/build-site.sh scripts/install-tools.sh public/*) |
  sha256sum | cut -d' ' -f1)
if [ -d "$pkg" ] && [ "$(cat target/site-built-from 2>/dev/null)" = "$stamp" ]; then
  log "site files in $site are up to date"
  exit 0
fi

rm -rf "$pkg.new"
mkdir -p "$pkg.new"
wasm-bindgen "$wasm" --target web --no-typescript --out-name "$name" --out-dir "$pkg.new"
# The pages name the bundle `yorisoi.wasm` (web::assets), as cargo-leptos names it.
mv "$pkg.new/${name}_bg.wasm" "$pkg.new/$name.wasm"
lightningcss --minify --targets defaults style/main.css -o "$pkg.new/$name.css"
if [ "$mode" != --debug ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$pkg.new/$name.wasm" -o "$pkg.new/$name.wasm"
  esbuild --minify --log-level=warning <"$pkg.new/$name.js" >"$pkg.new/$name.min.js"
  mv "$pkg.new/$name.min.js" "$pkg.new/$name.js"
  node -e '
  const fs = require("fs"), zlib = require("zlib");
  const quality = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };
  for (const file of process.argv.slice(1)) {
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(fs.readFileSync(file), quality));
  }
' "$pkg.new/$name.wasm" "$pkg.new/$name.js" "$pkg.new/$name.css"
fi

# Swap in the new files at once, so a running server never reads half a build.
rm -rf "$pkg.old"
[ -d "$pkg" ] && mv "$pkg" "$pkg.old"
mv "$pkg.new" "$pkg"
rm -rf "$pkg.old"
cp -r public/. "$site/"
echo "$stamp" >target/site-built-from
log "site files in $site: $(du -sb "$pkg" | cut -f1) bytes under pkg/"
