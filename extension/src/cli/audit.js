// `iu-cutter audit --proof <file> --policy <file>`: checks an offline proof of the transparency log — one
// ledger row's tlog-proof, or a unit's whole history (the JSON bundle the unit page downloads) — with
// nothing but a c2sp.org/tlog-policy file: the log's key, the witnesses' keys and how many must have
// cosigned. No database, no network: the check is the core's (ledger::tlog::proof). It names what fails.
// `--witnessed <file>` also compares the proof's checkpoint with one a witness cosigned (its monitoring
// GET <prefix>/<sha256(origin)>/checkpoint): a different tree of the same size is a split view, a
// smaller one a rollback.
import { readFileSync } from 'node:fs';
import { UsageError } from './database.js';
import { loadNodeCore } from './core.js';

export const AUDIT_HELP = `iu-cutter audit --proof <file> --policy <file> [--witnessed <checkpoint file>] [--json]

Checks an offline proof of iu-cutter's transparency log, with no database and no network:
  --proof <file>      a row's proof (GET /iu-cutter/tlog/proof?seq=N, .tlog-proof) or a unit's history
                      (GET /iu-cutter/tlog/proof?address=…, .unit-proof.json)
  --policy <file>     a c2sp.org/tlog-policy: "log <vkey>", "witness <name> <vkey>" lines and a quorum
  --witnessed <file>  a checkpoint a witness cosigned: the proof's checkpoint must be that tree, or extend it
  --json              print the report as JSON
Exit codes: 0 the proof holds, 1 it does not (the report names why), 2 bad usage.`;

/** @param {string} path @param {string} what */
function read(path, what) {
	try {
		return readFileSync(path, 'utf8');
	} catch (e) {
		throw new UsageError(`${what} ${path} cannot be read: ${/** @type {Error} */ (e).message}`);
	}
}

/**
 * @param {string[]} argv
 * @returns {Promise<number>}
 */
export async function auditCommand(argv) {
	/** @type {Record<string, string>} */
	const o = {};
	let json = false;
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === '--json') json = true;
		else if (a === '--proof' || a === '--policy' || a === '--witnessed') {
			const v = argv[++i];
			if (v === undefined) throw new UsageError(`${a} needs a file`);
			o[a.slice(2)] = v;
		} else throw new UsageError(`unknown option ${a} (iu-cutter audit --help)`);
	}
	if (!o['proof'] || !o['policy']) throw new UsageError('--proof <file> and --policy <file> are needed');
	const core = await loadNodeCore();
	const proof = read(o['proof'], 'the proof');
	const r = core.tlogVerifyProof({ proof, policy: read(o['policy'], 'the policy'), ...(o['witnessed'] ? { witnessed: read(o['witnessed'], 'the witnessed checkpoint') } : {}) });
	if (!r.ok) throw new UsageError(`${r.error.field === 'policy' ? o['policy'] : o['proof']}: ${r.error.reason}`);
	const report = { valid: r.valid, ...(r.row ? { row: r.row } : {}), ...(r.unit ? { unit: r.unit } : {}), ...(r.fault ? { fault: r.fault } : {}) };
	if (json) console.log(JSON.stringify(report, null, 2));
	else if (report.valid) {
		const rows = r.unit ? r.unit.rows : r.row ? [r.row] : [];
		const first = rows[0];
		console.log(
			`the proof holds: ${rows.length} ledger row(s)${r.unit ? ` of ${r.unit.address}` : ''} are in the log ${first?.origin ?? ''} at size ${first?.size ?? ''}, root ${first?.root ?? ''}`,
		);
		for (const row of rows) console.log(`  row ${row.seq} ${row.collection} ${row.row_id ?? ''} ${row.row_hash}`);
		console.log(`  cosigned by: ${first?.cosigned_by.join(', ') || 'no witness'} (quorum ${first?.quorum ?? 'none'})`);
	} else {
		console.log(`the proof does NOT hold: ${report.fault?.code}: ${report.fault?.message}`);
	}
	return report.valid ? 0 : 1;
}
