// The governed CUT / VERIFY of the generated 500-article act (6 510 units)
// through a real Directus, on SQLite and on PostgreSQL, beside a plain
// Directus bulk import of the same units (one POST /items request, as an
// admin) measured in the same run on the same instance. logical_unit itself is
// sealed (iu0004: only the workflow writes it), so the plain import goes into
// an unsealed collection with the same columns, created for the bench.
// Each figure is the best of ROUNDS runs, each on a fresh document.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startDirectus } from '../support/directus.js';
import { startPostgres } from '../support/postgres.js';
import { client } from '../support/api.js';
import { amend, ok } from '../support/workflow.js';
import { setupWorkflowRoles } from '../../scripts/roles.js';

const ROUNDS = Number(process.env.IU_BENCH_ROUNDS ?? 2);

async function timed(fn) {
	const t = performance.now();
	const value = await fn();
	return { ms: performance.now() - t, value };
}

// logical_unit's columns, without its guards: the plain import's target.
const PLAIN = 'bench_plain_unit';
const PLAIN_FIELDS = [
	{ field: 'id', type: 'uuid', schema: { is_primary_key: true } },
	{ field: 'document', type: 'uuid', schema: { is_nullable: false } },
	{ field: 'section_type', type: 'string', schema: { max_length: 32, is_nullable: false } },
	{ field: 'parent', type: 'uuid' },
	{ field: 'ordinal', type: 'string', schema: { max_length: 32, is_nullable: false } },
	{ field: 'heading', type: 'string', schema: { max_length: 1000 } },
	{ field: 'body', type: 'text' },
	{ field: 'content_sha256', type: 'string', schema: { max_length: 64 } },
	{ field: 'position', type: 'integer', schema: { is_nullable: false, default_value: 0 } },
	{ field: 'canonical_address', type: 'string', schema: { max_length: 255, is_nullable: false, is_unique: true } },
];

/** The cut's units as rows a plain import would send: ids chosen, parents by id. */
function importRows(cut, document) {
	const ids = cut.units.map(() => randomUUID());
	return cut.units.map((u, i) => ({
		id: ids[i],
		document,
		section_type: u.section_type,
		parent: u.parent == null ? null : ids[u.parent],
		ordinal: u.ordinal,
		heading: u.heading,
		body: u.body,
		content_sha256: u.content_sha256,
		position: u.position,
		canonical_address: u.canonical_address,
	}));
}

