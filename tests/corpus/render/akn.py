"""Akoma Ntoso XML (AKN 3.0, `http://docs.oasis-open.org/legaldocml/ns/akn/3.0`; the OASIS
examples' AKN 2.0 is read the same way, element names being the same): acts, bills and
regulations of any jurisdiction.

The text follows the conventions of the fixtures' Laws.Africa AKN-HTML renderer
(`core/tests/fixtures/legislation/render.py`, whose line emitter `Out` and `ordinal` are reused):
one heading or paragraph a line; a provision's number starts its line and its first words run on
after it; headings of groups (`PART 1`, `CHAPTER I`) and their titles on lines of their own;
tables one row a line, cells tab-separated; quoted structures keep the quotation marks the markup
gives them (`startQuote`/`endQuote`, also on `def`/`term`), and get “ ” where the markup has none. How a top-level provision prints depends on the tradition
the document comes from:

- UK Acts and bills (`FRBRcountry` GB…, provisions `section`): `1 Short title`, then `(1) …`;
- UK statutory instruments (regulations, articles, rules): the heading on its own line, then
  `1.—(1) …` or `2. …`; legislation.gov.uk's AKN gives bare numbers (`1`, `a`), printed `(1)`,
  `(a)` below the first numbered level;
- EU (`article` with `Article 1`): `Article 1`, its title on the next line, then `1. …`, `(a) …`;
- Commonwealth acts (Kenya, South Africa, Laws.Africa): `1. Short title` (a bare number gets its
  `.`), then `(1) …`; a section without heading runs on: `1. This Act may be cited …`.

Placeholders (`<ref class="placeholder" href="#varBillTitle"/>`, UK Lawmaker) print the value their
TLC reference shows. Editorial remarks print in line; authorial notes (footnotes, margin notes)
are left out.

Ground truth (never from a cut):
- `top`: the `section`, `article`, `rule`, `regulation` elements and `hcontainer`s named
  `regulation`, `article`, `rule` or `section`, with a number, outside `quotedStructure`,
  `embeddedStructure`, `toc`, `notes`, `meta`, cover pages, attachments and schedules, and not
  inside another such provision; the token is the element's (the `name` of an hcontainer);
- `levels`: numbered hierarchical elements one and two levels below them (subsections,
  paragraphs, points, `level`s, …; not the items of a `blockList`), same exclusions;
- `top.headings`: each one's `heading` (an EU article's second `num`); `top.one_down`:
  `[ordinal, heading]` of each element of level one, its own `heading` or `""` (UK subsections
  have none; the Kenyan constitution marks the words opening a list as a paragraph's heading);
- `schedules`: `attachment`s, and `hcontainer`s named `schedule` (legislation.gov.uk, Lawmaker)
  outside quotations.
- `top.status`: for each top-level provision, `repealed` (or `omitted`) when its only text is dots
  (legislation.gov.uk's AKN keeps `<p>. . . .</p>` where a provision's text is gone) and it refers
  (`noteRef`) to a textual-amendment note (`class="commentary F"`) saying so (`repealed`,
  `revoked` → `repealed`; `omitted`); else null. `marked` counts numbered hierarchical elements
  so marked at every level, by status, same exclusions.
"""
import importlib.util
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

SUFFIX = ".xml"
VERSION = 7

_NAME = "iu_legislation_fixtures_render"
if _NAME in sys.modules:
    fx = sys.modules[_NAME]
else:
    _path = Path(__file__).resolve().parents[3] / "core" / "tests" / "fixtures" / "legislation" / "render.py"
    _spec = importlib.util.spec_from_file_location(_NAME, _path)
    fx = importlib.util.module_from_spec(_spec)
    sys.modules[_NAME] = fx
    _spec.loader.exec_module(fx)

local, norm, ordinal, Out = fx.local, fx.norm, fx.ordinal, fx.Out

HIER = {"alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list",
        "paragraph", "part", "point", "proviso", "rule", "section", "subchapter", "subclause",
        "subdivision", "subparagraph", "subpart", "subrule", "subsection", "subtitle", "title",
        "tome", "transitional", "hcontainer", "regulation", "subregulation"}
GROUPS = {"book", "tome", "part", "subpart", "chapter", "subchapter", "title", "subtitle",
          "division", "subdivision"}
