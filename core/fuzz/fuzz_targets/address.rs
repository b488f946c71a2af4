//! The address parser and the normalizer of human input never panic, and agree with each other.
#![no_main]

use iu_cutter_core::read::normalize;
use iu_cutter_core::text::{address, vocabulary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let validated = address::validate(&text);
    let parsed = address::parse(&text);
    assert_eq!(validated.is_ok(), parsed.is_ok());
    if let Ok(a) = parsed {
        // Round trip: a parsed address formats back to the same bytes.
        assert_eq!(a.to_string(), text);
    }
    let vocabularies = vocabulary::default_vocabularies();
    if let Ok(n) = normalize::normalize_address(vocabularies, &text) {
        // Normalization yields a valid address and is idempotent.
        let again = normalize::normalize_address(vocabularies, &n.address.to_string());
        assert_eq!(again.map(|m| m.address), Ok(n.address));
    }
});
