//! The segmenter: document text + vocabulary → a tree of addressed units.
//!
//! [`cut`] reads a legal text line by line and recognises unit headings from the
//! vocabulary's data alone — each section type's `heading_pattern`, `ordinal_style`,
//! `parents` and `citation_root` — so a user vocabulary works like the shipped ones.
//! Matching is hand-written (no regex); `docs/BENCHMARKS.md` gives what a cut costs, and
//! `scripts/instructions.sh` (in `npm test`) guards it.
//!
//! # How a text is read
//! - **Input**: a leading BOM is skipped; lines end at `\n`, `\r\n` or `\r`; each line is
//!   normalized to NFC on its own, and every diagnostic points into the *original* input
//!   (1-based line, column in characters, byte offset; the BOM counts in offsets only).
//!   Blank lines and page furniture (a line that is only a number, `- 12 -`, `Trang 3`,
//!   `Page 3 of 10`) are dropped.
//! - **Headings**: a line is a unit heading when it starts with a section type's pattern:
//!   `Điều 44. Phạm vi`, `ĐIỀU 5. PHẠM VI`, `Chương IV`, `Phần thứ nhất`, `Mục 2`, `1.`, `1a.`,
//!   `đ)`, `a1)`, `Section 5 Definitions`, `(1)`, `(a)`, `(iv)`. Labels match ignoring case and
//!   Vietnamese marks (never `đ` ≈ `d`). For titled types (a label before the ordinal) the rest
//!   of the line is the heading; `:`/`-` or nothing may stand in for the close (`Điều 5: …`), but
//!   then a lowercase word or digit after the number means running text (`Điều 5 của Luật này`).
//!   For untitled types (`1.`, `a)`) the rest of the line starts the body. A structural type
//!   (one that contains citation roots: Phần, Chương, Mục, Part, Chapter) whose line has no
//!   title takes the next line as its title, continued by further all-capital lines.
//!   A type may have several patterns (`Sec. {ordinal}. | § {ordinal}. {title}`); `{title}`
//!   after the ordinal makes the rest of the line the heading when it reads as a title
//!   (a capital first, no closing `,` `;` `:` or dash, not a long sentence nor a short one with
//!   a verb of a provision's text — `shall`, `may`, `must`, `will`, `are`, `have`, a quoted
//!   term's `means`: `1. These Regulations may be cited as …`; not ending in a figure, unless
//!   the figure is one it cites: `Enforcement of duties under section 28`, `Interpretation of
//!   Part 1`, `… of 1997`), else the body (`3. Citizenship` vs `3. (1) The Minister …`).
//! - **Headings above and below the number** (issue 46, item 6): a citation root's number
//!   closed by a full stop (`1.`, `2.—(1)`, `Sec. 201.`) with no title of its own on its line
//!   (or only a sentence, `2. In this Part, “Act of 1970” means ….`) takes the line right above
//!   it as its heading when that line is text (the last of a unit's body or of the preamble)
//!   that reads as a title (a capital first, no closing `.` `,` `;` `:` or dash except `etc.`,
//!   at most 25 words, not in capitals): legislation.gov.uk's statutory instruments and
//!   Commonwealth Acts print `Citation and commencement` / `1. These Regulations …`. The line
//!   leaves the body (or preamble) it had been put in; a unit before it whose heading was the
//!   sentence on its own number's line gets that sentence back as its text. A number without a
//!   full stop (`1.1 These Regulations …` of a Canadian regulation, `13 The Secretary …` of a UK
//!   Act) may stand under a group's heading, which is not its own: it takes none. A citation
//!   root whose line is its number alone (`Article 1`, as EUR-Lex prints it; `SCHEDULE 1`) takes
//!   the next line as its heading when it reads as one (`Subject matter and scope`, `The
//!   Northern Ireland Policing Board`; no closing `.`).
//!   A labelled number closed by a full stop (`Sec. 101.`, `Điều 5.`) whose line reads as the
//!   provision's text has no heading there (`Sec. 101. (a) Such amounts …`, `Sec. 8003. No part
//!   of any appropriation … shall remain available …`, `Sec. 755. Notwithstanding any other
//!   provision of law—`: a subdivision's number first, a verb of a provision's text with the end
//!   of a sentence or a line that goes on, or a list introduced by a dash; never a line in
//!   capitals), unless a heading closed by a full stop opens it (`SEC. 2. FINDINGS. Congress
//!   finds that—`, `Sec. 2. Membership. The Council shall comprise the:`: at most 12 words in
//!   capitals or Title Case, no verb), which is split off. Its heading may stand above it, as US
//!   appropriations acts print it: in small capitals, which their text gives in lowercase
//!   (`volunteers in parks`), or a parenthesis after the end of a sentence (`(rescissions)`);
//!   a line in Title Case there names a group or an account (`General Provisions`), and a
//!   parenthesis under a heading is that group's.
//!   Below a citation root, an unlabelled number (`(a)`, `(1)`) takes a heading run in after it
//!   and closed by `.—`, as US drafting prints it (`(a) Establishment.—The United States Patent
//!   and Trademark Office is …`, `(b) Table of Contents.—` alone on its line, `(a) Relief
//!   Required.—(1) Except …`, whose `(1)` is cut as its own unit): the heading is the words
//!   before the `.—`, the text what follows. Only a heading's shape: a capital or a figure
//!   first, at most 25 words, no em dash or ended sentence inside, no abbreviation last, and no
//!   `shall` unless in Title Case; a sentence introducing a list has no full stop before its
//!   dash (`Congress finds that—`, `the term “x” means—`), so it keeps its text.
//!   A division's heading out of its sequence on the line right after one that stops
//!   mid-sentence, whose rest ends a sentence (`… theo quy định tại` / `Mục 2 Phần B của Phụ
//!   lục I ban hành kèm theo Thông tư này.`), is that sentence's cross-reference: text.
//! - **Document kind**: a section type that names document kinds (`uk-regulation`: Regulations,
//!   `uk-article`: Order, `uk-rule`: Rules) is used only in documents of one of them; the kind
//!   is the one the text calls itself by most often after `this`/`these` (`these Regulations`),
//!   none when it names none (an Act). An SI's `2.—(1) …` reads as regulation 2 (the em dash
//!   after the number's `.` runs its first paragraph in).
//! - **Weak headings**: a pattern with neither label nor opening text — `{ordinal} {title}`
//!   (UK `1 Short title`, schedule paragraphs `1 (1) …`) or `{ordinal}. {title}` (Commonwealth
//!   `3. Citizenship`) — reads the same as a numbered line of a list or a table. Such a line is
//!   a heading only where its number continues its sequence (next, or at most five skipped) and
//!   the line before it was not a numbered line refused the same way (the rows of a table).
//!   The first citation root of the text may have any number when a title follows it (an
//!   extract such as `Part VI` of an Act starts at `129 Lords Commissioners …`).
//! - **Run-in headings**: a child heading at the start of an untitled unit's body is a unit of
//!   its own on the same line (`(a)(1) …`, `3. (1) …`, UK `1 (1) …`).
//! - **Ordinals**: arabic `44`, `007` → `7`, at most one amendment letter (`10a`); Roman
//!   numerals in an arabic type only after a label (`Chapter II`), never bare (`I.` and `C.` are
//!   prose); spelled and Roman types read up to five words (`hai mươi mốt`), the longest reading
//!   winning so a title may follow; a letter ordinal is one lowercase letter or `đ` (→ `dd`),
//!   optionally with digits (`a1`). The styles of US, UK and Commonwealth acts read in one case
//!   only: `upper-letter` `(A)` → `a`, `lower-roman` `(iv)` → `4`, `upper-roman` `(IV)` → `4`
//!   (after a label also arabic: `TITLE 1—`), `double-letter` `(aa)` → `aa`,
//!   `double-capital` `(AA)` → `aa`. A footnote marker next to the ordinal (`Điều 5[2].`,
//!   `3.[1]`) is dropped from it with a `footnote-marker` warning.
//! - **Unknown headings** (`unknown-heading`, kept as text): a line that starts with a label of
//!   the vocabulary but has no readable ordinal where one was clearly meant (`Điều`, `Điều .`,
//!   `Chương XIIII`, `Phần I` for `Phần thứ …`), or a capitalised word the vocabulary does not
//!   know followed by a number and nothing or a separator (`Chapitre 3`, `Article 5 - Scope`).
//!   Prose that merely starts with a label (`Điều này quy định …`) is not reported.
//! - **Bodies**: the lines after a heading up to the next heading, each trimmed, blank lines
//!   dropped, joined with `\n`.
//! - **Tree**: a unit goes under the nearest open unit whose type is one of its `parents`;
//!   if there is none it is top-level when it is a citation root (or has no parents, or lists
//!   the parent `document`: a Part with or without Chapters around it), and an `orphan-unit`
//!   otherwise (its line stays text of the enclosing unit).
//! - **Tables of contents** are text, never units: (1) from a line that is one of the
//!   vocabulary's `contents` markers (`Contents`, `Arrangement of Sections`) to the line before
//!   its first entry appears again; (1a) from the text's first line, the document's title, to
//!   the line before the title or the first numbered entry (with or without its number)
//!   appears again, when most numbered lines between read as entries (legislation.gov.uk
//!   heads its contents with the title); (2) a run of headings with no text between them, less the
//!   headings that open the provisions after it (a descent such as TITLE I → SEC. 101 → (a)),
//!   when it holds at least three citation roots and most of them repeat a heading elsewhere
//!   (`SEC. 2. TABLE OF CONTENTS.` listing `Sec. 1101. …`). Such lines are read again, in a
//!   second pass, as text of the unit they sit in; [`Frame::contents`] lists them. In such a
//!   run the heading that holds the table is no entry when the run starts with it
//!   (`SEC. 2. TABLE OF CONTENTS.` right above `Sec. 1. …`), and its last heading is an entry
//!   when it is the first to use an address used again after the run (`Sec. 4. …` before
//!   `DIVISION A—…`). (3) A structural heading that meets one of its own type (or of a type it
//!   sits in) before any citation root it may contain, or one of its own type with a lower
//!   number, and is the first to use an address used again later: an entry of an analysis
//!   listing structural headings (`Subtitle I—…`, `Subtitle II—…` at the head of a title;
//!   `Title I—…`, `Title II—…` in a public law's table of contents).
//! - **Several numbers, one heading**: `§§ 202 to 204. Repealed.`, `§§ 1, 2. Repealed.` (a
//!   label sign written twice is its plural; `, N`, ` to N`, ` and N`, ` through N` after the
//!   ordinal, before the literal close) is one unit whose ordinal is the first number
//!   (`section-202`); the other numbers have no address of their own.
//! - **Headings in brackets**: `[§ 201. Repealed …]`, `[CHAPTER 3—REPEALED]` (the US Code's
//!   repealed or omitted provisions) are units with their number, read from after the `[`;
//!   the heading keeps the closing `]`.
//! - **Notes**: a whole line that is one of the vocabulary's `notes` markers (the US Code's
//!   `Editorial Notes`, `Amendments`, chapter analyses `Sec.`; a marker ending in `…` is a line
//!   start) starts an editorial note: it and what follows, up to the next heading of a citation
//!   root or structural type that does not repeat an address already cut, go to
//!   [`Frame::notes`], never into units. What a note quotes stays in it: a citation root whose
//!   number goes back (an Executive Order's `Sec. 5.` after `§ 301.`), and a structural
//!   heading unless the first citation root after it continues the text's numbering and it is
//!   not an entry of a chapter analysis (followed, before any such root, by the next entry, or
//!   by a heading of its type with a lower number): `Part I—…` of an Executive Order, the
//!   `SUBCHAPTER II—…` lines of an analysis headed `Sec.`.
//! - **Quotations**: text between `“ ”`, `« »` or `" "` — an amending text's new wording,
//!   possibly over many lines — is body of the quoting unit, never units of this document;
//!   a line that starts with an opening mark is quoted too. In a quotation of several
//!   paragraphs each opens a mark and only the last closes it (US and UK style), so a line
//!   that opens a mark while a quotation is open continues it, when a heading follows the mark
//!   (`“(4) …`) or the line closes no quotation before its end (`“Congress finds that—`; a
//!   quoted term, `“child” means …`, nests). A curly quotation closed by a straight mark on the
//!   line that opened it (`“Điều 15a. … biên giới."`) is closed, as is the reverse; the seconds
//!   of a coordinate (`21°33’12,485”`) close nothing. Straight marks are read by their shape:
//!   one right after a word and before a space or punctuation (`financial year" - (a)`) closes,
//!   so with no quotation open it opens none (`stray-quote` warning; when it ends a defined term
//!   in a line whose other terms are quoted, the repair inserts the missing opening mark before
//!   the term), and an inch mark (`12"`) is not named; one after a space and before words
//!   (`as "the new Constitution"`) opens, inside an open straight quotation too, whose closing
//!   mark is then the next but one. A straight quotation opened in a sentence (words before the
//!   mark and after it on its line, no amending phrase, no heading right after the mark) that is
//!   still open at a line starting a heading ran away (`… or "servant of another person.`, then
//!   `(4) …`): it is reported (`unclosed-quote`, naming that line) and its mark read as an
//!   ordinary character, so no later mark can quote the provisions in between. A quotation still open at the end
//!   of the text is reported (`unclosed-quote`) and its opening mark is read as an ordinary
//!   character, so the provisions after it are still cut. A quotation opened right after an
//!   amending phrase ending in `như sau:` (on its line, or the line before) also ends at the
//!   amending text's own next instruction when its closing mark is missing: a line (not itself
//!   opening a quotation) that is the next citation root (`Điều 2.` after `Điều 1.`), or the
//!   next clause or point of the quoting unit's parent whose text is an instruction
//!   (`2. Bổ sung …`, `b) Sửa đổi …`, `… được sửa đổi …`, or ending in `như sau:`). The
//!   quotation is closed before that line and reported (`unclosed-quote`, at its opening
//!   mark), unless a line from there on ends with a closing mark before any line opens another
//!   quotation (a quoted point ending `… như sau:` is then text of the quotation). A quoted clause that merely continues the numbers (`2. Khoản mới.` inside the
//!   quoted article) does not close it.
//! - **Messy sources** (text as crawled from thuvienphapluat.vn, vbpl.vn, luatvietnam.vn):
//!   - *Editorial notes*: outside quotations, a line that is only a note — a whole line in
//!     `[…]` (`[1]`, `[Bãi bỏ]`, `[Điều này được sửa đổi bởi …]`) or a footnote's text
//!     (`[2] Khoản này được sửa đổi …`, a number in brackets then an editorial phrase such as
//!     `được sửa đổi`, `được bổ sung`, `bị bãi bỏ`, `Bãi bỏ`, `hết hiệu lực`, `Khoản này`,
//!     `Điều này`, `Điểm này`) — is not text of the provisions: it never becomes a unit or body,
//!     it is reported (`editorial-note`) and kept in [`Frame::notes`]. A site's note inside a
//!     line, in a quotation too (`1. Nội dung [Khoản này được bổ sung bởi …]`, `Điều 5. Phạm vi
//!     [Điều này hết hiệu lực …]`, `tại [Thành phần hồ sơ … được hướng dẫn bởi …] điểm b`),
//!     is no text of the law either: a bracket saying what happened to a provision (`được sửa
//!     đổi`, `được bổ sung`, `bị thay thế`, `bị bãi bỏ`, `được hướng dẫn`, `hết hiệu lực` …)
//!     `bởi` what, or to `Điều này`, `Khoản này` …, or the crawl's markup (`[ID: …]`). It is
//!     taken out with the spaces before it (`tại [note] điểm b` reads `tại điểm b`), reported
//!     (`editorial-note`) and kept in [`Frame::notes`]; a note the crawl broke over two lines
//!     (`[Chương này được hướng dẫn bởi` then `… Thông tư 003/2025/TT-BNV …]`) is one note.
//!     Taken out before the line is read, so a heading glued after it (`…]. Chương II …`) is
//!     found. Every such note on the provisions (not a footnote's) is also kept beside the
//!     unit whose text it stood in ([`crate::store::unit::CutUnit::notes`]), out of its content
//!     hash: it says which provision amended this one.
//!   - *Glued headings* (a lost line break): outside quotations, after sentence-final `.` `;`
//!     `:` and at least one space, not inside `[…]` and before any quotation mark on the line,
//!     the heading of a citation root or structural type (`Điều 5.`, `Chương II`, `Mục 2`)
//!     followed by a capitalised title (a chapter or section may also end the line) splits the
//!     line when its number is the next one expected (after the heading that starts the same
//!     line, if any, else after the last one cut); reported as `glued-heading` at the heading.
//!     `theo Điều 5. Người …` (no punctuation) and a number out of sequence stay prose.
//!   - *Provisions run on one line*: a point (`a) …; b) …`) or a clause (`…. 2. Nội dung`, with
//!     a capital after the number) that starts after sentence-final punctuation in the middle
//!     of a line and is the next one in its sequence is not split (it stays text of the line's
//!     unit) but reported (`points-on-one-line`, at the point's letter or the clause's number,
//!     the hint proposing the split).
//!   - *Tables one cell a line*: after a line that is only the header of a row-number column
//!     (`STT`, `TT`, `Số TT`, `Số thứ tự`), a clause or point number (`a) Rượu từ 20 độ trở
//!     lên` in a tariff) is a cell, text, until a division or an article, or the next clause
//!     or point of a unit opened before the table.
//!   - Headings in other spellings read as usual: `Chương 1.`, `Chương 1:` (arabic chapter
//!     numbers), `MỤC 1.`, `Ðiều`/`ÐIỀU` with U+00D0 for `Đ`.
//! - **Preamble**: text before the first unit (title block, `Căn cứ …`, enacting words) is not a
//!   unit and not a problem. It is not in [`Cut`] (whose shape is fixed) but in
//!   [`Frame::preamble`], returned by [`cut_with_frame`].
//! - **Signature block**: after at least one unit, a line starting with one of the
//!   vocabulary's `closing` markers (`Approved `, `LEGISLATIVE HISTORY`), `TM.`, `T/M`, `KT.`,
//!   `TL.`, `TUQ.`, `(Đã ký)`, `Nơi nhận`, `IN WITNESS WHEREOF`, `(Signed)`, `Signed:`,
//!   `By order of`, or the enacting formula (`Luật này đã được Quốc hội … thông qua …`,
//!   `This Act was passed …`) starts the closing: it and everything after it go to
//!   [`Frame::closing`], never into the last unit's body. Numbered lines there (`1.`, `a)`) stay
//!   closing text; a citation-root or structural heading after it (`Điều 9.`) means the marker
//!   was text after all, and the held lines return to the body. The enacting formula may omit
//!   `đã` (`Nghị quyết này được Quốc hội … thông qua …`). Appendices and forms: a line
//!   `PHỤ LỤC …` in capitals after the provisions starts the closing, signed or not; in the
//!   closing, a title `Phụ lục I`, `Mẫu số 05.` or an attachment note `(Ban hành kèm theo …)`
//!   marks an appendix, after which no heading ends the closing (a form's sample decision prints
//!   `Điều 4. Hiệu lực`, a table prints `Điều 11` in a cell).
//! - **Ambiguous lines**: when several types read a line (`(i)` is subparagraph *i* and item
//!   *i*; also `(v)`, `(x)`, `(c)`…), the reading that continues its own sequence wins (`(i)`
//!   right after `(h)` is a subparagraph), then one that starts a new sequence (`(i)` under
//!   `(a)` is item 1), then the deepest; remaining ties go to vocabulary order. The next line
//!   settles it first: `(i)` after `(h)` but followed by `(ii)`, or by `(I)` (the
//!   first of a list under a numeral), is a numeral. Where two readings
//!   of different numbers (letter *i*, numeral 1) both continue or both start their sequences,
//!   the line is reported (`ambiguous-ordinal`).
//! - **Numbering**: citation roots number through the whole document (Điều 1…n across
//!   chapters); other types number under their parent. Vietnamese points run
//!   a b c d đ e g h i k l m n o p q r s t u v x y; amendment suffixes sit after their base
//!   (10 < 10a < 10b < 11, a < a1 < b). A citation root numbered n01 that is the first of its
//!   type under a new parent is no gap (US acts number sections by title: SEC. 1101 opens
//!   title I, subtitle A).
//! - **Duplicates**: the first unit keeps the address; a later one with the same address is
//!   reported (`duplicate-ordinal`) and left out with everything under it — a duplicate address
//!   is never emitted and no address is invented.
//!
//! The cut never panics and always returns what it could parse.

