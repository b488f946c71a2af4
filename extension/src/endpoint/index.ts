import { defineEndpoint } from '@directus/extensions-sdk';
import { ForbiddenError, InvalidPayloadError } from '@directus/errors';
import type { Accountability } from '@directus/types';
import { loadCore } from '../lib/core.js';
import { directusServices } from '../lib/services.js';
import { WorkflowError, toDirectusError } from '../lib/errors.js';
import { refuseNul } from '../lib/text-input.js';
import { RawJson } from '../lib/raw-json.js';
import { ACTIONS, AUDIT, runAction, type ActionName, type Ctx } from '../governance/index.js';
import { blocksPage, treePage } from '../governance/preview-pages.js';
import { readProgress } from '../lib/progress.js';
import { documentDiff, documentText, unitHistory } from '../governance/history.js';
import { aknFile } from '../governance/akn.js';
import { tlogCheckpoint, tlogProof, tlogTile, tlogWitnesses } from '../governance/tlog.js';
import { enrolPasskey, passkeyOptions, proposeAgentKeys, proposePolicy, signProposal, statementFor, trustStatus, withdrawProposal } from '../governance/trust.js';

/** A batch larger than this is refused; split it. Keeps one request's work bounded. */
export const MAX_BATCH = 10_000;

type Req = {
	accountability?: Accountability | null;
	body?: unknown;
	query?: Record<string, unknown>;
	params?: Record<string, string>;
	headers?: Record<string, string | string[] | undefined>;
};
/** The part of Express' response the routes use. */
type Res = { type(type: string): Res; set(name: string, value: string): Res; send(body: string | Buffer): unknown; json(body: unknown): unknown };
type Next = (error?: unknown) => void;

/** Every route is closed to anonymous callers: the public role never reaches the core. */
function requireUser(req: Req): Accountability {
	const acc = req.accountability;
	if (!acc || (!acc.user && !acc.admin)) throw new ForbiddenError();
	return acc;
}

interface ParseRequest {
	addresses: string[];
	single: boolean;
	normalize: boolean;
	defaultDoc?: string;
}

/** Accepts `{ "address": "…" }` or `{ "addresses": ["…", …] }`, plus optional `normalize` and `document`. */
function readParseRequest(body: unknown): ParseRequest {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		throw new InvalidPayloadError({
			reason: 'Body must be a JSON object: { "address": "45-2019-qh14/dieu-44" } or { "addresses": ["…"] }',
		});
	}
	refuseNul(body);
	const b = body as Record<string, unknown>;
	const has = (k: string) => Object.prototype.hasOwnProperty.call(b, k);
	const unknownKeys = Object.keys(b).filter((k) => !['address', 'addresses', 'normalize', 'document'].includes(k));
	if (unknownKeys.length > 0) {
		throw new InvalidPayloadError({ reason: `Unknown field(s) ${unknownKeys.map((k) => `"${k}"`).join(', ')}; allowed: address, addresses, normalize, document` });
	}
	if (has('address') === has('addresses')) {
		throw new InvalidPayloadError({ reason: 'Send exactly one of "address" (a string) or "addresses" (an array of strings)' });
	}
	if (has('normalize') && typeof b['normalize'] !== 'boolean') {
		throw new InvalidPayloadError({ reason: '"normalize" must be true or false' });
	}
	if (has('document') && typeof b['document'] !== 'string') {
		throw new InvalidPayloadError({ reason: '"document" must be a document code string such as "45/2019/QH14"' });
	}
	const normalize = b['normalize'] === true;
	const defaultDoc = b['document'] as string | undefined;
	if (has('address')) {
		if (typeof b['address'] !== 'string') throw new InvalidPayloadError({ reason: `"address" must be a string, got ${describe(b['address'])}` });
		return { addresses: [b['address']], single: true, normalize, defaultDoc };
	}
	const list = b['addresses'];
	if (!Array.isArray(list)) throw new InvalidPayloadError({ reason: `"addresses" must be an array of strings, got ${describe(list)}` });
	if (list.length > MAX_BATCH) throw new InvalidPayloadError({ reason: `"addresses" holds ${list.length} items; at most ${MAX_BATCH} per request, split the batch` });
	const bad = list.findIndex((x) => typeof x !== 'string');
	if (bad >= 0) throw new InvalidPayloadError({ reason: `"addresses[${bad}]" must be a string, got ${describe(list[bad])}` });
	return { addresses: list as string[], single: false, normalize, defaultDoc };
}

