// The transparency log through the bundle's embedded core, as lib/tlog.ts and the witness call it: rows
// appended page by page to tiles, checkpoints signed and checked against Node's own Ed25519, a row's
// tlog-proof checked under a policy, a witness that cosigns, catches up with a consistency proof and
// refuses a rollback and a split view, and each tampered proof named. (The formats are held to Go's and
// transparency-dev's published vectors in core/src/ledger/tlog/tests.rs, and to Cloudflare's crates in
// tests/tlog-interop.)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync, verify as nodeVerify, createPublicKey } from 'node:crypto';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

before(async () => {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
});

const ok = (r) => {
	assert.equal(r.ok, true, JSON.stringify(r.error));
	return r;
};
const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
const ORIGIN = 'registry.example.org/iu-cutter/tlog';
const logPem = pem();

/** `n` ledger rows chained by the core, as LedgerWriter writes them. */
function chain(n) {
	const rows = [];
	for (let seq = 1; seq <= n; seq++) rows.push({ collection: 'decision_backlog_history', id: `r${seq}`, content: { id: `r${seq}`, ledger_seq: seq, recorded_at: '2026-01-01T00:00:00.000Z' } });
	return ok(core.ledgerChain({ prev: null, rows })).rows;
}

/** A store of tiles, as iu_tlog_tile keeps them. */
class Store {
	tiles = new Map();
	size = 0;
	read(needs) {
		return needs.map((n) => ({ level: n.level, index: n.index, hashes: (this.tiles.get(`${n.level}/${n.index}`) ?? '').slice(0, n.width * 64) }));
	}
	append(hashes) {
		const edge = this.read(ok(core.tlogTilesFor({ size: this.size })).tiles);
		const r = ok(core.tlogAppend({ size: this.size, edge, entries: hashes }));
		for (const t of r.tiles) this.tiles.set(`${t.level}/${t.index}`, t.hashes);
		this.size = r.size;
		return r.root;
	}
	sign(root) {
		return ok(core.tlogSign({ privatePem: logPem, origin: ORIGIN, size: this.size, root }));
	}
	proofs(rows, note, address = 'test') {
		const tiles = this.read(ok(core.tlogTilesFor({ size: this.size, indexes: rows.map((r) => r.content.ledger_seq - 1) })).tiles);
		const bundle = ok(core.tlogProofs({ size: this.size, tiles, rows: rows.map((r) => ({ collection: r.collection, content: r.content, prev_hash: r.prev_hash })), checkpoint: note, address }));
		return { format: bundle.format, address: bundle.address, proofs: bundle.proofs };
	}
	proof(row, note) {
		return this.proofs([row], note).proofs[0];
	}
	addRequest(old, note) {
		const tiles = old ? this.read(ok(core.tlogTilesFor({ size: this.size, old })).tiles) : [];
		return ok(core.tlogAddRequest({ old, size: this.size, tiles, note })).text;
	}
}

/** A witness as `iu-cutter witness` runs one: its key, name and what it holds by origin. */
function witness(name) {
	const privatePem = pem();
	const w = { name, privatePem, held: {}, vkey: ok(core.tlogKey({ privatePem, name, kind: 'witness' })).vkey };
	w.add = (logs, body) => {
		const r = ok(core.witnessAdd({ privatePem, name, logs, body, held: w.held, timestamp: 1_764_000_000 }));
		if (r.status === 200) w.held[r.origin] = r.held;
		return r;
	};
	return w;
}

test('appended page by page, the log signs checkpoints Node verifies, and a row’s proof holds offline under a policy', () => {
	const rows = chain(700);
	const store = new Store();
	store.append(rows.slice(0, 300).map((r) => r.row_hash));
	const root = store.append(rows.slice(300).map((r) => r.row_hash));
	assert.equal(store.size, 700);
	// Appending all at once gives the same root: pages do not change the tree.
	const once = new Store();
	assert.equal(once.append(rows.map((r) => r.row_hash)), root);
	const { note, log_key } = store.sign(root);
	assert.match(note, new RegExp(`^${ORIGIN}\\n700\\n[A-Za-z0-9+/]{43}=\\n\\n— ${ORIGIN} [A-Za-z0-9+/]{91}=\\n$`));
	// The signature is an Ed25519 signature of the three lines, under the ledger's own key.
	const text = note.slice(0, note.indexOf('\n\n') + 1);
	const sig = Buffer.from(note.trim().split(' ').at(-1), 'base64').subarray(4);
	assert.ok(nodeVerify(null, Buffer.from(text), createPublicKey(logPem), sig));
	const policy = `log ${log_key}\nquorum none\n`;
	const proof = store.proof(rows[499], note);
	const r = ok(core.tlogVerifyProof({ proof, policy }));
	assert.equal(r.valid, true, JSON.stringify(r.fault));
	assert.equal(r.row.seq, 500);
	assert.equal(r.row.row_hash, rows[499].row_hash);
	// Each tampering is named.
	const lines = proof.split('\n');
	const flipped = lines.map((l, i) => (i === 4 ? Buffer.from(Buffer.from(l, 'base64').map((b, j) => (j === 0 ? b ^ 1 : b))).toString('base64') : l)).join('\n');
	assert.equal(ok(core.tlogVerifyProof({ proof: flipped, policy })).fault.code, 'root-mismatch');
	assert.equal(ok(core.tlogVerifyProof({ proof: proof.replace('index 499', 'index 498'), policy })).fault.code, 'wrong-index');
	const other = ok(core.tlogKey({ privatePem: pem(), name: ORIGIN, kind: 'log' })).vkey;
	assert.equal(ok(core.tlogVerifyProof({ proof, policy: `log ${other}\nquorum none\n` })).fault.code, 'unknown-log-key');
	const extra = lines.find((l) => l.startsWith('extra '));
	const row = JSON.parse(Buffer.from(extra.slice(6), 'base64'));
	row.content.recorded_at = '2026-01-02T00:00:00.000Z';
	const edited = proof.replace(extra, `extra ${Buffer.from(JSON.stringify(row)).toString('base64')}`);
	assert.equal(ok(core.tlogVerifyProof({ proof: edited, policy })).fault.code, 'root-mismatch', 'an edited row hashes to another leaf');
	// A tile path is read only in its canonical spelling.
	assert.deepEqual({ ...ok(core.tlogParseTilePath({ path: 'tile/0/x001/234.p/5' })), ok: undefined }, { ok: undefined, level: 0, index: 1234, width: 5 });
	assert.equal(core.tlogParseTilePath({ path: 'tile/0/1234' }).ok, false);
	// Rows scattered over the log, proved in one bundle from one read of their tiles, hold as one history.
	const bundle = store.proofs([rows[2], rows[256], rows[698]], note, 'entry/e1');
	const held = ok(core.tlogVerifyProof({ proof: JSON.stringify(bundle), policy }));
	assert.equal(held.valid, true, JSON.stringify(held.fault));
	assert.deepEqual(
		held.unit.rows.map((r) => r.seq),
		[3, 257, 699],
	);
	assert.equal(held.unit.address, 'entry/e1');
	// The mirror's tiles: two entry bundles and level-0 tiles (256 and 188 wide), one level-1 tile of 2 nodes.
	assert.deepEqual(
		ok(core.tlogTileList({ size: 700 })).tiles.map((t) => t.path),
		['tile/entries/000', 'tile/entries/001', 'tile/entries/002.p/188', 'tile/0/000', 'tile/0/001', 'tile/0/002.p/188', 'tile/1/000.p/2'],
	);
	// An entry bundle: each row_hash with its 2-byte length, as tlog-tiles spells it.
	const bundled = ok(core.tlogEntryBundle({ entries: rows.slice(0, 2).map((r) => r.row_hash) })).hex;
	assert.equal(bundled, rows.slice(0, 2).map((r) => `0020${r.row_hash}`).join(''));
});

