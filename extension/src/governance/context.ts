// What every workflow action gets: the database, the core and the caller.
import type { Accountability } from '@directus/types';
import type { Knex } from 'knex';
import type { Core } from '../lib/core.js';

export interface Ctx {
	knex: Knex;
	core: Core;
	accountability: Accountability | null | undefined;
	/** Directus services and schema, for reads that must go through the caller's permissions. */
	services?: any;
	getSchema?: () => Promise<unknown>;
	/** Directus' logger, for what an operator must hear about (e.g. an audit that cannot leave the event loop). */
	logger?: { warn(message: string): void };
	/** The clock, injectable so a test can pin it. */
	now?: () => Date;
}

export const nowIso = (ctx: Ctx) => (ctx.now ? ctx.now() : new Date()).toISOString();
