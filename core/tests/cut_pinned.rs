//! The cut's output pinned byte for byte: a sha256 of the serialized `Cut` and `Frame`
//! (units, content hashes, diagnostics, preamble, closing, notes) of the benchmark acts,
//! real texts and messy inputs, computed before the cut was optimised (issue 17). A speed-up
//! must leave every one of them unchanged. `PIN_PRINT=1 cargo test --test cut_pinned -- --nocapture`
//! prints the current digests.

mod cut_common;

use cut_common::fixture;
use iu_cutter_core::cut::cut_with_frame;
use iu_cutter_core::hash::sha256_hex;
use iu_cutter_core::sample::{generated_act, generated_act_en};
use iu_cutter_core::vocabulary::default_vocabulary;
use unicode_normalization::UnicodeNormalization;

fn digest(text: &str, doc_code: &str, vocabulary: &str) -> String {
    let v = default_vocabulary(vocabulary).expect("the vocabulary ships");
    let (cut, frame) = cut_with_frame(text, doc_code, v);
    let json = serde_json::to_string(&(&cut, &frame)).expect("a cut serializes");
    if std::env::var_os("PIN_PRINT").is_some() {
        println!(
            "  {} units, {} diagnostics, {} bytes",
            cut.units.len(),
            cut.diagnostics.len(),
            json.len()
        );
    }
    sha256_hex(&json)
}

fn check(name: &str, text: &str, doc_code: &str, vocabulary: &str, pinned: &str) {
    let got = digest(text, doc_code, vocabulary);
    if std::env::var_os("PIN_PRINT").is_some() {
        println!("{name}: {got}");
        return;
    }
    assert_eq!(got, pinned, "the cut of {name} changed");
}

#[test]
fn the_benchmark_act_cuts_as_pinned() {
    check(
        "generated_act(10, 50, 3, 3)",
        &generated_act(10, 50, 3, 3),
        "45/2019/QH14",
        "vi",
        "ca098dd4a3bbb25e4ed0fe8cce6b8adce1032e12a1cd4ab813597a1fd138b70f",
    );
    check(
        "generated_act_en(5, 20, 3, 2)",
        &generated_act_en(5, 20, 3, 2),
        "Public Law 99-1",
        "en",
        "834d21786bbe21614e2e70f8303313bbfe5f1672dc3848a645f130a49f1700a7",
    );
    // Read with another vocabulary: hundreds of diagnostics.
    check(
        "generated_act_en(5, 20, 3, 2) as us",
        &generated_act_en(5, 20, 3, 2),
        "Public Law 99-1",
        "us",
        "236b3b2bbdfa0b8095eb5d7e9acdd4c368eeba96abc992edd2d0434581754070",
    );
}

#[test]
fn real_texts_cut_as_pinned() {
    for (name, doc, pinned, pinned_nfd) in [
        (
            "luat-57-2024-qh15",
            "57/2024/QH15",
            "a01552ca1df9caf53ef08bfcd0e553e4efc6f5a7a2c4844a6da2188c55cec1d7",
            "4e6901e7c9bd8f705c1bef0612773c8fb3e7cdfe159725a113a4cc41578cd762",
        ),
        (
            "nd-214-2025-nd-cp",
            "214/2025/NĐ-CP",
            "cd858db349b855d085b67e97ea27e04a26dcdeea1c39740207b4a8d3c9533b14",
            "f6c9fc225597c8a4e9663b5e06951253560b7315677f93eb7293f86bb25ea0a1",
        ),
    ] {
        let text = fixture(&format!("vi-real/{name}/text.txt"));
        check(name, &text, doc, "vi", pinned);
        // The same text in NFD with CRLF line ends and a BOM: every location maps back.
        let nfd: String = format!(
            "\u{FEFF}{}",
            text.nfd().collect::<String>().replace('\n', "\r\n")
        );
        check(
            &format!("{name} (NFD, CRLF, BOM)"),
            &nfd,
            doc,
            "vi",
            pinned_nfd,
        );
    }
    for (name, doc, pinned) in [
        (
            "amend/luat-22-2023-qh15/amending.txt",
            "57/2024/QH15",
            "854c258da1a39921db501aab842375f89f0bb958400a2440363c5a4ec2dbc02e",
        ),
        (
            "amend/nd-75-2021-nd-cp/consolidated.txt",
            "75/2021/NĐ-CP",
            "e348afdfea2d90a860c89b4fb86ec9ad0b55c91ee531e9affdac96914cc5f903",
        ),
        (
            "luat-45-2019-qh14-excerpt.txt",
            "45/2019/QH14",
            "4f6a08ce37cbc27ac8d24f705160b44f7c817d07aafd612b1e6b85b01ee10825",
        ),
    ] {
        check(name, &fixture(name), doc, "vi", pinned);
    }
    check(
        "cyber-security-act-excerpt.txt",
        &fixture("cyber-security-act-excerpt.txt"),
        "Cybersecurity Act 2015",
        "us",
        "f77b9ae4997a5d09da2d1707dc538df922ef1112280dcd0f29c75b984bc85281",
    );
    for (name, pinned) in [
        (
            "uk-ukpga-2000-32",
            "98adbc4cdb7041c387342a5c86d24e864d2fda23e781884cde2bd44273096f16",
        ),
        (
            "uk-ukpga-2002-16",
            "831f838cc4082ecdf713afc1620d6d986b0e111df6d5aa36834f934b63f657e0",
        ),
        (
            "us-plaw-114-190",
            "9b75b27e7e5906ff7fef24876454d5dae124b34b02b09488d24f2cb1e477a9d7",
        ),
        (
            "us-usc-title-01",
            "8b003cb3197334de07fb8dd2b11f6bf8134058c7e80e447f7882a7365f543ed0",
        ),
        (
            "za-constitution-1996",
            "d7cf88c86f2b2893d22aeea3065827e96c2980d9a21d1333a68347661d4b0413",
        ),
    ] {
        let expected: serde_json::Value =
            serde_json::from_str(&fixture(&format!("legislation/{name}/expected.json")))
                .expect("expected.json");
        let vocabulary = expected["vocabulary"].as_str().expect("vocabulary");
        let doc = expected["doc_code"].as_str().expect("doc_code");
        let text = fixture(&format!("legislation/{name}/text.txt"));
        check(name, &text, doc, vocabulary, pinned);
    }
}