TOP_TAGS = {"section", "article", "rule", "regulation"}
TOP_NAMES = {"section", "article", "rule", "regulation"}
# Never ground truth (and, for meta, never printed).
EXCLUDED = {"quotedStructure", "embeddedStructure", "toc", "notes", "meta", "coverPage",
            "attachments", "attachment", "components", "component", "authorialNote"}
SKIP = {"meta", "authorialNote", "noteRef", "img", "componentRef", "documentRef", "foreign",
        "marker", "popup"}
BLOCKS = {"p", "block", "listIntroduction", "listWrapUp", "docTitle", "docNumber", "docStage",
          "docProponent", "docDate", "docType", "crossHeading", "subheading", "formula",
          "tocItem", "signature", "blockContainer", "speech", "question", "answer", "from",
          "narrative", "summary", "longTitle"}
WRAPPERS = {"container", "akomaNtoso", "act", "bill", "doc", "statement", "amendment", "documentCollection",
            "body", "mainBody", "preface", "preamble", "conclusions", "content", "intro",
            "wrapUp", "wrap", "blockList", "attachments", "coverPage", "toc", "collectionBody",
            "components", "component", "interstitial", "tblock", "mod", "recitals", "citations",
            "recital", "citation", "portion", "portionBody", "judgment", "judgmentBody",
            "debate", "debateBody", "debateSection", "administrationOfOath", "formula",
            "decision", "header", "introduction", "background", "arguments", "remedies",
            "motivation"}
NUMBERS_ONLY = re.compile(r"^[“\"‘]?(?:\(?[0-9A-Za-z.]+[).]?(?:—)?\s*)+$")
BARE = re.compile(r"^[0-9A-Za-z]+$")


def text_of(e, resolve):
    """The inline text of e: placeholders resolved, notes left out, `eol` a space."""
    parts = []

    def rec(x):
        tag = local(x.tag)
        if tag in SKIP:
            if x.tail:
                parts.append(x.tail)
            return
        if tag == "ref" and (x.get("class") or "") == "placeholder":
            parts.append(resolve(x.get("href", "")))
        elif tag in ("eol", "eop", "br"):
            parts.append(" ")
        else:
            if x.text:
                parts.append(x.text)
            for c in x:
                rec(c)
        if x.tail and x is not e:
            parts.append(x.tail)

    rec(e)
    return "".join(parts)


def quote_marks(e):
    """The quotation marks an element's markup gives it (`startQuote`, `ukl:startQuote`, …)."""
    sq = eq = ""
    for k, v in e.attrib.items():
        n = k.rsplit("}", 1)[-1]
        if n == "startQuote":
            sq = v
        elif n == "endQuote":
            eq = v
    return sq, eq


def hname(e):
    return (e.get("name") or "").lower()


def is_top(e):
    tag = local(e.tag)
    return tag in TOP_TAGS or (tag == "hcontainer" and hname(e) in TOP_NAMES)


def is_schedule(e):
    return local(e.tag) == "attachment" or (local(e.tag) == "hcontainer" and hname(e) == "schedule")


def num_of(e):
    for c in e:
        if local(c.tag) == "num":
            return c
    return None


