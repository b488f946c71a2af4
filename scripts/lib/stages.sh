# Sourced by scripts/test.sh: each stage of `npm test` timed, its tests counted, and the table of both
# printed at the end, also when a stage fails. A stage's whole output is kept in target/test-stages/<stage>.log.
#
#   stage "name" command args…   run one stage; its output goes to the terminal and to its log
#   lane "name" function          run a function (a list of stages) in the background, its lines prefixed
#                                 with [name]; `wait_lanes` waits for all, and on the first failure stops the rest
#   stage_table                   the table (stage, start in seconds from npm test's, seconds, CPU seconds, tests,
#                                 status), from target/test-stages/table.tsv, then CPU seconds by program
#   accounting_on                 the kernel's process accounting into target/test-stages/pacct, as root (Debian's
#                                 acct, installed when missing): stage_table turns it off and sums it by program
#
# CPU seconds: user + system time of the stage's processes (cutime + cstime of the shell that waited for them).
# On the 2-core machine they are what bounds the run: two lanes side by side cannot finish before their CPU
# seconds, summed, over 2. A process that detaches from its parent (the PostgreSQL servers of the tests) is
# not counted.

STAGES_DIR="$ROOT/target/test-stages"
rm -rf "$STAGES_DIR"
mkdir -p "$STAGES_DIR"
STAGES_START=$(date +%s)
# The pool (scripts/test-pool.js) gives its files' starts in seconds from here.
export STAGES_START

# The whole machine's busy time (/proc/stat: all but idle and iowait), which also counts what no stage's row
# can (the PostgreSQL servers), every 5 seconds into machine.tsv (seconds from the start, percent of all
# cores busy), and over the whole run in the table's last line: where the cores stood idle.
busy_ticks() {
  local cpu user nice sys idle iowait irq softirq steal rest
  read -r cpu user nice sys idle iowait irq softirq steal rest < /proc/stat
  local busy=$((user + nice + sys + irq + softirq + steal))
  echo "$busy $((busy + idle + iowait))"
}
# The percent of all cores busy between two readings of busy_ticks.
busy_percent() {
  local b0 a0 b1 a1
  read -r b0 a0 <<< "$1"
  read -r b1 a1 <<< "$2"
  echo $(((b1 - b0) * 100 / (a1 - a0 > 0 ? a1 - a0 : 1)))
}
MACHINE_START=$(busy_ticks)
machine_sampler() {
  local prev now t=0
  prev=$(busy_ticks)
  printf 'seconds\tbusy %%\n' > "$STAGES_DIR/machine.tsv"
  while sleep 5; do
    now=$(busy_ticks)
    t=$(($(date +%s) - STAGES_START))
    printf '%s\t%s\n' "$t" "$(busy_percent "$prev" "$now")" >> "$STAGES_DIR/machine.tsv"
    prev=$now
  done
}
machine_sampler &
MACHINE_SAMPLER=$!

