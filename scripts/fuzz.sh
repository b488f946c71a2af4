#!/usr/bin/env bash
# Fuzz one core parser with libFuzzer: scripts/fuzz.sh address|citation|cut [seconds]
# (npm run fuzz -- cut 600). Installs the pinned cargo-fuzz into .tools/ on first use.
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP lets the machine's stable toolchain
# accept them. No sanitizer: the core is safe Rust, and what we hunt is panics.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
target=${1:?usage: scripts/fuzz.sh address|citation|cut [seconds]}
seconds=${2:-600}
if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz 0.13.1" ]; then
  log "cargo install cargo-fuzz 0.13.1"
  cargo install cargo-fuzz --version 0.13.1 --root "$TOOLS/cargo" --quiet
fi
cd "$ROOT/core"
mkdir -p "fuzz/corpus/$target"
# Seed with real inputs so the fuzzer starts from legal text, not from nothing.
case "$target" in
  address) printf '45-2019-qh14/dieu-44/khoan-1/diem-dd' > fuzz/corpus/address/seed-1
           printf 'điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14' > fuzz/corpus/address/seed-2 ;;
  citation) printf 'theo quy định tại điểm đ khoản 1 Điều 44 và khoản 2, khoản 3 Điều 5 của Luật số 45/2019/QH14; section 5(1)(a)' > fuzz/corpus/citation/seed-1 ;;
  cut) cp tests/fixtures/*.txt fuzz/corpus/cut/ ;;
esac
RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -s none -- -max_total_time="$seconds" -max_len=65536 -print_final_stats=1
