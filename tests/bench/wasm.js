// The core as WASM in Node: the exact bytes the bundle embeds.
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';
import { addresses } from './addresses.js';

export async function loadWasm() {
	await init({ module_or_path: Buffer.from(base64, 'base64') });
	return core;
}

export async function* wasmBenches(core, measure) {
	const list = addresses(100_000);
	const joined = list.join('\n');
	const ns = await measure(list.length, 1500, () => {
		const r = core.validateAddresses(joined);
		if (r.valid !== list.length) throw new Error('wasm rejected a valid address');
	});
	yield { group: 'address', impl: 'wasm', name: 'validateAddresses, one batch of 100k', items: list.length, ns_per_item: ns };
}

export async function* wasmWorkflowBenches(core, measure) {
	const act = core.generatedAct(10, 50, 3, 3);
	const coreNs = await measure(1, 3000, () => {
		const r = core.cutSummary(act, '45/2019/QH14', 'vi');
		if (!r.ok || r.units !== 6510) throw new Error('wasm cut failed');
	});
	yield { group: 'cut', impl: 'wasm', name: 'cutSummary, the 500-article act (the cut alone)', items: 1, ns_per_item: coreNs };
	const cutNs = await measure(1, 3000, () => {
		const r = core.cutDocument(act, '45/2019/QH14', 'vi');
		if (!r.ok || r.cut.units.length !== 6510) throw new Error('wasm cut failed');
	});
	yield { group: 'cut', impl: 'wasm', name: 'cutDocument, the 500-article act → JS objects', items: 1, ns_per_item: cutNs };

	const big = core.generatedAct(20, 500, 3, 2);
	const input = {
		document_id: '0b6c8f8e-3a4b-4c55-9d3e-5f1e2d3c4b5a',
		source_sha256: core.sha256Hex(big),
		effective_from: '2026-01-01T00:00:00Z',
		created_at: '2026-01-01T00:00:00Z',
		created_by: 'bench',
	};
	const preview = core.planDocument(big, '45/2019/QH14', 'vi', '[]', input);
	if (!preview.ok) throw new Error(JSON.stringify(preview.error));
	const applied = core.applyManifest(preview.canonicalJson, '[]');
	const verifyInput = JSON.stringify({
		documents: [{ id: input.document_id, slug: '45-2019-qh14' }],
		section_types: core.defaultVocabularies()[0].section_types,
		units: applied.units,
	});
	const verifyNs = await measure(1, 3000, () => {
		const r = core.verifyUnits(verifyInput);
		if (!r.ok || !r.report.passed) throw new Error('wasm verify failed');
	});
	yield { group: 'verify', impl: 'wasm', name: `verifyUnits, ${applied.units.length} units as JSON text`, items: 1, ns_per_item: verifyNs };
}
