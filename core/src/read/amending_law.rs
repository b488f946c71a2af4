//! Amending laws, read: from the text of an amending law to the instructions it gives. Applying
//! them is [`crate::change::amend`].
//!
//! # Reading ([`read_amending_law`])
//!
//! Vietnamese amending laws are written in a small set of fixed forms, and they are laws
//! themselves: `Điều 1. Sửa đổi, bổ sung một số điều của Luật Quy hoạch` holds clauses
//! (`4. Sửa đổi, bổ sung một số điểm, khoản của Điều 16 như sau:`) and points
//! (`a) Sửa đổi, bổ sung các điểm b, c và d khoản 1 như sau: “b) …”`). The amending law is
//! therefore cut like any law (its quoted new text stays inside the unit that quotes it), and
//! every unit of an amending article is read as:
//!
//! - its **words**: the body up to `như sau:` (or all of it), quotations of words masked, split
//!   into clauses at `;` (a clause without a verb continues the targets of the one before:
//!   `tại khoản 3 Điều 7; khoản 2 Điều 40`);
//! - its **new text**: the quotation after `như sau:`, without its outer quotation marks (several
//!   quotations in a row are one text) and without the Official Gazette's running heads.
//!
//! A clause is, by its verb (marks and case ignored): `thay (thế) (cụm) từ “A” bằng (cụm) từ “B”`
//! ([`Kind::ReplacePhrase`], several pairs allowed), `bãi bỏ / bỏ (cụm) từ “X”`
//! ([`Kind::RepealPhrase`]), `bổ sung (cụm) từ “X” vào sau / trước (cụm) từ “Y”`
//! ([`Kind::InsertPhrase`]), each `tại` the units it names (`tên Chương V`, `tên các điều 33, 34`
//! name headings); `sửa đổi (, bổ sung)` ([`Kind::Replace`]; `tên …` a heading,
//! `đoạn mở đầu …` the words before a unit's points); `bãi bỏ` ([`Kind::Repeal`]);
//! `bổ sung … (vào sau | vào trước | vào) …` ([`Kind::Insert`]); active or passive
//! (`Khoản 2 và khoản 5 Điều 20 được sửa đổi, bổ sung như sau:`). A clause naming `một số`
//! units (`Sửa đổi, bổ sung một số khoản của Điều 6 như sau:`) gives no instruction: it is the
//! context its points are read in (`a) Sửa đổi, bổ sung khoản 1` is clause 1 of Article 6).
//! The units are found by the citation scanner ([`crate::read::citations`]), so lists, ranges and
//! chains read as they do in running text; units named without their article take it from the
//! context, else from the next clause of the same sentence that names one
//! (`Bổ sung khoản 2a vào sau khoản 2; sửa đổi, bổ sung khoản 3 Điều 6 như sau:`).
//!
//! **Which law.** An article amends the law its heading names: by code
//! (`… của Luật số 21/2017/QH14`), or by name (`… của Luật Quy hoạch`), looked up in the
//! preamble (`Luật Quy hoạch số 21/2017/QH14`) or the title; an amending law of one law names it
//! in its title. Articles whose heading is not an amendment (commencement, transition) give no
//! instructions.
//!
//! **When.** The commencement sentences (`Luật này có hiệu lực thi hành từ ngày 01 tháng 01
//! năm 2021`; `Khoản 2 Điều 1 của Luật này có hiệu lực từ ngày ký`) give each instruction its
//! date: the most specific provision that covers it wins. `từ ngày ký / thông qua / ban hành` is
//! the date the law was adopted or signed, read from `thông qua ngày …` or the place-and-date
//! line (`Hà Nội, ngày 04 tháng 8 năm 2025`).
//!
//! What cannot be read is never guessed: it is an [`Unreadable`] with its line, byte offset and
//! why.

mod clause;
mod dates;
pub(crate) mod fragment;
mod read;
mod why;

use serde::{Deserialize, Serialize};

pub use read::read_amending_law;
pub(crate) use read::words_of;
pub use why::{hint, law_match, LawMatch, Named};

/// Whether two document slugs (`54-2013-qh13`, `54-2014-qh13`) differ in their year alone.
fn year_slip(a: &str, b: &str) -> bool {
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('-').collect(), b.split('-').collect());
    pa.len() == pb.len()
        && pa.len() >= 3
        && pa[0] == pb[0]
        && pa[1] != pb[1]
        && pa[1].len() == 4
        && pa[1].bytes().all(|c| c.is_ascii_digit())
        && pa[2..] == pb[2..]
}

/// What an instruction does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The target units (or their heading, or the words before their points) are replaced by the new text.
    Replace,
    /// The new text's units are added, after or before a sibling, or into a parent.
    Insert,
    /// The target units are repealed (retired, with everything under them).
    Repeal,
    /// Words are replaced inside the target units (or their headings).
    ReplacePhrase,
    /// Words are struck out of the target units.
    RepealPhrase,
    /// Words are inserted after or before other words of the target units.
    InsertPhrase,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Replace => "replace",
            Kind::Insert => "insert",
            Kind::Repeal => "repeal",
            Kind::ReplacePhrase => "replace-phrase",
            Kind::RepealPhrase => "repeal-phrase",
            Kind::InsertPhrase => "insert-phrase",
        }
    }
}

