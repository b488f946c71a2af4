//! `docs/ADDRESS-GRAMMAR.md` is the published grammar of canonical-address-v1; this test holds
//! the document and the code to each other.
//!
//! - The ```abnf block is valid RFC 5234 (parsed by the `abnf` crate) and closed (every rule it
//!   references is defined or an RFC 5234 core rule).
//! - Strings generated from the ABNF are accepted by the parser when they satisfy the prose
//!   constraints, and near misses (a character changed, inserted, deleted, case-flipped …) are
//!   accepted exactly when the ABNF matches them and they satisfy those constraints.
//! - The error-precedence table reproduces the parser's error code and offset on every string tried.
//! - Every example, the normalization table, the error-code table and the vocabulary tables
//!   say what the code and `core/vocabularies/*.json` say.
//!
//! Run with `--nocapture` to see the counts.

use crate::grammar_support;

use iu_cutter_core::Report;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use grammar_support::abnf_engine::{flip_case, Grammar, Rng};
use grammar_support::markdown::{code_span, code_spans, fenced_block, grammar_doc, table};
use iu_cutter_core::text::address::{Part, MAX_DEPTH, MAX_LEN};
use iu_cutter_core::{
    default_vocabularies, normalize_address, parse, validate, AddressError, AddressErrorKind,
};

/// The C1 constraint the ABNF cannot say: at most 255 bytes.
fn within_prose_constraints(s: &str) -> bool {
    s.len() <= MAX_LEN
}

fn grammar() -> Grammar {
    let block = fenced_block(&grammar_doc(), "abnf");
    Grammar::parse(&block).unwrap_or_else(|e| panic!("the ```abnf block of the document: {e}"))
}

#[test]
fn the_abnf_block_is_valid_rfc_5234_and_defines_every_rule_it_uses() {
    let g = grammar();
    assert_eq!(g.start, "address", "the first rule is the start rule");
    let names = g.rule_names();
    for rule in [
        "address",
        "doc-slug",
        "slug-part",
        "segment",
        "token",
        "ordinal",
    ] {
        assert!(names.contains(rule), "the grammar defines '{rule}'");
    }
    println!("ABNF rules: {names:?}");
}

#[test]
fn every_valid_example_parses_round_trips_and_matches_the_abnf() {
    let g = grammar();
    let block = fenced_block(&grammar_doc(), "text valid");
    let examples: Vec<&str> = block.lines().filter(|l| !l.is_empty()).collect();
    assert!(examples.len() >= 20, "the valid block has its examples");
    let mut lengths = BTreeSet::new();
    let mut depths = BTreeSet::new();
    for example in &examples {
        let depth = validate(example).unwrap_or_else(|e| panic!("valid example {example}: {e}"));
        let address = parse(example).unwrap_or_else(|e| panic!("valid example {example}: {e}"));
        assert_eq!(&address.format(), example, "round trip of {example}");
        assert_eq!(address.depth(), depth);
        assert!(
            g.matches(example),
            "the ABNF matches the valid example {example}"
        );
        lengths.insert(example.len());
        depths.insert(depth);
    }
    assert!(
        lengths.contains(&MAX_LEN),
        "an example sits exactly at the length limit"
    );
    assert!(
        depths.contains(&MAX_DEPTH),
        "an example sits exactly at the depth limit"
    );
    println!("valid examples: {} parse and round-trip", examples.len());
}

/// One line of the ```text invalid block: `"json string"  code  offset`.
fn invalid_examples() -> Vec<(String, String, usize)> {
    let block = fenced_block(&grammar_doc(), "text invalid");
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut de = serde_json::Deserializer::from_str(line).into_iter::<String>();
            let input = de
                .next()
                .unwrap_or_else(|| panic!("no JSON string in {line:?}"))
                .unwrap_or_else(|e| panic!("bad JSON string in {line:?}: {e}"));
            let rest = line.get(de.byte_offset()..).unwrap_or_default();
            let fields: Vec<&str> = rest.split_whitespace().collect();
            let [code, offset] = fields.as_slice() else {
                panic!("{line:?}: expected the input, a code and an offset");
            };
            let offset = offset
                .parse()
                .unwrap_or_else(|e| panic!("{line:?}: bad offset: {e}"));
            (input, (*code).to_owned(), offset)
        })
        .collect()
}

