//! Akoma Ntoso 3.0: a document as it stood at a date, as one `<akomaNtoso><act>` file that
//! validates against the OASIS schema (`core/schemas/akn30/akomantoso30.xsd`).
//!
//! [`export`] is pure: everything comes in [`AknInput`] (the document's ledger rows, alias rows
//! and change sets, loaded by the caller, disowned rows left out) and the time of writing is
//! given (`generated_at`). The same input gives the same bytes.
//!
//! # Where each part comes from
//!
//! - **The units** are [`crate::publish::history::document_at`]`(rows, at)`: the point-in-time rule of the
//!   whole API (the last image, in ledger order, of the change sets in force at `at`; retired and
//!   removed units left out). They nest by `parent` (a unit whose parent is not in the text is
//!   put at the top), in document order.
//! - **The change sets in force** are those whose `effective_from` ≤ `at`, ordered by effective
//!   instant, then ledger order. The newest one dates the expression.
//! - **FRBR URIs** (AKN naming convention): work `/akn/{country}/act/{year}/{slug}`, expression
//!   `{work}/{lang}@{date}`, manifestation `{expression}/!main.xml`. `country` is the caller's, else
//!   the vocabulary's (`vi` → `vn`, `us` → `us`, `uk` → `gb`; any other vocabulary needs it given);
//!   `year` is the 4-digit year in the document code, else the year of the first change set;
//!   `lang` is ISO 639-2 (`vi` → `vie`, `en` → `eng`) from the document's language, else its
//!   vocabulary's; `date` is the date part, as written, of the newest change set's `effective_from`.
//! - **`eId`** is the unit's canonical address written with the AKN abbreviations
//!   ([`naming::eid_of_address`]: `dieu-44/khoan-1/diem-dd` → `art_44__para_1__point_dd`). The
//!   element and abbreviation of every address token are one table ([`naming::akn_name`]); unknown
//!   tokens become `<hcontainer name="{token}">`.
//! - **`wId`** is the `eId` of the unit's *first* canonical address (the after-image of its first
//!   row in ledger order), so a renumbered unit keeps it. When several units of the document (over
//!   its whole ledger, not only the exported date, so the answer does not change with `at`) start
//!   at the same address — one renumbered away, a new one created where it was — the first created
//!   keeps the plain `wId` and the n-th gets `{wId}-{n}` (`art_5-2`); `-` never occurs in an
//!   `eId` made from an address, so the suffix cannot collide.
//! - **`<num>`** is printed as the text prints it: the section type's heading pattern up to
//!   `{title}`, ordinal in the type's style (`Điều 44.`, `1.`, `đ)`, `Chương II`, `(A)`). A unit's
//!   heading is `<heading>`; its body is `<content>` (one `<p>` per line) for a leaf, `<intro>`
//!   followed by the children otherwise (no `<intro>` when the body is empty).
//! - **`<lifecycle>`**: one `<eventRef eId="evt_N">` per change set in force, dated by its
//!   `effective_from`; `generation` for the first, `repeal` for one whose rows only retired units,
//!   `amendment` otherwise. Its `source` is the `<passiveRef>` of the first amending law the change
//!   set carries (`amendment.laws`), else `#original` (the text was cut from the document itself).
//! - **`<passiveModifications>`**: one `<textualMod>` per *applied* step of the amendments of the
//!   change sets in force (`replace`/`replace-phrase` → `substitution`, `insert`/`insert-phrase` →
//!   `insertion`, `repeal`/`repeal-phrase` → `repeal`); `<source>` is the amending provision as an
//!   AKN URI (`/akn/vn/act/2024/57-2024-qh15/~art_4__para_1`), `<destination>` each target's `eId`
//!   (`#art_5`; the work URI when the step names the whole document), `<force period>` the
//!   `<temporalGroup>` that starts at the change set's event.
//! - **`<mappings>`**: one `<mapping>` per alias row whose window starts at or before `at` and whose
//!   target is in the text (and whose address differs from the target's): `original` is the alias
//!   text's `eId`, `current` the target's, `start`/`end` the events whose dates are the window's
//!   bounds (left out when no change set in force has that instant).
//! - **`<notes>`**: the publisher's editorial notes (`[Khoản này được sửa đổi bởi …]` in a crawled
//!   text, kept out of the unit's text by the cut and beside it in its manifest block), never law.
//!   A unit's notes are those of its latest block, among the change sets in force at `at`, that
//!   carried some ([`AknInput::site_notes`]; the Ledger timeline's rule), the same note printed twice
//!   once. Each is a `<note eId="{eId}__sitenote_{n}" class="publisherNote" placementBase="#{eId}">`
//!   (one `<p>` per line) in `<meta><notes source="#publisher">`, whose source is a
//!   `<TLCOrganization eId="publisher">` of its own (not `#legislature`, the law's author, nor
//!   `#iu-cutter`); the provision carries a `<noteRef href="#…" class="publisherNote"/>` after its
//!   `<num>` text (else its `<heading>`, else at the end of its own text). No word of a note is in
//!   the body, and no unit's content or hash depends on them: without notes the file is, byte for
//!   byte, the file with them less `<notes>`, the publisher and the `<noteRef>`s. `AknExport::notes`
//!   says how many the file carries.
//! - `<analysis>` is left out when it would be empty (the schema wants at least one child in each
//!   of its lists), `<temporalData>` likewise.
//! - Text is escaped; characters XML 1.0 cannot hold (C0 controls other than tab, line feed, carriage
//!   return; U+FFFE, U+FFFF) are dropped, each unit that had some named in `warnings`.

