// vue-i18n is the Data Studio's own (shared with app extensions, external to our bundle), so it is not
// installed here: the little of it i18n/app.ts uses, for `tsc --noEmit`.
declare module 'vue-i18n' {
	export interface Composer {
		locale: { value: string };
		mergeLocaleMessage(locale: string, messages: Record<string, unknown>): void;
	}
	export function useI18n(options?: { useScope?: 'global' | 'local' }): Composer;
}
