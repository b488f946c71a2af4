// The core as WASM in Node: the exact bytes the bundle embeds.
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { addresses } from './addresses.js';
import { naiveCut, naiveResolver, naiveVerify } from './baselines.js';

export async function loadWasm() {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
	return core;
}

export async function* wasmBenches(core, measure) {
	const list = addresses(100_000);
	const joined = list.join('\n');
	const ns = await measure(list.length, 1500, () => {
		const r = core.validateAddresses({ lines: joined });
		if (r.valid !== list.length) throw new Error('wasm rejected a valid address');
	});
	yield { group: 'address', impl: 'wasm', name: 'validateAddresses, one batch of 100k', items: list.length, ns_per_item: ns };
}

export async function* wasmWorkflowBenches(core, measure) {
	const act = core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	const jsCut = await measure(1, 3000, () => {
		if (naiveCut(act, '45-2019-qh14').length !== 6510) throw new Error('baseline cut lost units');
	});
	yield { group: 'cut', impl: 'js', name: 'regex line classifier + node:crypto hashes (no diagnostics)', items: 1, ns_per_item: jsCut, baseline: true };
	const coreNs = await measure(1, 3000, () => {
		const r = core.cutSummary({ text: act, docCode: '45/2019/QH14', vocabulary: 'vi' });
		if (!r.ok || r.units !== 6510) throw new Error('wasm cut failed');
	});
	yield { group: 'cut', impl: 'wasm', name: 'cutSummary, the 500-article act (the cut alone)', items: 1, ns_per_item: coreNs };
	const cutNs = await measure(1, 3000, () => {
		const r = core.cutDocument({ text: act, docCode: '45/2019/QH14', vocabulary: 'vi' });
		if (!r.ok || r.cut.units.length !== 6510) throw new Error('wasm cut failed');
	});
	yield { group: 'cut', impl: 'wasm', name: 'cutDocument, the 500-article act → JS objects', items: 1, ns_per_item: cutNs };

	const big = core.generatedAct({ chapters: 20, articlesPerChapter: 500, clausesPerArticle: 3, pointsPerClause: 2 });
	const input = {
		document_id: '0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a',
		source_sha256: core.sha256Hex({ text: big }),
		effective_from: '2026-01-01T00:00:00Z',
		created_at: '2026-01-01T00:00:00Z',
		created_by: 'bench',
	};
	const preview = core.planDocument({ text: big, docCode: '45/2019/QH14', vocabulary: 'vi', stored: '[]', input });
	if (!preview.ok) throw new Error(JSON.stringify(preview.error));
	const applied = core.applyManifest({ manifestJson: preview.canonicalJson, stored: '[]' });
	const verifyInput = JSON.stringify({
		documents: [{ id: input.document_id, slug: '45-2019-qh14' }],
		section_types: core.defaultVocabularies()[0].section_types,
		units: applied.units,
	});
	const jsVerify = await measure(1, 3000, () => {
		if (naiveVerify(applied.units) !== 0) throw new Error('baseline verify failed');
	});
	yield { group: 'verify', impl: 'js', name: `Set/Map uniqueness + parents + content hashes, ${applied.units.length} units`, items: 1, ns_per_item: jsVerify, baseline: true };
	const verifyNs = await measure(1, 3000, () => {
		const r = core.verifyUnits({ input: verifyInput });
		if (!r.ok || !r.report.passed) throw new Error('wasm verify failed');
	});
	yield { group: 'verify', impl: 'wasm', name: `verifyUnits, ${applied.units.length} units as JSON text`, items: 1, ns_per_item: verifyNs };
}

/** The same alias table as core/benches/core.rs: n units, each renumbered once on 2025-01-01. */
function aliasTableJson(n) {
	const units = [];
	const aliases = [];
	for (let i = 0; i < n; i++) {
		const doc = `doc-${Math.floor(i / 1000)}`;
		units.push(`{"id":"u${i}","canonical_address":"${doc}/dieu-${i % 1000}a","lifecycle_status":"active"}`);
		aliases.push(`{"alias_id":"a${i}","target_unit_id":"u${i}","alias_text":"${doc}/dieu-${i % 1000}","alias_kind":"renumber","valid_from":"2025-01-01T00:00:00Z"}`);
	}
	return { units: `[${units.join(',')}]`, aliases: `[${aliases.join(',')}]` };
}