mod meta;
mod naming;
#[cfg(test)]
mod tests;
mod xml;

use crate::text::report::Report;
use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::change::manifest::Amendment;
use crate::publish::history::{document_at, instant, HistoryError, LedgerImage};
use crate::store::unit::{StoredAlias, StoredUnit};
use crate::text::timestamp::Timestamp;
use crate::text::vocabulary::SectionType;

pub use naming::{akn_name, eid_of_address, num_text, AknName};

/// The Akoma Ntoso 3.0 namespace.
pub const NAMESPACE: &str = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";

/// The `legal_document` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AknDocument {
    pub id: String,
    pub doc_code: String,
    pub slug: String,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub title: Option<String>,
    /// `vi`, `en`, … (ISO 639-1); the vocabulary's language when absent.
    #[serde(default)]
    pub language: Option<String>,
    /// The vocabulary id (`vi`, `en`, `us`, `uk`, `commonwealth`).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub vocabulary: Option<String>,
}

/// One change set of the document, with its manifest's `effective_from` and `amendment`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChangeSetInfo {
    pub change_set: String,
    pub entry: String,
    /// `cut` or `rollback`.
    pub kind: String,
    pub effective_from: String,
    /// Its place in the ledger (orders change sets with the same `effective_from`).
    #[serde(default, deserialize_with = "crate::ledger::checkpoint::json_u64")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub ledger_seq: u64,
    #[serde(default)]
    pub recorded_at: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub title: Option<String>,
    #[serde(default)]
    pub amendment: Option<Amendment>,
}

/// What [`export`] needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AknInput {
    pub document: AknDocument,
    /// ISO 3166-1 alpha-2, lower case (`vn`); from the vocabulary when absent.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub country: Option<String>,
    /// The date (or RFC 3339 instant) the text is exported as it stood at.
    pub at: String,
    /// When the file is written (RFC 3339): the manifestation's date.
    pub generated_at: String,
    /// Every unit row of the document's ledger (`cut_change_set_affected_row`), disowned ones left out.
    pub rows: Vec<LedgerImage>,
    /// The document's `canonical_address_alias` rows.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub aliases: Vec<StoredAlias>,
    #[serde(default)]
    pub change_sets: Vec<ChangeSetInfo>,
    /// The vocabulary's section types, for `<num>`.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub section_types: Vec<SectionType>,
    /// The publisher's notes of the document's manifest blocks that carried some
    /// ([`crate::change::manifest::UnitBlock::notes`]), one per block; which ones a unit shows at `at`
    /// is [`export`]'s rule. Empty: a file without `<notes>`, byte for byte as before notes were
    /// exported.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub site_notes: Vec<BlockNotes>,
}

