#!/usr/bin/env bash
# `npm test`: set everything up from nothing, then run every test:
# the lint gates, Rust (native), the regression floors (corpora, citations, consolidation), the bindings as
# WASM in Node, the built core in Node, the admin app in headless Chromium, and the integration tests against a
# real Directus on SQLite and on PostgreSQL 15 (in the PostgreSQL pass, cluster.test.js also runs two Directus
# instances with a real Redis), and the install of the packed tarball into a fresh Directus project.
#
# The stages run in lanes side by side (the machine of CI has 2 cores): one of the setup and then the Directus
# tests in a pool (a Directus test leaves part of a core idle while it waits on requests), one of the Rust checks
# and the floors (rustfmt beside the setup), and one of Debian's packages. It ends with the table of stages
# (seconds, CPU seconds, tests counted from each stage's own output); the budget and how to read the table:
# docs/DEVELOPMENT.md ("The test run and its budget").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
source scripts/lib/stages.sh
trap stage_table EXIT

# Node, rustup's components and the wasm32 target: what the lanes need first.
stage "toolchain (Node, rustfmt, clippy, wasm32)" bash scripts/setup.sh --toolchain

# Clippy's lints inside the builds, not in builds of their own. Every workspace crate npm test compiles (the two
# WASM builds of the setup and the native test build) is compiled by clippy-driver, which is rustc with Clippy's
# lint passes added (Clippy's README: it "can be used as a drop-in replacement for rustc"), and a warning fails that
# build (-D warnings; cargo caps the lints of crates.io's crates). Those builds compile every target that
# `npm run lint`'s three clippy runs check (natively, and for the server's and the browser's WASM: the bindings have
# no wasm32 test target with code since their wasm-bindgen tests became tests/wasm/bindings.test.js), so those runs
# are not made again: the code was type-checked three more times, 230-odd CPU seconds of the 2 cores.
# RUSTC_WORKSPACE_WRAPPER is part of cargo's artifact hashes: builds outside npm test (npm start, npm run corpus)
# are kept apart and not linted.
RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)"
export RUSTC_WORKSPACE_WRAPPER
export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-D warnings"

# A stage that is several commands: `&&`, because `set -e` does not hold inside a stage (it runs on the
# left of `||`).
floors() {
  # The renderers still read the headings the floors compare (tests/corpus/headings.json), on documents of their own.
  python3 tests/corpus/render/test_one_down.py &&
    bash scripts/corpus.sh --check &&
    bash scripts/citations.sh --check &&
    python3 scripts/floors.py &&
    # The hot paths (cut, parse, plan, verify) in instructions under callgrind, against tests/bench/instructions.json:
    # more than 10 % more fails (issue 47, item 5). ~30 s, one core, on the test build just made.
    bash scripts/instructions.sh
}
js_checks() {
  bash scripts/lint.sh --js &&
    # No core call is cast to any: eslint refuses every explicit `any` in extension/src.
    # vue-tsc is tsc that also reads the .vue pages, their <script setup> and their templates, against the
    # endpoints' response types (extension/src/shared/responses.ts): ~10 s, 13 CPU s (tsc alone was 8-9 CPU s).
    (cd extension && npx --no-install vue-tsc --noEmit -p .)
}
wasm_and_unit() {
  # The built WASM (both builds, as the bundle embeds them) and the extension's pure TypeScript, in Node. The
  # bindings' own contract is tested there too (tests/wasm/bindings.test.js), on the shipped bytes: no wasm32
  # test build of its own (it was a third compile of the core for wasm32, 90-odd CPU seconds).
  node --test 'tests/wasm/*.test.js' &&
    node --test 'tests/unit/*.test.js'
}
# Debian's packages when the machine lacks them, one after the other (apt-get is not for two at once). Process
# accounting first (scripts/lib/stages.sh): it writes down each process when it ends, so the setup's, started
# before it, are counted too.
packages() {
  accounting_on &&
    source scripts/xmllint.sh &&
    source scripts/chromium.sh &&
    source scripts/postgres.sh &&
    source scripts/redis.sh
}
# The marks a lane leaves for the others to wait for (a lane that fails stops all: wait_lanes).
PACKAGES_DONE="$STAGES_DIR/packages.done"
SETUP_DONE="$STAGES_DIR/setup.done"
# Written by scripts/setup.sh when only wasm-opt and the bundler are left of it.
export IU_SETUP_COMPILED="$STAGES_DIR/setup-compiled.done"
RUST_DONE="$STAGES_DIR/rust.done"
wait_for() {
  while [ ! -e "$1" ]; do sleep 2; done
}

packages_lane() {
  stage "Debian packages (xmllint, Chromium, PostgreSQL, Redis)" packages
  touch "$PACKAGES_DONE"
}

