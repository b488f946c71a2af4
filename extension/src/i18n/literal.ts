// Plain text as vue-i18n message syntax (i18n/app.ts), apart so that unit tests can load it without vue-i18n.

/**
 * A text as a vue-i18n message that reads as itself: `{ } @ $ |` are message syntax (placeholders, linked
 * messages, plurals), so each is written as a literal interpolation `{'x'}`.
 */
export function literalMessage(text: string): string {
	return text.replace(/[{}@$|]/g, (c) => `{'${c}'}`);
}
