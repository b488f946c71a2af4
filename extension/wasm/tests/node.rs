//! The bindings compiled to wasm32 and run in Node by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

use iu_cutter_wasm::{normalize_address, parse_address, validate_addresses};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

#[wasm_bindgen_test]
fn a_valid_address_comes_back_with_its_canonical_form() {
    let v =
        parse_address("45-2019-qh14/dieu-44/khoan-1/diem-dd").expect("a value, not an exception");
    assert_eq!(get(&v, "ok"), JsValue::TRUE);
    assert_eq!(
        get(&v, "canonical").as_string().as_deref(),
        Some("45-2019-qh14/dieu-44/khoan-1/diem-dd")
    );
    assert_eq!(
        get(&v, "parent").as_string().as_deref(),
        Some("45-2019-qh14/dieu-44/khoan-1")
    );
}

#[wasm_bindgen_test]
fn an_invalid_address_is_a_value_with_offset_not_a_trap() {
    let v = parse_address("45-2019-qh14/dieu-44/Khoan-1").expect("a value, not an exception");
    assert_eq!(get(&v, "ok"), JsValue::FALSE);
    let error = get(&v, "error");
    assert_eq!(get(&error, "offset").as_f64(), Some(21.0));
}

#[wasm_bindgen_test]
fn a_batch_reports_only_the_invalid_lines() {
    let v = validate_addresses("a/b-1\nA\na").expect("a value");
    assert_eq!(get(&v, "count").as_f64(), Some(3.0));
    assert_eq!(get(&v, "valid").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn a_citation_normalizes_to_its_address() {
    let v =
        normalize_address("điểm đ khoản 1 Điều 44 Luật số 45/2019/QH14", None).expect("a value");
    assert_eq!(
        get(&v, "canonical").as_string().as_deref(),
        Some("45-2019-qh14/dieu-44/khoan-1/diem-dd")
    );
}
