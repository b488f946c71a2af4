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
