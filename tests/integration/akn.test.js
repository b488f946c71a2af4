// Akoma Ntoso 3.0 export against a real Directus 12.4.0 with the built bundle:
// the demo document of `npm start`, cut by the governed workflow, exported by
// GET /iu-cutter/document/akn (the file itself) and by POST /iu-cutter/akn/export
// (the Flows action), each validated with xmllint against the OASIS schema kept
// in core/schemas/akn30; then a second governed CUT renumbers Điều 44 to Điều 45
// and the export maps the old eId to the new one with the wId unchanged. Last, a
// crawled text with the publisher's notes (Thông tư 12/2015/TT-BTC as
// thuvienphapluat.vn consolidates it): the notes in <meta><notes>, a <noteRef> at
// each provision, none of their words in the body.
// IU_DB=sqlite (default) or IU_DB=postgres. IU_AKN_EXAMPLES=1 also writes the
// validated files to docs/examples/ (demo.akn.xml, demo-renumbered.akn.xml).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { ROOT, startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { ok, fullCycle, approveCutVerify, outstandingRefs } from '../support/workflow.js';
import { cutDemo, demoSourceText, DEMO_DOC } from '../../scripts/demo.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'akn-test-password' };
const SCHEMA = join(ROOT, 'core/schemas/akn30/akomantoso30.xsd');
const SLUG = '45-2019-qh14';
const EXAMPLES = ['demo.akn.xml', 'demo-renumbered.akn.xml'];

let directus, pg, dir, ids, docId;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-akn-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55300 + (process.pid % 150) });
		db = pg.createDatabase('iu_akn');
	}
	directus = await startDirectus({ dir, port: 21000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password });
	const token = await directus.login();
	const demo = await cutDemo({ url: directus.url, token, password: 'akn-workflow-password' });
	docId = demo.document;
	ids = demo.ids;
});

after(async () => {
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Writes the XML and validates it with xmllint against the committed schema; fails with xmllint's words. */
function validate(name, xml) {
	const file = join(dir, name);
	writeFileSync(file, xml);
	const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file], { encoding: 'utf8' });
	assert.ok(!r.error, `xmllint could not run (${r.error?.message}); install it with: source scripts/xmllint.sh`);
	assert.equal(r.status, 0, `${name} does not validate against the Akoma Ntoso 3.0 schema:\n${r.stderr}`);
	assert.match(r.stderr, /validates/);
	if (process.env.IU_AKN_EXAMPLES === '1' && EXAMPLES.includes(name)) copyFileSync(file, join(ROOT, 'docs/examples', name));
	return file;
}

const getAkn = (who, query) => who.api.get(`/iu-cutter/document/akn?${new URLSearchParams(query)}`);

test('GET /document/akn answers the demo document as an Akoma Ntoso 3.0 file that validates', async () => {
	const r = await getAkn(ids.reviewer, { document: SLUG, at: '2021-06-01' });
	assert.equal(r.status, 200, r.text);
	assert.equal(r.headers['content-type'], 'application/akn+xml; charset=utf-8');
	assert.equal(r.headers['content-disposition'], `attachment; filename="${SLUG}_vie@2021-01-01.akn.xml"`);
	validate('demo.akn.xml', r.text);
	const x = r.text;
	assert.match(x, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<akomaNtoso xmlns="http:\/\/docs.oasis-open.org\/legaldocml\/ns\/akn\/3.0">/);
	assert.ok(x.includes(`<FRBRuri value="/akn/vn/act/2019/${SLUG}"/>`));
	assert.ok(x.includes(`<FRBRuri value="/akn/vn/act/2019/${SLUG}/vie@2021-01-01"/>`));
	assert.ok(x.includes('<eventRef eId="evt_1" date="2021-01-01" source="#original" type="generation"/>'));
	assert.ok(x.includes(`<docTitle>${DEMO_DOC.title}</docTitle>`));
	// Điểm đ of khoản 1 Điều 44: its eId from the canonical address, printed as the law prints it.
	assert.ok(x.includes('<point eId="art_44__para_1__point_dd" wId="art_44__para_1__point_dd">'), x);
	assert.ok(x.includes('<num>đ)</num>'));
	assert.ok(x.includes('<chapter eId="chp_3" wId="chp_3">'));
	assert.equal(x.match(/<(chapter|article|paragraph|point) /g).length, 9, 'the 9 demo units');
});