mod contents;
mod defects;
mod definitions;
mod kind;
mod lines;
mod pattern;
mod segmenter;
mod sequence;
mod text;

use crate::text::report::Report;
use serde::Serialize;

/// Where `ordinal` (canonical) of `section_type` sits in its sequence, for sorting siblings
/// in document order: `(number, suffix)`, e.g. Vietnamese points `d` < `dd` < `e`, clauses
/// `2` < `2a` < `3`. `None` when the ordinal is not in the type's sequence.
pub(crate) fn ordinal_order(
    section_type: &crate::text::vocabulary::SectionType,
    language: &str,
    ordinal: &str,
) -> Option<(u32, String)> {
    sequence::rank(
        section_type.ordinal_style,
        sequence::Alphabet::for_language(language),
        ordinal,
    )
    .map(|r| r.key())
}

use crate::store::unit::CutUnit;
use crate::text::diagnostic::{Diagnostic, Severity};
use crate::text::doc_code::normalize_doc_code;
use crate::text::vocabulary::Vocabulary;
use pattern::Pattern;
use segmenter::{segment, Layout, Outcome, Pass, QuoteMark, QuoteMode};

/// The result of cutting one document: every unit that could be parsed, in
/// document order, and every problem met on the way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cut {
    /// The document slug every address starts with, e.g. `45-2019-qh14`.
    pub doc: String,
    /// Id of the vocabulary used, e.g. `vi`, `us`.
    pub vocabulary: String,
    pub units: Vec<CutUnit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The text around the provisions, which is not part of any unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Frame {
    /// Text before the first unit: title block, `Căn cứ …`, enacting words.
    pub preamble: Option<Passage>,
    /// Text from the first signature or closing marker after the last unit to the end.
    pub closing: Option<Passage>,
    /// Editorial notes among the provisions (the US Code's `Editorial Notes`, `Amendments` …),
    /// each from its marker line to the next heading of a citation root.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub notes: Vec<Passage>,
    /// 1-based lines of tables of contents: heading-shaped entries that repeat headings found
    /// elsewhere in the text. They are text of the unit they sit in (or of the preamble).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub contents: Vec<u32>,
}

