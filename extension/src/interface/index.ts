import { defineInterface } from '@directus/extensions-sdk';
import InterfaceComponent from './interface.vue';
import { t } from '../i18n/index.ts';

// Names are read once, when the app loads the extension, in the language of <html lang> then.
export default defineInterface({
	id: 'canonical-address',
	name: t('studio.address.name'),
	icon: 'pin_drop',
	description: t('studio.address.description'),
	component: InterfaceComponent,
	types: ['string'],
	options: [
		{
			field: 'document',
			name: t('studio.address.option_document'),
			type: 'string',
			meta: { width: 'half', interface: 'input', options: { placeholder: '45/2019/QH14' } },
		},
	],
});
