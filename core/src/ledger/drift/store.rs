//! The whole store against the whole ledger, in bounded memory: a pass over the chain keeps the last
//! after-image of every unit and alias id, then the store is compared page by page ([`drift_audit`]),
//! and what the ledger says exists but the store lost is compared last. The server's store audit, the
//! offline audit in Node (`npm run ledger:audit`) and the native one (`iu-cutter-audit`) all read the
//! store this way, so they judge the same.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::{drift_audit, AliasImage, DriftInput, DriftReport, UnitImage, DEFAULT_MAX_VIOLATIONS};
use crate::ledger::audit::Disowned;
use crate::store::unit::{StoredAlias, StoredUnit};

/// Affected-row actions that record an alias (its alias_id in `unit_id`), not a unit.
pub const ALIAS_ACTIONS: [&str; 2] = ["alias-create", "alias-remove"];

/// The last image the ledger holds of one id.
#[derive(Debug, Clone)]
struct Image {
    alias: bool,
    change_set: String,
    ledger_seq: u64,
    /// The after-image as the affected row keeps it (JSON text), `None` when the change removed the row.
    after_image: Option<Value>,
}

/// A store drift audit being fed: chain rows first ([`StoreDrift::observe`]), then the store's units
/// and aliases in pages, then [`StoreDrift::finish`].
#[derive(Debug)]
pub struct StoreDrift {
    /// Affected rows and change sets an incident disowned: no image.
    skip_rows: HashSet<String>,
    skip_sets: HashSet<String>,
    /// The last image of each id not yet compared with the store.
    images: HashMap<String, Image>,
    report: DriftReport,
}

impl StoreDrift {
    /// `disowned`: what incidents disowned ([`crate::ledger::audit::Disowned`]): those affected rows,
    /// and the rows of disowned change sets, are no image.
    pub fn new(disowned: Option<&Disowned>) -> StoreDrift {
        let ids = |collection: &str| -> HashSet<String> {
            disowned
                .into_iter()
                .flat_map(|d| &d.rows)
                .filter(|r| r.collection.as_deref() == Some(collection))
                .filter_map(|r| r.id.clone())
                .collect()
        };
        StoreDrift {
            skip_rows: ids("cut_change_set_affected_row"),
            skip_sets: ids("cut_change_set"),
            images: HashMap::new(),
            report: DriftReport {
                passed: true,
                units_checked: 0,
                aliases_checked: 0,
                violation_count: 0,
                violations: Vec::new(),
            },
        }
    }

    /// A page of the chain's rows, in chain order: keeps the last image of each id. Only
    /// `cut_change_set_affected_row` rows carry one.
    pub fn observe<'a>(&mut self, rows: impl IntoIterator<Item = (&'a str, &'a str, &'a Value)>) {
        for (collection, id, content) in rows {
            if collection != "cut_change_set_affected_row" {
                continue;
            }
            let text = |key: &str| match content.get(key) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            let change_set = text("change_set");
            if self.skip_rows.contains(id) || self.skip_sets.contains(&change_set) {
                continue;
            }
            let after_image = match content.get("after_image") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) if s.is_empty() => None,
                Some(v) => Some(v.clone()),
            };
            let ledger_seq = match content.get("ledger_seq") {
                Some(Value::Number(n)) => n.as_u64().unwrap_or(0),
                Some(Value::String(s)) => s.parse().unwrap_or(0),
                _ => 0,
            };
            self.images.insert(
                text("unit_id"),
                Image {
                    alias: ALIAS_ACTIONS.contains(&text("action").as_str()),
                    change_set,
                    ledger_seq,
                    after_image,
                },
            );
        }
    }

    /// A page of the store's units.
    pub fn units(&mut self, units: Vec<StoredUnit>) -> Result<(), String> {
        let images = self.images_of(units.iter().map(|u| u.id.as_str()));
        self.run(units, vec![], images, vec![])
    }

    /// A page of the store's aliases.
    pub fn aliases(&mut self, aliases: Vec<StoredAlias>) -> Result<(), String> {
        let images = self.images_of(aliases.iter().map(|a| a.alias_id.as_str()));
        self.run(vec![], aliases, vec![], images)
    }

    /// After every page: what the ledger says exists and the store no longer holds. The report.
    pub fn finish(mut self) -> Result<DriftReport, String> {
        let (mut units, mut aliases) = (Vec::new(), Vec::new());
        for (id, image) in std::mem::take(&mut self.images) {
            if image.after_image.is_none() {
                continue;
            }
            if image.alias {
                aliases.push((id, image));
            } else {
                units.push((id, image));
            }
        }
        if !units.is_empty() || !aliases.is_empty() {
            // The order of ids does not matter: the core sorts what it reports.
            self.run(vec![], vec![], units, aliases)?;
        }
        Ok(self.report)
    }

    /// The images the ledger holds of these ids, taken out: what is left at the end, the store lost.
    fn images_of<'a>(&mut self, ids: impl Iterator<Item = &'a str>) -> Vec<(String, Image)> {
        ids.filter_map(|id| self.images.remove_entry(id)).collect()
    }

    fn run(
        &mut self,
        units: Vec<StoredUnit>,
        aliases: Vec<StoredAlias>,
        unit_images: Vec<(String, Image)>,
        alias_images: Vec<(String, Image)>,
    ) -> Result<(), String> {
        // Through the images' own deserializers: an after-image may be the stored JSON text itself.
        fn image<T: for<'de> Deserialize<'de>>(
            field: &str,
            (id, i): (String, Image),
        ) -> Result<T, String> {
            serde_json::from_value(serde_json::json!({
                field: id, "change_set": i.change_set, "ledger_seq": i.ledger_seq, "after_image": i.after_image,
            }))
            .map_err(|e| format!("the ledger's after-image of {field} {id} cannot be read: {e}"))
        }
        let input = DriftInput {
            units,
            aliases,
            unit_images: unit_images
                .into_iter()
                .map(|i| image::<UnitImage>("unit_id", i))
                .collect::<Result<_, _>>()?,
            alias_images: alias_images
                .into_iter()
                .map(|i| image::<AliasImage>("alias_id", i))
                .collect::<Result<_, _>>()?,
            max_violations: DEFAULT_MAX_VIOLATIONS,
        };
        let page = drift_audit(&input);
        let out = &mut self.report;
        out.units_checked += page.units_checked;
        out.aliases_checked += page.aliases_checked;
        out.violation_count += page.violation_count;
        let room = DEFAULT_MAX_VIOLATIONS.saturating_sub(out.violations.len());
        out.violations
            .extend(page.violations.into_iter().take(room));
        out.passed &= page.passed;
        Ok(())
    }
}
