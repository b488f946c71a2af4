import { defineModule } from '@directus/extensions-sdk';
import AmendPage from './AmendPage.vue';
import BacklogPage from './BacklogPage.vue';
import CrosswalkPage from './CrosswalkPage.vue';
import EntryPage from './EntryPage.vue';
import PreviewPage from './PreviewPage.vue';
import ResolvePage from './ResolvePage.vue';
import TimelinePage from './TimelinePage.vue';
import TrustPage from './TrustPage.vue';
import VersionsPage from './VersionsPage.vue';

export default defineModule({
	id: 'iu-cutter',
	name: 'IU Cutter',
	icon: 'content_cut',
	routes: [
		{ path: '', component: BacklogPage },
		{ path: 'preview', component: PreviewPage },
		{ path: 'amend', component: AmendPage },
		{ path: 'crosswalk', component: CrosswalkPage },
		{ path: 'entries/:id', component: EntryPage, props: true },
		{ path: 'timeline', component: TimelinePage },
		{ path: 'resolve', component: ResolvePage },
		{ path: 'versions', component: VersionsPage },
		{ path: 'trust', component: TrustPage },
	],
});
