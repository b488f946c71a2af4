// ── the database's refusals, readable where no hook runs ──────────────────
// A Flow with "Emit Events" off reaches the seal's triggers directly. The driver's error keeps its text in a
// non-enumerable `message`, so a Flow's log (and the webhook's answer) would show only
// {"code":"SQLITE_CONSTRAINT"}: make the text of iu-cutter's refusals part of the error's JSON, and log it for
// the operator.
import type { HookContext } from './events.js';

export function registerDatabaseRefusals({ database, logger }: HookContext): void {
	database.on('query-error', (error: unknown) => {
		if (!(error instanceof Error)) return;
		const at = error.message.indexOf('iu-cutter: ');
		if (at < 0) return;
		const refusal = error.message.slice(at);
		Object.defineProperty(error, 'message', { value: error.message, enumerable: true, writable: true, configurable: true });
		Object.assign(error, { iu_cutter: refusal });
		logger.warn(`refused by the database: ${refusal}`);
	});
}
