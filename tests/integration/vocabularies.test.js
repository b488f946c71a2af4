// Documents in the vocabularies us and uk (migration iu0007 seeds their section types)
// go through the whole governed workflow — preview, submit, review, CUT, VERIFY — on
// real excerpts of real laws, and their addresses resolve; and the preview says which
// vocabulary fits a text that the document's own vocabulary cannot read (the core's
// vocabulary_fit), which an editor may then switch to while the document has no units.
// Real Directus 12.4.0 with the built bundle; IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { openDb } from '../support/db.js';
import { ok, fullCycle } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'vocabularies-test-password' };
const PASSWORD = 'vocabularies-workflow-password';
const fixture = (name) => readFileSync(join(ROOT, 'core/tests/fixtures', name), 'utf8').split('\n');
const lines = (all, ...ranges) => ranges.flatMap(([from, to]) => all.slice(from - 1, to)).join('\n') + '\n';

// Public Law 114-190: the enacting words, sec. 1 (its table of contents left out: only its
// subsection (b) that introduces it), sec. 2, and title I, subtitle A, secs. 1101-1103.
const US = fixture('legislation/us-plaw-114-190/text.txt');
const US_TEXT = lines(US, [1, 6], [103, 127]);
// The State Pension Credit Act 2002 (c. 16): title, long title, enacting words, sections 1 and 2.
const UK = fixture('legislation/uk-ukpga-2002-16/text.txt');
const UK_TEXT = lines(UK, [49, 89]);
const VI_TEXT = readFileSync(join(ROOT, 'core/tests/fixtures/luat-45-2019-qh14-excerpt.txt'), 'utf8');