#[test]
fn every_invalid_example_fails_with_its_code_and_offset_and_the_abnf_agrees() {
    let g = grammar();
    let examples = invalid_examples();
    let mut codes = BTreeSet::new();
    for (input, code, offset) in &examples {
        let e = validate(input).expect_err(input);
        assert_eq!(
            (e.code(), e.offset),
            (code.as_str(), *offset),
            "invalid example {input:?}"
        );
        assert_eq!(
            parse(input).err(),
            Some(e),
            "parse and validate agree on {input:?}"
        );
        assert!(
            !(g.matches(input) && within_prose_constraints(input)),
            "the ABNF and C1 together reject {input:?}"
        );
        codes.insert(code.as_str());
    }
    assert_eq!(
        codes,
        all_codes(),
        "the invalid examples show every error code"
    );
    println!("invalid examples: {} fail as documented", examples.len());
}

/// Every kind the parser has, one representative each (the payloads do not change the code).
fn all_kinds() -> Vec<AddressErrorKind> {
    use AddressErrorKind as K;
    vec![
        K::Empty,
        K::TooLong { len: 256 },
        K::TooDeep { depth: 9 },
        K::UppercaseLetter { found: 'A' },
        K::NonAscii { found: 'ê' },
        K::InvalidCharacter {
            found: ' ',
            in_part: Part::Doc,
        },
        K::EmptyDocSlug,
        K::LeadingHyphen,
        K::TrailingHyphen,
        K::DoubleHyphen,
        K::EmptySegment,
        K::MissingHyphen,
        K::EmptyToken,
        K::EmptyOrdinal,
        K::ExtraHyphen,
        K::DigitInToken { found: '1' },
    ]
}

fn all_codes() -> BTreeSet<&'static str> {
    all_kinds().iter().map(AddressErrorKind::code).collect()
}

#[test]
fn the_error_code_table_lists_every_code_with_an_example_that_gets_it() {
    let doc = grammar_doc();
    let t = table(&doc, "| code | meaning | example |");
    let mut listed = BTreeSet::new();
    let mut checked = 0;
    for row in &t.rows {
        let code = code_span(&row[0]).unwrap_or_else(|| panic!("code cell {:?}", row[0]));
        assert!(listed.insert(code.to_owned()), "{code} is listed twice");
        // Examples written as one code span are literal inputs ("" is the empty string).
        if let Some(example) = code_span(&row[2]) {
            let input = if example == "\"\"" { "" } else { example };
            let e = validate(input).expect_err(input);
            assert_eq!(e.code(), code, "the example of {code}");
            checked += 1;
        }
    }
    let expected: BTreeSet<String> = all_codes().into_iter().map(String::from).collect();
    assert_eq!(
        listed, expected,
        "the table lists exactly the parser's codes"
    );
    println!(
        "error codes: {} listed, {checked} examples checked",
        listed.len()
    );
}

#[test]
fn every_normalization_example_normalizes_as_the_table_says() {
    let doc = grammar_doc();
    let t = table(&doc, "| input | result |");
    let vocabs = default_vocabularies();
    let (mut ok, mut failed) = (0, 0);
    for row in &t.rows {
        let input = code_span(&row[0]).unwrap_or_else(|| panic!("input cell {:?}", row[0]));
        let result = &row[1];
        let got = normalize_address(vocabs, input);
        if let Some(rest) = result.strip_prefix('✗') {
            // "✗ `code` @ n"
            let code = code_spans(rest)
                .first()
                .copied()
                .unwrap_or_default()
                .to_owned();
            let offset: usize = rest
                .rsplit('@')
                .next()
                .and_then(|n| n.trim().parse().ok())
                .unwrap_or_else(|| panic!("no offset in {result:?}"));
            let e = got.expect_err(input);
            assert_eq!(
                (e.code(), e.offset),
                (code.as_str(), offset),
                "normalizing {input:?}"
            );
            failed += 1;
        } else {
            let want = code_span(result).unwrap_or_else(|| panic!("result cell {result:?}"));
            let n = got.unwrap_or_else(|e| panic!("normalizing {input:?}: {e}"));
            assert_eq!(n.address.format(), want, "normalizing {input:?}");
            assert_eq!(
                n.was_canonical,
                input == want,
                "was_canonical for {input:?}"
            );
            let again = normalize_address(vocabs, want).expect("the result normalizes again");
            assert!(
                again.was_canonical && again.address == n.address,
                "idempotent on {input:?}"
            );
            ok += 1;
        }
    }
    assert!(ok >= 10 && failed >= 10, "the table has both kinds of rows");
    println!("normalization table: {ok} inputs normalize, {failed} fail, as documented");
}

