// A page's draft in the browser's storage, as a composable (the logic is ./draft.ts): saved a moment after every
// change and when the page is left or the tab closed, read back when the page opens, removed on submit or when the
// user starts over. See AmendPage.vue.
import { onBeforeUnmount, onMounted, ref, watch, type WatchSource } from 'vue';
import { useStores } from '@directus/extensions-sdk';
import { browserStorage, draftKey, readDraft, readLast, removeDraft, saveDraft, writeLast, type DraftStorage, type SaveOutcome, type Saved } from './draft.js';

export interface DraftOptions<T extends object> {
	/** The page's name in the keys ('amend'). */
	page: string;
	/** What the page holds now. */
	snapshot: () => T;
	/** Whether that is nothing worth keeping (the draft is removed then). */
	empty: (data: T) => boolean;
	/** The scope of the draft (the document), read from the data. */
	scopeOf: (data: T) => string | null;
	/** The fields that can be recomputed and are left out when the storage is full. */
	bulky: (keyof T)[];
	valid: (data: unknown) => data is T;
	/** What changes the draft. */
	sources: WatchSource[];
	/** While true, nothing is saved (a submit just succeeded, the page is restoring). */
	paused?: () => boolean;
}

const SAVE_AFTER_MS = 400;

/** The signed-in user's id, from the Data Studio's store; drafts of two users of one browser never mix. */
function currentUserId(): string | null {
	try {
		const stores = useStores() as { useUserStore?: () => { currentUser?: { id?: unknown } | null } };
		const id = stores.useUserStore?.().currentUser?.id;
		return typeof id === 'string' ? id : null;
	} catch {
		return null;
	}
}

export function useDraft<T extends object>(o: DraftOptions<T>, store: DraftStorage | null = browserStorage()) {
	const user = currentUserId();
	/** The last save: the page says when the storage was full. */
	const outcome = ref<SaveOutcome | null>(null);
	/** When the draft the page opened with was saved, or null: the page opened empty. */
	const restored = ref<Saved<T> | null>(null);
	let scope: string | null = null;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let armed = false;

	function save() {
		clearTimeout(timer);
		timer = undefined;
		if (!armed || o.paused?.()) return;
		const data = o.snapshot();
		const now = o.scopeOf(data);
		// The draft of the scope left behind stays (another document's work); a draft made before any document was
		// chosen moves to the one chosen.
		if (now !== scope && scope === null) removeDraft(store, draftKey(o.page, user, null));
		scope = now;
		if (o.empty(data)) {
			removeDraft(store, draftKey(o.page, user, now));
			outcome.value = null;
			return;
		}
		outcome.value = saveDraft(store, draftKey(o.page, user, now), data, o.bulky);
		writeLast(store, o.page, user, now ?? '-');
	}
	const soon = () => {
		if (!armed) return;
		clearTimeout(timer);
		timer = setTimeout(save, SAVE_AFTER_MS);
	};

	/** The draft of a scope, or (no scope given) of the one open last; null: none. */
	function read(wanted?: string | null): Saved<T> | null {
		const last = wanted === undefined ? readLast(store, o.page, user) : wanted;
		const at = last === '-' ? null : last;
		return readDraft(store, draftKey(o.page, user, at), o.valid);
	}

	/** From now on changes are saved (call once the page has restored what it will). */
	function arm(current: string | null) {
		scope = current;
		armed = true;
	}

	/** Forgets the draft of the current scope (submit succeeded, or the user starts over). */
	function discard() {
		clearTimeout(timer);
		timer = undefined;
		removeDraft(store, draftKey(o.page, user, scope));
		writeLast(store, o.page, user, null);
		restored.value = null;
		outcome.value = null;
	}

	// Not deep: the page replaces its arrays and its preview rather than changing them in place.
	watch(o.sources, soon);
	const flush = () => {
		if (timer !== undefined) save();
	};
	onMounted(() => window.addEventListener('pagehide', flush));
	onBeforeUnmount(() => {
		window.removeEventListener('pagehide', flush);
		flush();
	});

	return { outcome, restored, read, arm, discard, flush, save };
}
