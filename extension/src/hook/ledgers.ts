// ── the append-only ledgers ───────────────────────────────────────────────
// The workflow appends in its own sealed transaction (not through ItemsService), so these filters see only
// outside writes: the Items API, imports, Flows, the app.
import { APPEND_ONLY } from '../lib/collections.js';
import { AppendOnlyError } from './errors.js';
import type { Hooks } from './events.js';

export function registerAppendOnlyLedgers({ filter }: Hooks): void {
	for (const collection of APPEND_ONLY) {
		for (const event of ['create', 'update', 'delete'] as const) {
			filter(`${collection}.items.${event}`, () => {
				throw new AppendOnlyError({ collection, event });
			});
		}
	}
}
