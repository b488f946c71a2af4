"""Floors only go up: compare every regression floor file of the working tree with the same file
at a base commit, and fail when one went down without saying so in the file itself.

    python3 scripts/floors.py            # base chosen as below
    IU_FLOOR_BASE=REV python3 scripts/floors.py

The floor files:
- tests/corpus/*/whole.txt, tests/corpus/*/repaired.txt (core/examples/corpus.rs): a document may
  move from repaired.txt to whole.txt; it may not leave whole.txt, nor leave repaired.txt without
  entering whole.txt;
- tests/citations/floor.json (core/examples/citations.rs): per set, precision and recall;
- tests/corpus/headings.json (core/examples/corpus.rs): per corpus, the headings the cut reads as
  the publisher's XML prints them, at the top level (`top_right`) and one level down
  (`one_down_right`); each figure is compared alike, so a figure new in the working tree (a corpus,
  a level) starts its floor, and one gone or lower needs its `NAME.FIGURE` mark;
- core/tests/fixtures/consolidation/floor.json (core/tests/chains/mod.rs): per chain, applied and
  reproduced, and broken (which may only go down).

It fails when a floor file is deleted, a key (corpus document, citation set, chain) or a figure
disappears, a figure goes down (broken goes up), or a document leaves a list as above.

A lowering on purpose names itself in the floor file, in the same change:
- in whole.txt / repaired.txt, a line `# lowered: ID: REASON`;
- in the JSON floors, an entry of `"lowered": {"KEY.FIGURE": "REASON"}` (or `"KEY": "REASON"` for
  a key that leaves).
Only a mark that is new in the working tree (not in the base version word for word) allows a
lowering: an old mark names an earlier lowering and allows nothing now. The harnesses write these
marks with `--update --lower=REASON`, and refuse to lower anything without it.

The base, in this order:
1. `$IU_FLOOR_BASE` (any revision git understands);
2. on a branch of its own: where HEAD forked from main, `git merge-base HEAD origin/main` (or
   `main` when there is no origin/main), so every commit of the branch is compared at once;
3. otherwise (HEAD is main itself, or is contained in main, as in CI's clean clone of main): the
   parent commit `HEAD^`, so the last commit and any uncommitted change are compared.
A root commit has nothing to compare with and passes; a shallow clone fetches HEAD^, and where it cannot,
compares with HEAD itself and prints a NOTICE saying what that leaves unseen.

Python 3 standard library only.
"""
import fnmatch
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = [
    "tests/corpus/*/whole.txt",
    "tests/corpus/*/repaired.txt",
    "tests/citations/floor.json",
    "tests/corpus/headings.json",
    "core/tests/fixtures/consolidation/floor.json",
]
# Figures where lower is better; every other figure must not go down.
DOWN_IS_BETTER = {"broken"}
LOWERED = "# lowered: "


def git(*args, check=True):
    r = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout.strip() if r.returncode == 0 else None


