// `npm run bench -- plan`: issue 30's plan-size targets, a row per change, from the core alone
// (`cargo run --release --example plan_size`). Blocks are also the ledger rows the CUT writes; the
// baseline column is what positions in the whole document (before issue 30) would have written for the
// same change, computed in the same run from the same manifest.
import { execFileSync } from 'node:child_process';
import { ROOT } from '../support/directus.js';

export function planSizeTable() {
	const out = execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'iu-cutter-core', '--example', 'plan_size'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const rows = [['change', 'units', 'blocks = ledger rows', 'changed', 'later siblings allowed', 'rule', 'target', 'positions in the whole document (baseline)', 'vs baseline']];
	for (const line of out.split('\n')) {
		if (!line.startsWith('{')) continue;
		const r = JSON.parse(line);
		const target = r.target == null ? '—' : `≤ ${r.target}: ${r.blocks <= r.target ? 'met' : 'not met'}`;
		rows.push([r.change, String(r.units), String(r.blocks), String(r.changed), String(r.later_siblings), r.rule ? 'holds' : 'BROKEN', target, String(r.document_positions), `${(r.document_positions / r.blocks).toFixed(0)}× fewer`]);
	}
	const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
	const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
	return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}
