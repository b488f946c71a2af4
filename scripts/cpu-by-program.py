#!/usr/bin/env python3
"""CPU seconds of every process of a run, by program, from the kernel's process accounting.

    python3 scripts/cpu-by-program.py PACCT [--top N]

PACCT is the file `accton` wrote (scripts/lib/stages.sh turns accounting on for npm test when it runs as root with
Debian's `acct`, and off at the end). The kernel writes one record per process when it exits: its program name (the
first 15 bytes), its user and system time, its parent. So this counts what no stage row can: the PostgreSQL servers
(they detach from their test), Chromium's renderers (not waited for by their test), and it splits the stage rows by
program (the Rust compiles, the C++ of npm ci's native modules, Directus' processes).

Node runs many roles under one name, so its processes are split by how many Node processes are above them, as
npm test starts them: none, the tools (the setup's wasm-opt and bundler, the linters, the test pool); one, a test
file (node --test's child); two, what a test file starts (its Directus instances, the migrate and backup CLIs).
"""
import argparse
import shutil
import subprocess
import sys
from collections import defaultdict

NODE_ROLES = {
    0: 'node: tools (wasm-opt, bundler, linters, pool)',
    1: 'node: test files',
    2: 'node: Directus and CLIs a test file runs',
}


def records(path):
    """(program, CPU seconds, pid, ppid) of each process, from dump-acct (acct's own reader of the file)."""
    if not shutil.which('dump-acct'):
        sys.exit("dump-acct not found: it comes with Debian's acct package (apt-get install acct)")
    out = subprocess.run(['dump-acct', path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        f = [x.strip() for x in line.split('|')]
        # command|version|user|system|elapsed|uid|gid|memory|io|pid|ppid|… ; times in hundredths of a second.
        if len(f) < 11:
            continue
        try:
            yield f[0], (float(f[2]) + float(f[3])) / 100, int(f[9]), int(f[10])
        except ValueError:
            continue


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('pacct')
    ap.add_argument('--top', type=int, default=14)
    a = ap.parse_args()
    rows = list(records(a.pacct))
    # A pid the kernel gave twice in one run maps to its last process: close enough for who-is-above-whom.
    by_pid = {pid: (prog, ppid) for prog, _, pid, ppid in rows}

    def node_parents(ppid):
        n, seen = 0, set()
        while ppid in by_pid and by_pid[ppid][0] == 'node' and ppid not in seen:
            seen.add(ppid)
            n += 1
            ppid = by_pid[ppid][1]
        return n

    groups = defaultdict(lambda: [0.0, 0])
    for prog, cpu, _, ppid in rows:
        key = NODE_ROLES[min(node_parents(ppid), 2)] if prog == 'node' else prog
        groups[key][0] += cpu
        groups[key][1] += 1
    total = sum(cpu for cpu, _ in groups.values())
    ranked = sorted(groups.items(), key=lambda kv: -kv[1][0])
    print(f"\n{'program (process accounting: every process that ended)':<56} {'processes':>9} {'CPU s':>8} {'share':>6}")
    for name, (cpu, n) in ranked[: a.top]:
        print(f'{name:<56} {n:>9} {cpu:>8.0f} {100 * cpu / total:>5.1f}%')
    rest = ranked[a.top:]
    if rest:
        print(f"{f'{len(rest)} other programs':<56} {sum(n for _, (_, n) in rest):>9} {sum(c for _, (c, _) in rest):>8.0f}")
    print(f"{'all':<56} {len(rows):>9} {total:>8.0f}")


if __name__ == '__main__':
    main()
