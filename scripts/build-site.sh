#!/usr/bin/env bash
# Builds yorisoi's browser files into target/site, and the release server with --release:
#   scripts/build-site.sh            the browser files only (the WebAssembly always in the
#                                    `wasm-release` profile: the bundle that ships)
#   scripts/build-site.sh --release  those and target/release/yorisoi
# It does what cargo-leptos would, with tools that install in seconds rather than the
# quarter of an hour cargo-leptos takes to compile (docs/ARCHITECTURE.md, "Building"):
#   the WebAssembly: cargo (wasm32, feature hydrate) → wasm-bindgen --target web →
#     wasm-opt -Oz (binaryen) → the JavaScript minified by esbuild;
#   the stylesheet: style/main.css through lightningcss (minified, prefixed for the
#     browsers `defaults` names);
#   public/ copied to the site root; each file under pkg/ also written as .br (brotli,
#     highest quality) for the server to send as it is.
# LEPTOS_OUTPUT_NAME comes from .cargo/config.toml, the same for every build.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

release=no
[ "${1:-}" = "--release" ] && release=yes

name=yorisoi
site=target/site
pkg="$site/pkg"
log() { printf '[build-site] %s\n' "$*" >&2; }

# Release builds take no RUSTFLAGS (the debug `--cfg erase_components` of the tests would
# change the code and rebuild every crate).
if [ "$release" = yes ]; then
  log "server (release)"
  env -u RUSTFLAGS cargo build --release --bin "$name" --no-default-features --features ssr
fi

log "browser code (wasm32, wasm-release profile)"
env -u RUSTFLAGS cargo build --lib --target wasm32-unknown-unknown --no-default-features \
  --features hydrate --profile wasm-release

rm -rf "$pkg.new"
mkdir -p "$pkg.new"
wasm-bindgen "target/wasm32-unknown-unknown/wasm-release/$name.wasm" --target web \
  --no-typescript --out-name "$name" --out-dir "$pkg.new"
# The pages name the bundle `yorisoi.wasm` (web::assets), as cargo-leptos names it.
mv "$pkg.new/${name}_bg.wasm" "$pkg.new/$name.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$pkg.new/$name.wasm" -o "$pkg.new/$name.wasm"
esbuild --minify --log-level=warning <"$pkg.new/$name.js" >"$pkg.new/$name.min.js"
mv "$pkg.new/$name.min.js" "$pkg.new/$name.js"

lightningcss --minify --targets defaults style/main.css -o "$pkg.new/$name.css"

node -e '
  const fs = require("fs"), zlib = require("zlib");
  const quality = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } };
  for (const file of process.argv.slice(1)) {
    fs.writeFileSync(file + ".br", zlib.brotliCompressSync(fs.readFileSync(file), quality));
  }
' "$pkg.new/$name.wasm" "$pkg.new/$name.js" "$pkg.new/$name.css"

# Swap in the new files at once, so a running server never reads half a build.
rm -rf "$pkg.old"
[ -d "$pkg" ] && mv "$pkg" "$pkg.old"
mv "$pkg.new" "$pkg"
rm -rf "$pkg.old"
cp -r public/. "$site/"
log "site files in $site: $(du -sb "$pkg" | cut -f1) bytes under pkg/"
