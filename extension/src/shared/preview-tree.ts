// The cut preview as a tree (shared: the preview page builds it, and so does the server for a paged preview,
// governance/preview-pages.ts): the units the text cuts into, in document order,
// each marked with what the manifest does to it, plus the units it retires
// (which are no longer in the text) in the place they had: under their parent,
// after the sibling they followed. Flattened for the virtual list; collapsing a
// node hides its subtree.

import type { Action } from '../core-types/index.js';

/** What the manifest does to a node of the tree: a block's action (the core's `Action`), or nothing. */
export type TreeAction = Action | 'unchanged';

export interface CutUnitRow {
	address: string;
	parent: number | null;
	section_type: string;
	ordinal: string;
	/** The ordinal as the text prints it (`IV`, `đ`, `3.1`; the server's `withNumbers`); the ordinal where absent. */
	number?: string;
	line: number;
	excerpt: string;
	/** A repealed (omitted, transferred, renumbered) provision kept with its number: the core's mark. */
	status?: 'repealed' | 'omitted' | 'transferred' | 'renumbered';
}

export interface BlockRow {
	action: Action;
	unit_id: string;
	address: string;
	section_type: string;
	ordinal: string;
	/** As for CutUnitRow. */
	number?: string;
	old_address?: string;
	changed: string[];
	excerpt: string;
	aliases: { alias_text: string; alias_kind: string }[];
	/** Retire and remove blocks: the parent's address after the manifest (null: a root). */
	parent_address?: string | null;
	/** Retire and remove blocks: the address of the sibling it came after (null: the first child). */
	follows?: string | null;
	/** A block of a manifest made from amending laws: the refs of the instructions behind it. */
	amended_by?: string[];
	/** Its only change is `position` (the core's rule): a later sibling that shifts; shown as unchanged text. */
	position_only?: true;
}

export interface TreeNode {
	address: string;
	label: string;
	excerpt: string;
	line: number | null;
	action: TreeAction;
	old_address?: string;
	changed: string[];
	aliases: number;
	/** The cut's mark of a repealed (omitted, transferred, renumbered) provision; absent otherwise. */
	status?: CutUnitRow['status'];
	/** Its block only changes `position`: not counted as a change (`changes`, "only what changes", "next change"). */
	position_only?: true;
	depth: number;
	children: number[];
	/** This node or one below it changes. */
	changes: boolean;
}

export interface Tree {
	nodes: TreeNode[];
	roots: number[];
}

const isGone = (b: BlockRow) => b.action === 'retire' || b.action === 'remove';

export function buildTree(units: CutUnitRow[], blocks: BlockRow[], labels: Record<string, string>): Tree {
	const byAddress = new Map<string, BlockRow>();
	for (const b of blocks) if (!isGone(b)) byAddress.set(b.address, b);
	const label = (type: string, r: { ordinal: string; number?: string }) => `${labels[type] ?? type} ${r.number ?? r.ordinal}`;

	const nodes: TreeNode[] = [];
	const roots: number[] = [];
	const index = new Map<string, number>();
	const node = (n: Omit<TreeNode, 'depth' | 'children'>) => {
		index.set(n.address, nodes.length);
		return nodes.push({ ...n, depth: 0, children: [] }) - 1;
	};

	units.forEach((u) => {
		const b = byAddress.get(u.address);
		const i = node({
			address: u.address,
			label: label(u.section_type, u),
			excerpt: u.excerpt,
			line: u.line,
			action: b?.action ?? 'unchanged',
			...(b?.old_address ? { old_address: b.old_address } : {}),
			changed: b?.changed ?? [],
			aliases: b?.aliases.length ?? 0,
			...(u.status ? { status: u.status } : {}),
			...(b?.position_only ? { position_only: true as const } : {}),
			changes: b !== undefined && !b.position_only,
		});
		if (u.parent === null) roots.push(i);
		else nodes[u.parent]!.children.push(i);
	});

	// Units leaving the text: first all of them, so a retired clause finds its retired article
	// whatever the block order; then each goes under its parent, after the sibling it followed.
	const gone = blocks.filter(isGone).map((b) => ({
		b,
		i: node({ address: b.address, label: label(b.section_type, b), excerpt: b.excerpt, line: null, action: b.action, changed: [], aliases: b.aliases.length, changes: true }),
	}));
	for (const { b, i } of gone) {
		const parent = b.parent_address ? index.get(b.parent_address) : undefined;
		const siblings = parent === undefined ? roots : nodes[parent]!.children;
		// null: it was the first child; a sibling not found (or no place given): at the end.
		const at = b.follows === null ? 0 : siblings.findIndex((s) => nodes[s]!.address === b.follows) + 1 || siblings.length;
		siblings.splice(at, 0, i);
	}

	// Depth and `changes` from the structure, depth-first (explicit stack: a law can nest deep).
	const order: number[] = [];
	const stack = roots.map((r) => ({ i: r, depth: 0 }));
	while (stack.length > 0) {
		const { i, depth } = stack.pop()!;
		nodes[i]!.depth = depth;
		order.push(i);
		for (const c of nodes[i]!.children) stack.push({ i: c, depth: depth + 1 });
	}
	for (let k = order.length - 1; k >= 0; k--) {
		const n = nodes[order[k]!]!;
		if (!n.changes && n.children.some((c) => nodes[c]!.changes)) n.changes = true;
	}
	return { nodes, roots };
}

/** The visible rows: depth-first, skipping collapsed subtrees and, if asked, unchanged branches. */
export function flatten(tree: Tree, collapsed: Set<number>, changesOnly: boolean): number[] {
	const out: number[] = [];
	const stack = [...tree.roots].reverse();
	while (stack.length > 0) {
		const i = stack.pop()!;
		const n = tree.nodes[i]!;
		if (changesOnly && !n.changes) continue;
		out.push(i);
		if (!collapsed.has(i)) for (let c = n.children.length - 1; c >= 0; c--) stack.push(n.children[c]!);
	}
	return out;
}

/** The first row after `from` (in `rows`, the visible order) whose unit changes itself (more than its position); wraps around; -1 if none. */
export function nextChange(tree: Tree, rows: number[], from: number): number {
	for (let k = 1; k <= rows.length; k++) {
		const at = (from + k) % rows.length;
		const n = tree.nodes[rows[at]!]!;
		if (n.action !== 'unchanged' && !n.position_only) return at;
	}
	return -1;
}