/// The publisher's editorial notes one manifest block carried on one unit: what a crawled text
/// printed in brackets on the provision (`[Khoản này được sửa đổi bởi …]`), not law.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockNotes {
    /// The entry whose manifest holds the block (the ledger row's `entry`).
    pub entry: String,
    pub unit_id: String,
    /// In the order printed.
    pub notes: Vec<String>,
}

/// One exported file and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AknExport {
    pub xml: String,
    /// `{slug}_{lang}@{date}.akn.xml`.
    pub filename: String,
    pub work_uri: String,
    pub expression_uri: String,
    pub manifestation_uri: String,
    /// How many units the file holds.
    pub units: usize,
    /// How many publisher's notes it carries (`<note>` in `<meta><notes>`): 0 when it has none.
    pub notes: usize,
    /// What was left out or changed to keep the file valid, in words an editor reads.
    pub warnings: Vec<String>,
}

/// Why a document cannot be exported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AknError {
    #[error(transparent)]
    BadInstant(#[from] HistoryError),
    #[error("{document}: no unit of the document is in force at {at}")]
    Empty { document: String, at: String },
    #[error(
        "country: the vocabulary \"{vocabulary}\" does not say which country {document} is from"
    )]
    UnknownCountry {
        document: String,
        vocabulary: String,
    },
    #[error("country: \"{value}\" is not an ISO 3166-1 alpha-2 code")]
    BadCountry { value: String },
}

impl Report for AknError {
    fn code(&self) -> &'static str {
        match self {
            AknError::BadInstant(e) => e.code(),
            AknError::Empty { .. } => "IU_AKN_EMPTY",
            AknError::UnknownCountry { .. } => "IU_AKN_COUNTRY",
            AknError::BadCountry { .. } => "IU_AKN_BAD_COUNTRY",
        }
    }

    fn hint(&self) -> String {
        match self {
            AknError::BadInstant(e) => e.hint(),
            AknError::Empty { .. } => "Give a later date (at): the document's first change set takes effect after it, or it has no CUT yet.".into(),
            AknError::UnknownCountry { .. } => "Give the country as an ISO 3166-1 alpha-2 code, e.g. country=gb or country=za.".into(),
            AknError::BadCountry { .. } => "Give two letters, e.g. vn, us, gb.".into(),
        }
    }
}

/// A change set in force at the exported date, with its event.
struct Event<'a> {
    info: &'a ChangeSetInfo,
    at: Timestamp,
    eid: String,
    date: String,
    kind: &'static str,
    source: String,
}

/// A change set in force at the exported date: its effective instant, its first ledger row.
type InForce<'a> = (Timestamp, u64, &'a ChangeSetInfo);

/// The names the file is written with: the FRBR URIs, the country and the language.
struct Names<'a> {
    country: String,
    /// ISO 639-2 (`vie`, `eng`).
    lang: &'a str,
    vi: bool,
    /// The first and the last change set's dates (the original's, and this version's).
    first_date: String,
    date: String,
    work_uri: String,
    expression_uri: String,
    manifestation_uri: String,
    original_uri: String,
}

/// An amending law named by the change sets in force, with its `passiveRef` URI.
struct Law {
    slug: String,
    code: String,
    uri: String,
}

