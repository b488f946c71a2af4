// `npm run ledger:export -- --out FILE [--db sqlite:<file> | --db postgres://…]`
//
// Writes the ledger and the unit store as JSON lines, for the offline verifier
// (`npm run ledger:audit`) and for auditors: a header, the signed checkpoints,
// every ledger row in chain order (as the core hashes it), every unit and every
// alias, and a closing line with the counts. Streamed page by page: memory stays
// flat however long the history. Reads only; exit 0 when written, 2 on bad usage.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { connect, databaseFrom, describeDb } from '../extension/src/cli/database.js';
import { REPO_DEFAULTS } from './lib/repo.js';
import { chainPages, chainTail, keyPages } from '../extension/src/shared/ledger-rows.js';
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

async function main() {
	const argv = process.argv.slice(2);
	const i = argv.indexOf('--out');
	if (i < 0 || !argv[i + 1]) {
		console.error('usage: npm run ledger:export -- --out FILE [--db sqlite:<file> | --db postgres://user:pw@host:port/db]');
		process.exit(2);
	}
	const db = databaseFrom(argv, process.env, REPO_DEFAULTS.db);
	const knex = connect(db);
	try {
		const counts = await exportLedger(knex, argv[i + 1], describeDb(db));
		console.log(
			`exported ${counts.rows} ledger row(s), ${counts.checkpoints} checkpoint(s), ${counts.units} unit(s), ${counts.aliases} alias(es) of ${describeDb(db)} to ${argv[i + 1]}`,
		);
	} finally {
		await knex.destroy();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
