// Stores as released iu-cutters made them, kept as fixtures for upgrade tests: tests/fixtures/store-iu0010 (issue 30:
// positions recorded under the "place in the whole document" meaning, v1 manifests) and tests/fixtures/store-iu0017
// (issue 49: the signed chain and checkpoints of the release before the transparency log).
//
//   node tests/support/legacy-store.js record --release /path/to/old-checkout [--out tests/fixtures/store-iu0010]
//       Starts a real Directus on SQLite with the RELEASE checkout's built extension and migrations
//       (its tests/support/directus.js, scripts/roles.js: the release runs exactly as it shipped), drives
//       the scenario below over HTTP with the four workflow identities, then writes portable JSON rows
//       of the unit store and every ledger table, the key pair, the witness file, and the release's
//       answers to a few reads. The tables are the release's own (its extension/src/shared/schema.js),
//       kept in the fixture's store.json. The release checkout must be built (`bash scripts/build.sh` there).
//   node tests/support/legacy-store.js load --db sqlite:<file> | --db postgres://… [--from <fixture dir>]
//       Inserts those rows into a store already migrated to the release's schema (the last migration of
//       store.json's `migrations`), as a database superuser, in one transaction. Tests call `loadLegacyStore(k)` instead.
//
// Only the fixture's rows are written: nothing is derived or re-signed, so what the loaded store holds is
// byte for byte what the release wrote (the checkpoints verify with the fixture's public key and witness).
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
export const FIXTURE = join(ROOT, 'tests/fixtures/store-iu0010');
export const FIXTURE_IU0017 = join(ROOT, 'tests/fixtures/store-iu0017');

/**
 * The tables of store-iu0010, in insertion order: every table after the ones its foreign keys reference.
 * The twelve ledger tables are iu0002's eleven (its CREATION_ORDER) and iu0004's ledger_incident; the
 * checkpoints are iu0004's. Kept here as data, not imported, so that `load` inserts exactly the tables
 * the fixture was recorded with, whatever later migrations add. A fixture recorded since keeps its own
 * list in its store.json (`tables`, read by `tablesOf`); store-iu0010's predates that and is this one.
 */
export const UNIT_TABLES = ['legal_document', 'logical_unit', 'canonical_address_alias'];
export const LEDGER_TABLES = [
	'decision_backlog_entry',
	'decision_backlog_history',
	'decision_backlog_dependency',
	'manifest_envelope',
	'manifest_unit_block',
	'review_decision',
	'cut_change_set',
	'cut_change_set_affected_row',
	'verify_result',
	'decision_backlog_sweep_log',
	'dot_pair_signature',
	'ledger_incident',
];
export const CHECKPOINT_TABLE = 'iu_ledger_checkpoint';
export const TABLES = [...UNIT_TABLES, ...LEDGER_TABLES, CHECKPOINT_TABLE];

/** A fixture's tables in insertion order (units, ledger, checkpoints): its store.json's `tables`, else store-iu0010's. */
export function tablesOf(meta) {
	const t = meta.tables ?? { units: UNIT_TABLES, ledger: LEDGER_TABLES, checkpoints: [CHECKPOINT_TABLE] };
	return [...t.units, ...t.ledger, ...t.checkpoints];
}

/**
 * The tables to record from a release: the unit store, and the release's own ledger tables and checkpoint table (its
 * extension/src/shared/schema.js): store-iu0010's in their order (which the foreign keys need), then those the
 * release added. A release whose schema module names none records store-iu0010's.
 */
async function releaseTables(release) {
	const file = join(release, 'extension/src/shared/schema.js');
	const schema = existsSync(file) ? await import(pathToFileURL(file).href) : {};
	const ordered = (known, theirs) => (theirs ? [...known.filter((t) => theirs.includes(t)), ...theirs.filter((t) => !known.includes(t))] : known);
	return {
		units: UNIT_TABLES,
		ledger: ordered(LEDGER_TABLES, schema.LEDGER_TABLES),
		checkpoints: [schema.CHECKPOINT_TABLE ?? CHECKPOINT_TABLE],
	};
}
/** A deterministic row order per table (the ledger's own sequence where there is one). */
const ORDER = { legal_document: 'id', logical_unit: 'id', canonical_address_alias: 'alias_id', [CHECKPOINT_TABLE]: 'seq' };
const orderOf = (t) => ORDER[t] ?? 'ledger_seq';

