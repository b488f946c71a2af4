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

/**
 * One large core call on an instance of its own, released (and its memory returned) as soon as it
 * answers: the step's instance would otherwise keep the call's linear memory, hundreds of MB for a
 * 100k-unit document, for the rest of the step.
 */
export async function withOwnCore<T>(call: (core: Core) => T | Promise<T>): Promise<T> {
	const holder: { core?: Core } = { core: await stepCore() };
	try {
		// Awaited here, so that an asynchronous call has finished with the instance before it goes.
		return await call(holder.core!);
	} finally {
		await releaseStepCore(holder);
	}
}

/** Below this a step's instance is left to the ordinary collector. */
const RELEASE_BYTES = 64 * 1024 * 1024;
let collect: ((release: boolean) => void) | null | undefined;

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
	// At a step's end (`residentAtStart` given) the second is the last-resort collection, which also
	// unmaps the heap pages the step freed; inside a step they stay pooled for the step to reuse (a
	// last-resort collection repeats full collections, too slow to run after every large core call).
	collect(false);
	await nextTurn();
	collect(residentAtStart !== undefined);
}

/**
 * V8's collector, exposed once. `release`: V8's "last resort" collection, which also gives back the
 * heap pages a collection freed. An ordinary full collection keeps them pooled for reuse until the
 * memory reducer runs (after ~8 s of quiet, which a busy instance may never have), so every step
 * after a 100k-unit preview started ~500 MB higher than the one before it had.
 */
function exposeGc(): ((release: boolean) => void) | null {
	try {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as (options?: { type: string; execution: string; flavor: string }) => void;
		return (release) => (release ? gc({ type: 'major', execution: 'sync', flavor: 'last-resort' }) : gc());
	} catch {
		return null;
	}
}

let tightSteps = 0;

/**
 * While a long step runs, V8 grows its heap by a fixed 50 % past what a full collection leaves
 * live, instead of by a factor it picks from its own speed (up to 4×): a step that holds 100k
 * blocks then made garbage until the heap was twice their size before collecting it, and the
 * process's peak rose by as much. More frequent full collections, a smaller peak. Steps may
 * overlap: the last to end restores V8's own choice (0). IU_TIGHT_HEAP=off leaves V8 alone.
 */
export function tightHeap(): { end(): void } {
	if (process.env['IU_TIGHT_HEAP'] === 'off') return { end() {} };
	try {
		if (tightSteps++ === 0) setFlagsFromString('--heap-growing-percent=50');
	} catch {
		tightSteps--;
		return { end() {} };
	}
	let ended = false;
	return {
		end() {
			if (ended) return;
			ended = true;
			if (--tightSteps === 0) setFlagsFromString('--heap-growing-percent=0');
		},
	};
}
