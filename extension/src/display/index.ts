import { defineDisplay } from '@directus/extensions-sdk';
import DisplayComponent from './display.vue';
import { t } from '../i18n/index.ts';

// Names are read once, when the app loads the extension, in the language of <html lang> then.
export default defineDisplay({
	id: 'canonical-address',
	name: t('studio.citation.name'),
	icon: 'pin_drop',
	description: t('studio.citation.description'),
	component: DisplayComponent,
	types: ['string'],
	options: [
		{
			field: 'show',
			name: t('studio.citation.option_show'),
			type: 'string',
			meta: {
				width: 'half',
				interface: 'select-dropdown',
				options: {
					choices: [
						{ text: t('studio.citation.show_citation'), value: 'citation' },
						{ text: t('studio.citation.show_both'), value: 'both' },
					],
				},
			},
			schema: { default_value: 'citation' },
		},
	],
});
