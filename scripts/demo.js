// The demo document shown by `npm start`: a short illustrative excerpt in the
// shape of a Vietnamese law. The document is stored through the Directus REST
// API; its units are cut from its text by the governed workflow (`cutDemo`),
// the only writer the sealed unit store accepts (iu0004). The skeleton tests
// use the same demo.
import { client } from '../extension/src/cli/api.js';
import { fullCycle, ok } from './lib/workflow.js';
import { setupWorkflowRoles } from './roles.js';

export const DEMO_DOC = {
	doc_code: '45/2019/QH14',
	title: 'Bộ luật Lao động (trích đoạn minh họa)',
	language: 'vi',
	vocabulary: 'vi',
};

// [canonical address, section type, ordinal, heading, body, parent address]
const UNITS = [
	['45-2019-qh14/chuong-1', 'chuong', '1', 'NHỮNG QUY ĐỊNH CHUNG', '', null],
	[
		'45-2019-qh14/dieu-1',
		'dieu',
		'1',
		'Phạm vi điều chỉnh',
		'Bộ luật này quy định tiêu chuẩn lao động; quyền, nghĩa vụ, trách nhiệm của người lao động, người sử dụng lao động.',
		'45-2019-qh14/chuong-1',
	],
	['45-2019-qh14/chuong-3', 'chuong', '3', 'HỢP ĐỒNG LAO ĐỘNG', '', null],
	['45-2019-qh14/dieu-44', 'dieu', '44', 'Điều khoản minh họa', '', '45-2019-qh14/chuong-3'],
	['45-2019-qh14/dieu-44/khoan-1', 'khoan', '1', null, 'Các trường hợp sau đây:', '45-2019-qh14/dieu-44'],
	['45-2019-qh14/dieu-44/khoan-1/diem-a', 'diem', 'a', null, 'Trường hợp thứ nhất;', '45-2019-qh14/dieu-44/khoan-1'],
	['45-2019-qh14/dieu-44/khoan-1/diem-d', 'diem', 'd', null, 'Trường hợp thứ tư;', '45-2019-qh14/dieu-44/khoan-1'],
	['45-2019-qh14/dieu-44/khoan-1/diem-dd', 'diem', 'dd', null, 'Trường hợp thứ năm (điểm đ, không trùng với điểm d).', '45-2019-qh14/dieu-44/khoan-1'],
	['45-2019-qh14/dieu-44/khoan-2', 'khoan', '2', null, 'Quy định tại khoản này áp dụng cho các trường hợp tại khoản 1 Điều này.', '45-2019-qh14/dieu-44'],
];

export function demoSourceText() {
	const lines = ['BỘ LUẬT LAO ĐỘNG (trích đoạn minh họa)', ''];
	for (const [, type, ordinal, heading, body] of UNITS) {
		if (type === 'chuong') lines.push(`Chương ${['', 'I', 'II', 'III'][Number(ordinal)]}`, heading ?? '');
		else if (type === 'dieu') lines.push(`Điều ${ordinal}. ${heading}`, ...(body ? [body] : []));
		else if (type === 'khoan') lines.push(`${ordinal}. ${body}`);
		else lines.push(`${ordinal === 'dd' ? 'đ' : ordinal}) ${body}`);
	}
	return lines.join('\n') + '\n';
}

/**
 * The demo as iu-cutter is meant to be used: the four workflow identities, the
 * document with its text, and one full CUT / VERIFY cycle (preview, submit,
 * review, cut, verify, sweep) that creates the units. Idempotent.
 */
export async function cutDemo({ url, token, password, agents = false }) {
	const api = client(url, token);
	const ids = await setupWorkflowRoles({ url, token, password });
	let doc = (await api.ok('GET', `/items/legal_document?filter[doc_code][_eq]=${encodeURIComponent(DEMO_DOC.doc_code)}`))[0];
	doc ??= await ids.submitter.api.ok('POST', '/items/legal_document', { ...DEMO_DOC, source_text: demoSourceText() });
	// The demo document's own units: a store that holds other documents' units has not cut the demo yet.
	const units = await api.count('logical_unit', { document: doc.id });
	const request = { document: doc.id, effective_from: '2021-01-01T00:00:00+07:00' };
	if (units === 0 && !agents) await fullCycle(ids, request);
	if (units === 0 && agents) {
		// The agents cut and verify once the reviewer approves (extension/src/governance/agents.ts).
		const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
		const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
		await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
		if (agents.goAhead)
			await ok(ids.reviewer, '/iu-cutter/go-ahead', { entry: submitted.entry, manifest_sha256: submitted.manifest_sha256, comment: 'The demo document: cut it.' });
		await agentsDone(api, submitted.entry);
		await ok(ids.verifier, '/iu-cutter/sweep', { entry: submitted.entry });
	}
	return { document: doc.id, ids };
}

/** Waits until the agents have cut and verified `entry`; throws with what they last said when they do not. */
export async function agentsDone(api, entry, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await api.ok('GET', `/iu-cutter/entries/${entry}`);
		if (['verified', 'verify_failed', 'swept'].includes(status.state)) {
			if (status.state === 'verify_failed') throw new Error(`the verifier agent found violations in entry ${entry}`);
			return status;
		}
		if (status.agents?.last && !status.agents.last.ok && status.agents.last.outcome !== 'running') {
			throw new Error(`the ${status.agents.last.step} agent failed on entry ${entry}: ${status.agents.last.error?.code}: ${status.agents.last.error?.message}`);
		}
		if (Date.now() > deadline) throw new Error(`the agents did not cut and verify entry ${entry} within ${timeoutMs / 1000} s (state ${status.state})`);
		await new Promise((r) => setTimeout(r, 250));
	}
}
