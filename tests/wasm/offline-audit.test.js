// `npm run ledger:audit` (the core's offline audit as WASM in Node) and `iu-cutter-audit` (the same core,
// natively, verifying passkey signatures on every core) on a real export (tests/fixtures/ledger-export: a
// walk of the whole signed workflow in a real Directus): both say INTACT as recorded, both name an approval
// the operator forged and re-sealed with the ledger's key, and their reports are the same, word for word.
// The native binary is the one `npm test`'s cargo test built (profile ci), or it is built here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { ROOT } from '../support/directus.js';

const FIXTURE = join(ROOT, 'tests/fixtures/ledger-export');
const at = (name) => join(FIXTURE, name);
let dir, native;

/** The newest iu-cutter-audit cargo built (profile ci in `npm test`), else one built now. */
function nativeAudit() {
	const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target');
	const built = ['ci', 'release', 'debug'].map((p) => join(target, p, 'iu-cutter-audit')).filter((p) => existsSync(p));
	if (built.length) return built.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
	const r = spawnSync('cargo', ['build', '--quiet', '-p', 'iu-cutter-core', '--bin', 'iu-cutter-audit'], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(r.status, 0, `cargo build of iu-cutter-audit failed:\n${r.stderr}`);
	return join(target, 'debug', 'iu-cutter-audit');
}

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
	dir = mkdtempSync(join(tmpdir(), 'iu-offline-audit-'));
	native = nativeAudit();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const keys = ['--public-key', at('ledger.pub'), '--agent-key', at('dot-991.pub'), '--agent-key', at('dot-992.pub')];

/** Both audits of `exportFile` with `witness`: `{ node, native }`, each `{ status, out, report }`. */
function both(exportFile, witness) {
	const args = ['--export', exportFile, '--witness', witness, ...keys];
	const run = (cmd, pre) => {
		const text = spawnSync(cmd, [...pre, ...args], { cwd: ROOT, encoding: 'utf8' });
		const json = spawnSync(cmd, [...pre, ...args, '--json'], { cwd: ROOT, encoding: 'utf8' });
		assert.ok([0, 1].includes(json.status), `${cmd}: ${json.stderr}`);
		return { status: text.status, out: text.stdout + text.stderr, report: JSON.parse(json.stdout) };
	};
	return { node: run(process.execPath, ['scripts/ledger-audit.js']), native: run(native, []) };
}

const lines = () =>
	readFileSync(at('export.jsonl'), 'utf8')
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l));

const ok = (r) => {
	assert.equal(r.ok, true, JSON.stringify(r.error));
	return r;
};

test('the recorded export: both audits say INTACT, with the same report', () => {
	const { node, native: n } = both(at('export.jsonl'), at('ledger-witness.jsonl'));
	assert.equal(node.status, 0, node.out);
	assert.match(node.out, /PASS {2}chain and signatures: 383 row\(s\) seq 1\.\.383, 8 checkpoint\(s\)/);
	assert.match(node.out, /result: INTACT/);
	assert.equal(n.status, 0, n.out);
	assert.equal(n.out, node.out);
	assert.deepEqual(n.report, node.report);
});

test("an approval forged by the operator who holds the ledger's key, re-chained and re-sealed: both name its signature, alike", () => {
	const all = lines();
	const submitted = all.find((l) => l.content?.event === 'submitted');
	const theirs = JSON.parse(submitted.content.detail).person_signature.proof.signature;
	// The submission's real ES256 signature (another passkey, another statement) put on the approval.
	const rows = all
		.filter((l) => l.type === 'row')
		.map((l) => {
			const content = { ...l.content };
			if (content.event === 'approved') {
				const detail = JSON.parse(content.detail);
				detail.person_signature.proof.signature = theirs;
				content.detail = JSON.stringify(detail);
			}
			return { collection: l.collection, id: l.id, content };
		});
	const chained = ok(core.ledgerChain({ prev: null, rows })).rows;
	const key = readFileSync(at('ledger.key'), 'utf8');
	const reseal = (c) =>
		ok(
			core.signCheckpoint({ privatePem: key, unsigned: { seq: c.seq, from_seq: c.from_seq, prev_seq: c.prev_seq, head: chained[c.seq - 1].row_hash, recorded_at: c.recorded_at } }),
		);
	let next = 0;
	const forged = all.map((l) => {
		if (l.type === 'row') return JSON.stringify({ type: 'row', ...chained[next++] });
		if (l.type === 'checkpoint') return JSON.stringify({ type: 'checkpoint', ...reseal(l).checkpoint });
		return JSON.stringify(l);
	});
	const exportFile = join(dir, 'forged.jsonl');
	const witness = join(dir, 'witness.jsonl');
	writeFileSync(exportFile, forged.join('\n') + '\n');
	writeFileSync(
		witness,
		readFileSync(at('ledger-witness.jsonl'), 'utf8')
			.split('\n')
			.filter(Boolean)
			.map((l) => reseal(JSON.parse(l)).canonical_json)
			.join('\n') + '\n',
	);
	const { node, native: n } = both(exportFile, witness);
	assert.equal(node.status, 1, node.out);
	// The approval's signature, and the agents' two after it: each signed a row hash the re-chaining changed.
	const found = node.report.chain.violations.map((v) => [v.kind, v.collection, v.seq]);
	const approval = all.find((l) => l.content?.event === 'approved').content.ledger_seq;
	const agents = all.filter((l) => ['cut', 'verified'].includes(l.content?.event)).map((l) => l.content.ledger_seq);
	assert.deepEqual(
		found,
		[approval, ...agents].map((seq) => ['bad-actor-signature', 'decision_backlog_history', Number(seq)]),
		node.out,
	);
	assert.match(node.report.chain.violations[0].message, /does not verify under the signer's key/);
	assert.match(node.report.chain.violations[1].message, /the row was rewritten after it was signed/);
	assert.equal(n.status, 1, n.out);
	assert.equal(n.out, node.out);
	assert.deepEqual(n.report, node.report);
});

test('a cut-short export and a file that is no export: named by both, exit 1 and 2', () => {
	const raw = readFileSync(at('export.jsonl'), 'utf8').split('\n').filter(Boolean);
	const short = join(dir, 'short.jsonl');
	writeFileSync(short, raw.slice(0, -1).join('\n') + '\n');
	const { node, native: n } = both(short, at('ledger-witness.jsonl'));
	assert.equal(node.status, 1);
	assert.match(node.out, /FAIL {2}export-truncated: the export has no closing line/);
	assert.equal(n.out, node.out);
	const notExport = spawnSync(process.execPath, ['scripts/ledger-audit.js', '--export', at('ledger-witness.jsonl'), ...keys], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(notExport.status, 2);
	assert.match(notExport.stderr, /line 1: not an iu-cutter ledger export/);
});
