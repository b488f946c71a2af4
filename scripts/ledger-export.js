// `npm run ledger:export -- --out FILE [--db sqlite:<file> | --db postgres://…]`
// `npm run ledger:export -- --tiles DIR [--db …]`
//
// Writes the ledger and the unit store as JSON lines, for the offline verifier
// (`npm run ledger:audit`) and for auditors: a header, the signed checkpoints,
// every ledger row in chain order (as the core hashes it), every unit and every
// alias, and a closing line with the counts. Streamed page by page: memory stays
// flat however long the history. Reads only; exit 0 when written, 2 on bad usage.
//
// With --tiles, writes the transparency log as a static mirror instead: DIR/checkpoint (the latest
// checkpoint with its cosignatures) and every tile and entry bundle at the paths c2sp.org/tlog-tiles
// gives them, the bytes GET /iu-cutter/tlog/… serves. Any static host serves DIR as the log.
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { connect, databaseFrom, describeDb } from '../extension/src/cli/database.js';
import { REPO_DEFAULTS } from './lib/repo.js';
import { chainPages, chainTail, cosignedNote, keyPages } from '../extension/src/shared/ledger-rows.js';
import { TLOG_CHECKPOINT_TABLE, TLOG_TILE_TABLE } from '../extension/src/shared/schema.js';
import { loadNodeCore } from '../extension/src/cli/core.js';
import { ALIAS_COLUMNS, plainAlias, plainUnit } from '../extension/src/shared/drift.js';

export const EXPORT_FORMAT = 'iu-cutter-ledger-export-v1';

/** Writes the export of `knex` to `file`; returns the counts. */
export async function exportLedger(knex, file, source) {
	const out = createWriteStream(file);
	const write = async (obj) => {
		if (!out.write(JSON.stringify(obj) + '\n')) await once(out, 'drain');
	};
	const tail = await chainTail(knex);
	const counts = { checkpoints: 0, rows: 0, units: 0, aliases: 0 };
	await write({ type: 'header', format: EXPORT_FORMAT, exported_at: new Date().toISOString(), source, tail_seq: tail?.seq ?? 0 });
	for (const cp of await knex('iu_ledger_checkpoint').orderBy('seq')) {
		await write({
			type: 'checkpoint',
			v: cp.v,
			seq: Number(cp.seq),
			from_seq: Number(cp.from_seq),
			prev_seq: Number(cp.prev_seq),
			head: cp.head,
			recorded_at: cp.recorded_at,
			key_id: cp.key_id,
			signature: cp.signature,
		});
		counts.checkpoints++;
	}
	for await (const rows of chainPages(knex, 1, tail?.seq ?? 0)) {
		for (const r of rows) await write({ type: 'row', ...r });
		counts.rows += rows.length;
	}
	for (const [table, key, type, plain, columns, counted] of [
		['logical_unit', 'id', 'unit', plainUnit, '*', 'units'],
		['canonical_address_alias', 'alias_id', 'alias', plainAlias, ALIAS_COLUMNS, 'aliases'],
	]) {
		for await (const page of keyPages(() => knex(table), key, columns)) {
			for (const r of page) await write({ type, ...plain(r) });
			counts[counted] += page.length;
		}
	}
	await write({ type: 'end', ...counts });
	out.end();
	await once(out, 'finish');
	return counts;
}

/**
 * Writes the log as of its latest checkpoint into `dir` as a static mirror; returns what was written, or null
 * when the log holds no checkpoint yet. Which tiles there are and their widths are the core's (tlogTileList).
 */
export async function exportTiles(knex, core, dir) {
	const cp = await knex(TLOG_CHECKPOINT_TABLE).orderBy('size', 'desc').first();
	if (!cp) return null;
	const size = Number(cp.size);
	const put = (path, bytes) => {
		mkdirSync(dirname(join(dir, path)), { recursive: true });
		writeFileSync(join(dir, path), bytes);
	};
	put('checkpoint', await cosignedNote(knex, cp));
	const listed = core.tlogTileList({ size });
	if (!listed.ok) throw new Error(listed.error.reason);
	const counts = { size, tiles: 0, entries: 0 };
	for (const t of listed.tiles) {
		if (t.level === null) {
			// The bundle of rows index*256+1 … : their row_hashes, as the core bundles them.
			const from = t.index * 256 + 1;
			const entries = [];
			for await (const rows of chainPages(knex, from, from + t.width - 1)) entries.push(...rows.map((r) => r.row_hash));
			if (entries.length !== t.width) throw new Error(`the ledger lacks rows of ${from}–${from + t.width - 1} the log holds: run npm run ledger:audit`);
			const b = core.tlogEntryBundle({ entries });
			if (!b.ok) throw new Error(b.error.reason);
			put(t.path, Buffer.from(b.hex, 'hex'));
			counts.entries++;
		} else {
			const row = await knex(TLOG_TILE_TABLE).where({ level: t.level, idx: t.index }).first('hashes');
			if (!row || row.hashes.length < t.width * 64) throw new Error(`the store lacks tile ${t.path} of its checkpoint of size ${size}`);
			put(t.path, Buffer.from(row.hashes.slice(0, t.width * 64), 'hex'));
			counts.tiles++;
		}
	}
	return counts;
}

const USAGE = 'usage: npm run ledger:export -- --out FILE | --tiles DIR [--db sqlite:<file> | --db postgres://user:pw@host:port/db]';

async function main() {
	const argv = process.argv.slice(2);
	const i = argv.indexOf('--out');
	const t = argv.indexOf('--tiles');
	if ((i < 0 || !argv[i + 1]) === (t < 0 || !argv[t + 1])) {
		console.error(USAGE);
		process.exit(2);
	}
	const db = databaseFrom(argv, process.env, REPO_DEFAULTS.db);
	const knex = connect(db);
	try {
		if (t >= 0) {
			const counts = await exportTiles(knex, await loadNodeCore(), argv[t + 1]);
			if (!counts) {
				console.error(`the transparency log of ${describeDb(db)} holds no checkpoint yet: the next workflow step signs the first`);
				process.exitCode = 1;
				return;
			}
			console.log(`wrote the log of ${describeDb(db)} at size ${counts.size}: its checkpoint, ${counts.tiles} tile(s) and ${counts.entries} entry bundle(s) to ${argv[t + 1]}`);
			return;
		}
		const counts = await exportLedger(knex, argv[i + 1], describeDb(db));
		console.log(
			`exported ${counts.rows} ledger row(s), ${counts.checkpoints} checkpoint(s), ${counts.units} unit(s), ${counts.aliases} alias(es) of ${describeDb(db)} to ${argv[i + 1]}`,
		);
	} finally {
		await knex.destroy();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
