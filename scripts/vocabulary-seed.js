// Computes the frozen seed of the newest vocabulary change migration, LATEST
// (migrations/lib/section-types-iu0010.js): what the core's shipped vocabularies changed
// since the earlier seeds, applied in order: iu0001 (vi, en), iu0007 (us, uk, commonwealth)
// and the change seeds of FROZEN (iu0008, iu0009), which stay frozen forever and are only read here.
//
//   bash scripts/node.sh scripts/vocabulary-seed.js           write the seed
//   bash scripts/node.sh scripts/vocabulary-seed.js --check   exit 1 when the seed is not what the core ships now
//
// Then `npm run migrate -- --freeze` (the seed's sha256 into migrations/manifest.json).
// Once LATEST is applied anywhere, its seed is frozen too: a later vocabulary change is the
// next migration's seed. Add LATEST's seed to FROZEN, set LATEST to the next version, and
// write the migration as iu0010 is written (lib/vocabulary-change.js).
//
// The shipped vocabularies are the files core/src/text/vocabulary.rs includes in SHIPPED, in
// its order (the core's defaultVocabularies(); tests/wasm/vocabulary-seed.test.js checks
// the seeds against the built core). The seed holds:
// - INSERT: section types the core ships that no earlier seed has, in the core's order;
// - UPDATE: section types whose compared fields differ from the earlier seeds: `set` the
//   fields that changed, `before` their earlier values (for down);
// - ORDINAL_STYLES, VOCABULARY_CHOICES, LANGUAGE_CHOICES: `before` what the earlier
//   migrations left (the CHECK on section_type.ordinal_style and the Data Studio choices),
//   `after` that with whatever the vocabularies now use besides appended (a new vocabulary's
//   choice text is its `name` and its id, as iu0007 wrote them).
// A section type an earlier seed has and the core no longer ships is refused: removing a
// row is a decision (deactivate it in the core with `"active": false` instead, which is an
// update), not something to generate.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { SECTION_TYPES as IU0001 } from '../migrations/lib/section-types-iu0001.js';
import { SECTION_TYPES as IU0007 } from '../migrations/lib/section-types-iu0007.js';
import * as IU0008 from '../migrations/lib/section-types-iu0008.js';
import * as IU0009 from '../migrations/lib/section-types-iu0009.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The vocabulary change migration whose seed this script writes, and the change seeds frozen before it, in order. */
export const LATEST = 'iu0010';
const FROZEN = [IU0008, IU0009];
const FROZEN_NAMES = 'iu0008, iu0009';
export const SEED = join(ROOT, `migrations/lib/section-types-${LATEST}.js`);
const SEED_NAME = `migrations/lib/section-types-${LATEST}.js`;
const COMMAND = 'bash scripts/node.sh scripts/vocabulary-seed.js';

/** The columns of section_type a seed writes, besides code and vocabulary. */
export const FIELDS = ['label', 'address_token', 'level', 'ordinal_style', 'heading_pattern', 'citation_root', 'parents', 'active'];
// What iu0007 (migrations/iu0007-vocabularies.js) left: the CHECK's ordinal styles and the Data Studio's choices.
const STYLES_IU0007 = ['arabic', 'roman', 'letter', 'spelled', 'upper-letter', 'lower-roman', 'upper-roman', 'double-letter', 'double-capital'];
const VOCABULARY_CHOICES_IU0007 = [
	{ text: 'Vietnamese legal documents (vi)', value: 'vi' },
	{ text: 'English acts, regulations and governance rules (en)', value: 'en' },
	{ text: 'US federal statutes and the United States Code (us)', value: 'us' },
	{ text: 'UK Acts and statutory instruments (uk)', value: 'uk' },
	{ text: 'Commonwealth acts and constitutions (commonwealth)', value: 'commonwealth' },
];
const LANGUAGES_IU0007 = ['vi', 'en', 'en-US', 'en-GB'];
// iu0001's column widths.
const WIDTH = { code: 32, vocabulary: 16, label: 64, address_token: 32, ordinal_style: 16, heading_pattern: 128, language: 8 };

