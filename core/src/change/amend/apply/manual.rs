//! Finishing by hand: what the core could not do, the editor does, and says why.
//!
//! An amending law is not always read in full: a table row (`số thứ tự 26`), a wording change
//! for the whole law, a quotation the cutter cannot place. The editor finishes the change set
//! in the preview with three kinds of edit, each with a note the reviewer reads:
//!
//! - `edit`: the resulting heading and body of a live unit (`address`);
//! - `add`: a new unit (`kind`, `number`) under `parent` (the document itself when empty),
//!   after the sibling `after`, else where its number puts it among its siblings;
//! - `applied`: an instruction of this change set that was not applied (`step`, its ref), or
//!   words the reader could not read (`law` and `offset`), marked carried out by hand.
//!
//! The edits change the tree **after** every instruction (an edit of a unit an instruction
//! also changes starts from the instruction's text), in the order given, so preview and
//! submit plan the same manifest from the same request. The blocks they cause carry
//! `manual: { note }`; a marked instruction `by_hand: { note }` in the envelope. Nothing here
//! guesses: an edit that cannot be made is refused with its index and field.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use super::{sibling_index, strip, AmendingLaw, Applied, Outcome, Piece, Tree};
use crate::change::manifest::{Manual, Unread};
use crate::change::plan::PlanError;

/// The longest note kept (characters): a note says why, it is not a text.
const NOTE_MAX: usize = 2000;

/// One edit by hand, as the request gives it. Every field but `op` depends on the kind of
/// edit; fields that do not belong to it are refused (a field sent by mistake is not ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct ManualEdit {
    /// `edit`, `add` or `applied`.
    pub op: String,
    /// `edit`: the unit (canonical address, or its path under the document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub address: Option<String>,
    /// `edit`, `add`: the heading (`edit`: left out keeps it; empty removes it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<String>,
    /// `edit`, `add`: the body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub body: Option<String>,
    /// `add`: the parent unit; empty or the document's slug: the top of the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// `add`: the section type's code (`khoan`, `diem`, `dieu`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub kind: Option<String>,
    /// `add`: its number as in its address (`2a`, `dd`; `đ` is read as `dd`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// `add`: the sibling it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub after: Option<String>,
    /// `applied`: the ref of an instruction not applied (`55-2023-ndd-cp/dieu-1/khoan-3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// `applied`: words not read, by the amending law's code and their byte offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub law: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<usize>,
    /// Why the editor did it: required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub note: Option<String>,
}

/// What the edits marked carried out by hand: instructions (by index into `applied`), and the
/// envelope's list of words not read, with their marks.
#[derive(Debug, Clone, Default)]
pub(in crate::change::amend) struct ByHand {
    pub steps: HashMap<usize, String>,
    pub unread: Vec<Unread>,
}

fn refuse(index: usize, field: &'static str, reason: String, hint: &str) -> PlanError {
    PlanError::ManualEdit {
        index,
        field,
        reason,
        hint: hint.to_owned(),
    }
}

