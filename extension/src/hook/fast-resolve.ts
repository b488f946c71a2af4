// ── resolve as a read path (governance/fast-resolve.ts) ───────────────────
// Answered ahead of Directus' per-request pipeline.
import { installFastResolve } from '../governance/fast-resolve.js';
import { appOf, envOf, type HookContext, type Hooks } from './events.js';

export function registerFastResolve({ init }: Hooks, context: HookContext): void {
	init('middlewares.before', (meta) => installFastResolve(appOf(meta), context.database, envOf(context), context.logger));
}
