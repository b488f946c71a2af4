// `npm start`: Directus 12 on SQLite at 127.0.0.1:8055 with iu-cutter loaded
// and the demo document in place. Runs until Ctrl-C.
import { join } from 'node:path';
import { startDirectus, ROOT } from './lib/directus.js';
import { cutDemo, agentsDone } from './demo.js';
import { ok } from './lib/workflow.js';
import { client } from '../extension/src/cli/api.js';
import { setupFlows, FlowLimitError } from './flows.js';

// The migration runner's reserved actor (extension/src/lib/positions.ts), the submitter of every positions upgrade.
const MIGRATION_ACTOR = '00000000-0000-4000-8000-0000000000b1';

const PORT = Number(process.env.PORT ?? 8055);
const ADMIN_EMAIL = process.env.IU_ADMIN_EMAIL ?? 'admin@example.com';
const ADMIN_PASSWORD = process.env.IU_ADMIN_PASSWORD ?? 'iu-cutter-demo';

// DOT-991 cuts each approved entry and DOT-992 verifies it (extension/src/governance/agents.ts).
// IU_AGENTS=off leaves CUT and VERIFY to people; IU_AGENT_GO_AHEAD=true makes DOT-991 wait for a go-ahead.
const AGENTS = process.env.IU_AGENTS === 'off' ? false : { goAhead: process.env.IU_AGENT_GO_AHEAD === 'true' };
const directus = await startDirectus({
	dir: join(ROOT, '.run/demo'),
	port: PORT,
	db: { client: 'sqlite3' },
	adminEmail: ADMIN_EMAIL,
	adminPassword: ADMIN_PASSWORD,
	agents: AGENTS,
});
const token = await directus.login();
const { ids } = await cutDemo({ url: directus.url, token, password: ADMIN_PASSWORD, agents: AGENTS });
await carryUpgrades(directus.url, token, ids);
// The admin panel's workflow actions (two manual flows). Past the licence's flow limit they are left out, said why.
let flowsLine = 'legal_document and decision_backlog_entry item pages: sidebar › Flows (IU Cutter: …)';
try {
	await setupFlows({ url: directus.url, token });
} catch (e) {
	if (!(e instanceof FlowLimitError)) throw e;
	console.warn(e.message);
	flowsLine = "not set up: the licence's flow limit (see above)";
}

/**
 * A demo store from an earlier release: the runner (startDirectus → scripts/migrate.js) opened a positions
 * upgrade entry for each of its documents (iu0011), and until each is cut the demo's documents refuse every
 * change. On the demo, the demo's identities carry them through review, CUT, VERIFY and sweep, as people
 * would on a real store (docs/DEPLOYMENT.md, "Upgrading to sibling positions"). A fresh demo has none.
 */
async function carryUpgrades(url, adminToken, who) {
	const admin = client(url, adminToken);
	const open = [];
	for (const state of ['submitted', 'approved', 'cut', 'verify_failed', 'verified']) {
		const { entries } = await admin.ok('GET', `/iu-cutter/entries?state=${state}`);
		open.push(...entries.filter((e) => e.submitted_by === MIGRATION_ACTOR).map((e) => ({ ...e, state })));
	}
	for (const e of open) {
		if (e.state === 'submitted') await ok(who.reviewer, '/iu-cutter/review', { entry: e.id, decision: 'approve', manifest_sha256: e.manifest_sha256 });
		// With the agents on, they cut (after the reviewer's go-ahead, when they wait for one) and verify it; else the demo's identities do.
		if (AGENTS && ['submitted', 'approved', 'cut'].includes(e.state)) {
			if (AGENTS.goAhead && e.state !== 'cut') await ok(who.reviewer, '/iu-cutter/go-ahead', { entry: e.id, manifest_sha256: e.manifest_sha256 });
			await agentsDone(admin, e.id);
		} else {
			if (['submitted', 'approved'].includes(e.state)) await ok(who.executor, '/iu-cutter/cut', { entry: e.id });
			if (['submitted', 'approved', 'cut', 'verify_failed'].includes(e.state)) await ok(who.verifier, '/iu-cutter/verify', { entry: e.id });
		}
		await ok(who.verifier, '/iu-cutter/sweep', { entry: e.id });
		console.log(
			`iu-cutter: this demo store is from an earlier release: its positions upgrade "${e.title}" (entry ${e.id}) was reviewed by ${who.reviewer.email}, cut by DOT-991, verified and swept by DOT-992.`,
		);
	}
}

console.log(`
iu-cutter is running.

  Data Studio  ${directus.url}/admin
  IU Cutter    ${directus.url}/admin/iu-cutter  (backlog, cut preview, review, ledger timeline, resolver)
  Login        ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}
  Demo         ${directus.url}/admin/content/logical_unit  (Bộ luật Lao động 45/2019/QH14, excerpt,
               cut through one CUT / VERIFY cycle; its ledger is under Governance ledger)
  Actions      ${flowsLine}
  Workflow     editor ${ids.submitter.email} and reviewer ${ids.reviewer.email}, password ${ADMIN_PASSWORD};
               agents DOT-991 (executor) and DOT-992 (verifier) are API-only users; ${
									AGENTS
										? `they cut and verify each
               approved entry by themselves${AGENTS.goAhead ? ', after a go-ahead on the entry page' : ''} (IU_AGENTS=off turns them off),
               each signing its steps with a key of its own: .run/demo/keys/dot-991.key, dot-992.key`
										: 'turned off (IU_AGENTS=off): CUT and VERIFY are by hand'
								}
  Passkeys     ${directus.url.replace('127.0.0.1', 'localhost')}/admin/iu-cutter/trust  (the Trust page: WebAuthn needs a domain name,
               so open the pages on localhost to enrol a passkey; the first administrator to enrol proposes the
               trust policy, a reviewer reviews it there, the administrator signs it, and reviews then need the
               reviewer's own passkey signature)
  Database     SQLite, .run/demo/data.db     Log  .run/demo/directus.log
  Ledger       signed with .run/demo/keys/ledger.key (public key: ledger.pub beside it);
               checkpoints witnessed in .run/demo/witness/ledger-witness.jsonl
               check it offline: npm run ledger:export -- --out /tmp/ledger.jsonl &&
               npm run ledger:audit -- --export /tmp/ledger.jsonl --public-key .run/demo/keys/ledger.pub --witness .run/demo/witness/ledger-witness.jsonl${AGENTS ? ' \\\n                 --agent-key .run/demo/keys/dot-991.pub --agent-key .run/demo/keys/dot-992.pub' : ''}
  Log          the ledger as a C2SP transparency log: ${directus.url}/iu-cutter/tlog/checkpoint (and tile/…);
               a unit's proof: the resolver's "Download the proof", checked offline with
               npm run tlog:audit -- --proof FILE --policy FILE (the policy's log key: the Trust page);
               witnesses on other machines: docs/OPERATIONS.md, "A witness on another machine"

Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM']) {
	process.on(signal, async () => {
		await directus.stop();
		process.exit(0);
	});
}
directus.child.on('exit', (code) => {
	console.error(`directus exited (${code}); see .run/demo/directus.log`);
	process.exit(code ?? 1);
});
