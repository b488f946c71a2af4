#!/usr/bin/env bash
# `npm run citations [-- --check | --all | --json]`: the citation finder measured on the labelled sets
# (tests/citations/*/*.jsonl: passages of real text labelled by reading them, and the peers' own test
# cases), with core/examples/citations.rs. `--check` fails below tests/citations/floor.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
args=()
for a in "$@"; do
  if [ "$a" = "--check" ] || [ "$a" = "--update" ]; then args+=("$a" tests/citations/floor.json); else args+=("$a"); fi
done
cargo build --quiet "${CI_BUILD[@]}" --example citations
target/ci/examples/citations "${args[@]}" tests/citations/*/*.jsonl