/// A run of lines outside the units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Passage {
    /// The lines, trimmed, blank lines and page numbers dropped, joined with `\n`.
    pub text: String,
    /// 1-based line of the first and the last line of text.
    pub line: u32,
    pub end_line: u32,
}

/// Stable codes of the diagnostics [`cut`] reports.
///
/// Diagnostics about the arguments rather than the text (`invalid-doc-code`,
/// `invalid-vocabulary`, `unusable-heading-pattern`) have line, column and offset 0.
pub mod codes {
    /// Error: the document code cannot become a slug; nothing is cut.
    pub const INVALID_DOC_CODE: &str = "invalid-doc-code";
    /// Error: the vocabulary fails its checks; nothing is cut.
    pub const INVALID_VOCABULARY: &str = "invalid-vocabulary";
    /// Warning: a heading pattern has no fixed text around `{ordinal}`, so its units cannot be recognised.
    pub const UNUSABLE_HEADING_PATTERN: &str = "unusable-heading-pattern";
    /// Error: a unit repeats an address already cut; it and its subtree are left out.
    pub const DUPLICATE_ORDINAL: &str = "duplicate-ordinal";
    /// Warning: numbers are skipped (`Điều 3` after `Điều 1`, or a first clause `2.`).
    pub const ORDINAL_GAP: &str = "ordinal-gap";
    /// Warning: a number goes backwards, or a letter is not in the sequence (`f)` among Vietnamese points).
    pub const ORDINAL_OUT_OF_ORDER: &str = "ordinal-out-of-order";
    /// Error: a unit outside any unit that may contain it (a point with no clause or article); its line stays text.
    pub const ORPHAN_UNIT: &str = "orphan-unit";
    /// Warning: a numbered list in a division's own text before any section (an appropriations act's Title): no unit may hold its items, which stay text of the division;
    /// or a second list in the text of a list's item, introduced by a line of it (`… so far as they relate to—` then `(i)` again): its items stay text of that item.
    pub const LIST_IN_TEXT: &str = "list-in-text";
    /// Warning: a list of definitions defines the same term again (legislation.gov.uk prints one
    /// definition per extent); the later one is addressed with the next free suffix (`definition-recovery2`).
    pub const TERM_DEFINED_AGAIN: &str = "term-defined-again";
    /// Warning: a line shaped like a heading that the vocabulary cannot read (`Chapitre 3`, `Điều` with no number); kept as text.
    pub const UNKNOWN_HEADING: &str = "unknown-heading";
    /// Warning: a heading of a section type switched off in the vocabulary; kept as text.
    pub const INACTIVE_SECTION_TYPE: &str = "inactive-section-type";
    /// Error: a unit's address would break canonical-address-v1 (too long or deep); it and its subtree are left out.
    pub const INVALID_ADDRESS: &str = "invalid-address";
    /// Warning: a footnote marker (`[2]`) next to an ordinal was removed from it.
    pub const FOOTNOTE_MARKER: &str = "footnote-marker";
    /// Warning: a quotation never closes; its opening mark was read as an ordinary character.
    pub const UNCLOSED_QUOTE: &str = "unclosed-quote";
    /// Warning: the text has content but no unit heading was recognised.
    pub const NO_UNITS: &str = "no-units";
    /// Warning: a line that is only an editorial note (`[1]`, `[Bãi bỏ]`, `[2] Khoản này được sửa đổi …`) was left out of the units, or a site's note inside a line (`[Khoản này được sửa đổi bởi …]`) was taken out of the text; its text is in [`super::Frame::notes`] and beside its unit ([`crate::store::unit::CutUnit::notes`]).
    pub const EDITORIAL_NOTE: &str = "editorial-note";
    /// Warning: an article, chapter or section heading glued to the end of the line before it (`…. Điều 5. Giải thích từ ngữ`); the line was split there.
    pub const GLUED_HEADING: &str = "glued-heading";
    /// Warning: a point or clause starts in the middle of a line, after the text of the one before it (`a) …; b) …`); not split, the hint proposes the split.
    pub const POINTS_ON_ONE_LINE: &str = "points-on-one-line";
    /// Warning: a line reads as the heading of two types (`(i)`: subsection *i* or clause 1) and the context does not settle it.
    pub const AMBIGUOUS_ORDINAL: &str = "ambiguous-ordinal";
    /// Error: citation roots skip numbers and the children of the one before start again in between, once per skipped number: headings were lost there (the repair inserts them).
    pub const MISSING_HEADING: &str = "missing-heading";
    /// Error: the skipped citation root stands on a line whose label is misspelt (`Điền 25.`); the repair corrects it.
    pub const MISSPELT_HEADING: &str = "misspelt-heading";
    /// Error: the skipped citation root is printed the way a sibling type prints its heading, the first of that type (`30. to 32 [Repealed …]` among sections `29 (1) …`, `33 …`); the repair prints its number as the text's other headings do.
    pub const MISPRINTED_HEADING: &str = "misprinted-heading";
    /// Error: a closing quotation mark ends a quotation too early (it closes again further on, with none open), so quoted text was cut as units that misfit; the repair deletes the early mark.
    /// Warning: a straight closing mark with no quotation open (its opening mark is missing) was read as an ordinary character; where it ends a defined term, the repair inserts the opening mark before the term.
    pub const STRAY_QUOTE: &str = "stray-quote";
    /// Error: several numbers of one list are used again under the same parent; named once for the run.
    pub const REPEATED_NUMBERING: &str = "repeated-numbering";
}