// Messy inputs: notes, glued headings, run-on provisions, quotations, duplicates, gaps,
// orphans, unknown headings, tables of contents, signature blocks.
const MESSY: &[&str] = &[
    "Điều 1. Phạm vi\n[1]\n1. Luật này quy định.\n",
    "Điều 1. Giải thích từ ngữ\n1. Người lao động.\n  [Bãi bỏ]\n2. Người sử dụng lao động.\n",
    "Điều 1. A\n[Điều này được sửa đổi bởi khoản 2 Điều 1 Luật số 28/2018/QH14]\nĐiều 2. B\n",
    "Điều 1. A\n1. x.[1]\n[1] Khoản này được sửa đổi, bổ sung theo quy định tại khoản 1 Điều 1 Luật số 28/2018/QH14.\n",
    "Điều 1. A\n1. Nội dung [Khoản này được bổ sung bởi Luật số 28/2018/QH14].\n",
    "Điều 1. Giải thích từ ngữ [Điều này được sửa đổi bởi Luật số 28/2018/QH14]\n1. x\n",
    "Điều 1. Nguyên tắc\nTuân thủ theo quy định của pháp luật. Điều 2. Giải thích từ ngữ\n1. x\n",
    "Chương I\nĐiều 1. A\nNội dung; Chương II NHỮNG QUY ĐỊNH KHÁC\nĐiều 2. B\n",
    "Điều 1. A\nx. Điều 2. B\ny: Điều 3. C\n",
    "Điều 1. A\nThực hiện theo Điều 2. Người lao động được hưởng.\nĐiều 2. B\n",
    "Điều 1. A\nNhư đã nêu. Điều 9. Người lao động được hưởng.\nĐiều 2. B\n",
    "Điều 1. A\nNhư đã nêu. Điều 2. người lao động.\nĐiều 2. B\n",
    "Điều 1. A\n1. Sửa như sau: “x. Điều 2. B”\nĐiều 2. C\n",
    "Điều 1. A\n1. Gồm:\na) Người lao động; b) Người sử dụng lao động.\n",
    "Điều 1. A\na) x;\nb) y và z; c) w;\nd) v.\n",
    "Điều 1. A\na) x; theo quy định; d) là điểm khác.\n",
    "Điều 1. A\n1. Nội dung một. 2. Nội dung hai.\n",
    "Điều 1. A\n1. Mức phạt 1.000.000 đồng. 5. Người khác; 2. người thứ hai.\n",
    "Điều 1. Sửa đổi\n1. Điều 5 được sửa đổi, bổ sung như sau:\n“Điều 5. Phạm vi\n1. Nội dung mới\na) điểm mới\n2. Khoản mới.\n2. Bổ sung Điều 6a vào sau Điều 6 như sau:\n“Điều 6a. Quy định mới\nNội dung.\nĐiều 2. Hiệu lực\n",
    "Điều 1. A\n1. Thay cụm từ “x bằng y.\n2. Bổ sung khoản 3.\n",
    "LUẬT\nCăn cứ Hiến pháp;\nPHẦN THỨ NHẤT\nNHỮNG QUY ĐỊNH CHUNG\nChương I\nPHẠM VI\nMục 1\nĐiều 1. A\n1. x\nđ) sai\na) một\nb) hai\nb) hai lần\n3. ba\n- 2 -\nTrang 3\nĐiều 1. Lặp\n1. y\nĐiều 3. Nhảy\nĐiều\nChapitre 3\nĐiều 5[2]. Chú thích\n\"ngoặc thẳng\nĐiều 6. Sáu\nTM. QUỐC HỘI\nCHỦ TỊCH\n1. không phải khoản\n",
    "Điều 1. A\n\n\n   \nĐIỀU 2. B\nÐiều 3. C\nChương 1.\nĐiều 4: D\nĐiều 5 của Luật này\nMỤC 1.\nĐiều 6. E\nx\r\ny\rz\n",
];

#[test]
fn messy_inputs_cut_as_pinned() {
    let mut all = String::new();
    for text in MESSY {
        all.push_str(&digest(text, "45/2019/QH14", "vi"));
    }
    let got = sha256_hex(&all);
    if std::env::var_os("PIN_PRINT").is_some() {
        println!("messy: {got}");
        return;
    }
    assert_eq!(
        got, "4dfcbb7035807a4083fe312ef9ca18897d5c1f984fbced1c683ec1443eba2c4a",
        "the cut of a messy input changed"
    );
}
