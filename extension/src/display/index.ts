import { defineDisplay } from '@directus/extensions-sdk';
import DisplayComponent from './display.vue';

export default defineDisplay({
	id: 'canonical-address',
	name: 'Canonical address',
	icon: 'pin_drop',
	description: 'Shows a canonical address as a readable citation, in the language of its document (iu-cutter core, in the browser).',
	component: DisplayComponent,
	types: ['string'],
	options: [
		{
			field: 'show',
			name: 'Show',
			type: 'string',
			meta: {
				width: 'half',
				interface: 'select-dropdown',
				options: {
					choices: [
						{ text: 'Citation, address on hover', value: 'citation' },
						{ text: 'Citation and address', value: 'both' },
					],
				},
			},
			schema: { default_value: 'citation' },
		},
	],
});
