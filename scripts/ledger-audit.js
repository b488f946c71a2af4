// `npm run ledger:audit -- --export FILE --public-key FILE [--public-key OLD.pub …] [--witness FILE] [--agent-key AGENT.pub …] [--json]`
//
// The offline verifier: given an export (`npm run ledger:export`) and the
// operator's public key(s), says without Directus and without the database
// whether the history is intact and signed, and whether the store equals the
// ledger's after-images. The checks are the core's (`LedgerAudit`, `driftAudit`),
// the same that VERIFY and the server's store audit run. The export is streamed:
// memory holds one page and one image per unit/alias id, never the history.
// `--witness` is the append-only checkpoint file the server keeps outside the
// database: with it, deleting the newest rows *and* their checkpoints is found.
// Rows and checkpoints an incident disowned (ledger_incident rows of the export,
// read in a first pass) are named as `disowned` warnings, as the server's audit
// names them, and are no after-image for the store.
// Exit 0: intact; 1: violations found (listed); 2: bad usage or unreadable input.
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { loadNodeCore } from '../extension/src/cli/core.js';
import { StoreDrift } from '../extension/src/shared/drift.js';
import { forAudit, unionOf } from '../extension/src/shared/disowned.js';
import { EXPORT_FORMAT } from './ledger-export.js';

const PAGE = 5000;

/** The witness file, read by the core (a torn last line — a crash mid-write — is reported, not fatal). */
function readWitnessFile(core, path) {
	const r = core.readWitness({ text: readFileSync(path, 'utf8') });
	if (!r.ok) throw fail(`${path}: ${r.error.reason}`);
	return {
		checkpoints: r.checkpoints,
		problems: r.torn_tail ? [{ kind: 'witness-torn', message: `${path} ends with a line cut short (the server stopped mid-write); it was left out` }] : [],
	};
}

const fail = (message) => {
	const e = new Error(message);
	e.usage = true;
	return e;
};

/** First pass: the ledger_incident rows of the export (few), whose sets the audit is given before the first row. */
async function readIncidents(exportFile) {
	const incidents = [];
	const lines = createInterface({ input: createReadStream(exportFile), crlfDelay: Infinity });
	for await (const line of lines) {
		if (!line.includes('"ledger_incident"')) continue;
		try {
			const o = JSON.parse(line);
			if (o.type === 'row' && o.collection === 'ledger_incident') incidents.push({ id: o.id, ledger_seq: o.content?.ledger_seq, disowned: o.content?.disowned ?? null });
		} catch {
			// The second pass names the damaged line.
		}
	}
	return incidents;
}

/** Audits an export; returns `{ passed, chain, drift, export: {...}, problems }`. */
export async function auditExport({ exportFile, publicKeys, witnessFile, agentKeys = [] }) {
	const core = await loadNodeCore();
	const witness = witnessFile ? readWitnessFile(core, witnessFile) : null;
	const disowned = unionOf(await readIncidents(exportFile));
	const opened = core.ledgerAuditOpen({
		options: { public_keys: publicKeys, anchor: null, witness: witness?.checkpoints ?? null, disowned: forAudit(disowned), agent_public_keys: agentKeys },
	});
	if (!opened.ok) throw fail(`the public key(s) cannot be used: ${opened.error.reason}`);
	const audit = opened.audit;
	const drift = new StoreDrift(core, disowned);
	const problems = [];
	const warnings = [...(witness?.problems ?? [])];
	const seen = { header: null, end: null, checkpoints: 0, rows: 0, units: 0, aliases: 0 };
	let checkpoints = [];
	let rows = [];
	let units = [];
	let aliases = [];
	let checkpointsFed = false;
	const check = (what, r) => {
		if (!r.ok) throw fail(`${what}: ${r.error.reason}`);
	};
	const feedCheckpoints = () => {
		if (checkpointsFed) return;
		check('checkpoints', audit.checkpoints({ checkpoints }));
		checkpointsFed = true;
		checkpoints = [];
	};
	const flushRows = () => {
		feedCheckpoints();
		if (!rows.length) return;
		check('rows', audit.rows({ rows: JSON.stringify(rows) }));
		drift.observe(rows);
		rows = [];
	};
	const lines = createInterface({ input: createReadStream(exportFile), crlfDelay: Infinity });
	let n = 0;
	for await (const line of lines) {
		n++;
		if (!line.trim()) continue;
		let o;
		try {
			o = JSON.parse(line);
		} catch {
			throw fail(`${exportFile}:${n}: not JSON; the export is damaged`);
		}
		if (n === 1) {
			if (o.type !== 'header' || o.format !== EXPORT_FORMAT) throw fail(`${exportFile}:1: not an iu-cutter ledger export (expected a header with format ${EXPORT_FORMAT})`);
			seen.header = o;
			continue;
		}
		const { type, ...item } = o;
		if (type === 'checkpoint') {
			checkpoints.push(item);
			seen.checkpoints++;
		} else if (type === 'row') {
			rows.push(item);
			seen.rows++;
			if (rows.length >= PAGE) flushRows();
		} else if (type === 'unit') {
			flushRows();
			units.push(item);
			seen.units++;
			if (units.length >= PAGE) {
				drift.units(units);
				units = [];
			}
		} else if (type === 'alias') {
			flushRows();
			if (units.length) {
				drift.units(units);
				units = [];
			}
			aliases.push(item);
			seen.aliases++;
			if (aliases.length >= PAGE) {
				drift.aliases(aliases);
				aliases = [];
			}
		} else if (type === 'end') {
			seen.end = item;
		} else {
			throw fail(`${exportFile}:${n}: unknown line type "${type}"`);
		}
	}
	flushRows();
	if (units.length) drift.units(units);
	if (aliases.length) drift.aliases(aliases);
	const fin = audit.finish();
	if (!fin.ok) throw fail(`ledger audit: ${fin.error.reason}`);
	audit.free?.();
	const chain = fin.report;
	if (!seen.end) problems.push({ kind: 'export-truncated', message: `${exportFile} has no closing line: the export was cut short; export again` });
	else {
		for (const k of ['checkpoints', 'rows', 'units', 'aliases']) {
			if (seen.end[k] !== seen[k]) problems.push({ kind: 'export-truncated', message: `the closing line counts ${seen.end[k]} ${k}, the file holds ${seen[k]}` });
		}
	}
	const store = drift.finish();
	const passed = chain.passed && store.passed && problems.length === 0;
	return {
		passed,
		chain,
		drift: store,
		export: { source: seen.header.source, exported_at: seen.header.exported_at, rows: seen.rows, checkpoints: seen.checkpoints, units: seen.units, aliases: seen.aliases },
		witness: witnessFile ?? null,
		incidents: disowned.incidents,
		problems,
		warnings,
	};
}