// ── the scenario ─────────────────────────────────────────────────────────────

/** Document A: NĐ 75/2021/NĐ-CP as issued, Chương I–III up to Điều 11 (core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt, lines 1–56). */
export const DOC_A = { doc_code: '75/2021/NĐ-CP', slug: '75-2021-ndd-cp', title: 'Nghị định quy định mức hưởng trợ cấp, phụ cấp và các chế độ ưu đãi người có công với cách mạng (Chương I–III, đến Điều 11)' };
/** Document B: Luật số 102-SL/L-004 quy định quyền lập hội (1957), the whole text (/work/shared/corpus/vi-vlc-dev). */
export const DOC_B = { doc_code: '102-SL/L-004', slug: '102-sl-l-004', title: 'Luật quy định quyền lập hội' };
const SOURCE_A = 'core/tests/fixtures/amend/nd-75-2021-nd-cp/original.txt';
const SOURCE_B = 'Luat-quyen-lap-hoi-1957-102-SL-L-004-36792.txt';

export const T = {
	first: '2021-09-15T00:00:00+07:00',
	amend: '2023-07-01T00:00:00+07:00',
	retire: '2024-01-01T00:00:00+07:00',
	pending: '2025-01-01T00:00:00+07:00',
	docB: '2021-01-01T00:00:00+07:00',
};

function textA(root) {
	return readFileSync(join(root, SOURCE_A), 'utf8').split('\n').slice(0, 56).join('\n') + '\n';
}

/** Replaces exactly one line; throws when the text no longer holds it, so a changed source is noticed. */
function edit(lines, match, replace) {
	const i = lines.findIndex((l) => match(l));
	if (i < 0) throw new Error(`legacy-store: the text holds no line matching ${match}`);
	lines.splice(i, 1, ...replace(lines[i]));
	return lines;
}

/**
 * The amendment in force from 2023-07-01 (second text). Under the v1 meaning every unit after an inserted or
 * removed one changes position:
 * - Điều 3 khoản 1: the base amount 1.624.000 → 2.055.000 đồng (as NĐ 55/2023/NĐ-CP set it);
 * - Điều 3 gets a khoản 3 at its end (inserted; nothing renumbered, Điều 4 and all after it move);
 * - a new Điều 5 after Điều 4 (inserted; Điều 5…11 become Điều 6…12: renumber aliases);
 * - Điều 6 (old numbering) khoản 2 điểm d is removed (retired; the units after it move back).
 */
export function amendedA(text) {
	let lines = text.split('\n');
	lines = edit(lines, (l) => l.includes('là 1.624.000 đồng'), (l) => [l.replace('là 1.624.000 đồng', 'là 2.055.000 đồng')]);
	lines = edit(lines, (l) => l.startsWith('2. Mức chuẩn quy định tại khoản 1 Điều này'), (l) => [l, '3. Mức chuẩn trợ cấp ưu đãi được điều chỉnh khi Chính phủ điều chỉnh mức lương cơ sở.']);
	const out = [];
	let article = 0;
	let skipPoint = false;
	for (const line of lines) {
		const h = /^Điều (\d+)\. (.*)$/.exec(line);
		if (h) {
			article = Number(h[1]);
			if (article === 5) out.push('Điều 5. Điều khoản chuyển tiếp', 'Các chế độ đã được giải quyết trước ngày Nghị định này có hiệu lực được giữ nguyên.');
			out.push(article >= 5 ? `Điều ${article + 1}. ${h[2]}` : line);
			continue;
		}
		skipPoint = article === 6 && /^d\) /.test(line);
		if (!skipPoint) out.push(line);
	}
	if (out.length !== lines.length + 2 - 1 + 0) throw new Error('legacy-store: the amendment did not apply as planned');
	return out.join('\n');
}