export async function* wasmResolveBenches(core, measure) {
	const n = 1_000_000;
	const table = aliasTableJson(n);
	const naive = naiveResolver(n);
	const lookupList = Array.from({ length: 100_000 }, (_, k) => {
		const i = (k * 7919) % n;
		return `doc-${Math.floor(i / 1000)}/dieu-${i % 1000}${k % 2 === 0 ? '' : 'a'}`;
	});
	const jsNs = await measure(100_000, 2000, () => {
		for (const a of lookupList) if (naive(a) === undefined) throw new Error('baseline lookup failed');
	});
	yield { group: 'resolve', impl: 'js', name: 'two Maps (current, old) over 1M units: no windows, no chains', items: 100_000, ns_per_item: jsNs, baseline: true };
	const resolver = core.AliasResolver.build({ units: table.units, aliases: table.aliases });
	const lookups = lookupList.join('\n');
	const ns = await measure(100_000, 3000, () => {
		const r = resolver.resolveBatch({ lines: lookups, at: '2026-06-01T00:00:00+07:00' });
		if (!r.ok || r.count !== 100_000 || r.outcomes.includes('u')) throw new Error('wasm resolve failed');
	});
	resolver.free();
	yield { group: 'resolve', impl: 'wasm', name: 'AliasResolver.resolveBatch over 1M aliases (100k lookups)', items: 100_000, ns_per_item: ns };
}

/**
 * What the offline audit (`npm run ledger:audit`, this WASM in Node) does for every signed step (issue 48's target:
 * ≥ 5,000 a second): a passkey's ES256 assertion and an agent's Ed25519 signature checked against their statements,
 * as core/benches/core.rs's `actor` group measures them natively. Keys and signatures by Node's crypto (OpenSSL),
 * assertions built as tests/wasm/actor.test.js builds them; node:crypto's own ES256 check of the same bytes beside.
 */
export async function* wasmActorBenches(core, measure) {
	const n = 200;
	const rp = { id: 'localhost', origins: ['http://localhost:8055'] };
	const sha256 = (bytes) => createHash('sha256').update(bytes).digest();
	const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
	const statements = Array.from({ length: n }, (_, i) => ({
		entry: `entry-${i}`,
		act: 'approve',
		subject_sha256: (i + 1).toString(16).padStart(64, '0'),
		ledger_head: (i + 2).toString(16).padStart(64, '0'),
		at: new Date(1_795_000_000_000 + i).toISOString(),
	}));
	const passkey = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const spki = b64url(passkey.publicKey.export({ format: 'der', type: 'spki' }));
	const signed = [];
	const assertions = statements.map((s) => {
		const { challenge } = core.statementChallenge({ statement: s });
		const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: rp.origins[0] }));
		const authenticatorData = Buffer.concat([sha256(rp.id), Buffer.from([0x05, 0, 0, 0, 1])]);
		const bytes = Buffer.concat([authenticatorData, sha256(clientDataJSON)]);
		const signature = sign('sha256', bytes, passkey.privateKey);
		signed.push({ bytes, signature });
		return { authenticatorData: b64url(authenticatorData), clientDataJSON: b64url(clientDataJSON), signature: b64url(signature) };
	});
	const passkeyNs = await measure(n, 3000, () => {
		for (let i = 0; i < n; i++) {
			const r = core.verifyPasskeySignature({ publicKey: spki, assertion: assertions[i], statement: statements[i], relyingParty: rp });
			if (!r.ok) throw new Error(JSON.stringify(r.error));
		}
	});
	yield { group: 'actor', impl: 'wasm', name: `verifyPasskeySignature, ${n} passkey (ES256) assertions of steps`, items: n, ns_per_item: passkeyNs };
	const opensslNs = await measure(n, 1500, () => {
		for (const { bytes, signature } of signed) if (!verify('sha256', bytes, passkey.publicKey, signature)) throw new Error('node:crypto refused');
	});
	yield { group: 'actor', impl: 'js', name: `node:crypto (OpenSSL) ES256 verify of the same ${n} signatures, key object held`, items: n, ns_per_item: opensslNs };

	const agent = generateKeyPairSync('ed25519');
	const pem = agent.publicKey.export({ format: 'pem', type: 'spki' });
	const signatures = statements.map((s) => {
		const { signed_bytes } = core.statementChallenge({ statement: s });
		return b64url(sign(null, Buffer.from(signed_bytes), agent.privateKey));
	});
	const agentNs = await measure(n, 1500, () => {
		for (let i = 0; i < n; i++) {
			const r = core.verifyAgentSignature({ publicKeyPem: pem, signature: signatures[i], statement: statements[i] });
			if (!r.ok) throw new Error(JSON.stringify(r.error));
		}
	});
	yield { group: 'actor', impl: 'wasm', name: `verifyAgentSignature, ${n} agent (Ed25519) signatures of steps`, items: n, ns_per_item: agentNs };
}
