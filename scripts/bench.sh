#!/usr/bin/env bash
# `npm run bench`: set up, then print the benchmark table (native core, WASM in Node, Directus
# endpoints, the governed CUT on SQLite and PostgreSQL beside a plain Directus import, the browser
# core in headless Chromium beside a RegExp).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
source scripts/postgres.sh
source scripts/chromium.sh
node tests/bench/run.js "$@"
