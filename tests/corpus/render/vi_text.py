"""Vietnamese plain text (laws, decrees, circulars as crawled): the text is the source.

Ground truth is the text's own numbering: the unbroken run of heading lines `Điều 1`,
`Điều 2`, … — from `Điều 1`, each next number is the first later line that starts with
`Điều <n+1>` followed by `.`, `:` or the end of the line; an inserted article `Điều <n>a` between
`Điều <n>` and `Điều <n+1>` counts too (ordinal `<n>a`). Where the crawl lost a heading (`Điều 2`
absent, the text goes on at `Điều 3. Hiệu lực thi hành`), the run goes on at a heading printed in
full — the number, a dot and a capitalised title — at most five numbers on; the lost numbers are
not expected; a text with no `Điều 1` at all starts its run so. Nothing a cutter decides enters
it.

The run ends where the publisher prints the appendices and forms: after the first article, a line
starting `PHỤ LỤC` in capitals; or, after a line of the signature block (`TM.`, `KT.`, `TL.`,
`TUQ.`, `Nơi nhận`, the enacting formula `… này (đã) được Quốc hội … thông qua`), a title
`Phụ lục <n>` / `Mẫu số <n>` or an attachment note `(Ban hành kèm theo …)`. A sample decision in a
form (`Điều 4. Hiệu lực`) is not an article of the text.

An instrument the text issues (`Chương trình`, `Quy chế`, `Quy định` … `ban hành kèm theo`) is
printed after the signature under its own title: lines in capitals, then a line starting
`(kèm theo …)` or `(Ban hành kèm theo …)`, the title being no appendix's or form's (`PHỤ LỤC`,
`Mẫu số`, `MẪU …`). Its articles are its own run, from `Điều 1` again, listed under `attached`
(the n-th such instrument, `kemtheo-<n>`), until an appendix starts as above.
"""
import re
import unicodedata

SUFFIX = ".txt"
VERSION = 10

# `Điều` in any case, with U+0110 or U+00D0 for Đ; then the number and `.`, `:`, the end of
# the line, or a capitalised title (`Điều 5 Chính sách …`, a heading printed without its dot).
HEADING = re.compile(r"^\s*[ĐÐđ](?:iều|IỀU|iêu|IÊU)\s+(\d+)([a-zđ]?)\s*(?:[.:]|$|\s+(?P<title>[^\W\d_]))")
# …but a document's name followed by `này`, `số`, a number, a capitalised name or nothing is a
# cross-reference wrapped onto its own line (`Điều 6 Nghị định này.`, `Điều 102 Luật Lâm nghiệp.`,
# `Điều 36 Nghị định số 31/2021/NĐ-CP)`), not a heading; a title that starts with such a word
# (`Điều 5 Luật áp dụng`) is one.
CROSS_REFERENCE = re.compile(
    r"^\s*\S+\s+\d+\s+(?:Nghị định|Luật|Bộ luật|Thông tư|Quyết định|Nghị quyết|Pháp lệnh|Hiến pháp"
    r"|Văn bản|Quy chế|Quy định|Chỉ thị)(?:[.,;:)]*\s*$|[.,;:)]*\s+\(?(\S+))")


APPENDIX_CAPS = re.compile(r"^\s*PHỤ LỤC(?:$|[\s:(])")
APPENDIX = re.compile(
    r"^\s*(?:Phụ lục|PHỤ LỤC|Mẫu số|MẪU SỐ)(?:\s*$|\s*[:(]|\s+(?:\d+|[IVXLC]+|[A-ZĐ])(?:$|[\s:.()]))"
)
# A heading printed in full, `Điều 3. Hiệu lực thi hành`: the number, its dot and a capitalised
# title. After a gap in the run (a heading the crawl lost) only such a line continues it.
STRICT = re.compile(r"^\s*[ĐÐ](?:iều|IỀU)\s+(\d+)\.\s+[A-ZĐÀ-Ỹ]")
# The crawl loses at most a few headings in a row; a wider jump is a quoted or cited article.
MAX_LOST = 5
SIGNATURE = re.compile(r"^\s*(?:TM\.|TM |T/M|KT\.|TL\.|TUQ\.|Nơi nhận)|^.{0,48}này (?:đã )?được .*thông qua")


