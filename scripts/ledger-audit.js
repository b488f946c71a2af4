// `npm run ledger:audit -- --export FILE --public-key FILE [--public-key OLD.pub …] [--witness FILE] [--agent-key AGENT.pub …] [--json]`
//
// The offline verifier: given an export (`npm run ledger:export`) and the
// operator's public key(s), says without Directus and without the database
// whether the history is intact and signed, and whether the store equals the
// ledger's after-images. Every check is the core's offline audit
// (`ledger::offline`: the chain audit, the incidents' union, the store's drift),
// the same that `iu-cutter-audit` runs natively and whose parts VERIFY and the
// server's store audit run; this reads the file and prints. The export is
// streamed: memory holds one page and one image per unit/alias id, never the history.
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

/** Lines handed to the core at a time. */
const PAGE = 2000;

const fail = (message) => {
	const e = new Error(message);
	e.usage = true;
	return e;
};

const lines = (file) => createInterface({ input: createReadStream(file), crlfDelay: Infinity });

/** First pass: the incidents of the export (few), whose sets the audit is given before the first row. */
async function readIncidents(core, exportFile) {
	const incidents = [];
	for await (const line of lines(exportFile)) {
		if (!line.includes('"ledger_incident"')) continue;
		const r = core.incidentOfLine({ line });
		if (r.ok && r.incident) incidents.push(r.incident);
	}
	return incidents;
}

/** Audits an export; returns `{ report, text }`: the core's OfflineReport and its words. */
export async function auditExport({ exportFile, publicKeys, witnessFile, agentKeys = [] }) {
	const core = await loadNodeCore();
	const witness = witnessFile ? { name: witnessFile, text: readFileSync(witnessFile, 'utf8') } : null;
	const opened = core.offlineAuditOpen({ options: { public_keys: publicKeys, witness, agent_public_keys: agentKeys, incidents: await readIncidents(core, exportFile) } });
	if (!opened.ok) throw fail(opened.error.reason);
	const audit = opened.audit;
	const check = (r) => {
		if (!r.ok) throw fail(`${exportFile}, ${r.error.reason}`);
		return r;
	};
	let page = [];
	for await (const line of lines(exportFile)) {
		page.push(line);
		if (page.length >= PAGE) {
			check(audit.lines({ lines: page }));
			page = [];
		}
	}
	check(audit.lines({ lines: page }));
	const { report, text } = check(audit.finish());
	audit.free?.();
	return { report, text };
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
		const { report, text } = await auditExport({
			exportFile,
			publicKeys: keyFiles.map((f) => readFileSync(f, 'utf8')),
			witnessFile,
			agentKeys: agentKeyFiles.map((f) => readFileSync(f, 'utf8')),
		});
		console.log(argv.includes('--json') ? JSON.stringify(report, null, 2) : text);
		process.exit(report.passed ? 0 : 1);
	} catch (e) {
		console.error(`ledger:audit: ${e.message}`);
		process.exit(e.usage || e.code === 'ENOENT' ? 2 : 1);
	}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
