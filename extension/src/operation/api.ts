import { defineOperationApi } from '@directus/extensions-sdk';
import { ACTIONS, runAction, type ActionName } from '../governance/index.js';
import { directusServices } from '../lib/services.js';
import { loadCore } from '../lib/core.js';
import type { Ctx } from '../governance/context.js';
import { WorkflowError, forbidden, toDirectusError } from '../lib/errors.js';
import { RawJson } from '../lib/raw-json.js';
import { bodyFrom } from './fields.ts';
import { notifyRun } from './notice.ts';

type Options = Record<string, unknown> & { action: ActionName; payload?: unknown; notify?: boolean | string };

/** The field naming the item an action works on: a manual flow run on several selected items sends them all. */
const ITEM_FIELD: Partial<Record<string, string>> = {
	preview: 'document',
	'amend/preview': 'document',
	'crosswalk/preview': 'document',
	'akn/export': 'document',
	audit: 'document',
	review: 'entry',
	cut: 'entry',
	verify: 'entry',
	sweep: 'entry',
	rollback: 'entry',
};

/**
 * "IU Cutter workflow" Flows operation: runs one workflow action with the flow's accountability — the same checks
 * as the endpoint, so a flow can never do more than the user it runs as. The body is made from the action's fields
 * in the form (fields.ts), or from the `payload` JSON of flows saved before the form had them. Directus passes a
 * custom operation the trigger's accountability (a flow's own "accountability" setting only decides what its runs
 * log), so the step always runs "From Trigger"; a flow started without a user is refused: every ledger step must be
 * signed by someone.
 *
 * A manual flow (the admin panel's item pages, scripts/flows.js) passes `{{$trigger.body.keys}}`: the action runs
 * once per selected item, each in its own transaction, in order, stopping at the first refusal. `notify` writes the
 * user who ran it a Directus notification with what happened and a link to the module page (the app shows no flow
 * result, but refreshes the notification count after a manual flow).
 */
export default defineOperationApi<Options>({
	id: 'iu-cutter-workflow',
	handler: async (options, { accountability, database, services, getSchema, logger }) => {
		const { action } = options;
		if (!Object.prototype.hasOwnProperty.call(ACTIONS, action)) throw new Error(`Unknown iu-cutter action "${action}"; choose one of ${Object.keys(ACTIONS).join(', ')}.`);
		if (!accountability?.user) {
			throw toDirectusError(
				forbidden(
					`"${action}" runs "From Trigger": with the permissions of the signed-in user who started the flow, and this flow was started without one (a schedule, an event no user caused, or an anonymous webhook call). Every workflow step is signed in the ledger by someone: start the flow as a user (a manual flow from an item page, or a webhook called with the user's token).`,
				),
			);
		}
		const lawByCode = async (code: string) => ((await database('legal_document').where({ doc_code: code }).first('id')) as { id: string } | undefined)?.id ?? null;
		const itemField = ITEM_FIELD[action];
		const items = itemField && Array.isArray(options[itemField]) ? (options[itemField] as unknown[]) : [undefined];
		const ctx: Ctx = { knex: database, core: await loadCore(), accountability, services: directusServices(services), getSchema, logger };
		const results: unknown[] = [];
		for (const item of items) {
			const body = await bodyFrom(action, item === undefined ? options : { ...options, [itemField!]: item }, lawByCode);
			try {
				// "progress": a uuid the flow chose, to poll GET /iu-cutter/progress/<uuid> while the step runs.
				const out = await runAction(action, ctx, body);
				// The next step of the flow reads values, not JSON text.
				const result = out instanceof RawJson ? out.value() : out;
				results.push(result);
				if (options.notify === true || options.notify === 'true')
					await notifyRun({ database, services: directusServices(services), getSchema, logger }, accountability.user, action, body, result, null);
			} catch (error) {
				const e = error instanceof WorkflowError ? toDirectusError(error) : error;
				if (options.notify === true || options.notify === 'true')
					await notifyRun({ database, services: directusServices(services), getSchema, logger }, accountability.user, action, body, null, e);
				throw e;
			}
		}
		return items.length === 1 && items[0] === undefined ? results[0] : { results };
	},
});