/// The document at `input.at` as an Akoma Ntoso 3.0 act (module docs for every rule).
pub fn export(input: &AknInput) -> Result<AknExport, AknError> {
    let at = instant("at", &input.at)?;
    let generated = instant("generated_at", &input.generated_at)?;
    let units = document_at(&input.rows, at)?;
    if units.is_empty() {
        return Err(AknError::Empty {
            document: input.document.doc_code.clone(),
            at: input.at.clone(),
        });
    }
    let doc = &input.document;
    let vocabulary = doc.vocabulary.as_deref().unwrap_or("vi");
    let country = country(input.country.as_deref(), vocabulary, &doc.doc_code)?;
    let in_force = in_force(input, at)?;
    let names = names(input, &in_force, country);
    let laws = amending_laws(&in_force, &names.country);
    let events = events(&in_force, &input.rows, &laws);
    let eid_by_unit: HashMap<&str, String> = units
        .iter()
        .map(|u| {
            (
                u.id.as_str(),
                eid_of_address(&u.canonical_address).unwrap_or_else(|| "body".into()),
            )
        })
        .collect();

    // The body first (its notes go in <meta>, which comes before it), at its depth in the file.
    let (body, mut written) = body(input, &units, &eid_by_unit, names.vi, at)?;

    let mut warnings = Vec::new();
    let mut w = xml::Writer::new();
    w.open("akomaNtoso", &[("xmlns", NAMESPACE)]);
    let contains = if events.len() > 1 {
        "singleVersion"
    } else {
        "originalVersion"
    };
    w.open("act", &[("name", "act"), ("contains", contains)]);
    w.open("meta", &[]);
    meta::identification(&mut w, doc, &names, &generated.to_rfc3339());
    meta::lifecycle(&mut w, &events);
    let (mods, periods) = meta::passive_modifications(&events, &laws, &names, &mut warnings);
    let mappings = meta::mappings(&input.aliases, at, &eid_by_unit, &events);
    meta::analysis(&mut w, &mods, &mappings);
    meta::temporal_data(&mut w, &periods);
    let title = doc
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&doc.doc_code);
    meta::references(
        &mut w,
        &names,
        title,
        &laws,
        !periods.is_empty(),
        !written.notes.is_empty(),
    );
    meta::notes(&mut w, &written.notes, &mut warnings);
    w.close("meta");

    w.open("preface", &[]);
    w.wrapped("p", "docNumber", &doc.doc_code);
    w.wrapped("p", "docTitle", title);
    w.close("preface");

    w.out.push_str(&body.out);
    w.dropped += body.dropped;
    w.reported += body.reported;
    warnings.append(&mut written.warnings);
    w.close("act");
    w.close("akomaNtoso");
    if w.dropped > w.reported {
        warnings.push(format!(
            "{} character(s) XML 1.0 forbids were dropped from the document's title, code or metadata",
            w.dropped - w.reported
        ));
    }

    Ok(AknExport {
        xml: w.out,
        filename: format!("{}_{}@{}.akn.xml", doc.slug, names.lang, names.date),
        work_uri: names.work_uri,
        expression_uri: names.expression_uri,
        manifestation_uri: names.manifestation_uri,
        units: units.len(),
        notes: written.notes.len(),
        warnings,
    })
}

/// The change sets in force at `at`, by effective instant then ledger order.
fn in_force(input: &AknInput, at: Timestamp) -> Result<Vec<InForce<'_>>, AknError> {
    let first_seq = first_seq_by_change_set(&input.rows);
    let mut in_force: Vec<InForce<'_>> = Vec::new();
    for cs in &input.change_sets {
        let t = instant("effective_from", &cs.effective_from)?;
        if t <= at {
            let seq = first_seq
                .get(cs.change_set.as_str())
                .copied()
                .unwrap_or(cs.ledger_seq);
            in_force.push((t, seq, cs));
        }
    }
    in_force.sort_by_key(|(t, seq, cs)| (*t, *seq, cs.change_set.clone()));
    Ok(in_force)
}