class Doc:
    def __init__(self, root):
        self.root = root
        self.showas = {}
        for e in root.iter():
            if e.get("showAs") is not None and (e.get("eId") or e.get("id")):
                self.showas["#" + (e.get("eId") or e.get("id"))] = e.get("showAs")
        self.country = ""
        for e in root.iter():
            if local(e.tag) == "FRBRcountry":
                self.country = (e.get("value") or "").lower()
                break
        self.gb = self.country.startswith(("gb", "uk"))
        self.eu = self.country == "eu"
        doc_el = next((c for c in root if local(c.tag) != "meta"), root)
        self.doc_name = hname(doc_el)
        self.o = Out()
        self.si_dash = False  # inside a UK SI-style provision: `1.—(1)`

    def resolve(self, href):
        v = self.showas.get(href, "")
        # a placeholder may itself name other placeholders (`Sustainable Aviation Fuel Bill #varActYear`)
        return re.sub(r"#var\w+", lambda m: self.showas.get(m.group(0), ""), v).strip()

    def txt(self, e):
        return norm(text_of(e, self.resolve))

    def num_text(self, num):
        """A number as printed; where the text is bare (`3`) and the OASIS examples' `title`
        attribute gives it bracketed (`(3)`), the bracketed form."""
        t = self.txt(num)
        title = num.get("title") or ""
        if BARE.match(t) and re.match(r"^\(\w+\)$", title):
            return title
        return t

    # ---------------------------------------------------------------- style

    def si_doc(self):
        return self.gb and any(w in self.doc_name for w in ("statutoryinstrument", "statutoryrule", "ssi", "uksi", "wsi", "nisr"))

    def top_style(self, e, ctx):
        tag = local(e.tag)
        kind = tag if tag != "hcontainer" else hname(e)
        if ctx.get("quoted_si") is not None:
            si = ctx["quoted_si"]
        else:
            si = self.si_doc() or kind in ("regulation", "rule")
        if self.gb:
            return "uk-si" if (si or kind in ("regulation", "rule", "article")) else "uk-act"
        if self.eu or (kind == "article" and re.match(r"(?i)^art", self.txt(num_of(e)) if num_of(e) is not None else "")):
            return "eu"
        return "cw"

    # ---------------------------------------------------------------- lines

    def start(self, prefix):
        """Begin a numbered line, running on after a line that holds only numbers so far."""
        cur = "".join(self.o.cur)
        if cur.strip() and NUMBERS_ONLY.match(cur):
            head = cur.rstrip()
            # `1.—(1)` in SIs, `(2)(a)`, and `2 (1)` after an Act's bare schedule paragraph number
            if head.endswith(")") or head.endswith("—"):
                sep = ""
            elif head.endswith("."):
                sep = "—" if (prefix.startswith("(") and self.si_dash) else " "
            else:
                sep = " "
            self.o.cur = [head + sep + prefix + " "]
        else:
            self.o.flush()
            self.o.text(prefix + " ")

    def para(self, e, ctx):
        """A block of inline text (p, listIntroduction, …): runs on after a bare number."""
        cur = "".join(self.o.cur)
        if not (cur.strip() and NUMBERS_ONLY.match(cur)):
            self.o.flush()
        self.inline(e, ctx)
        self.o.block_end()

    def inline(self, e, ctx):
        if e.text:
            self.o.text(e.text)
        for c in e:
            tag = local(c.tag)
            if tag in SKIP:
                pass
            elif tag == "ref" and (c.get("class") or "") == "placeholder":
                self.o.text(self.resolve(c.get("href", "")))
            elif tag in ("eol", "eop", "br"):
                self.o.text(" ")
            elif tag in ("quotedStructure", "embeddedStructure"):
                self.quoted(c, ctx)
            elif quote_marks(c) != ("", ""):
                sq, eq = quote_marks(c)
                self.o.text(sq)
                self.inline(c, ctx)
                self.o.text(eq)
            elif tag in HIER or tag in ("table", "blockList", "tblock", "p", "block", "content",
                                         "intro", "wrapUp", "foreign", "subFlow", "toc", "tocItem",
                                         "container"):
                self.block(c, ctx)
            else:
                self.inline(c, ctx)
            if c.tail:
                self.o.text(c.tail)

    def quoted(self, e, ctx):
        doc_name = (e.get("{https://www.legislation.gov.uk/namespaces/UK-AKN}docName") or "").lower()
        c2 = dict(ctx, depth=0)
        if doc_name:
            c2["quoted_si"] = doc_name in ("ssi", "uksi", "wsi", "nisr", "ssi-draft", "nisi")
        self.o.flush()
        start = len(self.o.lines)
        sq, end = quote_marks(e)
        if not sq and not end:  # no marks in the markup (AKN 2.0 examples): print the usual ones
            sq, end = "“", "”"
        self.pending_quote = sq
        for c in e:
            self.block(c, c2)
        self.o.flush()
        if len(self.o.lines) > start:
            if self.pending_quote:  # nothing printed took the opening mark
                self.o.lines[start] = self.pending_quote + self.o.lines[start]
            self.o.lines[-1] += end
        self.pending_quote = ""
        self.o.glue = True

    def take_quote(self):
        q, self.pending_quote = getattr(self, "pending_quote", ""), ""
        return q

    # ---------------------------------------------------------------- blocks

    def block(self, e, ctx):
        tag = local(e.tag)
        if tag in SKIP:
            return
        if tag in ("quotedStructure", "embeddedStructure"):
            return self.quoted(e, ctx)
        if tag in HIER:
            return self.hier(e, ctx)
        if tag == "attachment":
            return self.attachment(e, ctx)
        if tag == "table":
            for tr in e.iter():
                if local(tr.tag) == "tr":
                    cells = [self.txt(td) for td in tr if local(td.tag) in ("td", "th")]
                    self.o.line(self.take_quote() + "\t".join(cells))
            self.o.glue = False
            return
        if tag == "tocItem":
            self.o.line(" ".join(self.txt(c) for c in e if self.txt(c)) or self.txt(e))
            return
        if tag in ("item", "recital"):  # a blockList item or a recital: `(a) text`
            num = num_of(e)
            if num is not None:
                n = self.num_text(num)
                if self.gb and BARE.match(n):
                    n = f"({n})"
                self.start(self.take_quote() + n)
            for c in e:
                if c is not num:
                    self.block(c, ctx)
            self.o.block_end()
            return
        if tag in ("num", "heading", "subheading") and not ctx.get("in_hier"):
            self.o.line(self.take_quote() + self.txt(e))
            return
        if tag in BLOCKS or tag in ("p",):
            q = self.take_quote()
            if q:
                self.o.flush()
                self.o.text(q)
            self.para(e, ctx)
            return
        if tag in WRAPPERS or tag in ("list",):
            if e.text and e.text.strip():
                self.o.text(e.text)
            for c in e:
                self.block(c, ctx)
                if c.tail and c.tail.strip():
                    self.o.text(c.tail)
            if tag in ("content", "intro", "wrapUp", "blockList", "tblock"):
                self.o.block_end()
            return
        # anything else: inline content on a line of its own
        self.para(e, ctx)

    def attachment(self, e, ctx):
        c2 = dict(ctx, depth=0, schedule=True)
        for c in e:
            tag = local(c.tag)
            if tag in ("heading", "subheading", "num"):
                self.o.line(self.txt(c))
            else:
                self.block(c, c2)

    def hier(self, e, ctx):
        tag = local(e.tag)
        name = hname(e)
        num = num_of(e)
        nums = [c for c in e if local(c.tag) == "num"]
        heading = next((c for c in e if local(c.tag) == "heading"), None)
        subheading = next((c for c in e if local(c.tag) == "subheading"), None)
        numtxt = self.num_text(num) if num is not None else ""
        headtxt = self.txt(heading) if heading is not None else ""
        # EU: a second <num> is the article's title
        if len(nums) > 1 and not headtxt:
            headtxt = self.txt(nums[1])
        rest = [c for c in e if c not in nums and c is not heading and c is not subheading]
        depth = ctx.get("depth", 0)
        q = self.take_quote()

        if tag in GROUPS or (tag == "hcontainer" and not is_top(e)):
            sched = name == "schedule"
            if numtxt:
                self.o.line(q + (numtxt.upper() if sched and self.gb else numtxt))
                q = ""
            if headtxt:
                self.o.line(q + headtxt)
                q = ""
            if subheading is not None:
                self.o.line(self.txt(subheading))
            c2 = dict(ctx, depth=0 if sched else depth, schedule=ctx.get("schedule") or sched)
            self.pending_quote = q
            for c in rest:
                self.block(c, c2)
            return

        first_level = depth == 0
        c2 = dict(ctx, depth=depth + (1 if numtxt else 0))
        if first_level and numtxt and (is_top(e) or ctx.get("schedule") or tag in ("paragraph", "section", "article")):
            if is_top(e):
                style = self.top_style(e, ctx)
            elif self.gb:  # a schedule's paragraph: as the document's (or the quotation's) own provisions
                si = self.si_doc() if ctx.get("quoted_si") is None else ctx["quoted_si"]
                style = "uk-si" if si else "uk-act"
            else:
                style = "cw"
            self.si_dash = style == "uk-si"
            if style == "uk-act":
                if headtxt:
                    self.o.line(q + f"{numtxt} {headtxt}")
                else:
                    self.start(q + numtxt)
            elif style == "uk-si":
                if headtxt:
                    self.o.line(q + headtxt)
                    q = ""
                n = numtxt if numtxt.endswith((".", ")")) else numtxt + "."
                self.start(q + n)
            elif style == "eu":
                self.o.line(q + numtxt)
                if headtxt:
                    self.o.line(headtxt)
            else:
                if BARE.match(numtxt):  # Commonwealth prints `1. Short title`
                    numtxt += "."
                if headtxt:
                    self.o.line(q + f"{numtxt} {headtxt}")
                else:
                    self.start(q + numtxt)
        else:
            if numtxt and self.gb and BARE.match(numtxt):
                numtxt = f"({numtxt})"
            if headtxt:
                self.o.line(q + headtxt)
                q = ""
            if numtxt:
                self.start(q + numtxt)
            elif q:
                self.o.flush()
                self.o.text(q)
        for c in rest:
            self.block(c, c2)
            if c.tail and c.tail.strip():
                self.o.text(c.tail)
        self.o.block_end()

    def render(self):
        doc_el = [c for c in self.root if local(c.tag) not in ("meta",)]
        for d in doc_el:
            self.block(d, {"depth": 0})
        self.o.flush()
        return self.o.lines


