//! Real Vietnamese legal texts as extracted from public sources (see `fixtures/vi-real/SOURCE.md`):
//! article counts established independently, sample addresses, nothing cut from quotations,
//! and only the expected diagnostics.

use crate::cut_common;

use std::collections::BTreeMap;
use std::time::Instant;

use cut_common::{fixture, well_formed};
use iu_cutter_core::default_vocabulary;
use iu_cutter_core::read::cut::{cut, Cut};

struct Expect {
    dir: &'static str,
    doc: &'static str,
    articles: usize,
    // (path, heading starts with)
    samples: &'static [(&'static str, &'static str)],
    // Addresses that would only exist if quoted provisions were cut as units of this document.
    absent: &'static [&'static str],
    codes: &'static [&'static str],
}

fn run(e: &Expect) -> Cut {
    let text = fixture(&format!("vi-real/{}/text.txt", e.dir));
    let v = default_vocabulary("vi").expect("vi ships");
    let started = Instant::now();
    let result = cut(&text, e.doc, v);
    let took = started.elapsed();
    if let Err(err) = well_formed(&result, v) {
        panic!("{}: {err}", e.dir);
    }
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for u in &result.units {
        *kinds.entry(u.section_type.as_str()).or_default() += 1;
    }
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &result.diagnostics {
        *codes.entry(d.code).or_default() += 1;
    }
    eprintln!(
        "{:<28} {:>8} bytes  units {:>5}  {:?}  diagnostics {:?}  cut {:.2} ms",
        e.dir,
        text.len(),
        result.units.len(),
        kinds,
        codes,
        took.as_secs_f64() * 1e3
    );
    for d in &result.diagnostics {
        eprintln!("    {} {}:{} {}", d.code, d.line, d.column, d.message);
    }
    result
}

fn check(e: &Expect) -> Cut {
    let result = run(e);
    let articles = result
        .units
        .iter()
        .filter(|u| u.section_type == "dieu")
        .count();
    assert_eq!(articles, e.articles, "{}: articles", e.dir);
    for (path, heading) in e.samples {
        let address = format!("{}/{path}", result.doc);
        let unit = result
            .units
            .iter()
            .find(|u| u.canonical_address == address)
            .unwrap_or_else(|| panic!("{}: no {address}", e.dir));
        let h = unit.heading.as_deref().unwrap_or_default();
        assert!(h.starts_with(heading), "{address}: heading {h:?}");
    }
    for path in e.absent {
        let address = format!("{}/{path}", result.doc);
        assert!(
            !result.units.iter().any(|u| u.canonical_address == address),
            "{}: {address} was cut from a quotation",
            e.dir
        );
    }
    for d in &result.diagnostics {
        assert!(
            e.codes.contains(&d.code),
            "{}: unexpected {} at {}:{}: {}",
            e.dir,
            d.code,
            d.line,
            d.column,
            d.message
        );
    }
    result
}

#[test]
fn decree_214_2025_nd_cp() {
    let result = check(&Expect {
        dir: "nd-214-2025-nd-cp",
        doc: "214/2025/NĐ-CP",
        articles: 146,
        samples: &[
            ("dieu-1", "Phạm vi điều chỉnh"),
            ("chuong-1", "NHỮNG QUY ĐỊNH CHUNG"),
            ("dieu-13", "Nguyên tắc áp dụng hình thức lựa chọn nhà thầu"),
            (
                "dieu-143",
                "Sửa đổi, bổ sung một số điều của Nghị định số 32/2019",
            ),
            ("dieu-146", "Trách nhiệm thi hành"),
        ],
        // Điều 143 quotes Điều 13a, 16, 18a and 21 of Decree 32/2019/NĐ-CP.
        absent: &["dieu-13a", "dieu-18a"],
        // `[đã ký]` under the signature: the publisher's note that the original is signed.
        codes: &["editorial-note"],
    });
    let count = |kind: &str| {
        result
            .units
            .iter()
            .filter(|u| u.section_type == kind)
            .count()
    };
    // Chương I–XIV and 19 `Mục N` lines in the text (see SOURCE.md).
    assert_eq!((count("chuong"), count("muc")), (14, 19));
    assert_eq!(result.diagnostics.len(), 1);
    assert_eq!(
        (result.diagnostics[0].line, result.diagnostics[0].column),
        (7141, 1)
    );
}

#[test]
fn amending_law_57_2024_qh15() {
    let result = check(&Expect {
        dir: "luat-57-2024-qh15",
        doc: "57/2024/QH15",
        articles: 6,
        samples: &[
            ("dieu-1", "Sửa đổi, bổ sung một số điều của Luật Quy hoạch"),
            ("dieu-5", "Điều khoản thi hành"),
            ("dieu-6", "Quy định chuyển tiếp"),
        ],
        absent: &[
            "dieu-9", "dieu-45", "dieu-54a", "dieu-18a", "dieu-34a", "dieu-86",
        ],
        // Line 1117 closes its quotation with `’’` instead of `”`: closed at the next instruction.
        codes: &["unclosed-quote"],
    });
    let at: Vec<(u32, u32)> = result
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column))
        .collect();
    assert_eq!(at, [(1117, 1)]);
    let clause = |path: &str| {
        let address = format!("{}/{path}", result.doc);
        result
            .units
            .iter()
            .find(|u| u.canonical_address == address)
            .map(|u| u.body.clone())
    };
    let k11 = clause("dieu-4/khoan-11").expect("clause 11 of Điều 4");
    assert!(
        k11.ends_with("“3. Lựa chọn nhà đầu tư trong trường hợp đặc biệt.’’."),
        "{k11}"
    );
    let k12 = clause("dieu-4/khoan-12").expect("clause 12 of Điều 4");
    assert!(
        k12.starts_with("Bổ sung Điều 34a vào sau Điều 34 như sau:\n“Điều 34a."),
        "{k12}"
    );
}
