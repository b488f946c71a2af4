//! The `<meta>` of the export, one writer per element, in the order the schema wants them:
//! identification, lifecycle, analysis, temporalData, references, notes.

use std::collections::HashMap;

use super::naming::eid_of_address;
use super::{
    alias_instant, textual_mod, xml, year_of, AknDocument, Event, Law, Names, WrittenNote,
    NOTE_CLASS, PUBLISHER,
};
use crate::store::unit::StoredAlias;
use crate::text::timestamp::Timestamp;

/// A `<textualMod>`: its type, source, destinations and the temporal group it is in force from.
pub(super) struct Modification {
    kind: &'static str,
    source: String,
    destinations: Vec<String>,
    period: String,
}

/// A `<mapping>`: an old eId, the eId it is now, and the events that opened and closed the alias.
pub(super) struct Mapping {
    original: String,
    current: String,
    start: Option<String>,
    end: Option<String>,
}

/// `<identification>`: the FRBR work, expression and manifestation.
pub(super) fn identification(
    w: &mut xml::Writer,
    doc: &AknDocument,
    names: &Names<'_>,
    generated_at: &str,
) {
    w.open("identification", &[("source", "#iu-cutter")]);
    let frbr =
        |w: &mut xml::Writer, this: &str, uri: &str, date: &str, date_name: &str, author: &str| {
            w.empty("FRBRthis", &[("value", this)]);
            w.empty("FRBRuri", &[("value", uri)]);
            w.empty("FRBRdate", &[("date", date), ("name", date_name)]);
            w.empty("FRBRauthor", &[("href", author)]);
        };
    let work_uri = &names.work_uri;
    w.open("FRBRWork", &[]);
    frbr(
        w,
        &format!("{work_uri}/!main"),
        work_uri,
        &names.first_date,
        "generation",
        "#legislature",
    );
    w.empty("FRBRcountry", &[("value", &names.country)]);
    w.empty("FRBRnumber", &[("value", &doc.doc_code)]);
    if let Some(title) = doc.title.as_deref().filter(|t| !t.trim().is_empty()) {
        w.empty("FRBRname", &[("value", title)]);
    }
    w.close("FRBRWork");
    let expression_uri = &names.expression_uri;
    w.open("FRBRExpression", &[]);
    frbr(
        w,
        &format!("{expression_uri}/!main"),
        expression_uri,
        &names.date,
        "version",
        "#legislature",
    );
    w.empty("FRBRlanguage", &[("language", names.lang)]);
    w.close("FRBRExpression");
    w.open("FRBRManifestation", &[]);
    frbr(
        w,
        &names.manifestation_uri,
        &names.manifestation_uri,
        generated_at,
        "generation",
        "#iu-cutter",
    );
    w.empty("FRBRformat", &[("value", "application/akn+xml")]);
    w.close("FRBRManifestation");
    w.close("identification");
}

