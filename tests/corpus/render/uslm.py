"""USLM XML: the United States Code (OLRC, USLM 1.0 `uscDoc`), public laws (GPO, USLM 2.0
beta `pLaw`) and enrolled bills (GPO `bill`, stage ENR: the law's text as presented, named by
the bill, `hr-114-2029`, as their markup carries no public law number).

The text is rendered by the `USLM` class of `core/tests/fixtures/legislation/render.py` (imported,
not copied; see its SOURCE.md), with four print rules added:

- a section with no heading runs its first text in after its number, as appropriations acts and
  quoted sections print it (`Sec. 101. The Continuing Appropriations Act, 2017 … is amended by—`,
  `“Sec. 146. Amounts made available …`), and as the Code's notes print quoted sections;
- a section whose heading comes before its number in the markup (appropriations acts' general
  provisions) prints the heading on its own line above `Sec. 201. <text>`;
- a table-of-contents item prints its target (the section or page number after the leader
  dots), which may close a quotation (`“110. Enhanced personnel security programs 11001”.`);
- a table-of-contents item with a designator and no label (the column heading `Sec.` of a
  chapter analysis in a public law) prints the designator once (the fixture's renderer printed
  `Sec. Sec.`).

Ground truth, from the markup only (elements inside `toc, quotedContent, notes, note,
sourceCredit, legislativeHistory, meta` are never counted):

- `top`: every `section` with a `num`, in document order, token `section`. `numbers` is the
  printed number (`§ 1.`, `SEC. 2.`, `Sec. 101.`, `[§§ 202 to 204.`); `ordinals` comes from
  `num/@value` by the common rule (`1320A` → `1320a`). A section that stands for a range or a
  list of repealed sections (`[§§ 202 to 204.`, `§§ 1, 2.`) takes the first number as its
  ordinal (`202`, `1`); `notes` lists them. Sections nested in a section (the sections of Title 54
  enacted inside `SEC. 3.` of Pub. L. 113-287, not quoted) are top-level provisions too. Sections
  without a number (an appropriations act's `That the following sums …`, a joint resolution's one
  `That …` section) are not provisions and are counted in `notes`. `lines` is the 1-based line of
  each one's number in `text`.
- `levels`: numbered sub-levels of the top sections by depth, whatever their element names:
  "1" = the first numbered level below a section (usually `subsection` `(a)`, or `paragraph` `(1)`
  when a section has no subsections), "2" = the numbered level below that. A level element
  without a number is not counted and does not add depth.
- `top.headings`: each section's `heading`; `top.one_down`: `[ordinal, heading]` of each
  provision of level "1" (ordinal from `num/@value`; its own `heading`, as in `(a) In
  General.—`, else `""`).
- `top.status`: each section's `@status` when it is one of `repealed`, `omitted`, `transferred`,
  `renumbered` (the Code's sections printed `[§ 201. Repealed. …]`, `§ 79. Omitted`), else null.
  `marked` counts the elements so marked at every level (chapters, sections, subsections …),
  by status, with the same exclusions.
- `groups` (and a summary in `notes`): the numbered groupings above sections (division, title,
  subtitle, part, subpart; the Code's chapters and subchapters are left out) with their path,
  so that structure such as `DIVISION B` › `TITLE I` is known.
"""
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

SUFFIX = ".xml"
VERSION = 6

_FIXTURES = Path(__file__).resolve().parents[3] / "core" / "tests" / "fixtures" / "legislation"
_spec = importlib.util.spec_from_file_location("legislation_fixture_render", _FIXTURES / "render.py")
R = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(R)

local, norm, inline_text, ordinal = R.local, R.norm, R.inline_text, R.ordinal
EXCLUDE = R.US_EXCLUDE
SUBLEVELS = {"subsection", "paragraph", "subparagraph", "clause", "subclause", "item", "subitem",
             "subsubitem"}
GROUPS = {"division", "subdivision", "title", "subtitle", "part", "subpart"}
MARK = re.compile("\ue000(\\d+)\ue001")
OTHER_MARK = re.compile("\ue002\\d+\ue003")
BREAK = "\ue004"


