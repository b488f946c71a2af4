// The admin panel's own actions for the workflow: two manual-trigger flows, set up through the Directus REST API
// exactly as an administrator would in Settings › Flows, created or brought up to date on every run (idempotent):
//
//   "IU Cutter: cut or amend"          on legal_document:        Preview a cut | Apply an amending law (preview)
//   "IU Cutter: review, CUT, verify"   on decision_backlog_entry: Approve or reject (asks the decision, the
//                                                                 manifest sha256 and a comment) | Run CUT | Verify
//
// Each runs the "IU Cutter workflow" operation as the user who clicked ("From Trigger": Directus hands a custom
// operation the trigger's accountability), from the item page's sidebar or for the items selected on the collection
// page; the flow's own "accountability" ("$trigger": Activity & Logs Tracking) logs each run under that user. Directus 12.4 shows
// nothing of a manual flow's result but "Flow triggered", and refreshes the notification count when it ends: the
// operation (notify) writes the user a notification saying what happened, with a link to the module page.
//
// The Core licence allows 5 flows and the institution keeps the rest: these are 2, and the script refuses,
// naming the flows there are, rather than create one past IU_FLOW_LIMIT (default 5).
//
// Names and texts are Directus translation strings ($t:iu-cutter-manual-…) in English and Vietnamese, from
// extension/src/i18n/messages/flows.ts, so each user reads them in their own language.
import { pathToFileURL } from 'node:url';
import { client } from '../extension/src/cli/api.js';
import catalog from '../extension/src/i18n/messages/flows.ts';

/** Fixed ids: a run finds its flows again whatever an admin renamed them to. */
export const FLOW_IDS = { document: '2f1c5a60-6d1e-4b7a-9c31-1c0ffee00001', entry: '2f1c5a60-6d1e-4b7a-9c31-1c0ffee00002' };
const OPERATION_IDS = { document: '2f1c5a60-6d1e-4b7a-9c31-1c0ffee00011', entry: '2f1c5a60-6d1e-4b7a-9c31-1c0ffee00012' };
export const DEFAULT_FLOW_LIMIT = 5;

const $t = (key) => `$t:iu-cutter-manual-${key.replaceAll('.', '-')}`;
const LANGUAGES = { en: 'en-US', vi: 'vi-VN' };

const select = (field, name, choices, extra = {}) => ({
	field,
	name: $t(name),
	type: 'string',
	meta: { interface: 'select-radio', width: 'full', required: true, options: { choices: choices.map(([value, text]) => ({ value, text: $t(text) })) }, ...extra },
});

/** The two flows: the trigger's options (with the confirmation dialog's fields) and the operation's. */
function definitions() {
	return {
		document: {
			flow: {
				name: $t('document.name'),
				icon: 'content_cut',
				color: '#6644FF',
				description: $t('document.description'),
				options: {
					collections: ['legal_document'],
					location: 'both',
					requireSelection: true,
					requireConfirmation: true,
					confirmationDescription: $t('document.confirm'),
					// Directus 12.4's confirmation dialog ignores fields' `conditions` (a field stays shown whatever the
					// action): the labels say which action a field belongs to instead.
					fields: [
						select('action', 'document.action', [
							['preview', 'document.preview'],
							['amend/preview', 'document.amend'],
						]),
						{
							field: 'amending',
							name: $t('document.amending'),
							type: 'text',
							meta: {
								interface: 'input-multiline',
								width: 'full',
								note: $t('document.amending_note'),
								options: { placeholder: '55/2023/NĐ-CP' },
							},
						},
					],
				},
			},
			operation: { action: '{{$trigger.body.action}}', document: '{{$trigger.body.keys}}', amending: '{{$trigger.body.amending}}', notify: true },
		},
		entry: {
			flow: {
				name: $t('entry.name'),
				icon: 'fact_check',
				color: '#2ECDA7',
				description: $t('entry.description'),
				options: {
					collections: ['decision_backlog_entry'],
					location: 'both',
					requireSelection: true,
					requireConfirmation: true,
					confirmationDescription: $t('entry.confirm'),
					fields: [
						select('action', 'entry.action', [
							['review', 'entry.review'],
							['cut', 'entry.cut'],
							['verify', 'entry.verify'],
						]),
						select(
							'decision',
							'entry.decision',
							[
								['approve', 'entry.approve'],
								['reject', 'entry.reject'],
							],
							{ required: false },
						),
						{
							field: 'manifest_sha256',
							name: $t('entry.sha'),
							type: 'string',
							meta: { interface: 'input', width: 'full', note: $t('entry.sha_note'), options: { font: 'monospace', placeholder: '3f5a…' } },
						},
						{
							field: 'comment',
							name: $t('entry.comment'),
							type: 'text',
							meta: { interface: 'input-multiline', width: 'full', note: $t('entry.comment_note') },
						},
					],
				},
			},
			operation: {
				action: '{{$trigger.body.action}}',
				entry: '{{$trigger.body.keys}}',
				decision: '{{$trigger.body.decision}}',
				manifest_sha256: '{{$trigger.body.manifest_sha256}}',
				comment: '{{$trigger.body.comment}}',
				notify: true,
			},
		},
	};
}

/** The licence's flow limit would be passed: what there is and what to do. */
export class FlowLimitError extends Error {}

/**
 * Creates or updates the two flows, their operations and their translation strings. Refuses (FlowLimitError,
 * nothing written) when creating them would pass `limit` flows. Returns the flows' ids.
 */
