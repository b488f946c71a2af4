// The workflow's actions by name: the endpoint routes and the Flows operation both dispatch here.
import type { Ctx } from './context.js';
import { cut } from './cut.js';
import { audit, entryManifest, entryStatus, listEntries, verifyLedger } from './audit.js';
import { timeline } from './timeline.js';
import { myCapabilities } from './abilities.js';
import { preview, submit } from './plan.js';
import { resolve } from './resolve.js';
import { review } from './review.js';
import { rollback } from './rollback.js';
import { incident } from './incident.js';
import { repair } from './repair.js';
import { sweep } from './sweep.js';
import { verify } from './verify.js';

export type { Ctx } from './context.js';

export const ACTIONS = { preview, submit, review, cut, verify, sweep, rollback, resolve, audit, incident, repair } satisfies Record<string, (ctx: Ctx, body: unknown) => Promise<unknown>>;
export type ActionName = keyof typeof ACTIONS;
export const AUDIT = { entryStatus, entryManifest, listEntries, myCapabilities, timeline, verifyLedger };
