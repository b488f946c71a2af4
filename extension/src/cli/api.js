// A small client for Directus' REST API: `iu-cutter roles`, the demo seed and the tests.

/**
 * A Directus answer as JSON: `data` is what the path returns (rows, a row, counts); a caller says what it expects.
 * @typedef {{ data?: unknown, errors?: { message?: string, extensions?: Record<string, unknown> }[] }} ApiBody
 */
/** @typedef {{ status: number, body: ApiBody | null, text: string, headers: Record<string, string> }} ApiAnswer */
/** @typedef {{ raw?: boolean, headers?: Record<string, string> }} CallOptions */
/** @typedef {ReturnType<typeof client>} ApiClient */

/**
 * @param {string} url Directus' address, without a trailing slash
 * @param {string | null} [token] a static or session token; none: anonymous
 */
export function client(url, token) {
	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {unknown} [body] sent as JSON, or as it is with `raw`
	 * @param {CallOptions} [options]
	 * @returns {Promise<ApiAnswer>}
	 */
	async function call(method, path, body, { raw = false, headers = {} } = {}) {
		const r = await fetch(`${url}${path}`, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : raw ? /** @type {BodyInit} */ (body) : JSON.stringify(body),
		});
		const text = await r.text();
		/** @type {ApiBody | null} */
		let json = null;
		try {
			json = text ? JSON.parse(text) : null;
		} catch {
			/* not JSON */
		}
		return { status: r.status, body: json, text, headers: Object.fromEntries(r.headers) };
	}
	return {
		call,
		/** @param {string} path */
		get: (path) => call('GET', path),
		/** @param {string} path @param {unknown} [body] @param {CallOptions} [opts] */
		post: (path, body, opts) => call('POST', path, body, opts),
		/** @param {string} path @param {unknown} [body] */
		patch: (path, body) => call('PATCH', path, body),
		/** @param {string} path */
		del: (path) => call('DELETE', path),
		/**
		 * Calls and throws unless the status is 2xx; returns `data`, as the caller knows it from the path.
		 * @param {string} method
		 * @param {string} path
		 * @param {unknown} [body]
		 * @returns {Promise<unknown>}
		 */
		async ok(method, path, body) {
			const r = await call(method, path, body);
			if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${r.text}`);
			return r.body?.data;
		},
		/**
		 * The rows of `collection`, or of those whose fields equal `where`'s values.
		 * @param {string} collection
		 * @param {Record<string, string | number>} [where]
		 * @returns {Promise<number>}
		 */
		async count(collection, where = {}) {
			const filter = Object.entries(where).map(([field, v]) => `&filter[${field}][_eq]=${encodeURIComponent(v)}`);
			const r = await call('GET', `/items/${collection}?aggregate[count]=*${filter.join('')}`);
			if (r.status !== 200) throw new Error(`count ${collection} → ${r.status}: ${r.text}`);
			// An aggregate's answer: one group, its count (a number, or text on some drivers).
			const groups = /** @type {{ count: number | string }[]} */ (r.body?.data);
			return Number(groups[0]?.count);
		},
	};
}
