// Drives the CUT / VERIFY workflow over HTTP with the four identities of scripts/roles.js.

/** Calls and fails loudly unless 2xx; returns `data`. */
export async function ok(who, path, body) {
	const r = await who.api.post(path, body);
	if (r.status < 200 || r.status >= 300) throw new Error(`${who.email} POST ${path} → ${r.status}: ${r.text.slice(0, 2000)}`);
	return r.body.data;
}

/**
 * A new legal document holding `text` (Vietnamese), previewed and submitted for its first CUT by the submitter:
 * submit's answer (`entry`, `manifest_sha256`, …). `sign`: the submitter's own signature of the manifest, when the
 * trust policy asks for it (given the statement POST /iu-cutter/trust/statement answers).
 */
export async function submitNewText(ids, { doc_code, title, text, effective_from = '2026-01-01T00:00:00Z' }, { sign } = {}) {
	const doc = (await ok(ids.submitter, '/items/legal_document', { doc_code, title, language: 'vi', vocabulary: 'vi', source_text: text })).id;
	const request = { document: doc, effective_from };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const signature = sign ? await sign(await ok(ids.submitter, '/iu-cutter/trust/statement', { act: 'submit', manifest_sha256: preview.manifest_sha256 })) : undefined;
	return ok(ids.submitter, '/iu-cutter/submit', {
		...request,
		created_at: preview.request.created_at,
		manifest_sha256: preview.manifest_sha256,
		...(signature ? { signature } : {}),
	});
}

/**
 * preview → submit (submitter) → review (reviewer) → cut (executor) → verify
 * (verifier) → sweep (verifier). Returns every step's answer.
 */
export async function fullCycle(ids, request, { sweep = true } = {}) {
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	const steps = await approveCutVerify(ids, submitted, { sweep });
	return { preview, submitted, ...steps };
}

/**
 * The refs an approval of `entry` must acknowledge, as the review page reads them (GET …/manifest `outstanding`:
 * instructions not applied, passages not read); undefined when there are none.
 */
export async function outstandingRefs(who, entry) {
	const { outstanding } = await who.api.ok('GET', `/iu-cutter/entries/${entry}/manifest?limit=1`);
	const refs = [...outstanding.not_applied, ...outstanding.unread].map((o) => o.ref);
	return refs.length ? refs : undefined;
}

/**
 * `acknowledged`: the refs of the instructions not applied (and passages not read) the approval acknowledges; a test
 * passes them only where it has read them (POST /iu-cutter/review refuses an approval that leaves any out).
 */
export async function approveCutVerify(ids, submitted, { sweep = true, acknowledged } = {}) {
	const reviewed = await ok(ids.reviewer, '/iu-cutter/review', {
		entry: submitted.entry,
		decision: 'approve',
		manifest_sha256: submitted.manifest_sha256,
		...(acknowledged ? { acknowledged } : {}),
	});
	const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
	const verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
	const swept = sweep ? await ok(ids.verifier, '/iu-cutter/sweep', { entry: submitted.entry }) : null;
	return { reviewed, cut, verified, swept };
}

/**
 * The amendment of the generated act used by the tests and the benchmark:
 * - Điều 10 … Điều 500 renumbered to Điều 11 … Điều 501 (a cascade), with a new Điều 10a inserted;
 * - khoản 2 of Điều 3 split in two (khoản 2 keeps its first words, a new khoản 3 the rest;
 *   the old khoản 3 becomes khoản 4);
 * - Điều 5 repealed (retired).
 */
export function amend(text) {
	const lines = text.split('\n');
	const out = [];
	let article = 0;
	let skipping = false;
	for (const line of lines) {
		const heading = /^Điều (\d+)\. (.*)$/.exec(line);
		if (heading) {
			article = Number(heading[1]);
			skipping = article === 5;
			if (skipping) continue;
			if (article === 10) {
				out.push('Điều 10a. Quản lý tài sản số', '1. Tài sản số của cơ quan nhà nước được quản lý như tài sản công.', '2. Chính phủ quy định chi tiết Điều này.', '');
			}
			if (article >= 10) {
				out.push(`Điều ${article + 1}. ${heading[2]}`);
				continue;
			}
		} else if (/^Chương /.test(line)) {
			skipping = false;
		}
		if (skipping) continue;
		const clause = /^(\d+)\. (.*)$/.exec(line);
		if (article === 3 && clause) {
			const n = Number(clause[1]);
			if (n === 2) {
				const words = clause[2].split(' ');
				const half = Math.ceil(words.length / 2);
				out.push(`2. ${words.slice(0, half).join(' ')}`, `3. ${words.slice(half).join(' ')}`);
				continue;
			}
			if (n > 2) {
				out.push(`${n + 1}. ${clause[2]}`);
				continue;
			}
		}
		out.push(line);
	}
	return out.join('\n');
}
