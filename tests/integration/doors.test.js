// The sealed unit store (issue 12, DESIGN §8): every door Directus offers to
// logical_unit, canonical_address_alias, a document's address fields, the
// ledger and iu-cutter's schema, tried against a real Directus 12.4.0, as the
// admin and as an API-only user whose policy grants full CRUD on units and
// aliases. Each door must be refused, and the store — counted and fingerprinted
// straight from the database — must not move. The last test prints the table
// door → refusal. IU_DB=sqlite (default) or IU_DB=postgres.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { openDb, counts, asSuperuser } from '../support/db.js';
import { ok, fullCycle, amend } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';
import { loadNodeCore } from '../support/core.js';
import { introspect, schemaDiff } from '../../extension/src/cli/introspect.js';

const DB = process.env.IU_DB ?? 'sqlite';
const ADMIN = { email: 'admin@example.com', password: 'doors-test-password' };
const CODE = '5/2026/QH15';
const SLUG = '5-2026-qh15';

let directus, pg, dir, db, admin, crud, ids, k, core, docId, bareDocId, unit, alias;
const RESULTS = [];

before(async () => {
	dir = mkdtempSync(join(tmpdir(), `iu-doors-${DB}-`));
	db = { client: 'sqlite3' };
	if (DB === 'postgres') {
		pg = await startPostgres({ port: 55300 + (process.pid % 150) });
		db = pg.createDatabase('iu_doors');
	}
	directus = await startDirectus({ dir, port: 23000 + (process.pid % 1000), db, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const adminToken = await directus.login();
	admin = client(directus.url, adminToken);
	ids = await setupWorkflowRoles({ url: directus.url, token: adminToken, password: 'doors-workflow-password' });
	k = openDb(db, dir);
	core = await loadNodeCore();

	// Units and aliases in the store, the governed way: a small act, then an amendment that splits a clause.
	const text = core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 });
	docId = (await ok(ids.submitter, '/items/legal_document', { doc_code: CODE, title: 'Luật thử cửa', language: 'vi', vocabulary: 'vi', source_text: text })).id;
	await fullCycle(ids, { document: docId, effective_from: '2026-01-01T00:00:00Z' });
	await fullCycle(ids, { document: docId, text: amend(text), effective_from: '2027-01-01T00:00:00Z' });
	bareDocId = (await ok(ids.submitter, '/items/legal_document', { doc_code: '6/2026/QH15', title: 'Luật chưa cắt', language: 'vi', vocabulary: 'vi' })).id;
	unit = await k('logical_unit').where({ canonical_address: `${SLUG}/dieu-1` }).first();
	alias = await k('canonical_address_alias').orderBy('alias_id').first();
	assert.ok(unit && alias, 'the workflow wrote units and at least one alias');

	// An API-only user (no role, no seat) whose policy grants everything on units and aliases.
	const policy = await admin.ok('POST', '/policies', { name: 'Door tester (full CRUD on units)', icon: 'lock_open', admin_access: false, app_access: false });
	const grants = [];
	for (const collection of ['logical_unit', 'canonical_address_alias', 'directus_versions']) {
		for (const action of ['create', 'read', 'update', 'delete']) grants.push({ policy: policy.id, collection, action, fields: ['*'] });
	}
	for (const collection of ['legal_document', 'section_type', 'directus_revisions', 'directus_activity']) grants.push({ policy: policy.id, collection, action: 'read', fields: ['*'] });
	await admin.ok('POST', '/permissions', grants);
	const token = randomBytes(24).toString('hex');
	const user = await admin.ok('POST', '/users', { email: 'crud@agents.example.com', first_name: 'CRUD', token, role: null });
	await admin.ok('POST', '/access', { user: user.id, policy: policy.id });
	crud = client(directus.url, token);
	crudTokenValue = token;
});

