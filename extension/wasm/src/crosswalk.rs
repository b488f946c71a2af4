//! (being written)
#[allow(unused_imports)]
use wasm_bindgen::prelude::*;
