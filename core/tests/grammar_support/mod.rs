//! Support for `address_grammar.rs`: an ABNF generator and matcher, and readers for the
//! fenced blocks and tables of `docs/ADDRESS-GRAMMAR.md`.

pub mod abnf_engine;
pub mod markdown;