// Passes that each give up one more unclosed quotation before quotes are ignored altogether.
const QUOTE_PASSES: usize = 4;
// Cuts made again with what an earlier cut learnt of the document's layout: one level of
// groupings numbered again per parent, then the citation roots numbered again inside them.
const LAYOUT_PASSES: usize = 2;

/// Cuts `text` of the document `doc_code` (`45/2019/QH14` or a slug) into units; see the module docs.
pub fn cut(text: &str, doc_code: &str, vocabulary: &Vocabulary) -> Cut {
    cut_with_frame(text, doc_code, vocabulary).0
}

/// [`cut`], plus the preamble and the closing (signature block) that belong to no unit.
pub fn cut_with_frame(text: &str, doc_code: &str, vocabulary: &Vocabulary) -> (Cut, Frame) {
    let mut result = Cut {
        doc: String::new(),
        vocabulary: vocabulary.id().to_owned(),
        units: Vec::new(),
        diagnostics: Vec::new(),
    };
    let Some(doc) = checked_doc(doc_code, vocabulary, &mut result.diagnostics) else {
        return (result, Frame::default());
    };
    result.doc = doc;
    let patterns = heading_patterns(text, vocabulary, &mut result.diagnostics);
    let (mut outcome, ignored, ran_away) =
        cut_with_layout(text, &result.doc, vocabulary, &patterns);
    unclosed_quotes(&ignored, &ran_away, &mut outcome.diagnostics);
    result.units = outcome.units;
    result.diagnostics.append(&mut outcome.diagnostics);
    defects::name_defects(
        text,
        vocabulary,
        &result.units,
        &outcome.sections,
        &outcome.left_out,
        &mut result.diagnostics,
    );
    result.diagnostics.sort_by_key(|d| (d.line, d.column));
    (result, outcome.frame)
}