# One optimized build (profile ci, env.sh's CI_BUILD) for every native test, the checks that need it optimized
# (plan pins of the 500-article act, the 1 M-row audit), the ts-rs declarations (extension/wasm/tests/ts_export.rs:
# those of extension/src/core-types are the Rust types'), the consolidation floor, and the floors' harnesses.
# --include-ignored: the measurements on 100 000 units (cut_speed, cut_check_speed, verify_speed) also check
# what they measure, each step once (verify_speed's best-of timings only under IU_MEASURE). The Akoma Ntoso
# export tests (Rust and integration) validate with xmllint.
# The benchmark is built too (not run: `npm run bench` does), so that Clippy's lints reach it (above).
# It runs in the normal class once the setup has compiled, and before that only on what the setup leaves idle
# (build_in_idle_time): then the WASM builds and npm ci's native modules are done, and what is left of the setup
# runs on one core (wasm-opt -O3 of the server WASM, ~100 s in one thread, then the bundler).
# In that stretch the machine was half idle: 55 % busy for 160 s of the clean clone of 98860a4 (machine.tsv).
# Started beside the whole setup, it took half the machine from the WASM builds and the pool began 390 s later;
# started niced, the pool's files starved it (1 455 s) and the Rust lane ended last (both 2026-11-25). This schedule
# was tried once before, with clean clones an hour apart on a machine that slowed between them (setup 771 s
# against 714 after): no gain could be shown then; docs/DEVELOPMENT.md has the measure of it since.
cargo_test() {
  build_in_idle_time &&
    wait_for "$PACKAGES_DONE" &&
    cargo test "${CI_BUILD[@]}" --quiet -- --include-ignored &&
    cargo build "${CI_BUILD[@]}" --quiet --benches
}

# The test build starts beside the setup in the scheduler's idle class (sched(7) SCHED_IDLE: it runs only on a
# core nothing else wants), and is moved back to the normal class when the setup has compiled. The setup keeps
# both cores while it has work for two, and the build takes the one it leaves idle: in the clean clone of
# 6e5d910 the machine was 50 % busy for 70 s before cargo test began (417-487 s of machine.tsv: npm ci done, the
# server WASM build's one-threaded end). Without the right to move a process back (not root, no CAP_SYS_NICE),
# the build waits for the setup as before: left idle-class, the pool's files would starve it.
build_in_idle_time() {
  if ! chrt --idle 0 chrt --other 0 true 2>/dev/null; then
    wait_for "$IU_SETUP_COMPILED"
    return 0
  fi
  # The crates first, in the normal class: an idle-class cargo must not hold cargo's package lock, which the
  # setup's cargo waits for, while it waits for a core.
  cargo fetch --quiet || return 1
  chrt --idle 0 bash -c 'cargo test "$@" --quiet --no-run && cargo build "$@" --quiet --benches' bash "${CI_BUILD[@]}" &
  local build=$!
  wait_for "$IU_SETUP_COMPILED"
  to_normal_class "$build"
  wait "$build"
}
# A process and every process under it, parents first (a child started meanwhile inherits its parent's class).
# Every thread of each (--all-tasks): a policy is a thread's, and cargo starts rustc from its worker threads, so with
# the main thread alone moved the build's new compiles stayed idle-class and starved beside the pool (the clean clone
# of 271e46d: cargo test ended at 1 377 s instead of 913).
to_normal_class() {
  chrt --all-tasks --other -p 0 "$1" 2>/dev/null || true
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do to_normal_class "$child"; done
}

rust_lane() {
  # rustfmt (clippy lints inside the builds, above) needs no node_modules, so it runs beside the setup. The rest
  # of the lane is not niced: niced beside pool files, it starved and ended last (cargo test, above); the pool's
  # third file waits for the lane (scripts/test-pool.js).
  stage "rustfmt" bash scripts/lint.sh --rustfmt
  # Its seconds count from here: the build in the setup's idle time (build_in_idle_time) is part of it.
  stage "cargo test (native, profile ci, with clippy)" cargo_test
  # Every corpus of tests/corpus from ../shared/corpus, the citation sets, and no floor file lower than at the base.
  stage "floors: corpora, citations, floors only go up, instruction counts" floors
  # What needs node_modules and the built bundle: the setup is done (a failed setup stops this lane).
  wait_for "$SETUP_DONE"
  stage "prettier, eslint, vue-tsc" js_checks
  stage "WASM and unit in Node" wasm_and_unit
  touch "$RUST_DONE"
}

# The setup (npm ci, wasm-bindgen-cli, the WASM and bundle builds), then the Directus test files of the four
# groups (browser, integration on SQLite and on PostgreSQL, install) as one pool, IU_TEST_JOBS (default 3) at a
# time; the third starts once the Rust lane is done (scripts/test-pool.js).
directus_lane() {
  stage "setup (npm ci, wasm-bindgen-cli, builds)" bash scripts/setup.sh
  touch "$SETUP_DONE"
  wait_for "$PACKAGES_DONE"
  stage "Directus tests: browser, integration x2, install (pool)" \
    node scripts/test-pool.js --jobs "${IU_TEST_JOBS:-3}" --wait-for "$RUST_DONE"
}

lane packages packages_lane
lane rust rust_lane
lane directus directus_lane
wait_lanes
log "all tests passed"
