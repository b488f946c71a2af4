//! Properties of the cut on any input: it never panics, and whatever it returns is a
//! well-formed tree of valid, unique addresses in document order.

use crate::cut_common;

use cut_common::{fixture, well_formed};
use iu_cutter_core::read::cut::cut;
use iu_cutter_core::{default_vocabulary, Vocabulary};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn vi() -> &'static Vocabulary {
    default_vocabulary("vi").expect("vi ships")
}

fn en() -> &'static Vocabulary {
    default_vocabulary("en").expect("en ships")
}

fn law_lines() -> Vec<String> {
    fixture("luat-45-2019-qh14-excerpt.txt")
        .lines()
        .map(String::from)
        .collect()
}

// Pieces that make headings, quotes, furniture and their near misses.
const PIECES: &[&str] = &[
    "Điều ",
    "ĐIỀU ",
    "Dieu ",
    "Chương ",
    "Mục ",
    "Tiểu mục ",
    "Phần thứ ",
    "nhất",
    "hai mươi",
    "IV",
    "XIIII",
    "1",
    "2",
    "10a",
    "007",
    "a",
    "đ",
    "a1",
    "f",
    ".",
    ")",
    "(",
    ":",
    " - ",
    "[2]",
    "“",
    "”",
    "\"",
    "«",
    "»",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\u{FEFF}",
    "\u{0300}",
    "\u{0302}",
    "TM. QUỐC HỘI",
    "(Đã ký)",
    "- 3 -",
    "Trang 2",
    "Section ",
    "PART ",
    "(i)",
    "(h)",
    "(1)",
    "Chapitre ",
    "thông qua",
    "Luật này đã được Quốc hội thông qua",
    "Phạm vi",
    "NHỮNG QUY ĐỊNH",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|p| p.concat())
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Truncate(usize, usize),
    Insert(usize, &'static str),
    Upper(usize),
    Nfd(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let i = 0usize..200;
    prop_oneof![
        i.clone().prop_map(Mutation::Delete),
        i.clone().prop_map(Mutation::Duplicate),
        (i.clone(), i.clone()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (i.clone(), 0usize..40).prop_map(|(a, n)| Mutation::Truncate(a, n)),
        (i.clone(), prop::sample::select(PIECES)).prop_map(|(a, p)| Mutation::Insert(a, p)),
        i.clone().prop_map(Mutation::Upper),
        i.prop_map(Mutation::Nfd),
    ]
}

fn apply(lines: &mut Vec<String>, m: &Mutation) {
    let n = lines.len().max(1);
    match *m {
        Mutation::Delete(a) if !lines.is_empty() => {
            lines.remove(a % n);
        }
        Mutation::Duplicate(a) if !lines.is_empty() => {
            let line = lines[a % n].clone();
            lines.insert(a % n, line);
        }
        Mutation::Swap(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
        Mutation::Truncate(a, k) if !lines.is_empty() => {
            let line = &mut lines[a % n];
            *line = line.chars().take(k).collect();
        }
        Mutation::Insert(a, piece) => {
            let at = a % (lines.len() + 1);
            lines.insert(at, piece.to_owned());
        }
        Mutation::Upper(a) if !lines.is_empty() => {
            let line = &mut lines[a % n];
            *line = line.to_uppercase();
        }
        Mutation::Nfd(a) if !lines.is_empty() => {
            let line = &mut lines[a % n];
            *line = line.nfd().collect();
        }
        _ => {}
    }
}

proptest! {
    #[test]
    fn any_string_cuts_into_a_well_formed_tree(text in any::<String>()) {
        for vocabulary in [vi(), en()] {
            let result = cut(&text, "45/2019/QH14", vocabulary);
            prop_assert!(well_formed(&result, vocabulary).is_ok(), "{:?}", well_formed(&result, vocabulary));
        }
    }

    #[test]
    fn heading_like_noise_cuts_into_a_well_formed_tree(text in pieces()) {
        for vocabulary in [vi(), en()] {
            let result = cut(&text, "45/2019/QH14", vocabulary);
            prop_assert!(well_formed(&result, vocabulary).is_ok(), "{:?}", well_formed(&result, vocabulary));
            for d in &result.diagnostics {
                prop_assert!(d.offset <= text.len());
                prop_assert!(d.line == 0 || text.is_char_boundary(d.offset));
            }
        }
    }

    #[test]
    fn shuffled_fixture_lines_cut_into_a_well_formed_tree(lines in Just(law_lines()).prop_shuffle()) {
        let text = lines.join("\n");
        let result = cut(&text, "45/2019/QH14", vi());
        prop_assert!(well_formed(&result, vi()).is_ok(), "{:?}", well_formed(&result, vi()));
    }

    #[test]
    fn mutated_fixtures_cut_into_a_well_formed_tree(mutations in prop::collection::vec(mutation(), 1..12)) {
        let mut lines = law_lines();
        for m in &mutations {
            apply(&mut lines, m);
        }
        let text = lines.join("\n");
        let result = cut(&text, "45/2019/QH14", vi());
        prop_assert!(well_formed(&result, vi()).is_ok(), "{:?}", well_formed(&result, vi()));
        // The same text in NFD and with CRLF gives the same units (a text with a lone CR already mixes breaks).
        let mut nfd: String = text.nfd().collect();
        if !nfd.contains('\r') {
            nfd = nfd.replace('\n', "\r\n");
        }
        let again = cut(&nfd, "45/2019/QH14", vi());
        prop_assert_eq!(again.units, result.units);
    }
}