fn names<'a>(input: &'a AknInput, in_force: &[InForce<'_>], country: String) -> Names<'a> {
    let doc = &input.document;
    let vocabulary = doc.vocabulary.as_deref().unwrap_or("vi");
    let language = doc
        .language
        .as_deref()
        .unwrap_or(if vocabulary == "vi" { "vi" } else { "en" });
    let lang = iso639_2(language);
    let year = year_of(&doc.doc_code)
        .or_else(|| {
            in_force
                .first()
                .and_then(|(_, _, cs)| year_of(&cs.effective_from))
        })
        .unwrap_or_else(|| "0000".into());
    let work_uri = format!("/akn/{country}/act/{year}/{}", doc.slug);
    let first_date = in_force
        .first()
        .map(|(_, _, cs)| date_part(&cs.effective_from))
        .unwrap_or_else(|| date_part(&input.at));
    let date = in_force
        .last()
        .map(|(_, _, cs)| date_part(&cs.effective_from))
        .unwrap_or_else(|| date_part(&input.at));
    let expression_uri = format!("{work_uri}/{lang}@{date}");
    let manifestation_uri = format!("{expression_uri}/!main.xml");
    let original_uri = format!("{work_uri}/{lang}@{first_date}");
    Names {
        country,
        lang,
        vi: language == "vi",
        first_date,
        date,
        work_uri,
        expression_uri,
        manifestation_uri,
        original_uri,
    }
}

/// The amending laws named by the change sets in force, in order, once each: one `passiveRef` each.
fn amending_laws(in_force: &[InForce<'_>], country: &str) -> Vec<Law> {
    let mut laws: Vec<Law> = Vec::new();
    for (_, _, cs) in in_force {
        for law in cs.amendment.iter().flat_map(|a| &a.laws) {
            if !laws.iter().any(|l| l.slug == law.doc) {
                let y = year_of(&law.doc_code)
                    .or_else(|| law.adopted.as_deref().and_then(year_of))
                    .unwrap_or_else(|| "0000".into());
                laws.push(Law {
                    slug: law.doc.clone(),
                    code: law.doc_code.clone(),
                    uri: format!("/akn/{country}/act/{y}/{}", law.doc),
                });
            }
        }
    }
    laws
}

/// One event per change set in force: the first generates the act, one that only retires units
/// repeals, any other amends; its source is the first amending law it names.
fn events<'a>(in_force: &[InForce<'a>], rows: &[LedgerImage], laws: &[Law]) -> Vec<Event<'a>> {
    let law_ref = |slug: &str| {
        laws.iter()
            .position(|l| l.slug == slug)
            .map(|i| format!("#pas_{}", i + 1))
    };
    let retire_only = retire_only_change_sets(rows);
    in_force
        .iter()
        .enumerate()
        .map(|(i, (t, _, cs))| Event {
            info: cs,
            at: *t,
            eid: format!("evt_{}", i + 1),
            date: date_part(&cs.effective_from),
            kind: if i == 0 {
                "generation"
            } else if retire_only.contains(cs.change_set.as_str()) {
                "repeal"
            } else {
                "amendment"
            },
            source: cs
                .amendment
                .as_ref()
                .and_then(|a| a.laws.first())
                .and_then(|l| law_ref(&l.doc))
                .unwrap_or_else(|| "#original".into()),
        })
        .collect()
}

/// The `<body>`, written at its depth in the file, and what writing it gave besides (the notes go in
/// `<meta>`, which comes before it).
fn body(
    input: &AknInput,
    units: &[StoredUnit],
    eid_by_unit: &HashMap<&str, String>,
    vi: bool,
    at: Timestamp,
) -> Result<(xml::Writer, Written), AknError> {
    let wids = wids(&input.rows);
    let types: HashMap<&str, &SectionType> = input
        .section_types
        .iter()
        .map(|t| (t.code.as_str(), t))
        .collect();
    let notes_by_unit = notes_at(&input.rows, &input.site_notes, at)?;
    let present: HashSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let mut children: BTreeMap<Option<&str>, Vec<&StoredUnit>> = BTreeMap::new();
    for u in units {
        let parent = u.parent.as_deref().filter(|p| present.contains(p));
        children.entry(parent).or_default().push(u);
    }
    let tree = Tree {
        children: &children,
        eids: eid_by_unit,
        wids: &wids,
        types: &types,
        notes: &notes_by_unit,
        vi,
    };
    let mut body = xml::Writer::nested(2);
    let mut written = Written::default();
    body.open("body", &[]);
    for u in children.get(&None).into_iter().flatten() {
        tree.write(&mut body, u, &mut written, 0);
    }
    body.close("body");
    Ok((body, written))
}

