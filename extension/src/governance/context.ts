// What every workflow action gets: the database, the core and the caller.
import type { Accountability } from '@directus/types';
import type { DirectusServices } from '../lib/services.js';
import type { Knex } from 'knex';
import type { Core } from '../lib/core.js';
import type { ProgressSink } from '../lib/progress.js';

export interface Ctx {
	knex: Knex;
	core: Core;
	accountability: Accountability | null | undefined;
	/** Directus services and schema, for reads that must go through the caller's permissions. */
	services?: DirectusServices;
	getSchema?: () => Promise<unknown>;
	/** Directus' logger, for what an operator must hear about (e.g. an audit that cannot leave the event loop). */
	logger?: { warn(message: string): void };
	/** The clock, injectable so a test can pin it. */
	now?: () => Date;
	/**
	 * An agent's own signing key (PKCS#8 PEM Ed25519, never the ledger's), when an agent with one takes the step:
	 * the step's statement is then signed by it (agent-signature.ts). Absent: the step is attested by the server only.
	 */
	agentKey?: string;
	/** The step is an agent's (governance/agents.ts): it signs with its own key, never a person's. */
	agent?: true;
	/** Where a long step reports its phase and units done (lib/progress.ts); absent: nowhere. */
	progress?: ProgressSink;
}

export const nowIso = (ctx: Ctx) => (ctx.now ? ctx.now() : new Date()).toISOString();

const SILENT: ProgressSink = { phase() {}, set() {} };
/** The step's progress sink, or one that reports nowhere. */
export const progressOf = (ctx: Ctx): ProgressSink => ctx.progress ?? SILENT;
