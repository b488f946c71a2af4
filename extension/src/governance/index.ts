// The workflow's actions by name: the endpoint routes and the Flows operation both dispatch here.
import type { Ctx } from './context.js';
import { cut } from './cut.js';
import { audit, entryManifest, entryStatus, listEntries, verifyLedger } from './audit.js';
import { timeline } from './timeline.js';
import { myCapabilities } from './abilities.js';
import { preview, submit } from './plan.js';
import { amendPreview, amendSubmit } from './amend.js';
import { crosswalkPreview, crosswalkSubmit } from './crosswalk.js';
import { aknExport } from './akn.js';
import { resolve } from './resolve.js';
import { review } from './review.js';
import { rollback } from './rollback.js';
import { incident } from './incident.js';
import { repair } from './repair.js';
import { sweep } from './sweep.js';
import { verify } from './verify.js';
import { goAhead } from './go-ahead.js';
import { agents } from './agents.js';
import { CHAIN_PHASE } from '../lib/ledger-audit.js';
import { startProgress, takeProgressToken } from '../lib/progress.js';
import { releaseStepCore, stepCore, tightHeap, type Core } from '../lib/core.js';

export type { Ctx } from './context.js';

export const ACTIONS = {
	preview,
	submit,
	'amend/preview': amendPreview,
	'amend/submit': amendSubmit,
	'crosswalk/preview': crosswalkPreview,
	'crosswalk/submit': crosswalkSubmit,
	'akn/export': aknExport,
	review,
	'go-ahead': goAhead,
	cut,
	verify,
	sweep,
	rollback,
	resolve,
	audit,
	incident,
	repair,
} satisfies Record<string, (ctx: Ctx, body: unknown) => Promise<unknown>>;
export type ActionName = keyof typeof ACTIONS;
export const AUDIT = { entryStatus, entryManifest, listEntries, myCapabilities, timeline, verifyLedger };

/**
 * The phases each long step reports, in order (lib/progress.ts); a step not
 * listed reports one phase. Names are what the admin module shows.
 */
export const PHASES: Partial<Record<ActionName, string[]>> = {
	preview: ['reading the text and the stored units', 'cutting the text and planning the manifest', 'checking the gates on the result', 'building the preview'],
	submit: ['reading the text and the stored units', 'cutting the text and planning the manifest', 'checking the gates on the result', 'writing the manifest into the ledger'],
	'amend/preview': [
		'reading the amending laws and the stored units',
		'reading the instructions and planning the manifest',
		'checking the gates on the result',
		'building the preview',
	],
	'amend/submit': [
		'reading the amending laws and the stored units',
		'reading the instructions and planning the manifest',
		'checking the gates on the result',
		'writing the manifest into the ledger',
	],
	'crosswalk/preview': ['reading the file and the stored units', 'checking every row'],
	'crosswalk/submit': ['reading the file and the stored units', 'checking every row', 'writing the manifest into the ledger'],
	cut: ['reading the manifest and the stored units', 'checking the gates', 'writing units', 'writing the change set into the ledger'],
	verify: [CHAIN_PHASE, 'checking the units', 'comparing the store with the ledger', 'recording the result'],
	audit: [CHAIN_PHASE, 'comparing units with the ledger', 'comparing aliases with the ledger'],
};

/**
 * Runs a workflow action for the endpoint or the Flows operation. A progress
 * token (`header`: X-IU-Progress, or `progress` in the body) opens a progress
 * record the caller can poll while the action runs.
 */
export async function runAction(name: ActionName, ctx: Ctx, raw: unknown, header?: unknown): Promise<unknown> {
	const result = await runStep(name, ctx, raw, header);
	// An approval, a go-ahead or a CUT makes an agent's step due (governance/agents.ts): it runs after this answer.
	agents()?.noteStep(name, result);
	return result;
}

async function runStep(name: ActionName, ctx: Ctx, raw: unknown, header?: unknown): Promise<unknown> {
	const { token, body } = takeProgressToken(raw ?? {}, header);
	const progress = startProgress(token, name, ctx.accountability, PHASES[name] ?? [name]);
	if (!OWN_CORE.has(name)) return progress.run(() => (ACTIONS[name] as (ctx: Ctx, body: unknown) => Promise<unknown>)({ ...ctx, progress }, body));
	// A step that may read a whole document runs on a core instance of its own, dropped when it ends (lib/core.ts).
	const holder: { core?: Core } = { core: await stepCore() };
	const resident = process.memoryUsage.rss();
	const tight = tightHeap();
	try {
		return await progress.run(() => (ACTIONS[name] as (ctx: Ctx, body: unknown) => Promise<unknown>)({ ...ctx, core: holder.core!, progress }, body));
	} finally {
		tight.end();
		await releaseStepCore(holder, resident);
	}
}

/** The steps that read whole documents or manifests into the core. */
const OWN_CORE: ReadonlySet<ActionName> = new Set([
	'preview',
	'submit',
	'amend/preview',
	'amend/submit',
	'crosswalk/preview',
	'crosswalk/submit',
	'cut',
	'verify',
	'rollback',
	'repair',
	'audit',
]);
