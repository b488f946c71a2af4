import { defineOperationApi } from '@directus/extensions-sdk';
import { ACTIONS, runAction, type ActionName } from '../governance/index.js';
import { loadCore } from '../lib/core.js';
import { WorkflowError, toDirectusError } from '../lib/errors.js';
import { RawJson } from '../lib/raw-json.js';

interface Options {
	action: ActionName;
	payload: unknown;
}

/**
 * "IU Cutter workflow" Flows operation: runs one workflow action (preview,
 * submit, amend/preview, amend/submit, review, cut, verify, sweep, rollback, resolve, audit, incident,
 * repair) with the flow's
 * accountability — the same checks as the endpoint, so a flow can never do
 * more than the user it runs as. Flows running with "full access" have no
 * user and are refused: every ledger step must be signed by someone.
 */
export default defineOperationApi<Options>({
	id: 'iu-cutter-workflow',
	handler: async ({ action, payload }, { accountability, database, services, getSchema, logger }) => {
		if (!Object.prototype.hasOwnProperty.call(ACTIONS, action)) throw new Error(`Unknown iu-cutter action "${action}"; choose one of ${Object.keys(ACTIONS).join(', ')}.`);
		const body = typeof payload === 'string' ? JSON.parse(payload) : payload;
		try {
			// "progress": a uuid the flow chose, to poll GET /iu-cutter/progress/<uuid> while the step runs.
			const out = await runAction(action, { knex: database, core: await loadCore(), accountability, services, getSchema, logger } as any, body ?? {});
			// The next step of the flow reads values, not JSON text.
			return out instanceof RawJson ? out.value() : out;
		} catch (error) {
			throw error instanceof WorkflowError ? toDirectusError(error) : error;
		}
	},
});
