// The sealed ledger through the bundle's embedded core, as api.js calls it: keys made by
// Node's crypto, checkpoints signed and verified (and checked against Node's own Ed25519),
// a chain built with ledgerChain audited page by page, the witness file, and drift.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify as nodeVerify } from 'node:crypto';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

function keyPair() {
	const { privateKey, publicKey } = generateKeyPairSync('ed25519');
	return {
		privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }),
		publicPem: publicKey.export({ type: 'spki', format: 'pem' }),
		publicKey,
		raw: publicKey.export({ type: 'spki', format: 'der' }).subarray(-32),
	};
}
const server = keyPair();
const stranger = keyPair();

const ok = (r) => {
	assert.equal(r.ok, true, JSON.stringify(r.error));
	return r;
};

/** `n` rows chained by the core, the way LedgerWriter does it. */
function chain(n, from = 1, prev = null) {
	const rows = [];
	for (let seq = from; seq < from + n; seq++) {
		rows.push({
			collection: seq % 2 ? 'decision_backlog_history' : 'review_decision',
			id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
			content: { id: `row-${seq}`, ledger_seq: seq, recorded_at: '2026-01-01T00:00:00.000Z', detail: `điểm đ khoản 1 Điều 44 (${seq})` },
		});
	}
	return ok(core.ledgerChain({ prev, rows })).rows;
}

/** A checkpoint after each seq of `at`, signed with the server key. */
function seal(rows, at) {
	const out = [];
	let prev = 0;
	for (const seq of at) {
		const head = rows.find((r) => r.content.ledger_seq === seq).row_hash;
		out.push(ok(core.signCheckpoint({ privatePem: server.privatePem, unsigned: { seq, from_seq: prev + 1, prev_seq: prev, head, recorded_at: '2026-01-01T00:00:05.000Z' } })).checkpoint);
		prev = seq;
	}
	return out;
}

function audit(options, checkpoints, pages) {
	const { audit } = ok(core.ledgerAuditOpen({ options }));
	ok(audit.checkpoints({ checkpoints }));
	for (const page of pages) ok(audit.rows({ rows: page }));
	const { report } = ok(audit.finish());
	audit.free();
	return report;
}

test('ledgerKeyInfo gives the public key and id of a key made by Node', () => {
	const info = ok(core.ledgerKeyInfo({ privatePem: server.privatePem }));
	assert.equal(info.public_key_pem, server.publicPem);
	assert.equal(info.key_id, createHash('sha256').update(server.raw).digest('hex').slice(0, 16));
});

test('a signed checkpoint is a Node-verifiable Ed25519 signature over its RFC 8785 fields', () => {
	const head = 'ab'.repeat(32);
	const { checkpoint, canonical_json } = ok(core.signCheckpoint({ privatePem: server.privatePem, unsigned: { seq: 42, from_seq: 18, prev_seq: 17, head, recorded_at: '2026-01-01T00:00:05.000Z' } }));
	assert.equal(checkpoint.v, 'iu-ledger-checkpoint-v1');
	assert.match(checkpoint.signature, /^[0-9a-f]{128}$/);
	const { signature, ...fields } = checkpoint;
	const sorted = JSON.stringify(Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : 1))));
	assert.ok(nodeVerify(null, Buffer.from(sorted), server.publicKey, Buffer.from(signature, 'hex')));
	assert.deepEqual(JSON.parse(canonical_json), checkpoint);

	assert.deepEqual(ok(core.verifyCheckpoint({ publicPems: [server.publicPem], checkpoint })), { ok: true, valid: true });
	assert.equal(ok(core.verifyCheckpoint({ publicPems: server.publicPem, checkpoint })).valid, true, 'one PEM string is accepted too');
	const forged = ok(core.verifyCheckpoint({ publicPems: [server.publicPem], checkpoint: { ...checkpoint, seq: 43 } }));
	assert.equal(forged.valid, false);
	assert.equal(forged.fault.code, 'bad-signature');
	const unknown = ok(core.verifyCheckpoint({ publicPems: [stranger.publicPem], checkpoint }));
	assert.equal(unknown.fault.code, 'unknown-key');
	assert.match(unknown.fault.message, new RegExp(checkpoint.key_id));
	assert.equal(ok(core.verifyCheckpoint({ publicPems: [server.publicPem], checkpoint: { ...checkpoint, head: 'x' } })).fault.code, 'malformed-checkpoint');
});