test('the Flows action akn/export (POST /akn/export) answers the same file with its URIs', async () => {
	const data = await ok(ids.reviewer, '/iu-cutter/akn/export', { document: DEMO_DOC.doc_code, at: '2021-06-01' });
	assert.equal(data.filename, `${SLUG}_vie@2021-01-01.akn.xml`);
	assert.equal(data.work_uri, `/akn/vn/act/2019/${SLUG}`);
	assert.equal(data.expression_uri, `/akn/vn/act/2019/${SLUG}/vie@2021-01-01`);
	assert.equal(data.units, 9);
	assert.deepEqual(data.warnings, []);
	validate('demo-flows.akn.xml', data.xml);
	// By id too; the same units whichever name is used.
	const byId = await ok(ids.reviewer, '/iu-cutter/akn/export', { document: docId, at: '2021-06-01' });
	assert.equal(byId.units, 9);
});

test('anonymous callers get 403; a bad date, an unknown document and a bad country are named', async () => {
	const anonymous = client(directus.url);
	const r = await anonymous.get(`/iu-cutter/document/akn?document=${SLUG}&at=2021-06-01`);
	assert.equal(r.status, 403, r.text);
	assert.equal((await anonymous.post('/iu-cutter/akn/export', { document: SLUG })).status, 403);

	const bad = await getAkn(ids.reviewer, { document: SLUG, at: '01/06/2021' });
	assert.equal(bad.status, 400, bad.text);
	assert.match(bad.headers['content-type'], /application\/json/, 'errors stay JSON');
	assert.match(bad.body.errors[0].message, /"at" must be a date such as 2025-07-01/);

	const missing = await getAkn(ids.reviewer, { document: '1-2000-qh10' });
	assert.equal(missing.status, 404, missing.text);

	const country = await getAkn(ids.reviewer, { document: SLUG, at: '2021-06-01', country: 'Vietnam' });
	assert.equal(country.status, 400, country.text);
	assert.match(country.body.errors[0].message, /country/);

	const early = await getAkn(ids.reviewer, { document: SLUG, at: '2020-01-01' });
	assert.equal(early.status, 422, early.text);
	assert.match(early.body.errors[0].message, /no unit of the document is in force/);
});

test('after a governed CUT that renumbers Điều 44, the export maps art_44 to art_45 and keeps the wIds', async () => {
	const text = demoSourceText().replace('Điều 44. ', 'Điều 45. ');
	const cycle = await fullCycle(ids, { document: docId, text, effective_from: '2022-01-01T00:00:00+07:00' });
	assert.equal(cycle.verified.passed, true);

	const r = await getAkn(ids.reviewer, { document: SLUG, at: '2022-06-01' });
	assert.equal(r.status, 200, r.text);
	validate('demo-renumbered.akn.xml', r.text);
	const x = r.text;
	assert.ok(x.includes('<article eId="art_45" wId="art_44">'), 'new eId, the wId of its first address');
	assert.ok(x.includes('<point eId="art_45__para_1__point_dd" wId="art_44__para_1__point_dd">'));
	assert.ok(!x.includes('eId="art_44"'));
	assert.ok(x.includes('<eventRef eId="evt_2" date="2022-01-01" source="#original" type="amendment"/>'));
	assert.ok(x.includes('<mapping original="art_44" current="art_45" start="#evt_2"/>'), x.slice(0, 4000));
	assert.ok(x.includes('<mapping original="art_44__para_1__point_dd" current="art_45__para_1__point_dd" start="#evt_2"/>'));
	assert.ok(x.includes(`<FRBRuri value="/akn/vn/act/2019/${SLUG}/vie@2022-01-01"/>`));
	assert.ok(x.includes('contains="singleVersion"'));

	// The text as it stood before the renumbering is still the first version: no mapping yet.
	const old = await getAkn(ids.reviewer, { document: SLUG, at: '2021-06-01' });
	validate('demo-2021.akn.xml', old.text);
	assert.ok(old.text.includes('<article eId="art_44" wId="art_44">'));
	assert.ok(!old.text.includes('<mapping'));
});

