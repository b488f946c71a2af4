//! Where a heading's unit would go, and whether its ordinal follows its sequence there:
//! restarts, skips, tables of contents, quoted headings.

use compact_str::CompactString;

use super::super::codes;
use super::super::lines::Line;
use super::super::pattern::Match;
use super::super::sequence::{rank, show, step, Rank, Step};
use super::super::text::{first_folded, is_space, TrimSpace};
use super::{address_hash, Attach, Divided, Last, Open, Plan, Segmenter, LOOKAHEAD_LINES};
use crate::store::unit::{derived_address, may_number_per_division, scoped_address};
use crate::text::diagnostic::Severity;
use crate::text::vocabulary::{OrdinalStyle, SectionType};

impl Segmenter<'_> {
    // A weak heading (`1 Short title`, `3. Citizenship`) must continue its sequence, or skip a
    // few numbers, and not follow a numbered line that was refused (the rows of a table). The
    // first citation root of the text may have any number when a title follows it: an extract
    // (`Part VI`, then `129 Lords Commissioners …`) starts where its source does. An inserted
    // number (`4A`) follows its base, or the number before it where the base itself is gone:
    // `4A.` after `2.` is a row of a table or quoted text.
    pub(super) fn weak_fits(&self, m: &Match, plan: &Plan) -> bool {
        let first_root = !plan.had_previous
            && m.titled
            && self.types.get(m.section).is_some_and(|t| t.citation_root);
        let inserted = plan.rank.as_ref().is_some_and(|r| !r.suffix().is_empty());
        let gap = if inserted { 1 } else { 5 };
        self.row_line != Some(self.prev_line)
            && plan.attach != Attach::Orphan
            && match &plan.step {
                Some(Step::Next) => true,
                Some(Step::Gap { from, to }) => {
                    to.saturating_sub(*from) < gap || first_root || self.opens_structure(m, plan)
                }
                _ => false,
            }
    }

    pub(super) fn note_restart(&mut self, m: &Match, plan: &Plan) {
        if let Some(d) = self.restarts_in_division(m, plan) {
            self.restarted_in.push(d);
        }
    }

    // A unit that is no citation root numbered 1 again (`1 (1) Subject to …`) as the first of
    // its type since a division of its parent opened (`PART II` of a schedule), when its
    // parent held units of its type before that division: the document numbers the type in
    // each division (Justice Canada's schedules), the type of the division is returned. Asked
    // of a number that goes back only.
    pub(super) fn restarts_in_division(&self, m: &Match, plan: &Plan) -> Option<Divided> {
        let t = self.types.get(m.section)?;
        if t.citation_root || plan.step != Some(Step::Backwards) {
            return None;
        }
        let Attach::Under(i) = plan.attach else {
            return None;
        };
        if !plan
            .rank
            .as_ref()
            .is_some_and(|r| step(None, r) == Step::Next)
        {
            return None;
        }
        let parent = self.stack.get(i)?;
        let parent_line = self.drafts.get(parent.unit?)?.unit.line;
        let parent_code = &self.types.get(parent.section)?.code;
        let previous = parent.children.iter().find(|l| l.section == m.section)?;
        let (at, open) = self
            .stack
            .iter()
            .enumerate()
            .skip(i + 1)
            .rev()
            .find(|(_, o)| {
                // A division of this parent (a schedule's Part, not a subsection holding
                // paragraphs).
                self.types.get(o.section).is_some_and(|d| {
                    d.parents.contains(parent_code) && may_number_per_division(t, d)
                })
            })?;
        let division = open.unit?;
        let first_in_division = !self
            .drafts
            .iter()
            .skip(division + 1)
            .any(|d| d.section == m.section);
        (at > i && previous.unit < division && first_in_division).then_some(Divided {
            section: m.section,
            division: open.section,
            parent_line,
        })
    }

    // A citation root whose number the document's own table of contents lists (`26.` in the
    // arrangement of sections of a bill printed in extract, sections 3 to 25 left out) is a
    // heading however far its number jumps: the first word of a contents line, as written.
    pub(super) fn in_contents(&self, line: &Line<'_>, m: &Match, plan: &Plan) -> bool {
        // Only a number further on: one used again (`16. Northern Ireland` after `16.`) stays text.
        let root = self.types.get(m.section).is_some_and(|t| t.citation_root)
            && matches!(plan.step, Some(Step::Gap { .. }));
        let first = line
            .text
            .trim_start_matches(is_space)
            .split(is_space)
            .next();
        root && m.titled && first.is_some_and(|w| self.listed.iter().any(|l| l == w))
    }

    // Whether `m` would be the first unit of its type in the Part or Chapter just opened: a
    // Part may start far on (`PART III` opens at section 70 when Part II was repealed).
    pub(super) fn opens_structure(&self, m: &Match, plan: &Plan) -> bool {
        let Attach::Under(i) = plan.attach else {
            return false;
        };
        let Some(open) = self.stack.get(i) else {
            return false;
        };
        self.structural.get(open.section) == Some(&true)
            && open.unit.is_some_and(|u| {
                !self
                    .drafts
                    .iter()
                    .skip(u + 1)
                    .any(|d| d.section == m.section)
            })
    }

    // The line of the unit already cut at `address` (whose `address_hash` is `hash`), if any.
    pub(super) fn first_seen(&self, hash: u64, address: &str) -> Option<u32> {
        match self.seen.get(&hash).and_then(|&i| self.drafts.get(i)) {
            Some(d) if d.unit.canonical_address == address => Some(d.unit.line),
            _ => self.seen_collided.get(address).copied(),
        }
    }

    pub(super) fn push_skipped(&mut self, section: usize, address: Option<String>) {
        self.stack.push(Open {
            section,
            unit: None,
            left_out: address,
            children: Vec::new(),
        });
    }

    // The address of an open unit: its draft's, or the one a left-out unit would have had.
    pub(super) fn open_address(&self, i: usize) -> Option<&str> {
        let open = self.stack.get(i)?;
        match open.unit {
            Some(u) => self
                .drafts
                .get(u)
                .map(|d| d.unit.canonical_address.as_str()),
            None => open.left_out.as_deref(),
        }
    }

    // Where a unit of this match would go, and how its ordinal follows the previous one there.
    pub(super) fn plan(&self, m: &Match) -> Plan {
        let Some(t) = self.types.get(m.section) else {
            return Plan {
                attach: Attach::Orphan,
                rank: None,
                step: None,
                had_previous: false,
            };
        };
        let attach = self
            .stack
            .iter()
            .rposition(|open| {
                self.types
                    .get(open.section)
                    .is_some_and(|p| t.parents.contains(&p.code))
            })
            .map_or_else(
                || {
                    if t.may_be_top_level() || self.layout.top.get(m.section) == Some(&true) {
                        Attach::Root
                    } else {
                        Attach::Orphan
                    }
                },
                |i| {
                    // Numbered again in each division of its parent: in the open one.
                    let parent_line = self
                        .stack
                        .get(i)
                        .and_then(|o| o.unit)
                        .and_then(|u| self.drafts.get(u))
                        .map(|d| d.unit.line);
                    parent_line
                        .and_then(|l| self.layout.division_of(m.section, l))
                        .and_then(|d| {
                            self.stack
                                .iter()
                                .rposition(|open| open.section == d && open.unit.is_some())
                        })
                        .filter(|&j| j > i)
                        .map_or(Attach::Under(i), Attach::Under)
                },
            );
        let previous = self
            .scope(attach, m.section)
            .iter()
            .rev()
            .find(|l| l.section == m.section);
        let rank = rank(t.ordinal_style, self.alphabet, &m.ordinal);
        let step = rank.as_ref().map(|r| step(previous.map(|l| &l.rank), r));
        Plan {
            attach,
            rank,
            step,
            had_previous: previous.is_some(),
        }
    }

    // A heading of an outermost grouping (no parents: a public law's `DIVISION A`) while the
    // document's top unit is a grouping of a type it holds (`TITLE 54`, not inside any
    // division) numbered as the Code numbers it: the document does not group its titles
    // so, and the line names a subdivision
    // of that unit the vocabulary does not model (the `Division A` of title 54's subtitles, as
    // Pub. L. 113-287 enacts it). It is text, as it was before divisions were cut.
    pub(super) fn below_what_it_holds(&self, m: &Match, plan: &Plan) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        plan.attach == Attach::Root
            && t.parents.is_empty()
            && self.structural.get(m.section) == Some(&true)
            && self.stack.first().is_some_and(|open| {
                // A grouping (a title), not a provision before the divisions (`SEC. 4.`).
                self.structural.get(open.section) == Some(&true)
                    && self
                        .types
                        .get(open.section)
                        .is_some_and(|top| top.code != t.code && top.parents.contains(&t.code))
            })
            // Numbered in digits as the Code numbers its titles (`TITLE 54`), where a public
            // law numbers its titles in roman (`TITLE I`, which a `DIVISION` heading closes).
            && self.stack.first().and_then(|open| open.unit).is_some_and(|unit| {
                self.roots
                    .iter()
                    .any(|l| l.unit == unit && l.written.is_none())
            })
    }

    // The sequence a unit's ordinal continues: document-wide for citation roots, else its parent's.
    pub(super) fn scope(&self, attach: Attach, section: usize) -> &[Last] {
        let parent_at = match attach {
            Attach::Under(i) => Some(i),
            _ => None,
        };
        if let Some(g) = self.grouping_at(parent_at, section) {
            return self.stack.get(g).map_or(&[], |o| o.children.as_slice());
        }
        let root = self.is_root(section);
        match attach {
            Attach::Under(i) if !root => self.stack.get(i).map_or(&[], |o| o.children.as_slice()),
            _ => &self.roots,
        }
    }

    // Where on the open path a unit under `parent_at` of a type numbered per grouping
    // (`Layout::within`) has its grouping: the nearest open unit of that type at or above its
    // parent. None for other types, and outside any such grouping (`SEC. 3.` before the
    // divisions numbers through the document).
    pub(super) fn grouping_at(&self, parent_at: Option<usize>, section: usize) -> Option<usize> {
        let g = self.layout.within(section)?;
        let i = parent_at?;
        self.stack.get(..=i)?.iter().rposition(|o| o.section == g)
    }

    // A citation root whose address is taken (`hash`), first of its type in the outermost
    // grouping it stands in (`SEC. 101.` of `DIVISION B`, under its `TITLE I`), while the unit
    // holding the address stands in an earlier grouping of the same type (`DIVISION A`): the
    // document numbers it per grouping. The grouping's type: an outermost citation-root type
    // (no parents) holding citation roots. Returns that type.
    pub(super) fn restarts_within(
        &self,
        m: &Match,
        parent_at: Option<usize>,
        hash: u64,
    ) -> Option<usize> {
        let t = self.types.get(m.section)?;
        if !t.citation_root || self.layout.within(m.section).is_some() {
            return None;
        }
        let outermost = |section: usize| {
            section != m.section
                && self.structural.get(section) == Some(&true)
                && self
                    .types
                    .get(section)
                    .is_some_and(|g| g.citation_root && g.parents.is_empty())
        };
        let i = parent_at?;
        let at = self
            .stack
            .get(..=i)?
            .iter()
            .position(|o| outermost(o.section))?;
        let open = self.stack.get(at)?;
        let grouping = open.unit?;
        // The holder's own grouping: its nearest ancestor of that type.
        let mut holder = self.seen.get(&hash).copied();
        let mut holder_grouping = None;
        while let Some(u) = holder {
            let d = self.drafts.get(u)?;
            if d.section == open.section && u != grouping {
                holder_grouping = Some(u);
                break;
            }
            holder = d.unit.parent;
        }
        holder_grouping?;
        // Drafts after the grouping's own are all inside it while it is open.
        let first = !self
            .drafts
            .iter()
            .skip(grouping + 1)
            .any(|d| d.section == m.section);
        first.then_some(open.section)
    }

    // Whether units of this type number through the whole document (citation roots not
    // numbered per parent in this document).
    pub(super) fn is_root(&self, section: usize) -> bool {
        self.types.get(section).is_some_and(|t| t.citation_root) && !self.layout.scoped(section)
    }

    // Called just before the unit is added to `drafts`.
    pub(super) fn remember(
        &mut self,
        parent_at: Option<usize>,
        section: usize,
        rank: Rank,
        written: Option<String>,
    ) {
        let unit = self.drafts.len();
        let root = self.is_root(section);
        // As `scope` reads it: the grouping's, the parent's, or the document's sequence.
        let at = self
            .grouping_at(parent_at, section)
            .or(parent_at.filter(|_| !root));
        let scope = match at {
            Some(i) => match self.stack.get_mut(i) {
                Some(open) => &mut open.children,
                None => return,
            },
            _ => &mut self.roots,
        };
        scope.retain(|l| l.section != section);
        scope.push(Last {
            section,
            rank,
            unit,
            written,
        });
    }

    // Several types read the line (`(i)`: subparagraph i or item i). Prefer, in turn: the one
    // that continues its sequence, then one that starts a new sequence, then the deepest; ties go to vocabulary order.
    pub(super) fn choose(&mut self, line: &Line<'_>, mut matches: Vec<Match>) -> Option<Match> {
        if matches.len() <= 1 {
            return matches.pop();
        }
        let mut best: Option<((u8, usize), Match)> = None;
        let mut runner_up: Option<(u8, usize, CompactString)> = None;
        let mut refused_weak = false;
        for m in matches {
            let plan = self.plan(&m);
            self.note_restart(&m, &plan);
            if m.weak && !self.weak_fits(&m, &plan) && !self.in_contents(line, &m, &plan) {
                refused_weak = true;
                continue;
            }
            let depth = match plan.attach {
                Attach::Under(i) => i + 2,
                Attach::Root => 1,
                Attach::Orphan => 0,
            };
            let tier = match (plan.attach, &plan.step, plan.had_previous) {
                (Attach::Orphan, _, _) => 0,
                // `(i)` after `(h)` but followed by `(ii)`: the next line settles it.
                (_, Some(Step::Next), _)
                    if self.next_line_follows(line, &m, plan.rank.as_ref()) =>
                {
                    4
                }
                (_, Some(Step::Next), true) => 3,
                (_, Some(Step::Next), false) => 2,
                // No list starts past the length of an alphabet: `(c)` after a subsection (c) is
                // that number repeated, not a first clause c (100) under the paragraph before it.
                // (A first `(v)` may well follow clauses (i)–(iv) kept as text of a definition.)
                (_, Some(Step::Gap { to, .. }), false) if *to >= 26 => 0,
                _ => 1,
            };
            match &best {
                Some((key, _)) if (tier, depth) <= *key => {
                    runner_up = runner_up.max(Some((tier, depth, m.ordinal)));
                }
                _ => {
                    runner_up = runner_up.max(best.map(|((t, d), b)| (t, d, b.ordinal)));
                    best = Some(((tier, depth), m));
                }
            }
        }
        let Some(((tier, _), chosen)) = best else {
            if refused_weak {
                self.refused_row(line);
            }
            return None;
        };
        // `(i)` after `(h)` continues the letters: the sequence decides. When two readings of
        // the number (letter i, numeral 1) continue or start their sequences alike, only the
        // depth decides: a person should confirm. (`Part 1` of an act or of a schedule is one number.)
        let ambiguous = runner_up
            .is_some_and(|(t, _, ordinal)| t >= 2 && t == tier && ordinal != chosen.ordinal);
        if ambiguous {
            self.ambiguous = Some(chosen.section);
        }
        Some(chosen)
    }

    pub(super) fn check_order(
        &mut self,
        line: &Line<'_>,
        m: &Match,
        t: &SectionType,
        plan: &Plan,
        written: &str,
    ) {
        // The usual case, next in its sequence, needs neither a location nor the previous ordinal.
        if plan.step == Some(Step::Next) {
            return;
        }
        let at = line.locate(m.ordinal_at);
        let previous = self
            .scope(plan.attach, m.section)
            .iter()
            .find(|l| l.section == m.section)
            .map(|l| match &l.written {
                Some(w) => w.clone(),
                None => self
                    .drafts
                    .get(l.unit)
                    .map(|d| d.unit.ordinal.to_string())
                    .unwrap_or_default(),
            });
        let style = t.ordinal_style;
        let label = &t.label;
        match (&plan.step, previous) {
            // A number too large to rank is left unchecked; only letters can fall outside the sequence.
            // A defined term has no sequence.
            (None, _) if style.is_numeric() || style == OrdinalStyle::Term => {}
            (None, _) => {
                let letters = self.alphabet.spelled();
                self.report(
                    Severity::Warning,
                    codes::ORDINAL_OUT_OF_ORDER,
                    at,
                    format!("{label} {written} is not in the sequence {letters}"),
                    format!("use the letters {letters}"),
                );
            }
            (Some(Step::Next), _) => {}
            // US acts number sections by title and subtitle (SEC. 1101 opens title I, subtitle A),
            // also where no title is printed above the first (a joint resolution's `Sec. 101.`).
            (Some(Step::Gap { .. }), _) if t.citation_root && self.opens_a_hundred(m, plan) => {}
            (Some(Step::Gap { from, to }), previous) => {
                let missing = if from == to {
                    format!("{label} {} is missing", show(style, self.alphabet, *from))
                } else {
                    format!(
                        "{label} {} to {} are missing",
                        show(style, self.alphabet, *from),
                        show(style, self.alphabet, *to)
                    )
                };
                let message = match previous {
                    Some(p) => format!("{label} {written} follows {label} {p}: {missing}"),
                    None => format!("{label} {written} is the first {label} here: {missing}"),
                };
                self.report(
                    Severity::Warning,
                    codes::ORDINAL_GAP,
                    at,
                    message,
                    "check the numbering against the source; if the text is an excerpt, the gap is expected".into(),
                );
            }
            (Some(Step::Backwards), previous) => {
                let p = previous.unwrap_or_default();
                self.report(
                    Severity::Warning,
                    codes::ORDINAL_OUT_OF_ORDER,
                    at,
                    format!("{label} {written} comes after {label} {p}, which numbers later"),
                    "check the numbering against the source; units are cut in the order they appear".into(),
                );
            }
        }
    }

    // Whether the next line with text is the next heading of the same type as `m`.
    pub(super) fn next_line_follows(
        &self,
        line: &Line<'_>,
        m: &Match,
        rank_of_m: Option<&Rank>,
    ) -> bool {
        let Some(current) = rank_of_m else {
            return false;
        };
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        let Some(next) = rest
            .split(['\n', '\r'])
            .skip(1)
            .map(|l| l.trim_space())
            .find(|l| !l.is_empty())
        else {
            return false;
        };
        let Some(code) = self.types.get(m.section).map(|t| &t.code) else {
            return false;
        };
        // The next of its own list, or the first of a list under it (`(i)` then `(I)`: a
        // clause and its first subclause, not subsection (i)).
        self.patterns
            .iter()
            .filter_map(|p| p.match_at(next, 0, first_folded(next)))
            .any(|n| {
                let Some(t) = self.types.get(n.section) else {
                    return false;
                };
                let previous = if n.section == m.section {
                    Some(current)
                } else if t.parents.contains(code) {
                    None
                } else {
                    return false;
                };
                rank(t.ordinal_style, self.alphabet, &n.ordinal)
                    .is_some_and(|r| step(previous, &r) == Step::Next)
            })
    }

    // Inside a note, whether a major heading belongs to the note (an Executive Order's
    // `Sec. 2.`, its `Part I—…`) rather than ending it. A citation root whose number goes
    // back or repeats an address already cut is quoted. A structural heading is quoted when
    // the first citation root after it does not continue the text's own numbering, or when,
    // before the next heading of its type or of a type it sits in, none does: an entry of a
    // chapter analysis meets the next entry first. An entry is also known by the heading of
    // its type that follows with a lower number (the analysis's last `SUBCHAPTER III—…`, then
    // the text's `§ 401.` and `SUBCHAPTER I—…`).
    pub(super) fn quoted_in_note(&self, line: &Line<'_>, m: &Match) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return false;
        };
        if t.citation_root {
            return self.after_schedules(t) || !self.root_continues(m);
        }
        let key = |m: &Match| {
            self.types
                .get(m.section)
                .and_then(|t| rank(t.ordinal_style, self.alphabet, &m.ordinal))
                .map(Rank::key)
        };
        let own = key(m);
        let mut continued = false;
        let from = line.locate(0).offset;
        let rest = self.input.get(from..).unwrap_or_default();
        for next in rest
            .split(['\n', '\r'])
            .skip(1)
            .take(LOOKAHEAD_LINES)
            .map(|l| l.trim_space())
        {
            // A repealed provision's heading in brackets (`[§ 201. Repealed …]`) counts.
            let next = next.strip_prefix('[').unwrap_or(next);
            let first = first_folded(next);
            let Some(n) = self
                .patterns
                .iter()
                .filter_map(|p| p.match_at(next, 0, first))
                .find(|n| !n.weak && self.is_major(n.section))
            else {
                continue;
            };
            if n.section == m.section {
                let lower = own.is_some() && key(&n).is_some_and(|k| Some(k) < own);
                return lower || !continued;
            }
            if self.inside(m.section, n.section) {
                return !continued;
            }
            if !continued && self.types.get(n.section).is_some_and(|nt| nt.citation_root) {
                if !self.root_continues(&n) {
                    return true;
                }
                continued = true;
            }
        }
        !continued
    }

    // Whether a provision that stands in Parts (a section, not a schedule) comes after a
    // schedule (an attachment: a top-level unit holding no citation roots) was cut: the text's
    // own provisions end where its schedules begin, so in a note there it is the note's
    // (Justice Canada's `RELATED PROVISIONS` print sections of amending Acts, `26 …` after
    // section 25 and the schedules).
    pub(super) fn after_schedules(&self, t: &SectionType) -> bool {
        !t.parents.is_empty() && self.drafts.iter().any(|d| self.attachment(d.section))
    }

    // Whether a citation root's number continues the text's own: it neither goes back nor
    // repeats an address already cut.
    pub(super) fn root_continues(&self, m: &Match) -> bool {
        let Some(t) = self.types.get(m.section) else {
            return true;
        };
        let previous = self.roots.iter().find(|l| l.section == m.section);
        let back = rank(t.ordinal_style, self.alphabet, &m.ordinal)
            .is_some_and(|r| step(previous.map(|l| &l.rank), &r) == Step::Backwards);
        let address = derived_address(self.doc, None, t, &m.ordinal);
        !back && self.first_seen(address_hash(&address), &address).is_none()
    }

    // How many open units right above the parent at `parent_at` stay open under a unit of
    // type `section` that goes in that parent: divisions of the parent that the unit is
    // printed in but not addressed under (a schedule's `PART 2` and its `CHAPTER 1`, around
    // paragraphs numbered through the schedule, `…/schedule-1/para-5`). They hold the
    // divisions after the unit (`CHAPTER 2` is the same Part's), so the unit does not close
    // them; the next division of the parent does. Only divisions no unit of that type may
    // stand in (at any depth) and that stand in no such unit: no citation roots, no types of its
    // parents (a Canadian schedule's Part, which holds items holding subsections, stays out).
    pub(super) fn divisions_printed_around(&self, parent_at: usize, section: usize) -> usize {
        let (Some(t), Some(parent)) = (
            self.types.get(section),
            self.stack.get(parent_at).map(|o| o.section),
        ) else {
            return 0;
        };
        if t.citation_root {
            return 0;
        }
        self.stack
            .iter()
            .skip(parent_at + 1)
            .take_while(|o| {
                o.section != section
                    && self.types.get(o.section).is_some_and(|d| !d.citation_root)
                    && self.inside(o.section, parent)
                    && !self.inside(section, o.section)
                    && !self.inside(o.section, section)
            })
            .count()
    }

    // Whether a unit of type `a` may stand (at any depth) inside one of type `b`.
    pub(super) fn inside(&self, a: usize, b: usize) -> bool {
        self.inside.get(a).and_then(|row| row.get(b)) == Some(&true)
    }

    // The address a unit of this match would get where the line stands.
    pub(super) fn prospective_address(&self, m: &Match) -> Option<String> {
        let t = self.types.get(m.section)?;
        let parent_at = match self.plan(m).attach {
            Attach::Under(i) => Some(i),
            Attach::Root => None,
            Attach::Orphan => return None,
        };
        let address_at = |i: usize| {
            self.stack
                .get(i)
                .and_then(|o| o.unit)
                .and_then(|u| self.drafts.get(u))
                .map(|d| d.unit.canonical_address.as_str())
        };
        let parent = parent_at.and_then(address_at);
        let grouping = self.grouping_at(parent_at, m.section).and_then(address_at);
        let base = match self.instrument_draft() {
            Some(a) if t.citation_root => a.unit.canonical_address.as_str(),
            _ => self.doc,
        };
        Some(match (grouping, parent) {
            (Some(g), _) => scoped_address(g, t, &m.ordinal),
            (None, Some(p)) if self.layout.scoped(m.section) => scoped_address(p, t, &m.ordinal),
            _ => derived_address(base, parent, t, &m.ordinal),
        })
    }

    // A citation root numbered n01 that is the first of its type under its parent, or in the
    // document: numbering by hundreds.
    pub(super) fn opens_a_hundred(&self, m: &Match, plan: &Plan) -> bool {
        let first_under_parent = match plan.attach {
            Attach::Under(i) => self.stack.get(i).is_some_and(|open| {
                open.unit.is_some_and(|u| {
                    !self
                        .drafts
                        .iter()
                        .skip(u + 1)
                        .any(|d| d.section == m.section)
                })
            }),
            // The document's first: a title's number left unprinted.
            Attach::Root => !self.drafts.iter().any(|d| d.section == m.section),
            Attach::Orphan => false,
        };
        let number: u32 = m
            .ordinal
            .bytes()
            .take_while(u8::is_ascii_digit)
            .fold(0, |n, b| {
                n.saturating_mul(10).saturating_add(u32::from(b - b'0'))
            });
        first_under_parent && number % 100 == 1 && m.ordinal.bytes().all(|b| b.is_ascii_digit())
    }
}
