// What Directus hands a hook's handlers, read the way every concern of the hook reads it. Each concern is a
// module of this folder with one `register…(hooks, context)`; index.ts calls them in the order they must run.
import type { defineHook } from '@directus/extensions-sdk';
import type { Knex } from 'knex';
import type { Express as ExpressApp } from 'express';

// As the SDK's defineHook types them (it brings a @directus/types of its own).
type HookConfig = Parameters<typeof defineHook>[0];
/** The hook's `filter`, `init`, … (what `defineHook` passes first). */
export type Hooks = Parameters<HookConfig>[0];
/** The hook's context: the database, env, logger, services, getSchema. */
export type HookContext = Parameters<HookConfig>[1];

/** A filter's meta: the keys of the rows, or the collection (FieldsService's own events). */
export type Meta = { keys?: (string | number)[]; collection?: string };
/** A filter's context: the database (or the transaction) the write runs in. */
export type Context = { database: Knex };

/** Keys as a filter receives them (one, several or none), as strings. */
export const ids = (keys: unknown): string[] => (Array.isArray(keys) ? keys.map(String) : keys == null ? [] : [String(keys)]);

/** The Express app Directus passes to its `middlewares.*` and `routes.*` init events (typed loosely by the SDK). */
export const appOf = (meta: Record<string, unknown>) => meta['app'] as ExpressApp;

/** The project's environment, as every part of iu-cutter reads it. */
export const envOf = (context: HookContext) => context.env as Record<string, unknown>;
