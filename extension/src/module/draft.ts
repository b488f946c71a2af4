// A page's work in progress kept in the browser's storage (issue 46: "the amendment page forgets everything on
// reload or Back"), so a reload, the Back button or a visit to another page gives it back. Pure logic over a
// Storage-like object (localStorage in the app, a Map in the unit test): keys, what is saved, what is read back.
//
// - One draft per page, user and scope (the amended document): two users of one browser, or two documents, never
//   read each other's work. A "last" key per page and user says which scope was open last.
// - A draft is saved whole if it fits; if the storage is full, again without its bulky parts that can be
//   recomputed (the preview: the page runs it again), and if even that does not fit the page says so.
// - Nothing read is trusted: a draft of another format version, or one that does not parse, is dropped.

/** The storage a draft lives in: what localStorage and sessionStorage offer. */
export interface DraftStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

export const DRAFT_FORMAT = 1;
const PREFIX = `iu-cutter:draft:v${DRAFT_FORMAT}`;

/** What a page keeps: its own fields, and when they were saved. */
export interface Saved<T> {
	format: typeof DRAFT_FORMAT;
	saved_at: string;
	/** Whether the bulky parts were left out to fit (the page recomputes them). */
	trimmed: boolean;
	data: T;
}

/** saved: all of it; trimmed: without the parts the page can recompute; full: not saved, the storage is full; unavailable: no storage. */
export type SaveOutcome = 'saved' | 'trimmed' | 'full' | 'unavailable';

/** The key of a page's draft for one user and one scope (a document id; `null` before one is chosen). */
export const draftKey = (page: string, user: string | null, scope: string | null): string => `${PREFIX}:${page}:${user ?? 'anonymous'}:${scope ?? '-'}`;

/** The key that names the scope a user had open last on a page. */
export const lastKey = (page: string, user: string | null): string => `${PREFIX}:${page}:${user ?? 'anonymous'}:last`;

/** Whether an exception thrown by setItem says the storage is full (browsers name it differently). */
export function isQuotaError(e: unknown): boolean {
	const x = e as { name?: unknown; code?: unknown } | null;
	return x?.name === 'QuotaExceededError' || x?.name === 'NS_ERROR_DOM_QUOTA_REACHED' || x?.code === 22 || x?.code === 1014;
}

/**
 * Saves `data` under `key`: whole if it fits, else without the fields named in `bulky` (set to null), else not at
 * all ('full'). A draft that no longer fits is removed rather than left stale.
 */
export function saveDraft<T extends object>(store: DraftStorage | null, key: string, data: T, bulky: (keyof T)[], now: Date = new Date()): SaveOutcome {
	if (!store) return 'unavailable';
	const attempt = (trimmed: boolean, body: T): boolean => {
		const saved: Saved<T> = { format: DRAFT_FORMAT, saved_at: now.toISOString(), trimmed, data: body };
		try {
			store.setItem(key, JSON.stringify(saved));
			return true;
		} catch (e) {
			if (isQuotaError(e)) return false;
			throw e;
		}
	};
	try {
		if (attempt(false, data)) return 'saved';
		if (bulky.length) {
			const lean = { ...data };
			for (const k of bulky) (lean as Record<keyof T, unknown>)[k] = null;
			if (attempt(true, lean)) return 'trimmed';
		}
		store.removeItem(key);
		return 'full';
	} catch {
		// A storage that refuses for another reason (disabled, private mode): as good as none.
		return 'unavailable';
	}
}

/** The draft under `key`, or null: none, unreadable, or of another format (then removed). */
export function readDraft<T>(store: DraftStorage | null, key: string, valid: (data: unknown) => data is T): Saved<T> | null {
	if (!store) return null;
	let raw: string | null;
	try {
		raw = store.getItem(key);
	} catch {
		return null;
	}
	if (raw == null) return null;
	try {
		const parsed = JSON.parse(raw) as Partial<Saved<unknown>> | null;
		if (parsed && parsed.format === DRAFT_FORMAT && typeof parsed.saved_at === 'string' && valid(parsed.data)) {
			return { format: DRAFT_FORMAT, saved_at: parsed.saved_at, trimmed: parsed.trimmed === true, data: parsed.data };
		}
	} catch {
		// not JSON: dropped below
	}
	removeDraft(store, key);
	return null;
}

export function removeDraft(store: DraftStorage | null, key: string): void {
	try {
		store?.removeItem(key);
	} catch {
		// nothing to do: a storage that cannot remove holds nothing we wrote
	}
}

/** The scope last open on a page (a document id), or null. */
export function readLast(store: DraftStorage | null, page: string, user: string | null): string | null {
	try {
		return store?.getItem(lastKey(page, user)) ?? null;
	} catch {
		return null;
	}
}

export function writeLast(store: DraftStorage | null, page: string, user: string | null, scope: string | null): void {
	try {
		if (scope == null) store?.removeItem(lastKey(page, user));
		else store?.setItem(lastKey(page, user), scope);
	} catch {
		// a full storage: the draft's own save says so
	}
}

/** The browser's localStorage, or null where there is none or it is refused (a sandboxed frame, Node). */
export function browserStorage(): DraftStorage | null {
	try {
		return typeof localStorage === 'undefined' ? null : localStorage;
	} catch {
		return null;
	}
}
