// The core as the admin app loads it: the browser build of the bindings
// (addresses and citations; see extension/wasm/Cargo.toml), size-optimised and
// embedded in app.js. Same answers as the server build for what both export.
import init, * as wasm from '../../pkg-browser/iu_cutter_wasm.js';
import wasmBase64 from '../../pkg-browser/iu_cutter_wasm_base64.js';
import { decodeBase64 } from './base64.js';

export type BrowserCore = typeof wasm;

let loading: Promise<BrowserCore> | undefined;

/** Instantiate once per tab, asynchronously: browsers refuse large synchronous compiles. */
export function loadBrowserCore(): Promise<BrowserCore> {
	loading ??= init({ module_or_path: decodeBase64(wasmBase64) }).then(() => wasm);
	return loading;
}
