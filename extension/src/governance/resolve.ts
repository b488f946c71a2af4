// resolve(address, at): what an address meant at an instant, answered by the
// core's alias index over the document's units and alias rows. When a unit
// came into being and when it retired are read from the ledger (the effective
// dates of the change sets that created and retired it), so an inserted
// article is unknown before its insertion and a repealed one live before its repeal.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, notFound } from '../lib/errors.js';
import { unwrap } from '../lib/outcome.js';
import { loadAliases, loadUnits } from '../lib/store.js';
import { DOCUMENT } from '../lib/collections.js';
import { nowIso, type Ctx } from './context.js';

interface ResolveBody {
	address?: string;
	addresses?: string[];
	at?: string;
}
const MAX_ADDRESSES = 10_000;

/** POST /resolve — `{ address | addresses, at? }` (at defaults to now); GET /resolve?address=…&at=… too. */
export async function resolve(ctx: Ctx, raw: unknown) {
	const body = readBody<ResolveBody>(
		raw,
		{ address: { kind: 'text', nullable: false, example: '"45-2019-qh14/dieu-10"' }, addresses: { kind: 'addresses', nullable: false }, at: { kind: 'datetime', nullable: false } },
		'{ "address": "45-2019-qh14/dieu-10", "at": "2026-01-01T00:00:00Z" }',
	);
	if ((body.address === undefined) === (body.addresses === undefined)) throw badRequest('Send exactly one of "address" (a string) or "addresses" (an array of strings).', { fields: ['address', 'addresses'] });
	if (body.address === '') throw badRequest('"address" is empty; send a canonical address such as "45-2019-qh14/dieu-10".', { field: 'address' });
	const addresses = body.addresses ?? [body.address!];
	if (addresses.length > MAX_ADDRESSES) throw badRequest(`"addresses" holds ${addresses.length} items; at most ${MAX_ADDRESSES} per request.`, { field: 'addresses' });
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	const at = body.at ?? nowIso(ctx);
	const slugs = [...new Set(addresses.map((a) => a.split('/')[0]!))];
	const results = new Map<string, unknown>();
	for (const slug of slugs) {
		const document = await ctx.knex(DOCUMENT).where({ slug }).first();
		const mine = addresses.filter((a) => a.split('/')[0] === slug);
		if (!document) {
			if (body.address !== undefined) throw notFound('legal_document with slug', slug);
			for (const a of mine) results.set(a, { ok: true, outcome: 'unknown', requested: a, chain: [a], reason: `no document has the slug "${slug}"` });
			continue;
		}
		const life = await lifetimes(ctx, document.id);
		const units = (await loadUnits(ctx.knex, document.id)).map((u) => ({
			id: u.id,
			canonical_address: u.canonical_address,
			lifecycle_status: u.lifecycle_status,
			...(life.created.has(u.id) ? { live_from: life.created.get(u.id) } : {}),
			...(u.lifecycle_status === 'retired' && life.retired.has(u.id) ? { retired_at: life.retired.get(u.id) } : {}),
		}));
		const resolver = buildResolver(ctx, units, await loadAliases(ctx.knex, document));
		try {
			for (const a of mine) results.set(a, resolver.resolve(a, at));
		} finally {
			resolver.free();
		}
	}
	const out = addresses.map((a) => results.get(a));
	return body.address !== undefined ? { at, ...(out[0] as object) } : { at, results: out };
}

function buildResolver(ctx: Ctx, units: unknown[], aliases: unknown[]) {
	try {
		return ctx.core.AliasResolver.build(units, aliases);
	} catch (report) {
		// The alias table itself is bad (a row the core refuses): say which row.
		throw unwrap('alias table', { ok: false, error: report });
	}
}

// unit id → effective_from of the change set that created it, and of the latest that retired it.
async function lifetimes(ctx: Ctx, document: string) {
	const rows: { unit_id: string; action: string; effective_from: string }[] = await ctx.knex('cut_change_set_affected_row as a')
		.join('cut_change_set as c', 'c.id', 'a.change_set')
		.join('manifest_envelope as e', 'e.entry', 'c.entry')
		.where({ 'c.document': document })
		.whereIn('a.action', ['create', 'retire'])
		.orderBy('a.ledger_seq')
		.select('a.unit_id as unit_id', 'a.action as action', 'e.effective_from as effective_from');
	const created = new Map<string, string>();
	const retired = new Map<string, string>();
	for (const r of rows) (r.action === 'create' ? created : retired).set(r.unit_id, r.effective_from);
	return { created, retired };
}