/** The shipped vocabularies, read from the files core/src/text/vocabulary.rs includes, in SHIPPED's order. */
export function shippedVocabularies(root = ROOT) {
	const rs = readFileSync(join(root, 'core/src/text/vocabulary.rs'), 'utf8');
	const files = new Map([...rs.matchAll(/const (\w+): &str = include_str!\("(?:\.\.\/)+vocabularies\/([\w-]+\.json)"\);/g)].map((m) => [m[1], m[2]]));
	const shipped = /const SHIPPED: \[&str; \d+\] = \[([^\]]*)\];/.exec(rs);
	if (!shipped || !files.size)
		throw new Error(
			'core/src/text/vocabulary.rs: no `const SHIPPED: [&str; N] = [...]` of include_str!("../../vocabularies/*.json") consts; update scripts/vocabulary-seed.js to how the core lists its vocabularies now',
		);
	return shipped[1]
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean)
		.map((name) => {
			const file = files.get(name);
			if (!file) throw new Error(`core/src/text/vocabulary.rs: SHIPPED names ${name}, which is no include_str!("../../vocabularies/*.json") const`);
			return JSON.parse(readFileSync(join(root, 'core/vocabularies', file), 'utf8'));
		});
}

/** Section type rows as a migration seeds them (legal_document.vocabulary and section_type.vocabulary hold the vocabulary's id, its language tag when it has none). */
export function rowsOf(vocabularies) {
	return vocabularies.flatMap((v) => v.section_types.map((t) => ({ code: t.code, vocabulary: v.id ?? v.language, ...Object.fromEntries(FIELDS.map((f) => [f, t[f]])) })));
}

/**
 * What the frozen seeds left, applied in order: the section_type rows (by code, as up writes
 * them), and the ordinal styles, vocabulary and language choices.
 */
export function seededState(changes = FROZEN) {
	const rows = new Map([...IU0001, ...IU0007].map((t) => [t.code, { ...t }]));
	let state = { styles: STYLES_IU0007, vocabularyChoices: VOCABULARY_CHOICES_IU0007, languages: LANGUAGES_IU0007 };
	for (const change of changes) {
		for (const t of change.INSERT) rows.set(t.code, { ...t });
		for (const u of change.UPDATE) Object.assign(rows.get(u.code), u.set);
		state = { styles: change.ORDINAL_STYLES.after, vocabularyChoices: change.VOCABULARY_CHOICES.after, languages: change.LANGUAGE_CHOICES.after };
	}
	return { rows: [...rows.values()], ...state };
}

/** The seed: what `vocabularies` changed against what the earlier seeds left (`seededState()`). */
export function computeSeed(vocabularies, earlier = seededState()) {
	const problems = [];
	const now = rowsOf(vocabularies);
	const byCode = new Map(earlier.rows.map((t) => [t.code, t]));
	const shipped = new Set(now.map((t) => t.code));
	for (const t of now.filter((t, i) => now.findIndex((u) => u.code === t.code) !== i))
		problems.push(`section type ${t.code} is shipped twice (section_type.code is its primary key)`);
	for (const t of earlier.rows.filter((t) => !shipped.has(t.code))) {
		problems.push(
			`${t.vocabulary}:${t.code} is seeded by an earlier migration and the core no longer ships it; deactivate it in the core ("active": false) instead, or write its removal by hand`,
		);
	}
	const INSERT = now.filter((t) => !byCode.has(t.code));
	const UPDATE = [];
	for (const t of now.filter((t) => byCode.has(t.code))) {
		const was = byCode.get(t.code);
		const changed = ['vocabulary', ...FIELDS].filter((f) => !isDeepStrictEqual(t[f], was[f]));
		if (changed.length) UPDATE.push({ code: t.code, set: Object.fromEntries(changed.map((f) => [f, t[f]])), before: Object.fromEntries(changed.map((f) => [f, was[f]])) });
	}
	for (const t of now) {
		for (const [f, n] of Object.entries(WIDTH)) {
			if (f in t && String(t[f]).length > n) problems.push(`${t.vocabulary}:${t.code}.${f} is ${String(t[f]).length} characters; section_type.${f} holds ${n}`);
		}
	}
	const append = (before, values) => [...before, ...values.filter((v, i) => !before.includes(v) && values.indexOf(v) === i)];
	const styles = append(
		earlier.styles,
		now.map((t) => t.ordinal_style),
	);
	const vocabularyChoices = [...earlier.vocabularyChoices];
	for (const v of vocabularies) {
		const id = v.id ?? v.language;
		if (!vocabularyChoices.some((c) => c.value === id)) vocabularyChoices.push({ text: `${v.name} (${id})`, value: id });
	}
	const languages = append(
		earlier.languages,
		vocabularies.map((v) => v.language),
	);
	for (const l of languages) if (l.length > WIDTH.language) problems.push(`language tag ${l} is ${l.length} characters; legal_document.language holds ${WIDTH.language}`);
	if (problems.length) throw new Error(`${LATEST} seed: ${problems.join('; ')}`);
	return {
		INSERT,
		UPDATE,
		ORDINAL_STYLES: { before: earlier.styles, after: styles },
		VOCABULARY_CHOICES: { before: earlier.vocabularyChoices, after: vocabularyChoices },
		LANGUAGE_CHOICES: { before: earlier.languages, after: languages },
	};
}

