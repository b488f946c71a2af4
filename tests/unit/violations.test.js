// The chain and drift audits' findings as VERIFY violations (extension/src/governance/violations.ts), pure logic:
// the recorded report lists them beside the core's own, and a reviewer reads subject, expected and found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftViolations, ledgerViolations } from '../../extension/src/governance/violations.ts';

test('a chain finding: check LEDGER, its kind as the code, the subject from its seq, table and row', () => {
	const [v] = ledgerViolations({
		violations: [{ kind: 'row-hash', seq: 41, collection: 'cut_change_set', row_id: 'r1', expected: 'ab12', found: 'cd34', message: 'the row was edited' }],
	});
	assert.deepEqual(v, {
		check: 'LEDGER',
		code: 'row-hash',
		subject: 'seq 41 cut_change_set r1',
		expected: 'ab12',
		found: 'cd34',
		message: 'the row was edited',
		row_id: 'r1',
		collection: 'cut_change_set',
	});
});

test('a chain finding without a seq or a row names what it has; seq 0 is still named', () => {
	const [noSeq, zero] = ledgerViolations({
		violations: [
			{ kind: 'witness', collection: null, row_id: null, expected: null, found: undefined, message: 'm' },
			{ kind: 'link', seq: 0, collection: 'x', row_id: null, expected: 'a', found: 'b', message: 'm' },
		],
	});
	assert.equal(noSeq.subject, '');
	assert.equal(noSeq.expected, 'none');
	assert.equal(noSeq.found, 'none');
	assert.equal(zero.subject, 'seq 0 x');
});

test('values that are not text are shown as JSON', () => {
	const [v] = ledgerViolations({ violations: [{ kind: 'k', seq: 1, collection: 'c', row_id: 'r', expected: { seq: 3 }, found: 7, message: 'm' }] });
	assert.equal(v.expected, '{"seq":3}');
	assert.equal(v.found, '7');
});

test('a drift finding: check DRIFT, the subject from what it is, its id and address; a field only when named', () => {
	const [unit, alias] = driftViolations({
		violations: [
			{ subject: 'unit', kind: 'image-mismatch', id: 'u1', address: '45-2019-qh14/dieu-1', field: 'body', expected: 'old', found: 'new', message: 'edited' },
			{ subject: 'alias', kind: 'lost', id: 'a1', address: null, field: null, expected: 'x', found: null, message: 'gone' },
		],
	});
	assert.deepEqual(unit, { check: 'DRIFT', code: 'image-mismatch', subject: 'unit u1 45-2019-qh14/dieu-1', field: 'body', expected: 'old', found: 'new', message: 'edited' });
	assert.equal(alias.subject, 'alias a1');
	assert.equal(alias.field, undefined);
	assert.equal(alias.found, 'none');
});

test('no findings, no violations', () => {
	assert.deepEqual(ledgerViolations({ violations: [] }), []);
	assert.deepEqual(driftViolations({ violations: [] }), []);
});
