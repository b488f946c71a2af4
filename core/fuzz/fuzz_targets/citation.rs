//! Finding citations in running text never panics; spans are in order, on char
//! boundaries, and every address found is canonical.
#![no_main]

use iu_cutter_core::read::citations;
use iu_cutter_core::text::{address, vocabulary};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let found = citations::find_citations(
        &text,
        vocabulary::default_vocabularies(),
        Some("45/2019/QH14"),
    );
    let mut end = 0;
    for c in &found {
        assert!(c.span.start >= end && c.span.start <= c.span.end && c.span.end <= text.len());
        assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
        end = c.span.end;
        for a in &c.addresses {
            assert!(address::validate(a).is_ok(), "{a}");
        }
    }
});