// JSON with a space after each `:` and `,`, as the earlier seeds are written.
const json = (v) =>
	Array.isArray(v)
		? `[${v.map(json).join(', ')}]`
		: v && typeof v === 'object'
			? `{${Object.entries(v)
					.map(([k, x]) => `${JSON.stringify(k)}: ${json(x)}`)
					.join(', ')}}`
			: JSON.stringify(v);

/** The seed file's text: one row a line, as the earlier seeds. */
export function seedText(seed) {
	const rows = (name, list, doc) => [`// ${doc}`, `export const ${name} = [`, ...list.map((r) => `\t${json(r)},`), '];'].join('\n');
	const pair = (name, v, doc) => [`// ${doc}`, `export const ${name} = {`, `\tbefore: ${json(v.before)},`, `\tafter: ${json(v.after)},`, '};'].join('\n');
	return [
		`// Frozen seed of migration ${LATEST}: what the shipped vocabularies changed since the seeds of iu0001, iu0007 and ${FROZEN_NAMES}.`,
		`// GENERATED — do not edit. Regenerate, before ${LATEST} is frozen and applied anywhere: ${COMMAND}`,
		`// then \`npm run migrate -- --freeze\`. A migration must seed the same rows forever; once ${LATEST} is applied,`,
		'// later vocabulary changes get their own migration.',
		`// tests/wasm/vocabulary-seed.test.js checks iu0001, iu0007, ${FROZEN_NAMES} and this seed, applied in order, against the core.`,
		rows('INSERT', seed.INSERT, 'Section types the core ships that no earlier seed has (inserted by up, deleted by down).'),
		rows('UPDATE', seed.UPDATE, 'Section types whose fields changed: `set` by up, `before` put back by down.'),
		pair('ORDINAL_STYLES', seed.ORDINAL_STYLES, 'The CHECK on section_type.ordinal_style and its choices: changed only when they differ.'),
		pair('VOCABULARY_CHOICES', seed.VOCABULARY_CHOICES, 'The choices of legal_document.vocabulary and section_type.vocabulary.'),
		pair('LANGUAGE_CHOICES', seed.LANGUAGE_CHOICES, 'The choices of legal_document.language.'),
		'',
	].join('\n');
}

function main(argv) {
	const seed = computeSeed(shippedVocabularies());
	const text = seedText(seed);
	let current = null;
	try {
		current = readFileSync(SEED, 'utf8');
	} catch {
		// Not written yet: `--check` reports it as stale, a plain run writes it.
	}
	if (argv.includes('--check')) {
		if (current === text) {
			console.log(`${SEED_NAME} is what the core ships now`);
			return 0;
		}
		console.error(`${SEED_NAME} is not what the core ships now: regenerate it with \`${COMMAND}\``);
		return 1;
	}
	if (current === text) {
		console.log(`${SEED_NAME}: unchanged`);
		return 0;
	}
	writeFileSync(SEED, text);
	console.log(
		`${SEED_NAME}: ${seed.INSERT.length} section type(s) to insert (${seed.INSERT.map((t) => t.code).join(', ') || 'none'}), ${seed.UPDATE.length} to update (${seed.UPDATE.map((t) => `${t.code}: ${Object.keys(t.set).join(', ')}`).join('; ') || 'none'}); now run \`npm run migrate -- --freeze\``,
	);
	return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exit(main(process.argv.slice(2)));
