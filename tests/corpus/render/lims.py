"""Justice Canada LIMS XML (consolidated Acts and regulations, justicecanada/laws-lois-xml),
rendered as laws-lois.justice.gc.ca prints the English text.

The print follows the website's own transform (the repository's `xslt/LIMS2HTML.xsl`, read, not
copied): one line per heading, marginal note, paragraph of text, table row.

Text, in document order:
- Header. Acts: the short title (or the long title), the chapter (`R.S.C., 1985, c. A-14` when
  the consolidated number is official, else `S.C. 1991, c. 11`), `Assented to YYYY-MM-DD`, the
  long title, the reader's note. Regulations: the short title (or long title), the instrument
  number (`SOR/2000-205`, `C.R.C., c. 1400`), the enabling Act, `Registration YYYY-MM-DD`, the
  long title when it differs, the order (`P.C. 2000-785 2000-05-31`). A wholly repealed
  instrument then prints its `[Repealed, …]` line. The preamble, the enacting words and a
  regulation's `Order` follow as paragraphs.
- Headings (`Heading`, `GroupHeading`, `ScheduleFormHeading`): the label (`PART 1`,
  `DIVISION 2`, `SCHEDULE 1`), the originating reference (`(Section 13)`) and the title each on
  a line of their own; a heading's `Note` (`[Repealed, …]`) on the next line.
- Marginal notes of sections, subsections and paragraphs: one line `Marginal note:<note>`
  before the provision, exactly as the site's text reads (its visually hidden `Marginal note:`
  label is glued to the note, no space). A preamble's marginal note (`Preamble`) prints alone.
- Provisions: the number is pulled into the first line of text, as the site does:
  `1 This Act may be cited as …`, `2 (1) In this Act,` (a section's number goes in front of
  its first subsection), `(a) …`, `(i) …`, `(A) …`, `3.1 (1) …`, `(1.1) …`. A repealed
  provision prints `5 [Repealed, 1992, c. 1, s. 2]`, a range `72 to 88 [Repealed, …]`.
  Labels separate from the text by one ordinary space (the site uses a no-break space). A
  provision that opens with a sub-provision instead of text puts its number in front of the
  sub-provision's first line (`(a) (i) the term Belgium …`), as a section does with `(1)`.
- Definitions: one line each, the term printed once as it appears in its text
  (`designated Minister means …; (ministre désigné)`); the website's `<dt>` copy of the term
  (a hidden repetition) is not printed, nor are a definition's own marginal notes. Paragraphs
  of a definition follow as `(a) …` lines; a repealed definition prints
  `aircrew [Repealed, SOR/96-335, s. 1]`.
- Text continuing after paragraphs (`ContinuedSectionSubsection`, …) is a line of its own.
- Quoted text (`AmendedText`, `ReadAsText`, `QuotedText`) prints like any provision: the XML
  holds the quotation marks where the publisher prints them (`“(4) …”`); the site adds none.
- Formulas: the formula line, `where`, and each term as `A is …` (term printed once).
- Tables: an optional title/caption line, then one line per row, cells separated by a tab.
- Lists: one line per item (`1 The aerodromes …`); bilingual items: the English line then the
  French line.
- Schedules at the end, each with its heading; the site's `RELATED PROVISIONS` and
  `AMENDMENTS NOT IN FORCE` blocks print too (heading, `— 2012, c. 19, s. 198`, then the
  sections of the amending Act), because the site prints them at the end of the document.
- Left out: metadata (`RunningHead`, dates of consolidation, `BillHistory` other than assent,
  `RecentAmendments`), history notes (`HistoricalNote`), footnotes and footnote references
  (`*135` prints `135`; editorial `[Note: …]` footnotes and an Order's `a S.C. 1997, c. 9`
  footnotes are dropped, with the Order's `Sup` markers that point at them), images, leaders
  (blank lines of forms; a space stands for each), and the site's visually hidden
  `The following provision is not in force.` messages.

Ground truth (`top`): the `Section` elements of the `Body` (never inside a `Schedule`, nor
inside `AmendedText`/`ReadAsText`/`QuotedText`/`Citation`), token `section`, each with its
`Label` as printed (`3.1`, `72 to 88`) and its ordinal: the first number of the label,
canonical (`3.1` → `3p1`, `40.01` → `40p01`; a range `72 to 88` or `14.01 and 14.02` gives
its first number, `72`, `14p01`). `lines` gives the line of the text where each section's
number is printed.

`levels`: numbered provisions one (`"1"`) and two (`"2"`) levels below the sections, by
depth in the markup: subsections, and paragraphs that sit directly in a section without
subsections, are level 1; paragraphs of subsections, and subparagraphs of such level-1
paragraphs, level 2. A `Definition` is not a level: a paragraph of a definition counts at the
depth of the definition's parent plus one. Same exclusions as `top`. Also given:
`subsections` (all `Subsection`s), `paragraphs` (all `Paragraph`s) and `definitions` (all
`Definition`s) of the sections. Formula paragraphs and list items are not counted.

`top.headings`: each section's `MarginalNote`; `top.one_down`: `[ordinal, marginal note]` of each
provision of level 1 (a subsection's marginal note, printed `Marginal note:…` above it; `""` for
one without).

`top.status`: for each section, what the markup says stands in place of its text, else null:
`repealed` when the section's own `Text` holds a `Repealed` element (`[Repealed, …]`,
`[Revoked, …]`), `renumbered` when that element reads `[Renumbered, …]`. `marked` counts such
provisions at every level (sections, subsections, paragraphs …, definitions) of the Body and the
schedules, quoted text left out, by status.

`schedules`: the top-level `Schedule`s other than the related-provisions and not-in-force
blocks: number = the label without `SCHEDULE` (`1`, `II`, `A`, empty for a lone `SCHEDULE`),
ordinal with Roman numerals → arabic and an unnumbered schedule → `1`.
"""
import re
import xml.etree.ElementTree as ET

