import { defineInterface } from '@directus/extensions-sdk';
import NoticeComponent from './WorkflowNotice.vue';
import { t } from '../i18n/index.ts';

// The notice at the top of the item form of a unit, an alias or a ledger row (migration iu0014 places it
// there as a presentation field): their fields are read-only because they change only through the IU Cutter
// workflow, which it links to. Its name is read once, when the app loads the extension, in the language of
// <html lang> then (a change of language reloads the app).
export default defineInterface({
	id: 'iu-workflow-notice',
	name: t('studio.notice.interface_name'),
	icon: 'lock',
	description: t('studio.notice.interface_description'),
	component: NoticeComponent,
	types: ['alias'],
	localTypes: ['presentation'],
	group: 'presentation',
	hideLabel: true,
	hideLoader: true,
	options: null,
});
