// ── bad input (issue 12) ──────────────────────────────────────────────────
// A NUL character written to a document through the Items API, and a body over MAX_PAYLOAD_SIZE sent to
// /iu-cutter/* (413 instead of Directus' 400).
import { DOCUMENT } from '../lib/collections.js';
import { payloadLimitGuards } from '../lib/payload-limit.js';
import { refuseNulInItem } from '../lib/text-input.js';
import { appOf, envOf, type HookContext, type Hooks } from './events.js';

/**
 * Registered after registerDocumentFields (the NUL filter reads what the document's own filters return) and before
 * the fast resolve (a declared body over the limit is refused before anything reads it).
 */
export function registerBadInput({ filter, init }: Hooks, context: HookContext): void {
	for (const event of ['create', 'update'] as const) filter(`${DOCUMENT}.items.${event}`, (input) => refuseNulInItem(input));
	const payload = payloadLimitGuards(envOf(context));
	init('middlewares.before', (meta) => appOf(meta).use(payload.declared));
	init('routes.custom.before', (meta) => appOf(meta).use(payload.found));
}