/// The units under each parent, and the names they are written with.
struct Tree<'a> {
    children: &'a BTreeMap<Option<&'a str>, Vec<&'a StoredUnit>>,
    eids: &'a HashMap<&'a str, String>,
    wids: &'a HashMap<String, String>,
    types: &'a HashMap<&'a str, &'a SectionType>,
    /// The publisher's notes on each unit at the exported date ([`notes_at`]).
    notes: &'a HashMap<&'a str, Vec<&'a str>>,
    vi: bool,
}

/// What writing the body gave besides the XML.
#[derive(Default)]
struct Written {
    used: HashSet<String>,
    warnings: Vec<String>,
    /// The publisher's notes, in document order, for `<meta><notes>`.
    notes: Vec<WrittenNote>,
}

struct WrittenNote {
    /// `{provision eId}__sitenote_{n}`.
    eid: String,
    provision: String,
    address: String,
    text: String,
}

/// The `<note>` eId suffix and the class of `<note>` and `<noteRef>`: a publisher's
/// (site's) editorial note, not law. `sitenote` is no address token, so the eId cannot be a unit's.
const NOTE_CLASS: &str = "publisherNote";
/// The `<TLCOrganization>` the notes' `source` names.
const PUBLISHER: &str = "publisher";

/// Deeper than this, units are written flat under the last level (no stack overflow on a cycle
/// or an absurd depth; a document has fewer than 20 levels).
const MAX_DEPTH: usize = 64;

impl Tree<'_> {
    fn write(&self, w: &mut xml::Writer, u: &StoredUnit, out: &mut Written, depth: usize) {
        let dropped = w.dropped;
        let token = u
            .canonical_address
            .rsplit('/')
            .next()
            .and_then(|s| s.split_once('-'))
            .map_or(u.section_type.as_str(), |(t, _)| t);
        let name = akn_name(token);
        let mut eid = self
            .eids
            .get(u.id.as_str())
            .cloned()
            .unwrap_or_else(|| "unit".into());
        if out.used.contains(&eid) {
            // Two live units at one address cannot happen in a consistent ledger; keep the file valid anyway.
            let base = eid.clone();
            let mut n = 2;
            while out.used.contains(&eid) {
                eid = format!("{base}-dup{n}");
                n += 1;
            }
            out.warnings.push(format!(
                "{}: another unit has the same address; written with eId {eid}",
                u.canonical_address
            ));
        }
        out.used.insert(eid.clone());
        let wid = self.wids.get(&u.id).cloned().unwrap_or_else(|| eid.clone());
        let mut attrs: Vec<(&str, &str)> = Vec::new();
        if let Some(n) = name.name {
            attrs.push(("name", n));
        }
        attrs.push(("eId", &eid));
        attrs.push(("wId", &wid));
        w.open(name.element, &attrs);

        // The unit's notes: one <noteRef> each, after its number (else its heading, else its
        // own text), never inside the words of the law.
        let refs: Vec<String> = self
            .notes
            .get(u.id.as_str())
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, text)| {
                let note = format!("{eid}__sitenote_{}", i + 1);
                out.notes.push(WrittenNote {
                    eid: note.clone(),
                    provision: eid.clone(),
                    address: u.canonical_address.clone(),
                    text: (*text).to_owned(),
                });
                format!("#{note}")
            })
            .collect();
        let note_refs: Vec<[(&str, &str); 2]> = refs
            .iter()
            .map(|href| [("href", href.as_str()), ("class", NOTE_CLASS)])
            .collect();
        let mut pending: &[[(&str, &str); 2]] = &note_refs;

        let num = num_text(
            self.types.get(u.section_type.as_str()).copied(),
            &u.ordinal,
            self.vi,
        );
        if !num.is_empty() {
            w.text_then("num", &num, "noteRef", std::mem::take(&mut pending));
        }
        if let Some(h) = u.heading.as_deref().filter(|h| !h.trim().is_empty()) {
            w.text_then("heading", h, "noteRef", std::mem::take(&mut pending));
        }
        let kids = self
            .children
            .get(&Some(u.id.as_str()))
            .filter(|k| depth < MAX_DEPTH && !k.is_empty());
        let lines: Vec<&str> = u
            .body
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        // The unit's own text, one <p> a line; the notes not placed yet end the last one.
        let paragraphs = |w: &mut xml::Writer, pending: &[[(&str, &str); 2]]| {
            let last = lines.len().saturating_sub(1);
            for (i, l) in lines.iter().enumerate() {
                let refs = if i == last { pending } else { &[] };
                w.text_then("p", l, "noteRef", refs);
            }
            if lines.is_empty() {
                w.text_then("p", "", "noteRef", pending);
            }
        };
        match kids {
            Some(kids) => {
                if !lines.is_empty() || !pending.is_empty() {
                    w.open("intro", &[]);
                    paragraphs(w, pending);
                    w.close("intro");
                }
                self.warn_dropped(w, u, dropped, &mut out.warnings);
                for k in kids {
                    self.write(w, k, out, depth + 1);
                }
            }
            None => {
                w.open("content", &[]);
                paragraphs(w, pending);
                w.close("content");
                self.warn_dropped(w, u, dropped, &mut out.warnings);
            }
        }
        w.close(name.element);
    }

    /// Names the unit in `warnings` when its own text (not its children's) lost characters.
    fn warn_dropped(
        &self,
        w: &mut xml::Writer,
        u: &StoredUnit,
        before: usize,
        warnings: &mut Vec<String>,
    ) {
        let own = w.dropped - before;
        if own > 0 {
            warnings.push(format!(
                "{}: {own} character(s) XML 1.0 forbids were dropped from its text",
                u.canonical_address
            ));
            w.reported += own;
        }
    }
}