#[test]
fn the_vocabulary_tables_equal_the_shipped_json() {
    let doc = grammar_doc();
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vocabularies");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("core/vocabularies")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut documented: BTreeSet<String> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("#### Vocabulary "))
        .map(|rest| code_span(rest.trim()).unwrap_or_default().to_owned())
        .collect();
    let mut rows = 0;
    for path in &files {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable"))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        let text =
            |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
        let id = json["id"]
            .as_str()
            .unwrap_or(json["language"].as_str().unwrap_or_default());
        assert!(
            documented.remove(id),
            "the document has a table for vocabulary {id} ({file})"
        );
        let heading = format!("#### Vocabulary `{id}`");
        let at = doc.find(&heading).expect("heading found above");
        let intro = format!(
            "{} (`core/vocabularies/{file}`, language `{}`).",
            text(&json, "name"),
            text(&json, "language")
        );
        let section = doc.get(at..).unwrap_or_default();
        let intro_line = section.lines().nth(2).unwrap_or_default();
        assert_eq!(intro_line, intro, "the line under the heading of {id}");
        let t = grammar_support::markdown::table_after(&doc, at, "| code |");
        assert_eq!(
            t.header,
            [
                "code",
                "label",
                "address token",
                "level",
                "ordinal style",
                "citation root",
                "parents",
                "active"
            ],
            "columns of {id}"
        );
        let types = json["section_types"].as_array().expect("section_types");
        let yes_no = |b: &serde_json::Value| {
            if b.as_bool() == Some(true) {
                "yes"
            } else {
                "no"
            }
        };
        let want: Vec<Vec<String>> = types
            .iter()
            .map(|t| {
                let parents: Vec<String> = t["parents"]
                    .as_array()
                    .expect("parents")
                    .iter()
                    .map(|p| format!("`{}`", p.as_str().unwrap_or_default()))
                    .collect();
                vec![
                    format!("`{}`", text(t, "code")),
                    text(t, "label"),
                    format!("`{}`", text(t, "address_token")),
                    t["level"].to_string(),
                    format!("`{}`", text(t, "ordinal_style")),
                    yes_no(&t["citation_root"]).to_owned(),
                    if parents.is_empty() {
                        "—".to_owned()
                    } else {
                        parents.join(", ")
                    },
                    yes_no(&t["active"]).to_owned(),
                ]
            })
            .collect();
        assert_eq!(t.rows, want, "the table of vocabulary {id} equals {file}");
        rows += want.len();
    }
    assert!(
        documented.is_empty(),
        "tables for vocabularies that are not shipped: {documented:?}"
    );
    println!(
        "vocabularies: {} tables, {rows} section types, equal to the JSON",
        files.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Generated strings: the parser accepts exactly the ABNF's language (with C1).

const SEED: u64 = 0x0016_1CE0_AD0D_5EED;
const GENERATED: usize = 4_000;
const MUTANTS_PER_STRING: usize = 3;

/// Characters a mutation may put in: the grammar's own, their uppercase, separators people
/// type by mistake, and non-ASCII look-alikes.
const MUTATION_ALPHABET: &[char] = &[
    'a', 'd', 'z', 'm', '0', '1', '9', '-', '-', '/', '/', 'A', 'Z', 'Q', '_', '.', ' ', '\n',
    '\t', ':', '%', 'đ', 'é', '\u{0302}', '４', 'ı', 'K',
];

fn mutate(s: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..=rng.below(2) {
        let at = rng.below(chars.len() + 1);
        match rng.below(6) {
            0 if at < chars.len() => chars[at] = *rng.pick(MUTATION_ALPHABET),
            1 => chars.insert(at, *rng.pick(MUTATION_ALPHABET)),
            2 if at < chars.len() => {
                chars.remove(at);
            }
            3 => {
                // Flip the case of a letter if there is one.
                let letters: Vec<usize> = (0..chars.len())
                    .filter(|&i| chars[i].is_ascii_alphabetic())
                    .collect();
                if !letters.is_empty() {
                    let i = *rng.pick(&letters);
                    chars[i] = flip_case(chars[i]);
                }
            }
            4 => {
                // Repeat a separator, or the tail from a '/', to reach past the depth limit.
                if let Some(slash) = chars.iter().position(|&c| c == '/') {
                    let tail: Vec<char> = chars[slash..].to_vec();
                    chars.extend(tail);
                } else if at < chars.len() {
                    chars.insert(at, chars[at]);
                }
            }
            _ if at > 0 && at < chars.len() => chars.swap(at - 1, at),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Generated strings plus strings padded to exactly 254, 255 and 256 bytes.
fn generated(g: &Grammar, rng: &mut Rng) -> Vec<String> {
    let sizes = [1, 2, 3, 4, 6, 8, 12, 18];
    let mut out = Vec::with_capacity(GENERATED * 2);
    for _ in 0..GENERATED {
        let size = *rng.pick(&sizes);
        let s = g.generate(rng, size);
        // Every string of the language ends in a slug or ordinal character, so 'a's may extend it.
        if rng.below(4) == 0 && s.len() < MAX_LEN {
            for target in [MAX_LEN - 1, MAX_LEN, MAX_LEN + 1] {
                let padded = format!("{s}{}", "a".repeat(target - s.len()));
                out.push(padded);
            }
        }
        out.push(s);
    }
    out
}

#[test]
fn strings_generated_from_the_abnf_are_accepted_and_near_misses_are_judged_like_the_abnf() {
    let g = grammar();
    let mut rng = Rng::new(SEED);
    let strings = generated(&g, &mut rng);

    let (mut accepted, mut too_long) = (0, 0);
    let mut depths: BTreeMap<usize, usize> = BTreeMap::new();
    for s in &strings {
        if within_prose_constraints(s) {
            // The engine agrees with itself (matching over-long strings too would only cost time).
            assert!(
                g.matches(s),
                "the matcher accepts what the generator made: {s:?}"
            );
            let depth = validate(s).unwrap_or_else(|e| panic!("generated {s:?}: {e}"));
            assert_eq!(
                parse(s).map(|a| a.format()).as_deref(),
                Ok(s.as_str()),
                "round trip"
            );
            *depths.entry(depth).or_default() += 1;
            accepted += 1;
        } else {
            let e = validate(s).expect_err(s);
            assert_eq!(
                (e.code(), e.offset),
                ("too-long", MAX_LEN),
                "generated {s:?}"
            );
            too_long += 1;
        }
    }
    println!(
        "generated from the ABNF: {} strings, {accepted} within 255 bytes all accepted (by depth: {depths:?}), {too_long} longer all too-long",
        strings.len()
    );
    assert!(
        accepted >= 3_000 && too_long >= 100,
        "the generator covers both sides of C1"
    );

    let (mut in_language, mut out_of_language, mut mismatches) = (0, 0, Vec::new());
    let mut codes: BTreeMap<&'static str, usize> = BTreeMap::new();
    for s in &strings {
        for _ in 0..MUTANTS_PER_STRING {
            let m = mutate(s, &mut rng);
            let abnf_says = within_prose_constraints(&m) && g.matches(&m);
            let parser = validate(&m);
            if abnf_says {
                in_language += 1;
            } else {
                out_of_language += 1;
            }
            if let Err(e) = &parser {
                *codes.entry(e.code()).or_default() += 1;
            }
            if abnf_says != parser.is_ok() {
                mismatches.push((m, abnf_says, parser));
            }
        }
    }
    println!(
        "near misses: {} tried, {in_language} in the language (accepted), {out_of_language} outside (rejected); codes seen {codes:?}",
        in_language + out_of_language
    );
    assert!(
        mismatches.is_empty(),
        "{} near misses where the parser and the ABNF disagree, e.g. {:?}",
        mismatches.len(),
        &mismatches[..mismatches.len().min(5)]
    );
    assert!(
        in_language >= 1_000 && out_of_language >= 5_000,
        "mutations land on both sides"
    );
    assert_eq!(
        codes.keys().copied().collect::<BTreeSet<_>>(),
        all_codes(),
        "the near misses reach every error code"
    );
}

// ---------------------------------------------------------------------------------------------
// The error-precedence table: a reader built from the document gives the parser's code and offset.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Class {
    Lower,
    Digit,
    Hyphen,
    Slash,
    End,
}

#[derive(Debug, Clone)]
enum Cell {
    /// Move to the state; with `Some(n)`, a `/` read after n segments is `too-deep` @next.
    Next(String, Option<usize>),
    /// Stop with the code; the offset rule is "", "@prev", "@next" or "@0".
    Error(String, String),
    Valid,
}

fn precedence_table() -> HashMap<(String, Class), Cell> {
    let doc = grammar_doc();
    let t = table(&doc, "| state |");
    assert_eq!(
        t.header,
        ["state", "`a`–`z`", "`0`–`9`", "`-`", "`/`", "end of input"],
        "columns of the error-precedence table"
    );
    let classes = [
        Class::Lower,
        Class::Digit,
        Class::Hyphen,
        Class::Slash,
        Class::End,
    ];
    let mut out = HashMap::new();
    for row in &t.rows {
        let state = code_span(&row[0]).unwrap_or_else(|| panic!("state cell {:?}", row[0]));
        for (class, cell) in classes.iter().zip(&row[1..]) {
            out.insert((state.to_owned(), *class), read_cell(cell));
        }
    }
    out
}

fn read_cell(cell: &str) -> Cell {
    let plain = cell.replace('`', "");
    let words: Vec<&str> = plain.split_whitespace().collect();
    match words.as_slice() {
        ["valid"] => Cell::Valid,
        ["→", state] => Cell::Next((*state).to_owned(), None),
        ["→", state, "(✗", "too-deep", "@next", "after", n, "segments)"] => Cell::Next(
            (*state).to_owned(),
            Some(n.parse().unwrap_or_else(|e| panic!("{cell:?}: {e}"))),
        ),
        ["✗", code] => Cell::Error((*code).to_owned(), String::new()),
        ["✗", code, rule @ ("@prev" | "@next" | "@0")] => {
            Cell::Error((*code).to_owned(), (*rule).to_owned())
        }
        _ => panic!("cannot read the error-precedence cell {cell:?}"),
    }
}

/// `validate` as the document describes it: Ok(depth) or Err((code, offset)).
fn validate_by_table(
    table: &HashMap<(String, Class), Cell>,
    s: &str,
) -> Result<usize, (String, usize)> {
    if s.len() > MAX_LEN {
        return Err(("too-long".into(), MAX_LEN));
    }
    let mut state = "doc-start".to_owned();
    let mut depth = 0;
    let bytes = s.as_bytes();
    for i in 0..=bytes.len() {
        let class = match bytes.get(i) {
            None => Class::End,
            Some(b'a'..=b'z') => Class::Lower,
            Some(b'0'..=b'9') => Class::Digit,
            Some(b'-') => Class::Hyphen,
            Some(b'/') => Class::Slash,
            Some(b'A'..=b'Z') => return Err(("uppercase-letter".into(), i)),
            Some(b) if b.is_ascii() => return Err(("invalid-character".into(), i)),
            Some(_) => return Err(("non-ascii".into(), i)),
        };
        let cell = table
            .get(&(state.clone(), class))
            .unwrap_or_else(|| panic!("the table has no cell for {state} × {class:?}"));
        match cell {
            Cell::Valid => return Ok(depth),
            Cell::Next(next, too_deep) => {
                if class == Class::Slash {
                    if *too_deep == Some(depth) {
                        return Err(("too-deep".into(), i + 1));
                    }
                    depth += 1;
                }
                state.clone_from(next);
            }
            Cell::Error(code, rule) => {
                let offset = match rule.as_str() {
                    "@prev" => i.saturating_sub(1),
                    "@next" => i + 1,
                    "@0" => 0,
                    _ => i,
                };
                return Err((code.clone(), offset));
            }
        }
    }
    unreachable!("the end of input always has a cell")
}

fn as_pair(r: Result<usize, AddressError>) -> Result<usize, (String, usize)> {
    r.map_err(|e| (e.code().to_owned(), e.offset))
}

#[test]
fn the_error_precedence_table_gives_the_parsers_code_and_offset() {
    let table = precedence_table();
    let g = grammar();
    let mut rng = Rng::new(SEED ^ 0xDEC0DE);
    let mut inputs: Vec<String> = generated(&g, &mut rng);
    let near: Vec<String> = inputs.iter().map(|s| mutate(s, &mut rng)).collect();
    inputs.extend(near);
    inputs.extend(invalid_examples().into_iter().map(|(s, _, _)| s));
    // Short random strings over the interesting bytes reach every cell of the table.
    for _ in 0..20_000 {
        let len = rng.below(12);
        inputs.push((0..len).map(|_| *rng.pick(MUTATION_ALPHABET)).collect());
    }
    let mut disagreements = Vec::new();
    let mut codes = BTreeSet::new();
    for s in &inputs {
        let documented = validate_by_table(&table, s);
        let actual = as_pair(validate(s));
        if let Err((code, _)) = &actual {
            codes.insert(code.clone());
        }
        if documented != actual {
            disagreements.push((s.clone(), documented, actual));
        }
    }
    println!(
        "error-precedence table: {} inputs, code and offset as documented; {} distinct codes",
        inputs.len(),
        codes.len()
    );
    assert!(
        disagreements.is_empty(),
        "{} inputs where the table and the parser disagree, e.g. {:?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(5)]
    );
    let want: BTreeSet<String> = all_codes().into_iter().map(String::from).collect();
    assert_eq!(codes, want, "the inputs reach every code");
}
