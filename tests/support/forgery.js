// What an operator holding the ledger's key and the database can do to the ledger (tests of issue 48: the people's
// and the agents' own signatures are what such an operator cannot forge).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { ROOT } from './directus.js';
import { asSuperuser, LEDGER } from './db.js';
import { contentOf } from '../../extension/src/shared/ledger-rows.js';
import { CHECKPOINT_TABLE, LEDGER_TABLES } from '../../extension/src/shared/schema.js';

/**
 * Changes the ledger row at `seq` (`change`), re-hashes every row after it, signs every checkpoint from there on again
 * with the ledger's key (`dir`/keys/ledger.key), and rewrites the witness file to match. `k`: the database, `core`: the
 * Node core, `directus`: the running instance (its witness file).
 */
export async function reseal({ k, core, dir, directus }, seq, change) {
	const ledgerKey = readFileSync(join(dir, 'keys', 'ledger.key'), 'utf8');
	const headAt = await asSuperuser(
		k,
		async (trx) => {
			const rows = [];
			for (const t of LEDGER_TABLES) for (const r of await trx(t).where('ledger_seq', '>=', seq).select('*')) rows.push([t, r]);
			rows.sort((a, b) => Number(a[1].ledger_seq) - Number(b[1].ledger_seq));
			change(rows[0][1]);
			let prev = null;
			for (const t of LEDGER_TABLES)
				prev ??=
					(
						await trx(t)
							.where('ledger_seq', seq - 1)
							.first('row_hash')
					)?.row_hash ?? null;
			assert.ok(prev, 'the row before');
			const out = core.ledgerChain({
				prev: { collection: '', id: '', content: null, prev_hash: null, row_hash: prev },
				rows: rows.map(([t, r]) => ({ collection: t, id: String(r.id), content: contentOf(t, r) })),
			});
			assert.equal(out.ok, true, JSON.stringify(out.error));
			for (const r of out.rows)
				await trx(r.collection)
					.where({ id: r.id })
					.update({ ...r.content, prev_hash: r.prev_hash, row_hash: r.row_hash });
			const heads = new Map(out.rows.map((r) => [Number(r.content.ledger_seq), r.row_hash]));
			for (const c of await trx(CHECKPOINT_TABLE).where('seq', '>=', seq).select('*')) {
				const unsigned = { seq: Number(c.seq), from_seq: Number(c.from_seq), prev_seq: Number(c.prev_seq), head: heads.get(Number(c.seq)), recorded_at: c.recorded_at };
				const signed = core.signCheckpoint({ privatePem: ledgerKey, unsigned });
				assert.equal(signed.ok, true, JSON.stringify(signed.error));
				await trx(CHECKPOINT_TABLE).where({ seq: c.seq }).update({ head: signed.checkpoint.head, signature: signed.checkpoint.signature });
			}
			return heads;
		},
		{ triggersOff: [...LEDGER, CHECKPOINT_TABLE] },
	);
	const lines = readFileSync(directus.witnessFile, 'utf8').split('\n').filter(Boolean);
	const rewritten = lines.map((line) => {
		const c = JSON.parse(line);
		if (c.seq < seq) return line;
		return core.signCheckpoint({ privatePem: ledgerKey, unsigned: { seq: c.seq, from_seq: c.from_seq, prev_seq: c.prev_seq, head: headAt.get(c.seq), recorded_at: c.recorded_at } })
			.canonical_json;
	});
	writeFileSync(directus.witnessFile, rewritten.join('\n') + '\n');
}

/**
 * The offline audit (`npm run ledger:audit`) of a fresh export (`npm run ledger:export`) of the instance's database,
 * with nothing but its ledger public key, its witness file and `args` (e.g. the agents' `--agent-key`s): what an
 * auditor outside the server runs. `{ status, out }`.
 */
export function exportAndAudit({ dir, db, directus }, args = []) {
	const file = join(dir, `export-${Date.now()}.jsonl`);
	const dbArg = db.client === 'sqlite3' ? `sqlite:${join(dir, 'data.db')}` : `postgres://${db.user}:@${db.host}:${db.port}/${db.database}`;
	const exported = spawnSync(process.execPath, ['scripts/ledger-export.js', '--db', dbArg, '--out', file], { cwd: ROOT, encoding: 'utf8' });
	assert.equal(exported.status, 0, exported.stderr);
	const r = spawnSync(process.execPath, ['scripts/ledger-audit.js', '--export', file, '--public-key', directus.publicKeyFile, '--witness', directus.witnessFile, ...args], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return { status: r.status, out: r.stdout + r.stderr };
}