export async function setupFlows({ url, token, limit = Number(process.env.IU_FLOW_LIMIT ?? DEFAULT_FLOW_LIMIT) }) {
	const api = client(url, token);
	const existing = await api.ok('GET', '/flows?fields=id,name,status&limit=-1');
	const ours = new Set(Object.values(FLOW_IDS));
	const missing = Object.values(FLOW_IDS).filter((id) => !existing.some((f) => f.id === id));
	if (existing.length + missing.length > limit) {
		const others = existing.filter((f) => !ours.has(f.id));
		throw new FlowLimitError(
			`iu-cutter: not creating the admin panel's workflow actions: ${missing.length} more flow(s) would make ${existing.length + missing.length}, and the licence allows ${limit}. ` +
				`The project has ${existing.length}: ${others.map((f) => `"${f.name}" (${f.status})`).join(', ') || 'none of its own'}${existing.length > others.length ? ", and iu-cutter's own" : ''}. ` +
				'Nothing was written. Fix: delete a flow you no longer need in Settings › Flows, or, if your licence allows more flows, set IU_FLOW_LIMIT to that number; then run npm run flows again. ' +
				'The module page and the "IU Cutter workflow" operation work without these flows.',
		);
	}
	await translations(api);
	await flowsVisible(api);
	const defs = definitions();
	for (const [key, def] of Object.entries(defs)) {
		const id = FLOW_IDS[key];
		// "$trigger": Directus logs each run (activity) under the user who clicked. The operation itself always runs
		// as that user, and refuses a run without one (every ledger step is signed).
		const flow = { ...def.flow, status: 'active', trigger: 'manual', accountability: '$trigger', options: { ...def.flow.options, async: false, error_on_reject: true } };
		if (existing.some((f) => f.id === id)) await api.ok('PATCH', `/flows/${id}`, flow);
		else await api.ok('POST', '/flows', { id, ...flow });
		const operation = {
			key: 'iu_cutter',
			name: 'IU Cutter workflow',
			type: 'iu-cutter-workflow',
			position_x: 19,
			position_y: 1,
			options: def.operation,
			resolve: null,
			reject: null,
		};
		const found = await api.ok('GET', `/operations?filter[id][_eq]=${OPERATION_IDS[key]}`);
		if (found.length) await api.ok('PATCH', `/operations/${OPERATION_IDS[key]}`, operation);
		else await api.ok('POST', '/operations', { id: OPERATION_IDS[key], flow: id, ...operation });
		await api.ok('PATCH', `/flows/${id}`, { operation: OPERATION_IDS[key] });
	}
	return { ...FLOW_IDS };
}

/** The human workflow policies (scripts/roles.js): the app lists a user's manual flows only if they may read them. */
const HUMAN_POLICIES = ['IU Submitter', 'IU Reviewer'];
// Directus' own "recommended" app permission for flows: manual ones, the fields the sidebar needs (never options of
// other triggers, which may hold secrets).
const READ_MANUAL_FLOWS = {
	collection: 'directus_flows',
	action: 'read',
	permissions: { trigger: { _eq: 'manual' } },
	fields: ['id', 'status', 'name', 'icon', 'color', 'options', 'trigger'],
};

async function flowsVisible(api) {
	for (const name of HUMAN_POLICIES) {
		const policy = (await api.ok('GET', `/policies?filter[name][_eq]=${encodeURIComponent(name)}&fields=id`))[0];
		if (!policy) continue;
		const has = await api.ok('GET', `/permissions?filter[policy][_eq]=${policy.id}&filter[collection][_eq]=directus_flows&filter[action][_eq]=read&fields=id`);
		if (!has.length) await api.ok('POST', '/permissions', { policy: policy.id, ...READ_MANUAL_FLOWS });
	}
}

/** The `manual.*` strings of the flows catalog as Directus translation strings, one per key and language. */
async function translations(api) {
	const rows = await api.ok('GET', '/translations?filter[key][_starts_with]=iu-cutter-manual-&limit=-1&fields=id,key,language,value');
	for (const [lang, language] of Object.entries(LANGUAGES)) {
		for (const [key, value] of Object.entries(catalog[lang])) {
			if (!key.startsWith('manual.')) continue;
			const name = $t(key.slice('manual.'.length)).slice('$t:'.length);
			const row = rows.find((r) => r.key === name && r.language === language);
			if (!row) await api.ok('POST', '/translations', { key: name, language, value });
			else if (row.value !== value) await api.ok('PATCH', `/translations/${row.id}`, { value });
		}
	}
}

// `npm run flows`: against a running Directus, as its admin (IU_URL, IU_ADMIN_EMAIL, IU_ADMIN_PASSWORD).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const url = process.env.IU_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8055}`;
	const r = await fetch(`${url}/auth/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: process.env.IU_ADMIN_EMAIL ?? 'admin@example.com', password: process.env.IU_ADMIN_PASSWORD ?? 'iu-cutter-demo' }),
	});
	if (!r.ok) {
		console.error(`iu-cutter: cannot log in to ${url} as the admin (${r.status}): set IU_URL, IU_ADMIN_EMAIL and IU_ADMIN_PASSWORD.`);
		process.exit(1);
	}
	try {
		const ids = await setupFlows({ url, token: (await r.json()).data.access_token });
		console.log(`iu-cutter: the admin panel's workflow actions are set up: flows ${Object.values(ids).join(', ')}.`);
	} catch (e) {
		console.error(e.message);
		process.exit(1);
	}
}