SUFFIX = ".xml"
VERSION = 4

QUOTED = {"AmendedText", "ReadAsText", "QuotedText", "Citation", "AmendedContent"}
NUMBERED = {"Subsection", "Paragraph", "Subparagraph", "Clause", "Subclause", "Subsubclause"}
# Elements whose Label is pulled into their first line of text.
LABELLED = NUMBERED | {"Section", "Provision", "Item", "FormulaParagraph"}
SKIP = {"HistoricalNote", "Footnote", "FootnoteRef", "RunningHead", "BillHistory",
        "ConsolidationDate", "RecentAmendments", "ImageGroup", "Image", "AlternateText",
        "colspec", "BillNumber", "Parliament", "BillRefNumber", "LastAmendedDate",
        "LastModifiedDate", "PageBreak"}
CELL_BLOCKS = {"Text", "Provision", "Label", "Heading", "TitleText", "List", "Item", "Note",
               "BilingualItemEn", "BilingualItemFr", "Footnote"}
INLINE_SPACE = {"Leader", "LeaderRightJustified", "FormBlank", "LineBreak"}

ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
ROMAN_RE = re.compile(r"^(?=[ivxlcdm]+$)m{0,4}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
FIRST_NUMBER = re.compile(r"\d+[A-Za-z]*(?:\.\d+[A-Za-z]*)*")


def norm(s):
    s = (s or "").replace("\u00ad", "")
    return re.sub(r"\s+", " ", s).strip()


def roman_to_int(s):
    total, prev = 0, 0
    for ch in reversed(s.lower()):
        v = ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def ordinal(printed, roman=False):
    """Canonical ordinal: brackets, spaces, dashes, § dropped, lowercase, `.` between digits → `p`,
    leading zeros of the integer part dropped, Roman → arabic when the level is Roman-numbered."""
    v = re.sub(r"[\s()\[\]“”\"‘’—–\-§]", "", printed or "").lower()
    if roman and ROMAN_RE.match(v):
        return str(roman_to_int(v))
    v = re.sub(r"(?<=\d)\.(?=\d)", "p", v).replace(".", "")
    m = re.match(r"0+(\d)", v)
    return v[m.start(1):] if m else v


def section_ordinal(label):
    m = FIRST_NUMBER.search(label)
    return ordinal(m.group(0) if m else label)


def label_text(label_el):
    return norm(inline(label_el)) if label_el is not None else ""


def inline(el, drop_sup=frozenset()):
    """The printed text of an element's content, inline (no line breaks)."""
    parts = []

    def rec(e):
        tag = e.tag
        if tag in SKIP:
            return
        if tag in INLINE_SPACE:
            parts.append(" ")
            return
        if tag == "Sup" and norm("".join(e.itertext())) in drop_sup:
            return
        if tag == "Repealed" and parts and not parts[-1][-1:].isspace():
            parts.append(" ")
        if tag in CELL_BLOCKS:  # blocks inside a table cell: keep them apart
            parts.append(" ")
        if tag == "Fraction":
            num, den = e.find("Numerator"), e.find("Denominator")
            n = norm(inline(num)) if num is not None else ""
            d = norm(inline(den)) if den is not None else ""
            n = f"({n})" if " " in n else n
            d = f"({d})" if " " in d else d
            parts.append(f"{n} ÷ {d}")
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            rec(c)
            if c.tail:
                parts.append(c.tail)
        if tag in CELL_BLOCKS:
            parts.append(" ")

    if el.text:
        parts.append(el.text)
    for c in el:
        rec(c)
        if c.tail:
            parts.append(c.tail)
    return "".join(parts)


def date(el):
    if el is None:
        return ""
    y, m, d = (norm(el.findtext(k) or "") for k in ("YYYY", "MM", "DD"))
    if not y:
        return ""
    return f"{y}-{m.zfill(2)}-{d.zfill(2)}" if m and d else y


class Renderer:
    def __init__(self):
        self.lines = []
        self.pending = []  # labels waiting for the next line of text
        self.pending_top = None  # index in self.top of a section whose number is pending
        self.top_lines = []
        self.drop_sup = frozenset()

    # ------------------------------------------------------------------ output
    def line(self, s, take_label=True, cells=False):
        s = s.strip() if cells else norm(s)
        if take_label and self.pending:
            s = (" ".join(self.pending) + " " + s).strip()
            self.pending = []
            if self.pending_top is not None:
                self.top_lines[self.pending_top] = len(self.lines) + 1
                self.pending_top = None
        if s:
            self.lines.append(s)

    def flush_label(self):
        if self.pending:
            self.line("")

    # ------------------------------------------------------------------ blocks
    def children(self, el, skip=()):
        for c in el:
            if c.tag not in skip:
                self.block(c)

    def block(self, el):
        tag = el.tag
        if tag in SKIP or tag == "Label":
            return
        if tag == "Section" and el in self.top_index:
            self.labelled(el, top_index=self.top_index[el])
            return
        handler = getattr(self, "do_" + tag, None)
        if handler:
            handler(el)
        elif tag in LABELLED:
            self.labelled(el)
        elif (el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in el):
            self.line(inline(el, self.drop_sup))  # an element holding text directly
        else:
            self.children(el)

    def labelled(self, el, top_index=None):
        lab = label_text(el.find("Label"))
        for c in el:  # marginal notes come before the numbered line
            if c.tag == "MarginalNote":
                self.do_MarginalNote(c, prefixed=el.tag in ("Section", "Subsection", "Paragraph"))
        if lab:
            self.pending.append(lab)
            if top_index is not None:
                self.pending_top = top_index
        for c in el:
            if c.tag != "MarginalNote":
                self.block(c)
        if lab and lab in self.pending:
            self.flush_label()

    def do_Text(self, el):
        self.line(inline(el, self.drop_sup))

    def do_MarginalNote(self, el, prefixed=True):
        text = norm(inline(el))
        if text:
            self.line(("Marginal note:" if prefixed else "") + text, take_label=False)

    def do_Definition(self, el):
        self.children(el, skip=("MarginalNote",))

    def do_Heading(self, el):
        if el.get("style") == "nifrp":  # `— 2012, c. 19, s. 198` in related provisions
            self.line(inline(el.find("TitleText")) if el.find("TitleText") is not None else "")
            return
        self.flush_label()
        for c in el:
            if c.tag in ("Label", "TitleText", "Note"):
                self.line(inline(c), take_label=False)
            elif c.tag == "MarginalNote":
                self.line(inline(c), take_label=False)

    do_GroupHeading = do_Heading

    def do_ScheduleFormHeading(self, el):
        self.flush_label()
        for c in el:
            if c.tag in ("Label", "OriginatingRef", "TitleText"):
                self.line(inline(c), take_label=False)

    def do_Note(self, el):
        self.line(inline(el), take_label=False)

    def do_Repealed(self, el):  # a block-level [Repealed, …] (whole instrument or schedule)
        self.line(inline(el))

    def do_Provision(self, el):
        mn = el.find("MarginalNote")
        if mn is not None and el.get("list-item") != "yes" and el.find("Label") is None:
            # a preamble's marginal note prints alone (h6 `Preamble`)
            self.line(inline(mn), take_label=False)
            self.children(el, skip=("MarginalNote",))
            return
        self.labelled(el)

    def do_FormulaDefinition(self, el):
        term = el.find("FormulaTerm")
        t = norm(inline(term)) if term is not None else ""
        first = True
        for c in el:
            if c.tag == "FormulaTerm":
                continue
            if c.tag == "Text" and first:
                self.line(f"{t} {inline(c)}")
                first = False
            else:
                self.block(c)

    def do_FormulaText(self, el):
        self.line(inline(el))

    do_FormulaConnector = do_FormulaText
    do_SignatureLine = do_FormulaText
    do_SignatureName = do_FormulaText
    do_SignatureTitle = do_FormulaText
    do_Caption = do_FormulaText
    do_title = do_FormulaText
    do_BilingualItemEn = do_FormulaText
    do_BilingualItemFr = do_FormulaText

    def do_row(self, el):
        cells = []
        for entry in el:
            if entry.tag != "entry":
                continue
            cells.append(norm(inline(entry)))
        if any(cells):
            self.line("\t".join(cells), cells=True)

    def do_Order(self, el):
        labels = frozenset(norm(f.findtext("Label") or "") for f in el.iter("Footnote"))
        self.drop_sup = labels
        self.children(el)
        self.drop_sup = frozenset()

    # ------------------------------------------------------------------ document
    def header(self, root, ident):
        short = ident.find("ShortTitle")
        long_ = ident.find("LongTitle")
        title = norm(inline(short if short is not None else long_)) if (
            short is not None or long_ is not None) else ""
        self.line(title, take_label=False)
        if root.tag == "Statute":
            chap = ident.find("Chapter")
            if chap is not None:
                cn = chap.find("ConsolidatedNumber")
                asi = chap.find("AnnualStatuteId")
                if cn is not None and cn.get("official") == "yes":
                    self.line(f"R.S.C., 1985, c. {norm(cn.text)}", take_label=False)
                elif asi is not None:
                    prefix = "R.S.C." if asi.get("revised-statute") == "yes" else "S.C."
                    self.line(f"{prefix} {norm(asi.findtext('YYYY'))}, c. "
                              f"{norm(asi.findtext('AnnualStatuteNumber'))}", take_label=False)
            for st in ident.iterfind("BillHistory/Stages"):
                if st.get("stage") == "assented-to":
                    self.line("Assented to " + date(st.find("Date")), take_label=False)
            if long_ is not None and norm(inline(long_)) != title:
                self.line(inline(long_), take_label=False)
        else:
            self.line(ident.findtext("InstrumentNumber") or "", take_label=False)
            ea = ident.find("EnablingAuthority")
            if ea is not None:
                self.line(inline(ea), take_label=False)
            rd = ident.find("RegistrationDate")
            if rd is not None and date(rd.find("Date")):
                self.line("Registration " + date(rd.find("Date")), take_label=False)
            if long_ is not None and norm(inline(long_)).lower() != title.lower():
                self.line(inline(long_), take_label=False)
            rmo = ident.find("RegulationMakerOrder")
            if rmo is not None:
                self.line(" ".join(x for x in (norm(rmo.findtext("RegulationMaker") or ""),
                                               norm(rmo.findtext("OrderNumber") or ""),
                                               date(rmo.find("Date"))) if x),
                          take_label=False)
        for note in ident.iterfind("ReaderNote/Note"):
            self.line(inline(note), take_label=False)
        return title

    def render(self, root):
        ident = root.find("Identification")
        self.top_index = {}
        sections = []
        body = root.find("Body")

        def walk(e):
            for c in e:
                if c.tag in QUOTED or c.tag == "Schedule":
                    continue
                if c.tag == "Section":
                    sections.append(c)
                    continue
                walk(c)

        if body is not None:
            walk(body)
        self.top_index = {s: i for i, s in enumerate(sections)}
        self.top_lines = [None] * len(sections)
        title = self.header(root, ident) if ident is not None else ""
        for c in root:
            if c.tag == "Identification":
                continue
            self.block(c)
        self.flush_label()
        return title, sections


def levels_of(sections):
    counts = {"1": 0, "2": 0, "subsections": 0, "paragraphs": 0, "definitions": 0}

    def rec(e, depth):
        for c in e:
            if c.tag in QUOTED or c.tag in SKIP:
                continue
            d = depth
            if c.tag in NUMBERED and c.find("Label") is not None:
                d = depth + 1
                if d in (1, 2):
                    counts[str(d)] += 1
            if c.tag == "Subsection":
                counts["subsections"] += 1
            elif c.tag == "Paragraph":
                counts["paragraphs"] += 1
            elif c.tag == "Definition":
                counts["definitions"] += 1
            rec(c, d)

    for s in sections:
        rec(s, 0)
    return counts


def one_down_of(section):
    """`[ordinal, marginal note]` of each numbered provision one level below a section (as
    `levels_of` counts level 1: through definitions, quoted text left out), `""` for one
    without a marginal note."""
    out = []

    def rec(e):
        for c in e:
            if c.tag in QUOTED or c.tag in SKIP:
                continue
            if c.tag in NUMBERED and c.find("Label") is not None:
                mn = c.find("MarginalNote")
                out.append([ordinal(label_text(c.find("Label"))),
                            norm(inline(mn)) if mn is not None else ""])
            else:
                rec(c)

    rec(section)
    return out


def status_of(el):
    """What the markup puts in place of a provision's text: its own `Text` holding a
    `Repealed` element (never a sub-provision's)."""
    text = el.find("Text")
    rep = text.find(".//Repealed") if text is not None else None
    if rep is None:
        return None
    return "renumbered" if norm("".join(rep.itertext())).startswith("[Renumbered") else "repealed"


MARKABLE = NUMBERED | {"Section", "Definition"}


def marked_of(root):
    """Provisions the markup marks, at every level, by status (quoted text left out)."""
    counts = {}

    def rec(e):
        for c in e:
            if c.tag in QUOTED or c.tag in SKIP:
                continue
            if c.tag in MARKABLE:
                st = status_of(c)
                if st:
                    counts[st] = counts.get(st, 0) + 1
            rec(c)

    for part in [root.find("Body"), *root.findall("Schedule")]:
        if part is not None and part.get("id") not in ("RelatedProvs", "NifProvs"):
            rec(part)
    return counts


def schedule_number(label):
    m = re.match(r"(?i)\s*schedules?\b\s*(.*)$", label)
    rest = m.group(1) if m else label
    return norm(re.split(r"\s+[—–-]\s+", rest)[0])


def doc_code_of(root, path):
    ident = root.find("Identification")
    if root.tag == "Statute":
        code = norm(ident.findtext("Chapter/ConsolidatedNumber") or path.stem)
    else:
        code = norm(ident.findtext("InstrumentNumber") or path.stem)
        code = code.replace("C.R.C.,", "CRC").replace("c.", "c")
    code = re.sub(r"[^0-9A-Za-z]+", "-", code).strip("-")
    return code[:60]


def render(path, raw):
    root = ET.fromstring(raw)
    r = Renderer()
    title, sections = r.render(root)
    numbers = [label_text(s.find("Label")) for s in sections]
    doc = {
        "text": "\n".join(r.lines) + "\n",
        "doc_code": doc_code_of(root, path),
        "title": title,
        "top": {
            "token": "section",
            "numbers": numbers,
            "ordinals": [section_ordinal(n) for n in numbers],
            "lines": r.top_lines,
            "status": [status_of(s) for s in sections],
            # each section's marginal note, printed on the line above its number
            "headings": [norm(inline(s.find("MarginalNote"))) if s.find("MarginalNote") is not None
                         else "" for s in sections],
            "one_down": [one_down_of(s) for s in sections],
        },
        "levels": levels_of(sections),
        "marked": marked_of(root),
    }
    sch_numbers = []
    for s in root.findall("Schedule"):
        if s.get("id") in ("RelatedProvs", "NifProvs"):
            continue
        h = s.find("ScheduleFormHeading")
        sch_numbers.append(schedule_number(label_text(h.find("Label"))) if h is not None else "")
    if sch_numbers:
        doc["schedules"] = {
            "token": "schedule",
            "numbers": sch_numbers,
            "ordinals": [ordinal(n.split(" ")[0], roman=True) or "1" for n in sch_numbers],
        }
    notes = []
    ranges = [n for n in numbers if not re.fullmatch(r"\d+[A-Za-z]*(\.\d+[A-Za-z]*)*", n)]
    if ranges:
        notes.append("sections whose label is not one number (ordinal = its first number): "
                      + ", ".join(ranges))
    if any(s.get("id") in ("RelatedProvs", "NifProvs") for s in root.findall("Schedule")):
        notes.append("prints RELATED PROVISIONS / AMENDMENTS NOT IN FORCE after the schedules "
                     "(sections of amending Acts, not of this document)")
    if notes:
        doc["notes"] = "; ".join(notes)
    return doc
