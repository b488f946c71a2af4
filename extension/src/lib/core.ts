// The one door to the Rust core in the API process (hook, endpoint, operation).
// The WASM bytes are embedded (base64) in this bundle because Directus serves no
// `.wasm` beside api.js; the admin app loads the browser build (core-browser.ts).
//
// WebAssembly memory only grows: an instance that once held a 100k-unit manifest
// keeps that memory for the life of the process. So the long workflow steps run
// on an instance of their own (`stepCore`), dropped when the step ends
// (`releaseStepCore`); everything else shares the process-wide one (`loadCore`).
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import createCore, { type FreshCore } from '../../pkg/iu_cutter_wasm_factory.js';
import wasmBase64 from '../../pkg/iu_cutter_wasm_base64.js';
import { decodeBase64 } from './base64.js';

export type Core = FreshCore;

let compiling: Promise<WebAssembly.Module> | undefined;
let loading: Promise<Core> | undefined;

/** The compiled module, once per process: every instance shares its code. */
function compiled(): Promise<WebAssembly.Module> {
	compiling ??= WebAssembly.compile(decodeBase64(wasmBase64) as Uint8Array<ArrayBuffer>);
	return compiling;
}

async function instantiate(): Promise<Core> {
	const core = createCore();
	core.initSync({ module: await compiled() });
	return core;
}

/** The process-wide instance (async: browsers refuse large synchronous compiles). */
export function loadCore(): Promise<Core> {
	loading ??= instantiate();
	loading.catch(() => (loading = undefined));
	return loading;
}

/** A new instance with its own linear memory, for one long step; give it back with `releaseStepCore`. */
export function stepCore(): Promise<Core> {
	return instantiate();
}

/** Below this a step's instance is left to the ordinary collector. */
const RELEASE_BYTES = 64 * 1024 * 1024;
let collect: (() => void) | null | undefined;

/**
 * The step is over and nothing refers to its instance any more (`holder.core` is cleared here):
 * when it grew large, a full collection returns its memory to the system before the step answers,
 * instead of whenever V8 next collects (its linear memory is not on the JS heap, so nothing would hurry it).
 * `residentAtStart` (the process's resident bytes when the step began): also collect when the step leaves
 * that much more resident, e.g. the garbage of a large step whose big core calls had instances of their own.
 */
export async function releaseStepCore(holder: { core?: Core }, residentAtStart?: number): Promise<void> {
	const bytes = holder.core?.memoryBytes() ?? 0;
	holder.core = undefined;
	const grown = residentAtStart === undefined ? 0 : process.memoryUsage.rss() - residentAtStart;
	if (bytes < RELEASE_BYTES && grown < RELEASE_BYTES) return;
	collect ??= exposeGc();
	if (!collect) return;
	// Twice, a turn apart: the first finds the instance unreachable, the memory goes with the second.
	collect();
	await nextTurn();
	collect();
}

function exposeGc(): (() => void) | null {
	try {
		setFlagsFromString('--expose-gc');
		return runInNewContext('gc') as () => void;
	} catch {
		return null;
	}
}
