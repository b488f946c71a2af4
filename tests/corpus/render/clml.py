"""legislation.gov.uk CLML (Crown Legislation Markup Language): UK, Scottish, Welsh and Northern
Irish Acts and statutory instruments.

The rendering and the structure count are the `CLML` class of the legislation fixtures
(`core/tests/fixtures/legislation/render.py`, imported, not copied), with what a statutory
instrument needs on top of it:

- an SI's regulation (article, rule) prints as legislation.gov.uk and the Queen's Printer print it:
  its heading on a line of its own, then `1.—(1) These Regulations …` (or `2. In these
  Regulations—` when it has no paragraphs); an Act's section stays `1 Short title` with its
  subsections below. Inside quoted amendments (`BlockAmendment`) the style follows the
  amendment's own `TargetClass` (an SI amending an Act quotes `5A Title`, and so on);
- a number runs on after its parent's when no words come between them: `(2)(a) In paragraph …`;
- ordered lists (definitions' own `(a)`, `(b)`, …) print the numbers the publisher generates
  from `Type`/`Decoration`; they are lists, not provisions, and are not counted;
- `Made 18th June 2005` and the other dates keep the space between label and date;
- a table prints one line per row, its cells apart (a tab between them), empty cells too;
- a table of contents without its own title gets the `Contents` heading the print gives it;
  signatures print one line per name, office and date; `EXPLANATORY NOTE` heads the note;
- a quoted heading (`FragmentNumber`, `FragmentTitle` in a `BlockAmendment`) opens the quotation
  mark on its first line (`“PART VIII`), as every other quoted first line does;
- the converter's `Warning`s (TSO error namespace, `this division is in a schedule, and has no
  heading or number …`) are notes on its markup, not text: legislation.gov.uk never prints them.

Ground truth (never from a cut):
- `top`: every numbered `P1` of the `Body` outside `BlockAmendment`, `BlockExtract`, `Contents`,
  `Commentaries`, `Footnotes`, `Metadata` (the fixtures' count); the token is what the document's
  provisions are called: `section` in Acts, and in SIs `regulation`, `article` (Orders) or `rule`
  from `ukm:DocumentMinorType`, else from legislation.gov.uk's own `P1/@id` prefix;
- `levels`: numbered provisions one and two levels below them (`P2`/`P3`, or `P3` directly under
  a `P1`), same exclusions;
- `top.headings`: each P1's heading, the `Title` of its `P1group` (for the group's first P1);
  `top.one_down`: `[ordinal, heading]` of each provision of level one, its heading the `Title` of
  its `P2group` (…) for the group's first one, where the markup has one, else `""`;
- `schedules`: the `Schedule` elements outside quotations.
- `top.status`: for each `P1`, `repealed` (or `omitted`) when the markup holds no text for it but
  dots (`<Text>. . . .</Text>`: legislation.gov.uk's markup of a provision whose text is gone)
  and it refers to a textual-amendment commentary (`Type="F"`) that says so (`S. 130 repealed …`,
  `Reg. 20 omitted …`; `revoked` is `repealed`); else null. `marked` counts the numbered `P1`–`P7`
  so marked at every level (the Body and the schedules, same exclusions), by status.
"""
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

SUFFIX = ".xml"
VERSION = 11

_FIXTURES = Path(__file__).resolve().parents[3] / "core" / "tests" / "fixtures" / "legislation" / "render.py"
_spec = importlib.util.spec_from_file_location("iu_legislation_fixtures_render", _FIXTURES)
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

local, norm, inline_text, ordinal = fx.local, fx.norm, fx.inline_text, fx.ordinal

TYPE_CODES = {
    "UnitedKingdomPublicGeneralAct": "ukpga", "UnitedKingdomLocalAct": "ukla",
    "ScottishAct": "asp", "WelshNationalAssemblyAct": "anaw", "WelshParliamentAct": "asc",
    "WelshAssemblyMeasure": "mwa", "NorthernIrelandAct": "nia",
    "UnitedKingdomStatutoryInstrument": "uksi", "ScottishStatutoryInstrument": "ssi",
    "WelshStatutoryInstrument": "wsi", "NorthernIrelandStatutoryRule": "nisr",
    "UnitedKingdomDraftStatutoryInstrument": "ukdsi", "ScottishDraftStatutoryInstrument": "sdsi",
}
MINOR_TOKENS = {"regulation": "regulation", "order": "article", "rule": "rule"}

# The current line holds only numbers (`1.`, `(2)`, `“3.`): the next number runs on after them.
NUMBERS_ONLY = re.compile(r"^[“\"‘]?(?:\d[0-9A-Za-z.]*(?:—)?|\([0-9A-Za-z]+\))(?:\s*\([0-9A-Za-z]+\))*\s*$")

