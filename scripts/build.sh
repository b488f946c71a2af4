#!/usr/bin/env bash
# Core → WASM (wasm-bindgen, wasm-opt from the npm package binaryen) → the
# Directus bundle. Two builds of the bindings: the full one (`server` feature,
# speed-optimised) embedded in api.js, and the browser one (addresses and
# citations only, size-optimised) embedded in app.js.
#
# `--rust-only`: the two cargo builds alone (setup.sh runs them while npm ci installs wasm-opt and the SDK).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
rust_only=false
[ "${1:-}" = "--rust-only" ] && rust_only=true

# SIMD (simd128, in Node since 16.4) for the server build only: sha2's WASM backend then runs
# the content hash of every unit ~35 % faster. The browser build stays plain WASM.
cargo_server() { RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+simd128" cargo build --quiet -p iu-cutter-wasm --target wasm32-unknown-unknown --profile wasm; }
cargo_browser() { cargo build --quiet -p iu-cutter-wasm --target wasm32-unknown-unknown --profile wasm-browser --no-default-features; }
if $rust_only; then
  log "cargo build iu-cutter-wasm (wasm32: the server build with SIMD, profile wasm, beside the browser build, profile wasm-browser)"
  # Side by side: each ends in a long stretch on one core (the core crate in one codegen unit, then fat LTO), which
  # the other fills. They share no lock: each profile has its own build folders. Alone, from clean: 328 -> 279 s
  # (417 -> 408 CPU s); npm test's setup in two clean clones back to back: 674 s side by side, 714 one after the
  # other (2026-11-26, one machine).
  cargo_server &
  server=$!
  cargo_browser || { wait "$server"; exit 1; }
  wait "$server"
  exit 0
fi

log "cargo build iu-cutter-wasm (wasm32 with SIMD, profile wasm)"
cargo_server
raw=target/wasm32-unknown-unknown/wasm/iu_cutter_wasm.wasm
pkg=extension/pkg
rm -rf "$pkg" && mkdir -p "$pkg"
wasm-bindgen --target web --out-dir "$pkg" "$raw"
wasm-opt -O3 --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$pkg/iu_cutter_wasm_bg.wasm" -o "$pkg/iu_cutter_wasm_bg.wasm"
node scripts/embed-wasm.js "$pkg/iu_cutter_wasm_bg.wasm" "$pkg/iu_cutter_wasm_base64.js"
node scripts/core-factory.js "$pkg/iu_cutter_wasm.js" "$pkg/iu_cutter_wasm_factory.js"

log "cargo build iu-cutter-wasm for the browser (wasm32, profile wasm-browser, no server feature)"
cargo_browser
raw=target/wasm32-unknown-unknown/wasm-browser/iu_cutter_wasm.wasm
pkg=extension/pkg-browser
rm -rf "$pkg" && mkdir -p "$pkg"
wasm-bindgen --target web --out-dir "$pkg" "$raw"
# --strip-producers: bytes of the 200 KB gz budget, which issue 29 nearly filled. Not --converge: it took 11 s instead
# of 6 and left the gzipped file 120 bytes larger (2026-11-25: 198 344 B against 198 224 B).
wasm-opt -Oz --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
  "$pkg/iu_cutter_wasm_bg.wasm" -o "$pkg/iu_cutter_wasm_bg.wasm"
node scripts/embed-wasm.js "$pkg/iu_cutter_wasm_bg.wasm" "$pkg/iu_cutter_wasm_base64.js"
log "browser WASM: $(wc -c < "$pkg/iu_cutter_wasm_bg.wasm") bytes, $(gzip -9c "$pkg/iu_cutter_wasm_bg.wasm" | wc -c) gzipped"

# Nothing an export takes or answers may silently become `any`: the extension type-checks the packages'
# .d.ts with skipLibCheck, so check them here without it (a name the generated core-types lack fails the build).
log "tsc: the packages' declarations against extension/src/core-types"
tsc --noEmit --strict --skipLibCheck false --target es2022 --module nodenext --moduleResolution nodenext \
  --lib es2022,dom extension/pkg/iu_cutter_wasm.d.ts extension/pkg-browser/iu_cutter_wasm.d.ts

log "directus-extension build"
(cd extension && npx --no-install directus-extension build --no-minify >/dev/null)
log "built extension/dist/api.js ($(wc -c < extension/dist/api.js) bytes), app.js ($(wc -c < extension/dist/app.js) bytes)"

# The migration runner's part of the workflow (iu0011's preflight and positions upgrades): the extension's own
# TypeScript, bundled for plain Node, so scripts/migrate.js runs the same plan, ledger and seal code as Directus.
# knex and Directus' packages stay outside: the runner passes its own knex, and node_modules has the rest.
esbuild extension/src/ops/index.ts --bundle --platform=node --format=esm --target=node22 --log-level=warning \
  --external:knex --external:'@directus/*' --outfile=extension/dist/ops.js
log "built extension/dist/ops.js ($(wc -c < extension/dist/ops.js) bytes)"

# The CLI of the package (bin `iu-cutter`: migrate, ledger:key, backup, roles): extension/src/cli with the
# operations and the core built in, for plain Node. knex and Directus' own packages come from the Directus
# project it runs in (src/cli/host.js), so nothing of them is bundled; everything else is.
version=$(node -p "require('./extension/package.json').version")
esbuild extension/src/cli/bin.ts --bundle --platform=node --format=esm --target=node22 --log-level=warning \
  --external:knex --define:IU_CUTTER_VERSION="\"$version\"" --outfile=extension/dist/cli.js
chmod +x extension/dist/cli.js
node scripts/package-files.js
log "built extension/dist/cli.js ($(wc -c < extension/dist/cli.js) bytes), copied migrations/ into extension/migrations/ for the package"
