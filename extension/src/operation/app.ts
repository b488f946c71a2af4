import { defineOperationApp } from '@directus/extensions-sdk';

const ACTIONS = ['preview', 'submit', 'amend/preview', 'amend/submit', 'crosswalk/preview', 'crosswalk/submit', 'review', 'cut', 'verify', 'sweep', 'rollback', 'resolve', 'akn/export', 'audit', 'incident', 'repair'];

export default defineOperationApp({
	id: 'iu-cutter-workflow',
	name: 'IU Cutter workflow',
	icon: 'content_cut',
	description: 'Run one CUT / VERIFY step (preview, submit, review, cut, verify, sweep, rollback, resolve; amend/preview and amend/submit to apply an amending law; crosswalk/preview and crosswalk/submit to import a renumbering table as aliases; akn/export for a document at a date as Akoma Ntoso 3.0 XML), the store audit (audit), or after tampering record an incident (incident) and submit its repair (repair), as the user the flow runs as.',
	overview: ({ action }) => [{ label: 'Action', text: action ?? '—' }],
	options: [
		{
			field: 'action',
			name: 'Action',
			type: 'string',
			meta: {
				width: 'half',
				interface: 'select-dropdown',
				required: true,
				options: { choices: ACTIONS.map((a) => ({ text: a, value: a })) },
			},
		},
		{
			field: 'payload',
			name: 'Payload',
			type: 'json',
			meta: {
				width: 'full',
				interface: 'input-code',
				options: { language: 'json', placeholder: '{ "entry": "{{$trigger.body.entry}}" }' },
				note: 'The same body as POST /iu-cutter/<action>; use {{ … }} to take values from the trigger or earlier operations.',
			},
		},
	],
});