ROMAN_NUMERALS = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                  (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def roman(n):
    out = ""
    for v, s in ROMAN_NUMERALS:
        while n >= v:
            out, n = out + s, n - v
    return out


def alpha(n):
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


def list_marker(kind, decoration, i):
    n = {"alpha": alpha(i), "alphaUpper": alpha(i).upper(), "roman": roman(i),
         "romanUpper": roman(i).upper(), "arabic": str(i)}.get(kind, str(i))
    return {"parens": f"({n})", "parenRight": f"{n})", "brackets": f"[{n}]",
            "bracketRight": f"{n}]", "period": f"{n}.", "colon": f"{n}:",
            "none": ""}.get(decoration, f"({n})")


class PrintCLML(fx.CLML):
    """The fixtures' CLML renderer, printing statutory instruments as they are printed."""

    def __init__(self, root, secondary):
        super().__init__(root)
        self.doc_target = "secondary" if secondary else "primary"
        self.pending = ""

    def si_style(self, ctx):
        return ctx.get("target", self.doc_target) == "secondary"

    def take_pending(self):
        p, self.pending = self.pending, ""
        return p

    def walk(self, e, ctx):
        tag = local(e.tag)
        if tag == "Contents" and e.find("{*}ContentsTitle") is None:
            # the printed Act opens its arrangement of sections with a heading
            self.o.line("Contents")
            return super().walk(e, ctx)
        if tag == "Versions":  # alternative renderings (e.g. of formulas), not printed in line
            return
        if tag in ("FragmentNumber", "FragmentTitle"):
            # a quoted heading (`For the heading to Part VIII … substituted—`): its number opens
            # the quotation mark, as printed (`“PART VIII`)
            for c in e:
                self.walk(c, ctx)
            return
        if tag in ("Number", "Title") and ctx.get("pending_quote"):
            txt = norm(inline_text(e, skip=("CommentaryRef", "FootnoteRef")))
            if tag == "Number" and ctx.get("sched_number"):
                txt = txt.upper()
            self.o.line(self.quote_open(ctx) + txt)
            return
        if tag == "Warning" and "tso.co.uk/assets/namespace/error" in e.tag:
            # the converter's note on its own markup (`this division … has no heading`): never printed
            return
        if tag == "BlockAmendment":
            target = e.get("TargetClass")
            c2 = dict(ctx, target=target if target in ("primary", "secondary") else ctx.get("target", self.doc_target))
            return super().walk(e, c2)
        if tag in ("MadeDate", "LaidDate", "ComingIntoForce", "SiftedDate"):
            parts = [norm(inline_text(c, skip=("CommentaryRef", "FootnoteRef"))) for c in e]
            self.o.line(" ".join(p for p in parts if p))
            return
        if tag in ("ExplanatoryNotes", "EarlierOrders") and e.find("{*}Title") is None:
            self.o.line("EXPLANATORY NOTE" if tag == "ExplanatoryNotes" else "NOTE AS TO EARLIER COMMENCEMENT ORDERS")
            return super().walk(e, ctx)
        if tag in ("P2group", "P3group", "P4group", "P5group"):
            # a titled group of sub-provisions: the title is a heading line of its own
            for c in e:
                if local(c.tag) == "Title":
                    self.o.line(self.quote_open(ctx) + norm(inline_text(c, skip=("CommentaryRef", "FootnoteRef"))))
                else:
                    self.walk(c, ctx)
            return
        if tag in ("SignedSection", "Signatory"):
            self.o.flush()
            for c in e:
                self.walk(c, ctx)
            return
        if tag == "Signee":
            # one line per part of the signature block, as printed
            for c in e:
                if local(c.tag) in ("Para", "P", "Address"):
                    self.walk(c, ctx)
                else:
                    self.o.line(norm(inline_text(c, skip=("CommentaryRef", "FootnoteRef"))))
            return
        if tag == "OrderedList":
            kind, deco = e.get("Type", "arabic"), e.get("Decoration", "parens")
            i = int(e.get("Start", "1") or 1)
            for c in e:
                if local(c.tag) == "ListItem":
                    self.o.flush()
                    marker = list_marker(kind, deco, i)
                    self.pending = marker + " " if marker else ""
                    i += 1
                self.walk(c, ctx)
            self.pending = ""
            return
        if tag == "Tabular":
            # a table prints in columns: one line per row, its cells apart (a tab, as the lims
            # and akn renderers write them); the fixtures' `line` folds the tab into a space, so
            # a row `1. | Jam | A mixture …` read as a paragraph `1. Jam A mixture …`. Every row
            # prints every column of its table (`cols`): an empty cell is a cell, a cell spanning
            # columns is followed by the empty ones it covers, and the columns a cell above
            # spanning rows covers end the row empty. So a form's rows stay rows (`(a) Railway
            # companies | |`, a row spanning a form's two columns `(a) Used in connexion … |`).
            self.o.flush()
            for table in e.iter():
                if local(table.tag) != "table":
                    continue
                try:
                    width = int(table.get("cols") or 0)
                except ValueError:
                    width = 0
                for tr in self.rows_of(table):
                    cells = []
                    for td in tr:
                        if local(td.tag) not in ("td", "th"):
                            continue
                        cells.append(norm(inline_text(td, skip=("CommentaryRef", "FootnoteRef"))))
                        cells += [""] * (self.span(td) - 1)
                    if any(cells):
                        cells += [""] * (width - len(cells))
                        self.o.lines.append(self.quote_open(ctx) + "\t".join(cells))
            self.o.glue = False
            return
        if tag == "Text":
            self.o.flush()
            self.o.text(self.quote_open(ctx) + self.take_pending())
            self.para_text(e, ctx)
            self.o.block_end()
            return
        return super().walk(e, ctx)

    @staticmethod
    def span(td):
        try:
            return max(1, int(td.get("colspan") or 1))
        except ValueError:
            return 1

    @staticmethod
    def rows_of(table):
        # the table's own rows in document order, not those of a table inside one of its cells
        rows = []
        def rec(el):
            for c in el:
                if local(c.tag) == "table":
                    continue
                if local(c.tag) == "tr":
                    rows.append(c)
                rec(c)
        rec(table)
        return rows

    def num_line_start(self, e, pn, ctx):
        cur = "".join(self.o.cur)
        if cur.strip() and NUMBERS_ONLY.match(cur):
            n = norm(inline_text(pn))
            txt = n if local(e.tag) == "P1" else f"({n})"
            head = cur.rstrip()
            dash = "" if head.endswith((")", "—")) else "—"
            self.o.cur = [head + dash + txt + " "]
            return
        super().num_line_start(e, pn, ctx)

    def p_level(self, e, ctx, heading=None):
        if local(e.tag) == "P1" and self.si_style(ctx):
            return self.si_p1(e, ctx, heading)
        if local(e.tag) == "P1" and not heading and not ctx.get("sched"):
            # a section without a title of its own (under a cross-heading, or the second P1 of a
            # group) prints as legislation.gov.uk prints it: `13 The Secretary of State …`,
            # its text run in after the number, never the number alone on a line
            c2 = dict(ctx, sched=True)
            super().p_level(e, c2)
            ctx["pending_quote"] = c2.get("pending_quote", False)
            return
        return super().p_level(e, ctx, heading)

    def si_p1(self, e, ctx, heading):
        """`1.—(1) …` / `2. …` with the heading (if any) on the line above."""
        pn = e.find("{*}Pnumber")
        if heading:
            self.o.line(self.quote_open(ctx) + heading)
        self.o.flush()
        if pn is not None:
            after = pn.get("PuncAfter")
            n = (pn.get("PuncBefore") or "") + norm(inline_text(pn)) + ("." if after is None else after)
            self.o.text(self.quote_open(ctx) + n + " ")
        first = True
        for c in e:
            if c is pn:
                continue
            if local(c.tag) == "P1para":
                for cc in c:
                    if first and local(cc.tag) == "Text":
                        self.o.text(self.take_pending())
                        self.para_text(cc, ctx)
                        self.o.block_end()
                    else:
                        self.walk(cc, ctx)
                    first = False
            else:
                self.walk(c, ctx)
        self.o.block_end()

    def contents(self, e, ctx):
        if self.doc_target == "secondary" and local(e.tag) == "ContentsItem":
            num = e.find("{*}ContentsNumber")
            title = e.find("{*}ContentsTitle")
            n = norm(inline_text(num)) if num is not None else ""
            t = norm(inline_text(title)) if title is not None else ""
            self.o.line(f"{n}. {t}" if n else t)
            for c in e:
                if local(c.tag) not in ("ContentsNumber", "ContentsTitle"):
                    self.contents(c, ctx)
            return
        super().contents(e, ctx)


EXCLUDED = {"BlockAmendment", "BlockExtract", "Contents", "Commentaries", "Footnotes", "Metadata"}


def body_p1s(root):
    """Numbered P1s of the Body outside quotations etc., in document order."""
    out = []

    def rec(e, in_body, excluded):
        tag = local(e.tag)
        ex = excluded or tag in EXCLUDED or tag in ("Schedules", "Schedule", "Appendix")
        body = in_body or tag == "Body"
        if tag == "P1" and body and not ex:
            out.append(e)
        for c in e:
            rec(c, body, ex)

    rec(root, False, False)
    return out


DOTS = re.compile(r"^\.(?: ?\.){2,}$")
P_TAGS = {"P1", "P2", "P3", "P4", "P5", "P6", "P7"}


def commentaries(root):
    """Textual-amendment commentaries (`Type="F"`) by id: their text, lowercased."""
    out = {}
    for e in root.iter():
        if local(e.tag) == "Commentary" and e.get("Type") == "F":
            out[e.get("id")] = " ".join("".join(e.itertext()).split()).lower()
    return out


def own(p):
    """The elements of a provision that are its own: not those of a numbered provision below it."""
    out = []

    def rec(e):
        for c in e:
            tag = local(c.tag)
            if tag in EXCLUDED or (tag in P_TAGS and c.find("{*}Pnumber") is not None):
                continue
            out.append(c)
            rec(c)

    rec(p)
    return out


def status_of(p, notes, parent=None):
    """`repealed`/`omitted` when the provision's own text is only dots (in its `Text`, or, when
    that is empty, in the title of its `P1group`: `ukpga/1981/54` s. 143) and an F commentary it
    refers to says it was repealed, revoked or omitted. A provision whose sub-provisions are
    repealed one by one (`ukpga/1999/29` s. 136(1), (2)) is not itself marked."""
    mine = own(p)
    text = re.sub(r"\s+", "", "".join("".join(e.itertext()) for e in mine if local(e.tag) == "Text"))
    if not text and parent is not None and local(parent.tag) == "P1group" \
            and len([c for c in parent if local(c.tag) == "P1"]) == 1:
        title = parent.find("{*}Title")
        text = re.sub(r"\s+", "", "".join(title.itertext())) if title is not None else ""
        mine = mine + ([title] + list(title.iter()) if title is not None else [])
    if not DOTS.match(text):
        return None
    said = " ".join(notes.get(r.get("Ref"), "") for r in mine if local(r.tag) == "CommentaryRef")
    if re.search(r"\b(repealed|revoked)\b", said):
        return "repealed"
    if re.search(r"\bomitted\b", said):
        return "omitted"
    return None


def marked_of(root, notes):
    counts = {}

    def rec(e, parent):
        tag = local(e.tag)
        if tag in EXCLUDED:
            return
        if tag in P_TAGS and e.find("{*}Pnumber") is not None:
            st = status_of(e, notes, parent)
            if st:
                counts[st] = counts.get(st, 0) + 1
        for c in e:
            rec(c, e)

    rec(root, None)
    return counts


def canonical(printed):
    """The common ordinal rule: brackets, dots, dashes, § and spaces go, letters are lowercased,
    leading zeros of the integer part go, and a decimal number's `.` becomes `p` (`3.1` → `3p1`)."""
    t = re.sub(r"[\s()\[\]“”\"‘’§—–-]", "", printed).lower().rstrip(".")
    if re.match(r"^\d+[a-z]*(\.[0-9a-z]+)+$", t):
        head, rest = t.split(".", 1)
        return (head.lstrip("0") or "0") + "p" + rest.replace(".", "p")
    t = t.replace(".", "")
    return re.sub(r"^0+(?=\d)", "", t)


def meta_value(root, name):
    for e in root.iter():
        if local(e.tag) == name and e.get("Value") is not None:
            return e.get("Value")
    return ""


def provision_token(root, secondary, p1s):
    if not secondary:
        return "section"
    minor = meta_value(root, "DocumentMinorType")
    if minor in MINOR_TOKENS:
        return MINOR_TOKENS[minor]
    ids = Counter(re.sub(r"[-_]?\d.*$", "", p.get("id") or "") for p in p1s)
    ids.pop("", None)
    if ids:
        return ids.most_common(1)[0][0]
    title = meta_title(root)
    for word, token in (("Regulations", "regulation"), ("Order", "article"), ("Rules", "rule")):
        if word in title:
            return token
    return "section"


def meta_title(root):
    for e in root.iter():
        if local(e.tag) == "title" and e.text:
            return " ".join(e.text.split()).rstrip(">")
    return ""


def doc_code(root, path):
    main = meta_value(root, "DocumentMainType")
    status = meta_value(root, "DocumentStatus")
    prefix = TYPE_CODES.get(main, "uk")
    if status == "draft" and prefix == "uksi":
        prefix = "ukdsi"
    year = meta_value(root, "Year")
    number = meta_value(root, "Number") or meta_value(root, "ISBN")
    if not number:
        for e in root.iter():
            if local(e.tag) == "identifier" and (e.text or "").startswith("urn:isbn:"):
                number = e.text[len("urn:isbn:"):]
                break
    code = "-".join(x for x in (prefix, year, number) if x)
    return re.sub(r"[^0-9A-Za-z-]+", "-", code)[:60] or re.sub(r"[^0-9A-Za-z-]+", "-", path.stem)[:60]


def render(path, raw):
    root = ET.fromstring(raw)
    secondary = any(local(e.tag) == "Secondary" for e in root)
    lines = PrintCLML(root, secondary).render()

    p1s = body_p1s(root)
    token = provision_token(root, secondary, p1s)
    notes = commentaries(root)
    parents = {c: e for e in root.iter() for c in e}
    numbers, ordinals, statuses, headings = [], [], [], []
    for p in p1s:
        pn = p.find("{*}Pnumber")
        if pn is None:
            continue
        statuses.append(status_of(p, notes, parents.get(p)))
        headings.append(p1_heading(p, parents.get(p)))
        raw_n = norm(inline_text(pn))
        after = pn.get("PuncAfter")
        numbers.append(raw_n + (("." if after is None else after) if secondary else ""))
        ordinals.append(canonical(raw_n))

    levels = {"1": 0, "2": 0}
    one_down = []
    for p in p1s:
        below = sub_levels(p)
        for depth, _ in below:
            if depth <= 2:
                levels[str(depth)] += 1
        if p.find("{*}Pnumber") is None:
            continue  # not a top-level provision (`top` skips it too)
        one_down.append([[canonical(norm(inline_text(c.find("{*}Pnumber")))),
                          group_heading(c, parents.get(c))]
                         for depth, c in below if depth == 1])
    sched_numbers = schedule_numbers(root)
    sched_ordinals = [schedule_ordinal(n) for n in sched_numbers]
    doc = {
        "text": "\n".join(lines) + "\n",
        "doc_code": doc_code(root, path),
        "title": meta_title(root) or path.stem,
        "top": {"token": token, "numbers": numbers, "ordinals": ordinals, "status": statuses,
                "headings": headings, "one_down": one_down},
        "levels": levels,
        "marked": marked_of(root, notes),
    }
    if sched_numbers:
        doc["schedules"] = {"token": "schedule", "numbers": sched_numbers, "ordinals": sched_ordinals}
    return doc


def p1_heading(p, parent):
    """A P1's heading: the Title of its P1group when it is the group's first P1 (a later P1 of
    the group has none of its own), else none."""
    return group_heading(p, parent)


def group_heading(p, parent):
    """A numbered provision's heading: the Title of its group (`P1group` of a P1, `P2group` of a
    P2, …) when it is the group's first such provision, else none."""
    tag = local(p.tag)
    if parent is None or local(parent.tag) != tag + "group":
        return ""
    title = parent.find("{*}Title")
    first = next((c for c in parent if local(c.tag) == tag), None)
    if title is None or first is not p:
        return ""
    return norm(inline_text(title, skip=("CommentaryRef", "FootnoteRef")))


LEVEL_TAGS = {"P2", "P3", "P4", "P5", "P6", "P7"}
WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
         "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth"]


