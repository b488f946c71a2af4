// The built core (extension/pkg) instantiated in Node, for tests that need its
// generators or hashes outside Directus.
import init, * as core from '../../extension/pkg/iu_cutter_wasm.js';
import base64 from '../../extension/pkg/iu_cutter_wasm_base64.js';

let ready;
export function loadNodeCore() {
	ready ??= init({ module_or_path: Buffer.from(base64, 'base64') }).then(() => core);
	return ready;
}