def rev(name):
    return git("rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)


def choose_base():
    """(commit, how it was chosen) or (None, why there is nothing to compare with)."""
    if os.environ.get("IU_FLOOR_BASE"):
        name = os.environ["IU_FLOOR_BASE"]
        sha = rev(name)
        if not sha:
            sys.exit(f"floors: IU_FLOOR_BASE={name} is not a commit of this repository")
        return sha, f"IU_FLOOR_BASE={name}"
    head = rev("HEAD")
    for main in ("origin/main", "main"):
        if rev(main):
            fork = git("merge-base", "HEAD", main, check=False)
            if fork and fork != head:
                return fork, f"git merge-base HEAD {main}"
            break
    parent = rev("HEAD^")
    if parent:
        return parent, "HEAD^ (HEAD is main, or has no commit of its own)"
    if git("rev-parse", "--is-shallow-repository") == "true":
        # A shallow clone (CI may make one): fetch the parent; where that cannot be done, compare with HEAD
        # itself, which still catches an uncommitted lowering, and say so loudly.
        try:
            subprocess.run(["git", "fetch", "--quiet", "--deepen=1"], cwd=ROOT, capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            pass
        parent = rev("HEAD^")
        if parent:
            return parent, "HEAD^ (fetched into a shallow clone)"
        print("floors: NOTICE: a shallow clone without HEAD^ and no way to fetch it: compared with HEAD only, "
              "so a lowering committed in HEAD goes unseen here; set IU_FLOOR_BASE or clone with history",
              file=sys.stderr)
        return head, "HEAD (shallow clone, parent not fetchable)"
    return None, "HEAD is the root commit"


def floor_files_at(base):
    listed = git("ls-tree", "-r", "--name-only", base, "--", "tests/corpus", "tests/citations",
                 "core/tests/fixtures/consolidation")
    return sorted(p for p in listed.splitlines() if any(fnmatch.fnmatch(p, g) for g in PATTERNS))


def read_list(text):
    """A floor list: its ids, and {id: the whole line} of its `# lowered: ID: REASON` lines."""
    ids, lowered = set(), {}
    for line in (text or "").splitlines():
        if line.startswith(LOWERED):
            id_, _, reason = line[len(LOWERED):].partition(":")
            if reason.strip():
                lowered[id_.strip()] = line
        elif line and not line.startswith("#"):
            ids.add(line)
    return ids, lowered


def compare_lists(base, corpus_dir, failures):
    """A corpus's whole.txt and repaired.txt at `base` and in the working tree. A list not at the
    base lost nothing; a list deleted is reported by `main`."""
    texts = {name: (show(base, f"{corpus_dir}/{name}"), local(f"{corpus_dir}/{name}"))
             for name in ("whole.txt", "repaired.txt")}
    (b_whole, b_whole_marks), (n_whole, n_whole_marks) = map(read_list, texts["whole.txt"])
    (b_repaired, b_repaired_marks), (n_repaired, n_repaired_marks) = map(read_list, texts["repaired.txt"])
    # Moving from repaired.txt up to whole.txt is progress; any other way off a list is a lowering.
    for name, gone, marks, old_marks in [
        ("whole.txt", b_whole - n_whole, n_whole_marks, b_whole_marks),
        ("repaired.txt", b_repaired - n_repaired - n_whole, n_repaired_marks, b_repaired_marks),
    ]:
        if texts[name][1] is None:
            continue
        for id_ in sorted(gone):
            # Named by a mark this change adds: an old one names an earlier lowering.
            if id_ in marks and old_marks.get(id_) != marks[id_]:
                continue
            now = "whole after its repairs only" if id_ in n_repaired else "on neither list"
            failures.append(f"{corpus_dir}/{name}: {id_} left the floor (now {now}); a lowering "
                            f"on purpose adds `{LOWERED}{id_}: REASON` to that file")


def compare_json(path, base_text, now_text, failures):
    try:
        base = json.loads(base_text)
    except json.JSONDecodeError as e:
        failures.append(f"{path}: the base version is not JSON ({e}); set IU_FLOOR_BASE past it")
        return
    try:
        now = json.loads(now_text)
    except json.JSONDecodeError as e:
        failures.append(f"{path}: not JSON ({e})")
        return
    if not isinstance(now, dict) or not isinstance(now.get("lowered", {}), dict):
        failures.append(f"{path}: not a floor (an object of keys, with \"lowered\" an object)")
        return
    marks, old_marks = now.get("lowered", {}), base.get("lowered", {})

    def named(key):
        return bool(marks.get(key)) and old_marks.get(key) != marks[key]

    for key, figures in base.items():
        if key == "lowered":
            continue
        if key not in now:
            if not named(key):
                failures.append(f"{path}: {key!r} left the floor; a lowering on purpose names it: "
                                f"\"lowered\": {{\"{key}\": \"REASON\"}}")
            continue
        for figure, was in figures.items():
            mark = f"{key}.{figure}"
            got = now[key].get(figure) if isinstance(now[key], dict) else None
            if not isinstance(got, (int, float)):
                if not named(mark):
                    failures.append(f"{path}: {mark} is gone (was {was})")
                continue
            down = got > was if figure in DOWN_IS_BETTER else got < was
            if down and not named(mark):
                failures.append(f"{path}: {mark} went {'up' if figure in DOWN_IS_BETTER else 'down'}"
                                f" {was} → {got}; a lowering on purpose names it: "
                                f"\"lowered\": {{\"{mark}\": \"REASON\"}}")


def show(base, path):
    """The text of `path` at commit `base`, or None when it is not there."""
    return git("show", f"{base}:{path}", check=False)


def local(path):
    """The text of `path` in the working tree, or None when it is not there."""
    f = ROOT / path
    return f.read_text(encoding="utf-8") if f.is_file() else None


def main():
    base, how = choose_base()
    if base is None:
        print(f"floors: nothing to compare with ({how})")
        return 0
    failures = []
    files = floor_files_at(base)
    for path in files:
        now_text = local(path)
        if now_text is None:
            failures.append(f"{path}: deleted (it is a regression floor; restore it: "
                            f"git checkout {base[:12]} -- {path})")
        elif path.endswith(".json"):
            compare_json(path, show(base, path), now_text, failures)
    for corpus_dir in sorted({p.rsplit("/", 1)[0] for p in files if p.endswith(".txt")}):
        compare_lists(base, corpus_dir, failures)
    where = f"{base[:12]} ({how})"
    if failures:
        print(f"floors went down since {where}:", file=sys.stderr)
        for f in failures:
            print(f"  {f}", file=sys.stderr)
        return 1
    print(f"floors hold: {len(files)} floor files compared with {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