/// The document's slug, or `None` with the one error that stops the cut before it starts: a
/// vocabulary that fails its checks, or a document code that cannot become an address. Both
/// are about the arguments, not the text, so nothing is cut.
fn checked_doc(
    doc_code: &str,
    vocabulary: &Vocabulary,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Err(e) = vocabulary.check() {
        diagnostics.push(argument_error(
            Severity::Error,
            codes::INVALID_VOCABULARY,
            format!(
                "the vocabulary '{}' is invalid: {}",
                vocabulary.name,
                e.reason()
            ),
            e.hint(),
        ));
        return None;
    }
    match normalize_doc_code(doc_code) {
        Ok(slug) => Some(slug),
        Err(e) => {
            diagnostics.push(argument_error(
                Severity::Error,
                codes::INVALID_DOC_CODE,
                format!(
                    "the document code '{doc_code}' cannot become an address: {}",
                    e.reason()
                ),
                e.hint(),
            ));
            None
        }
    }
}

/// The heading patterns this text is read with: those of the types that apply to its kind
/// of document, compiled once for every pass. A pattern with nothing fixed around its number
/// could match any line, so it is left out with a warning.
fn heading_patterns(
    text: &str,
    vocabulary: &Vocabulary,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Pattern> {
    let mut patterns = Vec::with_capacity(vocabulary.section_types.len());
    // An instrument's provisions are regulations, articles or rules by what it calls itself.
    let kind = kind::document_kind(text, vocabulary);
    // Inserted numbers `3.1`, `(a.1)` are read in every alphabet but the Vietnamese one.
    let decimals =
        sequence::Alphabet::for_language(&vocabulary.language) != sequence::Alphabet::Vietnamese;
    for (i, t) in vocabulary.section_types.iter().enumerate() {
        // Definitions are read from the lines of the definitions they stand among, never
        // by a heading pattern (`cut/definitions.rs`); an attached instrument opens at its
        // `(kèm theo …)` note after the signature, never at a heading (segmenter).
        if !kind::type_applies(&t.document_kinds, kind)
            || t.ordinal_style == crate::text::vocabulary::OrdinalStyle::Term
            || crate::store::unit::is_instrument(vocabulary.section_types.iter(), t)
        {
            continue;
        }
        let by_kind = kind.into_iter().flat_map(|k| t.kind_patterns(k));
        for alternative in t.heading_patterns().chain(by_kind) {
            match Pattern::compile(i, t, alternative) {
                Some(p) if decimals => patterns.push(p),
                Some(p) => patterns.push(p.without_decimals()),
                None => diagnostics.push(argument_error(
                    Severity::Warning,
                    codes::UNUSABLE_HEADING_PATTERN,
                    format!("the heading pattern '{alternative}' of {} has no fixed text around {{ordinal}}, so its units cannot be recognised", t.label),
                    format!("add the label or punctuation, e.g. '{} {{ordinal}}.', or '{{ordinal}} {{title}}' for a number followed by a title", t.label),
                )),
            }
        }
    }
    patterns
}

/// The last cut of `text`, and the quotation marks given up on the way (with the heading line
/// of those that ran over one). What the first cut learnt about the document's own layout
/// (chapters numbered again in each part, sections used without chapters) is cut again with
/// it; once more when that cut shows more of it: a public law's titles numbered again in each
/// division are seen first, its sections numbered again per division only once their titles
/// stand apart.
fn cut_with_layout(
    text: &str,
    doc: &str,
    vocabulary: &Vocabulary,
    patterns: &[Pattern],
) -> (Outcome, Vec<QuoteMark>, Vec<(QuoteMark, u32)>) {
    // Tables of contents headed by a marker: once, whatever layout the passes cut with.
    let marked = contents::marked(text, &vocabulary.markers.contents);
    let passes = |layout: &Layout| quote_passes(text, doc, vocabulary, patterns, &marked, layout);
    let (mut outcome, mut ignored, mut ran_away) = passes(&Layout::default());
    let mut layout = Layout::default();
    for pass in 0..LAYOUT_PASSES {
        let Some(next) = layout_of(vocabulary, &outcome, &layout) else {
            break;
        };
        // Cut again only for what a later cut alone can show: citation roots numbered again
        // per grouping once the groupings stand apart.
        if pass > 0 && next.within == layout.within {
            break;
        }
        (outcome, ignored, ran_away) = passes(&next);
        layout = next;
    }
    (outcome, ignored, ran_away)
}

/// One cut with `layout`, made again while it shows a quotation that never closes or ran over
/// a heading (its mark is then read as an ordinary character, up to [`QUOTE_PASSES`] marks,
/// then all of them), or, once, a table of contents among the headings (then read as text).
fn quote_passes(
    text: &str,
    doc: &str,
    vocabulary: &Vocabulary,
    patterns: &[Pattern],
    marked: &[u32],
    layout: &Layout,
) -> (Outcome, Vec<QuoteMark>, Vec<(QuoteMark, u32)>) {
    let mut ignored: Vec<QuoteMark> = Vec::new();
    // Of them, the quotations opened in a sentence that ran over a heading, with its line.
    let mut ran_away: Vec<(QuoteMark, u32)> = Vec::new();
    let mut contents = marked.to_vec();
    let mut runs_checked = false;
    let run = |ignored: &[QuoteMark], contents: &[u32], find_runs: bool| {
        let quotes = if ignored.len() < QUOTE_PASSES {
            QuoteMode::Track(ignored)
        } else {
            QuoteMode::Off
        };
        segment(
            text,
            doc,
            vocabulary,
            patterns,
            Pass {
                quotes,
                contents,
                find_runs,
            },
            layout,
        )
    };
    let mut outcome = run(&ignored, &contents, true);
    loop {
        if let Some((mark, heading)) = outcome.runaway {
            ignored.push(mark);
            ran_away.push((mark, heading));
        } else if let Some(mark) = outcome.unclosed {
            ignored.push(mark);
        } else if !runs_checked && !outcome.contents.is_empty() {
            // Once: a table of contents found among the headings is read again as text.
            runs_checked = true;
            contents.append(&mut outcome.contents);
            contents.sort_unstable();
            contents.dedup();
        } else {
            break;
        }
        outcome = run(&ignored, &contents, !runs_checked);
    }
    (outcome, ignored, ran_away)
}

/// A warning for each quotation mark the passes gave up, at the mark: the provisions after it
/// were cut as if it were not there, which the editor should know.
fn unclosed_quotes(
    ignored: &[QuoteMark],
    ran_away: &[(QuoteMark, u32)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let all_off = ignored.len() >= QUOTE_PASSES;
    for mark in ignored {
        let also = if all_off {
            " (too many quotations never close, so all quotation marks were read as ordinary characters)"
        } else {
            ""
        };
        let heading = ran_away.iter().find(|(m, _)| m == mark).map(|(_, l)| *l);
        let message = match heading {
            Some(heading) => format!("this quotation opened in a sentence is still open at the heading on line {heading}, so its mark was read as an ordinary character and the provisions after it were cut{also}"),
            None => format!("this quotation never closes, so it was read as an ordinary character and the provisions after it were cut{also}"),
        };
        diagnostics.push(Diagnostic {
            severity: Severity::Warning,
            code: codes::UNCLOSED_QUOTE,
            message,
            line: mark.location.line,
            column: mark.location.column,
            offset: mark.location.offset,
            hint: "add the closing quotation mark where the quoted text ends".into(),
            repair: None,
        });
    }
}

// The layout a first cut shows, if it differs from the default: citation roots whose
// numbering started again under a new parent are numbered and addressed per parent, and
// those whose numbering started again in a new outermost grouping (sections in each
// Division) per grouping; a
// structural type right below the citation-root divisions cut as an orphan in a document
// that never uses any of its parents stands at the top level (`Mục 1` … `Mục 5` as a circular's only divisions). A structural unit
// outside its parent in a document that does use that parent stays an orphan: there the
// parent's heading was lost.
fn layout_of(vocabulary: &Vocabulary, outcome: &Outcome, before: &Layout) -> Option<Layout> {
    let types = &vocabulary.section_types;
    let mut layout = before.clone();
    layout.scoped.resize(types.len(), false);
    layout.top.resize(types.len(), false);
    layout.within.resize(types.len(), None);
    let stray = stray_top_level(vocabulary, outcome);
    let mut changed = stray.iter().any(|l| !layout.stray.contains(l));
    layout.stray.extend(stray);
    layout.stray.sort_unstable();
    layout.stray.dedup();
    for &(i, g) in &outcome.restarted_within {
        if let Some(w) = layout.within.get_mut(i) {
            changed |= w.is_none();
            *w = Some(g);
        }
    }
    for &i in &outcome.restarted {
        if let Some(s) = layout.scoped.get_mut(i) {
            changed |= !*s;
            *s = true;
        }
    }
    for d in &outcome.restarted_in {
        if !layout.divided.contains(d) {
            layout.divided.push(*d);
            changed = true;
        }
    }
    for line in unlabelled_schedules(vocabulary, outcome) {
        if !layout.unlabelled.contains(&line) {
            layout.unlabelled.push(line);
            changed = true;
        }
    }
    for &i in &outcome.orphaned {
        let Some(t) = types.get(i) else { continue };
        // Only a division right below the citation-root divisions (`Mục` below `Chương`):
        // a `Tiểu mục` with no `Mục` anywhere lost its `Mục`.
        let below_roots = t.parents.iter().all(|p| {
            p == crate::text::vocabulary::TOP_LEVEL
                || types.iter().any(|q| {
                    q.code == *p
                        && (q.citation_root || crate::store::unit::is_instrument(types.iter(), q))
                })
        });
        if !below_roots {
            continue;
        }
        let parents_used = outcome
            .sections
            .iter()
            .any(|&s| types.get(s).is_some_and(|q| t.parents.contains(&q.code)));
        if !parents_used {
            if let Some(top) = layout.top.get_mut(i) {
                changed |= !*top;
                *top = true;
            }
        }
    }
    changed.then_some(layout)
}

// The first heading of a top-level citation root (a schedule) that the document's own
// headings contradict: it opens the sequence above 1, the next one goes back below it, and its
// number is used again later (`Schedule 2 Appropriation of Resources` in an abstract of the
// schedules, then `SCHEDULE 1`, `SCHEDULE 2`). It is a table's cell or a reference, not a
// heading: its line, to be read as text.
fn stray_top_level(vocabulary: &Vocabulary, outcome: &Outcome) -> Vec<u32> {
    let mut stray = Vec::new();
    for (i, t) in vocabulary.section_types.iter().enumerate() {
        // (A Phần may also stand in an attached instrument: still a top-level type.)
        let top = t.parents.iter().all(|p| {
            vocabulary.by_code(p).is_some_and(|p| {
                crate::store::unit::is_instrument(vocabulary.section_types.iter(), p)
            })
        });
        if !t.citation_root || !top {
            continue;
        }
        let mut of_type = outcome
            .units
            .iter()
            .zip(&outcome.sections)
            .filter(|&(_, &s)| s == i)
            .map(|(u, _)| u);
        let (Some(first), Some(next)) = (of_type.next(), of_type.next()) else {
            continue;
        };
        let number = |o: &str| o.parse::<u32>().ok();
        let (Some(a), Some(b)) = (number(&first.ordinal), number(&next.ordinal)) else {
            continue;
        };
        let again = outcome
            .left_out
            .iter()
            .any(|l| l.section == i && l.ordinal == first.ordinal && l.at.line > next.line);
        if a > 1 && b < a && again {
            stray.push(first.line);
        }
    }
    stray
}

// The schedules (by heading line) in which a list was numbered again after a line shaped like
// a heading that the vocabulary has no label for: Justice Canada's seed tables (`Table I`,
// `Table II`, each with `Applicable to: (a) … (b) …`), Schedule B of the Veterans Insurance
// Act (`CLASS I —`, `CLASS II —`, each with its (a) to (d)). A list that goes on across such
// lines (`Method 1` / `(a)`, `Method 2` / `(b)`) keeps its units.
fn unlabelled_schedules(vocabulary: &Vocabulary, outcome: &Outcome) -> Vec<u32> {
    let types = &vocabulary.section_types;
    let attachment = |section: &str| {
        types
            .iter()
            .any(|t| t.code == section && crate::store::unit::is_attachment_type(types.iter(), t))
    };
    // Where a number was repeated: a unit left out (its address taken), or a second list read
    // as text of an item (`list-in-text`), with the outermost unit it stands under.
    let outermost = |mut i: usize| {
        while let Some(parent) = outcome.units.get(i).and_then(|u| u.parent) {
            i = parent;
        }
        Some(i)
    };
    let repeated = outcome
        .left_out
        .iter()
        .map(|l| (l.at.line, l.parent.and_then(outermost)))
        .chain(
            outcome
                .diagnostics
                .iter()
                .filter(|d| d.code == codes::LIST_IN_TEXT)
                .map(|d| {
                    let top = outcome
                        .units
                        .iter()
                        .rposition(|u| u.parent.is_none() && u.line < d.line);
                    (d.line, top)
                }),
        );
    let mut lines = Vec::new();
    for (at, top) in repeated {
        let Some(schedule) = top.and_then(|i| outcome.units.get(i)) else {
            continue;
        };
        if !attachment(&schedule.section_type) || lines.contains(&schedule.line) {
            continue;
        }
        let unlabelled = outcome
            .diagnostics
            .iter()
            .any(|d| d.code == codes::UNKNOWN_HEADING && d.line > schedule.line && d.line < at);
        if unlabelled {
            lines.push(schedule.line);
        }
    }
    lines
}

fn argument_error(
    severity: Severity,
    code: &'static str,
    message: String,
    hint: String,
) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        message,
        line: 0,
        column: 0,
        offset: 0,
        hint,
        repair: None,
    }
}