export async function governedBenches(wasm, record, dbs = ['sqlite', 'postgres']) {
	const text = wasm.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	for (const dbName of dbs) {
		const dir = mkdtempSync(join(tmpdir(), `iu-bench-gov-${dbName}-`));
		let pg;
		let db = { client: 'sqlite3' };
		if (dbName === 'postgres') {
			pg = await startPostgres({ port: 54950 });
			db = pg.createDatabase('iu_bench');
		}
		const directus = await startDirectus({ dir, port: 18950, db, adminEmail: 'admin@example.com', adminPassword: 'bench-password-1', env: { ACCESS_TOKEN_TTL: '2h' } });
		try {
			const token = await directus.login();
			const admin = client(directus.url, token);
			const ids = await setupWorkflowRoles({ url: directus.url, token, password: 'bench-password-2' });
			const best = { import: Infinity, preview: Infinity, submit: Infinity, review: Infinity, cut: Infinity, verify: Infinity, amendCut: Infinity };
			let units = 0;
			let amendBlocks = 0;
			await admin.ok('POST', '/collections', { collection: PLAIN, schema: {}, meta: { hidden: true }, fields: PLAIN_FIELDS });
			for (let round = 0; round < ROUNDS; round++) {
				const plainDoc = await admin.ok('POST', '/items/legal_document', { doc_code: `1${round}/2024/QH15`, title: 'plain import', language: 'vi', vocabulary: 'vi' });
				const cut = wasm.cutDocument({ text, docCode: `1${round}/2024/QH15`, vocabulary: 'vi' }).cut;
				const rows = importRows(cut, plainDoc.id);
				const imported = await timed(() => admin.ok('POST', `/items/${PLAIN}`, rows));
				best.import = Math.min(best.import, imported.ms);

				const doc = await ok(ids.submitter, '/items/legal_document', { doc_code: `2${round}/2024/QH15`, title: 'governed', language: 'vi', vocabulary: 'vi', source_text: text });
				const request = { document: doc.id, effective_from: '2026-01-01T00:00:00Z' };
				const preview = await timed(() => ok(ids.submitter, '/iu-cutter/preview', request));
				const submitted = await timed(() =>
					ok(ids.submitter, '/iu-cutter/submit', { ...request, created_at: preview.value.request.created_at, manifest_sha256: preview.value.manifest_sha256 }),
				);
				const reviewed = await timed(() => ok(ids.reviewer, '/iu-cutter/review', { entry: submitted.value.entry, decision: 'approve', manifest_sha256: submitted.value.manifest_sha256 }));
				const cutDone = await timed(() => ok(ids.executor, '/iu-cutter/cut', { entry: submitted.value.entry }));
				const verified = await timed(() => ok(ids.verifier, '/iu-cutter/verify', { entry: submitted.value.entry }));
				if (!verified.value.passed) throw new Error(`bench: VERIFY failed: ${JSON.stringify(verified.value.report.violations.slice(0, 3))}`);
				units = cutDone.value.units_written;
				best.preview = Math.min(best.preview, preview.ms);
				best.submit = Math.min(best.submit, submitted.ms);
				best.review = Math.min(best.review, reviewed.ms);
				best.cut = Math.min(best.cut, cutDone.ms);
				best.verify = Math.min(best.verify, verified.ms);

				// The amendment of tests/support/workflow.js on the act just cut: Điều 10…500 renumbered (a cascade of
				// 6 000-odd units readdressed), a clause split, an article repealed. Its CUT updates units rather than
				// creating them (write steps: vacate, then write).
				const amended = { document: doc.id, text: amend(text), effective_from: '2027-01-01T00:00:00Z' };
				const amendPreview = await ok(ids.submitter, '/iu-cutter/preview', amended);
				const amendSubmitted = await ok(ids.submitter, '/iu-cutter/submit', { ...amended, created_at: amendPreview.request.created_at, manifest_sha256: amendPreview.manifest_sha256 });
				await ok(ids.reviewer, '/iu-cutter/review', { entry: amendSubmitted.entry, decision: 'approve', manifest_sha256: amendSubmitted.manifest_sha256 });
				const amendCut = await timed(() => ok(ids.executor, '/iu-cutter/cut', { entry: amendSubmitted.entry }));
				const amendVerified = await ok(ids.verifier, '/iu-cutter/verify', { entry: amendSubmitted.entry });
				if (!amendVerified.passed) throw new Error(`bench: VERIFY of the amendment failed: ${JSON.stringify(amendVerified.report.violations.slice(0, 3))}`);
				amendBlocks = amendPreview.paged?.blocks_total ?? amendPreview.blocks.length;
				best.amendCut = Math.min(best.amendCut, amendCut.ms);
			}
			await admin.ok('DELETE', `/collections/${PLAIN}`);
			const group = `governed (${dbName})`;
			const row = (name, ms, baseline = false) => record({ group, impl: 'directus', name, items: units, ns_per_item: (ms * 1e6) / units, baseline, total_ms: ms });
			row(`plain import: POST /items (logical_unit's columns, unsealed), ${units} units in one request`, best.import, true);
			row('POST /iu-cutter/preview (cut + plan + gates, writes nothing)', best.preview);
			row('POST /iu-cutter/submit (re-plan + manifest into the ledger)', best.submit);
			row('POST /iu-cutter/cut (gates + units + change set + ledger, one transaction)', best.cut);
			row('POST /iu-cutter/verify (recompute all units + whole ledger chain)', best.verify);
			row('end to end: preview + submit + review + cut + verify', best.preview + best.submit + best.review + best.cut + best.verify);
			record({
				group,
				impl: 'directus',
				name: `POST /iu-cutter/cut of the amendment (${amendBlocks} blocks: a renumbering cascade), per block`,
				items: amendBlocks,
				ns_per_item: (best.amendCut * 1e6) / amendBlocks,
				baseline: false,
				total_ms: best.amendCut,
			});
		} finally {
			await directus.stop();
			await pg?.stop();
			rmSync(dir, { recursive: true, force: true });
		}
	}
}
