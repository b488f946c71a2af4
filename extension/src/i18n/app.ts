// The Data Studio's own translations, for what the app (not the module) titles with its vue-i18n: an error
// dialog reads `t('errors.<code>')` when a request fails (a refused Save in the item form, a refused delete),
// and shows the bare key when the code is not in its catalog. vue-i18n is shared with app extensions, so a
// component's setup reaches the app's global composer and merges iu-cutter's titles there, in English and
// Vietnamese. Call `useAppTranslations()` from the setup of every app extension component that can be on
// screen before such an error: the module's pages (ModulePage), the interfaces and the display.
import { useI18n } from 'vue-i18n';
import errors from './messages/errors.ts';
import { literalMessage } from './literal.ts';

/** The Data Studio's locales our catalogs stand for (any other language falls back to en-US, as ours do). */
const LOCALES = { 'en-US': errors.en, 'vi-VN': errors.vi } as const;

function appMessages(catalog: Record<string, string>): { errors: Record<string, string> } {
	return { errors: Object.fromEntries(Object.entries(catalog).map(([code, title]) => [code, literalMessage(title)])) };
}

/**
 * Merges iu-cutter's error titles into the app's global vue-i18n. Idempotent and cheap, so every component
 * calls it in its setup: the app replaces a locale's messages when the user's language is loaded, and a later
 * setup merges them again. Outside a component (no app instance) it does nothing.
 */
export function useAppTranslations(): void {
	let composer;
	try {
		composer = useI18n({ useScope: 'global' });
	} catch {
		return;
	}
	for (const [locale, catalog] of Object.entries(LOCALES)) composer.mergeLocaleMessage(locale, appMessages(catalog));
}
