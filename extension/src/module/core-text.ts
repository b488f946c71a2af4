// The core's findings in the user's language (issue 46). The core writes what is wrong and how to fix it in English,
// with the specifics (which number, which words), under a stable code; the Vietnamese interface reads the code's
// text from the "diag" catalog (i18n/messages/diag.ts) and keeps the core's own words for a tooltip. A code the
// catalog does not know (a newer core's) reads as the core wrote it.
import { has, lang, t } from '../i18n/index.ts';

/** What is wrong (`part` 'message') or how to fix it ('hint'), for a finding of code `code` the core worded `english`. */
export function coreText(code: string | null | undefined, english: string | null | undefined, part: 'message' | 'hint' = 'message'): string {
	const key = part === 'hint' ? `diag.${code}.hint` : `diag.${code}`;
	if (lang.value === 'vi' && code && has(key)) return t(key);
	return english ?? '';
}

/** The core's own words, as a tooltip where the page shows the translation (empty where it shows them already). */
export function coreOriginal(code: string | null | undefined, english: string | null | undefined, part: 'message' | 'hint' = 'message'): string | undefined {
	return coreText(code, english, part) === (english ?? '') ? undefined : (english ?? undefined);
}
