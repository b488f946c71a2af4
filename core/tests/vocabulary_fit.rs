//! Which vocabulary fits a text: real laws, each under a vocabulary that does not fit it,
//! and the suggestion the preview shows (see `iu_cutter_core::read::vocabulary_fit`).

use iu_cutter_core::read::cut::cut;
use iu_cutter_core::read::vocabulary_fit::{suggest, CutScore, VocabularyFit};
use iu_cutter_core::{default_vocabularies, default_vocabulary};

const US_LAW: &str = "legislation/us-plaw-114-190/text.txt";
const UK_ACT: &str = "legislation/uk-ukpga-2002-16/text.txt";
const ZA_CONSTITUTION: &str = "legislation/za-constitution-1996/text.txt";
const VI_LAW: &str = "luat-45-2019-qh14-excerpt.txt";

/// Lines `from..=to` (1-based) of a fixture, joined.
fn excerpt(path: &str, ranges: &[(usize, usize)]) -> String {
    let all: Vec<String> = fixture(path).lines().map(str::to_string).collect();
    ranges
        .iter()
        .flat_map(|&(a, b)| all[a - 1..b].to_vec())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn suggestion(path: &str, doc_code: &str, current: &str) -> Option<VocabularyFit> {
    let text = fixture(path);
    let vocabulary = default_vocabulary(current).unwrap();
    let cut = cut(&text, doc_code, vocabulary);
    suggest(&text, doc_code, vocabulary, &cut, default_vocabularies())
}

#[test]
fn a_us_public_law_under_en_suggests_us() {
    let s = suggestion(US_LAW, "Public Law 114-190", "en").expect("a suggestion");
    assert_eq!(s.vocabulary, "us");
    assert_eq!(s.name, "US federal statutes and the United States Code");
    assert!(s.units >= 2 * s.current.units && s.units > 200, "{s:?}");
    assert!(s.errors < s.current.errors, "{s:?}");
}

#[test]
fn a_small_us_excerpt_under_en_suggests_us_because_it_can_be_planned() {
    // Sec. 1 (a) and (b), sec. 2, title I, subtitle A, secs. 1101-1103 of Public Law 114-190.
    let text = excerpt(US_LAW, &[(1, 6), (103, 127)]);
    let en = default_vocabulary("en").unwrap();
    let cut = cut(&text, "Public Law 114-190", en);
    let s = suggest(
        &text,
        "Public Law 114-190",
        en,
        &cut,
        default_vocabularies(),
    )
    .expect("a suggestion");
    assert_eq!(s.vocabulary, "us");
    assert_eq!((s.units, s.errors), (25, 0), "{s:?}");
    assert!(s.current.errors > 0 && s.current.units < s.units, "{s:?}");
}

#[test]
fn a_us_public_law_under_vi_suggests_us() {
    let s = suggestion(US_LAW, "Public Law 114-190", "vi").expect("a suggestion");
    assert_eq!(s.vocabulary, "us");
    assert_eq!(s.current.units, 0);
}

#[test]
fn a_uk_act_under_en_suggests_uk() {
    let s = suggestion(UK_ACT, "2002 c. 16", "en").expect("a suggestion");
    assert_eq!(
        (s.vocabulary.as_str(), s.name.as_str()),
        ("uk", "UK Acts and statutory instruments")
    );
    assert!(s.units > 200 && s.current.units < 10, "{s:?}");
}

#[test]
fn the_south_african_constitution_under_en_suggests_commonwealth() {
    let s = suggestion(ZA_CONSTITUTION, "Constitution of South Africa 1996", "en")
        .expect("a suggestion");
    assert_eq!(s.vocabulary, "commonwealth");
    assert!(s.units > 1000, "{s:?}");
}

#[test]
fn a_vietnamese_law_under_vi_suggests_nothing_and_costs_no_other_cut() {
    let text = fixture(VI_LAW);
    let vi = default_vocabulary("vi").unwrap();
    let cut = cut(&text, "45/2019/QH14", vi);
    // Cheap: the current cut alone decides that no other vocabulary is tried.
    assert!(
        !CutScore::of(&cut).finds_few_units(),
        "{:?}",
        CutScore::of(&cut)
    );
    assert_eq!(
        suggest(&text, "45/2019/QH14", vi, &cut, default_vocabularies()),
        None
    );
}

#[test]
fn each_law_under_its_own_vocabulary_suggests_nothing() {
    for (path, code, id) in [
        (US_LAW, "Public Law 114-190", "us"),
        (UK_ACT, "2002 c. 16", "uk"),
        (ZA_CONSTITUTION, "ZA 1996", "commonwealth"),
    ] {
        assert_eq!(suggestion(path, code, id), None, "{path} under {id}");
    }
}

#[test]
fn a_vietnamese_law_under_en_suggests_vi() {
    let s = suggestion(VI_LAW, "45/2019/QH14", "en").expect("a suggestion");
    assert_eq!(s.vocabulary, "vi");
    assert_eq!(s.current.units, 0);
}

#[test]
fn a_text_without_headings_suggests_nothing() {
    let text =
        "This agreement is made between the parties named below.\nNothing in it is numbered.\n";
    let en = default_vocabulary("en").unwrap();
    let cut = cut(text, "Agreement 1", en);
    assert!(CutScore::of(&cut).finds_few_units());
    assert_eq!(
        suggest(text, "Agreement 1", en, &cut, default_vocabularies()),
        None
    );
}

#[test]
fn fitting_better_needs_twice_the_units_and_a_smaller_share_of_misses() {
    // Misses without error diagnostics (unknown headings): only the "twice the units" rule applies.
    let s = |units, errors| CutScore {
        units,
        errors,
        error_diagnostics: 0,
        no_units: units == 0,
    };
    assert!(s(40, 1).fits_better_than(&s(19, 120)));
    assert!(!s(37, 0).fits_better_than(&s(19, 0)), "not twice the units");
    assert!(
        !s(100, 60).fits_better_than(&s(10, 5)),
        "more misses per unit"
    );
    assert!(
        s(269, 1).fits_better_than(&s(0, 1)),
        "the current cut found nothing"
    );
    assert!(
        !s(5, 1).fits_better_than(&s(0, 0)),
        "misses where the current cut had none"
    );
    assert!(!s(0, 0).fits_better_than(&s(0, 0)));
}

#[test]
fn a_cut_that_can_be_planned_fits_better_than_one_with_errors_and_fewer_units() {
    let s = |units, errors, error_diagnostics| CutScore {
        units,
        errors,
        error_diagnostics,
        no_units: false,
    };
    // A small US excerpt: 25 units and no error under `us`, 15 units and 4 duplicate ordinals under `en`.
    assert!(s(25, 0, 0).fits_better_than(&s(15, 4, 4)));
    assert!(!s(14, 0, 0).fits_better_than(&s(15, 4, 4)), "fewer units");
    assert!(
        !s(25, 1, 1).fits_better_than(&s(15, 4, 4)),
        "errors too, and not twice the units"
    );
    // A Vietnamese law with one typo under `vi`: the others find fewer units.
    assert!(!s(3, 0, 0).fits_better_than(&s(34, 1, 1)));
    assert!(
        s(34, 1, 1).finds_few_units(),
        "an error: worth trying the others"
    );
}
