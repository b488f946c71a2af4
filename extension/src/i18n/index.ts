// The module's strings in Vietnamese and English. The language follows the user's Directus language: the
// app writes it to <html lang> (and reloads its own translations) when the user changes it, so `t` reads it
// there. That also works outside a component's setup (operation forms, interface and display definitions),
// where vue-i18n's composer cannot be reached. Any language other than Vietnamese reads English.
//
// Catalogs live in ./messages/<area>.ts, one per page or part, each `{ en, vi }` with the same keys; a key is
// `<area>.<key>`. tests/unit/i18n.test.js checks that every key and every {placeholder} exists in both.
import { ref } from 'vue';
import { TABLES, translate, type Lang, type Params } from './translate.ts';

export type { Lang, Params };
export const LANGS: readonly Lang[] = ['en', 'vi'];

function documentLang(): Lang {
	const tag = typeof document === 'undefined' ? '' : (document.documentElement.getAttribute('lang') ?? '');
	return tag.toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

/** The language strings are read in now; reactive, so templates follow a change of the user's language. */
export const lang = ref<Lang>(documentLang());
if (typeof document !== 'undefined' && typeof MutationObserver !== 'undefined') {
	new MutationObserver(() => {
		lang.value = documentLang();
	}).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
}

/**
 * The text of `key` in the user's language, with `{name}` replaced by `params.name`. A key missing in
 * Vietnamese reads English; a key missing in both reads as the key itself (the unit test forbids both).
 */
export function t(key: string, params?: Params, in_: Lang = lang.value): string {
	return translate(in_, key, params);
}

/**
 * A count with its noun: `key.one` or `key.other` (English), always `key.other` in Vietnamese, which has no
 * plural; `{n}` is the count.
 */
export function tn(key: string, n: number, params?: Params, in_: Lang = lang.value): string {
	const form = in_ === 'en' && n === 1 && TABLES.en.has(`${key}.one`) ? 'one' : 'other';
	return t(`${key}.${form}`, { ...params, n }, in_);
}

/** Whether `key` exists (for optional texts such as a term's explanation). */
export const has = (key: string): boolean => TABLES.en.has(key);

/** Every key of every catalog with its text in both languages (the unit test reads it). */
export function allKeys(): { key: string; en: string | undefined; vi: string | undefined }[] {
	const keys = new Set([...TABLES.en.keys(), ...TABLES.vi.keys()]);
	return [...keys].map((key) => ({ key, en: TABLES.en.get(key), vi: TABLES.vi.get(key) }));
}