class MarkOut(R.Out):
    """The fixture's line emitter, which can put an invisible mark before the next text so the
    line a section's number lands on can be found once the text is complete."""

    def __init__(self):
        super().__init__()
        self.mark = None

    def text(self, s):
        if self.mark and s and not self.cur:
            s, self.mark = self.mark + s, None
        super().text(s)


class Renderer(R.USLM):
    def __init__(self, root, usc):
        super().__init__(root, usc=usc)
        self.o = MarkOut()
        self.marks = {}  # id(section element) -> mark number
        self.other = 0

    def block(self, e, quoted=None):
        if local(e.tag) == "referenceItem" and e.find("{*}label") is None:
            # An entry with a designator only: the column heading `Sec.` of a chapter
            # analysis, printed once (the fixture's renderer falls back to the whole item's
            # text for the label and prints `Sec. Sec.`).
            des = e.find("{*}designator")
            text = norm(inline_text(e))
            d = norm(inline_text(des)) if des is not None else ""
            rest = text[len(d):].strip() if d and text.startswith(d) else text
            self.o.line(d + (" " + rest if rest and d else rest))
            self.o.glue = True
            self.not_units.append(self.o.lines[-1] if self.o.lines else "")
            return None
        result = super().block(e, quoted)
        target = e.find("{*}target") if local(e.tag) == "referenceItem" else None
        if target is not None and norm(inline_text(target)) and self.o.lines:
            # The entry's target (its section or page number after the leader dots) is
            # printed: `110. Enhanced personnel security programs .... 11001”.`, where a
            # quoted table of chapters closes its quotation (Pub. L. 114-113, div. M, §306).
            line = self.o.lines[-1] + " " + norm(inline_text(target))
            if self.not_units and self.not_units[-1] == self.o.lines[-1]:
                self.not_units[-1] = line
            self.o.lines[-1] = line
        return result

    def level(self, e):
        num, head = e.find("{*}num"), e.find("{*}heading")
        if local(e.tag) != "section" or num is None or not norm(inline_text(num)):
            return super().level(e)
        head_text = norm(inline_text(head)) if head is not None else ""
        kids = list(e)
        head_first = bool(head_text) and kids.index(head) < kids.index(num)
        if id(e) in self.marks:  # a top-level section: its line is wanted
            mark = f"\ue000{self.marks[id(e)]}\ue001"
        else:  # a quoted section or one in a note: marked only to find its line here
            self.other += 1
            mark = f"\ue002{self.other}\ue003"
        self.o.mark = mark
        super().level(e)
        self.o.mark = None
        if head_text and not head_first:
            return
        lines = self.o.lines
        i = len(lines) - 1
        while i >= 0 and mark not in lines[i]:
            i -= 1
        if i < 0:
            return
        if head_first:
            # the fixture's renderer wrote `num heading`; the print has the heading above
            num_text = mark + norm(inline_text(num))
            lines[i] = head_text
            if i + 1 < len(lines):
                lines[i + 1] = num_text + " " + lines[i + 1]
            else:
                lines.append(num_text)
        elif i + 1 < len(lines):
            # no heading: the section's first text runs in after its number
            lines[i] = lines[i] + " " + lines[i + 1]
            del lines[i + 1]


def heading_of(e):
    """An element's own `heading`, as printed (a line break a space), or `""`."""
    head = e.find("{*}heading")
    return norm(inline_text(head).replace(BREAK, " ")) if head is not None else ""


def sub_ordinal(e):
    """A provision's ordinal below a section: `num/@value` (else its printed number) by the common
    rule (`(a)` → `a`, `(1)` → `1`)."""
    num = e.find("{*}num")
    return ordinal(num.get("value") or inline_text(num))


