#!/usr/bin/env bash
# `npm test`: set everything up from nothing, then run every test:
# the lint gates, Rust (native), the regression floors (corpora, citations, consolidation), the bindings as
# WASM in Node, the built core in Node, the admin app in headless Chromium, and the integration tests against a
# real Directus on SQLite and on PostgreSQL 15 (in the PostgreSQL pass, cluster.test.js also runs two Directus
# instances with a real Redis), and the install of the packed tarball into a fresh Directus project.
#
# After setup the stages run in two lanes side by side (the machine of CI has 2 cores; a Directus test leaves
# most of one idle while it waits on requests): one of Rust and floors, one of the Directus tests in a pool.
# It ends with the table of stages (seconds, tests counted from each stage's own output); the budget and how
# to read the table: docs/DEVELOPMENT.md ("The test run and its budget").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
source scripts/lib/stages.sh
trap stage_table EXIT

stage "setup (toolchain, npm ci, builds)" bash scripts/setup.sh
# Debian's packages for the later stages, installed before the lanes start (apt-get is not for two at once).
source scripts/xmllint.sh
source scripts/chromium.sh
source scripts/postgres.sh
source scripts/redis.sh

# A stage that is several commands: `&&`, because `set -e` does not hold inside a stage (it runs on the
# left of `||`).
floors() {
  bash scripts/corpus.sh --check &&
    bash scripts/citations.sh --check &&
    python3 scripts/floors.py
}
wasm_and_unit() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test -p iu-cutter-wasm --target wasm32-unknown-unknown &&
    node --test 'tests/wasm/*.test.js' &&
    node --test 'tests/unit/*.test.js'
}

rust_lane() {
  # rustfmt, clippy (native and wasm32), prettier, eslint. Clippy checks every target (benches and
  # examples too), which is why no `cargo check --all-targets` follows.
  stage "lint (rustfmt, clippy x3, prettier, eslint)" bash scripts/lint.sh
  # No core call is cast to any: eslint (in lint.sh) refuses every explicit `any` in extension/src.
  stage "tsc (the extension type-checks)" bash -c 'cd extension && npx --no-install tsc --noEmit -p .'
  # One optimized build (profile ci, env.sh's CI_BUILD) for every native test, the checks that need it optimized
  # (plan pins of the 500-article act, the 1 M-row audit), the ts-rs declarations (extension/wasm/tests/ts_export.rs:
  # those of extension/src/core-types are the Rust types'), the consolidation floor, and the floors' harnesses.
  # --include-ignored: the measurements on 100 000 units (cut_speed, cut_check_speed, verify_speed) also check
  # what they measure, in 17 s optimized. The Akoma Ntoso export tests (Rust and integration) validate with xmllint.
  stage "cargo test (native, profile ci)" cargo test "${CI_BUILD[@]}" --quiet -- --include-ignored
  # Every corpus of tests/corpus from ../shared/corpus, the citation sets, and no floor file lower than at the base.
  stage "floors: corpora, citations, floors only go up" floors
  stage "wasm-bindgen-test, WASM and unit in Node" wasm_and_unit
  touch "$STAGES_DIR/rust.done"
}

# The Directus test files of the four groups (browser, integration on SQLite and on PostgreSQL, install) as one
# pool, IU_TEST_JOBS (default 2) at a time (a third and more start once the Rust lane is done): scripts/test-pool.js.
directus_lane() {
  stage "Directus tests: browser, integration x2, install (pool)" \
    node scripts/test-pool.js --jobs "${IU_TEST_JOBS:-2}" --wait-for "$STAGES_DIR/rust.done"
}

lane rust rust_lane
lane directus directus_lane
wait_lanes
log "all tests passed"
