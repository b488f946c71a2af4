import { defineInterface } from '@directus/extensions-sdk';
import VocabularyField from './VocabularyField.vue';
import { t } from '../i18n/index.ts';

// The document form's vocabulary (migration iu0015 puts it on legal_document.vocabulary): the vocabularies by name,
// as a dropdown, following the document's language until the user picks one (lib/vocabulary-default.ts).
export default defineInterface({
	id: 'iu-vocabulary',
	name: t('studio.vocabulary.name'),
	icon: 'translate',
	description: t('studio.vocabulary.description'),
	component: VocabularyField,
	types: ['string'],
	options: [
		{
			field: 'choices',
			name: t('studio.vocabulary.option_choices'),
			type: 'json',
			meta: { width: 'full', interface: 'input-code', options: { language: 'json' } },
		},
	],
});
