// ── witnesses on other machines (issue 49; lib/tlog.ts) ─────
// Each sealed step sends its checkpoint to the witnesses of IU_TLOG_POLICY after the commit. A witness that was
// down gets it here, on a timer: the latest checkpoint, with one consistency proof from the size it last cosigned,
// so it catches up whatever it missed. Nothing is sent, and no timer runs, without a policy that names a witness.
import { loadCore } from '../lib/core.js';
import { POLICY_ENV, pushToWitnesses } from '../lib/tlog.js';
import type { HookContext, Hooks } from './events.js';

/** Seconds between two attempts for witnesses that are behind (IU_TLOG_WITNESS_RETRY_S, default 30). */
const RETRY_ENV = 'IU_TLOG_WITNESS_RETRY_S';

export function registerWitnessRetry({ init }: Hooks, context: HookContext): void {
	init('app.after', () => {
		if (!process.env[POLICY_ENV]?.trim()) return;
		const seconds = Number(process.env[RETRY_ENV] ?? 30);
		const every = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 30_000;
		const timer = setInterval(() => {
			void loadCore().then((core) => pushToWitnesses(context.database, core, (m) => context.logger.warn(m)));
		}, every);
		timer.unref();
		process.once('SIGTERM', () => clearInterval(timer));
	});
}
