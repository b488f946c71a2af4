// Dependencies point down: the extension's runtime (extension/src) imports nothing from scripts/, tests/
// or migrations/; the repository's scripts import nothing from tests/; the frozen migrations import
// nothing outside migrations/ (they are checksummed: the runtime must not be able to change them).
// Inside the extension, the server's code imports nothing of the admin app (extension/src/module): what both
// sides need (a type the server sends, the preview's tree) lives in extension/src/shared.
// Every relative import specifier (static, re-export, literal dynamic import) is resolved against its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The server's folders of the extension (the API bundle and the CLI): none of them imports the admin app. */
const SERVER = ['governance', 'hook', 'endpoint', 'ops', 'lib', 'cli', 'shared', 'operation/api.ts'];

/** The rules: files under `from` may not import anything under any of `not` (or, with `only`, outside it); a file is held to every rule it falls under. */
const RULES = [
	...SERVER.map((folder) => ({ from: `extension/src/${folder}`, not: ['extension/src/module'], why: 'server code imports nothing of the admin app (what both need lives in extension/src/shared)' })),
	{ from: 'extension/src', not: ['scripts', 'tests', 'migrations'], why: 'runtime code imports only extension/ (shared code lives in extension/src/shared and extension/src/cli)' },
	{ from: 'scripts', not: ['tests'], why: 'scripts never import tests (the harness the scripts need lives in scripts/lib)' },
	{ from: 'migrations', only: 'migrations', why: 'frozen migrations import nothing outside migrations/' },
];

const SOURCE = /\.(?:[cm]?[jt]s|vue)$/;

function files(dir) {
	const out = [];
	for (const name of readdirSync(dir)) {
		if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...files(full));
		else if (SOURCE.test(name)) out.push(full);
	}
	return out;
}

/** The relative specifiers a source text imports: `import … from`, `export … from`, `import '…'`, `import('…')`. */
export function specifiers(text) {
	const out = [];
	const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g, /\bimport\s*(['"])([^'"]+)\1/g, /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g];
	for (const p of patterns) for (const m of text.matchAll(p)) if (m[2].startsWith('.')) out.push(m[2]);
	return out;
}

const inside = (path, folder) => path === join(ROOT, folder) || path.startsWith(join(ROOT, folder) + sep);

/** Every import that breaks a rule, as `file: specifier (why)`; `read` gives a file's text. */
export function violations(paths, read = (p) => readFileSync(p, 'utf8')) {
	const out = [];
	for (const file of paths) {
		const rules = RULES.filter((r) => inside(file, r.from));
		if (rules.length === 0) continue;
		for (const spec of specifiers(read(file))) {
			const target = resolve(dirname(file), spec);
			for (const rule of rules) {
				const bad = rule.only ? !inside(target, rule.only) : rule.not.some((f) => inside(target, f));
				if (bad) out.push(`${relative(ROOT, file)}: ${spec} (${rule.why})`);
			}
		}
	}
	return out;
}

test('no file of extension/src, scripts or migrations imports against the direction of the layers', () => {
	const all = ['extension/src', 'scripts', 'migrations'].flatMap((d) => files(join(ROOT, d)));
	assert.ok(all.length > 100, `found ${all.length} source files`);
	assert.deepEqual(violations(all), []);
});

test('the check finds each kind of wrong import (static, re-export, dynamic, side effect)', () => {
	const fake = {
		[join(ROOT, 'extension/src/lib/a.ts')]: `import { x } from '../../../scripts/lib/drift.js';\nexport { y } from '../shared/schema.js';`,
		[join(ROOT, 'extension/src/lib/b.ts')]: `export { T } from '../../../migrations/iu0004-seal.js';`,
		[join(ROOT, 'extension/src/lib/c.ts')]: `const m = await import('../../../tests/support/core.js');`,
		[join(ROOT, 'scripts/x.js')]: `import '../tests/support/api.js';\nimport { ok } from './lib/workflow.js';`,
		[join(ROOT, 'migrations/iu9999-x.js')]: `import { A } from '../extension/src/shared/schema.js';\nimport { B } from './lib/vocabulary-change.js';`,
		[join(ROOT, 'extension/src/governance/d.ts')]: `import type { T } from '../module/change-summary.js';\nimport { buildTree } from '../shared/preview-tree.js';`,
	};
	const found = violations(Object.keys(fake), (p) => fake[p]);
	assert.deepEqual(
		found.map((v) => v.split(' (')[0]),
		[
			'extension/src/lib/a.ts: ../../../scripts/lib/drift.js',
			'extension/src/lib/b.ts: ../../../migrations/iu0004-seal.js',
			'extension/src/lib/c.ts: ../../../tests/support/core.js',
			'scripts/x.js: ../tests/support/api.js',
			'migrations/iu9999-x.js: ../extension/src/shared/schema.js',
			'extension/src/governance/d.ts: ../module/change-summary.js',
		],
	);
});