# The tests a stage's log reports: node --test's summary (TAP `# tests N`, spec `ℹ tests N`), and cargo's and
# wasm-bindgen-test's `test result: ok. N passed; M failed; K ignored` lines (ignored ones are named apart).
tests_in() {
  awk '
    /^(# |ℹ )tests [0-9]+$/ { n += $3 }
    /test result: .* passed; .* failed; .* ignored/ {
      for (i = 1; i <= NF; i++) {
        if ($(i+1) ~ /^passed;?$/ || $(i+1) ~ /^failed;?$/) n += $i
        if ($(i+1) ~ /^ignored;?$/) ign += $i
      }
    }
    END { printf "%d%s", n, (ign ? " (" ign " ignored)" : "") }
  ' "$1"
}

# CPU seconds, in hundredths, of the children shell $1 has waited for: fields 16 and 17 of /proc/$1/stat.
# The caller passes its $BASHPID: in $(…) BASHPID is the subshell's.
children_cpu() {
  local s
  read -r -a s < "/proc/$1/stat"
  echo $(((s[15] + s[16]) * 100 / CLK_TCK))
}
CLK_TCK=$(getconf CLK_TCK)

stage() {
  local name=$1
  shift
  local file="$STAGES_DIR/$(printf '%s' "$name" | tr -c 'a-zA-Z0-9' '-').log"
  local start=$(date +%s) rc=0 me=$BASHPID cpu0
  cpu0=$(children_cpu "$me")
  log "stage: $name"
  if [ -n "${LANE:-}" ]; then
    "$@" 2>&1 | tee "$file" | sed -u "s/^/[$LANE] /" || rc=$?
  else
    "$@" 2>&1 | tee "$file" || rc=$?
  fi
  local secs=$(($(date +%s) - start)) cpu=$((($(children_cpu "$me") - cpu0) / 100))
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$((start - STAGES_START))" "$secs" "$cpu" "$(tests_in "$file")" "$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")" >> "$STAGES_DIR/table.tsv"
  log "stage: $name $([ $rc -eq 0 ] && echo passed || echo FAILED) in ${secs}s (${cpu} CPU s)"
  return $rc
}

LANE_PIDS=()
lane() {
  local name=$1 fn=$2
  # set -m: the lane is a process group of its own, so a failure elsewhere can stop all it started.
  set -m
  (LANE=$name "$fn") &
  LANE_PIDS+=($!)
  set +m
}

wait_lanes() {
  local failed=0
  while [ ${#LANE_PIDS[@]} -gt 0 ]; do
    local done_pid rc=0
    wait -n -p done_pid "${LANE_PIDS[@]}" || rc=$?
    local left=()
    for p in "${LANE_PIDS[@]}"; do [ "$p" != "$done_pid" ] && left+=("$p"); done
    LANE_PIDS=("${left[@]}")
    if [ $rc -ne 0 ]; then
      failed=$rc
      for p in "${LANE_PIDS[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
      for p in "${LANE_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
      LANE_PIDS=()
    fi
  done
  return $failed
}

# Every process that ends is written down by the kernel with its CPU time (acct(5)), the PostgreSQL servers and
# Chromium's renderers too, which no stage row counts: scripts/cpu-by-program.py sums them by program at the end.
# Only as root (accton is root's), and never fatal: the table is the same without it. Accounting is the whole
# machine's, and stage_table turns it off: IU_ACCOUNTING=0 leaves alone a machine that keeps its own.
PACCT="$STAGES_DIR/pacct"
accounting_on() {
  [ "$(id -u)" -eq 0 ] && [ "${IU_ACCOUNTING:-1}" != 0 ] || return 0
  if ! command -v accton >/dev/null 2>&1; then
    source "$ROOT/scripts/lib/debian.sh"
    debian_install "process accounting (acct)" acct || return 0
  fi
  if : > "$PACCT" && accton "$PACCT" >/dev/null 2>&1; then
    log "process accounting on: CPU seconds by program at the end of the table"
  else
    log "process accounting could not be turned on (a kernel without it?): the table goes without it"
    rm -f "$PACCT"
  fi
}

stage_table() {
  local total=$(($(date +%s) - STAGES_START)) me=$BASHPID total_cpu machine_end
  total_cpu=$(($(children_cpu "$me") / 100))
  kill "$MACHINE_SAMPLER" 2>/dev/null || true
  machine_end=$(busy_ticks)
  {
    printf '\n%-46s %5s %8s %8s  %-18s %s\n' "stage" "from" "seconds" "CPU s" "tests" "status"
    while IFS=$'\t' read -r name from secs cpu tests status; do
      printf '%-46s %5s %8s %8s  %-18s %s\n' "$name" "$from" "$secs" "$cpu" "$tests" "$status"
    done < "$STAGES_DIR/table.tsv"
    printf '%-46s %5s %8s %8s  (%d min %02d s; stages in lanes overlap)\n' "npm test, wall clock" 0 "$total" "$total_cpu" $((total / 60)) $((total % 60))
    printf '%-46s %5s %8s %8s  (%d cores %d %% busy; every 5 s: machine.tsv)\n' "the machine, all its processes" 0 "$total" \
      "$((( ${machine_end%% *} - ${MACHINE_START%% *}) / CLK_TCK))" "$(nproc)" "$(busy_percent "$MACHINE_START" "$machine_end")"
    if [ -s "$PACCT" ] && accton off >/dev/null 2>&1; then
      python3 "$ROOT/scripts/cpu-by-program.py" "$PACCT" || true
    fi
  } | tee "$STAGES_DIR/table.txt" >&2
}
