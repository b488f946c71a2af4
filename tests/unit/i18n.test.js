// The module's strings (extension/src/i18n): every key in English and in Vietnamese, with the same
// {placeholders}, so no page shows a key or a half-filled sentence in either language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allKeys, t, tn } from '../../extension/src/i18n/index.ts';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every key has an English and a Vietnamese text, with the same placeholders', () => {
	const missing = [];
	for (const { key, en, vi } of allKeys()) {
		if (!en?.trim()) missing.push(`${key}: no English`);
		if (!vi?.trim()) missing.push(`${key}: no Vietnamese`);
		if (en && vi && placeholders(en).join() !== placeholders(vi).join()) missing.push(`${key}: placeholders ${placeholders(en)} in English, ${placeholders(vi)} in Vietnamese`);
	}
	assert.deepEqual(missing, []);
});

test('a plural reads its form in English and the one form in Vietnamese; params fill in; unknown keys read as themselves', () => {
	assert.equal(t('no.such.key'), 'no.such.key');
	const plural = allKeys().find((k) => k.key.endsWith('.one'));
	if (plural) {
		const base = plural.key.slice(0, -4);
		assert.notEqual(tn(base, 1, {}, 'en'), tn(base, 2, {}, 'en'));
		assert.ok(!tn(base, 2, {}, 'vi').includes('{n}'));
	}
});
