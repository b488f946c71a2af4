#!/usr/bin/env bash
# Core → WASM (wasm-bindgen, wasm-opt from the npm package binaryen) → the
# Directus bundle, with the WASM bytes embedded in both api.js and app.js.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

log "cargo build iu-cutter-wasm (wasm32, profile wasm)"
cargo build --quiet -p iu-cutter-wasm --target wasm32-unknown-unknown --profile wasm
raw=target/wasm32-unknown-unknown/wasm/iu_cutter_wasm.wasm
pkg=extension/pkg
rm -rf "$pkg" && mkdir -p "$pkg"
wasm-bindgen --target web --out-dir "$pkg" "$raw"
wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$pkg/iu_cutter_wasm_bg.wasm" -o "$pkg/iu_cutter_wasm_bg.wasm"
node scripts/embed-wasm.js "$pkg/iu_cutter_wasm_bg.wasm" "$pkg/iu_cutter_wasm_base64.js"

log "directus-extension build"
(cd extension && npx --no-install directus-extension build --no-minify >/dev/null)
log "built extension/dist/api.js ($(wc -c < extension/dist/api.js) bytes), app.js ($(wc -c < extension/dist/app.js) bytes)"
