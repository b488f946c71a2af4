// The document form's vocabulary follows its language (extension/src/lib/vocabulary-default.ts; issue 46: "choosing
// Language “en” in the document form leaves Vocabulary on Vietnamese"), unless the user chose one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultVocabulary, vocabularyAfterLanguage } from '../../extension/src/lib/vocabulary-default.ts';

test('each language of the form has its default vocabulary', () => {
	assert.equal(defaultVocabulary('vi'), 'vi');
	assert.equal(defaultVocabulary('vi-VN'), 'vi');
	assert.equal(defaultVocabulary('en'), 'en');
	assert.equal(defaultVocabulary('en-US'), 'us');
	assert.equal(defaultVocabulary('en-GB'), 'uk');
	assert.equal(defaultVocabulary('EN'), 'en');
	assert.equal(defaultVocabulary('en-AU'), 'en');
	assert.equal(defaultVocabulary('fr'), null);
	assert.equal(defaultVocabulary(''), null);
	assert.equal(defaultVocabulary(null), null);
});

test('a new document: choosing "en" moves the vocabulary off Vietnamese', () => {
	assert.equal(vocabularyAfterLanguage({ before: 'vi', after: 'en', current: 'vi', chosen: false }), 'en');
	assert.equal(vocabularyAfterLanguage({ before: 'en', after: 'en-GB', current: 'en', chosen: false }), 'uk');
	assert.equal(vocabularyAfterLanguage({ before: null, after: 'en', current: null, chosen: false }), 'en');
	// A new item's form knows no language before the first choice (the column's default is not among its edits).
	assert.equal(vocabularyAfterLanguage({ before: undefined, after: 'en', current: 'vi', chosen: false }), 'en');
	assert.equal(vocabularyAfterLanguage({ before: undefined, after: 'en', current: 'commonwealth', chosen: false }), null);
	// Back again.
	assert.equal(vocabularyAfterLanguage({ before: 'en', after: 'vi', current: 'en', chosen: false }), 'vi');
});

test('a vocabulary the user chose stays, in this form or before (the detector’s `commonwealth`)', () => {
	assert.equal(vocabularyAfterLanguage({ before: 'vi', after: 'en', current: 'commonwealth', chosen: true }), null);
	assert.equal(vocabularyAfterLanguage({ before: 'en', after: 'en-GB', current: 'commonwealth', chosen: false }), null);
	assert.equal(vocabularyAfterLanguage({ before: 'vi', after: 'en', current: 'en', chosen: false }), null, 'already there');
	assert.equal(vocabularyAfterLanguage({ before: 'vi', after: 'fr', current: 'vi', chosen: false }), null, 'no default for the language');
});
