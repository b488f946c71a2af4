//! Every amendment a document has had, applied in order: one change set per date.
//!
//! An instruction comes into force on its own date ([`Instruction::effective`], else its law's
//! [`AmendingLaw::in_force`]). The instructions for one document are put in one order
//! ([`sequence`]): by date (an instruction without one last), then the rank of the amending
//! document ([`rank`]: Luật/Bộ luật, Nghị quyết, Pháp lệnh, Nghị định, Quyết định, Thông tư), then
//! when it was adopted (promulgated), then its code, then where the instruction stands in its
//! text (clause order). The order never depends on the order the laws were given in.
//!
//! Each date is its own change set, whose `effective_from` is that date, so the text of the
//! document at any day between two dates is the text the law had then. The change sets are cut
//! one after the other ([`plan_sequence`]): the instructions already recorded in the envelope of
//! a change set of this document are not applied again (they are "applied in change set …");
//! the next change set is the earliest date with instructions not yet recorded. While a change
//! set with some of these instructions is submitted but not cut, nothing is planned: the next
//! date must be planned on the units that change set leaves. A date whose instructions change
//! nothing (none applies, or the text already says it) is not a change set of its own: its
//! instructions are recorded in the next date's change set, which then says why.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::change::plan::{PlanError, PlanInput};
use crate::store::unit::StoredUnit;
use crate::text::vocabulary::Vocabulary;

use super::apply::{apply_steps, plan_steps, AmendPlan, ManualEdit, Outcome};
use crate::change::manifest::Unread;
use crate::read::amending_law::{words_of, AmendingLaw};

/// What kind of document an amending law is, and its rank: a lower rank applies first on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rank {
    pub rank: u8,
    /// `Luật`, `Nghị quyết`, `Pháp lệnh`, `Nghị định`, `Quyết định`, `Thông tư`, or `?`.
    pub kind: &'static str,
}

const KINDS: [(&str, u8, &str); 8] = [
    ("bo luat", 1, "Luật"),
    ("luat", 1, "Luật"),
    ("nghi quyet", 2, "Nghị quyết"),
    ("phap lenh", 3, "Pháp lệnh"),
    ("nghi dinh", 4, "Nghị định"),
    ("quyet dinh", 5, "Quyết định"),
    ("thong tu lien tich", 6, "Thông tư"),
    ("thong tu", 6, "Thông tư"),
];

/// The rank of the amending document `doc_code` whose text is `text`. The code's last part
/// names the issuer (`QH15`, `UBTVQH15`, `NĐ-CP`, `QĐ-TTg`, `TT-BTC`); the National Assembly and
/// its Standing Committee issue two kinds each under one suffix, so for those the kind word the
/// text opens with (`LUẬT`, `NGHỊ QUYẾT`, `PHÁP LỆNH`) decides.
pub fn rank(doc_code: &str, text: &str) -> Rank {
    let suffix = doc_code
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_uppercase()
        .replace('Đ', "D");
    let of = |name: &str| {
        KINDS.iter().find(|(_, _, k)| *k == name).map_or(
            Rank { rank: 7, kind: "?" },
            |&(_, rank, kind)| Rank { rank, kind },
        )
    };
    let head = kind_in_text(text);
    let assembly = suffix.starts_with("QH") || suffix.starts_with("UBTVQH");
    if assembly {
        if let Some(r) = head.filter(|r| r.rank <= 3) {
            return r;
        }
        return of(if suffix.starts_with("UBTVQH") {
            "Pháp lệnh"
        } else {
            "Luật"
        });
    }
    let family = suffix.split('-').next().unwrap_or("");
    match family {
        "ND" => of("Nghị định"),
        "QD" => of("Quyết định"),
        "TT" | "TTLT" => of("Thông tư"),
        "NQ" => of("Nghị quyết"),
        _ => head.unwrap_or(Rank { rank: 7, kind: "?" }),
    }
}

/// The kind word a legal text opens with: the first of its first lines that is only that word
/// (`LUẬT`, `NGHỊ ĐỊNH`) or starts with it followed by the subject in capitals.
fn kind_in_text(text: &str) -> Option<Rank> {
    for line in text.lines().take(40) {
        let line = line.trim();
        if line.is_empty() || line.chars().any(char::is_lowercase) {
            continue;
        }
        let words = words_of(line).join(" ");
        // `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`, `QUỐC HỘI`, `CHÍNH PHỦ`: the header, not the kind.
        for &(word, rank, kind) in &KINDS {
            if words == word || words.starts_with(&format!("{word} ")) {
                return Some(Rank { rank, kind });
            }
        }
    }
    None
}