/** The retirement in force from 2024-01-01: the last article (Điều 12 after the amendment) and its clauses and points are repealed. */
export function retiredA(amended) {
	const lines = amended.split('\n');
	const i = lines.findIndex((l) => l.startsWith('Điều 12. '));
	if (i < 0) throw new Error('legacy-store: the amended text has no Điều 12');
	return lines.slice(0, i).join('\n') + '\n';
}

/** The change left cut and not verified, in force from 2025-01-01: Điều 10 (old Điều 9) khoản 2's rate, and a new khoản 3 after it. */
export function pendingA(retired) {
	let lines = retired.split('\n');
	let article = 0;
	lines = lines.map((l) => {
		const h = /^Điều (\d+)\. /.exec(l);
		if (h) article = Number(h[1]);
		return article === 10 && l.startsWith('2. ') && l.includes('3.000 đồng/01 km') ? l.replace('3.000 đồng/01 km', '3.500 đồng/01 km') : l;
	});
	const i = lines.findIndex((l) => l.startsWith('Điều 11. '));
	lines.splice(i, 0, '3. Thân nhân liệt sĩ đi thăm viếng mộ liệt sĩ ở nước ngoài được hỗ trợ theo quy định của Bộ trưởng Bộ Lao động - Thương binh và Xã hội.');
	return lines.join('\n');
}

// ── record ───────────────────────────────────────────────────────────────────

