"""Write into the labelled passages what iu-cutter knows about the text around them (today: the
document and unit an amending instruction amends, for a line inside it), from the rendered corpora:

    python3 tests/corpus/render /tmp/render vi-vlc-dev vi-subordinate us-plaw …
    python3 tests/citations/inputs.py /tmp/render/index.json tests/citations/*/*.jsonl

It runs `core/examples/citation_inputs.rs` (the amendment reader over each whole document) and sets or
clears each passage's `amends` field; passages of documents not rendered are left as they are. Never
reads or changes a label. Python 3.11, standard library only.
"""
import json
import subprocess
import sys


def main():
    index, files = sys.argv[1], sys.argv[2:]
    out = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "-p", "iu-cutter-core", "--example", "citation_inputs", "--", index, *files],
        check=True, capture_output=True, text=True,
    )
    sys.stderr.write(out.stderr)
    amends = {}
    for line in out.stdout.splitlines():
        r = json.loads(line)
        amends[r["id"]] = r["amends"]
    for f in files:
        passages = [json.loads(l) for l in open(f, encoding="utf-8") if l.strip()]
        for p in passages:
            if p["id"] not in amends:
                continue
            if amends[p["id"]]:
                p["amends"] = amends[p["id"]]
            else:
                p.pop("amends", None)
        with open(f, "w", encoding="utf-8") as w:
            for p in passages:
                w.write(json.dumps(p, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
