//! When an address starts to mean something: the first instant after a given one at which
//! resolving it reaches a live unit. A citation written before that instant cites a unit that
//! was not yet in force (an article inserted later, an address freed by a renumbering).

use super::{AliasIndex, ResolvedRef, Timestamp};

impl AliasIndex {
    /// The first instant after `at` at which `address` reaches a unit (canonical, alias or
    /// split), with that resolution; `None` if it never does. Only the instants at which the
    /// address's own holders or rows begin are tried: resolution changes only when one of them
    /// starts (or when a unit it leads to retires, which makes it reach less, not more).
    pub fn arrival_after<'a>(
        &'a self,
        address: &'a str,
        at: Timestamp,
    ) -> Option<(Timestamp, ResolvedRef<'a>)> {
        let (_, entry) = self.table.get(address)?;
        let holders = self
            .holders
            .get(entry.holders.0 as usize..entry.holders.1 as usize)
            .unwrap_or_default()
            .iter()
            .map(|h| h.from);
        let rows = self
            .rows
            .get(entry.rows.0 as usize..entry.rows.1 as usize)
            .unwrap_or_default()
            .iter()
            .map(|r| r.from);
        let mut starts: Vec<i64> = holders.chain(rows).filter(|&t| t > at.0).collect();
        starts.sort_unstable();
        starts.dedup();
        starts.into_iter().find_map(|t| {
            let r = self.resolve_ref(address, Timestamp(t));
            matches!(r.outcome(), "canonical" | "alias" | "split").then_some((Timestamp(t), r))
        })
    }
}
