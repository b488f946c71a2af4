#!/usr/bin/env bash
# `npm run corpus [-- --check | --update | --json | --all] [NAME …]`: render every corpus on this
# machine (tests/corpus/render, Python standard library) and cut each document with the core,
# comparing the cut with the source's own structure (core/examples/corpus.rs). Corpora whose files
# are not on this machine are listed and skipped; see tests/corpus/README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
python3 tests/corpus/render target/corpus
cargo build --quiet "${CI_BUILD[@]}" --example corpus
target/ci/examples/corpus target/corpus/index.json "$@"
