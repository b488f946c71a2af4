"""Times bluebell's Rust parser (PyPI bluebell-akn-rs) on one file of Bluebell markup.

tests/bench/bluebell.js runs this in its bench-only venv and reads the one JSON line it prints.
The clock runs here, in-process, around the parse call alone, so the figure leaves out Python's
start-up and the Node <-> Python hand-over. The sampling rule is run.js's `measure`: one warm-up,
then at least 5 samples and up to 200 within the budget, median reported.

usage: python bluebell.py MARKUP_FILE FRBR_URI BUDGET_MS
"""
import json
import re
import sys
import time
from importlib.metadata import version

# The Rust extension module itself: the pure-Python `bluebell-akn` front end would only forward to it.
import _bluebell_rs

UNIT = re.compile(rb'<(chapter|article|paragraph|point) eId="([^"]+)"')


def main():
    path, frbr_uri, budget_ms = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(path, encoding='utf-8') as f:
        text = f.read()

    def parse():
        return _bluebell_rs.parse_to_xml(text, 'act', frbr_uri)

    xml = parse()  # the warm-up; its output is what the units are counted in
    counts = {'chapter': 0, 'article': 0, 'paragraph': 0, 'point': 0}
    eids = set()
    for m in UNIT.finditer(xml):
        counts[m.group(1).decode()] += 1
        eids.add(m.group(2))

    samples = []
    start = time.perf_counter()
    while len(samples) < 5 or ((time.perf_counter() - start) * 1e3 < budget_ms and len(samples) < 200):
        t = time.perf_counter_ns()
        out = parse()
        samples.append(time.perf_counter_ns() - t)
        # Outside the clock: every timed run must have produced the checked document.
        if len(out) != len(xml):
            raise SystemExit('bluebell output changed between runs')
        del out
    samples.sort()
    print(json.dumps({
        'version': version('bluebell-akn-rs'),
        'ns': samples[len(samples) // 2],
        'samples': len(samples),
        'xml_bytes': len(xml),
        'counts': counts,
        'distinct_eids': len(eids),
    }))


main()
