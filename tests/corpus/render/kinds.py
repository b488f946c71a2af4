"""The renderers, one module per kind of source. Each module has:

- `SUFFIX`: the file name ending of its sources (`.xml`, `.txt`);
- `VERSION`: bumped whenever its output changes, so cached renders are redone;
- `render(path, raw_bytes) -> dict` with
  - `text`: the text as the publisher prints it, one heading or paragraph a line;
  - `doc_code`: the document's code (its address prefix is derived from it by the core);
  - `title`: the short title;
  - `top`: the top-level provisions, from the source's own structure:
    `{"token": address token, "ordinals": [canonical ordinal, …], "numbers": [printed number, …]}`
    (for Vietnamese text: the unbroken run of `Điều N` heading lines);
    `top.headings`: each top-level provision's heading as the markup gives it (`""` for one
    printed without), where the source's markup says;
    `top.one_down`: per top-level provision (parallel to `ordinals`), `[ordinal, heading]` of
    each numbered provision one level below it (those `levels["1"]` counts), in document
    order, the ordinal by the common rule (`(a)` → `a`, `(1.1)` → `1p1`) and `""` for one
    printed without a heading; `null` where the format prints no headings one level down (the
    harness prints "none printed" then); absent where the source has no markup for it;
  - `levels`: `{"1": n, "2": m}`: how many provisions the source has one and two levels below
    its top-level provisions (absent when the source has no markup for them);
  - optionally `notes`: anything the renderer wants a reader of the table to know.
"""
import akn
import clml
import lims
import uslm
import vi_text

KINDS = {"vi_text": vi_text, "uslm": uslm, "lims": lims, "clml": clml, "akn": akn}