def sub_levels(p1):
    """(depth, element) of the numbered P2–P7 below a P1, outside quotations: depth 1 for the
    first numbered level below it, 2 for the next."""
    out = []

    def rec(e, depth):
        for c in e:
            tag = local(c.tag)
            if tag in EXCLUDED:
                continue
            if tag in LEVEL_TAGS and c.find("{*}Pnumber") is not None:
                out.append((depth + 1, c))
                rec(c, depth + 1)
            else:
                rec(c, depth)

    rec(p1, 0)
    return out


def schedule_ordinal(number):
    """`SCHEDULE 2` → 2, `FIRST SCHEDULE` → 1, a lone `SCHEDULE` → 1."""
    t = re.sub(r"\bschedule\b", "", number, flags=re.I).strip().lower()
    if t in WORDS:
        return str(WORDS.index(t) + 1)
    return ordinal(t, roman=True) or "1"


def schedule_numbers(root):
    out = []

    def rec(e, excluded):
        tag = local(e.tag)
        ex = excluded or tag in EXCLUDED
        if tag == "Schedule" and not ex:
            num = e.find("{*}Number")
            out.append(norm(inline_text(num, skip=("CommentaryRef", "FootnoteRef"))).upper() if num is not None else "SCHEDULE")
        for c in e:
            rec(c, ex)

    rec(root, False)
    return out
