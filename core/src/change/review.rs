//! What a reviewer approves besides the blocks: the instructions of the amending laws that
//! were not applied, those the editor marked as applied by hand (with the editor's note: the
//! core applied nothing, so what the units say is the editor's word), and the words of them
//! the reader could not read. None of them shows as the core's own block; an approval that
//! did not see them would approve a text the amending law may not give. So the reviewer
//! acknowledges each by its ref, and an approval that does not name every one is refused.
//!
//! [`block_diffs`] gives each block's label and word diffs for the same page.
//!
//! The envelope is read as JSON, not as [`crate::change::manifest::Envelope`]: the list must be
//! found in any manifest the store holds, whatever else its envelope carries.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::text::cite::unit_label;
use crate::text::report::ErrorReport;
use crate::text::vocabulary::Vocabulary;
use crate::text::word_diff::{diff_words, DiffOp};

/// A unit's text, heading and body, as a block's image holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Text {
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub heading: Option<String>,
    #[serde(default)]
    pub body: String,
}

/// One block as the review page asks about it: its address and its unit's text before and
/// after (`None`: the block creates, or removes, the unit).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockText {
    pub address: String,
    pub before: Option<Text>,
    pub after: Option<Text>,
}

/// The label a reviewer reads (`Điều 44 khoản 1`; `None` when no vocabulary knows the address's
/// tokens) and the word diffs of the heading and the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BlockDiff {
    pub label: Option<String>,
    pub heading: Vec<DiffOp>,
    pub body: Vec<DiffOp>,
}

/// The label and word diffs of each block, in order; labels in the first of `vocabularies`
/// that knows every segment (the document's own first).
pub fn block_diffs(blocks: &[BlockText], vocabularies: &[Vocabulary]) -> Vec<BlockDiff> {
    blocks
        .iter()
        .map(|b| {
            let heading = |t: &Option<Text>| {
                t.as_ref()
                    .and_then(|t| t.heading.clone())
                    .unwrap_or_default()
            };
            fn body(t: &Option<Text>) -> &str {
                t.as_ref().map_or("", |t| t.body.as_str())
            }
            BlockDiff {
                label: unit_label(&b.address, vocabularies)
                    .ok()
                    .filter(|l| !l.is_empty()),
                heading: diff_words(&heading(&b.before), &heading(&b.after)),
                body: diff_words(body(&b.before), body(&b.after)),
            }
        })
        .collect()
}

/// An instruction of an amending law the manifest does not carry out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NotApplied {
    /// The instruction's ref (`55-2023-nd-cp/dieu-1/khoan-2`): what the reviewer acknowledges.
    #[serde(rename = "ref")]
    pub reference: String,
    pub law: String,
    /// `Điều 1 khoản 2`.
    pub provision: String,
    pub kind: String,
    pub targets: Vec<String>,
    pub code: Option<String>,
    /// Why it was not applied, in words an editor can act on.
    pub reason: Option<String>,
}

/// An instruction the core could not apply that the editor marked as applied by hand, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ByHand {
    /// The instruction, as one not applied reads (its `ref` is what the reviewer acknowledges).
    #[serde(flatten)]
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub step: NotApplied,
    /// The editor's note (`khoản 6 chưa đưa vào`).
    pub note: String,
}

/// Words of an amending law the reader could not read as instructions (`envelope.amendment.unread`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ReviewUnread"))]
pub struct Unread {
    /// `unread:<law>:<line>:<offset>`: what the reviewer acknowledges.
    #[serde(rename = "ref")]
    pub reference: String,
    pub law: String,
    pub line: u64,
    pub offset: u64,
    pub text: String,
    /// The reader's code (`appendix-not-a-unit`, `unknown-form`): what the page words in the
    /// user's language; `reason` is the core's English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub code: Option<String>,
    pub reason: String,
    /// The editor's note, when the editor carried the words out by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub by_hand: Option<String>,
}

/// Everything an approval of this manifest must acknowledge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Outstanding {
    pub not_applied: Vec<NotApplied>,
    /// Instructions marked as applied by hand, with the editor's notes.
    #[serde(default)]
    pub by_hand: Vec<ByHand>,
    pub unread: Vec<Unread>,
}

impl Outstanding {
    /// The refs, in the order listed (instructions not applied, by hand, then passages).
    pub fn refs(&self) -> Vec<&str> {
        self.not_applied
            .iter()
            .map(|s| s.reference.as_str())
            .chain(self.by_hand.iter().map(|s| s.step.reference.as_str()))
            .chain(self.unread.iter().map(|u| u.reference.as_str()))
            .collect()
    }
}

