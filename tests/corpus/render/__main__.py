"""Render every corpus on this machine into plain text plus its expected structure.

    python3 tests/corpus/render OUT_DIR [CORPUS_NAME ...]

For each corpus named (default: every `tests/corpus/<name>/corpus.json`), the driver finds its
files (see `locate`), renders each with the module of the corpus's `kind` (`vi_text`, `lims`,
`uslm`, `clml`, `akn`) and writes, under OUT_DIR/<name>/:

- `<id>.txt`: the text as the publisher prints it (what an editor pastes into iu-cutter);
- `index.json`: one entry per document with its expected structure, taken from the source
  itself (the XML's own elements, or the Vietnamese text's own run of `Điều N` headings),
  never from a cut.

Renders are cached by the source's sha256, so a second run only reads what changed.
Python 3.11, standard library only.
"""
import hashlib
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import kinds  # noqa: E402

CORPORA = HERE.parent
ROOT = CORPORA.parent.parent


def locate(name):
    """The folder holding a corpus's files: `$IU_CORPORA/<name>`, then `../corpora/<name>` beside
    the checkout (a developer's local copy), then `../shared/corpus/<name>` (the shared corpora).
    None when the corpus is not on this machine."""
    candidates = []
    if os.environ.get("IU_CORPORA"):
        candidates.append(Path(os.environ["IU_CORPORA"]) / name)
    candidates.append(ROOT.parent / "corpora" / name)
    candidates.append(ROOT.parent / "shared" / "corpus" / name)
    for c in candidates:
        if c.is_dir():
            return c
    return None


def sources(descriptor_dir, folder, suffix):
    """The files of a corpus in a stable order: those SOURCES.tsv lists when it lists any
    (column `file`), else every file of the folder with the kind's suffix."""
    listed = descriptor_dir / "SOURCES.tsv"
    if listed.exists():
        rows = [l.rstrip("\n").split("\t") for l in listed.read_text(encoding="utf-8").splitlines()]
        head = rows[0]
        if "file" in head:
            i = head.index("file")
            files = [folder / r[i] for r in rows[1:] if len(r) > i and r[i]]
            return sorted(files)
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name.endswith(suffix))


def render_corpus(name, out_root):
    descriptor_dir = CORPORA / name
    descriptor = json.loads((descriptor_dir / "corpus.json").read_text(encoding="utf-8"))
    folder = locate(descriptor.get("folder", name))
    out = out_root / name
    if folder is None:
        return {"name": name, "present": False, "documents": [], **descriptor}
    kind = kinds.KINDS[descriptor["kind"]]
    out.mkdir(parents=True, exist_ok=True)
    cache_path = out / "cache.json"
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    documents, problems = [], []
    for path in sources(descriptor_dir, folder, kind.SUFFIX):
        if not path.exists():
            problems.append(f"{path}: listed in SOURCES.tsv but missing")
            continue
        raw = path.read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        doc_id = path.relative_to(folder).as_posix().rsplit(".", 1)[0].replace("/", "__")
        entry = cache.get(doc_id)
        text_path = out / f"{doc_id}.txt"
        if not (entry and entry.get("sha256") == sha and text_path.exists()
                and entry.get("renderer") == kind.VERSION):
            try:
                doc = kind.render(path, raw)
            except Exception as e:  # a source the renderer cannot read is named, not fatal
                problems.append(f"{path}: {type(e).__name__}: {e}")
                continue
            text_path.write_text(doc.pop("text"), encoding="utf-8")
            entry = {"sha256": sha, "renderer": kind.VERSION, **doc}
            cache[doc_id] = entry
        documents.append({
            "id": doc_id,
            "source": str(path),
            "text": str(text_path),
            "vocabulary": descriptor["vocabulary"],
            **{k: v for k, v in entry.items() if k not in ("renderer",)},
        })
    cache_path.write_text(json.dumps(cache, ensure_ascii=False, indent=0))
    return {"name": name, "present": True, "folder": str(folder), "problems": problems,
            "documents": documents, **descriptor}


def main(argv):
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    out_root = Path(argv[0]).resolve()
    names = argv[1:] or sorted(p.parent.name for p in CORPORA.glob("*/corpus.json"))
    out_root.mkdir(parents=True, exist_ok=True)
    index = []
    for name in names:
        corpus = render_corpus(name, out_root)
        for p in corpus.get("problems", []):
            print(f"render: {p}", file=sys.stderr)
        index.append(corpus)
    (out_root / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
