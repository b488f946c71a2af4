#!/usr/bin/env bash
# `npm test`: set everything up from nothing, then run every test:
# Rust (native), the bindings as WASM in Node, the built core in Node, the admin app
# in headless Chromium, and the integration tests against a real Directus on SQLite and on PostgreSQL 15
# (in the PostgreSQL pass, cluster.test.js also runs two Directus instances with a real Redis).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh

# Before the slow stages: rustfmt, clippy (native and wasm32), prettier, eslint. Clippy checks every
# target (benches and examples too), which is why no `cargo check --all-targets` follows below.
bash scripts/lint.sh

log "TypeScript: the extension type-checks (tsc --noEmit)"
(cd extension && npx --no-install tsc --noEmit -p .)
# No core call is cast to any: eslint (in lint.sh) refuses every explicit `any` in extension/src.
log "TypeScript: the declarations of the WASM boundary are those of the Rust types (extension/src/core-types)"
cargo test --quiet -p iu-cutter-wasm --features ts --test ts_export

# The Akoma Ntoso export tests (Rust and integration) validate with xmllint.
source scripts/xmllint.sh
log "Rust: cargo test (native)"
cargo test --workspace --quiet

log "corpora: every document of the regression floors is still cut whole (tests/corpus/*/whole.txt), or whole after its repairs (repaired.txt)"
bash scripts/corpus.sh --check

log "citations: precision and recall on the labelled sets hold their floor, the peers' carried test cases all pass (tests/citations/floor.json)"
bash scripts/citations.sh --check

log "Rust: bindings as wasm32 in Node (wasm-bindgen-test)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p iu-cutter-wasm --target wasm32-unknown-unknown

log "WASM: the bundle's embedded core in Node"
node --test 'tests/wasm/*.test.js'

log "extension: the admin app's pure logic in Node (unit tests)"
node --test 'tests/unit/*.test.js'

source scripts/chromium.sh
# Some browser tests run on PostgreSQL (progress.test.js, upload.test.js: the Data Studio session's polls), so it is set up first.
source scripts/postgres.sh
log "browser: headless Chromium against a real Directus (SQLite and PostgreSQL)"
node --test --test-concurrency=1 'tests/browser/*.test.js'

source scripts/redis.sh

for db in sqlite postgres; do
  log "integration: real Directus 12.4.0 on $db"
  IU_DB=$db node --test --test-concurrency=1 'tests/integration/*.test.js'
done

# docs/INSTALL.md followed literally: the packed tarball into a fresh Directus 12.4.0 project (its own
# package.json and npm install) that has its own collections, users, policies and flow; both databases in one
# run, which shares the one npm install.
log "install: docs/INSTALL.md into an existing Directus 12.4.0 project, on sqlite and postgres"
node --test --test-concurrency=1 tests/install/install.test.js
log "all tests passed"