/// One instruction for the document, in the order they apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Sequenced {
    /// Index of the law in the list given, and of the instruction in it.
    pub law: usize,
    pub instruction: usize,
    /// When it comes into force (`YYYY-MM-DD`): its own date, else its law's.
    pub date: Option<String>,
}

/// The instructions of `laws` that amend the document `slug` (titled `title`), in the order
/// they apply (module docs); `ranks` are the laws' ranks, in the same order as `laws`.
pub fn sequence(
    laws: &[AmendingLaw],
    ranks: &[Rank],
    slug: &str,
    title: Option<&str>,
) -> Vec<Sequenced> {
    // Same day: rank, adopted (undated last), code, then place in the text.
    type SameDay = (u8, bool, Option<String>, String, usize);
    let mut out: Vec<(Sequenced, SameDay)> = Vec::new();
    for (l, law) in laws.iter().enumerate() {
        let mine = law.laws_for(slug, title);
        let rank = ranks.get(l).map_or(7, |r| r.rank);
        for (k, ins) in law.instructions.iter().enumerate() {
            if !mine.contains(&ins.law_index) {
                continue;
            }
            let date = ins.effective.clone().or_else(|| law.in_force.clone());
            let key = (
                rank,
                law.adopted.is_none(),
                law.adopted.clone(),
                law.doc_code.clone(),
                ins.span.start,
            );
            out.push((
                Sequenced {
                    law: l,
                    instruction: k,
                    date,
                },
                key,
            ));
        }
    }
    out.sort_by(|(a, ka), (b, kb)| {
        (a.date.is_none(), &a.date, ka, a.law, a.instruction).cmp(&(
            b.date.is_none(),
            &b.date,
            kb,
            b.law,
            b.instruction,
        ))
    });
    out.into_iter().map(|(s, _)| s).collect()
}

/// An instruction recorded in the envelope of a change set of this document
/// ([`crate::change::manifest::AmendmentStep`]), with the state of that change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Recorded {
    /// `57-2024-qh15/dieu-4/khoan-1`.
    #[serde(rename = "ref")]
    pub reference: String,
    /// The backlog entry of the change set.
    pub entry: String,
    /// Whether that change set is cut (its units are the stored ones); false: submitted or
    /// approved, not cut yet.
    pub cut: bool,
    pub applied: bool,
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub code: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

/// Where one instruction for the document stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Standing {
    /// In the change set planned now, with what became of it (an index into the plan's `applied`).
    Planned { step: usize },
    /// Recorded in a change set of this document (cut or not).
    Recorded {
        entry: String,
        cut: bool,
        applied: bool,
    },
    /// Its date comes after the change set planned now: a change set of its own, later.
    Later,
    /// Waits for an open change set of this document to be cut first.
    Waiting { entry: String },
}

/// One date: the instructions that come into force on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DateGroup {
    pub date: Option<String>,
    /// Indices into [`Schedule::order`].
    pub members: Vec<usize>,
    /// `cut`: every instruction is recorded in cut change sets; `open`: some are in a change set
    /// not cut yet; `planned`: in the change set planned now (`changes` false: they change
    /// nothing, and ride along in the next date's change set); `later`; `waiting`.
    pub state: &'static str,
    pub changes: bool,
    /// The change sets its instructions are recorded in.
    pub entries: Vec<String>,
}

/// The sequence of change sets for one document, and the one planned now.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub order: Vec<Sequenced>,
    /// Per entry of `order`.
    pub standing: Vec<Standing>,
    pub dates: Vec<DateGroup>,
    /// The date of the change set planned now (`None` inside: its instructions have no date);
    /// `None`: nothing is planned (all recorded, or waiting).
    pub planned_date: Option<Option<String>>,
    /// Open change sets (entries) the next date waits for.
    pub waiting: Vec<String>,
    /// The change set planned now; its `applied` follow the `Planned` steps.
    pub plan: AmendPlan,
}