let pg, dir, directus, ids, k;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-vocabularies-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 56100 + (process.pid % 150) });
		db = pg.createDatabase('iu_vocabularies');
	}
	directus = await startDirectus({ dir, port: 31000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	ids = await setupWorkflowRoles({ url: directus.url, token: await directus.login(), password: PASSWORD });
	k = openDb(db, dir);
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const createDocument = (doc) => ok(ids.submitter, '/items/legal_document', doc);
const units = async (documentId) => (await k('logical_unit').where({ document: documentId }).orderBy('id').select('canonical_address', 'section_type', 'lifecycle_status')).map((u) => ({ ...u }));
const resolve = (address) => ids.reviewer.api.ok('GET', `/iu-cutter/resolve?address=${encodeURIComponent(address)}`);
/** The preview's answer or, for a text it refuses, the error's extensions. */
async function previewOf(request) {
	const r = await ids.submitter.api.post('/iu-cutter/preview', request);
	return r.status === 200 ? { status: 200, ...r.body.data } : { status: r.status, code: r.body?.errors?.[0]?.extensions?.code, ...r.body?.errors?.[0]?.extensions };
}

test('a US public law in the vocabulary "us" is previewed, submitted, reviewed, cut and verified, and its addresses resolve', async () => {
	const doc = await createDocument({ doc_code: 'Public Law 114-190', title: 'FAA Extension, Safety, and Security Act of 2016', language: 'en-US', vocabulary: 'us', source_text: US_TEXT });
	const { preview, cut, verified } = await fullCycle(ids, { document: doc.id, effective_from: '2016-07-15T00:00:00Z' });
	assert.equal(preview.vocabularySuggestion, null, 'the document\'s own vocabulary fits');
	assert.deepEqual(preview.diagnostics.filter((d) => d.severity === 'error'), []);
	assert.ok(cut.change_set ?? cut, 'cut');
	assert.equal(verified.passed, true, JSON.stringify(verified));
	const stored = await units(doc.id);
	const at = (address) => stored.find((u) => u.canonical_address === `public-law-114-190/${address}`);
	for (const [address, type] of [
		['section-1', 'us-section'],
		['section-1/subsection-a', 'us-subsection'],
		['section-2', 'us-section'],
		['title-1', 'us-title'],
		['title-1/subtitle-a', 'us-subtitle'],
		['section-1101/subsection-b', 'us-subsection'],
		['section-1102/subsection-h/paragraph-1', 'us-paragraph'],
		['section-1103', 'us-section'],
	]) {
		assert.equal(at(address)?.section_type, type, `${address} in ${stored.map((u) => u.canonical_address).join(', ')}`);
	}
	assert.equal(stored.length, preview.units_cut);
	for (const address of ['public-law-114-190/section-1102/subsection-h/paragraph-1', 'public-law-114-190/title-1/subtitle-a']) {
		const r = await resolve(address);
		assert.equal(r.outcome, 'canonical', JSON.stringify(r));
	}
	// The vocabulary is part of every address now: fixed.
	const readdress = await ids.submitter.api.patch(`/items/legal_document/${doc.id}`, { vocabulary: 'en' });
	assert.equal(readdress.status, 409, readdress.text);
	assert.equal(readdress.body.errors[0].extensions.code, 'IU_DOCUMENT_READDRESS');
});

test('a UK act in the vocabulary "uk" goes through the whole workflow and its addresses resolve', async () => {
	const doc = await createDocument({ doc_code: '2002 c. 16', title: 'State Pension Credit Act 2002', language: 'en-GB', vocabulary: 'uk', source_text: UK_TEXT });
	const { preview, verified } = await fullCycle(ids, { document: doc.id, effective_from: '2002-06-25T00:00:00Z' });
	assert.equal(preview.vocabularySuggestion, null);
	assert.equal(verified.passed, true, JSON.stringify(verified));
	const stored = await units(doc.id);
	const at = (address) => stored.find((u) => u.canonical_address === `2002-c-16/${address}`);
	for (const [address, type] of [
		['section-1', 'uk-section'],
		// (i) of a UK subparagraph is lower-roman: its address ordinal is arabic.
		['section-1/subsection-2/paragraph-c/subparagraph-1', 'uk-subparagraph'],
		['section-2/subsection-5/paragraph-b', 'uk-paragraph'],
	]) {
		assert.equal(at(address)?.section_type, type, `${address} in ${stored.map((u) => u.canonical_address).join(', ')}`);
	}
	assert.equal((await resolve('2002-c-16/section-1/subsection-2/paragraph-c/subparagraph-1')).outcome, 'canonical');
});

test('the preview of a US text on an "en" document suggests "us"; switched while it has no units, the preview cuts its sections', async () => {
	const doc = await createDocument({ doc_code: 'Public Law 114-190 en', title: 'FAA Extension, Safety, and Security Act of 2016', language: 'en', vocabulary: 'en', source_text: US_TEXT });
	const wrong = await previewOf({ document: doc.id });
	const s = wrong.vocabularySuggestion;
	assert.ok(s, JSON.stringify(wrong).slice(0, 2000));
	assert.equal(s.vocabulary, 'us');
	assert.equal(s.name, 'US federal statutes and the United States Code');
	assert.ok(s.units > s.current.units && s.errors < s.current.errors, JSON.stringify(s));
	console.log(`preview under "en": ${wrong.status} ${wrong.code ?? ''}; suggestion ${JSON.stringify(s)}`);
	// The editor switches through the Items API, with their own permissions, and previews again.
	await ids.submitter.api.ok('PATCH', `/items/legal_document/${doc.id}`, { vocabulary: s.vocabulary });
	const right = await previewOf({ document: doc.id });
	assert.equal(right.status, 200, JSON.stringify(right).slice(0, 2000));
	assert.equal(right.vocabularySuggestion, null);
	assert.equal(right.units_cut, s.units);
	assert.ok(right.units.some((u) => /\/section-1102\/subsection-h\/paragraph-1$/.test(u.address ?? u.canonical_address)), 'sections are cut');
});

test('the preview of a Vietnamese law on a "vi" document suggests nothing', async () => {
	const doc = await createDocument({ doc_code: '45/2019/QH14', title: 'Bộ luật Lao động', language: 'vi', vocabulary: 'vi', source_text: VI_TEXT });
	const r = await previewOf({ document: doc.id });
	assert.equal(r.status, 200, JSON.stringify(r).slice(0, 2000));
	assert.equal(r.vocabularySuggestion, null);
	assert.ok(r.units_cut > 10);
});
