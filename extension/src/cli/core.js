// The core (Rust compiled to WebAssembly, extension/pkg) for the CLI: the same build the API bundle embeds,
// one instance per process. In the packed CLI (dist/cli.js) its bytes are embedded, as in dist/api.js.
import createCore from '../../pkg/iu_cutter_wasm_factory.js';
import wasmBase64 from '../../pkg/iu_cutter_wasm_base64.js';

/** The built core, as the factory makes it. @typedef {ReturnType<typeof createCore>} NodeCore */

/** @type {Promise<NodeCore> | undefined} */
let ready;
/** @returns {Promise<NodeCore>} */
export function loadNodeCore() {
	ready ??= WebAssembly.compile(Buffer.from(wasmBase64, 'base64')).then((module) => {
		const core = createCore();
		core.initSync({ module });
		return core;
	});
	return ready;
}
