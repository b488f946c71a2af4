// The one door to the Rust core in the API process (hook, endpoint, operation).
// The WASM bytes are embedded (base64) in this bundle because Directus serves no
// `.wasm` beside api.js; the admin app loads the browser build (core-browser.ts).
import init, * as wasm from '../../pkg/iu_cutter_wasm.js';
import wasmBase64 from '../../pkg/iu_cutter_wasm_base64.js';
import { decodeBase64 } from './base64.js';

export type Core = typeof wasm;

let loading: Promise<Core> | undefined;

/** Instantiate the core once per process or tab (async: browsers refuse large synchronous compiles). */
export function loadCore(): Promise<Core> {
	loading ??= init({ module_or_path: decodeBase64(wasmBase64) }).then(() => wasm);
	return loading;
}