/// The `effective_from` of a change set for instructions coming into force on `date`: midnight,
/// Vietnam time, that day.
pub fn effective_from(date: &str) -> String {
    format!("{date}T00:00:00+07:00")
}

/// Sequences the instructions of `laws` for the document (module docs), takes out those
/// `recorded` already, and plans the next change set: the earliest date not yet recorded (with
/// the dates before it that change nothing). `input.effective_from` is used as given when
/// `effective_given`; otherwise it is the planned date's ([`effective_from`]), or as given when
/// nothing is planned or the instructions have no date.
#[allow(clippy::too_many_arguments)]
pub fn plan_sequence(
    laws: &[AmendingLaw],
    ranks: &[Rank],
    document_ids: &[Option<String>],
    title: Option<&str>,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
    slug: &str,
    input: &PlanInput,
    effective_given: bool,
    recorded: &[Recorded],
    allow_mass_retire: bool,
    manual: &[ManualEdit],
) -> Result<Schedule, PlanError> {
    let order = sequence(laws, ranks, slug, title);
    let reference = |s: &Sequenced| {
        format!(
            "{}/{}",
            laws[s.law].doc, laws[s.law].instructions[s.instruction].id
        )
    };
    // The last record of each instruction wins (a change set recorded later supersedes).
    let by_ref: HashMap<&str, &Recorded> =
        recorded.iter().map(|r| (r.reference.as_str(), r)).collect();
    let records: Vec<Option<&Recorded>> = order
        .iter()
        .map(|s| by_ref.get(reference(s).as_str()).copied())
        .collect();
    let mut dates = date_groups(&order, &records);
    let mut standing: Vec<Standing> = records
        .iter()
        .map(|r| match r {
            Some(r) => Standing::Recorded {
                entry: r.entry.clone(),
                cut: r.cut,
                applied: r.applied,
            },
            None => Standing::Later,
        })
        .collect();
    let mut waiting: Vec<String> = records
        .iter()
        .flatten()
        .filter(|r| !r.cut)
        .map(|r| r.entry.clone())
        .collect();
    waiting.sort();
    waiting.dedup();
    let mut taken: Vec<usize> = Vec::new();
    let mut planned_date = None;
    if let Some(open) = waiting.first() {
        // An open change set is cut first: everything not recorded waits for it.
        for (i, st) in standing.iter_mut().enumerate() {
            if records[i].is_none() {
                *st = Standing::Waiting {
                    entry: open.clone(),
                };
            }
        }
        for g in &mut dates {
            if g.state == "later" {
                g.state = "waiting";
            }
        }
    } else {
        (taken, planned_date) =
            plan_dates(laws, &order, &records, &mut dates, slug, stored, vocabulary);
    }
    let steps: Vec<(usize, usize)> = taken
        .iter()
        .map(|&i| (order[i].law, order[i].instruction))
        .collect();
    let mut input = input.clone();
    if !effective_given {
        if let Some(Some(d)) = &planned_date {
            input.effective_from = effective_from(d);
        }
    }
    if steps.is_empty() && !manual.is_empty() {
        return Err(nothing_to_finish(&waiting));
    }
    let plan = plan_steps(
        laws,
        document_ids,
        &steps,
        stored,
        vocabulary,
        slug,
        &input,
        allow_mass_retire,
        manual,
        unread_for(laws, slug, title, |l| {
            // A law's unread words go with its instructions' change set; a law with none for this
            // document has no change set of its own, so they go with the one planned now.
            steps.iter().any(|&(x, _)| x == l) || !order.iter().any(|s| s.law == l)
        }),
    )?;
    for (step, &i) in taken.iter().enumerate() {
        standing[i] = Standing::Planned { step };
    }
    Ok(Schedule {
        order,
        standing,
        dates,
        planned_date,
        waiting,
        plan,
    })
}

