#!/usr/bin/env bash
# `npm run bench`: set up, then print the benchmark table (native core, WASM in Node, Directus endpoint).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
node tests/bench/run.js "$@"