/// `<lifecycle>`: one `<eventRef>` per change set in force.
pub(super) fn lifecycle(w: &mut xml::Writer, events: &[Event<'_>]) {
    if events.is_empty() {
        return;
    }
    w.open("lifecycle", &[("source", "#iu-cutter")]);
    for e in events {
        w.empty(
            "eventRef",
            &[
                ("eId", &e.eid),
                ("date", &e.date),
                ("source", &e.source),
                ("type", e.kind),
            ],
        );
    }
    w.close("lifecycle");
}

/// The passive modifications: every applied instruction of the events' amending laws, and the
/// events they are in force from (their temporal groups). An instruction kind Akoma Ntoso has no
/// textual modification for is left out, with a warning.
pub(super) fn passive_modifications<'e>(
    events: &'e [Event<'_>],
    laws: &[Law],
    names: &Names<'_>,
    warnings: &mut Vec<String>,
) -> (Vec<Modification>, Vec<&'e str>) {
    let mut mods = Vec::new();
    let mut periods: Vec<&str> = Vec::new();
    for e in events {
        let Some(amendment) = &e.info.amendment else {
            continue;
        };
        for step in amendment.steps.iter().filter(|s| s.applied) {
            let Some(kind) = textual_mod(&step.kind) else {
                warnings.push(format!(
                    "{}: the instruction kind \"{}\" has no Akoma Ntoso textual modification; left out of passiveModifications",
                    step.reference, step.kind
                ));
                continue;
            };
            let reference = step.reference.split('#').next().unwrap_or_default();
            let law_slug = reference.split('/').next().unwrap_or_default();
            let law_uri = laws
                .iter()
                .find(|l| l.slug == law_slug)
                .map(|l| l.uri.clone())
                .unwrap_or_else(|| {
                    format!(
                        "/akn/{}/act/{}/{law_slug}",
                        names.country,
                        year_of(&step.law).unwrap_or_else(|| "0000".into())
                    )
                });
            let source = match eid_of_address(reference) {
                Some(eid) => format!("{law_uri}/~{eid}"),
                None => law_uri,
            };
            let destinations = step
                .targets
                .iter()
                .map(|t| match eid_of_address(t) {
                    Some(eid) => format!("#{eid}"),
                    None => names.work_uri.clone(),
                })
                .collect::<Vec<_>>();
            if destinations.is_empty() {
                continue;
            }
            if !periods.contains(&e.eid.as_str()) {
                periods.push(&e.eid);
            }
            mods.push(Modification {
                kind,
                source,
                destinations,
                period: format!("#tg_{}", e.eid),
            });
        }
    }
    (mods, periods)
}