/// Which part of a target unit an instruction changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "AmendPart"))]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The unit with everything under it.
    Whole,
    /// Its heading only (`tên Điều 5`, `tên Chương V`).
    Heading,
    /// The words before its points (`đoạn mở đầu khoản 6`): its body, not its children.
    Intro,
}

/// Where new units or words go relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    After,
    Before,
    /// Into the anchor, a parent, in the order of the ordinals.
    Into,
}

/// Where an instruction's words are in the amending law's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SourceSpan {
    /// 1-based first and last line.
    pub line: u32,
    pub end_line: u32,
    /// Byte offsets `[start, end)` into the text as given.
    pub start: usize,
    pub end: usize,
}

/// One amending instruction, as the amending law gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Instruction {
    /// The provision of the amending law that gives it, as a path under the amending law
    /// (`dieu-1/khoan-4/diem-a`); `#2`, `#3` … when one provision gives several.
    pub id: String,
    /// The same provision as people cite it: `Điều 1 khoản 4 điểm a`.
    pub provision: String,
    pub kind: Kind,
    pub part: Part,
    /// Slug of the amended document, when the amending law names it by code.
    pub law: Option<String>,
    /// Index into [`AmendingLaw::laws`] of the law it amends.
    pub law_index: usize,
    /// The units it changes (new units for an insert), as paths under the amended document
    /// (`dieu-20/khoan-2`); the empty path is the whole document.
    pub targets: Vec<String>,
    /// For an insert: the sibling the new units follow or precede, or their parent (`Into`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub anchor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Place>,
    /// Phrases: the words replaced or struck out; for an inserted phrase, the words it goes next to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub old_text: Option<String>,
    /// Replace and insert: the quoted new text; phrases: the new words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_text: Option<String>,
    /// When it comes into force (`YYYY-MM-DD`), from the commencement article.
    pub effective: Option<String>,
    /// The instruction's own words (quotations of new text left out).
    pub words: String,
    pub span: SourceSpan,
}

/// Something in an amending article that could not be read as an instruction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Unreadable {
    /// Stable kebab-case code, e.g. `unknown-form`.
    pub code: String,
    /// The provision it is in (`Điều 1 khoản 19`).
    pub provision: String,
    pub line: u32,
    /// Byte offset into the amending law's text.
    pub offset: usize,
    /// The words that could not be read (at most 200 characters).
    pub text: String,
    pub reason: String,
    pub hint: String,
}

/// A law an amending law amends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AmendedLaw {
    /// How the amending law names it: `Luật Quy hoạch`, `Luật số 21/2017/QH14`.
    pub name: String,
    /// Its code when the amending law gives one (in the heading, the title or the preamble).
    pub doc_code: Option<String>,
    /// Slug of that code.
    pub slug: Option<String>,
    /// The article that amends it (`dieu-1`), or empty when the whole amending law does.
    pub article: String,
}

/// An amending law, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AmendingLaw {
    /// Its slug and code, e.g. `57-2024-qh15`, `57/2024/QH15`.
    pub doc: String,
    pub doc_code: String,
    /// When it was adopted or signed (`YYYY-MM-DD`), if the text says.
    pub adopted: Option<String>,
    /// When it comes into force as a whole (`YYYY-MM-DD`), if the text says.
    pub in_force: Option<String>,
    pub laws: Vec<AmendedLaw>,
    pub instructions: Vec<Instruction>,
    pub unreadable: Vec<Unreadable>,
}

impl AmendingLaw {
    /// What a reviewer must know about how this document was matched: a code cited with another
    /// year than this document's (accepted because the law's name is this document's title).
    pub fn code_warnings(&self, slug: &str, title: Option<&str>) -> Vec<String> {
        self.laws_for(slug, title)
            .into_iter()
            .filter_map(|i| {
                let law = &self.laws[i];
                let cited = law.slug.as_deref()?;
                (cited != slug).then(|| {
                    format!(
                        "{} cites this document as {} ({}), with another year than its own code; its name matches this document's title, so its instructions are applied here: check the citation",
                        self.doc_code,
                        law.doc_code.as_deref().unwrap_or(cited),
                        law.name
                    )
                })
            })
            .collect()
    }

    /// Which of [`Self::laws`] is the document `slug` titled `title`: its code's slug, else (for a
    /// law named without a code) a name whose words all appear in the title, case and marks ignored.
    pub fn laws_for(&self, slug: &str, title: Option<&str>) -> Vec<usize> {
        let by_code: Vec<usize> = (0..self.laws.len())
            .filter(|&i| self.laws[i].slug.as_deref() == Some(slug))
            .collect();
        if !by_code.is_empty() {
            return by_code;
        }
        let Some(title) = title else {
            return Vec::new();
        };
        let title = read::words_of(title);
        // `Luật hải quan số 54/2013/QH13` for the law that is 54/2014/QH13: the same number and
        // issuer in another year, with this document's name, is this document (with a warning:
        // [`Self::code_warnings`]).
        let slipped: Vec<usize> = (0..self.laws.len())
            .filter(|&i| {
                let law = &self.laws[i];
                law.slug.as_deref().is_some_and(|s| year_slip(s, slug))
                    && read::names_title(&law.name, &title)
            })
            .collect();
        if !slipped.is_empty() {
            return slipped;
        }
        (0..self.laws.len())
            .filter(|&i| {
                let law = &self.laws[i];
                law.slug.is_none() && read::names_title(&law.name, &title)
            })
            .collect()
    }
}
