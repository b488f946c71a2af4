// The Data Studio titles an error dialog with `t('errors.<code>')` and shows the bare key when its catalog lacks
// the code (issue 32: a refused Save titled "errors.IU_UNIT_STORE_SEALED"). iu-cutter merges a title for each
// of its codes (extension/src/i18n/app.ts): every code the extension raises must have one in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import errors from '../../extension/src/i18n/messages/errors.ts';
import { literalMessage } from '../../extension/src/i18n/literal.ts';

const SRC = join(import.meta.dirname, '..', '..', 'extension', 'src');
const files = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : /\.(ts|vue)$/.test(n) ? [join(dir, n)] : []));

/** Every 'IU_…' literal in the source that is an error code, not the name of an environment variable. */
function raisedCodes() {
	const codes = new Set();
	const envNames = new Set();
	for (const f of files(SRC)) {
		if (f.includes(`${join('i18n', 'messages')}`)) continue;
		const text = readFileSync(f, 'utf8');
		for (const m of text.matchAll(/env\[\s*'(IU_[A-Z_]+)'\s*\]|_ENV\s*=\s*'(IU_[A-Z_]+)'/g)) envNames.add(m[1] ?? m[2]);
		for (const m of text.matchAll(/'(IU_[A-Z][A-Z_]+)'/g)) codes.add(m[1]);
	}
	return [...codes].filter((c) => !envNames.has(c)).sort();
}

test('every error code the extension raises has a title in English and in Vietnamese', () => {
	const codes = raisedCodes();
	assert.ok(codes.includes('IU_UNIT_STORE_SEALED') && codes.includes('IU_CORE_REFUSED') && codes.length > 40, codes.join());
	const missing = codes.filter((c) => !errors.en[c]?.trim() || !errors.vi[c]?.trim());
	assert.deepEqual(missing, []);
});

test('a title reaches vue-i18n as itself: its message syntax characters are literal', () => {
	assert.equal(literalMessage('a {b} @c $d | e'), "a {'{'}b{'}'} {'@'}c {'$'}d {'|'} e");
	assert.equal(literalMessage('Units change only through the IU Cutter workflow'), 'Units change only through the IU Cutter workflow');
});