async function record({ release, out }) {
	release = resolve(release);
	if (!existsSync(join(release, 'extension/dist/api.js'))) throw new Error(`${release} is not built: run \`bash scripts/build.sh\` there first`);
	const commit = execFileSync('git', ['-C', release, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
	const subject = execFileSync('git', ['-C', release, 'log', '-1', '--format=%s'], { encoding: 'utf8' }).trim();
	// The release's own harness, so the Directus that records runs the release's extension and migrations.
	const { startDirectus } = await import(pathToFileURL(join(release, 'tests/support/directus.js')).href);
	const { setupWorkflowRoles } = await import(pathToFileURL(join(release, 'scripts/roles.js')).href);
	const { client } = await import(pathToFileURL(join(release, 'tests/support/api.js')).href);
	// The database connector moved from scripts/lib to the CLI (extension/src/cli) after iu0010's release.
	const connector = ['scripts/lib/database.js', 'extension/src/cli/database.js'].map((f) => join(release, f)).find((f) => existsSync(f));
	const { connect } = await import(pathToFileURL(connector).href);
	const tables = await releaseTables(release);
	const recorded = [...tables.units, ...tables.ledger, ...tables.checkpoints];

	const dir = mkdtempSync(join(tmpdir(), 'iu-legacy-record-'));
	const ADMIN = { email: 'admin@example.com', password: 'legacy-store-admin-password' };
	const directus = await startDirectus({ dir, port: 39500 + (process.pid % 400), db: { client: 'sqlite3' }, adminEmail: ADMIN.email, adminPassword: ADMIN.password, env: { ACCESS_TOKEN_TTL: '6h' } });
	const log = [];
	try {
		const token = await directus.login();
		const ids = await setupWorkflowRoles({ url: directus.url, token, password: 'legacy-store-workflow-password' });
		const ok = async (who, path, body) => {
			const r = await who.api.post(path, body);
			if (r.status < 200 || r.status >= 300) throw new Error(`${who.email} POST ${path} → ${r.status}: ${r.text.slice(0, 2000)}`);
			return r.body.data;
		};
		const cycle = async (request, { verify = true, title }) => {
			const preview = await ok(ids.submitter, '/iu-cutter/preview', request);
			const submitted = await ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.request.created_at, manifest_sha256: preview.manifest_sha256 });
			await ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.entry, decision: 'approve', manifest_sha256: submitted.manifest_sha256 });
			const cut = await ok(ids.executor, '/iu-cutter/cut', { entry: submitted.entry });
			let verified = null;
			if (verify) {
				verified = await ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.entry });
				if (!verified.passed) throw new Error(`VERIFY of ${title} did not pass: ${JSON.stringify(verified).slice(0, 2000)}`);
				await ok(ids.verifier, '/iu-cutter/sweep', { entry: submitted.entry });
			}
			log.push({ title, entry: submitted.entry, manifest_sha256: submitted.manifest_sha256, effective_from: request.effective_from, enact: request.enact ?? false, state: verify ? 'swept' : 'cut', counts: preview.manifest?.envelope?.counts ?? preview.counts ?? null });
			return { submitted, cut, verified };
		};

		const a0 = textA(ROOT);
		const a1 = amendedA(a0);
		const a2 = retiredA(a1);
		const a3 = pendingA(a2);
		const b0 = readFileSync(join('/work/shared/corpus/vi-vlc-dev', SOURCE_B), 'utf8');
		// The slug is derived by the release from doc_code; the scenario's addresses assume DOC_A.slug.
		const created = async (doc, source_text) => {
			const row = await ok(ids.submitter, '/items/legal_document', { doc_code: doc.doc_code, title: doc.title, language: 'vi', vocabulary: 'vi', source_text });
			if (row.slug !== doc.slug) throw new Error(`legacy-store: ${doc.doc_code} got slug ${row.slug}, expected ${doc.slug}`);
			return row.id;
		};
		const docA = await created(DOC_A, a0);
		const docB = await created(DOC_B, b0);

		await cycle({ document: docA, effective_from: T.first, enact: true }, { title: 'A: first cut, enacted' });
		await cycle({ document: docA, text: a1, effective_from: T.amend, enact: true }, { title: 'A: amendment (khoản inserted, Điều 5 inserted and 5…11 renumbered, điểm removed)' });
		await cycle({ document: docA, text: a2, effective_from: T.retire, enact: true }, { title: 'A: Điều 12 repealed (retired)' });
		await cycle({ document: docA, text: a3, effective_from: T.pending, enact: true }, { verify: false, title: 'A: Điều 10 khoản 2 changed, khoản 3 inserted — left cut, not verified' });
		await cycle({ document: docB, effective_from: T.docB, enact: true }, { title: 'B: first cut, enacted' });

		// The release's answers, asked by the reviewer (read capability) at fixed instants: nothing depends on "now".
		const api = ids.reviewer.api;
		const get = async (path) => {
			const r = await api.get(path);
			if (r.status !== 200) throw new Error(`GET ${path} → ${r.status}: ${r.text.slice(0, 500)}`);
			return r;
		};
		const q = (o) => new URLSearchParams(o).toString();
		const k = connect({ client: 'sqlite3', filename: join(dir, 'data.db') });
		const movedUnit = await k('logical_unit').where({ document: docA, canonical_address: `${DOC_A.slug}/dieu-4` }).first('id');
		await k.destroy();
		const answers = {
			document: {},
			unit_history: {},
			akn: {},
			resolve: {},
		};
		for (const at of ['2022-01-01T00:00:00Z', '2023-09-01T00:00:00Z']) answers.document[at] = (await get(`/iu-cutter/document?${q({ document: DOC_A.slug, at })}`)).body.data;
		answers.unit_history[`${DOC_A.slug}/dieu-4`] = (await get(`/iu-cutter/unit/history?${q({ unit: movedUnit.id })}`)).body.data;
		const aknAt = '2023-09-01T00:00:00Z';
		const aknAnswer = await get(`/iu-cutter/document/akn?${q({ document: DOC_A.slug, at: aknAt })}`);
		const akn = aknAnswer.text;
		answers.akn[aknAt] = { file: 'answers/akn-2023-09-01.xml', content_type: aknAnswer.headers['content-type'], content_disposition: aknAnswer.headers['content-disposition'] };
		for (const [address, at] of [
			[`${DOC_A.slug}/dieu-5`, '2022-01-01T00:00:00Z'],
			[`${DOC_A.slug}/dieu-5`, '2023-09-01T00:00:00Z'],
			[`${DOC_A.slug}/dieu-6/khoan-2/diem-d`, '2023-09-01T00:00:00Z'],
		]) answers.resolve[`${address}@${at}`] = (await get(`/iu-cutter/resolve?${q({ address, at })}`)).body.data;

		await directus.stop();
		// ── dump ──
		const kk = connect({ client: 'sqlite3', filename: join(dir, 'data.db') });
		const rows = {};
		try {
			for (const t of recorded) {
				const info = await kk(t).columnInfo();
				const instants = new Set(Object.keys(info).filter((c) => /date|time/i.test(info[c].type)));
				rows[t] = (await kk(t).orderBy(orderOf(t))).map((r) => portable(r, instants));
			}
			var users = await kk('directus_users').whereIn('id', Object.values(ids).map((i) => i.id)).orderBy('email').select('id', 'email', 'first_name', 'last_name');
			var applied = (await kk('iu_migration_ledger').orderBy('seq').select('version', 'direction', 'file_sha256')).map((r) => `${r.direction} ${r.version} ${r.file_sha256}`);
		} finally {
			await kk.destroy();
		}
		rmSync(out, { recursive: true, force: true });
		mkdirSync(join(out, 'rows'), { recursive: true });
		mkdirSync(join(out, 'answers'), { recursive: true });
		mkdirSync(join(out, 'keys'), { recursive: true });
		mkdirSync(join(out, 'witness'), { recursive: true });
		for (const t of recorded) writeFileSync(join(out, 'rows', `${t}.json`), JSON.stringify(rows[t], null, 1) + '\n');
		writeFileSync(join(out, 'answers', 'akn-2023-09-01.xml'), akn);
		writeFileSync(join(out, 'answers', 'answers.json'), JSON.stringify(answers, null, 1) + '\n');
		cpSync(directus.keyFile, join(out, 'keys', 'ledger.key'));
		cpSync(directus.publicKeyFile, join(out, 'keys', 'ledger.pub'));
		cpSync(directus.witnessFile, join(out, 'witness', 'ledger-witness.jsonl'));
		const texts = { a0, a1, a2, a3, b0 };
		mkdirSync(join(out, 'texts'), { recursive: true });
		for (const [name, text] of Object.entries(texts)) writeFileSync(join(out, 'texts', `${name}.txt`), text);
		const meta = {
			format: 'iu-cutter-legacy-store-v1',
			recorded_from: { commit, subject },
			recorded_at: new Date().toISOString(),
			database: 'sqlite',
			migrations: applied,
			tables,
			manifest_formats: [...new Set(rows.manifest_envelope.map((e) => JSON.parse(e.envelope_json).format))].sort(),
			...(recorded.some((t) => rows[t].some((r) => 'actor_signature' in r))
				? { actor_signatures: recorded.reduce((n, t) => n + rows[t].filter((r) => r.actor_signature != null).length, 0) }
				: {}),
			documents: { A: { id: docA, ...DOC_A, source: `${SOURCE_A} lines 1–56` }, B: { id: docB, ...DOC_B, source: `/work/shared/corpus/vi-vlc-dev/${SOURCE_B} (undertheseanlp/underthesea @ 2b39b628, see SOURCES.md there)` } },
			identities: Object.fromEntries(Object.entries(ids).map(([role, i]) => [role, users.find((u) => u.id === i.id)])),
			entries: log,
			instants: T,
			counts: Object.fromEntries(recorded.map((t) => [t, rows[t].length])),
		};
		writeFileSync(join(out, 'store.json'), JSON.stringify(meta, null, 1) + '\n');
		writeFileSync(join(out, 'README.md'), readme(meta, basename(out)));
		console.log(`recorded ${out} from ${commit.slice(0, 7)}: ${Object.entries(meta.counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
	} finally {
		await directus.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * A row as JSON that both databases read back to the same value. Timestamp columns (`instants`) become ISO text:
 * Directus writes its own timestamps into SQLite as epoch milliseconds, which PostgreSQL's timestamptz refuses.
 */
function portable(row, instants) {
	const value = (c, v) => {
		if (v instanceof Date) return v.toISOString();
		if (instants.has(c) && typeof v === 'number') return new Date(v).toISOString();
		return v;
	};
	return Object.fromEntries(Object.entries(row).map(([c, v]) => [c, value(c, v)]));
}

function readme(meta, name) {
	const version = meta.migrations.at(-1).split(' ')[1];
	// iu0011 (issue 30) made a unit's position its rank among its siblings; before it, its place in the whole document.
	const positions =
		version < 'iu0011'
			? "Every unit position here has the **v1 meaning** (the unit's place in the whole document)"
			: "Every unit position here is the unit's rank among its siblings (iu0011)";
	const formats = meta.manifest_formats ?? ['iu-cutter-manifest-v1'];
	// iu0017 (issue 48): the steps an agent signed with its own key carry an actor_signature; the scenario's agents are off.
	const signatures =
		meta.actor_signatures === undefined
			? ''
			: `\nThe agents ran off, their identities driven over HTTP like the people's: ${meta.actor_signatures} row(s) carry an \`actor_signature\`.`;
	return `# ${name}: a store made by the release at ${version}

Recorded by \`tests/support/legacy-store.js record\` from commit \`${meta.recorded_from.commit}\`
("${meta.recorded_from.subject.slice(0, 100)}…"), built in its own worktree, running on Directus 12.4.0 with SQLite
and iu-cutter's migrations up to ${version}.
${positions}; every manifest is ${formats.map((f) => `\`${f}\``).join(', ')}.${signatures}
Do not edit these files by hand: the ledger's hash chain, the signed checkpoints and the witness lines cover them.

