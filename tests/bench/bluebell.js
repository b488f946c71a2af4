// A peer row for the `cut` group: Laws.Africa's bluebell (plain-text markup → Akoma Ntoso XML),
// parsing the same 500-article act that `cutSummary` cuts, so readers can place our figure beside
// a published parser of the same kind. bluebell needs its own markup, so the act is converted
// once, outside the clock, and its output must hold the same 6,510 units or the bench throws.
//
// Its WASM build (`@lawsafrica/bluebell-wasm`) is not on the npm registry this project can reach
// and its Rust crates are not on crates.io, so the default row runs the same Rust parser from
// PyPI (`bluebell-akn-rs`, a PyO3 extension) in a bench-only venv under .tools/. With
// BLUEBELL_SRC pointing at a checkout of laws-africa/bluebell, a native CLI row is added.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
/** Exact pin: a new bluebell release changes the figure, so bumping it is a deliberate edit. */
export const BLUEBELL_AKN_RS = '5.0.0';
const VENV = join(ROOT, '.tools', `bluebell-akn-rs-${BLUEBELL_AKN_RS}`);
const FRBR_URI = '/akn/vn/act/2024/99';
/** 10 chapters, 500 articles, 1,500 clauses, 4,500 points: what `cutSummary` reports as units. */
const EXPECTED = { chapter: 10, article: 500, paragraph: 1500, point: 4500 };

const skip = (reason) => console.error(`  bluebell peer row skipped: ${reason}`);

/**
 * The generated act in Bluebell markup: Chương → CHAPTER (title from the next line), Điều N. →
 * ARTICLE N - heading, khoản `1.` → PARA, điểm `a)` → POINT, each nested by two spaces; the title
 * block → PREFACE, `Căn cứ …` → PREAMBLE, the closing formula and signature → CONCLUSIONS. Page
 * numbers (`- 12 -`) are dropped: bluebell has no notion of them, and our cut skips them too.
 * No blank lines: bluebell's XML is the same with or without them, and the input stays smaller.
 * Throws on any line it cannot place, so a change to the generator cannot silently skew the row.
 */
export function toBluebell(act) {
	const out = ['PREFACE'];
	let section = 'preface';
	let chapter = null; // numeral waiting for its title line
	let inArticle = false; // inside an article: numbered lines are its clauses and points
	let inClause = false; // inside a clause: points nest one level deeper
	const text = (line) => {
		if (/\*\*|\/\/|__|\{\{|\\/.test(line)) throw new Error(`bluebell markup would need escaping: ${line}`);
		return line;
	};
	for (const raw of act.split('\n')) {
		const line = raw.trim();
		if (!line) continue;
		let m;
		if (section === 'preface' && line.startsWith('Căn cứ')) {
			section = 'preamble';
			out.push('PREAMBLE');
		}
		if (section !== 'conclusions' && (m = /^Chương ([IVXLC]+)$/.exec(line))) {
			if (section !== 'body') out.push('BODY');
			section = 'body';
			chapter = m[1];
			inArticle = inClause = false;
			continue;
		}
		if (section === 'preface' || section === 'preamble' || section === 'conclusions') {
			out.push(`  ${text(line)}`);
		} else if (chapter !== null) {
			out.push(`CHAPTER ${chapter} - ${text(line)}`);
			chapter = null;
		} else if (/^- \d+ -$/.test(line)) {
			// a page number
		} else if ((m = /^Điều (\d+[a-z]?)\. (.+)$/.exec(line))) {
			out.push(`  ARTICLE ${m[1]} - ${text(m[2])}`);
			inArticle = true;
			inClause = false;
		} else if (inArticle && (m = /^(\d+[a-z]?\.) (.+)$/.exec(line))) {
			out.push(`    PARA ${m[1]}`, `      ${text(m[2])}`);
			inClause = true;
		} else if (inArticle && (m = /^([a-zđ]\d?\)) (.+)$/.exec(line))) {
			const indent = inClause ? '      ' : '    ';
			out.push(`${indent}POINT ${m[1]}`, `${indent}  ${text(m[2])}`);
		} else if (inArticle && !inClause && out.at(-1).startsWith('  ARTICLE ')) {
			out.push(`    ${text(line)}`); // an article without clauses: its own text, then its points
		} else if (section === 'body' && inArticle) {
			// the first plain line after the last unit: the closing formula
			section = 'conclusions';
			out.push('CONCLUSIONS', `  ${text(line)}`);
		} else {
			throw new Error(`cannot place this line in bluebell markup: ${line}`);
		}
	}
	return `${out.join('\n')}\n`;
}

/** Counts of the unit elements (each with an eId) in bluebell's XML; throws unless they are the cut's. */
export function checkUnits(counts, distinct) {
	const total = Object.values(EXPECTED).reduce((a, b) => a + b, 0);
	const same = Object.entries(EXPECTED).every(([tag, n]) => counts[tag] === n);
	if (!same || distinct !== total) {
		throw new Error(`bluebell output has ${JSON.stringify(counts)} (${distinct} distinct eIds), expected ${JSON.stringify(EXPECTED)} = ${total}`);
	}
	return total;
}

function countUnits(xml) {
	const counts = { chapter: 0, article: 0, paragraph: 0, point: 0 };
	const eids = new Set();
	for (const m of xml.matchAll(/<(chapter|article|paragraph|point) eId="([^"]+)"/g)) {
		counts[m[1]]++;
		eids.add(m[2]);
	}
	return { counts, distinct: eids.size };
}

