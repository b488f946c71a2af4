"""Check labelled passages before they join a set: every mention's text is in its passage, every
form is known, every address is written in the address grammar. Prints what is wrong and where.

    python3 tests/citations/check.py FILE.jsonl ...

Python 3.11, standard library only. Never runs the citation finder.
"""
import json
import re
import sys

CITATION_FORMS = {
    # Vietnamese
    "unit", "unit-this", "unit-other", "unit-titled", "list", "range", "relative",
    "document", "document-this", "document-titled", "amended",
    # English
    "usc", "public-law", "private-law",
}
NOT_CITATION_FORMS = {"heading", "lookalike"}
ADDRESS = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z]+-[a-z0-9]+(?:-[a-z0-9]+)*)*$")


def occurrences(text, needle):
    out, i = [], text.find(needle)
    while i >= 0 and needle:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def check(path):
    problems, mentions, citations = [], 0, 0
    seen = set()
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        if not raw.strip():
            continue
        where = f"{path}:{n}"
        try:
            p = json.loads(raw)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not JSON ({e})")
            continue
        for field in ("id", "corpus", "file", "line", "split", "doc", "text", "mentions"):
            if field not in p:
                problems.append(f"{where}: missing field '{field}'")
        if p.get("id") in seen:
            problems.append(f"{where}: passage {p.get('id')} labelled twice")
        seen.add(p.get("id"))
        for k, m in enumerate(p.get("mentions", []), 1):
            at = f"{where} mention {k}"
            mentions += 1
            t = m.get("text", "")
            occ = occurrences(p.get("text", ""), t)
            nth = m.get("occurrence", 1)
            if not occ:
                problems.append(f"{at}: text {t!r} is not in the passage (copy it exactly)")
            elif nth > len(occ):
                problems.append(f"{at}: occurrence {nth} of {t!r}, but the passage has {len(occ)}")
            elif len(occ) > 1 and "occurrence" not in m:
                problems.append(f"{at}: {t!r} occurs {len(occ)} times; say which with \"occurrence\": 1..{len(occ)}")
            form = m.get("form")
            if not isinstance(m.get("citation"), bool):
                problems.append(f"{at}: \"citation\" must be true or false")
            elif m["citation"]:
                citations += 1
                if form not in CITATION_FORMS:
                    problems.append(f"{at}: form {form!r} is not one of {sorted(CITATION_FORMS)}")
                addrs = m.get("addresses")
                if not isinstance(addrs, list):
                    problems.append(f"{at}: \"addresses\" must be a list")
                    continue
                if not addrs and not m.get("doc_title"):
                    problems.append(f"{at}: a citation with no addresses needs \"doc_title\" (the document it names without a code)")
                for a in addrs:
                    if not isinstance(a, str) or not ADDRESS.match(a):
                        problems.append(f"{at}: {a!r} is not written in the address grammar (lowercase, e.g. 45-2019-qh14/dieu-5/khoan-1)")
            elif form not in NOT_CITATION_FORMS:
                problems.append(f"{at}: a mention that is no citation has form 'heading' or 'lookalike', not {form!r}")
    return problems, mentions, citations


def main():
    total = [0, 0]
    bad = False
    for path in sys.argv[1:]:
        problems, mentions, citations = check(path)
        total[0] += mentions
        total[1] += citations
        for pr in problems:
            print(pr)
        bad = bad or bool(problems)
        print(f"{path}: {mentions} mentions, {citations} citations, {len(problems)} problems")
    print(f"total: {total[0]} mentions, {total[1]} citations")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