# -------------------------------------------------------------------- ground truth

def structure(root):
    tops, sched = [], []

    def rec(e, excluded, in_top):
        tag = local(e.tag)
        if is_schedule(e) and not excluded and not in_top:
            sched.append(e)
        ex = excluded or tag in EXCLUDED or is_schedule(e)
        top_here = False
        if not ex and not in_top and is_top(e) and num_of(e) is not None and norm(text_of(num_of(e), str)):
            tops.append(e)
            top_here = True
        for c in e:
            rec(c, ex, in_top or top_here)

    rec(root, False, False)
    return tops, sched


def sub_levels(top):
    """(depth, element) of the numbered hierarchical elements below a top-level provision: depth
    1 for the first numbered level below it, 2 for the next."""
    out = []

    def rec(e, depth):
        for c in e:
            tag = local(c.tag)
            if tag in EXCLUDED or tag == "blockList":
                continue
            n = num_of(c) if tag in HIER else None
            if n is not None and norm(text_of(n, str)):
                out.append((depth + 1, c))
                rec(c, depth + 1)
            else:
                rec(c, depth)

    rec(top, 0)
    return out


DOTS = re.compile(r"^\.(?: ?\.){2,}$")


def f_notes(root):
    """Textual-amendment notes (`class="commentary F"`) by eId: their text, lowercased."""
    return {e.get("eId"): " ".join("".join(e.itertext()).split()).lower()
            for e in root.iter() if local(e.tag) == "note" and e.get("class") == "commentary F"}


