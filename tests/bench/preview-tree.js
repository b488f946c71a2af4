// The cut preview's tree in headless Chromium: what the module does with the preview of a
// 500-article act's amendment (6 501 units in the text, 6 482 blocks). The tree is built and
// flattened by the module's own extension/src/module/tree.ts (types stripped), and its rows
// mounted as DOM the way VirtualList mounts them, beside a list that mounts every row (the
// baseline: what the tab would do without virtualization). Mount times include a forced layout.
import { loadNodeCore } from '../support/core.js';
import { amend } from '../support/workflow.js';
import { previewBlocks, unitRow } from '../../extension/src/governance/preview-rows.ts';

/** Rows the module's VirtualList mounts for the preview tree: height 520 / row 34, plus 8 above and below. */
export const VISIBLE_ROWS = Math.ceil(520 / 34) + 8;

/** The preview of the amendment as POST /iu-cutter/preview sends it: the cut's units and the blocks. */
export async function amendmentPreview() {
	const core = await loadNodeCore();
	const act = core.generatedAct({ chapters: 10, articlesPerChapter: 50, clausesPerArticle: 3, pointsPerClause: 3 });
	const input = (at) => ({ document_id: '6f1d2c3b-4a59-4e8f-9a0b-1c2d3e4f5a6b', source_sha256: core.sha256Hex({ text: act }), effective_from: at, created_at: at, created_by: 'bench', enact: false });
	const first = core.planDocument({ text: act, docCode: '88/2026/QH15', vocabulary: 'vi', stored: [], input: input('2026-01-01T00:00:00Z') });
	// Unsorted: the endpoint loads them by id and hands them to the core, which orders them by the tree.
	const stored = core.applyManifest({ manifestJson: first.canonicalJson, stored: [] }).units;
	const plan = core.planDocument({ text: amend(act), docCode: '88/2026/QH15', vocabulary: 'vi', stored, input: input('2027-01-01T00:00:00Z') });
	if (!plan.ok) throw new Error(`the amendment does not plan: ${JSON.stringify(plan.error)}`);
	// The endpoint's own mapping (Node strips the types of the .ts file).
	return { units: plan.cut.units.map(unitRow), blocks: previewBlocks(plan.manifest.blocks, stored) };
}

/** The page's script: window.iuTreeBench(budgetMs) → ms per tree build, per virtual mount, per full mount. */
export const TREE_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>iu-cutter preview tree bench</title>
<div id="list" style="position:relative"></div>
<script type="module">
import { buildTree, flatten } from '/lib/tree.js';

const LABELS = { phan: 'Phần', chuong: 'Chương', muc: 'Mục', tieumuc: 'Tiểu mục', dieu: 'Điều', khoan: 'Khoản', diem: 'Điểm' };
const preview = await (await fetch('/bench/preview.json')).json();
const list = document.getElementById('list');

// One row as the preview's template renders it: toggle, action chip, label, address, former address, excerpt.
function mount(tree, rows) {
	const frag = document.createDocumentFragment();
	rows.forEach((i, k) => {
		const n = tree.nodes[i];
		const row = document.createElement('div');
		row.className = 'tree-row ' + n.action;
		row.style.cssText = 'position:absolute;left:0;right:0;height:34px;display:flex;gap:8px;white-space:nowrap;overflow:hidden;padding-left:' + (8 + n.depth * 20) + 'px;transform:translateY(' + k * 34 + 'px)';
		row.dataset.address = n.address;
		row.title = n.excerpt;
		for (const [cls, text] of [['toggle', n.children.length ? '▾' : ''], ['iu-action', n.action], ['unit-label', n.label], ['address', n.address], ['old', n.old_address ? 'was ' + n.old_address : ''], ['excerpt', n.excerpt]]) {
			const s = document.createElement(cls === 'address' ? 'code' : 'span');
			s.className = cls;
			s.textContent = text;
			row.appendChild(s);
		}
		frag.appendChild(row);
	});
	list.replaceChildren(frag);
	list.style.height = rows.length * 34 + 'px';
	return list.offsetHeight; // forces layout: the cost the tab pays before it can paint
}

async function measure(budgetMs, fn) {
	fn();
	const samples = [];
	const start = performance.now();
	while (samples.length < 5 || (performance.now() - start < budgetMs && samples.length < 100)) {
		const t = performance.now();
		fn();
		samples.push(performance.now() - t);
		await new Promise((r) => setTimeout(r, 0));
	}
	samples.sort((a, b) => a - b);
	return samples[Math.floor(samples.length / 2)];
}

window.iuTreeBench = async (budgetMs, visibleRows) => {
	let tree, rows;
	const build = await measure(budgetMs, () => {
		tree = buildTree(preview.units, preview.blocks, LABELS);
		rows = flatten(tree, new Set(), false);
	});
	const virtual = await measure(budgetMs, () => mount(tree, rows.slice(0, visibleRows)));
	const all = await measure(budgetMs, () => mount(tree, rows));
	list.replaceChildren();
	return { build, virtual, all, nodes: tree.nodes.length, rows: rows.length, blocks: preview.blocks.length };
};
window.iuTreeReady = true;
</script>
`;