test('bad keys and inputs come back as errors with hints, never as exceptions', () => {
	const bad = core.signCheckpoint({ privatePem: 'not a key', unsigned: { seq: 1, from_seq: 1, prev_seq: 0, head: 'ab'.repeat(32), recorded_at: 't' } });
	assert.equal(bad.ok, false);
	assert.equal(bad.error.code, 'invalid-private-key');
	assert.match(bad.error.hint, /openssl genpkey -algorithm ed25519/);
	assert.equal(core.ledgerKeyInfo({ privatePem: server.publicPem }).error.code, 'invalid-private-key');
	assert.equal(core.ledgerKeyInfo({ privatePem: undefined }).error.code, 'invalid-input');
	assert.equal(core.ledgerKeyInfo({ privatePem: 42 }).error.code, 'invalid-input');
	assert.equal(core.signCheckpoint({ privatePem: server.privatePem, unsigned: { seq: 1, from_seq: 2, prev_seq: 1, head: 'ab'.repeat(32), recorded_at: 't' } }).error.code, 'invalid-seq-range');
	assert.equal(core.signCheckpoint({ privatePem: server.privatePem, unsigned: { seq: 1 } }).error.code, 'invalid-input');
	assert.equal(core.verifyCheckpoint({ publicPems: [server.privatePem], checkpoint: {} }).error.code, 'invalid-public-key');
	assert.equal(core.verifyCheckpoint({ publicPems: [], checkpoint: {} }).error.code, 'no-public-key');
	assert.equal(core.ledgerAuditOpen({ options: { public_keys: ['nope'] } }).error.code, 'invalid-public-key');
	assert.equal(core.ledgerAuditOpen({ options: { public_keys: [server.publicPem], anchor: { seq: 3, row_hash: 'x' } } }).error.code, 'invalid-anchor');
	assert.equal(core.ledgerAuditOpen({ options: null }).error.code, 'invalid-input');
});

test('a chain built with ledgerChain and sealed after each transaction passes the audit', () => {
	const first = chain(7);
	const second = chain(5, 8, first.at(-1));
	const rows = [...first, ...second];
	const checkpoints = seal(rows, [7, 12]);
	const options = { public_keys: [stranger.publicPem, server.publicPem], witness: checkpoints };
	const report = audit(options, checkpoints, [rows.slice(0, 5), rows.slice(5)]);
	assert.equal(report.passed, true, JSON.stringify(report.violations));
	assert.deepEqual([report.rows_checked, report.from_seq, report.to_seq, report.head], [12, 1, 12, rows[11].row_hash]);
	assert.deepEqual(report.anchor_out, { seq: 12, row_hash: rows[11].row_hash });
	assert.deepEqual([report.violation_count, report.warning_count], [0, 0]);
	// Pages as JSON text, and rows as the database returns them (content as stored).
	assert.equal(audit(options, JSON.stringify(checkpoints), [JSON.stringify(rows)]).passed, true);
	// Optional fields may be undefined or null; one key may be a bare PEM string.
	const loose = audit({ public_keys: server.publicPem, anchor: undefined, witness: checkpoints, max_violations: undefined }, checkpoints, [rows]);
	assert.equal(loose.passed, true, JSON.stringify(loose.violations));

	// Incremental: from the anchor, only what came after.
	const third = chain(3, 13, rows[11]);
	const more = seal([...rows, ...third], [7, 12, 15]).slice(2);
	const next = audit({ ...options, anchor: report.anchor_out, witness: [...checkpoints, ...more] }, [checkpoints[1], ...more], [third]);
	assert.equal(next.passed, true, JSON.stringify(next.violations));
	assert.deepEqual([next.rows_checked, next.from_seq, next.anchor_out.seq], [3, 13, 15]);
});

