// The Flows operation's body (extension/src/operation/fields.ts): the chosen action's fields make the body;
// flows saved before the form had fields ({ action, payload }) send their payload as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_FIELDS, bodyFrom } from '../../extension/src/operation/fields.ts';

const noLaw = async () => null;

test('an old flow\'s payload (JSON text or object) is the body, as before', async () => {
	assert.deepEqual(await bodyFrom('resolve', { action: 'resolve', payload: { address: '45-2019-qh14/dieu-44', at: '2026-01-01T00:00:00Z' } }, noLaw), { address: '45-2019-qh14/dieu-44', at: '2026-01-01T00:00:00Z' });
	assert.deepEqual(await bodyFrom('cut', { action: 'cut', payload: '{ "entry": "e1" }' }, noLaw), { entry: 'e1' });
	// A payload that is not an object goes to the reader as is, which names what a body must be.
	assert.equal(await bodyFrom('cut', { action: 'cut', payload: '[1]' }, noLaw).then((b) => Array.isArray(b)), true);
});

test('only the chosen action\'s fields are sent; empty ones and templates that named nothing are left out', async () => {
	const options = { action: 'review', entry: ' 3b7c ', decision: 'approve', manifest_sha256: 'a'.repeat(64), comment: 'undefined', document: 'left over from preview', text: '' };
	assert.deepEqual(await bodyFrom('review', options, noLaw), { entry: '3b7c', decision: 'approve', manifest_sha256: 'a'.repeat(64) });
	assert.deepEqual(await bodyFrom('cut', { action: 'cut', entry: 'x', comment: 'not cut\'s' }, noLaw), { entry: 'x' });
});

test('fields are added to an old payload, the field winning', async () => {
	assert.deepEqual(await bodyFrom('review', { payload: { entry: 'old', decision: 'reject' }, entry: 'new' }, noLaw), { entry: 'new', decision: 'reject' });
});

test('kinds: booleans from templates, addresses one a line, JSON fields parsed, amending laws by code or id', async () => {
	const laws = { '55/2023/NĐ-CP': '11111111-1111-4111-8111-111111111111' };
	const body = await bodyFrom(
		'amend/preview',
		{ document: 'd', amending: '55/2023/NĐ-CP\n22222222-2222-4222-8222-222222222222\n99/2099/NĐ-CP', enact: 'true', allow_mass_retire: false },
		async (code) => laws[code] ?? null,
	);
	assert.deepEqual(body, {
		document: 'd',
		amending: [{ document: laws['55/2023/NĐ-CP'] }, { document: '22222222-2222-4222-8222-222222222222' }, { doc_code: '99/2099/NĐ-CP' }],
		enact: true,
		allow_mass_retire: false,
	});
	assert.deepEqual((await bodyFrom('amend/preview', { document: 'd', amending: '[{ "doc_code": "x", "text": "y" }]' }, noLaw)).amending, [{ doc_code: 'x', text: 'y' }]);
	assert.deepEqual((await bodyFrom('preview', { document: 'd', scope: 'a/dieu-1\na/dieu-2, a/dieu-3' }, noLaw)).scope, ['a/dieu-1', 'a/dieu-2', 'a/dieu-3']);
	assert.deepEqual((await bodyFrom('submit', { document: 'd', undo: '[{"entry":"e"}]' }, noLaw)).undo, [{ entry: 'e' }]);
});

test('every action of the workflow has its fields, and every field a kind the form knows', async () => {
	// The keys of ACTIONS in extension/src/governance/index.ts.
	const names = ['preview', 'submit', 'amend/preview', 'amend/submit', 'crosswalk/preview', 'crosswalk/submit', 'akn/export', 'review', 'cut', 'verify', 'sweep', 'rollback', 'resolve', 'audit', 'incident', 'repair'];
	assert.deepEqual(Object.keys(ACTION_FIELDS).sort(), names.sort());
});