def section_value(num):
    """The section's number as its ordinal is made from: `num/@value`, else the printed number
    without `SEC.`/`§`; a range or list (`202 to 204`, `1, 2`) gives its first number."""
    value = (num.get("value") or "").strip()
    if not value:
        value = re.sub(r"^[\s\[“\"]*(?:SECTION|SEC\.|Sec\.|§+)\s*", "", norm(inline_text(num)))
    first = re.split(r"\s+to\s+|\s*,\s*|\s+and\s+|\s+through\s+", value)[0]
    return value, first


def structure(root):
    """Top sections, sub-level counts, groups and each top section's numbered provisions one
    level down (`one_down`: id(section) -> [element, …]), from the markup alone."""
    tops, groups, depth_counts = [], [], Counter()
    one_down = {}
    unnumbered = 0
    # a grouping is roman-numbered in a document when all its numbers there are roman numerals
    # (`TITLE I`, `Subtitle II`), not letters (`Subtitle A`, `Subtitle C`)
    values = {}
    for e in root.iter():
        tag = local(e.tag)
        num = e.find("{*}num") if tag in GROUPS else None
        if num is not None:
            values.setdefault(tag, []).append(ordinal(num.get("value") or inline_text(num)))
    roman = {t for t, vs in values.items() if vs and all(R.ROMAN_RE.match(v) for v in vs)}

    def rec(e, excluded, section, depth, path):
        nonlocal unnumbered
        tag = local(e.tag)
        if excluded or tag in EXCLUDE:
            return
        num = e.find("{*}num")
        num_text = norm(inline_text(num)) if num is not None else ""
        numbered = num is not None and (num_text or num.get("value"))
        if tag == "section":
            if numbered:
                tops.append(e)
                section, depth = e, 0
            else:
                unnumbered += 1
        elif tag in SUBLEVELS and section is not None and numbered:
            depth += 1
            depth_counts[depth] += 1
            if depth == 1:
                one_down.setdefault(id(section), []).append(e)
        elif tag in GROUPS and numbered and e is not root:
            value = num.get("value") or num_text
            head = e.find("{*}heading")
            seg = f"{tag}-{ordinal(value, tag in roman)}"
            path = f"{path}/{seg}" if path else seg
            groups.append({"token": tag, "number": num_text, "ordinal": seg.split("-", 1)[1],
                           "path": path,
                           "heading": norm(inline_text(head))[:80] if head is not None else ""})
        for c in e:
            rec(c, False, section, depth, path)

    rec(root, False, None, 0, "")
    return tops, groups, depth_counts, unnumbered, one_down


STATUSES = {"repealed", "omitted", "transferred", "renumbered"}


def status_of(e):
    st = e.get("status")
    return st if st in STATUSES else None


def marked_of(root):
    """Elements marked repealed, omitted … by `@status`, outside notes, quotations and ToCs."""
    counts = {}

    def rec(e):
        if local(e.tag) in EXCLUDE:
            return
        st = status_of(e)
        if st and e.find("{*}num") is not None:
            counts[st] = counts.get(st, 0) + 1
        for c in e:
            rec(c)

    rec(root)
    return counts


def doc_identity(root, usc):
    meta = root.find("{*}meta")
    dc_title = ""
    if meta is not None:
        for c in meta:
            if local(c.tag) == "title":
                dc_title = norm(inline_text(c))
    if usc:
        n = norm(meta.findtext("{*}docNumber") if meta is not None else "")
        main_title = root.find("{*}main/{*}title")
        heading = norm(inline_text(main_title.find("{*}heading"))) if main_title is not None else ""
        return f"usc-title-{n}", f"United States Code, Title {n}—{heading}"
    congress = norm(meta.findtext("{*}congress") if meta is not None else "")
    number = norm(meta.findtext("{*}docNumber") if meta is not None else "")
    number = re.split(r"[–-]", number)[-1]
    short = ""
    for st in root.iter():
        if local(st.tag) == "shortTitle" and st.get("role") in ("act", "jointResolution"):
            short = norm(inline_text(st)).strip("“”‘’\"' ")
            break
    if not short:
        short = dc_title.split(":", 1)[-1].strip()
        if len(short) > 120:
            short = short[:117].rstrip() + "…"
    if local(root.tag) == "bill":
        # An enrolled bill (the text of the law as presented): named by the bill, as its
        # markup carries no public law number (`H. R.` 2029 of the 114th Congress: hr-114-2029).
        preface = root.find("{*}preface")
        kind = norm(preface.findtext("{http://purl.org/dc/elements/1.1/}type") if preface is not None else "")
        kind = re.sub(r"[^a-z]", "", kind.lower()) or "bill"
        return f"{kind}-{congress}-{number}", f"{kind.upper()} {number} ({congress}th Congress), enrolled: {short}"
    return f"pl-{congress}-{number}", f"Public Law {congress}-{number}: {short}"


