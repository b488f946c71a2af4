// Every link of the documentation stays inside the repository: a reader of a fresh clone must be able to
// follow each one. Checked in README.md and every Markdown file under docs/:
// - a relative Markdown link (`[text](path)`, `[text](path#anchor)`, `![alt](path)`, `[ref]: path`) or an
//   HTML `src`/`href` must name a file or folder that exists in the repository (the anchor is not checked);
// - no link may point outside the repository (`../shared/DESIGN.md` from the root) or to an absolute local
//   path (`/work/…`, `file://…`);
// - a path written in backticks that leaves the repository (`../shared/…`) is refused too: it reads as a
//   reference the reader is meant to follow, and they cannot.
// Links to the public web (https://…) and mail addresses are not checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** README.md and every .md under docs/, as paths relative to the repository. */
export function documentationFiles(root = ROOT) {
	const files = ['README.md'];
	const walk = (dir) => {
		for (const name of readdirSync(join(root, dir)).sort()) {
			const path = join(dir, name);
			if (statSync(join(root, path)).isDirectory()) walk(path);
			else if (name.endsWith('.md')) files.push(path);
		}
	};
	if (existsSync(join(root, 'docs'))) walk('docs');
	return files.filter((f) => existsSync(join(root, f)));
}

/** The link targets of a Markdown text, each with its line; code blocks are skipped, inline code spans are returned apart. */
export function linksOf(text) {
	const links = [];
	const spans = [];
	let fenced = false;
	text.split('\n').forEach((raw, i) => {
		const line = i + 1;
		if (/^\s*(```|~~~)/.test(raw)) {
			fenced = !fenced;
			return;
		}
		if (fenced) return;
		// Inline code is not a link, but a path in it that leaves the repository is reported (below).
		for (const m of raw.matchAll(/`([^`]+)`/g)) spans.push({ line, target: m[1] });
		const prose = raw.replace(/`[^`]*`/g, '');
		for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ line, target: m[1] });
		const ref = prose.match(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/);
		if (ref) links.push({ line, target: ref[1] });
		for (const m of prose.matchAll(/\b(?:src|href)\s*=\s*"([^"]+)"/g)) links.push({ line, target: m[1] });
	});
	return { links, spans };
}

/** What is wrong with one link of `file` (a path relative to `root`), or null. */
export function linkProblem(root, file, target) {
	if (/^(https?:|mailto:)/i.test(target)) return null;
	if (target.startsWith('#')) return null; // an anchor in the same page
	if (/^file:/i.test(target) || target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target) || target.startsWith('~'))
		return `an absolute local path: write a path relative to ${file} inside the repository`;
	if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `a link with the scheme "${target.split(':')[0]}": only https:// links may leave the repository`;
	const path = decodeURIComponent(target.split('#')[0].split('?')[0]);
	if (path === '') return null;
	const abs = resolve(root, dirname(file), path);
	const rel = relative(root, abs);
	if (rel === '..' || rel.startsWith(`..${sep}`)) return `it leaves the repository (${rel}): copy what the reader needs into docs/ and link that`;
	if (!existsSync(abs)) return `no such file in the repository (${rel}): fix the path or add the file`;
	return null;
}

/** A path in a code span that leaves the repository, e.g. `../shared/DESIGN.md` in README.md. */
export function spanProblem(root, file, span) {
	const path = span.trim();
	if (!/^\.\.\//.test(path) || /\s/.test(path)) return null;
	const rel = relative(root, resolve(root, dirname(file), path));
	if (rel === '..' || rel.startsWith(`..${sep}`)) return `a path outside the repository (${rel}): a reader of a clone cannot follow it; copy what they need into docs/`;
	return null;
}

/** Every problem of the documentation under `root`, as "file:line: target — why". */
export function problems(root = ROOT) {
	const out = [];
	for (const file of documentationFiles(root)) {
		const { links, spans } = linksOf(readFileSync(join(root, file), 'utf8'));
		for (const { line, target } of links) {
			const why = linkProblem(root, file, target);
			if (why) out.push(`${file}:${line}: (${target}) — ${why}`);
		}
		for (const { line, target } of spans) {
			const why = spanProblem(root, file, target);
			if (why) out.push(`${file}:${line}: \`${target}\` — ${why}`);
		}
	}
	return out;
}

test('every relative link in README.md and docs/ names a file in the repository, and none leaves it', () => {
	const found = problems();
	assert.deepEqual(found, [], `links to fix:\n${found.join('\n')}`);
});

test('the checker finds a missing file, a link out of the repository, an absolute path and a path in backticks that leaves it', () => {
	const file = 'README.md';
	assert.equal(linkProblem(ROOT, file, 'docs/SECURITY.md'), null);
	assert.equal(linkProblem(ROOT, file, 'docs/SECURITY.md#limits-what-this-does-not-do'), null);
	assert.equal(linkProblem(ROOT, file, 'https://docs.directus.io/'), null);
	assert.equal(linkProblem(ROOT, 'docs/SECURITY.md', '../README.md'), null);
	assert.match(linkProblem(ROOT, file, 'docs/NO-SUCH-PAGE.md'), /no such file/);
	assert.match(linkProblem(ROOT, file, '../shared/DESIGN.md'), /leaves the repository/);
	assert.match(linkProblem(ROOT, 'docs/SECURITY.md', '../../shared/DESIGN.md'), /leaves the repository/);
	assert.match(linkProblem(ROOT, file, '/work/shared/DESIGN.md'), /absolute local path/);
	assert.match(linkProblem(ROOT, file, 'file:///work/shared/DESIGN.md'), /absolute local path/);
	assert.match(spanProblem(ROOT, file, '../shared/DESIGN.md'), /outside the repository/);
	assert.equal(spanProblem(ROOT, 'docs/SECURITY.md', '../README.md'), null);

	const md = [
		'See [the guide](docs/GUIDE.md) and ![a picture](docs/screenshots/x.png "title").',
		'Design: `../shared/DESIGN.md`.',
		'```sh',
		'cat [not](a-link.md)',
		'```',
		'[ref]: docs/OPERATIONS.md',
		'<img src="docs/screenshots/y.png" alt="">',
	].join('\n');
	const { links, spans } = linksOf(md);
	assert.deepEqual(
		links.map((l) => `${l.line} ${l.target}`),
		['1 docs/GUIDE.md', '1 docs/screenshots/x.png', '6 docs/OPERATIONS.md', '7 docs/screenshots/y.png'],
	);
	assert.deepEqual(
		spans.map((s) => `${s.line} ${s.target}`),
		['2 ../shared/DESIGN.md'],
	);
});