// Issue 46: the publisher's notes (`[Khoản này được sửa đổi bởi …]`) are exportable, as AKN 3.0 writes editorial
// notes, and are not law. Thông tư 12/2015/TT-BTC as thuvienphapluat.vn consolidates it
// (../shared/corpus/vi-subordinate/tvpl, see its SOURCES.md), a text no other test stores: notes on articles,
// clauses and points.
test('a crawled text’s site notes are exported in <meta><notes> with a noteRef at each provision, and the file validates', async () => {
	const corpus = join(dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus/vi-subordinate/tvpl');
	const text = readFileSync(join(corpus, 'thong-tu-12-2015-tt-btc.txt'), 'utf8');
	const doc = (
		await ok(ids.submitter, '/items/legal_document', {
			doc_code: '12/2015/TT-BTC',
			title: 'Thông tư 12/2015/TT-BTC (site consolidation)',
			language: 'vi',
			vocabulary: 'vi',
			source_text: text,
		})
	).id;
	const request = { document: doc, effective_from: '2015-03-16T00:00:00+07:00' };
	const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
	const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
	const cycle = await approveCutVerify(ids, submitted, { acknowledged: await outstandingRefs(ids.reviewer, submitted.entry) });
	assert.equal(cycle.verified.passed, true);

	const r = await getAkn(ids.reviewer, { document: '12/2015/TT-BTC', at: '2020-01-01' });
	assert.equal(r.status, 200, r.text);
	validate('tt-12-2015-notes.akn.xml', r.text);
	const x = r.text;
	const meta = x.slice(0, x.indexOf('</meta>'));
	const body = x.slice(x.indexOf('<body>'));

	// From the publisher, an agent of its own: not the law's author.
	assert.ok(meta.includes('<notes source="#publisher">'), meta.slice(-3000));
	assert.ok(meta.includes('<TLCOrganization eId="publisher" href="/akn/ontology/organizations/publisher"'));
	assert.ok(!meta.includes('<FRBRauthor href="#publisher"/>'));
	assert.ok(meta.indexOf('</references>') < meta.indexOf('<notes '), 'notes after references, as the schema orders <meta>');

	// Điểm c khoản 1 Điều 9: its note after its number, the note's text in <meta>, none in the point.
	const pointNote = '[Điểm này được sửa đổi bởi Khoản 6 Điều 1 Thông tư 22/2019/TT-BTC có hiệu lực từ ngày 01/07/2019]';
	const point = x.indexOf('<point eId="art_9__para_1__point_c" wId="art_9__para_1__point_c">');
	assert.ok(point > 0, body.slice(0, 2000));
	const pointXml = x.slice(point, x.indexOf('</point>', point));
	assert.match(pointXml, /<num>c\)<noteRef href="#art_9__para_1__point_c__sitenote_1" class="publisherNote"\/><\/num>/);
	assert.match(pointXml, /<content>\s*<p>Chứng chỉ nghiệp vụ khai hải quan: 01 bản chụp;<\/p>\s*<\/content>/);
	assert.ok(meta.includes(`<note eId="art_9__para_1__point_c__sitenote_1" class="publisherNote" placementBase="#art_9__para_1__point_c">\n          <p>${pointNote}</p>`));

	// Every noteRef names a note, every note is named once, at a provision of the body; no note's words in the body.
	const notes = [...meta.matchAll(/<note eId="([^"]+)" class="publisherNote" placementBase="#([^"]+)">/g)].map((m) => [m[1], m[2]]);
	const refs = [...body.matchAll(/<noteRef href="#([^"]+)" class="publisherNote"\/>/g)].map((m) => m[1]);
	assert.ok(notes.length >= 20, `${notes.length} notes`);
	assert.deepEqual(refs.toSorted(), notes.map(([id]) => id).toSorted());
	for (const [id, provision] of notes) {
		assert.ok(id.startsWith(`${provision}__sitenote_`), id);
		const at = body.indexOf(` eId="${provision}" `);
		assert.ok(at > 0, provision);
		const head = body.slice(at, body.indexOf('</num>', at));
		assert.ok(head.includes(`#${id}"`), `${id} is at its provision's number`);
	}
	assert.doesNotMatch(body, /\[[^\]]* bởi [^\]]*\]/);
	assert.ok(!body.includes('sửa đổi bởi'));

	// The unit's notes are the Ledger timeline's (site-notes.ts), the one printed twice once; its stored text and
	// hash (checked by the verification above) are of the text the export prints, without the note.
	const admin = client(directus.url, await directus.login());
	const story = await admin.ok('GET', `/iu-cutter/timeline?${new URLSearchParams({ address: '12-2015-tt-btc/dieu-9/khoan-1/diem-c' })}`);
	assert.deepEqual(story.unit_changes.at(-1).notes, [pointNote]);
	const stored = await admin.ok('GET', `/items/logical_unit?${new URLSearchParams({ 'filter[canonical_address][_eq]': '12-2015-tt-btc/dieu-9/khoan-1/diem-c', fields: 'body' })}`);
	assert.equal(stored[0].body, 'Chứng chỉ nghiệp vụ khai hải quan: 01 bản chụp;');

	// The Flows action says how many notes the file carries; the demo document (no notes) carries none.
	const data = await ok(ids.reviewer, '/iu-cutter/akn/export', { document: '12-2015-tt-btc', at: '2020-01-01' });
	assert.equal(data.notes, notes.length);
	validate('tt-12-2015-notes-flows.akn.xml', data.xml);
	const demo = await ok(ids.reviewer, '/iu-cutter/akn/export', { document: SLUG, at: '2021-06-01' });
	assert.equal(demo.notes, 0);
	assert.ok(!demo.xml.includes('<notes') && !demo.xml.includes('noteRef') && !demo.xml.includes('publisher'));
});
