// The hook: iu-cutter's guards and its background work, one module per concern (each says why it exists).
// This file only registers them, in the order Directus must run them: two filters of one event run in the
// order they were registered, and so do two handlers of one init event.
import { defineHook } from '@directus/extensions-sdk';
import { adoptIuSettings } from '../shared/settings.js';
import { registerWorkflowAgents } from './agents.js';
import { registerAliasAuthors } from './alias-authors.js';
import { registerBadInput } from './bad-input.js';
import { registerDataCachePurge } from './data-cache.js';
import { registerDatabaseRefusals } from './database-refusals.js';
import { registerDocumentFields } from './documents.js';
import { registerFastResolve } from './fast-resolve.js';
import { registerHeartbeat } from './heartbeat.js';
import { registerAppendOnlyLedgers } from './ledgers.js';
import { registerSealedSchema } from './schema.js';
import { registerSealedUnitStore } from './unit-store.js';
import { registerWitnessRetry } from './witnesses.js';

export default defineHook((hooks, context) => {
	// IU_* lines of the project's .env reach process.env, where every part of iu-cutter reads them (shared/settings.js).
	adoptIuSettings(context.env as Record<string, unknown>);
	// Several instances (docs/DEPLOYMENT.md): the data cache purged after sealed commits, then the heartbeat.
	registerDataCachePurge(hooks, context);
	registerHeartbeat(hooks, context);
	registerWorkflowAgents(hooks, context);
	registerWitnessRetry(hooks, context);
	registerDatabaseRefusals(context);
	registerAppendOnlyLedgers(hooks);
	registerSealedUnitStore(hooks);
	registerDocumentFields(hooks);
	registerAliasAuthors(hooks);
	registerSealedSchema(hooks, context);
	// After the document's filters (their output is what it checks), before the fast resolve (middlewares.before).
	registerBadInput(hooks, context);
	registerFastResolve(hooks, context);
});
