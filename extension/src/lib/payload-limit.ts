// A request body over MAX_PAYLOAD_SIZE sent to /iu-cutter/* is answered
// 413 IU_PAYLOAD_TOO_LARGE, saying the limit, the size received and how to send
// a large text. Directus 12.4.0 parses JSON bodies in one app-level middleware
// (express.json with limit MAX_PAYLOAD_SIZE, node_modules/@directus/api/dist/app.js)
// and turns every parser error into 400 INVALID_PAYLOAD "request entity too large".
// Two hooks of the bundle, iu-cutter routes only (Directus' own routes keep their answers):
// - `middlewares.before` runs before that parser: a declared Content-Length over
//   the limit is refused at once, without reading the body;
// - `routes.custom.before` adds an error handler after it: a body without a
//   Content-Length (chunked) or compressed, which the parser found too large while
//   reading, becomes the same 413 (its full size is then unknown: `received` is null).
import { createError } from '@directus/errors';

interface TooLarge {
	limit: number;
	limit_setting: string;
	received: number | null;
	hint: string;
}

const PayloadTooLargeError = createError<TooLarge>(
	'IU_PAYLOAD_TOO_LARGE',
	(e) =>
		`The request body is ${e.received === null ? `larger than ${e.limit} bytes (sent without a Content-Length, so its full size is not known)` : `${e.received} bytes`}; ` +
		`this server accepts at most ${e.limit} bytes (MAX_PAYLOAD_SIZE=${e.limit_setting}). ${e.hint}`,
	413,
);

const HINT =
	'To send a law\'s text larger than that, upload it as a file (POST /files, multipart; not held to this limit) and send its id as "text_file" instead of "text"; ' +
	'or the server operator raises MAX_PAYLOAD_SIZE (e.g. MAX_PAYLOAD_SIZE=50mb) and restarts Directus. A batch of addresses can be split into several requests.';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 };

/** MAX_PAYLOAD_SIZE as body-parser reads it (the `bytes` package: "1mb", "500kb", 1048576); Directus' default is 1mb. */
export function payloadLimit(setting: unknown): number {
	if (typeof setting === 'number' && Number.isFinite(setting)) return setting;
	const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(String(setting ?? '1mb'));
	if (!m) return UNITS['mb']!;
	return Math.floor(Number(m[1]) * UNITS[(m[2] ?? 'b').toLowerCase()]!);
}

const ours = (path: string | undefined) => path === '/iu-cutter' || (path ?? '').startsWith('/iu-cutter/');

type Next = (error?: unknown) => void;
type Req = { path?: string; headers: Record<string, string | string[] | undefined> };
/** What `found` reads of an error passed down the chain: Directus' InvalidPayloadError has both. */
type ParserError = { code?: unknown; extensions?: { reason?: unknown } | null };

export function payloadLimitGuards(env: Record<string, unknown>) {
	const setting = String(env['MAX_PAYLOAD_SIZE'] ?? '1mb');
	const limit = payloadLimit(env['MAX_PAYLOAD_SIZE'] ?? '1mb');
	const tooLarge = (received: number | null) => new PayloadTooLargeError({ limit, limit_setting: setting, received, hint: HINT });
	return {
		/** Before Directus' JSON parser: a declared Content-Length over the limit. */
		declared(req: Req, _res: unknown, next: Next) {
			if (!ours(req.path)) return next();
			const length = Number(req.headers['content-length']);
			if (Number.isFinite(length) && length > limit) return next(tooLarge(length));
			next();
		},
		/** After it: the parser's "request entity too large" (chunked or compressed bodies). */
		found(error: unknown, req: Req, _res: unknown, next: Next) {
			// Any value can be passed to next(); read only through `?.`, none of them throws here.
			const e = error as ParserError | null | undefined;
			if (ours(req.path) && e?.code === 'INVALID_PAYLOAD' && /entity too large/i.test(String(e?.extensions?.reason ?? ''))) {
				const length = Number(req.headers['content-length']);
				return next(tooLarge(Number.isFinite(length) && length > limit ? length : null));
			}
			next(error);
		},
	};
}
