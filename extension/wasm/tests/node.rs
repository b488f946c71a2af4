//! The bindings compiled to wasm32 and run in Node by wasm-bindgen-test-runner.
#![cfg(target_arch = "wasm32")]

#[cfg(feature = "server")]
use iu_cutter_wasm::validate_addresses;
use iu_cutter_wasm::{normalize_address, parse_address};
use js_sys::Reflect;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A params object `{ name: value, … }`, as the exports with several inputs take them.
#[cfg(feature = "server")]
fn params(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        js_sys::Reflect::set(&object, &JsValue::from_str(name), value).expect("a plain object");
    }
    object.into()
}

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

/// Server build only: the browser build leaves the batch exports out.
#[cfg(feature = "server")]
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

/// `openssl genpkey -algorithm ed25519` (test only).
#[cfg(feature = "server")]
const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEICdAvjzCKKUaTuEW65CgmGOeWInepMj22ScZgpvVbPNl
-----END PRIVATE KEY-----
";

#[cfg(feature = "server")]
#[wasm_bindgen_test]
fn a_checkpoint_signed_in_wasm_verifies_and_a_bad_key_is_a_value() {
    let info = iu_cutter_wasm::ledger_key_info(JsValue::from_str(TEST_KEY)).expect("a value");
    assert_eq!(
        get(&info, "key_id").as_string().as_deref(),
        Some("325b8b1c2477ca50")
    );
    let unsigned = format!(
        r#"{{"seq":3,"from_seq":1,"prev_seq":0,"head":"{}","recorded_at":"2025-07-01T09:30:00.000Z"}}"#,
        "ab".repeat(32)
    );
    let signed = iu_cutter_wasm::sign_checkpoint(params(&[
        ("privatePem", JsValue::from_str(TEST_KEY)),
        ("unsigned", JsValue::from_str(&unsigned)),
    ]))
    .expect("a value");
    let checkpoint = get(&signed, "checkpoint");
    let verdict = iu_cutter_wasm::verify_checkpoint(params(&[
        ("publicPems", get(&info, "public_key_pem")),
        ("checkpoint", checkpoint),
    ]))
    .expect("a value");
    assert_eq!(get(&verdict, "valid"), JsValue::TRUE);

    let bad = iu_cutter_wasm::ledger_key_info(JsValue::from_str(
        "-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----",
    ))
    .expect("a value, not an exception");
    assert_eq!(get(&bad, "ok"), JsValue::FALSE);
    assert_eq!(
        get(&get(&bad, "error"), "code").as_string().as_deref(),
        Some("invalid-private-key")
    );
}

#[cfg(feature = "server")]
#[wasm_bindgen_test]
fn an_audit_opened_with_a_bad_key_is_a_value_and_a_good_one_is_an_object() {
    let bad = iu_cutter_wasm::ledger_audit_open(JsValue::from_str(r#"{"public_keys":["nope"]}"#))
        .expect("a value");
    assert_eq!(get(&bad, "ok"), JsValue::FALSE);
    let info = iu_cutter_wasm::ledger_key_info(JsValue::from_str(TEST_KEY)).expect("a value");
    let pem = get(&info, "public_key_pem").as_string().unwrap_or_default();
    let options = format!(
        r#"{{"public_keys":[{}]}}"#,
        js_sys::JSON::stringify(&JsValue::from_str(&pem))
            .map(String::from)
            .unwrap_or_default()
    );
    let opened = iu_cutter_wasm::ledger_audit_open(JsValue::from_str(&options)).expect("a value");
    assert_eq!(get(&opened, "ok"), JsValue::TRUE);
    assert!(get(&opened, "audit").is_object());
}