/// The instructions with `applied: false`: those the editor did not finish, and apart those
/// marked as finished by hand (`by_hand`, with the editor's note); and the unread passages of
/// `envelope.amendment`. An envelope without an amendment has none.
pub fn outstanding(envelope: &Value) -> Outstanding {
    let amendment = envelope.get("amendment");
    let list = |key: &str| {
        amendment
            .and_then(|a| a.get(key))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
    };
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
    let targets = |s: &Value| -> Vec<String> {
        s.get("targets")
            .and_then(Value::as_array)
            .map(|t| {
                t.iter()
                    .filter_map(|a| a.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    // The editor's note of a step or passage finished by hand.
    let note = |v: &Value| {
        v.get("by_hand")
            .filter(|h| !h.is_null())
            .map(|h| text(h, "note"))
    };
    // Each instruction not applied: left undone, or marked as done by hand with the editor's note.
    let (mut not_applied, mut by_hand) = (Vec::new(), Vec::new());
    for s in list("steps")
        .iter()
        .filter(|s| s.get("applied").and_then(Value::as_bool) == Some(false))
    {
        let step = NotApplied {
            reference: text(s, "ref"),
            law: text(s, "law"),
            provision: text(s, "provision"),
            kind: text(s, "kind"),
            targets: targets(s),
            code: s.get("code").and_then(Value::as_str).map(String::from),
            reason: s.get("reason").and_then(Value::as_str).map(String::from),
        };
        match note(s) {
            Some(note) => by_hand.push(ByHand { step, note }),
            None => not_applied.push(step),
        }
    }
    let unread = list("unread")
        .iter()
        .map(|u| {
            let number = |key: &str| u.get(key).and_then(Value::as_u64).unwrap_or(0);
            let (law, line, offset) = (text(u, "law"), number("line"), number("offset"));
            Unread {
                reference: format!("unread:{law}:{line}:{offset}"),
                law,
                line,
                offset,
                text: text(u, "text"),
                code: u.get("code").and_then(Value::as_str).map(String::from),
                reason: text(u, "reason"),
                by_hand: note(u),
            }
        })
        .collect();
    Outstanding {
        not_applied,
        by_hand,
        unread,
    }
}

/// Refuses an approval that does not acknowledge every outstanding item by its ref, or that
/// names a ref the manifest does not have (it was read from another manifest).
pub fn check_acknowledged(
    outstanding: &Outstanding,
    acknowledged: &[String],
) -> Result<(), ErrorReport> {
    let wanted: BTreeSet<&str> = outstanding.refs().into_iter().collect();
    let given: BTreeSet<&str> = acknowledged.iter().map(String::as_str).collect();
    if let Some(stray) = given.iter().find(|r| !wanted.contains(*r)) {
        return Err(ErrorReport {
            code: "not-outstanding",
            reason: format!("'{stray}' is not an instruction not applied or applied by hand, nor a passage not read, of this manifest"),
            offset: None,
            hint: "acknowledge the refs GET /iu-cutter/entries/<id>/manifest lists under `outstanding`".into(),
            field: Some("acknowledged".into()),
        });
    }
    let missing: Vec<&str> = outstanding
        .refs()
        .into_iter()
        .filter(|r| !given.contains(r))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let count = |refs: &mut dyn Iterator<Item = &String>| {
        refs.filter(|r| missing.contains(&r.as_str())).count()
    };
    let steps = count(&mut outstanding.not_applied.iter().map(|s| &s.reference));
    let by_hand = count(&mut outstanding.by_hand.iter().map(|s| &s.step.reference));
    let passages = count(&mut outstanding.unread.iter().map(|u| &u.reference));
    Err(ErrorReport {
        code: "unacknowledged",
        reason: format!(
            "the manifest leaves {steps} instruction(s) not applied, {by_hand} marked as applied by hand and {passages} passage(s) not read that the approval does not acknowledge ({})",
            missing.join(", ")
        ),
        offset: None,
        hint: "read them on the review page, then approve with `acknowledged` listing their refs (or reject, and have the editor finish them)".into(),
        field: Some("acknowledged".into()),
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn envelope() -> Value {
        json!({ "amendment": {
            "laws": [],
            "steps": [
                { "ref": "55-2023-nd-cp/dieu-1/khoan-1", "law": "55/2023/NĐ-CP", "provision": "Điều 1 khoản 1", "kind": "replace", "targets": ["75-2021-nd-cp/dieu-3"], "effective": null, "applied": true },
                { "ref": "55-2023-nd-cp/dieu-1/khoan-9", "law": "55/2023/NĐ-CP", "provision": "Điều 1 khoản 9", "kind": "replace-phrase", "targets": [], "effective": null, "applied": false, "code": "target-not-found", "reason": "no unit" },
                { "ref": "55-2023-nd-cp/dieu-1/khoan-10", "law": "55/2023/NĐ-CP", "provision": "Điều 1 khoản 10", "kind": "replace", "targets": [], "effective": null, "applied": false, "by_hand": { "note": "done" } }
            ],
            "unread": [{ "law": "55/2023/NĐ-CP", "line": 40, "offset": 3, "text": "thay cụm từ", "code": "unknown-form", "reason": "law-wide" }]
        }})
    }

    #[test]
    fn lists_what_was_not_applied_nor_read() {
        let o = outstanding(&envelope());
        assert_eq!(
            o.refs(),
            vec![
                "55-2023-nd-cp/dieu-1/khoan-9",
                "55-2023-nd-cp/dieu-1/khoan-10",
                "unread:55/2023/NĐ-CP:40:3"
            ]
        );
        // Issue 46: what the editor marked as applied by hand is listed with the editor's note.
        assert_eq!(o.by_hand.len(), 1);
        assert_eq!(o.by_hand[0].note, "done");
        assert_eq!(o.by_hand[0].step.provision, "Điều 1 khoản 10");
        // As JSON, one flat object: the instruction's fields and the note.
        let v = serde_json::to_value(&o.by_hand[0]).unwrap();
        assert_eq!(v["ref"], "55-2023-nd-cp/dieu-1/khoan-10");
        assert_eq!(v["note"], "done");
        assert_eq!(o.unread[0].by_hand, None);
        assert_eq!(o.unread[0].code.as_deref(), Some("unknown-form"));
        assert_eq!(o.not_applied[0].reason.as_deref(), Some("no unit"));
        assert_eq!(
            outstanding(&json!({ "format": "x" })),
            Outstanding::default()
        );
        assert_eq!(outstanding(&json!(null)), Outstanding::default());
    }

    #[test]
    fn an_approval_acknowledges_every_item_and_no_other() {
        let o = outstanding(&envelope());
        let e = check_acknowledged(&o, &[]).unwrap_err();
        assert_eq!(e.code, "unacknowledged");
        assert!(
            e.reason.contains(
                "1 instruction(s) not applied, 1 marked as applied by hand and 1 passage(s)"
            ),
            "{}",
            e.reason
        );
        let one = ["55-2023-nd-cp/dieu-1/khoan-9".to_string()];
        assert!(check_acknowledged(&o, &one).unwrap_err().reason.contains(
            "0 instruction(s) not applied, 1 marked as applied by hand and 1 passage(s)"
        ));
        let all = o.refs().into_iter().map(String::from).collect::<Vec<_>>();
        assert_eq!(check_acknowledged(&o, &all), Ok(()));
        let stray = [all.clone(), vec!["57-2024-qh15/dieu-4".into()]].concat();
        assert_eq!(
            check_acknowledged(&o, &stray).unwrap_err().code,
            "not-outstanding"
        );
        assert_eq!(check_acknowledged(&Outstanding::default(), &[]), Ok(()));
    }

    #[test]
    fn a_block_reads_as_its_label_and_word_diffs() {
        let text = |h: Option<&str>, b: &str| {
            Some(Text {
                heading: h.map(String::from),
                body: b.into(),
            })
        };
        let blocks = [
            BlockText {
                address: "45-2019-qh14/dieu-44/khoan-1/diem-dd".into(),
                before: text(None, "trong thời hạn 30 ngày"),
                after: text(None, "trong thời hạn 45 ngày"),
            },
            BlockText {
                address: "45-2019-qh14/dieu-45".into(),
                before: None,
                after: text(Some("Mới"), "Nội dung."),
            },
            BlockText {
                address: "not an address".into(),
                before: text(None, "cũ"),
                after: None,
            },
        ];
        let d = block_diffs(&blocks, crate::default_vocabularies());
        assert_eq!(d[0].label.as_deref(), Some("Điều 44 khoản 1 điểm đ"));
        assert_eq!(
            d[0].body
                .iter()
                .filter(|o| o.op != "equal")
                .map(|o| o.text.as_str())
                .collect::<Vec<_>>(),
            vec!["30", "45"]
        );
        assert_eq!(d[1].label.as_deref(), Some("Điều 45"));
        assert_eq!(
            d[1].heading,
            vec![DiffOp {
                op: "insert",
                text: "Mới".into()
            }]
        );
        assert_eq!(d[2].label, None);
        assert_eq!(
            d[2].body,
            vec![DiffOp {
                op: "delete",
                text: "cũ".into()
            }]
        );
    }
}