test('a witness cosigns, catches up with a consistency proof, and refuses a rollback and a split view; the quorum counts only the policy’s witnesses', () => {
	const rows = chain(40);
	const store = new Store();
	const w1 = witness('w1.example.net/witness');
	const outsider = witness('elsewhere.example/witness');
	let { note, log_key } = store.sign(store.append(rows.slice(0, 10).map((r) => r.row_hash)));
	const first = w1.add([log_key], store.addRequest(0, note));
	assert.equal(first.status, 200, first.message);
	// The log grows by 30 rows; the witness catches up from 10 with one consistency proof.
	const note10 = note;
	({ note } = store.sign(store.append(rows.slice(10).map((r) => r.row_hash))));
	const wrongOld = w1.add([log_key], store.addRequest(0, note));
	assert.equal(wrongOld.status, 409, 'it holds 10, not 0');
	const second = w1.add([log_key], store.addRequest(10, note));
	assert.equal(second.status, 200, second.message);
	const cosigned = note + second.cosignature;
	// Rollback: the log shows the witness its tree of 10 again.
	const rollback = w1.add([log_key], `old 40\n\n${note10}`);
	assert.deepEqual([rollback.status, rollback.code], [400, 'rollback']);
	// Split view: another tree of size 40, signed by the log's own key.
	const forked = new Store();
	const forkRoot = forked.append(chain(40).map((r, i) => (i === 39 ? 'f'.repeat(64) : r.row_hash)));
	const forkNote = forked.sign(forkRoot).note;
	const split = w1.add([log_key], store.addRequest(40, forkNote));
	assert.deepEqual([split.status, split.code], [422, 'inconsistent-tree']);
	// An auditor holding the witness's checkpoint names both.
	assert.equal(ok(core.tlogCompare({ shown: forkNote, witnessed: cosigned })).fault.code, 'split-view');
	assert.equal(ok(core.tlogCompare({ shown: note10, witnessed: cosigned })).fault.code, 'rollback');
	assert.equal(ok(core.tlogCompare({ shown: note, witnessed: cosigned })).consistent, true);
	// The server checks the reply: the witness's own line holds, a stranger's does not.
	assert.equal(ok(core.tlogCosignatures({ vkey: w1.vkey, note, reply: second.cosignature })).valid.length, 1);
	assert.equal(ok(core.tlogCosignatures({ vkey: outsider.vkey, note, reply: second.cosignature })).valid.length, 0);
	// The policy's quorum: w1's cosignature meets it, an outsider's does not, and is named.
	const policy = `log ${log_key}\nwitness W1 ${w1.vkey}\nquorum W1\n`;
	assert.equal(ok(core.tlogVerifyProof({ proof: store.proof(rows[3], cosigned), policy })).valid, true);
	outsider.add([log_key], store.addRequest(0, note));
	const byOutsider = note + outsider.add([log_key], store.addRequest(40, note)).cosignature;
	const refused = ok(core.tlogVerifyProof({ proof: store.proof(rows[3], byOutsider), policy }));
	assert.equal(refused.fault.code, 'quorum-not-met');
	assert.match(refused.fault.message, /elsewhere\.example\/witness/);
	// A proof against a checkpoint the witness never saw, checked against what it cosigned: named.
	const againstFork = forked.proof(chain(40)[5], forkNote);
	assert.equal(ok(core.tlogVerifyProof({ proof: againstFork, policy: `log ${log_key}\nquorum none\n`, witnessed: cosigned })).fault.code, 'split-view');
});
