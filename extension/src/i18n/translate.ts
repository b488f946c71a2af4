// The lookup behind `t` (./index.ts), without Vue: the server reads the same catalogs in a language it is
// given (the Flows operation's notifications, operation/notice.ts), where there is no <html lang> to follow.
import { CATALOGS, type Catalog } from './messages/index.ts';

export type Lang = 'en' | 'vi';
export type Params = Record<string, string | number | null | undefined>;

function flatten(catalogs: Record<string, Catalog>, l: Lang): Map<string, string> {
	const out = new Map<string, string>();
	for (const [area, catalog] of Object.entries(catalogs)) for (const [key, text] of Object.entries(catalog[l])) out.set(`${area}.${key}`, text);
	return out;
}

/** Every `<area>.<key>` with its text, per language. */
export const TABLES: Record<Lang, Map<string, string>> = { en: flatten(CATALOGS, 'en'), vi: flatten(CATALOGS, 'vi') };

/** The text of `key` in `lang` (English where Vietnamese lacks it, the key where both do), `{name}` filled from `params`. */
export function translate(lang: Lang, key: string, params?: Params): string {
	const text = TABLES[lang].get(key) ?? TABLES.en.get(key) ?? key;
	return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined || params[name] === null ? whole : String(params[name]))) : text;
}