/// The mappings: every alias in force by `at` whose old address names another eId than its unit's
/// now, in alias order, with the events that opened and closed it.
pub(super) fn mappings(
    aliases: &[StoredAlias],
    at: Timestamp,
    eid_by_unit: &HashMap<&str, String>,
    events: &[Event<'_>],
) -> Vec<Mapping> {
    let mut out = Vec::new();
    let mut aliases: Vec<&StoredAlias> = aliases.iter().collect();
    aliases.sort_by(|a, b| (&a.alias_text, &a.alias_id).cmp(&(&b.alias_text, &b.alias_id)));
    let event_at = |t: Option<Timestamp>| {
        t.and_then(|t| events.iter().rev().find(|e| e.at == t))
            .map(|e| format!("#{}", e.eid))
    };
    for alias in aliases {
        let from = alias_instant(&alias.valid_from);
        if from.is_some_and(|f| f > at) {
            continue;
        }
        let Some(current) = alias
            .target_unit_id
            .as_deref()
            .and_then(|t| eid_by_unit.get(t))
        else {
            continue;
        };
        let Some(original) = eid_of_address(&alias.alias_text) else {
            continue;
        };
        if original == *current {
            continue;
        }
        out.push(Mapping {
            original,
            current: current.clone(),
            start: event_at(from),
            end: event_at(alias_instant(&alias.valid_until)),
        });
    }
    out
}

/// `<analysis>`, left out when it would be empty (the schema wants a child in each of its lists).
pub(super) fn analysis(w: &mut xml::Writer, mods: &[Modification], mappings: &[Mapping]) {
    if mods.is_empty() && mappings.is_empty() {
        return;
    }
    w.open("analysis", &[("source", "#iu-cutter")]);
    if !mods.is_empty() {
        w.open("passiveModifications", &[]);
        for (i, m) in mods.iter().enumerate() {
            w.open(
                "textualMod",
                &[("type", m.kind), ("eId", &format!("pmod_{}", i + 1))],
            );
            w.empty("source", &[("href", &m.source)]);
            for d in &m.destinations {
                w.empty("destination", &[("href", d)]);
            }
            w.empty("force", &[("period", &m.period)]);
            w.close("textualMod");
        }
        w.close("passiveModifications");
    }
    if !mappings.is_empty() {
        w.open("mappings", &[("source", "#iu-cutter")]);
        for m in mappings {
            let mut attrs: Vec<(&str, &str)> =
                vec![("original", &m.original), ("current", &m.current)];
            if let Some(s) = &m.start {
                attrs.push(("start", s));
            }
            if let Some(e) = &m.end {
                attrs.push(("end", e));
            }
            w.empty("mapping", &attrs);
        }
        w.close("mappings");
    }
    w.close("analysis");
}

/// `<temporalData>`: the periods the modifications are in force from.
pub(super) fn temporal_data(w: &mut xml::Writer, periods: &[&str]) {
    if periods.is_empty() {
        return;
    }
    w.open("temporalData", &[("source", "#iu-cutter")]);
    for p in periods {
        w.open("temporalGroup", &[("eId", &format!("tg_{p}"))]);
        w.empty(
            "timeInterval",
            &[("start", &format!("#{p}")), ("refersTo", "#inForce")],
        );
        w.close("temporalGroup");
    }
    w.close("temporalData");
}

/// `<references>`: every TLC and document a source or href above names.
pub(super) fn references(
    w: &mut xml::Writer,
    names: &Names<'_>,
    title: &str,
    laws: &[Law],
    in_force_concept: bool,
    publisher: bool,
) {
    w.open("references", &[("source", "#iu-cutter")]);
    w.empty(
        "original",
        &[
            ("eId", "original"),
            ("href", &names.original_uri),
            ("showAs", title),
        ],
    );
    for (i, law) in laws.iter().enumerate() {
        w.empty(
            "passiveRef",
            &[
                ("eId", &format!("pas_{}", i + 1)),
                ("href", &law.uri),
                ("showAs", &law.code),
            ],
        );
    }
    w.empty(
        "TLCOrganization",
        &[
            ("eId", "legislature"),
            (
                "href",
                &format!("/akn/ontology/organizations/{}/legislature", names.country),
            ),
            ("showAs", "Legislature"),
        ],
    );
    w.empty(
        "TLCOrganization",
        &[
            ("eId", "iu-cutter"),
            ("href", "/akn/ontology/organizations/iu-cutter"),
            ("showAs", "iu-cutter"),
        ],
    );
    if in_force_concept {
        w.empty(
            "TLCConcept",
            &[
                ("eId", "inForce"),
                ("href", "/akn/ontology/concepts/inForce"),
                ("showAs", "in force"),
            ],
        );
    }
    if publisher {
        // The publisher of the source text, not the law's author (#legislature) nor iu-cutter.
        w.empty(
            "TLCOrganization",
            &[
                ("eId", PUBLISHER),
                ("href", "/akn/ontology/organizations/publisher"),
                (
                    "showAs",
                    "Publisher of the source text (its editorial notes are not law)",
                ),
            ],
        );
    }
    w.close("references");
}

/// `<notes>`: the publisher's editorial notes, each referred to by a `<noteRef>` at its provision.
pub(super) fn notes(w: &mut xml::Writer, notes: &[WrittenNote], warnings: &mut Vec<String>) {
    if notes.is_empty() {
        return;
    }
    w.open("notes", &[("source", &format!("#{PUBLISHER}"))]);
    for n in notes {
        let before = w.dropped;
        w.open(
            "note",
            &[
                ("eId", &n.eid),
                ("class", NOTE_CLASS),
                ("placementBase", &format!("#{}", n.provision)),
            ],
        );
        let lines: Vec<&str> = n
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            w.empty("p", &[]);
        }
        for l in lines {
            w.text("p", &[], l);
        }
        w.close("note");
        let own = w.dropped - before;
        if own > 0 {
            warnings.push(format!(
                "{}: {own} character(s) XML 1.0 forbids were dropped from the publisher's note {}",
                n.address, n.eid
            ));
            w.reported += own;
        }
    }
    w.close("notes");
}