Record it again (takes a few minutes; needs the release built):

    git worktree add /tmp/iu-release ${meta.recorded_from.commit.slice(0, 7)}    # with node_modules, .tools (scripts/setup.sh)
    (cd /tmp/iu-release && bash scripts/build.sh)
    node tests/support/legacy-store.js record --release /tmp/iu-release --out tests/fixtures/${name}

Load it into a store migrated to ${version}: \`loadLegacyStore(k, { from })\` in a test, or
\`node tests/support/legacy-store.js load --db sqlite:<file>|postgres://… --from tests/fixtures/${name}\`.

## Documents
- **A** \`${meta.documents.A.doc_code}\` (${meta.documents.A.slug}): ${meta.documents.A.source}.
- **B** \`${meta.documents.B.doc_code}\` (${meta.documents.B.slug}): ${meta.documents.B.source}.

The texts each CUT was given are in \`texts/\` (a0 → a1 → a2 → a3 for A, b0 for B); the edits are
\`amendedA\`, \`retiredA\`, \`pendingA\` in legacy-store.js.

## Entries (in order)
${meta.entries.map((e, i) => `${i + 1}. ${e.title} — in force from ${e.effective_from}; ${e.state}; entry \`${e.entry}\``).join('\n')}

## Files
- \`rows/<table>.json\`: every row of the unit store's tables, the release's ledger tables and its checkpoint table
  (\`tables\` in store.json, in the order \`load\` inserts them): ${Object.entries(meta.counts).map(([t, n]) => `\`${t}\` ${n}`).join(', ')}.
