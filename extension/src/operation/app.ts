import { defineOperationApp } from '@directus/extensions-sdk';
import type { AppField, DeepPartial } from '@directus/types';
import { t } from '../i18n/index.ts';
import { ACTION_FIELDS, type ActionField } from './fields.ts';

const ACTIONS = Object.keys(ACTION_FIELDS);

/** The form field of one body field: an input fit for its kind, its example as placeholder, its help as note. */
function formField(action: string, f: ActionField): DeepPartial<AppField> {
	const key = f.help ?? `field.${f.name}`;
	const label = t(`operation.label.${f.name}`);
	const placeholder = t(`operation.${key}.example`);
	// Notes are Markdown (Directus renders them as HTML): code in backticks, never angle brackets.
	const note = `${t(`operation.${key}.note`)}${f.required ? ` ${t('operation.required')}` : ''}`;
	const meta = { width: (['text', 'json', 'laws', 'addresses'].includes(f.kind) ? 'full' : 'half') as 'full' | 'half', note, required: false };
	const id = { field: f.name, name: label };
	switch (f.kind) {
		case 'boolean':
			return { ...id, type: 'boolean' as const, meta: { ...meta, interface: 'boolean', options: { label: t(`operation.${key}.example`) } }, schema: { default_value: null } };
		case 'enum':
			return {
				...id,
				type: 'string' as const,
				meta: {
					...meta,
					interface: 'select-dropdown',
					options: { allowOther: true, placeholder, choices: (f.values ?? []).map((v) => ({ text: t(`operation.value.${action.replace('/', '_')}.${v}`), value: v })) },
				},
			};
		case 'json':
			return { ...id, type: 'json' as const, meta: { ...meta, interface: 'input-code', options: { language: 'json', placeholder } } };
		case 'text':
		case 'laws':
		case 'addresses':
			return { ...id, type: 'text' as const, meta: { ...meta, interface: 'input-multiline', options: { placeholder, font: f.kind === 'text' ? 'sans-serif' : 'monospace' } } };
		default:
			return {
				...id,
				type: 'string' as const,
				meta: { ...meta, interface: 'input', options: { placeholder, font: ['uuid', 'sha256', 'datetime'].includes(f.kind) ? 'monospace' : 'sans-serif' } },
			};
	}
}

export default defineOperationApp({
	id: 'iu-cutter-workflow',
	name: t('operation.name'),
	icon: 'content_cut',
	description: t('operation.description'),
	overview: ({ action, payload }) => [
		{ label: t('operation.label.action'), text: action ? t(`operation.action.${action}`) : '—' },
		...(payload ? [{ label: t('operation.label.payload'), text: typeof payload === 'string' ? payload : JSON.stringify(payload) }] : []),
	],
	// A function of the options so far: the form shows the chosen action's fields only.
	options: (options: Record<string, unknown> = {}): DeepPartial<AppField>[] => {
		// The `action` field below is a string field (a dropdown allowing other text): unset or a string.
		const action = options['action'] as string | undefined;
		const known = !!action && !!ACTION_FIELDS[action];
		// An action taken from the trigger (`{{$trigger.body.action}}`, as the admin panel's flows do): the fields
		// filled in, whichever actions they belong to, so what the flow sends stays visible and editable.
		const templated = !!action && !known && action.includes('{{');
		const seen = new Set<string>();
		const fields = known
			? ACTION_FIELDS[action]!.map((f) => formField(action, f))
			: templated
				? Object.entries(ACTION_FIELDS).flatMap(([a, list]) =>
						list
							.filter((f) => options[f.name] !== undefined && options[f.name] !== null && options[f.name] !== '' && !seen.has(f.name) && seen.add(f.name))
							.map((f) => formField(a, f)),
					)
				: [];
		const legacy = options['payload'] !== undefined && options['payload'] !== null && options['payload'] !== '';
		return [
			{
				field: 'from_trigger',
				name: t('operation.label.from_trigger'),
				type: 'alias',
				meta: { width: 'full', interface: 'presentation-notice', options: { color: 'warning', icon: 'person', text: t('operation.from_trigger') } },
			},
			{
				field: 'action',
				name: t('operation.label.action'),
				type: 'string',
				meta: {
					width: 'half',
					interface: 'select-dropdown',
					required: true,
					note: known ? t('operation.action_note', { path: `POST /iu-cutter/${action}` }) : templated ? t('operation.action_templated') : t('operation.action_pick'),
					options: {
						allowOther: true,
						placeholder: t('operation.action_placeholder'),
						choices: ACTIONS.map((a) => ({ text: t(`operation.action.${a}`), value: a })),
					},
				},
			},
			{
				field: 'notify',
				name: t('operation.label.notify'),
				type: 'boolean',
				meta: { width: 'half', interface: 'boolean', note: t('operation.notify_note'), options: { label: t('operation.notify_label') } },
				schema: { default_value: false },
			},
			...fields,
			{
				field: 'payload',
				name: t('operation.label.payload'),
				type: 'json',
				meta: {
					width: 'full',
					interface: 'input-code',
					// Kept for flows saved before the form had fields; new flows fill the fields above.
					hidden: !legacy,
					options: { language: 'json', placeholder: t('operation.payload.example') },
					note: t('operation.payload.note', { path: `POST /iu-cutter/${action ?? 'preview'}` }),
				},
			},
		];
	},
});
