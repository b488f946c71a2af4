// Which shipped vocabulary a document of a language starts with (issue 46: "choosing Language “en” in the document
// form leaves Vocabulary on Vietnamese"). The document form's vocabulary field follows the language until the user
// picks a vocabulary themself (interface/VocabularyField.vue); a document created without a vocabulary gets its
// language's (hook/documents.ts). Only the starting point: the preview still says when another vocabulary reads the text
// better (the core's vocabulary_fit), e.g. `commonwealth` for an Act of a Commonwealth parliament.

/** The default vocabulary of a document language (`vi`, `en`, `en-US`, `en-GB`), or null for one without a default. */
export function defaultVocabulary(language: string | null | undefined): string | null {
	const tag = String(language ?? '')
		.trim()
		.toLowerCase();
	if (!tag) return null;
	if (tag === 'vi' || tag.startsWith('vi-')) return 'vi';
	if (tag === 'en-us') return 'us';
	if (tag === 'en-gb') return 'uk';
	if (tag === 'en' || tag.startsWith('en-')) return 'en';
	return null;
}

/** Every vocabulary that is some language's default. */
const LANGUAGE_DEFAULTS = ['vi', 'en', 'us', 'uk'];

/**
 * The vocabulary after the language changes from `before` to `after`: the new language's default, unless the user
 * chose the vocabulary in this form (`chosen`) or the document holds one that is not the old language's default (chosen
 * earlier, or suggested by the preview and kept). Null: leave it as it is.
 */
export function vocabularyAfterLanguage(o: {
	before: string | null | undefined;
	after: string | null | undefined;
	current: string | null | undefined;
	chosen: boolean;
}): string | null {
	if (o.chosen) return null;
	const next = defaultVocabulary(o.after);
	if (!next || next === o.current) return null;
	const current = o.current ?? null;
	// The language before is not known in a new item's form (its values hold only what was edited; the column's
	// default is not among them): then any language's default counts as not chosen.
	const wasDefault = o.before ? current === defaultVocabulary(o.before) : LANGUAGE_DEFAULTS.includes(current ?? '');
	if (current !== null && !wasDefault) return null;
	return next;
}