- \`keys/ledger.key\`, \`keys/ledger.pub\`: the test key pair that signed the checkpoints (a test key; it signs nothing else).
- \`witness/ledger-witness.jsonl\`: the witness file of the recording instance.
- \`answers/answers.json\`: the release's answers to \`/document\` of A at two instants (before and after the
  amendment), \`/unit/history\` of A's Điều 4 (moved by the amendment, otherwise unchanged), \`/resolve\` of three
  addresses (a renumbered article before the amendment, the inserted article after it, a removed point);
  \`answers/akn-2023-09-01.xml\`: the Akoma Ntoso export of A at 2023-09-01 (its \`generated_at\` is the
  recording's clock).
- \`store.json\`: the documents' ids, the four identities' user ids and emails, the entries, the migrations applied,
  the tables recorded.
`;
}

// ── load ─────────────────────────────────────────────────────────────────────

/** The fixture's rows and metadata; `tables`: its tables in insertion order. */
export function readLegacyStore(from = FIXTURE) {
	const meta = JSON.parse(readFileSync(join(from, 'store.json'), 'utf8'));
	const tables = tablesOf(meta);
	const rows = Object.fromEntries(tables.map((t) => [t, JSON.parse(readFileSync(join(from, 'rows', `${t}.json`), 'utf8'))]));
	const answers = JSON.parse(readFileSync(join(from, 'answers', 'answers.json'), 'utf8'));
	return { meta, tables, rows, answers, dir: from, keyFile: join(from, 'keys', 'ledger.key'), publicKeyFile: join(from, 'keys', 'ledger.pub'), witnessFile: join(from, 'witness', 'ledger-witness.jsonl') };
}