/** The query string as a body; access_token is Directus' own parameter, not part of the request. */
function queryOf(req: Req): Record<string, unknown> {
	const { access_token: _token, ...query } = req.query ?? {};
	return query;
}

function describe(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'an array';
	return typeof v;
}

export default defineEndpoint({
	id: 'iu-cutter',
	handler: (router, { database, services, getSchema, logger }) => {
		const ctxFor = async (req: Req): Promise<Ctx> => ({
			knex: database,
			core: await loadCore(),
			accountability: req.accountability,
			services: directusServices(services),
			getSchema,
			logger,
		});
		const respond = (run: (ctx: Ctx, req: Req) => Promise<unknown>) => async (req: Req, res: Res, next: Next) => {
			try {
				const data = await run(await ctxFor(req), req);
				// A batch the core already wrote as JSON goes out as it is.
				if (data instanceof RawJson) res.type('application/json').send(`{"data":${data.text}}`);
				else res.json({ data });
			} catch (error) {
				next(error instanceof WorkflowError ? toDirectusError(error) : error);
			}
		};

		// The CUT / VERIFY workflow: POST /iu-cutter/{preview,submit,amend/preview,amend/submit,review,cut,verify,sweep,rollback,resolve,…}.
		// A step may carry a progress token (X-IU-Progress header or "progress" in the body): see lib/progress.ts.
		for (const name of Object.keys(ACTIONS) as ActionName[]) {
			router.post(
				`/${name}`,
				respond((ctx, req) => runAction(name, ctx, req.body ?? {}, req.headers?.['x-iu-progress'])),
			);
		}
		router.get(
			'/resolve',
			respond((ctx, req) => ACTIONS.resolve(ctx, queryOf(req))),
		);
		// Read from this instance's memory only: no database query, so a poll never waits for a step's transaction.
		router.get(
			'/progress/:token',
			respond(async (ctx, req) => readProgress(req.params!['token']!, ctx.accountability)),
		);
		router.get(
			'/preview/:token/tree',
			respond(async (ctx, req) => treePage(req.params!['token']!, ctx.accountability, queryOf(req))),
		);
		router.get(
			'/preview/:token/blocks',
			respond(async (ctx, req) => blocksPage(req.params!['token']!, ctx.accountability, queryOf(req))),
		);
		router.get(
			'/me',
			respond((ctx) => AUDIT.myCapabilities(ctx, {})),
		);
		router.get(
			'/entries',
			respond((ctx, req) => AUDIT.listEntries(ctx, queryOf(req))),
		);
		router.get(
			'/entries/:id',
			respond((ctx, req) => AUDIT.entryStatus(ctx, { entry: req.params!['id'] })),
		);
		router.get(
			'/entries/:id/manifest',
			respond((ctx, req) => AUDIT.entryManifest(ctx, { ...queryOf(req), entry: req.params!['id'] })),
		);
		router.get(
			'/timeline',
			respond((ctx, req) => AUDIT.timeline(ctx, queryOf(req))),
		);
		// History (governance/history.ts): the text at an instant, a unit's versions, word diffs between two instants.
		router.get(
			'/document',
			respond((ctx, req) => documentText(ctx, queryOf(req))),
		);
		// Akoma Ntoso 3.0 (governance/akn.ts): the XML file itself, as a download; errors stay JSON.
		router.get('/document/akn', async (req: Req, res: Res, next: Next) => {
			try {
				const file = await aknFile(await ctxFor(req), queryOf(req));
				res.set('content-type', 'application/akn+xml; charset=utf-8');
				res.set('content-disposition', `attachment; filename="${file.filename}"`);
				res.send(file.xml);
			} catch (error) {
				next(error instanceof WorkflowError ? toDirectusError(error) : error);
			}
		});
		router.get(
			'/unit/history',
			respond((ctx, req) => unitHistory(ctx, queryOf(req))),
		);
		router.get(
			'/diff',
			respond((ctx, req) => documentDiff(ctx, queryOf(req))),
		);
		router.get(
			'/ledger/verify',
			respond((ctx) => AUDIT.verifyLedger(ctx, {})),
		);
		// The transparency log (governance/tlog.ts), read-only, in the paths c2sp.org/tlog-tiles gives it. The checkpoint
		// changes with every step (no-store); a tile never changes at its path (immutable). Private: an auditor's token.
		router.get('/tlog/checkpoint', async (req: Req, res: Res, next: Next) => {
			try {
				const note = await tlogCheckpoint(await ctxFor(req));
				res.set('content-type', 'text/plain; charset=utf-8');
				res.set('cache-control', 'no-store');
				res.send(note);
			} catch (error) {
				next(error instanceof WorkflowError ? toDirectusError(error) : error);
			}
		});
		router.get(/^\/tlog\/(tile\/.+)$/, async (req: Req, res: Res, next: Next) => {
			try {
				const path = String(req.params?.['0'] ?? '');
				const bytes = await tlogTile(await ctxFor(req), path);
				res.set('content-type', 'application/octet-stream');
				// A tile's bytes never change at its path: a partial tile that grows has a new path (.p/<width>).
				res.set('cache-control', 'private, max-age=604800, immutable');
				res.send(bytes);
			} catch (error) {
				next(error instanceof WorkflowError ? toDirectusError(error) : error);
			}
		});
		router.get('/tlog/proof', async (req: Req, res: Res, next: Next) => {
			try {
				const file = await tlogProof(await ctxFor(req), queryOf(req));
				res.set('content-type', file.type);
				res.set('content-disposition', `attachment; filename="${file.filename}"`);
				res.send(file.body);
			} catch (error) {
				next(error instanceof WorkflowError ? toDirectusError(error) : error);
			}
		});
		router.get(
			'/tlog/witnesses',
			respond((ctx) => tlogWitnesses(ctx)),
		);
		// The trust policy (governance/trust.ts): who may sign which step; passkey enrolment; custodians' signatures.
		router.get(
			'/trust',
			respond((ctx) => trustStatus(ctx, {})),
		);
		const TRUST_POSTS = {
			'passkey/options': passkeyOptions,
			passkey: enrolPasskey,
			statement: statementFor,
			sign: signProposal,
			propose: proposePolicy,
			agents: proposeAgentKeys,
			withdraw: withdrawProposal,
		};
		for (const [path, run] of Object.entries(TRUST_POSTS)) {
			router.post(
				`/trust/${path}`,
				respond((ctx, req) => run(ctx, req.body ?? {})),
			);
		}
		router.get(
			'/audit',
			respond((ctx, req) => runAction('audit', ctx, queryOf(req), req.headers?.['x-iu-progress'])),
		);

		router.post('/address/parse', async (req, res, next) => {
			try {
				requireUser(req as Req);
				const r = readParseRequest((req as Req).body);
				const core = await loadCore();
				const results = r.normalize
					? r.addresses.map((a) => core.normalizeAddress({ input: a, defaultDoc: r.defaultDoc }))
					: (core.parseAddresses({ inputs: r.addresses }) as unknown[]);
				res.json({ data: r.single ? results[0] : results });
			} catch (error) {
				next(error instanceof WorkflowError ? toDirectusError(error) : error);
			}
		});
	},
});