def render(path, raw):
    root = ET.fromstring(raw)
    usc = local(root.tag) == "uscDoc"
    tops, groups, depth_counts, unnumbered, one_down = structure(root)

    for br in root.iter():
        if local(br.tag) == "br":  # a line break (the Code's reorganization plan headings)
            br.text = BREAK
    r = Renderer(root, usc)
    r.marks = {id(e): k for k, e in enumerate(tops)}
    lines = [part.strip() for line in r.render() for part in line.split(BREAK) if part.strip()]
    line_of = {}
    for i, line in enumerate(lines):
        for m in MARK.finditer(line):
            line_of.setdefault(int(m.group(1)), i + 1)
        if "\ue000" in line or "\ue002" in line:
            lines[i] = norm(OTHER_MARK.sub("", MARK.sub("", line)))
    text = "\n".join(lines) + "\n"

    numbers, ordinals, notes = [], [], []
    ranges = []
    for e in tops:
        num = e.find("{*}num")
        printed = norm(inline_text(num))
        value, first = section_value(num)
        numbers.append(printed)
        ordinals.append(ordinal(first))
        if first != value:
            ranges.append(printed)
    if ranges:
        notes.append(f"{len(ranges)} section(s) stand for a range or list of sections; ordinal = first "
                     f"number: {'; '.join(ranges[:8])}{' …' if len(ranges) > 8 else ''}")
    dupes = sorted(o for o, n in Counter(ordinals).items() if n > 1)
    if dupes:
        notes.append(f"duplicate section ordinals: {', '.join(dupes[:12])}")
    if unnumbered:
        notes.append(f"{unnumbered} section(s) without a number (not provisions)")
    parents = {c: p for p in root.iter() for c in p}
    nested = 0
    for e in tops:
        p = parents.get(e)
        while p is not None and local(p.tag) != "section":
            p = parents.get(p)
        nested += p is not None
    if nested:
        notes.append(f"{nested} section(s) nested inside another section (enacted in the text, not quoted)")
    for tok in ("division", "title", "subtitle", "part"):
        g = [x for x in groups if x["token"] == tok]
        if g:
            notes.append(f"{tok}s: " + ", ".join(x["path"] for x in g[:20]) + (" …" if len(g) > 20 else ""))
    restarts = [p for p, n in Counter(x["path"].rsplit("/", 1)[-1] for x in groups).items() if n > 1]
    if restarts:
        notes.append("numbering of groups restarts (same number under different parents): " + ", ".join(restarts[:10]))
    notes.append("levels: 1 = first numbered level below a section (subsection or, without subsections, "
                 "paragraph), 2 = the numbered level below that")

    doc_code, title = doc_identity(root, usc)
    return {
        "text": text,
        "doc_code": doc_code,
        "title": title,
        "top": {"token": "section", "numbers": numbers, "ordinals": ordinals,
                "lines": [line_of.get(k, 0) for k in range(len(tops))],
                "status": [status_of(e) for e in tops],
                "headings": [heading_of(e) for e in tops],
                "one_down": [[[sub_ordinal(c), heading_of(c)] for c in one_down.get(id(e), [])]
                             for e in tops]},
        "marked": marked_of(root),
        "levels": {"1": depth_counts[1], "2": depth_counts[2]},
        "groups": groups,
        "notes": notes,
    }
