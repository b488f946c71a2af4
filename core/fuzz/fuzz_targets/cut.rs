//! The segmenter never panics; whatever it returns is a well-formed tree of
//! unique, valid, derivable addresses in document order.
#![no_main]

use std::collections::HashSet;

use iu_cutter_core::read::cut;
use iu_cutter_core::text::{address, vocabulary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // First byte picks the vocabulary, so both layouts get fuzzed.
    let (language, rest) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => ("en", rest),
        Some((_, rest)) => ("vi", rest),
        None => ("vi", data),
    };
    let text = String::from_utf8_lossy(rest);
    let Some(vocab) = vocabulary::default_vocabulary(language) else {
        return;
    };
    let result = cut::cut(&text, "45/2019/QH14", vocab);
    let mut seen = HashSet::new();
    for (i, unit) in result.units.iter().enumerate() {
        assert!(address::validate(&unit.canonical_address).is_ok());
        assert!(
            seen.insert(unit.canonical_address.as_str()),
            "duplicate {}",
            unit.canonical_address
        );
        assert_eq!(unit.position as usize, i + 1);
        if let Some(p) = unit.parent {
            assert!(p < i, "parent after child");
        }
    }
});