after(async () => {
	await k?.destroy();
	await directus?.stop();
	await pg?.stop();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

// ── the store, read straight from the database ───────────────────────────────

const hash = (v) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
async function fingerprint() {
	return {
		counts: await counts(k),
		checkpoints: Number((await k('iu_ledger_checkpoint').count({ n: '*' }))[0].n),
		units: hash(await k('logical_unit').orderBy('id').select('*')),
		aliases: hash(await k('canonical_address_alias').orderBy('alias_id').select('*')),
		documents: hash(await k('legal_document').orderBy('id').select('id', 'doc_code', 'slug', 'vocabulary')),
	};
}

const callers = () => [
	['admin', admin],
	['crud user', crud],
];
const errorOf = (r) => r.body?.errors?.[0] ?? null;

/**
 * Runs a door and checks it was refused: the status and code Directus answered
 * (when given) and an unchanged store. Records a row of the table.
 */
async function door(name, caller, run, { status, code, message } = {}) {
	const before = await fingerprint();
	const r = await run();
	const after = await fingerprint();
	const err = errorOf(r);
	const got = { status: r.status, code: err?.extensions?.code ?? r.code ?? null, message: err?.message ?? r.message ?? r.text?.slice(0, 300) ?? '' };
	RESULTS.push({ door: name, caller, status: got.status, code: got.code, unchanged: JSON.stringify(before) === JSON.stringify(after), said: got.message });
	assert.deepEqual(after, before, `${name} (${caller}): the store changed`);
	if (status !== undefined) assert.equal(got.status, status, `${name} (${caller}): ${r.text?.slice(0, 500)}`);
	if (code !== undefined) assert.equal(got.code, code, `${name} (${caller}): ${r.text?.slice(0, 500)}`);
	if (message) assert.match(got.message, message, `${name} (${caller})`);
	return r;
}

const SEALED = { status: 403, code: 'IU_UNIT_STORE_SEALED' };
const SCHEMA = { status: 403, code: 'IU_SCHEMA_SEALED' };
const newUnit = () => ({ id: randomUUID(), document: docId, section_type: 'dieu', ordinal: '90', heading: 'Cửa sau', body: 'x', position: 900, canonical_address: `${SLUG}/dieu-90` });

// ── REST items ───────────────────────────────────────────────────────────────

test('REST items: create, update and delete — single, batch and by query — are refused for units and aliases, admin included', async () => {
	for (const [who, api] of callers()) {
		await door('REST POST /items/logical_unit (one)', who, () => api.post('/items/logical_unit', newUnit()), { ...SEALED, message: /CUT \/ VERIFY/ });
		await door('REST POST /items/logical_unit (batch)', who, () => api.post('/items/logical_unit', [newUnit(), { ...newUnit(), canonical_address: `${SLUG}/dieu-91` }]), SEALED);
		await door('REST PATCH /items/logical_unit/:id', who, () => api.patch(`/items/logical_unit/${unit.id}`, { heading: 'edited' }), SEALED);
		await door('REST PATCH /items/logical_unit (batch)', who, () => api.patch('/items/logical_unit', [{ id: unit.id, heading: 'edited' }]), SEALED);
		await door('REST PATCH /items/logical_unit (by query)', who, () => api.patch('/items/logical_unit', { query: { filter: { document: { _eq: docId } } }, data: { lifecycle_status: 'retired' } }), SEALED);
		await door('REST DELETE /items/logical_unit/:id', who, () => api.del(`/items/logical_unit/${unit.id}`), SEALED);
		await door('REST DELETE /items/logical_unit (batch)', who, () => api.call('DELETE', '/items/logical_unit', [unit.id]), SEALED);
		await door('REST DELETE /items/logical_unit (by query)', who, () => api.call('DELETE', '/items/logical_unit', { query: { filter: { document: { _eq: docId } } } }), SEALED);
		await door('REST POST /items/canonical_address_alias', who, () => api.post('/items/canonical_address_alias', { alias_text: `${SLUG}/dieu-77`, alias_kind: 'legacy', valid_from: '2020-01-01T00:00:00Z', target_unit_id: unit.id }), SEALED);
		await door('REST PATCH /items/canonical_address_alias/:id', who, () => api.patch(`/items/canonical_address_alias/${alias.alias_id}`, { valid_until: '2020-01-01T00:00:00Z' }), SEALED);
		await door('REST PATCH /items/canonical_address_alias (by query)', who, () => api.patch('/items/canonical_address_alias', { query: { filter: { alias_kind: { _nnull: true } } }, data: { rationale: 'x' } }), SEALED);
		await door('REST DELETE /items/canonical_address_alias (batch)', who, () => api.call('DELETE', '/items/canonical_address_alias', [alias.alias_id]), SEALED);
		// A document with nested units is one write: refused whole.
		await door('REST POST /items/legal_document with nested units', who, () => api.post('/items/legal_document', { doc_code: '8/2026/QH15', title: 'x', units: [newUnit()] }), who === 'admin' ? SEALED : { status: 403 });
	}
	// An invalid address is still a 400 with its reason, before the seal.
	await door('REST POST /items/logical_unit (invalid address)', 'admin', () => admin.post('/items/logical_unit', { ...newUnit(), canonical_address: `${SLUG}/Dieu-90` }), { status: 400, code: 'IU_INVALID_ADDRESS' });
});

// ── GraphQL ──────────────────────────────────────────────────────────────────

test('GraphQL mutations on units and aliases are refused', async () => {
	const gql = (api, query, variables) => api.post('/graphql', { query, variables });
	const mutations = [
		// A unit cannot even be expressed for create: its m2o inputs demand the related item's required fields.
		['GraphQL create_canonical_address_alias_item', 'mutation ($data: create_canonical_address_alias_input!) { create_canonical_address_alias_item(data: $data) { alias_id } }', { data: { alias_text: `${SLUG}/dieu-77`, alias_kind: 'legacy', valid_from: '2020-01-01T00:00:00Z' } }],
		['GraphQL update_logical_unit_item', `mutation { update_logical_unit_item(id: "${unit.id}", data: { heading: "edited" }) { id } }`],
		['GraphQL delete_logical_unit_item', `mutation { delete_logical_unit_item(id: "${unit.id}") { id } }`],
		['GraphQL update_canonical_address_alias_items', `mutation { update_canonical_address_alias_items(ids: ["${alias.alias_id}"], data: { rationale: "x" }) { alias_id } }`],
		['GraphQL delete_canonical_address_alias_item', `mutation { delete_canonical_address_alias_item(id: "${alias.alias_id}") { id } }`],
	];
	for (const [who, api] of callers()) {
		for (const [name, query, variables] of mutations) {
			const r = await door(name, who, () => gql(api, query, variables));
			assert.ok(r.body?.errors?.length, `${name} (${who}) answers an error: ${r.text.slice(0, 300)}`);
			assert.equal(errorOf(r).extensions.code, 'IU_UNIT_STORE_SEALED', `${name} (${who}): ${r.text.slice(0, 300)}`);
		}
	}
});

// ── /utils/import ─────────────────────────────────────────────────────────────

test('POST /utils/import/logical_unit (CSV and JSON upload) is refused', async () => {
	const u = newUnit();
	const csv = `id,document,section_type,ordinal,position,canonical_address\n${u.id},${docId},dieu,90,900,${u.canonical_address}\n`;
	const json = JSON.stringify([u]);
	for (const [who, api] of callers()) {
		for (const [kind, body, type, file] of [['CSV', csv, 'text/csv', 'units.csv'], ['JSON', json, 'application/json', 'units.json']]) {
			const form = new FormData();
			form.append('file', new Blob([body], { type }), file);
			await door(`POST /utils/import/logical_unit (${kind})`, who, () => upload(api, '/utils/import/logical_unit', form), SEALED);
		}
	}
});

async function upload(api, path, form) {
	const token = api === admin ? await directus.login() : crudToken();
	const r = await fetch(`${directus.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
	const text = await r.text();
	let body = null;
	try {
		body = text ? JSON.parse(text) : null;
	} catch {
		/* not JSON */
	}
	return { status: r.status, body, text };
}
let crudTokenValue;
const crudToken = () => crudTokenValue;

// ── /utils/revert ─────────────────────────────────────────────────────────────

test('/utils/revert: a revision of a document reverts; a revision of a unit (left from before the seal) is refused', async () => {
	// Revisions exist only for writes made through ItemsService. The workflow writes units with its own
	// transaction, so no unit has one; a unit revision can only be older than iu0004 (an upgrade). Forge one.
	await admin.ok('PATCH', `/items/legal_document/${docId}`, { title: 'Luật thử cửa (sửa tên)' });
	const [rev] = await admin.ok('GET', `/revisions?filter[collection][_eq]=legal_document&filter[item][_eq]=${docId}&sort=-id&limit=1`);
	assert.ok(rev, 'a title change leaves a revision');
	const r = await admin.post(`/utils/revert/${rev.id}`);
	assert.ok(r.status < 300, `reverting a document revision works: ${r.status} ${r.text}`);
	RESULTS.push({ door: 'POST /utils/revert/:revision (legal_document.title)', caller: 'admin', status: r.status, code: '(allowed)', unchanged: true, said: 'not an address field' });

	const [activity] = await k('directus_activity').insert({ action: 'update', collection: 'logical_unit', item: unit.id, timestamp: new Date(), ip: '127.0.0.1', user_agent: 'doors.test' }).returning('id');
	const [revision] = await k('directus_revisions').insert({ activity: activity.id ?? activity, collection: 'logical_unit', item: unit.id, data: JSON.stringify({ ...unit, heading: 'Reverted behind the workflow' }), delta: JSON.stringify({ heading: 'Reverted behind the workflow' }) }).returning('id');
	const revisionId = revision.id ?? revision;
	for (const [who, api] of callers()) {
		await door('POST /utils/revert/:revision (logical_unit)', who, () => api.post(`/utils/revert/${revisionId}`), SEALED);
	}
});

// ── content versions ──────────────────────────────────────────────────────────

test('content versions: enabling versioning on logical_unit is refused; a version promoted onto a unit is refused', async () => {
	await door('PATCH /collections/logical_unit {meta.versioning: true}', 'admin', () => admin.patch('/collections/logical_unit', { meta: { versioning: true } }), SCHEMA);
	// As if versioning had been switched on before the seal (an upgrade): by SQL, then Directus reloads its schema.
	await k('directus_collections').where({ collection: 'logical_unit' }).update({ versioning: true });
	await admin.ok('POST', '/utils/cache/clear?system=true');
	try {
		for (const [who, api] of callers()) {
			const version = await api.ok('POST', '/versions', { key: `door-${who.replace(' ', '-')}`, name: `door ${who}`, collection: 'logical_unit', item: unit.id });
			await api.ok('POST', `/versions/${version.id}/save`, { heading: 'A versioned heading' });
			const { mainHash } = await api.ok('GET', `/versions/${version.id}/compare`);
			await door('POST /versions/:id/promote (logical_unit)', who, () => api.post(`/versions/${version.id}/promote`, { mainHash }), SEALED);
			const draft = await api.ok('POST', '/versions', { key: 'draft', name: `door new ${who}`, collection: 'logical_unit', item: null });
			await api.ok('POST', `/versions/${draft.id}/save`, newUnit());
			await door('POST /versions/:id/promote (new logical_unit)', who, () => api.post(`/versions/${draft.id}/promote`, {}), SEALED);
			await admin.ok('DELETE', `/versions/${draft.id}`);
		}
	} finally {
		await k('directus_collections').where({ collection: 'logical_unit' }).update({ versioning: false });
		await admin.ok('POST', '/utils/cache/clear?system=true');
	}
});

// ── Flows ─────────────────────────────────────────────────────────────────────

/** A webhook flow with one operation, triggered once, then deleted (the Core license allows 5 flows). */
async function runFlow(who, api, type, options) {
	const flow = await admin.ok('POST', '/flows', { name: `door ${type}`, icon: 'bolt', status: 'active', trigger: 'webhook', accountability: 'all', options: { method: 'POST', async: false, return: '$last' } });
	try {
		const op = await admin.ok('POST', '/operations', { flow: flow.id, key: 'write', name: 'write', type, position_x: 19, position_y: 1, options });
		await admin.ok('PATCH', `/flows/${flow.id}`, { operation: op.id });
		const r = await api.post(`/flows/trigger/${flow.id}`, {});
		// The flow's run log, as the Data Studio shows it: the operation's status and what it returned.
		const [run] = await admin.ok('GET', `/revisions?filter[collection][_eq]=directus_flows&filter[item][_eq]=${flow.id}&sort=-id&limit=1&fields=data`);
		// Directus keeps a failed operation's error as { name, message } in the log.
		const step = run?.data?.steps?.[0];
		const out = run?.data?.data?.write;
		const message = String(out?.message ?? JSON.stringify(out));
		const by = /^iu-cutter: |SQLITE_CONSTRAINT: iu-cutter: /.test(message) || message.includes(' - iu-cutter: ') ? 'trigger' : /^"\w+" is sealed/.test(message) ? 'hook' : 'other';
		return { ...r, code: `${r.status}, op ${step?.status}: ${by}`, message, step };
	} finally {
		await admin.ok('DELETE', `/flows/${flow.id}`);
	}
}

test('Flows: Create / Update / Delete Data operations with and without "Emit Events" are refused (no hook runs without events: the trigger refuses)', async () => {
	const cases = [
		['item-create', 'logical_unit', () => ({ collection: 'logical_unit', payload: newUnit() })],
		['item-update', 'logical_unit', () => ({ collection: 'logical_unit', key: [unit.id], payload: { heading: 'edited by a flow' } })],
		['item-delete', 'logical_unit', () => ({ collection: 'logical_unit', key: [unit.id] })],
		['item-update', 'canonical_address_alias', () => ({ collection: 'canonical_address_alias', key: [alias.alias_id], payload: { rationale: 'edited by a flow' } })],
	];
	for (const [who, api, permissions] of [['admin', admin, '$full'], ['crud user', crud, '$trigger']]) {
		for (const emitEvents of [true, false]) {
			for (const [type, collection, options] of cases) {
				const name = `Flow ${type} ${collection}, emitEvents ${emitEvents}, permissions ${permissions}`;
				const r = await door(name, who, () => runFlow(who, api, type, { ...options(), emitEvents, permissions }));
				assert.equal(r.step?.status, 'reject', `${name}: the operation failed`);
				// With events the hook refuses (its 403's words); without, no hook runs and the trigger does (its words reach the flow's log).
				if (emitEvents) assert.match(r.message, new RegExp(`^"${collection}" is sealed`), `${name}: ${r.message}`);
				else assert.match(r.message, new RegExp(`iu-cutter: ${collection} is sealed`), `${name}: ${r.message}`);
			}
		}
	}
	// The ledger: append-only even where no hook runs.
	const decision = await k('review_decision').first('id');
	for (const [type, options, pattern] of [
		['item-update', { collection: 'review_decision', key: [decision.id], payload: { comment: 'rewritten' } }, /review_decision is append-only/],
		['item-delete', { collection: 'review_decision', key: [decision.id] }, /review_decision is append-only/],
		['item-create', { collection: 'dot_pair_signature', payload: { id: randomUUID(), ledger_seq: 999999, recorded_at: 'x', recorded_by: randomUUID(), signer: randomUUID(), role: 'executor', change_set: null, verify_result: null, signed_sha256: 'a'.repeat(64), row_hash: 'b'.repeat(64) } }, /dot_pair_signature is append-only/],
	]) {
		const r = await door(`Flow ${type} ${options.collection}, emitEvents false, permissions $full`, 'admin', () => runFlow('admin', admin, type, { ...options, emitEvents: false, permissions: '$full' }));
		assert.match(r.message, pattern);
	}
});

// ── schema ────────────────────────────────────────────────────────────────────

test('schema endpoints: fields, collections, relations, /schema/apply and GraphQL system mutations on iu-cutter collections are refused', async () => {
	const before = await introspect(k);
	await door('DELETE /fields/logical_unit/heading', 'admin', () => admin.del('/fields/logical_unit/heading'), SCHEMA);
	await door('DELETE /fields/review_decision/comment', 'admin', () => admin.del('/fields/review_decision/comment'), SCHEMA);
	await door('POST /fields/logical_unit', 'admin', () => admin.post('/fields/logical_unit', { field: 'backdoor', type: 'string' }), SCHEMA);
	await door('PATCH /fields/logical_unit/heading', 'admin', () => admin.patch('/fields/logical_unit/heading', { meta: { note: 'renamed' }, schema: { max_length: 10 } }), SCHEMA);
	await door('PATCH /fields/logical_unit (batch)', 'admin', () => admin.patch('/fields/logical_unit', [{ field: 'heading', meta: { hidden: true } }]), SCHEMA);
	await door('DELETE /collections/cut_change_set', 'admin', () => admin.del('/collections/cut_change_set'), SCHEMA);
	await door('DELETE /collections/iu_migration_ledger (no metadata row: no filter event)', 'admin', () => admin.del('/collections/iu_migration_ledger'), SCHEMA);
	await door('POST /collections {collection: iu_seal}', 'admin', () => admin.post('/collections', { collection: 'iu_seal', meta: { icon: 'lock' }, schema: null }), SCHEMA);
	await door('DELETE /relations/logical_unit/parent (no filter event)', 'admin', () => admin.del('/relations/logical_unit/parent'), SCHEMA);
	await door('POST /relations (a user table → logical_unit)', 'admin', () => admin.post('/relations', { collection: 'directus_users', field: 'id', related_collection: 'logical_unit' }), SCHEMA);
	await door('DELETE /fields/logical_unit/heading', 'crud user', () => crud.del('/fields/logical_unit/heading'), { status: 403 });

	// /schema/diff + /schema/apply: a snapshot without logical_unit.heading.
	const snapshot = await admin.ok('GET', '/schema/snapshot');
	snapshot.fields = snapshot.fields.filter((f) => !(f.collection === 'logical_unit' && f.field === 'heading'));
	const diff = await admin.ok('POST', '/schema/diff', snapshot);
	assert.ok(diff.diff.fields.some((f) => f.collection === 'logical_unit' && f.field === 'heading'), 'the diff drops logical_unit.heading');
	await door('POST /schema/apply (drops logical_unit.heading)', 'admin', () => admin.post('/schema/apply', diff), SCHEMA);
	await door('POST /schema/apply?force=true (drops logical_unit.heading)', 'admin', () => admin.post('/schema/apply?force=true', diff), SCHEMA);
	// A diff that only drops a relation reaches RelationsService.deleteOne, which emits no filter event: as an uploaded file.
	const snap2 = await admin.ok('GET', '/schema/snapshot');
	snap2.relations = snap2.relations.filter((r) => !(r.collection === 'canonical_address_alias' && r.field === 'target_unit_id'));
	const relDiff = await admin.ok('POST', '/schema/diff', snap2);
	assert.deepEqual(relDiff.diff.relations.map((r) => `${r.collection}.${r.field}`), ['canonical_address_alias.target_unit_id']);
	const form = new FormData();
	form.append('file', new Blob([JSON.stringify(relDiff)], { type: 'application/json' }), 'diff.json');
	await door('POST /schema/apply (multipart file, drops a relation only)', 'admin', () => upload(admin, '/schema/apply', form), SCHEMA);

	const gql = (query) => admin.post('/graphql/system', { query });
	for (const [name, query] of [
		['GraphQL system delete_relations_item (no filter event)', 'mutation { delete_relations_item(collection: "logical_unit", field: "parent") { collection } }'],
		['GraphQL system delete_fields_item', 'mutation { delete_fields_item(collection: "logical_unit", field: "heading") { collection } }'],
		['GraphQL system delete_collections_item', 'mutation { delete_collections_item(collection: "verify_result") { collection } }'],
	]) {
		await door(name, 'admin', () => gql(query), SCHEMA);
	}

	// /utils/sort writes the sort field (position, ledger_seq) with plain knex calls, no event.
	const [a, b] = await k('logical_unit').where({ document: docId }).orderBy('position').limit(2).select('id');
	await door('POST /utils/sort/logical_unit', 'admin', () => admin.post('/utils/sort/logical_unit', { item: a.id, to: b.id }), SEALED);
	const [e1, e2] = await k('decision_backlog_entry').orderBy('ledger_seq').limit(2).select('id');
	await door('POST /utils/sort/decision_backlog_entry', 'admin', () => admin.post('/utils/sort/decision_backlog_entry', { item: e1.id, to: e2.id }), { status: 403, code: 'IU_LEDGER_APPEND_ONLY' });

	assert.deepEqual(schemaDiff(core, before, await introspect(k)).diff, { added: [], removed: [], changed: [] }, 'no table, column, index, trigger, collection or field changed');
	// A collection of one's own is still the admin's to change.
	await admin.ok('POST', '/collections', { collection: 'door_notes', schema: {}, meta: { icon: 'note' }, fields: [{ field: 'id', type: 'integer', schema: { is_primary_key: true, has_auto_increment: true } }] });
	await admin.ok('POST', '/fields/door_notes', { field: 'note', type: 'string' });
	await admin.ok('DELETE', '/collections/door_notes');
});

// ── documents ─────────────────────────────────────────────────────────────────

test('documents: doc_code, slug and vocabulary are fixed once a document has units; a document with units is not deleted; doc_code within 64 characters on both databases', async () => {
	for (const [name, payload] of [
		['PATCH legal_document doc_code (has units)', { doc_code: '5/2026/QH16' }],
		['PATCH legal_document vocabulary (has units)', { vocabulary: 'en' }],
	]) {
		await door(name, 'admin', () => admin.patch(`/items/legal_document/${docId}`, payload), { status: 409, code: 'IU_DOCUMENT_READDRESS', message: /readdress every unit/ });
	}
	// The same doc_code again (an API client sending the whole item) readdresses nothing: allowed.
	await admin.ok('PATCH', `/items/legal_document/${docId}`, { doc_code: CODE, vocabulary: 'vi' });
	await door('PATCH legal_document doc_code (has units)', 'submitter', () => ids.submitter.api.patch(`/items/legal_document/${docId}`, { doc_code: '5/2026/QH16' }), { status: 409, code: 'IU_DOCUMENT_READDRESS' });
	await door('DELETE legal_document (has units)', 'admin', () => admin.del(`/items/legal_document/${docId}`), { status: 409, code: 'IU_DOCUMENT_HAS_UNITS' });
	// Without units the code is still the editor's to fix.
	await admin.ok('PATCH', `/items/legal_document/${bareDocId}`, { doc_code: '6/2026/QH16' });
	assert.equal((await k('legal_document').where({ id: bareDocId }).first('slug')).slug, '6-2026-qh16');
	const long = `1/2026/${'QH'.repeat(30)}`;
	await door('POST legal_document doc_code of 67 characters', 'admin', () => admin.post('/items/legal_document', { doc_code: long, title: 'x' }), { status: 400, code: 'IU_FIELD_TOO_LONG', message: /limit is 64/ });
	await door('PATCH legal_document doc_code of 67 characters', 'admin', () => admin.patch(`/items/legal_document/${bareDocId}`, { doc_code: long }), { status: 400, code: 'IU_FIELD_TOO_LONG' });
	// A user who created aliases would rewrite them on delete (created_by → null): refused with a way out.
	const creator = (await k('canonical_address_alias').whereNotNull('created_by').first('created_by'))?.created_by;
	assert.ok(creator, 'the workflow records who created an alias');
	await door('DELETE /users/:id (created aliases)', 'admin', () => admin.del(`/users/${creator}`), { status: 409, code: 'IU_USER_HAS_ALIASES' });
});

// ── the database itself ───────────────────────────────────────────────────────

test('direct SQL through a second connection: refused by the triggers unless the writer opens the seal; the ledger is append-only even then', async () => {
	const sql = (name, run, pattern) =>
		door(name, 'database session', async () => {
			try {
				await run();
				return { status: 'written', code: null, message: 'written' };
			} catch (e) {
				return { status: 'refused', code: e.code ?? null, message: e.message };
			}
		}, { status: 'refused', message: pattern });
	await sql('SQL INSERT logical_unit', () => k('logical_unit').insert({ ...newUnit() }), /iu-cutter: logical_unit is sealed/);
	await sql('SQL UPDATE logical_unit', () => k('logical_unit').where({ id: unit.id }).update({ heading: 'x' }), /logical_unit is sealed/);
	await sql('SQL DELETE logical_unit', () => k('logical_unit').where({ id: unit.id }).delete(), /logical_unit is sealed/);
	await sql('SQL UPDATE canonical_address_alias', () => k('canonical_address_alias').update({ rationale: 'x' }), /canonical_address_alias is sealed/);
	await sql('SQL INSERT review_decision', () => k('review_decision').insert({ id: randomUUID(), ledger_seq: 999999, recorded_at: 'x', recorded_by: randomUUID(), entry: randomUUID(), manifest_sha256: 'a', decision: 'approve', reviewer: randomUUID(), row_hash: 'z' }), /review_decision is append-only and sealed/);
	await sql('SQL UPDATE review_decision', () => k('review_decision').update({ comment: 'x' }), /review_decision is append-only/);
	await sql('SQL DELETE dot_pair_signature', () => k('dot_pair_signature').delete(), /dot_pair_signature is append-only/);
	await sql('SQL INSERT iu_ledger_checkpoint', () => k('iu_ledger_checkpoint').insert({ seq: 999999, from_seq: 1, prev_seq: 0, head: 'a', recorded_at: 'x', key_id: 'k', signature: 's', v: 'v' }), /iu_ledger_checkpoint is append-only and sealed/);
	await sql('SQL UPDATE legal_document doc_code (has units)', () => k('legal_document').where({ id: docId }).update({ doc_code: 'X', slug: 'x' }), /has units/);
	await sql('SQL DELETE legal_document (has units)', () => k('legal_document').where({ id: docId }).delete(), /has units/);
	await sql('SQL UPDATE iu_migration_ledger', () => k('iu_migration_ledger').update({ applied_by: 'x' }), /iu_migration_ledger is append-only/);
	if (DB === 'postgres') {
		await sql('SQL TRUNCATE logical_unit', () => k.raw('truncate logical_unit cascade'), /cannot be truncated/);
		await sql('SQL TRUNCATE review_decision', () => k.raw('truncate review_decision cascade'), /cannot be truncated/);
		await sql('SQL INSERT iu_seal (PostgreSQL)', () => k('iu_seal').insert({ opened_at: 'x', txn: 'y' }), /iu_seal is unused on PostgreSQL/);
		// A seal opened in one session does not open another: the setting is transaction-local.
		await k.transaction(async (holder) => {
			await holder.raw("select set_config('iu_cutter.seal', 'held-open', true)");
			await sql('SQL UPDATE logical_unit while another session holds the seal', () => k('logical_unit').where({ id: unit.id }).update({ heading: 'x' }), /logical_unit is sealed/);
		});
	}
	// The address fields may change, and a document without units may go, like before.
	const other = await k('legal_document').where({ id: bareDocId }).first();
	await k('legal_document').where({ id: bareDocId }).update({ title: `${other.title}.` });

	// Whoever opens the seal can write the units — a database superuser can do anything — and VERIFY sees it.
	const before = await fingerprint();
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: unit.id }).update({ heading: 'Written by a superuser' }));
	assert.notDeepEqual(await fingerprint(), before, 'the superuser wrote');
	RESULTS.push({ door: 'SQL UPDATE logical_unit with the seal opened by hand (superuser)', caller: 'database superuser', status: 'written', code: '(seal opened by hand)', unchanged: false, said: 'the seal is no secret from the database superuser; VERIFY finds the edit (governance.test.js)' });
	await assert.rejects(asSuperuser(k, (trx) => trx('review_decision').update({ comment: 'x' })), /review_decision is append-only/, 'a ledger row needs the triggers out of the way too');
	await asSuperuser(k, (trx) => trx('logical_unit').where({ id: unit.id }).update({ heading: unit.heading, updated_at: unit.updated_at }));
	assert.deepEqual(await fingerprint(), before);
});

test('the workflow still writes: a CUT after every door was tried', async () => {
	const text = amend(core.generatedAct({ chapters: 1, articlesPerChapter: 3, clausesPerArticle: 2, pointsPerClause: 2 })).replace('Điều 2.', 'Điều 2. Sửa đổi sau thử cửa:');
	const { cut, verified } = await fullCycle(ids, { document: docId, text, effective_from: '2028-01-01T00:00:00Z' });
	assert.ok(cut.units_written >= 1);
	assert.equal(verified.passed, true, JSON.stringify(verified.report.violations.slice(0, 3)));
	assert.equal(Number((await k('iu_seal').count({ n: '*' }))[0].n), 0, 'no seal is left open');
});

test('every door, refused: the table', () => {
	const rows = RESULTS.map((r) => [r.door, r.caller, String(r.status), String(r.code ?? ''), r.unchanged ? 'unchanged' : 'CHANGED']);
	const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
	const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
	console.log(`\ndoors on ${DB} (${RESULTS.length}):\n${line(['door', 'caller', 'status', 'code', 'store'])}\n${rows.map(line).join('\n')}\n`);
	assert.ok(RESULTS.every((r) => r.unchanged || r.caller === 'database superuser' || r.code === '(allowed)'));
});