/// Each unit's publisher's notes at `at`: those of the unit's latest block (in ledger order,
/// among the change sets in force at `at`, as [`document_at`] reads them) that carried any —
/// the rule of the Ledger timeline (`governance/site-notes.ts`): a re-cut that leaves a unit
/// as it was writes no block for it, and an amendment's block carries no notes, so the last
/// notes printed on the unit stay its notes. A note printed twice on one unit (a crawl that
/// broke the line) is one note. Blocks whose entry wrote no ledger row for the unit (a
/// manifest never cut, a disowned one) count for nothing.
fn notes_at<'a>(
    rows: &'a [LedgerImage],
    blocks: &'a [BlockNotes],
    at: Timestamp,
) -> Result<HashMap<&'a str, Vec<&'a str>>, AknError> {
    if blocks.is_empty() {
        return Ok(HashMap::new());
    }
    let by_block: HashMap<(&str, &str), &BlockNotes> = blocks
        .iter()
        .filter(|b| !b.notes.is_empty())
        .map(|b| ((b.entry.as_str(), b.unit_id.as_str()), b))
        .collect();
    let mut latest: HashMap<&str, (u64, &BlockNotes)> = HashMap::new();
    for row in rows {
        let Some(block) = by_block.get(&(row.entry.as_str(), row.unit_id.as_str())) else {
            continue;
        };
        if instant("effective_from", &row.effective_from)? > at {
            continue;
        }
        let slot = latest
            .entry(row.unit_id.as_str())
            .or_insert((row.ledger_seq, block));
        if row.ledger_seq >= slot.0 {
            *slot = (row.ledger_seq, block);
        }
    }
    Ok(latest
        .into_iter()
        .map(|(unit, (_, block))| {
            let mut notes: Vec<&str> = Vec::new();
            for n in &block.notes {
                let n = n.trim();
                if !n.is_empty() && !notes.contains(&n) {
                    notes.push(n);
                }
            }
            (unit, notes)
        })
        .filter(|(_, notes)| !notes.is_empty())
        .collect())
}