/** A CPython >= 3.12 (bluebell-akn-rs ships cp312-abi3 wheels only): BLUEBELL_PYTHON, PATH, then pyenv. */
function findPython() {
	const pyenv = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
	const pyenvVersions = existsSync(pyenv)
		? readdirSync(pyenv)
				.filter((v) => /^3\.(1[2-9]|[2-9]\d)\.\d+$/.test(v))
				.map((v) => join(pyenv, v, 'bin', 'python3'))
		: [];
	const candidates = [process.env.BLUEBELL_PYTHON, 'python3.13', 'python3.12', 'python3', ...pyenvVersions].filter(Boolean);
	for (const py of candidates) {
		const r = spawnSync(py, ['-c', 'import sys; print(sys.version_info >= (3, 12))'], { encoding: 'utf8' });
		if (r.status === 0 && r.stdout.trim() === 'True') return py;
	}
	return null;
}

/** The venv's python with bluebell-akn-rs importable, creating the venv on first use; or a reason. */
function benchPython() {
	const py = join(VENV, 'bin', 'python');
	const ready = () => existsSync(py) && spawnSync(py, ['-c', 'import _bluebell_rs'], { stdio: 'ignore' }).status === 0;
	if (ready()) return { py };
	const base = findPython();
	if (!base) return { reason: 'no CPython >= 3.12 found (set BLUEBELL_PYTHON); bluebell-akn-rs has cp312-abi3 wheels only' };
	rmSync(VENV, { recursive: true, force: true });
	console.error(`  creating ${VENV} with ${base} and bluebell-akn-rs==${BLUEBELL_AKN_RS} from PyPI…`);
	const steps = [
		[base, ['-m', 'venv', VENV]],
		// --only-binary: never fall back to compiling the Rust sdist; a missing wheel is a skip.
		[py, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--only-binary=:all:', `bluebell-akn-rs==${BLUEBELL_AKN_RS}`]],
	];
	for (const [cmd, args] of steps) {
		const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
		if (r.status !== 0) {
			rmSync(VENV, { recursive: true, force: true });
			return { reason: `\`${[cmd, ...args].join(' ')}\` failed: ${(r.stderr || String(r.error)).trim().split('\n').at(-1)}` };
		}
	}
	return ready() ? { py } : { reason: 'bluebell-akn-rs installed but _bluebell_rs does not import' };
}

/** bluebell-akn-rs: the clock runs in Python around `_bluebell_rs.parse_to_xml` (see bluebell.py). */
function* pypiRow(markup) {
	const { py, reason } = benchPython();
	if (!py) return skip(reason);
	const r = JSON.parse(execFileSync(py, [join(HERE, 'bluebell.py'), markup, FRBR_URI, '3000'], { encoding: 'utf8' }));
	checkUnits(r.counts, r.distinct_eids);
	yield {
		group: 'cut',
		impl: 'peer',
		name: `bluebell ${r.version} (Rust via PyO3, PyPI bluebell-akn-rs) parse of the same act → AKN XML text`,
		items: 1,
		ns_per_item: r.ns,
	};
}

/** bluebell-rs, the native CLI, only when BLUEBELL_SRC names a checkout: process start is subtracted. */
async function* nativeRow(markup, dir, measure) {
	const src = process.env.BLUEBELL_SRC;
	if (!src) return;
	const target = join(src, 'target');
	execFileSync('cargo', ['build', '--release', '--quiet', '-p', 'bluebell-rs', '--target-dir', target], { cwd: src, stdio: ['ignore', 'inherit', 'inherit'] });
	const bin = join(target, 'release', 'bluebell-rs');
	// The CLI has no --version; cargo names the package as `…#bluebell-rs@5.0.0`.
	const version = execFileSync('cargo', ['pkgid', '-p', 'bluebell-rs'], { cwd: src, encoding: 'utf8' }).trim().split('@').at(-1);
	const { counts, distinct } = countUnits(execFileSync(bin, ['to-akn-xml', FRBR_URI, 'act', markup], { encoding: 'utf8', maxBuffer: 256 << 20 }));
	checkUnits(counts, distinct);
	const empty = join(dir, 'empty.txt');
	writeFileSync(empty, '');
	// stdout to /dev/null: the XML is written (as the CLI always does) but not piped into Node.
	const run = (file) => () => execFileSync(bin, ['to-akn-xml', FRBR_URI, 'act', file], { stdio: ['ignore', 'ignore', 'inherit'] });
	const start = await measure(1, 1500, run(empty));
	const full = await measure(1, 3000, run(markup));
	yield {
		group: 'cut',
		impl: 'peer',
		name: `bluebell ${version} (native Rust CLI bluebell-rs from BLUEBELL_SRC) to-akn-xml of the same act, minus process start (${(start / 1e6).toFixed(1)} ms)`,
		items: 1,
		ns_per_item: full - start,
	};
}

export async function* bluebellBenches(core, measure) {
	const dir = mkdtempSync(join(tmpdir(), 'iu-bluebell-'));
	try {
		const markup = join(dir, 'act.txt');
		writeFileSync(markup, toBluebell(core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 })));
		yield* pypiRow(markup);
		yield* nativeRow(markup, dir, measure);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