test('the audit names a forged tail, a rewritten history and deleted newest rows', () => {
	const rows = chain(10);
	const checkpoints = seal(rows, [4, 10]);
	const options = { public_keys: [server.publicPem], witness: checkpoints };

	const forged = chain(1, 11, rows.at(-1));
	let r = audit(options, checkpoints, [[...rows, ...forged]]);
	assert.deepEqual(r.violations.map((v) => [v.kind, v.seq, v.row_id]), [['unsigned-row', 11, forged[0].id]]);

	// Row 6 edited and everything after it re-chained: consistent, but not what was signed.
	const edited = [...rows.slice(0, 5), { ...rows[5], content: { ...rows[5].content, detail: 'sửa' } }];
	const rewritten = [...edited.slice(0, 5), ...ok(core.ledgerChain({ prev: rows[4], rows: [edited[5], ...rows.slice(6)] })).rows];
	r = audit(options, checkpoints, [rewritten]);
	assert.deepEqual(r.violations.map((v) => [v.kind, v.seq]), [['checkpoint-mismatch', 10]]);
	assert.equal(r.anchor_out.seq, 4);

	// Rows 5–10 deleted with their checkpoint; the witness remembers.
	r = audit(options, checkpoints.slice(0, 1), [rows.slice(0, 4)]);
	assert.deepEqual(r.violations.map((v) => [v.kind, v.seq]), [['checkpoint-deleted', 10], ['rows-deleted-at-tail', 10]]);
	assert.match(r.violations[1].message, /the ledger ends at seq 4: the newest rows were deleted/);

	// Without a witness the same deletion cannot be seen, and the report says so.
	r = audit({ public_keys: [server.publicPem] }, checkpoints.slice(0, 1), [rows.slice(0, 4)]);
	assert.equal(r.passed, true);
	assert.deepEqual(r.warnings.map((w) => w.kind), ['no-witness']);
});

test('the audit object answers misuse with errors, and is finished once', () => {
	const rows = chain(3);
	const { audit } = ok(core.ledgerAuditOpen({ options: { public_keys: [server.publicPem] } }));
	assert.equal(audit.rows({ rows: '[{"not": "a row"}]' }).error.code, 'invalid-json');
	assert.deepEqual(ok(audit.rows({ rows })), { ok: true, checkpoints_checked: 0, rows_checked: 3 });
	assert.equal(audit.checkpoints({ checkpoints: [] }).error.code, 'checkpoints-after-rows');
	assert.equal(ok(audit.finish()).report.violation_count, 3);
	assert.equal(audit.finish().error.code, 'audit-finished');
	assert.equal(audit.rows({ rows: [] }).error.code, 'audit-finished');
	audit.free();
});

test('readWitness reads the witness file and leaves out a torn last line', () => {
	const rows = chain(4);
	const lines = seal(rows, [2, 4]).map((c) => JSON.stringify(c));
	const w = ok(core.readWitness({ text: `${lines[0]}\n${lines[1].slice(0, 30)}` }));
	assert.deepEqual([w.checkpoints.length, w.torn_tail], [1, true]);
	assert.equal(ok(core.readWitness({ text: `${lines.join('\n')}\n` })).checkpoints.length, 2);
	const bad = core.readWitness({ text: `${lines[0]}\n{}\n${lines[1]}\n` });
	assert.equal(bad.error.code, 'invalid-witness-line');
	assert.equal(bad.error.offset, lines[0].length + 1);
});

