#!/usr/bin/env bash
# `bash scripts/instructions.sh [--update] [OPERATION …]`: the instruction guard of the core's hot paths (issue 47,
# item 5). Each operation of core/examples/instructions.rs (cut, parse, plan, verify, on fixed generated input) runs
# under `valgrind --tool=callgrind`, counting only the operation's own instructions (`--toggle-collect`), and each
# count is compared with its floor in tests/bench/instructions.json: more than 10 % above it fails. Instruction
# counts, not times: deterministic enough on a shared, noisy machine (within a fraction of a per cent from run to run:
# hash maps' random seeds), so a change that makes a hot path slower fails here, in the commit that does it.
#
# - A count more than 10 % over its floor fails, naming the operation, both counts and how to accept it.
# - `--update` writes this run's counts as the floors: a slower hot path accepted on purpose, said in the same
#   commit; or a faster one locked in (a count more than 10 % under its floor is pointed out, so that it is).
#
# The counts are of npm test's one native build (Cargo.toml's profile ci, env.sh's CI_BUILD: optimized, opt-level 1),
# which scripts/test.sh has just built; valgrind reads no CPU's SHA extensions, so a content hash counts sha2's
# portable code. A count depends on the compiler and the build: after a toolchain upgrade, run `--update`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

FLOORS=tests/bench/instructions.json
TOLERANCE=10 # per cent over the floor before a count fails
update=0
operations=()
for arg in "$@"; do
  case "$arg" in
    --update) update=1 ;;
    cut | parse | plan | verify) operations+=("$arg") ;;
    *)
      echo "usage: scripts/instructions.sh [--update] [cut|parse|plan|verify …]" >&2
      exit 2
      ;;
  esac
done
[ ${#operations[@]} -gt 0 ] || operations=(cut parse plan verify)

if ! command -v valgrind >/dev/null; then
  echo "instructions: valgrind is not installed; the instruction guard needs it (Debian: apt-get install valgrind)" >&2
  exit 1
fi

cargo build --quiet "${CI_BUILD[@]}" --example instructions
binary=target/ci/examples/instructions
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

counts=()
for op in "${operations[@]}"; do
  # Collected: the instructions executed inside run_<op> and everything it calls, nothing else.
  if ! valgrind --tool=callgrind --callgrind-out-file="$out/$op.out" --dump-instr=no --compress-strings=no \
    --toggle-collect="instructions::run_$op" "$binary" "$op" >"$out/$op.stdout" 2>"$out/$op.log"; then
    cat "$out/$op.log" >&2
    echo "instructions: $op failed under valgrind" >&2
    exit 1
  fi
  count="$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/$op.log")"
  if [ -z "$count" ] || [ "$count" -eq 0 ]; then
    cat "$out/$op.log" >&2
    echo "instructions: no instructions counted for $op (was instructions::run_$op inlined or renamed?)" >&2
    exit 1
  fi
  counts+=("$op=$count")
done

python3 - "$FLOORS" "$TOLERANCE" "$update" "${counts[@]}" <<'PY'
import json, sys
path, tolerance, update, pairs = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4:]
counts = {k: int(v) for k, v in (p.split("=", 1) for p in pairs)}
try:
    with open(path) as f:
        floors = json.load(f)
except FileNotFoundError:
    floors = {}
note = floors.get("note")
ops = floors.get("operations", {})
failed = []
print(f"{'operation':<10} {'instructions':>15} {'floor':>15} {'change':>9}")
for op, count in counts.items():
    floor = ops.get(op, {}).get("instructions")
    if floor is None:
        change, verdict = "", "no floor"
        if not update:
            failed.append(f"{op}: no floor in {path}")
    else:
        ratio = count / floor - 1
        change = f"{ratio * 100:+.1f} %"
        verdict = "ok"
        if ratio * 100 > tolerance:
            verdict = "SLOWER"
            failed.append(
                f"{op}: {count:,} instructions, {ratio * 100:.1f} % more than its floor of {floor:,} "
                f"(at most {tolerance} % more passes)"
            )
        elif ratio * 100 < -tolerance:
            verdict = "faster: lower the floor (--update)"
    shown = "-" if floor is None else f"{floor:,}"
    print(f"{op:<10} {count:>15,} {shown:>15} {change:>9}  {verdict}")
if update:
    for op, count in counts.items():
        ops.setdefault(op, {})["instructions"] = count
    out = {"note": note or "", "operations": dict(sorted(ops.items()))}
    with open(path, "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"instructions: floors written to {path}")
    sys.exit(0)
if failed:
    print("\ninstructions: a hot path of the core got slower:", file=sys.stderr)
    for line in failed:
        print(f"  {line}", file=sys.stderr)
    print(
        "find where with `valgrind --tool=callgrind --toggle-collect='instructions::run_OPERATION' "
        "target/ci/examples/instructions OPERATION` and callgrind_annotate; if the cost is meant, raise the floor "
        "in the same commit: bash scripts/instructions.sh --update (and say why in the commit message)",
        file=sys.stderr,
    )
    sys.exit(1)
PY
