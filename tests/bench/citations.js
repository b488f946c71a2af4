// `npm run bench -- citations`: the citation finder on the labelled sets (tests/citations): precision
// and recall per set and per form, every miss and false find (held-out passages counted, not shown),
// from core/examples/citations.rs; then the finder's throughput as WASM in Node (the build the API runs)
// beside a plain RegExp that only spots citation-like runs, on the same passages in the same run.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/directus.js';

const SETS = join(ROOT, 'tests/citations');

function table(rows) {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
	const line = (row) => `| ${row.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

/** Every labelled passage, with the set (folder) it belongs to. */
export function passages() {
	const out = [];
	for (const set of readdirSync(SETS, { withFileTypes: true }).filter((d) => d.isDirectory())) {
		for (const file of readdirSync(join(SETS, set.name)).filter((f) => f.endsWith('.jsonl'))) {
			for (const line of readFileSync(join(SETS, set.name, file), 'utf8').split('\n')) if (line.trim()) out.push({ set: set.name, ...JSON.parse(line) });
		}
	}
	return out;
}

const VOCABULARY = (corpus) => (corpus.startsWith('vi') ? 'vi' : ['us-code', 'us-plaw', 'peers'].includes(corpus) ? 'us' : corpus === 'uk-clml' ? 'uk' : corpus === 'ca-lims' ? 'commonwealth' : 'en');

// The baseline: what a plain regular expression does in one pass — spot a label and its number runs,
// with no grammar, no documents, no addresses.
const BASELINE = /\b(?:điểm|khoản|Điều|Chương|Mục|Phần|sections?|subsections?|paragraphs?|Articles?|Parts?|Schedules?|U\.S\.C\.|Pub\. L\.)\s+[\dA-Za-zđ()–.-]+(?:(?:,|\s+và|\s+and|\s+or)\s+[\dA-Za-zđ()–.-]+)*/giu;

/** The tables; `measure` is run.js's timer, `wasm` the server build of the core. */
export async function citationsTable(wasm, measure) {
	const out = execFileSync('bash', ['scripts/citations.sh', '--json', '--all'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
	const { sets } = JSON.parse(out.split('\n').find((l) => l.startsWith('{')));
	const target = (name, r) => (name.startsWith('peers') ? r.precision === 1 && r.recall === 1 : r.precision >= 0.99 && r.recall >= 0.97);
	const rows = [['set', 'passages', 'labelled citations', 'lookalikes', 'finds', 'precision', 'recall', 'dev P / R', 'held-out P / R', 'target', 'display round trip']];
	const pr = (s) => (s ? `${s.precision.toFixed(3)} / ${s.recall.toFixed(3)}` : '–');
	for (const [name, r] of Object.entries(sets)) {
		rows.push([name, r.passages, r.labelled, r.non_citations, r.found, r.precision.toFixed(4), r.recall.toFixed(4), pr(r.split.dev), pr(r.split.heldout), target(name, r) ? 'met' : 'not met', `${r.round_trip.same} / ${r.round_trip.of}`]);
	}
	const forms = [['set', 'form', 'labelled', 'found right', 'finds', 'right']];
	for (const [name, r] of Object.entries(sets)) for (const [form, c] of Object.entries(r.form)) forms.push([name, form, c.labelled, c.hit, c.found, c.right]);
	const findings = Object.entries(sets).flatMap(([name, r]) => r.findings.map((f) => `${name}: ${f}`));

	// Throughput, WASM in Node: the finder beside the baseline RegExp on the same passages.
	const all = passages();
	const bytes = all.reduce((n, p) => n + Buffer.byteLength(p.text), 0);
	const finder = await measure(all.length, 3000, () => {
		for (const p of all) wasm.findCitations({ text: `${p.text}\n`, currentDoc: p.doc ?? undefined, context: p.context ?? undefined, vocabulary: VOCABULARY(p.corpus) });
	});
	const regex = await measure(all.length, 3000, () => {
		let n = 0;
		for (const p of all) for (const _ of p.text.matchAll(BASELINE)) n++;
		return n;
	});
	const mbs = (nsPerPassage) => ((bytes / all.length / nsPerPassage) * 1e3).toFixed(1);
	const speed = table([
		['implementation', 'passages', 'bytes', 'µs per passage', 'MB/s', 'vs baseline'],
		['findCitations (WASM, Node): spans, addresses, problems', all.length, bytes, (finder / 1e3).toFixed(2), mbs(finder), `${(finder / regex).toFixed(2)}× the time`],
		['baseline: one RegExp, label + number runs only', all.length, bytes, (regex / 1e3).toFixed(2), mbs(regex), '1×'],
	]);
	return [table(rows), '', table(forms), '', speed, '', `Misses (MISS), wrong addresses (WRONG) and false finds (FALSE), dev passages (${findings.length}):`, ...findings.map((f) => `  ${f}`)].join('\n');
}