/// The instructions in order, grouped by date, each group with the entries that recorded its
/// members and its state so far: `cut` when all are recorded and cut, `open` when one is recorded
/// in a change set not cut yet, else `later`.
fn date_groups(order: &[Sequenced], records: &[Option<&Recorded>]) -> Vec<DateGroup> {
    let mut dates: Vec<DateGroup> = Vec::new();
    for (i, s) in order.iter().enumerate() {
        match dates.last_mut() {
            Some(g) if g.date == s.date => g.members.push(i),
            _ => dates.push(DateGroup {
                date: s.date.clone(),
                members: vec![i],
                state: "later",
                changes: false,
                entries: Vec::new(),
            }),
        }
    }
    for g in &mut dates {
        let mut entries: Vec<String> = g
            .members
            .iter()
            .filter_map(|&i| records[i].map(|r| r.entry.clone()))
            .collect();
        entries.sort();
        entries.dedup();
        g.entries = entries;
        let all = g.members.iter().all(|&i| records[i].is_some());
        let open = g
            .members
            .iter()
            .any(|&i| records[i].is_some_and(|r| !r.cut));
        if open {
            g.state = "open";
        } else if all {
            g.state = "cut";
        }
    }
    dates
}

/// The dates planned now, from the first with an instruction not recorded: dates that change
/// nothing ride along with the next date that does. The instructions taken (indexes of `order`)
/// and the last date planned.
fn plan_dates(
    laws: &[AmendingLaw],
    order: &[Sequenced],
    records: &[Option<&Recorded>],
    dates: &mut [DateGroup],
    slug: &str,
    stored: &[StoredUnit],
    vocabulary: &Vocabulary,
) -> (Vec<usize>, Option<Option<String>>) {
    let mut taken: Vec<usize> = Vec::new();
    let mut planned_date = None;
    let Some(first) = dates
        .iter()
        .position(|g| g.members.iter().any(|&i| records[i].is_none()))
    else {
        return (taken, planned_date);
    };
    for g in dates.iter_mut().skip(first) {
        let fresh: Vec<usize> = g
            .members
            .iter()
            .copied()
            .filter(|&i| records[i].is_none())
            .collect();
        taken.extend(&fresh);
        g.state = "planned";
        planned_date = Some(g.date.clone());
        let steps: Vec<(usize, usize, bool)> = taken
            .iter()
            .map(|&i| (order[i].law, order[i].instruction, true))
            .collect();
        let result = apply_steps(laws, &steps, slug, stored, vocabulary);
        let changes = result.applied[steps.len() - fresh.len()..]
            .iter()
            .any(|a| matches!(&a.outcome, Outcome::Applied { changed } if !changed.is_empty()));
        g.changes = changes;
        if changes {
            break;
        }
    }
    (taken, planned_date)
}

/// Edits by hand finish a change set: with none planned, they would be one of their own.
fn nothing_to_finish(waiting: &[String]) -> PlanError {
    PlanError::ManualEdit {
        index: 0,
        field: "op",
        reason: match waiting.first() {
            None => "no change set is planned now (every instruction is in a change set already): there is nothing to finish by hand".into(),
            Some(open) => format!(
                "no change set is planned now: it waits for the open change set {open} to be cut"
            ),
        },
        hint: "remove the edits by hand, or make them in the change set they belong to".into(),
    }
}

/// What the reader could not read in the amending laws `now` says (by index), for the document
/// `slug` titled `title`: words in an article that amends this document, or in one it cannot tell (no
/// article, or the law amends one law only). Words in articles for other laws are theirs.
pub fn unread_for(
    laws: &[AmendingLaw],
    slug: &str,
    title: Option<&str>,
    now: impl Fn(usize) -> bool,
) -> Vec<Unread> {
    let mut out = Vec::new();
    for (l, law) in laws.iter().enumerate() {
        if !now(l) {
            continue;
        }
        let mine = law.laws_for(slug, title);
        for u in &law.unreadable {
            let article = article_of(&u.provision);
            let named: Vec<usize> = (0..law.laws.len())
                .filter(|&i| article.as_deref().is_some_and(|a| law.laws[i].article == a))
                .collect();
            let keep = if named.is_empty() {
                !mine.is_empty()
            } else {
                named.iter().any(|i| mine.contains(i))
            };
            if keep {
                out.push(Unread {
                    law: law.doc_code.clone(),
                    provision: u.provision.clone(),
                    line: u.line,
                    offset: u.offset,
                    text: u.text.clone(),
                    code: u.code.clone(),
                    reason: u.reason.clone(),
                    by_hand: None,
                });
            }
        }
    }
    out
}