def status_of(e, notes):
    """`repealed`/`omitted` when the element's only text (outside its num and heading) is dots and
    an F note it refers to says it was repealed, revoked or omitted."""
    mine, text = [], []

    def rec(x, printed):
        for c in x:
            tag = local(c.tag)
            if tag in EXCLUDED or (tag in HIER and num_of(c) is not None):
                continue  # a numbered provision below it has its own mark
            mine.append(c)
            inner = printed and tag not in ("num", "heading", "subheading")
            if inner:
                text.append(c.text or "")
            rec(c, inner)
            if printed:
                text.append(c.tail or "")

    rec(e, True)
    if not DOTS.match(re.sub(r"\s+", "", "".join(text))):
        return None
    said = " ".join(notes.get((r.get("href") or "").lstrip("#"), "")
                    for r in mine if local(r.tag) == "noteRef")
    if re.search(r"\b(repealed|revoked)\b", said):
        return "repealed"
    if re.search(r"\bomitted\b", said):
        return "omitted"
    return None


def marked_of(root, notes):
    counts = {}

    def rec(e):
        tag = local(e.tag)
        if tag in EXCLUDED:
            return
        if (tag in HIER or is_top(e)) and num_of(e) is not None:
            st = status_of(e, notes)
            if st:
                counts[st] = counts.get(st, 0) + 1
        for c in e:
            rec(c)

    rec(root)
    return counts


WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def top_ordinal(printed):
    """`1.` → 1, `Article 12` → 12, `2B` → 2b, `3.1` → 3p1, `07` → 7 (the common ordinal rule)."""
    t = re.sub(r"(?i)^(section|article|regulation|rule|art\.|sec\.|s\.)\s*", "", printed.strip())
    t = re.sub(r"[\s()\[\]“”\"‘’§—–-]", "", t).lower().rstrip(".")
    if re.match(r"^\d+[a-z]*(\.[0-9a-z]+)+$", t):
        head, rest = t.split(".", 1)
        return (head.lstrip("0") or "0") + "p" + rest.replace(".", "p")
    t = t.replace(".", "")
    return re.sub(r"^0+(?=\d)", "", t)


def schedule_label(doc, e):
    num = num_of(e)
    heading = next((c for c in e if local(c.tag) == "heading"), None)
    if num is not None and doc.txt(num):
        return doc.txt(num)
    if heading is not None:
        return doc.txt(heading)
    ref = next((c for c in e.iter() if local(c.tag) in ("documentRef", "componentRef")), None)
    if ref is not None:
        return ref.get("showAs") or ""
    return "Schedule"