test('driftAudit names units and aliases changed outside the workflow', () => {
	const unit = {
		id: 'u1', document: 'd1', section_type: 'dieu', parent: null, ordinal: '44', heading: 'Quyền đơn phương chấm dứt',
		body: 'Người lao động có quyền…', content_sha256: 'ab'.repeat(32), position: 44,
		canonical_address: '45-2019-qh14/dieu-44', canonical_address_format_version: 'canonical-address-v1',
		lifecycle_status: 'active', authority: 'enacted',
	};
	const alias = {
		alias_id: 'a1', target_unit_id: 'u1', alias_text: '45-2019-qh14/dieu-43', alias_kind: 'renumber',
		valid_from: '2026-01-01T00:00:00+07:00', valid_until: null, created_by: 'e1', rationale: 'Điều 43 thành Điều 44', scenario_ref: 'cs1',
	};
	const input = {
		units: [{ ...unit, body: 'Người lao động không có quyền…' }, { ...unit, id: 'u2', canonical_address: '45-2019-qh14/dieu-45' }],
		// SQLite gives the same instant back in UTC without an offset: no drift.
		aliases: [{ ...alias, valid_from: '2025-12-31 17:00:00' }],
		// The after_image as stored (JSON text) or as an object.
		unit_images: [{ unit_id: 'u1', change_set: 'cs1', ledger_seq: 7, after_image: JSON.stringify(unit) }, { unit_id: 'u3', change_set: 'cs1', ledger_seq: 8, after_image: { ...unit, id: 'u3', canonical_address: '45-2019-qh14/dieu-46' } }],
		alias_images: [{ alias_id: 'a1', change_set: 'cs1', ledger_seq: 9, after_image: alias }],
	};
	const { report } = ok(core.driftAudit({ input }));
	assert.equal(report.passed, false);
	assert.deepEqual([report.units_checked, report.aliases_checked, report.violation_count], [3, 1, 3]);
	assert.deepEqual(report.violations.map((v) => [v.subject, v.kind, v.id, v.field]), [
		['unit', 'edited', 'u1', 'body'],
		['unit', 'not-in-ledger', 'u2', null],
		['unit', 'missing', 'u3', null],
	]);
	assert.equal(report.violations[0].expected, JSON.stringify(unit.body));
	assert.equal(core.driftAudit({ input: { units: [] } }).error.code, 'invalid-input');
});

// Not a pass/fail test: how long the audit takes through the bundle, for the report.
test('speed: 100k rows audited in pages of 5k, as JS arrays and as JSON text', () => {
	const n = 100_000;
	const rows = [];
	for (let from = 1; from <= n; from += 10_000) rows.push(...chain(10_000, from, rows.at(-1) ?? null));
	const checkpoints = seal(rows, Array.from({ length: n / 5000 }, (_, i) => (i + 1) * 5000));
	const options = { public_keys: [server.publicPem], witness: checkpoints };
	const pages = [];
	for (let i = 0; i < n; i += 5000) pages.push(rows.slice(i, i + 5000));
	const time = (label, feed, opts = options, sealed = checkpoints, rowCount = n) => {
		const t = performance.now();
		const { audit } = ok(core.ledgerAuditOpen({ options: opts }));
		ok(audit.checkpoints({ checkpoints: sealed }));
		feed(audit);
		const { report } = ok(audit.finish());
		audit.free();
		const ms = performance.now() - t;
		assert.equal(report.passed, true, JSON.stringify(report.violations[0]));
		assert.equal(report.rows_checked, rowCount);
		if (label) console.log(`ledger audit, ${label}: ${ms.toFixed(0)} ms per 100k rows (${((ms * 1000) / n).toFixed(2)} µs/row)`);
		return ms;
	};
	time('JS arrays', (a) => pages.forEach((p) => ok(a.rows({ rows: p }))));
	time('JSON text (JSON.stringify included)', (a) => pages.forEach((p) => ok(a.rows({ rows: JSON.stringify(p) }))));
	const texts = pages.map((p) => JSON.stringify(p));
	time('JSON text (already text)', (a) => texts.forEach((t) => ok(a.rows({ rows: t }))));
	// The question, at 10k rows (two pages, two checkpoints): objects or text?
	const small = pages.slice(0, 2);
	const best = (feed) => Math.min(...[0, 1, 2, 3, 4].map(() => time(null, feed, { public_keys: [server.publicPem], witness: checkpoints.slice(0, 2) }, checkpoints.slice(0, 2), 10_000)));
	const objects = best((a) => small.forEach((p) => ok(a.rows({ rows: p }))));
	const text = best((a) => small.forEach((p) => ok(a.rows({ rows: JSON.stringify(p) }))));
	console.log(`10k rows (best of 5): JS arrays ${objects.toFixed(1)} ms, JSON text incl. JSON.stringify ${text.toFixed(1)} ms`);
});