/// `country` as given (checked), else the vocabulary's.
fn country(given: Option<&str>, vocabulary: &str, document: &str) -> Result<String, AknError> {
    if let Some(c) = given.map(str::trim).filter(|c| !c.is_empty()) {
        let lower = c.to_ascii_lowercase();
        if lower.len() == 2 && lower.bytes().all(|b| b.is_ascii_lowercase()) {
            return Ok(lower);
        }
        return Err(AknError::BadCountry { value: c.into() });
    }
    match vocabulary {
        "vi" => Ok("vn".into()),
        "us" => Ok("us".into()),
        "uk" => Ok("gb".into()),
        _ => Err(AknError::UnknownCountry {
            document: document.into(),
            vocabulary: vocabulary.into(),
        }),
    }
}

/// ISO 639-2 (bibliographic/terminology agree for these) of an ISO 639-1 code; a code that is
/// already three letters stays.
fn iso639_2(language: &str) -> &str {
    match language {
        "vi" => "vie",
        "en" => "eng",
        "fr" => "fra",
        "de" => "deu",
        "zh" => "zho",
        other => other,
    }
}

/// The first run of exactly four digits (`22/2023/QH15` → `2023`, `2025-07-01` → `2025`).
fn year_of(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                return s.get(start..i).map(str::to_owned);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// The date of an RFC 3339 value as written (its own offset): `2025-01-01T00:00:00+07:00` → `2025-01-01`.
fn date_part(s: &str) -> String {
    s.get(..10).unwrap_or(s).to_owned()
}

fn textual_mod(kind: &str) -> Option<&'static str> {
    match kind {
        "replace" | "replace-phrase" => Some("substitution"),
        "insert" | "insert-phrase" => Some("insertion"),
        "repeal" | "repeal-phrase" => Some("repeal"),
        _ => None,
    }
}

/// An alias window bound: RFC 3339 text, epoch milliseconds, or null (open).
fn alias_instant(v: &Value) -> Option<Timestamp> {
    match v {
        Value::String(s) => instant("alias", s).ok(),
        Value::Number(n) => n.as_i64().map(Timestamp),
        _ => None,
    }
}

fn first_seq_by_change_set(rows: &[LedgerImage]) -> HashMap<&str, u64> {
    let mut out: HashMap<&str, u64> = HashMap::new();
    for r in rows {
        let e = out.entry(r.change_set.as_str()).or_insert(r.ledger_seq);
        *e = (*e).min(r.ledger_seq);
    }
    out
}

/// Change sets whose every row (`confirm` aside) retired a unit.
fn retire_only_change_sets(rows: &[LedgerImage]) -> HashSet<&str> {
    let mut seen: HashMap<&str, bool> = HashMap::new();
    for r in rows.iter().filter(|r| r.action != "confirm") {
        let only = seen.entry(r.change_set.as_str()).or_insert(true);
        *only &= r.action == "retire";
    }
    seen.into_iter()
        .filter(|(_, only)| *only)
        .map(|(cs, _)| cs)
        .collect()
}

/// Every unit's `wId`: the `eId` of its first address, the n-th unit (in creation order) to
/// start at an address suffixed `-{n}`.
fn wids(rows: &[LedgerImage]) -> HashMap<String, String> {
    let mut first: HashMap<&str, (u64, &str)> = HashMap::new();
    for r in rows {
        let Some(after) = &r.after_image else {
            continue;
        };
        let slot = first
            .entry(r.unit_id.as_str())
            .or_insert((r.ledger_seq, after.canonical_address.as_str()));
        if r.ledger_seq < slot.0 {
            *slot = (r.ledger_seq, after.canonical_address.as_str());
        }
    }
    let mut order: Vec<(u64, &str, &str)> = first
        .into_iter()
        .map(|(unit, (seq, address))| (seq, unit, address))
        .collect();
    order.sort_unstable();
    let mut count: HashMap<String, usize> = HashMap::new();
    let mut out = HashMap::new();
    for (_, unit, address) in order {
        let base = eid_of_address(address).unwrap_or_else(|| "unit".into());
        let n = count.entry(base.clone()).or_insert(0);
        *n += 1;
        let wid = if *n == 1 { base } else { format!("{base}-{n}") };
        out.insert(unit.to_owned(), wid);
    }
    out
}