def schedule_ordinal(label, i):
    t = label.lower()
    m = re.search(r"(?:schedule|annex|appendix)\s+([0-9ivxlcdm]+[a-z]?|[a-z])\b", t)
    if m:
        return ordinal(m.group(1), roman=True)
    for k, w in enumerate(WORDS):
        if t.startswith(w):
            return str(k + 1)
    return str(i + 1)


def meta_values(root, tag):
    return [e.get("value") or "" for e in root.iter() if local(e.tag) == tag]


def doc_code(doc, path):
    root = doc.root
    uri = next((u for u in meta_values(root, "FRBRuri") if u and not u.startswith("#")), "")
    if not uri:
        alias = [e.get("value") or "" for e in root.iter()
                 if local(e.tag) == "FRBRalias" and e.get("name") == "alternateUri"]
        if alias and "/pdr/" in alias[0]:
            uri = "/".join(alias[0].split("/pdr/", 1)[1].split("/")[:4])
    if "legislation.gov.uk/id/" in uri:
        code = "-".join(uri.split("/id/", 1)[1].split("/")[:3])
    elif uri:
        parts = [p for p in uri.split("/") if p and p != "akn"]
        code = "-".join(parts)
    else:
        code = path.stem
    code = re.sub(r"[^0-9A-Za-z-]+", "-", code).strip("-")
    return code[:60] or "doc"


def title_of(doc, path):
    root = doc.root
    for tag in ("shortTitle", "docTitle"):
        for e in root.iter():
            if local(e.tag) == tag:
                t = doc.txt(e)
                if t:
                    return t
    for e in root.iter():
        if local(e.tag) == "TLCConcept" and (e.get("eId") or "") == "varBillTitle":
            return e.get("showAs") or path.stem
    names = [v for v in meta_values(root, "FRBRname") if v and not v.startswith("#")]
    if names:
        return names[0]
    for e in root.iter():
        if local(e.tag) in ("preface", "longTitle"):
            t = " ".join(doc.txt(c) for c in e)
            if t.strip():
                return t.strip()[:160]
    return path.stem


def top_heading(doc, e):
    """A top-level provision's heading: its `heading` (an EU article's second `num` without one)."""
    heading = next((c for c in e if local(c.tag) == "heading"), None)
    if heading is not None:
        return doc.txt(heading)
    nums = [c for c in e if local(c.tag) == "num"]
    return doc.txt(nums[1]) if len(nums) > 1 else ""


def sub_heading(doc, e):
    """A provision's own `heading` below a top-level one (a UK section's subsection, an EU
    article's paragraph), or `""`."""
    heading = next((c for c in e if local(c.tag) == "heading"), None)
    return doc.txt(heading) if heading is not None else ""


def render(path, raw):
    root = ET.fromstring(raw)
    doc = Doc(root)
    lines = doc.render()
    tops, scheds = structure(root)
    notes = f_notes(root)
    kinds = Counter((local(t.tag) if local(t.tag) != "hcontainer" else hname(t)) for t in tops)
    token = kinds.most_common(1)[0][0] if kinds else "section"
    numbers = [doc.txt(num_of(t)) for t in tops]
    levels = {"1": 0, "2": 0}
    one_down = []
    for t in tops:
        below = sub_levels(t)
        for d, _ in below:
            if d <= 2:
                levels[str(d)] += 1
        one_down.append([[top_ordinal(doc.txt(num_of(c))), sub_heading(doc, c)]
                         for d, c in below if d == 1])
    out = {
        "text": "\n".join(lines) + "\n",
        "doc_code": doc_code(doc, path),
        "title": title_of(doc, path),
        "top": {"token": token, "numbers": numbers, "ordinals": [top_ordinal(n) for n in numbers],
                "status": [status_of(t, notes) for t in tops],
                "headings": [top_heading(doc, t) for t in tops],
                "one_down": one_down},
        "levels": levels,
        "marked": marked_of(root, notes),
    }
    if len(kinds) > 1:
        out["notes"] = "top-level provisions of more than one kind: " + ", ".join(f"{k} {n}" for k, n in kinds.items())
    if scheds:
        labels = [schedule_label(doc, s) for s in scheds]
        out["schedules"] = {"token": "schedule", "numbers": labels,
                            "ordinals": [schedule_ordinal(l, i) for i, l in enumerate(labels)]}
    return out
