// The Data Studio tells the truth (issue 32 item 6), on a real Directus 12.4.0 and IU_DB=sqlite (default) or
// postgres: migration iu0014 makes every field of the unit store read-only in the item form and puts the IU
// Cutter workflow notice first in the form of units, aliases and every ledger collection; down undoes exactly
// that and up applies it again through the gated runner. Migration iu0015 labels the document form in Vietnamese and
// English and lets its vocabulary follow its language. The guards' refusals are whole messages the app shows
// uncut (at most 200 characters), with the long explanation in extensions.detail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb } from '../support/db.js';
import { loadNodeCore } from '../support/core.js';
import { applyPending, undo, verifyMigrationLedger } from '../../scripts/migrate.js';
import { MADE_READONLY, NOTICE_COLLECTIONS, NOTICE_FIELD, NOTICE_INTERFACE } from '../../migrations/iu0014-studio.js';
import { LEDGER_TABLES } from '../../migrations/iu0004-seal.js';
import { COLLECTION_NAMES, LABELS, VOCABULARY_INTERFACE } from '../../migrations/iu0015-document-form.js';

const DB = process.env.IU_DB ?? 'sqlite';
// The Data Studio's error dialog (v-error) shows at most this much of a message, then "...".
const MESSAGE_MAX = 200;
let dir, pg, directus, admin, k, core;

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-studio-${DB}-`));
	let db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55300 + (process.pid % 150) });
		db = pg.createDatabase('iu_studio');
	}
	directus = await startDirectus({ dir, port: 24000 + (process.pid % 1000), db, adminEmail: 'admin@example.com', adminPassword: 'studio-test-password' });
	admin = client(directus.url, await directus.login());
	k = openDb(db, dir);
	core = await loadNodeCore();
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

const bool = (v) => v === true || v === 1 || v === '1' || v === 'true';
const meta = async (collection) => (await k('directus_fields').where({ collection }).select('field', 'readonly', 'interface', 'special', 'sort')).map((r) => ({ ...r, readonly: bool(r.readonly) }));

async function assertApplied(applied) {
	for (const collection of ['logical_unit', 'canonical_address_alias']) {
		const editable = (await meta(collection)).filter((f) => !f.readonly).map((f) => f.field).sort();
		assert.deepEqual(editable, applied ? [] : [...MADE_READONLY[collection]].sort(), `${collection}: the fields editable in the item form`);
	}
	for (const collection of NOTICE_COLLECTIONS) {
		const notice = (await meta(collection)).find((f) => f.field === NOTICE_FIELD);
		if (!applied) {
			assert.equal(notice, undefined, `${collection}: no notice after down`);
			continue;
		}
		assert.ok(notice, `${collection}: the notice field`);
		assert.equal(notice.interface, NOTICE_INTERFACE);
		assert.equal(notice.special, 'alias,no-data');
		const others = (await meta(collection)).filter((f) => f.field !== NOTICE_FIELD).map((f) => Number(f.sort));
		assert.ok(others.every((s) => s > Number(notice.sort)), `${collection}: the notice comes first`);
	}
}

test('after npm start (every migration), units and aliases are read-only in the item form and every store and ledger form opens with the workflow notice', async () => {
	assert.deepEqual([...NOTICE_COLLECTIONS].sort(), ['canonical_address_alias', 'logical_unit', ...LEDGER_TABLES].sort());
	await assertApplied(true);
	// What the Data Studio reads: the fields' meta through the API.
	const fields = await admin.ok('GET', '/fields/logical_unit');
	assert.deepEqual(fields.filter((f) => !f.meta?.readonly).map((f) => f.field), []);
	const notice = fields.find((f) => f.field === NOTICE_FIELD);
	assert.equal(notice.type, 'alias');
	assert.equal(notice.meta.interface, NOTICE_INTERFACE);
	// The alias field has no column: reading items, with every field, still works for the store and the ledger.
	for (const collection of ['logical_unit', 'canonical_address_alias', 'decision_backlog_entry', 'ledger_incident']) {
		const r = await admin.get(`/items/${collection}?fields=*&limit=1`);
		assert.equal(r.status, 200, `${collection}: ${r.text}`);
	}
	// The schema guard still holds: a change of the notice's meta through Directus is refused like any other.
	const r = await admin.patch(`/fields/logical_unit/${NOTICE_FIELD}`, { meta: { hidden: true } });
	assert.equal(r.status, 403, r.text);
	assert.equal(r.body.errors[0].extensions.code, 'IU_SCHEMA_SEALED');
});

test('the refusals the Data Studio shows are whole messages of at most 200 characters; the full explanation is in extensions.detail', async () => {
	const id = randomUUID();
	const cases = [
		['PATCH a unit', () => admin.patch(`/items/logical_unit/${id}`, { heading: 'x' }), 403, 'IU_UNIT_STORE_SEALED', /CUT \/ VERIFY/],
		['DELETE a unit', () => admin.del(`/items/logical_unit/${id}`), 403, 'IU_UNIT_STORE_SEALED', /CUT \/ VERIFY/],
		['DELETE an alias', () => admin.del(`/items/canonical_address_alias/${id}`), 403, 'IU_UNIT_STORE_SEALED', /aliases change only/],
		['POST a ledger row', () => admin.post('/items/decision_backlog_entry', { id }), 403, 'IU_LEDGER_APPEND_ONLY', /append-only/],
		['PATCH a field', () => admin.patch('/fields/logical_unit/heading', { meta: { note: 'x' } }), 403, 'IU_SCHEMA_SEALED', /migrations/],
		['POST a long doc_code', () => admin.post('/items/legal_document', { doc_code: 'X'.repeat(67), title: 'x' }), 400, 'IU_FIELD_TOO_LONG', /limit is 64/],
	];
	for (const [name, run, status, code, pattern] of cases) {
		const r = await run();
		assert.equal(r.status, status, `${name}: ${r.text}`);
		const e = r.body.errors[0];
		assert.equal(e.extensions.code, code, name);
		assert.match(e.message, pattern, name);
		assert.ok(e.message.length <= MESSAGE_MAX, `${name}: ${e.message.length} characters: ${e.message}`);
		assert.match(e.message, /Nothing was (written|changed)\.$/, `${name}: a whole sentence, to its end`);
		assert.ok(e.extensions.detail.length > e.message.length, `${name}: extensions.detail explains at length`);
	}
});

// iu0015 (issue 46): the document form's labels in the user's language, its vocabulary following its language.
async function assertDocumentForm(applied) {
	const rows = await k('directus_fields').where({ collection: 'legal_document' }).whereIn('field', Object.keys(LABELS)).select('field', 'interface', 'translations');
	assert.equal(rows.length, Object.keys(LABELS).length);
	for (const r of rows) {
		const translations = typeof r.translations === 'string' ? JSON.parse(r.translations) : r.translations;
		if (!applied) {
			assert.equal(translations, null, `${r.field}: no labels after down`);
			continue;
		}
		assert.deepEqual(
			Object.fromEntries(translations.map((x) => [x.language, x.translation])),
			{ 'en-US': LABELS[r.field][0], 'en-GB': LABELS[r.field][0], 'vi-VN': LABELS[r.field][1] },
			r.field,
		);
	}
	assert.equal(rows.find((r) => r.field === 'vocabulary').interface, applied ? VOCABULARY_INTERFACE : 'select-dropdown');
	const { translations: names } = await k('directus_collections').where({ collection: 'legal_document' }).first('translations');
	const parsed = typeof names === 'string' ? JSON.parse(names) : names;
	if (!applied) assert.equal(parsed, null, 'no collection names after down');
	else assert.deepEqual(parsed.find((x) => x.language === 'vi-VN'), { language: 'vi-VN', translation: COLLECTION_NAMES.vi[0], singular: COLLECTION_NAMES.vi[1], plural: COLLECTION_NAMES.vi[2] });
}

test('iu0015: the document form is labelled in Vietnamese and English; a document given a language and no vocabulary gets the language’s', async () => {
	await assertDocumentForm(true);
	assert.equal(LABELS.doc_code[1], 'Số, ký hiệu');
	assert.equal(LABELS.source_text[1], 'Toàn văn');
	// The Data Studio reads the labels through the fields endpoint.
	const field = await admin.ok('GET', '/fields/legal_document/doc_code');
	assert.ok(field.meta.translations.some((x) => x.language === 'vi-VN' && x.translation === 'Số, ký hiệu'), JSON.stringify(field.meta));
	const made = [];
	for (const [language, vocabulary, expected] of [
		['en', undefined, 'en'],
		['en-GB', undefined, 'uk'],
		['vi', undefined, 'vi'],
		// Chosen by the user (the vocabulary detector's suggestion): kept.
		['en', 'commonwealth', 'commonwealth'],
	]) {
		const doc = await admin.ok('POST', '/items/legal_document', { doc_code: `IU0015/${made.length + 1}`, title: 'a document', language, ...(vocabulary ? { vocabulary } : {}) });
		made.push(doc.id);
		assert.equal(doc.vocabulary, expected, `${language} ${vocabulary ?? '(none)'}`);
	}
	// A change of language later leaves the vocabulary alone: it decides how the stored units were cut.
	const changed = await admin.ok('PATCH', `/items/legal_document/${made[0]}`, { language: 'vi' });
	assert.equal(changed.vocabulary, 'en');
	for (const id of made) await admin.ok('DELETE', `/items/legal_document/${id}`);
});

test('iu0014 down restores the editable fields and removes the notices; up again passes every gate', async () => {
	// Only the latest applied migration is undone: iu0018 (the transparency log), iu0017 (the step signatures), iu0016 (the trust policy) and iu0015 (the document form) first.
	const log = await undo(k, 'iu0018', { core });
	assert.equal(log.passed, true, JSON.stringify(log.gates));
	const signatures = await undo(k, 'iu0017', { core });
	assert.equal(signatures.passed, true, JSON.stringify(signatures.gates));
	const trust = await undo(k, 'iu0016', { core });
	assert.equal(trust.passed, true, JSON.stringify(trust.gates));
	const form = await undo(k, 'iu0015', { core });
	assert.equal(form.passed, true, JSON.stringify(form.gates));
	await assertDocumentForm(false);
	const down = await undo(k, 'iu0014', { core });
	assert.equal(down.passed, true, JSON.stringify(down.gates));
	await assertApplied(false);
	const up = await applyPending(k, { core });
	assert.equal(up.passed, true, JSON.stringify(up.steps.map((s) => s.gates)));
	const step = up.steps.find((s) => s.version === 'iu0014');
	assert.deepEqual(step.gates.map((g) => [g.name, g.verdict]), [['expected-shape', 'pass'], ['additive-only', 'pass'], ['row-counts-unchanged', 'pass']]);
	await assertApplied(true);
	await assertDocumentForm(true);
	assert.equal((await verifyMigrationLedger(k, core)).passed, true);
});
