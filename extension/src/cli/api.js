// A small client for Directus' REST API: `iu-cutter roles`, the demo seed and the tests.
export function client(url, token) {
	async function call(method, path, body, { raw = false, headers = {} } = {}) {
		const r = await fetch(`${url}${path}`, {
			method,
			headers: {
				...(token ? { authorization: `Bearer ${token}` } : {}),
				...(body !== undefined ? { 'content-type': 'application/json' } : {}),
				...headers,
			},
			body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
		});
		const text = await r.text();
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
		get: (path) => call('GET', path),
		post: (path, body, opts) => call('POST', path, body, opts),
		patch: (path, body) => call('PATCH', path, body),
		del: (path) => call('DELETE', path),
		/** Calls and throws unless the status is 2xx; returns `data`. */
		async ok(method, path, body) {
			const r = await call(method, path, body);
			if (r.status < 200 || r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${r.text}`);
			return r.body?.data;
		},
		async count(collection) {
			const r = await call('GET', `/items/${collection}?aggregate[count]=*`);
			if (r.status !== 200) throw new Error(`count ${collection} → ${r.status}: ${r.text}`);
			return Number(r.body.data[0].count);
		},
	};
}