/// Text as units store it: NFC, Unix line ends, no whitespace at either end.
fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .nfc()
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Refuses the fields an edit of this kind does not take.
fn only(index: usize, e: &ManualEdit, allowed: &[&str]) -> Result<(), PlanError> {
    let given: [(&'static str, bool); 11] = [
        ("address", e.address.is_some()),
        ("heading", e.heading.is_some()),
        ("body", e.body.is_some()),
        ("parent", e.parent.is_some()),
        ("kind", e.kind.is_some()),
        ("number", e.number.is_some()),
        ("after", e.after.is_some()),
        ("step", e.step.is_some()),
        ("law", e.law.is_some()),
        ("offset", e.offset.is_some()),
        ("note", e.note.is_some()),
    ];
    match given.iter().find(|(f, set)| *set && !allowed.contains(f)) {
        Some((field, _)) => Err(refuse(
            index,
            field,
            format!("an '{}' edit does not take '{field}'", e.op),
            &format!(
                "leave it out; an '{}' edit takes {}",
                e.op,
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

fn note_of(index: usize, e: &ManualEdit) -> Result<String, PlanError> {
    let note = clean(e.note.as_deref().unwrap_or(""));
    if note.is_empty() {
        return Err(refuse(
            index,
            "note",
            "a note is required: the reviewer reads why it was done by hand".into(),
            "say why, e.g. 'the decree's table row 26 replaced by hand'",
        ));
    }
    if note.chars().count() > NOTE_MAX {
        return Err(refuse(
            index,
            "note",
            format!("the note is longer than {NOTE_MAX} characters"),
            "shorten it: the note says why, the text goes in the body",
        ));
    }
    Ok(note)
}

/// The unit `address` names (a canonical address of the document, or a path under it).
fn unit(
    tree: &Tree,
    doc: &str,
    index: usize,
    field: &'static str,
    address: &str,
) -> Result<usize, PlanError> {
    let path = strip(doc, address.trim());
    tree.find(&path).ok_or_else(|| {
        refuse(
            index,
            field,
            format!(
                "'{}' is not a live unit of the document after this change set's instructions",
                address.trim()
            ),
            &format!("pick the unit in the preview, or give its canonical address, like '{doc}/dieu-5/khoan-2'"),
        )
    })
}

/// Applies `edits` to the tree (see the module docs); `unread` is what the reader could not
/// read, which `applied` edits may mark.
pub(in crate::change::amend) fn apply(
    tree: &mut Tree,
    doc: &str,
    edits: &[ManualEdit],
    applied: &[Applied],
    laws: &[AmendingLaw],
    mut unread: Vec<Unread>,
) -> Result<ByHand, PlanError> {
    let mut steps: HashMap<usize, String> = HashMap::new();
    // Which edit made or changed each node by hand: one edit per unit.
    let mut edited: HashMap<usize, usize> = HashMap::new();
    for (i, e) in edits.iter().enumerate() {
        match e.op.as_str() {
            "edit" => {
                only(i, e, &["address", "heading", "body", "note"])?;
                let Some(address) = e.address.as_deref().filter(|a| !a.trim().is_empty()) else {
                    return Err(refuse(i, "address", "the unit to edit is not given".into(), "give its canonical address"));
                };
                let n = unit(tree, doc, i, "address", address)?;
                let note = note_of(i, e)?;
                if let Some(&j) = edited.get(&n) {
                    return Err(refuse(
                        i,
                        "address",
                        format!("'{}' is edited by hand in manual[{j}] already", address.trim()),
                        "make one edit per unit: change that edit (for a unit added by hand, its text is in the add)",
                    ));
                }
                let heading = match &e.heading {
                    Some(h) => Some(clean(h)).filter(|h| !h.is_empty()),
                    None => tree.nodes[n].heading.clone(),
                };
                let body = clean(e.body.as_deref().unwrap_or(""));
                if body.is_empty() && heading.is_none() {
                    return Err(refuse(
                        i,
                        "body",
                        "the body is empty and the unit has no heading: a unit has text".into(),
                        "write the unit's text; to take a unit out, the law repeals it (bãi bỏ)",
                    ));
                }
                let node = &mut tree.nodes[n];
                if node.heading == heading && node.body == body {
                    return Err(refuse(
                        i,
                        "body",
                        format!("'{}' has this text already: the edit changes nothing", address.trim()),
                        "change the text, or remove the edit",
                    ));
                }
                node.heading = heading;
                node.body = body;
                node.manual = Some(note);
                edited.insert(n, i);
            }
            "add" => {
                only(i, e, &["parent", "kind", "number", "after", "heading", "body", "note"])?;
                let n = add(tree, doc, i, e)?;
                edited.insert(n, i);
            }
            "applied" => {
                only(i, e, &["step", "law", "offset", "note"])?;
                let note = note_of(i, e)?;
                match (&e.step, &e.law, e.offset) {
                    (Some(step), None, None) => {
                        let step = step.trim();
                        let Some(k) = applied.iter().position(|a| a.reference == step) else {
                            return Err(refuse(
                                i,
                                "step",
                                format!("'{step}' is not an instruction of this change set"),
                                "use the ref of a step the preview shows as not applied",
                            ));
                        };
                        if !matches!(applied[k].outcome, Outcome::NotApplied { .. }) {
                            return Err(refuse(
                                i,
                                "step",
                                format!("'{step}' was applied by the core: there is nothing to do by hand"),
                                "mark only instructions shown as not applied; to change their result, edit the unit",
                            ));
                        }
                        if steps.insert(k, note).is_some() {
                            return Err(refuse(i, "step", format!("'{step}' is marked applied by hand twice"), "mark it once"));
                        }
                    }
                    (None, Some(law), Some(offset)) => {
                        let law = law.trim();
                        let Some(u) = unread.iter_mut().find(|u| u.law == law && u.offset == offset) else {
                            let known = laws.iter().any(|l| l.doc_code == law);
                            return Err(refuse(
                                i,
                                if known { "offset" } else { "law" },
                                if known {
                                    format!("nothing unread of {law} for this document starts at offset {offset}")
                                } else {
                                    format!("'{law}' is not one of the amending laws given")
                                },
                                "use the law and offset of a row of the preview's unread words",
                            ));
                        };
                        if u.by_hand.is_some() {
                            return Err(refuse(i, "offset", format!("the words of {law} at offset {offset} are marked twice"), "mark them once"));
                        }
                        u.by_hand = Some(Manual { note });
                    }
                    _ => {
                        return Err(refuse(
                            i,
                            "step",
                            "an 'applied' edit names an instruction ('step') or unread words ('law' and 'offset'), one of the two".into(),
                            "give 'step': the ref of an instruction not applied; or 'law' and 'offset' of unread words",
                        ))
                    }
                }
            }
            other => {
                return Err(refuse(
                    i,
                    "op",
                    format!("'{other}' is not an edit by hand"),
                    "write 'edit' (a unit's text), 'add' (a new unit) or 'applied' (an instruction done by hand)",
                ))
            }
        }
    }
    Ok(ByHand { steps, unread })
}

/// An `add`: the new node, marked with the note.
fn add(tree: &mut Tree, doc: &str, i: usize, e: &ManualEdit) -> Result<usize, PlanError> {
    let parent_given = e.parent.as_deref().map(str::trim).unwrap_or("");
    let parent = if parent_given.is_empty() || parent_given == doc {
        None
    } else {
        Some(unit(tree, doc, i, "parent", parent_given)?)
    };
    let code = e.kind.as_deref().map(str::trim).unwrap_or("");
    let Some(ty) = tree.vocabulary.by_code(code).filter(|t| t.active) else {
        let codes: Vec<&str> = tree
            .vocabulary
            .section_types
            .iter()
            .filter(|t| t.active)
            .map(|t| t.code.as_str())
            .collect();
        return Err(refuse(
            i,
            "kind",
            format!("'{code}' is not a kind of unit of the document's vocabulary"),
            &format!("use one of {}", codes.join(", ")),
        ));
    };
    if let Some(p) = parent {
        let pt = &tree.nodes[p].section_type;
        if !ty.parents.iter().any(|x| x == pt) {
            let label = |c: &str| {
                tree.vocabulary
                    .by_code(c)
                    .map_or(c.to_owned(), |t| t.label.clone())
            };
            return Err(refuse(
                i,
                "parent",
                format!("a {} does not sit under a {}", ty.label, label(pt)),
                &format!(
                    "put it under a {}",
                    ty.parents
                        .iter()
                        .map(|c| label(c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    let raw = e.number.as_deref().map(str::trim).unwrap_or("");
    let number = if tree.vocabulary.language == "vi" {
        raw.to_lowercase().replace('đ', "dd")
    } else {
        raw.to_lowercase()
    };
    let (code, label) = (ty.code.clone(), ty.label.clone());
    let path = tree.path_for(parent, &code, &number);
    if number.is_empty()
        || tree.order(&code, &number).is_none()
        || crate::text::address::validate(&format!("{doc}/{path}")).is_err()
    {
        return Err(refuse(
            i,
            "number",
            format!("'{raw}' is not a number a {label} has"),
            "write it as in the address: 3, 2a, dd (for đ), d1",
        ));
    }
    if tree.find(&path).is_some() {
        return Err(refuse(
            i,
            "number",
            format!("{doc}/{path} exists already"),
            "give a number the parent does not have yet, or edit the unit that has it",
        ));
    }
    let note = note_of(i, e)?;
    let heading = e.heading.as_deref().map(clean).filter(|h| !h.is_empty());
    let body = clean(e.body.as_deref().unwrap_or(""));
    if body.is_empty() && heading.is_none() {
        return Err(refuse(
            i,
            "body",
            "the body is empty: a new unit has text".into(),
            "write the unit's text",
        ));
    }
    let piece = Piece {
        section_type: code,
        ordinal: number,
        heading,
        body,
        children: Vec::new(),
        lines: (0, 0),
    };
    let index = match e.after.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        Some(after) => {
            let a = unit(tree, doc, i, "after", after)?;
            if tree.nodes[a].parent != parent {
                return Err(refuse(
                    i,
                    "after",
                    format!("'{after}' is not a child of the parent given"),
                    "name a sibling under the same parent, or leave 'after' out (the number places it)",
                ));
            }
            sibling_index(tree, parent, a) + 1
        }
        None => tree.index_by_order(parent, &piece),
    };
    let n = tree.graft(parent, index, &piece, 0);
    // Made by hand: no instruction is behind it.
    tree.nodes[n].refs.clear();
    tree.nodes[n].manual = Some(note);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::amend::{plan_sequence, rank, Schedule};
    use crate::change::manifest::UnitBlock;
    use crate::change::plan::{apply as apply_manifest, plan, PlanInput};
    use crate::read::amending_law::read_amending_law;
    use crate::read::cut::cut;
    use crate::store::unit::StoredUnit;
    use crate::text::report::Report;
    use crate::text::vocabulary::default_vocabulary;

    const ORIGINAL: &str = "LUẬT\nTHỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật Thử nghiệm.\nĐiều 1. Phạm vi\n1. Luật này quy định về thử nghiệm.\n2. Bên mời thầu thực hiện thử nghiệm.\nĐiều 2. Đối tượng\n1. Cơ quan nhà nước.\n2. Tổ chức, cá nhân.\na) Tổ chức trong nước;\nb) Cá nhân nước ngoài.\nĐiều 3. Hiệu lực\nLuật này có hiệu lực từ ngày 01 tháng 01 năm 2021.\n";
    // Khoản 1: applied. Khoản 2: its target does not exist (not applied). Khoản 3: a wording
    // change for the whole law the reader does not apply (unread).
    const AMENDING: &str = "LUẬT\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT THỬ NGHIỆM\nCăn cứ Hiến pháp;\nQuốc hội ban hành Luật sửa đổi, bổ sung một số điều của Luật Thử nghiệm số 10/2020/QH14.\nĐiều 1. Sửa đổi, bổ sung một số điều của Luật Thử nghiệm\n1. Sửa đổi, bổ sung khoản 1 Điều 1 như sau:\n“1. Luật này quy định về thử nghiệm và kiểm định.”.\n2. Sửa đổi, bổ sung khoản 9 Điều 2 như sau:\n“9. Hộ kinh doanh.”.\n3. Bãi bỏ cụm từ “Bên mời thầu” trong toàn bộ Luật.\nĐiều 2. Hiệu lực thi hành\nLuật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2022.\n";
    const DOC: &str = "10-2020-qh14";

    fn input() -> PlanInput {
        PlanInput {
            document_id: "00000000-0000-4000-8000-000000000001".into(),
            source_sha256: "0".repeat(64),
            effective_from: "2021-06-01T00:00:00Z".into(),
            created_at: "2021-06-01T00:00:00Z".into(),
            created_by: "editor".into(),
            enact: false,
            by_enacted_law: false,
            scope: None,
        }
    }

    fn stored() -> Vec<StoredUnit> {
        let vi = default_vocabulary("vi").expect("vi");
        let c = cut(ORIGINAL, "10/2020/QH14", vi);
        let m = plan(&c, &[], vi, &input()).expect("the original plans");
        apply_manifest(&[], &m)
    }

    fn schedule(manual: &[ManualEdit]) -> Result<Schedule, PlanError> {
        let vi = default_vocabulary("vi").expect("vi");
        let law = read_amending_law(AMENDING, "12/2020/QH14", vi);
        let ranks = vec![rank("12/2020/QH14", AMENDING)];
        plan_sequence(
            &[law],
            &ranks,
            &[None],
            Some("Luật Thử nghiệm"),
            &stored(),
            vi,
            DOC,
            &input(),
            false,
            &[],
            false,
            manual,
        )
    }

    fn edit(address: &str, body: &str, note: &str) -> ManualEdit {
        ManualEdit {
            op: "edit".into(),
            address: Some(address.into()),
            body: Some(body.into()),
            note: Some(note.into()),
            ..ManualEdit::default()
        }
    }

    fn block<'a>(s: &'a Schedule, address: &str) -> &'a UnitBlock {
        s.plan
            .manifest
            .blocks
            .iter()
            .find(|b| b.image().canonical_address == address)
            .unwrap_or_else(|| panic!("no block for {address}"))
    }

    fn refused(manual: &[ManualEdit]) -> (usize, &'static str, String) {
        match schedule(manual).err() {
            Some(PlanError::ManualEdit {
                index,
                field,
                reason,
                ..
            }) => (index, field, reason),
            other => panic!("expected a manual-edit error, got {other:?}"),
        }
    }

    #[test]
    fn without_edits_the_unread_wording_change_and_the_step_not_applied_are_in_the_envelope() {
        let s = schedule(&[]).expect("plans");
        let a = s
            .plan
            .manifest
            .envelope
            .amendment
            .as_ref()
            .expect("amendment");
        let missed: Vec<&str> = a
            .steps
            .iter()
            .filter(|x| !x.applied)
            .map(|x| x.reference.as_str())
            .collect();
        assert_eq!(missed, vec!["12-2020-qh14/dieu-1/khoan-2"]);
        assert_eq!(a.unread.len(), 1, "{:?}", a.unread);
        assert!(
            a.unread[0].text.contains("trong toàn bộ Luật"),
            "{:?}",
            a.unread
        );
        assert_eq!(a.unread[0].law, "12/2020/QH14");
        assert!(s.plan.manifest.blocks.iter().all(|b| b.manual().is_none()));
    }

    #[test]
    fn an_edit_after_the_instruction_an_add_and_a_mark_make_manual_blocks_and_by_hand_steps() {
        let manual = vec![
            // Khoản 1 Điều 1 is also replaced by the law: the edit starts from that text.
            edit(
                &format!("{DOC}/dieu-1/khoan-1"),
                "Luật này quy định về thử nghiệm, kiểm định.",
                "typo in the law's quotation",
            ),
            edit(
                "dieu-1/khoan-2",
                "Chủ đầu tư thực hiện thử nghiệm.",
                "Điều 1 khoản 3 of 12/2020/QH14, law-wide",
            ),
            ManualEdit {
                op: "add".into(),
                parent: Some(format!("{DOC}/dieu-2")),
                kind: Some("khoan".into()),
                number: Some("3".into()),
                body: Some("Hộ kinh doanh.".into()),
                note: Some("Điều 1 khoản 2: the law names khoản 9, meant khoản 3".into()),
                ..ManualEdit::default()
            },
            ManualEdit {
                op: "applied".into(),
                step: Some("12-2020-qh14/dieu-1/khoan-2".into()),
                note: Some("added as khoản 3 by hand".into()),
                ..ManualEdit::default()
            },
        ];
        let s = schedule(&manual).expect("plans");
        let a = s
            .plan
            .manifest
            .envelope
            .amendment
            .as_ref()
            .expect("amendment");
        let u = &a.unread[0];
        let mark = ManualEdit {
            op: "applied".into(),
            law: Some(u.law.clone()),
            offset: Some(u.offset),
            note: Some("struck by hand in Điều 1 khoản 2".into()),
            ..ManualEdit::default()
        };
        let mut all = manual.clone();
        all.push(mark);
        let s = schedule(&all).expect("plans");
        let k1 = block(&s, &format!("{DOC}/dieu-1/khoan-1"));
        assert_eq!(
            k1.after().map(|u| u.body.as_str()),
            Some("Luật này quy định về thử nghiệm, kiểm định.")
        );
        assert_eq!(
            k1.manual().map(|m| m.note.as_str()),
            Some("typo in the law's quotation")
        );
        // The instruction stays named: the reviewer sees both.
        assert_eq!(k1.amended_by(), ["12-2020-qh14/dieu-1/khoan-1".to_owned()]);
        let added = block(&s, &format!("{DOC}/dieu-2/khoan-3"));
        assert!(matches!(added, UnitBlock::Create(_)));
        assert_eq!(
            added.after().map(|u| u.body.as_str()),
            Some("Hộ kinh doanh.")
        );
        assert!(added.manual().is_some());
        assert!(added.amended_by().is_empty());
        let a = s
            .plan
            .manifest
            .envelope
            .amendment
            .as_ref()
            .expect("amendment");
        let step = a
            .steps
            .iter()
            .find(|x| x.reference == "12-2020-qh14/dieu-1/khoan-2")
            .expect("step");
        assert!(
            !step.applied,
            "the core did not apply it: that stays recorded"
        );
        assert_eq!(
            step.by_hand.as_ref().map(|m| m.note.as_str()),
            Some("added as khoản 3 by hand")
        );
        assert!(a.unread[0].by_hand.is_some());
        // Not by hand: no mark (the khoản after the one added only moves, if at all).
        assert!(
            s.plan
                .manifest
                .blocks
                .iter()
                .filter(|b| b.manual().is_some())
                .count()
                == 3
        );
        // The same request plans the same manifest (preview and submit): the same sha256.
        let again = schedule(&all).expect("plans");
        assert_eq!(s.plan.manifest.sha256(), again.plan.manifest.sha256());
        assert_ne!(
            s.plan.manifest.sha256(),
            schedule(&[]).expect("plans").plan.manifest.sha256()
        );
        // And the canonical JSON carries `manual` and `by_hand`.
        let json = s.plan.manifest.to_canonical_json();
        assert!(json.contains(r#""manual":{"note":"typo in the law's quotation"}"#));
        assert!(json.contains(r#""by_hand":{"note":"added as khoản 3 by hand"}"#));
        let back =
            crate::change::manifest::Manifest::from_json(&json, Some(&s.plan.manifest.sha256()))
                .expect("reads back");
        assert_eq!(back, s.plan.manifest);
    }

    #[test]
    fn bad_edits_are_refused_with_their_index_and_field() {
        let ok = edit(
            "dieu-2/khoan-1",
            "Cơ quan nhà nước các cấp.",
            "a correction",
        );
        let cases: Vec<(ManualEdit, &str, &str)> = vec![
            (edit("dieu-9", "x", "n"), "address", "not a live unit"),
            (
                edit("dieu-1/khoan-2", "Mới.", "  "),
                "note",
                "note is required",
            ),
            (edit("dieu-1/khoan-2", "  ", "n"), "body", "body is empty"),
            (
                edit("dieu-1/khoan-2", "Bên mời thầu thực hiện thử nghiệm.", "n"),
                "body",
                "changes nothing",
            ),
            (
                ManualEdit {
                    op: "add".into(),
                    parent: Some("dieu-2".into()),
                    kind: Some("khoan".into()),
                    number: Some("2".into()),
                    body: Some("x".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "number",
                "exists already",
            ),
            (
                ManualEdit {
                    op: "add".into(),
                    parent: Some("dieu-2".into()),
                    kind: Some("khoan".into()),
                    number: Some("z!".into()),
                    body: Some("x".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "number",
                "not a number",
            ),
            (
                ManualEdit {
                    op: "add".into(),
                    parent: Some("dieu-2".into()),
                    kind: Some("chuong".into()),
                    number: Some("2".into()),
                    body: Some("x".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "parent",
                "does not sit under",
            ),
            (
                ManualEdit {
                    op: "add".into(),
                    parent: Some("dieu-2".into()),
                    kind: Some("nope".into()),
                    number: Some("2".into()),
                    body: Some("x".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "kind",
                "not a kind",
            ),
            (
                ManualEdit {
                    op: "add".into(),
                    parent: Some("dieu-2".into()),
                    kind: Some("khoan".into()),
                    number: Some("3".into()),
                    after: Some("dieu-1/khoan-1".into()),
                    body: Some("x".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "after",
                "not a child",
            ),
            (
                ManualEdit {
                    op: "applied".into(),
                    step: Some("12-2020-qh14/dieu-1/khoan-1".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "step",
                "was applied by the core",
            ),
            (
                ManualEdit {
                    op: "applied".into(),
                    step: Some("nope".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "step",
                "not an instruction",
            ),
            (
                ManualEdit {
                    op: "applied".into(),
                    law: Some("12/2020/QH14".into()),
                    offset: Some(1),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "offset",
                "nothing unread",
            ),
            (
                ManualEdit {
                    op: "applied".into(),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "step",
                "one of the two",
            ),
            (
                ManualEdit {
                    op: "edit".into(),
                    address: Some("dieu-1".into()),
                    parent: Some("x".into()),
                    body: Some("x".into()),
                    note: Some("n".into()),
                    ..ManualEdit::default()
                },
                "parent",
                "does not take",
            ),
            (
                ManualEdit {
                    op: "rewrite".into(),
                    ..ManualEdit::default()
                },
                "op",
                "not an edit",
            ),
        ];
        for (bad, field, words) in cases {
            let (index, f, reason) = refused(&[ok.clone(), bad.clone()]);
            assert_eq!((index, f), (1, field), "{bad:?}: {reason}");
            assert!(reason.contains(words), "{bad:?}: {reason}");
        }
        // One edit per unit.
        let (index, f, reason) = refused(&[ok.clone(), ok.clone()]);
        assert_eq!((index, f), (1, "address"));
        assert!(reason.contains("manual[0]"), "{reason}");
        // The error names where and how to fix.
        let e = schedule(&[edit("dieu-9", "x", "n")]).expect_err("refused");
        assert_eq!(e.code(), "manual-edit");
        assert!(e.to_string().starts_with("manual[0].address: "), "{e}");
        assert!(e.hint().contains("canonical address"));
    }

    #[test]
    fn edits_with_nothing_planned_are_refused() {
        let vi = default_vocabulary("vi").expect("vi");
        let law = read_amending_law(AMENDING, "12/2020/QH14", vi);
        let recorded: Vec<crate::change::amend::Recorded> = law
            .instructions
            .iter()
            .map(|i| crate::change::amend::Recorded {
                reference: format!("{}/{}", law.doc, i.id),
                entry: "e1".into(),
                cut: false,
                applied: true,
                code: None,
                reason: None,
            })
            .collect();
        let ranks = vec![rank("12/2020/QH14", AMENDING)];
        let e = plan_sequence(
            &[law],
            &ranks,
            &[None],
            Some("Luật Thử nghiệm"),
            &stored(),
            vi,
            DOC,
            &input(),
            false,
            &recorded,
            false,
            &[edit("dieu-1/khoan-2", "x", "n")],
        )
        .err();
        assert!(
            matches!(e, Some(PlanError::ManualEdit { field: "op", ref reason, .. }) if reason.contains("e1")),
            "{e:?}"
        );
    }

    #[test]
    fn never_panics_on_odd_edits() {
        let odd = [
            "",
            " ",
            "/",
            "//",
            "10-2020-qh14",
            "10-2020-qh14/",
            "dieu-1/khoan-1/diem-a/x",
            "dieu-\u{0}",
            "Điều 1",
            "dieu-1/../dieu-2",
            "đ",
            "ĐĐ",
            "9999999999999999999999",
            "a\u{301}",
        ];
        for a in odd {
            for op in ["edit", "add", "applied", "x"] {
                let e = ManualEdit {
                    op: op.into(),
                    address: (op == "edit").then(|| a.into()),
                    parent: (op == "add").then(|| a.into()),
                    kind: (op == "add").then(|| "diem".into()),
                    number: (op == "add").then(|| a.into()),
                    step: (op == "applied").then(|| a.into()),
                    body: (op != "applied").then(|| a.into()),
                    note: Some(a.into()),
                    ..ManualEdit::default()
                };
                let _ = schedule(&[e]);
            }
        }
    }
}
