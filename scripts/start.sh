#!/usr/bin/env bash
# `npm start`: set everything up, then run Directus + iu-cutter on SQLite with the demo document.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
bash "$ROOT/scripts/setup.sh"
exec node "$ROOT/scripts/start.js"