export function formatAudit(r, shown = 50) {
	const out = [];
	const mark = (ok) => (ok ? 'PASS' : 'FAIL');
	out.push(`iu-cutter offline ledger audit — export of ${r.export.source} taken ${r.export.exported_at}`);
	out.push(
		`  ${mark(r.chain.passed)}  chain and signatures: ${r.chain.rows_checked} row(s) seq ${r.chain.from_seq}..${r.chain.to_seq}, ${r.chain.checkpoints_checked} checkpoint(s)${r.witness ? `, witness ${r.witness}` : ', no witness file given (deleted newest rows are found only if their checkpoints remain)'}; ${r.chain.violation_count} violation(s)`,
	);
	for (const v of r.chain.violations.slice(0, shown)) out.push(`        ${v.kind} at seq ${v.seq ?? '-'} ${v.collection ?? ''} ${v.row_id ?? ''}: ${v.message}`);
	for (const w of r.chain.warnings ?? []) out.push(`  WARN  ${w.kind}${w.seq ? ` at seq ${w.seq}` : ''}${w.collection ? ` ${w.collection} ${w.row_id}` : ''}: ${w.message}`);
	if (r.incidents) out.push(`  NOTE  ${r.incidents} incident(s) recorded in the ledger: the rows and checkpoints they disowned are warnings above, not violations`);
	out.push(
		`  ${mark(r.drift.passed)}  store equals the ledger's after-images: ${r.drift.units_checked} unit(s), ${r.drift.aliases_checked} alias(es); ${r.drift.violation_count} difference(s)`,
	);
	for (const v of r.drift.violations.slice(0, shown))
		out.push(`        ${v.subject} ${v.kind} ${v.address ?? v.id}${v.field ? ` field ${v.field}` : ''}: expected ${JSON.stringify(v.expected)}, found ${JSON.stringify(v.found)}`);
	for (const w of r.warnings) out.push(`  WARN  ${w.kind}: ${w.message}`);
	for (const p of r.problems) out.push(`  FAIL  ${p.kind}: ${p.message}`);
	out.push(`result: ${r.passed ? 'INTACT' : 'VIOLATIONS FOUND'}`);
	return out.join('\n');
}

async function main() {
	const argv = process.argv.slice(2);
	const values = (flag) => argv.flatMap((a, i) => (a === flag && argv[i + 1] ? [argv[i + 1]] : []));
	const [exportFile] = values('--export');
	const keyFiles = values('--public-key');
	const [witnessFile] = values('--witness');
	// The agents' public keys (DOT-991's, DOT-992's): given, an agent's signature by any other key is key-not-in-policy.
	const agentKeyFiles = values('--agent-key');
	if (!exportFile || keyFiles.length === 0) {
		console.error('usage: npm run ledger:audit -- --export FILE --public-key FILE [--public-key OLD.pub …] [--witness FILE] [--agent-key AGENT.pub …] [--json]');
		process.exit(2);
	}
	try {
		const r = await auditExport({
			exportFile,
			publicKeys: keyFiles.map((f) => readFileSync(f, 'utf8')),
			witnessFile,
			agentKeys: agentKeyFiles.map((f) => readFileSync(f, 'utf8')),
		});
		console.log(argv.includes('--json') ? JSON.stringify(r, null, 2) : formatAudit(r));
		process.exit(r.passed ? 0 : 1);
	} catch (e) {
		console.error(`ledger:audit: ${e.message}`);
		process.exit(e.usage || e.code === 'ENOENT' ? 2 : 1);
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
