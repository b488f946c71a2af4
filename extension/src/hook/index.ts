import { defineHook } from '@directus/extensions-sdk';
import { createError } from '@directus/errors';
import { DOCUMENT, LOGICAL_UNIT, ALIAS, LEDGER_COLLECTIONS } from '../lib/collections.js';
import { loadCore } from '../lib/core.js';
import { invalidAddress } from '../lib/errors.js';
import type { AddressOutcome, CoreError } from '../lib/types.js';
import { refuseNulInItem } from '../lib/text-input.js';
import { payloadLimitGuards } from '../lib/payload-limit.js';

const BirthImmutableError = createError<{ field: string }>(
	'IU_BIRTH_IMMUTABLE',
	(e) => `"${e.field}" records when the unit was born and cannot be changed. Remove it from the payload.`,
	400,
);

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
	const parsed = core.parseAddress(value) as AddressOutcome;
	if (parsed.ok) return;
	const normalized = core.normalizeAddress(value, undefined) as AddressOutcome;
	if (normalized.ok && normalized.canonical) {
		throw invalidAddress(field, value, {
			code: 'not-canonical',
			reason: `"${value}" is a valid address but not in canonical form; its canonical form is "${normalized.canonical}"`,
			offset: parsed.error?.offset ?? 0,
			hint: `send "${normalized.canonical}" instead`,
		}, normalized.canonical);
	}
	throw invalidAddress(field, value, parsed.error!);
}

/** slug and source_sha256 are derived by the core, never taken from the client. */
async function deriveDocumentFields(payload: Record<string, unknown>, creating: boolean) {
	const core = await loadCore();
	const out = { ...payload };
	delete out['slug'];
	delete out['source_sha256'];
	if (creating || 'doc_code' in payload) {
		const value = payload['doc_code'];
		const r = core.normalizeDocCode(typeof value === 'string' ? value : '') as { ok: boolean; slug?: string; error?: CoreError };
		if (!r.ok) throw invalidAddress('doc_code', String(value ?? ''), r.error!);
		out['slug'] = r.slug;
	}
	if (creating || 'source_text' in payload) {
		const text = payload['source_text'];
		out['source_sha256'] = typeof text === 'string' ? core.sha256Hex(text) : null;
	}
	const now = new Date().toISOString();
	if (creating) out['created_at'] = now;
	else delete out['created_at'];
	out['updated_at'] = now;
	return out;
}

const AppendOnlyError = createError<{ collection: string; event: string }>(
	'IU_LEDGER_APPEND_ONLY',
	(e) =>
		`"${e.collection}" is part of the append-only governance ledger: ${e.event} through the Directus API is refused, for administrators too. Rows are appended only by the CUT / VERIFY workflow (POST /iu-cutter/…).`,
	403,
);

export default defineHook(({ filter, init }, { env }) => {
	// The workflow appends with its own transaction (not through ItemsService), so
	// these filters see only outside writes: the Items API, imports, Flows, the app.
	for (const collection of LEDGER_COLLECTIONS) {
		for (const event of ['create', 'update', 'delete'] as const) {
			filter(`${collection}.items.${event}`, () => {
				throw new AppendOnlyError({ collection, event });
			});
		}
	}

	filter(`${DOCUMENT}.items.create`, (input) => deriveDocumentFields(input as Record<string, unknown>, true));
	filter(`${DOCUMENT}.items.update`, (input) => deriveDocumentFields(input as Record<string, unknown>, false));

	filter(`${LOGICAL_UNIT}.items.create`, async (input) => {
		const payload = input as Record<string, unknown>;
		await checkAddress('canonical_address', payload['canonical_address']);
		// Birth gate: the server, not the client, stamps when a unit was born.
		const now = new Date().toISOString();
		return { ...payload, created_at: now, updated_at: now };
	});

	filter(`${LOGICAL_UNIT}.items.update`, async (input) => {
		const payload = input as Record<string, unknown>;
		if ('canonical_address' in payload) await checkAddress('canonical_address', payload['canonical_address']);
		if ('created_at' in payload) throw new BirthImmutableError({ field: 'created_at' });
		// Birth gate: every change to a unit moves updated_at, whatever the client sent.
		return { ...payload, updated_at: new Date().toISOString() };
	});

	for (const event of ['create', 'update'] as const) {
		filter(`${ALIAS}.items.${event}`, async (input) => {
			const payload = input as Record<string, unknown>;
			if (event === 'create' || 'alias_text' in payload) await checkAddress('alias_text', payload['alias_text']);
			return payload;
		});
	}

	// Bad input (issue 12): a NUL character written to a document through the Items API,
	// and a body over MAX_PAYLOAD_SIZE sent to /iu-cutter/* (413 instead of Directus' 400).
	for (const event of ['create', 'update'] as const) filter(`${DOCUMENT}.items.${event}`, (input) => refuseNulInItem(input));
	const payload = payloadLimitGuards(env as Record<string, unknown>);
	init('middlewares.before', ({ app }: any) => app.use(payload.declared));
	init('routes.custom.before', ({ app }: any) => app.use(payload.found));
});