/** Parents before children: logical_unit.parent references logical_unit.id and neither database defers it. */
function parentsFirst(units) {
	const byId = new Map(units.map((u) => [u.id, u]));
	const depth = (u) => {
		let d = 0;
		for (let p = u.parent; p; p = byId.get(p)?.parent) d++;
		return d;
	};
	return units.map((u) => [depth(u), u]).sort((a, b) => a[0] - b[0]).map(([, u]) => u);
}

/**
 * Inserts the fixture into `k`, a store at the release's schema (bootstrapped, migrated to the last migration the
 * fixture was recorded at: iu0010, iu0017) with no iu-cutter rows yet. One transaction with the seal open, as a
 * superuser would: the seal's triggers let units, aliases and the append-only ledger tables take INSERTs under it
 * (nothing here updates or deletes), so no trigger is taken out of the way. The four identities' directus_users
 * rows come first (the aliases' created_by references them), with their recorded ids and emails and no role,
 * password or token: scripts/roles.js gives them their roles when the test sets the workflow up.
 */
export async function loadLegacyStore(k, { from = FIXTURE } = {}) {
	const { withSeal } = await import('../../extension/src/shared/seal.js');
	const { meta, tables, rows } = readLegacyStore(from);
	const present = await Promise.all(tables.map(async (t) => [t, Number((await k(t).count({ n: '*' }))[0].n)]));
	const busy = present.filter(([, n]) => n > 0);
	if (busy.length) throw new Error(`legacy-store load: the store already holds rows in ${busy.map(([t, n]) => `${t} (${n})`).join(', ')}; load into a freshly migrated store`);
	await withSeal(k, async (trx) => {
		for (const u of Object.values(meta.identities)) {
			if (!(await trx('directus_users').where({ id: u.id }).first('id'))) await trx('directus_users').insert({ id: u.id, email: u.email, first_name: u.first_name, last_name: u.last_name, status: 'active' });
		}
		for (const t of tables) {
			const list = t === 'logical_unit' ? parentsFirst(rows[t]) : rows[t];
			for (let i = 0; i < list.length; i += 100) await trx(t).insert(list.slice(i, i + 100));
		}
	});
	return { meta, counts: Object.fromEntries(tables.map((t) => [t, rows[t].length])) };
}

// ── CLI ──────────────────────────────────────────────────────────────────────

async function main(argv) {
	const arg = (name, fallback) => {
		const i = argv.indexOf(name);
		return i >= 0 ? argv[i + 1] : fallback;
	};
	if (argv[0] === 'record') {
		await record({ release: arg('--release', ROOT), out: resolve(arg('--out', FIXTURE)) });
		return 0;
	}
	if (argv[0] === 'load') {
		const { connect, databaseFrom, describeDb } = await import('../../extension/src/cli/database.js');
		const db = databaseFrom(argv);
		const k = connect(db);
		try {
			const { counts } = await loadLegacyStore(k, { from: resolve(arg('--from', FIXTURE)) });
			console.log(`loaded into ${describeDb(db)}: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
		} finally {
			await k.destroy();
		}
		return 0;
	}
	console.error('usage: node tests/support/legacy-store.js record --release <built checkout> [--out dir] | load --db sqlite:<file>|postgres://… [--from dir]');
	return 2;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	main(process.argv.slice(2)).then(
		(code) => process.exit(code),
		(e) => {
			console.error(e?.stack ?? e);
			process.exit(1);
		},
	);
}
