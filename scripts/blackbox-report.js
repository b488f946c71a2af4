// Reads the vitest JSON reports scripts/blackbox.sh wrote (.run/blackbox/<db>-bundle-<on|off>.json) and prints,
// per test file, passed/failed/skipped for each configuration, then every test whose outcome differs between
// "bundle off" and "bundle on" on the same database: the table of docs/BLACKBOX.md.
//
//   node scripts/blackbox-report.js [.run/blackbox]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.run/blackbox';
const configs = ['sqlite3-bundle-off', 'sqlite3-bundle-on', 'postgres-bundle-off', 'postgres-bundle-on'];
const reports = {};
for (const c of configs) {
	const file = join(dir, `${c}.json`);
	if (existsSync(file)) reports[c] = JSON.parse(readFileSync(file, 'utf8'));
}
if (!Object.keys(reports).length) {
	console.error(`no report in ${dir}: run scripts/blackbox.sh first`);
	process.exit(2);
}

/** The file's path from tests/blackbox on, as the suite names it. */
const short = (name) => name.slice(name.indexOf('/blackbox/') + '/blackbox'.length);

/** config → file → { passed, failed, skipped, outcomes: Map(test full name → status) } */
const byConfig = {};
for (const [c, r] of Object.entries(reports)) {
	const files = {};
	for (const f of r.testResults) {
		const entry = { passed: 0, failed: 0, skipped: 0, outcomes: new Map(), message: f.message };
		for (const a of f.assertionResults) {
			const s = a.status === 'passed' ? 'passed' : a.status === 'failed' ? 'failed' : 'skipped';
			entry[s]++;
			entry.outcomes.set(a.fullName, s);
		}
		// A file that fails before its tests run (a suite error) has no assertions: count it as one failure.
		if (f.status === 'failed' && entry.failed === 0) {
			entry.failed = 1;
			entry.outcomes.set('(file)', 'failed');
		}
		files[short(f.name)] = entry;
	}
	byConfig[c] = files;
}

const allFiles = [...new Set(Object.values(byConfig).flatMap((f) => Object.keys(f)))];
const present = configs.filter((c) => byConfig[c]);
const cell = (e) => (e ? `${e.passed} / ${e.failed} / ${e.skipped}` : 'not run');
console.log(`| test file | ${present.join(' | ')} |`);
console.log(`| --- | ${present.map(() => '---').join(' | ')} |`);
for (const f of allFiles) console.log(`| \`${f}\` | ${present.map((c) => cell(byConfig[c][f])).join(' | ')} |`);
const total = (c) => Object.values(byConfig[c]).reduce((t, e) => ({ p: t.p + e.passed, f: t.f + e.failed, s: t.s + e.skipped }), { p: 0, f: 0, s: 0 });
console.log(
	`| **total** | ${present
		.map((c) => {
			const t = total(c);
			return `**${t.p} / ${t.f} / ${t.s}**`;
		})
		.join(' | ')} |`,
);

console.log('\nDifferences between bundle off and bundle on (same database):');
let differences = 0;
for (const db of ['sqlite3', 'postgres']) {
	const off = byConfig[`${db}-bundle-off`];
	const on = byConfig[`${db}-bundle-on`];
	if (!off || !on) continue;
	for (const f of allFiles) {
		const a = off[f]?.outcomes ?? new Map();
		const b = on[f]?.outcomes ?? new Map();
		for (const name of new Set([...a.keys(), ...b.keys()])) {
			if (a.get(name) !== b.get(name)) {
				differences++;
				console.log(`- ${db} ${f} :: ${name}: off=${a.get(name) ?? 'absent'} on=${b.get(name) ?? 'absent'}`);
			}
		}
	}
}
if (!differences) console.log('(none)');

console.log('\nFailures per configuration:');
for (const c of present) {
	for (const [f, e] of Object.entries(byConfig[c])) {
		for (const [name, s] of e.outcomes) if (s === 'failed') console.log(`- ${c} ${f} :: ${name}`);
	}
}
