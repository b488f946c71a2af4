#!/usr/bin/env bash
# `npm run lint`: the lint gates, run by `npm test` before the slow stages.
#   rustfmt   cargo fmt --check (the workspace, and the fuzz targets, which are outside it)
#   clippy    -D warnings, every target (lib, tests, benches, examples), natively and as wasm32
#             (the bindings as built for api.js, and the browser build without `server` for app.js)
#   prettier  --check on extension/ and scripts/ (.prettierrc.json)
#   eslint    on extension/ and scripts/, no warning allowed (eslint.config.js)
# Every gate runs, then the failed ones are named; exit 1 if any failed.
# `npm run lint -- --fix` (or `bash scripts/lint.sh --fix`) rewrites instead: cargo fmt, prettier --write,
# eslint --fix; then runs the gates, which show what is left to fix by hand.
# `--rust`: only rustfmt and clippy; `--js`: only prettier and eslint; `--rustfmt`: only rustfmt, which is what
# npm test adds to its builds' own lints (scripts/test.sh: they compile with clippy-driver).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

fix=false rustfmt=true clippy=true clippy_browser=true js=true
for arg in "$@"; do
  case "$arg" in
    --fix) fix=true ;;
    --rust) js=false ;;
    --js) rustfmt=false clippy=false clippy_browser=false ;;
    --rustfmt) clippy=false clippy_browser=false js=false ;;
    *) echo "usage: bash scripts/lint.sh [--fix] [--rust | --js | --rustfmt]  (unknown argument '$arg')" >&2; exit 2 ;;
  esac
done

# Only what the project writes: the bundle and the wasm-bindgen output are ignored by .gitignore,
# which prettier and eslint.config.js both follow.
JS_PATHS=(extension scripts)
FUZZ_TARGETS=(core/fuzz/fuzz_targets/*.rs)

if $fix; then
  log "lint --fix: cargo fmt, prettier --write, eslint --fix"
  cargo fmt --all
  rustfmt --edition 2021 "${FUZZ_TARGETS[@]}"
  npx --no-install prettier --write --log-level warn "${JS_PATHS[@]}"
  # eslint's fixes are then formatted by prettier again (eslint-config-prettier keeps them apart).
  npx --no-install eslint --fix "${JS_PATHS[@]}" || true
  npx --no-install prettier --write --log-level warn "${JS_PATHS[@]}"
fi

failed=()
gate() {
  local name=$1
  shift
  local start=$SECONDS
  log "lint: $name"
  if "$@"; then
    log "lint: $name passed ($((SECONDS - start))s)"
  else
    log "lint: $name FAILED ($((SECONDS - start))s)"
    failed+=("$name")
  fi
}
rustfmt_check() {
  cargo fmt --all --check && rustfmt --check --edition 2021 "${FUZZ_TARGETS[@]}"
}

if $rustfmt; then
  gate rustfmt rustfmt_check
fi
if $clippy; then
  gate "clippy native" cargo clippy --workspace --all-targets --quiet -- -D warnings
  gate "clippy wasm32 (server build)" cargo clippy -p iu-cutter-wasm --target wasm32-unknown-unknown --all-targets --quiet -- -D warnings
fi
if $clippy_browser; then
  gate "clippy wasm32 (browser build)" cargo clippy -p iu-cutter-wasm --target wasm32-unknown-unknown --all-targets --no-default-features --quiet -- -D warnings
fi
if $js; then
  gate prettier npx --no-install prettier --check --cache --log-level warn "${JS_PATHS[@]}"
  gate eslint npx --no-install eslint --cache --cache-location node_modules/.cache/eslint/ --max-warnings 0 "${JS_PATHS[@]}"
fi

if [ ${#failed[@]} -gt 0 ]; then
  log "lint failed: ${failed[*]}. rustfmt and prettier: \`npm run lint -- --fix\`; clippy and eslint: see above (\`--fix\` fixes some)"
  exit 1
fi
log "lint passed"
