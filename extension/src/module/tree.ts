// The cut preview as a tree: the units the text cuts into, in document order,
// each marked with what the manifest does to it, plus the units it retires
// (which are no longer in the text) under their former parent. Flattened for
// the virtual list; collapsing a node hides its subtree.

export type Action = 'create' | 'update' | 'readdress' | 'promote' | 'retire' | 'confirm' | 'remove' | 'unchanged';

export interface CutUnitRow {
	address: string;
	parent: number | null;
	section_type: string;
	ordinal: string;
	line: number;
	excerpt: string;
}

export interface BlockRow {
	action: Exclude<Action, 'unchanged'>;
	unit_id: string;
	address: string;
	old_address?: string;
	changed: string[];
	aliases: { alias_text: string; alias_kind: string }[];
}

export interface TreeNode {
	address: string;
	label: string;
	excerpt: string;
	line: number | null;
	action: Action;
	old_address?: string;
	changed: string[];
	aliases: number;
	depth: number;
	children: number[];
	/** This node or one below it changes. */
	changes: boolean;
}

export interface Tree {
	nodes: TreeNode[];
	roots: number[];
}

export function buildTree(units: CutUnitRow[], blocks: BlockRow[], labels: Record<string, string>): Tree {
	const byAddress = new Map<string, BlockRow>();
	const gone: BlockRow[] = [];
	for (const b of blocks) {
		if (b.action === 'retire' || b.action === 'remove') gone.push(b);
		else byAddress.set(b.address, b);
	}

	const nodes: TreeNode[] = [];
	const roots: number[] = [];
	const index = new Map<string, number>();
	units.forEach((u, i) => {
		const b = byAddress.get(u.address);
		const depth = u.parent === null ? 0 : nodes[u.parent]!.depth + 1;
		nodes.push({
			address: u.address,
			label: `${labels[u.section_type] ?? u.section_type} ${u.ordinal}`,
			excerpt: u.excerpt,
			line: u.line,
			action: b?.action ?? 'unchanged',
			...(b?.old_address ? { old_address: b.old_address } : {}),
			changed: b?.changed ?? [],
			aliases: b?.aliases.length ?? 0,
			depth,
			children: [],
			changes: b !== undefined,
		});
		index.set(u.address, i);
		if (u.parent === null) roots.push(i);
		else nodes[u.parent]!.children.push(i);
	});

	// Retired units sit under the unit their address hangs from, when it is still there.
	for (const b of gone) {
		const cut = b.address.lastIndexOf('/');
		const parent = index.get(b.address.slice(0, cut));
		const [token, ordinal] = b.address.slice(cut + 1).split('-');
		const i = nodes.length;
		nodes.push({
			address: b.address,
			label: `${labels[token!] ?? token} ${ordinal ?? ''}`.trim(),
			excerpt: '',
			line: null,
			action: b.action,
			changed: [],
			aliases: b.aliases.length,
			depth: parent === undefined ? 0 : nodes[parent]!.depth + 1,
			children: [],
			changes: true,
		});
		index.set(b.address, i);
		if (parent === undefined) roots.push(i);
		else nodes[parent]!.children.push(i);
	}

	// Children come after parents in `nodes`, except retired ones, which have none.
	for (let i = units.length - 1; i >= 0; i--) {
		const n = nodes[i]!;
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
