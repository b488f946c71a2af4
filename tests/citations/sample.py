"""Pick the passages a labeller reads: lines of the rendered corpora that hold a word a citation
could start with (or prose that looks like one), drawn at random with a fixed seed.

    python3 tests/citations/sample.py RENDER_DIR CORPUS SHARD SHARDS COUNT SEED [--dense] [--exclude FILE …] > passages.jsonl

RENDER_DIR is what `python3 tests/corpus/render RENDER_DIR CORPUS` wrote. The documents of the
corpus are dealt to SHARDS labellers by position (document i goes to shard i % SHARDS), so no two
labellers read the same document. One document in five (by a hash of its id) is held out: its
passages are labelled like the others but their misses are never printed (see README.md).

`--dense` draws only lines where a label word is followed by something a unit number or `này` could
be, or where a document code (`45/2019/QH14`) appears: about three times as many citations per passage.
The plain draw measures how often prose is taken for a citation; the dense draw measures the citations
(the sets keep both; `stratum` says which). `--exclude` leaves out passages already in those files.

Each line printed is one passage, as the labeller receives it: where it is (corpus, file, line),
the text, and guesses the labeller checks and corrects: `doc` (the code the text's own document
is cited by), `date` (the day it was signed), `context` (the unit the line sits in, for relative
citations). This script never runs the citation finder: the guesses come from heading lines only.
Python 3.11, standard library only.
"""
import hashlib
import json
import random
import re
import sys
from pathlib import Path

VI_WORDS = re.compile(
    r"(?i)\b(điều|khoản|điểm|chương|mục|phần|tiểu mục|luật|bộ luật|nghị định|thông tư|nghị quyết|quyết định|pháp lệnh|hiến pháp)\b"
)
EN_WORDS = re.compile(
    r"(?i)(\bsections?\b|\bsubsections?\b|\bparagraphs?\b|\bsubparagraphs?\b|\bclauses?\b|\bArticles?\b|\bParts?\b|\bChapters?\b|\bSchedules?\b|\bregulations?\b|\btitle\b|U\.S\.C|\bUSC\b|Pub\. ?L|Public Law|§|\bAct\b)"
)


VI_DENSE = re.compile(
    r"(?i)\b(?:điều|khoản|điểm|chương|mục|phần)\s+(?:\d|[a-zđ]\b|[ivxlc]+\b|này|thứ)|\d+/\d{4}/|\b(?:luật|nghị định|thông tư|nghị quyết|pháp lệnh|quyết định)\s+(?:này|số)"
)
EN_DENSE = re.compile(
    r"(?i)\b(?:sections?|subsections?|paragraphs?|subparagraphs?|clauses?|articles?|parts?|chapters?|schedules?|regulations?|title)\s+(?:\d|\([a-z0-9]+\)|[ivx]+\b)|U\.S\.C|Pub\. ?L|Public Law|§|this (?:Act|section|subsection|paragraph|Part|regulation)"
)


def split_of(doc_id):
    return "heldout" if int(hashlib.sha256(doc_id.encode()).hexdigest(), 16) % 5 == 0 else "dev"


def vi_header(lines):
    code = date = None
    for line in lines[:60]:
        m = re.search(r"(?:Số|số)\s*:?\s*([0-9]+/[0-9]{4}/[A-ZĐa-zđ0-9-]+)", line)
        if m and not code:
            code = m.group(1)
        m = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", line)
        if m and not date:
            date = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
    return code, date


def slug(code):
    return code.lower().replace("/", "-").replace("đ", "dd") if code else "?"


def vi_contexts(lines, code):
    """The unit each line sits in, from heading lines only: `Điều N.`, `N.` (khoản), `a)` (điểm)."""
    dieu = khoan = diem = None
    out = []
    for line in lines:
        s = line.strip()
        if m := re.match(r"Điều\s+(\d+[a-zđ]?)\s*[.:]", s):
            dieu, khoan, diem = m.group(1), None, None
        elif dieu and (m := re.match(r"(\d+)\.\s", s)):
            khoan, diem = m.group(1), None
        elif dieu and (m := re.match(r"([a-zđ])\)\s", s)):
            diem = m.group(1)
        parts = [slug(code)]
        if dieu:
            parts.append(f"dieu-{dieu}")
            if khoan:
                parts.append(f"khoan-{khoan}")
            if diem:
                parts.append("diem-" + ("dd" if diem == "đ" else diem))
        out.append("/".join(parts))
    return out


def main():
    render, corpus, shard, shards, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    rest = sys.argv[7:]
    dense = "--dense" in rest
    excluded = set()
    if "--exclude" in rest:
        for f in rest[rest.index("--exclude") + 1:]:
            for line in open(f, encoding="utf-8"):
                if line.strip():
                    excluded.add(json.loads(line)["id"])
    index = json.loads((Path(render) / "index.json").read_text(encoding="utf-8"))
    entry = next(c for c in index if c["name"] == corpus)
    docs = entry["documents"][shard::shards]
    vi = entry["documents"] and entry["documents"][0]["vocabulary"] == "vi"
    pool = []
    for d in docs:
        lines = Path(d["text"]).read_text(encoding="utf-8").split("\n")
        code, date = vi_header(lines) if vi else (None, None)
        contexts = vi_contexts(lines, code) if vi else [None] * len(lines)
        for n, line in enumerate(lines, 1):
            words = (VI_DENSE if vi else EN_DENSE) if dense else (VI_WORDS if vi else EN_WORDS)
            if len(line) > 2000 or not words.search(line) or f"{corpus}/{d['id']}:{n}" in excluded:
                continue
            if dense and not any(m.start() > 0 for m in words.finditer(line)):
                continue  # a heading's own label is all it has: the plain draw has plenty of those
            pool.append({
                "id": f"{corpus}/{d['id']}:{n}",
                "corpus": corpus,
                "file": Path(d["source"]).name,
                "line": n,
                "split": split_of(d["id"]),
                "stratum": "dense" if dense else "plain",
                "doc": code or d["doc_code"],
                "title": d["title"],
                "date": date,
                "context": contexts[n - 1],
                "text": line,
            })
    random.Random(seed).shuffle(pool)
    for p in pool[:count]:
        print(json.dumps(p, ensure_ascii=False))


if __name__ == "__main__":
    main()
