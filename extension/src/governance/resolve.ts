// resolve(address, at): what an address meant at an instant, answered by the
// core's alias index over the document's units and alias rows. When a unit
// came into being and when it retired are read from the ledger (the effective
// dates of the change sets that created and retired it), so an inserted
// article is unknown before its insertion and a repealed one live before its repeal.
// The index is kept warm per document (resolvers.ts): a request costs one
// version read and the core's lookups, not a reload of the document.
import { requireCapability } from '../lib/access.js';
import { readBody } from '../lib/body.js';
import { badRequest, notFound } from '../lib/errors.js';
import { loadCore } from '../lib/core.js';
import { unwrap } from '../lib/outcome.js';
import { RawJson } from '../lib/raw-json.js';
import { nowIso, type Ctx } from './context.js';
import { unitBudget, WarmResolvers, type Resolver } from './resolvers.js';
import { amendedByEntry } from './amended-by.js';
import { asksCitation, resolveCitation } from './resolve-citation.js';

interface ResolveBody {
	address?: string;
	addresses?: string[];
	at?: string;
	history?: boolean;
}
const MAX_ADDRESSES = 10_000;

let warm: WarmResolvers | undefined;
/** The process's warm resolvers (created on first use, so a bad IU_RESOLVE_CACHE_UNITS is reported to the caller). */
export function warmResolvers(): WarmResolvers {
	warm ??= new WarmResolvers(unitBudget(), loadCore);
	return warm;
}

const slugOf = (address: string) => {
	const slash = address.indexOf('/');
	return slash < 0 ? address : address.slice(0, slash);
};

/** A resolve request, checked: one address or a batch, and the instant. */
export interface ResolveRequest {
	address?: string;
	addresses: string[];
	at?: string;
	/** One address only: also say which amending laws changed the unit it reaches (`amended_by`). */
	history?: boolean;
}

/** Reads `{ address | addresses, at? }` (a body, or the query string); throws the 400 that names what is wrong. */
export function readResolveRequest(raw: unknown): ResolveRequest {
	// A query string sends `history=true` as text.
	const h = (raw as Record<string, unknown> | null)?.['history'];
	if (h === 'true' || h === 'false') raw = { ...(raw as object), history: h === 'true' };
	const body = readBody<ResolveBody>(
		raw,
		{
			address: { kind: 'text', nullable: false, example: '"45-2019-qh14/dieu-10"' },
			addresses: { kind: 'addresses', nullable: false },
			at: { kind: 'datetime', nullable: false },
			history: { kind: 'boolean', nullable: false },
		},
		'{ "address": "45-2019-qh14/dieu-10", "at": "2026-01-01T00:00:00Z" }',
	);
	if ((body.address === undefined) === (body.addresses === undefined))
		throw badRequest('Send exactly one of "address" (a string) or "addresses" (an array of strings).', { fields: ['address', 'addresses'] });
	if (body.address === '') throw badRequest('"address" is empty; send a canonical address such as "45-2019-qh14/dieu-10".', { field: 'address' });
	const addresses = body.addresses ?? [body.address!];
	if (addresses.length > MAX_ADDRESSES) throw badRequest(`"addresses" holds ${addresses.length} items; at most ${MAX_ADDRESSES} per request.`, { field: 'addresses' });
	if (body.history && body.address === undefined)
		throw badRequest('"history" is answered for one "address" only; send the addresses one at a time, or ask GET /iu-cutter/timeline?address=….', { field: 'history' });
	return {
		...(body.address !== undefined ? { address: body.address } : {}),
		addresses,
		...(body.at !== undefined ? { at: body.at } : {}),
		...(body.history ? { history: true } : {}),
	};
}

/**
 * POST /resolve — `{ address | addresses, at?, history? }` (at defaults to now); GET /resolve?address=…&at=…&history=true too.
 * `history: true` (one address): also `amended_by`, the amending instructions that changed the unit reached, oldest first.
 * `{ citation, at?, document?, context? }` (GET /resolve?citation=… too): the units a citation in a text of date `at` cites (resolve-citation.ts).
 */
export async function resolve(ctx: Ctx, raw: unknown) {
	if (asksCitation(raw)) return resolveCitation(ctx, raw, warmResolvers);
	const request = readResolveRequest(raw);
	await requireCapability(ctx.knex, ctx.accountability, 'resolve');
	return answerResolve(ctx, request);
}

/**
 * One address: what it meant at `at`, the core's `Resolution` (or its refusal, `ok: false`); with `history`, also
 * `amended_by`, the amending instructions that changed the unit it reaches.
 */
export async function answerAddress(ctx: Ctx, address: string, at: string, history: boolean) {
	const slug = slugOf(address);
	const result = await warmResolvers().with(ctx.knex, slug, (resolver) => resolver.resolve({ address, at }));
	if (result === null) throw notFound('legal_document with slug', slug);
	if (!history) return { at, ...result };
	// Asked for: one query on manifest_unit_block's unit_id index (amended-by.ts); the plain answer costs none.
	const unit = 'unit_id' in result ? result.unit_id : undefined;
	const amendedBy = unit ? [...(await amendedByEntry(ctx.knex, unit)).values()].flat() : [];
	return { at, ...result, amended_by: amendedBy };
}

/** The answer to a checked request from a caller allowed to resolve. */
export async function answerResolve(ctx: Ctx, body: ResolveRequest) {
	const addresses = body.addresses;
	const at = body.at ?? nowIso(ctx);
	const cache = warmResolvers();
	if (body.address !== undefined) return answerAddress(ctx, body.address, at, body.history === true);
	// The batch: addresses grouped by document (positions kept); each group is
	// answered by the core in one crossing, as JSON text (resolveJson).
	const bySlug = new Map<string, number[]>();
	for (let i = 0; i < addresses.length; i++) {
		const slug = slugOf(addresses[i]!);
		const group = bySlug.get(slug);
		if (group) group.push(i);
		else bySlug.set(slug, [i]);
	}
	const answer = (resolver: Resolver, list: string[]): string => {
		const r = resolver.resolveJson({ addresses: JSON.stringify(list), at }) as { ok: true; json: string } | { ok: false; error: unknown };
		return unwrap('resolve batch', r, 400).json;
	};
	if (bySlug.size === 1) {
		// One document (the usual batch): the core's text is the response, untouched.
		const [slug] = bySlug.keys();
		const json = await cache.with(ctx.knex, slug!, (resolver) => answer(resolver, addresses));
		if (json !== null) return new RawJson(`{"at":${JSON.stringify(at)},"results":${json}}`);
	}
	const results: unknown[] = new Array(addresses.length);
	for (const [slug, positions] of bySlug) {
		const json = await cache.with(ctx.knex, slug, (resolver) =>
			answer(
				resolver,
				positions.map((i) => addresses[i]!),
			),
		);
		if (json === null) {
			for (const i of positions) results[i] = { ok: true, outcome: 'unknown', requested: addresses[i], chain: [addresses[i]], reason: `no document has the slug "${slug}"` };
			continue;
		}
		const answers = JSON.parse(json) as unknown[];
		positions.forEach((i, n) => (results[i] = answers[n]));
	}
	return { at, results };
}