def cross_reference(line):
    m = CROSS_REFERENCE.match(line)
    if not m:
        return False
    nxt = (m.group(1) or "").rstrip(".,;:)")
    return not nxt or nxt in ("này", "số") or nxt[0].isupper() or nxt[0].isdigit()


def doc_code(stem):
    """A code the core accepts as the document's: the crawl's file name, at most 64 characters."""
    code = re.sub(r"[^0-9A-Za-z]+", "-", unicodedata.normalize("NFKD", stem)).strip("-")
    if len(code) > 64:  # keep the start (the law's name) and the crawl's id at the end
        tail = code.rsplit("-", 1)[-1][:16]
        code = code[: 63 - len(tail)].rstrip("-") + "-" + tail
    return code or "doc"


def render(path, raw):
    text = raw.decode("utf-8-sig")
    numbers, lines, attached = run(text, first_lost=False)
    if not numbers:
        # No `Điều 1` at all: the crawl lost the first heading too; the run starts at the first
        # heading printed in full, at most five numbers on.
        numbers, lines, attached = run(text, first_lost=True)
    top = {"token": "dieu", "ordinals": numbers, "numbers": numbers, "lines": lines}
    if attached:
        top["attached"] = [{"token": "kemtheo", "ordinals": n, "lines": l} for n, l in attached]
    return {
        "text": text,
        "doc_code": doc_code(path.stem),
        "title": path.stem,
        "top": top,
    }


NOTE = re.compile(r"^\s*\((?:Ban hành kèm theo|BAN HÀNH KÈM THEO|ban hành kèm theo|kèm theo|Kèm theo|KÈM THEO)\s")
FORM = re.compile(r"^\s*(?:MẪU|Mẫu|BIỂU MẪU)\b")


def caps(line):
    return any(c.isalpha() for c in line) and not any(c.islower() for c in line)


def attachment_title(previous):
    """The title in capitals on the lines right before a note (blank lines and page numbers
    aside), unless it is an appendix's or a form's."""
    title = []
    for line in reversed(previous):
        t = line.strip()
        if not t or t.isdigit():
            continue
        if not caps(t):
            break
        title.insert(0, t)
    if not title or any(APPENDIX.match(t) or FORM.match(t) for t in title):
        return None
    return " ".join(title)


def run(text, first_lost):
    """The text's own run of articles, and the runs of the instruments it issues."""
    numbers, lines, inserted = [], [], []
    runs = []
    want = 1
    signed = False
    seen = []
    for i, line in enumerate(text.splitlines(), start=1):
        line = unicodedata.normalize("NFC", line)
        seen.append(line)
        if numbers or runs:
            signed = signed or bool(SIGNATURE.match(line))
            if signed and NOTE.match(line) and attachment_title(seen[:-1]):
                # An instrument the text issues: its own articles, from `Điều 1` again.
                runs.append((numbers, lines))
                numbers, lines, inserted = [], [], []
                want = 1
                continue
            if APPENDIX_CAPS.match(line) or (
                signed and (APPENDIX.match(line) or "(Ban hành kèm theo " in line)
            ):
                break
        m = HEADING.match(line)
        if m and m.group("title") and not m.group("title").isupper():
            m = None  # a lowercase word after the number (`Điều 5 của …`): a cross-reference
        if not m or cross_reference(line):
            continue
        n, letter = int(m.group(1)), m.group(2).replace("đ", "dd")
        if n == want and not letter:
            numbers.append(str(want))
            lines.append(i)
            want += 1
        elif letter and n == want - 1 and (not inserted or letter > inserted[-1]) and numbers:
            # An inserted article (`Điều 15a.` after `Điều 15`, as consolidated texts print
            # amendments), in its place: ordinal `15a`.
            numbers.append(f"{n}{letter}")
            lines.append(i)
            inserted.append(letter)
            continue
        elif (numbers or first_lost and not runs) and want < n <= want + MAX_LOST and not letter and STRICT.match(line):
            # Headings lost by the crawl (`Điều 2.` missing, the text goes on at `Điều 3.
            # Hiệu lực thi hành`): the run goes on at the next heading printed in full.
            numbers.append(str(n))
            lines.append(i)
            want = n + 1
        else:
            continue
        inserted = []
    runs.append((numbers, lines))
    main, attached = runs[0], [r for r in runs[1:] if r[0]]
    return main[0], main[1], attached
