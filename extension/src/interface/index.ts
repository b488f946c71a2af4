import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';

export default defineInterface({
	id: 'canonical-address',
	name: 'Canonical address',
	icon: 'pin_drop',
	description: 'Validates a canonical address as you type, in the browser, with the iu-cutter core.',
	component: InterfaceComponent,
	types: ['string'],
	options: [
		{
			field: 'document',
			name: 'Default document code',
			type: 'string',
			meta: { width: 'half', interface: 'input', options: { placeholder: '45/2019/QH14' } },
		},
	],
});