/// `dieu-2` of `Điều 2 khoản 34`.
fn article_of(provision: &str) -> Option<String> {
    let rest = provision.trim().strip_prefix("Điều ")?;
    let n = rest.split_whitespace().next()?;
    Some(format!("dieu-{}", n.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::amending_law::read_amending_law;
    use crate::text::vocabulary::default_vocabulary;

    #[test]
    fn rank_reads_the_code_and_for_the_assembly_the_kind_word() {
        let r = |code: &str, text: &str| rank(code, text).kind;
        assert_eq!(
            r(
                "57/2024/QH15",
                "QUỐC HỘI\nLuật số: 57/2024/QH15\n\nLUẬT \nSỬA ĐỔI"
            ),
            "Luật"
        );
        assert_eq!(
            r("203/2025/QH15", "QUỐC HỘI\nNGHỊ QUYẾT\nSỬA ĐỔI, BỔ SUNG"),
            "Nghị quyết"
        );
        assert_eq!(
            r(
                "01/2020/UBTVQH14",
                "ỦY BAN THƯỜNG VỤ QUỐC HỘI\nPHÁP LỆNH\nSỬA ĐỔI"
            ),
            "Pháp lệnh"
        );
        assert_eq!(r("01/2020/UBTVQH14", ""), "Pháp lệnh");
        assert_eq!(r("55/2023/NĐ-CP", "NGHỊ ĐỊNH"), "Nghị định");
        assert_eq!(r("55/2023/ND-CP", ""), "Nghị định");
        assert_eq!(r("12/2024/QĐ-TTg", ""), "Quyết định");
        assert_eq!(r("08/2023/TT-BLĐTBXH", ""), "Thông tư");
        assert_eq!(r("xyz", ""), "?");
        let order: Vec<u8> = [
            "1/2024/QH15",
            "2/2024/UBTVQH15",
            "3/2024/NĐ-CP",
            "4/2024/QĐ-TTg",
            "5/2024/TT-BTC",
        ]
        .iter()
        .map(|c| rank(c, "").rank)
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    }

    fn law(kind: &str, code: &str, adopted: &str, body: &str) -> (AmendingLaw, Rank) {
        let text = format!(
            "{kind}\nSỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU CỦA LUẬT THỬ NGHIỆM\nCăn cứ Hiến pháp;\nban hành sửa đổi, bổ sung một số điều của Luật Thử nghiệm số 10/2020/QH14.\nĐiều 1. Sửa đổi, bổ sung một số điều của Luật Thử nghiệm số 10/2020/QH14\n{body}\nĐiều 2. Hiệu lực thi hành\n1. Văn bản này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2021.\nHà Nội, ngày {adopted}\n"
        );
        let vi = default_vocabulary("vi").expect("vi");
        (read_amending_law(&text, code, vi), rank(code, &text))
    }

    #[test]
    fn same_day_instructions_by_rank_then_promulgation_then_clause_order() {
        let (decree, dr) = law(
            "NGHỊ ĐỊNH",
            "5/2020/NĐ-CP",
            "01 tháng 6 năm 2020",
            "1. Bãi bỏ khoản 1 Điều 3.\n2. Bãi bỏ khoản 2 Điều 3.",
        );
        let (late, lr) = law(
            "LUẬT",
            "9/2020/QH14",
            "20 tháng 11 năm 2020",
            "1. Bãi bỏ khoản 1 Điều 4.",
        );
        let (early, er) = law(
            "LUẬT",
            "8/2020/QH14",
            "01 tháng 6 năm 2020",
            "1. Bãi bỏ khoản 1 Điều 5.\n2. Bãi bỏ khoản 2 Điều 5.",
        );
        for l in [&decree, &late, &early] {
            assert_eq!(l.in_force.as_deref(), Some("2021-01-01"), "{l:?}");
            assert!(!l.instructions.is_empty(), "{l:?}");
        }
        let laws = vec![decree, late, early];
        let order = sequence(&laws, &[dr, lr, er], "10-2020-qh14", None);
        let got: Vec<String> = order
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    laws[s.law].doc_code,
                    laws[s.law].instructions[s.instruction].targets.join(",")
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "8/2020/QH14 dieu-5/khoan-1",
                "8/2020/QH14 dieu-5/khoan-2",
                "9/2020/QH14 dieu-4/khoan-1",
                "5/2020/NĐ-CP dieu-3/khoan-1",
                "5/2020/NĐ-CP dieu-3/khoan-2",
            ]
        );
        assert!(order
            .iter()
            .all(|s| s.date.as_deref() == Some("2021-01-01")));
    }
}
