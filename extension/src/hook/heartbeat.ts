// ── several instances (docs/DEPLOYMENT.md): the heartbeat (lib/cluster.ts) ─────
// The first beat is written before Directus listens, so a peer that starts later, or earlier, sees this
// instance before it serves its first request.
import { Instance, registerInstance } from '../lib/cluster.js';
import { envOf, type HookContext, type Hooks } from './events.js';

export function registerHeartbeat({ init }: Hooks, context: HookContext): void {
	const instance = new Instance(context.database, envOf(context), context.logger);
	registerInstance(instance);
	init('app.after', () => instance.start());
	process.once('SIGTERM', () => void instance.stop());
}
