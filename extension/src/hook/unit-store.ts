// ── the unit store: sealed for every caller ───────────────────────────────
// An invalid address is answered first (400, with the reason and the byte offset), so a client learns what is
// wrong with it; any write is then refused (403). The birth gate of earlier versions (created_at fixed,
// updated_at moved on every change) is the workflow's now: it stamps both on every unit it writes (lib/store.ts).
import { ALIAS, LOGICAL_UNIT } from '../lib/collections.js';
import { loadCore } from '../lib/core.js';
import { invalidAddress } from '../lib/errors.js';
import { UnitStoreSealedError } from './errors.js';
import type { Hooks } from './events.js';

export function registerSealedUnitStore({ filter }: Hooks): void {
	const address = { [LOGICAL_UNIT]: 'canonical_address', [ALIAS]: 'alias_text' } as const;
	for (const collection of [LOGICAL_UNIT, ALIAS] as const) {
		const field = address[collection];
		filter(`${collection}.items.create`, async (input) => {
			await checkAddress(field, (input as Record<string, unknown>)[field]);
			throw new UnitStoreSealedError({ collection, event: 'create' });
		});
		filter(`${collection}.items.update`, async (input) => {
			const payload = input as Record<string, unknown>;
			if (field in payload) await checkAddress(field, payload[field]);
			throw new UnitStoreSealedError({ collection, event: 'update' });
		});
		filter(`${collection}.items.delete`, () => {
			throw new UnitStoreSealedError({ collection, event: 'delete' });
		});
		// Content versions: refused at promote, before the update or create it would run.
		filter(`${collection}.items.promote`, () => {
			throw new UnitStoreSealedError({ collection, event: 'promoting a content version' });
		});
	}
}

/**
 * Address policy: the store holds canonical addresses only. A valid but
 * non-canonical input (uppercase, NFD, a citation) is REJECTED with the
 * canonical form in the message, never silently rewritten: an address is an
 * identity, and what a client sends is exactly what is stored. The
 * "Canonical address" interface normalizes in the browser before saving.
 */
async function checkAddress(field: string, value: unknown): Promise<void> {
	const core = await loadCore();
	if (typeof value !== 'string') {
		throw invalidAddress(field, String(value), {
			code: 'not-a-string',
			reason: `expected a string, got ${value === null ? 'null' : typeof value}`,
			offset: 0,
			hint: 'send the canonical address as a string, e.g. "45-2019-qh14/dieu-44/khoan-1"',
		});
	}
	const parsed = core.parseAddress({ input: value });
	if (parsed.ok) return;
	const normalized = core.normalizeAddress({ input: value });
	if (normalized.ok && normalized.canonical) {
		throw invalidAddress(
			field,
			value,
			{
				code: 'not-canonical',
				reason: `"${value}" is a valid address but not in canonical form; its canonical form is "${normalized.canonical}"`,
				offset: parsed.error?.offset ?? 0,
				hint: `send "${normalized.canonical}" instead`,
			},
			normalized.canonical,
		);
	}
	throw invalidAddress(field, value, parsed.error!);
}
