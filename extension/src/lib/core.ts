// The one door to the Rust core. The WASM bytes are embedded (base64) in this
// bundle because Directus serves neither a `.wasm` beside api.js nor beside
// app.js; both bundles therefore carry the very same core.
import init, * as wasm from '../../pkg/iu_cutter_wasm.js';
import wasmBase64 from '../../pkg/iu_cutter_wasm_base64.js';

export type Core = typeof wasm;

let loading: Promise<Core> | undefined;

function decodeBase64(text: string): Uint8Array {
	const binary = atob(text);
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return bytes;
}

/** Instantiate the core once per process or tab (async: browsers refuse large synchronous compiles). */
export function loadCore(): Promise<Core> {
	loading ??= init({ module_or_path: decodeBase64(wasmBase64) }).then(() => wasm);
	return loading;
}
